#pragma once
// The renderings of `schedc diff`'s result (README.md, "schedc diff"): text for a terminal, Markdown for a pull
// request comment or a CI summary, and versioned JSON. Text from the sources is made printable (text) or escaped
// (Markdown), so values cannot drive a terminal or a CI log.
#include <cstddef>
#include <string>

#include "compiler/diff/diff.hpp"

namespace schedc::cli {

// GitHub refuses a comment longer than this many characters; the Markdown stays within it.
inline constexpr std::size_t kMarkdownLimit = 65536;

std::string diff_text(const diff::Result& r);
// `limit`: the most characters (bytes) the document may have; whole models are left out, with a note, to fit.
std::string diff_markdown(const diff::Result& r, std::size_t limit = kMarkdownLimit);
std::string diff_json(const diff::Result& r);

}  // namespace schedc::cli
