// Benchmarks of the schedule engine (Google Benchmark): enumerating fire times, and the proof of a lowering (the
// comparison of the source's fires with a target's over the proof horizon, docs/language.md §6.1.2).
#include <benchmark/benchmark.h>

#include <array>

#include "compiler/schedule/adf/recurrence.hpp"
#include "compiler/schedule/fire.hpp"
#include "compiler/schedule/proof/proof.hpp"
#include "compiler/schedule/quartz/quartz.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace {

using namespace schedc;

struct Case {
  const char* cron;
  const char* zone;
};

// Shapes of every kind: daily, week days, month days, nth week day, hourly ticks, a wall-clock hour list, a dense
// list (compared around transitions and month ends only), months restricted (several triggers).
constexpr std::array<Case, 8> kCases{{{"30 2 * * *", "Europe/Amsterdam"},
                                      {"30 6 * * MON-FRI", "America/New_York"},
                                      {"0 4 1,15,L * *", "Australia/Sydney"},
                                      {"0 6 * * MON#1", "Pacific/Auckland"},
                                      {"15 * * * *", "Europe/Amsterdam"},
                                      {"0 */2 * * *", "America/New_York"},
                                      {"*/5 * * * MON-FRI", "Australia/Lord_Howe"},
                                      {"0 7 * 12,1,2 MON-FRI", "Europe/Amsterdam"}}};

schedule::cron::CronExpr parse(const char* text) { return *schedule::cron::parse(text).expr; }

// Enumerates every fire of `cron` in `zone` over (from, to].
void fires_between(benchmark::State& state, const char* cron, const char* zone_name, const char* from, const char* to) {
  const auto expr = parse(cron);
  const schedc::schedule::tz::Zone& zone = *schedule::tz::find_zone(zone_name);
  const auto after = schedule::parse_utc(from).value();
  const auto until = schedule::parse_utc(to).value();
  std::size_t fires = 0;
  for (auto _ : state) {
    schedule::FireCursor cursor(expr, zone, after, until);
    fires = schedule::drain(cursor).size();
    benchmark::DoNotOptimize(fires);
  }
  state.counters["fires"] = static_cast<double>(fires);
}

void BM_FiresDailyTwoYears(benchmark::State& state) {
  fires_between(state, "30 2 * * *", "Europe/Amsterdam", "2026-01-01T00:00Z", "2028-01-01T00:00Z");
}
BENCHMARK(BM_FiresDailyTwoYears)->Unit(benchmark::kMicrosecond);

void BM_FiresEveryMinuteOneMonth(benchmark::State& state) {
  fires_between(state, "* * * * *", "Europe/Amsterdam", "2026-03-15T00:00Z", "2026-04-15T00:00Z");
}
BENCHMARK(BM_FiresEveryMinuteOneMonth)->Unit(benchmark::kMillisecond);

// The proof of the ADF lowering of case `range(0)` over the default horizon (2026-01-01 .. 2028-03-02).
void BM_ProveAdf(benchmark::State& state) {
  const Case& c = kCases.at(static_cast<std::size_t>(state.range(0)));
  const auto expr = parse(c.cron);
  const schedc::schedule::tz::Zone& zone = *schedule::tz::find_zone(c.zone);
  const auto windows = schedule::tz::windows_zone(c.zone);
  const auto lowered = schedule::adf::lower(expr, *windows, false, {}, c.zone);
  const auto horizon = schedule::proof::proof_horizon(std::nullopt, zone);
  for (auto _ : state) benchmark::DoNotOptimize(schedule::proof::prove_adf(expr, zone, lowered.recurrences, horizon));
  state.SetLabel(std::string(c.cron) + " in " + c.zone + ", " + std::to_string(lowered.recurrences.size()) +
                 " trigger(s)");
}
BENCHMARK(BM_ProveAdf)->DenseRange(0, kCases.size() - 1)->Unit(benchmark::kMicrosecond);

void BM_ProveQuartz(benchmark::State& state) {
  const Case& c = kCases.at(static_cast<std::size_t>(state.range(0)));
  const auto expr = parse(c.cron);
  const schedc::schedule::tz::Zone& zone = *schedule::tz::find_zone(c.zone);
  const auto lowered = schedule::quartz::to_quartz(expr);
  if (!lowered.expression) {  // e.g. "1,15,L": no single Quartz expression (SCH6005)
    state.SkipWithError("no Quartz expression for this shape");
    for (auto _ : state) {
    }
    return;
  }
  const auto q = schedule::quartz::parse(*lowered.expression).expr.value();
  const auto horizon = schedule::proof::proof_horizon(std::nullopt, zone);
  for (auto _ : state) benchmark::DoNotOptimize(schedule::proof::prove_quartz(expr, zone, q, horizon));
  state.SetLabel(std::string(c.cron) + " in " + c.zone);
}
BENCHMARK(BM_ProveQuartz)->DenseRange(0, 6)->Unit(benchmark::kMicrosecond);

}  // namespace
