#include "codegen/arm/arm.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "codegen/arm/factory.hpp"
#include "codegen/arm/linked.hpp"
#include "codegen/arm/template.hpp"
#include "codegen/json/json.hpp"

namespace schedc::codegen {
namespace {

using arm::Factory;
using json::Json;

// ARMTemplateForFactory.json, in pieces.
void full_template(const Factory& factory, const std::vector<std::string>& heads,
                   const std::function<void(std::string_view)>& write) {
  Json parameters = Json::object();
  parameters["factoryName"] = arm::factory_name_parameter(factory, true);
  for (const auto& parameter : factory.parameters)
    arm::append(parameters, parameter.name, arm::parameter_definition(parameter, true));
  arm::template_pieces(
      std::move(parameters), heads.size(),
      [&](std::string& out, std::size_t r) { arm::append_resource(out, heads[r], factory.resources[r], factory); }, true,
      write);
}

// The parameter file of declared environment `env` (index into Factory::environments).
Json environment_parameters(const Factory& factory, std::size_t env) {
  std::vector<arm::ParameterValue> values;
  for (const auto& parameter : factory.parameters) values.push_back({&parameter.name, &parameter.values.at(env)});
  return arm::parameter_file(factory.environments[env].factory, values);
}

Json git_parameters(const Factory& factory) {
  std::vector<arm::ParameterValue> values;
  for (const auto& parameter : factory.parameters) values.push_back({&parameter.name, &parameter.git_value});
  return arm::parameter_file(factory.git_factory, values);
}

Json release(const Factory& factory) {
  Json environments = Json::object();
  for (const auto& env : factory.environments) {
    Json entry = Json::object();
    entry["factory"] = env.factory ? Json(*env.factory) : Json(nullptr);
    entry["triggers"] = env.triggers_started ? "started" : "stopped";
    environments[env.name] = std::move(entry);
  }
  Json out = Json::object();
  out["version"] = 1;
  out["environments"] = std::move(environments);
  return out;
}

// The files of a factory whose resources are serialized already: `heads[i]` is resource i's head (each resource
// serialized once, for the template and the linked templates). Each file goes to `sink` as soon as it is made.
void files_from_heads(const Factory& factory, const std::vector<std::string>& heads, const ArmLimits& limits,
                      FileSink& sink) {
  std::size_t bytes = 0;
  sink.add_pieces("arm/ARMTemplateForFactory.json", [&](const std::function<void(std::string_view)>& write) {
    full_template(factory, heads, [&](std::string_view piece) {
      bytes += piece.size();
      write(piece);
    });
  });
  const bool over_limits = bytes > limits.max_bytes || factory.resources.size() > limits.max_resources ||
                           factory.parameters.size() + 1 > limits.max_parameters;
  if (over_limits) arm::linked_templates(factory, heads, arm::split(factory, heads, limits), limits, sink);
  sink.add({"arm/ARMTemplateParametersForFactory.json", json::dump(git_parameters(factory))});
  for (std::size_t env = 0; env < factory.environments.size(); ++env)
    sink.add({"arm/parameters/" + factory.environments[env].name + ".json", json::dump(environment_parameters(factory, env))});
  sink.add({"arm/release.json", json::dump(release(factory))});
}

}  // namespace

OutputFiles generate_arm(const ir::Project& project) { return generate_arm(project, ArmLimits{}); }

OutputFiles generate_arm(const ir::Project& project, const ArmLimits& limits) {
  return collect([&](FileSink& sink) { generate_arm(project, limits, sink); });
}

void generate_arm(const ir::Project& project, const ArmLimits& limits, FileSink& sink) {
  std::vector<std::string> heads;
  const Factory factory = arm::build_factory_streaming(project, &heads, nullptr);
  files_from_heads(factory, heads, limits, sink);
}

OutputFiles generate_adf_and_arm(const ir::Project& project) {
  return collect([&](FileSink& sink) { generate_adf_and_arm(project, sink); });
}

void generate_adf_and_arm(const ir::Project& project, FileSink& sink) {
  std::vector<std::string> heads;
  const Factory factory = arm::build_factory_streaming(project, &heads, &sink);
  files_from_heads(factory, heads, ArmLimits{}, sink);
}

OutputFiles arm::factory_files(Factory factory, const ArmLimits& limits) {
  std::vector<std::string> heads;
  heads.reserve(factory.resources.size());
  for (auto& resource : factory.resources) heads.push_back(arm::resource_head(resource));
  return collect([&](FileSink& sink) { files_from_heads(factory, heads, limits, sink); });
}

}  // namespace schedc::codegen
