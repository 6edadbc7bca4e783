#pragma once
// Parsing of one .sched file into a syntax::File. Never throws: every failure becomes a SyntaxError.
#include <string>
#include <string_view>
#include <vector>

#include "grammar/span.hpp"
#include "grammar/syntax.hpp"

namespace schedc::syntax {

// The largest file parse() accepts (SCH0006); loaders check it before reading a file.
inline constexpr std::size_t kMaxFileBytes = std::size_t{16} * 1024 * 1024;  // 16 MiB

struct SyntaxError {
  // Stable identity of the error kind; the compiler maps it to a diagnostic code.
  enum class Kind {
    Expected,            // "expected X" at a commit point (the general case)
    UnterminatedString,  // string literal not closed before end of line/file
    InvalidEscape,       // bad \escape or a lone '}' / unclosed '{' in a string
    InvalidNumber,       // malformed integer/duration/range/date (e.g. 5x, 2026-13-01, overflow)
    InvalidCharacter,    // a character that cannot start any token (incl. invalid UTF-8, NUL)
    NestingTooDeep,      // blocks/lists nested deeper than the limit (guards the stack)
    TooLarge,            // the input is larger than 16 MiB
  };
  Kind kind = Kind::Expected;
  Span span;             // where the problem is (an empty span points between characters)
  std::string expected;  // what was expected, in words: "'=' or '{' after the key"
  std::string message;   // full sentence for the user, e.g. "expected '}' to close the model body"
  std::string found;     // what was found instead, in words ("end of file", "'='", "identifier 'foo'")
  std::string help;      // what to write instead, when the parser can tell ("write `churn_scoring`"); may be empty
};

struct ParseResult {
  File file;
  std::vector<SyntaxError> errors;  // at most one for now (the parser stops at the first error)
  [[nodiscard]] bool ok() const noexcept { return errors.empty(); }
};

// Parse `text` (the whole content of a file). `file` is stamped into every Span.
// Limits: inputs over 16 MiB, or nested deeper than 64 levels, produce an error instead of recursing.
ParseResult parse(std::string_view text, FileId file);

}  // namespace schedc::syntax
