#pragma once
// The JSON shapes of the ARM files, shared by the full template and the linked templates. Key orders are those of
// ADF's "Export ARM template".
//
// Templates are assembled as text: each resource is serialized once (resource_head) and the texts are spliced into
// the template, byte for byte what json::dump(template, 4) would write, without building a second tree of the
// whole factory (templates of large factories are hundreds of MB).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "codegen/arm/factory.hpp"

namespace schedc::codegen::arm {

inline constexpr const char* kTemplateSchema =
    "http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#";  // as ADF's export writes it
inline constexpr const char* kParametersSchema =
    "https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#";
inline constexpr const char* kContentVersion = "1.0.0.0";
inline constexpr const char* kFactoryApiVersion = "2018-06-01";

using json::append;

// {"type": "string", "metadata": {"description": "Data Factory name"}, "defaultValue": <git factory>}; the
// defaultValue only when `with_default` and the git environment declares a factory.
Json factory_name_parameter(const Factory& factory, bool with_default);

// {"type": ..., "defaultValue": <git value, ARM-escaped>}; the defaultValue only when `with_default`.
Json parameter_definition(const Parameter& parameter, bool with_default);

// A resource {"name", "type", "apiVersion", "properties", "dependsOn"} is serialized once, as an element of a
// template's `resources` (every line indented by 8 spaces), in two parts: its head, everything up to the value of
// `dependsOn` (the properties consumed: moved out of `resource` and freed), and its dependsOn, written for each
// template it goes in (a child template depends only on its own resources).
std::string resource_head(Resource& resource);
// Appends the whole resource: `head`, dependsOn (only the resources `member` marks, when given) and the closing
// brace (no separator, no final newline).
void append_resource(std::string& out, const std::string& head, const Resource& resource, const Factory& factory,
                     const std::vector<bool>* member = nullptr);
// The bytes append_resource() appends with every dependency.
std::size_t resource_size(const std::string& head, const Resource& resource, const Factory& factory);

// json::dump of {"$schema", "contentVersion", "parameters", "variables" (factoryId, when `with_factory_id`),
// "resources"}, where `append(out, i)` appends resource i of `count` (as append_resource() does).
std::string template_text(Json parameters, std::size_t count,
                          const std::function<void(std::string&, std::size_t)>& append, bool with_factory_id = true);
// The same text, handed to `write` in pieces of about a megabyte.
void template_pieces(Json parameters, std::size_t count, const std::function<void(std::string&, std::size_t)>& append,
                     bool with_factory_id, const std::function<void(std::string_view)>& write);

// A JSON value as an element at nesting depth 2 (for template_text's `append`).
std::string element_text(const Json& value);

// A deployment parameter file: factoryName (when `factory` is set), then each parameter with its value, unescaped.
struct ParameterValue {
  const std::string* name;
  const Json* value;
};
Json parameter_file(const std::optional<std::string>& factory, const std::vector<ParameterValue>& values);

}  // namespace schedc::codegen::arm
