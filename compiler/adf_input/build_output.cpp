// The git-integrated folder: see build_output.hpp.
#include "compiler/adf_input/build_output.hpp"

#include <algorithm>

#include "compiler/json/reader.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::adf_input {

std::optional<std::set<std::pair<std::string, std::string>>> generated_by_index(std::string_view index_text) {
  auto parsed = json::parse(index_text);
  if (!parsed.value || !parsed.value->is_object() || !parsed.value->get("schedc_index")) return std::nullopt;
  std::set<std::pair<std::string, std::string>> out;
  const json::Value* models = parsed.value->get("models");
  if (!models || !models->is_array()) return out;
  for (const auto& m : models->items) {
    if (!m.is_object()) continue;
    if (const json::Value* p = m.get("pipeline"); p && p->is_string()) out.emplace("pipeline", p->text);
    if (const json::Value* l = m.get("linked_service"); l && l->is_string()) out.emplace("linkedService", l->text);
    if (const json::Value* ts = m.get("triggers"); ts && ts->is_array())
      for (const auto& t : ts->items)
        if (t.is_string()) out.emplace("trigger", t.text);
  }
  if (const json::Value* storages = parsed.value->get("storages"); storages && storages->is_array())
    for (const auto& s : storages->items) {
      if (!s.is_object()) continue;
      if (const json::Value* l = s.get("linked_service"); l && l->is_string()) out.emplace("linkedService", l->text);
      if (const json::Value* ds = s.get("datasets"); ds && ds->is_array())
        for (const auto& d : ds->items)
          if (d.is_string()) out.emplace("dataset", d.text);
    }
  return out;
}

void drop_build_output(ir::Project& project) {
  if (std::none_of(project.adf_entities.begin(), project.adf_entities.end(),
                   [](const ir::AdfEntity& e) { return e.in_build_output; }))
    return;
  std::set<std::pair<std::string, std::string>> generated;
  for (const auto& m : project.models) {
    if (targets::has_pipeline(m.target)) generated.emplace("pipeline", m.names.pipeline);
    for (const auto& t : m.names.triggers) generated.emplace("trigger", t);
  }
  for (const auto& b : project.cluster_bindings) generated.emplace("linkedService", b.linked_service);
  for (const auto& u : project.storage_uses) {
    generated.emplace("linkedService", u.linked_service);
    if (u.needs_file) generated.emplace("dataset", u.file_dataset);
    if (u.needs_folder) generated.emplace("dataset", u.folder_dataset);
  }
  std::erase_if(project.adf_entities, [&](const ir::AdfEntity& e) {
    return e.in_build_output && generated.count({e.kind, e.name}) != 0;
  });
}

}  // namespace schedc::adf_input
