// Lowering: declarations -> IR. Each declaration kind has one function that reads its fields through `Fields`
// (which reports unknown, duplicate, missing and mistyped fields) and checks the values' ranges and shapes.
#include "compiler/lower/lower.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "compiler/analysis/shared_decls.hpp"
#include "compiler/lower/fields.hpp"
#include "compiler/parallel.hpp"
#include "compiler/schedule/adf_recurrence.hpp"
#include "compiler/schedule/cron.hpp"
#include "compiler/schedule/timezone.hpp"
#include "compiler/secrets.hpp"
#include "compiler/analysis/analyses.hpp"
#include "compiler/targets.hpp"

namespace schedc {

namespace {

using syntax::Value;
using VK = syntax::Value::Kind;

constexpr std::int64_t kMaxTimeoutSeconds = 7 * 24 * 3600;  // ADF activity timeout limit: 7 days
constexpr std::int64_t kMaxModelNameLength = 100;
constexpr int kMaxWorkers = 10000;

using analysis::human_seconds;  // 691200 -> "8d", 5400 -> "1h30m": durations as the user writes them

std::string join(const std::vector<syntax::Ident>& path) {
  std::string s;
  for (const auto& p : path) s += (s.empty() ? "" : ".") + p.text;
  return s;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// FNV-1a 64: a stable hash (identical on every machine) for names derived from content.
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

struct Decl {
  const Unit* unit = nullptr;
  const syntax::Decl* decl = nullptr;
  std::string qname;  // "general" or "clusters.general"
};

// Cluster fields as written, before a profile's base and a use site's overrides are merged.
struct ClusterDraft {
  struct Str {
    std::string value;
    Span span;
  };
  std::optional<Str> spark_version, node_type, driver_node_type, policy_id, instance_pool_id;
  struct Workers {
    bool autoscale = false;
    std::int64_t lo = 0, hi = 0;
    Span span;
  };
  std::optional<Workers> workers;
  std::map<std::string, ir::ConfValue> spark_conf, spark_env_vars;
  std::map<std::string, std::string> custom_tags;
  std::optional<std::vector<std::string>> init_scripts;
  std::optional<ir::PerEnv<std::string>> existing;
  std::optional<std::vector<ir::Library>> libraries;
  bool existing_invalid = false;  // `existing` was written but is invalid (already reported)
  Span span;  // the body that declared it

  void merge_from(const ClusterDraft& o) {  // `o` overrides this
    auto take = [](auto& dst, const auto& src) {
      if (src) dst = src;
    };
    take(spark_version, o.spark_version);
    take(node_type, o.node_type);
    take(driver_node_type, o.driver_node_type);
    take(policy_id, o.policy_id);
    take(instance_pool_id, o.instance_pool_id);
    take(workers, o.workers);
    take(init_scripts, o.init_scripts);
    take(existing, o.existing);
    take(libraries, o.libraries);
    existing_invalid = existing_invalid || o.existing_invalid;
    for (const auto& [k, v] : o.spark_conf) spark_conf[k] = v;
    for (const auto& [k, v] : o.spark_env_vars) spark_env_vars[k] = v;
    for (const auto& [k, v] : o.custom_tags) custom_tags[k] = v;
    span = o.span;
  }
};

// A canonical text of a resolved cluster: equal text <=> same linked service content.
std::string cluster_key(const ir::Cluster& c, const std::vector<ir::Environment>& envs) {
  std::string k;
  auto add = [&](std::string_view name, std::string_view v) { k += fmt::format("{}={}\x1f", name, v); };
  if (c.kind == ir::Cluster::Kind::Existing) {
    if (c.existing_cluster_id.all) add("existing", *c.existing_cluster_id.all);
    for (const auto& e : envs)
      if (!c.existing_cluster_id.all) add("existing." + e.name, c.existing_cluster_id.get(e.name));
  } else {
    add("spark_version", c.spark_version);
    add("node_type", c.node_type);
    add("driver", c.driver_node_type.value_or(""));
    add("workers", c.autoscale ? fmt::format("{}:{}", c.min_workers, c.max_workers) : std::to_string(c.workers));
    for (const auto& [n, v] : c.spark_conf) add("conf." + n, v.is_secret ? "secret:" + v.scope + "/" + v.secret : v.text);
    for (const auto& [n, v] : c.spark_env_vars)
      add("env." + n, v.is_secret ? "secret:" + v.scope + "/" + v.secret : v.text);
    for (const auto& [n, v] : c.custom_tags) add("tag." + n, v);
    for (const auto& s : c.init_scripts) add("init", s);
    add("policy", c.policy_id.value_or(""));
    add("pool", c.instance_pool_id.value_or(""));
  }
  return k;
}

}  // namespace

struct Lowering::Impl {
  const SourceManager& sm;
  Diagnostics& diags;
  const std::vector<Unit>& units;

  std::map<std::string, Decl> environments, workspaces, storages, vaults, profiles, models;
  std::vector<Decl> projects;
  std::map<std::string, std::vector<Decl>> declared;  // "kind\x1fname" -> every declaration, in canonical order
  ir::Project project;
  std::optional<ir::PerEnv<std::string>> notebook_root;  // project.notebook_root
  bool markers_declared = false;  // a markers block exists (possibly invalid: then SCH2006 would only repeat it)
  std::optional<std::string> default_workspace;
  std::optional<ir::Target> default_target;  // project.target
  Span default_target_span;
  // Whether the schedule being lowered needs an ADF trigger (false for target `databricks`: then a zone without a
  // Windows id and shapes ADF cannot express are not errors; the Quartz lowering is checked by compiler/targets).
  bool schedule_needs_adf = true;
  std::optional<Span> default_workspace_span;

  std::map<std::string, std::optional<ClusterDraft>> profile_cache;  // resolved profiles (nullopt = failed)
  std::vector<std::string> profile_resolving;  // the chain of profiles being resolved (cycle detection)

  Impl(const SourceManager& s, Diagnostics& d, const std::vector<Unit>& u) : sm(s), diags(d), units(u) {}

  // ---------------------------------------------------------------- symbols

  void collect() {
    static const std::vector<std::string> kinds = {"environment", "workspace", "storage", "keyvault",
                                                   "cluster", "model", "project"};
    for (const auto& u : units) {
      for (const auto& d : u.ast.decls) {
        const std::string& kind = d.kind.text;
        if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
          auto& diag = diags.report("SCH1001", d.kind.span, fmt::format("unknown declaration kind `{}`", kind));
          diag.primary_label = "not a declaration kind";
          if (auto c = closest(kind, kinds); !c.empty()) diag.help = fmt::format("did you mean `{}`?", c);
          diag.notes.push_back("declarations are: environment, workspace, storage, keyvault, cluster, model, project");
          continue;
        }
        if (d.base && kind != "cluster") {
          auto& diag = diags.report("SCH1015", d.base->span, fmt::format("only cluster profiles can use `from`; `{}` cannot", kind));
          diag.help = "remove `from ...`";
          continue;
        }
        if (kind == "project") {
          if (d.name) {
            auto& diag = diags.report("SCH1015", d.name->span, "the `project` declaration takes no name");
            diag.help = "write `project { ... }`";
            continue;
          }
          if (!u.module.empty()) {
            diags.report("SCH1015", d.kind.span, "a stdlib module cannot declare `project` settings");
            continue;
          }
          projects.push_back({&u, &d, "project"});
          continue;
        }
        if (!d.name) {
          auto& diag = diags.report("SCH1015", d.kind.span, fmt::format("`{}` declaration needs a name", kind));
          diag.help = fmt::format("write `{} NAME {{ ... }}`", kind);
          continue;
        }
        std::string qname = u.module.empty() ? d.name->text : u.module + "." + d.name->text;
        auto& table = kind == "environment" ? environments
                      : kind == "workspace" ? workspaces
                      : kind == "storage"   ? storages
                      : kind == "keyvault"  ? vaults
                      : kind == "cluster"   ? profiles
                                            : models;
        auto& copies = declared[kind + "\x1f" + qname];  // every declaration of this name, in canonical order
        copies.push_back(Decl{&u, &d, qname});
        auto [it, inserted] = table.emplace(qname, Decl{&u, &d, qname});
        if (!inserted) {
          if (kind != "model") {
            duplicate_shared(kind, fmt::format("{} `{}`", kind, qname), copies);
            continue;
          }
          auto& diag = diags.report("SCH4001", d.name->span, fmt::format("{} `{}` is declared twice", kind, qname));
          diag.primary_label = "declared again here";
          for (std::size_t i = 0; i + 1 < copies.size(); ++i)
            diag.labels.push_back({copies[i].decl->name->span, i == 0 ? "first declared here" : "also declared here"});
          diag.help = "model names identify every generated entity; rename one of the models";
        }
      }
    }
    // Model names must be unique ignoring case (ADF entity names are case-insensitive).
    std::vector<const Decl*> in_source_order;
    for (const auto& [name, d] : models) in_source_order.push_back(&d);
    std::sort(in_source_order.begin(), in_source_order.end(), [](const Decl* a, const Decl* b) {
      return std::make_pair(a->unit->display, a->decl->name->span.begin) < std::make_pair(b->unit->display, b->decl->name->span.begin);
    });
    std::map<std::string, const Decl*> folded;
    for (const Decl* dp : in_source_order) {
      const Decl& d = *dp;
      const std::string& name = d.qname;
      auto [it, inserted] = folded.emplace(lower_ascii(name), &d);
      if (!inserted) {
        auto& diag = diags.report("SCH4001", d.decl->name->span,
                                  fmt::format("model `{}` differs from model `{}` only in letter case", name, it->second->qname));
        diag.primary_label = "declared here";
        diag.labels.push_back({it->second->decl->name->span, "the other model"});
        diag.notes.push_back("ADF entity names are case-insensitive, so both would generate the same pipeline");
        diag.help = "rename one of the models";
      }
    }
    // Identical `project` blocks (one platform file copied into several repos) are merged.
    for (std::size_t i = 1; i < projects.size(); ++i) {
      std::vector<Decl> copies(projects.begin(), projects.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      duplicate_shared("project", "`project` settings", copies);
    }
  }

  // A shared declaration declared again (copies.back()) after copies[0..n-2]: merged when identical to the first,
  // else SCH4002 naming every field that differs, with labels on both declarations' fields.
  void duplicate_shared(const std::string& kind, const std::string& what, const std::vector<Decl>& copies) {
    const Decl& first = copies.front();
    const Decl& again = copies.back();
    auto anchor = [&](const Decl& x) { return x.decl->name ? x.decl->name->span : x.decl->kind.span; };
    auto diffs = analysis::compare_declarations(*first.decl, sm.file(first.unit->file).text, *again.decl,
                                                sm.file(again.unit->file).text);
    if (diffs.empty()) return;  // identical: merged
    std::vector<std::string> names;
    for (const auto& fd : diffs)
      if (names.empty() || names.back() != fd.field) names.push_back(fd.field);
    std::string fields;
    for (std::size_t i = 0; i < names.size(); ++i)
      fields += fmt::format("{}`{}`", i == 0 ? "" : i + 1 == names.size() ? " and " : ", ", names[i]);
    auto& diag = diags.report("SCH4002", anchor(again),
                              fmt::format("{} {} declared again with a different {}", what, kind == "project" ? "are" : "is", fields));
    diag.primary_label = "declared again here";
    diag.labels.push_back({anchor(first), "first declared here"});
    for (std::size_t i = 1; i + 1 < copies.size(); ++i) diag.labels.push_back({anchor(copies[i]), "also declared here"});
    const std::string& first_path = first.unit->display;
    for (const auto& fd : diffs) {
      if (!fd.env.empty()) {
        diag.labels.push_back({fd.other_span, fmt::format("`{}` for `{}` differs", fd.field, fd.env)});
        diag.labels.push_back({fd.first_span, fmt::format("`{}` for `{}` in the first declaration", fd.field, fd.env)});
        diag.notes.push_back(fmt::format("`{}` for environment `{}` is {} in {}, but {} here", fd.field, fd.env,
                                         analysis::shorten_value(fd.first_text), first_path,
                                         analysis::shorten_value(fd.other_text)));
        continue;
      }
      if (fd.in_other) diag.labels.push_back({fd.other_span, fd.in_first ? fmt::format("`{}` differs", fd.field)
                                                                          : fmt::format("`{}` is set only here", fd.field)});
      if (fd.in_first) diag.labels.push_back({fd.first_span, fd.in_other ? fmt::format("`{}` in the first declaration", fd.field)
                                                                          : fmt::format("`{}` is set only here", fd.field)});
      if (fd.in_first && fd.in_other)
        diag.notes.push_back(fmt::format("`{}` is {} in {}, but {} here", fd.field, analysis::shorten_value(fd.first_text),
                                         first_path, analysis::shorten_value(fd.other_text)));
      else if (fd.in_first)
        diag.notes.push_back(fmt::format("`{}` is set in {} ({}), but not here", fd.field, first_path,
                                         analysis::shorten_value(fd.first_text)));
      else
        diag.notes.push_back(fmt::format("`{}` is set here ({}), but not in {}", fd.field,
                                         analysis::shorten_value(fd.other_text), first_path));
    }
    diag.notes.push_back(fmt::format("identical `{}` declarations in several files are merged into one", kind));
    diag.help = "make both declarations identical, or give one of them its own name";
  }

  // Resolve a reference of a given kind as seen from `unit`.
  const Decl* resolve(const std::map<std::string, Decl>& table, std::string_view kind, const Unit& unit,
                      const std::vector<syntax::Ident>& path, Span span) {
    std::string q = join(path);
    if (path.size() >= 2) {
      const std::string& mod = path[0].text;
      bool is_module = std::any_of(units.begin(), units.end(), [&](const Unit& u) { return u.module == mod; });
      if (is_module && !unit.used_modules.count(mod) && unit.module != mod) {
        auto& d = diags.report("SCH2004", span, fmt::format("`{}` refers to the stdlib module `std.{}`, which this file does not use", q, mod));
        d.primary_label = "module not in scope";
        d.help = fmt::format("add `use std.{}` at the top of this file", mod);
        return nullptr;
      }
    } else if (!unit.module.empty()) {
      // Inside a stdlib module, a plain name refers to the module's own declarations first.
      if (auto it = table.find(unit.module + "." + q); it != table.end()) return &it->second;
    }
    auto it = table.find(q);
    if (it != table.end()) {
      // Stdlib declarations are visible only through `use`, handled above; project declarations everywhere.
      return &it->second;
    }
    auto& d = diags.report("SCH2001", span, fmt::format("unknown {} `{}`", kind, q));
    d.primary_label = fmt::format("no {} with this name", kind);
    std::vector<std::string> names;
    for (const auto& [n, decl] : table)
      if (decl.unit->module.empty() || unit.used_modules.count(decl.unit->module)) names.push_back(n);
    if (auto c = closest(q, names); !c.empty()) {
      d.help = fmt::format("did you mean `{}`?", c);
    } else if (path.size() >= 2) {
      d.help = fmt::format("if `{}` is a stdlib module, add `use std.{}` at the top of this file", path[0].text, path[0].text);
    } else {
      d.help = fmt::format("declare it with `{} {} {{ ... }}`", kind == "cluster profile" ? "cluster" : kind, q);
    }
    return nullptr;
  }

  // ---------------------------------------------------------------- shared value helpers

  // A string that may differ per environment: "..." or per_env { dd = "...", prod = "..." }.
  std::optional<ir::PerEnv<std::string>> per_env_string(Fields& f, std::string_view key, bool required,
                                                         std::string_view example) {
    const Value* v = f.attr(key);
    if (!v) {
      if (required && !f.entry(key)) f.missing(key, example);
      return std::nullopt;
    }
    ir::PerEnv<std::string> out;
    out.span = v->span;
    auto one = [&](const Value& x) -> std::optional<std::string> {
      if (x.kind != VK::String || x.block) {
        f.wrong_type(key, x, "a string or `per_env { ... }` of strings");
        return std::nullopt;
      }
      return plain_string(diags, x, fmt::format("`{}`", key));
    };
    if (v->kind != VK::PerEnv) {
      auto s = one(*v);
      if (!s) return std::nullopt;
      out.all = *s;
      return out;
    }
    if (project.environments.empty()) {
      auto& d = diags.report("SCH1010", v->span, fmt::format("`{}` uses per_env, but no environments are declared", key));
      d.help = "declare environments first, e.g. `environment prod { trigger = started }`";
      return std::nullopt;
    }
    bool ok = true;
    std::map<std::string, Span> seen;
    for (const auto& e : v->per_env()) {
      if (!environments.count(e.env.text)) {
        auto& d = diags.report("SCH2001", e.env.span, fmt::format("unknown environment `{}`", e.env.text));
        d.primary_label = "not a declared environment";
        std::vector<std::string> names;
        for (const auto& [n, decl] : environments) names.push_back(n);
        if (auto c = closest(e.env.text, names); !c.empty()) d.help = fmt::format("did you mean `{}`?", c);
        ok = false;
        continue;
      }
      if (auto [it, inserted] = seen.emplace(e.env.text, e.env.span); !inserted) {
        auto& d = diags.report("SCH1003", e.env.span, fmt::format("environment `{}` is given twice in `{}`", e.env.text, key));
        d.labels.push_back({it->second, "first given here"});
        ok = false;
        continue;
      }
      if (e.value.kind == VK::PerEnv) {
        diags.report("SCH1010", e.value.span, "per_env values cannot be nested");
        ok = false;
        continue;
      }
      if (auto s = one(e.value)) {
        out.by_env[e.env.text] = *s;
        out.env_spans[e.env.text] = e.value.span;
      } else {
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    std::vector<std::string> missing;
    for (const auto& env : project.environments)
      if (!out.by_env.count(env.name)) missing.push_back(env.name);
    if (!missing.empty()) {
      std::string list;
      for (const auto& m : missing) list += (list.empty() ? "`" : "`, `") + m;
      auto& d = diags.report("SCH1010", v->span,
                             fmt::format("`{}` has no value for environment{} {}`", key, missing.size() > 1 ? "s" : "", list));
      d.primary_label = "every declared environment needs a value";
      d.help = fmt::format("add `{} = \"...\"` inside per_env, or use one string for all environments", missing[0]);
      return std::nullopt;
    }
    return out;
  }

  // Check every value of a per-env string with `check` (returns an error message or "").
  bool check_each(const ir::PerEnv<std::string>& v, std::string_view code, std::string_view key,
                  const std::function<std::string(const std::string&)>& check, std::string_view help) {
    auto test = [&](const std::string& s, const std::string& env) {
      std::string err = check(s);
      if (err.empty()) return true;
      auto sp = v.env_spans.find(env);
      auto& d = diags.report(code, sp == v.env_spans.end() ? v.span : sp->second,
                             env.empty() ? fmt::format("`{}` {}", key, err) : fmt::format("`{}` for environment `{}` {}", key, env, err));
      d.primary_label = "invalid value";
      if (!help.empty()) d.help = std::string(help);
      return false;
    };
    if (v.all) return test(*v.all, "");
    bool ok = true;
    for (const auto& [env, s] : v.by_env) ok = test(s, env) && ok;
    return ok;
  }

  // A string template with bindings (allowed in notebook parameters and prerequisite paths).
  std::optional<ir::Template> make_template(const Value& v) {
    ir::Template t;
    bool ok = true;
    for (const auto& p : v.parts) {
      if (p.kind == syntax::StringPart::Kind::Text) {
        t.parts.push_back({false, p.text, {}});
        continue;
      }
      static const std::vector<std::pair<std::string, ir::Binding>> known = {
          {"schedule.time", ir::Binding::ScheduledTime}, {"schedule.date", ir::Binding::ScheduledDate},
          {"env.name", ir::Binding::EnvName}, {"model.name", ir::Binding::ModelName}};
      auto it = std::find_if(known.begin(), known.end(), [&](const auto& k) { return k.first == p.text; });
      if (it == known.end()) {
        auto& d = diags.report("SCH1009", p.span, fmt::format("unknown binding `{}`", p.text));
        d.primary_label = "not a binding";
        std::vector<std::string> names;
        for (const auto& k : known) names.push_back(k.first);
        if (auto c = closest(p.text, names); !c.empty()) d.help = fmt::format("did you mean `{{{}}}`?", c);
        d.notes.push_back("bindings are {schedule.time}, {schedule.date}, {env.name} and {model.name}; write {{ for a literal {");
        ok = false;
        continue;
      }
      if (it->second == ir::Binding::EnvName && project.environments.empty()) {
        auto& d = diags.report("SCH1009", p.span, "`{env.name}` needs declared environments");
        d.help = "declare environments, e.g. `environment prod { trigger = started }`";
        ok = false;
        continue;
      }
      t.parts.push_back({true, "", it->second});
    }
    if (!ok) return std::nullopt;
    return t;
  }

  // ---------------------------------------------------------------- environments and project

  void lower_environments() {
    for (const auto& [name, d] : environments) {
      Fields f(diags, d.decl->body, fmt::format("environment `{}`", name), d.decl->name->span, {"trigger", "factory"});
      ir::Environment env;
      env.name = name;
      env.span = d.decl->name->span;
      auto trig = f.word("trigger", {"started", "stopped"}, true);
      env.triggers_started = trig && *trig == "started";
      if (auto factory = f.string("factory")) {
        if (!valid_factory_name(*factory)) {
          auto& diag = diags.report("SCH1007", f.attr("factory")->span, fmt::format("`{}` is not a valid data factory name", *factory));
          diag.help = "factory names have 3-63 letters, digits and hyphens, and start and end with a letter or digit";
        }
        env.factory = *factory;
      }
      project.environments.push_back(std::move(env));
    }
  }

  static bool valid_factory_name(const std::string& s) {
    if (s.size() < 3 || s.size() > 63) return false;
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    if (!alnum(s.front()) || !alnum(s.back())) return false;
    return std::all_of(s.begin(), s.end(), [&](char c) { return alnum(c) || c == '-'; });
  }

  void lower_project() {
    if (projects.empty()) {
      if (!project.environments.empty()) {
        const Decl& first = std::min_element(environments.begin(), environments.end(), [](const auto& a, const auto& b) {
                               return std::make_pair(a.second.unit->display, a.second.decl->span.begin) <
                                      std::make_pair(b.second.unit->display, b.second.decl->span.begin);
                             })->second;
        auto& d = diags.report("SCH2007", first.decl->name->span,
                               "environments are declared, but no `project { git_environment = ... }` says which one the ADF git layout is for");
        d.help = fmt::format("add `project {{ git_environment = {} }}`", first.qname);
        d.notes.push_back("the ADF git layout holds one environment's values (the factory connected to git, usually the development one)");
      }
      return;
    }
    const Decl& p = projects.front();
    Fields f(diags, p.decl->body, "`project`", p.decl->kind.span,
             {"git_environment", "workspace", "markers", "target", "notebook_root", "factory_entity_limit"});
    if (auto limit = f.integer("factory_entity_limit", 1, 1000000000)) {
      project.factory_entity_limit = static_cast<std::size_t>(*limit);
      project.factory_entity_limit_span = f.attr("factory_entity_limit")->span;
    }
    if (f.entry("notebook_root")) {
      auto root = per_env_string(f, "notebook_root", false, "");
      if (root) trim_trailing_slash(*root);
      if (root && check_each(*root, "SCH1008", "notebook_root",
                             [](const std::string& r) {
                               return r.empty() ? std::string("must be an absolute workspace folder such as `/Repos/prod`")
                                                : notebook_path_problem(r + "/x");
                             },
                             "write an absolute workspace folder, e.g. `/Repos/prod/models`"))
        notebook_root = *root;
    }
    if (const Value* v = f.reference("git_environment")) {
      if (resolve(environments, "environment", *p.unit, v->path, v->span)) project.git_environment = join(v->path);
    } else if (!project.environments.empty() && !f.entry("git_environment")) {
      auto& d = diags.report("SCH2007", p.decl->kind.span, "`project` does not say which environment the ADF git layout is for");
      d.help = fmt::format("add `git_environment = {}`", environments.begin()->first);
    }
    if (const Value* v = f.reference("workspace")) {
      if (resolve(workspaces, "workspace", *p.unit, v->path, v->span)) {
        default_workspace = join(v->path);
        default_workspace_span = v->span;
      }
    }
    if (auto t = f.word("target", {"adf_notebook", "adf_job", "databricks"})) {
      default_target = targets::parse_target(*t);
      default_target_span = f.attr("target")->span;
    }
    if (const syntax::Body* b = f.nested("markers")) {
      markers_declared = true;
      Fields m(diags, *b, "`markers`", f.key_span("markers"), {"storage", "path"});
      const Value* st = m.reference("storage", true, "storage = lake");
      auto path = m.string("path", true, "path = \"ops/schedc-markers\"");
      if (st && path) {
        if (resolve(storages, "storage", *p.unit, st->path, st->span)) {
          auto split = split_storage_path(*path, m.attr("path")->span, false);
          bool safe = std::all_of(path->begin(), path->end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                   c == '.' || c == '/';
          });
          if (split && !safe) {
            auto& d = diags.report("SCH1013", m.attr("path")->span, "the markers path may only contain letters, digits, '-', '_', '.' and '/'");
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
            project.markers = mk;
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- workspaces, storage, key vaults

  // The endpoints schedc accepts, per Azure cloud (public, China, US Government).
  enum class Endpoint { Databricks, Dfs, Vault };

  static std::string check_https_host(const std::string& s, Endpoint kind) {
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

  static void trim_trailing_slash(ir::PerEnv<std::string>& v) {
    auto trim = [](std::string& s) {
      while (!s.empty() && s.back() == '/') s.pop_back();
    };
    if (v.all) trim(*v.all);
    for (auto& [e, s] : v.by_env) trim(s);
  }

  void lower_workspaces() {
    for (const auto& [name, d] : workspaces) {
      Fields f(diags, d.decl->body, fmt::format("workspace `{}`", name), d.decl->name->span, {"url", "resource_id"});
      ir::Workspace w;
      w.name = name;
      w.span = d.decl->name->span;
      auto url = per_env_string(f, "url", true, "url = \"https://adb-1234567890123456.7.azuredatabricks.net\"");
      auto rid = per_env_string(f, "resource_id", true,
                                "resource_id = \"/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Databricks/workspaces/<name>\"");
      if (url && check_each(*url, "SCH1011", "url", [](const std::string& s) { return check_https_host(s, Endpoint::Databricks); },
                            "a workspace URL looks like https://adb-1234567890123456.7.azuredatabricks.net")) {
        trim_trailing_slash(*url);
        w.url = *url;
      }
      if (rid && check_each(*rid, "SCH1011", "resource_id", check_workspace_resource_id,
                            "copy the resource id from the workspace's Properties page in the Azure portal")) {
        w.resource_id = *rid;
      }
      project.workspaces.push_back(std::move(w));
    }
  }

  static std::string check_workspace_resource_id(const std::string& s) {
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

  void lower_storages() {
    for (const auto& [name, d] : storages) {
      Fields f(diags, d.decl->body, fmt::format("storage `{}`", name), d.decl->name->span, {"url"});
      ir::Storage s;
      s.name = name;
      s.span = d.decl->name->span;
      auto url = per_env_string(f, "url", true, "url = \"https://<account>.dfs.core.windows.net\"");
      if (url && check_each(*url, "SCH1011", "url", [](const std::string& v) { return check_https_host(v, Endpoint::Dfs); },
                            "an ADLS Gen2 URL looks like https://<account>.dfs.core.windows.net")) {
        trim_trailing_slash(*url);
        s.url = *url;
      }
      project.storages.push_back(std::move(s));
    }
  }

  void lower_vaults() {
    for (const auto& [name, d] : vaults) {
      Fields f(diags, d.decl->body, fmt::format("keyvault `{}`", name), d.decl->name->span, {"url", "databricks_scope"});
      ir::KeyVault k;
      k.name = name;
      k.span = d.decl->name->span;
      auto url = per_env_string(f, "url", true, "url = \"https://<vault>.vault.azure.net\"");
      if (url && check_each(*url, "SCH1011", "url", [](const std::string& v) { return check_https_host(v, Endpoint::Vault); },
                            "a Key Vault URL looks like https://<vault>.vault.azure.net")) {
        trim_trailing_slash(*url);
        k.url = *url;
      }
      if (auto scope = f.string("databricks_scope", true, "databricks_scope = \"kv-models\"")) {
        if (scope->empty() || scope->size() > 128 ||
            !std::all_of(scope->begin(), scope->end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            })) {
          auto& diag = diags.report("SCH1016", f.attr("databricks_scope")->span, "invalid Databricks secret scope name");
          diag.help = "scope names have 1-128 letters, digits, '-', '_' and '.'";
        } else {
          k.databricks_scope = *scope;
        }
      }
      project.key_vaults.push_back(std::move(k));
    }
  }

  // ---------------------------------------------------------------- clusters

  std::optional<ir::ConfValue> conf_value(const Unit& unit, const Value& v, std::string_view where) {
    ir::ConfValue out;
    if (v.kind == VK::String && !v.block) {
      auto s = plain_string(diags, v, where);
      if (!s) return std::nullopt;
      out.text = *s;
      return out;
    }
    if (v.kind == VK::Secret) {
      auto name = plain_string(diags, v, "a secret name");
      const Decl* vault = resolve(vaults, "keyvault", unit, v.path, v.span);
      if (!name || !vault) return std::nullopt;
      bool valid = !name->empty() && name->size() <= 127 && std::all_of(name->begin(), name->end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      });
      if (!valid) {
        auto& d = diags.report("SCH1016", v.span, name->empty() ? std::string("the Key Vault secret name is empty")
                                                                : fmt::format("`{}` is not a valid Key Vault secret name", *name));
        d.primary_label = "invalid secret name";
        d.help = "Key Vault secret names have 1-127 letters, digits and hyphens";
        return std::nullopt;
      }
      out.is_secret = true;
      out.secret = *name;
      out.vault = vault->qname;
      if (const auto* kv = find_vault(vault->qname)) out.scope = kv->databricks_scope;
      return out;
    }
    auto& d = diags.report("SCH1005", v.span, fmt::format("{} must be a string or `secret \"name\" in VAULT`, found {}", where, value_kind_name(v.kind)));
    d.primary_label = "expected a string";
    return std::nullopt;
  }

  const ir::KeyVault* find_vault(const std::string& name) const {
    for (const auto& k : project.key_vaults)
      if (k.name == name) return &k;
    return nullptr;
  }

  template <class T, class Conv>
  void read_map(const Unit& unit, Fields& f, std::string_view key, std::map<std::string, T>& dst, Conv conv) {
    const syntax::Body* b = f.nested(key);
    if (!b) return;
    std::map<std::string, Span> seen;
    for (const auto& e : b->entries) {
      if (e.kind != syntax::Entry::Kind::Attribute) {
        auto& d = diags.report("SCH1005", e.span, fmt::format("`{}` holds `name = \"value\"` entries only", key));
        d.help = fmt::format("write `\"name\" = \"value\"` inside `{} {{ ... }}`", key);
        continue;
      }
      if (auto [it, inserted] = seen.emplace(e.key.text, e.key.span); !inserted) {
        auto& d = diags.report("SCH1003", e.key.span, fmt::format("`{}` is set twice in `{}`", e.key.text, key));
        d.labels.push_back({it->second, "first set here"});
        continue;
      }
      if (auto v = conv(unit, e.value, fmt::format("`{}` in `{}`", e.key.text, key))) dst[e.key.text] = *v;
    }
  }

  std::optional<ClusterDraft> read_cluster_body(const Unit& unit, const syntax::Body& body, const std::string& what, Span anchor) {
    Fields f(diags, body, what, anchor,
             {"spark_version", "node_type", "driver_node_type", "workers", "spark_conf", "spark_env_vars", "custom_tags",
              "init_scripts", "policy_id", "instance_pool_id", "existing", "libraries"});
    ClusterDraft c;
    c.span = body.span;
    auto str = [&](std::string_view key, std::optional<ClusterDraft::Str>& dst) {
      if (auto s = f.string(key)) {
        if (s->empty()) {
          diags.report("SCH1016", f.attr(key)->span, fmt::format("`{}` cannot be empty", key));
          return;
        }
        dst = ClusterDraft::Str{*s, f.attr(key)->span};
      }
    };
    str("spark_version", c.spark_version);
    str("node_type", c.node_type);
    str("driver_node_type", c.driver_node_type);
    str("policy_id", c.policy_id);
    str("instance_pool_id", c.instance_pool_id);
    if (const Value* w = f.attr("workers")) {
      if (w->kind == VK::Integer) {
        if (w->integer > kMaxWorkers) {
          auto& d = diags.report("SCH1006", w->span, fmt::format("{} workers is more than schedc allows ({})", w->integer, kMaxWorkers));
          d.help = "this is almost certainly a typo";
        } else {
          c.workers = ClusterDraft::Workers{false, w->integer, w->integer, w->span};
        }
      } else if (w->kind == VK::Range) {
        if (w->range_lo() < 1 || w->range_lo() > w->range_hi() || w->range_hi() > kMaxWorkers) {
          auto& d = diags.report("SCH1006", w->span,
                                 w->range_lo() > w->range_hi()
                                     ? fmt::format("autoscale range {}..{} has its minimum above its maximum", w->range_lo(), w->range_hi())
                                     : fmt::format("autoscale range {}..{} is outside 1..{}", w->range_lo(), w->range_hi(), kMaxWorkers));
          d.primary_label = "invalid worker range";
          d.help = "write `workers = MIN..MAX` with 1 <= MIN <= MAX, or `workers = N` for a fixed size";
        } else {
          c.workers = ClusterDraft::Workers{true, w->range_lo(), w->range_hi(), w->span};
        }
      } else {
        f.wrong_type("workers", *w, "an integer (fixed size) or a range `MIN..MAX` (autoscale)");
      }
    }
    read_map(unit, f, "spark_conf", c.spark_conf, [&](const Unit& u, const Value& v, std::string where) { return conf_value(u, v, where); });
    read_map(unit, f, "spark_env_vars", c.spark_env_vars, [&](const Unit& u, const Value& v, std::string where) { return conf_value(u, v, where); });
    read_map(unit, f, "custom_tags", c.custom_tags, [&](const Unit&, const Value& v, std::string where) -> std::optional<std::string> {
      if (v.kind != VK::String || v.block) {
        diags.report("SCH1005", v.span, fmt::format("{} must be a string, found {}", where, value_kind_name(v.kind)));
        return std::nullopt;
      }
      return plain_string(diags, v, where);
    });
    if (auto scripts = f.string_list("init_scripts")) c.init_scripts = *scripts;
    if (f.entry("existing")) {
      auto ex = per_env_string(f, "existing", false, "");
      if (ex && check_each(*ex, "SCH1016", "existing", check_cluster_id, "a cluster id looks like 0123-456789-abcdefgh"))
        c.existing = *ex;
      else
        c.existing_invalid = true;
    }
    if (const syntax::Body* libs = f.nested("libraries")) c.libraries = read_libraries(*libs, f.key_span("libraries"));
    return c;
  }

  static std::string check_cluster_id(const std::string& s) {
    if (s.empty()) return "is empty";
    for (char c : s)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
        return "is not a cluster id (letters, digits and '-')";
    return "";
  }

  std::vector<ir::Library> read_libraries(const syntax::Body& body, Span anchor) {
    Fields f(diags, body, "`libraries`", anchor, {"pypi", "whl", "jar", "egg", "maven", "cran", "pypi_repo", "cran_repo", "maven_repo"});
    std::vector<ir::Library> out;
    auto pypi_repo = f.string("pypi_repo");
    auto cran_repo = f.string("cran_repo");
    auto maven_repo = f.string("maven_repo");
    auto add = [&](std::string_view key, ir::Library::Kind kind, const std::optional<std::string>& repo) {
      if (auto list = f.string_list(key))
        for (auto& s : *list) {
          if (s.empty()) {
            diags.report("SCH1016", f.attr(key)->span, fmt::format("`{}` has an empty entry", key));
            continue;
          }
          out.push_back(ir::Library{kind, s, repo, {}});
        }
    };
    add("jar", ir::Library::Kind::Jar, std::nullopt);
    add("whl", ir::Library::Kind::Whl, std::nullopt);
    add("egg", ir::Library::Kind::Egg, std::nullopt);
    add("pypi", ir::Library::Kind::Pypi, pypi_repo);
    add("maven", ir::Library::Kind::Maven, maven_repo);
    add("cran", ir::Library::Kind::Cran, cran_repo);
    return out;
  }

  // A named profile with its `from` base applied (memoised; cycles reported once).
  std::optional<ClusterDraft> profile(const Decl& d) {
    if (auto it = profile_cache.find(d.qname); it != profile_cache.end()) return it->second;
    if (auto at = std::find(profile_resolving.begin(), profile_resolving.end(), d.qname); at != profile_resolving.end()) {
      std::string chain;
      for (auto it = at; it != profile_resolving.end(); ++it) chain += *it + " -> ";
      chain += d.qname;
      auto& diag = diags.report("SCH2008", d.decl->base ? d.decl->base->span : d.decl->name->span,
                                std::next(at) == profile_resolving.end()
                                    ? fmt::format("cluster profile `{}` inherits from itself", d.qname)
                                    : fmt::format("cluster profiles inherit from each other in a cycle: {}", chain));
      diag.help = "remove one `from` in the chain";
      return std::nullopt;
    }
    profile_resolving.push_back(d.qname);
    std::optional<ClusterDraft> result;
    auto own = read_cluster_body(*d.unit, d.decl->body, fmt::format("cluster `{}`", d.qname), d.decl->name->span);
    if (own) {
      if (d.decl->base) {
        const Decl* base = resolve(profiles, "cluster profile", *d.unit, d.decl->base_path, d.decl->base->span);
        if (base) {
          if (auto b = profile(*base)) {
            result = *b;
            result->merge_from(*own);
          }
        }
      } else {
        result = own;
      }
    }
    profile_resolving.pop_back();
    profile_cache[d.qname] = result;
    return result;
  }

  // Check a merged draft and turn it into a resolved cluster.
  // `out` receives the diagnostics (a scratch sink when only asking whether a draft is complete).
  std::optional<ir::Cluster> finalize_cluster(Diagnostics& out_diags, const ClusterDraft& c, const std::string& origin,
                                              Span use_span) {
    ir::Cluster out;
    out.origin = origin;
    out.span = use_span;
    if (c.existing_invalid) return std::nullopt;  // its error is reported; the other checks would only add noise
    if (c.existing) {
      std::vector<std::pair<std::string, Span>> extra;
      auto note = [&](const auto& o, std::string_view n) {
        if (o) extra.emplace_back(std::string(n), o->span);
      };
      note(c.spark_version, "spark_version");
      note(c.node_type, "node_type");
      note(c.driver_node_type, "driver_node_type");
      note(c.workers, "workers");
      note(c.policy_id, "policy_id");
      note(c.instance_pool_id, "instance_pool_id");
      if (!extra.empty() || !c.spark_conf.empty() || !c.spark_env_vars.empty() || !c.custom_tags.empty() || c.init_scripts) {
        auto& d = out_diags.report("SCH1014", c.existing->span,
                               "an existing cluster cannot also set new-cluster fields");
        d.primary_label = "existing cluster";
        for (const auto& [n, s] : extra) d.labels.push_back({s, fmt::format("`{}` only applies to new job clusters", n)});
        d.help = "use either `existing = ...` (and optionally `libraries`) or the fields of a new job cluster";
        return std::nullopt;
      }
      out.kind = ir::Cluster::Kind::Existing;
      out.existing_cluster_id = *c.existing;
      return out;
    }
    out.kind = ir::Cluster::Kind::New;
    bool ok = true;
    auto need = [&](bool present, std::string_view key, std::string_view example) {
      if (present) return;
      auto& d = out_diags.report("SCH1004", use_span, fmt::format("the cluster{} is missing `{}`", origin.empty() ? "" : fmt::format(" `{}`", origin), key));
      d.primary_label = "cluster used here";
      d.help = fmt::format("add `{}` to the cluster or its profile", example);
      ok = false;
    };
    need(c.spark_version.has_value(), "spark_version", "spark_version = \"15.4.x-scala2.12\"");
    need(c.node_type.has_value() || c.instance_pool_id.has_value(), "node_type", "node_type = \"Standard_DS3_v2\"");
    need(c.workers.has_value(), "workers", "workers = 2..8");
    if (c.driver_node_type && c.instance_pool_id) {
      auto& d = out_diags.report("SCH1014", c.driver_node_type->span, "a cluster from an instance pool cannot also set `driver_node_type`");
      d.labels.push_back({c.instance_pool_id->span, "instance pool set here"});
      d.help = "the ADF linked service takes its nodes from the pool; remove `driver_node_type`";
      ok = false;
    }
    if (c.node_type && c.instance_pool_id) {
      auto& d = out_diags.report("SCH1014", c.instance_pool_id->span, "a cluster from an instance pool cannot also set `node_type`");
      d.labels.push_back({c.node_type->span, "node type set here"});
      d.help = "the pool decides the node type; remove `node_type`";
      ok = false;
    }
    if (!ok) return std::nullopt;
    out.spark_version = c.spark_version->value;
    if (c.node_type) out.node_type = c.node_type->value;
    if (c.driver_node_type) out.driver_node_type = c.driver_node_type->value;
    out.autoscale = c.workers->autoscale;
    out.workers = static_cast<int>(c.workers->lo);
    out.min_workers = static_cast<int>(c.workers->lo);
    out.max_workers = static_cast<int>(c.workers->hi);
    out.spark_conf = c.spark_conf;
    out.spark_env_vars = c.spark_env_vars;
    out.custom_tags = c.custom_tags;
    if (c.init_scripts) out.init_scripts = *c.init_scripts;
    if (c.policy_id) out.policy_id = c.policy_id->value;
    if (c.instance_pool_id) out.instance_pool_id = c.instance_pool_id->value;
    return out;
  }

  struct ModelCluster {
    ir::Cluster cluster;                 // what the linked service holds (no libraries)
    std::vector<ir::Library> libraries;  // installed for each run of this model
    std::string base_name;               // name part of the linked service: profile, or "inline"
    bool plain = false;                  // the same linked service content as the named profile
  };

  std::optional<ModelCluster> model_cluster(const Unit& unit, const Value& v, const std::string& model) {
    if (v.kind == VK::Block && v.block) {
      auto draft = read_cluster_body(unit, *v.block, fmt::format("the cluster of model `{}`", model), v.span);
      if (!draft) return std::nullopt;
      auto c = finalize_cluster(diags, *draft, "", v.span);
      if (!c) return std::nullopt;
      return ModelCluster{*c, draft->libraries.value_or(std::vector<ir::Library>{}), "inline", false};
    }
    if (v.kind != VK::Reference) {
      auto& d = diags.report("SCH1005", v.span, fmt::format("`cluster` must be a profile name or a block, found {}", value_kind_name(v.kind)));
      d.help = "write `cluster = clusters.general`, `cluster = clusters.general { workers = 4 }` or `cluster = { ... }`";
      return std::nullopt;
    }
    const Decl* p = resolve(profiles, "cluster profile", unit, v.path, Span{v.span.file, v.path.front().span.begin, v.path.back().span.end});
    if (!p) return std::nullopt;
    auto base = profile(*p);
    if (!base) return std::nullopt;
    if (!v.block) {
      auto plain = finalize_cluster(diags, *base, p->qname, v.span);
      if (!plain) return std::nullopt;
      return ModelCluster{*plain, base->libraries.value_or(std::vector<ir::Library>{}), p->qname, true};
    }
    auto over = read_cluster_body(unit, *v.block, fmt::format("the cluster overrides of model `{}`", model), v.span);
    if (!over) return std::nullopt;
    ClusterDraft merged = *base;
    merged.merge_from(*over);
    auto c = finalize_cluster(diags, merged, p->qname, v.span);
    if (!c) return std::nullopt;
    // Overrides that change nothing keep the profile's plain linked service name. The profile alone may be
    // incomplete (the overrides complete it): then it is not "plain", and that is not an error.
    Diagnostics scratch;
    auto plain = finalize_cluster(scratch, *base, p->qname, v.span);
    bool same = plain && cluster_key(*plain, project.environments) == cluster_key(*c, project.environments);
    return ModelCluster{*c, merged.libraries.value_or(std::vector<ir::Library>{}), p->qname, same};
  }

  // ---------------------------------------------------------------- storage paths

  // "container/path/in/it" -> (container, rest). Checks the ADLS Gen2 container naming rules.
  std::optional<std::pair<std::string, std::string>> split_storage_path(const std::string& path, Span span, bool need_rest) {
    auto fail = [&](const std::string& msg, const std::string& help) -> std::optional<std::pair<std::string, std::string>> {
      auto& d = diags.report("SCH1013", span, msg);
      d.primary_label = "invalid path";
      d.help = help;
      return std::nullopt;
    };
    if (path.empty()) return fail("the storage path is empty", "write `container/folder/file`");
    if (path.front() == '/') return fail("storage paths start with the container name, not `/`", "remove the leading `/`");
    if (path.find("//") != std::string::npos) return fail("the storage path has an empty segment (`//`)", "remove the extra `/`");
    auto slash = path.find('/');
    std::string container = path.substr(0, slash);
    std::string rest = slash == std::string::npos ? "" : path.substr(slash + 1);
    bool valid_container = container.size() >= 3 && container.size() <= 63 && container.front() != '-' && container.back() != '-' &&
                           container.find("--") == std::string::npos &&
                           std::all_of(container.begin(), container.end(), [](char c) {
                             return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                           });
    if (!valid_container)
      return fail(fmt::format("`{}` is not a valid container (file system) name", container),
                  "the first path segment is the container: 3-63 lowercase letters, digits and single hyphens");
    while (!rest.empty() && rest.back() == '/') rest.pop_back();
    if (need_rest && rest.empty()) return fail("the path names only a container", "add the folder or file inside the container");
    if (rest.find("//") != std::string::npos) return fail("the storage path has an empty segment (`//`)", "remove the extra `/`");
    std::string seg;
    for (std::size_t i = 0; i <= rest.size(); ++i) {
      if (i == rest.size() || rest[i] == '/') {
        if (seg == "." || seg == "..") return fail("storage paths cannot contain `.` or `..` segments", "write the path from the container");
        seg.clear();
      } else {
        seg += rest[i];
      }
    }
    return std::make_pair(container, rest);
  }

  // A prerequisite path template: the container part must be literal.
  std::optional<std::pair<std::string, ir::Template>> storage_path_template(const Value& v, bool is_file) {
    auto t = make_template(v);
    if (!t) return std::nullopt;
    // The container is the literal text up to the first '/'.
    std::string head = t->parts.empty() || t->parts[0].is_binding ? "" : t->parts[0].text;
    auto slash = head.find('/');
    if (slash == std::string::npos && t->is_plain()) {
      split_storage_path(head, v.span, true);  // reports "names only a container" or a bad container name
      return std::nullopt;
    }
    if (slash == std::string::npos) {
      auto& d = diags.report("SCH1013", v.span, "the storage path must start with a literal container name and `/`");
      d.primary_label = "no container";
      d.help = "write `\"container/folder/{schedule.date}/file\"`";
      return std::nullopt;
    }
    std::string literal_probe;
    for (const auto& p : t->parts) literal_probe += p.is_binding ? std::string("x") : p.text;
    auto split = split_storage_path(literal_probe, v.span, true);
    if (!split) return std::nullopt;
    if (is_file && !literal_probe.empty() && literal_probe.back() == '/') {
      diags.report("SCH1013", v.span, "a file path cannot end with `/`").help = "use `folder` for folders";
      return std::nullopt;
    }
    // Strip the container and a trailing '/' from the template.
    ir::Template rest;
    bool first = true;
    for (auto p : t->parts) {
      if (first) {
        p.text = p.text.substr(slash + 1);
        first = false;
        if (p.text.empty()) continue;
      }
      rest.parts.push_back(std::move(p));
    }
    while (!rest.parts.empty() && !rest.parts.back().is_binding && !rest.parts.back().text.empty() &&
           rest.parts.back().text.back() == '/') {
      rest.parts.back().text.pop_back();
      if (rest.parts.back().text.empty()) rest.parts.pop_back();
    }
    return std::make_pair(split->first, rest);
  }

  // ---------------------------------------------------------------- models

  // Linked services: one per (workspace, distinct cluster content). Names are chosen once all models are known,
  // so they never depend on which model came first: a profile's plain name when any model uses the profile as
  // declared, else the hashed name; among several candidates the smallest.
  struct ClusterUse {
    std::string model;
    std::string workspace;
    std::string key;       // cluster_key of the resolved cluster
    std::string name;      // candidate linked service name
    bool plain = false;
    Span span;
  };
  std::map<std::string, std::size_t> cluster_index;  // cluster key -> index in project.clusters
  std::vector<ClusterUse> cluster_uses;

  void use_cluster(const ir::Model& m, const ModelCluster& mc) {
    std::string key = cluster_key(mc.cluster, project.environments);
    auto [it, fresh] = cluster_index.emplace(key, project.clusters.size());
    if (fresh) project.clusters.push_back(mc.cluster);
    if (m.target != ir::Target::AdfNotebook) return;  // the cluster is in the Databricks job, not a linked service
    std::string base = mc.base_name;
    std::replace(base.begin(), base.end(), '.', '_');
    std::string name = fmt::format("ls_dbx_{}_{}", m.workspace, base);
    if (!mc.plain) name += fmt::format("_{:08x}", static_cast<std::uint32_t>(fnv1a(key) >> 32));
    cluster_uses.push_back({m.name, m.workspace, key, name, mc.plain, m.span});
  }

  void bind_clusters() {
    // Group by workspace + cluster content; choose each group's name.
    std::map<std::string, std::pair<bool, std::string>> chosen;  // group -> (plain, name)
    for (const auto& u : cluster_uses) {
      std::string group = u.workspace + "\x1e" + u.key;
      auto [it, fresh] = chosen.emplace(group, std::make_pair(u.plain, u.name));
      auto better = std::make_pair(!u.plain, u.name) < std::make_pair(!it->second.first, it->second.second);
      if (!fresh && better) it->second = {u.plain, u.name};
    }
    std::map<std::string, std::string> group_of_name;  // folded name -> group
    std::map<std::string, const ClusterUse*> first_use;  // group -> a model using it (for messages)
    for (const auto& u : cluster_uses) first_use.emplace(u.workspace + "\x1e" + u.key, &u);
    for (const auto& [group, choice] : chosen) {
      auto [it, fresh] = group_of_name.emplace(lower_ascii(choice.second), group);
      if (!fresh) {
        const ClusterUse* a = first_use.at(group);
        const ClusterUse* b = first_use.at(it->second);
        auto& d = diags.report("SCH4003", a->span,
                               fmt::format("two different Databricks linked services (workspace and cluster) would both be named `{}`",
                                           choice.second));
        d.primary_label = "this model's workspace and cluster";
        d.labels.push_back({b->span, "this model's workspace and cluster give the same name"});
        d.help = "rename the workspace or the cluster profile so their combined names differ";
        continue;
      }
      auto& w = group;
      std::string workspace = w.substr(0, w.find('\x1e'));
      project.cluster_bindings.push_back({choice.second, workspace, cluster_index.at(w.substr(w.find('\x1e') + 1))});
    }
    std::map<std::string, const ClusterUse*> use_of_model;
    for (const auto& u : cluster_uses) use_of_model.emplace(u.model, &u);
    for (auto& m : project.models) {
      if (!use_of_model.count(m.name)) continue;  // targets adf_job and databricks: no linked service
      const ClusterUse* u = use_of_model.at(m.name);
      m.names.cluster_linked_service = chosen.at(u->workspace + "\x1e" + u->key).second;
    }
  }

  static bool valid_email(const std::string& s) {
    auto at = s.find('@');
    if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
    std::string domain = s.substr(at + 1);
    auto dot = domain.find('.');
    if (dot == std::string::npos || dot == 0 || domain.back() == '.') return false;
    return std::none_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '<' || c == '>' || c == ','; });
  }

  void lower_model(const Decl& d) {
    const Unit& unit = *d.unit;
    const std::string& name = d.qname;
    Fields f(diags, d.decl->body, fmt::format("model `{}`", name), d.decl->name->span,
             {"owner", "description", "tags", "workspace", "notebook", "cluster", "schedule", "requires", "retry",
              "timeout", "concurrency", "target", "notify"});
    ir::Model m;
    m.name = name;
    m.span = d.decl->name->span;
    m.source_path = unit.display;
    bool ok = true;
    ok = lower_target(f, m) && ok;

    if (!unit.module.empty()) {
      diags.report("SCH1015", d.decl->kind.span, "stdlib modules cannot declare models");
      return;
    }
    if (static_cast<std::int64_t>(name.size()) > kMaxModelNameLength) {
      auto& diag = diags.report("SCH1007", d.decl->name->span,
                                fmt::format("model name is {} characters long; the limit is {}", name.size(), kMaxModelNameLength));
      diag.notes.push_back("the model name becomes the ADF pipeline and trigger names");
      diag.help = "choose a shorter name";
      ok = false;
    }

    if (auto owner = f.string("owner", true, "owner = \"team@contoso.com\"")) {
      if (!valid_email(*owner)) {
        auto& diag = diags.report("SCH1016", f.attr("owner")->span, fmt::format("owner `{}` is not an email address", *owner));
        diag.help = "the owner is the address that answers for this model, e.g. `retention-ds@contoso.com`";
        ok = false;
      }
      m.owner = *owner;
    } else {
      ok = false;
    }
    if (auto desc = f.string("description")) m.description = *desc;
    if (auto tags = f.string_list("tags")) {
      for (const auto& t : *tags) {
        std::size_t chars = static_cast<std::size_t>(std::count_if(t.begin(), t.end(), [](char c) {
          return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
        if (chars == 0 || chars > 64) {
          diags.report("SCH1016", f.attr("tags")->span, "tags must have 1-64 characters");
          ok = false;
        }
      }
      m.tags = *tags;
      std::sort(m.tags.begin(), m.tags.end());
      m.tags.erase(std::unique(m.tags.begin(), m.tags.end()), m.tags.end());
    }

    // Workspace
    if (const Value* w = f.reference("workspace")) {
      if (resolve(workspaces, "workspace", unit, w->path, w->span)) m.workspace = join(w->path); else ok = false;
    } else if (!f.entry("workspace")) {
      if (default_workspace) {
        m.workspace = *default_workspace;
      } else if (workspaces.size() == 0) {
        auto& diag = diags.report("SCH1004", d.decl->name->span, fmt::format("model `{}` has no workspace", name));
        diag.help = "declare `workspace NAME { url = ... resource_id = ... }` and set `workspace = NAME` in the model or in `project`";
        ok = false;
      } else {
        f.missing("workspace", fmt::format("workspace = {}", workspaces.begin()->first));
        ok = false;
      }
    } else {
      ok = false;
    }

    // Notebook and its parameters
    if (const Value* nb = f.attr("notebook")) {
      if (nb->kind != VK::String) {
        f.wrong_type("notebook", *nb, "a notebook path string, optionally followed by `{ parameters }`");
        ok = false;
      } else if (auto path = plain_string(diags, *nb, "the notebook path")) {
        if (auto resolved = notebook_path(*path, nb->span)) m.notebook_path = *resolved; else ok = false;
        if (nb->block) ok = lower_params(*nb->block, m) && ok;
      } else {
        ok = false;
      }
    } else if (!f.entry("notebook")) {
      f.missing("notebook", "notebook = \"/Repos/team/project/notebook\"");
      ok = false;
    }

    // Cluster
    std::optional<ModelCluster> mc;
    if (const Value* c = f.attr("cluster")) {
      mc = model_cluster(unit, *c, name);
      if (!mc) ok = false;
    } else if (!f.entry("cluster")) {
      f.missing("cluster", "cluster = clusters.general");
      ok = false;
    }

    // Schedule
    if (const Value* s = f.attr("schedule")) {
      if (s->kind != VK::Cron) {
        f.wrong_type("schedule", *s, "a cron schedule `cron \"30 2 * * *\" in \"Europe/Amsterdam\"`");
        ok = false;
      } else {
        schedule_needs_adf = targets::has_pipeline(m.target);
        if (!lower_schedule(*s, m.schedule)) ok = false;
        schedule_needs_adf = true;
      }
    } else if (!f.entry("schedule")) {
      f.missing("schedule", "schedule = cron \"0 6 * * *\" in \"UTC\"");
      ok = false;
    }

    // Prerequisites
    if (const syntax::Body* req = f.nested("requires")) ok = lower_requires(unit, *req, m) && ok;

    // Retry, timeout, concurrency, target
    if (const Value* r = f.attr("retry")) {
      if (r->kind == VK::Integer && r->integer == 0) {
        m.retries = 0;
      } else if (r->kind == VK::Every && r->items.size() == 2 && r->items[0].kind == VK::Integer) {
        const Value& count = r->items[0];
        const Value& every = r->items[1];
        if (count.integer < 0 || count.integer > 100) {
          diags.report("SCH1006", count.span, fmt::format("{} retries is outside the range 0..100", count.integer)).primary_label = "out of range";
          ok = false;
        } else {
          m.retries = static_cast<int>(count.integer);
        }
        if (every.kind != VK::Duration) {
          f.wrong_type("retry", every, "a duration after `every`");
          ok = false;
        } else if (every.seconds < 30 || every.seconds > 86400) {
          auto& diag = diags.report("SCH1006", every.span,
                                    fmt::format("retry interval of {} is outside ADF's range 30s..1d", human_seconds(every.seconds)));
          diag.primary_label = "out of range";
          diag.help = "choose an interval between `30s` and `1d`";
          ok = false;
        } else {
          m.retry_interval_seconds = static_cast<int>(every.seconds);
        }
      } else {
        f.wrong_type("retry", *r, "`N every DURATION` (e.g. `2 every 5m`) or `0`");
        ok = false;
      }
    }
    if (auto t = f.duration("timeout", true, "timeout = 3h")) {
      if (*t > kMaxTimeoutSeconds) {
        auto& diag = diags.report("SCH1006", f.attr("timeout")->span,
                                  fmt::format("timeout of {} is longer than ADF's limit of 7 days", human_seconds(*t)));
        diag.primary_label = "more than 7 days";
        diag.help = "choose a timeout of at most `7d`";
        ok = false;
      } else {
        m.timeout_seconds = *t;
      }
    } else {
      ok = false;
    }
    if (auto c = f.integer("concurrency", 1, 50)) m.concurrency = static_cast<int>(*c);
    else if (f.entry("concurrency")) ok = false;
    if (const syntax::Body* n = f.nested("notify")) ok = lower_notify(*n, f.key_span("notify"), m) && ok;

    if (!ok || !mc) return;
    m.names.pipeline = "pl_" + name;
    use_cluster(m, *mc);
    m.cluster = cluster_index.at(cluster_key(mc->cluster, project.environments));
    m.libraries = mc->libraries;
    if (targets::has_job(m.target)) {
      if (project.environments.empty()) m.names.jobs[""] = targets::job_name(name, "");
      for (const auto& env : project.environments) m.names.jobs[env.name] = targets::job_name(name, env.name);
    }
    if (!targets::has_pipeline(m.target)) {
      // Databricks-native: no ADF pipeline or trigger.
    } else if (m.schedule.adf.size() == 1) {
      m.names.triggers.push_back("tr_" + name);
    } else {
      for (std::size_t i = 0; i < m.schedule.adf.size(); ++i) m.names.triggers.push_back(fmt::format("tr_{}_{}", name, i + 1));
    }
    project.models.push_back(std::move(m));
  }

  // `target = adf_notebook | adf_job | databricks`, else the project's, else adf_notebook (docs/language.md §4.8).
  bool lower_target(Fields& f, ir::Model& m) {
    m.target = default_target.value_or(ir::Target::AdfNotebook);
    m.target_span = default_target ? default_target_span : m.span;
    if (!f.entry("target")) return true;
    auto t = f.word("target", {"adf_notebook", "adf_job", "databricks"});
    if (!t) return false;
    m.target = *targets::parse_target(*t);
    m.target_span = f.attr("target")->span;
    return true;
  }

  // `notify { on_start = [...]  on_success = [...]  on_failure = [...] }`: email addresses.
  bool lower_notify(const syntax::Body& body, Span key, ir::Model& m) {
    Fields n(diags, body, "`notify`", key, {"on_start", "on_success", "on_failure"});
    bool ok = true;
    m.notify.span = key;
    for (auto [field, list] : {std::pair{"on_start", &m.notify.on_start}, std::pair{"on_success", &m.notify.on_success},
                               std::pair{"on_failure", &m.notify.on_failure}}) {
      auto emails = n.string_list(field);
      if (!emails) {
        if (n.entry(field)) ok = false;
        continue;
      }
      for (const auto& e : *emails) {
        if (valid_email(e)) continue;
        auto& d = diags.report("SCH1016", n.attr(field)->span, fmt::format("`{}` is not an email address", e));
        d.help = "write addresses such as `retention-ds@contoso.com`";
        ok = false;
      }
      *list = *emails;
      std::sort(list->begin(), list->end());
      list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    return ok;
  }

  // What is wrong with an absolute notebook path, or "".
  static std::string notebook_path_problem(const std::string& path) {
    if (path.empty() || path.front() != '/') return "must be an absolute workspace path starting with `/`";
    if (path.size() == 1) return "names the workspace root, not a notebook";
    if (path.back() == '/') return "must name a notebook, not end with `/`";
    if (path.find("//") != std::string::npos) return "has an empty segment (`//`)";
    if (path.find("/../") != std::string::npos || path.find("/./") != std::string::npos || path.ends_with("/..") ||
        path.ends_with("/."))
      return "cannot contain `.` or `..` segments";
    return "";
  }

  // An absolute notebook path, or one relative to `project.notebook_root` (which may differ per environment).
  std::optional<ir::PerEnv<std::string>> notebook_path(const std::string& path, Span span) {
    ir::PerEnv<std::string> out;
    out.span = span;
    auto report = [&](const std::string& shown, const std::string& problem) {
      auto& diag = diags.report("SCH1008", span, fmt::format("notebook path `{}` {}", shown, problem));
      diag.primary_label = "invalid notebook path";
      diag.help = notebook_root
                      ? "write a path relative to `project.notebook_root` (no leading `/`), or an absolute workspace path"
                      : "write the absolute workspace path, e.g. `/Repos/team/project/notebook`, or set "
                        "`project { notebook_root = ... }` to use relative paths";
      return std::nullopt;
    };
    if (!path.empty() && path.front() == '/') {
      if (auto problem = notebook_path_problem(path); !problem.empty()) return report(path, problem);
      out.all = path;
      return out;
    }
    if (!notebook_root) return report(path, "must be an absolute workspace path starting with `/`");
    // Each environment's full path is checked, so the message shows the path that is wrong.
    auto join_root = [&](const std::string& root) -> std::optional<std::string> {
      std::string full = root + "/" + path;
      if (auto problem = notebook_path_problem(full); !problem.empty()) {
        report(full, problem);
        return std::nullopt;
      }
      return full;
    };
    if (notebook_root->all) {
      auto full = join_root(*notebook_root->all);
      if (!full) return std::nullopt;
      out.all = *full;
    }
    for (const auto& [env, root] : notebook_root->by_env) {
      auto full = join_root(root);
      if (!full) return std::nullopt;
      out.by_env[env] = *full;
    }
    return out;
  }

  bool lower_params(const syntax::Body& body, ir::Model& m) {
    bool ok = true;
    std::map<std::string, Span> seen;
    for (const auto& e : body.entries) {
      if (e.kind != syntax::Entry::Kind::Attribute) {
        auto& d = diags.report("SCH1005", e.span, "notebook parameters are written `name = \"value\"`");
        d.help = "put only `name = value` entries in the block after the notebook path";
        ok = false;
        continue;
      }
      if (auto [it, inserted] = seen.emplace(e.key.text, e.key.span); !inserted) {
        auto& d = diags.report("SCH1003", e.key.span, fmt::format("notebook parameter `{}` is set twice", e.key.text));
        d.labels.push_back({it->second, "first set here"});
        ok = false;
        continue;
      }
      if (e.key.text.empty()) {
        diags.report("SCH1016", e.key.span, "a notebook parameter name cannot be empty");
        ok = false;
        continue;
      }
      ir::NotebookParam p;
      p.name = e.key.text;
      p.span = e.span;
      const Value& v = e.value;
      if (v.kind == VK::String && !v.block) {
        auto t = make_template(v);
        if (!t) {
          ok = false;
          continue;
        }
        p.value = *t;
      } else if (v.kind == VK::Integer) {
        p.value.parts.push_back({false, std::to_string(v.integer), {}});
      } else if (v.kind == VK::Bool) {
        p.value.parts.push_back({false, v.boolean ? "true" : "false", {}});
      } else if (v.kind == VK::Secret) {
        auto& d = diags.report("SCH1005", v.span, fmt::format("notebook parameter `{}` cannot be a secret", p.name));
        d.notes.push_back("notebook parameters are visible in ADF and Databricks run histories");
        d.help = "read the secret in the notebook with `dbutils.secrets.get(scope, key)`";
        ok = false;
        continue;
      } else {
        auto& d = diags.report("SCH1005", v.span,
                               fmt::format("notebook parameter `{}` must be a string, integer or boolean, found {}", p.name, value_kind_name(v.kind)));
        d.help = "notebook parameters are strings; bindings are written inside strings: `\"{schedule.date}\"`";
        ok = false;
        continue;
      }
      m.params.push_back(std::move(p));
    }
    return ok;
  }

  static adf::LocalDateTime to_local(const syntax::DateTime& d) {
    return adf::LocalDateTime{d.year, d.month, d.day, d.hour, d.minute, d.second};
  }

  bool lower_schedule(const Value& v, ir::Schedule& s) {
    const syntax::Cron& c = v.cron();
    s.span = v.span;
    s.cron_span = c.expr_span;
    s.zone_span = c.zone_span;
    bool ok = true;
    std::string expr, zone;
    for (const auto& p : c.expr) {
      if (p.kind == syntax::StringPart::Kind::Binding) {
        diags.report("SCH1009", p.span, "a cron expression cannot contain bindings").help = "write the five cron fields literally";
        return false;
      }
      expr += p.text;
    }
    for (const auto& p : c.zone) {
      if (p.kind == syntax::StringPart::Kind::Binding) {
        diags.report("SCH1009", p.span, "a time zone cannot contain bindings").help = "write an IANA zone such as \"Europe/Amsterdam\"";
        return false;
      }
      zone += p.text;
    }
    auto parsed = cron::parse(expr);
    if (!parsed.expr) {
      const auto& e = *parsed.error;
      // Map offsets in the decoded text back to the literal; exact unless the literal used escapes.
      Span span = c.expr_span;
      std::string_view raw = sm.text(c.expr_span);
      if (raw.size() == expr.size() + 2) {
        span.begin = c.expr_span.begin + 1 + e.begin;
        span.end = c.expr_span.begin + 1 + std::max(e.end, e.begin);
      }
      auto& d = diags.report("SCH3001", span, fmt::format("invalid cron expression: {}", e.message));
      d.primary_label = "here";
      if (!e.help.empty()) d.help = e.help;
      return false;
    }
    s.cron = *parsed.expr;
    if (!tz::is_known_zone(zone)) {
      auto& d = diags.report("SCH3002", c.zone_span, fmt::format("unknown time zone `{}`", zone));
      d.primary_label = "not an IANA time zone";
      auto sugg = tz::suggest_zones(zone, 3);
      if (!sugg.empty()) {
        std::string list;
        for (const auto& z : sugg) list += (list.empty() ? "`" : "`, `") + z;
        d.help = fmt::format("did you mean {}`?", list);
      } else {
        d.help = "use an IANA zone name such as \"Europe/Amsterdam\", \"America/New_York\" or \"UTC\"";
      }
      d.notes.push_back("zones are the IANA names of the system tz database (/usr/share/zoneinfo); names are case-sensitive");
      return false;
    }
    s.zone = zone;
    auto win = tz::windows_zone(zone);
    if (!win && !schedule_needs_adf) win = std::string();  // no ADF trigger, so no Windows id needed
    if (!win) {
      auto& d = diags.report("SCH3003", c.zone_span, fmt::format("time zone `{}` has no Windows time zone id, which ADF triggers need", zone));
      d.primary_label = "no Windows id in CLDR";
      d.help = "use a zone that CLDR maps to a Windows id, e.g. the main city zone of the same region, or \"UTC\"";
      return false;
    }
    s.windows_zone = *win;
    s.utc = *win == "UTC";
    if (c.from) s.from = to_local(*c.from);
    if (c.until) s.until = to_local(*c.until);
    for (auto [t, span] : {std::pair{s.from, c.from_span}, std::pair{s.until, c.until_span}}) {
      if (t && t->second != 0) {
        auto& d = diags.report("SCH3005", span, "schedule windows are given to the minute; seconds are not allowed");
        d.notes.push_back("ADF takes the seconds of a trigger's start time for every run");
        d.help = "remove the seconds";
        return false;
      }
    }
    auto tup = [](const adf::LocalDateTime& t) { return std::make_tuple(t.year, t.month, t.day, t.hour, t.minute, t.second); };
    if (s.until && !s.from && !(adf::LocalDateTime{2025, 1, 1, 0, 0, 0} < *s.until)) {
      auto& d = diags.report("SCH3005", c.until_span, "the schedule ends at or before its default start (2025-01-01T00:00)");
      d.primary_label = "ends here";
      d.help = "add `from DATE` with a date before this `until`, or choose a later `until`";
      return false;
    }
    if (s.from && s.until) {
      if (!(tup(*s.from) < tup(*s.until))) {
        auto& d = diags.report("SCH3005", c.until_span,
                               *s.from == *s.until ? "the schedule ends when it starts, so it never runs" : "the schedule ends before it starts");
        d.labels.push_back({c.from_span, "starts here"});
        d.help = "make `until` later than `from`";
        return false;
      }
    }
    if (!schedule_needs_adf) return ok;  // target `databricks`: the Quartz lowering is checked by compiler/targets
    auto lowered = adf::lower(s.cron, s.windows_zone, s.utc, adf::ScheduleWindow{s.from, s.until}, s.zone);
    if (lowered.error) {
      auto& d = diags.report("SCH3004", c.expr_span, lowered.error->message);
      d.primary_label = "no exact ADF triggers for this";
      if (!lowered.error->help.empty()) d.help = lowered.error->help;
      return false;
    }
    s.adf = std::move(lowered.recurrences);
    return ok;
  }

  bool lower_requires(const Unit& unit, const syntax::Body& body, ir::Model& m) {
    bool ok = true;
    for (const auto& e : body.entries) {
      if (e.kind != syntax::Entry::Kind::Requirement) {
        auto& d = diags.report("SCH1005", e.span, "`requires` holds prerequisites, not fields");
        d.help = "write `file \"container/path\" in STORAGE wait 2h every 10m`, `folder ... check` or `model NAME wait 1h every 5m`";
        ok = false;
        continue;
      }
      const syntax::Requirement& r = *e.requirement;
      ir::Prerequisite p;
      p.span = r.span;
      p.mode = r.mode == syntax::Requirement::Mode::Wait ? ir::Prerequisite::Mode::Wait : ir::Prerequisite::Mode::Check;
      if (p.mode == ir::Prerequisite::Mode::Wait) {
        const Value& to = *r.wait_timeout;
        const Value& every = *r.wait_every;
        if (to.seconds > kMaxTimeoutSeconds) {
          diags.report("SCH1006", to.span, "a wait can last at most 7 days (ADF's activity timeout limit)").primary_label = "too long";
          ok = false;
        }
        if (every.seconds > to.seconds) {
          auto& d = diags.report("SCH1006", every.span, "the poll interval is longer than the wait itself");
          d.primary_label = "polls less often than it waits";
          d.labels.push_back({to.span, "waits this long"});
          d.help = "poll more often than the total wait, e.g. `wait 2h every 10m`";
          ok = false;
        }
        if (every.seconds > 86400 && every.seconds <= to.seconds) {
          diags.report("SCH1006", every.span, "the poll interval can be at most 1 day").primary_label = "too long";
          ok = false;
        }
        p.timeout_seconds = to.seconds;
        p.poll_seconds = every.seconds;
      }
      const std::string& kind = r.kind.text;
      if (kind == "model") {
        p.kind = ir::Prerequisite::Kind::Model;
        if (const Decl* up = resolve(models, "model", unit, r.target.path, r.target.span)) {
          p.upstream = up->qname;
        } else {
          ok = false;
        }
        if (r.within) {
          constexpr std::int64_t kMaxWithin = 400LL * 24 * 3600;
          if (r.within->seconds < 60 || r.within->seconds > kMaxWithin) {
            auto& diag = diags.report("SCH1006", r.within->span, "`within` must be between 1 minute and 400 days");
            diag.primary_label = "out of range";
            ok = false;
          }
          p.within_seconds = r.within->seconds;
        }
      } else {
        if (r.within) {
          auto& diag = diags.report("SCH1005", r.within->span, "`within` applies to model prerequisites only");
          diag.help = "remove `within ...`; files and folders are checked for existence";
          ok = false;
        }
        p.kind = kind == "file" ? ir::Prerequisite::Kind::File : ir::Prerequisite::Kind::Folder;
        if (const Decl* st = resolve(storages, "storage", unit, r.storage_path, r.storage ? r.storage->span : r.span)) {
          p.storage = st->qname;
        } else {
          ok = false;
        }
        if (auto split = storage_path_template(r.target, p.kind == ir::Prerequisite::Kind::File)) {
          p.container = split->first;
          p.path = split->second;
        } else {
          ok = false;
        }
      }
      m.requires_.push_back(std::move(p));
    }
    return ok;
  }

  // ---------------------------------------------------------------- whole-project analyses

  void check_dependencies() {
    // Markers must exist when any model depends on another.
    for (const auto& m : project.models)
      for (const auto& p : m.requires_)
        if (p.kind == ir::Prerequisite::Kind::Model && !project.markers && !markers_declared) {
          auto& d = diags.report("SCH2006", p.span,
                                 fmt::format("model `{}` waits for model `{}`, but no success markers are configured", m.name, p.upstream));
          d.notes.push_back("each pipeline writes a success marker that downstream pipelines check; it needs a storage location");
          d.help = "add `project { markers { storage = STORAGE  path = \"container/folder\" } }`";
        }
    // Cycles: depth-first search in name order; each cycle is reported once, at its smallest model.
    std::map<std::string, const ir::Model*> by_name;
    for (const auto& m : project.models) by_name[m.name] = &m;
    std::map<std::string, int> color;  // 0 new, 1 on stack, 2 done
    std::vector<std::pair<const ir::Model*, const ir::Prerequisite*>> stack;
    std::function<void(const ir::Model&)> visit = [&](const ir::Model& m) {
      color[m.name] = 1;
      for (const auto& p : m.requires_) {
        if (p.kind != ir::Prerequisite::Kind::Model) continue;
        auto it = by_name.find(p.upstream);
        if (it == by_name.end()) continue;
        stack.emplace_back(&m, &p);
        int c = color[p.upstream];
        if (c == 1) {
          auto start = std::find_if(stack.begin(), stack.end(), [&](const auto& s) { return s.first->name == p.upstream; });
          std::string cycle;
          for (auto s = start; s != stack.end(); ++s) cycle += s->first->name + " -> ";
          cycle += p.upstream;
          auto& d = diags.report("SCH2005", start->second->span, fmt::format("dependency cycle: {}", cycle));
          d.primary_label = "this prerequisite starts the cycle";
          for (auto s = std::next(start); s != stack.end(); ++s)
            d.labels.push_back({s->second->span, fmt::format("`{}` waits for `{}`", s->first->name, s->second->upstream)});
          d.help = std::next(start) == stack.end() ? "a model cannot wait for itself; remove this prerequisite"
                                                   : "no model can run before the others in the cycle; remove one of these prerequisites";
        } else if (c == 0) {
          visit(*it->second);
        }
        stack.pop_back();
      }
      color[m.name] = 2;
    };
    for (const auto& [name, m] : by_name)
      if (color[name] == 0) visit(*m);
  }

  void collect_storage_uses() {
    std::map<std::string, ir::StorageUse> uses;
    auto use = [&](const std::string& storage) -> ir::StorageUse& {
      auto& u = uses[storage];
      u.storage = storage;
      u.linked_service = "ls_adls_" + storage;
      u.file_dataset = "ds_" + storage + "_file";
      u.folder_dataset = "ds_" + storage + "_folder";
      return u;
    };
    for (const auto& m : project.models)
      for (const auto& p : m.requires_) {
        if (p.kind == ir::Prerequisite::Kind::File) use(p.storage).needs_file = true;
        if (p.kind == ir::Prerequisite::Kind::Folder) use(p.storage).needs_folder = true;
        if (p.kind == ir::Prerequisite::Kind::Model && project.markers) use(project.markers->storage).needs_file = true;
      }
    std::map<std::string, const ir::StorageUse*> folded;  // ls_adls_/ds_ names differ only by the storage name
    auto span_of = [&](const std::string& name) {
      for (const auto& st : project.storages)
        if (st.name == name) return st.span;
      return Span{};
    };
    auto source_order = [&](Span a) { return std::make_pair(sm.file(a.file).path, a.begin); };
    for (auto& [n, u] : uses) {
      auto [it, fresh] = folded.emplace(lower_ascii(n), &u);
      if (!fresh) {
        // Blame the later declaration (by file path, then position), as for models.
        Span here = span_of(n), there = span_of(it->second->storage);
        std::string later = n, earlier = it->second->storage;
        if (source_order(there) > source_order(here)) {
          std::swap(here, there);
          std::swap(later, earlier);
        }
        auto& d = diags.report("SCH4003", here,
                               fmt::format("storage `{}` and storage `{}` would generate linked services and datasets whose "
                                           "names differ only in letter case (`ls_adls_{}`, `ls_adls_{}`)",
                                           later, earlier, later, earlier));
        d.labels.push_back({there, "the other storage"});
        d.notes.push_back("ADF entity names are case-insensitive");
        d.help = "rename one of the storage declarations";
      }
      project.storage_uses.push_back(u);
    }
  }

  // Generated entity names must be unique per kind, ignoring case.
  void check_generated_names() {
    // lower-cased name -> every model that generates it so far (a third one is shown both others).
    struct Claimer {
      std::string name;   // the generated name as spelled
      std::string model;
      Span span;
    };
    std::map<std::string, std::vector<Claimer>> pipelines, triggers;
    auto claim = [&](auto& table, const std::string& name, const ir::Model& m, std::string_view kind) {
      auto& claimers = table[lower_ascii(name)];
      if (!claimers.empty()) {
        const Claimer& first = claimers.front();
        auto& d = diags.report("SCH4003", m.span,
                               fmt::format("model `{}` generates the {} name `{}`, which model `{}` also generates{}", m.name,
                                           kind, name, first.model,
                                           first.name == name ? "" : fmt::format(" (as `{}`)", first.name)));
        d.primary_label = fmt::format("generates {} `{}`", kind, name);
        for (const auto& c : claimers) d.labels.push_back({c.span, fmt::format("generates `{}` too", c.name)});
        if (first.name != name) d.notes.push_back("ADF entity names are case-insensitive");
        if (kind == "trigger")
          d.notes.push_back("a schedule that needs several triggers names them tr_<model>_1, tr_<model>_2, ... "
                            "(docs/language.md §8)");
        d.help = "rename one of the models";
      }
      claimers.push_back({name, m.name, m.span});
    };
    for (const auto& m : project.models) {
      claim(pipelines, m.names.pipeline, m, "pipeline");
      for (const auto& t : m.names.triggers) claim(triggers, t, m, "trigger");
    }
  }

  // ADF allows at most 120 activities per pipeline, nested ones included. The count follows the lowering in
  // codegen/adf/pipeline.hpp (documented in docs/language.md, section 7).
  static constexpr std::size_t kMaxActivities = 120;
  static constexpr std::size_t kJobRunActivities = 11;  // codegen/adf/job_run.hpp
  static std::size_t adf_activity_count(const ir::Model& m, bool markers) {
    // run_notebook (adf_job: the job run, docs/language.md §4.8), write_success_marker, write_latest_marker
    std::size_t n = (m.target == ir::Target::AdfJob ? kJobRunActivities : 1) + (markers ? 2 : 0);
    for (const auto& p : m.requires_) {
      bool until = p.mode == ir::Prerequisite::Mode::Wait && p.within_seconds;
      n += p.mode == ir::Prerequisite::Mode::Check ? 3 : until ? 3 : 1;  // If+GetMetadata+Fail | Until+2 | Validation
    }
    return n;
  }

  void check_pipeline_limits() {
    for (const auto& m : project.models) {
      std::size_t n = adf_activity_count(m, project.markers.has_value());
      if (n > kMaxActivities) {
        auto& d = diags.report("SCH4004", m.span,
                               fmt::format("the pipeline of model `{}` would have {} activities; ADF allows at most {} per "
                                           "pipeline, nested ones included",
                                           m.name, n, kMaxActivities));
        d.primary_label = fmt::format("{} prerequisites", m.requires_.size());
        d.notes.push_back("a `wait` on a file or folder is 1 activity; a `check`, or a `wait` with `within`, is 3");
        d.help = "wait for a folder or a single _SUCCESS file instead of many files, or split the model";
      }
    }
  }

  void scan_secrets() {  // a file at a time on several threads, reported in file order
    std::vector<Diagnostics> found(units.size());
    parallel_for(units.size(), [&](std::size_t i) { scan_file_for_secrets(units[i].ast, found[i]); });
    for (const auto& f : found)
      for (const auto& d : f.all()) diags.add(d);
  }

  // ---------------------------------------------------------------- driver

  std::optional<ir::Project> run() {
    scan_secrets();
    collect();
    lower_environments();
    if (diags.has_errors()) return std::nullopt;
    lower_project();
    lower_workspaces();
    lower_storages();
    lower_vaults();
    // Every profile's fields are checked even when no model uses it; completeness is checked where a profile is
    // used, because a profile may be a partial base for others.
    for (const auto& [name, d] : profiles) profile(d);
    project.models.reserve(models.size());  // no doubling slack: an ir::Model is over 1 KB
    for (const auto& [name, d] : models) lower_model(d);
    bind_clusters();
    check_dependencies();
    collect_storage_uses();
    check_generated_names();
    check_pipeline_limits();
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
};

Lowering::Lowering(const SourceManager& sources, Diagnostics& diags, const std::vector<Unit>& units)
    : impl_(new Impl(sources, diags, units)) {}
Lowering::~Lowering() { delete impl_; }
std::optional<ir::Project> Lowering::run() { return impl_->run(); }

}  // namespace schedc
