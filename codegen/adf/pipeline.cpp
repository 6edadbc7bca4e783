#include "codegen/adf/pipeline.hpp"

#include <fmt/format.h>

#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "codegen/adf/activity.hpp"
#include "codegen/adf/expression.hpp"
#include "codegen/adf/job_run.hpp"
#include "codegen/adf/lookup.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::codegen::adf {
namespace {

constexpr const char* kMissingErrorCode = "SCHEDC_PREREQUISITE_MISSING";
constexpr const char* kMarkerFile = "_SUCCESS";

// Where a prerequisite looks: a Binary dataset and the values of its parameters.
struct Location {
  std::string dataset;
  std::string container;
  ir::Template folder;
  std::optional<ir::Template> file;  // none for a folder dataset
};

// A prerequisite, lowered to what its activities need.
struct Probe {
  std::string name;  // wait_<i>_<kind> | check_<i>_<kind>
  Location where;
  ir::Template subject;  // what must exist: "file 'raw/a/{schedule.date}/x' in storage 'lake'"
};

const char* kind_name(ir::Prerequisite::Kind kind) {
  switch (kind) {
    case ir::Prerequisite::Kind::File: return "file";
    case ir::Prerequisite::Kind::Folder: return "folder";
    case ir::Prerequisite::Kind::Model: return "model";
  }
  throw std::logic_error("adf: unknown prerequisite kind");
}

// "a/b/{schedule.date}/c.csv" -> ("a/b/{schedule.date}", "c.csv"); no '/' -> ("", path).
std::pair<ir::Template, ir::Template> split_at_last_slash(const ir::Template& path) {
  for (std::size_t i = path.parts.size(); i-- > 0;) {
    const auto& part = path.parts[i];
    const auto slash = part.is_binding ? std::string::npos : part.text.rfind('/');
    if (slash == std::string::npos) continue;
    ir::Template before, after;
    before.parts.assign(path.parts.begin(), path.parts.begin() + static_cast<std::ptrdiff_t>(i));
    after.parts.assign(path.parts.begin() + static_cast<std::ptrdiff_t>(i) + 1, path.parts.end());
    return {concat(before, literal(part.text.substr(0, slash))), concat(literal(part.text.substr(slash + 1)), after)};
  }
  return {ir::Template{}, path};
}

// <prefix>/<model>/<scheduled date>: the folder holding a model's success marker for one scheduled date.
ir::Template marker_folder(const ir::Markers& markers, const std::string& model) {
  const std::string prefix = markers.prefix.empty() ? "" : markers.prefix + "/";
  return concat(literal(prefix + model + "/"), binding(ir::Binding::ScheduledDate));
}

// <prefix>/<model>/latest: the folder holding a model's latest success marker (overwritten by every success).
ir::Template latest_marker_folder(const ir::Markers& markers, const std::string& model) {
  const std::string prefix = markers.prefix.empty() ? "" : markers.prefix + "/";
  return literal(prefix + model + "/latest");
}

// True when the latest marker read by GetMetadata `meta` is at most `within` seconds older than the scheduled
// time. A missing marker has no lastModified; coalesce makes it the oldest possible time.
std::string fresh_expression(const std::string& meta, std::int64_t within) {
  return fmt::format(
      "greaterOrEquals(ticks(coalesce(activity('{}').output?.lastModified, '0001-01-01T00:00:00Z')), "
      "ticks(addSeconds({}, -{})))",
      meta, kScheduledTime, within);
}

Probe storage_probe(const ir::Project& project, const ir::Prerequisite& prerequisite, std::string name) {
  const auto& use = require(project.storage_uses, &ir::StorageUse::storage, prerequisite.storage, "storage use");
  const std::string kind = kind_name(prerequisite.kind);
  ir::Template subject = concat(concat(literal(kind + " '" + prerequisite.container + "/"), prerequisite.path),
                                literal("' in storage '" + prerequisite.storage + "'"));
  if (prerequisite.kind == ir::Prerequisite::Kind::Folder)
    return {std::move(name),
            {use.folder_dataset, prerequisite.container, prerequisite.path, std::nullopt},
            std::move(subject)};
  auto [folder, file] = split_at_last_slash(prerequisite.path);
  return {std::move(name),
          {use.file_dataset, prerequisite.container, std::move(folder), std::move(file)},
          std::move(subject)};
}

Probe model_probe(const ir::Project& project, const ir::Prerequisite& prerequisite, std::string name) {
  if (!project.markers) throw std::logic_error("adf: a model prerequisite needs the project's markers");
  const auto& markers = *project.markers;
  const auto& use = require(project.storage_uses, &ir::StorageUse::storage, markers.storage, "storage use");
  if (prerequisite.within_seconds) {
    ir::Template subject = literal(fmt::format("a success of upstream model '{}' within {} before the scheduled time",
                                               prerequisite.upstream, duration_text(*prerequisite.within_seconds)));
    return {std::move(name),
            {use.file_dataset, markers.container, latest_marker_folder(markers, prerequisite.upstream), literal(kMarkerFile)},
            std::move(subject)};
  }
  ir::Template subject = concat(literal("the success marker of upstream model '" + prerequisite.upstream + "' for "),
                                binding(ir::Binding::ScheduledDate));
  return {std::move(name),
          {use.file_dataset, markers.container, marker_folder(markers, prerequisite.upstream), literal(kMarkerFile)},
          std::move(subject)};
}

Probe lower_prerequisite(const ir::Project& project, const ir::Prerequisite& prerequisite, std::size_t index) {
  const char* mode = prerequisite.mode == ir::Prerequisite::Mode::Wait ? "wait" : "check";
  std::string name = fmt::format("{}_{}_{}", mode, index, kind_name(prerequisite.kind));
  return prerequisite.kind == ir::Prerequisite::Kind::Model ? model_probe(project, prerequisite, std::move(name))
                                                            : storage_probe(project, prerequisite, std::move(name));
}

Json dataset_reference(const Location& where, const Scope& scope) {
  Json out = reference(where.dataset, "DatasetReference");
  Json parameters = json::object(3);
  parameters["container"] = json::adf_literal(where.container);
  parameters["folder"] = template_value(where.folder, scope);
  if (where.file) parameters["file"] = template_value(*where.file, scope);
  out["parameters"] = std::move(parameters);
  return out;
}

std::vector<Activity> wait_activities(const Probe& probe, const ir::Prerequisite& prerequisite, const Scope& scope) {
  Activity validation{.name = probe.name,
                      .description = fmt::format("Waits up to {}, polling every {}, for {}",
                                                 duration_text(prerequisite.timeout_seconds),
                                                 duration_text(prerequisite.poll_seconds), source_text(probe.subject)),
                      .type = "Validation"};
  validation.type_properties["dataset"] = dataset_reference(probe.where, scope);
  validation.type_properties["timeout"] = timespan(prerequisite.timeout_seconds);
  validation.type_properties["sleep"] = prerequisite.poll_seconds;
  return {std::move(validation)};
}

Json metadata_properties(const Location& where, const Scope& scope, bool last_modified = false) {
  Json store = Json::object();
  store["type"] = "AzureBlobFSReadSettings";
  store["recursive"] = true;  // Studio's default, written by it on every GetMetadata
  store["enablePartitionDiscovery"] = false;
  Json out = json::object(8);
  out["dataset"] = dataset_reference(where, scope);
  out["fieldList"] = last_modified ? Json::array({"exists", "lastModified"}) : Json::array({"exists"});
  out["storeSettings"] = std::move(store);
  out["formatSettings"] = Json::object({{"type", "BinaryReadSettings"}});
  return out;
}

// `model X within D wait T every P`: an Until loop that reads the latest marker's lastModified until it is fresh,
// sleeping P between reads, and fails after T.
std::vector<Activity> wait_fresh_activities(const Probe& probe, const ir::Prerequisite& prerequisite, const Scope& scope) {
  Activity meta{.name = probe.name + "_meta",
                .type = "GetMetadata",
                .policy = storage_call_policy(),
                .type_properties = metadata_properties(probe.where, scope, true)};
  const std::string fresh = fresh_expression(meta.name, *prerequisite.within_seconds);
  Activity sleep{.name = probe.name + "_sleep", .type = "Wait", .after = {meta.name}};
  sleep.type_properties["waitTimeInSeconds"] = expression(fmt::format("@if({}, 1, {})", fresh, prerequisite.poll_seconds));
  Activity until{.name = probe.name,
                 .description = fmt::format("Waits up to {}, polling every {}, for {}", duration_text(prerequisite.timeout_seconds),
                                            duration_text(prerequisite.poll_seconds), source_text(probe.subject)),
                 .type = "Until"};
  until.type_properties["expression"] = expression("@" + fresh);
  Json inner = Json::array();
  inner.push_back(std::move(meta).to_json());
  inner.push_back(std::move(sleep).to_json());
  until.type_properties["activities"] = std::move(inner);
  until.type_properties["timeout"] = timespan(prerequisite.timeout_seconds);
  return {std::move(until)};
}

std::vector<Activity> check_activities(const Probe& probe, const ir::Prerequisite& prerequisite, const Scope& scope) {
  const bool within = prerequisite.within_seconds.has_value();
  Activity meta{.name = probe.name + "_meta",
                .type = "GetMetadata",
                .policy = storage_call_policy(),
                .type_properties = metadata_properties(probe.where, scope, within)};
  Activity fail{.name = probe.name + "_missing", .type = "Fail"};
  ir::Template message = concat(concat(literal("Prerequisite not met: "), probe.subject),
                                literal(within ? " was not found" : " does not exist"));
  fail.type_properties["message"] = template_value(message, scope);
  fail.type_properties["errorCode"] = kMissingErrorCode;
  Activity condition{.name = probe.name,
                     .description = "Fails the run unless " + source_text(probe.subject) + (within ? " is found" : " exists"),
                     .type = "IfCondition",
                     .after = {meta.name}};
  condition.type_properties["expression"] =
      expression(within ? "@" + fresh_expression(meta.name, *prerequisite.within_seconds)
                        : "@activity('" + meta.name + "').output.exists");
  Json if_false = Json::array();
  if_false.push_back(std::move(fail).to_json());
  condition.type_properties["ifFalseActivities"] = std::move(if_false);
  return {std::move(meta), std::move(condition)};
}

Json package(const char* key, const std::string& value, const std::optional<std::string>& repo) {
  Json out = Json::object();
  out[key] = json::adf_literal(value);
  if (repo) out["repo"] = json::adf_literal(*repo);
  return out;
}

Json library(const ir::Library& lib) {
  using Kind = ir::Library::Kind;
  switch (lib.kind) {
    case Kind::Jar: return Json::object({{"jar", json::adf_literal(lib.value)}});
    case Kind::Whl: return Json::object({{"whl", json::adf_literal(lib.value)}});
    case Kind::Egg: return Json::object({{"egg", json::adf_literal(lib.value)}});
    case Kind::Pypi: return Json::object({{"pypi", package("package", lib.value, lib.repo)}});
    case Kind::Cran: return Json::object({{"cran", package("package", lib.value, lib.repo)}});
    case Kind::Maven: {
      Json maven = package("coordinates", lib.value, lib.repo);
      for (const auto& exclusion : lib.exclusions) maven["exclusions"].push_back(json::adf_literal(exclusion));
      return Json::object({{"maven", std::move(maven)}});
    }
  }
  throw std::logic_error("adf: unknown library kind");
}

// The notebook path: literal, or `notebook_root` (a pipeline parameter) followed by the model's relative path where
// the project's notebook_root differs per environment.
Pieces notebook_path(const ir::Model& model, const Scope& scope) {
  const std::string full = model.notebook_path.get(scope.env);
  if (model.notebook_path.all || !scope.root) return text_pieces(full);
  const std::string root = scope.root->get(scope.env);
  if (full.size() <= root.size() + 1 || full.compare(0, root.size() + 1, root + "/") != 0)
    throw std::logic_error("adf: the notebook path of " + model.name + " is not under project.notebook_root");
  return join(per_env_pieces(scope, "notebook_root", *scope.root), text_pieces(full.substr(root.size())));
}

Json notebook_properties(const ir::Model& model, const Scope& scope) {
  Json out = json::object(8);
  out["notebookPath"] = value_of(notebook_path(model, scope));
  if (!model.params.empty()) {
    Json parameters = Json::object();
    for (const auto& param : model.params) parameters[param.name] = template_value(param.value, scope);
    out["baseParameters"] = std::move(parameters);
  }
  const auto& libraries = model.libraries;
  if (!libraries.empty()) {
    out["libraries"] = Json::array();
    for (const auto& lib : libraries) out["libraries"].push_back(library(lib));
  }
  return out;
}

Activity notebook_activity(const ir::Model& model, const Scope& scope,
                           std::vector<std::string> after) {
  return Activity{.name = "run_notebook",
                  .type = "DatabricksNotebook",
                  .after = std::move(after),
                  .policy = activity_policy(model.timeout_seconds, model.retries, model.retry_interval_seconds),
                  .type_properties = notebook_properties(model, scope),
                  .linked_service = model.names.cluster_linked_service};
}

// https://<account>.dfs.core.windows.net -> https://<account>.blob.core.windows.net (the Blob REST endpoint).
std::string blob_endpoint(std::string url) {
  const auto dfs = url.find(".dfs.");
  if (dfs != std::string::npos) url.replace(dfs, 5, ".blob.");
  return url;
}

Json marker_properties(const ir::Project& project, const ir::Markers& markers, const Scope& scope, bool latest) {
  const auto& storage = require(project.storages, &ir::Storage::name, markers.storage, "storage");
  const ir::Template path =
      concat(concat(literal("/" + markers.container + "/"),
                    latest ? latest_marker_folder(markers, scope.model.name) : marker_folder(markers, scope.model.name)),
             literal(std::string("/") + kMarkerFile));
  const Pieces url = join(per_env_pieces(scope, "storage_" + storage.name + "_blob_url", storage.url, blob_endpoint),
                          pieces(path, scope));
  Json headers = Json::object();
  headers["x-ms-blob-type"] = "BlockBlob";
  headers["x-ms-version"] = "2021-08-06";
  headers["Content-Type"] = "application/json";
  Json authentication = Json::object();
  authentication["type"] = "MSI";
  authentication["resource"] = "https://storage.azure.com";
  Json out = json::object(5);
  out["method"] = "PUT";
  out["url"] = value_of(url);
  out["headers"] = std::move(headers);
  out["body"] = expression(fmt::format(R"({{"model":"{}","pipelineRunId":"@{{pipeline().RunId}}",)"
                                       R"("scheduledTime":"@{{{}}}"}})",
                                       scope.model.name, kScheduledTime));
  out["authentication"] = std::move(authentication);
  return out;
}

Activity marker_activity(const ir::Project& project, const ir::Markers& markers, const Scope& scope, bool latest,
                         const std::string& after) {
  return Activity{.name = latest ? "write_latest_marker" : "write_success_marker",
                  .description = latest ? "Records this model's latest success (read by `within` prerequisites)"
                                        : "Records that this model succeeded for its scheduled date",
                  .type = "WebActivity",
                  .after = {after},
                  .policy = storage_call_policy(),
                  .type_properties = marker_properties(project, markers, scope, latest)};
}

std::vector<Activity> activities(const ir::Project& project, const ir::Model& model, const Scope& scope) {
  std::vector<Activity> out;
  std::vector<std::string> terminals;
  for (std::size_t i = 0; i < model.requires_.size(); ++i) {
    const auto& prerequisite = model.requires_[i];
    const Probe lowered = lower_prerequisite(project, prerequisite, i + 1);
    const bool wait = prerequisite.mode == ir::Prerequisite::Mode::Wait;
    auto steps = wait && prerequisite.within_seconds ? wait_fresh_activities(lowered, prerequisite, scope)
                 : wait                              ? wait_activities(lowered, prerequisite, scope)
                                                     : check_activities(lowered, prerequisite, scope);
    terminals.push_back(steps.back().name);
    for (auto& step : steps) out.push_back(std::move(step));
  }
  std::string last;
  if (model.target == ir::Target::AdfJob) {
    // Option 2: the Databricks job runs the notebook (codegen/adf/job_run.hpp).
    for (auto& step : job_run_activities(project, model, scope, std::move(terminals))) out.push_back(std::move(step));
    last = out.back().name;
  } else {
    out.push_back(notebook_activity(model, scope, std::move(terminals)));
    last = "run_notebook";
  }
  if (project.markers) {
    out.push_back(marker_activity(project, *project.markers, scope, false, last));
    out.push_back(marker_activity(project, *project.markers, scope, true, last));
  }
  return out;
}

// Activities in `list`, nested ones included (Until, If and ForEach hold theirs in these keys).
std::size_t count_activities(const Json& list) {
  std::size_t n = 0;
  for (const auto& a : list) {
    ++n;
    const auto props = a.find("typeProperties");
    if (props == a.end()) continue;
    for (const char* key : {"activities", "ifTrueActivities", "ifFalseActivities"})
      if (const auto inner = props->find(key); inner != props->end()) n += count_activities(*inner);
  }
  return n;
}

}  // namespace

Json pipeline_properties(const ir::Project& project, const ir::Model& model, const std::string& env) {
  PipelineParameters parameters;
  const Scope scope{model, env, project.environments.size() > 1, &parameters,
                    project.notebook_root ? &*project.notebook_root : nullptr};
  Json out = json::object(7);
  if (model.description) out["description"] = *model.description;
  out["activities"] = Json::array();
  for (auto& activity : activities(project, model, scope)) out["activities"].push_back(std::move(activity).to_json());
  // SCH4004 counted this pipeline before it was built (compiler/targets): both must mean the same pipeline.
  if (const auto built = count_activities(out["activities"]);
      built != targets::adf_activity_count(model, project.markers.has_value()))
    throw std::logic_error(fmt::format("adf: the pipeline of {} has {} activities, but targets::adf_activity_count says {}",
                                       model.name, built, targets::adf_activity_count(model, project.markers.has_value())));
  out["concurrency"] = model.concurrency;
  // Empty by default, so "Trigger now" needs no value: a manual run means now (kScheduledTime).
  out["parameters"] = Json::object({{"scheduledTime", Json::object({{"type", "String"}, {"defaultValue", ""}})}});
  for (auto& [name, value] : parameters)
    out["parameters"][name] = Json::object({{"type", "String"}, {"defaultValue", value}});
  if (model.target == ir::Target::AdfJob) out["variables"] = job_run_variables();
  out["annotations"] = model.tags;
  return out;
}

}  // namespace schedc::codegen::adf
