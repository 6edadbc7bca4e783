#include "codegen/adf/adf.hpp"

#include <algorithm>
#include <string_view>
#include <tuple>
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

void add(std::vector<AdfEntity>& out, const Kind& kind, const std::string& name, Json properties) {
  out.push_back(AdfEntity{std::string(kind.folder), std::string(kind.type), name, std::move(properties)});
}

void add_model(std::vector<AdfEntity>& out, const ir::Project& project, const ir::Model& model, const std::string& env) {
  if (model.target == ir::Target::Databricks) return;  // Databricks-native: the job schedules itself (databricks/)
  add(out, kPipeline, model.names.pipeline, adf_git::pipeline_properties(project, model, env));
  for (std::size_t i = 0; i < model.names.triggers.size(); ++i)
    add(out, kTrigger, model.names.triggers[i], adf_git::trigger_properties(project, model, i, env));
}

void add_storage(std::vector<AdfEntity>& out, const ir::Project& project, const ir::StorageUse& use,
                 const std::string& env) {
  add(out, kLinkedService, use.linked_service, adf_git::storage_linked_service_properties(project, use, env));
  if (use.needs_file) add(out, kDataset, use.file_dataset, adf_git::dataset_properties(use, true));
  if (use.needs_folder) add(out, kDataset, use.folder_dataset, adf_git::dataset_properties(use, false));
}

}  // namespace

std::vector<AdfEntity> adf_entities(const ir::Project& project, const std::string& env) {
  std::vector<AdfEntity> out;
  for (const auto& model : project.models) add_model(out, project, model, env);
  for (const auto& binding : project.cluster_bindings)
    add(out, kLinkedService, binding.linked_service, adf_git::databricks_linked_service_properties(project, binding, env));
  for (const auto& use : project.storage_uses) add_storage(out, project, use, env);
  std::sort(out.begin(), out.end(), [](const AdfEntity& a, const AdfEntity& b) {
    return std::tie(a.folder, a.name) < std::tie(b.folder, b.name);
  });
  return out;
}

OutputFiles generate_adf(const ir::Project& project) {
  OutputFiles out;
  for (auto& e : adf_entities(project, project.git_env())) {
    Json entity = Json::object();
    entity["name"] = e.name;
    entity["properties"] = std::move(e.properties);
    entity["type"] = e.type;
    out.push_back(OutputFile{"adf/" + e.folder + "/" + e.name + ".json", json::dump_adf(entity)});
  }
  std::sort(out.begin(), out.end(), [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  return out;
}

}  // namespace schedc::codegen
