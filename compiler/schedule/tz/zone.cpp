// One zone's rules through CCTZ. See zone.hpp.
#include "compiler/schedule/tz/zone.hpp"

#include <cctz/civil_time.h>

#include <limits>
#include <utility>
#include <vector>

namespace schedc::schedule::tz {
namespace {

using std::chrono::seconds;

// 400 Gregorian years: 146097 days, 20871 whole weeks. Every POSIX TZ rule repeats with this period.
constexpr seconds kCycle{146097LL * 86400};
// From here on instants are looked up in [kShiftFloor, kShiftFrom), where CCTZ 2.3 has the footer's transitions:
// the files store transitions up to 2037 made from the current rules, CCTZ extends them up to 2437.
const Instant kShiftFloor{date::sys_days{date::year{2037} / 7 / 1}};
const Instant kShiftFrom = kShiftFloor + kCycle;
// "No transition": far outside every date the engine handles (years -9999..9999 fit in +-3.2e11 s).
constexpr Instant kFarPast{seconds{-(1LL << 40)}};
constexpr Instant kFarFuture{seconds{1LL << 40}};

// The whole cycles to subtract from `instant` so that it falls before kShiftFrom (0 before kShiftFrom).
long long cycles_past(Instant instant) {
  if (instant < kShiftFrom) return 0;
  return (instant - kShiftFloor) / kCycle;
}

// A civil time read as UTC (plain calendar arithmetic, no zone lookup).
Instant as_utc(const cctz::civil_second& cs) {
  const date::sys_days day{date::year{static_cast<int>(cs.year())} / static_cast<unsigned>(cs.month()) /
                           static_cast<unsigned>(cs.day())};
  return Instant{day} + std::chrono::hours{cs.hour()} + std::chrono::minutes{cs.minute()} + seconds{cs.second()};
}

Period period_at(const cctz::time_zone& zone, Instant instant) {
  const long long shift = cycles_past(instant);
  const Instant t = instant - shift * kCycle;
  const seconds offset{zone.lookup(t).offset};
  Period out{kFarPast, kFarFuture, offset};
  cctz::time_zone::civil_transition transition;
  // The transitions' civil times are read with this period's offset, which holds just after the previous
  // transition (`to`) and just before the next one (`from`): no civil lookup (CCTZ's costliest call) is needed.
  // prev_transition is strictly before its argument: the period's begin is the last transition at or before t.
  if (zone.prev_transition(t + seconds{1}, &transition)) out.begin = as_utc(transition.to) - offset;
  if (zone.next_transition(t, &transition)) out.end = as_utc(transition.from) - offset;
  if (shift != 0) {
    if (out.begin != kFarPast) out.begin += shift * kCycle;
    if (out.end != kFarFuture) out.end += shift * kCycle;
  }
  return out;
}

cctz::civil_second civil_of(LocalTime local) {
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<seconds> hms{local - day};
  return cctz::civil_second(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                            static_cast<unsigned>(ymd.day()), hms.hours().count(), hms.minutes().count(),
                            hms.seconds().count());
}

}  // namespace

bool Zone::load(const std::string& name, Zone& out) {
  cctz::time_zone zone;
  if (!cctz::load_time_zone(name, &zone)) return false;
  out.name_ = name;
  out.zone_ = zone;
  return true;
}

Period Zone::get_info(Instant instant) const {
  // Callers walk instants in order (cursors, proofs, analyses): the last period each thread looked up answers most
  // questions. One entry per thread; a Zone is shared by threads and never changes.
  struct Cache {
    const Zone* zone = nullptr;
    Period period;
  };
  thread_local Cache cache;
  if (cache.zone == this && instant >= cache.period.begin && instant < cache.period.end) return cache.period;
  const Period period = period_at(zone_, instant);
  cache = {this, period};
  return period;
}

std::string Zone::abbreviation(Instant instant) const { return zone_.lookup(instant - cycles_past(instant) * kCycle).abbr; }

LocalTime Zone::to_local(Instant instant) const {
  return LocalTime{instant.time_since_epoch()} + get_info(instant).offset;
}

Instant Zone::to_sys_earliest(LocalTime local) const {
  const LocalInfo info = get_info(local);
  if (info.result == LocalInfo::nonexistent) return info.second.begin;
  return Instant{local.time_since_epoch()} - info.first.offset;
}

LocalInfo Zone::get_info(LocalTime local) const {
  // Shift local times like instants (a local time is within a day of its instant).
  const long long shift = cycles_past(Instant{local.time_since_epoch()});
  const LocalTime shifted = local - shift * kCycle;
  const cctz::time_zone::civil_lookup lookup = zone_.lookup(civil_of(shifted));
  const auto back = [&](const std::chrono::time_point<std::chrono::system_clock, seconds>& t) {
    return Instant{t.time_since_epoch()} + shift * kCycle;
  };
  LocalInfo out;
  switch (lookup.kind) {
    case cctz::time_zone::civil_lookup::UNIQUE:
      out.result = LocalInfo::unique;
      out.first = out.second = get_info(back(lookup.pre));
      break;
    case cctz::time_zone::civil_lookup::SKIPPED:
      out.result = LocalInfo::nonexistent;
      out.second = get_info(back(lookup.trans));
      out.first = get_info(back(lookup.trans) - seconds{1});
      break;
    case cctz::time_zone::civil_lookup::REPEATED:
      out.result = LocalInfo::ambiguous;
      out.first = get_info(back(lookup.pre));
      out.second = get_info(back(lookup.post));
      break;
  }
  return out;
}

int Zone::last_irregular_year(int from_year) const {
  // The files store transitions up to 2037; from 2038 on every year follows the footer. Years are compared as
  // lists of (instant, new offset) of their offset changes, the later one shifted back by 400 years.
  const auto changes = [&](Instant from, Instant to, seconds shift) {
    std::vector<std::pair<Instant, seconds>> out;
    Period p = get_info(from);
    while (p.end < to) {
      const Period next = get_info(p.end);
      if (next.offset != p.offset) out.emplace_back(p.end - shift, next.offset);
      if (next.begin != p.end || next.end <= next.begin) break;  // defensive: no progress
      p = next;
    }
    return out;
  };
  int last = from_year - 1;
  for (int year = from_year; year <= 2038; ++year) {
    const Instant begin{date::sys_days{date::year{year} / 1 / 1}};
    const Instant end{date::sys_days{date::year{year + 1} / 1 / 1}};
    if (changes(begin, end, seconds{0}) != changes(begin + kCycle, end + kCycle, kCycle)) last = year;
  }
  return last;
}

}  // namespace schedc::schedule::tz
