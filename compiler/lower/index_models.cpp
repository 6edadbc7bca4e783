// The organisation index in lowering (compiler/index/): a model of the units whose name an index model of another
// repo has too, ignoring case, is SCH4001 naming the other repo and file; `model NAME` prerequisites resolve to index
// models (prerequisites.cpp) with a did-you-mean over the whole organisation (symbols.cpp).
#include <algorithm>

#include <fmt/format.h>

#include "compiler/lower/context.hpp"
#include "compiler/lower/steps.hpp"

namespace schedc::lower {

std::string index_place(const ir::Model& model) {
  return model.repo.empty() ? fmt::format("`{}`", model.file) : fmt::format("repo `{}` (`{}`)", model.repo, model.file);
}

const ir::Model* index_upstream(const Context& cx, const std::string& name) {
  auto it = cx.index_by_name.find(name);
  return it == cx.index_by_name.end() ? nullptr : it->second;
}

void check_index_collisions(Context& cx) {
  if (cx.index_by_folded.empty()) return;
  SCHEDC_DIAGNOSTIC(ModelAlsoInIndex, DuplicateModel, "model `{}` is also declared in {}{}", std::string_view,
                    std::string_view, std::string_view);
  for (const auto& [name, sym] : cx.table(SymbolKind::Model)) {
    if (!sym.unit->module.empty() || !sym.decl->name) continue;
    auto it = cx.index_by_folded.find(lower_ascii(name));
    if (it == cx.index_by_folded.end()) continue;
    const ir::Model& other = *it->second;
    auto& d = cx.diags.report(ModelAlsoInIndex, sym.name_span(), name, index_place(other),
                              other.name == name ? "" : fmt::format(" as `{}`", other.name));
    d.primary_label = "declared here";
    d.labels.push_back({other.span, fmt::format("the organisation index's `{}`", other.name)});
    if (other.name != name) d.notes.push_back("ADF entity names are case-insensitive, so both would generate the same pipeline");
    d.notes.push_back("the organisation index lists the models of every repo of the last release; the repos being "
                      "checked replace their own entries");
    d.help = other.repo.empty()
                 ? "rename one of the models"
                 : fmt::format("rename one of the models; if this is the same model (moved from repo `{}`), check this "
                               "repo under the name the index gives it, `--repo {}=DIR`, or check both repos",
                               other.repo, other.repo);
  }
}

}  // namespace schedc::lower
