#pragma once
// The ARM parameters of hand-written ADF entities (docs/deploy.md §5), as both sides see them: each entity's ARM
// resource (its kind, its name, its properties), the parameters ADF's parameter definition gives it
// (defined_parameters.hpp) as the ARM target makes them, and the values environments give them
// (`environment NAME { arm_parameters { PARAMETER = "value" } }`, docs/language.md §4.1): checked here against the
// parameters that exist (SCH2001 with a did-you-mean, SCH1005 for a parameter that is not a string, SCH1014 for the
// git environment, whose values are the files' own), put into an environment's build of the entity by the ADF target.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/adf_input/defined_parameters.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::adf_input {

// A hand-written entity as a resource of the ARM template.
struct HandwrittenResource {
  std::string kind;   // after "Microsoft.DataFactory/factories/": "pipelines", ..., "globalparameters"
  std::string name;   // "<network>/<endpoint>" for a managed private endpoint, "default" for global parameters
  Json properties;    // the file's `properties` (the factory file: its `globalParameters`)
};

// nullopt for a factory file without global parameters (no resource). The entity's JSON parses (the compiler read
// it); a managed private endpoint's path names its network.
std::optional<HandwrittenResource> handwritten_resource(const ir::AdfEntity& entity);

// The definition the hand-written entities follow: the --adf folders' own file (checked: SCH9011), else ADF's default.
Json parameter_definition_of(const ir::Project& project);

// The properties of `properties` (a resource of `kind` named `name`, as the git environment has it) that are ARM
// parameters of their own: those `definition` names, less the trigger state (the environment's, always), a property
// inside one already taken, and a value without an ARM type (null, a fraction) when the definition names no type.
std::vector<DefinedParameter> resource_parameters(const Json& definition, const std::string& kind,
                                                  const std::string& name, const Json& properties);

// The ARM parameter type a JSON value takes ("string", "int", "bool", "object", "array"); "" for one ARM has no
// parameter type for (null, a fraction).
std::string_view value_parameter_type(const Json& value);

// The ARM type of such a parameter, in lower case: the definition's, else its value's ("string", "int", "bool",
// "object", "array", "securestring", "secureobject").
std::string parameter_type_of(const DefinedParameter& parameter, const Json& properties);

// One ARM parameter of a hand-written entity, as the ARM target makes it.
struct HandwrittenParameter {
  const ir::AdfEntity* entity;
  DefinedParameter parameter;  // its place in the entity's properties, its name
  std::string type;            // parameter_type_of
  Json value;                  // the file's (the git environment's) value
};

// Every ARM parameter of the project's hand-written entities, in their order (none without --adf entities).
std::vector<HandwrittenParameter> handwritten_parameters(const ir::Project& project);

// Puts `env`'s values (arm_parameters) of `parameters` into `properties` (the resource's, as resource_parameters
// found them): environment env's build of the entity.
void apply_environment_values(std::span<const DefinedParameter> parameters, const ir::Environment& env,
                              Json& properties);

// Checks every environment's arm_parameters. `adf_given`: the compilation has --adf folders, so the parameters that
// exist are known (without them, names are not checked: a platform file is shared by repos that have none).
void check_arm_parameters(const ir::Project& project, bool adf_given, Diagnostics& diags);

}  // namespace schedc::adf_input
