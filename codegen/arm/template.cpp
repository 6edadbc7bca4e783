#include "codegen/arm/template.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace schedc::codegen::arm {
namespace {

constexpr std::size_t kElementIndent = 8;  // an element of the root object's `resources` array

}  // namespace

Json factory_name_parameter(const Factory& factory, bool with_default) {
  Json out = Json::object();
  out["type"] = "string";
  out["metadata"] = Json::object({{"description", "Data Factory name"}});
  if (with_default && factory.git_factory) out["defaultValue"] = json::arm_literal(*factory.git_factory);
  return out;
}

Json parameter_definition(const Parameter& parameter, bool with_default) {
  Json out = Json::object();
  out["type"] = parameter.type;
  // defaultValue is part of the template, where ARM evaluates expressions: it is escaped like every literal.
  if (with_default && parameter.has_default) out["defaultValue"] = arm_escaped(parameter.git_value);
  return out;
}

std::string element_text(const Json& value) {
  thread_local std::string buffer;  // keeps its capacity (json::dump_adf says why)
  buffer.assign(kElementIndent, ' ');
  json::append_dump(buffer, value, 4, ' ', kElementIndent);
  return buffer;
}

namespace {

constexpr std::string_view kEmptyDependsOnEnd = "[]\n        }";  // the end of a resource with "dependsOn": []

void append_depends_on(std::string& out, const Resource& resource, const Factory& factory,
                       const std::vector<bool>* member) {
  bool any = false;
  for (std::size_t dependency : resource.depends_on) {
    if (member != nullptr && !(*member)[dependency]) continue;
    out += any ? ",\n" : "[\n";
    out.append(16, ' ');
    out += Json(resource_id(factory.resources[dependency])).dump(-1, ' ', false, Json::error_handler_t::strict);
    any = true;
  }
  out += any ? "\n            ]" : "[]";
}

}  // namespace

std::string resource_head(Resource& resource) {
  Json out = json::object(5);
  out["name"] = resource_name(resource);
  out["type"] = "Microsoft.DataFactory/factories/" + resource.kind;
  out["apiVersion"] = kFactoryApiVersion;
  out["properties"] = std::move(resource.properties);
  out["dependsOn"] = Json::array();
  std::string text = element_text(out);
  if (!text.ends_with(kEmptyDependsOnEnd)) throw std::logic_error("arm: unexpected resource serialization");
  text.resize(text.size() - kEmptyDependsOnEnd.size());
  return text;
}

void append_resource(std::string& out, const std::string& head, const Resource& resource, const Factory& factory,
                     const std::vector<bool>* member) {
  out += head;
  append_depends_on(out, resource, factory, member);
  out += "\n        }";
}

std::size_t resource_size(const std::string& head, const Resource& resource, const Factory& factory) {
  std::string tail;
  append_depends_on(tail, resource, factory, nullptr);
  return head.size() + tail.size() + 10;
}

namespace {

// The template without its resources, cut where they go: `head` ends with `"resources": `, `tail` is what follows
// the array.
std::pair<std::string, std::string_view> skeleton(Json parameters, bool with_factory_id) {
  Json out = Json::object();
  out["$schema"] = kTemplateSchema;
  out["contentVersion"] = kContentVersion;
  out["parameters"] = std::move(parameters);
  if (with_factory_id)
    out["variables"] =
        Json::object({{"factoryId", "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]"}});
  out["resources"] = Json::array();
  std::string text = json::dump(out);  // ends with `"resources": []\n}\n`
  const std::string_view empty_end = "[]\n}\n";
  if (!text.ends_with(empty_end)) throw std::logic_error("arm: unexpected template serialization");
  text.resize(text.size() - empty_end.size());
  return {std::move(text), "\n}\n"};
}

// The template's text in buffers of at least `piece` bytes (the last may be shorter), each handed to `flush`,
// which may move it away.
void emit_template(Json parameters, std::size_t count, const std::function<void(std::string&, std::size_t)>& append,
                   bool with_factory_id, std::size_t piece, const std::function<void(std::string&)>& flush) {
  auto [text, tail] = skeleton(std::move(parameters), with_factory_id);
  if (count == 0) {
    text += "[]";
    text += tail;
    flush(text);
    return;
  }
  text += "[\n";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text += ",\n";
    append(text, i);
    if (text.size() >= piece) {
      flush(text);
      text.clear();
    }
  }
  text += "\n    ]";
  text += tail;
  flush(text);
}

}  // namespace

std::string template_text(Json parameters, std::size_t count,
                          const std::function<void(std::string&, std::size_t)>& append, bool with_factory_id) {
  std::string out;
  emit_template(std::move(parameters), count, append, with_factory_id, std::string::npos,
                [&](std::string& text) { out = std::move(text); });
  return out;
}

void template_pieces(Json parameters, std::size_t count, const std::function<void(std::string&, std::size_t)>& append,
                     bool with_factory_id, const std::function<void(std::string_view)>& write) {
  emit_template(std::move(parameters), count, append, with_factory_id, std::size_t{1} << 20,
                [&](std::string& text) { write(text); });
}

Json parameter_file(const std::optional<std::string>& factory, const std::vector<ParameterValue>& values) {
  Json parameters = Json::object();
  if (factory) parameters["factoryName"] = Json::object({{"value", *factory}});
  for (const auto& value : values) append(parameters, *value.name, Json::object({{"value", *value.value}}));
  Json out = Json::object();
  out["$schema"] = kParametersSchema;
  out["contentVersion"] = kContentVersion;
  out["parameters"] = std::move(parameters);
  return out;
}

}  // namespace schedc::codegen::arm
