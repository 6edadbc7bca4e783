// The reader of ARM output: see reader.hpp.
#include "codegen/arm/reader.hpp"

#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "compiler/diagnostics.hpp"

namespace schedc::codegen::arm {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr std::string_view kFactoryResource = "microsoft.datafactory/factories/";

std::string shown(const ArmSide& side, const std::string& rel) {
  return side.label.empty() ? "generated " + rel : (fs::path(side.label) / rel).generic_string();
}

[[noreturn]] void fail(const ArmSide& side, std::string message) { throw ReadError{side.label.empty(), std::move(message)}; }

Json read_json(const ArmSide& side, const std::string& rel) {
  auto text = side.read(rel);
  if (!text) fail(side, fmt::format("`{}` is missing", shown(side, rel)));
  try {
    return Json::parse(*text);
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    if (auto close = what.find("] "); what.rfind("[json.exception", 0) == 0 && close != std::string::npos)
      what = what.substr(close + 2);
    fail(side, fmt::format("`{}` is not valid JSON: {}", shown(side, rel), what));
  }
}

std::optional<std::string> parameter_reference(const std::string& s) {
  constexpr std::string_view pre = "[parameters('";
  constexpr std::string_view post = "')]";
  if (s.size() <= pre.size() + post.size() || s.rfind(pre, 0) != 0 || s.compare(s.size() - post.size(), post.size(), post) != 0)
    return std::nullopt;
  std::string name = s.substr(pre.size(), s.size() - pre.size() - post.size());
  if (name.find('\'') != std::string::npos) return std::nullopt;
  return name;
}

// The pieces of `[concat(ITEM, ITEM, ...)]` where each ITEM is a quoted literal ('it''s') or parameters('NAME'),
// the form the ARM target writes for values whose middle differs per environment. nullopt for anything else.
struct ConcatItem {
  bool is_parameter = false;
  std::string text;  // the literal, or the parameter's name
};
std::optional<std::vector<ConcatItem>> concat_items(const std::string& s) {
  constexpr std::string_view pre = "[concat(";
  constexpr std::string_view post = ")]";
  if (s.size() < pre.size() + post.size() || s.rfind(pre, 0) != 0 || s.compare(s.size() - post.size(), post.size(), post) != 0)
    return std::nullopt;
  std::string_view body(s.data() + pre.size(), s.size() - pre.size() - post.size());
  std::vector<ConcatItem> items;
  std::size_t i = 0;
  auto literal = [&]() -> std::optional<std::string> {  // at a quote: read '...' with '' escapes
    std::string out;
    for (++i; i < body.size(); ++i) {
      if (body[i] == '\'') {
        if (i + 1 < body.size() && body[i + 1] == '\'') {
          out += '\'';
          ++i;
          continue;
        }
        ++i;
        return out;
      }
      out += body[i];
    }
    return std::nullopt;
  };
  constexpr std::string_view param = "parameters(";
  while (i < body.size()) {
    if (body[i] == '\'') {
      auto text = literal();
      if (!text) return std::nullopt;
      items.push_back({false, *text});
    } else if (body.substr(i, param.size()) == param) {
      i += param.size();
      if (i >= body.size() || body[i] != '\'') return std::nullopt;
      auto name = literal();
      if (!name || i >= body.size() || body[i] != ')') return std::nullopt;
      ++i;
      items.push_back({true, *name});
    } else {
      return std::nullopt;
    }
    if (i == body.size()) break;
    if (body.substr(i, 2) != ", ") return std::nullopt;
    i += 2;
  }
  return items;
}

// `[concat(parameters('factoryName'), '/NAME')]` -> NAME (a quote in NAME is doubled in the expression).
std::optional<std::string> entity_name(const std::string& s) {
  constexpr std::string_view pre = "[concat(parameters('factoryName'), '/";
  constexpr std::string_view post = "')]";
  if (s.size() <= pre.size() + post.size() || s.rfind(pre, 0) != 0 || s.compare(s.size() - post.size(), post.size(), post) != 0)
    return std::nullopt;
  std::string raw = s.substr(pre.size(), s.size() - pre.size() - post.size()), name;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\'') {
      if (i + 1 >= raw.size() || raw[i + 1] != '\'') return std::nullopt;
      ++i;
    }
    name += raw[i];
  }
  return name;
}

std::string entity_type(const std::string& resource_type) {
  std::string suffix = resource_type.substr(kFactoryResource.size());
  std::string l = lower_ascii(suffix);
  if (l == "linkedservices") return "linkedServices";
  if (l == "datasets" || l == "pipelines" || l == "triggers") return l;
  return suffix;
}


}  // namespace

std::map<std::string, EnvState> read_release(const ArmSide& side) {
  Json release = read_json(side, kReleaseFile);
  auto bad = [&](const std::string& why) { fail(side, fmt::format("`{}`: {}", shown(side, kReleaseFile), why)); };
  if (!release.is_object()) bad("not a JSON object");
  if (auto v = release.find("version"); v == release.end() || *v != 1) bad("unsupported `version` (this schedc reads version 1)");
  auto envs = release.find("environments");
  if (envs == release.end() || !envs->is_object()) bad("no `environments` object");
  std::map<std::string, EnvState> result;
  for (const auto& [name, e] : envs->items()) {
    if (!e.is_object()) bad(fmt::format("environment `{}` is not an object", name));
    EnvState state;
    auto f = e.find("factory");
    if (f != e.end() && f->is_string())
      state.factory = f->get<std::string>();
    else if (f == e.end() || !f->is_null())
      bad(fmt::format("environment `{}`: `factory` must be a string or null", name));
    auto t = e.find("triggers");
    if (t == e.end() || !t->is_string() || (*t != "started" && *t != "stopped"))
      bad(fmt::format("environment `{}`: `triggers` must be \"started\" or \"stopped\"", name));
    state.started = *t == "started";
    result.emplace(name, std::move(state));
  }
  return result;
}

// The name of the parameter when `s` is exactly `[parameters('NAME')]`.
// The template's factory resources with the values of parameter file `params_rel` substituted.
std::map<ArmEntity, Json> resolve(const ArmSide& side, const std::string& params_rel) {
  Json tmpl = read_json(side, kTemplateFile);
  auto bad_template = [&](const std::string& why) { fail(side, fmt::format("`{}`: {}", shown(side, kTemplateFile), why)); };
  if (!tmpl.is_object()) bad_template("not a JSON object");
  Json declared = tmpl.value("parameters", Json::object());
  if (!declared.is_object()) bad_template("`parameters` is not an object");
  auto resources = tmpl.find("resources");
  if (resources == tmpl.end() || !resources->is_array()) bad_template("no `resources` array");

  Json param_file = read_json(side, params_rel);
  if (!param_file.is_object() || !param_file.value("parameters", Json::object()).is_object())
    fail(side, fmt::format("`{}`: `parameters` is not an object", shown(side, params_rel)));
  Json values = param_file.value("parameters", Json::object());

  // The environment's value of a parameter: the parameter file's, else the template's default. A parameter with
  // neither (`factoryName` when the environment declares no factory) is left as the expression.
  auto value_of = [&](const std::string& name) -> const Json* {
    if (auto v = values.find(name); v != values.end() && v->is_object())
      if (auto value = v->find("value"); value != v->end()) return &*value;
    if (auto p = declared.find(name); p != declared.end() && p->is_object())
      if (auto def = p->find("defaultValue"); def != p->end()) return &*def;
    return nullptr;
  };
  std::function<Json(const Json&)> substitute = [&](const Json& v) -> Json {
    if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      if (auto name = parameter_reference(s)) {
        const Json* value = value_of(*name);
        return value ? *value : v;
      }
      if (auto items = concat_items(s)) {  // a value whose middle is a parameter
        std::string out;
        for (const auto& item : *items) {
          if (!item.is_parameter) {
            out += item.text;
            continue;
          }
          const Json* value = value_of(item.text);
          if (!value || !value->is_string()) return v;
          out += value->get<std::string>();
        }
        return out;
      }
      if (s.size() >= 3 && s.rfind("[[", 0) == 0 && s.back() == ']') return s.substr(1);  // an escaped literal `[...]`
      return v;
    }
    if (v.is_array()) {
      Json a = Json::array();
      for (const auto& e : v) a.push_back(substitute(e));
      return a;
    }
    if (v.is_object()) {
      Json o = Json::object();
      for (const auto& [k, e] : v.items()) o[k] = substitute(e);
      return o;
    }
    return v;
  };

  std::map<ArmEntity, Json> entities;
  std::size_t index = 0;
  for (const auto& r : *resources) {
    ++index;
    if (!r.is_object() || !r.contains("type") || !r["type"].is_string() || !r.contains("name") || !r["name"].is_string())
      bad_template(fmt::format("resource {} has no `type` or `name`", index));
    std::string type = r["type"].get<std::string>();
    if (lower_ascii(type).rfind(kFactoryResource, 0) != 0 || type.size() == kFactoryResource.size()) continue;  // not an entity
    auto name = entity_name(r["name"].get<std::string>());
    if (!name) bad_template(fmt::format("resource {}: unexpected name `{}` (expected `[concat(parameters('factoryName'), '/NAME')]`)",
                                        index, r["name"].get<std::string>()));
    ArmEntity key{entity_type(type), *name};
    Json props = substitute(r.value("properties", Json::object()));
    // A trigger's state is the environment's (release.json), not the template's: the template holds the git
    // environment's runtimeState (docs/deploy.md §1.1), and a base written before it held none.
    if (key.type == "triggers" && props.is_object()) props.erase("runtimeState");
    if (!entities.emplace(key, std::move(props)).second)
      bad_template(fmt::format("{}/{} appears twice", key.type, key.name));
  }
  return entities;
}


ArmSide generated_side(const OutputFiles& files) {
  std::map<std::string, std::string> by_path;
  for (const auto& f : files) by_path.emplace(f.path, f.content);
  return ArmSide{[by_path = std::move(by_path)](const std::string& rel) -> std::optional<std::string> {
                   auto it = by_path.find(rel);
                   if (it == by_path.end()) return std::nullopt;
                   return it->second;
                 },
                 ""};
}

}  // namespace schedc::codegen::arm
