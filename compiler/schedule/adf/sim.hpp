#pragma once
// A simulator of ADF ScheduleTrigger recurrences (adf/recurrence.hpp): the UTC instants at which a recurrence runs,
// for comparing a lowering with the source schedule (fire.hpp).
//
// Modelled behaviour (the ScheduleTrigger recurrence as the design brief describes it), with the points ADF does
// not document made explicit as named assumptions below:
//   - startTime and endTime are wall-clock times in the trigger's time zone (the IANA zone is passed in, since the
//     Windows id maps to it). The trigger runs at instants >= startTime and <= endTime (assumed inclusive at both
//     ends; schedule::adf::lower puts startTime at or before the first wanted run).
//   - Minute and Hour frequencies tick in fixed UTC intervals from startTime: startTime + k * interval. They take
//     no `schedule` (a recurrence with one is rejected as not modelled).
//   - Day, Week and Month frequencies follow the wall clock: on each selected day they run at every combination
//     hours x minutes (a missing list defaults to startTime's hour or minute), at startTime's second.
//       Day:   every `interval` days counted from startTime's date.
//       Week:  on `weekDays` (default: startTime's weekday), every `interval` weeks counted from the week holding
//              startTime's date (weeks start on kAssumedFirstDayOfWeek).
//       Month: every `interval` months counted from startTime's month, on `monthDays` (1..31, or -k = the k-th
//              day from the end; -1 = last day; a day a month does not have is skipped) and on
//              `monthlyOccurrences` ({weekday, occurrence 1..5 or -k = k-th last}); with neither, on startTime's
//              day of the month. Both lists together select the union of their days.
//   - DST (Day/Week/Month): kAssumedWallClockDstPolicy.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/schedule/adf/recurrence.hpp"
#include "compiler/schedule/fire.hpp"

namespace schedc::schedule::adf {

// ASSUMPTION (not documented by Microsoft): a wall-clock (Day/Week/Month) time that falls in a DST gap runs at the
// end of the gap, and a time that occurs twice runs once, at its first occurrence -- like a fixed-time Vixie cron
// job. The same policy maps startTime and endTime to instants. Change it here if ADF is observed to differ.
inline constexpr schedule::DstPolicy kAssumedWallClockDstPolicy = schedule::kCronFixedTimePolicy;

// ASSUMPTION (not documented): the weeks of a Week recurrence with interval > 1 start on Sunday (0 = Sunday, as in
// weekDays). Irrelevant for interval 1, the only interval schedule::adf::lower emits.
inline constexpr int kAssumedFirstDayOfWeek = 0;

struct SimulationError {
  std::string message;  // "weekDays is only valid with frequency Week (frequency is Day)"
};

// Fires of one recurrence, strictly after `after` and at or before `until`, ascending.
class RecurrenceCursor {
 public:
  // An error when the recurrence is not valid ADF or uses something the simulator does not model.
  static std::variant<RecurrenceCursor, SimulationError> create(
      const Recurrence& recurrence, const schedule::tz::Zone& zone, schedule::Instant after, schedule::Instant until,
      schedule::DstPolicy policy = kAssumedWallClockDstPolicy);

  std::optional<schedule::Fire> next();

 private:
  struct Ticks {  // Minute/Hour
    schedule::Instant next;
    std::chrono::seconds period;
    schedule::Instant until;
    const schedule::tz::Zone* zone;
  };
  explicit RecurrenceCursor(Ticks ticks) : state_(ticks) {}
  explicit RecurrenceCursor(schedule::WallClockCursor cursor) : state_(std::move(cursor)) {}

  std::variant<Ticks, schedule::WallClockCursor> state_;
};

// Checks that `recurrence` is valid ADF and within what the simulator models.
std::optional<SimulationError> validate(const Recurrence& recurrence);

// The day mask of a Day/Week/Month recurrence for (year, month), bit d = day d (see WallClockRule::days).
std::uint32_t recurrence_day_mask(const Recurrence& recurrence, int year, int month);

struct SimulationResult {
  std::vector<schedule::Fire> fires;  // ascending, unique instants (the union of all recurrences)
  std::optional<SimulationError> error;
};

// Every fire in (after, until] of the triggers of a lowering (one per recurrence; their union).
SimulationResult simulate(const std::vector<Recurrence>& recurrences, const schedule::tz::Zone& zone,
                          schedule::Instant after, schedule::Instant until,
                          schedule::DstPolicy policy = kAssumedWallClockDstPolicy);

// The first `limit` fires in (after, until] of the same union, merging the recurrences' cursors (so a distant `until`
// costs nothing past the `limit`-th fire); at equal instants the first recurrence's fire is kept, as simulate does.
SimulationResult simulate_first(const std::vector<Recurrence>& recurrences, const schedule::tz::Zone& zone,
                                schedule::Instant after, schedule::Instant until, std::size_t limit,
                                schedule::DstPolicy policy = kAssumedWallClockDstPolicy);

// startTime/endTime (wall clock in `zone`) as an instant, under `policy`'s gap and overlap rules.
schedule::Instant to_instant(const LocalDateTime& local, const schedule::tz::Zone& zone,
                             schedule::DstPolicy policy = kAssumedWallClockDstPolicy);

}  // namespace schedc::schedule::adf
