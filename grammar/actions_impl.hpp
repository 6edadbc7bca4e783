#pragma once
// Internal to grammar/: the actions that build the syntax tree.
//
// The tree grows bottom-up on the stacks of ParserState: a leaf value is pushed when its token has matched; the
// rule that completes a composite node pops its parts (an attribute pops its value and key and appends the
// entry to the innermost body, a list item is appended to the list below it, ...). Opening brackets push
// their builder and a Frame first, so the parts have somewhere to go and the nesting depth is checked before
// the grammar recurses.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grammar/lexical_impl.hpp"
#include "grammar/rules_impl.hpp"
#include "grammar/state_impl.hpp"

namespace schedc::syntax::detail {

namespace pegtl = tao::pegtl;
using Kind = SyntaxError::Kind;

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

// ---------------------------------------------------------------------------------------------- helpers

// Splits a dotted path `a.b.c` that starts at offset `begin` into its segments.
inline std::vector<Ident> split_path(const ParserState& st, std::string_view path, std::uint32_t begin) {
  std::vector<Ident> segments;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const auto end = dot == std::string_view::npos ? path.size() : dot;
    segments.push_back(Ident{std::string(path.substr(start, end - start)),
                             st.span(begin + static_cast<std::uint32_t>(start), begin + static_cast<std::uint32_t>(end))});
    if (dot == std::string_view::npos) return segments;
    start = dot + 1;
  }
}

template <typename ActionInput>
std::vector<Ident> path_of(const ParserState& st, const ActionInput& in) {
  return split_path(st, in.string_view(), st.offset(in.begin()));
}

inline Value make_value(Value::Kind kind, Span span) {
  Value v;
  v.kind = kind;
  v.span = span;
  return v;
}

// Appends decoded text to the string being read, merging with a preceding text part.
inline void add_text(ParserState& st, std::string_view text, Span span) {
  auto& parts = st.str_parts;
  if (!parts.empty() && parts.back().kind == StringPart::Kind::Text) {
    parts.back().text += text;
    parts.back().span.end = span.end;
    return;
  }
  StringPart part;
  part.kind = StringPart::Kind::Text;
  part.text = std::string(text);
  part.span = span;
  parts.push_back(std::move(part));
}

// The span of the string literal just read, quotes included.
inline Span string_span(const ParserState& st) { return st.span(st.str_begin, st.str_end); }

// The text of a string literal that must not contain bindings (keys, `use` paths).
inline std::string plain_string(const ParserState& st, const char* where) {
  std::string text;
  for (const auto& part : st.str_parts) {
    if (part.kind == StringPart::Kind::Binding) {
      st.fail(Kind::InvalidEscape, part.span,
              std::string(where) + " cannot contain a binding; write '{{' and '}}' for literal braces",
              "text without bindings", "binding {" + part.text + "}");
    }
    text += part.text;
  }
  return text;
}

// "`model churn`" for messages.
inline std::string decl_label(const Decl& d) {
  return "`" + d.kind.text + (d.name ? " " + d.name->text : std::string()) + "`";
}

// Opens a body at the '{' matched by `in`; `what` names it for error messages.
template <typename ActionInput>
void open_body(ParserState& st, const ActionInput& in, std::string what) {
  const auto open = st.offset(in.begin());
  st.open_frame(Frame::Kind::Body, std::move(what), open);
  Body body;
  body.span = st.span(open, open + 1);
  st.push_body(std::move(body));
}

inline std::string key_label(const ParserState& st) {
  const Key* key = st.top_key();
  return key != nullptr ? "the block in the value of `" + key->ident.text + "`" : std::string("the block");
}

// ---------------------------------------------------------------------------------------------- layout

template <>
struct action<rules::comment> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    const Span span = st.span_of(in);
    // Backtracking over an optional clause can skip the same comment twice; keep the first.
    if (!st.out.comments.empty() && st.out.comments.back().span.begin >= span.begin) return;
    st.out.comments.push_back(Comment{std::string(in.string_view().substr(1)), span});
  }
};

// ---------------------------------------------------------------------------------------------- strings

template <>
struct action<rules::str_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.str_parts.clear();
    st.str_begin = st.offset(in.begin());
    st.str_end = st.str_begin;
  }
};

template <>
struct action<rules::str_close> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.str_end = st.offset(in.end());
  }
};

template <>
struct action<rules::str_text> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    add_text(st, in.string_view(), st.span_of(in));
  }
};

template <>
struct action<rules::esc_simple> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    const char c = in.peek_char(1);
    const char decoded = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;  // \" and \\ stand for themselves
    add_text(st, std::string_view(&decoded, 1), st.span_of(in));
  }
};

template <>
struct action<rules::esc_unicode> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    std::string decoded;
    if (auto error = lexical::decode_unicode_escape(in.string_view(), decoded); !error.empty()) {
      st.fail(Kind::InvalidEscape, st.span_of(in), std::move(error), "a Unicode scalar value (0 to 10FFFF, no surrogates)",
              "'" + in.string() + "'");
    }
    add_text(st, decoded, st.span_of(in));
  }
};

template <>
struct action<rules::lbrace_lit> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    add_text(st, "{", st.span_of(in));
  }
};

template <>
struct action<rules::rbrace_lit> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    add_text(st, "}", st.span_of(in));
  }
};

template <>
struct action<rules::binding> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    const auto inner = in.string_view().substr(1, in.size() - 2);
    StringPart part;
    part.kind = StringPart::Kind::Binding;
    part.text = std::string(inner);
    part.path = split_path(st, inner, st.offset(in.begin()) + 1);
    part.span = st.span_of(in);
    st.str_parts.push_back(std::move(part));
  }
};

// ---------------------------------------------------------------------------------------------- leaf values

template <>
struct action<rules::string_value_str> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    Value v = make_value(Value::Kind::String, st.span_of(in));
    v.parts = std::move(st.str_parts);
    st.push_value(std::move(v));
  }
};

template <>
struct action<rules::value_ref> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    Value v = make_value(Value::Kind::Reference, st.span_of(in));
    v.path = path_of(st, in);
    st.push_value(std::move(v));
  }
};

template <>
struct action<rules::bool_value> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    Value v = make_value(Value::Kind::Bool, st.span_of(in));
    v.boolean = in.string_view() == "true";
    st.push_value(std::move(v));
  }
};

// Number-like literals: decode, or fail with InvalidNumber for the whole token.
template <typename ActionInput>
void check_number(const ParserState& st, const ActionInput& in, std::string error) {
  if (!error.empty()) {
    st.fail(Kind::InvalidNumber, st.span_of(in), std::move(error), "a number, duration, range or date",
            lexical::token_at(st.text(), st.offset(in.begin())).description);
  }
}

template <>
struct action<rules::integer_tok> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    Value v = make_value(Value::Kind::Integer, st.span_of(in));
    check_number(st, in, lexical::decode_integer(in.string_view(), v.integer));
    st.push_value(std::move(v));
  }
};

template <>
struct action<rules::duration_tok> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    Value v = make_value(Value::Kind::Duration, st.span_of(in));
    check_number(st, in, lexical::decode_duration(in.string_view(), v.seconds));
    st.push_value(std::move(v));
  }
};

template <>
struct action<rules::range_tok> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    Value v = make_value(Value::Kind::Range, st.span_of(in));
    auto& extra = v.extra_mut();
    check_number(st, in, lexical::decode_range(in.string_view(), extra.range_lo, extra.range_hi));
    st.push_value(std::move(v));
  }
};

template <>
struct action<rules::datetime_tok> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    Value v = make_value(Value::Kind::DateTime, st.span_of(in));
    check_number(st, in, lexical::decode_datetime(in.string_view(), v.extra_mut().datetime));
    st.push_value(std::move(v));
  }
};

}  // namespace schedc::syntax::detail
