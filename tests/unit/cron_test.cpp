// Unit tests for the 5-field cron parser and civil-time matching (compiler/schedule/cron/cron.hpp).
#include "compiler/schedule/cron/cron.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace {

using schedc::schedule::cron::CronError;
using schedc::schedule::cron::CronExpr;
using schedc::schedule::cron::parse;

template <std::size_t N>
std::vector<int> values(const std::bitset<N>& bits) {
  std::vector<int> out;
  for (std::size_t i = 0; i < N; ++i) {
    if (bits.test(i)) out.push_back(static_cast<int>(i));
  }
  return out;
}

std::vector<int> range(int first, int last, int step = 1) {
  std::vector<int> out;
  for (int v = first; v <= last; v += step) out.push_back(v);
  return out;
}

CronExpr ok(std::string_view text) {
  const auto result = parse(text);
  EXPECT_TRUE(result.expr.has_value()) << "`" << text << "`: " << (result.error ? result.error->message : "");
  EXPECT_FALSE(result.error.has_value());
  return result.expr.value_or(CronExpr{});
}

CronError err(std::string_view text) {
  const auto result = parse(text);
  EXPECT_TRUE(result.error.has_value()) << "`" << text << "` parsed as `"
                                        << (result.expr ? result.expr->normalized : "") << "`";
  EXPECT_FALSE(result.expr.has_value());
  return result.error.value_or(CronError{});
}

// Checks the error's span and that its message and help contain the given fragments.
void expect_error(std::string_view text, std::uint32_t begin, std::uint32_t end, std::string_view message_part,
                  std::string_view help_part = {}) {
  SCOPED_TRACE(std::string(text));
  const CronError e = err(text);
  EXPECT_EQ(e.begin, begin);
  EXPECT_EQ(e.end, end);
  EXPECT_NE(e.message.find(message_part), std::string::npos) << e.message;
  EXPECT_FALSE(e.help.empty());
  if (!help_part.empty()) {
    EXPECT_NE(e.help.find(help_part), std::string::npos) << e.help;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Valid expressions
// ---------------------------------------------------------------------------------------------------------------

TEST(CronParse, DailyAtMidnight) {
  const CronExpr e = ok("0 0 * * *");
  EXPECT_EQ(values(e.minutes), std::vector<int>{0});
  EXPECT_EQ(values(e.hours), std::vector<int>{0});
  EXPECT_EQ(values(e.days_of_month), range(1, 31));
  EXPECT_EQ(values(e.months), range(1, 12));
  EXPECT_EQ(values(e.days_of_week), range(0, 6));
  EXPECT_FALSE(e.last_day_of_month);
  EXPECT_TRUE(e.nth_weekdays.empty());
  EXPECT_FALSE(e.minute_star);
  EXPECT_FALSE(e.hour_star);
  EXPECT_TRUE(e.dom_star);
  EXPECT_TRUE(e.month_star);
  EXPECT_TRUE(e.dow_star);
  EXPECT_FALSE(e.day_or_rule());
  EXPECT_TRUE(e.all_months());
  EXPECT_EQ(e.text, "0 0 * * *");
  EXPECT_EQ(e.normalized, "0 0 * * *");
  EXPECT_EQ(e.fields, (std::array<std::string, 5>{"0", "0", "*", "*", "*"}));
}

TEST(CronParse, MinuteStep) {
  const CronExpr e = ok("*/15 * * * *");
  EXPECT_EQ(values(e.minutes), (std::vector<int>{0, 15, 30, 45}));
  EXPECT_EQ(values(e.hours), range(0, 23));
  EXPECT_TRUE(e.minute_star);
  EXPECT_TRUE(e.hour_star);
}

TEST(CronParse, StepsAreSetsNotPeriods) {
  EXPECT_EQ(values(ok("*/7 * * * *").minutes), range(0, 56, 7));
  EXPECT_EQ(values(ok("0 */5 * * *").hours), (std::vector<int>{0, 5, 10, 15, 20}));
}

TEST(CronParse, RangeWithStep) { EXPECT_EQ(values(ok("5-20/5 * * * *").minutes), (std::vector<int>{5, 10, 15, 20})); }

TEST(CronParse, ValueWithStepMeansValueToMax) {
  EXPECT_EQ(values(ok("10/20 * * * *").minutes), (std::vector<int>{10, 30, 50}));
  EXPECT_EQ(values(ok("0 0 * * MON/2").days_of_week), (std::vector<int>{0, 1, 3, 5}));  // 1,3,5,7 (7 = Sunday)
}

TEST(CronParse, WorkingHours) {
  const CronExpr e = ok("0 9-17 * * MON-FRI");
  EXPECT_EQ(values(e.hours), range(9, 17));
  EXPECT_EQ(values(e.days_of_week), range(1, 5));
  EXPECT_FALSE(e.dow_star);
  EXPECT_TRUE(e.dom_star);
  EXPECT_FALSE(e.day_or_rule());
  EXPECT_EQ(e.normalized, "0 9-17 * * MON-FRI");
}

TEST(CronParse, DayOfMonthList) {
  const CronExpr e = ok("30 6 1,15 * *");
  EXPECT_EQ(values(e.minutes), std::vector<int>{30});
  EXPECT_EQ(values(e.hours), std::vector<int>{6});
  EXPECT_EQ(values(e.days_of_month), (std::vector<int>{1, 15}));
  EXPECT_FALSE(e.dom_star);
}

TEST(CronParse, LastDayOfMonth) {
  const CronExpr e = ok("0 0 L * *");
  EXPECT_TRUE(e.last_day_of_month);
  EXPECT_TRUE(e.days_of_month.none());
  EXPECT_FALSE(e.dom_star);
}

TEST(CronParse, LastDayInList) {
  const CronExpr e = ok("0 0 1,l * *");
  EXPECT_TRUE(e.last_day_of_month);
  EXPECT_EQ(values(e.days_of_month), std::vector<int>{1});
  EXPECT_EQ(e.normalized, "0 0 1,L * *");
}

TEST(CronParse, MonthNamesCaseInsensitive) {
  const CronExpr e = ok("0 0 * jan,Jul,DEC *");
  EXPECT_EQ(values(e.months), (std::vector<int>{1, 7, 12}));
  EXPECT_FALSE(e.month_star);
  EXPECT_FALSE(e.all_months());
  EXPECT_EQ(e.normalized, "0 0 * JAN,JUL,DEC *");
}

TEST(CronParse, MonthNameRange) { EXPECT_EQ(values(ok("0 0 * MAR-may *").months), range(3, 5)); }

TEST(CronParse, MonthStep) { EXPECT_EQ(values(ok("0 0 1 */3 *").months), (std::vector<int>{1, 4, 7, 10})); }

TEST(CronParse, SundayAsSeven) {
  EXPECT_EQ(values(ok("0 0 * * 7").days_of_week), std::vector<int>{0});
  EXPECT_EQ(values(ok("0 0 * * 0,7").days_of_week), std::vector<int>{0});
  EXPECT_EQ(values(ok("0 0 * * 5-7").days_of_week), (std::vector<int>{0, 5, 6}));
  EXPECT_EQ(values(ok("0 0 * * 0-7").days_of_week), range(0, 6));
}

TEST(CronParse, WeekdayNames) {
  EXPECT_EQ(values(ok("0 0 * * sun,Sat").days_of_week), (std::vector<int>{0, 6}));
  const CronExpr all = ok("0 0 * * SUN-SAT");
  EXPECT_EQ(values(all.days_of_week), range(0, 6));
  EXPECT_FALSE(all.dow_star);
}

TEST(CronParse, DayOfWeekStep) { EXPECT_EQ(values(ok("0 0 * * */2").days_of_week), (std::vector<int>{0, 2, 4, 6})); }

TEST(CronParse, NthWeekday) {
  const CronExpr e = ok("0 6 * * MON#1");
  EXPECT_EQ(e.nth_weekdays, (std::vector<std::pair<int, int>>{{1, 1}}));
  EXPECT_TRUE(e.days_of_week.none());
  EXPECT_FALSE(e.dow_star);
  EXPECT_EQ(e.normalized, "0 6 * * MON#1");
}

TEST(CronParse, NthWeekdayListSortedUnique) {
  const CronExpr e = ok("0 6 * * fri#3,mon#3,MON#1,5#3");
  EXPECT_EQ(e.nth_weekdays, (std::vector<std::pair<int, int>>{{1, 1}, {1, 3}, {5, 3}}));
  EXPECT_EQ(e.normalized, "0 6 * * FRI#3,MON#3,MON#1,5#3");
}

TEST(CronParse, NthSundayAsSeven) {
  EXPECT_EQ(ok("0 0 * * 7#2").nth_weekdays, (std::vector<std::pair<int, int>>{{0, 2}}));
}

TEST(CronParse, NthMixedWithPlainWeekday) {
  const CronExpr e = ok("0 0 * * MON#1,FRI");
  EXPECT_EQ(e.nth_weekdays, (std::vector<std::pair<int, int>>{{1, 1}}));
  EXPECT_EQ(values(e.days_of_week), std::vector<int>{5});
}

TEST(CronParse, OrRule) {
  const CronExpr e = ok("0 0 13 * 5");
  EXPECT_TRUE(e.day_or_rule());
  EXPECT_EQ(values(e.days_of_month), std::vector<int>{13});
  EXPECT_EQ(values(e.days_of_week), std::vector<int>{5});
}

TEST(CronParse, StarStepDayOfMonthIsStar) {
  const CronExpr e = ok("0 0 */2 * MON");
  EXPECT_TRUE(e.dom_star);
  EXPECT_FALSE(e.day_or_rule());
  EXPECT_EQ(values(e.days_of_month), range(1, 31, 2));
}

TEST(CronParse, WhitespaceCollapsedAndTrimmed) {
  const CronExpr e = ok("  0\t 0   *  *\t*  \n");
  EXPECT_EQ(e.text, "0\t 0   *  *\t*");
  EXPECT_EQ(e.normalized, "0 0 * * *");
}

TEST(CronParse, LeadingZeros) {
  const CronExpr e = ok("05 007 * * *");
  EXPECT_EQ(values(e.minutes), std::vector<int>{5});
  EXPECT_EQ(values(e.hours), std::vector<int>{7});
}

TEST(CronParse, Extremes) {
  const CronExpr e = ok("59 23 31 12 *");
  EXPECT_EQ(values(e.minutes), std::vector<int>{59});
  EXPECT_EQ(values(e.days_of_month), std::vector<int>{31});
  EXPECT_EQ(values(e.months), std::vector<int>{12});
}

TEST(CronParse, LargestSteps) {
  EXPECT_EQ(values(ok("*/59 * * * *").minutes), (std::vector<int>{0, 59}));
  EXPECT_EQ(values(ok("0 */23 * * *").hours), (std::vector<int>{0, 23}));
}

TEST(CronParse, ListOfRangesAndSteps) {
  EXPECT_EQ(values(ok("0,10-12,50-59/5 * * * *").minutes), (std::vector<int>{0, 10, 11, 12, 50, 55}));
}

TEST(CronParse, LeapDayIsValid) { EXPECT_EQ(values(ok("0 0 29 2 *").days_of_month), std::vector<int>{29}); }

TEST(CronParse, ImpossibleDayRescuedByOrRule) { ok("0 0 30 2 MON"); }

TEST(CronParse, ThirtyFirstInSomeChosenMonth) { ok("0 0 31 2,3 *"); }

TEST(CronParse, FifthMondayOfFebruaryHappensInLeapYears) { ok("0 0 * 2 MON#5"); }

TEST(CronParse, LastDayOfFebruary) { EXPECT_TRUE(ok("0 0 L 2 *").last_day_of_month); }

TEST(CronParse, MacroDaily) {
  const CronExpr e = ok("@daily");
  EXPECT_EQ(e.text, "@daily");
  EXPECT_EQ(e.normalized, "0 0 * * *");
  EXPECT_TRUE(e.dom_star);
  EXPECT_TRUE(e.dow_star);
}

TEST(CronParse, MacroExpansions) {
  EXPECT_EQ(ok("@yearly").normalized, "0 0 1 1 *");
  EXPECT_EQ(ok("@annually").normalized, "0 0 1 1 *");
  EXPECT_EQ(ok("@monthly").normalized, "0 0 1 * *");
  EXPECT_EQ(ok("@weekly").normalized, "0 0 * * 0");
  EXPECT_EQ(ok("@midnight").normalized, "0 0 * * *");
  EXPECT_EQ(ok("@hourly").normalized, "0 * * * *");
  EXPECT_EQ(ok("  @HOURLY ").text, "@HOURLY");
}

TEST(CronParse, MacroYearlyFlags) {
  const CronExpr e = ok("@yearly");
  EXPECT_FALSE(e.dom_star);
  EXPECT_FALSE(e.month_star);
  EXPECT_TRUE(e.dow_star);
  EXPECT_EQ(values(e.months), std::vector<int>{1});
  EXPECT_EQ(values(ok("@weekly").days_of_week), std::vector<int>{0});
}

// ---------------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------------

TEST(CronError, Empty) {
  expect_error("", 0, 0, "empty cron expression", "5 fields");
  expect_error("  \t ", 0, 4, "empty cron expression");
}

TEST(CronError, TooFewFields) { expect_error("0 0 * *", 0, 7, "has 4 fields", "day-of-week"); }

TEST(CronError, OneField) { expect_error(" 5 ", 1, 2, "has 1 field,", "hour, day-of-month"); }

TEST(CronError, SixFieldsHintsSeconds) { expect_error("0 30 6 * * *", 0, 1, "has 6 fields", "seconds"); }

TEST(CronError, SixFieldsSuggestsFiveFieldForm) { expect_error("0 30 6 * * *", 0, 1, "6 fields", "`30 6 * * *`"); }

TEST(CronError, SixFieldQuartzSuggestionReplacesQuestionMark) {
  expect_error("0 0 12 ? * MON", 0, 1, "has 6 fields", "`0 12 * * MON` (this looks like Quartz");
}

TEST(CronError, SevenFieldsLooksLikeQuartz) { expect_error("0 0 12 * * ? 2025", 11, 17, "has 7 fields", "Quartz"); }

TEST(CronError, MinuteOutOfRange) { expect_error("60 * * * *", 0, 2, "minute value 60 is out of range 0-59"); }

TEST(CronError, OffsetsIncludeLeadingWhitespace) { expect_error("  60 * * * *", 2, 4, "minute value 60"); }

TEST(CronError, HourOutOfRange) { expect_error("0 24 * * *", 2, 4, "hour value 24 is out of range 0-23"); }

TEST(CronError, DayOfMonthZero) { expect_error("0 0 0 * *", 4, 5, "day-of-month value 0 is out of range 1-31"); }

TEST(CronError, DayOfMonth32) { expect_error("0 0 32 * *", 4, 6, "day-of-month value 32"); }

TEST(CronError, MonthOutOfRange) { expect_error("0 0 * 13 *", 6, 8, "month value 13 is out of range 1-12", "JAN"); }

TEST(CronError, DayOfWeekOutOfRange) { expect_error("0 0 * * 8", 8, 9, "day-of-week value 8 is out of range 0-7"); }

TEST(CronError, OutOfRangeInsideRangeAndList) {
  expect_error("0 0 * * 1-9", 10, 11, "day-of-week value 9");
  expect_error("1,2,99 * * * *", 4, 6, "minute value 99");
}

TEST(CronError, HugeNumberDoesNotOverflow) {
  expect_error("99999999999999999999 * * * *", 0, 20, "minute value 99999999999999999999 is out of range");
}

TEST(CronError, StepZero) { expect_error("*/0 * * * *", 2, 3, "step 0 in the minute field"); }

TEST(CronError, StepLargerThanSpan) {
  expect_error("*/60 * * * *", 2, 4, "step 60 is larger than the minute field's span 0-59");
  expect_error("0 */24 * * *", 4, 6, "step 24 is larger than the hour field's span");
  expect_error("0 0 */31 * *", 6, 8, "day-of-month");
}

TEST(CronError, MissingStep) {
  expect_error("*/ * * * *", 1, 2, "expected a step after `/`");
  expect_error("*/x * * * *", 2, 3, "unexpected `x` in the minute field");
}

TEST(CronError, ReversedRange) {
  expect_error("0 5-1 * * *", 2, 5, "reversed range `5-1` in the hour field", "5-23,0-1");
}

TEST(CronError, ReversedWeekdayRangeSuggestsSeven) {
  expect_error("0 0 * * SAT-SUN", 8, 15, "reversed range `SAT-SUN`", "`6-7`");
}

TEST(CronError, IncompleteRange) { expect_error("0 0 * * 1-", 9, 10, "expected a day-of-week value after `-`"); }

TEST(CronError, EmptyListItem) {
  expect_error("1,,2 * * * *", 1, 3, "empty item in the minute list");
  expect_error(",1 * * * *", 0, 1, "empty item");
  expect_error("1, * * * *", 1, 2, "empty item");
  expect_error("0 0 * * 1-5,,6", 11, 13, "empty item in the day-of-week list");
}

TEST(CronError, QuestionMark) {
  expect_error("0 0 ? * MON", 4, 5, "`?` is not supported in the day-of-month field", "write `*`");
  expect_error("0 0 * * ?", 8, 9, "`?`", "`*`");
}

TEST(CronError, NearestWeekday) {
  expect_error("0 0 15W * *", 6, 7, "`W` (nearest weekday) is not supported");
  expect_error("0 0 LW * *", 4, 6, "`W`");
  expect_error("0 0 W * *", 4, 5, "`W`");
}

TEST(CronError, LastOutsideDayOfMonth) {
  expect_error("0 L * * *", 2, 3, "`L` is not allowed in the hour field", "day-of-month");
  expect_error("0 0 * L *", 6, 7, "`L` is not allowed in the month field");
}

TEST(CronError, LastWeekdayInDayOfWeek) {
  expect_error("0 0 * * 5L", 9, 10, "`L` (last weekday of the month) is not supported");
  expect_error("0 0 * * L", 8, 9, "`L` (last weekday");
}

TEST(CronError, LastMustStandAlone) {
  expect_error("0 0 L-2 * *", 4, 5, "`L` must stand alone");
  expect_error("0 0 L/2 * *", 4, 5, "`L` must stand alone");
}

TEST(CronError, HashOutsideDayOfWeek) {
  expect_error("0 0 1#2 * *", 5, 6, "`#` is not allowed in the day-of-month field", "day-of-week");
  expect_error("0#1 0 * * *", 1, 2, "`#` is not allowed in the minute field");
}

TEST(CronError, NthOccurrenceOutOfRange) {
  expect_error("0 0 * * MON#6", 12, 13, "occurrence 6 is out of range 1-5");
  expect_error("0 0 * * MON#0", 12, 13, "occurrence 0");
  expect_error("0 0 * * MON#", 11, 12, "expected an occurrence 1-5 after `#`");
}

TEST(CronError, NthCombinedWithRangeOrStep) {
  expect_error("0 0 * * MON-FRI#2", 15, 16, "`#` cannot be combined");
  expect_error("0 0 * * MON#1/2", 13, 15, "`#` cannot be combined");
  expect_error("0 0 * * *#1", 9, 10, "`#` cannot be combined");
  expect_error("0 0 * * */2#1", 11, 12, "`#` cannot be combined");
}

TEST(CronError, UnknownMonthName) { expect_error("0 0 * FOO *", 6, 9, "unknown month name `FOO`", "JAN-DEC"); }

TEST(CronError, LongMonthNameSuggestsAbbreviation) {
  expect_error("0 0 * January *", 6, 13, "unknown month name `January`", "write `JAN`");
}

TEST(CronError, LongWeekdayNameSuggestsAbbreviation) {
  expect_error("0 0 * * Monday", 8, 14, "unknown weekday name `Monday`", "write `MON`");
}

TEST(CronError, ShortOrWrongWeekdayName) {
  expect_error("0 0 * * MO", 8, 10, "unknown weekday name `MO`");
  expect_error("0 0 * * FUN", 8, 11, "unknown weekday name `FUN`");
}

TEST(CronError, NamesOnlyInNamedFields) { expect_error("0 0 * * JAN", 8, 11, "unknown weekday name `JAN`"); }

TEST(CronError, LettersInNumericField) {
  expect_error("abc * * * *", 0, 3, "unexpected `abc` in the minute field", "minutes are 0-59");
  expect_error("0 0 MON * *", 4, 7, "unexpected `MON` in the day-of-month field");
}

TEST(CronError, TrailingGarbage) {
  expect_error("5x * * * *", 1, 2, "unexpected `x` in the minute field");
  expect_error("0 0 * * 1-5x", 11, 12, "unexpected `x` in the day-of-week field");
  expect_error("** * * * *", 1, 2, "unexpected `*`");
  expect_error("0 0 * * 1-2-3", 11, 12, "unexpected `-`");
  expect_error("*-5 * * * *", 1, 2, "unexpected `-`");
}

TEST(CronError, ControlAndNonAsciiBytes) {
  const CronError control = err(std::string_view("0\x01 * * * *", 10));
  EXPECT_EQ(control.begin, 1u);
  EXPECT_EQ(control.end, 2u);
  EXPECT_NE(control.message.find("\\x01"), std::string::npos) << control.message;
  const CronError utf8 = err("0 0 * * M\xC3\xB6N");
  EXPECT_EQ(utf8.begin, 8u);
  EXPECT_NE(utf8.message.find("unknown weekday name `M`"), std::string::npos) << utf8.message;
  const CronError nul = err(std::string_view("0 0 * * \0", 9));
  EXPECT_EQ(nul.begin, 8u);
  EXPECT_NE(nul.message.find("\\x00"), std::string::npos) << nul.message;
}

TEST(CronError, Reboot) { expect_error("@reboot", 0, 7, "`@reboot` is not a time-based schedule", "@daily"); }

TEST(CronError, UnknownMacro) { expect_error(" @fortnightly", 1, 13, "unknown cron macro `@fortnightly`", "@weekly"); }

TEST(CronError, MacroWithTrailingText) {
  expect_error("@daily 5 6", 7, 10, "unexpected text after the macro `@daily`");
}

TEST(CronError, NeverFiresThirtiethOfFebruary) {
  expect_error("0 0 30 2 *", 4, 8, "never fires: no month in `2` has a day matching day-of-month `30`", "`L`");
}

TEST(CronError, NeverFiresThirtyFirstInShortMonths) {
  expect_error("0 0 31 4,6,9,11 *", 4, 15, "never fires");
  expect_error("0 0 30,31 FEB *", 4, 13, "never fires");
}

TEST(CronError, NeverFiresWithAndRule) {
  expect_error("0 0 30 2 */2", 4, 12, "never fires: no day in month `2` matches day-of-month `30` and day-of-week");
}

TEST(CronError, NeverFiresExactlyWhenNoDateMatches) {
  // The never-fires check reasons about month lengths and first weekdays; compare it with real calendars.
  const std::vector<std::string> doms{"*", "1", "29", "30", "31", "30,31", "L", "*/2", "*/10", "29-31/2"};
  const std::vector<std::string> months{"*", "2", "4", "2,4", "4,6,9,11", "FEB-APR", "*/2"};
  const std::vector<std::string> dows{"*", "MON", "*/2", "0", "FRI#5", "MON#1,SUN#5", "SAT,SUN", "5-7"};
  for (const auto& dom : doms) {
    for (const auto& month : months) {
      for (const auto& dow : dows) {
        const std::string text = "0 0 " + dom + " " + month + " " + dow;
        const CronExpr all_months = ok("0 0 " + dom + " * " + dow);
        const CronExpr chosen = ok("0 0 1 " + month + " *");
        bool fires = false;
        for (int year = 2000; year < 2028 && !fires; ++year) {
          for (int m = 1; m <= 12 && !fires; ++m) {
            if (!chosen.months.test(static_cast<std::size_t>(m))) continue;
            for (int day = 1; day <= schedc::schedule::cron::days_in_month(year, m) && !fires; ++day) {
              fires = schedc::schedule::cron::date_matches(all_months, year, m, day);
            }
          }
        }
        const auto result = parse(text);
        EXPECT_EQ(result.expr.has_value(), fires) << text;
        if (!fires && result.error) {
          EXPECT_NE(result.error->message.find("never fires"), std::string::npos) << text;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------------------------

TEST(CronMatch, Calendar) {
  using namespace schedc::schedule::cron;
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2025, 2), 28);
  EXPECT_EQ(days_in_month(2025, 4), 30);
  EXPECT_EQ(days_in_month(2025, 13), 0);
  EXPECT_EQ(weekday_of(2026, 2, 13), 5);  // Friday
  EXPECT_EQ(weekday_of(2025, 1, 1), 3);   // Wednesday
}

TEST(CronMatch, OrRuleMatchesEitherDayField) {
  const CronExpr e = ok("0 0 13 * 5");
  EXPECT_TRUE(schedc::schedule::cron::date_matches(e, 2026, 2, 6));   // a Friday
  EXPECT_TRUE(schedc::schedule::cron::date_matches(e, 2026, 1, 13));  // the 13th (a Tuesday)
  EXPECT_FALSE(schedc::schedule::cron::date_matches(e, 2026, 1, 14));
  EXPECT_TRUE(schedc::schedule::cron::matches(e, 2026, 1, 13, 0, 0));
  EXPECT_FALSE(schedc::schedule::cron::matches(e, 2026, 1, 13, 0, 1));
}

TEST(CronMatch, AndRuleWithStarStep) {
  const CronExpr e = ok("0 0 */2 * MON");
  EXPECT_TRUE(schedc::schedule::cron::date_matches(e, 2026, 3, 9));    // Monday the 9th
  EXPECT_FALSE(schedc::schedule::cron::date_matches(e, 2026, 3, 2));   // Monday the 2nd
  EXPECT_FALSE(schedc::schedule::cron::date_matches(e, 2026, 3, 11));  // Wednesday the 11th
}

TEST(CronMatch, LastDayOfMonth) {
  const CronExpr e = ok("0 0 L * *");
  EXPECT_TRUE(schedc::schedule::cron::date_matches(e, 2024, 2, 29));
  EXPECT_FALSE(schedc::schedule::cron::date_matches(e, 2024, 2, 28));
  EXPECT_TRUE(schedc::schedule::cron::date_matches(e, 2025, 2, 28));
  EXPECT_TRUE(schedc::schedule::cron::day_of_month_matches(e, 2025, 4, 30));
  EXPECT_FALSE(schedc::schedule::cron::date_matches(e, 2025, 4, 31));  // not a date
}

TEST(CronMatch, NthWeekday) {
  const CronExpr e = ok("0 0 * * MON#1,FRI#5");
  EXPECT_TRUE(schedc::schedule::cron::date_matches(e, 2026, 3, 2));    // first Monday of March 2026
  EXPECT_FALSE(schedc::schedule::cron::date_matches(e, 2026, 3, 9));   // second Monday
  EXPECT_TRUE(schedc::schedule::cron::day_of_week_matches(e, 2026, 1, 30));  // fifth Friday of January 2026
  EXPECT_FALSE(schedc::schedule::cron::date_matches(e, 2026, 2, 27));  // fourth Friday of February 2026
}

TEST(CronMatch, MonthsAndTimes) {
  const CronExpr e = ok("*/30 9-10 * JUN *");
  EXPECT_TRUE(schedc::schedule::cron::matches(e, 2026, 6, 1, 9, 30));
  EXPECT_FALSE(schedc::schedule::cron::matches(e, 2026, 7, 1, 9, 30));
  EXPECT_FALSE(schedc::schedule::cron::matches(e, 2026, 6, 1, 11, 0));
  EXPECT_FALSE(schedc::schedule::cron::time_matches(e, 24, 0));
  EXPECT_FALSE(schedc::schedule::cron::date_matches(e, 2026, 0, 1));
}

// ---------------------------------------------------------------------------------------------------------------
// Robustness: arbitrary bytes never crash, errors stay inside the text, and normalized forms re-parse identically.
// ---------------------------------------------------------------------------------------------------------------

void check_invariants(const std::string& text) {
  const auto result = parse(text);
  ASSERT_NE(result.expr.has_value(), result.error.has_value()) << text;
  if (result.error) {
    EXPECT_LE(result.error->begin, result.error->end) << text;
    EXPECT_LE(result.error->end, text.size()) << text;
    EXPECT_FALSE(result.error->message.empty()) << text;
    EXPECT_FALSE(result.error->help.empty()) << text;
    return;
  }
  const auto again = parse(result.expr->normalized);
  ASSERT_TRUE(again.expr.has_value()) << text << " -> " << result.expr->normalized;
  EXPECT_EQ(again.expr->normalized, result.expr->normalized);
  EXPECT_EQ(again.expr->minutes, result.expr->minutes);
  EXPECT_EQ(again.expr->hours, result.expr->hours);
  EXPECT_EQ(again.expr->days_of_month, result.expr->days_of_month);
  EXPECT_EQ(again.expr->months, result.expr->months);
  EXPECT_EQ(again.expr->days_of_week, result.expr->days_of_week);
  EXPECT_EQ(again.expr->nth_weekdays, result.expr->nth_weekdays);
  EXPECT_EQ(again.expr->last_day_of_month, result.expr->last_day_of_month);
}

TEST(CronFuzz, RandomBytes) {
  std::mt19937 rng(20250101);
  std::uniform_int_distribution<int> length(0, 48);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 5000; ++i) {
    std::string text(static_cast<std::size_t>(length(rng)), '\0');
    for (char& c : text) c = static_cast<char>(byte(rng));
    check_invariants(text);
  }
}

TEST(CronFuzz, RandomCronAlphabet) {
  static constexpr std::string_view kAlphabet = "0123456789 *,-/#?LWlMONFRISATJUDECm@ \t";
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> length(0, 32);
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  for (int i = 0; i < 20000; ++i) {
    std::string text(static_cast<std::size_t>(length(rng)), ' ');
    for (char& c : text) c = kAlphabet[pick(rng)];
    check_invariants(text);
  }
}

TEST(CronFuzz, RandomFieldCombinations) {
  // Five fields built from plausible pieces (some out of range): exercises both the accepting and rejecting paths.
  static const std::vector<std::string> kPieces{"*",   "*/2", "*/7", "0",   "1",   "5",     "7",     "13",  "23",
                                                "29",  "30",  "31",  "59",  "60",  "1-5",   "5-1",   "2/3", "L",
                                                "MON", "FRI", "JAN", "FEB", "0-6", "MON#1", "FRI#5", "1,L", "?"};
  std::mt19937 rng(99);
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int field = 0; field < 5; ++field) {
      if (field > 0) text += ' ';
      text += kPieces[rng() % kPieces.size()];
      if (rng() % 4 == 0) text += "," + kPieces[rng() % kPieces.size()];
    }
    check_invariants(text);
    const auto result = parse(text);
    if (!result.expr) continue;
    // Accepted schedules really fire: 2000-2027 has every month starting on every weekday, leap Februaries too.
    if (++parsed <= 300) {
      bool fires = false;
      for (int year = 2000; year < 2028 && !fires; ++year) {
        for (int month = 1; month <= 12 && !fires; ++month) {
          for (int day = 1; day <= schedc::schedule::cron::days_in_month(year, month) && !fires; ++day) {
            fires = schedc::schedule::cron::date_matches(*result.expr, year, month, day);
          }
        }
      }
      EXPECT_TRUE(fires) << text;
    }
  }
  EXPECT_GT(parsed, 100);
  EXPECT_LT(parsed, 19000);
}

TEST(CronFuzz, MutatedValidExpressions) {
  const std::vector<std::string> seeds{"*/15 9-17 * * MON-FRI", "0 0 1,L * *", "0 6 * * MON#1,MON#3",
                                       "5-20/5 */2 1-15 JAN-JUN 1-5", "@daily"};
  static constexpr std::string_view kInsert = "0123456789*,-/#LW? @";
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string text = seeds[static_cast<std::size_t>(rng() % seeds.size())];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits; ++k) {
      const std::size_t pos = text.empty() ? 0 : rng() % text.size();
      switch (rng() % 3) {
        case 0: if (!text.empty()) text.erase(pos, 1); break;
        case 1: text.insert(pos, 1, kInsert[rng() % kInsert.size()]); break;
        default: if (!text.empty()) text[pos] = kInsert[rng() % kInsert.size()]; break;
      }
    }
    check_invariants(text);
  }
}

TEST(CronFuzz, LongInputIsFast) {
  std::string list = "0";
  for (int i = 0; i < 100000; ++i) list += ",0";
  const CronExpr e = ok(list + " 0 * * *");
  EXPECT_EQ(values(e.minutes), std::vector<int>{0});
  check_invariants(std::string(1'000'000, '*'));
  check_invariants(std::string(1'000'000, ' '));
}

}  // namespace
