#include "codegen/arm/arm.hpp"

#include <algorithm>
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

std::string full_template(const Factory& factory, const std::vector<std::string>& heads) {
  Json parameters = Json::object();
  parameters["factoryName"] = arm::factory_name_parameter(factory, true);
  for (const auto& parameter : factory.parameters)
    arm::append(parameters, parameter.name, arm::parameter_definition(parameter, true));
  std::size_t size = 0;
  for (std::size_t r = 0; r < heads.size(); ++r) size += arm::resource_size(heads[r], factory.resources[r], factory);
  return arm::template_text(
      std::move(parameters), heads.size(),
      [&](std::string& out, std::size_t r) { arm::append_resource(out, heads[r], factory.resources[r], factory); }, size);
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
// serialized once, for the template and the linked templates).
OutputFiles files_from_heads(const Factory& factory, const std::vector<std::string>& heads, const ArmLimits& limits) {
  OutputFiles out;
  std::string whole = full_template(factory, heads);
  const bool over_limits = whole.size() > limits.max_bytes || factory.resources.size() > limits.max_resources ||
                           factory.parameters.size() + 1 > limits.max_parameters;
  out.push_back({"arm/ARMTemplateForFactory.json", std::move(whole)});
  out.push_back({"arm/ARMTemplateParametersForFactory.json", json::dump(git_parameters(factory))});
  for (std::size_t env = 0; env < factory.environments.size(); ++env)
    out.push_back({"arm/parameters/" + factory.environments[env].name + ".json",
                   json::dump(environment_parameters(factory, env))});
  out.push_back({"arm/release.json", json::dump(release(factory))});
  if (over_limits) {
    auto linked = arm::linked_templates(factory, heads, arm::split(factory, heads, limits), limits);
    out.insert(out.end(), std::make_move_iterator(linked.begin()), std::make_move_iterator(linked.end()));
  }
  std::sort(out.begin(), out.end(), [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  return out;
}

}  // namespace

OutputFiles generate_arm(const ir::Project& project) { return generate_arm(project, ArmLimits{}); }

OutputFiles generate_arm(const ir::Project& project, const ArmLimits& limits) {
  std::vector<std::string> heads;
  const Factory factory = arm::build_factory_streaming(project, heads, nullptr);
  return files_from_heads(factory, heads, limits);
}

OutputFiles generate_adf_and_arm(const ir::Project& project) {
  std::vector<std::string> heads;
  OutputFiles out;
  const Factory factory = arm::build_factory_streaming(project, heads, &out);
  auto arm = files_from_heads(factory, heads, ArmLimits{});
  out.insert(out.end(), std::make_move_iterator(arm.begin()), std::make_move_iterator(arm.end()));
  std::sort(out.begin(), out.end(), [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  return out;
}

OutputFiles arm::factory_files(Factory factory, const ArmLimits& limits) {
  std::vector<std::string> heads;
  heads.reserve(factory.resources.size());
  for (auto& resource : factory.resources) heads.push_back(arm::resource_head(resource));
  return files_from_heads(factory, heads, limits);
}

}  // namespace schedc::codegen
