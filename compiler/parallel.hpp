#pragma once
// Runs independent pieces of work (parsing, analyses, code generation) on several threads. Results are stored by
// index by the callers, so the output never depends on the number of threads or on their timing
// (docs/performance.md).
#include <cstddef>
#include <functional>

namespace schedc {

// The number of threads parallel_for() uses: `count`, or 0 (the default) for $SCHEDC_THREADS when set, else one
// per hardware thread (at most 8).
void set_thread_count(unsigned count);
unsigned thread_count();

// Calls fn(i) for every i in [0, n), on up to thread_count() threads, and returns when all calls have returned;
// on the calling thread alone when n < min_items (starting a thread costs more than a few small calls).
// The calls must be independent (each writes only its own results). The first exception thrown by a call (in
// index order of the calls that threw) is rethrown here after every thread has stopped.
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn, std::size_t min_items = 16);

}  // namespace schedc
