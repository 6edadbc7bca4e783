// Writes the organisation index: see index.hpp and compiler/index/index.hpp (the reader, and the format).
#include "codegen/index/index.hpp"

#include <optional>
#include <string>
#include <vector>

#include "codegen/json/json.hpp"
#include "compiler/index/index.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::codegen::index {

namespace {

// Models without a repo (a single-repo build) name their files as they were given, which may be absolute or depend
// on the working directory: the index names them relative to the deepest directory holding all of them, so it does
// not depend on how the build was invoked.
std::string common_directory(const ir::Project& project) {
  std::optional<std::string> common;
  for (const auto& m : project.models) {
    if (!m.repo.empty()) continue;
    const auto slash = m.file.rfind('/');
    std::string dir = slash == std::string::npos ? "" : m.file.substr(0, slash + 1);
    if (!common) {
      common = dir;
      continue;
    }
    std::size_t n = 0;
    while (n < common->size() && n < dir.size() && (*common)[n] == dir[n]) ++n;
    while (n > 0 && (*common)[n - 1] != '/') --n;  // whole directory names only
    common->resize(n);
  }
  return common.value_or("");
}

}  // namespace

OutputFile generate_index(const ir::Project& project) {
  using json::Json;
  Json models = Json::array();
  const std::string common = common_directory(project);
  for (const auto& m : project.models) {
    Json e = json::object(16);
    json::append(e, "name", m.name);
    json::append(e, "repo", m.repo);
    json::append(e, "file", m.repo.empty() ? m.file.substr(common.size()) : m.file);
    json::append(e, "target", targets::target_name(m.target));
    json::append(e, "workspace", m.workspace);
    Json s = json::object(4);
    json::append(s, "cron", m.schedule.cron.text);
    json::append(s, "zone", m.schedule.zone);
    if (m.schedule.from) json::append(s, "from", schedc::index::format_local(*m.schedule.from));
    if (m.schedule.until) json::append(s, "until", schedc::index::format_local(*m.schedule.until));
    json::append(e, "schedule", std::move(s));
    json::append(e, "timeout_seconds", m.timeout_seconds);
    Json requires_ = Json::array();
    for (const auto& p : m.requires_) {
      if (p.kind != ir::Prerequisite::Kind::Model) continue;
      Json r = json::object(3);
      json::append(r, "model", p.upstream);
      if (p.mode == ir::Prerequisite::Mode::Wait) json::append(r, "wait_seconds", p.timeout_seconds);
      if (p.within_seconds) json::append(r, "within_seconds", *p.within_seconds);
      requires_.push_back(std::move(r));
    }
    json::append(e, "requires", std::move(requires_));
    if (!m.names.pipeline.empty() && targets::has_pipeline(m.target)) json::append(e, "pipeline", m.names.pipeline);
    Json triggers = Json::array();
    if (targets::has_pipeline(m.target))
      for (const auto& t : m.names.triggers) triggers.push_back(t);
    json::append(e, "triggers", std::move(triggers));
    if (m.target == ir::Target::AdfNotebook && !m.names.cluster_linked_service.empty())
      json::append(e, "linked_service", m.names.cluster_linked_service);
    // Its existing interactive cluster per environment ("" without environments), for contention (SCH7004).
    Json cluster_ids = Json::object();
    if (!m.existing_job && m.cluster < project.clusters.size()) {
      const ir::Cluster& c = project.clusters[m.cluster];
      if (c.kind == ir::Cluster::Kind::Existing) {
        std::vector<std::string> envs;
        for (const auto& env : project.environments) envs.push_back(env.name);
        if (envs.empty()) envs.push_back("");
        for (const auto& env : envs)
          if (c.existing_cluster_id.all || c.existing_cluster_id.by_env.count(env))
            json::append(cluster_ids, env, c.existing_cluster_id.get(env));
      }
    }
    json::append(e, "existing_cluster", std::move(cluster_ids));
    Json jobs = Json::object();
    if (targets::has_job(m.target))
      for (const auto& [env, name] : m.names.jobs) json::append(jobs, env, name);
    json::append(e, "jobs", std::move(jobs));
    // The existing Databricks job it runs (`job = "NAME"`) per environment, for job-name collisions (SCH4005).
    Json existing_job = Json::object();
    if (m.existing_job) {
      std::vector<std::string> envs;
      for (const auto& env : project.environments) envs.push_back(env.name);
      if (envs.empty()) envs.push_back("");
      for (const auto& env : envs)
        if (m.existing_job->all || m.existing_job->by_env.count(env)) json::append(existing_job, env, m.existing_job->get(env));
    }
    json::append(e, "existing_job", std::move(existing_job));
    // What it produces: its success markers (docs/language.md §7.3), written by its ADF pipeline.
    Json produces = Json::array();
    if (project.markers && targets::has_pipeline(m.target)) {
      const auto& mk = *project.markers;
      const std::string folder = mk.container + "/" + (mk.prefix.empty() ? "" : mk.prefix + "/") + m.name + "/";
      for (const std::string& path : {folder + "{schedule.date}/_SUCCESS", folder + "latest/_SUCCESS"}) {
        Json o = json::object(2);
        json::append(o, "storage", mk.storage);
        json::append(o, "path", path);
        produces.push_back(std::move(o));
      }
    }
    json::append(e, "produces", std::move(produces));
    models.push_back(std::move(e));
  }
  // The entities of the storages that prerequisites and markers use, which no one model owns: a build's own ADF
  // folder given as --adf tells them from hand-written files by this list (compiler/adf_input/build_output.hpp).
  Json storages = Json::array();
  for (const auto& u : project.storage_uses) {
    Json s = json::object(3);
    json::append(s, "name", u.storage);
    json::append(s, "linked_service", u.linked_service);
    Json datasets = Json::array();
    if (u.needs_file) datasets.push_back(u.file_dataset);
    if (u.needs_folder) datasets.push_back(u.folder_dataset);
    json::append(s, "datasets", std::move(datasets));
    storages.push_back(std::move(s));
  }
  Json root = json::object(3);
  json::append(root, "schedc_index", schedc::index::kFormatVersion);
  json::append(root, "models", std::move(models));
  json::append(root, "storages", std::move(storages));
  return {"index.json", json::dump(root, 4)};
}

}  // namespace schedc::codegen::index
