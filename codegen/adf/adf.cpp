#include "codegen/adf/adf.hpp"

#include <algorithm>
#include <string_view>
#include <tuple>
#include <utility>

#include "codegen/adf/handwritten.hpp"
#include "codegen/adf/pipeline.hpp"
#include "codegen/adf/resources.hpp"
#include "codegen/json/json.hpp"
#include "compiler/parallel.hpp"

namespace schedc::codegen::adf {
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

void add(std::vector<AdfEntityPlan>& out, const Kind& kind, const std::string& name,
         std::function<Json(const std::string&)> build, ParameterNames names = {}) {
  out.push_back(AdfEntityPlan{std::string(kind.folder), std::string(kind.type), name, std::move(build), std::move(names)});
}

void add_model(std::vector<AdfEntityPlan>& out, const ir::Project& project, const ir::Model& model) {
  if (model.target == ir::Target::Databricks) return;  // Databricks-native: the job schedules itself (databricks/)
  add(out, kPipeline, model.names.pipeline,
      [&project, &model](const std::string& env) { return adf::pipeline_properties(project, model, env); });
  for (std::size_t i = 0; i < model.names.triggers.size(); ++i)
    add(out, kTrigger, model.names.triggers[i],
        [&project, &model, i](const std::string& env) { return adf::trigger_properties(project, model, i, env); });
}

void add_storage(std::vector<AdfEntityPlan>& out, const ir::Project& project, const ir::StorageUse& use) {
  add(out, kLinkedService, use.linked_service,
      [&project, &use](const std::string& env) { return adf::storage_linked_service_properties(project, use, env); },
      {{"typeProperties.url", "storage_" + use.storage + "_url"}});
  if (use.needs_file)
    add(out, kDataset, use.file_dataset, [&use](const std::string&) { return adf::dataset_properties(use, true); });
  if (use.needs_folder)
    add(out, kDataset, use.folder_dataset, [&use](const std::string&) { return adf::dataset_properties(use, false); });
}

}  // namespace

std::vector<AdfEntityPlan> adf_entity_plans(const ir::Project& project) {
  std::vector<AdfEntityPlan> out;
  for (const auto& model : project.models) add_model(out, project, model);
  for (const auto& binding : project.cluster_bindings)
    add(
        out, kLinkedService, binding.linked_service,
        [&project, &binding](const std::string& env) {
          return adf::databricks_linked_service_properties(project, binding, env);
        },
        {{"typeProperties.domain", "workspace_" + binding.workspace + "_url"},
         {"typeProperties.workspaceResourceId", "workspace_" + binding.workspace + "_resource_id"}});
  for (const auto& use : project.storage_uses) add_storage(out, project, use);
  add_handwritten_plans(project, out);
  std::sort(out.begin(), out.end(), [](const AdfEntityPlan& a, const AdfEntityPlan& b) {
    return std::tie(a.folder, a.name) < std::tie(b.folder, b.name);
  });
  return out;
}

OutputFile adf_file(const std::string& folder, const std::string& type, const std::string& name, Json& properties) {
  // Studio's envelope: `name`, `properties` for pipelines, datasets and triggers; `name`, `type`, `properties`
  // for linked services.
  Json entity = json::object(3);
  entity["name"] = name;
  if (folder == kLinkedService.folder) entity["type"] = type;
  entity["properties"] = std::move(properties);
  OutputFile file{"adf/" + folder + "/" + name + ".json", json::dump_adf(entity)};
  properties = std::move(entity["properties"]);  // given back (the ARM target compares it next)
  return file;
}

void generate_adf(const ir::Project& project, FileSink& sink) {
  const auto plans = adf_entity_plans(project);
  const std::string env = project.git_env();
  parallel_for(plans.size(), [&](std::size_t i) {
    if (plans[i].handwritten) return;  // copied below
    Json properties = plans[i].build(env);
    sink.add(adf_file(plans[i].folder, plans[i].type, plans[i].name, properties));
  });
  add_handwritten_files(project, sink);
}

OutputFiles generate_adf(const ir::Project& project) {
  return collect([&](FileSink& sink) { generate_adf(project, sink); });
}

}  // namespace schedc::codegen::adf
