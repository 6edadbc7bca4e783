#pragma once
// The shared JSON emitter: canonical formatting and the escaping rules of the string languages embedded in JSON
// values (ADF expressions, ARM template expressions). Every target writes its files through this header.
//
// Key order is the insertion order of nlohmann::ordered_json: each generator fixes its own order. Output is
// UTF-8 (never \u-escaped), LF line ends and a final newline. Inputs are validated UTF-8 by the compiler, so
// invalid UTF-8 here is an internal error: dumping throws nlohmann::json::type_error.
#include <nlohmann/json.hpp>
#include <cstddef>
#include <string>
#include <string_view>

namespace schedc::codegen::json {

using Json = nlohmann::ordered_json;

// An empty object with room for `members` members. nlohmann::ordered_json keeps an object's members in a
// std::vector of pair<const std::string, Json>, which cannot be moved, so every time the vector grows it deep-copies
// the members already inserted, whole subtrees included: an object that receives a large member before its last
// ones (a pipeline's activities, an entity's properties) is built with room for all of them.
Json object(std::size_t members);

// Adds `key` (known not to be in `object` yet) at the end of `object` without ordered_json's linear key lookup,
// which makes building an object of n members O(n^2): templates can have tens of thousands of parameters, bundles
// tens of thousands of variables.
void append(Json& object, std::string key, Json value);

// ADF Studio's git serialization: one tab per level, `"key": value`, empty containers as `[]` / `{}`, no final
// newline (none of the Studio-written files has one).
std::string dump_adf(const Json& value);

// Indented with `indent` spaces (ARM templates, Databricks job bodies).
std::string dump(const Json& value, unsigned indent = 4);

// Appends `value` to `out` as value.dump(indent, indent_char) would write it, with every line after the first
// indented by `current_indent` more characters (a value nested in text already written). Serializes straight into
// `out`, without the intermediate string dump() returns.
void append_dump(std::string& out, const Json& value, unsigned indent, char indent_char, unsigned current_indent = 0);

// ---- ADF expression language -------------------------------------------------------------------------------
// ADF evaluates a string value that starts with '@' as an expression, and `@{...}` anywhere in a string as an
// interpolation. The documented escapes are: a leading "@@" yields "@", and "@@{" yields "@{".

// The JSON string value that ADF evaluates to exactly `text`:
//   - no '@' that ADF would read: `text` unchanged ("a@b.com", " @");
//   - a leading '@' and no "@{": "@" + text ("@x" -> "@@x", "@@" -> "@@@");
//   - "@{" but no leading '@' and no "@@": each "@{" written "@@{";
//   - anything else (combinations the documentation leaves open): the expression `@'<text>'`.
std::string adf_literal(std::string_view text);

// `text` as a string literal inside an ADF expression: single-quoted, a quote doubled ("it's" -> 'it''s').
std::string adf_quote(std::string_view text);

// Literal text inside an interpolated string ("a/@{expr}/b"), where "@{" must be written "@@{".
// `adf_interpolation_safe` says whether that escape is enough: it is not when an '@' of the text starts the
// string, ends the text right before an `@{expr}`, or touches another '@' (readings the documentation leaves
// open); the caller then builds the value with concat() and adf_quote() instead.
bool adf_interpolation_safe(std::string_view text, bool at_string_start, bool before_expression);
std::string adf_interpolated_text(std::string_view text);

// ---- ARM template expressions -------------------------------------------------------------------------------
// ARM evaluates a string that starts with '[' and ends with ']' as an expression; a leading "[[" escapes it.
// The JSON string value that ARM passes through as exactly `text`.
std::string arm_literal(std::string_view text);

}  // namespace schedc::codegen::json
