#include "codegen/adf/adf.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "codegen/adf/pipeline.hpp"
#include "codegen/adf/resources.hpp"
#include "codegen/json/json.hpp"

namespace schedc::codegen {
namespace {

using json::Json;

// An entity kind of the git layout: its folder and its resource type.
struct Kind {
  std::string_view folder;
  std::string_view type;
};

constexpr Kind kPipeline{"pipeline", "Microsoft.DataFactory/factories/pipelines"};
constexpr Kind kTrigger{"trigger", "Microsoft.DataFactory/factories/triggers"};
constexpr Kind kLinkedService{"linkedService", "Microsoft.DataFactory/factories/linkedservices"};
constexpr Kind kDataset{"dataset", "Microsoft.DataFactory/factories/datasets"};

// adf/<folder>/<name>.json holding {"name", "properties", "type"}.
void add(OutputFiles& out, const Kind& kind, const std::string& name, Json properties) {
  Json entity = Json::object();
  entity["name"] = name;
  entity["properties"] = std::move(properties);
  entity["type"] = kind.type;
  out.push_back(OutputFile{"adf/" + std::string(kind.folder) + "/" + name + ".json", json::dump_adf(entity)});
}

void add_model(OutputFiles& out, const ir::Project& project, const ir::Model& model, const std::string& env) {
  if (model.target != ir::Target::AdfNotebook) return;  // Option 2 and Databricks-native schedules: not yet
  add(out, kPipeline, model.names.pipeline, adf_git::pipeline_properties(project, model, env));
  for (std::size_t i = 0; i < model.names.triggers.size(); ++i)
    add(out, kTrigger, model.names.triggers[i], adf_git::trigger_properties(project, model, i));
}

void add_storage(OutputFiles& out, const ir::Project& project, const ir::StorageUse& use, const std::string& env) {
  add(out, kLinkedService, use.linked_service, adf_git::storage_linked_service_properties(project, use, env));
  if (use.needs_file) add(out, kDataset, use.file_dataset, adf_git::dataset_properties(use, true));
  if (use.needs_folder) add(out, kDataset, use.folder_dataset, adf_git::dataset_properties(use, false));
}

}  // namespace

OutputFiles generate_adf(const ir::Project& project) {
  const std::string env = project.git_env();
  OutputFiles out;
  for (const auto& model : project.models) add_model(out, project, model, env);
  for (const auto& binding : project.cluster_bindings)
    add(out, kLinkedService, binding.linked_service,
        adf_git::databricks_linked_service_properties(project, binding, env));
  for (const auto& use : project.storage_uses) add_storage(out, project, use, env);
  std::sort(out.begin(), out.end(), [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  return out;
}

}  // namespace schedc::codegen
