// Quartz lowering, parser and simulator. See quartz.hpp.
#include "compiler/schedule/quartz/quartz.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <span>
#include <vector>

namespace schedc::schedule::quartz {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> kMonthNames{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kWeekdayNames{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::vector<std::string_view> split_whitespace(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t begin = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > begin) out.push_back(text.substr(begin, i - begin));
  }
  return out;
}

// Runs of ascending values as `a-b` (3 or more) or single items, joined by commas.
template <typename Name>
std::string compress(const std::vector<int>& values, Name name) {
  std::string out;
  std::size_t i = 0;
  while (i < values.size()) {
    std::size_t j = i;
    while (j + 1 < values.size() && values[j + 1] == values[j] + 1) ++j;
    const auto add = [&](const std::string& item) { out += (out.empty() ? "" : ",") + item; };
    if (j - i >= 2) {
      add(fmt::format("{}-{}", name(values[i]), name(values[j])));
    } else {
      for (std::size_t k = i; k <= j; ++k) add(name(values[k]));
    }
    i = j + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Lowering
// ---------------------------------------------------------------------------------------------------------------


LoweringResult failure(std::string message, std::string help) {
  return LoweringResult{std::nullopt, LoweringError{std::move(message), std::move(help)}};
}

// A month item Quartz reads as cron does: no letters, or exactly `NAME` or `NAME-NAME` (Quartz drops a step after
// a name and fails on a range mixing a name and a number).
bool quartz_safe_month_item(std::string_view item) {
  if (std::none_of(item.begin(), item.end(), is_alpha)) return true;
  if (item.size() == 3) return std::all_of(item.begin(), item.end(), is_alpha);
  return item.size() == 7 && item[3] == '-' && std::all_of(item.begin(), item.begin() + 3, is_alpha) &&
         std::all_of(item.begin() + 4, item.end(), is_alpha);
}

std::string month_field(const schedule::cron::CronExpr& expr) {
  const std::string& field = expr.fields[3];
  const std::vector<std::string_view> items = split(field, ',');
  if (std::all_of(items.begin(), items.end(), quartz_safe_month_item)) return field;
  std::vector<int> months;
  for (int month = 1; month <= 12; ++month) {
    if (expr.months.test(static_cast<std::size_t>(month))) months.push_back(month);
  }
  return compress(months, [](int month) { return std::to_string(month); });
}

std::string weekday_field(const schedule::cron::CronExpr& expr) {
  if (!expr.nth_weekdays.empty()) {
    const auto& [weekday, occurrence] = expr.nth_weekdays.front();
    return fmt::format("{}#{}", kWeekdayNames[static_cast<std::size_t>(weekday)], occurrence);
  }
  std::vector<int> weekdays;
  for (int weekday = 0; weekday < 7; ++weekday) {
    if (expr.days_of_week.test(static_cast<std::size_t>(weekday))) weekdays.push_back(weekday);
  }
  return compress(weekdays, [](int weekday) { return std::string(kWeekdayNames[static_cast<std::size_t>(weekday)]); });
}

}  // namespace

LoweringResult to_quartz(const schedule::cron::CronExpr& expr) {
  const std::string& dom = expr.fields[2];
  const std::string& dow = expr.fields[4];
  const bool dom_restricts = !schedule::cron::every_day_of_month(expr);
  const bool dow_restricts = expr.days_of_week.count() != 7;

  std::string dom_out = "*";
  std::string dow_out = "?";
  if (dom_restricts && dow_restricts) {
    if (expr.day_or_rule()) {
      return failure(
          fmt::format("`{}` restricts both the day-of-month (`{}`) and the day-of-week (`{}`): cron runs on days "
                      "matching EITHER field, and one Quartz expression cannot express that union (Quartz needs "
                      "`?` in one of the day fields)",
                      expr.normalized, dom, dow),
          fmt::format("split it into two schedules, one with `{}` and one with `{}`", schedule::cron::with_field(expr, 4, "*"),
                      schedule::cron::with_field(expr, 2, "*")));
    }
    // AND rule: one whole week of the month and one week day is that week day's k-th occurrence, `DAY#k`
    // (`0 0 29-31 * */7`: the fifth Sunday, `SUN#5`). Quartz allows one `#` item only.
    const auto weeks = schedule::cron::whole_weeks(expr);
    if (weeks && weeks->size() == 1 && expr.nth_weekdays.empty() && expr.days_of_week.count() == 1) {
      int weekday = 0;
      while (!expr.days_of_week.test(static_cast<std::size_t>(weekday))) ++weekday;
      return LoweringResult{fmt::format("0 {} {} ? {} {}#{}", expr.fields[0], expr.fields[1], month_field(expr),
                                        kWeekdayNames[static_cast<std::size_t>(weekday)], weeks->front()),
                            std::nullopt};
    }
    const std::string& star_field = expr.dom_star ? dom : dow;
    return failure(
        fmt::format("`{}` restricts both day fields and `{}` starts with `*`, so cron runs only on days matching "
                    "BOTH the day-of-month (`{}`) and the day-of-week (`{}`); Quartz needs `?` in one of the day "
                    "fields and expresses that intersection only as one week day in one whole week of the month "
                    "(`DAY#k`: days 1-7, 8-14, 15-21, 22-28 or 29-31)",
                    expr.normalized, star_field, dom, dow),
        fmt::format("restrict only one of the day fields, e.g. `{}` or `{}`", schedule::cron::with_field(expr, 4, "*"),
                    schedule::cron::with_field(expr, 2, "*")));
  }
  if (dom_restricts && !(expr.day_or_rule() && !dow_restricts)) {
    // AND rule with only the day of month restricting. (Under the OR rule an unrestricted day-of-week field
    // already matches every day.)
    if (expr.last_day_of_month && dom.find(',') != std::string::npos) {
      const std::vector<std::string_view> items = split(dom, ',');
      std::string others;
      for (const std::string_view item : items) {
        if (item != "L") others += fmt::format("{}{}", others.empty() ? "" : ",", item);
      }
      return failure(fmt::format("the day-of-month field `{}` combines `L` with other days; Quartz does not support "
                                 "`L` in a list",
                                 dom),
                     fmt::format("split it into two schedules, one with `{}` and one with `{}`",
                                 schedule::cron::with_field(expr, 2, "L"), schedule::cron::with_field(expr, 2, others)));
    }
    dom_out = dom;
  } else if (dow_restricts && !(expr.day_or_rule() && !dom_restricts)) {
    if (!expr.nth_weekdays.empty() && split(dow, ',').size() > 1) {
      return failure(
          fmt::format("the day-of-week field `{}` is a list with a `#` item; Quartz allows `#` only alone (it "
                      "rejects several `#` items and silently misreads a `#` item next to other days, e.g. "
                      "`6#3,2` as the third Friday or the third Monday)",
                      dow),
          "split it into one schedule per `#` item (and one for the plain week days)");
    }
    dom_out = "?";
    dow_out = weekday_field(expr);
  }
  return LoweringResult{
      fmt::format("0 {} {} {} {} {}", expr.fields[0], expr.fields[1], dom_out, month_field(expr), dow_out),
      std::nullopt};
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------------------------

namespace {

enum FieldIndex : int { kSecond = 0, kMinute, kHour, kDayOfMonth, kMonth, kDayOfWeek, kYear };

struct FieldSpec {
  std::string_view name;
  int min;
  int max;
  std::span<const std::string_view> names;  // value = name_base + position
  int name_base;
  int wrap;  // span for wrapping ranges (Quartz: stopAt += max), 0 = ranges may not wrap
};

constexpr std::array<FieldSpec, 7> kFields{{
    {"second", 0, 59, {}, 0, 60},
    {"minute", 0, 59, {}, 0, 60},
    {"hour", 0, 23, {}, 0, 24},
    {"day-of-month", 1, 31, {}, 0, 31},
    {"month", 1, 12, kMonthNames, 1, 12},
    {"day-of-week", 1, 7, kWeekdayNames, 1, 7},
    {"year", kFirstYear, kLastYear, {}, 0, 0},
}};

struct Failure {
  std::string message;
};

[[noreturn]] void fail(std::string message) { throw Failure{std::move(message)}; }

// A number or (in month/day-of-week) a three-letter name at `pos`; advances `pos`.
int read_value(const FieldSpec& spec, std::string_view item, std::size_t& pos, bool& was_name) {
  was_name = false;
  if (pos < item.size() && is_digit(item[pos])) {
    int value = 0;
    const std::size_t begin = pos;
    while (pos < item.size() && is_digit(item[pos])) {
      if (value < 100000) value = value * 10 + (item[pos] - '0');
      ++pos;
    }
    if (value < spec.min || value > spec.max) {
      fail(fmt::format("{} value {} is out of range {}-{}", spec.name, item.substr(begin, pos - begin), spec.min,
                       spec.max));
    }
    return value;
  }
  if (pos + 3 <= item.size() && !spec.names.empty()) {
    const std::string_view word = item.substr(pos, 3);
    for (std::size_t i = 0; i < spec.names.size(); ++i) {
      if (spec.names[i] == word) {
        pos += 3;
        was_name = true;
        return spec.name_base + static_cast<int>(i);
      }
    }
  }
  fail(fmt::format("unexpected `{}` in the {} field `{}`", item.substr(pos, 1), spec.name, item));
}

int read_step(const FieldSpec& spec, std::string_view item, std::size_t& pos) {
  ++pos;  // '/'
  if (pos >= item.size() || !is_digit(item[pos])) fail(fmt::format("expected a step after `/` in `{}`", item));
  int step = 0;
  while (pos < item.size() && is_digit(item[pos])) {
    if (step < 100000) step = step * 10 + (item[pos] - '0');
    ++pos;
  }
  const int limit = spec.max - spec.min + 1;
  if (step < 1 || step > std::max(limit, 1)) {
    fail(fmt::format("step {} in the {} field is outside 1-{}", step, spec.name, limit));
  }
  return step;
}

void add_range(const FieldSpec& spec, int first, int last, int step, std::vector<bool>& values) {
  if (last < first) {
    if (spec.wrap == 0) fail(fmt::format("reversed range {}-{} in the {} field", first, last, spec.name));
    last += spec.wrap;
  }
  for (int v = first; v <= last; v += step) {
    int actual = v;
    if (actual > spec.max) {
      actual = v % spec.wrap;
      if (actual == 0 && spec.min == 1) actual = spec.wrap;  // 1-based fields: 0 means max
    }
    values[static_cast<std::size_t>(actual)] = true;
  }
}

void parse_item(const FieldSpec& spec, std::string_view item, std::vector<bool>& values) {
  if (item.empty()) fail(fmt::format("empty item in the {} field", spec.name));
  std::size_t pos = 0;
  int first = spec.min;
  int last = spec.max;
  bool named = false;
  if (item[0] == '*') {
    pos = 1;
  } else {
    bool was_name = false;
    first = read_value(spec, item, pos, was_name);
    named = was_name;
    last = first;
    if (pos < item.size() && item[pos] == '-') {
      ++pos;
      bool end_name = false;
      last = read_value(spec, item, pos, end_name);
      if (end_name != was_name) fail(fmt::format("range `{}` mixes a name and a number", item));
    } else if (pos < item.size() && item[pos] == '/') {
      last = spec.max;
    }
  }
  int step = 1;
  if (pos < item.size() && item[pos] == '/') {
    if (named) {
      fail(fmt::format("a step after a name (`{}`) is ignored by Quartz 2.3.2; write numbers", item));
    }
    step = read_step(spec, item, pos);
  }
  if (pos != item.size())
    fail(fmt::format("unexpected `{}` in the {} field `{}`", item.substr(pos, 1), spec.name, item));
  add_range(spec, first, last, step, values);
}

std::vector<bool> parse_list(const FieldSpec& spec, std::string_view field) {
  std::vector<bool> values(static_cast<std::size_t>(spec.max) + 1, false);
  for (const std::string_view item : split(field, ',')) parse_item(spec, item, values);
  return values;
}

template <std::size_t N>
void copy_bits(const std::vector<bool>& from, std::bitset<N>& to, int offset = 0) {
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t source = i + static_cast<std::size_t>(offset);
    to[i] = source < from.size() && from[source];
  }
}

int parse_number(std::string_view text, std::string_view what) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), is_digit) || text.size() > 5) {
    fail(fmt::format("expected a number in {}", what));
  }
  int value = 0;
  for (const char c : text) value = value * 10 + (c - '0');
  return value;
}

void parse_day_of_month(std::string_view field, QuartzExpr& out) {
  const FieldSpec& spec = kFields[kDayOfMonth];
  if (field == "?") {
    out.dom_unspecified = true;
    return;
  }
  const bool special = field.find('L') != std::string_view::npos || field.find('W') != std::string_view::npos;
  if (special && field.find_first_of(",-/") != std::string_view::npos && field.rfind("L-", 0) != 0) {
    fail(
        fmt::format("`L` and `W` must stand alone in the day-of-month field (`{}`): Quartz 2.3.2 rejects `L` in a "
                    "list and applies `W` to every item of a list",
                    field));
  }
  if (field[0] == 'L') {
    out.last_day_of_month = true;
    std::string_view rest = field.substr(1);
    if (!rest.empty() && rest.back() == 'W') {
      out.nearest_weekday = true;
      rest.remove_suffix(1);
    }
    if (!rest.empty()) {
      if (rest[0] != '-') fail(fmt::format("unexpected `{}` after `L` in the day-of-month field", rest));
      out.last_day_offset = parse_number(rest.substr(1), "`L-n`");
      if (out.last_day_offset > 30) fail("the offset from the last day (`L-n`) must be at most 30");
    }
    return;
  }
  if (field.back() == 'W') {
    const int day = parse_number(field.substr(0, field.size() - 1), "`nW`");
    if (day < spec.min || day > spec.max) fail(fmt::format("day-of-month value {} is out of range 1-31", day));
    out.nearest_weekday = true;
    out.days_of_month.set(static_cast<std::size_t>(day));
    return;
  }
  if (special) fail(fmt::format("unexpected `L` or `W` in the day-of-month field `{}`", field));
  copy_bits(parse_list(spec, field), out.days_of_month);
}

void parse_day_of_week(std::string_view field, QuartzExpr& out) {
  const FieldSpec& spec = kFields[kDayOfWeek];
  if (field == "?") {
    out.dow_unspecified = true;
    return;
  }
  if (field == "L") {  // Quartz: `L` alone is 7 (Saturday)
    out.days_of_week.set(7);
    return;
  }
  const std::size_t hash = field.find('#');
  const bool last = field.size() > 1 && field.back() == 'L';
  const bool special = hash != std::string_view::npos || field.find('L') != std::string_view::npos;
  if (special) {
    if (field.find_first_of(",-/") != std::string_view::npos) {
      fail(
          fmt::format("`#` and `L` must stand alone in the day-of-week field (`{}`): Quartz 2.3.2 rejects `L` in a "
                      "list and misreads a `#` item in a list (`6#3,2` means the third Friday or the third Monday)",
                      field));
    }
    if (!last && hash == std::string_view::npos) {
      fail(fmt::format("unexpected `L` in the day-of-week field `{}`", field));
    }
    const std::string_view day_text = field.substr(0, last ? field.size() - 1 : hash);
    std::size_t pos = 0;
    bool was_name = false;
    const int weekday = read_value(spec, day_text, pos, was_name);
    if (pos != day_text.size()) fail(fmt::format("unexpected text in the day-of-week field `{}`", field));
    out.days_of_week.set(static_cast<std::size_t>(weekday));
    if (last) {
      out.last_weekday_of_month = true;
    } else {
      out.nth_occurrence = parse_number(field.substr(hash + 1), "`n#k`");
      if (out.nth_occurrence < 1 || out.nth_occurrence > 5) fail("the occurrence after `#` must be 1-5");
    }
    return;
  }
  copy_bits(parse_list(spec, field), out.days_of_week);
}

QuartzExpr parse_or_throw(std::string_view input) {
  std::string upper(input);
  std::transform(upper.begin(), upper.end(), upper.begin(), to_upper);
  const std::vector<std::string_view> fields = split_whitespace(upper);
  if (fields.size() != 6 && fields.size() != 7) {
    fail(
        fmt::format("a Quartz expression has 6 or 7 fields (seconds minutes hours day-of-month month day-of-week "
                    "[year]), not {}",
                    fields.size()));
  }
  QuartzExpr out;
  for (int index = 0; index < static_cast<int>(fields.size()); ++index) {
    const std::string_view field = fields[static_cast<std::size_t>(index)];
    const FieldSpec& spec = kFields[static_cast<std::size_t>(index)];
    if (field == "?" && index != kDayOfMonth && index != kDayOfWeek) {
      fail(fmt::format("`?` is only allowed in the day-of-month and day-of-week fields, not the {} field", spec.name));
    }
    switch (index) {
      case kSecond: copy_bits(parse_list(spec, field), out.seconds); break;
      case kMinute: copy_bits(parse_list(spec, field), out.minutes); break;
      case kHour: copy_bits(parse_list(spec, field), out.hours); break;
      case kDayOfMonth: parse_day_of_month(field, out); break;
      case kMonth: copy_bits(parse_list(spec, field), out.months); break;
      case kDayOfWeek: parse_day_of_week(field, out); break;
      case kYear: copy_bits(parse_list(spec, field), out.years, kFirstYear); break;
      default: break;
    }
  }
  if (fields.size() == 6) out.years.set();
  if (out.dom_unspecified == out.dow_unspecified) {
    fail(
        "exactly one of the day-of-month and day-of-week fields must be `?` (Quartz 2.3.2 does not support both "
        "day fields, nor neither)");
  }
  const auto trimmed_begin = input.find_first_not_of(" \t\n\r\v\f");
  const auto trimmed_end = input.find_last_not_of(" \t\n\r\v\f");
  out.text = std::string(input.substr(trimmed_begin, trimmed_end - trimmed_begin + 1));
  return out;
}

// Quartz's `W`: the weekday nearest to `day` within the month (Saturday -> Friday, or Monday the 3rd for the 1st;
// Sunday -> Monday, or Friday for the last day).
int nearest_weekday(int year, int month, int day) {
  const int length = schedule::cron::days_in_month(year, month);
  const int weekday = schedule::cron::weekday_of(year, month, day);
  if (weekday == 6) return day == 1 ? day + 2 : day - 1;
  if (weekday == 0) return day == length ? day - 2 : day + 1;
  return day;
}

}  // namespace

ParseResult parse(std::string_view text) {
  try {
    return ParseResult{parse_or_throw(text), std::nullopt};
  } catch (const Failure& failure) {
    return ParseResult{std::nullopt, failure.message};
  }
}

std::uint32_t day_mask(const QuartzExpr& expr, int year, int month) {
  if (month < 1 || month > 12 || !expr.months.test(static_cast<std::size_t>(month))) return 0;
  if (year < kFirstYear || year > kLastYear || !expr.years.test(static_cast<std::size_t>(year - kFirstYear))) return 0;
  const int length = schedule::cron::days_in_month(year, month);
  std::uint32_t mask = 0;
  if (expr.dow_unspecified) {
    if (expr.last_day_of_month) {
      int day = length - expr.last_day_offset;
      if (day < 1) return 0;
      if (expr.nearest_weekday) day = nearest_weekday(year, month, day);
      return 1u << day;
    }
    if (expr.nearest_weekday) {
      int day = 1;
      while (day <= 31 && !expr.days_of_month.test(static_cast<std::size_t>(day))) ++day;
      if (day > length) return 0;
      return 1u << nearest_weekday(year, month, day);
    }
    for (int day = 1; day <= length; ++day) {
      if (expr.days_of_month.test(static_cast<std::size_t>(day))) mask |= 1u << day;
    }
    return mask;
  }
  const int first_weekday = schedule::cron::weekday_of(year, month, 1);
  for (int day = 1; day <= length; ++day) {
    const int quartz_weekday = (first_weekday + day - 1) % 7 + 1;
    if (!expr.days_of_week.test(static_cast<std::size_t>(quartz_weekday))) continue;
    if (expr.nth_occurrence != 0 && (day - 1) / 7 + 1 != expr.nth_occurrence) continue;
    if (expr.last_weekday_of_month && day + 7 <= length) continue;
    mask |= 1u << day;
  }
  return mask;
}

bool date_matches(const QuartzExpr& expr, int year, int month, int day) {
  if (day < 1 || day > 31) return false;
  return (day_mask(expr, year, month) & (1u << day)) != 0;
}

schedule::WallClockRule quartz_rule(const QuartzExpr& expr, schedule::DstPolicy policy) {
  schedule::WallClockRule rule;
  rule.days = [expr](int year, int month) { return day_mask(expr, year, month); };
  for (int hour = 0; hour < 24; ++hour) {
    if (!expr.hours.test(static_cast<std::size_t>(hour))) continue;
    for (int minute = 0; minute < 60; ++minute) {
      if (!expr.minutes.test(static_cast<std::size_t>(minute))) continue;
      for (int second = 0; second < 60; ++second) {
        if (expr.seconds.test(static_cast<std::size_t>(second)))
          rule.times.push_back(hour * 3600 + minute * 60 + second);
      }
    }
  }
  rule.policy = policy;
  return rule;
}

std::vector<schedule::Fire> fires_between(const QuartzExpr& expr, const schedule::tz::Zone& zone, schedule::Instant after,
                                          schedule::Instant until, schedule::DstPolicy policy) {
  QuartzCursor cursor(expr, zone, after, until, policy);
  return schedule::drain(cursor);
}

}  // namespace schedc::schedule::quartz
