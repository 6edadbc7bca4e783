#include "codegen/arm/arm.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <map>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "codegen/arm/factory.hpp"
#include "codegen/arm/linked.hpp"
#include "codegen/arm/template.hpp"
#include "codegen/json/json.hpp"

namespace schedc::codegen::arm {
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

// The triggers' runtimeState in ARMTemplateForFactory.json: the git environment's (as ADF's export of the git
// factory writes it). An environment whose triggers are in the other state deploys the template of folder
// other_folder() instead, the same but for that runtimeState (Microsoft's release script starts exactly the
// triggers whose template says Started, reading the template's text: a parameter cannot say it).
bool git_started(const Factory& factory) { return factory.git_triggers_started; }

const char* state_name(bool started) { return started ? "started" : "stopped"; }

// The template an environment deploys, relative to arm/.
std::string template_of(const Environment& env, bool git) {
  return env.triggers_started == git ? "ARMTemplateForFactory.json"
                                     : std::string(state_name(env.triggers_started)) + "/ARMTemplateForFactory.json";
}

Json release(const Factory& factory, bool git) {
  Json environments = Json::object();
  for (const auto& env : factory.environments) {
    Json entry = Json::object();
    entry["factory"] = env.factory ? Json(*env.factory) : Json(nullptr);
    entry["triggers"] = env.triggers_started ? "started" : "stopped";
    entry["template"] = template_of(env, git);
    environments[env.name] = std::move(entry);
  }
  Json out = Json::object();
  out["version"] = 1;
  out["environments"] = std::move(environments);
  return out;
}

// The files of a factory whose resources are serialized already: `heads[i]` is resource i's head (each resource
// serialized once, for the template and the linked templates). Each file goes to `sink` as soon as it is made.
// Returns false, after the template and before any other file, when the template needs linked templates and has
// more parameters than their master can declare (report_parameter_limit() says why).
// Every trigger head's runtimeState, from Started to Stopped or back (the same length: the split into linked
// templates is the same).
void flip_runtime_states(const Factory& factory, std::vector<std::string>& heads, bool to_started) {
  const std::string from = to_started ? R"("runtimeState": "Stopped")" : R"("runtimeState": "Started")";
  const std::string to = to_started ? R"("runtimeState": "Started")" : R"("runtimeState": "Stopped")";
  for (std::size_t r = 0; r < heads.size(); ++r) {
    if (factory.resources[r].kind != "triggers") continue;
    // Inside a JSON string every '"' is escaped, so the text occurs only as the key and its value.
    const auto at = heads[r].find(from);
    if (at == std::string::npos || heads[r].find(from, at + 1) != std::string::npos)
      throw std::logic_error("arm: trigger " + factory.resources[r].name + " has not one runtimeState");
    heads[r].replace(at, from.size(), to);
  }
}

bool files_from_heads(const Factory& factory, std::vector<std::string>& heads, const ArmLimits& limits,
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
  if (over_limits && factory.parameters.size() + kMasterOwnParameters > limits.max_parameters) return false;
  std::vector<Child> children;
  if (over_limits) {
    children = arm::split(factory, heads, limits);
    arm::linked_templates(factory, heads, children, limits, sink);
  }
  sink.add({"arm/ARMTemplateParametersForFactory.json", json::dump(git_parameters(factory))});
  for (std::size_t env = 0; env < factory.environments.size(); ++env)
    sink.add({"arm/parameters/" + factory.environments[env].name + ".json", json::dump(environment_parameters(factory, env))});
  const bool git = git_started(factory);
  sink.add({"arm/release.json", json::dump(release(factory, git))});
  // The template of the other trigger state, when an environment has it.
  const bool other = std::any_of(factory.environments.begin(), factory.environments.end(),
                                 [&](const Environment& env) { return env.triggers_started != git; });
  if (!other) return true;
  flip_runtime_states(factory, heads, !git);
  const std::string folder = std::string("arm/") + state_name(!git) + "/";
  sink.add_pieces(folder + "ARMTemplateForFactory.json", [&](const std::function<void(std::string_view)>& write) {
    full_template(factory, heads, write);
  });
  if (over_limits) arm::linked_templates(factory, heads, children, limits, sink, folder + "linkedTemplates/");
  flip_runtime_states(factory, heads, git);
  return true;
}

// SCH4012, at the git environment's declaration (the environments are what the parameters tell apart).
void report_parameter_limit(const ir::Project& project, const Factory& factory, const ArmLimits& limits,
                            Diagnostics& diagnostics) {
  const std::size_t allowed = limits.max_parameters - kMasterOwnParameters;
  const ir::Environment* at = nullptr;  // parameters exist only with two environments or more, one the git one
  for (const auto& env : project.environments)
    if (env.name == project.git_env()) at = &env;
  SCHEDC_DIAGNOSTIC(TooManyParameters, ArmParameterLimit,
                    "the ARM template would need {} parameters for the values that differ between environments; its "
                    "linked templates' master allows at most {}",
                    std::string_view, std::string_view);
  auto& d = diagnostics.report(TooManyParameters, at ? at->span : Span{}, thousands(factory.parameters.size()),
                               thousands(allowed));
  d.primary_label = "the git environment";
  for (const auto& env : project.environments)
    if (&env != at) d.labels.push_back({env.span, "compared with this environment"});
  d.notes.push_back(fmt::format(
      "ARM allows {} parameters per template; the template exceeds one of ARM's limits, so it is also written as "
      "linked templates, whose master declares factoryName, containerUri, containerSasToken and every parameter",
      limits.max_parameters));
  // Where the parameters come from: the entities that first use the most of them.
  std::vector<std::size_t> first_user(factory.parameters.size(), factory.resources.size());
  for (std::size_t r = 0; r < factory.resources.size(); ++r)
    for (std::size_t p : factory.resources[r].parameters)
      if (first_user[p] == factory.resources.size()) first_user[p] = r;
  std::map<std::size_t, std::size_t> introduced;  // resource -> parameters it uses first
  for (std::size_t r : first_user)
    if (r < factory.resources.size()) ++introduced[r];
  std::vector<std::pair<std::size_t, std::size_t>> ranked(introduced.begin(), introduced.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < ranked.size() && i < 5; ++i)
    shown.push_back(fmt::format("{} ({})", factory.resources[ranked[i].first].name, ranked[i].second));
  d.notes.push_back(fmt::format("{} entities need parameters of their own; the most: {}", thousands(ranked.size()),
                                fmt::join(shown, ", ")));
  d.help =
      "declare each per-environment value once (a workspace, a storage, `notebook_root`, an existing cluster in a "
      "shared profile) and use `{env.name}` for names that differ per environment: each declaration is one "
      "parameter whatever the number of models that use it; or split the models into several factories "
      "(docs/deploy.md §1.1, §1.4)";
}

[[noreturn]] void throw_parameter_limit(const Factory& factory) {
  throw ArmParameterLimit(
      fmt::format("arm: {} parameters are over the master template's limit (SCH4012)", factory.parameters.size()));
}

// The ARM target's files into `sink`; with `adf_files`, the ADF git layout too (each entity built once per
// environment for both). SCH4012 goes to `diagnostics`, or is thrown without them.
void generate_arm_files(const ir::Project& project, const ArmLimits& limits, FileSink& sink, FileSink* adf_files,
                        Diagnostics* diagnostics) {
  std::vector<std::string> heads;
  const Factory factory = arm::build_factory_streaming(project, heads, adf_files);
  if (files_from_heads(factory, heads, limits, sink)) return;
  if (!diagnostics) throw_parameter_limit(factory);
  report_parameter_limit(project, factory, limits, *diagnostics);
}

}  // namespace

OutputFiles generate_arm(const ir::Project& project) { return generate_arm(project, ArmLimits{}); }

OutputFiles generate_arm(const ir::Project& project, const ArmLimits& limits) {
  return collect([&](FileSink& sink) { generate_arm(project, limits, sink); });
}

void generate_arm(const ir::Project& project, const ArmLimits& limits, FileSink& sink, Diagnostics* diagnostics) {
  generate_arm_files(project, limits, sink, nullptr, diagnostics);
}

OutputFiles generate_adf_and_arm(const ir::Project& project) {
  return collect([&](FileSink& sink) { generate_adf_and_arm(project, sink); });
}

void generate_adf_and_arm(const ir::Project& project, FileSink& sink, Diagnostics* diagnostics) {
  generate_arm_files(project, ArmLimits{}, sink, &sink, diagnostics);
}

OutputFiles factory_files(Factory factory, const ArmLimits& limits) {
  std::vector<std::string> heads;
  heads.reserve(factory.resources.size());
  for (auto& resource : factory.resources) heads.push_back(arm::resource_head(resource));
  return collect([&](FileSink& sink) {
    if (!files_from_heads(factory, heads, limits, sink)) throw_parameter_limit(factory);
  });
}

}  // namespace schedc::codegen::arm
