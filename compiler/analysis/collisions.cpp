// Collisions across all files (and repos) that only the whole IR shows (docs/language.md §11.1): the same notebook
// run twice, and the factory's entity limit. Name collisions and conflicting shared declarations are found during
// lowering (SCH4001-SCH4003). Hash maps only: linear in the number of models.
#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "compiler/analysis/analyses.hpp"

namespace schedc::analysis {

namespace {

std::string template_text(const ir::Template& t) {
  std::string s;
  for (const auto& p : t.parts) {
    if (!p.is_binding) {
      s += p.text;
      continue;
    }
    switch (p.binding) {
      case ir::Binding::ScheduledTime: s += "{schedule.time}"; break;
      case ir::Binding::ScheduledDate: s += "{schedule.date}"; break;
      case ir::Binding::EnvName: s += "{env.name}"; break;
      case ir::Binding::ModelName: s += "{model.name}"; break;
    }
  }
  return s;
}

// What a run does: workspace and cluster (the linked service), notebook in every environment, parameters.
// `{model.name}` differs between models, so a parameter that uses it makes the runs different.
// A model that runs an existing job: the workspace and the job's name (ignoring case, as Databricks finds it) in
// every environment.
std::string run_key(const ir::Model& m) {
  std::string k;
  if (m.existing_job) {
    k = "job\x1e" + m.workspace + "\x1e";
    auto folded = [](std::string s) {
      for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      return s;
    };
    if (m.existing_job->all) k += folded(*m.existing_job->all);
    for (const auto& [env, job] : m.existing_job->by_env) k += env + "=" + folded(job) + "\x1f";
  } else {
    k = m.names.cluster_linked_service + "\x1e";
    if (m.notebook_path.all) k += *m.notebook_path.all;
    for (const auto& [env, path] : m.notebook_path.by_env) k += env + "=" + path + "\x1f";
  }
  k += "\x1e";
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& p : m.params) {
    std::string v = template_text(p.value);
    bool uses_name = std::any_of(p.value.parts.begin(), p.value.parts.end(), [](const ir::TemplatePart& x) {
      return x.is_binding && x.binding == ir::Binding::ModelName;
    });
    params.emplace_back(p.name, uses_name ? v + "\x1d" + m.name : v);
  }
  std::sort(params.begin(), params.end());
  for (const auto& [n, v] : params) k += n + "=" + v + "\x1f";
  return k;
}

}  // namespace

void check_collisions(const ir::Project& project, Diagnostics& diags) {
  // The same notebook, parameters and cluster in several models (SCH4010, a warning).
  std::unordered_map<std::string, std::vector<const ir::Model*>> runs;
  for (const auto& m : project.models) runs[run_key(m)].push_back(&m);
  std::vector<std::vector<const ir::Model*>> groups;
  for (auto& [key, models] : runs)
    if (models.size() > 1) groups.push_back(models);
  for (auto& g : groups) {
    std::sort(g.begin(), g.end(), [](const ir::Model* a, const ir::Model* b) {
      return std::tie(a->source_path, a->span.begin) < std::tie(b->source_path, b->span.begin);
    });
    const ir::Model& first = *g[0];
    const ir::Model& again = *g[1];
    // Every model of the group, located and with its schedule.
    const auto runs_again = [&](Diagnostic& d) {
      d.primary_label = "runs it again";
      d.labels.push_back({first.span, "also runs it"});
      for (std::size_t i = 2; i < g.size(); ++i) d.labels.push_back({g[i]->span, "also runs it"});
      for (const ir::Model* m : g)
        d.notes.push_back(fmt::format("`{}` runs on cron \"{}\" in {}", m->name, m->schedule.cron.text, m->schedule.zone));
    };
    if (first.existing_job) {
      const std::string job = first.existing_job->all ? *first.existing_job->all : first.existing_job->by_env.begin()->second;
      SCHEDC_DIAGNOSTIC(ModelRunsSameJobWith, NotebookRunTwice,
                        "model `{}` runs the existing Databricks job `{}` with the same parameters as model `{}`",
                        std::string_view, std::string_view, std::string_view);
      auto& d = diags.report(ModelRunsSameJobWith, again.span, again.name, job, first.name);
      runs_again(d);
      d.help = "if both are meant to run, pass different `parameters`; otherwise delete one of the models";
      continue;
    }
    std::string path = first.notebook_path.all ? *first.notebook_path.all
                                               : first.notebook_path.by_env.begin()->second;
    SCHEDC_DIAGNOSTIC(ModelRunsSameNotebookWith, NotebookRunTwice, "model `{}` runs the same notebook `{}` with the same parameters on the same cluster as model `{}`",
                      std::string_view, std::string_view, std::string_view);
    auto& d = diags.report(ModelRunsSameNotebookWith, again.span, again.name, path, first.name);
    runs_again(d);
    d.help = "if both are meant to run, give them different parameters (e.g. `model = \"{model.name}\"`); otherwise "
             "delete one of the models";
  }

  // ADF allows at most 5,000 entities (pipelines, triggers, linked services, datasets, ...) per factory by
  // default; Azure support can raise a factory's limit (`project { factory_entity_limit = N }`).
  const std::size_t kMaxEntities = project.factory_entity_limit;
  std::size_t pipelines = project.models.size(), triggers = 0, linked = project.cluster_bindings.size(), datasets = 0;
  for (const auto& m : project.models) triggers += m.names.triggers.size();
  for (const auto& u : project.storage_uses) {
    ++linked;
    datasets += (u.needs_file ? 1 : 0) + (u.needs_folder ? 1 : 0);
  }
  const std::size_t total = pipelines + triggers + linked + datasets;
  if (total > kMaxEntities && !project.models.empty()) {
    // Reported at the last model in file order: the factory fills up in name order, so any model could be blamed.
    const ir::Model* last = &project.models.front();
    for (const auto& m : project.models)
      if (std::tie(m.source_path, m.span.begin) > std::tie(last->source_path, last->span.begin)) last = &m;
    SCHEDC_DIAGNOSTIC(FactoryOverItsLimit, FactoryLimit, "the factory would hold {} entities; its `factory_entity_limit` is {}",
                      std::string_view, std::string_view);
    SCHEDC_DIAGNOSTIC(FactoryOverAdfLimit, FactoryLimit, "the factory would hold {} entities; ADF allows at most {} per factory",
                      std::string_view, std::string_view);
    auto& d = project.factory_entity_limit_span
                  ? diags.report(FactoryOverItsLimit, last->span, thousands(total), thousands(kMaxEntities))
                  : diags.report(FactoryOverAdfLimit, last->span, thousands(total), thousands(kMaxEntities));
    d.primary_label = "one of the models";
    if (project.factory_entity_limit_span) d.labels.push_back({*project.factory_entity_limit_span, "the limit set here"});
    auto count = [](std::size_t n, std::string_view what) {
      return fmt::format("{} {}{}", thousands(n), what, n == 1 ? "" : "s");
    };
    d.notes.push_back(fmt::format("{}, {}, {} and {} from {}", count(pipelines, "pipeline"), count(triggers, "trigger"),
                                  count(linked, "linked service"), count(datasets, "dataset"),
                                  count(project.models.size(), "model")));
    d.help = project.factory_entity_limit_span
                 ? "split the models into several factories (one project per factory), or raise "
                   "`factory_entity_limit` if Azure support raised this factory's limit"
                 : "split the models into several factories (one project per factory), e.g. by team or domain; if "
                   "Azure support raised this factory's limit, set `project { factory_entity_limit = N }`";
  }
}

}  // namespace schedc::analysis
