#pragma once
// Diagnostics: a registry of stable codes and one sink all stages report into.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

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
std::string closest(std::string_view word, std::span<const std::string_view> candidates);

// Every kind of diagnostic, one per code, from the registry (compiler/diagnostic_kinds.def).
enum class DiagnosticKind : std::uint16_t {
#define SCHEDC_DIAGNOSTIC_KIND(Name, Code, Severity, Title) Name,
#include "compiler/diagnostic_kinds.def"
};

// The code users see for a kind: DiagnosticKind::InvalidName -> "SCH1007".
std::string_view code_of(DiagnosticKind kind) noexcept;

// A message of a kind with typed arguments, declared beside the code that reports it:
//
//   SCHEDC_DIAGNOSTIC(ModelNameTooLong, InvalidName, "model name is {} characters long; the limit is {}",
//                     std::size_t, std::int64_t);
//   diags.report(ModelNameTooLong, span, name.size(), kMaxModelNameLength);
//
// A kind that is not in the registry, a format string that does not fit the declared types (checked by fmt at
// compile time) and an argument that does not convert to its declared type are compile errors.
template <class... Args>
struct DiagnosticMessage {
  DiagnosticKind kind;
  fmt::format_string<Args...> format;
};

#define SCHEDC_DIAGNOSTIC(Name, Kind, Format, ...) \
  static constexpr ::schedc::DiagnosticMessage<__VA_ARGS__> Name { ::schedc::DiagnosticKind::Kind, Format }

// A message formatted but not yet placed (a schedule problem found before its span is known).
struct FormattedMessage {
  DiagnosticKind kind;
  std::string text;
};

template <class... Args>
FormattedMessage format_message(const DiagnosticMessage<Args...>& m, const std::type_identity_t<Args>&... args) {
  return {m.kind, fmt::vformat(fmt::string_view(m.format), fmt::make_format_args(args...))};
}

struct Label {
  Span span;
  std::string message;
};

struct Diagnostic {
  DiagnosticKind kind = DiagnosticKind::SyntaxError;
  std::string code;        // stable: "SCH1001" (code_of(kind))
  Severity severity = Severity::Error;
  std::string message;     // one sentence, no trailing period
  Span primary;            // file 0 = no location (command-line level problems)
  std::string primary_label;
  std::vector<Label> labels;       // secondary places, possibly in other files
  std::vector<std::string> notes;  // "note: ..."
  std::optional<std::string> help; // "help: ..." (what to do)
  // A warning allowed by a `# schedc allow CODE: reason` comment (compiler/allowances.hpp): the reason. It is not
  // printed as text nor counted as a warning; JSON and SARIF keep it, marked suppressed (SARIF kind `inSource`).
  std::optional<std::string> suppressed;
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
const CodeInfo& info_of(DiagnosticKind kind) noexcept;
// The explain page for a code (Markdown text), or nullopt for an unknown code.
std::optional<std::string_view> explain_page(std::string_view code);

class Diagnostics {
 public:
  // Report a diagnostic: a message declared with SCHEDC_DIAGNOSTIC and its arguments. The code and severity are
  // the kind's, from the registry.
  template <class... Args>
  Diagnostic& report(const DiagnosticMessage<Args...>& m, Span primary, const std::type_identity_t<Args>&... args) {
    return report(format_message(m, args...), primary);
  }
  Diagnostic& report(FormattedMessage message, Span primary);
  void add(Diagnostic d);

  [[nodiscard]] bool has_errors() const noexcept { return errors_ > 0; }
  [[nodiscard]] std::size_t error_count() const noexcept { return errors_; }
  [[nodiscard]] std::size_t warning_count() const noexcept { return warnings_; }  // not counting suppressed ones
  [[nodiscard]] std::size_t suppressed_count() const noexcept { return suppressed_; }
  // Marks the warning at `index` of all() suppressed, with `reason`.
  void suppress(std::size_t index, std::string reason);
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
  std::size_t suppressed_ = 0;
};

}  // namespace schedc

#include "compiler/diagnostics_impl.hpp"
