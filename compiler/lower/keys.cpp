#include "compiler/lower/keys.hpp"

namespace schedc::lower {

std::span<const std::string_view> block_keys(std::string_view kind, std::span<const std::string> path) {
  if (path.empty()) {
    if (kind == "environment") return kEnvironmentKeys;
    if (kind == "project") return kProjectKeys;
    if (kind == "workspace") return kWorkspaceKeys;
    if (kind == "storage") return kStorageKeys;
    if (kind == "keyvault") return kKeyVaultKeys;
    if (kind == "cluster") return kClusterKeys;
    if (kind == "model") return kModelKeys;
    return {};
  }
  // A model's `cluster = PROFILE { ... }` or `cluster { ... }` takes a profile's keys.
  if (kind == "model" && path.front() == "cluster") return block_keys("cluster", path.subspan(1));
  if (kind == "cluster" && path.size() == 1 && path.front() == "libraries") return kLibrariesKeys;
  if (kind == "project" && path.size() == 1 && path.front() == "markers") return kMarkersKeys;
  if (kind == "model" && path.size() == 1 && path.front() == "notify") return kNotifyKeys;
  return {};
}

std::span<const std::string_view> key_words(std::string_view kind, std::span<const std::string> path, std::string_view key) {
  if (!path.empty()) return {};
  if ((kind == "model" || kind == "project") && key == "target") return kTargets;
  if (kind == "environment" && key == "trigger") return kTriggerStates;
  if (kind == "environment" && key == "bundle_mode") return kBundleModes;
  return {};
}

}  // namespace schedc::lower
