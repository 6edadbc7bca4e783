// 5-field Vixie cron parsing and civil-time matching. See cron.hpp.
#include "compiler/schedule/cron/cron.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <span>

namespace schedc::schedule::cron {
namespace {

using Offset = std::uint32_t;

// ---------------------------------------------------------------------------------------------------------------
// Field descriptions
// ---------------------------------------------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> kMonthNames{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kWeekdayNames{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

enum FieldIndex : int { kMinute = 0, kHour = 1, kDayOfMonth = 2, kMonth = 3, kDayOfWeek = 4 };

struct FieldSpec {
  int index;
  std::string_view name;  // as in kFieldNames
  int min;
  int max;                                  // day-of-week: 7 (= Sunday, folded into 0)
  std::span<const std::string_view> names;  // three-letter names; value = name_base + position
  int name_base;
  std::string_view values_help;  // what the field accepts
};

constexpr std::array<FieldSpec, 5> kFields{{
    {kMinute, kFieldNames[0], 0, 59, {}, 0, "minutes are 0-59"},
    {kHour, kFieldNames[1], 0, 23, {}, 0, "hours are 0-23"},
    {kDayOfMonth, kFieldNames[2], 1, 31, {}, 0, "days of the month are 1-31, or `L` for the last day"},
    {kMonth, kFieldNames[3], 1, 12, kMonthNames, 1, "months are 1-12 or JAN-DEC"},
    {kDayOfWeek, kFieldNames[4], 0, 7, kWeekdayNames, 0,
     "days of the week are 0-7 (0 and 7 = Sunday) or SUN-SAT, and `DOW#k` for the k-th weekday of the month"},
}};

constexpr std::string_view kSyntaxHelp =
    "use `*`, a value, a range `a-b`, a step `*/n` or `a-b/n`, or a comma-separated list of these";

struct Macro {
  std::string_view name;
  std::string_view expansion;
};
constexpr std::array<Macro, 7> kMacros{{
    {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"},
    {"@monthly", "0 0 1 * *"},
    {"@weekly", "0 0 * * 0"},
    {"@daily", "0 0 * * *"},
    {"@midnight", "0 0 * * *"},
    {"@hourly", "0 * * * *"},
}};

// ---------------------------------------------------------------------------------------------------------------
// Small byte helpers (ASCII only: the input is arbitrary bytes and must not depend on the C locale)
// ---------------------------------------------------------------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), to_upper);
  return out;
}

// User text quoted in a message: printable ASCII as is, other bytes as \xNN.
std::string printable(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out.push_back(c);
    } else {
      out += fmt::format("\\x{:02X}", byte);
    }
  }
  return out;
}

Offset to_offset(std::size_t value) { return static_cast<Offset>(std::min<std::size_t>(value, UINT32_MAX)); }

// ---------------------------------------------------------------------------------------------------------------
// Errors: thrown inside the parser, caught once in parse()
// ---------------------------------------------------------------------------------------------------------------

struct Failure {
  CronError error;
};

[[noreturn]] void fail(std::size_t begin, std::size_t end, std::string message, std::string help) {
  throw Failure{CronError{to_offset(begin), to_offset(end), std::move(message), std::move(help)}};
}

// ---------------------------------------------------------------------------------------------------------------
// One field: a comma-separated list of items
// ---------------------------------------------------------------------------------------------------------------

struct FieldSet {
  std::bitset<64> values;                     // raw values min..max (day-of-week 7 not yet folded)
  bool last_day = false;                      // `L` (day-of-month only)
  std::vector<std::pair<int, int>> nth;       // DOW#k (day-of-week only), weekday 0..6
};

class ItemParser {
 public:
  ItemParser(const FieldSpec& spec, std::string_view item, std::size_t offset)
      : spec_(spec), item_(item), offset_(offset) {}

  void parse_into(FieldSet& out) {
    if (item_.front() == '*') {
      pos_ = 1;
      const int step = peek() == '/' ? parse_step() : 1;
      if (!at_end()) unexpected();
      add_range(out, spec_.min, spec_.max, step);
      return;
    }
    if (item_.size() == 1 && to_upper(item_.front()) == 'L') {
      if (spec_.index != kDayOfMonth) last_day_error(0, 1);
      out.last_day = true;
      return;
    }

    const std::size_t first_begin = pos_;
    const int first = parse_value();
    int last = first;
    int step = 1;
    if (peek() == '-') {
      ++pos_;
      last = parse_value();
      if (last < first) reversed_range(first_begin, first, last);
      if (peek() == '/') step = parse_step();
    } else if (peek() == '/') {
      last = spec_.max;  // Vixie: `a/n` means `a-max/n`
      step = parse_step();
    } else if (peek() == '#' && spec_.index == kDayOfWeek) {
      parse_nth(out, first);
      return;
    }
    if (!at_end()) unexpected();
    add_range(out, first, last, step);
  }

 private:
  [[nodiscard]] bool at_end() const { return pos_ >= item_.size(); }
  [[nodiscard]] char peek() const { return at_end() ? '\0' : item_[pos_]; }
  [[nodiscard]] std::size_t at(std::size_t index) const { return offset_ + index; }
  [[nodiscard]] std::string range_text() const {
    return fmt::format("{}-{}", spec_.min, spec_.max);
  }

  static void add_range(FieldSet& out, int first, int last, int step) {
    for (int value = first; value <= last; value += step) out.values.set(static_cast<std::size_t>(value));
  }

  // Reads a run of digits, saturating so that huge numbers cannot overflow.
  int read_number() {
    int value = 0;
    while (!at_end() && is_digit(peek())) {
      if (value < 1'000'000) value = value * 10 + (peek() - '0');
      ++pos_;
    }
    return value;
  }

  std::string_view read_word() {
    const std::size_t begin = pos_;
    while (!at_end() && is_alpha(peek())) ++pos_;
    return item_.substr(begin, pos_ - begin);
  }

  // A number or a three-letter name, checked against the field's range.
  int parse_value() {
    const std::size_t begin = pos_;
    if (at_end()) {
      fail(at(pos_ - 1), at(pos_), fmt::format("expected a {} value after `{}`", spec_.name, item_[pos_ - 1]),
           std::string(spec_.values_help));
    }
    if (is_digit(peek())) {
      const int value = read_number();
      if (value < spec_.min || value > spec_.max) {
        fail(at(begin), at(pos_),
             fmt::format("{} value {} is out of range {}", spec_.name, item_.substr(begin, pos_ - begin),
                         range_text()),
             std::string(spec_.values_help));
      }
      return value;
    }
    if (is_alpha(peek())) {
      const std::string word = upper(read_word());
      for (std::size_t i = 0; i < spec_.names.size(); ++i) {
        if (spec_.names[i] == word) return spec_.name_base + static_cast<int>(i);
      }
      pos_ = begin;
      unexpected();
    }
    unexpected();
  }

  int parse_step() {
    const std::size_t slash = pos_++;
    if (at_end()) {
      fail(at(slash), at(pos_), fmt::format("expected a step after `/` in the {} field", spec_.name),
           "a step is a positive number, e.g. `*/15`");
    }
    if (!is_digit(peek())) unexpected();
    const std::size_t begin = pos_;
    const int step = read_number();
    const std::string_view text = item_.substr(begin, pos_ - begin);
    if (step == 0) {
      fail(at(begin), at(pos_), fmt::format("step 0 in the {} field", spec_.name),
           "a step must be at least 1, e.g. `*/5`");
    }
    if (step > spec_.max - spec_.min) {
      fail(at(begin), at(pos_),
           fmt::format("step {} is larger than the {} field's span {}", text, spec_.name, range_text()),
           fmt::format("the step must be at most {}; to run once, write a single value", spec_.max - spec_.min));
    }
    return step;
  }

  void parse_nth(FieldSet& out, int weekday) {
    const std::size_t hash = pos_++;
    const std::size_t begin = pos_;
    if (at_end() || !is_digit(peek())) {
      if (!at_end()) unexpected();
      fail(at(hash), at(pos_), "expected an occurrence 1-5 after `#` in the day-of-week field",
           "`MON#1` is the first Monday of the month, `FRI#3` the third Friday");
    }
    const int k = read_number();
    if (k < 1 || k > 5) {
      fail(at(begin), at(pos_),
           fmt::format("day-of-week occurrence {} is out of range 1-5", item_.substr(begin, pos_ - begin)),
           "`DOW#k` means the k-th such weekday of the month, k = 1..5");
    }
    if (!at_end()) {
      fail(at(pos_), at(item_.size()), "`#` cannot be combined with ranges or steps in the day-of-week field",
           "list the occurrences instead, e.g. `MON#1,MON#3`");
    }
    out.nth.emplace_back(weekday % 7, k);
  }

  [[noreturn]] void reversed_range(std::size_t begin, int first, int last) {
    std::string suggestion;
    if (spec_.index == kDayOfWeek && last == 0) {
      suggestion = fmt::format("write `{}-7` (7 is Sunday too)", first);
    } else {
      suggestion = fmt::format("to wrap around, list two ranges: `{}-{},{}-{}`", first, spec_.max,
                               spec_.min, last);
    }
    fail(at(begin), at(pos_),
         fmt::format("reversed range `{}` in the {} field", printable(item_.substr(begin, pos_ - begin)),
                     spec_.name),
         fmt::format("ranges go from low to high; {}", suggestion));
  }

  [[noreturn]] void last_day_error(std::size_t begin, std::size_t end) {
    if (spec_.index == kDayOfMonth) {
      fail(at(begin), at(end), "`L` must stand alone in the day-of-month field",
           "`L` is the last day of the month; write it as its own list item, e.g. `L` or `1,L`");
    }
    if (spec_.index == kDayOfWeek) {
      fail(at(begin), at(end), "`L` (last weekday of the month) is not supported in the day-of-week field",
           "`L` is only allowed alone in the day-of-month field (last day of the month); for the k-th weekday "
           "of the month write `DOW#k`, e.g. `FRI#4`");
    }
    fail(at(begin), at(end), fmt::format("`L` is not allowed in the {} field", spec_.name),
         "`L` (last day of the month) is only allowed in the day-of-month field");
  }

  // An error about whatever starts at pos_, with the most specific explanation available.
  [[noreturn]] void unexpected() {
    const std::size_t begin = pos_;
    const char c = peek();
    if (c == '?') {
      fail(at(begin), at(begin + 1), fmt::format("`?` is not supported in the {} field", spec_.name),
           "`?` is Quartz syntax for \"no specific value\"; in 5-field cron write `*`");
    }
    if (c == '#') {
      if (spec_.index == kDayOfWeek) {
        fail(at(begin), at(begin + 1), "`#` cannot be combined with `*`, ranges or steps in the day-of-week field",
             "`#` follows a single weekday, e.g. `MON#1`; list several as `MON#1,MON#3`");
      }
      fail(at(begin), at(begin + 1), fmt::format("`#` is not allowed in the {} field", spec_.name),
           "`DOW#k` (k-th weekday of the month) is only allowed in the day-of-week field, e.g. `MON#1`");
    }
    if (is_alpha(c)) {
      const std::string_view raw = read_word();
      const std::string word = upper(raw);
      const std::size_t end = pos_;
      if (word.find('W') != std::string::npos && spec_.index == kDayOfMonth) {
        fail(at(begin), at(end), "`W` (nearest weekday) is not supported",
             "schedc has no nearest-weekday rule; list the days explicitly, or restrict the day-of-week field "
             "instead (e.g. `MON-FRI`)");
      }
      if (word == "L") last_day_error(begin, end);
      const bool after_number = begin > 0 && is_digit(item_[begin - 1]);
      if (!spec_.names.empty() && !after_number) {
        std::string help = fmt::format("{}; names are the three-letter English abbreviations", spec_.values_help);
        for (const std::string_view name : spec_.names) {
          if (word.size() > 3 && word.substr(0, 3) == name) help = fmt::format("write `{}`", name);
        }
        fail(at(begin), at(end),
             fmt::format("unknown {} name `{}`", spec_.index == kMonth ? "month" : "weekday", printable(raw)),
             std::move(help));
      }
      fail(at(begin), at(end), fmt::format("unexpected `{}` in the {} field", printable(raw), spec_.name),
           fmt::format("{}; {}", spec_.values_help, kSyntaxHelp));
    }
    fail(at(begin), at(begin + 1), fmt::format("unexpected `{}` in the {} field", printable(item_.substr(begin, 1)),
                                               spec_.name),
         fmt::format("{}; {}", spec_.values_help, kSyntaxHelp));
  }

  const FieldSpec& spec_;
  std::string_view item_;
  std::size_t offset_;  // offset of item_[0] in the parsed text
  std::size_t pos_ = 0;
};

FieldSet parse_field(const FieldSpec& spec, std::string_view field, std::size_t offset) {
  FieldSet out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = field.find(',', start);
    const std::size_t end = comma == std::string_view::npos ? field.size() : comma;
    if (end == start) {
      const std::size_t error_begin = start > 0 ? start - 1 : start;
      const std::size_t error_end = comma == std::string_view::npos ? end : end + 1;
      fail(offset + error_begin, offset + error_end, fmt::format("empty item in the {} list", spec.name),
           "list items are separated by single commas, e.g. `1,15`");
    }
    ItemParser(spec, field.substr(start, end - start), offset + start).parse_into(out);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Whole expressions
// ---------------------------------------------------------------------------------------------------------------

struct Token {
  std::size_t begin;
  std::size_t end;
};

std::vector<Token> split_fields(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) break;
    const std::size_t begin = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    tokens.push_back({begin, i});
  }
  return tokens;
}

std::string join_tokens(std::string_view text, std::span<const Token> tokens) {
  std::string out;
  for (const Token& token : tokens) {
    if (!out.empty()) out.push_back(' ');
    out += text.substr(token.begin, token.end - token.begin);
  }
  return out;
}

[[noreturn]] void field_count_error(std::string_view text, const std::vector<Token>& tokens) {
  const std::size_t count = tokens.size();
  const std::string expected = "expected 5: minute hour day-of-month month day-of-week";
  if (count < 5) {
    std::string missing;
    for (std::size_t i = count; i < 5; ++i) missing += fmt::format("{}{}", missing.empty() ? "" : ", ", kFieldNames[i]);
    fail(tokens.front().begin, tokens.back().end,
         fmt::format("cron expression has {} field{}, {}", count, count == 1 ? "" : "s", expected),
         fmt::format("missing: {}; e.g. `0 6 * * *` runs daily at 06:00", missing));
  }
  if (count == 6) {
    std::string rest = join_tokens(text, std::span(tokens).subspan(1));
    const bool quartz = rest.find('?') != std::string::npos;  // Quartz's `?` means `*` here
    std::replace(rest.begin(), rest.end(), '?', '*');
    std::string help = fmt::format(
        "schedc uses 5-field cron without a seconds field; drop the first field: `{}`", printable(rest));
    if (quartz) help += " (this looks like Quartz: its day-of-week numbers run 1-7 from Sunday, cron's 0-6)";
    fail(tokens.front().begin, tokens.front().end, fmt::format("cron expression has 6 fields, {}", expected),
         std::move(help));
  }
  std::string help = "schedc uses 5-field cron: minute hour day-of-month month day-of-week";
  if (count == 7) help += " (this looks like a Quartz expression with seconds and year fields)";
  fail(tokens[5].begin, tokens.back().end, fmt::format("cron expression has {} fields, {}", count, expected),
       std::move(help));
}

bool day_of_week_restricts(const CronExpr& expr) {
  return expr.days_of_week.count() != 7;
}

[[noreturn]] void never_fires_error(const CronExpr& expr, const std::vector<Token>& tokens) {
  const auto& f = expr.fields;
  if (!day_of_week_restricts(expr)) {
    fail(tokens[kDayOfMonth].begin, tokens[kMonth].end,
         fmt::format("this schedule never fires: no month in `{}` has a day matching day-of-month `{}`",
                     printable(f[kMonth]), printable(f[kDayOfMonth])),
         "February has 28 or 29 days and April, June, September and November have 30; use `L` for the last "
         "day of the month");
  }
  fail(tokens[kDayOfMonth].begin, tokens[kDayOfWeek].end,
       fmt::format("this schedule never fires: no day in month `{}` matches day-of-month `{}` {} day-of-week `{}`",
                   printable(f[kMonth]), printable(f[kDayOfMonth]), expr.day_or_rule() ? "or" : "and",
                   printable(f[kDayOfWeek])),
       expr.day_or_rule()
           ? "check the day-of-month, month and day-of-week fields together"
           : "when a day field starts with `*`, cron runs only on days matching both day fields; check the "
             "day-of-month, month and day-of-week fields together");
}

template <std::size_t N>
void copy_bits(const std::bitset<64>& from, std::bitset<N>& to) {
  for (std::size_t i = 0; i < N; ++i) to[i] = from.test(i);
}

// Builds the expression from exactly five fields of `text` (offsets in errors are positions in `text`).
CronExpr build(std::string_view text, const std::vector<Token>& tokens) {
  CronExpr expr;
  std::array<FieldSet, 5> sets;
  for (std::size_t i = 0; i < 5; ++i) {
    const Token& token = tokens[i];
    const std::string_view field = text.substr(token.begin, token.end - token.begin);
    sets[i] = parse_field(kFields[i], field, token.begin);
    expr.fields[i] = upper(field);
  }

  copy_bits(sets[kMinute].values, expr.minutes);
  copy_bits(sets[kHour].values, expr.hours);
  copy_bits(sets[kDayOfMonth].values, expr.days_of_month);  // bit 0 is never set (days start at 1)
  expr.last_day_of_month = sets[kDayOfMonth].last_day;
  copy_bits(sets[kMonth].values, expr.months);              // bit 0 is never set (months start at 1)
  for (std::size_t v = 0; v <= 7; ++v) {
    if (sets[kDayOfWeek].values.test(v)) expr.days_of_week.set(v % 7);  // 7 is Sunday
  }
  expr.nth_weekdays = std::move(sets[kDayOfWeek].nth);
  std::sort(expr.nth_weekdays.begin(), expr.nth_weekdays.end());
  expr.nth_weekdays.erase(std::unique(expr.nth_weekdays.begin(), expr.nth_weekdays.end()), expr.nth_weekdays.end());

  expr.minute_star = expr.fields[kMinute].front() == '*';
  expr.hour_star = expr.fields[kHour].front() == '*';
  expr.dom_star = expr.fields[kDayOfMonth].front() == '*';
  expr.month_star = expr.fields[kMonth].front() == '*';
  expr.dow_star = expr.fields[kDayOfWeek].front() == '*';

  expr.normalized = fmt::format("{} {} {} {} {}", expr.fields[0], expr.fields[1], expr.fields[2], expr.fields[3],
                                expr.fields[4]);
  if (!can_ever_fire(expr)) never_fires_error(expr, tokens);
  return expr;
}

CronExpr parse_macro(std::string_view text, const std::vector<Token>& tokens) {
  const Token& first = tokens.front();
  const std::string_view raw = text.substr(first.begin, first.end - first.begin);
  const std::string name = [&] {
    std::string lower(raw);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lower;
  }();
  if (name == "@reboot") {
    fail(first.begin, first.end, "`@reboot` is not a time-based schedule",
         "ADF and Databricks triggers fire at times, not at start-up; write a time such as `@daily` or "
         "`0 6 * * *`");
  }
  const auto macro = std::find_if(kMacros.begin(), kMacros.end(), [&](const Macro& m) { return m.name == name; });
  if (macro == kMacros.end()) {
    fail(first.begin, first.end, fmt::format("unknown cron macro `{}`", printable(raw)),
         "macros are @yearly, @annually, @monthly, @weekly, @daily, @midnight and @hourly; or write 5 fields");
  }
  if (tokens.size() > 1) {
    fail(tokens[1].begin, tokens.back().end, fmt::format("unexpected text after the macro `{}`", macro->name),
         fmt::format("a macro stands alone: write `{}` or five fields such as `{}`", macro->name, macro->expansion));
  }
  return build(macro->expansion, split_fields(macro->expansion));
}

CronExpr parse_or_throw(std::string_view input) {
  const std::vector<Token> tokens = split_fields(input);
  if (tokens.empty()) {
    fail(0, input.size(), "empty cron expression",
         "write 5 fields (minute hour day-of-month month day-of-week), e.g. `0 6 * * *`, or a macro like `@daily`");
  }
  CronExpr expr;
  if (input[tokens.front().begin] == '@') {
    expr = parse_macro(input, tokens);
  } else {
    if (tokens.size() != 5) field_count_error(input, tokens);
    expr = build(input, tokens);
  }
  expr.text = std::string(input.substr(tokens.front().begin, tokens.back().end - tokens.front().begin));
  return expr;
}

}  // namespace

CronParseResult parse(std::string_view text) {
  try {
    return CronParseResult{parse_or_throw(text), std::nullopt};
  } catch (const Failure& failure) {
    return CronParseResult{std::nullopt, failure.error};
  }
}

}  // namespace schedc::schedule::cron
