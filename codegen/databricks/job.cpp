#include "codegen/databricks/job.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <string_view>
#include <utility>

#include "compiler/targets/targets.hpp"

namespace schedc::codegen::databricks {
namespace {

using json::Json;

bool triggers_started(const ir::Project& project, const std::string& env) {
  for (const auto& e : project.environments)
    if (e.name == env) return e.triggers_started;
  return false;
}

std::string lower_binding(ir::Binding binding, const ir::Model& model, const std::string& env) {
  switch (binding) {
    case ir::Binding::ScheduledTime: return "{{job.trigger.time.iso_datetime}}";
    case ir::Binding::ScheduledDate: return "{{job.trigger.time.iso_date}}";
    case ir::Binding::EnvName: return env;
    case ir::Binding::ModelName: return model.name;
  }
  throw std::logic_error("databricks: unknown binding");
}

std::string lower_template(const ir::Template& value, const ir::Model& model, const std::string& env) {
  std::string out;
  for (const auto& part : value.parts) out += part.is_binding ? lower_binding(part.binding, model, env) : part.text;
  return out;
}

// {{job.parameters.<name>}}; names with other characters than letters, digits and `_` are quoted with backticks.
std::string parameter_reference(const std::string& name) {
  const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  return plain ? "{{job.parameters." + name + "}}" : "{{job.parameters.`" + name + "`}}";
}

std::string conf_text(const ir::ConfValue& value) {
  return value.is_secret ? "{{secrets/" + value.scope + "/" + value.secret + "}}" : value.text;
}

Json conf_map(const std::map<std::string, ir::ConfValue>& values) {
  Json out = Json::object();
  for (const auto& [key, value] : values) out[key] = conf_text(value);
  return out;
}

// An init script path as Databricks' InitScriptInfo: abfss://, /Volumes/, dbfs:/, file:/, else a workspace file.
Json init_script(const std::string& path) {
  const auto starts = [&](std::string_view prefix) { return path.rfind(prefix, 0) == 0; };
  const char* kind = starts("abfss://") ? "abfss"
                     : starts("/Volumes/") ? "volumes"
                     : starts("dbfs:/")    ? "dbfs"
                     : starts("file:/")    ? "file"
                                           : "workspace";
  return Json::object({{kind, Json::object({{"destination", path}})}});
}

Json new_cluster(const ir::Cluster& cluster) {
  Json out = json::object(8);
  out["spark_version"] = cluster.spark_version;
  if (cluster.instance_pool_id) {
    out["instance_pool_id"] = *cluster.instance_pool_id;
  } else {
    out["node_type_id"] = cluster.node_type;
    if (cluster.driver_node_type) out["driver_node_type_id"] = *cluster.driver_node_type;
  }
  if (cluster.autoscale)
    out["autoscale"] = Json::object({{"min_workers", cluster.min_workers}, {"max_workers", cluster.max_workers}});
  else
    out["num_workers"] = cluster.workers;
  if (!cluster.spark_conf.empty()) out["spark_conf"] = conf_map(cluster.spark_conf);
  // PYSPARK_PYTHON as the Databricks UI writes it on every new cluster (a job exported as YAML carries it) and as
  // the ADF linked service of the same cluster carries it (codegen/adf/resources.cpp): the runtime's own Python,
  // unless the cluster sets it.
  auto env_vars = cluster.spark_env_vars;
  ir::ConfValue python;
  python.text = "/databricks/python3/bin/python3";
  env_vars.try_emplace("PYSPARK_PYTHON", std::move(python));
  out["spark_env_vars"] = conf_map(env_vars);
  if (!cluster.custom_tags.empty()) {
    out["custom_tags"] = Json::object();
    for (const auto& [key, value] : cluster.custom_tags) out["custom_tags"][key] = value;
  }
  if (!cluster.init_scripts.empty()) {
    out["init_scripts"] = Json::array();
    for (const auto& script : cluster.init_scripts) out["init_scripts"].push_back(init_script(script));
  }
  if (cluster.policy_id) out["policy_id"] = *cluster.policy_id;
  return out;
}

Json package(const char* key, const std::string& value, const std::optional<std::string>& repo) {
  Json out = Json::object();
  out[key] = value;
  if (repo) out["repo"] = *repo;
  return out;
}

Json library(const ir::Library& lib) {
  using Kind = ir::Library::Kind;
  switch (lib.kind) {
    case Kind::Jar: return Json::object({{"jar", lib.value}});
    case Kind::Whl: return Json::object({{"whl", lib.value}});
    case Kind::Egg: return Json::object({{"egg", lib.value}});
    case Kind::Pypi: return Json::object({{"pypi", package("package", lib.value, lib.repo)}});
    case Kind::Cran: return Json::object({{"cran", package("package", lib.value, lib.repo)}});
    case Kind::Maven: {
      Json maven = package("coordinates", lib.value, lib.repo);
      if (!lib.exclusions.empty()) maven["exclusions"] = lib.exclusions;
      return Json::object({{"maven", std::move(maven)}});
    }
  }
  throw std::logic_error("databricks: unknown library kind");
}

Json task(const ir::Project& project, const ir::Model& model, const std::string& env) {
  if (!targets::valid_task_key(model.name))
    throw std::logic_error("databricks: `" + model.name + "` is not a valid task key");
  const auto& cluster = project.clusters.at(model.cluster);
  Json notebook = Json::object();
  notebook["notebook_path"] = model.notebook_path.get(env);
  if (!model.params.empty()) {
    Json parameters = Json::object();
    for (const auto& param : model.params) parameters[param.name] = parameter_reference(param.name);
    notebook["base_parameters"] = std::move(parameters);
  }
  notebook["source"] = "WORKSPACE";
  Json out = json::object(8);
  out["task_key"] = model.name;
  out["notebook_task"] = std::move(notebook);
  if (cluster.kind == ir::Cluster::Kind::Existing)
    out["existing_cluster_id"] = cluster.existing_cluster_id.get(env);
  else
    out["job_cluster_key"] = kJobClusterKey;
  if (!model.libraries.empty()) {
    out["libraries"] = Json::array();
    for (const auto& lib : model.libraries) out["libraries"].push_back(library(lib));
  }
  out["timeout_seconds"] = model.timeout_seconds;
  out["max_retries"] = model.retries;
  out["min_retry_interval_millis"] = static_cast<std::int64_t>(model.retry_interval_seconds) * 1000;
  return out;
}

Json tags(const ir::Model& model) {
  Json out = Json::object();
  for (const auto& tag : model.tags) out[tag] = "";
  out["schedc_model"] = model.name;
  // The declaring file's name, not its path: output never depends on where or how the inputs were given.
  const auto slash = model.source_path.find_last_of('/');
  out["schedc_source"] = slash == std::string::npos ? model.source_path : model.source_path.substr(slash + 1);
  return out;
}

Json email_notifications(const ir::Notifications& notify) {
  Json out = Json::object();
  if (!notify.on_start.empty()) out["on_start"] = notify.on_start;
  if (!notify.on_success.empty()) out["on_success"] = notify.on_success;
  if (!notify.on_failure.empty()) out["on_failure"] = notify.on_failure;
  return out;
}

}  // namespace

Json job_settings(const ir::Project& project, const ir::Model& model, const std::string& env) {
  const auto name = model.names.jobs.find(env);
  if (name == model.names.jobs.end())
    throw std::logic_error("databricks: model " + model.name + " has no job name for environment '" + env + "'");
  const auto& cluster = project.clusters.at(model.cluster);
  Json out = json::object(8);
  out["name"] = name->second;
  if (model.description) out["description"] = *model.description;
  out["tags"] = tags(model);
  out["tasks"] = Json::array({task(project, model, env)});
  if (cluster.kind == ir::Cluster::Kind::New)
    out["job_clusters"] = Json::array({Json::object({{"job_cluster_key", kJobClusterKey}, {"new_cluster", new_cluster(cluster)}})});
  out["timeout_seconds"] = targets::job_timeout_seconds(model);
  out["max_concurrent_runs"] = model.concurrency;
  out["queue"] = Json::object({{"enabled", true}});
  if (!model.notify.empty()) out["email_notifications"] = email_notifications(model.notify);
  if (model.target == ir::Target::Databricks) {
    if (!model.schedule.quartz) throw std::logic_error("databricks: model " + model.name + " has no Quartz expression");
    Json schedule = Json::object();
    schedule["quartz_cron_expression"] = *model.schedule.quartz;
    schedule["timezone_id"] = model.schedule.zone;
    schedule["pause_status"] = triggers_started(project, env) ? "UNPAUSED" : "PAUSED";
    out["schedule"] = std::move(schedule);
  }
  if (!model.params.empty()) {
    out["parameters"] = Json::array();
    for (const auto& param : model.params)
      out["parameters"].push_back(Json::object({{"name", param.name}, {"default", lower_template(param.value, model, env)}}));
  }
  return out;
}

}  // namespace schedc::codegen::databricks
