#pragma once
// Internal to grammar/: lexical helpers of the parser that need no grammar machinery.
//
//  - the up-front checks of the whole input (size, BOM, NUL, UTF-8),
//  - a small hand-written scanner that *describes* the token at a position, used only to word error messages
//    ("found identifier 'foo'") and to decide error spans,
//  - decoding and validation of number-like literals and of \u{...} escapes.
//
// The grammar itself (what is accepted) lives in rules_impl.hpp; nothing here decides acceptance of a file except
// the encoding checks and the value checks of literals the grammar has already matched.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "grammar/syntax.hpp"

namespace schedc::syntax::lexical {

inline constexpr std::size_t kMaxInputBytes = std::size_t{16} * 1024 * 1024;  // 16 MiB
inline constexpr std::size_t kMaxNesting = 64;                                 // blocks, lists, per_env
inline constexpr std::int64_t kMaxInteger = std::int64_t{1} << 53;             // 9007199254740992

// A problem at a byte range, with a message for the user.
struct Problem {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string message;
  std::string found;  // what is there, in words ("byte 0xFF")
};

// Checks the encoding of the whole input: no NUL byte, well-formed UTF-8 (no overlong forms,
// no surrogates, nothing above U+10FFFF). Returns the first problem.
std::optional<Problem> check_encoding(std::string_view text);

// 1-based line number of a byte offset.
std::uint32_t line_of(std::string_view text, std::uint32_t offset);

// Skips whitespace and comments starting at `pos`. `newline` tells whether a line break was crossed.
struct Skipped {
  std::uint32_t pos = 0;
  bool newline = false;
};
Skipped skip_blank(std::string_view text, std::uint32_t pos);

// The token found at a position, described in words for an error message.
enum class TokenKind { End, Identifier, String, Number, Punctuation, Invalid };
struct Token {
  TokenKind kind = TokenKind::End;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string description;      // "identifier 'foo'", "'='", "string \"abc\"", "end of file"
  std::string invalid_message;  // Invalid only: "invalid character '@'"
};
// Describes the token starting at `pos` (which should not be whitespace). The input must be valid UTF-8.
Token token_at(std::string_view text, std::uint32_t pos);

// Length in bytes of the identifier starting at `pos` (0 if none).
std::uint32_t identifier_length(std::string_view text, std::uint32_t pos);
// Length in bytes of the string literal starting at the '"' at `pos`, up to and including the closing quote, or
// up to the end of the line if it is not closed.
std::uint32_t string_literal_length(std::string_view text, std::uint32_t pos);

// Shortens text for quoting inside a message (at a UTF-8 boundary, with "..." appended when cut).
std::string excerpt(std::string_view text, std::size_t max_bytes = 32);

// ---- Literal values. Each returns an empty string on success, otherwise the complete error message. ----

// Digits only (the grammar guarantees it); 0 .. 2^53.
std::string decode_integer(std::string_view text, std::int64_t& out);
// `<digits>..<digits>`; both bounds 0 .. 2^53.
std::string decode_range(std::string_view text, std::int64_t& lo, std::int64_t& hi);
// `(<digits><unit>)+` with units d, h, m, s in that order, each at most once; total >= 1 s and fits int64.
std::string decode_duration(std::string_view text, std::int64_t& seconds);
// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (the shape is guaranteed by the grammar); validates
// the calendar (leap years) and the time of day.
std::string decode_datetime(std::string_view text, DateTime& out);
// A message for a number-like token that matches no literal form ("5x", "8..", "2026-1-1", "1.5").
std::string describe_invalid_number(std::string_view text);

// `\u{HEX}` (1-6 hex digits, as matched by the grammar): appends the UTF-8 encoding of the scalar value to `out`.
std::string decode_unicode_escape(std::string_view escape, std::string& out);

}  // namespace schedc::syntax::lexical
