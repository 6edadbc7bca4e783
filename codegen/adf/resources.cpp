#include "codegen/adf/resources.hpp"

#include <fmt/format.h>

#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include "codegen/adf/activity.hpp"
#include "codegen/adf/expression.hpp"
#include "codegen/adf/lookup.hpp"

namespace schedc::codegen::adf {
namespace {

// ---- triggers -----------------------------------------------------------------------------------------------

bool triggers_started(const ir::Project& project, const std::string& env) {
  for (const auto& environment : project.environments)
    if (environment.name == env) return environment.triggers_started;
  return false;
}

Json weekday_names(const std::vector<int>& weekdays) {
  Json out = Json::array();
  for (int day : weekdays) out.push_back(schedc::schedule::adf::weekday_name(day));
  return out;
}

Json monthly_occurrences(const std::vector<schedc::schedule::adf::MonthlyOccurrence>& occurrences) {
  Json out = Json::array();
  for (const auto& occurrence : occurrences) {
    Json item = Json::object();
    item["day"] = schedc::schedule::adf::weekday_name(occurrence.weekday);
    item["occurrence"] = occurrence.occurrence;
    out.push_back(std::move(item));
  }
  return out;
}

// Only the non-empty lists the frequency allows: weekDays with Week, monthDays/monthlyOccurrences with Month.
Json recurrence_schedule(const schedc::schedule::adf::Recurrence& recurrence) {
  using schedc::schedule::adf::Frequency;
  Json out = Json::object();
  if (!recurrence.minutes.empty()) out["minutes"] = recurrence.minutes;
  if (!recurrence.hours.empty()) out["hours"] = recurrence.hours;
  if (recurrence.frequency == Frequency::Week && !recurrence.week_days.empty())
    out["weekDays"] = weekday_names(recurrence.week_days);
  if (recurrence.frequency == Frequency::Month && !recurrence.month_days.empty())
    out["monthDays"] = recurrence.month_days;
  if (recurrence.frequency == Frequency::Month && !recurrence.monthly_occurrences.empty())
    out["monthlyOccurrences"] = monthly_occurrences(recurrence.monthly_occurrences);
  return out;
}

}  // namespace

Json recurrence_json(const schedc::schedule::adf::Recurrence& recurrence) {
  Json out = json::object(8);
  out["frequency"] = schedc::schedule::adf::frequency_name(recurrence.frequency);
  out["interval"] = recurrence.interval;
  out["startTime"] = schedc::schedule::adf::format_time(recurrence.start_time, recurrence.utc);
  if (recurrence.end_time) out["endTime"] = schedc::schedule::adf::format_time(*recurrence.end_time, recurrence.utc);
  out["timeZone"] = recurrence.time_zone;
  if (recurrence.has_schedule) out["schedule"] = recurrence_schedule(recurrence);
  return out;
}

namespace {

std::string trigger_description(const ir::Model& model, std::size_t index) {
  const auto& schedule = model.schedule;
  std::string out =
      fmt::format("Schedule of model {}: cron \"{}\" in {}", model.name, schedule.cron.text, schedule.zone);
  if (schedule.adf.size() > 1) out += fmt::format(" (part {} of {})", index + 1, schedule.adf.size());
  return out;
}

Json pipeline_run(const ir::Model& model) {
  Json out = Json::object();
  out["pipelineReference"] = reference(model.names.pipeline, "PipelineReference");
  out["parameters"] = Json::object({{"scheduledTime", "@trigger().scheduledTime"}});
  return out;
}

// ---- linked services ----------------------------------------------------------------------------------------

std::string conf_text(const ir::ConfValue& value) {
  return value.is_secret ? "{{secrets/" + value.scope + "/" + value.secret + "}}" : value.text;
}

template <class Value, class Lower>
Json string_map(const std::map<std::string, Value>& values, Lower lower) {
  Json out = Json::object();
  for (const auto& [key, value] : values) out[key] = json::adf_literal(lower(value));
  return out;
}

constexpr const char* kPysparkPython = "PYSPARK_PYTHON";
constexpr const char* kStudioPython = "/databricks/python3/bin/python3";

std::string worker_count(const ir::Cluster& cluster) {
  return cluster.autoscale ? fmt::format("{}:{}", cluster.min_workers, cluster.max_workers)
                           : std::to_string(cluster.workers);
}

// The new-job-cluster keys, in Studio's order. A pool fixes the node types, so they are left out with one.
void add_new_cluster(Json& out, const ir::Cluster& cluster) {
  const auto identity = [](const std::string& text) { return text; };
  if (cluster.instance_pool_id)
    out["instancePoolId"] = json::adf_literal(*cluster.instance_pool_id);
  else
    out["newClusterNodeType"] = json::adf_literal(cluster.node_type);
  out["newClusterNumOfWorker"] = worker_count(cluster);
  if (!cluster.spark_conf.empty()) out["newClusterSparkConf"] = string_map(cluster.spark_conf, conf_text);
  // Studio writes PYSPARK_PYTHON (the runtime's own Python) and an init script list on every new-cluster linked
  // service; a saved linked service then differs from ours in nothing.
  Json env_vars = string_map(cluster.spark_env_vars, conf_text);
  if (!env_vars.contains(kPysparkPython)) {
    Json with_default = Json::object();
    with_default[kPysparkPython] = kStudioPython;
    for (auto it = env_vars.begin(); it != env_vars.end(); ++it) with_default[it.key()] = it.value();
    env_vars = std::move(with_default);
  }
  out["newClusterSparkEnvVars"] = std::move(env_vars);
  out["newClusterVersion"] = json::adf_literal(cluster.spark_version);
  // Studio's cluster-size choice ("Fixed" for a worker count, "Autoscaling" for min:max), which current Studio writes
  // just before the init scripts on every new-cluster linked service; ADF itself ignores it.
  out["clusterOption"] = cluster.autoscale ? "Autoscaling" : "Fixed";
  out["newClusterInitScripts"] = Json::array();
  for (const auto& script : cluster.init_scripts) out["newClusterInitScripts"].push_back(json::adf_literal(script));
  if (cluster.driver_node_type && !cluster.instance_pool_id)
    out["newClusterDriverNodeType"] = json::adf_literal(*cluster.driver_node_type);
  if (!cluster.custom_tags.empty()) out["newClusterCustomTags"] = string_map(cluster.custom_tags, identity);
  if (cluster.policy_id) out["policyId"] = json::adf_literal(*cluster.policy_id);
}

Json linked_service(const char* type, Json type_properties) {
  Json out = Json::object();
  out["annotations"] = Json::array();
  out["type"] = type;
  out["typeProperties"] = std::move(type_properties);
  return out;
}

}  // namespace

Json trigger_properties(const ir::Project& project, const ir::Model& model, std::size_t index, const std::string& env) {
  if (index >= model.schedule.adf.size() || model.names.triggers.size() != model.schedule.adf.size())
    throw std::logic_error("adf: model " + model.name + " has not one trigger name per ADF recurrence");
  Json type_properties = Json::object();
  type_properties["recurrence"] = recurrence_json(model.schedule.adf[index]);
  Json out = json::object(8);
  out["description"] = trigger_description(model, index);
  out["annotations"] = Json::array();
  out["runtimeState"] = triggers_started(project, env) ? "Started" : "Stopped";
  out["pipelines"] = Json::array({pipeline_run(model)});
  out["type"] = "ScheduleTrigger";
  out["typeProperties"] = std::move(type_properties);
  return out;
}

Json databricks_linked_service_properties(const ir::Project& project, const ir::ClusterBinding& binding,
                                          const std::string& env) {
  const auto& workspace = require(project.workspaces, &ir::Workspace::name, binding.workspace, "workspace");
  const auto& cluster = project.clusters.at(binding.cluster);
  Json out = Json::object();
  out["domain"] = json::adf_literal(workspace.url.get(env));
  out["authentication"] = "MSI";
  out["workspaceResourceId"] = json::adf_literal(workspace.resource_id.get(env));
  if (cluster.kind == ir::Cluster::Kind::Existing)
    out["existingClusterId"] = json::adf_literal(cluster.existing_cluster_id.get(env));
  else
    add_new_cluster(out, cluster);
  return linked_service("AzureDatabricks", std::move(out));
}

Json storage_linked_service_properties(const ir::Project& project, const ir::StorageUse& use, const std::string& env) {
  const auto& storage = require(project.storages, &ir::Storage::name, use.storage, "storage");
  return linked_service("AzureBlobFS", Json::object({{"url", json::adf_literal(storage.url.get(env))}}));
}

Json dataset_properties(const ir::StorageUse& use, bool file) {
  Json location = Json::object();
  location["type"] = "AzureBlobFSLocation";
  if (file) location["fileName"] = expression("@dataset().file");
  location["folderPath"] = expression("@dataset().folder");
  location["fileSystem"] = expression("@dataset().container");
  Json out = Json::object();
  out["linkedServiceName"] = reference(use.linked_service, "LinkedServiceReference");
  out["parameters"] =
      file ? string_parameters({"container", "folder", "file"}) : string_parameters({"container", "folder"});
  out["annotations"] = Json::array();
  out["type"] = "Binary";
  out["typeProperties"] = Json::object({{"location", std::move(location)}});
  return out;
}

}  // namespace schedc::codegen::adf
