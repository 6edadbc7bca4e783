#pragma once
// The ADF git-layout target: the files ADF's git integration stores, one entity per file, under `adf/`:
//   adf/pipeline/<name>.json, adf/trigger/<name>.json, adf/linkedService/<name>.json, adf/dataset/<name>.json
// Values that differ per environment are those of the project's git environment (ir::Project::git_env()).
// The lowering of each concept is described in pipeline.hpp and resources.hpp.
#include "codegen/output.hpp"
#include "compiler/ir/ir.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "codegen/json/json.hpp"

namespace schedc::codegen::adf {

// Which declaration's per-environment value an entity's property is: (its path below `properties`, keys and
// indices joined with '.', e.g. "typeProperties.domain"; the ARM parameter of that declaration, e.g.
// "workspace_analytics_url"). The ARM target names the parameter of such a value after the declaration and shares
// it between every entity that uses the declaration (codegen/arm/factory.hpp).
using ParameterNames = std::vector<std::pair<std::string, std::string>>;

// One factory entity: its folder, resource type, name and properties.
struct AdfEntity {
  std::string folder;    // git-layout folder: pipeline | trigger | linkedService | dataset
  std::string type;      // Microsoft.DataFactory/factories/pipelines | triggers | linkedservices | datasets
  std::string name;
  json::Json properties;
  ParameterNames parameter_names = {};
};

// One entity of the factory before it is built, in any environment ("" when no environments are declared). Building
// entity by entity lets the ADF and ARM targets share each environment's build and free it right after use.
struct AdfEntityPlan {
  std::string folder;
  std::string type;
  std::string name;
  std::function<json::Json(const std::string& env)> build;  // the properties in environment `env`
  ParameterNames parameter_names = {};
  // A hand-written entity (codegen/adf/handwritten.hpp): its git-layout file is its own bytes, written by
  // add_handwritten_files(), never by adf_file().
  const ir::AdfEntity* handwritten = nullptr;
};

// Every entity of the factory, in a canonical order (by folder, then name). The plans refer to
// `project`, which must outlive them.
std::vector<AdfEntityPlan> adf_entity_plans(const ir::Project& project);

// The git-layout file of one generated entity (its properties with the git environment's values):
//   {"name", "properties"}, or {"name", "type", "properties"} for a linked service, as ADF Studio writes it, without
//   a final newline.
OutputFile adf_file(const std::string& folder, const std::string& type, const std::string& name, json::Json& properties);

// The git layout: the entities of the project's git environment as files, sorted by path. Reads only the IR, which
// must be valid (errors in it are internal errors and throw std::logic_error).
// The `recurrence` object of a ScheduleTrigger, as the trigger files hold it (also printed by `schedc next`).
json::Json recurrence_json(const schedc::schedule::adf::Recurrence& recurrence);

OutputFiles generate_adf(const ir::Project& project);
void generate_adf(const ir::Project& project, FileSink& sink);  // the same, each file into `sink` as it is made

}  // namespace schedc::codegen::adf
