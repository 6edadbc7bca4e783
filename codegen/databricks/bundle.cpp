#include "codegen/databricks/bundle.hpp"

#include <fmt/format.h>

#include <set>
#include <string_view>
#include <unordered_set>
#include <stdexcept>
#include <utility>

#include "codegen/yaml/yaml.hpp"

namespace schedc::codegen::databricks {
namespace {

using json::Json;

struct Variable {
  std::string name;
  std::string description;
  std::vector<std::string> values;  // per environment
};

class Merger {
 public:
  // `taken`: the variable names of the whole bundle (two models' names and fields can join to the same name:
  // `a` + `b_c` and `a_b` + `c`).
  Merger(std::string model, std::set<std::string>& taken) : model_(std::move(model)), taken_(taken) {}

  // The bundle form of `values` (one per environment), creating variables where they differ.
  Json merge(const std::vector<const Json*>& values, const std::string& field, const std::string& where) {
    const Json& first = *values.front();
    bool same = true;
    for (const Json* v : values) same = same && *v == first;
    if (same) return first;
    if (first.is_object() && all_shaped(values, [&](const Json& v) { return v.is_object() && keys(v) == keys(first); })) {
      Json out = Json::object();
      for (const auto& [key, item] : first.items()) {
        std::vector<const Json*> members;
        for (const Json* v : values) members.push_back(&(*v)[key]);
        out[key] = merge(members, field_name(key, item, field), where + "." + key);
      }
      return out;
    }
    if (first.is_array() && all_shaped(values, [&](const Json& v) { return v.is_array() && v.size() == first.size(); })) {
      Json out = Json::array();
      for (std::size_t i = 0; i < first.size(); ++i) {
        std::vector<const Json*> members;
        for (const Json* v : values) members.push_back(&(*v)[i]);
        const Json& item = first[i];
        std::string element = item.is_object() && item.contains("name") && item["name"].is_string()
                                  ? "param_" + item["name"].get<std::string>()
                                  : field;
        out.push_back(merge(members, element, fmt::format("{}[{}]", where, i)));
      }
      return out;
    }
    if (!all_shaped(values, [](const Json& v) { return v.is_string(); }))
      throw std::logic_error("databricks bundle: job " + model_ + " differs between environments at " + where +
                             " in a way no variable can hold");
    Variable var{unique(model_ + "_" + sanitize(field)),
                 fmt::format("{} of job {} (differs between environments)", where.substr(1), model_), {}};
    for (const Json* v : values) var.values.push_back(v->get<std::string>());
    Json ref = "${var." + var.name + "}";
    variables_.push_back(std::move(var));
    return ref;
  }

  std::vector<Variable> take_variables() { return std::move(variables_); }

 private:
  template <class Pred>
  static bool all_shaped(const std::vector<const Json*>& values, Pred pred) {
    for (const Json* v : values)
      if (!pred(*v)) return false;
    return true;
  }

  static std::vector<std::string> keys(const Json& v) {
    std::vector<std::string> out;
    for (const auto& item : v.items()) out.push_back(item.key());
    return out;
  }

  // The field a value is named after: its key; the default of a parameter is named after the parameter.
  static std::string field_name(const std::string& key, const Json&, const std::string& enclosing) {
    if (key == "default" && enclosing.rfind("param_", 0) == 0) return enclosing;
    return key;
  }

  static std::string sanitize(std::string text) {
    for (auto& c : text)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) c = '_';
    return text;
  }

  std::string unique(const std::string& base) {
    std::string name = base;
    for (int n = 2; taken_.count(name); ++n) name = fmt::format("{}_{}", base, n);
    taken_.insert(name);
    return name;
  }

  std::string model_;
  std::set<std::string>& taken_;
  std::vector<Variable> variables_;
};

}  // namespace

OutputFiles bundle_files(const ir::Project& project, const ir::Workspace& workspace, const std::vector<std::string>& envs,
                         const std::vector<JobBuilds>& jobs, const std::string& dir) {
  OutputFiles out;
  std::vector<Variable> variables;
  std::set<std::string> taken;
  for (const auto& job : jobs) {
    Merger merger(job.model->name, taken);
    std::vector<const Json*> values;
    for (const auto& s : job.settings) values.push_back(&s);
    Json settings = merger.merge(values, "job", "");
    for (auto& v : merger.take_variables()) variables.push_back(std::move(v));
    Json doc = Json::object();
    doc["resources"] = Json::object({{"jobs", Json::object({{job.model->name, std::move(settings)}})}});
    out.push_back(OutputFile{dir + "/resources/" + job.model->name + ".job.yml", yaml::dump(doc)});
  }

  Json bundle = Json::object();
  bundle["bundle"] = Json::object({{"name", "schedc_" + workspace.name}});
  bundle["include"] = Json::array({"resources/*.job.yml"});
  const bool no_envs = envs.size() == 1 && envs.front().empty();
  {
    std::unordered_set<std::string_view> names;
    for (const auto& v : variables)
      if (!names.insert(v.name).second) throw std::logic_error("databricks: two bundle variables named " + v.name);
  }
  if (!variables.empty()) {
    Json vars = Json::object();
    for (const auto& v : variables) {
      Json def = Json::object({{"description", v.description}});
      if (no_envs) def["default"] = v.values.front();
      json::append(vars, v.name, std::move(def));  // names are unique (checked above)
    }
    bundle["variables"] = std::move(vars);
  }
  // The deployment state lives at one pinned path per target, shared by every identity that deploys the bundle:
  // under a deployer's own ~/.bundle each identity would create the jobs again, and ADF finds a job by name.
  const std::string root = "/Workspace/Shared/.bundle/schedc_" + workspace.name;
  if (no_envs) {
    bundle["workspace"] = Json::object({{"host", workspace.url.get("")}, {"root_path", root}});
  } else {
    Json targets = Json::object();
    for (std::size_t e = 0; e < envs.size(); ++e) {
      const ir::Environment* env = nullptr;
      for (const auto& declared : project.environments)
        if (declared.name == envs[e]) env = &declared;
      if (!env) throw std::logic_error("databricks: bundle target for an undeclared environment " + envs[e]);
      Json target = Json::object();
      if (env->production) target["mode"] = "production";
      if (envs[e] == project.git_env()) target["default"] = true;
      target["workspace"] = Json::object({{"host", workspace.url.get(envs[e])}, {"root_path", root + "/" + envs[e]}});
      if (env->factory_identity)
        target["permissions"] = Json::array({Json::object(
            {{"service_principal_name", *env->factory_identity}, {"level", "CAN_RUN"}})});
      if (env->run_as) target["run_as"] = Json::object({{"service_principal_name", *env->run_as}});
      if (!variables.empty()) {
        Json values = Json::object();
        for (const auto& v : variables) json::append(values, v.name, v.values[e]);
        target["variables"] = std::move(values);
      }
      targets[envs[e]] = std::move(target);
    }
    bundle["targets"] = std::move(targets);
  }
  out.push_back(OutputFile{dir + "/databricks.yml", yaml::dump(bundle)});
  return out;
}

}  // namespace schedc::codegen::databricks
