// Fire-time engine. See fire.hpp.
#include "compiler/schedule/fire.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace schedc::schedule {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// UTC offsets stay within +-26h (the tz database's extremes are about +-15h), and one change is at most 26h.
// A day whose local midnight, read as UTC, lies this far inside one zone period maps every local time of the day
// with that period's offset and no other: no gap, no overlap.
constexpr hours kUniformMargin{52};

std::uint32_t all_days(int days) { return ((1u << days) - 1u) << 1; }  // bits 1..days

date::year_month_day to_ymd(date::local_days day) { return date::year_month_day{day}; }

int year_of(const date::year_month_day& ymd) { return static_cast<int>(ymd.year()); }
int month_of(const date::year_month_day& ymd) { return static_cast<int>(static_cast<unsigned>(ymd.month())); }
int day_of(const date::year_month_day& ymd) { return static_cast<int>(static_cast<unsigned>(ymd.day())); }

date::local_days first_of(int year, int month) {
  return date::local_days{date::year{year} / date::month{static_cast<unsigned>(month)} / date::day{1}};
}

Instant as_instant(LocalTime local) { return Instant{local.time_since_epoch()}; }

void sort_unique(std::vector<Fire>& fires) {
  std::sort(fires.begin(), fires.end(), [](const Fire& a, const Fire& b) {
    return a.instant != b.instant ? a.instant < b.instant : a.scheduled < b.scheduled;
  });
  // Equal instants: keep the first (earliest scheduled local time).
  fires.erase(
      std::unique(fires.begin(), fires.end(), [](const Fire& a, const Fire& b) { return a.instant == b.instant; }),
      fires.end());
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Policies and local-time resolution
// ---------------------------------------------------------------------------------------------------------------

bool is_wildcard_job(const schedule::cron::CronExpr& expr) noexcept { return expr.minute_star || expr.hour_star; }

DstPolicy cron_dst_policy(const schedule::cron::CronExpr& expr) noexcept {
  return is_wildcard_job(expr) ? kCronWildcardPolicy : kCronFixedTimePolicy;
}

const char* fire_kind_name(FireKind kind) noexcept {
  switch (kind) {
    case FireKind::Normal: return "normal";
    case FireKind::AfterGap: return "after-gap";
    case FireKind::OverlapFirst: return "overlap-first";
    case FireKind::OverlapSecond: return "overlap-second";
  }
  return "normal";
}

std::vector<Fire> resolve_local(const schedule::tz::Zone& zone, LocalTime local, DstPolicy policy) {
  std::vector<Fire> out;
  const schedule::tz::LocalInfo info = zone.get_info(local);
  switch (info.result) {
    case schedule::tz::LocalInfo::unique:
      out.push_back({as_instant(local) - info.first.offset, local, FireKind::Normal});
      break;
    case schedule::tz::LocalInfo::nonexistent:
      // first = the period before the gap, second = the period after; the gap ends where `second` begins.
      if (policy.gap == GapRule::RunAtGapEnd) out.push_back({info.second.begin, local, FireKind::AfterGap});
      break;
    case schedule::tz::LocalInfo::ambiguous: {
      const Fire first{as_instant(local) - info.first.offset, local, FireKind::OverlapFirst};
      const Fire second{as_instant(local) - info.second.offset, local, FireKind::OverlapSecond};
      if (policy.overlap != OverlapRule::Second) out.push_back(first);
      if (policy.overlap != OverlapRule::First) out.push_back(second);
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// WallClockCursor
// ---------------------------------------------------------------------------------------------------------------

WallClockCursor::WallClockCursor(WallClockRule rule, const schedule::tz::Zone& zone, Instant after, Instant until)
    : rule_(std::move(rule)), zone_(&zone), last_(after), until_(until) {
  // Local dates are within +-26h of UTC dates; start a day early so that the second pass of an overlap or a
  // fire moved past a gap that began on the previous local day are not missed.
  const auto start = date::floor<date::days>(after) - date::days{2};
  const auto end = date::floor<date::days>(until) + date::days{2};
  day_ = date::local_days{start.time_since_epoch()};
  last_day_ = date::local_days{end.time_since_epoch()};
  if (until_ > after) load_month();
}

void WallClockCursor::load_month() {
  const date::year_month_day ymd = to_ymd(day_);
  year_ = year_of(ymd);
  month_ = month_of(ymd);
  mask_ = rule_.days ? rule_.days(year_, month_) : 0;
  mask_ &= all_days(schedule::cron::days_in_month(year_, month_));
  // Only days from day_ on.
  mask_ &= ~((1u << day_of(ymd)) - 1u);
}

void WallClockCursor::expand_day(date::local_days day) {
  buffer_.clear();
  next_in_buffer_ = 0;
  if (rule_.times.empty()) return;
  const LocalTime midnight{day};
  const Instant midnight_as_utc = as_instant(midnight);
  const auto covers = [&](const schedule::tz::Period& info) {
    return info.begin <= midnight_as_utc - kUniformMargin && midnight_as_utc + hours{24} + kUniformMargin <= info.end;
  };
  if (!info_ || !covers(*info_)) info_ = zone_->get_info(midnight_as_utc);
  if (covers(*info_)) {
    const seconds offset = info_->offset;
    buffer_.reserve(rule_.times.size());
    for (const std::int32_t t : rule_.times) {
      const LocalTime local = midnight + seconds{t};
      buffer_.push_back({as_instant(local) - offset, local, FireKind::Normal});
    }
    return;  // already ascending and unique
  }
  for (const std::int32_t t : rule_.times) {
    for (const Fire& fire : resolve_local(*zone_, midnight + seconds{t}, rule_.policy)) buffer_.push_back(fire);
  }
  sort_unique(buffer_);
}

std::optional<Fire> WallClockCursor::next() {
  while (true) {
    while (next_in_buffer_ < buffer_.size()) {
      const Fire fire = buffer_[next_in_buffer_++];
      if (fire.instant > until_) {
        // Fires are ascending within a day and days ascend; nothing later can be in range.
        buffer_.clear();
        next_in_buffer_ = 0;
        day_ = last_day_ + date::days{1};
        return std::nullopt;
      }
      if (fire.instant <= last_) continue;  // before the query, or the same instant as a previous day's fire
      last_ = fire.instant;
      return fire;
    }
    if (day_ > last_day_ || until_ <= last_) return std::nullopt;
    // Next day with a bit in the month mask.
    while (mask_ == 0) {
      day_ = first_of(year_, month_) + date::days{schedule::cron::days_in_month(year_, month_)};
      if (day_ > last_day_) return std::nullopt;
      load_month();
    }
    int day_number = 1;
    while ((mask_ & (1u << day_number)) == 0) ++day_number;
    mask_ &= ~(1u << day_number);
    const date::local_days day = first_of(year_, month_) + date::days{day_number - 1};
    if (day > last_day_) {
      day_ = day;
      return std::nullopt;
    }
    day_ = day + date::days{1};
    expand_day(day);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Cron schedules
// ---------------------------------------------------------------------------------------------------------------

std::uint32_t cron_day_mask(const schedule::cron::CronExpr& expr, int year, int month) noexcept {
  if (month < 1 || month > 12 || !expr.months.test(static_cast<std::size_t>(month))) return 0;
  const int length = schedule::cron::days_in_month(year, month);
  const std::uint32_t month_days = all_days(length);
  std::uint32_t dom = static_cast<std::uint32_t>(expr.days_of_month.to_ulong()) & month_days;
  if (expr.last_day_of_month) dom |= 1u << length;
  std::uint32_t dow = 0;
  const int first_weekday = schedule::cron::weekday_of(year, month, 1);
  for (int day = 1; day <= length; ++day) {
    const int weekday = (first_weekday + day - 1) % 7;
    if (expr.days_of_week.test(static_cast<std::size_t>(weekday))) dow |= 1u << day;
  }
  for (const auto& [weekday, occurrence] : expr.nth_weekdays) {
    const int first = 1 + (weekday - first_weekday + 7) % 7;
    const int day = first + 7 * (occurrence - 1);
    if (day <= length) dow |= 1u << day;
  }
  return expr.day_or_rule() ? (dom | dow) : (dom & dow);
}

WallClockRule cron_rule(const schedule::cron::CronExpr& expr) {
  WallClockRule rule;
  rule.days = [expr](int year, int month) { return cron_day_mask(expr, year, month); };
  for (int hour = 0; hour < 24; ++hour) {
    if (!expr.hours.test(static_cast<std::size_t>(hour))) continue;
    for (int minute = 0; minute < 60; ++minute) {
      if (expr.minutes.test(static_cast<std::size_t>(minute))) rule.times.push_back(hour * 3600 + minute * 60);
    }
  }
  rule.policy = cron_dst_policy(expr);
  return rule;
}

FireCursor::FireCursor(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone, Instant after,
                       std::optional<Instant> until)
    : cursor_(cron_rule(expr), zone, after,
              until.value_or(after + std::chrono::duration_cast<seconds>(kDefaultSearchSpan))) {}

std::vector<Fire> next_fires(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone, Instant after,
                             std::size_t count) {
  FireCursor cursor(expr, zone, after);
  return drain(cursor, count);
}

std::vector<Fire> fires_between(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone, Instant after, Instant until) {
  FireCursor cursor(expr, zone, after, until);
  return drain(cursor);
}

// ---------------------------------------------------------------------------------------------------------------
// Transitions and comparisons
// ---------------------------------------------------------------------------------------------------------------

LocalTime Transition::local_from() const noexcept { return LocalTime{at.time_since_epoch()} + std::min(before, after); }

LocalTime Transition::local_to() const noexcept { return LocalTime{at.time_since_epoch()} + std::max(before, after); }

bool Transition::window_contains(Instant instant) const noexcept {
  return instant >= at - shift() && instant <= at + shift();
}

std::vector<Transition> transitions(const schedule::tz::Zone& zone, Instant from, Instant to) {
  std::vector<Transition> out;
  if (to <= from) return out;
  schedule::tz::Period info = zone.get_info(from);
  while (info.end <= to && info.end > info.begin) {
    const schedule::tz::Period next = zone.get_info(info.end);
    if (next.begin != info.end) break;  // defensive: no progress
    if (next.offset != info.offset && info.end > from) out.push_back({info.end, info.offset, next.offset});
    info = next;
  }
  return out;
}

std::vector<Span> critical_spans(const schedule::tz::Zone& zone, Instant from, Instant to, hours margin) {
  std::vector<Instant> centres;
  for (const Transition& t : transitions(zone, from - margin, to + margin)) centres.push_back(t.at);
  const date::year_month_day first{date::floor<date::days>(from)};
  for (date::year_month month = first.year() / first.month();; month += date::months{1}) {
    const Instant boundary{date::sys_days{month / date::day{1}}};
    if (boundary > to + margin) break;
    centres.push_back(boundary);
  }
  std::sort(centres.begin(), centres.end());
  std::vector<Span> out;
  for (const Instant centre : centres) {
    const Span span{std::max(from, centre - margin), std::min(to, centre + margin)};
    if (span.to <= span.from) continue;
    if (!out.empty() && span.from <= out.back().to) {
      out.back().to = std::max(out.back().to, span.to);
    } else {
      out.push_back(span);
    }
  }
  return out;
}

bool in_transition_window(const std::vector<Transition>& transitions, Instant instant) noexcept {
  return std::any_of(transitions.begin(), transitions.end(),
                     [&](const Transition& t) { return t.window_contains(instant); });
}

FireComparison compare_fires(const std::vector<Fire>& reference, const std::vector<Fire>& candidate,
                             const std::vector<Transition>& transitions) {
  FireComparison out;
  const auto add = [&](Instant instant, bool in_reference, bool in_candidate) {
    (in_transition_window(transitions, instant) ? out.inside_transitions : out.outside_transitions)
        .push_back({instant, in_reference, in_candidate});
  };
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < reference.size() || j < candidate.size()) {
    if (j == candidate.size() || (i < reference.size() && reference[i].instant < candidate[j].instant)) {
      add(reference[i++].instant, true, false);
    } else if (i == reference.size() || candidate[j].instant < reference[i].instant) {
      add(candidate[j++].instant, false, true);
    } else {
      ++i;
      ++j;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting and parsing
// ---------------------------------------------------------------------------------------------------------------

namespace {

std::string format_fields(date::local_days day, seconds time_of_day) {
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<seconds> hms{time_of_day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", year_of(ymd), month_of(ymd), day_of(ymd),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

bool digits(std::string_view text, std::size_t pos, std::size_t count, int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

// "YYYY-MM-DDTHH:MM[:SS]" at the start of `text`; returns the length read, 0 on error.
std::size_t parse_fields(std::string_view text, LocalTime& out) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(text, 0, 4, year) || text.size() < 16 || text[4] != '-' || !digits(text, 5, 2, month) || text[7] != '-' ||
      !digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ') || !digits(text, 11, 2, hour) ||
      text[13] != ':' || !digits(text, 14, 2, minute)) {
    return 0;
  }
  std::size_t length = 16;
  if (text.size() >= 19 && text[16] == ':') {
    if (!digits(text, 17, 2, second)) return 0;
    length = 19;
  }
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) return 0;
  out = LocalTime{date::local_days{ymd}} + hours{hour} + minutes{minute} + seconds{second};
  return length;
}

}  // namespace

std::string format_utc(Instant instant) {
  const auto day = date::floor<date::days>(instant);
  return format_fields(date::local_days{day.time_since_epoch()}, instant - day) + "Z";
}

std::string format_local(LocalTime local) {
  const auto day = date::floor<date::days>(local);
  return format_fields(day, local - day);
}

std::string format_in_zone(Instant instant, const schedule::tz::Zone& zone) {
  const schedule::tz::Period info = zone.get_info(instant);
  const LocalTime local = LocalTime{instant.time_since_epoch()} + info.offset;
  const auto offset_minutes = std::chrono::duration_cast<minutes>(info.offset).count();
  const auto magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return fmt::format("{}{}{:02}:{:02}", format_local(local), offset_minutes < 0 ? '-' : '+', magnitude / 60,
                     magnitude % 60);
}

std::optional<Instant> parse_utc(std::string_view text) {
  LocalTime local{};
  const std::size_t length = parse_fields(text, local);
  if (length == 0) return std::nullopt;
  const std::string_view rest = text.substr(length);
  if (rest != "Z" && rest != "+00:00") return std::nullopt;
  return as_instant(local);
}

std::optional<LocalTime> parse_local(std::string_view text) {
  LocalTime local{};
  const std::size_t length = parse_fields(text, local);
  if (length == 0 || length != text.size()) return std::nullopt;
  return local;
}

}  // namespace schedc::schedule
