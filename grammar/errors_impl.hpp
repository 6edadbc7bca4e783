#pragma once
// Internal to grammar/: the error message of every commit point of the grammar.
//
// error_for<Rule> describes the failure of `must<Rule>`: what was expected, in words, and how to describe what
// was found instead (see Look). The parser's control class calls error_for<Rule>::raise(state, at) with `at`
// the offset where Rule was tried (the end of the previous token), and refuses to compile a `must<Rule>`
// without an error_for<Rule>: no PEGTL message can reach the user.
#include <cstdint>
#include <string>

#include "grammar/lexical_impl.hpp"
#include "grammar/rules_impl.hpp"
#include "grammar/state_impl.hpp"

namespace schedc::syntax::detail {

template <typename Rule>
struct error_for {
  static constexpr bool is_commit_point = false;
};

struct commit_point {
  static constexpr bool is_commit_point = true;
};

// A commit point with a fixed message.
#define SCHEDC_EXPECT(RULE, LOOK, WHAT)                                        \
  template <>                                                                  \
  struct error_for<rules::RULE> : commit_point {                               \
    [[noreturn]] static void raise(const ParserState& st, std::uint32_t at) {  \
      st.fail_expected(at, WHAT, Look::LOOK);                                  \
    }                                                                          \
  }

// ---- references, values
SCHEDC_EXPECT(ref_segment, SameLine, "an identifier after '.'");
SCHEDC_EXPECT(attr_value, SameLine, "a value after '=' (a string, number, duration, reference, list or block)");
SCHEDC_EXPECT(every_interval, SameLine, "a duration after 'every', e.g. 10m");

SCHEDC_EXPECT(cron_expr, SameLine, "the cron expression as a string after 'cron', e.g. cron \"30 2 * * *\" in \"UTC\"");
SCHEDC_EXPECT(cron_in, SameLine, "'in' and a time zone after the cron expression, e.g. in \"Europe/Amsterdam\"");
SCHEDC_EXPECT(cron_zone, SameLine, "the time zone as a string after 'in', e.g. \"Europe/Amsterdam\"");
SCHEDC_EXPECT(cron_from, SameLine, "a date or date-time after 'from', e.g. 2026-01-01 or 2026-01-01T06:00");
SCHEDC_EXPECT(cron_until, SameLine, "a date or date-time after 'until', e.g. 2026-12-31 or 2026-12-31T18:00");

SCHEDC_EXPECT(per_env_open, SameLine, "'{' after 'per_env'");

SCHEDC_EXPECT(secret_name, SameLine, "the secret name as a string after 'secret', e.g. secret \"db-password\" in vault");
SCHEDC_EXPECT(secret_in, SameLine, "'in' after the secret name, e.g. secret \"db-password\" in vault");
SCHEDC_EXPECT(secret_vault, SameLine, "a vault reference after 'in'");

// ---- requirements
SCHEDC_EXPECT(req_storage, SameLine, "a storage reference after 'in'");
SCHEDC_EXPECT(req_model, SameLine, "'=', '{' or a model reference after 'model'");
SCHEDC_EXPECT(within_duration, SameLine, "a duration after 'within', e.g. within 8d");
SCHEDC_EXPECT(wait_timeout, SameLine, "a duration after 'wait', e.g. wait 2h every 10m");
SCHEDC_EXPECT(wait_every, SameLine, "'every' after the wait timeout, e.g. wait 2h every 10m");
SCHEDC_EXPECT(wait_interval, SameLine, "a duration after 'every', e.g. wait 2h every 10m");

// ---- file level
SCHEDC_EXPECT(use_target, SameLine, "a quoted file path or a module name after 'use'");
SCHEDC_EXPECT(decl_base, SameLine, "a base reference after 'from'");
SCHEDC_EXPECT(item, NextToken, "a declaration such as `model NAME { ... }`, or 'use'");

#undef SCHEDC_EXPECT

// ---- commit points whose message depends on the context

// `file "..."` / `folder "..."`: the path (the keyword could also have been meant as a key).
template <>
struct error_for<rules::req_path> : commit_point {
  [[noreturn]] static void raise(const ParserState& st, std::uint32_t at) {
    st.fail_expected(at, "'=', '{' or a quoted path after '" + st.req.kind.text + "'", Look::SameLine);
  }
};

template <>
struct error_for<rules::req_in> : commit_point {
  [[noreturn]] static void raise(const ParserState& st, std::uint32_t at) {
    st.fail_expected(at, "'in' and a storage reference after the " + st.req.kind.text + " path", Look::SameLine);
  }
};

template <>
struct error_for<rules::req_mode> : commit_point {
  [[noreturn]] static void raise(const ParserState& st, std::uint32_t at) {
    std::string what;
    if (st.req.within) {
      what = "'wait' or 'check' after the 'within' duration, e.g. within 8d check";
    } else if (st.req.kind.text == "model") {
      what = "'within', 'wait' or 'check' after the model reference, e.g. wait 2h every 10m";
    } else {
      what = "'wait' or 'check' after the storage reference, e.g. wait 2h every 10m";
    }
    st.fail_expected(at, std::move(what), Look::SameLine);
  }
};

// The next thing in a body is neither an entry nor the closing brace.
// The file ends inside a body. When an earlier '}' was indented less than the line that opened its bracket, that
// '}' was most likely meant for an enclosing block, and the bracket it closed is the one that lacks its own '}':
// report it there rather than at the end of the file.
inline void fail_misclosed(const ParserState& st) {
  const auto& m = st.misclosed();
  if (!m) return;
  const auto text = st.text();
  st.fail(SyntaxError::Kind::Expected, st.span(m->open, m->open + 1),
          "expected '}' to close " + m->what + ", opened here: the file ends inside a body, and the '}' at line " +
              std::to_string(lexical::line_of(text, m->close)) +
              ", indented less than this line, closes this block instead of an enclosing one",
          "'}' to close " + m->what, "");
}

template <>
struct error_for<rules::entry> : commit_point {
  [[noreturn]] static void raise(const ParserState& st, std::uint32_t at) {
    const auto text = st.text();
    const auto next = lexical::skip_blank(text, at);
    const auto token = lexical::token_at(text, next.pos);
    const auto token_text = text.substr(token.begin, token.end - token.begin);
    // A key without '=' (or '{'): point right after the key.
    if (token.kind == lexical::TokenKind::Identifier) {
      st.fail_expected(token.end, "'=' or '{' after the key '" + lexical::excerpt(token_text) + "'", Look::SameLine);
    }
    if (token.kind == lexical::TokenKind::String) {
      st.fail_expected(token.end, "'=' after the key " + lexical::excerpt(token_text, 40), Look::SameLine);
    }
    if (token.kind == lexical::TokenKind::End) fail_misclosed(st);
    const Frame* frame = st.innermost_frame();
    const std::string where = frame != nullptr ? st.describe(*frame) : std::string("the body");
    st.fail_expected(at,
                     token.kind == lexical::TokenKind::End ? "'}' to close " + where
                                                           : "an entry or '}' to close " + where,
                     Look::NextToken);
  }
};

// After `KIND NAME? (from BASE)?` the body must open.
template <>
struct error_for<rules::decl_block> : commit_point {
  [[noreturn]] static void raise(const ParserState& st, std::uint32_t at) {
    const Decl& d = st.decl;
    const std::string label = "`" + d.kind.text + (d.name ? " " + d.name->text : std::string()) + "`";
    std::string what;
    if (d.base) {
      what = "'{' to open the body of " + label;
    } else if (d.name) {
      what = "'from' or '{' after " + label;
    } else {
      what = "a name, 'from' or '{' after the declaration kind '" + d.kind.text + "'";
    }
    st.fail_expected(at, std::move(what), Look::SameLine);
  }
};

template <>
struct error_for<rules::list_item> : commit_point {
  [[noreturn]] static void raise(const ParserState& st, std::uint32_t at) {
    const Frame* frame = st.innermost_frame();
    st.fail_expected(at, "a value or ']' in " + (frame != nullptr ? st.describe(*frame) : std::string("the list")),
                     Look::NextToken);
  }
};

template <>
struct error_for<rules::list_sep> : commit_point {
  [[noreturn]] static void raise(const ParserState& st, std::uint32_t at) {
    const Frame* frame = st.innermost_frame();
    const std::string where = frame != nullptr ? st.describe(*frame) : std::string("the list");
    const bool eof = lexical::skip_blank(st.text(), at).pos >= st.text().size();
    st.fail_expected(at, eof ? "']' to close " + where : "',' or ']' after the item in " + where, Look::NextToken);
  }
};

template <>
struct error_for<rules::per_env_entry> : commit_point {
  [[noreturn]] static void raise(const ParserState& st, std::uint32_t at) {
    const Frame* frame = st.innermost_frame();
    const std::string where = frame != nullptr ? st.describe(*frame) : std::string("`per_env`");
    const bool eof = lexical::skip_blank(st.text(), at).pos >= st.text().size();
    if (eof) fail_misclosed(st);
    st.fail_expected(at, eof ? "'}' to close " + where : "an environment name or '}' to close " + where,
                     Look::NextToken);
  }
};

template <>
struct error_for<rules::env_equals> : commit_point {
  [[noreturn]] static void raise(const ParserState& st, std::uint32_t at) {
    const Key* env = st.top_key();
    st.fail_expected(at, "'=' after the environment '" + (env != nullptr ? env->ident.text : std::string()) + "'",
                     Look::SameLine);
  }
};

template <>
struct error_for<rules::env_value> : commit_point {
  [[noreturn]] static void raise(const ParserState& st, std::uint32_t at) {
    const Key* env = st.top_key();
    st.fail_expected(at,
                     "a value after '=' for the environment '" + (env != nullptr ? env->ident.text : std::string()) +
                         "'",
                     Look::SameLine);
  }
};

}  // namespace schedc::syntax::detail
