// The JSON reader: see reader.hpp. Recursive descent whose depth is bounded by max_depth (each level is one
// array or object), so the stack is bounded whatever the input.
#include "compiler/json/reader.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace schedc::json {

const Value* Value::get(std::string_view key) const {
  if (kind != Kind::Object) return nullptr;
  for (const auto& m : members)
    if (m.key == key) return &m.value;
  return nullptr;
}

const char* kind_name(Value::Kind kind) noexcept {
  switch (kind) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Bool: return "a boolean";
    case Value::Kind::Number: return "a number";
    case Value::Kind::String: return "a string";
    case Value::Kind::Array: return "an array";
    case Value::Kind::Object: return "an object";
  }
  return "a value";
}

namespace {

struct Failure {};  // thrown after the error is recorded: unwinds the (bounded) recursion

class Parser {
 public:
  Parser(std::string_view text, std::size_t max_depth) : s_(text), max_depth_(max_depth) {}

  ParseResult run() {
    ParseResult r;
    try {
      if (s_.size() >= std::numeric_limits<std::uint32_t>::max()) fail(0, 0, "the text is too large to read (4 GiB or more)", "");
      skip_ws();
      Value v = value(0);
      skip_ws();
      if (pos_ != s_.size()) fail(pos_, pos_ + char_len(pos_), "expected the end of the text after the JSON value", found());
      r.value = std::move(v);
    } catch (const Failure&) {
      r.error = std::move(error_);
    }
    return r;
  }

 private:
  [[noreturn]] void fail(std::size_t begin, std::size_t end, std::string message, std::string label) {
    error_ = ParseError{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(std::max(begin, end)),
                        std::move(message), std::move(label)};
    throw Failure{};
  }

  // The length of the (possibly multi-byte) character at `p`, for a span that covers it.
  std::size_t char_len(std::size_t p) const {
    if (p >= s_.size()) return 0;
    const auto c = static_cast<unsigned char>(s_[p]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    return std::min(n, s_.size() - p);
  }

  std::string found() const {
    if (pos_ >= s_.size()) return "found the end of the text";
    const auto c = static_cast<unsigned char>(s_[pos_]);
    if (c >= 0x21 && c < 0x7f) return fmt::format("found `{}`", static_cast<char>(c));
    if (c < 0x80) return fmt::format("found U+{:04X}", c);
    return "found a non-ASCII character";
  }

  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  Value value(std::size_t depth) {
    if (pos_ >= s_.size()) fail(pos_, pos_, "expected a JSON value", found());
    const char c = s_[pos_];
    Value v;
    v.begin = static_cast<std::uint32_t>(pos_);
    if (c == '{' || c == '[') {
      if (depth >= max_depth_)
        fail(pos_, pos_ + 1, fmt::format("the JSON is nested more than {} levels deep", max_depth_), "too deep");
      if (c == '{')
        object(v, depth + 1);
      else
        array(v, depth + 1);
    } else if (c == '"') {
      v.kind = Value::Kind::String;
      v.text = string();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind = Value::Kind::Number;
      number(v);
    } else if (literal("true")) {
      v.kind = Value::Kind::Bool;
      v.boolean = true;
    } else if (literal("false")) {
      v.kind = Value::Kind::Bool;
    } else if (literal("null")) {
      v.kind = Value::Kind::Null;
    } else {
      fail(pos_, pos_ + char_len(pos_), "expected a JSON value (an object, array, string, number, true, false or null)",
           found());
    }
    v.end = static_cast<std::uint32_t>(pos_);
    return v;
  }

  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  void object(Value& v, std::size_t depth) {
    v.kind = Value::Kind::Object;
    ++pos_;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return;
    }
    for (;;) {
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != '"') fail(pos_, pos_ + char_len(pos_), "expected a member name (a string in double quotes)", found());
      Member m;
      m.key_begin = static_cast<std::uint32_t>(pos_);
      m.key = string();
      m.key_end = static_cast<std::uint32_t>(pos_);
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != ':') fail(pos_, pos_ + char_len(pos_), "expected `:` after the member name", found());
      ++pos_;
      skip_ws();
      m.value = value(depth);
      v.members.push_back(std::move(m));
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        break;
      }
      fail(pos_, pos_ + char_len(pos_), "expected `,` or `}` after an object member", found());
    }
    // A repeated key: readers disagree on which value wins, so it is refused (the first repeat in the text).
    if (v.members.size() > 1 && v.members.size() <= 16) {  // small objects (most): pairwise, no allocation
      for (std::size_t i = 1; i < v.members.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
          if (v.members[i].key == v.members[j].key) {
            const Member& m = v.members[i];
            fail(m.key_begin, m.key_end, fmt::format("the member `{}` appears twice in this object", m.key), "repeated");
          }
    } else if (v.members.size() > 1) {
      std::vector<std::size_t> order(v.members.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return v.members[a].key < v.members[b].key; });
      std::optional<std::size_t> repeat;
      for (std::size_t i = 1; i < order.size(); ++i)
        if (v.members[order[i]].key == v.members[order[i - 1]].key && (!repeat || order[i] < *repeat)) repeat = order[i];
      if (repeat) {
        const Member& m = v.members[*repeat];
        fail(m.key_begin, m.key_end, fmt::format("the member `{}` appears twice in this object", m.key), "repeated");
      }
    }
  }

  void array(Value& v, std::size_t depth) {
    v.kind = Value::Kind::Array;
    ++pos_;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return;
    }
    for (;;) {
      skip_ws();
      v.items.push_back(value(depth));
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return;
      }
      fail(pos_, pos_ + char_len(pos_), "expected `,` or `]` after an array element", found());
    }
  }

  void number(Value& v) {
    const std::size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const std::size_t d = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ - d;
    };
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
    } else if (digits() == 0) {
      fail(pos_, pos_ + char_len(pos_), "expected a digit in the number", found());
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) fail(pos_, pos_ + char_len(pos_), "expected a digit after the decimal point", found());
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (digits() == 0) fail(pos_, pos_ + char_len(pos_), "expected a digit in the exponent", found());
    }
    v.text.assign(s_.substr(start, pos_ - start));
  }

  unsigned hex4() {
    if (pos_ + 4 > s_.size()) fail(pos_, s_.size(), "expected four hexadecimal digits after `\\u`", found());
    unsigned u = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[pos_];
      u <<= 4;
      if (c >= '0' && c <= '9') u |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') u |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') u |= static_cast<unsigned>(c - 'A' + 10);
      else fail(pos_, pos_ + char_len(pos_), "expected four hexadecimal digits after `\\u`", found());
      ++pos_;
    }
    return u;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // A valid UTF-8 sequence at pos_ (not ASCII): its length, or 0.
  std::size_t utf8_at(std::size_t p) const {
    const auto b = [&](std::size_t i) { return p + i < s_.size() ? static_cast<unsigned char>(s_[p + i]) : 0u; };
    const unsigned c = b(0);
    const auto cont = [&](std::size_t i) { return (b(i) & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c == 0xE0) return b(1) >= 0xA0 && b(1) <= 0xBF && cont(2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (c == 0xED) return b(1) >= 0x80 && b(1) <= 0x9F && cont(2) ? 3 : 0;  // no encoded surrogates
    if (c == 0xF0) return b(1) >= 0x90 && b(1) <= 0xBF && cont(2) && cont(3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (c == 0xF4) return b(1) >= 0x80 && b(1) <= 0x8F && cont(2) && cont(3) ? 4 : 0;
    return 0;
  }

  std::string string() {
    const std::size_t open = pos_;
    ++pos_;  // the opening quote
    std::string out;
    for (;;) {
      if (pos_ >= s_.size()) fail(open, open + 1, "this string is not closed", "no closing `\"`");
      const auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20) fail(pos_, pos_ + 1, fmt::format("a control character (U+{:04X}) in a string must be escaped", c), "not escaped");
      if (c == '\\') {
        const std::size_t esc = pos_;
        ++pos_;
        if (pos_ >= s_.size()) fail(open, open + 1, "this string is not closed", "no closing `\"`");
        const char e = s_[pos_++];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            unsigned cp = hex4();
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              if (s_.substr(pos_, 2) != "\\u") fail(esc, pos_, "a high surrogate must be followed by a low surrogate `\\uDC00`-`\\uDFFF`", "unpaired surrogate");
              pos_ += 2;
              const unsigned lo = hex4();
              if (lo < 0xDC00 || lo > 0xDFFF) fail(esc, pos_, "a high surrogate must be followed by a low surrogate `\\uDC00`-`\\uDFFF`", "unpaired surrogate");
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              fail(esc, pos_, "a low surrogate without a high surrogate before it", "unpaired surrogate");
            }
            append_utf8(out, cp);
            break;
          }
          default:
            fail(esc, pos_ - 1 + char_len(pos_ - 1), "invalid escape in a string; JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
                 "invalid escape");
        }
        continue;
      }
      if (c < 0x80) {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      const std::size_t n = utf8_at(pos_);
      if (n == 0) fail(pos_, pos_ + 1, "the text is not valid UTF-8 here", "invalid UTF-8");
      out.append(s_.substr(pos_, n));
      pos_ += n;
    }
  }

  std::string_view s_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
  ParseError error_;
};

}  // namespace

ParseResult parse(std::string_view text, std::size_t max_depth) { return Parser(text, max_depth).run(); }

}  // namespace schedc::json
