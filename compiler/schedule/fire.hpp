#pragma once
// Schedule truth: the UTC instants at which a schedule fires in an IANA time zone.
//
// The source semantics are 5-field Vixie cron (cron.hpp) evaluated on the wall clock of the schedule's zone:
//   - a FIXED-TIME job (neither the minute nor the hour field starts with `*`) whose local time falls in a DST gap
//     runs at the first instant after the gap (02:30 in a 02:00 -> 03:00 gap runs at 03:00 local), and runs once,
//     at the FIRST occurrence, when its local time occurs twice; several local times that land on the same instant
//     run once;
//   - a WILDCARD job (minute or hour field starting with `*`) runs at the real instants whose local time matches:
//     times inside a gap never occur, repeated times run in both passes.
// The same wall-clock machinery (WallClockRule/WallClockCursor) evaluates the targets' models (adf/sim.hpp,
// quartz.hpp) with their own DST policies, so that source and targets can be compared instant by instant.
//
// Enumeration is by month and day (bit masks), then by the times of the day; only days close to a UTC offset
// change look the zone up per local time. A daily schedule over two years takes about 20 microseconds (-O2), a
// schedule that never fires in a span skips it month by month.
//
// Zones come from CCTZ (tz/zone.hpp), which applies the zone files' POSIX TZ footer after their last stored
// transition (2037 in Debian's files): every year up to 9999 has the zone's DST rules.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/schedule/tz/zone.hpp"

#include "compiler/schedule/cron/cron.hpp"

namespace schedc::schedule {

// Instant (a UTC instant, to the second) and LocalTime (a wall-clock date-time in some zone): tz/zone.hpp.

// ---- DST policies -------------------------------------------------------------------------------------------

// What happens to a scheduled local time that does not exist (it falls in a DST gap).
enum class GapRule {
  RunAtGapEnd,  // run at the first instant after the gap, i.e. the instant at which the gap ends
  Skip,         // do not run
};

// What happens to a scheduled local time that occurs twice (it falls in a DST overlap).
enum class OverlapRule {
  First,   // run once, at the first occurrence (the earlier instant)
  Second,  // run once, at the second occurrence (the later instant)
  Both,    // run at both instants
};

struct DstPolicy {
  GapRule gap = GapRule::RunAtGapEnd;
  OverlapRule overlap = OverlapRule::First;
  friend bool operator==(const DstPolicy&, const DstPolicy&) = default;
};

// Vixie cron, fixed-time jobs: after the gap, once at the first occurrence.
inline constexpr DstPolicy kCronFixedTimePolicy{GapRule::RunAtGapEnd, OverlapRule::First};
// Vixie cron, wildcard jobs: real instants only, so gap times are skipped and repeated times run twice.
inline constexpr DstPolicy kCronWildcardPolicy{GapRule::Skip, OverlapRule::Both};

// Vixie: a job is a wildcard job when its minute or its hour field starts with `*`.
[[nodiscard]] bool is_wildcard_job(const schedule::cron::CronExpr& expr) noexcept;
// kCronWildcardPolicy for wildcard jobs, else kCronFixedTimePolicy.
[[nodiscard]] DstPolicy cron_dst_policy(const schedule::cron::CronExpr& expr) noexcept;

// ---- Fires --------------------------------------------------------------------------------------------------

enum class FireKind {
  Normal,         // the scheduled local time exists exactly once
  AfterGap,       // the scheduled local time fell in a DST gap; the fire is at the end of the gap
  OverlapFirst,   // the scheduled local time occurs twice; this is its first occurrence
  OverlapSecond,  // ... its second occurrence
};

struct Fire {
  Instant instant;      // when it runs (UTC)
  LocalTime scheduled;  // the wall-clock time the schedule names (for AfterGap: a time inside the gap; when
                        // several scheduled times run at the same instant, the earliest of them)
  FireKind kind = FireKind::Normal;
  friend bool operator==(const Fire&, const Fire&) = default;
};

const char* fire_kind_name(FireKind kind) noexcept;  // "normal", "after-gap", "overlap-first", "overlap-second"

// The fires (0, 1 or 2, ascending) of the local time `local` in `zone` under `policy`.
[[nodiscard]] std::vector<Fire> resolve_local(const schedule::tz::Zone& zone, LocalTime local, DstPolicy policy);

// ---- Generic wall-clock schedules ----------------------------------------------------------------------------

// A schedule that runs on some local days, at the same local times on each of them.
struct WallClockRule {
  // The days of month `month` (1..12) of `year` on which it runs: bit d (1..31) set = runs on day d.
  std::function<std::uint32_t(int year, int month)> days;
  std::vector<std::int32_t> times;  // seconds since local midnight (0..86399), ascending, unique
  DstPolicy policy;
};

// Enumerates the fires of a WallClockRule strictly after `after` and at or before `until`, in ascending order of
// instant, each instant at most once.
class WallClockCursor {
 public:
  WallClockCursor(WallClockRule rule, const schedule::tz::Zone& zone, Instant after, Instant until);
  // The next fire, or nullopt once past `until`.
  std::optional<Fire> next();

 private:
  void load_month();
  void expand_day(date::local_days day);

  WallClockRule rule_;
  const schedule::tz::Zone* zone_;
  Instant last_;  // fires must be strictly after this (the query start, then the last fire returned)
  Instant until_;
  date::local_days day_;       // the next local day to expand
  date::local_days last_day_;  // the last local day that can hold a fire at or before until_
  int year_ = 0;
  int month_ = 0;
  std::uint32_t mask_ = 0;    // days of (year_, month_)
  std::vector<Fire> buffer_;  // fires of the expanded day, ascending
  std::size_t next_in_buffer_ = 0;
  std::optional<schedule::tz::Period> info_;  // cached zone period
};

// ---- Cron schedules ---------------------------------------------------------------------------------------------

// The days of month `month` of `year` on which `expr` runs (bit d set = day d), by the Vixie day rule.
[[nodiscard]] std::uint32_t cron_day_mask(const schedule::cron::CronExpr& expr, int year, int month) noexcept;
// `expr` as a WallClockRule (times from the hour and minute bitsets, its Vixie DST policy).
[[nodiscard]] WallClockRule cron_rule(const schedule::cron::CronExpr& expr);

// How far a cursor without an upper bound looks ahead before it gives up (a cron that can fire at all fires at
// least once in any 40 years; Feb 29 on a given weekday is the rarest day).
inline constexpr std::chrono::hours kDefaultSearchSpan{24 * 366 * 400};

// Fires of a cron schedule, strictly after `after` and at or before `until` (default: after + kDefaultSearchSpan).
class FireCursor {
 public:
  FireCursor(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone, Instant after,
             std::optional<Instant> until = std::nullopt);
  std::optional<Fire> next() { return cursor_.next(); }

 private:
  WallClockCursor cursor_;
};

// The first `count` fires strictly after `after` (fewer if the search span ends first).
[[nodiscard]] std::vector<Fire> next_fires(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone, Instant after,
                                           std::size_t count);
// Every fire in (after, until].
[[nodiscard]] std::vector<Fire> fires_between(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone, Instant after,
                                              Instant until);
// Drains a cursor (anything with `std::optional<Fire> next()`) into a vector, at most `limit` fires.
template <typename Cursor>
std::vector<Fire> drain(Cursor& cursor, std::size_t limit = SIZE_MAX) {
  std::vector<Fire> out;
  while (out.size() < limit) {
    std::optional<Fire> fire = cursor.next();
    if (!fire) break;
    out.push_back(*fire);
  }
  return out;
}

// ---- DST transitions ---------------------------------------------------------------------------------------------

// A change of the zone's UTC offset.
struct Transition {
  Instant at;                                                            // the first instant with the new offset
  std::chrono::seconds before;                                           // UTC offset before
  std::chrono::seconds after;                                            // UTC offset after
  [[nodiscard]] bool is_gap() const noexcept { return after > before; }  // the clock jumps forward
  [[nodiscard]] std::chrono::seconds shift() const noexcept { return after > before ? after - before : before - after; }
  // Local times [local_from, local_to) do not exist (gap) or occur twice (overlap).
  [[nodiscard]] LocalTime local_from() const noexcept;
  [[nodiscard]] LocalTime local_to() const noexcept;
  // Every instant whose fires can differ between DST policies: [at - shift, at + shift].
  [[nodiscard]] bool window_contains(Instant instant) const noexcept;
};

// The offset changes of `zone` in (from, to], ascending. Changes of abbreviation or of `save` alone are not listed.
[[nodiscard]] std::vector<Transition> transitions(const schedule::tz::Zone& zone, Instant from, Instant to);

// The critical parts of [from, to] for comparing a lowering with its source when comparing all of it would be
// costly (dense schedules): `margin` either side of every offset change and of every month boundary (UTC; the
// margin covers the zone's local month end, and the boundary of February covers a 29 February), merged, ascending.
struct Span {
  Instant from;  // exclusive, like the cursors' `after`
  Instant to;    // inclusive
};
[[nodiscard]] std::vector<Span> critical_spans(const schedule::tz::Zone& zone, Instant from, Instant to,
                                               std::chrono::hours margin = std::chrono::hours{48});

// ---- Comparing fire sequences -------------------------------------------------------------------------------------

struct FireDifference {
  Instant instant;
  bool in_reference = false;  // the reference (source) fires at this instant
  bool in_candidate = false;  // the candidate (target) fires at this instant
};

struct FireComparison {
  std::vector<FireDifference> outside_transitions;  // differences no DST policy explains: a wrong lowering
  std::vector<FireDifference> inside_transitions;   // differences within a Transition::window_contains
  [[nodiscard]] bool equal() const noexcept { return outside_transitions.empty() && inside_transitions.empty(); }
};

// True if `instant` lies in the window of one of `transitions`.
[[nodiscard]] bool in_transition_window(const std::vector<Transition>& transitions, Instant instant) noexcept;

// Compares two ascending fire sequences instant by instant.
[[nodiscard]] FireComparison compare_fires(const std::vector<Fire>& reference, const std::vector<Fire>& candidate,
                                           const std::vector<Transition>& transitions);

// The same for two cursors (anything with `std::optional<Fire> next()`), streaming: for long horizons of dense
// schedules. Stops after `max_differences` differences in total.
template <typename ReferenceCursor, typename CandidateCursor>
FireComparison compare_cursors(ReferenceCursor& reference, CandidateCursor& candidate,
                               const std::vector<Transition>& transitions, std::size_t max_differences = SIZE_MAX) {
  FireComparison out;
  const auto add = [&](Instant instant, bool in_reference, bool in_candidate) {
    (in_transition_window(transitions, instant) ? out.inside_transitions : out.outside_transitions)
        .push_back({instant, in_reference, in_candidate});
  };
  std::optional<Fire> a = reference.next();
  std::optional<Fire> b = candidate.next();
  while ((a || b) && out.outside_transitions.size() + out.inside_transitions.size() < max_differences) {
    if (!b || (a && a->instant < b->instant)) {
      add(a->instant, true, false);
      a = reference.next();
    } else if (!a || b->instant < a->instant) {
      add(b->instant, false, true);
      b = candidate.next();
    } else {
      a = reference.next();
      b = candidate.next();
    }
  }
  return out;
}

// ---- Formatting and parsing times ---------------------------------------------------------------------------------

// "2026-03-29T01:00:00Z"
[[nodiscard]] std::string format_utc(Instant instant);
// "2026-03-29T03:00:00" (no zone)
[[nodiscard]] std::string format_local(LocalTime local);
// "2026-03-29T03:00:00+02:00": the instant on the zone's wall clock with its offset.
[[nodiscard]] std::string format_in_zone(Instant instant, const schedule::tz::Zone& zone);
// Parses "YYYY-MM-DDTHH:MM[:SS]Z" (also "+00:00"); nullopt on anything else or an invalid date.
[[nodiscard]] std::optional<Instant> parse_utc(std::string_view text);
// Parses "YYYY-MM-DDTHH:MM[:SS]" (no zone); nullopt on anything else or an invalid date.
[[nodiscard]] std::optional<LocalTime> parse_local(std::string_view text);

}  // namespace schedc::schedule
