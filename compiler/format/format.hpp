#pragma once
// The canonical layout of a .sched file (`schedc fmt`; docs/language.md, "Layout"). The formatter reads the
// syntax tree and its comments and prints every token as written (strings, numbers, durations and dates keep their
// spelling); only blanks, line breaks, the commas of lists and the place of a few comments change. It never changes
// what the parser reads: format_source re-parses its result and compares the trees (spans aside) and the comments
// before it returns it.
#include <string>
#include <string_view>
#include <vector>

#include "grammar/parser.hpp"
#include "grammar/syntax.hpp"

namespace schedc::format {

struct Result {
  // Whether the text parsed and its layout could be checked; `text` is then the formatted file (the same as the
  // input when it is already formatted).
  bool ok = false;
  std::string text;
  std::vector<syntax::SyntaxError> errors;  // the input's syntax errors (the input is not formatted)
  std::string internal_error;               // the layout would change what the parser reads (a bug); not formatted
};

// Formats the whole text of one file (`file` is stamped into the spans of its syntax errors). Never throws for any
// input (bad_alloc aside).
Result format_source(std::string_view text, FileId file = 0);

// The layout of `file`, the tree that parse() built from `text` without errors.
std::string format_tree(const syntax::File& file, std::string_view text);

// Whether two trees hold the same declarations, values and comments (spans aside; a comment's trailing blanks
// aside). On a difference, `why` (when given) says which.
bool same_syntax(const syntax::File& a, const syntax::File& b, std::string* why = nullptr);

}  // namespace schedc::format
