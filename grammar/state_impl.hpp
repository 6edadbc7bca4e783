#pragma once
// Internal to grammar/: the state the parser threads through the grammar — the syntax tree under construction
// (a few stacks of builders) and what error messages need to know about the context — plus the helpers that
// turn a failure into a SyntaxError.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grammar/parser.hpp"
#include "grammar/syntax.hpp"

namespace schedc::syntax::detail {

// Thrown inside the parser at the first error; parse() catches it.
struct ParseFailure {
  SyntaxError error;
};

// The one way a SyntaxError is built.
SyntaxError make_error(SyntaxError::Kind kind, Span span, std::string message, std::string expected = {},
                       std::string found = {});

// An open bracket: a body, list or per_env. The stack of frames bounds the nesting depth and lets an error
// name what is still open ("expected '}' to close the body of `model churn` opened at line 3").
struct Frame {
  enum class Kind { Body, List, PerEnv };
  Kind kind = Kind::Body;
  std::string what;        // "the body of `model churn`", "the list", "`per_env`"
  std::uint32_t open = 0;  // offset of the opening bracket
};

// The key of an attribute, nested block or per_env entry whose value is being read.
struct Key {
  Ident ident;
  bool quoted = false;
};

// How an "expected ..." error describes what it found instead.
enum class Look {
  // The expected token continues a construct (`=` after a key, a value after `=`): if a line break comes
  // first, report "newline" at the end of the previous token rather than pointing at the next line.
  SameLine,
  // The expected thing may start anywhere (an entry, a declaration, a list item): report the next token.
  NextToken,
};

class ParserState {
 public:
  ParserState(std::string_view text, FileId file) : text_(text), file_(file) {}

  [[nodiscard]] std::string_view text() const noexcept { return text_; }
  [[nodiscard]] FileId file() const noexcept { return file_; }
  [[nodiscard]] std::uint32_t offset(const char* p) const noexcept {
    return static_cast<std::uint32_t>(p - text_.data());
  }
  [[nodiscard]] Span span(std::uint32_t begin, std::uint32_t end) const noexcept { return Span{file_, begin, end}; }
  template <typename ActionInput>
  [[nodiscard]] Span span_of(const ActionInput& in) const noexcept {
    return span(offset(in.begin()), offset(in.end()));
  }
  template <typename ActionInput>
  [[nodiscard]] Ident ident_of(const ActionInput& in) const {
    return Ident{in.string(), span_of(in)};
  }
  // 1-based line of an offset, for messages.
  [[nodiscard]] std::uint32_t line_of(std::uint32_t offset) const;

  // ---- Hooks called by the grammar (rules_impl.hpp).
  void string_started(const char* p) noexcept { string_start_ = offset(p); }
  [[noreturn]] void string_error(const char* p) const;
  [[noreturn]] void invalid_number(const char* p) const;

  // ---- Errors.
  [[noreturn]] void fail(SyntaxError::Kind kind, Span span, std::string message, std::string expected,
                         std::string found) const;
  // "expected <what>" at offset `at` (the end of the previous token); describes what comes next.
  [[noreturn]] void fail_expected(std::uint32_t at, std::string what, Look look) const;

  // ---- Frames.
  // Opens a bracket at `open`; raises NestingTooDeep beyond the limit, before the parser recurses any deeper.
  void open_frame(Frame::Kind kind, std::string what, std::uint32_t open);
  // Closes the innermost bracket with the closing bracket at `at`.
  void close_frame(std::uint32_t at);
  // The first bracket whose closing '}' is indented less than the line that opened it (the '}' was probably meant
  // for an enclosing bracket): where a file that ends inside a body most likely lacks its '}'.
  struct Misclosed {
    std::string what;
    std::uint32_t open = 0, close = 0;
  };
  [[nodiscard]] const std::optional<Misclosed>& misclosed() const noexcept { return misclosed_; }
  [[nodiscard]] const Frame* innermost_frame() const noexcept { return frames_.empty() ? nullptr : &frames_.back(); }
  // "the list opened at line 4"
  [[nodiscard]] std::string describe(const Frame& frame) const;

  // ---- Builders. The tree grows bottom-up: leaves are pushed, and the rule that completes a node pops its
  // parts. A violated invariant throws std::logic_error (reported as an internal error, never a crash).
  File out;                          // completed uses/decls and all comments
  Decl decl;                         // the declaration being read (declarations do not nest)
  Use use;                           // the `use` being read
  Requirement req;                   // the requirement being read (requirements do not nest)
  std::vector<StringPart> str_parts; // the string literal being read (strings do not nest) ...
  std::uint32_t str_begin = 0;       // ... its opening quote
  std::uint32_t str_end = 0;         // ... and the end of its closing quote

  void push_value(Value v) { values_.push_back(std::move(v)); }
  Value pop_value();
  Value& top_value();
  void push_body(Body b) { bodies_.push_back(std::move(b)); }
  Body pop_body();
  Body& top_body();
  void push_key(Key k) { keys_.push_back(std::move(k)); }
  Key pop_key();
  [[nodiscard]] const Key* top_key() const noexcept { return keys_.empty() ? nullptr : &keys_.back(); }

  // Checks that every builder stack is empty after a successful parse.
  void check_finished() const;

 private:
  std::string_view text_;
  FileId file_;
  std::uint32_t string_start_ = 0;  // opening quote of the last string started (also set in lookaheads)
  std::vector<Value> values_;       // values under construction, innermost last
  std::vector<Body> bodies_;        // bodies under construction, innermost last
  std::vector<Key> keys_;           // keys whose value is being read, innermost last
  std::vector<Frame> frames_;       // open brackets, innermost last
  std::optional<Misclosed> misclosed_;
};

}  // namespace schedc::syntax::detail
