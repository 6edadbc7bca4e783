// Lexical helpers of the parser; see lexical_impl.hpp.
#include "grammar/lexical_impl.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>

namespace schedc::syntax::lexical {
namespace {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_ident_first(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
constexpr bool is_ident_other(char c) noexcept { return is_ident_first(c) || is_digit(c); }
// Characters that continue a number-like token; see `num_char` in rules_impl.hpp.
constexpr bool is_number_char(char c) noexcept { return is_ident_other(c) || c == '.' || c == ':' || c == '-'; }

std::uint32_t u32(std::size_t v) { return static_cast<std::uint32_t>(v); }
unsigned char byte(char c) { return static_cast<unsigned char>(c); }

std::string hex_code_point(char32_t cp) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "U+%04X", static_cast<unsigned>(cp));
  return buf.data();
}

// Decodes one UTF-8 sequence of already validated input. Returns its length.
std::uint32_t decode_utf8(std::string_view text, std::size_t pos, char32_t& cp) {
  const unsigned char c = byte(text[pos]);
  std::uint32_t len = 1;
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if ((c & 0xE0U) == 0xC0U) {
    len = 2;
    cp = c & 0x1FU;
  } else if ((c & 0xF0U) == 0xE0U) {
    len = 3;
    cp = c & 0x0FU;
  } else {
    len = 4;
    cp = c & 0x07U;
  }
  for (std::uint32_t k = 1; k < len && pos + k < text.size(); ++k) {
    cp = (cp << 6U) | (byte(text[pos + k]) & 0x3FU);
  }
  return len;
}

// A short explanation for ASCII characters that often appear by mistake.
std::string_view invalid_ascii_hint(char c) {
  switch (c) {
    case '\'': return "; strings are written in double quotes";
    case ';': return "; entries need no separator";
    case ':': return "; use '=' to give a value";
    case '-': return "; identifiers use letters, digits and '_', and numbers have no sign";
    default: return "";
  }
}

bool all_of(std::string_view s, bool (*pred)(char)) { return std::all_of(s.begin(), s.end(), pred); }

bool is_duration_shape(std::string_view s) {
  // (<digits><unit>)+
  std::size_t i = 0;
  if (s.empty()) return false;
  while (i < s.size()) {
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start || i == s.size()) return false;
    const char u = s[i];
    if (u != 'd' && u != 'h' && u != 'm' && u != 's') return false;
    ++i;
  }
  return true;
}

int two_digits(std::string_view s, std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

}  // namespace

std::optional<Problem> check_encoding(std::string_view text) {
  const std::size_t n = text.size();
  auto bad = [&](std::size_t i) {
    std::array<char, 8> hex{};
    std::snprintf(hex.data(), hex.size(), "0x%02X", static_cast<unsigned>(byte(text[i])));
    return Problem{u32(i), u32(i + 1),
                   std::string("invalid UTF-8 (byte ") + hex.data() + "); the file must be encoded as UTF-8",
                   std::string("byte ") + hex.data()};
  };
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = byte(text[i]);
    if (c == 0) return Problem{u32(i), u32(i + 1), "NUL byte in the file; a .sched file must be text", "NUL byte"};
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((c & 0xE0U) == 0xC0U) {
      len = 2, cp = c & 0x1FU, min = 0x80;
    } else if ((c & 0xF0U) == 0xE0U) {
      len = 3, cp = c & 0x0FU, min = 0x800;
    } else if ((c & 0xF8U) == 0xF0U) {
      len = 4, cp = c & 0x07U, min = 0x10000;
    } else {
      return bad(i);
    }
    if (i + len > n) return bad(i);
    for (std::size_t k = 1; k < len; ++k) {
      const unsigned char cc = byte(text[i + k]);
      if ((cc & 0xC0U) != 0x80U) return bad(i);
      cp = (cp << 6U) | (cc & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return bad(i);
    i += len;
  }
  return std::nullopt;
}

std::uint32_t line_of(std::string_view text, std::uint32_t offset) {
  const auto prefix = text.substr(0, std::min<std::size_t>(offset, text.size()));
  return u32(static_cast<std::size_t>(std::count(prefix.begin(), prefix.end(), '\n')) + 1);
}

Skipped skip_blank(std::string_view text, std::uint32_t pos) {
  Skipped r{pos, false};
  std::size_t i = pos;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '\n') {
      r.newline = true;
      ++i;
    } else if (c == '#') {
      while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
    } else {
      break;
    }
  }
  r.pos = u32(i);
  return r;
}

std::uint32_t identifier_length(std::string_view text, std::uint32_t pos) {
  std::size_t i = pos;
  if (i >= text.size() || !is_ident_first(text[i])) return 0;
  while (i < text.size() && is_ident_other(text[i])) ++i;
  return u32(i - pos);
}

std::uint32_t string_literal_length(std::string_view text, std::uint32_t pos) {
  std::size_t i = pos + 1;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') return u32(i + 1 - pos);
    if (c == '\n' || c == '\r') break;
    if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n' && text[i + 1] != '\r') {
      i += 2;
    } else {
      ++i;
    }
  }
  return u32(std::min(i, text.size()) - pos);
}

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (byte(text[cut]) & 0xC0U) == 0x80U) --cut;  // do not split a UTF-8 sequence
  return std::string(text.substr(0, cut)) + "...";
}

Token token_at(std::string_view text, std::uint32_t pos) {
  Token t;
  t.begin = pos;
  if (pos >= text.size()) {
    t.kind = TokenKind::End;
    t.end = pos;
    t.description = "end of file";
    return t;
  }
  const char c = text[pos];
  if (is_ident_first(c)) {
    t.kind = TokenKind::Identifier;
    t.end = pos + identifier_length(text, pos);
    t.description = "identifier '" + excerpt(text.substr(t.begin, t.end - t.begin)) + "'";
    return t;
  }
  if (is_digit(c)) {
    std::size_t i = pos;
    while (i < text.size() && is_number_char(text[i])) ++i;
    t.kind = TokenKind::Number;
    t.end = u32(i);
    const auto blob = text.substr(t.begin, t.end - t.begin);
    const std::string quoted = "'" + excerpt(blob) + "'";
    if (all_of(blob, [](char ch) { return is_digit(ch); })) {
      t.description = "number " + quoted;
    } else if (is_duration_shape(blob)) {
      t.description = "duration " + quoted;
    } else if (blob.find("..") != std::string_view::npos) {
      t.description = "range " + quoted;
    } else if (blob.size() > 4 && blob[4] == '-') {
      t.description = "date " + quoted;
    } else {
      t.description = quoted;
    }
    return t;
  }
  if (c == '"') {
    t.kind = TokenKind::String;
    t.end = pos + string_literal_length(text, pos);
    t.description = "string " + excerpt(text.substr(t.begin, t.end - t.begin), 40);
    return t;
  }
  switch (c) {
    case '=': case '{': case '}': case '[': case ']': case ',': case '.':
      t.kind = TokenKind::Punctuation;
      t.end = pos + 1;
      t.description = std::string("'") + c + "'";
      return t;
    default:
      break;
  }
  // Nothing can start here: an invalid character.
  t.kind = TokenKind::Invalid;
  char32_t cp = 0;
  t.end = pos + decode_utf8(text, pos, cp);
  if (cp < 0x20 || cp == 0x7F) {
    t.description = "control character " + hex_code_point(cp);
    t.invalid_message = "invalid " + t.description;
  } else if (cp < 0x80) {
    t.description = std::string("'") + c + "'";
    t.invalid_message = "invalid character " + t.description + std::string(invalid_ascii_hint(c));
  } else {
    t.description =
        "character " + hex_code_point(cp) + " '" + std::string(text.substr(t.begin, t.end - t.begin)) + "'";
    t.invalid_message = "invalid " + t.description + "; outside strings and comments only ASCII is allowed";
  }
  return t;
}

std::string decode_integer(std::string_view text, std::int64_t& out) {
  std::int64_t v = 0;
  for (const char c : text) {
    v = v * 10 + (c - '0');
    if (v > kMaxInteger) {
      return "invalid number '" + excerpt(text, 40) + "': integers must not exceed 2^53 (9007199254740992)";
    }
  }
  out = v;
  return {};
}

std::string decode_range(std::string_view text, std::int64_t& lo, std::int64_t& hi) {
  const auto dots = text.find("..");
  if (decode_integer(text.substr(0, dots), lo).empty() && decode_integer(text.substr(dots + 2), hi).empty()) {
    return {};
  }
  return "invalid range '" + excerpt(text, 40) + "': the bounds must not exceed 2^53 (9007199254740992)";
}

std::string decode_duration(std::string_view text, std::int64_t& seconds) {
  static constexpr std::array<std::int64_t, 4> kUnitSeconds{86400, 3600, 60, 1};
  const std::string shown = "invalid duration '" + excerpt(text, 40) + "': ";
  const std::string too_long = shown + "the duration is too long";
  std::int64_t total = 0;
  int last_unit = -1;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t n = 0;
    bool overflow = false;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      overflow = overflow || __builtin_mul_overflow(n, std::int64_t{10}, &n) ||
                 __builtin_add_overflow(n, std::int64_t{text[i] - '0'}, &n);
    }
    const std::string_view units = "dhms";
    const auto found = i < text.size() ? units.find(text[i]) : std::string_view::npos;
    if (found == std::string_view::npos) return describe_invalid_number(text);  // not reached: grammar checks it
    const int unit = static_cast<int>(found);
    ++i;
    if (unit <= last_unit) return shown + "the units must come in the order d, h, m, s, each at most once";
    last_unit = unit;
    std::int64_t part = 0;
    if (overflow || __builtin_mul_overflow(n, kUnitSeconds[static_cast<std::size_t>(unit)], &part) ||
        __builtin_add_overflow(total, part, &total)) {
      return too_long;
    }
  }
  if (total < 1) return shown + "a duration must be at least 1 second";
  seconds = total;
  return {};
}

std::string decode_datetime(std::string_view text, DateTime& out) {
  const std::string shown = "'" + std::string(text) + "'";
  DateTime dt;
  dt.year = two_digits(text, 0) * 100 + two_digits(text, 2);
  dt.month = two_digits(text, 5);
  dt.day = two_digits(text, 8);
  if (dt.year < 1) return "invalid date " + shown + ": the year must be 0001 to 9999";
  if (dt.month < 1 || dt.month > 12) return "invalid date " + shown + ": the month must be 01 to 12";
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (dt.year % 4 == 0 && dt.year % 100 != 0) || dt.year % 400 == 0;
  const int days = kDays[static_cast<std::size_t>(dt.month - 1)] + (dt.month == 2 && leap ? 1 : 0);
  if (dt.day < 1 || dt.day > days) {
    std::array<char, 64> buf{};
    std::snprintf(buf.data(), buf.size(), ": the day must be 01 to %d in %04d-%02d", days, dt.year, dt.month);
    return "invalid date " + shown + buf.data();
  }
  if (text.size() > 10) {
    dt.has_time = true;
    dt.hour = two_digits(text, 11);
    dt.minute = two_digits(text, 14);
    dt.second = text.size() > 16 ? two_digits(text, 17) : 0;
    if (dt.hour > 23) return "invalid time in " + shown + ": the hour must be 00 to 23";
    if (dt.minute > 59) return "invalid time in " + shown + ": the minute must be 00 to 59";
    if (dt.second > 59) return "invalid time in " + shown + ": the second must be 00 to 59";
  }
  out = dt;
  return {};
}

std::string describe_invalid_number(std::string_view text) {
  const std::string shown = "'" + excerpt(text, 40) + "'";
  if (text.find("..") != std::string_view::npos) {
    return "invalid range " + shown + ": a range is written <integer>..<integer>, e.g. 2..8";
  }
  if (text.find_first_of("-:") != std::string_view::npos) {
    return "invalid date " + shown + ": write YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS";
  }
  if (text.find('.') != std::string_view::npos) {
    return "invalid number " + shown + ": only whole numbers are allowed";
  }
  if (all_of(text, [](char c) { return is_digit(c) || c == 'd' || c == 'h' || c == 'm' || c == 's'; })) {
    return "invalid duration " + shown + ": write groups of digits each followed by a unit (d, h, m, s), e.g. 1h30m";
  }
  return "invalid number " + shown +
         ": a number must not be followed directly by letters (durations use the units d, h, m, s, e.g. 10m)";
}

std::string decode_unicode_escape(std::string_view escape, std::string& out) {
  // escape is "\u{" HEX "}" with 1-6 hex digits.
  const auto hex = escape.substr(3, escape.size() - 4);
  char32_t cp = 0;
  for (const char c : hex) {
    const int d = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : c - 'A' + 10;
    cp = cp * 16 + static_cast<char32_t>(d);
  }
  const std::string shown = "invalid escape '" + std::string(escape) + "': ";
  if (cp >= 0xD800 && cp <= 0xDFFF) return shown + "surrogate code points (D800 to DFFF) are not allowed";
  if (cp > 0x10FFFF) return shown + "the largest code point is 10FFFF";
  auto put = [&out](unsigned v) { out.push_back(static_cast<char>(v)); };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0U | (cp >> 6U));
    put(0x80U | (cp & 0x3FU));
  } else if (cp < 0x10000) {
    put(0xE0U | (cp >> 12U));
    put(0x80U | ((cp >> 6U) & 0x3FU));
    put(0x80U | (cp & 0x3FU));
  } else {
    put(0xF0U | (cp >> 18U));
    put(0x80U | ((cp >> 12U) & 0x3FU));
    put(0x80U | ((cp >> 6U) & 0x3FU));
    put(0x80U | (cp & 0x3FU));
  }
  return {};
}

}  // namespace schedc::syntax::lexical
