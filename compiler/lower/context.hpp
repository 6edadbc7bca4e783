#pragma once
// What every step of lowering shares (internal to compiler/lower/): the sources, the diagnostics sink, the symbol
// tables with the one resolution of names, the project being built, the project-wide settings that later steps
// read, and the helpers for values that several declaration kinds have (per-environment strings, templates).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/allowances.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/lower/fields.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/lower/symbols.hpp"
#include "compiler/schedule/lowering.hpp"
#include "compiler/source.hpp"
#include "grammar/syntax.hpp"

namespace schedc::lower {

inline constexpr std::int64_t kMaxTimeoutSeconds = 7 * 24 * 3600;  // ADF activity timeout limit: 7 days

std::string join(const std::vector<syntax::Ident>& path);  // "clusters.general"

struct Context {
  Context(const SourceManager& s, Diagnostics& d, const std::vector<Unit>& u, Symbols& t)
      : sm(s), diags(d), units(u), symbols(t) {}

  const SourceManager& sm;
  Diagnostics& diags;
  const std::vector<Unit>& units;
  Symbols& symbols;
  ir::Project project;
  schedule::ScheduleLowerer schedules;  // each distinct schedule lowered once
  std::map<std::string, ResolvedProfile> profiles;  // compiler/lower/clusters.cpp, for Lowering::take_profiles

  // Set by the `project` declaration (compiler/lower/platform.cpp), read by the models.
  std::optional<ir::PerEnv<std::string>> notebook_root;
  bool markers_declared = false;  // a markers block exists (possibly invalid: then SCH2006 would only repeat it)
  std::optional<Span> project_decl_span;  // the `project` declaration, when there is one (in any file)
  std::vector<ProjectAllowance> project_allowances;  // `project { allow { ... } }`
  std::optional<std::string> default_workspace;
  std::optional<Span> default_workspace_span;
  std::optional<ir::Target> default_target;
  Span default_target_span;

  // The organisation index (compiler/index/): its models are project.index_models; by exact and by folded name.
  bool index_given = false;
  std::string index_incomplete;  // the index's display path when it could not be read whole, else ""
  std::unordered_map<std::string, const ir::Model*> index_by_name, index_by_folded;

  [[nodiscard]] const Symbols::Table& table(SymbolKind kind) const { return symbols.table(kind); }

  // The one resolution of a name of `kind` as seen from `unit` (stdlib modules only through `use`): the symbol, or
  // null after reporting SCH2001 (with did-you-mean) or SCH2004. A resolved name is recorded as a reference.
  const Symbol* resolve(SymbolKind kind, const Unit& unit, const std::vector<syntax::Ident>& path, Span span);

  // A string that may differ per environment: "..." or per_env { dd = "...", prod = "..." }.
  std::optional<ir::PerEnv<std::string>> per_env_string(Fields& f, std::string_view key, bool required,
                                                         std::string_view example);
  // Checks every value of a per-environment string with `check` (an error message, or ""), reporting `code`.
  bool check_each(const ir::PerEnv<std::string>& v, DiagnosticKind kind, std::string_view key,
                  const std::function<std::string(const std::string&)>& check, std::string_view help);
  // A string with bindings (notebook parameters, prerequisite paths).
  std::optional<ir::Template> make_template(const syntax::Value& v);
};

}  // namespace schedc::lower
