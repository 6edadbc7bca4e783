#pragma once
// 5-field cron expressions (Vixie semantics plus schedc's `L` and `DOW#k` extensions).
// Parsing reports errors with byte offsets relative to the expression text; the compiler maps them to spans.
#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace schedc::schedule::cron {

struct CronExpr {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days_of_month;  // bits 1..31
  bool last_day_of_month = false;  // `L` in the day-of-month field
  std::bitset<13> months;          // bits 1..12
  std::bitset<7> days_of_week;     // bits 0..6, 0 = Sunday (7 is folded into 0)
  std::vector<std::pair<int, int>> nth_weekdays;  // DOW#k: (weekday 0..6, k 1..5), sorted, unique

  // A field is "star" when its text starts with '*' (Vixie: such a day field does not restrict the day).
  bool minute_star = false, hour_star = false, dom_star = false, month_star = false, dow_star = false;

  std::string text;        // the expression as written (trimmed)
  std::string normalized;  // a canonical 5-field form (macros expanded), e.g. "0 0 * * *"
  // The five fields of `normalized` (macros expanded, names upper-cased), in field order:
  // minute, hour, day-of-month, month, day-of-week. For messages that quote a field.
  std::array<std::string, 5> fields;

  // Vixie rule: both day fields restricted (neither starts with '*') -> a day matches if EITHER matches.
  [[nodiscard]] bool day_or_rule() const noexcept { return !dom_star && !dow_star; }
  [[nodiscard]] bool all_months() const noexcept { return months.count() == 12; }
};

struct CronError {
  std::uint32_t begin = 0;  // byte offsets into the expression text
  std::uint32_t end = 0;
  std::string message;      // "minute value 60 is out of range 0-59"
  std::string help;         // "minutes are 0-59; did you mean `0 * * * *`?"
};

struct CronParseResult {
  std::optional<CronExpr> expr;
  std::optional<CronError> error;
};

// Parses `text` (arbitrary bytes; never throws for bad input). Error offsets are relative to `text` as passed
// (leading whitespace included), while CronExpr::text is the trimmed expression.
CronParseResult parse(std::string_view text);

// The field names used in messages, by field index: "minute", "hour", "day-of-month", "month", "day-of-week".
inline constexpr std::array<std::string_view, 5> kFieldNames{"minute", "hour", "day-of-month", "month", "day-of-week"};

// ---- Proleptic Gregorian calendar helpers ----
bool is_leap_year(int year) noexcept;
int days_in_month(int year, int month) noexcept;          // month 1..12
int weekday_of(int year, int month, int day) noexcept;    // 0 = Sunday .. 6 = Saturday

// Whether the expression matches some day of some selected month in some year (`0 0 31 2 *` never does).
bool can_ever_fire(const CronExpr& expr);

// ---- Matching a local civil date/time (no zone, no DST: the fire-time engine maps these to instants) ----
// Day-of-month field alone: the day's bit, or `L` on the month's last day.
bool day_of_month_matches(const CronExpr& expr, int year, int month, int day) noexcept;
// Day-of-week field alone: the weekday's bit, or a DOW#k item for the k-th such weekday of the month.
bool day_of_week_matches(const CronExpr& expr, int year, int month, int day) noexcept;
// Month field and the Vixie day rule (OR when both day fields are restricted, AND otherwise).
bool date_matches(const CronExpr& expr, int year, int month, int day) noexcept;
// Minute and hour fields.
bool time_matches(const CronExpr& expr, int hour, int minute) noexcept;
// The whole expression at a local wall-clock minute.
bool matches(const CronExpr& expr, int year, int month, int day, int hour, int minute) noexcept;

// The expression (its normalized fields) with field `index` (0 = minute .. 4 = day of week) replaced; for
// suggestions in messages ("write `0 0 * * *`").
std::string with_field(const CronExpr& expr, std::size_t index, std::string_view replacement);

// True when the day-of-month field selects every day 1-31 (whatever its text), i.e. it does not restrict the day.
bool every_day_of_month(const CronExpr& expr);
// The day-of-month set as whole weeks of the month, if it is one: week k (1..4) is days 7k-6..7k, week 5 is days
// 29-31 (the days a fifth occurrence of a week day falls on). Days 29-31 only as a whole. nullopt with `L`.
// Under the AND rule, week k and week day D are exactly the k-th D of the month.
std::optional<std::vector<int>> whole_weeks(const CronExpr& expr);

}  // namespace schedc::schedule::cron
