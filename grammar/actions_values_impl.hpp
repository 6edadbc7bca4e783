#pragma once
// Internal to grammar/: the actions that build composite values (lists, ranges, per_env, secrets, blocks after a
// value). See actions_impl.hpp for how the tree grows.
#include "grammar/actions_impl.hpp"

namespace schedc::syntax::detail {

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
  static void apply(const ActionInput& in, ParserState& st) {
    st.close_frame(st.offset(in.begin()));
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
  static void apply(const ActionInput& in, ParserState& st) {
    st.close_frame(st.offset(in.begin()));
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

}  // namespace schedc::syntax::detail
