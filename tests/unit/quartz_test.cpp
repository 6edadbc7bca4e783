// Unit tests for Quartz (compiler/schedule/quartz/quartz.hpp): lowering cron -> Quartz, the Quartz parser, the Quartz
// simulator (Databricks DST behaviour), and the check of the lowering against the source semantics over a horizon
// with every DST transition of two years, every month end and a leap day.
#include "compiler/schedule/quartz/quartz.hpp"
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

using namespace schedc::schedule::quartz;
using schedc::schedule::Fire;
using schedc::schedule::FireKind;
using schedc::schedule::format_in_zone;
using schedc::schedule::format_utc;
using schedc::schedule::Instant;

QuartzExpr quartz(std::string_view text) {
  const ParseResult parsed = parse(text);
  if (!parsed.expr) throw std::runtime_error("bad Quartz `" + std::string(text) + "`: " + *parsed.error);
  return *parsed.expr;
}

std::string lowered(std::string_view text) {
  const LoweringResult result = to_quartz(cron(text));
  EXPECT_FALSE(result.error.has_value()) << text << ": " << (result.error ? result.error->message : "");
  return result.expression.value_or("");
}

LoweringError lowering_error(std::string_view text) {
  const LoweringResult result = to_quartz(cron(text));
  EXPECT_FALSE(result.expression.has_value()) << text << " -> " << result.expression.value_or("");
  return result.error.value_or(LoweringError{});
}

std::vector<std::string> utc_list(const std::vector<Fire>& fires) {
  std::vector<std::string> out;
  for (const Fire& fire : fires) out.push_back(format_utc(fire.instant));
  return out;
}

std::vector<int> days(std::uint32_t mask) {
  std::vector<int> out;
  for (int d = 1; d <= 31; ++d) {
    if (mask & (1u << d)) out.push_back(d);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Lowering
// ---------------------------------------------------------------------------------------------------------------

TEST(QuartzLower, TimesAndEveryDay) {
  EXPECT_EQ(lowered("30 2 * * *"), "0 30 2 * * ?");
  EXPECT_EQ(lowered("@daily"), "0 0 0 * * ?");
  EXPECT_EQ(lowered("@hourly"), "0 0 * * * ?");
  EXPECT_EQ(lowered("*/15 * * * *"), "0 */15 * * * ?");
  EXPECT_EQ(lowered("5/15 * * * *"), "0 5/15 * * * ?");
  EXPECT_EQ(lowered("0-4,30-32 12 * * *"), "0 0-4,30-32 12 * * ?");
  EXPECT_EQ(lowered("30 8-18/3 * * *"), "0 30 8-18/3 * * ?");
}

TEST(QuartzLower, DayOfWeekUsesNames) {
  EXPECT_EQ(lowered("0 9 * * 1-5"), "0 0 9 ? * MON-FRI");
  EXPECT_EQ(lowered("0 9 * * MON-FRI"), "0 0 9 ? * MON-FRI");
  EXPECT_EQ(lowered("0 10 * * SAT,SUN"), "0 0 10 ? * SUN,SAT");
  EXPECT_EQ(lowered("0 0 * * 7"), "0 0 0 ? * SUN");
  EXPECT_EQ(lowered("0 0 * * 5-7"), "0 0 0 ? * SUN,FRI,SAT");
  EXPECT_EQ(lowered("0 0 * * */2"), "0 0 0 ? * SUN,TUE,THU,SAT");
  EXPECT_EQ(lowered("@weekly"), "0 0 0 ? * SUN");
  EXPECT_EQ(lowered("0 8 * jan,jul mon"), "0 0 8 ? JAN,JUL MON");
}

TEST(QuartzLower, NthWeekday) {
  EXPECT_EQ(lowered("0 6 * * MON#1"), "0 0 6 ? * MON#1");
  EXPECT_EQ(lowered("0 6 * * 5#3"), "0 0 6 ? * FRI#3");
  EXPECT_EQ(lowered("0 0 * * 7#2"), "0 0 0 ? * SUN#2");
}

TEST(QuartzLower, DayOfMonthAndMonths) {
  EXPECT_EQ(lowered("0 0 L * *"), "0 0 0 L * ?");
  EXPECT_EQ(lowered("0 0 1,15 * *"), "0 0 0 1,15 * ?");
  EXPECT_EQ(lowered("0 0 */10 * *"), "0 0 0 */10 * ?");
  EXPECT_EQ(lowered("0 0 29 2 *"), "0 0 0 29 2 ?");
  EXPECT_EQ(lowered("0 0 1 */3 *"), "0 0 0 1 */3 ?");
  EXPECT_EQ(lowered("0 0 1 MAR-MAY *"), "0 0 0 1 MAR-MAY ?");
  EXPECT_EQ(lowered("@yearly"), "0 0 0 1 1 ?");
  // Quartz drops a step after a month name: written as numbers.
  EXPECT_EQ(lowered("0 0 1 JAN/3 *"), "0 0 0 1 1,4,7,10 ?");
  EXPECT_EQ(lowered("0 0 1 FEB-12 *"), "0 0 0 1 2-12 ?");
}

TEST(QuartzLower, UnrestrictedDayFieldUnderTheOrRuleIsEveryDay) {
  EXPECT_EQ(lowered("0 0 1-31 * 5"), "0 0 0 * * ?");
  EXPECT_EQ(lowered("0 0 13 * 0-6"), "0 0 0 * * ?");
  EXPECT_EQ(lowered("0 0 */2 * 0-6"), "0 0 0 */2 * ?");  // AND rule: only the day of month restricts
  EXPECT_EQ(lowered("0 0 */1 * 1-5"), "0 0 0 ? * MON-FRI");
}

TEST(QuartzLower, Errors) {
  const LoweringError or_rule = lowering_error("0 0 13 * 5");
  EXPECT_NE(or_rule.message.find("EITHER"), std::string::npos);
  EXPECT_NE(or_rule.help.find("`0 0 13 * *`"), std::string::npos);
  EXPECT_NE(or_rule.help.find("`0 0 * * 5`"), std::string::npos);
  const LoweringError and_rule = lowering_error("0 0 */2 * MON");
  EXPECT_NE(and_rule.message.find("BOTH"), std::string::npos);
  EXPECT_NE(lowering_error("0 0 * * MON#1,MON#3").message.find("`#`"), std::string::npos);
  EXPECT_NE(lowering_error("0 0 * * MON#1,FRI").message.find("misreads"), std::string::npos);
  const LoweringError last = lowering_error("0 0 1,L * *");
  EXPECT_NE(last.message.find("`L`"), std::string::npos);
  EXPECT_NE(last.help.find("`0 0 1 * *`"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------------------------

TEST(QuartzParse, CommonForms) {
  for (const char* text : {"0 0 12 * * ?",       "0 15 10 ? * *",           "0 15 10 * * ? 2026",  "0 0/5 14 * * ?",
                           "0 0-5 14 * * ?",     "0 10,44 14 ? 3 WED",      "0 15 10 ? * MON-FRI", "0 15 10 15 * ?",
                           "0 15 10 L * ?",      "0 15 10 L-2 * ?",         "0 15 10 ? * 6L",      "0 15 10 ? * 6#3",
                           "0 0 12 1/5 * ?",     "0 11 11 11 11 ?",         "0 0 0 LW * ?",        "0 0 0 15W * ?",
                           "0 0 22-2 * * ?",     "0 0 0 ? * FRI-MON",       "0 0 0 ? * L",         "0 0 0 ? * FRI#3",
                           "0 0 0 ? * FRIL",     "0 0 0 1 1 ? 2026-2030/2", "  0   0 0 * * ?  ",   "0 0 0 L-3W * ?",
                           "0 0 0 ? jan-mar sun"}) {
    const ParseResult parsed = parse(text);
    EXPECT_TRUE(parsed.expr.has_value()) << text << ": " << parsed.error.value_or("");
  }
}

TEST(QuartzParse, Values) {
  const QuartzExpr q = quartz("0 0/5 14 ? 3 WED");
  EXPECT_EQ(q.minutes.count(), 12u);
  EXPECT_TRUE(q.minutes.test(55));
  EXPECT_TRUE(q.hours.test(14));
  EXPECT_TRUE(q.dom_unspecified);
  EXPECT_TRUE(q.months.test(3));
  EXPECT_EQ(q.days_of_week.count(), 1u);
  EXPECT_TRUE(q.days_of_week.test(4));  // WED = 4
  const QuartzExpr wrap = quartz("0 0 22-2 ? * FRI-MON");
  EXPECT_EQ(wrap.hours.count(), 5u);
  EXPECT_TRUE(wrap.hours.test(0));
  EXPECT_TRUE(wrap.hours.test(23));
  EXPECT_EQ(wrap.days_of_week.count(), 4u);  // FRI SAT SUN MON
  EXPECT_TRUE(wrap.days_of_week.test(7));
  EXPECT_TRUE(wrap.days_of_week.test(1));
  EXPECT_TRUE(quartz("0 0 0 ? * L").days_of_week.test(7));  // `L` alone is Saturday
  EXPECT_FALSE(quartz("0 0 0 ? * L").last_weekday_of_month);
  const QuartzExpr years = quartz("0 0 0 1 1 ? 2026-2030/2");
  EXPECT_EQ(years.years.count(), 3u);
  EXPECT_EQ(quartz("0 15 10 L-2 * ?").last_day_offset, 2);
  EXPECT_EQ(quartz("0 15 10 ? * 6#3").nth_occurrence, 3);
}

TEST(QuartzParse, Errors) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"0 0 12 * * *", "exactly one of the day-of-month and day-of-week fields must be `?`"},
      {"0 0 12 ? * ?", "exactly one of the day-of-month and day-of-week fields must be `?`"},
      {"0 0 12 * *", "6 or 7 fields"},
      {"0 0 12 * * ? 2026 1", "6 or 7 fields"},
      {"0 0 24 * * ?", "hour value 24 is out of range 0-23"},
      {"0 60 * * * ?", "minute value 60 is out of range 0-59"},
      {"0 0 0 0 * ?", "day-of-month value 0 is out of range 1-31"},
      {"0 0 0 ? * 0", "day-of-week value 0 is out of range 1-7"},
      {"0 0 0 ? * 8", "day-of-week value 8 is out of range 1-7"},
      {"0 0 0 ? * 6#3,2", "misreads"},
      {"0 0 0 ? * 6L,2", "must stand alone"},
      {"0 0 0 1,15W * ?", "`W` to every item"},
      {"0 0 0 1,L * ?", "rejects `L` in a list"},
      {"0 0 0 ? * MON/2", "a step after a name"},
      {"0 0 0 ? JAN-JUN/2 *", "a step after a name"},
      {"? 0 0 * * ?", "`?` is only allowed"},
      {"0 0 0 ? * 6#6", "1-5"},
      {"0 0 0 L-31 * ?", "at most 30"},
      {"0 0 0 32W * ?", "out of range 1-31"},
      {"0 0 0 * * ? 1969", "year value 1969"},
      {"0 0 0 * * ? 2030-2026", "reversed range"},
      {"0 */0 * * * ?", "step 0"},
      {"0 0 0 ? * MON-3", "mixes a name and a number"},
      {"0 0 0 ? * FOO", "unexpected"},
      {"0 0 0 1-15W * ?", "must stand alone"},
  };
  for (const auto& [text, message] : cases) {
    const ParseResult parsed = parse(text);
    EXPECT_FALSE(parsed.expr.has_value()) << text;
    EXPECT_NE(parsed.error.value_or("").find(message), std::string::npos) << text << ": " << parsed.error.value_or("");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Matching and simulation
// ---------------------------------------------------------------------------------------------------------------

TEST(QuartzSim, DayOfMonthSpecials) {
  EXPECT_EQ(days(day_mask(quartz("0 0 0 L * ?"), 2028, 2)), std::vector<int>{29});
  EXPECT_EQ(days(day_mask(quartz("0 0 0 L-2 * ?"), 2026, 2)), std::vector<int>{26});
  // 31 January 2026 is a Saturday, 31 May 2026 a Sunday: the last weekday is the Friday before.
  EXPECT_EQ(days(day_mask(quartz("0 0 0 LW * ?"), 2026, 1)), std::vector<int>{30});
  EXPECT_EQ(days(day_mask(quartz("0 0 0 LW * ?"), 2026, 5)), std::vector<int>{29});
  // 15 February 2026 is a Sunday -> Monday 16; 1 August 2026 is a Saturday -> Monday 3 (never the previous month).
  EXPECT_EQ(days(day_mask(quartz("0 0 0 15W * ?"), 2026, 2)), std::vector<int>{16});
  EXPECT_EQ(days(day_mask(quartz("0 0 0 1W * ?"), 2026, 8)), std::vector<int>{3});
  EXPECT_EQ(days(day_mask(quartz("0 0 0 15W * ?"), 2026, 1)), std::vector<int>{15});  // a Thursday
  EXPECT_TRUE(days(day_mask(quartz("0 0 0 31W * ?"), 2026, 4)).empty());
  EXPECT_EQ(days(day_mask(quartz("0 0 0 1/10 * ?"), 2026, 2)), (std::vector<int>{1, 11, 21}));
}

TEST(QuartzSim, DayOfWeekSpecials) {
  // January 2026: Fridays 2, 9, 16, 23, 30; Saturdays 3, 10, 17, 24, 31.
  EXPECT_EQ(days(day_mask(quartz("0 0 0 ? * 6L"), 2026, 1)), std::vector<int>{30});
  EXPECT_EQ(days(day_mask(quartz("0 0 0 ? * 6#3"), 2026, 1)), std::vector<int>{16});
  EXPECT_EQ(days(day_mask(quartz("0 0 0 ? * FRI#5"), 2026, 1)), std::vector<int>{30});
  EXPECT_TRUE(days(day_mask(quartz("0 0 0 ? * FRI#5"), 2026, 2)).empty());
  EXPECT_EQ(days(day_mask(quartz("0 0 0 ? * L"), 2026, 1)), (std::vector<int>{3, 10, 17, 24, 31}));
  EXPECT_EQ(days(day_mask(quartz("0 0 0 ? * 2-6"), 2026, 1)).size(), 22u);
  EXPECT_TRUE(date_matches(quartz("0 0 0 ? * 1"), 2026, 1, 4));  // Sunday = 1
}

TEST(QuartzSim, YearsAndSeconds) {
  const auto fires =
      fires_between(quartz("0 0 0 1 1 ? 2027"), zone("UTC"), utc("2026-01-01T00:00Z"), utc("2030-01-01T00:00Z"));
  EXPECT_EQ(utc_list(fires), std::vector<std::string>{"2027-01-01T00:00:00Z"});
  const auto seconds =
      fires_between(quartz("15,45 0 0 * * ?"), zone("UTC"), utc("2026-01-01T00:00Z"), utc("2026-01-01T12:00Z"));
  EXPECT_EQ(utc_list(seconds), (std::vector<std::string>{"2026-01-01T00:00:15Z", "2026-01-01T00:00:45Z"}));
}

TEST(QuartzSim, GapTimesAreSkipped) {
  const auto fires = fires_between(quartz("0 30 2 * * ?"), zone("Europe/Amsterdam"), utc("2026-03-28T00:00Z"),
                                   utc("2026-03-31T00:00Z"));
  EXPECT_EQ(utc_list(fires), (std::vector<std::string>{"2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z"}));
}

TEST(QuartzSim, RepeatedTimesFireOnceAtTheSecondOccurrence) {
  const auto fixed = fires_between(quartz("0 30 2 * * ?"), zone("Europe/Amsterdam"), utc("2026-10-24T12:00Z"),
                                   utc("2026-10-25T12:00Z"));
  ASSERT_EQ(utc_list(fixed), std::vector<std::string>{"2026-10-25T01:30:00Z"});  // 02:30 CET
  EXPECT_EQ(fixed[0].kind, FireKind::OverlapSecond);
  // Also for wildcard schedules: nothing in the first pass through 02:00-03:00.
  const auto wild = fires_between(quartz("0 */30 * * * ?"), zone("Europe/Amsterdam"), utc("2026-10-24T23:00Z"),
                                  utc("2026-10-25T02:00Z"));
  EXPECT_EQ(utc_list(wild), (std::vector<std::string>{"2026-10-24T23:30:00Z", "2026-10-25T01:00:00Z",
                                                      "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z"}));
}

TEST(QuartzSim, LordHowe) {
  const schedc::schedule::tz::Zone& z = zone("Australia/Lord_Howe");
  EXPECT_TRUE(fires_between(quartz("0 15 2 * * ?"), z, utc("2026-10-03T12:00Z"), utc("2026-10-04T00:00Z")).empty());
  const auto overlap = fires_between(quartz("0 45 1 * * ?"), z, utc("2026-04-04T12:00Z"), utc("2026-04-05T00:00Z"));
  ASSERT_EQ(overlap.size(), 1u);
  EXPECT_EQ(format_in_zone(overlap[0].instant, z), "2026-04-05T01:45:00+10:30");
}

// ---------------------------------------------------------------------------------------------------------------
// to_quartz against the source semantics
// ---------------------------------------------------------------------------------------------------------------

using schedc::testing::kHorizonFrom;
using schedc::testing::kHorizonTo;

// Every reference case, and every documented shape in each zone of the reference.
std::vector<std::pair<std::string, std::string>> lowering_cases() {
  return schedc::testing::lowering_cases({"*/15 * * * *", "30 2 * * *", "0 */2 * * *", "30 2 * * MON-FRI", "0 4 L * *", "0 6 * * MON#1",
          "0 0 1 JAN/3 *", "0 0 */2 * 0-6", "0 3 * 2 *", "0 0 29 2 *", "0 0 * * 5-7", "0 12 1-7 * *", "0 12 * * */2"});
}

TEST(QuartzLowering, FiresLikeTheSourceOutsideDstTransitions) {
  std::size_t cases = 0, lowered_count = 0, rejected = 0, equal = 0, inside = 0;
  std::vector<std::string> lines;
  const Instant from = utc(kHorizonFrom);
  const Instant to = utc(kHorizonTo);
  for (const auto& [text, zone_name] : lowering_cases()) {
    ++cases;
    const schedc::schedule::cron::CronExpr expr = cron(text);
    const LoweringResult lowering = to_quartz(expr);
    if (lowering.error) {
      ++rejected;
      continue;
    }
    ++lowered_count;
    const ParseResult parsed = parse(*lowering.expression);
    ASSERT_TRUE(parsed.expr.has_value()) << *lowering.expression << ": " << parsed.error.value_or("");
    const schedc::schedule::tz::Zone& z = zone(zone_name);
    const bool dense = expr.hours.count() * expr.minutes.count() > 48;
    const std::vector<schedc::schedule::Span> spans =
        dense ? schedc::schedule::critical_spans(z, from, to) : std::vector<schedc::schedule::Span>{{from, to}};
    const auto transitions = schedc::schedule::transitions(z, from, to);
    schedc::schedule::FireComparison comparison;
    for (const auto& span : spans) {
      schedc::schedule::FireCursor source(expr, z, span.from, span.to);
      QuartzCursor target(*parsed.expr, z, span.from, span.to);
      const auto part = schedc::schedule::compare_cursors(source, target, transitions, 1000);
      comparison.outside_transitions.insert(comparison.outside_transitions.end(), part.outside_transitions.begin(),
                                            part.outside_transitions.end());
      comparison.inside_transitions.insert(comparison.inside_transitions.end(), part.inside_transitions.begin(),
                                           part.inside_transitions.end());
    }
    if (!comparison.outside_transitions.empty()) {
      const auto& d = comparison.outside_transitions.front();
      ADD_FAILURE() << "to_quartz(`" << text << "`) = `" << *lowering.expression << "` in " << zone_name << " "
                    << (d.in_reference ? "misses" : "adds") << " a fire at " << format_in_zone(d.instant, z)
                    << " outside any DST transition";
    }
    if (comparison.inside_transitions.empty()) {
      ++equal;
      continue;
    }
    ++inside;
    std::string line = "  `" + text + "` -> `" + *lowering.expression + "` in " + zone_name + ": " +
                       std::to_string(comparison.inside_transitions.size()) + " difference(s), e.g.";
    for (std::size_t i = 0; i < std::min<std::size_t>(2, comparison.inside_transitions.size()); ++i) {
      const auto& d = comparison.inside_transitions[i];
      line += std::string(" ") + (d.in_reference ? "source-only " : "Quartz-only ") + format_in_zone(d.instant, z);
    }
    lines.push_back(line);
  }
  std::cout << "[Quartz lowering vs source, " << kHorizonFrom << " .. " << kHorizonTo
            << ", Databricks DST: gap skipped, repeated time at its second occurrence] " << cases
            << " schedules: " << lowered_count << " lowered, " << rejected << " rejected by to_quartz; " << equal
            << " identical, " << inside << " differ only inside DST transitions:\n";
  for (const std::string& line : lines) std::cout << line << "\n";
  EXPECT_GE(lowered_count, 100u);
}

}  // namespace
