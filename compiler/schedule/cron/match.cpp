// Calendar helpers and matching a cron expression at a local civil date and time. See cron.hpp.
#include "compiler/schedule/cron/cron.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace schedc::schedule::cron {
namespace {

// The day fields for day `day` of a month of `month_length` days, the day being weekday `weekday` (0 = Sunday).
bool day_of_month_hit(const CronExpr& expr, int day, int month_length) {
  return expr.days_of_month.test(static_cast<std::size_t>(day)) ||
         (expr.last_day_of_month && day == month_length);
}

bool day_of_week_hit(const CronExpr& expr, int day, int weekday) {
  if (expr.days_of_week.test(static_cast<std::size_t>(weekday))) return true;
  const int occurrence = (day - 1) / 7 + 1;
  return std::any_of(expr.nth_weekdays.begin(), expr.nth_weekdays.end(),
                     [&](const auto& nth) { return nth.first == weekday && nth.second == occurrence; });
}

// The Vixie rule: OR when both day fields are restricted (neither starts with `*`), AND otherwise.
bool day_hit(const CronExpr& expr, int day, int weekday, int month_length) {
  const bool dom = day_of_month_hit(expr, day, month_length);
  const bool dow = day_of_week_hit(expr, day, weekday);
  return expr.day_or_rule() ? (dom || dow) : (dom && dow);
}

}  // namespace

// Whether some day of some selected month matches. Only the month's length and the weekday of its first day
// matter, and over the Gregorian cycle every month starts on every weekday (February with 28 and with 29 days).
bool can_ever_fire(const CronExpr& expr) {
  for (int month = 1; month <= 12; ++month) {
    if (!expr.months.test(static_cast<std::size_t>(month))) continue;
    const int shortest = days_in_month(2001, month);
    const int longest = days_in_month(2000, month);
    for (int length = shortest; length <= longest; ++length) {
      for (int first_weekday = 0; first_weekday < 7; ++first_weekday) {
        for (int day = 1; day <= length; ++day) {
          if (day_hit(expr, day, (first_weekday + day - 1) % 7, length)) return true;
        }
      }
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar and matching
// ---------------------------------------------------------------------------------------------------------------

bool is_leap_year(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) noexcept {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return (month == 2 && is_leap_year(year)) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

int weekday_of(int year, int month, int day) noexcept {
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  return static_cast<int>(date::weekday{date::sys_days{ymd}}.c_encoding());
}

bool day_of_month_matches(const CronExpr& expr, int year, int month, int day) noexcept {
  if (day < 1 || day > 31) return false;
  return day_of_month_hit(expr, day, days_in_month(year, month));
}

bool day_of_week_matches(const CronExpr& expr, int year, int month, int day) noexcept {
  if (day < 1 || day > 31) return false;
  return day_of_week_hit(expr, day, weekday_of(year, month, day));
}

bool date_matches(const CronExpr& expr, int year, int month, int day) noexcept {
  if (month < 1 || month > 12 || !expr.months.test(static_cast<std::size_t>(month))) return false;
  const int length = days_in_month(year, month);
  if (day < 1 || day > length) return false;
  return day_hit(expr, day, weekday_of(year, month, day), length);
}

bool time_matches(const CronExpr& expr, int hour, int minute) noexcept {
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return false;
  return expr.hours.test(static_cast<std::size_t>(hour)) && expr.minutes.test(static_cast<std::size_t>(minute));
}

bool matches(const CronExpr& expr, int year, int month, int day, int hour, int minute) noexcept {
  return time_matches(expr, hour, minute) && date_matches(expr, year, month, day);
}

std::string with_field(const CronExpr& expr, std::size_t index, std::string_view replacement) {
  std::array<std::string, 5> fields = expr.fields;
  fields[index] = std::string(replacement);
  return fmt::format("{} {} {} {} {}", fields[0], fields[1], fields[2], fields[3], fields[4]);
}

bool every_day_of_month(const CronExpr& expr) {
  for (std::size_t day = 1; day <= 31; ++day)
    if (!expr.days_of_month.test(day)) return false;
  return true;
}

std::optional<std::vector<int>> whole_weeks(const CronExpr& expr) {
  if (expr.last_day_of_month) return std::nullopt;
  std::vector<int> weeks;
  for (int week = 1; week <= 5; ++week) {
    const int first = 7 * (week - 1) + 1;
    const int last = week == 5 ? 31 : 7 * week;
    int count = 0;
    for (int day = first; day <= last; ++day) count += expr.days_of_month.test(static_cast<std::size_t>(day));
    if (count == last - first + 1) weeks.push_back(week);
    else if (count != 0) return std::nullopt;
  }
  return weeks;
}

}  // namespace schedc::schedule::cron
