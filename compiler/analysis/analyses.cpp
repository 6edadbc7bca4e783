// The driver of the whole-project analyses and the helpers they share (see analyses.hpp).
#include "compiler/analysis/analyses.hpp"

#include <algorithm>

#include "compiler/schedule/timezone.hpp"

namespace schedc::analysis {

using namespace std::chrono;

Instant horizon_begin() { return date::sys_days{date::year{2026} / 1 / 1}; }
Instant horizon_end() { return date::sys_days{date::year{2028} / 1 / 1}; }

void analyze(const ir::Project& project, Diagnostics& diags) {
  check_collisions(project, diags);
  check_feasibility(project, diags);
  check_contention(project, diags);
}

std::string human_seconds(std::int64_t seconds) {
  std::string out;
  for (auto [unit, size] : {std::pair{'d', 86400LL}, {'h', 3600LL}, {'m', 60LL}, {'s', 1LL}}) {
    if (seconds >= size) {
      out += std::to_string(seconds / size) + unit;
      seconds %= size;
    }
  }
  return out.empty() ? "0s" : out;
}

date::local_days local_date(Instant instant, const date::time_zone& zone) {
  return date::floor<date::days>(zone.to_local(instant));
}

namespace {

// A `from`/`until` wall-clock time of a schedule as an instant (a time in a gap: the gap's end; a repeated time:
// its first occurrence, as ADF's start and end times are taken).
Instant to_instant(const adf::LocalDateTime& t, const date::time_zone& zone) {
  const date::local_seconds local = date::local_days{date::year{t.year} / t.month / t.day} + hours{t.hour} +
                                    minutes{t.minute} + seconds{t.second};
  const auto info = zone.get_info(local);
  if (info.result == date::local_info::nonexistent) return date::sys_seconds{info.second.begin};
  return date::sys_seconds{local.time_since_epoch() - info.first.offset};
}

struct FireRange {
  const date::time_zone* zone = nullptr;
  Instant after, until;
};

// (after, until] clipped to the schedule's `from`/`until` window; nullopt when empty or the zone is unknown.
std::optional<FireRange> fire_range(const ir::Schedule& s, Instant after, Instant until) {
  const date::time_zone* zone = tz::find_zone(s.zone);
  if (zone == nullptr) return std::nullopt;
  if (s.from) after = std::max(after, to_instant(*s.from, *zone) - seconds{1});  // fires at or after `from`
  if (s.until) until = std::min(until, to_instant(*s.until, *zone) - seconds{1});  // runs before `until`
  if (until <= after) return std::nullopt;
  return FireRange{zone, after, until};
}

// The first instant of a local day (midnight, or the end of a DST gap that swallows it).
Instant start_of(date::local_days day, const date::time_zone& zone) {
  const date::local_seconds midnight{day};
  const auto info = zone.get_info(midnight);
  if (info.result == date::local_info::nonexistent) return date::sys_seconds{info.second.begin};
  return date::sys_seconds{midnight.time_since_epoch() - info.first.offset};
}

}  // namespace

std::vector<std::pair<date::local_days, Instant>> first_fire_per_date(const ir::Schedule& s, Instant after,
                                                                       Instant until) {
  std::vector<std::pair<date::local_days, Instant>> out;
  const auto range = fire_range(s, after, until);
  if (!range) return out;
  Instant from = range->after;
  for (bool jumped = true; jumped;) {
    jumped = false;
    schedule::FireCursor cursor(s.cron, *range->zone, from, range->until);
    while (auto fire = cursor.next()) {
      const auto day = local_date(fire->instant, *range->zone);
      if (!out.empty() && out.back().first == day) {  // a second fire on this date: go on with the next date
        from = start_of(day + date::days{1}, *range->zone) - seconds{1};
        jumped = true;
        break;
      }
      out.emplace_back(day, fire->instant);
    }
  }
  return out;
}

std::vector<Instant> schedule_fires(const ir::Schedule& s, Instant after, Instant until) {
  std::vector<Instant> out;
  const auto range = fire_range(s, after, until);
  if (!range) return out;
  schedule::FireCursor cursor(s.cron, *range->zone, range->after, range->until);
  while (auto fire = cursor.next()) out.push_back(fire->instant);
  return out;
}

}  // namespace schedc::analysis
