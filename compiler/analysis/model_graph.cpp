// The graph of model prerequisites: success markers must be configured when a model waits for another (SCH2006),
// and no model may wait for itself through others (SCH2005).
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "compiler/analysis/analyses.hpp"

namespace schedc::analysis {

void check_model_graph(const ir::Project& project, bool markers_declared, std::optional<Span> project_decl,
                       Diagnostics& diags) {
  // Markers must exist when any model depends on another.
  for (const auto& m : project.models)
    for (const auto& p : m.requires_)
      if (p.kind == ir::Prerequisite::Kind::Model && !project.markers && !markers_declared) {
        SCHEDC_DIAGNOSTIC(ModelWaitsModelButNo, MarkersNotConfigured, "model `{}` waits for model `{}`, but no success markers are configured",
                          std::string_view, std::string_view);
        auto& d = diags.report(ModelWaitsModelButNo, p.span, m.name, p.upstream);
        d.notes.push_back("each pipeline writes a success marker that downstream pipelines check; it needs a storage location");
        if (project_decl) {  // the project has a `project` block, perhaps in another file: markers go into it
          d.labels.push_back({*project_decl, "the project's settings: add `markers` here"});
          d.help = "add `markers { storage = STORAGE  path = \"container/folder\" }` to the existing `project` block (a "
                   "second `project` block is SCH4002)";
        } else {
          d.help = "add `project { markers { storage = STORAGE  path = \"container/folder\" } }`";
        }
      }
  // Cycles: depth-first search in name order; each cycle is reported once, at its smallest model.
  std::map<std::string, const ir::Model*> by_name;
  for (const auto& m : project.models) by_name[m.name] = &m;
  // The organisation index's models (other repos) take part in cycles; one that waits for a model no repo declares
  // any more (the repos checked renamed or removed it) is reported at its prerequisite in the index.
  for (const auto& m : project.index_models) by_name.emplace(m.name, &m);
  for (const auto& m : project.index_models)
    for (const auto& p : m.requires_) {
      if (by_name.count(p.upstream)) continue;
      SCHEDC_DIAGNOSTIC(IndexUpstreamGone, UnknownReference,
                        "model `{}` of {} waits for model `{}`, which no repo declares any more", std::string_view,
                        std::string_view, std::string_view);
      auto& d = diags.report(IndexUpstreamGone, p.span, m.name,
                             m.repo.empty() ? fmt::format("`{}`", m.file) : fmt::format("repo `{}`", m.repo), p.upstream);
      d.primary_label = "in the organisation index";
      d.notes.push_back(fmt::format("`{}` is declared in {}, which the organisation index describes; the repos being "
                                    "checked replace their entries in the index, and none of them declares `{}`",
                                    m.name, m.repo.empty() ? m.file : m.repo + ":" + m.file, p.upstream));
      d.help = fmt::format("keep model `{}` (or rename it back), or first change `{}` so that it no longer waits for it",
                           p.upstream, m.name);
    }
  std::map<std::string, int> color;  // 0 new, 1 on stack, 2 done
  std::vector<std::pair<const ir::Model*, const ir::Prerequisite*>> stack;  // the path: each edge being followed
  // Depth first without recursion (a chain of tens of thousands of models must not exhaust the stack): a frame per
  // model on the path, with the index of its next prerequisite.
  struct Frame {
    const ir::Model* model;
    std::size_t next = 0;
  };
  std::vector<Frame> frames;
  const auto report_cycle = [&](const ir::Prerequisite& p) {
    auto start = std::find_if(stack.begin(), stack.end(), [&](const auto& s) { return s.first->name == p.upstream; });
    std::string cycle;
    for (auto s = start; s != stack.end(); ++s) cycle += s->first->name + " -> ";
    cycle += p.upstream;
    SCHEDC_DIAGNOSTIC(DependencyCycle, ModelCycle, "dependency cycle: {}", std::string_view);
    auto& d = diags.report(DependencyCycle, start->second->span, cycle);
    d.primary_label = "this prerequisite starts the cycle";
    for (auto s = std::next(start); s != stack.end(); ++s)
      d.labels.push_back({s->second->span, fmt::format("`{}` waits for `{}`", s->first->name, s->second->upstream)});
    d.help = std::next(start) == stack.end() ? "a model cannot wait for itself; remove this prerequisite"
                                             : "no model can run before the others in the cycle; remove one of these prerequisites";
  };
  for (const auto& [name, root] : by_name) {
    if (color[name] != 0) continue;
    color[name] = 1;
    frames.push_back({root});
    while (!frames.empty()) {
      const ir::Model& m = *frames.back().model;
      if (frames.back().next == m.requires_.size()) {
        color[m.name] = 2;
        frames.pop_back();
        if (!frames.empty()) stack.pop_back();  // the edge that led here
        continue;
      }
      const ir::Prerequisite& p = m.requires_[frames.back().next++];
      if (p.kind != ir::Prerequisite::Kind::Model) continue;
      auto it = by_name.find(p.upstream);
      if (it == by_name.end()) continue;
      stack.emplace_back(&m, &p);
      int& c = color[p.upstream];
      if (c == 0) {
        c = 1;
        frames.push_back({it->second});  // the edge stays on the path until that model is done
        continue;
      }
      if (c == 1) report_cycle(p);
      stack.pop_back();
    }
  }
}

}  // namespace schedc::analysis
