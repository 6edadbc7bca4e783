#pragma once
// Databricks Asset Bundles of the project's jobs: one bundle per workspace, so that `databricks bundle deploy -t
// <env>` creates or updates the jobs of that workspace by name (no job ids to keep).
//
//   databricks.yml       bundle.name = schedc_<workspace>; include resources/*.job.yml; one target per environment
//                        with its workspace host and the values of the variables (without environments: the
//                        top-level workspace host and variable defaults)
//   resources/<model>.job.yml   resources.jobs.<model>: the job settings (job.hpp) with every value that differs
//                        between environments replaced by a variable ${var.<model>_<field>}, where <field> is the
//                        JSON key of the value (for a job parameter's default: param_<name>), made unique with
//                        _2, _3, ... in the order of the settings
//
// Values are compared environment by environment like the ARM target does: equal values stay literal; objects with
// the same keys and arrays of the same length are compared member by member; differing strings become variables.
// Any other difference is an internal error (no job setting has one).
#include <map>
#include <string>
#include <vector>

#include "codegen/json/json.hpp"
#include "codegen/output.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen::databricks {

// A job's settings in every environment (in the order of `envs`; one entry "" when none are declared).
struct JobBuilds {
  const ir::Model* model = nullptr;
  std::vector<json::Json> settings;
};

// The bundle files of one workspace, under `dir` (e.g. "databricks/bundle/analytics").
OutputFiles bundle_files(const ir::Project& project, const ir::Workspace& workspace, const std::vector<std::string>& envs,
                         const std::vector<JobBuilds>& jobs, const std::string& dir);

}  // namespace schedc::codegen::databricks
