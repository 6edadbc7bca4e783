#pragma once
// One IANA time zone's rules, from the system tz database through Google's CCTZ (Debian: libcctz-dev).
//
// CCTZ reads one compiled zone file (TZif) when the zone is first asked for, and applies the file's POSIX TZ footer
// after the last stored transition, so zones keep their DST rules after 2037 (Debian's files store transitions up
// to 2037). CCTZ 2.3 extends the footer rules for 400 years past the last stored year; the Gregorian calendar
// repeats every 400 years (146097 days, a whole number of weeks), so instants later than that are looked up 400
// years (or a multiple) earlier and shifted back: every year up to 9999 has the zone's current rules.
//
// The interface is the shape of date/tz.h's time_zone that the engine used before (get_info for an instant and
// for a local time, to_local, name), so the engine's code did not change with the library.
#include <chrono>
#include <string>

#include <cctz/time_zone.h>
#include <date/date.h>

namespace schedc::schedule {

using Instant = std::chrono::sys_seconds;  // a UTC instant, to the second
using LocalTime = date::local_seconds;     // a wall-clock date-time in some zone

namespace tz {

// A span [begin, end) of instants with one UTC offset (and one abbreviation and DST flag: a change of either alone
// starts a new period, as in the zone file). `begin`/`end` are far outside any real date when there is none.
struct Period {
  Instant begin;
  Instant end;
  std::chrono::seconds offset{0};
};

// What a local time is in a zone: it exists once (`unique`: `first` is its period), falls in a gap
// (`nonexistent`: `first` is the period before the gap, `second` the one after; the gap ends at `second.begin`)
// or occurs twice (`ambiguous`: `first` holds the earlier instant, `second` the later).
struct LocalInfo {
  enum Result { unique, nonexistent, ambiguous } result = unique;
  Period first;
  Period second;
};

class Zone {
 public:
  // Loads `name` from the system tz database; false if there is no such zone file. The caller validates the name
  // (timezone.cpp: only names the tz database lists).
  static bool load(const std::string& name, Zone& out);

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] Period get_info(Instant instant) const;
  [[nodiscard]] LocalInfo get_info(LocalTime local) const;
  [[nodiscard]] LocalTime to_local(Instant instant) const;
  // The abbreviation in use at `instant` ("CET", "CEST"; "+0530" style where the zone has none).
  [[nodiscard]] std::string abbreviation(Instant instant) const;
  // The first instant at or after which the wall clock shows `local`: its first occurrence, or for a time in a
  // gap the end of the gap.
  [[nodiscard]] Instant to_sys_earliest(LocalTime local) const;
  // The last year, from `from_year` on, in which the zone's offset changes are not yet those of its final rule
  // (the changes of a year differ from the changes of the same year 400 years later, which come from the zone
  // file's footer), or from_year - 1 when every year from `from_year` on follows the final rule. A rule change the
  // tz database announces for a later year (a zone abolishing DST in 2027, say) makes that year irregular.
  [[nodiscard]] int last_irregular_year(int from_year) const;

 private:
  std::string name_;
  cctz::time_zone zone_;  // a handle to CCTZ's cached rules (loaded once per name, never freed)
};

}  // namespace tz
}  // namespace schedc::schedule
