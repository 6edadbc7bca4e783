#pragma once
// Diagnostics: a registry of stable codes and one sink all stages report into.
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/span.hpp"

namespace schedc {

enum class Severity { Error, Warning, Note };

// "error", "warning", "note" (the words of the text and JSON renderings, and SARIF's levels).
const char* severity_name(Severity s) noexcept;

// A count as messages write it, with thousands separated by commas whatever the locale: 5001 -> "5,001".
std::string thousands(std::size_t n);

// ASCII letters lower-cased: how names that ADF, Databricks and case-insensitive file systems compare are folded.
inline std::string lower_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// The closest candidate to `word` by edit distance (for "did you mean"), or "" if none is close.
std::string closest(std::string_view word, std::span<const std::string> candidates);
std::string closest(std::string_view word, std::initializer_list<std::string_view> candidates);

struct Label {
  Span span;
  std::string message;
};

struct Diagnostic {
  std::string code;        // stable: "SCH1001"
  Severity severity = Severity::Error;
  std::string message;     // one sentence, no trailing period
  Span primary;            // file 0 = no location (command-line level problems)
  std::string primary_label;
  std::vector<Label> labels;       // secondary places, possibly in other files
  std::vector<std::string> notes;  // "note: ..."
  std::optional<std::string> help; // "help: ..." (what to do)
};

// One entry of the registry. `page` is the explain page (Markdown), embedded from docs/diagnostics/.
struct CodeInfo {
  std::string_view code;
  Severity severity;
  std::string_view title;
};

// All codes, sorted by code.
const std::vector<CodeInfo>& diagnostic_codes();
const CodeInfo* find_code(std::string_view code);
// The explain page for a code (Markdown text), or nullopt for an unknown code.
std::optional<std::string_view> explain_page(std::string_view code);

class Diagnostics {
 public:
  // Report a diagnostic. The severity is taken from the registry; an unregistered code is a bug and aborts in
  // debug builds (tests check every code used is registered).
  Diagnostic& report(std::string_view code, Span primary, std::string message);
  void add(Diagnostic d);

  [[nodiscard]] bool has_errors() const noexcept { return errors_ > 0; }
  [[nodiscard]] std::size_t error_count() const noexcept { return errors_; }
  [[nodiscard]] std::size_t warning_count() const noexcept { return warnings_; }
  [[nodiscard]] const std::vector<Diagnostic>& all() const noexcept { return list_; }

  // Sort into the canonical order (file path, offset, code, message) and drop exact duplicates, so the
  // result never depends on the order inputs were given in. `path_of` maps a FileId to its display path.
  template <class PathOf>
  void canonicalize(PathOf&& path_of);

  void promote_warnings();  // --warnings-as-errors

  // Bounds what a diagnostic can print whatever the input (called by canonicalize): a `quoted` name or path longer
  // than kMaxQuoted bytes keeps its first kQuotedKept bytes and says how long it was, and each text is cut at
  // kMaxText bytes. So a 10 MB identifier costs a few hundred bytes of output, not a copy per mention.
  void bound_texts();
  static constexpr std::size_t kMaxQuoted = 512;
  static constexpr std::size_t kQuotedKept = 100;
  static constexpr std::size_t kMaxText = 4000;

 private:
  std::vector<Diagnostic> list_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
};

}  // namespace schedc

#include "compiler/diagnostics_impl.hpp"
