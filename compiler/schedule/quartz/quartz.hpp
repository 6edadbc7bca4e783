#pragma once
// Quartz cron expressions as Databricks runs them (Quartz 2.3.2): lowering a 5-field cron schedule to one Quartz
// expression, a parser, and a simulator of the instants a Quartz schedule fires at.
//
// Quartz: `seconds minutes hours day-of-month month day-of-week [year]`; day-of-week 1 = Sunday .. 7 = Saturday;
// exactly one of the day fields is `?`; `L`, `L-n`, `nW`, `LW` in day-of-month; `nL` (last such weekday of the
// month), `n#k` (k-th such weekday) and `L` (= 7, Saturday) in day-of-week; lists, ranges (Quartz ranges may wrap,
// e.g. `22-2` hours), steps `a/n`, `a-b/n`, `*/n`; names JAN-DEC and SUN-SAT.
//
// DST (kQuartzDstPolicy): Quartz computes the next local time and lets java.util.Calendar resolve it; as Databricks
// runs it, a local time in a DST gap is SKIPPED and a local time that occurs twice fires ONCE, at its SECOND
// occurrence -- for every schedule, including wildcard ones such as `0 */15 * * * ?`.
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/schedule/cron/cron.hpp"
#include "compiler/schedule/fire.hpp"

namespace schedc::schedule::quartz {

// ---- Lowering ------------------------------------------------------------------------------------------------

struct LoweringError {
  std::string message;
  std::string help;
};

struct LoweringResult {
  std::optional<std::string> expression;  // "0 30 2 ? * MON-FRI"
  std::optional<LoweringError> error;
};

// Lowers `expr` to `0 <minute> <hour> <day-of-month or ?> <month> <day-of-week or ?>`. The minute, hour,
// day-of-month and month fields keep the cron's normalized text when Quartz reads it the same way (month names
// with a step or mixed with numbers become numbers); the day-of-week field is written with names (SUN-SAT), which
// cron and Quartz share, because their numbers differ. Errors:
//   - both day fields restricted under the Vixie OR rule (no single Quartz expression is a union of days);
//   - both day fields restricted under the AND rule (a `*`-prefixed day field): Quartz needs `?` in one of them;
//   - a day-of-week list with a `#` item (Quartz rejects several `#` items and misreads `6#3,2` as the third Friday
//     or the third Monday) and `L` in a day-of-month list (Quartz rejects `1,L`).
LoweringResult to_quartz(const schedule::cron::CronExpr& expr);

// ---- Parsing -------------------------------------------------------------------------------------------------

inline constexpr int kFirstYear = 1970;
inline constexpr int kLastYear = 2299;

struct QuartzExpr {
  std::bitset<60> seconds;
  std::bitset<60> minutes;
  std::bitset<24> hours;
  bool dom_unspecified = false;        // day-of-month `?`
  std::bitset<32> days_of_month;       // bits 1..31
  bool last_day_of_month = false;      // `L` / `L-n` / `LW`
  int last_day_offset = 0;             // n of `L-n`
  bool nearest_weekday = false;        // `nW` (one day in days_of_month) or `LW`
  std::bitset<13> months;              // bits 1..12
  bool dow_unspecified = false;        // day-of-week `?`
  std::bitset<8> days_of_week;         // bits 1..7, 1 = Sunday
  int nth_occurrence = 0;              // `n#k`: k (1..5); days_of_week holds the one weekday
  bool last_weekday_of_month = false;  // `nL`; days_of_week holds the one weekday
  std::bitset<kLastYear - kFirstYear + 1> years;
  std::string text;  // as given (trimmed)
};

struct ParseResult {
  std::optional<QuartzExpr> expr;
  std::optional<std::string> error;  // "day-of-week value 0 is out of range 1-7"
};

// Parses a 6- or 7-field Quartz expression. Besides Quartz's own errors, it rejects the forms Quartz 2.3.2
// silently misreads: a `#` or `W` item in a list or range (`6#3,2`, `1,15W`) and a name followed by a step
// (`MON/2`, `JAN-JUN/2`: Quartz drops the step).
ParseResult parse(std::string_view text);

// ---- Matching and simulation ---------------------------------------------------------------------------------

// The days of month `month` of `year` that `expr` selects (bit d = day d).
std::uint32_t day_mask(const QuartzExpr& expr, int year, int month);
bool date_matches(const QuartzExpr& expr, int year, int month, int day);

// Databricks (Quartz 2.3.2): gap times are skipped; repeated times fire once, at the second occurrence.
inline constexpr schedule::DstPolicy kQuartzDstPolicy{schedule::GapRule::Skip, schedule::OverlapRule::Second};

schedule::WallClockRule quartz_rule(const QuartzExpr& expr, schedule::DstPolicy policy = kQuartzDstPolicy);

// Fires of a Quartz schedule, strictly after `after` and at or before `until`.
class QuartzCursor {
 public:
  QuartzCursor(const QuartzExpr& expr, const schedule::tz::Zone& zone, schedule::Instant after, schedule::Instant until,
               schedule::DstPolicy policy = kQuartzDstPolicy)
      : cursor_(quartz_rule(expr, policy), zone, after, until) {}
  std::optional<schedule::Fire> next() { return cursor_.next(); }

 private:
  schedule::WallClockCursor cursor_;
};

std::vector<schedule::Fire> fires_between(const QuartzExpr& expr, const schedule::tz::Zone& zone, schedule::Instant after,
                                          schedule::Instant until, schedule::DstPolicy policy = kQuartzDstPolicy);

}  // namespace schedc::schedule::quartz
