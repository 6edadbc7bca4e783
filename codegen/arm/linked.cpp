#include "codegen/arm/linked.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "codegen/arm/template.hpp"

namespace schedc::codegen::arm {
namespace {

constexpr const char* kFolder = "arm/linkedTemplates/";

Json child_parameters(const Factory& factory, const Child& child) {
  Json parameters = Json::object();
  parameters["factoryName"] = factory_name_parameter(factory, false);
  for (std::size_t p : child.parameters)
    append(parameters, factory.parameters[p].name, parameter_definition(factory.parameters[p], false));
  return parameters;
}

std::string child_text(const Factory& factory, const std::vector<std::string>& heads, const Child& child) {
  std::vector<bool> member(factory.resources.size(), false);
  for (std::size_t r : child.resources) member[r] = true;
  return template_text(child_parameters(factory, child), child.resources.size(), [&](std::string& out, std::size_t i) {
    const std::size_t r = child.resources[i];
    append_resource(out, heads[r], factory.resources[r], factory, &member);
  });
}

Json deployment(const Factory& factory, const Child& child, std::size_t index) {
  Json link = Json::object();
  link["uri"] = fmt::format("[concat(parameters('containerUri'), '/ArmTemplate_{}.json', parameters('containerSasToken'))]",
                            index);
  link["contentVersion"] = kContentVersion;
  Json parameters = Json::object();
  parameters["factoryName"] = Json::object({{"value", "[parameters('factoryName')]"}});
  for (std::size_t p : child.parameters) {
    const std::string& name = factory.parameters[p].name;
    append(parameters, name, Json::object({{"value", "[parameters('" + name + "')]"}}));
  }
  Json properties = Json::object();
  properties["mode"] = "Incremental";
  properties["templateLink"] = std::move(link);
  properties["parameters"] = std::move(parameters);
  Json out = Json::object();
  out["name"] = fmt::format("[concat(parameters('factoryName'), '_ArmTemplate_{}')]", index);
  out["type"] = "Microsoft.Resources/deployments";
  out["apiVersion"] = "2018-02-01";
  out["properties"] = std::move(properties);
  out["dependsOn"] = Json::array();
  if (index > 0)
    out["dependsOn"].push_back(fmt::format(
        "[resourceId('Microsoft.Resources/deployments', concat(parameters('factoryName'), '_ArmTemplate_{}'))]",
        index - 1));
  return out;
}

std::string master_text(const Factory& factory, const std::vector<Child>& children) {
  Json parameters = Json::object();
  parameters["factoryName"] = factory_name_parameter(factory, true);
  parameters["containerUri"] = Json::object(
      {{"type", "string"}, {"metadata", {{"description", "URI of the storage container holding the linked templates"}}}});
  parameters["containerSasToken"] = Json::object(
      {{"type", "string"}, {"metadata", {{"description", "SAS token of the storage container holding the linked templates"}}}});
  for (const auto& parameter : factory.parameters) append(parameters, parameter.name, parameter_definition(parameter, true));
  return template_text(
      std::move(parameters), children.size(),
      [&](std::string& out, std::size_t i) { out += element_text(deployment(factory, children[i], i)); }, false);
}

// The bytes a parameter's definition adds to a child: `        "<name>": {...},\n` at nesting depth 2.
std::size_t parameter_bytes(const Parameter& parameter) {
  return element_text(parameter_definition(parameter, false)).size() + parameter.name.size() + 4 + 2;
}

// The order in which the children deploy the resources: the template's order, except that a resource comes after
// every resource it depends on (a hand-written pipeline may run one whose name sorts later): of the resources whose
// dependencies are all placed, the first in the template's order comes next. The dependencies hold no cycle (the
// check phase reports one, SCH2011, and the factory drops the dependency that would close one), so every resource
// is placed; one that is not would be put in the template's order, and split() would report it.
std::vector<std::size_t> deployment_order(const Factory& factory) {
  const std::size_t n = factory.resources.size();
  std::vector<std::size_t> waiting(n, 0);
  std::vector<std::vector<std::size_t>> dependents(n);
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t d : factory.resources[r].depends_on) {
      ++waiting[r];
      dependents[d].push_back(r);
    }
  std::set<std::size_t> ready;
  for (std::size_t r = 0; r < n; ++r)
    if (waiting[r] == 0) ready.insert(r);
  std::vector<std::size_t> order;
  std::vector<bool> placed(n, false);
  while (!ready.empty()) {
    const std::size_t r = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(r);
    placed[r] = true;
    for (std::size_t next : dependents[r])
      if (--waiting[next] == 0) ready.insert(next);
  }
  for (std::size_t r = 0; r < n; ++r)
    if (!placed[r]) order.push_back(r);
  return order;
}

}  // namespace

std::vector<Child> split(const Factory& factory, const std::vector<std::string>& heads, const ArmLimits& limits) {
  // Bytes of a child without resources and with factoryName alone, plus what a non-empty resource list adds
  // ("[]" becomes "[\n" ... "\n    ]"). Each resource adds its text and a separator, each parameter its definition:
  // the sum is exact, or larger (a separator too many, dependencies on earlier children that are dropped).
  const std::size_t skeleton = template_text(child_parameters(factory, Child{}), 0, {}).size() + 8;
  std::vector<Child> children;
  std::vector<std::size_t> child_of(factory.resources.size());
  std::set<std::size_t> used;  // the current child's parameters
  std::size_t bytes = 0;       // the current child's size
  std::vector<std::size_t> added;
  // What adding resource r to the current child costs: its bytes, and the parameters it adds (into `added`).
  const auto cost = [&](std::size_t r) {
    std::size_t out = resource_size(heads[r], factory.resources[r], factory) + 2;
    added.clear();
    for (std::size_t p : factory.resources[r].parameters)
      if (!used.count(p) && std::find(added.begin(), added.end(), p) == added.end()) {
        added.push_back(p);
        out += parameter_bytes(factory.parameters[p]);
      }
    return out;
  };
  for (const std::size_t r : deployment_order(factory)) {
    std::size_t added_bytes = cost(r);
    const bool fits = !children.empty() && children.back().resources.size() + 1 <= limits.max_resources &&
                      1 + used.size() + added.size() <= limits.max_parameters && bytes + added_bytes <= limits.max_bytes;
    if (!fits) {
      children.emplace_back();
      used.clear();
      bytes = skeleton;
      added_bytes = cost(r);
    }
    Child& child = children.back();
    child.resources.push_back(r);
    for (std::size_t p : added) {
      used.insert(p);
      child.parameters.push_back(p);
    }
    bytes += added_bytes;
    child_of[r] = children.size() - 1;
  }
  // A child declares its parameters in the template's order (indices into factory.parameters are that order; a
  // resource may use a parameter shared with an earlier resource after one of its own).
  for (auto& child : children) std::sort(child.parameters.begin(), child.parameters.end());
  for (auto& child : children) std::sort(child.resources.begin(), child.resources.end());  // each in the template's order
  for (std::size_t r = 0; r < factory.resources.size(); ++r)
    for (std::size_t dependency : factory.resources[r].depends_on)
      if (child_of[dependency] > child_of[r])
        throw std::logic_error(fmt::format("arm: {} depends on {}, which a later linked template deploys",
                                           factory.resources[r].name, factory.resources[dependency].name));
  return children;
}

void linked_templates(const Factory& factory, const std::vector<std::string>& heads, const std::vector<Child>& children,
                      const ArmLimits& limits, FileSink& sink) {
  linked_templates(factory, heads, children, limits, sink, kFolder);
}

void linked_templates(const Factory& factory, const std::vector<std::string>& heads, const std::vector<Child>& children,
                      const ArmLimits& limits, FileSink& sink, const std::string& folder) {
  sink.add({folder + "ArmTemplate_master.json", master_text(factory, children)});
  for (std::size_t i = 0; i < children.size(); ++i) {
    std::string text = child_text(factory, heads, children[i]);
    if (children[i].resources.size() > 1 && text.size() > limits.max_bytes)
      throw std::logic_error(fmt::format("arm: linked template {} has {} bytes, over the limit of {}", i, text.size(),
                                         limits.max_bytes));
    sink.add({fmt::format("{}ArmTemplate_{}.json", folder, i), std::move(text)});
  }
  std::vector<ParameterValue> values;
  for (const auto& parameter : factory.parameters) values.push_back({&parameter.name, &parameter.git_value});
  sink.add({folder + "ArmTemplateParameters_master.json",
            json::dump(parameter_file(factory.git_factory, values))});
}

OutputFiles linked_templates(const Factory& factory, const std::vector<std::string>& heads,
                             const std::vector<Child>& children, const ArmLimits& limits) {
  return collect([&](FileSink& sink) { linked_templates(factory, heads, children, limits, sink); });
}

}  // namespace schedc::codegen::arm
