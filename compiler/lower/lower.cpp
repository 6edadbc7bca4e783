// The driver of lowering: see lower.hpp.
#include "compiler/lower/lower.hpp"

#include <algorithm>

#include "compiler/analysis/analyses.hpp"
#include "compiler/lower/clusters.hpp"
#include "compiler/lower/context.hpp"
#include "compiler/lower/steps.hpp"
#include "compiler/parallel.hpp"
#include "compiler/secrets.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::lower {
namespace {

void scan_secrets(Context& cx) {  // a file at a time on several threads, reported in file order
  std::vector<Diagnostics> found(cx.units.size());
  parallel_for(cx.units.size(), [&](std::size_t i) { scan_file_for_secrets(*cx.units[i].ast, found[i]); });
  for (const auto& f : found)
    for (const auto& d : f.all()) cx.diags.add(d);
}

}  // namespace

Lowering::Lowering(const SourceManager& sources, Diagnostics& diags, const std::vector<Unit>& units)
    : cx_(std::make_unique<Context>(sources, diags, units, symbols_)) {}
Lowering::~Lowering() = default;

const ir::Project& Lowering::project() const { return cx_->project; }
std::vector<ProjectAllowance> Lowering::project_allowances() const { return cx_->project_allowances; }
std::map<std::string, ResolvedProfile> Lowering::take_profiles() { return std::move(cx_->profiles); }

void Lowering::set_index(std::vector<ir::Model> models, std::string incomplete) {
  Context& cx = *cx_;
  cx.index_given = true;
  cx.index_incomplete = std::move(incomplete);
  cx.project.index_models = std::move(models);
  for (const auto& m : cx.project.index_models) {
    cx.index_by_name.emplace(m.name, &m);
    cx.index_by_folded.emplace(lower_ascii(m.name), &m);
  }
}

std::optional<ir::Project> Lowering::run() {
  Context& cx = *cx_;
  Diagnostics& diags = cx.diags;
  ir::Project& project = cx.project;
  scan_secrets(cx);
  collect(cx);
  lower_environments(cx);
  if (diags.has_errors()) return std::nullopt;
  lower_platform(cx);
  Clusters clusters(cx);
  clusters.check_profiles();
  lower_models(cx, clusters);
  clusters.bind();
  check_index_collisions(cx);  // after the models, so that the other checks of the sources still run
  analysis::check_model_graph(project, cx.markers_declared, cx.project_decl_span, diags);
  collect_storage_uses(cx);
  analysis::check_generated_names(project, cx.sm, diags);
  analysis::check_pipeline_limits(project, diags);
  analysis::check_name_lengths(project, diags);
  if (!diags.has_errors()) targets::check_targets(project, diags);
  if (diags.has_errors()) return std::nullopt;
  auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  std::sort(project.environments.begin(), project.environments.end(), by_name);
  std::sort(project.models.begin(), project.models.end(), [](const ir::Model& a, const ir::Model& b) {
    return std::make_pair(lower_ascii(a.name), a.name) < std::make_pair(lower_ascii(b.name), b.name);
  });
  std::sort(project.cluster_bindings.begin(), project.cluster_bindings.end(),
            [](const auto& a, const auto& b) { return a.linked_service < b.linked_service; });
  return std::move(project);
}

}  // namespace schedc::lower
