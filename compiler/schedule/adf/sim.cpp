// ADF ScheduleTrigger recurrence simulator. See adf/sim.hpp.
#include "compiler/schedule/adf/sim.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace schedc::schedule::adf {
namespace {

using schedule::Fire;
using schedule::Instant;
using schedule::LocalTime;

date::local_days to_days(int year, int month, int day) {
  return date::local_days{date::year{year} / date::month{static_cast<unsigned>(month)} /
                          date::day{static_cast<unsigned>(day)}};
}

LocalTime to_local(const LocalDateTime& t) {
  return LocalTime{to_days(t.year, t.month, t.day)} + std::chrono::hours{t.hour} + std::chrono::minutes{t.minute} +
         std::chrono::seconds{t.second};
}

bool valid_local(const LocalDateTime& t) {
  const date::year_month_day ymd{date::year{t.year}, date::month{static_cast<unsigned>(std::max(t.month, 0))},
                                 date::day{static_cast<unsigned>(std::max(t.day, 0))}};
  return ymd.ok() && t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 && t.second <= 59;
}

std::string list_text(const std::vector<int>& values) { return fmt::format("[{}]", fmt::join(values, ", ")); }

std::optional<SimulationError> error(std::string message) { return SimulationError{std::move(message)}; }

}  // namespace

std::optional<SimulationError> validate(const Recurrence& r) {
  const char* frequency = frequency_name(r.frequency);
  if (r.interval < 1 || r.interval > 1000) return error(fmt::format("interval {} is outside 1..1000", r.interval));
  if (!valid_local(r.start_time))
    return error(fmt::format("startTime {} is not a valid date-time", format_time(r.start_time, false)));
  if (r.end_time && !valid_local(*r.end_time)) {
    return error(fmt::format("endTime {} is not a valid date-time", format_time(*r.end_time, false)));
  }
  if (r.end_time && *r.end_time <= r.start_time) return error("endTime is not after startTime");
  const bool ticks = r.frequency == Frequency::Minute || r.frequency == Frequency::Hour;
  if (ticks) {
    if (r.has_schedule) {
      return error(
          fmt::format("a {} recurrence with a schedule is not modelled (schedule::adf::lower never emits one)", frequency));
    }
    return std::nullopt;
  }
  if (!r.has_schedule && (!r.minutes.empty() || !r.hours.empty() || !r.week_days.empty() || !r.month_days.empty() ||
                          !r.monthly_occurrences.empty())) {
    return error("schedule lists are set but has_schedule is false");
  }
  for (const int minute : r.minutes) {
    if (minute < 0 || minute > 59)
      return error(fmt::format("minutes {} has a value outside 0..59", list_text(r.minutes)));
  }
  for (const int hour : r.hours) {
    if (hour < 0 || hour > 23) return error(fmt::format("hours {} has a value outside 0..23", list_text(r.hours)));
  }
  if (!r.week_days.empty() && r.frequency != Frequency::Week) {
    return error(fmt::format("weekDays is only valid with frequency Week (frequency is {})", frequency));
  }
  for (const int weekday : r.week_days) {
    if (weekday < 0 || weekday > 6)
      return error(fmt::format("weekDays {} has a value outside 0..6", list_text(r.week_days)));
  }
  if ((!r.month_days.empty() || !r.monthly_occurrences.empty()) && r.frequency != Frequency::Month) {
    return error(fmt::format("monthDays and monthlyOccurrences are only valid with frequency Month (frequency is {})",
                             frequency));
  }
  for (const int day : r.month_days) {
    if (day == 0 || day < -31 || day > 31) {
      return error(fmt::format("monthDays {} has a value outside -31..-1, 1..31", list_text(r.month_days)));
    }
  }
  for (const MonthlyOccurrence& o : r.monthly_occurrences) {
    if (o.weekday < 0 || o.weekday > 6 || o.occurrence == 0 || o.occurrence < -5 || o.occurrence > 5) {
      return error(
          fmt::format("monthlyOccurrences {{day {}, occurrence {}}} is invalid (weekday 0..6, occurrence "
                      "1..5 or -1..-5)",
                      o.weekday, o.occurrence));
    }
  }
  return std::nullopt;
}

std::uint32_t recurrence_day_mask(const Recurrence& r, int year, int month) {
  const int length = schedule::cron::days_in_month(year, month);
  const date::local_days start_day = to_days(r.start_time.year, r.start_time.month, r.start_time.day);
  const date::local_days first = to_days(year, month, 1);
  std::uint32_t mask = 0;
  switch (r.frequency) {
    case Frequency::Minute:
    case Frequency::Hour: return 0;
    case Frequency::Day:
      for (int day = 1; day <= length; ++day) {
        const auto since = (first + date::days{day - 1} - start_day).count();
        if (since >= 0 && since % r.interval == 0) mask |= 1u << day;
      }
      return mask;
    case Frequency::Week: {
      const int start_weekday = schedule::cron::weekday_of(r.start_time.year, r.start_time.month, r.start_time.day);
      const date::local_days week_start = start_day - date::days{(start_weekday - kAssumedFirstDayOfWeek + 7) % 7};
      const std::vector<int> weekdays = r.week_days.empty() ? std::vector<int>{start_weekday} : r.week_days;
      const int first_weekday = schedule::cron::weekday_of(year, month, 1);
      for (int day = 1; day <= length; ++day) {
        const int weekday = (first_weekday + day - 1) % 7;
        if (std::find(weekdays.begin(), weekdays.end(), weekday) == weekdays.end()) continue;
        const auto since = (first + date::days{day - 1} - week_start).count();
        if (since >= 0 && (since / 7) % r.interval == 0) mask |= 1u << day;
      }
      return mask;
    }
    case Frequency::Month: {
      const int months_since = (year - r.start_time.year) * 12 + (month - r.start_time.month);
      if (months_since < 0 || months_since % r.interval != 0) return 0;
      if (r.month_days.empty() && r.monthly_occurrences.empty()) {
        return r.start_time.day <= length ? 1u << r.start_time.day : 0;
      }
      for (const int day : r.month_days) {
        const int actual = day > 0 ? day : length + 1 + day;
        if (actual >= 1 && actual <= length) mask |= 1u << actual;
      }
      const int first_weekday = schedule::cron::weekday_of(year, month, 1);
      for (const MonthlyOccurrence& o : r.monthly_occurrences) {
        const int first_match = 1 + (o.weekday - first_weekday + 7) % 7;
        int day = 0;
        if (o.occurrence > 0) {
          day = first_match + 7 * (o.occurrence - 1);
        } else {
          int last_match = first_match;
          while (last_match + 7 <= length) last_match += 7;
          day = last_match - 7 * (-o.occurrence - 1);
        }
        if (day >= 1 && day <= length) mask |= 1u << day;
      }
      return mask;
    }
  }
  return 0;
}

Instant to_instant(const LocalDateTime& local, const schedule::tz::Zone& zone, schedule::DstPolicy policy) {
  // A bound cannot be skipped: a gap always moves it to the gap's end.
  const schedule::DstPolicy bound_policy{schedule::GapRule::RunAtGapEnd, policy.overlap == schedule::OverlapRule::Second
                                                                             ? schedule::OverlapRule::Second
                                                                             : schedule::OverlapRule::First};
  const std::vector<Fire> fires = schedule::resolve_local(zone, to_local(local), bound_policy);
  return fires.front().instant;
}

std::variant<RecurrenceCursor, SimulationError> RecurrenceCursor::create(const Recurrence& r,
                                                                         const schedule::tz::Zone& zone, Instant after,
                                                                         Instant until, schedule::DstPolicy policy) {
  if (auto problem = validate(r)) return *problem;
  const Instant start = to_instant(r.start_time, zone, policy);
  if (r.end_time) until = std::min(until, to_instant(*r.end_time, zone, policy));

  if (r.frequency == Frequency::Minute || r.frequency == Frequency::Hour) {
    const std::chrono::seconds period =
        r.frequency == Frequency::Minute ? std::chrono::minutes{r.interval} : std::chrono::hours{r.interval};
    Instant next = start;
    if (after >= start) {
      const auto periods = (after - start) / period + 1;  // the first tick strictly after `after`
      next = start + periods * period;
    }
    return RecurrenceCursor(Ticks{next, period, until, &zone});
  }

  schedule::WallClockRule rule;
  rule.days = [r](int year, int month) { return recurrence_day_mask(r, year, month); };
  const std::vector<int> hours = r.hours.empty() ? std::vector<int>{r.start_time.hour} : r.hours;
  const std::vector<int> minutes = r.minutes.empty() ? std::vector<int>{r.start_time.minute} : r.minutes;
  for (const int hour : hours) {
    for (const int minute : minutes) rule.times.push_back(hour * 3600 + minute * 60 + r.start_time.second);
  }
  std::sort(rule.times.begin(), rule.times.end());
  rule.times.erase(std::unique(rule.times.begin(), rule.times.end()), rule.times.end());
  rule.policy = policy;
  // Runs at instants >= start: strictly after start - 1s (instants are whole seconds).
  const Instant from = std::max(after, start - std::chrono::seconds{1});
  return RecurrenceCursor(schedule::WallClockCursor(std::move(rule), zone, from, until));
}

std::optional<Fire> RecurrenceCursor::next() {
  if (auto* ticks = std::get_if<Ticks>(&state_)) {
    if (ticks->next > ticks->until) return std::nullopt;
    const Instant instant = ticks->next;
    ticks->next += ticks->period;
    const schedule::tz::Period info = ticks->zone->get_info(instant);
    return Fire{instant, LocalTime{instant.time_since_epoch()} + info.offset, schedule::FireKind::Normal};
  }
  return std::get<schedule::WallClockCursor>(state_).next();
}

SimulationResult simulate(const std::vector<Recurrence>& recurrences, const schedule::tz::Zone& zone, Instant after,
                          Instant until, schedule::DstPolicy policy) {
  SimulationResult result;
  for (const Recurrence& r : recurrences) {
    auto cursor = RecurrenceCursor::create(r, zone, after, until, policy);
    if (auto* problem = std::get_if<SimulationError>(&cursor)) {
      result.fires.clear();
      result.error = *problem;
      return result;
    }
    std::vector<Fire> fires = schedule::drain(std::get<RecurrenceCursor>(cursor));
    result.fires.insert(result.fires.end(), fires.begin(), fires.end());
  }
  std::stable_sort(result.fires.begin(), result.fires.end(),
                   [](const Fire& a, const Fire& b) { return a.instant < b.instant; });
  result.fires.erase(std::unique(result.fires.begin(), result.fires.end(),
                                 [](const Fire& a, const Fire& b) { return a.instant == b.instant; }),
                     result.fires.end());
  return result;
}

SimulationResult simulate_first(const std::vector<Recurrence>& recurrences, const schedule::tz::Zone& zone,
                                Instant after, Instant until, std::size_t limit, schedule::DstPolicy policy) {
  SimulationResult result;
  std::vector<RecurrenceCursor> cursors;
  for (const Recurrence& r : recurrences) {
    auto created = RecurrenceCursor::create(r, zone, after, until, policy);
    if (auto* problem = std::get_if<SimulationError>(&created)) {
      result.error = *problem;
      return result;
    }
    cursors.push_back(std::move(std::get<RecurrenceCursor>(created)));
  }
  std::vector<std::optional<Fire>> heads;
  for (auto& c : cursors) heads.push_back(c.next());
  while (result.fires.size() < limit) {
    std::optional<Instant> earliest;
    for (const auto& h : heads)
      if (h && (!earliest || h->instant < *earliest)) earliest = h->instant;
    if (!earliest) break;
    bool taken = false;
    for (std::size_t i = 0; i < heads.size(); ++i)
      if (heads[i] && heads[i]->instant == *earliest) {
        if (!taken) result.fires.push_back(*heads[i]);
        taken = true;
        heads[i] = cursors[i].next();
      }
  }
  return result;
}

}  // namespace schedc::schedule::adf
