// Unit tests for lowering cron schedules to ADF ScheduleTrigger recurrences (compiler/schedule/adf_recurrence.hpp).
#include "compiler/schedule/adf_recurrence.hpp"
#include "compiler/schedule/timezone.hpp"

#include <gtest/gtest.h>

namespace {

using namespace schedc::adf;
using schedc::cron::CronExpr;

CronExpr cron(std::string_view text) {
  const auto parsed = schedc::cron::parse(text);
  EXPECT_TRUE(parsed.expr.has_value()) << text;
  return parsed.expr.value_or(CronExpr{});
}

Recurrence lower_ok(std::string_view text, const ScheduleWindow& window = {}) {
  const LoweringResult result = lower(cron(text), "W. Europe Standard Time", false, window);
  EXPECT_FALSE(result.error.has_value()) << text << ": " << (result.error ? result.error->message : "");
  EXPECT_EQ(result.recurrences.size(), 1u) << text;
  return result.recurrences.empty() ? Recurrence{} : result.recurrences.front();
}

LoweringError lower_error(std::string_view text) {
  const LoweringResult result = lower(cron(text), "W. Europe Standard Time", false, {});
  EXPECT_TRUE(result.recurrences.empty()) << text;
  EXPECT_TRUE(result.error.has_value()) << text;
  return result.error.value_or(LoweringError{});
}

std::vector<int> all_hours() {
  std::vector<int> out;
  for (int h = 0; h < 24; ++h) out.push_back(h);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Supported shapes
// ---------------------------------------------------------------------------------------------------------------

TEST(AdfLower, Daily) {
  const Recurrence r = lower_ok("30 6 * * *");
  EXPECT_EQ(r.frequency, Frequency::Day);
  EXPECT_EQ(r.interval, 1);
  EXPECT_TRUE(r.has_schedule);
  EXPECT_EQ(r.hours, std::vector<int>{6});
  EXPECT_EQ(r.minutes, std::vector<int>{30});
  EXPECT_TRUE(r.week_days.empty());
  EXPECT_TRUE(r.month_days.empty());
  EXPECT_TRUE(r.monthly_occurrences.empty());
  EXPECT_EQ(r.start_time, (LocalDateTime{2025, 1, 1, 0, 0, 0}));
  EXPECT_FALSE(r.end_time.has_value());
  EXPECT_EQ(r.time_zone, "W. Europe Standard Time");
  EXPECT_FALSE(r.utc);
}

TEST(AdfLower, DailyMacro) {
  const Recurrence r = lower_ok("@daily");
  EXPECT_EQ(r.frequency, Frequency::Day);
  EXPECT_EQ(r.hours, std::vector<int>{0});
  EXPECT_EQ(r.minutes, std::vector<int>{0});
}

TEST(AdfLower, EveryTwoHoursFollowsTheWallClock) {
  // Never Hour/2: ADF Hour recurrences keep fixed UTC intervals across DST.
  const Recurrence r = lower_ok("0 */2 * * *");
  EXPECT_EQ(r.frequency, Frequency::Day);
  EXPECT_EQ(r.hours, (std::vector<int>{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22}));
  EXPECT_EQ(r.minutes, std::vector<int>{0});
}

TEST(AdfLower, HourlyAtMinute) {
  const Recurrence r = lower_ok("15 * * * *");
  EXPECT_EQ(r.frequency, Frequency::Day);
  EXPECT_EQ(r.hours, all_hours());
  EXPECT_EQ(r.minutes, std::vector<int>{15});
}

TEST(AdfLower, HoursTimesMinutes) {
  const Recurrence r = lower_ok("0,30 9,17 * * *");
  EXPECT_EQ(r.frequency, Frequency::Day);
  EXPECT_EQ(r.hours, (std::vector<int>{9, 17}));
  EXPECT_EQ(r.minutes, (std::vector<int>{0, 30}));
}

TEST(AdfLower, EveryFifteenMinutes) {
  const Recurrence r = lower_ok("*/15 * * * *");
  EXPECT_EQ(r.frequency, Frequency::Minute);
  EXPECT_EQ(r.interval, 15);
  EXPECT_FALSE(r.has_schedule);
  EXPECT_TRUE(r.hours.empty());
  EXPECT_TRUE(r.minutes.empty());
  EXPECT_EQ(r.start_time, (LocalDateTime{2025, 1, 1, 0, 0, 0}));
}

TEST(AdfLower, EveryMinute) {
  const Recurrence r = lower_ok("* * * * *");
  EXPECT_EQ(r.frequency, Frequency::Minute);
  EXPECT_EQ(r.interval, 1);
  EXPECT_FALSE(r.has_schedule);
}

TEST(AdfLower, MinuteStepNotDividingTheHourUsesLists) {
  const Recurrence r = lower_ok("*/7 * * * *");
  EXPECT_EQ(r.frequency, Frequency::Day);
  EXPECT_EQ(r.minutes, (std::vector<int>{0, 7, 14, 21, 28, 35, 42, 49, 56}));
  EXPECT_EQ(r.hours, all_hours());
}

TEST(AdfLower, MinuteStepInSomeHoursUsesLists) {
  const Recurrence r = lower_ok("*/20 9-10 * * *");
  EXPECT_EQ(r.frequency, Frequency::Day);
  EXPECT_EQ(r.hours, (std::vector<int>{9, 10}));
  EXPECT_EQ(r.minutes, (std::vector<int>{0, 20, 40}));
}

TEST(AdfLower, MinuteStartIsAlignedAndNotBeforeFrom) {
  ScheduleWindow window;
  window.from = LocalDateTime{2026, 3, 1, 10, 17, 0};
  EXPECT_EQ(lower_ok("*/15 * * * *", window).start_time, (LocalDateTime{2026, 3, 1, 10, 30, 0}));
  window.from = LocalDateTime{2026, 3, 1, 10, 30, 0};
  EXPECT_EQ(lower_ok("*/15 * * * *", window).start_time, (LocalDateTime{2026, 3, 1, 10, 30, 0}));
  window.from = LocalDateTime{2026, 3, 1, 10, 30, 1};
  EXPECT_EQ(lower_ok("*/15 * * * *", window).start_time, (LocalDateTime{2026, 3, 1, 10, 45, 0}));
  window.from = LocalDateTime{2024, 2, 28, 23, 50, 0};
  EXPECT_EQ(lower_ok("*/30 * * * *", window).start_time, (LocalDateTime{2024, 2, 29, 0, 0, 0}));
  window.from = LocalDateTime{2025, 12, 31, 23, 59, 59};
  EXPECT_EQ(lower_ok("* * * * *", window).start_time, (LocalDateTime{2026, 1, 1, 0, 0, 0}));
}

TEST(AdfLower, WeekDays) {
  const Recurrence r = lower_ok("0 9 * * MON-FRI");
  EXPECT_EQ(r.frequency, Frequency::Week);
  EXPECT_EQ(r.interval, 1);
  EXPECT_EQ(r.week_days, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(r.hours, std::vector<int>{9});
  EXPECT_EQ(r.minutes, std::vector<int>{0});
  EXPECT_TRUE(r.month_days.empty());
}

TEST(AdfLower, WeekDaysSortedWithSundayFirst) {
  const Recurrence r = lower_ok("0 0 * * SAT,7,WED");
  EXPECT_EQ(r.frequency, Frequency::Week);
  EXPECT_EQ(r.week_days, (std::vector<int>{0, 3, 6}));
}

TEST(AdfLower, WeeklyMacro) {
  const Recurrence r = lower_ok("@weekly");
  EXPECT_EQ(r.frequency, Frequency::Week);
  EXPECT_EQ(r.week_days, std::vector<int>{0});
}

TEST(AdfLower, StarStepDayOfWeekIsWeekDays) {
  const Recurrence r = lower_ok("0 0 * * */2");
  EXPECT_EQ(r.frequency, Frequency::Week);
  EXPECT_EQ(r.week_days, (std::vector<int>{0, 2, 4, 6}));
}

TEST(AdfLower, MonthDays) {
  const Recurrence r = lower_ok("0 6 1,15 * *");
  EXPECT_EQ(r.frequency, Frequency::Month);
  EXPECT_EQ(r.month_days, (std::vector<int>{1, 15}));
  EXPECT_EQ(r.hours, std::vector<int>{6});
  EXPECT_TRUE(r.week_days.empty());
  EXPECT_TRUE(r.monthly_occurrences.empty());
}

TEST(AdfLower, LastDayIsMinusOnePlacedLast) {
  EXPECT_EQ(lower_ok("0 0 L,1,15 * *").month_days, (std::vector<int>{1, 15, -1}));
  EXPECT_EQ(lower_ok("0 0 L * *").month_days, std::vector<int>{-1});
}

TEST(AdfLower, MonthlyMacro) {
  const Recurrence r = lower_ok("@monthly");
  EXPECT_EQ(r.frequency, Frequency::Month);
  EXPECT_EQ(r.month_days, std::vector<int>{1});
}

TEST(AdfLower, StarStepDayOfMonthIsMonthDays) {
  const Recurrence r = lower_ok("0 0 */10 * *");
  EXPECT_EQ(r.frequency, Frequency::Month);
  EXPECT_EQ(r.month_days, (std::vector<int>{1, 11, 21, 31}));
}

TEST(AdfLower, MonthlyOccurrences) {
  const Recurrence r = lower_ok("0 6 * * MON#1,FRI#3,MON#3");
  EXPECT_EQ(r.frequency, Frequency::Month);
  ASSERT_EQ(r.monthly_occurrences.size(), 3u);
  EXPECT_EQ(r.monthly_occurrences[0].weekday, 1);
  EXPECT_EQ(r.monthly_occurrences[0].occurrence, 1);
  EXPECT_EQ(r.monthly_occurrences[1].weekday, 1);
  EXPECT_EQ(r.monthly_occurrences[1].occurrence, 3);
  EXPECT_EQ(r.monthly_occurrences[2].weekday, 5);
  EXPECT_EQ(r.monthly_occurrences[2].occurrence, 3);
  EXPECT_TRUE(r.month_days.empty());
  EXPECT_TRUE(r.week_days.empty());
  EXPECT_EQ(r.hours, std::vector<int>{6});
}

TEST(AdfLower, OrRuleWithAnUnrestrictedFieldIsEveryDay) {
  EXPECT_EQ(lower_ok("0 0 1-31 * MON").frequency, Frequency::Day);
  EXPECT_EQ(lower_ok("0 0 13 * 0-6").frequency, Frequency::Day);
}

TEST(AdfLower, AllMonthsWrittenAsRangeIsAccepted) { EXPECT_EQ(lower_ok("0 0 * 1-12 *").frequency, Frequency::Day); }

TEST(AdfLower, WindowAndZone) {
  ScheduleWindow window;
  window.from = LocalDateTime{2026, 4, 1, 8, 0, 0};
  window.until = LocalDateTime{2026, 12, 31, 23, 59, 0};
  const LoweringResult result = lower(cron("0 6 * * *"), "UTC", true, window);
  ASSERT_EQ(result.recurrences.size(), 1u);
  const Recurrence& r = result.recurrences.front();
  EXPECT_EQ(r.start_time, *window.from);
  EXPECT_EQ(r.end_time, window.until);
  EXPECT_EQ(r.time_zone, "UTC");
  EXPECT_TRUE(r.utc);
}

// ---------------------------------------------------------------------------------------------------------------
// Rejected shapes
// ---------------------------------------------------------------------------------------------------------------

void expect_contains(const std::string& text, std::string_view part) {
  EXPECT_NE(text.find(part), std::string::npos) << "`" << part << "` not in: " << text;
}

TEST(AdfLowerError, MonthRestriction) {
  const LoweringError e = lower_error("0 0 1 1-6 *");
  expect_contains(e.message, "restricting months (`1-6`) is not supported yet");
  expect_contains(e.help, "`0 0 1 * *`");
  expect_contains(lower_error("@yearly").message, "restricting months (`1`)");
}

TEST(AdfLowerError, OrRule) {
  const LoweringError e = lower_error("0 0 13 * 5");
  expect_contains(e.message, "EITHER");
  expect_contains(e.message, "union of month days and week days");
  expect_contains(e.help, "two models");
  expect_contains(e.help, "`0 0 13 * *`");
  expect_contains(e.help, "`0 0 * * 5`");
}

TEST(AdfLowerError, OrRuleWithNthWeekday) { expect_contains(lower_error("0 0 1 * MON#1").message, "EITHER"); }

TEST(AdfLowerError, AndRuleWithStarStep) {
  const LoweringError e = lower_error("0 0 */2 * MON");
  expect_contains(e.message, "`*/2` starts with `*`");
  expect_contains(e.message, "BOTH");
  expect_contains(e.help, "restrict only one of the day fields");
  const LoweringError reverse = lower_error("0 0 1-7 * */2");
  expect_contains(reverse.message, "`*/2` starts with `*`");
}

TEST(AdfLowerError, MixedNthAndPlainWeekdays) {
  const LoweringError e = lower_error("0 0 * * MON#1,FRI");
  expect_contains(e.message, "mixes nth-weekday items (`MON#1`) with plain week days (`FRI`)");
  expect_contains(e.help, "`0 0 * * MON#1`");
  expect_contains(e.help, "`0 0 * * FRI`");
}

TEST(AdfLowerError, MinuteFrequencyWithWeekDays) {
  const LoweringError e = lower_error("*/5 * * * MON-FRI");
  expect_contains(e.message, "every 5 minutes");
  expect_contains(e.message, "day-of-week `MON-FRI`");
  expect_contains(e.help, "`0-59/5 * * * MON-FRI`");
  // ... and the suggestion really lowers, to a Week recurrence.
  const Recurrence r = lower_ok("0-59/5 * * * MON-FRI");
  EXPECT_EQ(r.frequency, Frequency::Week);
  EXPECT_EQ(r.minutes.size(), 12u);
  EXPECT_EQ(r.hours, all_hours());
}

TEST(AdfLowerError, MinuteFrequencyWithMonthDays) {
  const LoweringError e = lower_error("* * 1 * *");
  expect_contains(e.message, "every minute (`*` minutes, every hour)");
  expect_contains(e.message, "day-of-month `1`");
  expect_contains(e.help, "`0-59 * 1 * *`");
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------------------------

TEST(AdfFormat, Time) {
  EXPECT_EQ(format_time(LocalDateTime{2025, 1, 1, 0, 0, 0}, false), "2025-01-01T00:00:00");
  EXPECT_EQ(format_time(LocalDateTime{2025, 1, 1, 0, 0, 0}, true), "2025-01-01T00:00:00Z");
  EXPECT_EQ(format_time(LocalDateTime{2026, 12, 31, 23, 59, 5}, false), "2026-12-31T23:59:05");
}

TEST(AdfFormat, Names) {
  EXPECT_STREQ(frequency_name(Frequency::Minute), "Minute");
  EXPECT_STREQ(frequency_name(Frequency::Hour), "Hour");
  EXPECT_STREQ(frequency_name(Frequency::Day), "Day");
  EXPECT_STREQ(frequency_name(Frequency::Week), "Week");
  EXPECT_STREQ(frequency_name(Frequency::Month), "Month");
  EXPECT_STREQ(weekday_name(0), "Sunday");
  EXPECT_STREQ(weekday_name(1), "Monday");
  EXPECT_STREQ(weekday_name(6), "Saturday");
  EXPECT_STREQ(weekday_name(7), "");
  EXPECT_STREQ(weekday_name(-1), "");
}

}  // namespace

// `*/n` minutes tick in fixed UTC intervals only where n divides every offset change of the zone.
TEST(AdfLowerZone, MinuteStepsRespectHalfHourDstShifts) {
  EXPECT_EQ(schedc::tz::offset_change_gcd_minutes("Europe/Amsterdam"), 60);
  EXPECT_EQ(schedc::tz::offset_change_gcd_minutes("Australia/Lord_Howe"), 30);
  EXPECT_EQ(schedc::tz::offset_change_gcd_minutes("UTC"), 0);
  auto every20 = schedc::cron::parse("*/20 * * * *");
  ASSERT_TRUE(every20.expr);
  auto amsterdam = schedc::adf::lower(*every20.expr, "W. Europe Standard Time", false, {}, "Europe/Amsterdam");
  ASSERT_EQ(amsterdam.recurrences.size(), 1u);
  EXPECT_EQ(amsterdam.recurrences[0].frequency, schedc::adf::Frequency::Minute);
  auto lord_howe = schedc::adf::lower(*every20.expr, "Lord Howe Standard Time", false, {}, "Australia/Lord_Howe");
  ASSERT_EQ(lord_howe.recurrences.size(), 1u);
  EXPECT_EQ(lord_howe.recurrences[0].frequency, schedc::adf::Frequency::Day);
  EXPECT_EQ(lord_howe.recurrences[0].minutes, (std::vector<int>{0, 20, 40}));
  EXPECT_EQ(lord_howe.recurrences[0].hours.size(), 24u);
  auto every30 = schedc::cron::parse("*/30 * * * *");
  auto lord_howe30 = schedc::adf::lower(*every30.expr, "Lord Howe Standard Time", false, {}, "Australia/Lord_Howe");
  EXPECT_EQ(lord_howe30.recurrences[0].frequency, schedc::adf::Frequency::Minute);
}
