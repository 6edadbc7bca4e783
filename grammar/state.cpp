// The parser state: builders, frames, and the conversion of failures into SyntaxError (see state_impl.hpp).
#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

#include "grammar/lexical_impl.hpp"
#include "grammar/state_impl.hpp"

namespace schedc::syntax::detail {
namespace {

using Kind = SyntaxError::Kind;

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::uint32_t utf8_length(char lead) {
  const auto b = static_cast<unsigned char>(lead);
  if (b < 0x80) return 1;
  if ((b & 0xE0U) == 0xC0U) return 2;
  if ((b & 0xF0U) == 0xE0U) return 3;
  return 4;
}

}  // namespace

std::uint32_t ParserState::line_of(std::uint32_t offset) const { return lexical::line_of(text_, offset); }

SyntaxError make_error(SyntaxError::Kind kind, Span span, std::string message, std::string expected, std::string found) {
  SyntaxError e;
  e.kind = kind;
  e.span = span;
  e.message = std::move(message);
  e.expected = std::move(expected);
  e.found = std::move(found);
  return e;
}

void ParserState::fail(Kind kind, Span span, std::string message, std::string expected, std::string found) const {
  throw ParseFailure{make_error(kind, span, std::move(message), std::move(expected), std::move(found))};
}

void ParserState::fail_expected(std::uint32_t at, std::string what, Look look) const {
  const auto next = lexical::skip_blank(text_, at);
  std::string message = "expected " + what;
  if (next.pos >= text_.size()) fail(Kind::Expected, span(at, at), std::move(message), std::move(what), "end of file");
  if (look == Look::SameLine && next.newline) {
    fail(Kind::Expected, span(at, at), std::move(message), std::move(what), "newline");
  }
  auto token = lexical::token_at(text_, next.pos);
  if (token.kind == lexical::TokenKind::Invalid && text_[token.begin] == '-') {
    // `churn-scoring`: a name written with '-' between words. Say what to write.
    const auto word_char = [&](std::uint32_t i) {
      const char c = text_[i];
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    };
    std::uint32_t b = token.begin, e = token.begin;
    while (b > 0 && word_char(b - 1) && token.begin - b < 200) --b;
    while (e < text_.size() && word_char(e) && e - token.begin < 200) ++e;
    if (b < token.begin && e > token.begin + 1 && text_[token.begin + 1] != '-') {
      std::string word(text_.substr(b, e - b));
      std::replace(word.begin(), word.end(), '-', '_');
      SyntaxError error = make_error(Kind::InvalidCharacter, span(token.begin, token.end), std::move(token.invalid_message),
                                     std::move(what), std::move(token.description));
      error.help = "names use '_' between words, never '-': write `" + word + "`";
      throw ParseFailure{std::move(error)};
    }
  }
  if (token.kind == lexical::TokenKind::Invalid) {
    // A character that can start no token: that, not the grammar, is the problem to report.
    fail(Kind::InvalidCharacter, span(token.begin, token.end), std::move(token.invalid_message), std::move(what),
         std::move(token.description));
  }
  fail(Kind::Expected, span(token.begin, token.end), std::move(message), std::move(what),
       std::move(token.description));
}

void ParserState::string_error(const char* p) const {
  const std::uint32_t at = offset(p);
  const std::size_t n = text_.size();
  const char c = at < n ? text_[at] : '\n';
  const auto line_end = [&](std::uint32_t i) { return i >= n || text_[i] == '\n' || text_[i] == '\r'; };

  // End of line or file (possibly right after a backslash): the string is not closed.
  if (line_end(at) || (c == '\\' && line_end(at + 1))) {
    const std::uint32_t end = c == '\\' ? at + 1 : at;
    const bool eof = end >= n;
    fail(Kind::UnterminatedString, span(string_start_, end),
         std::string("unterminated string: the closing '\"' is missing before the end of the ") +
             (eof ? "file" : "line"),
         "'\"' to close the string", eof ? "end of file" : "end of line");
  }
  if (c == '\\') {
    std::uint32_t end = at + 2;
    std::string message;
    if (text_[at + 1] == 'u') {
      // Show `\u{...}` as far as it goes (bounded), to name the malformed escape.
      if (end < n && text_[end] == '{') {
        ++end;
        while (end < n && end < at + 12 && is_hex(text_[end])) ++end;
        if (end < n && text_[end] == '}') ++end;
      }
      message = "invalid escape '" + std::string(text_.substr(at, end - at)) +
                "': write \\u{HEX} with 1 to 6 hex digits, e.g. \\u{E9}";
    } else {
      end = at + 1 + utf8_length(text_[at + 1]);
      message = "invalid escape '" + std::string(text_.substr(at, end - at)) +
                "' in a string; the escapes are \\\" \\\\ \\n \\t \\r and \\u{HEX}";
    }
    fail(Kind::InvalidEscape, span(at, end), std::move(message), "an escape: \\\" \\\\ \\n \\t \\r or \\u{HEX}",
         "'" + std::string(text_.substr(at, end - at)) + "'");
  }
  if (c == '{') {
    // The braces do not hold a binding. Say why when it is a common slip (spaces inside the braces).
    const auto rest = text_.substr(at + 1);
    const auto close = rest.find_first_of("}\"\n");
    const bool spaces = close != std::string_view::npos && rest[close] == '}' &&
                        rest.substr(0, close).find(' ') != std::string_view::npos;
    fail(Kind::InvalidEscape, span(at, at + 1),
         spaces ? "a binding must not contain spaces, e.g. {schedule.date}; write '{{' for a literal '{'"
                : "'{' in a string must start a binding such as {schedule.date}; write '{{' for a literal '{'",
         "a binding such as {schedule.date}, or '{{' for a literal '{'", "'{'");
  }
  if (c == '}') {
    fail(Kind::InvalidEscape, span(at, at + 1), "lone '}' in a string; write '}}' for a literal '}'",
         "'}}' for a literal '}'", "'}'");
  }
  // Otherwise a control character (the grammar accepts everything else).
  std::array<char, 64> buf{};
  const auto code = static_cast<unsigned>(static_cast<unsigned char>(c));
  std::snprintf(buf.data(), buf.size(), "U+%04X", code);
  const std::string name = std::string("control character ") + buf.data();
  std::snprintf(buf.data(), buf.size(), "\\u{%X}", code);
  fail(Kind::InvalidCharacter, span(at, at + 1),
       name + " in a string; write it as the escape " + buf.data(), "text or '\"'", name);
}

void ParserState::invalid_number(const char* p) const {
  const std::uint32_t at = offset(p);
  const auto token = lexical::token_at(text_, at);
  const auto blob = text_.substr(token.begin, token.end - token.begin);
  fail(Kind::InvalidNumber, span(token.begin, token.end), lexical::describe_invalid_number(blob),
       "a number, duration, range or date", token.description);
}

void ParserState::open_frame(Frame::Kind kind, std::string what, std::uint32_t open) {
  if (frames_.size() >= lexical::kMaxNesting) {
    const std::string bracket = "'" + std::string(1, text_[open]) + "'";
    fail(Kind::NestingTooDeep, span(open, open + 1),
         "nesting is too deep: blocks, lists and per_env may be nested at most 64 levels",
         "at most 64 levels of nesting", bracket);
  }
  frames_.push_back(Frame{kind, std::move(what), open});
}

namespace {

// The indentation (blanks) of the line holding `at`, or nullopt when something other than blanks precedes `at` on
// its line. Scans back over blanks only (then, for the line of an opening bracket, the whole line: once per frame).
std::optional<std::uint32_t> indent_before(std::string_view text, std::uint32_t at, bool first_on_line) {
  std::uint32_t i = at;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
  if (first_on_line) {
    if (i > 0 && text[i - 1] != '\n' && text[i - 1] != '\r') return std::nullopt;
    return at - i;
  }
  while (i > 0 && text[i - 1] != '\n') --i;  // the start of the line
  std::uint32_t j = i;
  while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
  return j - i;
}

}  // namespace

void ParserState::close_frame(std::uint32_t at) {
  if (frames_.empty()) throw std::logic_error("parser: no open bracket to close");
  const Frame& f = frames_.back();
  if (!misclosed_ && f.kind != Frame::Kind::List) {
    if (const auto close_indent = indent_before(text_, at, true)) {
      if (const auto open_indent = indent_before(text_, f.open, false); open_indent && *close_indent < *open_indent)
        misclosed_ = Misclosed{f.what, f.open, at};
    }
  }
  frames_.pop_back();
}

std::string ParserState::describe(const Frame& frame) const {
  return frame.what + " opened at line " + std::to_string(line_of(frame.open));
}

Value ParserState::pop_value() {
  if (values_.empty()) throw std::logic_error("parser: value stack underflow");
  Value v = std::move(values_.back());
  values_.pop_back();
  return v;
}

Value& ParserState::top_value() {
  if (values_.empty()) throw std::logic_error("parser: value stack underflow");
  return values_.back();
}

Body ParserState::pop_body() {
  if (bodies_.empty()) throw std::logic_error("parser: body stack underflow");
  Body b = std::move(bodies_.back());
  bodies_.pop_back();
  return b;
}

Body& ParserState::top_body() {
  if (bodies_.empty()) throw std::logic_error("parser: body stack underflow");
  return bodies_.back();
}

Key ParserState::pop_key() {
  if (keys_.empty()) throw std::logic_error("parser: key stack underflow");
  Key k = std::move(keys_.back());
  keys_.pop_back();
  return k;
}

void ParserState::check_finished() const {
  if (!values_.empty() || !bodies_.empty() || !keys_.empty() || !frames_.empty()) {
    throw std::logic_error("parser: unfinished nodes after a successful parse");
  }
}

}  // namespace schedc::syntax::detail
