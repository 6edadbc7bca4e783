#pragma once
// Typed, checked access to the entries of a declaration body: unknown / duplicate / missing / mistyped fields are
// reported here with exact spans, so lowering code reads like a schema.
#include <map>
#include <set>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/source.hpp"
#include "grammar/syntax.hpp"

namespace schedc {

std::string_view value_kind_name(syntax::Value::Kind k);  // "a string", "a duration", ...

class Fields {
 public:
  // `what` names the owner for messages: "model `churn_scoring`". `anchor` is where "missing field" points.
  Fields(Diagnostics& diags, const syntax::Body& body, std::string what, Span anchor,
         std::span<const std::string_view> allowed);  // compiler/lower/keys.hpp

  [[nodiscard]] const syntax::Entry* entry(std::string_view key) const;
  [[nodiscard]] const syntax::Value* attr(std::string_view key) const;  // an Attribute's value, or null
  [[nodiscard]] const syntax::Body* nested(std::string_view key) const;  // a Nested block (or `key = { }`)
  [[nodiscard]] Span key_span(std::string_view key) const;
  [[nodiscard]] const std::string& what() const { return what_; }

  void missing(std::string_view key, std::string_view example) const;  // SCH1004
  // Report SCH1005 for `v` at `key`, expecting `expected` ("a string").
  void wrong_type(std::string_view key, const syntax::Value& v, std::string_view expected) const;

  // Typed getters: nullopt when absent or mistyped (mistyped is reported).
  std::optional<std::string> string(std::string_view key, bool required = false, std::string_view example = "");
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi);
  std::optional<std::int64_t> duration(std::string_view key, bool required = false, std::string_view example = "");
  std::optional<std::vector<std::string>> string_list(std::string_view key);
  // A bare identifier from a fixed set of words (e.g. trigger = started | stopped).
  std::optional<std::string> word(std::string_view key, std::span<const std::string_view> words,
                                  bool required = false);
  const syntax::Value* reference(std::string_view key, bool required = false, std::string_view example = "");

 private:
  Diagnostics& diags_;
  std::string what_;
  Span anchor_;
  std::map<std::string, const syntax::Entry*, std::less<>> entries_;
  // Fields that an unknown key is a typo of (`notebok` -> `notebook`): already suggested, so not also "missing".
  std::set<std::string, std::less<>> misspelled_;
};

// The plain text of a string value without bindings; reports SCH1009 (with `where`) if it has bindings.
std::optional<std::string> plain_string(Diagnostics& diags, const syntax::Value& v, std::string_view where);

}  // namespace schedc
