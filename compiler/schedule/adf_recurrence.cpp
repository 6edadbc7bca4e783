// Lowering of a cron schedule to ADF ScheduleTrigger recurrences. See adf_recurrence.hpp.
//
// This step lowers only cron shapes that map directly to ONE recurrence, exactly:
//   - `*` or `*/n` minutes (n divides 60) with every hour and every day  -> Minute, interval n, no schedule
//   - any other minutes/hours on every day                              -> Day   + hours x minutes
//   - only the day-of-week restricted                                    -> Week  + weekDays + hours x minutes
//   - only the day-of-month restricted (`L` = -1)                        -> Month + monthDays + hours x minutes
//   - only DOW#k items in the day-of-week field                          -> Month + monthlyOccurrences + ...
// Day/Week/Month recurrences follow the wall clock (ADF adjusts them for DST); Minute recurrences tick in fixed
// intervals from the start time, which is why they are only used for steps that divide the hour.
#include "compiler/schedule/adf_recurrence.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <variant>

#include "compiler/schedule/timezone.hpp"

namespace schedc::adf {
namespace {

constexpr LocalDateTime kDefaultStart{2025, 1, 1, 0, 0, 0};

enum class DayShape { EveryDay, WeekDays, NthWeekDays, MonthDays };

struct DayPlan {
  DayShape shape = DayShape::EveryDay;
  std::vector<int> week_days;
  std::vector<int> month_days;
  std::vector<MonthlyOccurrence> occurrences;
};

LoweringResult failure(std::string message, std::string help) {
  LoweringResult result;
  result.error = LoweringError{std::move(message), std::move(help)};
  return result;
}

template <std::size_t N>
std::vector<int> set_bits(const std::bitset<N>& bits, int first = 0) {
  std::vector<int> out;
  for (int i = first; i < static_cast<int>(N); ++i) {
    if (bits.test(static_cast<std::size_t>(i))) out.push_back(i);
  }
  return out;
}


bool every_day_of_week(const cron::CronExpr& expr) { return expr.days_of_week.count() == 7; }

// `*`-prefixed minutes forming 0, n, 2n, ... with n dividing 60, and every hour: the step n, else 0.
int minute_interval(const cron::CronExpr& expr) {
  if (!expr.minute_star || expr.hours.count() != 24 || !expr.minutes.test(0) || expr.minutes.count() < 2) return 0;
  int step = 1;
  while (!expr.minutes.test(static_cast<std::size_t>(step))) ++step;
  if (60 % step != 0) return 0;
  for (int minute = 0; minute < 60; ++minute) {
    if (expr.minutes.test(static_cast<std::size_t>(minute)) != (minute % step == 0)) return 0;
  }
  return step;
}

std::variant<DayPlan, LoweringError> plan_days(const cron::CronExpr& expr) {
  const std::string& dom = expr.fields[2];
  const std::string& dow = expr.fields[4];
  const bool dom_restricts = !cron::every_day_of_month(expr);
  const bool dow_restricts = !every_day_of_week(expr);

  DayPlan plan;
  if (expr.day_or_rule()) {
    // Vixie OR rule: a union with every day (e.g. `1-31` or `0-6`) is every day.
    if (dom_restricts && dow_restricts) {
      return LoweringError{
          fmt::format("`{}` restricts both the day-of-month (`{}`) and the day-of-week (`{}`): cron runs on days "
                      "matching EITHER field, and an ADF schedule trigger cannot express a union of month days and "
                      "week days",
                      expr.normalized, dom, dow),
          fmt::format("split it into two models, one with `{}` and one with `{}`, or restrict only one of the day "
                      "fields",
                      cron::with_field(expr, 4, "*"), cron::with_field(expr, 2, "*"))};
    }
    return plan;
  }
  if (dom_restricts && dow_restricts) {
    const std::string& star_field = expr.dom_star ? dom : dow;
    return LoweringError{
        fmt::format("`{}` restricts both day fields and `{}` starts with `*`, so cron runs only on days matching "
                    "BOTH the day-of-month (`{}`) and the day-of-week (`{}`); that intersection is not one ADF "
                    "recurrence",
                    expr.normalized, star_field, dom, dow),
        fmt::format("restrict only one of the day fields, e.g. `{}` or `{}`", cron::with_field(expr, 4, "*"),
                    cron::with_field(expr, 2, "*"))};
  }
  if (dow_restricts) {
    const bool plain = expr.days_of_week.any();
    const bool nth = !expr.nth_weekdays.empty();
    if (plain && nth) {
      std::string nth_items;
      std::string plain_items;
      std::size_t start = 0;
      while (start <= dow.size()) {
        const std::size_t comma = std::min(dow.find(',', start), dow.size());
        const std::string item = dow.substr(start, comma - start);
        std::string& target = item.find('#') != std::string::npos ? nth_items : plain_items;
        target += (target.empty() ? "" : ",") + item;
        start = comma + 1;
      }
      return LoweringError{
          fmt::format("the day-of-week field `{}` mixes nth-weekday items (`{}`) with plain week days (`{}`); one "
                      "ADF recurrence cannot combine monthly occurrences with week days",
                      dow, nth_items, plain_items),
          fmt::format("split it into two models, one with `{}` and one with `{}`", cron::with_field(expr, 4, nth_items),
                      cron::with_field(expr, 4, plain_items))};
    }
    if (nth) {
      plan.shape = DayShape::NthWeekDays;
      for (const auto& [weekday, occurrence] : expr.nth_weekdays) plan.occurrences.push_back({weekday, occurrence});
    } else {
      plan.shape = DayShape::WeekDays;
      plan.week_days = set_bits(expr.days_of_week);
    }
    return plan;
  }
  if (dom_restricts) {
    plan.shape = DayShape::MonthDays;
    plan.month_days = set_bits(expr.days_of_month, 1);
    if (expr.last_day_of_month) plan.month_days.push_back(-1);
  }
  return plan;
}

// The first n-minute grid point of the local day at or after `from` (n divides 60, so the grid wraps at midnight).
LocalDateTime align_up(const LocalDateTime& from, int step_minutes) {
  const int step_seconds = step_minutes * 60;
  const int seconds = from.hour * 3600 + from.minute * 60 + from.second;
  const int aligned = (seconds + step_seconds - 1) / step_seconds * step_seconds;
  LocalDateTime out = from;
  if (aligned >= 24 * 3600) {
    const date::year_month_day ymd{date::year{from.year}, date::month{static_cast<unsigned>(from.month)},
                                   date::day{static_cast<unsigned>(from.day)}};
    const date::year_month_day next{date::sys_days{ymd} + date::days{1}};
    out.year = static_cast<int>(next.year());
    out.month = static_cast<int>(static_cast<unsigned>(next.month()));
    out.day = static_cast<int>(static_cast<unsigned>(next.day()));
    out.hour = out.minute = out.second = 0;
    return out;
  }
  out.hour = aligned / 3600;
  out.minute = aligned % 3600 / 60;
  out.second = 0;
  return out;
}

std::string describe_days(const cron::CronExpr& expr) {
  if (!cron::every_day_of_month(expr)) return fmt::format("day-of-month `{}`", expr.fields[2]);
  return fmt::format("day-of-week `{}`", expr.fields[4]);
}

}  // namespace

LoweringResult lower(const cron::CronExpr& expr, const std::string& windows_zone, bool utc,
                     const ScheduleWindow& window, const std::string& iana_zone) {
  if (!expr.all_months()) {
    const std::string macro =
        !expr.text.empty() && expr.text[0] == '@' ? fmt::format("`{}` means `{}`; ", expr.text, expr.normalized) : "";
    return failure(fmt::format("{}restricting months (`{}`) is not supported yet: ADF schedule triggers have no month "
                               "field",
                               macro, expr.fields[3]),
                   fmt::format("use `*` in the month field, e.g. `{}`; schedules limited to some months will be "
                               "supported in a later version",
                               cron::with_field(expr, 3, "*")));
  }

  auto days = plan_days(expr);
  if (auto* error = std::get_if<LoweringError>(&days)) {
    LoweringResult result;
    result.error = std::move(*error);
    return result;
  }
  const DayPlan& plan = std::get<DayPlan>(days);

  Recurrence recurrence;
  recurrence.time_zone = windows_zone;
  recurrence.utc = utc;
  recurrence.end_time = window.until;
  const LocalDateTime start = window.from.value_or(kDefaultStart);

  const int step = minute_interval(expr);
  const int shift = step == 0 || iana_zone.empty() ? 0 : tz::offset_change_gcd_minutes(iana_zone);
  if (step != 0 && (shift == 0 || shift % step == 0)) {
    if (plan.shape != DayShape::EveryDay) {
      return failure(
          fmt::format("a schedule every {} (`{}` minutes, every hour) limited to {} is not supported: ADF Minute "
                      "recurrences cannot be limited to week days or month days",
                      step == 1 ? std::string("minute") : fmt::format("{} minutes", step), expr.fields[0],
                      describe_days(expr)),
          fmt::format("write the minutes without `*`, e.g. `{}`, which lowers to a recurrence with an explicit "
                      "list of hours and minutes",
                      cron::with_field(expr, 0, step == 1 ? "0-59" : fmt::format("0-59/{}", step))));
    }
    recurrence.frequency = Frequency::Minute;
    recurrence.interval = step;
    recurrence.start_time = align_up(start, step);  // on the cron grid, never before `from`
    return LoweringResult{{std::move(recurrence)}, std::nullopt};
  }

  recurrence.interval = 1;
  recurrence.start_time = start;
  recurrence.has_schedule = true;
  recurrence.minutes = set_bits(expr.minutes);
  recurrence.hours = set_bits(expr.hours);
  switch (plan.shape) {
    case DayShape::EveryDay:
      recurrence.frequency = Frequency::Day;
      break;
    case DayShape::WeekDays:
      recurrence.frequency = Frequency::Week;
      recurrence.week_days = plan.week_days;
      break;
    case DayShape::MonthDays:
      recurrence.frequency = Frequency::Month;
      recurrence.month_days = plan.month_days;
      break;
    case DayShape::NthWeekDays:
      recurrence.frequency = Frequency::Month;
      recurrence.monthly_occurrences = plan.occurrences;
      break;
  }
  return LoweringResult{{std::move(recurrence)}, std::nullopt};
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

}  // namespace schedc::adf
