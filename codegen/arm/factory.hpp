#pragma once
// The factory as ARM sees it, before it is written as files: resources whose environment-dependent values are
// parameters, and those parameters with every environment's value.
//
// schedc builds the factory's entities for every declared environment (codegen::adf_entity_plans) and compares them
// value by value. A JSON value that is the same in every environment stays literal (ARM-escaped: json::arm_literal).
// One that differs becomes a parameter holding the whole value, and the property is exactly
// "[parameters('<name>')]" (never a concat() of literal text and parameters): objects with the same keys in every
// environment and arrays of the same length in every environment are compared member by member; any other
// difference (a type, a key set, a length) makes the whole value the parameter (the smallest value containing the
// difference). A value that an entity says is a declaration's value (AdfEntity::parameter_names: a storage's or a
// workspace's URL, a workspace's resource id) and a pipeline parameter's defaultValue (named after the declaration
// it holds: codegen/adf/expression.hpp) take the declaration's parameter, shared by every entity that uses that
// declaration; any other differing value gets a parameter of its own, named after its path as ADF's export names
// them (`<entity>_properties_<key>_..._<key>`). Values are never shared because they are equal (docs/deploy.md,
// 1.1). A trigger's `runtimeState` is the git environment's in every build before the comparison (it is never a
// parameter: Microsoft's release script reads it as written; arm.hpp writes a template per trigger state).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codegen/adf/adf.hpp"
#include "codegen/json/json.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen::arm {

// The ARM template holds the ADF target's entities (codegen/adf/adf.hpp).
using adf::adf_entity_plans;
using adf::adf_file;
using adf::AdfEntity;
using adf::AdfEntityPlan;
using adf::ParameterNames;

using json::Json;

// A template parameter (besides factoryName): its name (letters, digits, '_'; unique case-insensitively), its ARM
// type after the git environment's value, and its value in each environment (unescaped: parameter values are
// literal).
struct Parameter {
  std::string name;
  std::string type;                // string | int | bool | object | array
  Json git_value;                  // the git environment's value (the template's defaultValue)
  std::vector<Json> values;        // per Factory::environments
  bool has_default = true;         // false: the template declares no defaultValue (a `-` or `|` parameter definition)
};

struct Resource {
  std::string kind;                // linkedServices | datasets | pipelines | triggers; hand-written entities add
                                   // dataflows, integrationRuntimes, credentials, managedVirtualNetworks,
                                   // managedVirtualNetworks/managedPrivateEndpoints (named <network>/<name>), globalparameters
  std::string name;
  Json properties;                 // template form: ARM-escaped literals and [parameters('...')] (resource_head()
                                   // consumes it)
  std::vector<std::size_t> depends_on;  // indices into Factory::resources: every entity referenced, once, sorted
  std::vector<std::size_t> parameters;  // indices into Factory::parameters, in order of first use
};

// A managed private endpoint's resource is named `<network>/<endpoint>` and depends on its network.
inline constexpr std::string_view kEndpoints = "managedVirtualNetworks/managedPrivateEndpoints";

struct Environment {
  std::string name;
  std::optional<std::string> factory;
  bool triggers_started = false;
};

struct Factory {
  std::vector<Environment> environments;         // the declared environments, sorted by name (may be empty)
  std::optional<std::string> git_factory;        // the git environment's factory name, when it declares one
  bool git_triggers_started = false;             // the git environment's trigger state (the triggers' runtimeState)
  std::vector<Resource> resources;               // linkedServices, datasets, pipelines, triggers, each by name
  std::vector<Parameter> parameters;             // in order of first use by the resources
};

// The same factory, built entity by entity (codegen::adf_entity_plans()): each entity is built once per
// environment and compared (entities in parallel, compiler/parallel.hpp), its differences are named as parameters
// (in order: parameters are shared and named in order of first use), and it is serialized as its resource head
// (template.hpp) at once, so no environment's whole factory is ever in memory. `heads[i]` receives resource i's head
// (the returned resources have no properties left). When `adf_files` is given, it receives the ADF git-layout file
// of every entity (adf_file() of the git environment's build) as soon as it is built.
Factory build_factory_streaming(const ir::Project& project, std::vector<std::string>& heads, FileSink* adf_files);

// The comparison itself (unit tests drive it with hand-made entities): `builds[e]` are the entities of
// `environments[e]` (with no environment, the one build), in any order; `git_index` says which is the git
// environment. Throws std::logic_error when the builds do not hold the same entities (same folder and name), or
// when a differing value has no ARM parameter type (null, a fraction).
Factory build_factory(std::vector<Environment> environments, std::size_t git_index,
                      std::vector<std::vector<AdfEntity>> builds);

// Names no template parameter may take (case-insensitively): factoryName and the linked templates' container
// parameters.
bool reserved_parameter_name(const std::string& name);

// The reference a template makes to one of its resources:
//   [concat(variables('factoryId'), '/<kind>/<name>')]
std::string resource_id(const Resource& resource);

// "[concat(parameters('factoryName'), '/<name>')]"
std::string resource_name(const Resource& resource);

// A string inside single quotes in an ARM expression ('it''s').
std::string arm_quote(const std::string& text);

// `value` with every string ARM-escaped (json::arm_literal), recursively; keys are never evaluated, so kept.
Json arm_escaped(const Json& value);

}  // namespace schedc::codegen::arm
