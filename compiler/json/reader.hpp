#pragma once
// A JSON reader for input that may be hostile (an organisation index, hand-written ADF files): RFC 8259 exactly
// (no comments, no trailing commas, UTF-8 only, surrogate pairs checked), every value and key with its byte offsets
// in the text so that diagnostics locate it (file:line:col through the source manager), object members in the order
// written, a repeated key refused, nesting bounded (deeper input is an error at the place it goes too deep, never a
// stack overflow) and linear time and memory in the size of the text.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schedc::json {

struct Member;

struct Value {
  enum class Kind : std::uint8_t { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  std::uint32_t begin = 0, end = 0;  // byte offsets of the value's text: [begin, end)
  bool boolean = false;              // Bool
  std::string text;                  // String: the decoded value; Number: the number as written
  std::vector<Value> items;          // Array
  std::vector<Member> members;       // Object, in the order written

  // The member `key` of an object, or null (also when this is not an object).
  [[nodiscard]] const Value* get(std::string_view key) const;
  [[nodiscard]] bool is_string() const noexcept { return kind == Kind::String; }
  [[nodiscard]] bool is_object() const noexcept { return kind == Kind::Object; }
  [[nodiscard]] bool is_array() const noexcept { return kind == Kind::Array; }
};

struct Member {
  std::string key;
  std::uint32_t key_begin = 0, key_end = 0;  // the key's text, quotes included
  Value value;
};

// The word for a kind in messages: "null", "a boolean", "a number", "a string", "an array", "an object".
const char* kind_name(Value::Kind kind) noexcept;

struct ParseError {
  std::uint32_t begin = 0, end = 0;  // where: the offending character(s) (end == begin + 1 at most characters)
  std::string message;               // "expected `,` or `}` after an object member"
  std::string label;                 // a short label for the place ("found `]`")
};

struct ParseResult {
  std::optional<Value> value;        // set when the whole text is one valid JSON value (surrounded by whitespace)
  std::optional<ParseError> error;   // the first error otherwise
};

// The default bound on nesting (arrays and objects inside each other).
inline constexpr std::size_t kMaxDepth = 128;

// Parses `text` (at most 4 GiB - 1 bytes: offsets are 32-bit; longer text is an error at its start).
ParseResult parse(std::string_view text, std::size_t max_depth = kMaxDepth);

}  // namespace schedc::json
