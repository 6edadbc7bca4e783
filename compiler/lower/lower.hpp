#pragma once
// Lowering: syntax trees -> IR. One file per kind of declaration around one shared context (compiler/lower/):
//   symbols.cpp        the symbol tables and the one resolution of names (public: symbols.hpp)
//   platform.cpp       environments, `project`, workspaces, storages, key vaults
//   clusters.cpp       cluster profiles, each model's cluster, the Databricks linked services
//   models.cpp         models: fields, target, notebook and parameters, schedule
//   prerequisites.cpp  `requires` blocks and storage paths
//   lower.cpp          the driver, which then runs the project-wide checks of compiler/analysis and compiler/targets
#include <map>
#include <memory>
#include <string>
#include <optional>
#include <vector>

#include "compiler/allowances.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/lower/symbols.hpp"
#include "compiler/source.hpp"

namespace schedc::lower {

struct Context;

// The symbol tables with the syntax trees they point into and the project as far as it was lowered: what
// compile() keeps when CompileInput::keep_symbols asks for it (a language server's index).
// A cluster profile as lowering resolved it (its `from` bases applied): the cluster a model that writes
// `cluster = <profile>` runs on, or, for a partial profile (a base for others), the fields a model must add.
struct ResolvedProfile {
  std::optional<ir::Cluster> cluster;   // complete and valid
  std::vector<ir::Library> libraries;   // installed for each run of a model on it
  std::vector<std::string> missing;     // the fields it lacks ("spark_version", "node_type", "workers")
};

struct SymbolIndex {
  std::vector<Unit> units;
  Symbols symbols;
  ir::Project project;
  std::map<std::string, ResolvedProfile> profiles;  // by qualified name: the profiles that resolved
};

class Lowering {
 public:
  Lowering(const SourceManager& sources, Diagnostics& diags, const std::vector<Unit>& units);
  ~Lowering();
  Lowering(const Lowering&) = delete;
  Lowering& operator=(const Lowering&) = delete;

  // The models of an organisation index (sorted like ir::Project::models), before run(): they become
  // ir::Project::index_models, resolve `model` prerequisites and collide with the units' models. `incomplete`: the
  // index's display path when it could not be read whole (unknown upstreams then say so), else "".
  void set_index(std::vector<ir::Model> models, std::string incomplete);

  // Lowers every unit and runs the checks that decide whether the project can be generated: the project, or
  // nullopt when any error was reported.
  std::optional<ir::Project> run();

  // After run(): the symbol tables (also when there were errors), and the project as far as it was lowered (every
  // declaration that lowered without errors; complete only when run() returned it).
  [[nodiscard]] const Symbols& symbols() const { return symbols_; }
  [[nodiscard]] const ir::Project& project() const;
  Symbols take_symbols() { return std::move(symbols_); }
  // After run(): the allowances of `project { allow { ... } }`.
  [[nodiscard]] std::vector<ProjectAllowance> project_allowances() const;
  // After run(): the cluster profiles that resolved (empty when lowering stopped before the clusters).
  std::map<std::string, ResolvedProfile> take_profiles();

 private:
  Symbols symbols_;
  std::unique_ptr<Context> cx_;
};

}  // namespace schedc::lower
