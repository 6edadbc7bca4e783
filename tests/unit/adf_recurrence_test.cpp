// Unit tests for lowering cron schedules to ADF ScheduleTrigger recurrences (compiler/schedule/adf/recurrence.hpp).
#include "compiler/schedule/adf/recurrence.hpp"
#include "compiler/schedule/tz/timezone.hpp"

#include <gtest/gtest.h>

namespace {

using namespace schedc::schedule::adf;
using schedc::schedule::cron::CronExpr;

CronExpr cron(std::string_view text) {
  const auto parsed = schedc::schedule::cron::parse(text);
  EXPECT_TRUE(parsed.expr.has_value()) << text;
  return parsed.expr.value_or(CronExpr{});
}

// Lowerings in Europe/Amsterdam (DST shifts of one hour) unless a test says otherwise.
Recurrence lower_ok(std::string_view text, const ScheduleWindow& window = {}) {
  const LoweringResult result = lower(cron(text), "W. Europe Standard Time", false, window, "Europe/Amsterdam");
  EXPECT_FALSE(result.error.has_value()) << text << ": " << (result.error ? result.error->message : "");
  EXPECT_EQ(result.recurrences.size(), 1u) << text;
  return result.recurrences.empty() ? Recurrence{} : result.recurrences.front();
}

std::vector<Recurrence> lower_all(std::string_view text, const ScheduleWindow& window = {}) {
  const LoweringResult result = lower(cron(text), "W. Europe Standard Time", false, window, "Europe/Amsterdam");
  EXPECT_FALSE(result.error.has_value()) << text << ": " << (result.error ? result.error->message : "");
  return result.recurrences;
}

LoweringError lower_error(std::string_view text) {
  const LoweringResult result = lower(cron(text), "W. Europe Standard Time", false, {}, "Europe/Amsterdam");
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

TEST(AdfLower, EveryTwoHoursTicksWhereTheZoneHasNoDst) {
  // In UTC (and in zones whose offset changes are whole multiples of two hours) Hour/2 is exact.
  const LoweringResult result = lower(cron("0 */2 * * *"), "UTC", true, {}, "UTC");
  ASSERT_EQ(result.recurrences.size(), 1u);
  EXPECT_EQ(result.recurrences[0].frequency, Frequency::Hour);
  EXPECT_EQ(result.recurrences[0].interval, 2);
  EXPECT_FALSE(result.recurrences[0].has_schedule);
  EXPECT_EQ(result.recurrences[0].start_time, (LocalDateTime{2025, 1, 1, 0, 0, 0}));
  // A fixed-time job with the same hours keeps the wall clock (Day): it is not a wildcard job.
  const LoweringResult fixed = lower(cron("30 1-23/3 * * *"), "UTC", true, {}, "UTC");
  ASSERT_EQ(fixed.recurrences.size(), 1u);
  EXPECT_EQ(fixed.recurrences[0].frequency, Frequency::Day);
  // A minute grid with an offset (:05, :20, :35, :50) starts on it.
  const LoweringResult offset = lower(cron("5-59/15 * * * *"), "UTC", true, {}, "UTC");
  ASSERT_EQ(offset.recurrences.size(), 1u);
  EXPECT_EQ(offset.recurrences[0].frequency, Frequency::Minute);
  EXPECT_EQ(offset.recurrences[0].interval, 15);
  EXPECT_EQ(offset.recurrences[0].start_time, (LocalDateTime{2025, 1, 1, 0, 5, 0}));
}

TEST(AdfLower, HourlyAtMinuteTicksEveryHour) {
  // A wildcard hour field runs at the real instants: Hour/1 from the first :15, exact across one-hour DST shifts.
  const Recurrence r = lower_ok("15 * * * *");
  EXPECT_EQ(r.frequency, Frequency::Hour);
  EXPECT_EQ(r.interval, 1);
  EXPECT_EQ(r.start_time, (LocalDateTime{2025, 1, 1, 0, 15, 0}));
  // ... but not where the zone shifts by 30 minutes (Lord Howe): there it is a wall-clock list.
  const LoweringResult lord_howe = lower(cron("15 * * * *"), "Lord Howe Standard Time", false, {}, "Australia/Lord_Howe");
  ASSERT_EQ(lord_howe.recurrences.size(), 1u);
  EXPECT_EQ(lord_howe.recurrences[0].frequency, Frequency::Day);
  EXPECT_EQ(lord_howe.recurrences[0].hours, all_hours());
  EXPECT_EQ(lord_howe.recurrences[0].minutes, std::vector<int>{15});
  // A fixed-time job (no `*`) keeps the wall clock even when its hours are every hour.
  EXPECT_EQ(lower_ok("15 0-23 * * *").frequency, Frequency::Day);
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

TEST(AdfLower, MonthCycleIsOneMonthRecurrenceWithAnInterval) {
  // Quarterly: every 3 months from January, on the 1st.
  const std::vector<Recurrence> rs = lower_all("0 6 1 1,4,7,10 *");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].frequency, Frequency::Month);
  EXPECT_EQ(rs[0].interval, 3);
  EXPECT_EQ(rs[0].month_days, std::vector<int>{1});
  EXPECT_EQ(rs[0].start_time, (LocalDateTime{2025, 1, 1, 0, 0, 0}));
  // Every other month from February: starts on the first day of February.
  const std::vector<Recurrence> even = lower_all("0 6 L */2 *");
  ASSERT_EQ(lower_all("0 6 L 2-12/2 *").size(), 1u);
  ASSERT_EQ(even.size(), 1u);
  EXPECT_EQ(even[0].interval, 2);
  EXPECT_EQ(even[0].start_time, (LocalDateTime{2025, 1, 1, 0, 0, 0}));  // `*/2` is 1,3,5,...: January
  const std::vector<Recurrence> feb = lower_all("0 6 L 2-12/2 *");
  EXPECT_EQ(feb[0].start_time, (LocalDateTime{2025, 2, 1, 0, 0, 0}));
  EXPECT_EQ(feb[0].month_days, std::vector<int>{-1});
}

TEST(AdfLower, YearlyIsMonthEveryTwelveMonths) {
  const std::vector<Recurrence> rs = lower_all("@yearly");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].frequency, Frequency::Month);
  EXPECT_EQ(rs[0].interval, 12);
  EXPECT_EQ(rs[0].month_days, std::vector<int>{1});
  EXPECT_EQ(rs[0].hours, std::vector<int>{0});
  EXPECT_EQ(rs[0].start_time, (LocalDateTime{2025, 1, 1, 0, 0, 0}));
}

TEST(AdfLower, OtherMonthSetsAreOneTriggerPerMonth) {
  const std::vector<Recurrence> rs = lower_all("0 6 * 1-3,7 MON-FRI");
  ASSERT_EQ(rs.size(), 4u);
  const std::vector<int> months{1, 2, 3, 7};
  for (std::size_t i = 0; i < rs.size(); ++i) {
    EXPECT_EQ(rs[i].frequency, Frequency::Month);
    EXPECT_EQ(rs[i].interval, 12);
    EXPECT_EQ(rs[i].start_time, (LocalDateTime{2025, months[i], 1, 0, 0, 0}));
    // Week days in some months are every occurrence (1st..5th) of each.
    EXPECT_EQ(rs[i].monthly_occurrences.size(), 25u);
    EXPECT_TRUE(rs[i].week_days.empty());
  }
  // Every day of some months: month days 1..31.
  const std::vector<Recurrence> summer = lower_all("0 6 * 6-8 *", ScheduleWindow{LocalDateTime{2026, 7, 15, 12, 0, 0}, {}});
  ASSERT_EQ(summer.size(), 3u);
  EXPECT_EQ(summer[0].month_days.size(), 31u);
  EXPECT_EQ(summer[0].start_time, (LocalDateTime{2027, 6, 1, 0, 0, 0}));
  EXPECT_EQ(summer[1].start_time, (LocalDateTime{2026, 7, 15, 12, 0, 0}));  // `from` itself, in July
  EXPECT_EQ(summer[2].start_time, (LocalDateTime{2026, 8, 1, 0, 0, 0}));
}

TEST(AdfLower, AndRuleWithWholeWeeksIsMonthlyOccurrences) {
  // `*/2` day-of-week (Sun, Tue, Thu, Sat) AND days 1-7: the first of each of those week days.
  const std::vector<Recurrence> rs = lower_all("0 0 1-7 * */2");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].frequency, Frequency::Month);
  ASSERT_EQ(rs[0].monthly_occurrences.size(), 4u);
  EXPECT_EQ(rs[0].monthly_occurrences[0].weekday, 0);
  EXPECT_EQ(rs[0].monthly_occurrences[0].occurrence, 1);
  EXPECT_EQ(rs[0].monthly_occurrences[3].weekday, 6);
  EXPECT_EQ(lower_all("0 0 8-21 * */3").front().monthly_occurrences.size(), 6u);  // 2nd and 3rd Sun, Wed, Sat
}

TEST(AdfLower, NthWeekdaysMixedWithWeekDaysAreTwoTriggers) {
  const std::vector<Recurrence> rs = lower_all("0 0 * * MON#1,FRI");
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].frequency, Frequency::Week);
  EXPECT_EQ(rs[0].week_days, std::vector<int>{5});
  EXPECT_EQ(rs[1].frequency, Frequency::Month);
  ASSERT_EQ(rs[1].monthly_occurrences.size(), 1u);
  EXPECT_EQ(rs[1].monthly_occurrences[0].weekday, 1);
  // An nth item of a listed week day adds nothing: one Week trigger.
  const std::vector<Recurrence> monday = lower_all("0 0 * * MON,MON#1");
  ASSERT_EQ(monday.size(), 1u);
  EXPECT_EQ(monday[0].frequency, Frequency::Week);
}

TEST(AdfLower, MinuteStepsOnSomeDaysUseLists) {
  const Recurrence week = lower_ok("*/5 * * * MON-FRI");
  EXPECT_EQ(week.frequency, Frequency::Week);
  EXPECT_EQ(week.minutes.size(), 12u);
  EXPECT_EQ(week.hours, all_hours());
  const Recurrence month = lower_ok("* * 1 * *");
  EXPECT_EQ(month.frequency, Frequency::Month);
  EXPECT_EQ(month.minutes.size(), 60u);
  EXPECT_EQ(month.month_days, std::vector<int>{1});
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
  expect_contains(e.message, "whole weeks");
  expect_contains(e.help, "restrict only one of the day fields");
  const LoweringError partial = lower_error("0 0 1-10 * */2");
  expect_contains(partial.message, "`*/2` starts with `*`");
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
  EXPECT_EQ(schedc::schedule::tz::offset_change_gcd_minutes("Europe/Amsterdam"), 60);
  EXPECT_EQ(schedc::schedule::tz::offset_change_gcd_minutes("Australia/Lord_Howe"), 30);
  EXPECT_EQ(schedc::schedule::tz::offset_change_gcd_minutes("UTC"), 0);
  auto every20 = schedc::schedule::cron::parse("*/20 * * * *");
  ASSERT_TRUE(every20.expr);
  auto amsterdam = schedc::schedule::adf::lower(*every20.expr, "W. Europe Standard Time", false, {}, "Europe/Amsterdam");
  ASSERT_EQ(amsterdam.recurrences.size(), 1u);
  EXPECT_EQ(amsterdam.recurrences[0].frequency, schedc::schedule::adf::Frequency::Minute);
  auto lord_howe = schedc::schedule::adf::lower(*every20.expr, "Lord Howe Standard Time", false, {}, "Australia/Lord_Howe");
  ASSERT_EQ(lord_howe.recurrences.size(), 1u);
  EXPECT_EQ(lord_howe.recurrences[0].frequency, schedc::schedule::adf::Frequency::Day);
  EXPECT_EQ(lord_howe.recurrences[0].minutes, (std::vector<int>{0, 20, 40}));
  EXPECT_EQ(lord_howe.recurrences[0].hours.size(), 24u);
  auto every30 = schedc::schedule::cron::parse("*/30 * * * *");
  auto lord_howe30 = schedc::schedule::adf::lower(*every30.expr, "Lord Howe Standard Time", false, {}, "Australia/Lord_Howe");
  EXPECT_EQ(lord_howe30.recurrences[0].frequency, schedc::schedule::adf::Frequency::Minute);
}
