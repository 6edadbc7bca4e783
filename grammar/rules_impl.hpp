#pragma once
// Internal to grammar/: the PEGTL grammar of the .sched language (docs/language.md, sections 1 and 2).
//
// Conventions that the actions (actions_impl.hpp) and error messages (errors_impl.hpp) rely on:
//
//  * Whitespace and comments are skipped *before* a token, never after it. A rule that fails (and rewinds)
//    therefore leaves the input right after the previous token: that is where "expected ..." errors point.
//  * Every choice is decided by its first token, or by an action-free lookahead (`at<>`, `not_at<>`). Once an
//    alternative is chosen, the rest of it is committed with `must<>`; a failure there raises the error that
//    error_for<Rule> describes. Actions therefore never run on a branch that is later abandoned, and the
//    builders need no undo. (The one exception is `comment`, which may be matched twice when an optional
//    clause is tried and abandoned; its action ignores repeats.)
//  * A rule whose action builds a node starts at the node's first token (the caller skips blanks first), so
//    the action input is exactly the node's span.
//  * Every rule that appears inside `must<>` is a named struct (with its own leading `skip`, except after the
//    '.' of a reference, where no blank is allowed), so each commit point has its own error message even when
//    the same token is expected elsewhere.
//
// The grammar calls three hooks on the parser state (see ParserState): `string_started(pos)` (diagnostic
// bookkeeping that also runs inside lookaheads), and `string_error(pos)` / `invalid_number(pos)`, which raise
// the precise lexical error for a string or number-like token that cannot be read.

#include <tao/pegtl.hpp>

namespace schedc::syntax::rules {

namespace pegtl = tao::pegtl;

using pegtl::at;
using pegtl::if_must;
using pegtl::must;
using pegtl::not_at;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::ranges;
using pegtl::rep;
using pegtl::rep_min_max;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::two;
using pegtl::until;

// ------------------------------------------------------------------------------------------------ layout

// `# ...` to the end of the line (the line break is not part of the comment).
struct comment : seq<one<'#'>, star<not_one<'\r', '\n'>>> {};
struct blank : plus<one<' ', '\t', '\r', '\n'>> {};
struct skip : star<sor<blank, comment>> {};

// ------------------------------------------------------------------------------------------------ words

// [A-Za-z_][A-Za-z0-9_]*
struct ident : pegtl::identifier {};

struct kw_use : TAO_PEGTL_KEYWORD("use") {};
struct kw_from : TAO_PEGTL_KEYWORD("from") {};
struct kw_cron : TAO_PEGTL_KEYWORD("cron") {};
struct kw_in : TAO_PEGTL_KEYWORD("in") {};
struct kw_until : TAO_PEGTL_KEYWORD("until") {};
struct kw_every : TAO_PEGTL_KEYWORD("every") {};
struct kw_per_env : TAO_PEGTL_KEYWORD("per_env") {};
struct kw_secret : TAO_PEGTL_KEYWORD("secret") {};
struct kw_wait : TAO_PEGTL_KEYWORD("wait") {};
struct kw_check : TAO_PEGTL_KEYWORD("check") {};
struct kw_file : TAO_PEGTL_KEYWORD("file") {};
struct kw_folder : TAO_PEGTL_KEYWORD("folder") {};
struct kw_model : TAO_PEGTL_KEYWORD("model") {};
struct kw_within : TAO_PEGTL_KEYWORD("within") {};
struct kw_true : TAO_PEGTL_KEYWORD("true") {};
struct kw_false : TAO_PEGTL_KEYWORD("false") {};

// The keyword of an optional trailing clause (`every`, `from`, `until`). It is not taken when '=' or '{'
// follows, so that an entry with that name on the next line still reads as an entry.
template <typename Keyword>
struct clause_kw : seq<skip, Keyword, not_at<skip, one<'=', '{'>>> {};

// ------------------------------------------------------------------------------------------------ strings

// The opening quote. Besides matching, it tells the state where the string starts, also inside a lookahead,
// so that an unterminated string can be reported from its first character.
struct str_open {
  using rule_t = str_open;
  using subs_t = pegtl::empty_list;

  template <pegtl::apply_mode, pegtl::rewind_mode, template <typename...> class, template <typename...> class,
            typename ParseInput, typename State>
  [[nodiscard]] static bool match(ParseInput& in, State& st) {
    if (in.empty() || in.peek_char() != '"') return false;
    st.string_started(in.current());
    in.bump(1);
    return true;
  }
};

struct str_close : one<'"'> {};

// Literal text: printable ASCII except " \ { }, the tab, and any non-ASCII character (the input has been
// checked to be valid UTF-8 before parsing).
struct str_text : plus<sor<ranges<' ', '!', '#', '[', ']', 'z'>, one<'|', '~', '\t'>, pegtl::utf8::range<0x80, 0x10FFFF>>> {};
struct esc_simple : seq<one<'\\'>, one<'"', '\\', 'n', 't', 'r'>> {};
struct esc_unicode : seq<one<'\\'>, one<'u'>, one<'{'>, rep_min_max<1, 6, pegtl::xdigit>, one<'}'>> {};
struct lbrace_lit : two<'{'> {};  // `{{` is a literal '{'
struct rbrace_lit : two<'}'> {};  // `}}` is a literal '}'
// `{a.b.c}`: a binding; no spaces inside the braces.
struct binding : seq<one<'{'>, ident, star<one<'.'>, ident>, one<'}'>> {};
struct str_piece : sor<str_text, esc_simple, esc_unicode, lbrace_lit, rbrace_lit, binding> {};

// Reached when a string can neither continue nor close: raises UnterminatedString, InvalidEscape or
// InvalidCharacter for what is at that position.
struct string_error {
  using rule_t = string_error;
  using subs_t = pegtl::empty_list;

  template <pegtl::apply_mode, pegtl::rewind_mode, template <typename...> class, template <typename...> class,
            typename ParseInput, typename State>
  [[nodiscard]] static bool match(ParseInput& in, State& st) {
    st.string_error(in.current());
    return false;  // not reached: string_error() throws
  }
};

// A string literal on one line. Each use of a string has its own rule deriving from this one, so that its
// action knows where the decoded string goes.
struct string_lit : seq<str_open, star<str_piece>, sor<str_close, string_error>> {};

// ------------------------------------------------------------------------------------------------ references

struct ref_segment : ident {};  // commit point: an identifier after '.'
// `a`, `a.b.c` (no blanks around the dots). Each use has its own rule deriving from this one.
struct reference : seq<ident, star<one<'.'>, must<ref_segment>>> {};

// ------------------------------------------------------------------------------------------------ numbers

// Characters that continue a number-like token. A literal followed directly by one of these is not that
// literal: `5x`, `8..`, `1.5`, `2026-1-1` are read as one malformed token and rejected as a whole.
struct num_char : sor<pegtl::identifier_other, one<'.', ':', '-'>> {};

struct date_lit : seq<rep<4, pegtl::digit>, one<'-'>, rep<2, pegtl::digit>, one<'-'>, rep<2, pegtl::digit>,
                      opt<one<'T'>, rep<2, pegtl::digit>, one<':'>, rep<2, pegtl::digit>,
                          opt<one<':'>, rep<2, pegtl::digit>>>> {};
struct range_lit : seq<plus<pegtl::digit>, two<'.'>, plus<pegtl::digit>> {};
struct duration_lit : plus<plus<pegtl::digit>, one<'d', 'h', 'm', 's'>> {};
struct integer_lit : plus<pegtl::digit> {};

// Complete tokens; their actions decode and validate the value.
struct datetime_tok : seq<date_lit, not_at<num_char>> {};
struct range_tok : seq<range_lit, not_at<num_char>> {};
struct duration_tok : seq<duration_lit, not_at<num_char>> {};
struct integer_tok : seq<integer_lit, not_at<num_char>> {};
struct any_number_tok : sor<datetime_tok, range_tok, duration_tok, integer_tok> {};

// At a digit that starts no valid literal: raises InvalidNumber for the whole token. Elsewhere it fails.
struct invalid_number {
  using rule_t = invalid_number;
  using subs_t = pegtl::empty_list;

  template <pegtl::apply_mode, pegtl::rewind_mode, template <typename...> class, template <typename...> class,
            typename ParseInput, typename State>
  [[nodiscard]] static bool match(ParseInput& in, State& st) {
    if (in.empty() || in.peek_char() < '0' || in.peek_char() > '9') return false;
    st.invalid_number(in.current());
    return false;  // not reached: invalid_number() throws
  }
};

struct number_value : sor<datetime_tok, range_tok, duration_tok, integer_tok, invalid_number> {};
// Where only one kind of literal is allowed: a malformed token is InvalidNumber; a valid literal of another
// kind simply does not match (so the commit point reports "expected a duration", found "number '5'").
template <typename Tok>
struct only : sor<Tok, seq<not_at<any_number_tok>, invalid_number>> {};
struct duration_value : only<duration_tok> {};
struct datetime_value : only<datetime_tok> {};

// ------------------------------------------------------------------------------------------------ bodies

struct value;
struct entry;

struct body_close : one<'}'> {};
// `{ entry* }`. The opening brace has a different rule per kind of body, so its action can describe the body
// in error messages ("the body of `model churn`").
template <typename Open>
struct body_of : seq<Open, until<seq<skip, body_close>, must<entry>>> {};

struct decl_open : one<'{'> {};
struct nested_open : one<'{'> {};
struct block_open : one<'{'> {};
struct decl_body : body_of<decl_open> {};
struct nested_body : body_of<nested_open> {};
struct block : body_of<block_open> {};

// ------------------------------------------------------------------------------------------------ values

// cron "EXPR" in "ZONE" [from DATETIME] [until DATETIME]
struct cron_kw : kw_cron {};
struct cron_expr_str : string_lit {};
struct cron_zone_str : string_lit {};
struct cron_expr : seq<skip, cron_expr_str> {};
struct cron_in : seq<skip, kw_in> {};
struct cron_zone : seq<skip, cron_zone_str> {};
struct cron_from : seq<skip, datetime_value> {};
struct cron_until : seq<skip, datetime_value> {};
struct cron_value : seq<cron_kw, must<cron_expr>, must<cron_in>, must<cron_zone>,
                        opt<if_must<clause_kw<kw_from>, cron_from>>, opt<if_must<clause_kw<kw_until>, cron_until>>> {};

// per_env { ENV = VALUE ... }
struct per_env_kw : kw_per_env {};
struct per_env_open : seq<skip, one<'{'>> {};
struct per_env_close : one<'}'> {};
struct env_name : ident {};
struct env_equals : seq<skip, one<'='>> {};
struct env_value : seq<skip, value> {};
struct per_env_entry : seq<skip, env_name, must<env_equals>, must<env_value>> {};
struct per_env_value : seq<per_env_kw, must<per_env_open>, until<seq<skip, per_env_close>, must<per_env_entry>>> {};

// secret "NAME" in VAULT
struct secret_kw : kw_secret {};
struct secret_name_str : string_lit {};
struct secret_vault_ref : reference {};
struct secret_name : seq<skip, secret_name_str> {};
struct secret_in : seq<skip, kw_in> {};
struct secret_vault : seq<skip, secret_vault_ref> {};
struct secret_value : seq<secret_kw, must<secret_name>, must<secret_in>, must<secret_vault>> {};

// [ VALUE, VALUE, ... ]  (a trailing comma is allowed)
struct list_open : one<'['> {};
struct list_close : one<']'> {};
struct list_item : seq<skip, value> {};
struct list_sep : seq<skip, sor<one<','>, at<list_close>>> {};
struct list_value : seq<list_open, until<seq<skip, list_close>, must<list_item>, must<list_sep>>> {};

// { ... } as a value, and the option block after a string or reference: "/nb" { ... }, clusters.big { ... }
struct block_value : block {};
struct attached_block : seq<skip, block> {};
struct string_value_str : string_lit {};
struct string_value : seq<string_value_str, opt<attached_block>> {};
struct value_ref : reference {};
struct reference_value : seq<value_ref, opt<attached_block>> {};
struct bool_value : sor<kw_true, kw_false> {};

// The keywords cron, per_env, secret, true and false are reserved in value position, so they are tried
// before references.
struct primary : sor<cron_value, per_env_value, secret_value, list_value, block_value, string_value, bool_value,
                     reference_value, number_value> {};
struct every_interval : seq<skip, duration_value> {};
struct every_clause : if_must<clause_kw<kw_every>, every_interval> {};
// `primary (every DURATION)?`; starts at its first token (callers skip blanks).
struct value : seq<primary, opt<every_clause>> {};

// ------------------------------------------------------------------------------------------------ entries

// key = value
struct key_ident : ident {};
struct key_str : string_lit {};
struct key : sor<key_ident, key_str> {};
struct attr_value : seq<skip, value> {};
struct attribute : seq<at<key, skip, one<'='>>, key, skip, one<'='>, must<attr_value>> {};

// ident { ... }
struct nested_key : ident {};
struct nested : seq<at<ident, skip, one<'{'>>, nested_key, skip, nested_body> {};

// file|folder "PATH" in STORAGE WITHIN? MODE   and   model REF WITHIN? MODE
//   WITHIN := within DURATION       (meaningful for models only; the compiler rejects it on files and folders)
//   MODE   := wait DURATION every DURATION | check
struct req_path_kw : sor<kw_file, kw_folder> {};
struct req_model_kw : kw_model {};
struct req_path_str : string_lit {};
struct req_storage_ref : reference {};
struct req_model_ref : reference {};
struct req_path : seq<skip, req_path_str> {};
struct req_in : seq<skip, kw_in> {};
struct req_storage : seq<skip, req_storage_ref> {};
struct req_model : seq<skip, req_model_ref> {};
struct within_duration : seq<skip, duration_value> {};
struct req_within : if_must<seq<skip, kw_within>, within_duration> {};
struct wait_timeout : seq<skip, duration_value> {};
struct wait_every : seq<skip, kw_every> {};
struct wait_interval : seq<skip, duration_value> {};
struct mode_wait : seq<kw_wait, must<wait_timeout>, must<wait_every>, must<wait_interval>> {};
struct mode_check : kw_check {};
struct req_mode : seq<skip, sor<mode_wait, mode_check>> {};
struct requirement
    : sor<seq<req_path_kw, must<req_path>, must<req_in>, must<req_storage>, opt<req_within>, must<req_mode>>,
          seq<req_model_kw, must<req_model>, opt<req_within>, must<req_mode>>> {};

// `key = value` is tried first, then `ident {`, then a requirement (file/folder/model followed by anything
// else). What matches none of them is reported by error_for<entry>.
struct entry : seq<skip, sor<attribute, nested, requirement>> {};

// ------------------------------------------------------------------------------------------------ file

// use "path/file.sched"   |   use a.b.c
struct use_kw : kw_use {};
struct use_file : string_lit {};
struct use_module : reference {};
struct use_target : seq<skip, sor<use_file, use_module>> {};
struct use_decl : seq<use_kw, must<use_target>> {};

// KIND NAME? (from REF)? { ... }     (`from` is never a name)
struct decl_kind : ident {};
struct decl_name : seq<not_at<kw_from>, ident> {};
struct decl_base_ref : reference {};
struct decl_base : seq<skip, decl_base_ref> {};
struct decl_block : seq<skip, decl_body> {};
struct decl : seq<decl_kind, opt<skip, decl_name>, opt<if_must<seq<skip, kw_from>, decl_base>>, must<decl_block>> {};

struct item : seq<skip, sor<use_decl, decl>> {};
// A UTF-8 byte-order mark (U+FEFF) is accepted at the start of the file only (Windows editors write one).
struct byte_order_mark : pegtl::string<'\xEF', '\xBB', '\xBF'> {};
struct file : seq<opt<byte_order_mark>, until<seq<skip, pegtl::eof>, must<item>>> {};

}  // namespace schedc::syntax::rules
