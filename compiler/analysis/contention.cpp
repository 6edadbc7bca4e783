// Runs that overlap on the same existing cluster (docs/language.md §11.3). Each model's run windows
// [fire, fire + timeout) over the horizon are merged per model, then one sweep per cluster (a k-way merge of the
// models' window streams by start, and a heap of the running models' ends) counts how many models run at once.
// O(W log k) for W windows of k models; never all pairs of models. The models' windows are computed on several
// threads, and a large sweep is split into time ranges swept at once.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "compiler/analysis/analyses.hpp"
#include "compiler/parallel.hpp"

namespace schedc::analysis {

using namespace std::chrono;

std::vector<Window> merge_windows(const std::vector<Instant>& fires, std::int64_t length_seconds) {
  std::vector<Window> out;
  for (Instant f : fires) {
    const Instant end = f + seconds{length_seconds};
    if (!out.empty() && f <= out.back().end)
      out.back().end = std::max(out.back().end, end);
    else
      out.push_back({f, end});
  }
  return out;
}

namespace {

// The sweep over the window starts in [lo, hi), in (time, model) order, with the windows begun before `lo` and
// still running at `lo` running from the start. What it finds at a start depends only on the windows running then,
// so the results of consecutive ranges combine into the result of their union (see sweep()).
Contention sweep_range(const std::vector<std::vector<Window>>& windows, Instant lo, Instant hi) {
  Contention c;
  c.involved.assign(windows.size(), false);
  using Item = std::pair<Instant, std::size_t>;  // (instant, model)
  auto later = [](const Item& a, const Item& b) { return a > b; };
  std::vector<Item> starts;  // min-heap: each model's next window start
  std::vector<std::size_t> next(windows.size(), 0);
  std::vector<Item> running;  // min-heap of (end, model) of the windows running now
  std::vector<Item> unmarked;  // (end, model) of running windows whose model is not marked involved yet
  for (std::size_t m = 0; m < windows.size(); ++m) {
    const auto& ws = windows[m];
    const auto first = std::lower_bound(ws.begin(), ws.end(), lo, [](const Window& w, Instant t) { return w.begin < t; });
    next[m] = static_cast<std::size_t>(first - ws.begin());
    if (first != ws.begin() && std::prev(first)->end > lo) {  // a model's windows do not overlap: at most one
      running.emplace_back(std::prev(first)->end, m);
      unmarked.emplace_back(std::prev(first)->end, m);
    }
    if (first != ws.end() && first->begin < hi) starts.emplace_back(first->begin, m);
  }
  std::make_heap(starts.begin(), starts.end(), later);
  std::make_heap(running.begin(), running.end(), later);
  while (!starts.empty()) {
    std::pop_heap(starts.begin(), starts.end(), later);
    const auto [t, m] = starts.back();
    starts.pop_back();
    const Window& w = windows[m][next[m]];
    if (++next[m] < windows[m].size() && windows[m][next[m]].begin < hi) {
      starts.emplace_back(windows[m][next[m]].begin, m);
      std::push_heap(starts.begin(), starts.end(), later);
    }
    while (!running.empty() && running.front().first <= t) {  // windows are half-open: an end at t is over
      std::pop_heap(running.begin(), running.end(), later);
      running.pop_back();
    }
    running.emplace_back(w.end, m);
    std::push_heap(running.begin(), running.end(), later);
    // Models running now that are not yet known to be involved; each window enters and leaves this list once,
    // so marking is O(1) amortized (not O(running) per start, which would be quadratic in a burst of starts).
    if (running.size() == 1) unmarked.clear();  // every earlier window has ended
    if (!c.involved[m]) unmarked.emplace_back(w.end, m);
    if (running.size() >= 2) {
      if (!c.first_overlap) c.first_overlap = t;
      for (const auto& u : unmarked)
        if (u.first > t) c.involved[u.second] = true;
      unmarked.clear();
    }
    if (running.size() > c.peak) {
      c.peak = running.size();
      c.peak_at = t;
    }
  }
  return c;
}

}  // namespace

Contention sweep(const std::vector<std::vector<Window>>& windows, std::size_t parts) {
  std::size_t count = 0;
  Instant first = Instant::max(), last = Instant::min();
  for (const auto& ws : windows) {
    count += ws.size();
    if (!ws.empty()) {
      first = std::min(first, ws.front().begin);
      last = std::max(last, ws.back().begin);
    }
  }
  if (parts == 0) parts = count >= 16384 ? 16 : 1;
  if (parts <= 1 || count == 0) return sweep_range(windows, Instant::min(), Instant::max());
  // Part i sweeps the starts in [bounds[i], bounds[i + 1]). A model involved in any part is involved; the peak is
  // the highest, at the first part that reaches it (each part finds the first instant it reaches its own);
  // the first overlap is that of the first part with one. Exactly the result of one sweep over all starts.
  std::vector<Instant> bounds{Instant::min()};
  const auto span = (last - first).count();
  for (std::size_t i = 1; i < parts; ++i)
    bounds.push_back(first + Instant::duration{span / static_cast<std::int64_t>(parts) * static_cast<std::int64_t>(i)});
  bounds.push_back(Instant::max());
  std::vector<Contention> results(parts);
  parallel_for(parts, [&](std::size_t i) { results[i] = sweep_range(windows, bounds[i], bounds[i + 1]); }, 2);
  Contention c;
  c.involved.assign(windows.size(), false);
  for (const Contention& r : results) {
    if (r.peak > c.peak) {
      c.peak = r.peak;
      c.peak_at = r.peak_at;
    }
    if (!c.first_overlap) c.first_overlap = r.first_overlap;
    for (std::size_t m = 0; m < windows.size(); ++m)
      if (r.involved[m]) c.involved[m] = true;
  }
  return c;
}

void check_contention(const ir::Project& project, Diagnostics& diags) {
  // The environments whose triggers run: those with `trigger = started`, else all of them ("" when none are
  // declared). A cluster is identified by its id; a model is on it when one of these environments uses that id.
  std::vector<std::string> envs;
  for (const auto& e : project.environments)
    if (e.triggers_started) envs.push_back(e.name);
  if (envs.empty())
    for (const auto& e : project.environments) envs.push_back(e.name);
  if (envs.empty()) envs.push_back("");
  // A cluster id belongs to one workspace: a cluster is (workspace, id), and models in different workspaces never
  // share a cluster. The same id in several workspaces is reported (SCH7005): almost surely a copied id.
  using ClusterKey = std::pair<std::string, std::string>;  // workspace, id
  std::map<ClusterKey, std::vector<const ir::Model*>> on_cluster;  // -> models (name order)
  std::map<std::string, std::set<std::string>> env_of_cluster;  // id -> environments
  std::map<std::string, std::map<std::string, std::vector<const ir::Model*>>> workspaces_of_id;  // id -> workspace -> models
  const auto add = [&](const ir::Model& m, const std::set<std::string>& ids) {
    for (const auto& id : ids) {
      on_cluster[{m.workspace, id}].push_back(&m);
      workspaces_of_id[id][m.workspace].push_back(&m);
    }
  };
  for (const auto& m : project.models) {
    if (m.existing_job) continue;  // an existing job's clusters are its own, unknown to schedc
    const ir::Cluster& c = project.clusters.at(m.cluster);
    if (c.kind != ir::Cluster::Kind::Existing) continue;
    std::set<std::string> ids;
    for (const auto& e : envs) {
      if (!c.existing_cluster_id.all && !c.existing_cluster_id.by_env.count(e)) continue;
      const std::string& id = c.existing_cluster_id.get(e);
      ids.insert(id);
      if (!e.empty()) env_of_cluster[id].insert(e);
    }
    add(m, ids);
  }
  // The organisation index's models (other repos'), by the ids the index gives per environment; a model the
  // sources replace by name is SCH4001 already. Only what involves a model of the sources is reported.
  std::set<std::string> source_names;
  for (const auto& m : project.models) source_names.insert(lower_ascii(m.name));
  for (const auto& m : project.index_models) {
    if (m.index_cluster_ids.empty() || source_names.count(lower_ascii(m.name))) continue;
    std::set<std::string> ids;
    for (const auto& e : envs) {
      auto it = m.index_cluster_ids.find(e);
      if (it == m.index_cluster_ids.end()) it = m.index_cluster_ids.find("");
      if (it == m.index_cluster_ids.end()) continue;
      ids.insert(it->second);
      if (!e.empty()) env_of_cluster[it->second].insert(e);
    }
    add(m, ids);
  }
  const auto in_index = [&](const ir::Model* m) {
    return m >= project.index_models.data() && m < project.index_models.data() + project.index_models.size();
  };
  // Where an index model is: "model `x` of repo `r` (`file`), in the organisation index".
  const auto of_index = [&](const ir::Model* m) {
    if (!in_index(m)) return std::string();
    return fmt::format(": model `{}` of {}, in the organisation index", m->name,
                       m->repo.empty() ? fmt::format("`{}`", m->file) : fmt::format("repo `{}` (`{}`)", m->repo, m->file));
  };
  // The sources' models first (a report is at one of them), then in file order.
  const auto file_order = [&](const ir::Model* a, const ir::Model* b) {
    return std::make_tuple(in_index(a), std::cref(a->source_path), a->span.begin) <
           std::make_tuple(in_index(b), std::cref(b->source_path), b->span.begin);
  };
  const auto any_source = [&](const std::vector<const ir::Model*>& ms) {
    return std::any_of(ms.begin(), ms.end(), [&](const ir::Model* m) { return !in_index(m); });
  };
  for (auto& [id, by_workspace] : workspaces_of_id) {
    if (by_workspace.size() < 2) continue;
    bool sources = false;
    for (const auto& [workspace, models] : by_workspace) sources = sources || any_source(models);
    if (!sources) continue;
    // Reported at the first model in file order; the first model of each other workspace is labelled.
    std::vector<const ir::Model*> firsts;
    std::vector<std::string> names;
    for (auto& [workspace, models] : by_workspace) {
      std::sort(models.begin(), models.end(), file_order);
      firsts.push_back(models.front());
      names.push_back("`" + workspace + "`");
    }
    std::sort(firsts.begin(), firsts.end(), file_order);
    std::string listed;
    for (std::size_t i = 0; i < names.size(); ++i)
      listed += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    SCHEDC_DIAGNOSTIC(ExistingClusterIdUsedWorkspaces, ClusterInSeveralWorkspaces, "the existing cluster id `{}` is used in workspaces {}: a cluster id belongs to one workspace",
                      std::string_view, std::string_view);
    auto& d = diags.report(ExistingClusterIdUsedWorkspaces, firsts.front()->span, id, listed);
    d.primary_label = fmt::format("runs on `{}` in workspace `{}`", id, firsts.front()->workspace);
    for (std::size_t i = 1; i < firsts.size(); ++i)
      d.labels.push_back({firsts[i]->span, fmt::format("runs on `{}` in workspace `{}`{}", id, firsts[i]->workspace, of_index(firsts[i]))});
    d.notes.push_back("Databricks creates cluster ids per workspace, so the same id in two workspaces names two "
                      "different clusters (or none in one of them); contention (SCH7004) is checked per workspace");
    d.help = "use the id of the cluster in each model's own workspace (`existing = per_env { ... }` when it differs "
             "per environment), or run these models in one workspace";
  }
  for (const auto& [key, models] : on_cluster) {
    const std::string& id = key.second;
    if (models.size() < 2 || !any_source(models)) continue;
    std::vector<const ir::Schedule*> schedules;
    for (const ir::Model* m : models) schedules.push_back(&m->schedule);
    const Horizon horizon = horizon_for(schedules);
    const Instant from = horizon.begin(), to = horizon.end();
    std::vector<std::vector<Window>> windows(models.size());  // by index: the same for any thread count
    const std::vector<const ir::Model*>& on = models;  // (clang 14 cannot capture a structured binding)
    parallel_for(models.size(), [&](std::size_t i) {
      const ir::Model& m = *on[i];
      windows[i] = merge_windows(schedule_fires(m.schedule, from - seconds{1}, to - seconds{1}), m.timeout_seconds);
    });
    const Contention c = sweep(windows);
    if (!c.first_overlap) continue;
    std::vector<const ir::Model*> involved;
    for (std::size_t i = 0; i < models.size(); ++i)
      if (c.involved[i]) involved.push_back(models[i]);
    // Reported at the first involved model of the sources in file order; every other one is labelled.
    if (!any_source(involved)) continue;  // only other repos' models: their own repos' check reports it
    std::sort(involved.begin(), involved.end(), file_order);
    std::string envs_text;
    if (env_of_cluster.count(id))
      for (const auto& e : env_of_cluster.at(id)) envs_text += (envs_text.empty() ? "" : ", ") + e;
    SCHEDC_DIAGNOSTIC(ModelsRunSameTimeExisting, ClusterContention, "{} models run at the same time on the existing cluster `{}`: up to {} at once, first at {}",
                      std::size_t, std::string_view, std::size_t, std::string_view);
    auto& d = diags.report(ModelsRunSameTimeExisting, involved.front()->span, involved.size(), id, c.peak, schedule::format_utc(c.peak_at));
    d.primary_label = fmt::format("runs up to {} while another model runs on `{}`", human_seconds(involved.front()->timeout_seconds), id);
    for (std::size_t i = 1; i < involved.size(); ++i)
      d.labels.push_back({involved[i]->span, fmt::format("also on `{}`, runs up to {}{}", id, human_seconds(involved[i]->timeout_seconds), of_index(involved[i]))});
    d.notes.push_back(fmt::format("a run occupies the cluster from its scheduled time until its timeout; the first "
                                  "overlap starts at {} (checked over {})",
                                  schedule::format_utc(*c.first_overlap), horizon.years()));
    if (!envs_text.empty()) d.notes.push_back(fmt::format("the cluster id is used in environment{} {}", env_of_cluster.at(id).size() == 1 ? "" : "s", envs_text));
    d.help = "move the schedules apart, shorten the timeouts, or give one of the models its own job cluster";
  }
}

}  // namespace schedc::analysis
