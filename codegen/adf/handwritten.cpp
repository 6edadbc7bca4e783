// Hand-written ADF entities in the factory: see handwritten.hpp.
#include "codegen/adf/handwritten.hpp"

#include <stdexcept>
#include <string_view>

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

// The entity's JSON (the compiler read it with the strict reader, so it parses; ordered: members as written).
Json parsed(const ir::AdfEntity& entity) {
  try {
    return Json::parse(entity.text);
  } catch (const Json::exception& e) {
    throw std::logic_error("adf: the hand-written " + entity.kind + " '" + entity.name + "' does not parse: " + e.what());
  }
}

bool started_in(const ir::Project& project, const std::string& env) {
  for (const auto& environment : project.environments)
    if (environment.name == env) return environment.triggers_started;
  return false;
}

// The managed virtual network of a managed private endpoint: the folder above its `managedPrivateEndpoint/`.
std::string network_of(const ir::AdfEntity& entity) {
  constexpr std::string_view folder = "managedVirtualNetwork/";
  const auto at = entity.path.find(folder);
  const auto end = at == std::string::npos ? std::string::npos : entity.path.find('/', at + folder.size());
  if (end == std::string::npos) throw std::logic_error("adf: managed private endpoint outside a network: " + entity.path);
  return entity.path.substr(at + folder.size(), end - at - folder.size());
}

}  // namespace

void add_handwritten_plans(const ir::Project& project, std::vector<AdfEntityPlan>& out) {
  for (const auto& entity : project.adf_entities) {
    const std::string type(type_of(entity.kind));
    if (entity.kind == "factory") {
      // Its global parameters are the `globalparameters` resource `default`; a factory without any has none.
      const Json whole = parsed(entity);
      const auto props = whole.find("properties");
      if (props == whole.end() || !props->is_object()) continue;
      const auto globals = props->find("globalParameters");
      if (globals == props->end() || !globals->is_object() || globals->empty()) continue;
      out.push_back(AdfEntityPlan{entity.kind, type, "default",
                                  [&entity](const std::string&) { return parsed(entity)["properties"]["globalParameters"]; },
                                  {}, &entity});
      continue;
    }
    const std::string name = entity.kind == "managedPrivateEndpoint" ? network_of(entity) + "/" + entity.name : entity.name;
    const bool trigger = entity.kind == "trigger";
    out.push_back(AdfEntityPlan{entity.kind, type, name,
                                [&project, &entity, trigger](const std::string& env) {
                                  Json properties = parsed(entity)["properties"];
                                  // Every trigger of the factory takes the environment's trigger state.
                                  if (trigger) properties["runtimeState"] = started_in(project, env) ? "Started" : "Stopped";
                                  return properties;
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
