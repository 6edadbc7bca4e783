// Clusters: profiles, each model's cluster, and the Databricks linked services. See clusters.hpp.
#include "compiler/lower/clusters.hpp"

#include "compiler/lower/keys.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "compiler/lower/fields.hpp"

namespace schedc::lower {
namespace {

using syntax::Value;
using VK = syntax::Value::Kind;

constexpr int kMaxWorkers = 10000;
constexpr std::size_t kMaxProfileDepth = 64;  // profiles in one `from` chain (docs/language.md §4.6)

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

std::string check_cluster_id(const std::string& s) {
  if (s.empty()) return "is empty";
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
      return "is not a cluster id (letters, digits and '-')";
  return "";
}

}  // namespace

void Clusters::check_profiles() {
  for (const auto& [name, d] : cx.table(SymbolKind::ClusterProfile)) {
    const auto draft = profile(d);
    if (!draft) continue;
    // What the profile resolves to, as a model that writes `cluster = <profile>` would get it (the language
    // server's hover); its diagnostics belong to the uses, so they go to a scratch sink.
    ResolvedProfile r;
    Diagnostics scratch;
    r.cluster = finalize_cluster(scratch, *draft, d.qname, d.decl->name->span);
    r.libraries = draft->libraries.value_or(std::vector<ir::Library>{});
    if (!draft->existing) {
      if (!draft->spark_version) r.missing.emplace_back("spark_version");
      if (!draft->node_type && !draft->instance_pool_id) r.missing.emplace_back("node_type");
      if (!draft->workers) r.missing.emplace_back("workers");
    }
    cx.profiles.emplace(d.qname, std::move(r));
  }
}

std::optional<ir::ConfValue> Clusters::conf_value(const Unit& unit, const Value& v, std::string_view where) {
  ir::ConfValue out;
  if (v.kind == VK::String && !v.block) {
    auto s = plain_string(cx.diags, v, where);
    if (!s) return std::nullopt;
    out.text = *s;
    return out;
  }
  if (v.kind == VK::Secret) {
    auto name = plain_string(cx.diags, v, "a secret name");
    const Symbol* vault = cx.resolve(SymbolKind::KeyVault, unit, v.path, v.span);
    if (!name || !vault) return std::nullopt;
    bool valid = !name->empty() && name->size() <= 127 && std::all_of(name->begin(), name->end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (!valid) {
      SCHEDC_DIAGNOSTIC(SecretNameEmpty, MalformedValue, "the Key Vault secret name is empty");
      SCHEDC_DIAGNOSTIC(InvalidSecretName, MalformedValue, "`{}` is not a valid Key Vault secret name", std::string_view);
      auto& d = name->empty() ? cx.diags.report(SecretNameEmpty, v.span) : cx.diags.report(InvalidSecretName, v.span, *name);
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
  SCHEDC_DIAGNOSTIC(SecretOrStringExpected, WrongValueType, "{} must be a string or `secret \"name\" in VAULT`, found {}",
                    std::string_view, std::string_view);
  auto& d = cx.diags.report(SecretOrStringExpected, v.span, where, value_kind_name(v.kind));
  d.primary_label = "expected a string";
  return std::nullopt;
}

const ir::KeyVault* Clusters::find_vault(const std::string& name) const {
  for (const auto& k : cx.project.key_vaults)
    if (k.name == name) return &k;
  return nullptr;
}

template <class T, class Conv>
void Clusters::read_map(const Unit& unit, Fields& f, std::string_view key, std::map<std::string, T>& dst, Conv conv) {
  const syntax::Body* b = f.nested(key);
  if (!b) return;
  std::map<std::string, Span> seen;
  for (const auto& e : b->entries) {
    if (e.kind != syntax::Entry::Kind::Attribute) {
      SCHEDC_DIAGNOSTIC(EntriesOnly, WrongValueType, "`{}` holds `name = \"value\"` entries only",
                        std::string_view);
      auto& d = cx.diags.report(EntriesOnly, e.span, key);
      d.help = fmt::format("write `\"name\" = \"value\"` inside `{} {{ ... }}`", key);
      continue;
    }
    if (auto [it, inserted] = seen.emplace(e.key.text, e.key.span); !inserted) {
      SCHEDC_DIAGNOSTIC(EntrySetTwice, DuplicateField, "`{}` is set twice in `{}`", std::string_view, std::string_view);
      auto& d = cx.diags.report(EntrySetTwice, e.key.span, e.key.text, key);
      d.labels.push_back({it->second, "first set here"});
      continue;
    }
    if (auto v = conv(unit, e.value, fmt::format("`{}` in `{}`", e.key.text, key))) dst[e.key.text] = *v;
  }
}

std::optional<ClusterDraft> Clusters::read_cluster_body(const Unit& unit, const syntax::Body& body, const std::string& what, Span anchor) {
  Fields f(cx.diags, body, what, anchor, lower::kClusterKeys);
  ClusterDraft c;
  c.span = body.span;
  auto str = [&](std::string_view key, std::optional<ClusterDraft::Str>& dst) {
    if (auto s = f.string(key)) {
      if (s->empty()) {
        SCHEDC_DIAGNOSTIC(EmptyValue, MalformedValue, "`{}` cannot be empty", std::string_view);
        cx.diags.report(EmptyValue, f.attr(key)->span, key);
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
        SCHEDC_DIAGNOSTIC(WorkersMoreThanSchedcAllows, ValueOutOfRange, "{} workers is more than schedc allows ({})",
                          std::int64_t, int);
        auto& d = cx.diags.report(WorkersMoreThanSchedcAllows, w->span, w->integer, kMaxWorkers);
        d.help = "this is almost certainly a typo";
      } else {
        c.workers = ClusterDraft::Workers{false, w->integer, w->integer, w->span};
      }
    } else if (w->kind == VK::Range) {
      if (w->range_lo() < 1 || w->range_lo() > w->range_hi() || w->range_hi() > kMaxWorkers) {
        SCHEDC_DIAGNOSTIC(AutoscaleMinimumAboveMaximum, ValueOutOfRange,
                          "autoscale range {}..{} has its minimum above its maximum", std::int64_t, std::int64_t);
        SCHEDC_DIAGNOSTIC(AutoscaleOutOfRange, ValueOutOfRange, "autoscale range {}..{} is outside 1..{}", std::int64_t,
                          std::int64_t, std::int64_t);
        auto& d = w->range_lo() > w->range_hi()
                      ? cx.diags.report(AutoscaleMinimumAboveMaximum, w->span, w->range_lo(), w->range_hi())
                      : cx.diags.report(AutoscaleOutOfRange, w->span, w->range_lo(), w->range_hi(), kMaxWorkers);
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
      SCHEDC_DIAGNOSTIC(StringExpected, WrongValueType, "{} must be a string, found {}",
                        std::string_view, std::string_view);
      cx.diags.report(StringExpected, v.span, where, value_kind_name(v.kind));
      return std::nullopt;
    }
    return plain_string(cx.diags, v, where);
  });
  if (auto scripts = f.string_list("init_scripts")) c.init_scripts = *scripts;
  if (f.entry("existing")) {
    auto ex = cx.per_env_string(f, "existing", false, "");
    if (ex && cx.check_each(*ex, DiagnosticKind::MalformedValue, "existing", check_cluster_id, "a cluster id looks like 0123-456789-abcdefgh"))
      c.existing = *ex;
    else
      c.existing_invalid = true;
  }
  if (const syntax::Body* libs = f.nested("libraries")) c.libraries = read_libraries(*libs, f.key_span("libraries"));
  return c;
}


std::vector<ir::Library> Clusters::read_libraries(const syntax::Body& body, Span anchor) {
  Fields f(cx.diags, body, "`libraries`", anchor, lower::kLibrariesKeys);
  std::vector<ir::Library> out;
  auto pypi_repo = f.string("pypi_repo");
  auto cran_repo = f.string("cran_repo");
  auto maven_repo = f.string("maven_repo");
  auto add = [&](std::string_view key, ir::Library::Kind kind, const std::optional<std::string>& repo) {
    if (auto list = f.string_list(key))
      for (auto& s : *list) {
        if (s.empty()) {
          SCHEDC_DIAGNOSTIC(EmptyListEntry, MalformedValue, "`{}` has an empty entry", std::string_view);
          cx.diags.report(EmptyListEntry, f.attr(key)->span, key);
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
std::optional<ClusterDraft> Clusters::profile(const Symbol& d) {
  if (auto it = profile_cache_.find(d.qname); it != profile_cache_.end()) return it->second;
  if (auto at = std::find(profile_resolving_.begin(), profile_resolving_.end(), d.qname); at != profile_resolving_.end()) {
    std::string chain;
    for (auto it = at; it != profile_resolving_.end(); ++it) chain += *it + " -> ";
    chain += d.qname;
    SCHEDC_DIAGNOSTIC(ProfileInheritsFromItself, ProfileCycle, "cluster profile `{}` inherits from itself", std::string_view);
    SCHEDC_DIAGNOSTIC(ProfilesInCycle, ProfileCycle, "cluster profiles inherit from each other in a cycle: {}",
                      std::string_view);
    const Span at_span = d.decl->base ? d.decl->base->span : d.decl->name->span;
    auto& diag = std::next(at) == profile_resolving_.end() ? cx.diags.report(ProfileInheritsFromItself, at_span, d.qname)
                                                           : cx.diags.report(ProfilesInCycle, at_span, chain);
    diag.help = "remove one `from` in the chain";
    return std::nullopt;
  }
  if (profile_resolving_.size() >= kMaxProfileDepth) {
    // A chain this deep is not a design anyone means, and resolving it would recurse once per profile.
    SCHEDC_DIAGNOSTIC(ClusterProfileReachedThroughMore, InputTooLarge, "cluster profile `{}` is reached through more than {} profiles built `from` each other",
                      std::string_view, std::size_t);
    auto& diag = cx.diags.report(ClusterProfileReachedThroughMore, d.decl->base ? d.decl->base->span : d.decl->name->span, d.qname, kMaxProfileDepth);
    diag.primary_label = "too deep";
    diag.help = fmt::format("build profiles from at most {} others in a chain", kMaxProfileDepth);
    profile_cache_[d.qname] = std::nullopt;
    return std::nullopt;
  }
  profile_resolving_.push_back(d.qname);
  std::optional<ClusterDraft> result;
  auto own = read_cluster_body(*d.unit, d.decl->body, fmt::format("cluster `{}`", d.qname), d.decl->name->span);
  if (own) {
    if (d.decl->base) {
      const Symbol* base = cx.resolve(SymbolKind::ClusterProfile, *d.unit, d.decl->base_path, d.decl->base->span);
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
  profile_resolving_.pop_back();
  profile_cache_[d.qname] = result;
  return result;
}

// Check a merged draft and turn it into a resolved cluster.
// `out` receives the diagnostics (a scratch sink when only asking whether a draft is complete).
std::optional<ir::Cluster> Clusters::finalize_cluster(Diagnostics& out_diags, const ClusterDraft& c, const std::string& origin,
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
      SCHEDC_DIAGNOSTIC(ExistingClusterAlsoSetNew, ConflictingFields, "an existing cluster cannot also set new-cluster fields");
      auto& d = out_diags.report(ExistingClusterAlsoSetNew, c.existing->span);
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
    SCHEDC_DIAGNOSTIC(ClusterMissing, MissingField, "the cluster{} is missing `{}`",
                      std::string_view, std::string_view);
    auto& d = out_diags.report(ClusterMissing, use_span, origin.empty() ? "" : fmt::format(" `{}`", origin), key);
    d.primary_label = "cluster used here";
    d.help = fmt::format("add `{}` to the cluster or its profile", example);
    ok = false;
  };
  need(c.spark_version.has_value(), "spark_version", "spark_version = \"15.4.x-scala2.12\"");
  need(c.node_type.has_value() || c.instance_pool_id.has_value(), "node_type", "node_type = \"Standard_DS3_v2\"");
  need(c.workers.has_value(), "workers", "workers = 2..8");
  if (c.driver_node_type && c.instance_pool_id) {
    SCHEDC_DIAGNOSTIC(ClusterFromInstancePoolAlso2, ConflictingFields, "a cluster from an instance pool cannot also set `driver_node_type`");
    auto& d = out_diags.report(ClusterFromInstancePoolAlso2, c.driver_node_type->span);
    d.labels.push_back({c.instance_pool_id->span, "instance pool set here"});
    d.help = "the ADF linked service takes its nodes from the pool; remove `driver_node_type`";
    ok = false;
  }
  if (c.node_type && c.instance_pool_id) {
    SCHEDC_DIAGNOSTIC(ClusterFromInstancePoolAlso, ConflictingFields, "a cluster from an instance pool cannot also set `node_type`");
    auto& d = out_diags.report(ClusterFromInstancePoolAlso, c.instance_pool_id->span);
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


std::optional<Clusters::ModelCluster> Clusters::model_cluster(const Unit& unit, const Value& v, const std::string& model) {
  if (v.kind == VK::Block && v.block) {
    auto draft = read_cluster_body(unit, *v.block, fmt::format("the cluster of model `{}`", model), v.span);
    if (!draft) return std::nullopt;
    auto c = finalize_cluster(cx.diags, *draft, "", v.span);
    if (!c) return std::nullopt;
    return ModelCluster{*c, draft->libraries.value_or(std::vector<ir::Library>{}), model, false};
  }
  if (v.kind != VK::Reference) {
    SCHEDC_DIAGNOSTIC(MustProfileNameBlockFound, WrongValueType, "`cluster` must be a profile name or a block, found {}",
                      std::string_view);
    auto& d = cx.diags.report(MustProfileNameBlockFound, v.span, value_kind_name(v.kind));
    d.help = "write `cluster = clusters.general`, `cluster = clusters.general { workers = 4 }` or `cluster = { ... }`";
    return std::nullopt;
  }
  const Symbol* p = cx.resolve(SymbolKind::ClusterProfile, unit, v.path, Span{v.span.file, v.path.front().span.begin, v.path.back().span.end});
  if (!p) return std::nullopt;
  auto base = profile(*p);
  if (!base) return std::nullopt;
  if (!v.block) {
    auto plain = finalize_cluster(cx.diags, *base, p->qname, v.span);
    if (!plain) return std::nullopt;
    return ModelCluster{*plain, base->libraries.value_or(std::vector<ir::Library>{}), p->qname, true};
  }
  auto over = read_cluster_body(unit, *v.block, fmt::format("the cluster overrides of model `{}`", model), v.span);
  if (!over) return std::nullopt;
  ClusterDraft merged = *base;
  merged.merge_from(*over);
  auto c = finalize_cluster(cx.diags, merged, p->qname, v.span);
  if (!c) return std::nullopt;
  // Overrides make the model's cluster its own (named after the model), whatever they set: changing a setting
  // never renames a linked service.
  return ModelCluster{*c, merged.libraries.value_or(std::vector<ir::Library>{}), model, false};
}

std::size_t Clusters::use(const ir::Model& m, const ModelCluster& mc) {
  std::string key = cluster_key(mc.cluster, cx.project.environments);
  auto [it, fresh] = cluster_index_.emplace(key, cx.project.clusters.size());
  if (fresh) cx.project.clusters.push_back(mc.cluster);
  if (m.target != ir::Target::AdfNotebook) return it->second;  // the cluster is in the Databricks job, not a linked service
  std::string base = mc.base_name;
  std::replace(base.begin(), base.end(), '.', '_');
  std::string name = fmt::format("ls_dbx_{}_{}", m.workspace, base);
  cluster_uses_.push_back({m.name, m.workspace, key, name, mc.plain, m.span});
  return it->second;
}

void Clusters::bind() {
  // A linked service per name (compared case-insensitively, as ADF does): every use of a name must be the same
  // workspace and cluster content. Uses are taken in (name, model) order, so the first use of a name (the one
  // the others are compared with) never depends on the order of models or files.
  std::vector<const ClusterUse*> uses;
  for (const auto& u : cluster_uses_) uses.push_back(&u);
  std::sort(uses.begin(), uses.end(), [](const ClusterUse* a, const ClusterUse* b) {
    return std::make_tuple(lower_ascii(a->name), a->name, a->model) < std::make_tuple(lower_ascii(b->name), b->name, b->model);
  });
  std::map<std::string, const ClusterUse*> first;  // folded name -> its first use
  std::set<std::string> reported;                   // folded names with a collision reported
  for (const ClusterUse* u : uses) {
    const std::string folded = lower_ascii(u->name);
    auto [it, fresh] = first.emplace(folded, u);
    if (fresh) {
      cx.project.cluster_bindings.push_back({u->name, u->workspace, cluster_index_.at(u->key)});
      continue;
    }
    const ClusterUse* a = it->second;
    if (a->name == u->name && a->workspace == u->workspace && a->key == u->key) continue;
    if (!reported.insert(folded).second) continue;
    SCHEDC_DIAGNOSTIC(TwoDifferentDatabricksLinkedServices, GeneratedNameCollision, "two different Databricks linked services (workspace and cluster) would both be named `{}`",
                      std::string_view);
    auto& d = cx.diags.report(TwoDifferentDatabricksLinkedServices, u->span, u->name);
    d.primary_label = "this model's workspace and cluster";
    d.labels.push_back({a->span, "this model's workspace and cluster give the same name"});
    d.help = "rename the workspace, the cluster profile or the model so their combined names differ";
  }
  std::sort(cx.project.cluster_bindings.begin(), cx.project.cluster_bindings.end(),
            [](const ir::ClusterBinding& a, const ir::ClusterBinding& b) { return a.linked_service < b.linked_service; });
  std::map<std::string, const ClusterUse*> use_of_model;
  for (const auto& u : cluster_uses_) use_of_model.emplace(u.model, &u);
  for (auto& m : cx.project.models) {
    if (!use_of_model.count(m.name)) continue;  // targets adf_job and databricks: no linked service
    m.names.cluster_linked_service = use_of_model.at(m.name)->name;
  }
}

}  // namespace schedc::lower
