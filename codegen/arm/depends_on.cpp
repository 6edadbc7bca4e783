// The resources' dependsOn: see depends_on.hpp.
#include "codegen/arm/depends_on.hpp"

#include <algorithm>
#include <set>

namespace schedc::codegen::arm {
namespace {

// The entity kinds a reference names, by the reference's `type`.
const char* referenced_kind(const std::string& type) {
  if (type == "LinkedServiceReference") return "linkedServices";
  if (type == "DatasetReference") return "datasets";
  if (type == "PipelineReference") return "pipelines";
  if (type == "DataFlowReference") return "dataflows";
  if (type == "IntegrationRuntimeReference") return "integrationRuntimes";
  if (type == "CredentialReference") return "credentials";
  if (type == "ManagedVirtualNetworkReference") return "managedVirtualNetworks";
  return nullptr;
}

// Every (kind, name) the value references through a LinkedServiceReference, DatasetReference or PipelineReference.
void collect_references(const Json& value, std::set<std::pair<std::string, std::string>>& out) {
  if (value.is_object()) {
    const auto type = value.find("type");
    const auto name = value.find("referenceName");
    if (type != value.end() && name != value.end() && type->is_string() && name->is_string())
      if (const char* kind = referenced_kind(type->get_ref<const std::string&>()))
        out.emplace(kind, name->get_ref<const std::string&>());
    for (const auto& member : value) collect_references(member, out);
  } else if (value.is_array()) {
    for (const auto& item : value) collect_references(item, out);
  }
}

}  // namespace

void set_depends_on(Factory& factory, std::size_t i, const Json& properties, const ResourceIndex& index) {
  Resource& resource = factory.resources[i];
  std::set<std::pair<std::string, std::string>> references;
  collect_references(properties, references);
  if (resource.kind == kEndpoints) references.emplace("managedVirtualNetworks", resource.name.substr(0, resource.name.find('/')));
  std::set<std::size_t> depends_on;
  for (const auto& [kind, name] : references) {
    const auto found = index.find({kind, lower_ascii(name)});
    if (found != index.end() && found->second != i) depends_on.insert(found->second);
  }
  resource.depends_on.assign(depends_on.begin(), depends_on.end());
  std::sort(resource.depends_on.begin(), resource.depends_on.end(), [&](std::size_t a, std::size_t b) {
    return resource_id(factory.resources[a]) < resource_id(factory.resources[b]);
  });
}

void drop_cyclic_dependencies(Factory& factory) {
  const std::size_t n = factory.resources.size();
  enum : unsigned char { kNew, kOnPath, kDone };
  std::vector<unsigned char> state(n, kNew);
  std::vector<std::pair<std::size_t, std::size_t>> path;  // (resource, its next dependency)
  for (std::size_t root = 0; root < n; ++root) {
    if (state[root] != kNew) continue;
    path.emplace_back(root, 0);
    state[root] = kOnPath;
    while (!path.empty()) {
      const std::size_t at = path.back().first;
      auto& depends_on = factory.resources[at].depends_on;
      std::size_t& next = path.back().second;
      if (next == depends_on.size()) {
        state[at] = kDone;
        path.pop_back();
        continue;
      }
      const std::size_t to = depends_on[next];
      if (state[to] == kOnPath) {
        depends_on.erase(depends_on.begin() + static_cast<std::ptrdiff_t>(next));
        continue;
      }
      ++next;
      if (state[to] == kNew) {
        state[to] = kOnPath;
        path.emplace_back(to, 0);
      }
    }
  }
}

}  // namespace schedc::codegen::arm
