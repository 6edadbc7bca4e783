#pragma once
// ADF's ARM parameter definition (`arm-template-parameters-definition.json`, learn.microsoft.com "Use custom
// parameters with the Resource Manager template"): which properties of hand-written entities become parameters of
// the ARM template. A shape both sides agree on: the compiler checks a repo's own file (located diagnostics), the
// ARM target applies it (codegen/arm/factory.cpp).
//
// The definition is an object by resource type ("Microsoft.DataFactory/factories/pipelines", ...). Below a type,
// the object mirrors the resource (`properties`, then its keys); linked services and datasets first pick an object
// by their `properties.type` (that type's object, else `*`). In it:
//   - a string parameterises the property at that path: `<action>[:<name>[:<type>]]`, where <action> is `=` (the
//     current value is the parameter's defaultValue), `-` (no defaultValue) or `|` (a secret: a literal string is
//     parameterised without a defaultValue, a Key Vault secret reference is left as written); <name> is empty (the
//     property's path names the parameter, `<entity>_properties_typeProperties_url`), `-<name>` (`<entity>_<name>`)
//     or `<name>` (the parent's path and `_<name>`); <type> is empty (the value's JSON type) or one of string,
//     securestring, int, bool, object, secureobject, array (any case);
//   - an object descends into the property of that key; the key `*` stands for every key of that level that the
//     object does not name itself (one level, not recursively);
//   - an array [definition, "path.to.name"] applies `definition` to every element of the property's array, each
//     element naming its parameters by the value at "path.to.name" (else by its index).
#include <optional>
#include <string>
#include <string_view>

#include "compiler/diagnostics.hpp"
#include "compiler/source.hpp"

namespace schedc::adf_input {

// The file a repo's --adf folder may hold at its root.
inline constexpr const char* kParameterDefinitionFile = "arm-template-parameters-definition.json";

// The AdfFile::kind the walk gives that file.
inline constexpr const char* kParameterDefinitionKind = "armParameterDefinition";

// Studio's publish settings at a folder's root: not an entity, but part of the folder, so `build` carries it into
// `out/adf/` (in a build's own folder it would otherwise be lost at each build). Its AdfFile::kind:
inline constexpr const char* kPublishConfigFile = "publish_config.json";
inline constexpr const char* kPublishConfigKind = "publishConfig";

// ADF's default parameterization template (used when no --adf folder holds the file), as documented.
std::string_view default_parameter_definition();

// Checks a folder's definition file (registered as `file`): valid JSON, an object of resource types
// (`Microsoft.DataFactory/factories/...`) whose values are objects, every string of the documented form, every array
// [definition, "path"]. Each problem is SCH9011 at its place. True when the file can be used.
bool check_parameter_definition(const SourceManager& sm, FileId file, Diagnostics& diags);

struct ParameterAction {
  char action = '=';         // '=', '-' or '|'
  std::string name;          // "", "-short" or "suffix"
  std::string type;          // "" or the ARM type: string, securestring, int, bool, object, secureobject, array
};

// Parses a definition string; nullopt with `why` set when it is not of the form above.
std::optional<ParameterAction> parse_parameter_action(std::string_view text, std::string& why);

// The ARM spelling of a definition type ("securestring" -> "secureString"); "" stays "".
std::string arm_parameter_type(std::string_view type);

}  // namespace schedc::adf_input
