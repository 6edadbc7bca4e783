// Hand-written ADF entities in the factory: see handwritten.hpp.
#include "codegen/adf/handwritten.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "compiler/adf_input/arm_parameters.hpp"
#include "compiler/adf_input/parameter_definition.hpp"

namespace schedc::codegen::adf {
namespace {

using json::Json;

// The ARM resource type of each git-layout folder (ADF's export writes these; the template names the kind after
// "Microsoft.DataFactory/factories/").
struct HandwrittenKind {
  std::string_view folder;
  std::string_view type;
};
constexpr HandwrittenKind kHandwrittenKinds[] = {
    {"pipeline", "Microsoft.DataFactory/factories/pipelines"},
    {"dataset", "Microsoft.DataFactory/factories/datasets"},
    {"linkedService", "Microsoft.DataFactory/factories/linkedservices"},
    {"trigger", "Microsoft.DataFactory/factories/triggers"},
    {"dataflow", "Microsoft.DataFactory/factories/dataflows"},
    {"integrationRuntime", "Microsoft.DataFactory/factories/integrationRuntimes"},
    {"credential", "Microsoft.DataFactory/factories/credentials"},
    {"managedVirtualNetwork", "Microsoft.DataFactory/factories/managedVirtualNetworks"},
    {"managedPrivateEndpoint", "Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints"},
    {"factory", "Microsoft.DataFactory/factories/globalparameters"},
};

std::string_view type_of(const std::string& folder) {
  for (const auto& k : kHandwrittenKinds)
    if (k.folder == folder) return k.type;
  throw std::logic_error("adf: unknown hand-written entity kind '" + folder + "'");
}

const ir::Environment* environment_named(const ir::Project& project, const std::string& env) {
  for (const auto& environment : project.environments)
    if (environment.name == env) return &environment;
  return nullptr;
}

}  // namespace

void add_handwritten_plans(const ir::Project& project, std::vector<AdfEntityPlan>& out) {
  // Environments' values of the entities' ARM parameters (`arm_parameters`, compiler/adf_input/arm_parameters.hpp)
  // are in their builds; the definition is read only when an environment gives any.
  const bool values = std::any_of(project.environments.begin(), project.environments.end(),
                                  [](const ir::Environment& env) { return !env.arm_parameters.empty(); });
  const Json definition = values && !project.adf_entities.empty() ? adf_input::parameter_definition_of(project) : Json();
  for (const auto& entity : project.adf_entities) {
    auto resource = adf_input::handwritten_resource(entity);
    if (!resource) continue;  // a factory file without global parameters
    auto parameters = std::make_shared<const std::vector<adf_input::DefinedParameter>>(
        values ? adf_input::resource_parameters(definition, resource->kind, resource->name, resource->properties)
               : std::vector<adf_input::DefinedParameter>{});
    auto properties = std::make_shared<const Json>(std::move(resource->properties));
    const bool trigger = entity.kind == "trigger";
    out.push_back(AdfEntityPlan{entity.kind, std::string(type_of(entity.kind)), std::move(resource->name),
                                [&project, properties, parameters, trigger](const std::string& env) {
                                  Json built = *properties;
                                  const ir::Environment* e = environment_named(project, env);
                                  // Every trigger of the factory takes the environment's trigger state.
                                  if (trigger) built["runtimeState"] = e && e->triggers_started ? "Started" : "Stopped";
                                  if (e) adf_input::apply_environment_values(*parameters, *e, built);
                                  return built;
                                },
                                {}, &entity});
  }
}

void add_handwritten_files(const ir::Project& project, FileSink& sink) {
  for (const auto& entity : project.adf_entities) sink.add(OutputFile{"adf/" + entity.path, entity.text});
  if (!project.adf_parameter_definition.empty())  // at the root, where Studio keeps it
    sink.add(OutputFile{std::string("adf/") + adf_input::kParameterDefinitionFile, project.adf_parameter_definition});
  if (!project.adf_publish_config.empty())
    sink.add(OutputFile{std::string("adf/") + adf_input::kPublishConfigFile, project.adf_publish_config});
}

}  // namespace schedc::codegen::adf
