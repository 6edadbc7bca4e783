// The whole-project analyses' building blocks (compiler/analysis/): same-date and `within` feasibility of model
// dependencies over the horizon, the run-window sweep of contention, and the comparison of shared declarations.
// Expected values are worked out by hand in the comments.
#include <gtest/gtest.h>

#include <algorithm>

#include "compiler/analysis/analyses.hpp"
#include "compiler/analysis/shared_decls.hpp"
#include "compiler/schedule/tz/timezone.hpp"
#include "grammar/parser.hpp"
#include "schedule_test_util.hpp"

namespace {

using namespace schedc;
using schedc::analysis::Instant;
using schedc::testing::utc;

ir::Schedule sched(std::string_view cron, std::string zone) {
  ir::Schedule s;
  s.cron = schedc::testing::cron(cron);
  s.zone = std::move(zone);
  return s;
}

std::string day(date::local_days d) { return date::format("%F", d); }

// The building blocks below are checked over 2026-2027 (the analyses choose their years with horizon_for).
const Instant kFrom = date::sys_days{date::year{2026} / 1 / 1};
const Instant kTo = date::sys_days{date::year{2028} / 1 / 1};

ir::Schedule sched_from(std::string_view cron, std::string zone, int year) {
  ir::Schedule s = sched(cron, std::move(zone));
  s.from = schedule::adf::LocalDateTime{year, 1, 1, 0, 0, 0};
  return s;
}

// The horizon comes from the inputs: the tz database's release year and the schedules' `from`; never the date.
TEST(AnalysisHorizon, StartsAtTheTzReleaseOrTheLatestFrom) {
  const int release = schedule::tz::tzdata_release_year();
  ASSERT_GE(release, 2025);  // Debian 12's tzdata
  const ir::Schedule plain = sched("0 2 * * *", "UTC");
  const analysis::Horizon h = analysis::horizon_for({&plain});
  EXPECT_EQ(h.first_year, release);
  EXPECT_GE(h.last_year, release + 1);
  bool leap = false;
  for (int y = h.first_year; y <= h.last_year; ++y) leap = leap || schedule::cron::is_leap_year(y);
  EXPECT_TRUE(leap);  // a 29 February is checked
  EXPECT_EQ(schedule::format_utc(h.begin()), std::to_string(release) + "-01-01T00:00:00Z");

  for (const auto& [year, last] : std::vector<std::pair<int, int>>{{2028, 2029}, {2036, 2037}, {2040, 2041}, {2045, 2048}}) {
    const ir::Schedule a = sched_from("0 23 * * *", "America/Los_Angeles", year);
    const ir::Schedule b = sched_from("0 2 * * *", "Europe/London", year);
    const analysis::Horizon pair = analysis::horizon_for({&a, &b});
    EXPECT_EQ(pair.first_year, year);
    EXPECT_EQ(pair.last_year, last);
    EXPECT_EQ(pair.years(), std::to_string(year) + "-" + std::to_string(last));
    // One of them starting later: from the earlier start through two years of the later one.
    const analysis::Horizon mixed = analysis::horizon_for({&plain, &a});
    EXPECT_EQ(mixed.first_year, release);
    EXPECT_EQ(mixed.last_year, last);
  }
  // A `from` before the release starts at the release.
  const ir::Schedule old = sched_from("0 2 * * *", "UTC", 2001);
  EXPECT_EQ(analysis::horizon_for({&old}).first_year, release);
}

// Upstream 06:00 Europe/London, downstream 01:30 America/New_York. Usually the downstream runs 30 minutes after
// the upstream (06:30Z after 06:00Z in winter, 05:30Z after 05:00Z in summer). While New York is on summer time
// and London is not, the downstream runs at 05:30Z, before the upstream's 06:00Z:
//   2026: 9-28 March (20 dates; on 8 March 01:30 New York is still EST) and 25 October - 1 November (8 dates; on
//         1 November 01:30 occurs twice and runs at its first occurrence, EDT);
//   2027: 15-27 March (13 dates) and 31 October - 7 November (8 dates).
TEST(AnalysisFeasibility, LondonUpstreamNewYorkDownstreamFlipsWithDst) {
  auto r = analysis::check_same_date(sched("30 1 * * *", "America/New_York"), sched("0 6 * * *", "Europe/London"), 0,
                                     kFrom, kTo);
  ASSERT_TRUE(r.early);
  EXPECT_FALSE(r.missing);
  EXPECT_EQ(day(r.early->date), "2026-03-09");
  EXPECT_EQ(schedule::format_utc(r.early->downstream), "2026-03-09T05:30:00Z");
  ASSERT_TRUE(r.early->upstream);
  EXPECT_EQ(schedule::format_utc(*r.early->upstream), "2026-03-09T06:00:00Z");
  EXPECT_EQ(r.early->dates, 20u + 8u + 13u + 8u);
}

// The DST note names a change of offsets as the cause only when it is one: the dates with the problem have a
// difference of the zones' offsets that no good date has.
TEST(AnalysisFeasibility, OffsetChangeOnlyWhenTheOrderChangesWithIt) {
  // London/New York: early only while one of them is on summer time.
  auto flips = analysis::check_same_date(sched("30 1 * * *", "America/New_York"), sched("0 6 * * *", "Europe/London"),
                                         0, kFrom, kTo);
  ASSERT_TRUE(flips.early);
  EXPECT_TRUE(flips.early->offset_change);
  // Los Angeles 23:00 upstream, London 02:00 downstream waiting 3h: early on every date, whatever the offsets.
  auto always = analysis::check_same_date(sched("0 2 * * *", "Europe/London"), sched("0 23 * * *", "America/Los_Angeles"),
                                          3 * 3600, kFrom, kTo);
  ASSERT_TRUE(always.early);
  EXPECT_EQ(always.early->dates, 730u);
  EXPECT_FALSE(always.early->offset_change);
  // Tokyo has no DST; a Tokyo downstream at 09:00 (00:00Z) after a UTC upstream at 00:30 is early every date.
  auto tokyo = analysis::check_same_date(sched("0 9 * * *", "Asia/Tokyo"), sched("30 0 * * *", "UTC"), 0, kFrom, kTo);
  ASSERT_TRUE(tokyo.early);
  EXPECT_FALSE(tokyo.early->offset_change);
  // Tokyo downstream at 16:30 (07:30Z) after a London upstream at 08:00 local: early in winter (08:00Z), not in
  // summer (07:00Z): London's change of offset is the cause.
  auto london_tokyo =
      analysis::check_same_date(sched("30 16 * * *", "Asia/Tokyo"), sched("0 8 * * *", "Europe/London"), 0, kFrom, kTo);
  ASSERT_TRUE(london_tokyo.early);
  EXPECT_TRUE(london_tokyo.early->offset_change);
}

TEST(AnalysisFeasibility, AWaitLongerThanTheGapIsFeasible) {
  // The downstream waits 31 minutes: its wait ends at 06:01Z, after the upstream's 06:00Z run starts.
  auto r = analysis::check_same_date(sched("30 1 * * *", "America/New_York"), sched("0 6 * * *", "Europe/London"),
                                     31 * 60, kFrom, kTo);
  EXPECT_FALSE(r.early);
  // A 30-minute wait ends exactly when the upstream starts: still too early.
  r = analysis::check_same_date(sched("30 1 * * *", "America/New_York"), sched("0 6 * * *", "Europe/London"), 30 * 60,
                                kFrom, kTo);
  ASSERT_TRUE(r.early);
  EXPECT_EQ(r.early->dates, 49u);
}

TEST(AnalysisFeasibility, SameInstantIsTooEarlyForACheck) {
  auto r = analysis::check_same_date(sched("0 2 * * *", "UTC"), sched("0 2 * * *", "UTC"), 0, kFrom,
                                     kTo);
  ASSERT_TRUE(r.early);
  EXPECT_EQ(r.early->dates, 730u);
  EXPECT_EQ(day(r.early->date), "2026-01-01");
}

TEST(AnalysisFeasibility, SameZoneAfterUpstreamIsFine) {
  auto r = analysis::check_same_date(sched("30 2 * * MON-FRI", "Europe/Amsterdam"), sched("0 1 * * *", "Europe/Amsterdam"),
                                     0, kFrom, kTo);
  EXPECT_FALSE(r.early);
  EXPECT_FALSE(r.missing);
}

// The skipping enumeration equals the first fire of each date taken from every fire, for dense schedules across
// DST changes (Lord Howe's are 30 minutes; Amsterdam's gap swallows 02:00-03:00, Santiago's midnight).
TEST(AnalysisFeasibility, FirstFirePerDateMatchesAllFires) {
  for (auto [cron, zone] : {std::pair{"*/15 * * * *", "Europe/Amsterdam"}, {"5 * * * *", "Australia/Lord_Howe"},
                            {"0 */2 * * *", "America/Santiago"}, {"30 2 * * *", "Europe/Amsterdam"},
                            {"0 0 * * *", "America/Havana"}, {"*/30 1-3 * * SUN", "Australia/Lord_Howe"},
                            {"30 2 * * *", "Asia/Kolkata"}}) {
    auto s = sched(cron, zone);
    const auto& z = schedc::testing::zone(zone);
    std::vector<std::pair<date::local_days, Instant>> expected;
    for (Instant f : analysis::schedule_fires(s, kFrom, kTo)) {
      auto d = analysis::local_date(f, z);
      if (expected.empty() || expected.back().first != d) expected.emplace_back(d, f);
    }
    EXPECT_EQ(analysis::first_fire_per_date(s, kFrom, kTo), expected)
        << cron << " in " << zone;
    // A range that starts in the middle of a local day.
    const Instant mid = utc("2026-03-29T00:30:00Z");
    std::vector<std::pair<date::local_days, Instant>> from_mid;
    for (Instant f : analysis::schedule_fires(s, mid, kTo)) {
      auto d = analysis::local_date(f, z);
      if (from_mid.empty() || from_mid.back().first != d) from_mid.emplace_back(d, f);
    }
    EXPECT_EQ(analysis::first_fire_per_date(s, mid, kTo), from_mid) << cron << " in " << zone;
  }
}

// A daily downstream of a weekday upstream: every Saturday and Sunday has no upstream run. 1 January 2026 is a
// Thursday, so the first is Saturday 3 January; 2026 and 2027 have 104 weekend days each.
TEST(AnalysisFeasibility, UpstreamMissingOnWeekends) {
  auto r = analysis::check_same_date(sched("0 7 * * *", "UTC"), sched("0 6 * * MON-FRI", "UTC"), 0,
                                     kFrom, kTo);
  EXPECT_FALSE(r.early);
  ASSERT_TRUE(r.missing);
  EXPECT_EQ(day(r.missing->date), "2026-01-03");
  EXPECT_EQ(schedule::format_utc(r.missing->downstream), "2026-01-03T07:00:00Z");
  EXPECT_FALSE(r.missing->upstream);
  EXPECT_EQ(r.missing->dates, 208u);
}

TEST(AnalysisFeasibility, ScheduleWindowEndsTheUpstream) {
  auto up = sched("0 6 * * *", "UTC");
  up.until = schedule::adf::LocalDateTime{2027, 7, 1, 0, 0, 0};
  auto r = analysis::check_same_date(sched("0 7 * * *", "UTC"), up, 0, kFrom, kTo);
  ASSERT_TRUE(r.missing);
  EXPECT_EQ(day(r.missing->date), "2027-07-01");
  EXPECT_EQ(r.missing->dates, 184u);  // July - December 2027
}

// Daily 08:00 downstream, weekly Monday 06:00 upstream, `within 1d`: only Monday's run is fresh. The first run,
// Thursday 1 January 2026, sees Monday 29 December 2025 06:00 (74 h old); 104 of the 730 days are Mondays.
TEST(AnalysisFeasibility, WithinTooShortForAWeeklyUpstream) {
  auto down = sched("0 8 * * *", "UTC");
  auto up = sched("0 6 * * MON", "UTC");
  auto r = analysis::check_within(down, up, 86400, 0, kFrom, kTo);
  ASSERT_TRUE(r);
  EXPECT_EQ(schedule::format_utc(r->downstream), "2026-01-01T08:00:00Z");
  ASSERT_TRUE(r->latest_upstream);
  EXPECT_EQ(schedule::format_utc(*r->latest_upstream), "2025-12-29T06:00:00Z");
  EXPECT_EQ(r->runs, 730u - 104u);
  EXPECT_FALSE(analysis::check_within(down, up, 8 * 86400, 0, kFrom, kTo));
  // With 6d, Sunday 08:00 looks back to Monday 08:00 and misses Monday 06:00: the 104 Sundays are stale, the
  // first on 4 January 2026.
  auto six = analysis::check_within(down, up, 6 * 86400, 0, kFrom, kTo);
  ASSERT_TRUE(six);
  EXPECT_EQ(six->runs, 104u);
  EXPECT_EQ(schedule::format_utc(six->downstream), "2026-01-04T08:00:00Z");
}

TEST(AnalysisFeasibility, WithinWaitCoversTheNextUpstreamRun) {
  // Upstream 09:00, downstream 08:00 waiting 2h within 1h: the 09:00 run starts before the wait ends.
  auto r = analysis::check_within(sched("0 8 * * *", "UTC"), sched("0 9 * * *", "UTC"), 3600, 7200,
                                  kFrom, kTo);
  EXPECT_FALSE(r);
}

analysis::Window w(int a, int b) {
  const Instant t0 = utc("2026-01-01T00:00:00Z");
  return {t0 + std::chrono::minutes{a}, t0 + std::chrono::minutes{b}};
}

TEST(AnalysisContention, SweepFindsPeakAndInvolvedModels) {
  // A [0,10) B [5,15) C [12,20) D [14,16) E [30,40): two at 5, two at 12 (A ended at 10), three at 14.
  auto c = analysis::sweep({{w(0, 10)}, {w(5, 15)}, {w(12, 20)}, {w(14, 16)}, {w(30, 40)}});
  EXPECT_EQ(c.peak, 3u);
  EXPECT_EQ(c.peak_at, w(14, 14).begin);
  ASSERT_TRUE(c.first_overlap);
  EXPECT_EQ(*c.first_overlap, w(5, 5).begin);
  EXPECT_EQ(c.involved, (std::vector<bool>{true, true, true, true, false}));
}

TEST(AnalysisContention, BurstOfStartsAndALateLoneModel) {
  // 1,000 models start at 0 for 10 minutes; one more runs alone at [10, 20) and must not be involved.
  std::vector<std::vector<analysis::Window>> windows(1000, std::vector<analysis::Window>{w(0, 10)});
  windows.push_back({w(10, 20)});
  auto c = analysis::sweep(windows);
  EXPECT_EQ(c.peak, 1000u);
  EXPECT_EQ(c.peak_at, w(0, 0).begin);
  EXPECT_EQ(std::count(c.involved.begin(), c.involved.end(), true), 1000);
  EXPECT_FALSE(c.involved.back());
}

TEST(AnalysisContention, TouchingWindowsDoNotOverlap) {
  auto c = analysis::sweep({{w(0, 10), w(20, 30)}, {w(10, 20), w(30, 40)}});
  EXPECT_EQ(c.peak, 1u);
  EXPECT_FALSE(c.first_overlap);
}

TEST(AnalysisContention, MergeWindowsJoinsAModelsOwnOverlaps) {
  const Instant t0 = utc("2026-01-01T00:00:00Z");
  std::vector<Instant> fires;
  for (int i = 0; i < 6; ++i) fires.push_back(t0 + std::chrono::minutes{10 * i});  // every 10 minutes, 1 h long
  fires.push_back(t0 + std::chrono::hours{5});
  auto m = analysis::merge_windows(fires, 3600);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].begin, t0);
  EXPECT_EQ(m[0].end, t0 + std::chrono::minutes{110});
  EXPECT_EQ(m[1].begin, t0 + std::chrono::hours{5});
}

TEST(AnalysisContention, DailyRunsOnOneClusterOverTheHorizon) {
  // 02:00 for 3h and 04:00 for 1h UTC overlap every day: first at 04:00 on 1 January 2026.
  auto a = analysis::merge_windows(
      analysis::schedule_fires(sched("0 2 * * *", "UTC"), kFrom, kTo), 3 * 3600);
  auto b = analysis::merge_windows(
      analysis::schedule_fires(sched("0 4 * * *", "UTC"), kFrom, kTo), 3600);
  EXPECT_EQ(a.size(), 730u);
  auto c = analysis::sweep({a, b});
  EXPECT_EQ(c.peak, 2u);
  EXPECT_EQ(schedule::format_utc(c.peak_at), "2026-01-01T04:00:00Z");
}

TEST(SharedDeclarations, CanonicalTextIgnoresSpacingAndComments) {
  EXPECT_EQ(analysis::canonical_text("url =   \"https://a  b\"  # the lake\n"), "url=\"https://a  b\"");
  EXPECT_EQ(analysis::canonical_text("wait 2h\n every  10m"), "wait 2h every 10m");
  EXPECT_EQ(analysis::canonical_text("{ a = \"#x\" }"), "{a=\"#x\"}");
}

TEST(SharedDeclarations, ComparesFieldByField) {
  const std::string a = "storage lake {\n  url = \"https://a.dfs.core.windows.net\"  # lake\n  x = 1\n}\n";
  const std::string b = "storage lake { x = 1\n url = \"https://b.dfs.core.windows.net\" y = 2 }\n";
  const std::string c = "# copy\nstorage lake { x=1 url=\"https://a.dfs.core.windows.net\" }\n";
  auto pa = syntax::parse(a, 1), pb = syntax::parse(b, 2), pc = syntax::parse(c, 3);
  ASSERT_TRUE(pa.ok() && pb.ok() && pc.ok());
  EXPECT_TRUE(analysis::compare_declarations(pa.file.decls[0], a, pc.file.decls[0], c).empty());
  auto d = analysis::compare_declarations(pa.file.decls[0], a, pb.file.decls[0], b);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].field, "url");
  EXPECT_EQ(d[0].first_text, "\"https://a.dfs.core.windows.net\"");
  EXPECT_EQ(d[0].other_text, "\"https://b.dfs.core.windows.net\"");
  EXPECT_EQ(d[1].field, "y");
  EXPECT_FALSE(d[1].in_first);
  EXPECT_TRUE(d[1].in_other);
}

}  // namespace
