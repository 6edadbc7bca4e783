#include "compiler/schedule/cron/describe.hpp"

#include <array>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace schedc::schedule::cron {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 13> kMonths{"",     "January", "February", "March",     "April",   "May",      "June",
                                                   "July", "August",  "September", "October", "November", "December"};
constexpr std::array<std::string_view, 6> kOrdinals{"", "first", "second", "third", "fourth", "fifth"};

// The set bits of a field as runs: [1, 2, 3, 5] -> {(1, 3), (5, 5)}.
template <std::size_t N>
std::vector<std::pair<int, int>> runs(const std::bitset<N>& bits, int from) {
  std::vector<std::pair<int, int>> out;
  for (int i = from; i < static_cast<int>(N); ++i) {
    if (!bits[static_cast<std::size_t>(i)]) continue;
    if (!out.empty() && out.back().second == i - 1) out.back().second = i;
    else out.emplace_back(i, i);
  }
  return out;
}

template <class Name>
std::string join_runs(const std::vector<std::pair<int, int>>& rs, Name name, std::string_view to) {
  std::vector<std::string> parts;
  for (const auto& [a, b] : rs) {
    if (a == b) parts.push_back(name(a));
    else if (b == a + 1) parts.push_back(name(a) + ", " + name(b));
    else parts.push_back(name(a) + std::string(to) + name(b));
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return out;
}

std::string number(int n) { return std::to_string(n); }
std::string two(int n) { return fmt::format("{:02}", n); }

std::string times(const CronExpr& e) {
  const std::size_t minutes = e.minutes.count(), hours = e.hours.count();
  if (minutes == 60 && hours == 24) return "every minute";
  if (minutes == 60) return "every minute during hour" + std::string(hours == 1 ? " " : "s ") + join_runs(runs(e.hours, 0), two, " to ");
  if (hours == 24) {
    if (minutes == 1) return "every hour at minute " + join_runs(runs(e.minutes, 0), number, " to ");
    return "every hour at minutes " + join_runs(runs(e.minutes, 0), number, " to ");
  }
  if (minutes * hours <= 6) {
    std::vector<std::string> at;
    for (std::size_t h = 0; h < 24; ++h)
      for (std::size_t m = 0; m < 60; ++m)
        if (e.hours[h] && e.minutes[m]) at.push_back(fmt::format("{:02}:{:02}", h, m));
    std::string out = "at ";
    for (std::size_t i = 0; i < at.size(); ++i) out += (i == 0 ? "" : i + 1 == at.size() ? " and " : ", ") + at[i];
    return out;
  }
  return "at minute" + std::string(minutes == 1 ? " " : "s ") + join_runs(runs(e.minutes, 0), number, " to ") +
         " of hour" + (hours == 1 ? " " : "s ") + join_runs(runs(e.hours, 0), two, " to ");
}

std::string days_of_month(const CronExpr& e) {
  std::string out;
  if (e.days_of_month.count() > 0)
    out = "on day" + std::string(e.days_of_month.count() == 1 ? " " : "s ") + join_runs(runs(e.days_of_month, 1), number, " to ") +
          " of the month";
  if (e.last_day_of_month) out += (out.empty() ? "on " : " and on ") + std::string("the last day of the month");
  return out;
}

std::string days_of_week(const CronExpr& e) {
  std::string out;
  if (e.days_of_week.count() > 0)
    out = join_runs(runs(e.days_of_week, 0), [](int d) { return std::string(kWeekdays[static_cast<std::size_t>(d)]); }, " to ");
  for (const auto& [weekday, k] : e.nth_weekdays)
    out += (out.empty() ? "" : " and ") + fmt::format("the {} {} of the month", kOrdinals[static_cast<std::size_t>(k)],
                                                      kWeekdays[static_cast<std::size_t>(weekday)]);
  return out.empty() ? out : "on " + out;
}

}  // namespace

std::string describe(const CronExpr& e) {
  std::string out = times(e);
  const bool dom = !every_day_of_month(e);
  const bool dow = e.days_of_week.count() < 7 || !e.nth_weekdays.empty();
  if (dom && dow && e.day_or_rule())
    out += ", " + days_of_month(e) + " or " + days_of_week(e) + " (cron runs on either)";
  else if (dom && dow)
    out += ", " + days_of_month(e) + " when it is also " + days_of_week(e).substr(3) + " (a field starting with `*` makes cron require both)";
  else if (dom)
    out += ", " + days_of_month(e);
  else if (dow)
    out += ", " + days_of_week(e);
  else
    out += ", every day";
  if (!e.all_months())
    out += ", in " + join_runs(runs(e.months, 1), [](int m) { return std::string(kMonths[static_cast<std::size_t>(m)]); }, " to ");
  return out;
}

}  // namespace schedc::schedule::cron
