// Adjusting the Data Factory schema in memory before valijson compiles it: see schema_adjust.hpp.
#include "compiler/adf_input/schema_adjust.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include <nlohmann/json.hpp>

#include "compiler/diagnostics.hpp"

namespace schedc::adf_input {

namespace {

using Json = nlohmann::json;

constexpr std::string_view kExpressionRef =
    "https://schema.management.azure.com/schemas/common/definitions.json#/definitions/expression";

// "Activity" -> "activity", "LinkedService" -> "linked service", "CopySource" -> "copy source".
std::string words_of(const std::string& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (std::isupper(static_cast<unsigned char>(c)) && i > 0 && !std::isupper(static_cast<unsigned char>(name[i - 1])))
      out += ' ';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

void SchemaAdjuster::schema(Json& node, const std::string& name) {
  if (!node.is_object()) return;
  if (auto it = node.find("oneOf"); it != node.end() && it->is_array()) one_of(node, name);
  if (auto it = node.find("properties"); it != node.end() && it->is_object())
    for (const auto& [k, v] : it->items()) {
      auto [at, added] = property_names.emplace(lower_ascii(k), k);
      if (!added && at->second != k) at->second.clear();  // two spellings: neither is assumed
    }
  for (const char* key : {"properties", "definitions", "patternProperties", "resourceDefinitions"})
    if (auto it = node.find(key); it != node.end() && it->is_object())
      for (auto& [k, v] : it->items()) schema(v, key == std::string_view("definitions") ? k : name);
  for (const char* key : {"additionalProperties", "not", "additionalItems"})
    if (auto it = node.find(key); it != node.end()) schema(*it, name);
  if (auto it = node.find("items"); it != node.end()) {
    if (it->is_array())
      for (auto& s : *it) schema(s, name);
    else
      schema(*it, name);
  }
  for (const char* key : {"allOf", "anyOf", "oneOf"})
    if (auto it = node.find(key); it != node.end() && it->is_array())
      for (auto& s : *it) schema(s, name);
  if (auto it = node.find("type"); it != node.end() && (it->is_string() || it->is_array())) {
    node["x-schedc-type"] = *it;
    node.erase("type");
  }
  if (auto it = node.find("enum"); it != node.end() && it->is_array()) {
    if (name.find("Parameter") != std::string::npos || name == "VariableSpecification")
      for (const auto& e : *it)
        if (e.is_string()) type_names.emplace(lower_ascii(e.get<std::string>()), e.get<std::string>());
    node["x-schedc-enum"] = *it;
    node.erase("enum");
  }
  if (auto it = node.find("format"); it != node.end() && *it == "date-time") {
    node["x-schedc-date-time"] = true;
    node.erase("format");
  }
  if (auto it = node.find("pattern"); it != node.end() && it->is_string()) {
    node["x-schedc-pattern"] = *it;
    node.erase("pattern");
  }
}

std::vector<std::string> SchemaAdjuster::tags(const Json& branch) {
  if (!branch.is_object()) return {};
  const auto req = branch.find("required");
  if (req == branch.end() || !req->is_array() || std::find(req->begin(), req->end(), "type") == req->end()) return {};
  const auto props = branch.find("properties");
  if (props == branch.end() || !props->is_object()) return {};
  const auto type = props->find("type");
  if (type == props->end() || !type->is_object()) return {};
  const auto e = type->find("enum");
  if (e == type->end() || !e->is_array()) return {};
  std::vector<std::string> out;
  for (const auto& v : *e)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

void SchemaAdjuster::one_of(Json& node, const std::string& name) {
  Json branches = node["oneOf"];
  // oneOf [X, expression]: anyOf [an expression, X], so that only X's errors are reported.
  if (branches.size() == 2 && branches[1].is_object() && branches[1].size() == 1 && branches[1].value("$ref", "") == kExpressionRef) {
    node.erase("oneOf");
    node["anyOf"] = Json::array({Json{{"x-schedc-expression", true}}, branches[0]});
    return;
  }
  // oneOf discriminated by `type`: the discriminator, then per branch "not this type, or this branch".
  std::vector<std::string> all;
  for (const auto& b : branches) {
    auto t = tags(b);
    if (t.empty()) return;
    all.insert(all.end(), t.begin(), t.end());
  }
  std::sort(all.begin(), all.end());
  if (branches.size() < 2 || std::adjacent_find(all.begin(), all.end()) != all.end()) return;
  for (const auto& t : all) type_names.emplace(lower_ascii(t), t);
  Json all_of = Json::array({Json{{"x-schedc-discriminator", Json{{"what", words_of(name)}, {"types", all}}}}});
  for (auto& b : branches) {
    Json tag = Json{{"required", {"type"}}, {"properties", {{"type", {{"enum", b["properties"]["type"]["enum"]}}}}}};
    all_of.push_back(Json{{"anyOf", Json::array({Json{{"not", tag}}, b})}});
  }
  node.erase("oneOf");
  node["allOf"] = std::move(all_of);
}

}  // namespace schedc::adf_input
