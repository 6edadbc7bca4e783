// Lowering of the platform declarations: environments, the `project` settings, workspaces, storages and key vaults.
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "compiler/lower/keys.hpp"
#include "compiler/lower/context.hpp"
#include "compiler/lower/steps.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::lower {
namespace {

using syntax::Value;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool valid_factory_name(const std::string& s) {
  if (s.size() < 3 || s.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (!alnum(s.front()) || !alnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return alnum(c) || c == '-'; });
}

// The endpoints schedc accepts, per Azure cloud (public, China, US Government).
enum class Endpoint { Databricks, Dfs, Vault };

std::string check_https_host(const std::string& s, Endpoint kind) {
  if (!starts_with(s, "https://")) return "must start with `https://`";
  std::string host = s.substr(8);
  while (!host.empty() && host.back() == '/') host.pop_back();
  if (host.empty()) return "has no host name";
  if (host.find_first_of("/?#:@") != std::string::npos) return "must be the bare endpoint, without a path, port or query";
  for (char c : host)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
      return fmt::format("has the character `{}`, which is not valid in a host name", c);
  std::string lower = lower_ascii(host);
  auto first_dot = lower.find('.');
  if (first_dot == 0 || first_dot == std::string::npos || lower.find("..") != std::string::npos)
    return "is not a valid host name";
  std::string suffix = lower.substr(first_dot + 1);  // everything after the first label
  auto ends_with = [&](std::string_view tail) {
    return lower.size() > tail.size() && lower.compare(lower.size() - tail.size(), tail.size(), tail) == 0 &&
           lower[lower.size() - tail.size() - 1] == '.';
  };
  switch (kind) {
    case Endpoint::Databricks:
      if (ends_with("azuredatabricks.net") || ends_with("databricks.azure.cn") || ends_with("databricks.azure.us")) return "";
      return "is not an Azure Databricks workspace URL (a host in `azuredatabricks.net`)";
    case Endpoint::Dfs:
      if (suffix == "dfs.core.windows.net" || suffix == "dfs.core.chinacloudapi.cn" || suffix == "dfs.core.usgovcloudapi.net")
        return "";
      return "is not an ADLS Gen2 endpoint (`https://<account>.dfs.core.windows.net`)";
    case Endpoint::Vault:
      if (suffix == "vault.azure.net" || suffix == "vault.azure.cn" || suffix == "vault.usgovcloudapi.net") return "";
      return "is not a Key Vault endpoint (`https://<vault>.vault.azure.net`)";
  }
  return "";
}

void trim_trailing_slash(ir::PerEnv<std::string>& v) {
  auto trim = [](std::string& s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
  };
  if (v.all) trim(*v.all);
  for (auto& [e, s] : v.by_env) trim(s);
}

std::string check_workspace_resource_id(const std::string& s) {
  // /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Databricks/workspaces/<name>
  std::vector<std::string> seg;
  std::string cur;
  if (s.empty() || s[0] != '/') return "must start with `/subscriptions/`";
  for (std::size_t i = 1; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '/') {
      seg.push_back(cur);
      cur.clear();
    } else {
      cur += s[i];
    }
  }
  auto eq = [](const std::string& a, std::string_view b) { return lower_ascii(a) == lower_ascii(std::string(b)); };
  if (seg.size() != 8 || !eq(seg[0], "subscriptions") || !eq(seg[2], "resourceGroups") || !eq(seg[4], "providers") ||
      !eq(seg[5], "Microsoft.Databricks") || !eq(seg[6], "workspaces") || seg[1].empty() || seg[3].empty() || seg[7].empty())
    return "is not a Databricks workspace resource id "
           "(/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Databricks/workspaces/<name>)";
  return "";
}

namespace {

// `allow { CODE = "reason"  CODE = { reason = "..."  models = [a, b] } }` (docs/language.md §4.2); each problem is
// SCH1017 (SCH2001 for an unknown model).
void lower_project_allowances(Context& cx, const Unit& unit, const syntax::Body& body) {
  SCHEDC_DIAGNOSTIC(ProjectAllowanceProblem, InvalidAllowance, "{}", std::string_view);
  auto problem = [&](Span at, const std::string& what) {
    auto& d = cx.diags.report(ProjectAllowanceProblem, at, what);
    d.help = "write `SCH7004 = \"why it is accepted\"`, or `SCH7001 = { reason = \"...\"  models = [name] }`; only "
             "warnings can be allowed";
  };
  for (const auto& e : body.entries) {
    const std::string& code = e.key.text;
    const CodeInfo* info = find_code(code);
    if (info == nullptr) {
      problem(e.key.span, fmt::format("`{}` is not a diagnostic code", code));
      continue;
    }
    if (info->severity != Severity::Warning) {
      problem(e.key.span, fmt::format("`{}` is an error, and errors cannot be allowed", code));
      continue;
    }
    ProjectAllowance a;
    a.code = code;
    a.span = e.key.span;
    const std::string& own_repo = cx.sm.file(unit.file).repo;
    a.repos.push_back(own_repo);
    const syntax::Value* reason = nullptr;
    if (e.kind == syntax::Entry::Kind::Attribute && e.value.kind == syntax::Value::Kind::String) {
      reason = &e.value;
    } else {
      const syntax::Body* b = e.kind == syntax::Entry::Kind::Nested ? e.nested.get()
                              : e.value.kind == syntax::Value::Kind::Block ? e.value.block.get()
                                                                           : nullptr;
      if (b == nullptr) {
        problem(e.key.span, fmt::format("the allowance of `{}` must be a reason (a string) or a block", code));
        continue;
      }
      Fields f(cx.diags, *b, fmt::format("the allowance of `{}`", code), e.key.span, lower::kAllowanceKeys);
      reason = f.attr("reason");
      bool bad_repo = false;
      if (const syntax::Value* repos = f.attr("repos")) {
        if (repos->kind != syntax::Value::Kind::List) {
          f.wrong_type("repos", *repos, "a list of repo names (strings)");
          continue;
        }
        std::vector<std::string> known;
        for (const auto& [name, root] : cx.sm.repo_roots()) known.push_back(name);
        for (const auto& r : repos->items) {
          if (r.kind != syntax::Value::Kind::String) {
            f.wrong_type("repos", r, "a repo name (a string)");
            bad_repo = true;
            continue;
          }
          std::string name;
          for (const auto& part : r.parts) name += part.text;
          if (!cx.sm.multi_repo()) continue;  // one repo: it covers everything already
          if (std::find(known.begin(), known.end(), name) == known.end()) {
            SCHEDC_DIAGNOSTIC(AllowanceUnknownRepo, InvalidAllowance, "the allowance of `{}` names repo `{}`, which is not compiled",
                              std::string_view, std::string_view);
            auto& d = cx.diags.report(AllowanceUnknownRepo, r.span, code, name);
            if (auto c = closest(name, known); !c.empty())
              d.help = fmt::format("did you mean `{}`?", c);
            else
              d.help = fmt::format("the repos are: {}", fmt::join(known, ", "));
            bad_repo = true;
            continue;
          }
          if (std::find(a.repos.begin(), a.repos.end(), name) == a.repos.end()) a.repos.push_back(name);
        }
      }
      if (bad_repo) continue;
      if (const syntax::Value* models = f.attr("models")) {
        if (models->kind != syntax::Value::Kind::List) {
          f.wrong_type("models", *models, "a list of model names");
          continue;
        }
        for (const auto& m : models->items) {
          if (m.kind != syntax::Value::Kind::Reference || m.path.size() != 1) {
            f.wrong_type("models", m, "a model name");
            continue;
          }
          const Symbol* model = cx.resolve(SymbolKind::Model, unit, m.path, m.span);
          if (!model) continue;
          const std::string& repo = cx.sm.file(model->unit->file).repo;
          if (cx.sm.multi_repo() && std::find(a.repos.begin(), a.repos.end(), repo) == a.repos.end()) {
            SCHEDC_DIAGNOSTIC(AllowanceModelOfOtherRepo, InvalidAllowance,
                              "model `{}` is declared in repo `{}`, which the allowance of `{}` does not cover",
                              std::string_view, std::string_view, std::string_view);
            auto& d = cx.diags.report(AllowanceModelOfOtherRepo, m.span, m.path.front().text, repo, code);
            d.help = fmt::format("an allowance covers the repo that declares it; to allow it in another team's repo, "
                                 "name that repo: `repos = [\"{}\"]`", repo);
            continue;
          }
          a.models.push_back(m.path.front().text);
        }
      }
    }
    std::string text;
    if (reason != nullptr && reason->kind == syntax::Value::Kind::String)
      for (const auto& part : reason->parts) text += part.text;
    if (text.find_first_not_of(" \t") == std::string::npos) {
      problem(e.key.span, fmt::format("the allowance of `{}` gives no reason", code));
      continue;
    }
    a.reason = std::move(text);
    cx.project_allowances.push_back(std::move(a));
  }
}

}  // namespace

void lower_project(Context& cx) {
  const auto& projects = cx.symbols.projects();
  const auto& environments = cx.table(SymbolKind::Environment);
  if (projects.empty()) {
    if (!cx.project.environments.empty()) {
      const Symbol& first = std::min_element(environments.begin(), environments.end(), [](const auto& a, const auto& b) {
                             return std::make_pair(a.second.unit->display, a.second.decl->span.begin) <
                                    std::make_pair(b.second.unit->display, b.second.decl->span.begin);
                           })->second;
      SCHEDC_DIAGNOSTIC(EnvironmentsDeclaredButNoSays, GitEnvironmentNotChosen, "environments are declared, but no `project {{ git_environment = ... }}` says which one the ADF git layout is for");
      auto& d = cx.diags.report(EnvironmentsDeclaredButNoSays, first.decl->name->span);
      d.help = fmt::format("add `project {{ git_environment = {} }}`", first.qname);
      d.notes.push_back("the ADF git layout holds one environment's values (the factory connected to git, usually the development one)");
    }
    return;
  }
  const Symbol& p = projects.front();
  cx.project_decl_span = p.decl->kind.span;
  Fields f(cx.diags, p.decl->body, "`project`", p.decl->kind.span, lower::kProjectKeys);
  if (const syntax::Body* allow = f.nested("allow")) lower_project_allowances(cx, *p.unit, *allow);
  if (auto limit = f.integer("factory_entity_limit", 1, 1000000000)) {
    cx.project.factory_entity_limit = static_cast<std::size_t>(*limit);
    cx.project.factory_entity_limit_span = f.attr("factory_entity_limit")->span;
  }
  if (f.entry("notebook_root")) {
    auto root = cx.per_env_string(f, "notebook_root", false, "");
    if (root) trim_trailing_slash(*root);
    if (root && cx.check_each(*root, DiagnosticKind::InvalidNotebookPath, "notebook_root",
                           [](const std::string& r) {
                             return r.empty() ? std::string("must be an absolute workspace folder such as `/Repos/prod`")
                                              : notebook_path_problem(r + "/x");
                           },
                           "write an absolute workspace folder, e.g. `/Repos/prod/models`")) {
      cx.notebook_root = *root;
      cx.project.notebook_root = *root;
    }
  }
  if (const Value* v = f.reference("git_environment")) {
    if (cx.resolve(SymbolKind::Environment, *p.unit, v->path, v->span)) cx.project.git_environment = join(v->path);
  } else if (!cx.project.environments.empty() && !f.entry("git_environment")) {
    SCHEDC_DIAGNOSTIC(DoesSayWhichEnvironmentAdf, GitEnvironmentNotChosen, "`project` does not say which environment the ADF git layout is for");
    auto& d = cx.diags.report(DoesSayWhichEnvironmentAdf, p.decl->kind.span);
    d.help = fmt::format("add `git_environment = {}`", environments.begin()->first);
  }
  if (const Value* v = f.reference("workspace")) {
    if (cx.resolve(SymbolKind::Workspace, *p.unit, v->path, v->span)) {
      cx.default_workspace = join(v->path);
      cx.default_workspace_span = v->span;
    }
  }
  if (auto t = f.word("target", lower::kTargets)) {
    cx.default_target = targets::parse_target(*t);
    cx.default_target_span = f.attr("target")->span;
  }
  if (const syntax::Body* b = f.nested("markers")) {
    cx.markers_declared = true;
    Fields m(cx.diags, *b, "`markers`", f.key_span("markers"), lower::kMarkersKeys);
    const Value* st = m.reference("storage", true, "storage = lake");
    auto path = m.string("path", true, "path = \"ops/schedc-markers\"");
    if (st && path) {
      if (cx.resolve(SymbolKind::Storage, *p.unit, st->path, st->span)) {
        auto split = split_storage_path(cx, *path, m.attr("path")->span, false);
        bool safe = std::all_of(path->begin(), path->end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                 c == '.' || c == '/';
        });
        if (split && !safe) {
          SCHEDC_DIAGNOSTIC(MarkersPathMayOnlyContain, InvalidStoragePath, "the markers path may only contain letters, digits, '-', '_', '.' and '/'");
          auto& d = cx.diags.report(MarkersPathMayOnlyContain, m.attr("path")->span);
          d.primary_label = "unsafe character";
          d.notes.push_back("markers are written through a URL; other characters would need encoding and could name a different blob");
          split.reset();
        }
        if (split) {
          ir::Markers mk;
          mk.storage = join(st->path);
          mk.container = split->first;
          mk.prefix = split->second;
          mk.span = m.attr("path")->span;
          cx.project.markers = mk;
        }
      }
    }
  }
}

// The `url` of a workspace, storage or Key Vault: required, per environment, an https URL on the endpoint's hosts
// (SCH1011 otherwise, with `looks_like` as the hint), stored without a trailing slash; nullopt after a problem.
std::optional<ir::PerEnv<std::string>> lower_endpoint_url(Context& cx, Fields& f, Endpoint endpoint,
                                                          std::string_view example, std::string_view looks_like) {
  auto url = cx.per_env_string(f, "url", true, example);
  if (!url || !cx.check_each(*url, DiagnosticKind::InvalidUrl, "url",
                             [endpoint](const std::string& v) { return check_https_host(v, endpoint); }, looks_like))
    return std::nullopt;
  trim_trailing_slash(*url);
  return url;
}

void lower_workspaces(Context& cx) {
  for (const auto& [name, d] : cx.table(SymbolKind::Workspace)) {
    Fields f(cx.diags, d.decl->body, fmt::format("workspace `{}`", name), d.decl->name->span, lower::kWorkspaceKeys);
    ir::Workspace w;
    w.name = name;
    w.span = d.decl->name->span;
    if (auto url = lower_endpoint_url(cx, f, Endpoint::Databricks,
                                      "url = \"https://adb-1234567890123456.7.azuredatabricks.net\"",
                                      "a workspace URL looks like https://adb-1234567890123456.7.azuredatabricks.net"))
      w.url = std::move(*url);
    auto rid = cx.per_env_string(f, "resource_id", true,
                              "resource_id = \"/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Databricks/workspaces/<name>\"");
    if (rid && cx.check_each(*rid, DiagnosticKind::InvalidUrl, "resource_id", check_workspace_resource_id,
                          "copy the resource id from the workspace's Properties page in the Azure portal")) {
      w.resource_id = *rid;
    }
    cx.project.workspaces.push_back(std::move(w));
  }
}

void lower_storages(Context& cx) {
  for (const auto& [name, d] : cx.table(SymbolKind::Storage)) {
    Fields f(cx.diags, d.decl->body, fmt::format("storage `{}`", name), d.decl->name->span, lower::kStorageKeys);
    ir::Storage s;
    s.name = name;
    s.span = d.decl->name->span;
    if (auto url = lower_endpoint_url(cx, f, Endpoint::Dfs, "url = \"https://<account>.dfs.core.windows.net\"",
                                      "an ADLS Gen2 URL looks like https://<account>.dfs.core.windows.net"))
      s.url = std::move(*url);
    cx.project.storages.push_back(std::move(s));
  }
}

void lower_vaults(Context& cx) {
  for (const auto& [name, d] : cx.table(SymbolKind::KeyVault)) {
    Fields f(cx.diags, d.decl->body, fmt::format("keyvault `{}`", name), d.decl->name->span, lower::kKeyVaultKeys);
    ir::KeyVault k;
    k.name = name;
    k.span = d.decl->name->span;
    if (auto url = lower_endpoint_url(cx, f, Endpoint::Vault, "url = \"https://<vault>.vault.azure.net\"",
                                      "a Key Vault URL looks like https://<vault>.vault.azure.net"))
      k.url = std::move(*url);
    if (auto scope = f.string("databricks_scope", true, "databricks_scope = \"kv-models\"")) {
      if (scope->empty() || scope->size() > 128 ||
          !std::all_of(scope->begin(), scope->end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
          })) {
        SCHEDC_DIAGNOSTIC(InvalidDatabricksSecretScopeName, MalformedValue, "invalid Databricks secret scope name");
        auto& diag = cx.diags.report(InvalidDatabricksSecretScopeName, f.attr("databricks_scope")->span);
        diag.help = "scope names have 1-128 letters, digits, '-', '_' and '.'";
      } else {
        k.databricks_scope = *scope;
      }
    }
    cx.project.key_vaults.push_back(std::move(k));
  }
}

}  // namespace

namespace {

// 8-4-4-4-12 hexadecimal digits.
bool application_id(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = s[i];
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

// `arm_parameters { NAME = "value" ... }`: the environment's values of hand-written entities' ARM parameters. Which
// names exist is known only with the --adf folders (compiler/adf_input/arm_parameters.cpp checks them there).
void read_arm_parameters(Context& cx, const syntax::Body& body, ir::Environment& env) {
  for (const auto& e : body.entries) {
    if (e.kind != syntax::Entry::Kind::Attribute) {
      SCHEDC_DIAGNOSTIC(ArmParameterEntriesOnly, WrongValueType, "`arm_parameters` holds `NAME = \"value\"` entries only");
      auto& d = cx.diags.report(ArmParameterEntriesOnly, e.span);
      d.help = "write each ARM parameter of a hand-written entity as `NAME = \"value\"`, e.g. "
               "`ls_vault_properties_typeProperties_baseUrl = \"https://kv-models-qa.vault.azure.net/\"`";
      continue;
    }
    if (const auto it = env.arm_parameters.find(e.key.text); it != env.arm_parameters.end()) {
      SCHEDC_DIAGNOSTIC(ArmParameterSetTwice, DuplicateField, "the ARM parameter `{}` is set twice in environment `{}`",
                        std::string_view, std::string_view);
      auto& d = cx.diags.report(ArmParameterSetTwice, e.key.span, e.key.text, env.name);
      d.labels.push_back({it->second.name, "first set here"});
      d.help = "keep one value";
      continue;
    }
    const std::string where = fmt::format("`{}` in `arm_parameters`", e.key.text);
    if (e.value.kind != syntax::Value::Kind::String || e.value.block) {
      SCHEDC_DIAGNOSTIC(ArmParameterStringExpected, WrongValueType, "{} must be a string, found {}", std::string_view,
                        std::string_view);
      auto& d = cx.diags.report(ArmParameterStringExpected, e.value.span, where, value_kind_name(e.value.kind));
      d.help = "an environment gives a hand-written entity's ARM parameter its whole value as a string";
      continue;
    }
    if (auto text = plain_string(cx.diags, e.value, where))
      env.arm_parameters.emplace(e.key.text, ir::ArmParameterValue{*text, e.key.span, e.value.span});
  }
}

}  // namespace

void lower_environments(Context& cx) {
  for (const auto& [name, d] : cx.table(SymbolKind::Environment)) {
    Fields f(cx.diags, d.decl->body, fmt::format("environment `{}`", name), d.decl->name->span, lower::kEnvironmentKeys);
    ir::Environment env;
    env.name = name;
    env.span = d.decl->name->span;
    auto trig = f.word("trigger", lower::kTriggerStates, true);
    env.triggers_started = trig && *trig == "started";
    if (auto factory = f.string("factory")) {
      if (!valid_factory_name(*factory)) {
        SCHEDC_DIAGNOSTIC(InvalidFactoryName, InvalidName, "`{}` is not a valid data factory name", std::string_view);
        auto& diag = cx.diags.report(InvalidFactoryName, f.attr("factory")->span, *factory);
        diag.help = "factory names have 3-63 letters, digits and hyphens, and start and end with a letter or digit";
      }
      env.factory = *factory;
    }
    env.production = f.word("bundle_mode", lower::kBundleModes).has_value();
    // Service principals by application id (a GUID), as the bundle's run_as and permissions name them.
    for (const char* key : {"run_as", "factory_identity"}) {
      auto id = f.string(key);
      if (!id) continue;
      if (!application_id(*id)) {
        SCHEDC_DIAGNOSTIC(MustServicePrincipalApplicationId, MalformedValue, "`{}` must be a service principal's application id, found `{}`",
                          std::string_view, std::string_view);
        auto& diag = cx.diags.report(MustServicePrincipalApplicationId, f.attr(key)->span, key, *id);
        diag.help = "write the application (client) id, e.g. `00000000-0000-0000-0000-000000000000`";
        continue;
      }
      (std::string_view(key) == "run_as" ? env.run_as : env.factory_identity) = *id;
    }
    if (const syntax::Body* parameters = f.nested("arm_parameters")) read_arm_parameters(cx, *parameters, env);
    cx.project.environments.push_back(std::move(env));
  }
}

void lower_platform(Context& cx) {
  lower_project(cx);
  lower_workspaces(cx);
  lower_storages(cx);
  lower_vaults(cx);
}

}  // namespace schedc::lower
