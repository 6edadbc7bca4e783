// The ARM parameters of hand-written ADF entities: see arm_parameters.hpp.
#include "compiler/adf_input/arm_parameters.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "compiler/adf_input/parameter_definition.hpp"

namespace schedc::adf_input {
namespace {

// The ARM resource kind of each git-layout folder.
struct KindOfFolder {
  std::string_view folder;
  std::string_view kind;
};
constexpr KindOfFolder kResourceKinds[] = {
    {"pipeline", "pipelines"},
    {"dataset", "datasets"},
    {"linkedService", "linkedServices"},
    {"trigger", "triggers"},
    {"dataflow", "dataflows"},
    {"integrationRuntime", "integrationRuntimes"},
    {"credential", "credentials"},
    {"managedVirtualNetwork", "managedVirtualNetworks"},
    {"managedPrivateEndpoint", "managedVirtualNetworks/managedPrivateEndpoints"},
    {"factory", "globalparameters"},
};

std::string_view resource_kind(const std::string& folder) {
  for (const auto& k : kResourceKinds)
    if (k.folder == folder) return k.kind;
  throw std::logic_error("adf_input: unknown hand-written entity kind '" + folder + "'");
}

// The managed virtual network of a managed private endpoint: the folder above its `managedPrivateEndpoint/`.
std::string network_of(const ir::AdfEntity& entity) {
  constexpr std::string_view folder = "managedVirtualNetwork/";
  const auto at = entity.path.find(folder);
  const auto end = at == std::string::npos ? std::string::npos : entity.path.find('/', at + folder.size());
  if (end == std::string::npos) throw std::logic_error("adf_input: managed private endpoint outside a network: " + entity.path);
  return entity.path.substr(at + folder.size(), end - at - folder.size());
}

}  // namespace

std::string_view value_parameter_type(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string: return "string";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "int";
    case Json::value_t::boolean: return "bool";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    default: return "";
  }
}

std::optional<HandwrittenResource> handwritten_resource(const ir::AdfEntity& entity) {
  HandwrittenResource out;
  out.kind = resource_kind(entity.kind);
  Json whole;
  try {
    whole = Json::parse(entity.text);
  } catch (const Json::exception& e) {
    throw std::logic_error("adf_input: the hand-written " + entity.kind + " '" + entity.name + "' does not parse: " + e.what());
  }
  const auto props = whole.find("properties");
  if (entity.kind == "factory") {
    // Its global parameters are the `globalparameters` resource `default`; a factory without any has none.
    if (props == whole.end() || !props->is_object()) return std::nullopt;
    const auto globals = props->find("globalParameters");
    if (globals == props->end() || !globals->is_object() || globals->empty()) return std::nullopt;
    out.name = "default";
    out.properties = std::move(*globals);
    return out;
  }
  out.name = entity.kind == "managedPrivateEndpoint" ? network_of(entity) + "/" + entity.name : entity.name;
  out.properties = props == whole.end() ? Json() : std::move(*props);
  return out;
}

Json parameter_definition_of(const ir::Project& project) {
  return Json::parse(project.adf_parameter_definition.empty() ? default_parameter_definition()
                                                              : std::string_view(project.adf_parameter_definition));
}

std::vector<DefinedParameter> resource_parameters(const Json& definition, const std::string& kind,
                                                  const std::string& name, const Json& properties) {
  std::vector<DefinedParameter> out;
  std::vector<std::string> taken;
  for (auto& p : defined_parameters(definition, kind, name, properties)) {
    const std::string at = p.at.to_string();
    if (at == "/runtimeState") continue;  // the environment's trigger state (codegen/arm/arm.cpp)
    if (std::any_of(taken.begin(), taken.end(), [&](const std::string& t) { return at.rfind(t + "/", 0) == 0; })) continue;
    if (!properties.contains(p.at)) continue;
    if (p.type.empty() && value_parameter_type(properties.at(p.at)).empty()) continue;
    taken.push_back(at);
    out.push_back(std::move(p));
  }
  return out;
}

std::string parameter_type_of(const DefinedParameter& parameter, const Json& properties) {
  if (!parameter.type.empty()) return lower_ascii(parameter.type);
  return properties.contains(parameter.at) ? std::string(value_parameter_type(properties.at(parameter.at))) : "";
}

void apply_environment_values(std::span<const DefinedParameter> parameters, const ir::Environment& env,
                              Json& properties) {
  if (env.arm_parameters.empty()) return;
  for (const auto& p : parameters)
    if (const auto value = env.arm_parameters.find(p.name); value != env.arm_parameters.end() && properties.contains(p.at))
      properties.at(p.at) = value->second.value;
}

std::vector<HandwrittenParameter> handwritten_parameters(const ir::Project& project) {
  std::vector<HandwrittenParameter> out;
  if (project.adf_entities.empty()) return out;
  const Json definition = parameter_definition_of(project);
  for (const auto& entity : project.adf_entities)
    if (const auto resource = handwritten_resource(entity))
      for (auto& p : resource_parameters(definition, resource->kind, resource->name, resource->properties)) {
        std::string type = parameter_type_of(p, resource->properties);
        Json value = resource->properties.at(p.at);
        out.push_back({&entity, std::move(p), std::move(type), std::move(value)});
      }
  return out;
}

void check_arm_parameters(const ir::Project& project, bool adf_given, Diagnostics& diags) {
  const bool any = std::any_of(project.environments.begin(), project.environments.end(),
                               [](const ir::Environment& env) { return !env.arm_parameters.empty(); });
  if (!any) return;
  const std::string git = project.git_env();
  for (const auto& env : project.environments) {
    if (env.name != git || env.arm_parameters.empty()) continue;
    SCHEDC_DIAGNOSTIC(ArmParametersOfGitEnvironment, ConflictingFields,
                      "environment `{}` is the git environment: its ARM parameter values are the hand-written files' own",
                      std::string_view);
    const auto& first = env.arm_parameters.begin()->second;
    auto& d = diags.report(ArmParametersOfGitEnvironment, first.name, env.name);
    d.help = fmt::format("remove `arm_parameters` from environment `{}`: the ADF git layout and the template's default "
                         "values are what the hand-written files say; give the other environments' values",
                         env.name);
  }
  if (!adf_given) return;

  // Every parameter the hand-written entities have, by name: its types (one name may serve several entities) and
  // the entity of its first use (for messages).
  struct Known {
    std::vector<std::string> types;
    const ir::AdfEntity* entity = nullptr;
  };
  std::map<std::string, Known> known;
  for (const auto& h : handwritten_parameters(project)) {
    auto& k = known[h.parameter.name];
    if (!k.entity) k.entity = h.entity;
    k.types.push_back(h.type);
  }
  std::vector<std::string> names;
  names.reserve(known.size());
  for (const auto& [name, k] : known) names.push_back(name);

  for (const auto& env : project.environments) {
    if (env.name == git) continue;
    for (const auto& [name, value] : env.arm_parameters) {
      const auto it = known.find(name);
      if (it == known.end()) {
        SCHEDC_DIAGNOSTIC(UnknownArmParameter, UnknownReference,
                          "no hand-written ADF entity has the ARM parameter `{}` (environment `{}`)", std::string_view,
                          std::string_view);
        auto& d = diags.report(UnknownArmParameter, value.name, name, env.name);
        if (const std::string c = closest(name, names); !c.empty())
          d.help = fmt::format("did you mean `{}`?", c);
        else if (names.empty())
          d.help = "the --adf folders' entities have no ARM parameters: the parameter definition names none of their "
                   "properties";
        else
          d.help = "the names are those of the parameter files (arm/parameters/*.json): `<entity>_properties_..._<property>` "
                   "as ADF's parameter definition names them";
        continue;
      }
      for (const auto& type : it->second.types) {
        if (type == "string") continue;
        if (type == "securestring" || type == "secureobject") {
          SCHEDC_DIAGNOSTIC(SecretArmParameter, WrongValueType,
                            "the ARM parameter `{}` of `{}` is a secret ({}): a source never holds its value",
                            std::string_view, std::string_view, std::string_view);
          auto& d = diags.report(SecretArmParameter, value.span, name, it->second.entity->name, type);
          d.labels.push_back({it->second.entity->span, "the entity whose parameter it is"});
          d.help = "give a secret at deployment (the deployment's parameter overrides, or a Key Vault reference in the "
                   "parameter file), or make the linked service read it from Key Vault";
        } else {
          SCHEDC_DIAGNOSTIC(NonStringArmParameter, WrongValueType,
                            "the ARM parameter `{}` of `{}` is of type {}; `arm_parameters` gives strings",
                            std::string_view, std::string_view, std::string_view);
          auto& d = diags.report(NonStringArmParameter, value.span, name, it->second.entity->name, type);
          d.labels.push_back({it->second.entity->span, "the entity whose parameter it is"});
          d.help = "give a value of another type at deployment (the deployment's parameter overrides)";
        }
        break;
      }
    }
  }
}

}  // namespace schedc::adf_input
