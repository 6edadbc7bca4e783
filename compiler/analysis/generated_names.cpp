// The names schedc generates must be unique per kind, ignoring case (SCH4003), and a pipeline must stay within
// ADF's activity limit (SCH4004).
#include <map>
#include <set>

#include <fmt/format.h>

#include "compiler/analysis/analyses.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::analysis {
namespace {

constexpr std::size_t kMaxGeneratedName = 140;

void check_storage_names(const ir::Project& project, const SourceManager& sm, Diagnostics& diags) {
  std::map<std::string, const ir::StorageUse*> folded;  // ls_adls_/ds_ names differ only by the storage name
  auto span_of = [&](const std::string& name) {
    for (const auto& st : project.storages)
      if (st.name == name) return st.span;
    return Span{};
  };
  auto source_order = [&](Span a) { return std::make_pair(sm.file(a.file).path, a.begin); };
  for (const auto& u : project.storage_uses) {
    const std::string& n = u.storage;
    auto [it, fresh] = folded.emplace(lower_ascii(n), &u);
    if (!fresh) {
      // Blame the later declaration (by file path, then position), as for models.
      Span here = span_of(n), there = span_of(it->second->storage);
      std::string later = n, earlier = it->second->storage;
      if (source_order(there) > source_order(here)) {
        std::swap(here, there);
        std::swap(later, earlier);
      }
      SCHEDC_DIAGNOSTIC(StorageStorageWouldGenerateLinked, GeneratedNameCollision, "storage `{}` and storage `{}` would generate linked services and datasets whose names differ only in letter case (`ls_adls_{}`, `ls_adls_{}`)",
                        std::string_view, std::string_view, std::string_view, std::string_view);
      auto& d = diags.report(StorageStorageWouldGenerateLinked, here, later, earlier, later, earlier);
      d.labels.push_back({there, "the other storage"});
      d.notes.push_back("ADF entity names are case-insensitive");
      d.help = "rename one of the storage declarations";
    }
  }
}

}  // namespace

// Generated entity names must be unique per kind, ignoring case.
void check_generated_names(const ir::Project& project, const SourceManager& sm, Diagnostics& diags) {
  check_storage_names(project, sm, diags);
  // lower-cased name -> every model that generates it so far (a third one is shown both others).
  struct Claimer {
    std::string name;   // the generated name as spelled
    std::string model;
    Span span;
    std::string where;  // a model of the organisation index: its repo and file
  };
  std::map<std::string, std::vector<Claimer>> pipelines, triggers;
  auto claim = [&](auto& table, const std::string& name, const ir::Model& m, std::string_view kind) {
    auto& claimers = table[lower_ascii(name)];
    if (!claimers.empty()) {
      const Claimer& first = claimers.front();
      SCHEDC_DIAGNOSTIC(ModelGeneratesNameWhichModel, GeneratedNameCollision, "model `{}` generates the {} name `{}`, which model `{}` also generates{}",
                        std::string_view, std::string_view, std::string_view, std::string_view, std::string_view);
      auto& d = diags.report(ModelGeneratesNameWhichModel, m.span, m.name, kind, name, first.model, first.name == name ? "" : fmt::format(" (as `{}`)", first.name));
      d.primary_label = fmt::format("generates {} `{}`", kind, name);
      for (const auto& c : claimers)
        d.labels.push_back({c.span, c.where.empty() ? fmt::format("generates `{}` too", c.name)
                                                    : fmt::format("generates `{}` too: model `{}` of {}, in the "
                                                                  "organisation index",
                                                                  c.name, c.model, c.where)});
      if (first.name != name) d.notes.push_back("ADF entity names are case-insensitive");
      if (kind == "trigger")
        d.notes.push_back("a schedule that needs several triggers names them tr_<model>_1, tr_<model>_2, ... "
                          "(docs/language.md §8)");
      d.help = "rename one of the models";
    }
    std::string where;
    if (&m >= project.index_models.data() && &m < project.index_models.data() + project.index_models.size())
      where = m.repo.empty() ? fmt::format("`{}`", m.file) : fmt::format("repo `{}` (`{}`)", m.repo, m.file);
    claimers.push_back({name, m.name, m.span, std::move(where)});
  };
  // The organisation index's models claim their names first, so a collision is reported at the model checked.
  for (const auto& m : project.index_models) {
    if (!m.names.pipeline.empty()) claim(pipelines, m.names.pipeline, m, "pipeline");
    for (const auto& t : m.names.triggers) claim(triggers, t, m, "trigger");
  }
  std::set<std::string> index_names;  // a model of the sources with one of these names is SCH4001 already
  for (const auto& m : project.index_models) index_names.insert(lower_ascii(m.name));
  for (const auto& m : project.models) {
    if (index_names.count(lower_ascii(m.name))) continue;
    claim(pipelines, m.names.pipeline, m, "pipeline");
    for (const auto& t : m.names.triggers) claim(triggers, t, m, "trigger");
  }
}

// Every name schedc generates must fit ADF (pipeline names have at most 140 characters; schedc holds every entity
// kind it generates to that) and the file systems that hold the git layout and the bundle (a file name of at most
// 255 bytes, `<name>.json`). Reported at the declaration whose name it derives from.
void check_name_lengths(const ir::Project& project, Diagnostics& diags) {
  const auto check = [&](const std::string& generated, const char* kind, std::string_view from_kind,
                         const std::string& from, Span at) {
    if (generated.size() <= kMaxGeneratedName) return;
    SCHEDC_DIAGNOSTIC(WouldGenerateNameCharactersLong, InvalidName, "{} `{}` would generate the {} name `{}...`, {} characters long; at most {} are allowed",
                      std::string_view, std::string_view, std::string_view, std::string_view, std::size_t, std::size_t);
    auto& d = diags.report(WouldGenerateNameCharactersLong, at, from_kind, from.substr(0, 60), kind, generated.substr(0, 60), generated.size(), kMaxGeneratedName);
    d.primary_label = "name too long";
    d.notes.push_back("generated names become ADF entity names and file names (`<name>.json`), which ADF and file "
                      "systems limit");
    d.help = fmt::format("choose a shorter name for the {}", from_kind);
  };
  for (const auto& use : project.storage_uses) {
    Span at;
    for (const auto& st : project.storages)
      if (st.name == use.storage) at = st.span;
    check(use.linked_service, "linked service", "storage", use.storage, at);
    if (use.needs_file) check(use.file_dataset, "dataset", "storage", use.storage, at);
    if (use.needs_folder) check(use.folder_dataset, "dataset", "storage", use.storage, at);
  }
  for (const auto& env : project.environments) check(env.name, "parameter file", "environment", env.name, env.span);
  for (const auto& ws : project.workspaces) check(ws.name, "bundle folder", "workspace", ws.name, ws.span);
  for (const auto& m : project.models) {
    if (!m.names.cluster_linked_service.empty())
      check(m.names.cluster_linked_service, "linked service", "the cluster of model", m.name, m.span);
    for (const auto& [env, job] : m.names.jobs) check(job, "Databricks job", "model", m.name, m.span);
  }
}

namespace {

// ADF allows at most 120 activities per pipeline, nested ones included; the count is the pipeline codegen/adf builds
// (targets::adf_activity_count, which codegen checks against what it built).
constexpr std::size_t kMaxActivities = 120;

}  // namespace

void check_pipeline_limits(const ir::Project& project, Diagnostics& diags) {
  for (const auto& m : project.models) {
    std::size_t n = targets::adf_activity_count(m, project.markers.has_value());
    if (n > kMaxActivities) {
      SCHEDC_DIAGNOSTIC(PipelineModelWouldHaveActivities, PipelineLimit, "the pipeline of model `{}` would have {} activities; ADF allows at most {} per pipeline, nested ones included",
                        std::string_view, std::size_t, std::size_t);
      auto& d = diags.report(PipelineModelWouldHaveActivities, m.span, m.name, n, kMaxActivities);
      d.primary_label = fmt::format("{} prerequisites", m.requires_.size());
      d.notes.push_back("a `wait` on a file or folder is 1 activity; a `check`, or a `wait` with `within`, is 3");
      d.help = "wait for a folder or a single _SUCCESS file instead of many files, or split the model";
    }
  }
}

}  // namespace schedc::analysis
