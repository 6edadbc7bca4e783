#pragma once
// Diagnostics for CI systems, from the one diagnostic model (README.md, "Diagnostic formats"):
//   sarif          SARIF 2.1.0 (GitHub code scanning, Azure DevOps SARIF viewer, IDEs)
//   github         GitHub Actions workflow commands (::error file=...::message)
//   azure-devops   Azure Pipelines logging commands (##vso[task.logissue ...]message)
// plus a Markdown summary (for $GITHUB_STEP_SUMMARY or a pull request comment). Each renders the diagnostics in
// their canonical order; nothing depends on the order of inputs.
#include <map>
#include <string>
#include <string_view>

#include "compiler/diagnostics.hpp"
#include "compiler/source.hpp"

namespace schedc::cli {

// The formats of --diagnostics-format.
inline constexpr std::string_view kDiagnosticFormats[] = {"text", "json", "sarif", "github", "azure-devops"};

std::string render_sarif(const Diagnostics& diags, const SourceManager& sm);
std::string render_github(const Diagnostics& diags, const SourceManager& sm);
std::string render_azure_devops(const Diagnostics& diags, const SourceManager& sm);
std::string render_markdown_summary(const Diagnostics& diags, const SourceManager& sm);

// `s` with each character that `replacements` maps replaced by its text (an empty text drops the character): the
// escaping of every format here and of the graph renderings (graph.hpp).
std::string escape_chars(std::string_view s, const std::map<char, std::string_view>& replacements);

// The escaping of the CI systems' logging commands (exposed for tests).
std::string github_escape_data(std::string_view s);      // % \r \n
std::string github_escape_property(std::string_view s);  // % \r \n : ,
std::string ado_escape_data(std::string_view s);         // % (as %AZP25) \r \n
std::string ado_escape_property(std::string_view s);     // % \r \n ; ]
// A path as a relative URI reference (RFC 3986: every byte but unreserved characters and '/' percent-encoded).
std::string uri_encode_path(std::string_view path);

}  // namespace schedc::cli
