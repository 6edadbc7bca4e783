// Unit tests for the fire-time engine (compiler/schedule/fire.hpp): the independent reference in
// tests/schedule/expected.json (croner, see tests/schedule/README.md), a brute-force oracle around DST transitions,
// DST policies, transitions, and invalid cron expressions.
#include "compiler/schedule/fire.hpp"
#include "compiler/schedule/tz/timezone.hpp"

#include "tests/unit/schedule_test_util.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

namespace {

using schedc::testing::cron;
using schedc::testing::utc;
using schedc::testing::zone;

using namespace schedc::schedule;
using schedc::schedule::cron::CronExpr;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

LocalTime local(std::string_view text) {
  const std::optional<LocalTime> t = parse_local(text);
  if (!t) throw std::runtime_error("bad local time " + std::string(text));
  return *t;
}

std::vector<std::string> formatted(const std::vector<Fire>& fires) {
  std::vector<std::string> out;
  for (const Fire& fire : fires) out.push_back(format_utc(fire.instant));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The independent reference: tests/schedule/expected.json
// ---------------------------------------------------------------------------------------------------------------

struct ReferenceCase {
  std::string id;
  std::string cron;
  std::string zone;
  std::string after;
  std::size_t count = 0;
  std::vector<std::string> fires;
  std::string reference_differs;             // empty: the fires are croner's
  std::vector<std::string> reference_fires;  // croner's fires when they differ
};

// gtest prints parameters of failed cases; the id names the case in expected.json.
void PrintTo(const ReferenceCase& c, std::ostream* os) { *os << c.id; }

std::vector<ReferenceCase> load_reference_cases() {
  const std::string path = std::string(SCHEDC_SOURCE_DIR) + "/tests/schedule/expected.json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  const nlohmann::json document = nlohmann::json::parse(in);
  std::vector<ReferenceCase> out;
  for (const nlohmann::json& c : document.at("cases")) {
    ReferenceCase rc;
    rc.id = c.at("id").get<std::string>();
    rc.cron = c.at("cron").get<std::string>();
    rc.zone = c.at("zone").get<std::string>();
    rc.after = c.at("after").get<std::string>();
    rc.count = c.at("count").get<std::size_t>();
    rc.fires = c.at("fires").get<std::vector<std::string>>();
    if (c.contains("reference_differs")) {
      rc.reference_differs = c.at("reference_differs").get<std::string>();
      rc.reference_fires = c.at("reference_fires").get<std::vector<std::string>>();
    }
    out.push_back(std::move(rc));
  }
  return out;
}

// Loaded at static initialization (the cases are test parameters); a load error is reported by the test below
// instead of aborting the whole test program.
std::string& reference_load_error() {
  static std::string error;
  return error;
}

const std::vector<ReferenceCase>& reference_cases() {
  static const std::vector<ReferenceCase> cases = [] {
    try {
      return load_reference_cases();
    } catch (const std::exception& e) {
      reference_load_error() = e.what();
      return std::vector<ReferenceCase>{};
    }
  }();
  return cases;
}

TEST(FireReference, FileCoversTheRequiredCases) {
  const auto& cases = reference_cases();
  ASSERT_TRUE(reference_load_error().empty()) << reference_load_error();
  EXPECT_GE(cases.size(), 120u);
  std::set<std::string> zones;
  std::set<std::string> ids;
  std::size_t differing = 0;
  for (const ReferenceCase& c : cases) {
    zones.insert(c.zone);
    EXPECT_TRUE(ids.insert(c.id).second) << "duplicate id " << c.id;
    EXPECT_EQ(c.fires.size(), c.count) << c.id;
    if (!c.reference_differs.empty()) {
      ++differing;
      EXPECT_NE(c.fires, c.reference_fires) << c.id << ": marked as differing from the reference but equal";
    }
  }
  for (const char* required : {"Europe/Amsterdam", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe",
                               "Asia/Kolkata", "Pacific/Auckland", "UTC"}) {
    EXPECT_TRUE(zones.count(required)) << required;
  }
  EXPECT_GE(differing, 1u);
}

class FireReferenceCase : public ::testing::TestWithParam<ReferenceCase> {};

TEST_P(FireReferenceCase, EngineMatches) {
  const ReferenceCase& c = GetParam();
  SCOPED_TRACE(c.id + ": `" + c.cron + "` in " + c.zone + " after " + c.after +
               (c.reference_differs.empty() ? "" : " (hand-verified: " + c.reference_differs + ")"));
  const CronExpr expr = cron(c.cron);
  const schedc::schedule::tz::Zone& z = zone(c.zone);
  const Instant after = utc(c.after);
  const std::vector<Fire> fires = next_fires(expr, z, after, c.count);
  EXPECT_EQ(formatted(fires), c.fires);
  // The bounded query agrees, and fires are strictly ascending.
  if (!fires.empty()) {
    EXPECT_EQ(formatted(fires_between(expr, z, after, fires.back().instant)), c.fires);
    for (std::size_t i = 1; i < fires.size(); ++i) EXPECT_LT(fires[i - 1].instant, fires[i].instant);
  }
}

std::string case_name(const ::testing::TestParamInfo<ReferenceCase>& info) {
  std::string name = info.param.id;
  for (char& ch : name) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Expected, FireReferenceCase, ::testing::ValuesIn(reference_cases()), case_name);

// ---------------------------------------------------------------------------------------------------------------
// A brute-force oracle: every UTC minute around each transition
// ---------------------------------------------------------------------------------------------------------------

// Fires of `expr` in (from, to], minute by minute, from the definition of the source semantics. Independent of
// the engine's day masks and its local-time resolution: it only reads the zone's offset at each instant.
std::vector<Instant> oracle(const CronExpr& expr, const schedc::schedule::tz::Zone& z, Instant from, Instant to) {
  const bool wildcard = expr.minute_star || expr.hour_star;
  const auto matches_local = [&](LocalTime t) {
    const auto day = date::floor<date::days>(t);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<seconds> hms{t - day};
    return schedc::schedule::cron::matches(expr, static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
                                 static_cast<int>(unsigned(ymd.day())), static_cast<int>(hms.hours().count()),
                                 static_cast<int>(hms.minutes().count()));
  };
  std::vector<Instant> out;
  const Instant start = date::floor<minutes>(from) + minutes{1};
  for (Instant s = start; s <= to; s += minutes{1}) {
    const schedc::schedule::tz::Period info = z.get_info(s);
    const schedc::schedule::tz::Period previous = z.get_info(info.begin - seconds{1});
    const LocalTime t = LocalTime{s.time_since_epoch()} + info.offset;
    bool fire = matches_local(t);
    if (!wildcard) {
      // Second pass through a repeated local time: fixed-time jobs ran at the first pass.
      const seconds back = previous.offset - info.offset;
      if (back > seconds{0} && s - info.begin < back) fire = false;
      // At the end of a gap, the fixed times inside the gap run.
      const seconds jump = info.offset - previous.offset;
      if (s == info.begin && jump > seconds{0}) {
        for (LocalTime g = LocalTime{s.time_since_epoch()} + previous.offset; g < t; g += minutes{1}) {
          fire = fire || matches_local(g);
        }
      }
    }
    if (fire) out.push_back(s);
  }
  return out;
}

TEST(FireOracle, MatchesAroundEveryTransition) {
  const std::vector<std::string> expressions = {
      "30 2 * * *",     "0 2 * * *",    "0,30 2,3 * * *", "*/15 * * * *",    "30 * * * *", "0 */2 * * *",
      "0 0-23/2 * * *", "15 1-3 * * *", "* * * * *",      "0-59/10 2 * * *", "45 1 * * *", "0 0 * * *",
      "30 23 * * *",    "0,30 0 * * *", "5 * * * SUN",    "*/20 0-3 * * 0",  "59 1 L * *", "0-59 2 * * *"};
  const std::vector<std::string> zones = {"Europe/Amsterdam", "America/New_York", "Australia/Sydney",
                                          "Australia/Lord_Howe", "Pacific/Auckland", "Asia/Kolkata", "UTC",
                                          // transitions at local midnight
                                          "America/Santiago", "America/Havana", "Asia/Beirut"};
  std::size_t windows = 0;
  for (const std::string& zone_name : zones) {
    const schedc::schedule::tz::Zone& z = zone(zone_name);
    std::vector<std::pair<Instant, Instant>> spans;
    for (const Transition& t : transitions(z, utc("2026-01-01T00:00Z"), utc("2027-01-01T00:00Z"))) {
      spans.emplace_back(t.at - hours{40}, t.at + hours{40});
    }
    if (spans.empty()) spans.emplace_back(utc("2026-03-27T00:00Z"), utc("2026-03-31T00:00Z"));
    for (const auto& [from, to] : spans) {
      ++windows;
      for (const std::string& text : expressions) {
        const CronExpr expr = cron(text);
        std::vector<Instant> engine;
        for (const Fire& fire : fires_between(expr, z, from, to)) engine.push_back(fire.instant);
        const std::vector<Instant> expected = oracle(expr, z, from, to);
        if (engine != expected) {
          std::vector<std::string> a, b;
          for (const Instant i : engine) a.push_back(format_utc(i));
          for (const Instant i : expected) b.push_back(format_utc(i));
          ADD_FAILURE() << "`" << text << "` in " << zone_name << " from " << format_utc(from) << ": engine "
                        << ::testing::PrintToString(a) << " oracle " << ::testing::PrintToString(b);
        }
      }
    }
  }
  EXPECT_GE(windows, 15u);
}

// ---------------------------------------------------------------------------------------------------------------
// DST policies and fire kinds
// ---------------------------------------------------------------------------------------------------------------

TEST(FireDst, FixedTimeInGapRunsAtGapEnd) {
  const auto fires = next_fires(cron("30 2 * * *"), zone("Europe/Amsterdam"), utc("2026-03-28T12:00Z"), 2);
  ASSERT_EQ(fires.size(), 2u);
  EXPECT_EQ(format_utc(fires[0].instant), "2026-03-29T01:00:00Z");  // 03:00 CEST
  EXPECT_EQ(fires[0].kind, FireKind::AfterGap);
  EXPECT_EQ(format_local(fires[0].scheduled), "2026-03-29T02:30:00");
  EXPECT_EQ(format_in_zone(fires[0].instant, zone("Europe/Amsterdam")), "2026-03-29T03:00:00+02:00");
  EXPECT_EQ(format_utc(fires[1].instant), "2026-03-30T00:30:00Z");
  EXPECT_EQ(fires[1].kind, FireKind::Normal);
}

TEST(FireDst, GapTimesMergeWithTheGapEnd) {
  // 02:00, 02:30 (gap) and 03:00 all run at 03:00 CEST: once, labelled by the earliest scheduled time.
  const auto fires = fires_between(cron("0,30 2,3 * * *"), zone("Europe/Amsterdam"), utc("2026-03-28T23:00Z"),
                                   utc("2026-03-29T12:00Z"));
  ASSERT_EQ(formatted(fires), (std::vector<std::string>{"2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z"}));
  EXPECT_EQ(format_local(fires[0].scheduled), "2026-03-29T02:00:00");
  EXPECT_EQ(fires[0].kind, FireKind::AfterGap);
}

TEST(FireDst, FixedTimeInOverlapRunsOnceAtTheFirstOccurrence) {
  const auto fires = next_fires(cron("30 2 * * *"), zone("Europe/Amsterdam"), utc("2026-10-24T12:00Z"), 2);
  ASSERT_EQ(formatted(fires), (std::vector<std::string>{"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"}));
  EXPECT_EQ(fires[0].kind, FireKind::OverlapFirst);
}

TEST(FireDst, WildcardRunsInBothPassesAndSkipsTheGap) {
  const auto overlap =
      fires_between(cron("30 * * * *"), zone("Europe/Amsterdam"), utc("2026-10-24T23:00Z"), utc("2026-10-25T02:00Z"));
  ASSERT_EQ(formatted(overlap),
            (std::vector<std::string>{"2026-10-24T23:30:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"}));
  EXPECT_EQ(overlap[1].kind, FireKind::OverlapFirst);
  EXPECT_EQ(overlap[2].kind, FireKind::OverlapSecond);
  EXPECT_EQ(overlap[1].scheduled, overlap[2].scheduled);
  const auto gap =
      fires_between(cron("30 * * * *"), zone("Europe/Amsterdam"), utc("2026-03-29T00:00Z"), utc("2026-03-29T02:00Z"));
  EXPECT_EQ(formatted(gap), (std::vector<std::string>{"2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"}));
}

TEST(FireDst, PolicyFollowsTheVixieWildcardRule) {
  EXPECT_EQ(cron_dst_policy(cron("30 2 * * *")), kCronFixedTimePolicy);
  EXPECT_EQ(cron_dst_policy(cron("0-59/30 2 * * *")), kCronFixedTimePolicy);  // no leading `*`
  EXPECT_EQ(cron_dst_policy(cron("0 0-23/2 * * *")), kCronFixedTimePolicy);
  EXPECT_EQ(cron_dst_policy(cron("0 */2 * * *")), kCronWildcardPolicy);
  EXPECT_EQ(cron_dst_policy(cron("*/5 3 * * *")), kCronWildcardPolicy);
  EXPECT_EQ(cron_dst_policy(cron("@hourly")), kCronWildcardPolicy);
  EXPECT_EQ(cron_dst_policy(cron("@daily")), kCronFixedTimePolicy);
}

TEST(FireDst, ResolveLocalUnderEachPolicy) {
  const schedc::schedule::tz::Zone& z = zone("America/New_York");
  const LocalTime gap = local("2026-03-08T02:30");
  EXPECT_EQ(formatted(resolve_local(z, gap, kCronFixedTimePolicy)), std::vector<std::string>{"2026-03-08T07:00:00Z"});
  EXPECT_TRUE(resolve_local(z, gap, kCronWildcardPolicy).empty());
  const LocalTime twice = local("2026-11-01T01:30");
  EXPECT_EQ(formatted(resolve_local(z, twice, {GapRule::Skip, OverlapRule::First})),
            std::vector<std::string>{"2026-11-01T05:30:00Z"});
  EXPECT_EQ(formatted(resolve_local(z, twice, {GapRule::Skip, OverlapRule::Second})),
            std::vector<std::string>{"2026-11-01T06:30:00Z"});
  EXPECT_EQ(formatted(resolve_local(z, twice, {GapRule::Skip, OverlapRule::Both})),
            (std::vector<std::string>{"2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"}));
  EXPECT_EQ(formatted(resolve_local(z, local("2026-07-01T12:00"), kCronWildcardPolicy)),
            std::vector<std::string>{"2026-07-01T16:00:00Z"});
}

TEST(FireDst, LordHoweThirtyMinuteShifts) {
  const schedc::schedule::tz::Zone& z = zone("Australia/Lord_Howe");
  // 02:00 -> 02:30 on 4 October 2026: 02:15 runs at 02:30 (+11:00).
  const auto gap = next_fires(cron("15 2 * * *"), z, utc("2026-10-03T00:00Z"), 1);
  ASSERT_EQ(gap.size(), 1u);
  EXPECT_EQ(format_in_zone(gap[0].instant, z), "2026-10-04T02:30:00+11:00");
  // 02:00 -> 01:30 on 5 April 2026: 01:45 occurs twice, runs at the first (+11:00).
  const auto overlap = next_fires(cron("45 1 * * *"), z, utc("2026-04-04T00:00Z"), 1);
  ASSERT_EQ(overlap.size(), 1u);
  EXPECT_EQ(format_in_zone(overlap[0].instant, z), "2026-04-05T01:45:00+11:00");
}

TEST(FireDst, MidnightGapMovesToTheGapEnd) {
  // America/Santiago springs forward at 24:00 on Saturday 5 September 2026: 00:00-00:59 on the 6th do not exist.
  const schedc::schedule::tz::Zone& z = zone("America/Santiago");
  const auto fires = next_fires(cron("30 0 * * *"), z, utc("2026-09-05T12:00Z"), 2);
  ASSERT_EQ(fires.size(), 2u);
  EXPECT_EQ(format_in_zone(fires[0].instant, z), "2026-09-06T01:00:00-03:00");
  EXPECT_EQ(fires[0].kind, FireKind::AfterGap);
  EXPECT_EQ(format_in_zone(fires[1].instant, z), "2026-09-07T00:30:00-03:00");
}

// ---------------------------------------------------------------------------------------------------------------
// Enumeration
// ---------------------------------------------------------------------------------------------------------------

TEST(FireEnumeration, EveryMinuteForTwoYearsFiresAtEveryRealMinute) {
  // A wildcard job runs at real instants: exactly one fire per UTC minute, DST or not. The engine expands days,
  // so this is fast; the assertion is only about correctness.
  const Instant from = utc("2026-01-01T00:00Z");
  const Instant to = utc("2028-01-01T00:00Z");
  const auto fires = fires_between(cron("* * * * *"), zone("Europe/Amsterdam"), from, to);
  EXPECT_EQ(fires.size(), static_cast<std::size_t>((to - from) / minutes{1}));
  EXPECT_EQ(fires.front().instant, from + minutes{1});
  EXPECT_EQ(fires.back().instant, to);
}

TEST(FireEnumeration, DailyForTwoYearsKeepsTheWallClock) {
  const schedc::schedule::tz::Zone& z = zone("America/New_York");
  const auto fires = fires_between(cron("0 6 * * *"), z, utc("2026-01-01T00:00Z"), utc("2028-01-01T00:00Z"));
  ASSERT_EQ(fires.size(), 730u);
  for (const Fire& fire : fires) {
    EXPECT_EQ(format_in_zone(fire.instant, z).substr(10, 9), "T06:00:00");
    EXPECT_EQ(fire.kind, FireKind::Normal);
  }
}

TEST(FireEnumeration, RareDaysAreFoundYearsAhead) {
  // The fifth Monday of February: only in leap years whose February starts on a Monday.
  const auto fires = next_fires(cron("0 0 * 2 MON#5"), zone("UTC"), utc("2026-01-01T00:00Z"), 2);
  EXPECT_EQ(formatted(fires), (std::vector<std::string>{"2044-02-29T00:00:00Z", "2072-02-29T00:00:00Z"}));
}

TEST(FireEnumeration, ACronThatNeverFiresEndsTheSearch) {
  CronExpr never = cron("0 0 * * *");
  never.months.reset();  // schedule::cron::parse rejects such expressions; the engine still terminates
  EXPECT_TRUE(next_fires(never, zone("UTC"), utc("2026-01-01T00:00Z"), 3).empty());
}

TEST(FireEnumeration, CursorIsLazyAndStrictlyAfter) {
  FireCursor cursor(cron("0 12 * * *"), zone("UTC"), utc("2026-05-01T12:00Z"));
  EXPECT_EQ(format_utc(cursor.next()->instant), "2026-05-02T12:00:00Z");
  EXPECT_EQ(format_utc(cursor.next()->instant), "2026-05-03T12:00:00Z");
  FireCursor bounded(cron("0 12 * * *"), zone("UTC"), utc("2026-05-01T00:00Z"), utc("2026-05-02T12:00Z"));
  EXPECT_EQ(drain(bounded).size(), 2u);  // the bound is inclusive
}

TEST(FireEnumeration, DayMaskFollowsTheVixieRule) {
  // January 2026 starts on a Thursday.
  EXPECT_EQ(cron_day_mask(cron("0 0 13 * 5"), 2026, 1),
            (1u << 2) | (1u << 9) | (1u << 13) | (1u << 16) | (1u << 23) | (1u << 30));
  EXPECT_EQ(cron_day_mask(cron("0 0 */2 * 5"), 2026, 1), (1u << 9) | (1u << 23));  // odd days that are Fridays
  EXPECT_EQ(cron_day_mask(cron("0 0 L * *"), 2026, 2), 1u << 28);
  EXPECT_EQ(cron_day_mask(cron("0 0 L * *"), 2028, 2), 1u << 29);
  EXPECT_EQ(cron_day_mask(cron("0 0 * * THU#5"), 2026, 1), 1u << 29);
  EXPECT_EQ(cron_day_mask(cron("0 0 * 2 *"), 2026, 1), 0u);
}

// ---------------------------------------------------------------------------------------------------------------
// Transitions and comparisons
// ---------------------------------------------------------------------------------------------------------------

TEST(FireTransitions, AmsterdamHasTwoPerYear) {
  const auto list = transitions(zone("Europe/Amsterdam"), utc("2026-01-01T00:00Z"), utc("2027-01-01T00:00Z"));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(format_utc(list[0].at), "2026-03-29T01:00:00Z");
  EXPECT_TRUE(list[0].is_gap());
  EXPECT_EQ(list[0].shift(), hours{1});
  EXPECT_EQ(format_local(list[0].local_from()), "2026-03-29T02:00:00");
  EXPECT_EQ(format_local(list[0].local_to()), "2026-03-29T03:00:00");
  EXPECT_EQ(format_utc(list[1].at), "2026-10-25T01:00:00Z");
  EXPECT_FALSE(list[1].is_gap());
  EXPECT_EQ(format_local(list[1].local_from()), "2026-10-25T02:00:00");
  EXPECT_EQ(format_local(list[1].local_to()), "2026-10-25T03:00:00");
}

TEST(FireTransitions, ZonesWithoutDstHaveNone) {
  EXPECT_TRUE(transitions(zone("Asia/Kolkata"), utc("2026-01-01T00:00Z"), utc("2030-01-01T00:00Z")).empty());
  EXPECT_TRUE(transitions(zone("UTC"), utc("2026-01-01T00:00Z"), utc("2030-01-01T00:00Z")).empty());
}

TEST(FireTransitions, LordHoweShiftsByThirtyMinutes) {
  const auto list = transitions(zone("Australia/Lord_Howe"), utc("2026-01-01T00:00Z"), utc("2027-01-01T00:00Z"));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].shift(), minutes{30});
  EXPECT_FALSE(list[0].is_gap());
  EXPECT_TRUE(list[1].is_gap());
}

TEST(FireTransitions, WindowCoversEveryPolicyDifference) {
  const auto list = transitions(zone("Europe/Amsterdam"), utc("2026-01-01T00:00Z"), utc("2027-01-01T00:00Z"));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_TRUE(list[1].window_contains(utc("2026-10-25T00:00Z")));  // first 02:00
  EXPECT_TRUE(list[1].window_contains(utc("2026-10-25T02:00Z")));  // second 02:59 + 1 min
  EXPECT_FALSE(list[1].window_contains(utc("2026-10-25T02:01Z")));
}

TEST(FireCompare, SeparatesDifferencesInsideAndOutsideTransitions) {
  const schedc::schedule::tz::Zone& z = zone("Europe/Amsterdam");
  const Instant from = utc("2026-03-25T00:00Z");
  const Instant to = utc("2026-04-02T00:00Z");
  const auto source = fires_between(cron("30 2 * * *"), z, from, to);
  WallClockRule skip_rule = cron_rule(cron("30 2 * * *"));
  skip_rule.policy = {GapRule::Skip, OverlapRule::Second};
  WallClockCursor skip(std::move(skip_rule), z, from, to);
  const auto target = drain(skip);
  std::vector<Fire> broken = source;
  broken.erase(broken.begin());  // a missing fire on an ordinary day
  const FireComparison dst = compare_fires(source, target, transitions(z, from, to));
  EXPECT_TRUE(dst.outside_transitions.empty());
  ASSERT_EQ(dst.inside_transitions.size(), 1u);
  EXPECT_EQ(format_utc(dst.inside_transitions[0].instant), "2026-03-29T01:00:00Z");
  EXPECT_TRUE(dst.inside_transitions[0].in_reference);
  EXPECT_FALSE(dst.inside_transitions[0].in_candidate);
  const FireComparison bug = compare_fires(source, broken, transitions(z, from, to));
  ASSERT_EQ(bug.outside_transitions.size(), 1u);
  EXPECT_EQ(format_utc(bug.outside_transitions[0].instant), "2026-03-25T01:30:00Z");
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting and parsing times
// ---------------------------------------------------------------------------------------------------------------

TEST(FireTimes, ParseAndFormat) {
  EXPECT_EQ(format_utc(utc("2026-03-29T01:00:00Z")), "2026-03-29T01:00:00Z");
  EXPECT_EQ(format_utc(utc("2028-02-29T23:59Z")), "2028-02-29T23:59:00Z");
  EXPECT_EQ(format_utc(utc("2026-01-01T00:00:00+00:00")), "2026-01-01T00:00:00Z");
  EXPECT_FALSE(parse_utc("2026-02-29T00:00Z").has_value());
  EXPECT_FALSE(parse_utc("2026-01-01T24:00Z").has_value());
  EXPECT_FALSE(parse_utc("2026-01-01T00:00").has_value());
  EXPECT_FALSE(parse_utc("2026-01-01").has_value());
  EXPECT_FALSE(parse_local("2026-01-01T00:00Z").has_value());
  EXPECT_EQ(format_local(local("2026-10-25T02:30")), "2026-10-25T02:30:00");
  EXPECT_EQ(format_in_zone(utc("2026-06-01T00:00Z"), zone("America/New_York")), "2026-05-31T20:00:00-04:00");
  EXPECT_EQ(format_in_zone(utc("2026-06-01T00:00Z"), zone("Asia/Kolkata")), "2026-06-01T05:30:00+05:30");
}

// ---------------------------------------------------------------------------------------------------------------
// Invalid cron expressions (schedule::cron::parse): position and message
// ---------------------------------------------------------------------------------------------------------------

struct InvalidCase {
  const char* text;
  std::uint32_t begin;
  std::uint32_t end;
  const char* message;  // a substring of the message
};

constexpr InvalidCase kInvalid[] = {
    {"", 0, 0, "empty cron expression"},
    {"   ", 0, 3, "empty cron expression"},
    {"0 0 * *", 0, 7, "has 4 fields, expected 5"},
    {"0", 0, 1, "has 1 field, expected 5"},
    {"0 0 * * * *", 0, 1, "has 6 fields"},
    {"0 0 12 * * ? 2025", 11, 17, "has 7 fields"},
    {"0 0 * * * * * *", 10, 15, "has 8 fields"},
    {"60 * * * *", 0, 2, "minute value 60 is out of range 0-59"},
    {"-1 * * * *", 0, 1, "unexpected `-` in the minute field"},
    {"0 24 * * *", 2, 4, "hour value 24 is out of range 0-23"},
    {"0 0 0 * *", 4, 5, "day-of-month value 0 is out of range 1-31"},
    {"0 0 32 * *", 4, 6, "day-of-month value 32 is out of range 1-31"},
    {"0 0 * 0 *", 6, 7, "month value 0 is out of range 1-12"},
    {"0 0 * 13 *", 6, 8, "month value 13 is out of range 1-12"},
    {"0 0 * * 8", 8, 9, "day-of-week value 8 is out of range 0-7"},
    {"0 0 * * 99999999999", 8, 19, "day-of-week value 99999999999 is out of range"},
    {"*/0 * * * *", 2, 3, "step 0 in the minute field"},
    {"*/60 * * * *", 2, 4, "step 60 is larger than the minute field's span 0-59"},
    {"0 */24 * * *", 4, 6, "step 24 is larger than the hour field's span"},
    {"0 0 */31 * *", 6, 8, "step 31 is larger than the day-of-month field's span"},
    {"0 0 * */12 *", 8, 10, "step 12 is larger than the month field's span"},
    {"30-10 * * * *", 0, 5, "reversed range `30-10` in the minute field"},
    {"0 0 * * 5-0", 8, 11, "reversed range `5-0` in the day-of-week field"},
    {"0,,5 * * * *", 1, 3, "empty item in the minute list"},
    {"0, * * * *", 1, 2, "empty item in the minute list"},
    {",0 * * * *", 0, 1, "empty item in the minute list"},
    {"0 0 ? * *", 4, 5, "`?` is not supported in the day-of-month field"},
    {"0 0 * * ?", 8, 9, "`?` is not supported in the day-of-week field"},
    {"0 0 15W * *", 6, 7, "`W` (nearest weekday) is not supported"},
    {"0 0 LW * *", 4, 6, "`W` (nearest weekday) is not supported"},
    {"0 0 L,15W * *", 8, 9, "`W` (nearest weekday) is not supported"},
    {"0 0 L-2 * *", 4, 5, "`L` must stand alone in the day-of-month field"},
    {"0 0 * * 5L", 9, 10, "`L` (last weekday of the month) is not supported in the day-of-week field"},
    {"0 0 * L *", 6, 7, "`L` is not allowed in the month field"},
    {"L 0 * * *", 0, 1, "`L` is not allowed in the minute field"},
    {"0 0 * * MON#6", 12, 13, "day-of-week occurrence 6 is out of range 1-5"},
    {"0 0 * * MON#0", 12, 13, "day-of-week occurrence 0 is out of range 1-5"},
    {"0 0 * * MON#", 11, 12, "expected an occurrence 1-5 after `#`"},
    {"0 0 * * MON-FRI#2", 15, 16, "`#` cannot be combined with `*`, ranges or steps"},
    {"0 0 * * */2#1", 11, 12, "`#` cannot be combined with `*`, ranges or steps"},
    {"0 0 1#2 * *", 5, 6, "`#` is not allowed in the day-of-month field"},
    {"0 0 * JANUARY *", 6, 13, "unknown month name `JANUARY`"},
    {"0 0 * * MONDAY", 8, 14, "unknown weekday name `MONDAY`"},
    {"0 0 * FOO *", 6, 9, "unknown month name `FOO`"},
    {"@reboot", 0, 7, "`@reboot` is not a time-based schedule"},
    {"@every 5m", 0, 6, "unknown cron macro `@every`"},
    {"@daily 0", 7, 8, "unexpected text after the macro `@daily`"},
    {"0 0 30 2 *", 4, 8, "this schedule never fires"},
    {"0 0 31 4,6,9,11 *", 4, 15, "this schedule never fires"},
    {"0 12 30,31 2 *", 5, 12, "this schedule never fires"},
    {"a * * * *", 0, 1, "unexpected `a` in the minute field"},
    {"1.5 * * * *", 1, 2, "unexpected `.` in the minute field"},
    {"\x01 * * * *", 0, 1, "unexpected `\\x01` in the minute field"},
    {"0 0 * * SUN-", 11, 12, "expected a day-of-week value after `-`"},
    {"0 0 1- * *", 5, 6, "expected a day-of-month value after `-`"},
    {"0 0 * * 1/", 9, 10, "expected a step after `/` in the day-of-week field"},
    {"5/ * * * *", 1, 2, "expected a step after `/` in the minute field"},
};

TEST(CronInvalid, PositionAndMessage) {
  EXPECT_GE(std::size(kInvalid), 40u);
  for (const InvalidCase& c : kInvalid) {
    SCOPED_TRACE(::testing::PrintToString(std::string(c.text)));
    const auto parsed = schedc::schedule::cron::parse(c.text);
    ASSERT_FALSE(parsed.expr.has_value());
    ASSERT_TRUE(parsed.error.has_value());
    EXPECT_EQ(parsed.error->begin, c.begin);
    EXPECT_EQ(parsed.error->end, c.end);
    EXPECT_NE(parsed.error->message.find(c.message), std::string::npos) << parsed.error->message;
    EXPECT_FALSE(parsed.error->help.empty());
  }
}

}  // namespace
