// SCH6009: a value that a Databricks Asset Bundle would not keep literally (docs/language.md §4.8.1). The Databricks
// CLI substitutes `${...}` references (`${var.x}`, `${bundle.target}`, `${workspace.host}`) in every string of a
// bundle's YAML before it deploys, so a source value holding one would reach the job changed, while the JSON job and
// the ADF output keep it literal. The bundle has no escape that every CLI version honours, so such a value is an
// error at its declaration. Checked for the values the bundle of a model with a Databricks job holds.
#include <string_view>

#include <fmt/format.h>

#include "compiler/analysis/analyses.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::analysis {

namespace {

bool ref_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.' || c == '[' || c == ']';
}

}  // namespace

std::optional<std::string> bundle_reference(std::string_view text) {
  // The CLI's reference: `${` a letter, then letters, digits, `_`, `-`, `.` and `[n]` indexes, then `}` (a superset
  // of its pattern, so that nothing it substitutes passes).
  for (std::size_t i = text.find("${"); i != std::string_view::npos; i = text.find("${", i + 1)) {
    std::size_t j = i + 2;
    if (j >= text.size() || !((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z'))) continue;
    while (j < text.size() && ref_char(text[j])) ++j;
    if (j < text.size() && text[j] == '}') return std::string(text.substr(i, j + 1 - i));
  }
  return std::nullopt;
}

void check_bundle_values(const ir::Project& project, Diagnostics& diags) {
  std::vector<bool> cluster_used(project.clusters.size(), false), workspace_used(project.workspaces.size(), false);
  auto report = [&](Span span, const std::string& ref, const std::string& where) {
    SCHEDC_DIAGNOSTIC(HoldsWhichDatabricksCliWould, BundleSubstitution, "{} holds `{}`, which the Databricks CLI would replace in the bundle",
                      std::string_view, std::string_view);
    auto& d = diags.report(HoldsWhichDatabricksCliWould, span, where, ref);
    d.primary_label = "`${...}` in a value of a Databricks job";
    d.notes.push_back("`databricks bundle deploy` substitutes `${...}` references in every string of the bundle's YAML; "
                      "the JSON job and the ADF output keep the value as written");
    d.help = "write the value without `${` (a notebook can build the text at run time from a parameter)";
  };
  auto check = [&](std::string_view text, Span span, const std::string& where) {
    if (auto ref = bundle_reference(text)) report(span, *ref, where);
  };
  auto check_env = [&](const ir::PerEnv<std::string>& v, const std::string& where, Span fallback) {
    if (v.all) check(*v.all, v.span.file ? v.span : fallback, where);
    for (const auto& [env, text] : v.by_env) {
      auto it = v.env_spans.find(env);
      check(text, it != v.env_spans.end() ? it->second : fallback, where);
    }
  };
  for (const auto& m : project.models) {
    if (!targets::generates_job(m)) continue;  // nothing of it is in the bundle
    const std::string of = fmt::format(" of model `{}`", m.name);
    if (m.description) check(*m.description, m.span, "the description" + of);
    for (const auto& t : m.tags) check(t, m.span, "a tag" + of);
    check(m.source_path.substr(m.source_path.find_last_of('/') + 1), m.span,
          fmt::format("the name of the file declaring model `{}`", m.name));
    check_env(m.notebook_path, "the notebook path" + of, m.span);
    for (const auto& p : m.params)
      for (const auto& part : p.value.parts)
        if (!part.is_binding) check(part.text, p.span, fmt::format("notebook parameter `{}`{}", p.name, of));
    for (const auto& lib : m.libraries) {
      check(lib.value, m.span, "a library" + of);
      if (lib.repo) check(*lib.repo, m.span, "a library repository" + of);
      for (const auto& e : lib.exclusions) check(e, m.span, "a library exclusion" + of);
    }
    for (const auto* list : {&m.notify.on_start, &m.notify.on_success, &m.notify.on_failure})
      for (const auto& address : *list) check(address, m.notify.span, "a notification address" + of);
    if (m.cluster < cluster_used.size()) cluster_used[m.cluster] = true;
    for (std::size_t w = 0; w < project.workspaces.size(); ++w)
      if (project.workspaces[w].name == m.workspace) workspace_used[w] = true;
  }
  for (std::size_t i = 0; i < project.clusters.size(); ++i) {
    if (!cluster_used[i]) continue;
    const ir::Cluster& c = project.clusters[i];
    const std::string of = c.origin.empty() ? std::string(" of an inline cluster") : fmt::format(" of cluster `{}`", c.origin);
    for (const std::string* v : {&c.spark_version, &c.node_type}) check(*v, c.span, "a setting" + of);
    for (const auto* v : {&c.driver_node_type, &c.policy_id, &c.instance_pool_id})
      if (*v) check(**v, c.span, "a setting" + of);
    for (const auto* conf : {&c.spark_conf, &c.spark_env_vars})
      for (const auto& [key, value] : *conf) {
        check(key, c.span, fmt::format("the key `{}`{}", key, of));
        if (!value.is_secret) check(value.text, c.span, fmt::format("the value of `{}`{}", key, of));
      }
    for (const auto& [key, value] : c.custom_tags) {
      check(key, c.span, "a custom tag" + of);
      check(value, c.span, fmt::format("custom tag `{}`{}", key, of));
    }
    for (const auto& s : c.init_scripts) check(s, c.span, "an init script" + of);
    check_env(c.existing_cluster_id, "the cluster id" + of, c.span);
  }
  for (std::size_t w = 0; w < project.workspaces.size(); ++w)
    if (workspace_used[w])
      check_env(project.workspaces[w].url, fmt::format("the URL of workspace `{}`", project.workspaces[w].name),
                project.workspaces[w].span);
}

}  // namespace schedc::analysis
