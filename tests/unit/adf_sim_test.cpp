// Unit tests for the ADF ScheduleTrigger simulator (compiler/schedule/adf/sim.hpp), and the check of schedule::adf::lower
// against the source semantics: for every schedule of tests/schedule/expected.json (and a few more shapes), the
// lowered recurrence must fire at exactly the source's instants outside DST transitions over a horizon with every
// transition of two years, every month end and a leap day. Differences inside transitions are collected and
// printed, not failed.
#include "compiler/schedule/adf/sim.hpp"
#include "compiler/schedule/proof/proof.hpp"
#include "compiler/schedule/tz/timezone.hpp"

#include "tests/unit/schedule_test_util.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <set>

namespace {

using schedc::testing::cron;
using schedc::testing::utc;
using schedc::testing::zone;

using namespace schedc::schedule::adf;
using schedc::schedule::Fire;
using schedc::schedule::FireKind;
using schedc::schedule::format_in_zone;
using schedc::schedule::format_utc;
using schedc::schedule::Instant;

Recurrence day_at(std::vector<int> hours, std::vector<int> minutes, LocalDateTime start = {2025, 1, 1, 0, 0, 0}) {
  Recurrence r;
  r.frequency = Frequency::Day;
  r.start_time = start;
  r.has_schedule = true;
  r.hours = std::move(hours);
  r.minutes = std::move(minutes);
  return r;
}

std::vector<Fire> run(const Recurrence& r, std::string_view zone_name, std::string_view after, std::string_view until,
                      schedc::schedule::DstPolicy policy = kAssumedWallClockDstPolicy) {
  const SimulationResult result = simulate({r}, zone(zone_name), utc(after), utc(until), policy);
  EXPECT_FALSE(result.error.has_value()) << (result.error ? result.error->message : "");
  return result.fires;
}

std::vector<std::string> utc_list(const std::vector<Fire>& fires) {
  std::vector<std::string> out;
  for (const Fire& fire : fires) out.push_back(format_utc(fire.instant));
  return out;
}

std::vector<std::string> local_list(const std::vector<Fire>& fires, std::string_view zone_name) {
  std::vector<std::string> out;
  for (const Fire& fire : fires) out.push_back(format_in_zone(fire.instant, zone(zone_name)));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Minute and Hour: fixed UTC intervals
// ---------------------------------------------------------------------------------------------------------------

TEST(AdfSim, HourTicksKeepFixedUtcIntervalsAcrossDst) {
  Recurrence r;
  r.frequency = Frequency::Hour;
  r.interval = 2;
  r.start_time = {2026, 3, 28, 0, 0, 0};  // 00:00 CET = 2026-03-27T23:00Z
  const auto fires = run(r, "Europe/Amsterdam", "2026-03-28T20:00Z", "2026-03-29T04:00Z");
  EXPECT_EQ(utc_list(fires), (std::vector<std::string>{"2026-03-28T21:00:00Z", "2026-03-28T23:00:00Z",
                                                       "2026-03-29T01:00:00Z", "2026-03-29T03:00:00Z"}));
  // The wall clock shifts by the DST change: even hours before, odd hours after.
  EXPECT_EQ(local_list(fires, "Europe/Amsterdam"),
            (std::vector<std::string>{"2026-03-28T22:00:00+01:00", "2026-03-29T00:00:00+01:00",
                                      "2026-03-29T03:00:00+02:00", "2026-03-29T05:00:00+02:00"}));
}

TEST(AdfSim, MinuteTicksStartAtStartTime) {
  Recurrence r;
  r.frequency = Frequency::Minute;
  r.interval = 20;
  r.start_time = {2026, 1, 1, 0, 10, 0};
  const auto fires = run(r, "Asia/Kolkata", "2025-12-31T18:00Z", "2025-12-31T19:30Z");
  // 00:10 IST = 18:40Z (start, inclusive), then every 20 minutes.
  EXPECT_EQ(utc_list(fires),
            (std::vector<std::string>{"2025-12-31T18:40:00Z", "2025-12-31T19:00:00Z", "2025-12-31T19:20:00Z"}));
  const auto later = run(r, "Asia/Kolkata", "2025-12-31T19:00Z", "2025-12-31T19:45Z");  // strictly after
  EXPECT_EQ(utc_list(later), (std::vector<std::string>{"2025-12-31T19:20:00Z", "2025-12-31T19:40:00Z"}));
}

// ---------------------------------------------------------------------------------------------------------------
// Day / Week / Month: the wall clock
// ---------------------------------------------------------------------------------------------------------------

TEST(AdfSim, DayFollowsTheWallClock) {
  const auto fires = run(day_at({6}, {30}), "America/New_York", "2026-03-06T00:00Z", "2026-03-10T00:00Z");
  EXPECT_EQ(local_list(fires, "America/New_York"),
            (std::vector<std::string>{"2026-03-06T06:30:00-05:00", "2026-03-07T06:30:00-05:00",
                                      "2026-03-08T06:30:00-04:00", "2026-03-09T06:30:00-04:00"}));
}

TEST(AdfSim, HoursTimesMinutes) {
  const auto fires = run(day_at({1, 13}, {0, 45}), "UTC", "2026-01-01T00:00Z", "2026-01-02T00:00Z");
  EXPECT_EQ(utc_list(fires), (std::vector<std::string>{"2026-01-01T01:00:00Z", "2026-01-01T01:45:00Z",
                                                       "2026-01-01T13:00:00Z", "2026-01-01T13:45:00Z"}));
}

TEST(AdfSim, MissingListsDefaultToStartTime) {
  Recurrence r = day_at({1, 13}, {}, {2026, 1, 1, 0, 45, 0});
  EXPECT_EQ(utc_list(run(r, "UTC", "2026-01-01T00:00Z", "2026-01-02T00:00Z")),
            (std::vector<std::string>{"2026-01-01T01:45:00Z", "2026-01-01T13:45:00Z"}));
  Recurrence plain;
  plain.frequency = Frequency::Day;
  plain.interval = 2;
  plain.start_time = {2026, 1, 1, 6, 0, 30};  // seconds apply to every run
  EXPECT_EQ(utc_list(run(plain, "UTC", "2025-12-31T00:00Z", "2026-01-06T00:00Z")),
            (std::vector<std::string>{"2026-01-01T06:00:30Z", "2026-01-03T06:00:30Z", "2026-01-05T06:00:30Z"}));
}

TEST(AdfSim, StartAndEndTimesAreInclusive) {
  Recurrence r = day_at({12}, {0}, {2026, 1, 1, 12, 0, 0});
  r.end_time = LocalDateTime{2026, 1, 3, 12, 0, 0};
  EXPECT_EQ(utc_list(run(r, "UTC", "2025-12-01T00:00Z", "2026-02-01T00:00Z")),
            (std::vector<std::string>{"2026-01-01T12:00:00Z", "2026-01-02T12:00:00Z", "2026-01-03T12:00:00Z"}));
}

TEST(AdfSim, WeekDays) {
  Recurrence r = day_at({9}, {0}, {2026, 1, 1, 0, 0, 0});
  r.frequency = Frequency::Week;
  r.week_days = {1, 3};  // Monday, Wednesday
  EXPECT_EQ(utc_list(run(r, "UTC", "2026-01-01T00:00Z", "2026-01-15T00:00Z")),
            (std::vector<std::string>{"2026-01-05T09:00:00Z", "2026-01-07T09:00:00Z", "2026-01-12T09:00:00Z",
                                      "2026-01-14T09:00:00Z"}));
}

TEST(AdfSim, WeekIntervalCountsWeeksFromTheStartWeek) {
  // Start Thursday 2026-01-01; weeks start on Sunday (kAssumedFirstDayOfWeek): week 0 is 28 Dec - 3 Jan.
  Recurrence r = day_at({9}, {0}, {2026, 1, 1, 0, 0, 0});
  r.frequency = Frequency::Week;
  r.interval = 2;
  r.week_days = {1};
  EXPECT_EQ(utc_list(run(r, "UTC", "2025-12-01T00:00Z", "2026-02-10T00:00Z")),
            (std::vector<std::string>{"2026-01-12T09:00:00Z", "2026-01-26T09:00:00Z", "2026-02-09T09:00:00Z"}));
}

TEST(AdfSim, MonthDaysIncludingLast) {
  Recurrence r = day_at({0}, {0});
  r.frequency = Frequency::Month;
  r.month_days = {1, -1};
  EXPECT_EQ(utc_list(run(r, "UTC", "2026-01-15T00:00Z", "2026-03-31T00:00Z")),
            (std::vector<std::string>{"2026-01-31T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-28T00:00:00Z",
                                      "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z"}));
  r.month_days = {31};  // months without a 31st are skipped
  EXPECT_EQ(utc_list(run(r, "UTC", "2026-01-15T00:00Z", "2026-06-01T00:00Z")),
            (std::vector<std::string>{"2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z"}));
  r.month_days = {-2};
  EXPECT_EQ(utc_list(run(r, "UTC", "2028-01-15T00:00Z", "2028-03-31T00:00Z")),
            (std::vector<std::string>{"2028-01-30T00:00:00Z", "2028-02-28T00:00:00Z", "2028-03-30T00:00:00Z"}));
}

TEST(AdfSim, MonthlyOccurrences) {
  Recurrence r = day_at({0}, {0});
  r.frequency = Frequency::Month;
  r.monthly_occurrences = {{5, -1}};  // last Friday
  EXPECT_EQ(utc_list(run(r, "UTC", "2026-01-01T00:00Z", "2026-03-31T00:00Z")),
            (std::vector<std::string>{"2026-01-30T00:00:00Z", "2026-02-27T00:00:00Z", "2026-03-27T00:00:00Z"}));
  r.monthly_occurrences = {{1, 5}};  // fifth Monday
  EXPECT_EQ(utc_list(run(r, "UTC", "2026-01-01T00:00Z", "2026-09-01T00:00Z")),
            (std::vector<std::string>{"2026-03-30T00:00:00Z", "2026-06-29T00:00:00Z", "2026-08-31T00:00:00Z"}));
}

TEST(AdfSim, MonthIntervalCountsFromTheStartMonth) {
  Recurrence r;
  r.frequency = Frequency::Month;
  r.interval = 3;
  r.start_time = {2026, 1, 31, 12, 0, 0};  // no schedule: startTime's day, hour and minute
  EXPECT_EQ(utc_list(run(r, "UTC", "2026-01-01T00:00Z", "2027-02-01T00:00Z")),
            (std::vector<std::string>{"2026-01-31T12:00:00Z", "2026-07-31T12:00:00Z", "2026-10-31T12:00:00Z",
                                      "2027-01-31T12:00:00Z"}));  // April has no 31st
}

TEST(AdfSim, DstAssumptionIsTheFixedTimePolicy) {
  EXPECT_EQ(kAssumedWallClockDstPolicy, schedc::schedule::kCronFixedTimePolicy);
  const Recurrence r = day_at({2}, {30});
  const auto gap = run(r, "Europe/Amsterdam", "2026-03-28T12:00Z", "2026-03-29T12:00Z");
  ASSERT_EQ(utc_list(gap), std::vector<std::string>{"2026-03-29T01:00:00Z"});  // 03:00 CEST
  EXPECT_EQ(gap[0].kind, FireKind::AfterGap);
  EXPECT_EQ(utc_list(run(r, "Europe/Amsterdam", "2026-10-24T12:00Z", "2026-10-25T12:00Z")),
            std::vector<std::string>{"2026-10-25T00:30:00Z"});  // first 02:30 (CEST)
  // The assumption is a parameter: a Quartz-like policy skips the gap and takes the second 02:30.
  const schedc::schedule::DstPolicy other{schedc::schedule::GapRule::Skip, schedc::schedule::OverlapRule::Second};
  EXPECT_TRUE(run(r, "Europe/Amsterdam", "2026-03-28T12:00Z", "2026-03-29T12:00Z", other).empty());
  EXPECT_EQ(utc_list(run(r, "Europe/Amsterdam", "2026-10-24T12:00Z", "2026-10-25T12:00Z", other)),
            std::vector<std::string>{"2026-10-25T01:30:00Z"});
}

TEST(AdfSim, StartTimeInAGapMovesToTheGapEnd) {
  EXPECT_EQ(format_utc(to_instant({2026, 3, 29, 2, 30, 0}, zone("Europe/Amsterdam"))), "2026-03-29T01:00:00Z");
  EXPECT_EQ(format_utc(to_instant({2026, 10, 25, 2, 30, 0}, zone("Europe/Amsterdam"))), "2026-10-25T00:30:00Z");
}

TEST(AdfSim, UnionOfSeveralRecurrences) {
  const Recurrence a = day_at({6}, {0});
  const Recurrence b = day_at({6, 18}, {0});
  const SimulationResult result = simulate({a, b}, zone("UTC"), utc("2026-01-01T00:00Z"), utc("2026-01-02T00:00Z"));
  EXPECT_EQ(utc_list(result.fires), (std::vector<std::string>{"2026-01-01T06:00:00Z", "2026-01-01T18:00:00Z"}));
}

TEST(AdfSim, FirstFiresOfTheUnionAreThePrefixOfTheWholeUnion) {
  const Recurrence a = day_at({6}, {0});
  const Recurrence b = day_at({6, 18}, {0, 30});
  const auto whole = simulate({a, b}, zone("Europe/Amsterdam"), utc("2026-03-27T00:00Z"), utc("2026-04-03T00:00Z"));
  ASSERT_GT(whole.fires.size(), 5u);
  for (std::size_t limit : {std::size_t{0}, std::size_t{1}, std::size_t{5}, whole.fires.size() + 3}) {
    const auto first =
        simulate_first({a, b}, zone("Europe/Amsterdam"), utc("2026-03-27T00:00Z"), utc("2026-04-03T00:00Z"), limit);
    ASSERT_FALSE(first.error);
    const std::size_t n = std::min(limit, whole.fires.size());
    EXPECT_EQ(first.fires, std::vector<Fire>(whole.fires.begin(), whole.fires.begin() + static_cast<std::ptrdiff_t>(n)))
        << limit;
  }
}

TEST(AdfSim, RejectsInvalidOrUnmodelledRecurrences) {
  const auto error_of = [](const Recurrence& r) {
    const auto e = validate(r);
    return e ? e->message : std::string();
  };
  Recurrence r = day_at({6}, {0});
  r.week_days = {1};
  EXPECT_NE(error_of(r).find("weekDays is only valid with frequency Week"), std::string::npos);
  r = day_at({6}, {0});
  r.frequency = Frequency::Week;
  r.month_days = {1};
  EXPECT_NE(error_of(r).find("only valid with frequency Month"), std::string::npos);
  r = day_at({24}, {0});
  EXPECT_NE(error_of(r).find("outside 0..23"), std::string::npos);
  r = day_at({0}, {60});
  EXPECT_NE(error_of(r).find("outside 0..59"), std::string::npos);
  r = day_at({0}, {0});
  r.interval = 0;
  EXPECT_NE(error_of(r).find("interval 0"), std::string::npos);
  r = day_at({0}, {0});
  r.frequency = Frequency::Month;
  r.monthly_occurrences = {{1, 0}};
  EXPECT_NE(error_of(r).find("monthlyOccurrences"), std::string::npos);
  r = day_at({0}, {0});
  r.frequency = Frequency::Hour;
  EXPECT_NE(error_of(r).find("not modelled"), std::string::npos);
  r = day_at({0}, {0});
  r.end_time = r.start_time;
  EXPECT_NE(error_of(r).find("endTime"), std::string::npos);
  const SimulationResult result = simulate({r}, zone("UTC"), utc("2026-01-01T00:00Z"), utc("2026-01-02T00:00Z"));
  EXPECT_TRUE(result.error.has_value());
  EXPECT_TRUE(result.fires.empty());
}

// ---------------------------------------------------------------------------------------------------------------
// schedule::adf::lower against the source semantics
// ---------------------------------------------------------------------------------------------------------------

using schedc::testing::kHorizonFrom;
using schedc::testing::kHorizonTo;

// Every reference case, and every documented shape in each zone of the reference.
std::vector<std::pair<std::string, std::string>> lowering_cases() {
  return schedc::testing::lowering_cases({"*/15 * * * *", "*/20 * * * *", "*/30 * * * *", "* * * * *", "30 2 * * *", "0 */2 * * *",
                             "5 * * * *", "30 2 * * MON-FRI", "0 4 1,15,L * *", "0 6 * * MON#1", "0 6 * * FRI#5",
                             "45 1 * * *", "0,30 2 * * SUN", "0 0 L * *", "0 12 29 * *", "@yearly", "0 6 1 */3 *",
                             "30 2 L 2-12/2 *", "0 6 * 1-3,7 MON-FRI", "15 3 * 6-8 *", "0 0 1-7 * */2",
                             "0 9 * * MON#1,FRI", "*/5 * * * MON-FRI", "* * 1 * *", "0 */3 * * *", "7 * * * *",
                             "5-59/15 * * * *", "0 12 29 2 *"});
}

struct LoweringSummary {
  std::size_t cases = 0;
  std::size_t lowered = 0;
  std::size_t rejected = 0;
  std::size_t equal = 0;
  std::size_t differ_inside = 0;
  std::vector<std::string> lines;
};

TEST(AdfLowering, FiresLikeTheSourceOutsideDstTransitions) {
  LoweringSummary summary;
  const schedc::schedule::proof::Horizon horizon{utc(kHorizonFrom), utc(kHorizonTo)};
  std::size_t several = 0;
  for (const auto& [text, zone_name] : lowering_cases()) {
    ++summary.cases;
    const schedc::schedule::cron::CronExpr expr = cron(text);
    const schedc::schedule::tz::Zone& z = zone(zone_name);
    const std::optional<std::string> windows = schedc::schedule::tz::windows_zone(zone_name);
    ASSERT_TRUE(windows.has_value()) << zone_name;
    const LoweringResult lowering = lower(expr, *windows, schedc::schedule::tz::is_utc_zone(zone_name), {}, zone_name);
    if (lowering.error) {
      ++summary.rejected;
      continue;
    }
    ++summary.lowered;
    several += lowering.recurrences.size() > 1;
    for (const Recurrence& r : lowering.recurrences) {
      ASSERT_FALSE(validate(r).has_value()) << text << " in " << zone_name << ": " << validate(r)->message;
    }
    const schedc::schedule::proof::ProofResult proof = schedc::schedule::proof::prove_adf(expr, z, lowering.recurrences, horizon);
    ASSERT_FALSE(proof.error.has_value()) << text << ": " << *proof.error;
    if (proof.counterexample) {
      ADD_FAILURE() << "schedule::adf::lower(`" << text << "`) in " << zone_name << " ("
                    << frequency_name(lowering.recurrences.front().frequency) << ") "
                    << (proof.counterexample->source_fires ? "misses" : "adds") << " a fire at "
                    << format_in_zone(proof.counterexample->instant, z) << " outside any DST transition";
      continue;
    }
    if (proof.transitions.empty()) {
      ++summary.equal;
      continue;
    }
    ++summary.differ_inside;
    std::string line = "  `" + text + "` in " + zone_name + " (" +
                       frequency_name(lowering.recurrences.front().frequency) +
                       "): differs around " + std::to_string(proof.transitions.size()) + " transition(s), e.g.";
    const auto& t = proof.transitions.front();
    line += " source";
    for (const Fire& f : t.source) line += " " + format_in_zone(f.instant, z);
    line += "; ADF";
    for (const Fire& f : t.target) line += " " + format_in_zone(f.instant, z);
    summary.lines.push_back(line);
  }
  std::cout << "[ADF lowering vs source, " << kHorizonFrom << " .. " << kHorizonTo
            << ", ADF DST assumption: fixed-time "
            << "policy] " << summary.cases << " schedules: " << summary.lowered << " lowered ("
            << several << " to several triggers), " << summary.rejected
            << " rejected by schedule::adf::lower; " << summary.equal << " identical, " << summary.differ_inside
            << " differ only inside DST transitions:\n";
  for (const std::string& line : summary.lines) std::cout << line << "\n";
  EXPECT_GE(summary.lowered, 150u);
  EXPECT_GE(several, 7u);
}

TEST(AdfLowering, ScheduleWindowBecomesStartAndEndTime) {
  // `from`/`until` (wall clock) become startTime/endTime: the trigger fires at the source's instants within them.
  // `from` is deliberately off the cron grid (Minute/Hour recurrences round it up to the grid).
  std::size_t checked = 0;
  for (const auto& [text, zone_name] : lowering_cases()) {
    const schedc::schedule::cron::CronExpr expr = cron(text);
    const schedc::schedule::tz::Zone& z = zone(zone_name);
    const LocalDateTime from_local{2026, 2, 10, 7, 7, 0};
    const LocalDateTime until_local{2027, 3, 1, 23, 59, 0};
    const ScheduleWindow window{from_local, until_local};
    const LoweringResult lowering =
        lower(expr, *schedc::schedule::tz::windows_zone(zone_name), schedc::schedule::tz::is_utc_zone(zone_name), window, zone_name);
    if (lowering.error) continue;
    ++checked;
    for (const Recurrence& r : lowering.recurrences) {
      EXPECT_GE(r.start_time, from_local) << text;
      ASSERT_TRUE(r.end_time.has_value());
      EXPECT_EQ(*r.end_time, until_local) << text;
    }
    const Instant from = to_instant(from_local, z) - std::chrono::seconds{1};  // fires at or after `from`
    const Instant until = to_instant(until_local, z);
    // The horizon is wider than the window: the recurrences' own startTime/endTime must cut the target.
    const schedc::schedule::proof::Horizon horizon{from - std::chrono::hours{24 * 40}, until + std::chrono::hours{24 * 40}};
    const auto proof = schedc::schedule::proof::prove_adf(expr, z, lowering.recurrences, horizon, from_local, until_local);
    if (proof.counterexample) {
      ADD_FAILURE() << "schedule::adf::lower(`" << text << "`, from 2026-02-10T07:07) in " << zone_name << " "
                    << (proof.counterexample->source_fires ? "misses" : "adds") << " a fire at "
                    << format_in_zone(proof.counterexample->instant, z);
    }
  }
  EXPECT_GE(checked, 150u);
}

TEST(AdfLowering, MinuteStepsAreExactEvenAcrossTransitions) {
  // `*/15` in Amsterdam lowers to Minute/15 (fixed UTC ticks), which fires at the real instants, like the
  // (wildcard) source: identical everywhere, transitions included.
  const schedc::schedule::tz::Zone& z = zone("Europe/Amsterdam");
  const LoweringResult lowering = lower(cron("*/15 * * * *"), "W. Europe Standard Time", false, {}, "Europe/Amsterdam");
  ASSERT_FALSE(lowering.error.has_value());
  ASSERT_EQ(lowering.recurrences.front().frequency, Frequency::Minute);
  const Instant from = utc(kHorizonFrom);
  const Instant to = utc(kHorizonTo);
  schedc::schedule::FireCursor source(cron("*/15 * * * *"), z, from, to);
  auto target = std::get<RecurrenceCursor>(RecurrenceCursor::create(lowering.recurrences.front(), z, from, to));
  EXPECT_TRUE(schedc::schedule::compare_cursors(source, target, schedc::schedule::transitions(z, from, to)).equal());
}

}  // namespace
