#pragma once
// `schedc plan`: the release plan of one environment (docs/deploy.md §2).
//
// Both sides of a release are read as ARM output (docs/deploy.md §1): the new side from the files the "arm" target
// generates in process, the base from the `--out` directory of the previous release. Each side's factory is the
// template's resources with the environment's parameter values substituted, plus the trigger state of
// `arm/release.json`. The plan lists the triggers to stop before the deployment, the entities it adds, changes and
// removes, and the triggers to start after it; `--scripts DIR` also writes them as Azure CLI and PowerShell scripts.
#include <compare>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "codegen/arm/reader.hpp"
#include "codegen/output.hpp"
#include "compiler/ir/ir.hpp"

namespace CLI {
class App;
}

namespace schedc::cli {

struct PlanOptions {
  std::string env;          // --env ("" = not given: only valid when the project declares no environments)
  std::string base;         // --base ("" = first deployment)
  std::string format = "text";
  std::string scripts_dir;  // --scripts ("" = none)
};

// Register the `plan` subcommand on `app`; PATHS go to `paths`, the plan's own options to `options`.
CLI::App* add_plan_command(CLI::App& app, std::vector<std::string>& paths, PlanOptions& options);

// Plan the release of `project` (compiled without errors), whose ARM target generated `arm`, and print it on `out`;
// errors go to `err`. Returns an exit code: 0 ok, 1 an unreadable base, 2 usage errors, 3 internal errors.
int run_plan(const ir::Project& project, const codegen::OutputFiles& arm, const PlanOptions& options, std::ostream& out,
             std::ostream& err);

// ---- the pieces, for tests --------------------------------------------------------------------------------------

// The two sides are read by the ARM reader (codegen/arm/reader.hpp); the base is read from disk here.
using codegen::arm::ArmSide;
using codegen::arm::generated_side;  // the generated files (copied); label ""
using PlanEntity = codegen::arm::ArmEntity;
ArmSide directory_side(const std::string& dir);  // files below `dir` on disk, read by cli/safe_fs.hpp; label `dir`

struct ReleasePlan {
  std::optional<std::string> env;      // nullopt when the project declares no environments
  std::optional<std::string> factory;  // nullopt when the environment declares no factory
  std::string base;                    // "" = no --base
  bool first_deployment = true;        // nothing of this factory exists in the base
  bool triggers_started = false;       // the environment's triggers in the new release
  bool base_triggers_started = false;  // ... and in the base (false on a first deployment)
  std::vector<std::string> stop_before;
  std::vector<PlanEntity> added, changed, removed;  // sorted by (type, name)
  std::size_t unchanged = 0;
  std::vector<std::string> start_after;
  std::vector<std::string> warnings;  // sorted
};

struct PlanOutcome {
  std::optional<ReleasePlan> plan;
  int code = 0;       // when !plan: 1 (unreadable base) or 2 (usage: unknown environment, missing --env)
  std::string error;  // when !plan: the message, without the "schedc: error: " prefix
  std::string help;   // when !plan: optional hint
};

// Compare `next` with `base` (nullopt: first deployment) for environment `env` ("" = no environments declared).
PlanOutcome make_plan(const ArmSide& next, const std::optional<ArmSide>& base, const std::string& env);

std::string render_plan_text(const ReleasePlan& plan);
std::string render_plan_json(const ReleasePlan& plan);
// stop-triggers.sh, start-triggers.sh, Stop-Triggers.ps1, Start-Triggers.ps1 (in this order).
codegen::OutputFiles plan_scripts(const ReleasePlan& plan);

}  // namespace schedc::cli
