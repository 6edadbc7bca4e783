#pragma once
// Clusters (internal to compiler/lower/): cluster profiles with their `from` bases, the cluster of each model (a
// profile, a profile with overrides, or an inline block), and the Databricks linked services they need, named once
// every model is known.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/lower/context.hpp"

namespace schedc::lower {

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

class Clusters {
 public:
  explicit Clusters(Context& context) : cx(context) {}

  struct ModelCluster {
    ir::Cluster cluster;                 // what the linked service holds (no libraries)
    std::vector<ir::Library> libraries;  // installed for each run of this model
    std::string base_name;               // name part of the linked service: the profile, or the model's name
    bool plain = false;                  // the profile as declared (`cluster = <profile>`, no block)
  };

  // Checks every profile's fields, also of profiles no model uses (completeness is checked where a profile is
  // used, because a profile may be a partial base for others).
  void check_profiles();
  // The cluster of `model` written as `v` (`cluster = ...`), or nullopt after reporting why.
  std::optional<ModelCluster> model_cluster(const Unit& unit, const syntax::Value& v, const std::string& model);
  // Records that model `m` runs on `mc`; returns the index of its cluster in project.clusters.
  std::size_t use(const ir::Model& m, const ModelCluster& mc);
  // Names the linked services (after every model is lowered) and sets each model's.
  void bind();

 private:
  std::optional<ir::ConfValue> conf_value(const Unit& unit, const syntax::Value& v, std::string_view where);
  const ir::KeyVault* find_vault(const std::string& name) const;
  template <class T, class Conv>
  void read_map(const Unit& unit, Fields& f, std::string_view key, std::map<std::string, T>& dst, Conv conv);
  std::optional<ClusterDraft> read_cluster_body(const Unit& unit, const syntax::Body& body, const std::string& what,
                                                Span anchor);
  std::vector<ir::Library> read_libraries(const syntax::Body& body, Span anchor);
  std::optional<ClusterDraft> profile(const Symbol& d);
  static std::optional<ir::Cluster> finalize_cluster(Diagnostics& out_diags, const ClusterDraft& c,
                                                     const std::string& origin, Span use_span);

  // Linked services, named from names the user wrote (docs/language.md §10): `ls_dbx_<workspace>_<profile>` for a
  // model that writes `cluster = <profile>`, `ls_dbx_<workspace>_<model>` for a model whose cluster is a block or
  // has overrides. A name is never derived from the cluster's settings, so changing one renames nothing.
  struct ClusterUse {
    std::string model;
    std::string workspace;
    std::string key;       // cluster_key of the resolved cluster
    std::string name;      // candidate linked service name
    bool plain = false;
    Span span;
  };

  Context& cx;
  std::map<std::string, std::optional<ClusterDraft>> profile_cache_;  // resolved profiles (nullopt = failed)
  std::vector<std::string> profile_resolving_;  // the chain of profiles being resolved (cycle detection)
  std::map<std::string, std::size_t> cluster_index_;  // cluster key -> index in project.clusters
  std::vector<ClusterUse> cluster_uses_;
};

}  // namespace schedc::lower
