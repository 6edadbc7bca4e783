// The driver of the whole-project analyses and the helpers they share (see analyses.hpp).
#include "compiler/analysis/analyses.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <tuple>

#include "compiler/analysis/memo.hpp"

#include "compiler/schedule/tz/timezone.hpp"

namespace schedc::analysis {

using namespace std::chrono;

Instant Horizon::begin() const { return date::sys_days{date::year{first_year} / 1 / 1}; }
Instant Horizon::end() const { return date::sys_days{date::year{last_year + 1} / 1 / 1}; }
std::string Horizon::years() const { return std::to_string(first_year) + "-" + std::to_string(last_year); }

Horizon horizon_for(const std::vector<const ir::Schedule*>& schedules) {
  const int release = schedule::tz::tzdata_release_year();
  Horizon h{release, release};
  int last_start = release;
  int irregular = release;
  bool any = false;
  for (const ir::Schedule* s : schedules) {
    const int start = s->from ? std::max(release, s->from->year) : release;
    h.first_year = any ? std::min(h.first_year, start) : start;
    last_start = any ? std::max(last_start, start) : start;
    irregular = std::max(irregular, schedule::tz::last_irregular_year(s->zone, start));
    any = true;
  }
  h.last_year = last_start + 1;
  const auto has_leap_day = [](int from, int to) {
    for (int year = from; year <= to; ++year)
      if (schedule::cron::is_leap_year(year)) return true;
    return false;
  };
  while (!has_leap_day(last_start, h.last_year)) ++h.last_year;
  h.last_year = std::max(h.last_year, irregular);
  return h;
}

void analyze(const ir::Project& project, Diagnostics& diags) {
  check_collisions(project, diags);
  check_feasibility(project, diags);
  check_contention(project, diags);
  check_bundle_values(project, diags);
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

date::local_days local_date(Instant instant, const schedule::tz::Zone& zone) {
  return date::floor<date::days>(zone.to_local(instant));
}

namespace {

// A `from`/`until` wall-clock time of a schedule as an instant (a time in a gap: the gap's end; a repeated time:
// its first occurrence, as ADF's start and end times are taken).
Instant to_instant(const schedule::adf::LocalDateTime& t, const schedule::tz::Zone& zone) {
  const date::local_seconds local = date::local_days{date::year{t.year} / t.month / t.day} + hours{t.hour} +
                                    minutes{t.minute} + seconds{t.second};
  const auto info = zone.get_info(local);
  if (info.result == schedule::tz::LocalInfo::nonexistent) return date::sys_seconds{info.second.begin};
  return date::sys_seconds{local.time_since_epoch() - info.first.offset};
}

struct FireRange {
  const schedule::tz::Zone* zone = nullptr;
  Instant after, until;
};

// (after, until] clipped to the schedule's `from`/`until` window; nullopt when empty or the zone is unknown.
std::optional<FireRange> fire_range(const ir::Schedule& s, Instant after, Instant until) {
  const schedule::tz::Zone* zone = schedule::tz::find_zone(s.zone);
  if (zone == nullptr) return std::nullopt;
  if (s.from) after = std::max(after, to_instant(*s.from, *zone) - seconds{1});  // fires at or after `from`
  if (s.until) until = std::min(until, to_instant(*s.until, *zone) - seconds{1});  // runs before `until`
  if (until <= after) return std::nullopt;
  return FireRange{zone, after, until};
}

}  // namespace

namespace {

// The inputs of a fire sequence: the schedule's cron text, zone, `from` and `until`, and the range asked for.
using SequenceKey = std::tuple<std::string, std::string, std::optional<schedule::adf::LocalDateTime>,
                               std::optional<schedule::adf::LocalDateTime>, Instant, Instant>;
SequenceKey sequence_key(const ir::Schedule& s, Instant after, Instant until) {
  return SequenceKey{s.cron.text, s.zone, s.from, s.until, after, until};
}
// About 64 MiB of instants at most.
Memo<SequenceKey, std::vector<std::pair<date::local_days, Instant>>> first_fires_memo(4u << 20);
Memo<SequenceKey, std::vector<Instant>> fires_memo(8u << 20);

std::vector<std::pair<date::local_days, Instant>> compute_first_fire_per_date(const ir::Schedule& s, Instant after,
                                                                               Instant until);
std::vector<Instant> compute_schedule_fires(const ir::Schedule& s, Instant after, Instant until);

}  // namespace

std::vector<std::pair<date::local_days, Instant>> first_fire_per_date(const ir::Schedule& s, Instant after,
                                                                       Instant until) {
  const SequenceKey key = sequence_key(s, after, until);
  if (auto kept = first_fires_memo.find(key)) return *kept;
  auto out = std::make_shared<const std::vector<std::pair<date::local_days, Instant>>>(compute_first_fire_per_date(s, after, until));
  first_fires_memo.keep(key, out, out->size());
  return *out;
}

std::vector<Instant> schedule_fires(const ir::Schedule& s, Instant after, Instant until) {
  const SequenceKey key = sequence_key(s, after, until);
  if (auto kept = fires_memo.find(key)) return *kept;
  auto out = std::make_shared<const std::vector<Instant>>(compute_schedule_fires(s, after, until));
  fires_memo.keep(key, out, out->size());
  return *out;
}

void clear_schedule_memos() {
  first_fires_memo.clear();
  fires_memo.clear();
  clear_proof_memo();
}

namespace {

std::vector<std::pair<date::local_days, Instant>> compute_first_fire_per_date(const ir::Schedule& s, Instant after,
                                                                               Instant until) {
  // Day by day: the first scheduled local time of each matching day that resolves to a fire (a time in a gap
  // may not, for wildcard jobs) is the day's first fire. Away from offset changes a local time is resolved with
  // the cached zone period, without a tz lookup.
  std::vector<std::pair<date::local_days, Instant>> out;
  const auto range = fire_range(s, after, until);
  if (!range) return out;
  const schedule::tz::Zone& zone = *range->zone;
  const schedule::WallClockRule rule = schedule::cron_rule(s.cron);
  if (rule.times.empty()) return out;
  std::optional<schedule::tz::Period> period;
  auto resolve = [&](date::local_seconds local) -> std::vector<Instant> {
    if (period) {
      const Instant guess = date::sys_seconds{local.time_since_epoch() - period->offset};
      if (guess >= period->begin + date::days{1} && guess + date::days{1} < period->end) return {guess};
    }
    std::vector<Instant> fires;
    for (const auto& f : schedule::resolve_local(zone, local, rule.policy)) fires.push_back(f.instant);
    if (!fires.empty()) period = zone.get_info(fires.front());
    return fires;
  };
  const date::local_days first_day = local_date(range->after, zone) - date::days{1};
  const date::local_days last_day = local_date(range->until, zone) + date::days{1};
  int mask_year = 0;
  unsigned mask_month = 0;
  std::uint32_t mask = 0;
  for (date::local_days day = first_day; day <= last_day; day += date::days{1}) {
    const date::year_month_day ymd{day};
    if (static_cast<int>(ymd.year()) != mask_year || static_cast<unsigned>(ymd.month()) != mask_month) {
      mask_year = static_cast<int>(ymd.year());
      mask_month = static_cast<unsigned>(ymd.month());
      mask = rule.days(mask_year, static_cast<int>(mask_month));
    }
    if ((mask & (1u << static_cast<unsigned>(ymd.day()))) == 0) continue;
    for (std::int32_t t : rule.times) {
      std::optional<Instant> fire;
      for (Instant f : resolve(date::local_seconds{day} + seconds{t}))
        if (f > range->after) {
          fire = f;
          break;
        }
      if (!fire) continue;
      if (*fire <= range->until) {
        const auto date = local_date(*fire, zone);
        if (out.empty() || out.back().first < date) out.emplace_back(date, *fire);
      }
      break;
    }
  }
  return out;
}

std::vector<Instant> compute_schedule_fires(const ir::Schedule& s, Instant after, Instant until) {
  std::vector<Instant> out;
  const auto range = fire_range(s, after, until);
  if (!range) return out;
  schedule::FireCursor cursor(s.cron, *range->zone, range->after, range->until);
  while (auto fire = cursor.next()) out.push_back(fire->instant);
  return out;
}

}  // namespace

}  // namespace schedc::analysis
