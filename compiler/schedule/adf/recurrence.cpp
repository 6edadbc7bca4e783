// Lowering of a cron schedule to ADF ScheduleTrigger recurrences. See adf/recurrence.hpp.
//
// Every shape ADF can express exactly, as one or more recurrences (one trigger each) on disjoint days:
//   - wildcard jobs (minute or hour field starting with `*`) on every day of every month whose times form a grid
//     that divides the day and every UTC offset change of the zone -> Minute/n or Hour/n (fixed UTC ticks, which
//     is what a wildcard job does: it runs at the real instants);
//   - any other times on every day                              -> Day   + hours x minutes
//   - the day-of-week restricted                                -> Week  + weekDays
//   - the day-of-month restricted (`L` = -1)                    -> Month + monthDays
//   - DOW#k items                                               -> Month + monthlyOccurrences
//   - DOW#k items mixed with week days                          -> Week (the week days) + Month (the other items)
//   - AND rule with whole weeks (`1-7` with `*/2`)              -> Month + monthlyOccurrences
//   - months restricted: a cycle (`*/3`, `2-12/2`)             -> Month + interval from the cycle's first month;
//                        any other set                          -> one Month trigger per month, interval 12
//     (every day -> monthDays 1..31; week days -> monthlyOccurrences 1..5 of each)
// Day/Week/Month recurrences follow the wall clock (ADF adjusts them for DST). The proof (proof.hpp) compares every
// lowering with the source; what remains different is different only inside DST transitions.
#include "compiler/schedule/adf/recurrence.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <bitset>
#include <optional>
#include <utility>
#include <variant>

#include "compiler/schedule/fire.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace schedc::schedule::adf {
namespace {

constexpr LocalDateTime kDefaultStart{2025, 1, 1, 0, 0, 0};

enum class DayShape { EveryDay, WeekDays, NthWeekDays, MonthDays };

struct DayPlan {
  DayShape shape = DayShape::EveryDay;
  std::vector<int> week_days;
  std::vector<int> month_days;
  std::vector<MonthlyOccurrence> occurrences;
};

template <std::size_t N>
std::vector<int> set_bits(const std::bitset<N>& bits, int first = 0) {
  std::vector<int> out;
  for (int i = first; i < static_cast<int>(N); ++i) {
    if (bits.test(static_cast<std::size_t>(i))) out.push_back(i);
  }
  return out;
}

bool every_day_of_week(const schedule::cron::CronExpr& expr) { return expr.days_of_week.count() == 7; }

// A set of values in [0, size) that is exactly {offset, offset + step, ...} with step dividing size: that step
// (and the offset), else nullopt. A single value is the grid with step == size.
template <std::size_t N>
std::optional<std::pair<int, int>> grid(const std::bitset<N>& bits, int size) {
  if (bits.none()) return std::nullopt;
  int offset = 0;
  while (!bits.test(static_cast<std::size_t>(offset))) ++offset;
  int second = offset + 1;
  while (second < size && !bits.test(static_cast<std::size_t>(second))) ++second;
  const int step = second < size ? second - offset : size;
  if (size % step != 0 || offset >= step) return std::nullopt;
  for (int v = 0; v < size; ++v) {
    if (bits.test(static_cast<std::size_t>(v)) != (v % step == offset)) return std::nullopt;
  }
  return std::pair{step, offset};
}

// The day plans of a cron (their union is the cron's days; their days are disjoint), or why ADF cannot express it.
std::variant<std::vector<DayPlan>, LoweringError> plan_days(const schedule::cron::CronExpr& expr) {
  const std::string& dom = expr.fields[2];
  const std::string& dow = expr.fields[4];
  const bool dom_restricts = !schedule::cron::every_day_of_month(expr);
  const bool dow_restricts = !every_day_of_week(expr);

  DayPlan plan;
  if (expr.day_or_rule()) {
    // Vixie OR rule: a union with every day (e.g. `1-31` or `0-6`) is every day.
    if (dom_restricts && dow_restricts) {
      return LoweringError{
          fmt::format("`{}` restricts both the day-of-month (`{}`) and the day-of-week (`{}`): cron runs on days "
                      "matching EITHER field, and ADF schedule triggers cannot express a union of month days and "
                      "week days (two triggers would both run on a day that matches both fields)",
                      expr.normalized, dom, dow),
          fmt::format("split it into two models, one with `{}` and one with `{}`, or restrict only one of the day "
                      "fields",
                      schedule::cron::with_field(expr, 4, "*"), schedule::cron::with_field(expr, 2, "*"))};
    }
    return std::vector<DayPlan>{plan};
  }
  if (dom_restricts && dow_restricts) {
    // AND rule. Whole weeks of the month with plain week days are monthly occurrences: `1-7` with `*/2` is the
    // first Sunday, Tuesday, Thursday and Saturday of the month; `29-31` with `*/7` the fifth Sunday (occurrence 5).
    const auto weeks = schedule::cron::whole_weeks(expr);
    if (weeks && expr.nth_weekdays.empty()) {
      plan.shape = DayShape::NthWeekDays;
      for (int weekday : set_bits(expr.days_of_week))
        for (int week : *weeks) plan.occurrences.push_back({weekday, week});
      return std::vector<DayPlan>{plan};
    }
    const std::string& star_field = expr.dom_star ? dom : dow;
    return LoweringError{
        fmt::format("`{}` restricts both day fields and `{}` starts with `*`, so cron runs only on days matching "
                    "BOTH the day-of-month (`{}`) and the day-of-week (`{}`); ADF can express that intersection "
                    "only when the month days are whole weeks (1-7, 8-14, 15-21, 22-28, 29-31)",
                    expr.normalized, star_field, dom, dow),
        fmt::format("restrict only one of the day fields, e.g. `{}` or `{}`", schedule::cron::with_field(expr, 4, "*"),
                    schedule::cron::with_field(expr, 2, "*"))};
  }
  if (dow_restricts) {
    std::vector<DayPlan> plans;
    if (expr.days_of_week.any()) {
      DayPlan week;
      week.shape = DayShape::WeekDays;
      week.week_days = set_bits(expr.days_of_week);
      plans.push_back(std::move(week));
    }
    // `MON,MON#1` is every Monday: an nth item of a week day that is listed anyway adds nothing. The others become a
    // second trigger on days the first never runs on.
    DayPlan nth;
    nth.shape = DayShape::NthWeekDays;
    for (const auto& [weekday, occurrence] : expr.nth_weekdays) {
      if (!expr.days_of_week.test(static_cast<std::size_t>(weekday))) nth.occurrences.push_back({weekday, occurrence});
    }
    if (!nth.occurrences.empty()) plans.push_back(std::move(nth));
    return plans;
  }
  if (dom_restricts) {
    plan.shape = DayShape::MonthDays;
    plan.month_days = set_bits(expr.days_of_month, 1);
    if (expr.last_day_of_month) plan.month_days.push_back(-1);
  }
  return std::vector<DayPlan>{plan};
}

// The months of a cron as Month recurrences: a cycle (`*/3`, `2-12/2`) is one recurrence every `interval` months
// from `anchor`; any other set is one recurrence per month, every 12 months.
struct MonthGroup {
  int interval = 1;
  int anchor = 1;                 // the first month of the cycle (1..12)
  std::bitset<13> months;         // the months it runs in
};

std::vector<MonthGroup> plan_months(const schedule::cron::CronExpr& expr) {
  std::bitset<12> zero_based;
  for (int m = 1; m <= 12; ++m) zero_based.set(static_cast<std::size_t>(m - 1), expr.months.test(static_cast<std::size_t>(m)));
  if (const auto cycle = grid(zero_based, 12); cycle && cycle->first < 12) {
    return {MonthGroup{cycle->first, cycle->second + 1, expr.months}};
  }
  std::vector<MonthGroup> groups;
  for (int m = 1; m <= 12; ++m) {
    if (!expr.months.test(static_cast<std::size_t>(m))) continue;
    MonthGroup g{12, m, {}};
    g.months.set(static_cast<std::size_t>(m));
    groups.push_back(g);
  }
  return groups;
}

LocalDateTime next_day(const LocalDateTime& t) {
  const date::year_month_day ymd{date::year{t.year}, date::month{static_cast<unsigned>(t.month)},
                                 date::day{static_cast<unsigned>(t.day)}};
  const date::year_month_day next{date::sys_days{ymd} + date::days{1}};
  return LocalDateTime{static_cast<int>(next.year()), static_cast<int>(static_cast<unsigned>(next.month())),
                       static_cast<int>(static_cast<unsigned>(next.day())), 0, 0, 0};
}

// The first local time at or after `from` whose minute of the day is on the grid offset + k * step (minutes;
// step divides 24 h, so the grid repeats every day).
LocalDateTime align_up(const LocalDateTime& from, int step_minutes, int offset_minutes) {
  const int step = step_minutes * 60;
  const int offset = offset_minutes * 60;
  const int seconds = from.hour * 3600 + from.minute * 60 + from.second;
  int aligned = seconds <= offset ? offset : offset + (seconds - offset + step - 1) / step * step;
  LocalDateTime out = from;
  if (aligned >= 24 * 3600) {
    out = next_day(from);
    aligned = offset;
  }
  out.hour = aligned / 3600;
  out.minute = aligned % 3600 / 60;
  out.second = 0;
  return out;
}

// The start of a Month recurrence of `group`: `from` when its month is one of the group's, else midnight on the
// first day of the next such month. ADF counts the interval from the start time's month.
LocalDateTime month_start(const LocalDateTime& from, const MonthGroup& group) {
  LocalDateTime out = from;
  for (int i = 0; i < 13; ++i) {
    if (group.months.test(static_cast<std::size_t>(out.month))) return out;
    out = LocalDateTime{out.month == 12 ? out.year + 1 : out.year, out.month == 12 ? 1 : out.month + 1, 1, 0, 0, 0};
  }
  return from;  // unreachable: every group has a month
}

// A Month recurrence for `plan` limited to `group`'s months.
void as_month(Recurrence& r, const DayPlan& plan) {
  r.frequency = Frequency::Month;
  switch (plan.shape) {
    case DayShape::EveryDay:
      for (int d = 1; d <= 31; ++d) r.month_days.push_back(d);
      break;
    case DayShape::WeekDays:
      for (int weekday : plan.week_days)
        for (int k = 1; k <= 5; ++k) r.monthly_occurrences.push_back({weekday, k});
      break;
    case DayShape::MonthDays:
      r.month_days = plan.month_days;
      break;
    case DayShape::NthWeekDays:
      r.monthly_occurrences = plan.occurrences;
      break;
  }
}

}  // namespace

LoweringResult lower(const schedule::cron::CronExpr& expr, const std::string& windows_zone, bool utc,
                     const ScheduleWindow& window, const std::string& iana_zone) {
  auto days = plan_days(expr);
  if (auto* error = std::get_if<LoweringError>(&days)) {
    LoweringResult result;
    result.error = std::move(*error);
    return result;
  }
  const std::vector<DayPlan>& plans = std::get<std::vector<DayPlan>>(days);
  const LocalDateTime start = window.from.value_or(kDefaultStart);

  Recurrence base;
  base.time_zone = windows_zone;
  base.utc = utc;
  base.end_time = window.until;

  // Fixed UTC ticks (Minute/n, Hour/n) fire at the real instants, like a wildcard cron job, and keep the wall-clock
  // grid only when the period divides every UTC offset change of the zone.
  if (expr.all_months() && plans.size() == 1 && plans.front().shape == DayShape::EveryDay &&
      schedule::is_wildcard_job(expr)) {
    const int shift = iana_zone.empty() ? 0 : schedule::tz::offset_change_gcd_minutes(iana_zone);
    const auto keeps_grid = [&](int period_minutes) { return shift == 0 || shift % period_minutes == 0; };
    const auto minute_grid = grid(expr.minutes, 60);
    const auto hour_grid = grid(expr.hours, 24);
    if (minute_grid && expr.hours.count() == 24 && minute_grid->first < 60 && keeps_grid(minute_grid->first)) {
      Recurrence r = base;
      r.frequency = Frequency::Minute;
      r.interval = minute_grid->first;
      r.start_time = align_up(start, minute_grid->first, minute_grid->second);  // on the grid, never before `from`
      return LoweringResult{{std::move(r)}, std::nullopt};
    }
    if (minute_grid && minute_grid->first == 60 && hour_grid && hour_grid->first < 24 && keeps_grid(hour_grid->first * 60)) {
      Recurrence r = base;
      r.frequency = Frequency::Hour;
      r.interval = hour_grid->first;
      r.start_time = align_up(start, hour_grid->first * 60, hour_grid->second * 60 + minute_grid->second);
      return LoweringResult{{std::move(r)}, std::nullopt};
    }
  }

  base.interval = 1;
  base.has_schedule = true;
  base.minutes = set_bits(expr.minutes);
  base.hours = set_bits(expr.hours);

  LoweringResult result;
  if (expr.all_months()) {
    for (const DayPlan& plan : plans) {
      Recurrence r = base;
      r.start_time = start;
      switch (plan.shape) {
        case DayShape::EveryDay:
          r.frequency = Frequency::Day;
          break;
        case DayShape::WeekDays:
          r.frequency = Frequency::Week;
          r.week_days = plan.week_days;
          break;
        case DayShape::MonthDays:
        case DayShape::NthWeekDays:
          as_month(r, plan);
          break;
      }
      result.recurrences.push_back(std::move(r));
    }
    return result;
  }
  for (const MonthGroup& group : plan_months(expr)) {
    for (const DayPlan& plan : plans) {
      Recurrence r = base;
      r.interval = group.interval;
      r.start_time = month_start(start, group);
      as_month(r, plan);
      result.recurrences.push_back(std::move(r));
    }
  }
  return result;
}

std::string format_time(const LocalDateTime& t, bool utc) {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", t.year, t.month, t.day, t.hour, t.minute, t.second,
                     utc ? "Z" : "");
}

const char* frequency_name(Frequency f) {
  switch (f) {
    case Frequency::Minute: return "Minute";
    case Frequency::Hour: return "Hour";
    case Frequency::Day: return "Day";
    case Frequency::Week: return "Week";
    case Frequency::Month: return "Month";
  }
  return "Day";
}

const char* weekday_name(int weekday) {
  static constexpr std::array<const char*, 7> kNames{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                     "Thursday", "Friday", "Saturday"};
  if (weekday < 0 || weekday > 6) return "";
  return kNames[static_cast<std::size_t>(weekday)];
}

}  // namespace schedc::schedule::adf
