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

// ---------------------------------------------------------------------------------------------- composite values

// `value every DURATION`: replaces the two values on the stack by an Every value.
template <>
struct action<rules::every_clause> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    Value interval = st.pop_value();
    Value count = st.pop_value();
    Value v = make_value(Value::Kind::Every, count.span.to(interval.span));
    v.items.push_back(std::move(count));
    v.items.push_back(std::move(interval));
    st.push_value(std::move(v));
  }
};

// -- cron
template <>
struct action<rules::cron_kw> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.push_value(make_value(Value::Kind::Cron, st.span_of(in)));
  }
};

template <>
struct action<rules::cron_expr_str> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    Cron& cron = st.top_value().extra_mut().cron;
    cron.expr = std::move(st.str_parts);
    cron.expr_span = string_span(st);
  }
};

template <>
struct action<rules::cron_zone_str> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    Cron& cron = st.top_value().extra_mut().cron;
    cron.zone = std::move(st.str_parts);
    cron.zone_span = string_span(st);
  }
};

template <>
struct action<rules::cron_from> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    Value dt = st.pop_value();
    Cron& cron = st.top_value().extra_mut().cron;
    cron.from = dt.datetime();
    cron.from_span = dt.span;
  }
};

template <>
struct action<rules::cron_until> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    Value dt = st.pop_value();
    Cron& cron = st.top_value().extra_mut().cron;
    cron.until = dt.datetime();
    cron.until_span = dt.span;
  }
};

template <>
struct action<rules::cron_value> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.top_value().span = st.span_of(in);
  }
};

// -- per_env
template <>
struct action<rules::per_env_kw> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.push_value(make_value(Value::Kind::PerEnv, st.span_of(in)));
  }
};

template <>
struct action<rules::per_env_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.open_frame(Frame::Kind::PerEnv, "`per_env`", st.offset(in.end()) - 1);  // the rule ends with the '{'
  }
};

template <>
struct action<rules::per_env_close> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    st.close_frame();
  }
};

template <>
struct action<rules::env_name> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.push_key(Key{st.ident_of(in), false});
  }
};

template <>
struct action<rules::per_env_entry> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    Value v = st.pop_value();
    Key env = st.pop_key();
    st.top_value().extra_mut().per_env.push_back(PerEnvEntry{std::move(env.ident), std::move(v)});
  }
};

template <>
struct action<rules::per_env_value> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.top_value().span = st.span_of(in);
  }
};

// -- secret
template <>
struct action<rules::secret_kw> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.push_value(make_value(Value::Kind::Secret, st.span_of(in)));
  }
};

template <>
struct action<rules::secret_name_str> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    st.top_value().parts = std::move(st.str_parts);
  }
};

template <>
struct action<rules::secret_vault_ref> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.top_value().path = path_of(st, in);
  }
};

template <>
struct action<rules::secret_value> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.top_value().span = st.span_of(in);
  }
};

// -- list
template <>
struct action<rules::list_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.open_frame(Frame::Kind::List, "the list", st.offset(in.begin()));
    st.push_value(make_value(Value::Kind::List, st.span_of(in)));
  }
};

template <>
struct action<rules::list_close> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    st.close_frame();
  }
};

template <>
struct action<rules::list_item> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    Value item = st.pop_value();
    st.top_value().items.push_back(std::move(item));
  }
};

template <>
struct action<rules::list_value> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.top_value().span = st.span_of(in);
  }
};

// -- blocks
template <>
struct action<rules::block_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    open_body(st, in, key_label(st));
  }
};

template <>
struct action<rules::block_value> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    Body body = st.pop_body();
    Value v = make_value(Value::Kind::Block, body.span);
    v.block = std::make_shared<Body>(std::move(body));
    st.push_value(std::move(v));
  }
};

// The option block of a string or reference: the value keeps its kind and now spans the block too.
template <>
struct action<rules::attached_block> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    Body body = st.pop_body();
    Value& v = st.top_value();
    v.span.end = body.span.end;
    v.block = std::make_shared<Body>(std::move(body));
  }
};

// ---------------------------------------------------------------------------------------------- bodies, entries

template <>
struct action<rules::decl_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    open_body(st, in, "the body of " + decl_label(st.decl));
  }
};

template <>
struct action<rules::nested_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    const Key* key = st.top_key();
    open_body(st, in, "the block `" + (key != nullptr ? key->ident.text : std::string()) + "`");
  }
};

template <>
struct action<rules::body_close> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.close_frame();
    Body& body = st.top_body();
    body.span.end = st.offset(in.end());
    body.entries.shrink_to_fit();  // the tree lives until the IR exists: no doubling slack
  }
};

template <>
struct action<rules::key_ident> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.push_key(Key{st.ident_of(in), false});
  }
};

template <>
struct action<rules::key_str> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    st.push_key(Key{Ident{plain_string(st, "a key"), string_span(st)}, true});
  }
};

template <>
struct action<rules::attribute> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    Entry e;
    e.kind = Entry::Kind::Attribute;
    e.value = st.pop_value();
    Key key = st.pop_key();
    e.key = std::move(key.ident);
    e.key_quoted = key.quoted;
    e.span = st.span_of(in);
    st.top_body().entries.push_back(std::move(e));
  }
};

template <>
struct action<rules::nested_key> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.push_key(Key{st.ident_of(in), false});
  }
};

template <>
struct action<rules::nested> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    Entry e;
    e.kind = Entry::Kind::Nested;
    e.nested = std::make_shared<Body>(st.pop_body());
    e.key = st.pop_key().ident;
    e.span = st.span_of(in);
    st.top_body().entries.push_back(std::move(e));
  }
};

// -- requirements
template <typename ActionInput>
void start_requirement(ParserState& st, const ActionInput& in) {
  st.req = Requirement{};
  st.req.kind = st.ident_of(in);
}

template <>
struct action<rules::req_path_kw> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    start_requirement(st, in);
  }
};

template <>
struct action<rules::req_model_kw> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    start_requirement(st, in);
  }
};

template <>
struct action<rules::req_path_str> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    st.req.target = make_value(Value::Kind::String, string_span(st));
    st.req.target.parts = std::move(st.str_parts);
  }
};

template <>
struct action<rules::req_storage_ref> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.req.storage_path = path_of(st, in);
    st.req.storage = st.req.storage_path.front();
  }
};

template <>
struct action<rules::req_model_ref> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.req.target = make_value(Value::Kind::Reference, st.span_of(in));
    st.req.target.path = path_of(st, in);
  }
};

template <>
struct action<rules::req_within> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    st.req.within = std::make_unique<Value>(st.pop_value());
  }
};

template <>
struct action<rules::mode_wait> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.req.wait_every = std::make_unique<Value>(st.pop_value());
    st.req.wait_timeout = std::make_unique<Value>(st.pop_value());
    st.req.mode = Requirement::Mode::Wait;
    st.req.mode_span = st.span_of(in);
  }
};

template <>
struct action<rules::mode_check> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.req.mode = Requirement::Mode::Check;
    st.req.mode_span = st.span_of(in);
  }
};

template <>
struct action<rules::requirement> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    Entry e;
    e.kind = Entry::Kind::Requirement;
    e.span = st.span_of(in);
    e.key = st.req.kind;  // file | folder | model, for convenience
    e.requirement = std::make_unique<Requirement>(std::move(st.req));
    e.requirement->span = e.span;
    st.top_body().entries.push_back(std::move(e));
  }
};

// ---------------------------------------------------------------------------------------------- file level

template <>
struct action<rules::use_kw> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    st.use = Use{};
  }
};

template <>
struct action<rules::use_file> {
  template <typename ActionInput>
  static void apply(const ActionInput& /*in*/, ParserState& st) {
    st.use.is_file = true;
    st.use.file = plain_string(st, "the path of a `use`");
    st.use.target_span = string_span(st);
  }
};

template <>
struct action<rules::use_module> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.use.is_file = false;
    st.use.module = path_of(st, in);
    st.use.target_span = st.span_of(in);
  }
};

template <>
struct action<rules::use_decl> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.use.span = st.span_of(in);
    st.out.items.push_back(Item{Item::Kind::Use, st.out.uses.size()});
    st.out.uses.push_back(std::move(st.use));
  }
};

template <>
struct action<rules::decl_kind> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.decl = Decl{};
    st.decl.kind = st.ident_of(in);
  }
};

template <>
struct action<rules::decl_name> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.decl.name = st.ident_of(in);
  }
};

template <>
struct action<rules::decl_base_ref> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.decl.base = st.ident_of(in);  // the whole dotted text, e.g. "std.clusters.general"
    st.decl.base_path = path_of(st, in);
  }
};

template <>
struct action<rules::decl> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParserState& st) {
    st.decl.body = st.pop_body();
    st.decl.span = st.span_of(in);
    st.out.items.push_back(Item{Item::Kind::Decl, st.out.decls.size()});
    st.out.decls.push_back(std::move(st.decl));
  }
};

}  // namespace schedc::syntax::detail
