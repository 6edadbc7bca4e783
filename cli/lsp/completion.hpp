#pragma once
// Completion for `schedc lsp`: what may be written at a position, from the tables the compiler checks bodies against
// (compiler/lower/keys.hpp) and the names the last compilation declared. The context (which block the cursor is in,
// and whether a key or a value is being written) is read from the text itself, so completion works while the file
// does not parse, which is most of the time while it is being typed.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "compiler/lower/lower.hpp"

namespace schedc::cli::lsp {

struct Completion {
  Completion(std::string label_, int kind_, std::string detail_, std::optional<std::uint32_t> replace_from_ = std::nullopt)
      : label(std::move(label_)), kind(kind_), detail(std::move(detail_)), replace_from(replace_from_) {}
  std::string label;
  int kind = 0;        // the protocol's CompletionItemKind
  std::string detail;  // what it is ("model key", "workspace", ...)
  // When set, the item replaces the text from this offset to the cursor (a zone name's prefix, which holds `/`).
  std::optional<std::uint32_t> replace_from;
};

// Where the cursor is: the declaration kind and the keys of the blocks around it (outermost first), and whether a
// key or the value of `key` is being written (and, for a value, the words before the cursor in it).
struct CompletionContext {
  bool top_level = true;
  std::string kind;               // the declaration's kind ("model")
  std::vector<std::string> path;  // blocks inside it ("requires", "cluster")
  bool in_string = false;         // inside a string literal: nothing to complete
  bool value = false;             // writing the value of `key` (after its `=`)
  std::string key;
  std::string previous_word;      // the identifier or keyword before the one being written ("in", "model")
  // Inside a string: where its text starts, and whether it is a schedule's zone (`cron "..." in "|`).
  std::uint32_t string_begin = 0;
  bool zone_string = false;
};

CompletionContext completion_context(std::string_view text, std::uint32_t offset);

// The completions at `offset` of `text`; `index` (the names of the workspace) may be null.
std::vector<Completion> complete(std::string_view text, std::uint32_t offset, const lower::SymbolIndex* index);

}  // namespace schedc::cli::lsp
