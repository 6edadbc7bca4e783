#include "compiler/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace schedc {
namespace {

std::atomic<unsigned> g_threads{0};

}  // namespace

void set_thread_count(unsigned count) { g_threads = count; }

unsigned thread_count() {
  if (unsigned n = g_threads.load(); n != 0) return n;
  // SCHEDC_THREADS=N overrides the default (benchmarks compare thread counts with it).
  static const unsigned from_env = [] {
    const char* text = std::getenv("SCHEDC_THREADS");
    return text != nullptr ? static_cast<unsigned>(std::strtoul(text, nullptr, 10)) : 0u;
  }();
  if (from_env != 0) return from_env;
  return std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn, std::size_t min_items) {
  const std::size_t workers = n < min_items ? 1 : std::min<std::size_t>(thread_count(), n);
  if (workers <= 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::size_t failed_at = n;
  std::exception_ptr failure;
  auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (i < failed_at) {
          failed_at = i;
          failure = std::current_exception();
        }
      }
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  for (std::size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (auto& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace schedc
