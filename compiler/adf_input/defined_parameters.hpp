#pragma once
// ADF's ARM parameter definition applied to a hand-written entity (compiler/adf_input/parameter_definition.hpp
// says the syntax): which of its properties become template parameters, named as ADF's export names them.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace schedc::adf_input {

using Json = nlohmann::ordered_json;  // the ARM target's JSON (codegen/json/json.hpp), members in their order

struct DefinedParameter {
  Json::json_pointer at;   // the property, below the entity's `properties`
  std::string name;        // `<entity>_properties_..._<key>`, `<entity>_<name>`, ... (sanitized, not yet unique)
  std::string type;        // the ARM type, "" for the value's own
  bool keep_default = true;
};

// An ARM parameter's name made of `text`: every character (UTF-8 code point) other than an ASCII letter, digit or
// '_' becomes one '_' (the ARM target names generated parameters the same way).
std::string parameter_name_of(std::string_view text);

// The parameters that `definition` (the whole definition object) gives the entity `entity_name` of resource kind
// `kind` ("linkedServices", ...), whose properties (as the git environment has them) are `properties`. A definition
// that is not of the documented shape defines nothing there (the compiler reported it).
std::vector<DefinedParameter> defined_parameters(const Json& definition, const std::string& kind,
                                                 const std::string& entity_name, const Json& properties);

}  // namespace schedc::adf_input
