#include "codegen/arm/factory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <utility>

#include "codegen/adf/adf.hpp"
#include "codegen/adf/handwritten.hpp"
#include "compiler/adf_input/arm_parameters.hpp"
#include "codegen/arm/depends_on.hpp"
#include "codegen/arm/template.hpp"
#include "compiler/adf_input/parameter_definition.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/parallel.hpp"

namespace schedc::codegen::arm {
namespace {

// The ARM resource kind of each git-layout folder, in the template's resource order.
struct KindInfo {
  std::string_view folder;
  std::string_view kind;
};
// Hand-written entities (--adf) add the other kinds of ADF's git layout, each before the kinds that refer to it (a
// linked template deploys after the ones before it); the factory file's global parameters come last.
constexpr KindInfo kKinds[] = {
    {"managedVirtualNetwork", "managedVirtualNetworks"},
    {"managedPrivateEndpoint", "managedVirtualNetworks/managedPrivateEndpoints"},
    {"integrationRuntime", "integrationRuntimes"},
    {"credential", "credentials"},
    {"linkedService", "linkedServices"},
    {"dataset", "datasets"},
    {"dataflow", "dataflows"},
    {"pipeline", "pipelines"},
    {"trigger", "triggers"},
    {"factory", "globalparameters"},
};

std::size_t kind_rank(const std::string& folder) {
  for (std::size_t i = 0; i < std::size(kKinds); ++i)
    if (kKinds[i].folder == folder) return i;
  throw std::logic_error("arm: unknown entity folder '" + folder + "'");
}

std::string parameter_type(const Json& value) {
  const std::string_view type = adf_input::value_parameter_type(value);
  if (type.empty())
    throw std::logic_error("arm: a value that differs between environments has no ARM parameter type: " + value.dump());
  return std::string(type);
}

void escape_in_place(Json& value) {
  if (value.is_string()) {
    auto& text = value.get_ref<std::string&>();
    if (!text.empty() && text.front() == '[' && text.back() == ']') text = json::arm_literal(text);
  } else if (value.is_structured()) {
    for (auto& member : value) escape_in_place(member);
  }
}

// A value that differs between environments, as compare() finds it: what replaces the git environment's value once
// its parameter is named (Parameterizer::apply). Finding differences needs no shared state, so entities are
// compared in parallel; naming parameters is sequential (named in order of first use) and cheap.
struct Slot {                 // one parameter's values
  std::vector<Json> values;   // its value in each environment
};
struct Difference {
  Json* target;               // the git environment's value, replaced in place by "[parameters('<name>')]"
  std::string base;           // the name a parameter of this value alone takes: the value's path, sanitized
  std::string declared;       // the name of the declaration's parameter the value is, or "" (see Factory)
  Slot slot;
  std::string type = {};      // the ARM type a parameter definition says, or "" for the value's own
  bool keep_default = true;   // whether the template gives the git environment's value as its defaultValue
};

Slot slot_of(const std::vector<Json*>& values) {
  Slot out;
  out.values.reserve(values.size());
  for (const Json* v : values) out.values.push_back(*v);
  return out;
}

// Compares one entity's properties in every environment (`values[e]`): ARM-escapes, in place, the literal strings
// of the git environment's that are the same everywhere, and returns the values that differ, in document order.
// In place: no second tree is built (codegen is on the hot path at scale).
class Comparer {
 public:
  Comparer(std::size_t git_index, const std::string& resource_name, const std::string& kind,
           const ParameterNames* names)
      : git_(git_index), pipeline_(kind == "pipelines"), names_(names) {
    path_.push_back(Segment{&resource_name, 0});
    path_.push_back(Segment{&kProperties, 0});
  }

  std::vector<Difference> compare(std::vector<Json*>& values) {
    walk(values);
    return std::move(differences_);
  }

 private:
  // Whether every value is an object with the keys of the first; `in_order` tells whether they also come in the
  // same order (as builds of one entity do), so that members are matched by position: ordered_json finds a key by
  // a linear search, which made objects of many members quadratic.
  static bool same_keys(const std::vector<Json*>& values, bool& in_order) {
    const Json& first = *values.front();
    in_order = true;
    for (const Json* v : values) {
      if (!v->is_object() || v->size() != first.size()) return false;
      bool ordered = true;
      for (auto a = first.begin(), b = v->begin(); ordered && a != first.end(); ++a, ++b) ordered = a.key() == b.key();
      if (ordered) continue;
      in_order = false;
      for (auto it = first.begin(); it != first.end(); ++it)
        if (!v->contains(it.key())) return false;
    }
    return true;
  }

  static bool same_length(const std::vector<Json*>& values) {
    const Json& first = *values.front();
    return std::all_of(values.begin(), values.end(),
                       [&](const Json* v) { return v->is_array() && v->size() == first.size(); });
  }

  static bool all_equal(const std::vector<Json*>& values) {
    return std::all_of(values.begin(), values.end(), [&](const Json* v) { return *v == *values.front(); });
  }

  void walk(std::vector<Json*>& values) {
    Json& git = *values[git_];
    std::vector<Json*> members(values.size());
    bool in_order = false;
    if (git.is_object() && same_keys(values, in_order)) {
      std::vector<Json::iterator> position;  // each value's member at `it`, when the keys are in the same order
      if (in_order)
        for (Json* v : values) position.push_back(v->begin());
      for (auto it = git.begin(); it != git.end(); ++it) {
        for (std::size_t e = 0; e < values.size(); ++e)
          members[e] = e == git_ ? &it.value() : in_order ? &position[e].value() : &values[e]->at(it.key());
        path_.push_back(Segment{&it.key(), 0});
        walk(members);
        path_.pop_back();
        for (auto& p : position) ++p;
      }
    } else if (git.is_array() && same_length(values)) {
      for (std::size_t i = 0; i < git.size(); ++i) {
        for (std::size_t e = 0; e < values.size(); ++e) members[e] = &(*values[e])[i];
        path_.push_back(Segment{nullptr, i});
        walk(members);
        path_.pop_back();
      }
    } else if (all_equal(values)) {
      escape_in_place(git);
    } else {
      differences_.push_back(difference(values));
    }
  }

  // A differing value becomes a parameter holding the whole value: the declaration's parameter where the entity
  // says which declaration the value is, else a parameter of its own named after its path.
  Difference difference(const std::vector<Json*>& values) {
    return Difference{values[git_], base_name(), declared_name(), slot_of(values)};
  }

  // The path below "properties", its keys and indices joined with '.' ("typeProperties.domain").
  std::string relative_path() const {
    std::string out;
    for (std::size_t i = 2; i < path_.size(); ++i)
      out += (i > 2 ? "." : "") + (path_[i].key ? *path_[i].key : std::to_string(path_[i].index));
    return out;
  }

  // A pipeline parameter's defaultValue is the parameter of the declaration the pipeline parameter is named after
  // (codegen/adf/expression.hpp, PipelineParameters); other values are named by the entity (AdfEntityPlan).
  std::string declared_name() const {
    if (pipeline_ && path_.size() == 5 && path_[2].key && *path_[2].key == "parameters" && path_[3].key &&
        path_[4].key && *path_[4].key == "defaultValue")
      return *path_[3].key;
    if (names_)
      for (const auto& [path, name] : *names_)
        if (path == relative_path()) return name;
    return "";
  }

  // The parameter name of the current path: the resource's name, "properties", and every key or index below.
  std::string base_name() const {
    std::string base;
    for (const auto& segment : path_)
      base += (base.empty() ? "" : "_") + (segment.key ? *segment.key : std::to_string(segment.index));
    return adf_input::parameter_name_of(base);
  }

  std::size_t git_;
  bool pipeline_;
  const ParameterNames* names_;
  // Where the walk is: the resource's name, "properties", then a key or an array index per level. Parameters are
  // named after it; it refers to the keys in the trees rather than copying them, as most values never need it.
  struct Segment {
    const std::string* key;  // null for an array element
    std::size_t index;
  };
  static inline const std::string kProperties = "properties";
  std::vector<Segment> path_;
  std::vector<Difference> differences_;
};

// Turns an entity's differences into parameters, in order: a value of a declaration shares the declaration's
// parameter (its values must be the same wherever it is used), any other value gets a parameter of its own.
class Parameterizer {
 public:
  Parameterizer(Factory& factory, std::set<std::string>& used_names, std::size_t git_index)
      : factory_(factory), used_names_(used_names), git_(git_index) {}

  void apply(Resource& resource, std::vector<Difference>& differences) {
    for (auto& difference : differences) *difference.target = "[parameters('" + add(resource, difference) + "')]";
  }

 private:
  // The difference's parameter, added when it is new; returns its name.
  std::string add(Resource& resource, Difference& difference) {
    std::size_t index = 0;
    const auto declared = difference.declared.empty() ? by_declaration_.end() : by_declaration_.find(difference.declared);
    if (declared != by_declaration_.end()) {
      index = declared->second;
      if (factory_.parameters[index].values != difference.slot.values)
        throw std::logic_error("arm: parameter " + difference.declared + " has different values in " + resource.name);
    } else {
      std::string base = difference.declared.empty() ? difference.base : difference.declared;
      std::string name = base;
      for (int n = 2; reserved_parameter_name(name) || used_names_.count(lower_ascii(name)) != 0; ++n)
        name = fmt::format("{}_{}", base, n);
      used_names_.insert(lower_ascii(name));
      index = factory_.parameters.size();
      const std::string type = difference.type.empty() ? parameter_type(difference.slot.values[git_]) : difference.type;
      Json git_value = difference.slot.values[git_];
      factory_.parameters.push_back(
          Parameter{name, type, std::move(git_value), std::move(difference.slot.values), difference.keep_default});
      if (!difference.declared.empty()) by_declaration_.emplace(difference.declared, index);
    }
    auto& used = resource.parameters;
    if (std::find(used.begin(), used.end(), index) == used.end()) used.push_back(index);
    return factory_.parameters[index].name;
  }

  Factory& factory_;
  std::map<std::string, std::size_t> by_declaration_;  // declared name -> parameter index
  std::set<std::string>& used_names_;
  std::size_t git_;
};

using Entities = std::vector<AdfEntity>;

// The template's order of entities (AdfEntity, AdfEntityPlan): by kind (kKinds), then name.
template <class Entity>
bool in_template_order(const Entity& a, const Entity& b) {
  return std::make_tuple(kind_rank(a.folder), std::cref(a.name)) < std::make_tuple(kind_rank(b.folder), std::cref(b.name));
}

// A trigger's runtimeState is the git environment's in every build: it is never a parameter (Microsoft's release
// script reads it as the template writes it), and each trigger state has a template of its own (arm.cpp).
void same_runtime_state(std::vector<Json*>& values, std::size_t git) {
  const auto state = values[git]->find("runtimeState");
  for (std::size_t e = 0; e < values.size(); ++e)
    if (e != git && state != values[git]->end() && values[e]->contains("runtimeState"))
      (*values[e])["runtimeState"] = *state;
}

// Puts the entities in the template's order.
void prepare(Entities& entities) {
  std::stable_sort(entities.begin(), entities.end(), in_template_order<AdfEntity>);
}

// The parameter definition of the hand-written entities: the --adf folders' own file, else ADF's default.
Json parameter_definition_of(const ir::Project& project) {
  return project.adf_entities.empty() ? Json::object() : adf_input::parameter_definition_of(project);
}

// The values of a hand-written entity's properties that `definition` makes parameters, in every environment's build
// (`values`; an environment's build holds its `arm_parameters` values there already, codegen/adf/handwritten.cpp):
// each becomes a difference (whatever its values), and is set to null in every build so that the comparison that
// follows passes over it (the parameter's reference replaces the git environment's value).
std::vector<Difference> defined(const Json& definition, const Resource& resource, std::vector<Json*>& values,
                                std::size_t git) {
  std::vector<Difference> out;
  for (auto& p : adf_input::resource_parameters(definition, resource.kind, resource.name, *values[git])) {
    std::vector<Json*> found;
    for (Json* build : values)
      if (build->contains(p.at)) found.push_back(&build->at(p.at));
    if (found.size() != values.size()) continue;
    Difference d{found[git], p.name, "", slot_of(found), p.type, p.keep_default};
    for (Json* v : found) *v = nullptr;
    d.target = found[git];
    out.push_back(std::move(d));
  }
  return out;
}

// One resource without properties per entity (in the template's order already), and their index.
template <class Entity>
ResourceIndex add_resources(Factory& factory, const std::vector<Entity>& entities) {
  ResourceIndex index;
  for (const auto& entity : entities) {
    const std::string kind(kKinds[kind_rank(entity.folder)].kind);
    index.emplace(std::make_pair(kind, lower_ascii(entity.name)), factory.resources.size());
    factory.resources.push_back(Resource{kind, entity.name, Json(), {}, {}});
  }
  return index;
}

}  // namespace

bool reserved_parameter_name(const std::string& name) {
  const std::string l = lower_ascii(name);
  return l == "factoryname" || l == "containeruri" || l == "containersastoken";
}

std::string arm_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string resource_id(const Resource& resource) {
  if (resource.kind == kEndpoints) {  // named `<network>/<endpoint>`
    const auto slash = resource.name.find('/');
    return "[concat(variables('factoryId'), " +
           arm_quote("/managedVirtualNetworks/" + resource.name.substr(0, slash) + "/managedPrivateEndpoints/" +
                     resource.name.substr(slash + 1)) +
           ")]";
  }
  return "[concat(variables('factoryId'), " + arm_quote("/" + resource.kind + "/" + resource.name) + ")]";
}

std::string resource_name(const Resource& resource) {
  return "[concat(parameters('factoryName'), " + arm_quote("/" + resource.name) + ")]";
}

Json arm_escaped(const Json& value) {
  if (value.is_string()) return json::arm_literal(value.get_ref<const std::string&>());
  if (value.is_object()) {
    Json out = Json::object();
    for (auto it = value.begin(); it != value.end(); ++it) out[it.key()] = arm_escaped(it.value());
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& item : value) out.push_back(arm_escaped(item));
    return out;
  }
  return value;
}

namespace {

std::vector<Environment> declared_environments(const ir::Project& project) {
  std::vector<Environment> environments;
  for (const auto& env : project.environments)
    environments.push_back(Environment{env.name, env.factory, env.triggers_started});
  std::sort(environments.begin(), environments.end(),
            [](const Environment& a, const Environment& b) { return a.name < b.name; });
  return environments;
}

}  // namespace

Factory build_factory_streaming(const ir::Project& project, std::vector<std::string>& heads, FileSink* adf_files) {
  Factory factory;
  factory.environments = declared_environments(project);
  std::vector<std::string> names;
  for (const auto& env : factory.environments) names.push_back(env.name);
  if (names.empty()) names.push_back("");
  const std::string git_env = project.git_env();
  const auto git_it = std::find(names.begin(), names.end(), git_env);
  if (git_it == names.end()) throw std::logic_error("arm: the git environment '" + git_env + "' is not declared");
  const auto git = static_cast<std::size_t>(git_it - names.begin());
  if (!factory.environments.empty()) {
    factory.git_factory = factory.environments[git].factory;
    factory.git_triggers_started = factory.environments[git].triggers_started;
  }

  if (adf_files) adf::add_handwritten_files(project, *adf_files);  // as written (their plans write no file)
  auto plans = adf_entity_plans(project);
  std::stable_sort(plans.begin(), plans.end(), in_template_order<AdfEntityPlan>);
  const Json definition = parameter_definition_of(project);
  const ResourceIndex index = add_resources(factory, plans);
  heads.assign(plans.size(), std::string());

  std::set<std::string> used_names;
  Parameterizer parameterizer(factory, used_names, git);
  // Entities are built, compared and serialized a chunk at a time: the builds and comparisons of a chunk in
  // parallel, the naming of parameters in order (they are shared and named in order of first use), the
  // serialization in parallel.
  constexpr std::size_t kChunk = 256;
  std::vector<Json> builds;                          // the git environment's build of each entity of the chunk
  std::vector<std::vector<Difference>> differences;  // and where the other environments' builds differ from it
  for (std::size_t start = 0; start < plans.size(); start += kChunk) {
    const std::size_t count = std::min(kChunk, plans.size() - start);
    builds.assign(count, Json());
    differences.assign(count, {});
    parallel_for(count, [&](std::size_t k) {
      const std::size_t i = start + k;
      const AdfEntityPlan& plan = plans[i];
      // The git environment's build goes straight to builds[k], where the differences found in it stay valid;
      // the others' end with the comparison.
      std::vector<Json> others(names.size());
      for (std::size_t e = 0; e < names.size(); ++e) (e == git ? builds[k] : others[e]) = plan.build(names[e]);
      std::vector<Json*> values;
      for (std::size_t e = 0; e < names.size(); ++e) values.push_back(e == git ? &builds[k] : &others[e]);
      if (adf_files && !plan.handwritten) adf_files->add(adf_file(plan.folder, plan.type, plan.name, builds[k]));
      if (plan.folder == "trigger") same_runtime_state(values, git);
      set_depends_on(factory, i, builds[k], index);
      // A hand-written entity's properties that the parameter definition names are parameters in every case.
      if (plan.handwritten) differences[k] = defined(definition, factory.resources[i], values, git);
      if (names.size() == 1 && differences[k].empty()) {
        escape_in_place(builds[k]);
      } else {
        auto found = Comparer(git, factory.resources[i].name, factory.resources[i].kind, &plan.parameter_names).compare(values);
        std::move(found.begin(), found.end(), std::back_inserter(differences[k]));
      }
    });
    for (std::size_t k = 0; k < count; ++k) {
      Resource& resource = factory.resources[start + k];
      parameterizer.apply(resource, differences[k]);
      resource.properties = std::move(builds[k]);
    }
    parallel_for(count, [&](std::size_t k) { heads[start + k] = resource_head(factory.resources[start + k]); });
  }
  drop_cyclic_dependencies(factory);
  return factory;
}

Factory build_factory(std::vector<Environment> environments, std::size_t git_index,
                      std::vector<std::vector<AdfEntity>> builds) {
  Factory factory;
  factory.environments = std::move(environments);
  if (builds.size() != std::max<std::size_t>(factory.environments.size(), 1) || git_index >= builds.size())
    throw std::logic_error("arm: not one build per environment");
  if (!factory.environments.empty()) {
    factory.git_factory = factory.environments[git_index].factory;
    factory.git_triggers_started = factory.environments[git_index].triggers_started;
  }
  for (auto& entities : builds) prepare(entities);
  const Entities& git = builds[git_index];
  for (const auto& entities : builds) {
    bool same = entities.size() == git.size();
    for (std::size_t i = 0; same && i < git.size(); ++i)
      same = entities[i].folder == git[i].folder && entities[i].name == git[i].name;
    if (!same) throw std::logic_error("arm: the environments do not generate the same factory entities");
  }

  const ResourceIndex index = add_resources(factory, git);

  std::set<std::string> used_names;
  Parameterizer parameterizer(factory, used_names, git_index);
  std::vector<Json*> values(builds.size());
  for (std::size_t i = 0; i < git.size(); ++i) {
    Resource& resource = factory.resources[i];
    set_depends_on(factory, i, git[i].properties, index);
    if (builds.size() == 1) {
      escape_in_place(builds[git_index][i].properties);
    } else {
      for (std::size_t e = 0; e < builds.size(); ++e) values[e] = &builds[e][i].properties;
      if (git[i].folder == "trigger") same_runtime_state(values, git_index);
      auto differences = Comparer(git_index, resource.name, resource.kind, &git[i].parameter_names).compare(values);
      parameterizer.apply(resource, differences);
    }
    resource.properties = std::move(builds[git_index][i].properties);
  }
  drop_cyclic_dependencies(factory);
  return factory;
}

}  // namespace schedc::codegen::arm
