// The .sched parser: PEGTL grammar (rules_impl.hpp) + tree-building actions (actions_impl.hpp,
// actions_values_impl.hpp, actions_decls_impl.hpp) + an error
// message for every commit point (errors_impl.hpp). This file ties them together and guarantees that parse()
// never throws and never lets a PEGTL message through.
#include "grammar/parser.hpp"

#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <tao/pegtl.hpp>

#include "grammar/actions_decls_impl.hpp"
#include "grammar/errors_impl.hpp"
#include "grammar/lexical_impl.hpp"
#include "grammar/rules_impl.hpp"
#include "grammar/state_impl.hpp"

namespace schedc::syntax {
static_assert(kMaxFileBytes == lexical::kMaxInputBytes);
namespace detail {
namespace {

// PEGTL control: the normal one, except at commit points (the rules used in must<>).
template <typename Rule>
struct control : pegtl::normal<Rule> {
  // must<> tries its rule without rewinding on failure; a commit point must rewind so raise() sees the input
  // where the rule was tried, i.e. right after the previous token.
  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
    constexpr auto mode = error_for<Rule>::is_commit_point ? pegtl::rewind_mode::required : M;
    return pegtl::normal<Rule>::template match<A, mode, Action, Control>(in, st...);
  }

  template <typename ParseInput>
  [[noreturn]] static void raise(const ParseInput& in, ParserState& st) {
    static_assert(error_for<Rule>::is_commit_point, "every rule used in must<> needs an error_for<> message");
    error_for<Rule>::raise(st, st.offset(in.current()));
  }
};


}  // namespace
}  // namespace detail

namespace {

// Parses into `result`; throws on failure (detail::ParseFailure, or anything unexpected).
void parse_into(ParseResult& result, std::string_view text, FileId file) {
  namespace pegtl = tao::pegtl;
  using Kind = SyntaxError::Kind;
  if (text.size() > lexical::kMaxInputBytes) {
    throw detail::ParseFailure{detail::make_error(
        Kind::TooLarge, Span{file, 0, 0},
        "the file is too large (" + std::to_string(text.size()) + " bytes); the limit is 16 MiB",
        "a file of at most 16 MiB", "a file of " + std::to_string(text.size()) + " bytes")};
  }
  if (auto problem = lexical::check_encoding(text)) {
    throw detail::ParseFailure{detail::make_error(Kind::InvalidCharacter, Span{file, problem->begin, problem->end},
                                                  std::move(problem->message), "UTF-8 text",
                                                  std::move(problem->found))};
  }
  if (text.empty()) return;

  detail::ParserState st(text, file);
  try {
    pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf> in(text.data(), text.size(), "");
    if (!pegtl::parse<rules::file, detail::action, detail::control>(in, st)) {
      throw std::logic_error("parser: the file rule failed without an error");
    }
    st.check_finished();
  } catch (...) {
    // On error the file holds what was complete before it (finished uses/declarations and all comments so far).
    result.file = std::move(st.out);
    throw;
  }
  result.file = std::move(st.out);
}

}  // namespace

ParseResult parse(std::string_view text, FileId file) {
  using Kind = SyntaxError::Kind;
  ParseResult result;
  try {
    // Prepared up front so that running out of memory can still be reported without allocating.
    result.errors.reserve(1);
    SyntaxError out_of_memory =
        detail::make_error(Kind::Expected, Span{file, 0, 0}, "out of memory while parsing the file");
    try {
      parse_into(result, text, file);
    } catch (detail::ParseFailure& failure) {
      result.errors.push_back(std::move(failure.error));
    } catch (const tao::pegtl::parse_error& e) {
      // Not expected: every commit point raises its own error. Keep PEGTL's wording away from the user.
      const auto& positions = e.positions();
      const auto offset = static_cast<std::uint32_t>(positions.empty() ? 0 : positions.front().byte);
      result.errors.push_back(detail::make_error(Kind::Expected, Span{file, offset, offset}, "syntax error"));
    } catch (const std::bad_alloc&) {
      result.errors.push_back(std::move(out_of_memory));
    } catch (...) {
      result.errors.push_back(detail::make_error(Kind::Expected, Span{file, 0, 0}, "internal error in the parser"));
    }
  } catch (...) {
    // Not even the error could be allocated. "out of memory" fits the small-string buffer.
    result.errors.clear();
    SyntaxError e;
    e.message = "out of memory";
    if (result.errors.capacity() > 0) result.errors.push_back(std::move(e));
  }
  return result;
}

}  // namespace schedc::syntax
