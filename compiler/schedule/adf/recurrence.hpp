#pragma once
// ADF ScheduleTrigger recurrences and the lowering of a cron schedule to them.
#include <optional>
#include <string>
#include <vector>

#include "compiler/schedule/cron/cron.hpp"

namespace schedc::schedule::adf {

// A local wall-clock date-time (no zone). ADF writes it "YYYY-MM-DDTHH:MM:SS", plus "Z" only when the zone is UTC.
struct LocalDateTime {
  int year = 2000, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  friend auto operator<=>(const LocalDateTime&, const LocalDateTime&) = default;  // chronological
};

enum class Frequency { Minute, Hour, Day, Week, Month };

struct MonthlyOccurrence {
  int weekday = 0;     // 0 = Sunday .. 6 = Saturday
  int occurrence = 1;  // 1..5, or -1 = last
};

struct Recurrence {
  Frequency frequency = Frequency::Day;
  int interval = 1;                      // 1..1000
  LocalDateTime start_time;
  std::optional<LocalDateTime> end_time;
  std::string time_zone;                 // Windows zone id, e.g. "W. Europe Standard Time" or "UTC"
  bool utc = false;                      // time_zone is UTC: times are written with a trailing 'Z'
  // The `schedule` object; omitted entirely when has_schedule is false (pure Minute/Hour intervals).
  bool has_schedule = false;
  std::vector<int> minutes;              // sorted
  std::vector<int> hours;                // sorted
  std::vector<int> week_days;            // Week only; 0 = Sunday .. 6 = Saturday, sorted ascending
  std::vector<int> month_days;           // Month only; 1..31 and -1 (last), sorted with -1 last
  std::vector<MonthlyOccurrence> monthly_occurrences;  // Month only
};

struct LoweringError {
  std::string message;  // names the shape: "month restriction (field 4 = `1-6`) ..."
  std::string help;
};

struct LoweringResult {
  std::vector<Recurrence> recurrences;  // one per trigger; empty on error
  std::optional<LoweringError> error;
};

struct ScheduleWindow {
  std::optional<LocalDateTime> from;   // schedule start (local); the start time is derived from it
  std::optional<LocalDateTime> until;  // schedule end (local)
};

// Lower `expr` in the zone whose Windows id is `windows_zone` (`utc` when the IANA zone is UTC), to one recurrence
// per trigger (their days are disjoint, so no instant fires twice). Deterministic: the start time is `from` when
// given, else the fixed date 2025-01-01T00:00:00 (local), moved forward to the first month a Month recurrence runs
// in, or to the grid of a Minute/Hour recurrence. `iana_zone` decides whether a wildcard schedule may tick in
// fixed intervals: only when the period divides every UTC offset change of the zone (empty: no DST assumed);
// otherwise it becomes a wall-clock recurrence with hour and minute lists.
LoweringResult lower(const schedule::cron::CronExpr& expr, const std::string& windows_zone, bool utc,
                     const ScheduleWindow& window, const std::string& iana_zone = "");

// "2025-01-01T00:00:00" or "2025-01-01T00:00:00Z"
std::string format_time(const LocalDateTime& t, bool utc);
const char* frequency_name(Frequency f);   // "Minute" ...
const char* weekday_name(int weekday);     // 0 -> "Sunday"

}  // namespace schedc::schedule::adf
