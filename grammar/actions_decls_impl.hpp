#pragma once
// Internal to grammar/: the actions that build bodies, their entries, declarations and the file. See
// actions_impl.hpp for how the tree grows.
#include "grammar/actions_values_impl.hpp"

namespace schedc::syntax::detail {

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
    st.close_frame(st.offset(in.begin()));
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
