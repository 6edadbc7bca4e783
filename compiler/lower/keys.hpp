#pragma once
// What each block of the language takes: the declaration kinds, the keys of each declaration's body and of the
// blocks inside it, and the words some keys take. Lowering checks bodies against these tables (Fields), and the
// language server completes from them, so the two never disagree. docs/language.md §4 is their prose.
#include <span>
#include <string>
#include <string_view>

namespace schedc::lower {

inline constexpr std::string_view kDeclarationKinds[] = {"environment", "workspace", "storage", "keyvault",
                                                         "cluster",     "model",     "project"};

inline constexpr std::string_view kEnvironmentKeys[] = {"trigger", "factory", "bundle_mode", "run_as", "factory_identity",
                                                        "arm_parameters"};
inline constexpr std::string_view kProjectKeys[] = {"git_environment", "workspace",     "markers",
                                                    "target",          "notebook_root", "factory_entity_limit",
                                                    "allow"};
inline constexpr std::string_view kWorkspaceKeys[] = {"url", "resource_id"};
inline constexpr std::string_view kStorageKeys[] = {"url"};
inline constexpr std::string_view kKeyVaultKeys[] = {"url", "databricks_scope"};
inline constexpr std::string_view kClusterKeys[] = {"spark_version", "node_type",      "driver_node_type", "workers",
                                                    "spark_conf",    "spark_env_vars", "custom_tags",      "init_scripts",
                                                    "policy_id",     "instance_pool_id", "existing",       "libraries"};
inline constexpr std::string_view kLibrariesKeys[] = {"pypi", "whl",       "jar",       "egg",       "maven",
                                                      "cran", "pypi_repo", "cran_repo", "maven_repo"};
inline constexpr std::string_view kModelKeys[] = {"owner",    "description", "tags",    "workspace",   "notebook",
                                                  "cluster",  "schedule",    "requires", "retry",      "timeout",
                                                  "concurrency", "target",   "notify",   "job",        "parameters"};
inline constexpr std::string_view kMarkersKeys[] = {"storage", "path"};
inline constexpr std::string_view kNotifyKeys[] = {"on_start", "on_success", "on_failure"};
// An allowance of `project { allow { CODE = { ... } } }`.
inline constexpr std::string_view kAllowanceKeys[] = {"reason", "models", "repos"};
// The prerequisite statements of `requires { ... }`.
inline constexpr std::string_view kPrerequisiteKinds[] = {"file", "folder", "model"};

inline constexpr std::string_view kTargets[] = {"adf_notebook", "adf_job", "databricks"};
inline constexpr std::string_view kTriggerStates[] = {"started", "stopped"};
inline constexpr std::string_view kBundleModes[] = {"production"};

// The keys of the block reached from a declaration of `kind` through the keys in `path` (the nested blocks and the
// blocks after a value, outermost first): `("model", {})` is a model's body, `("model", {"cluster"})` its cluster's,
// `("cluster", {"libraries"})` a profile's libraries. Empty where any key goes (spark_conf, notebook parameters) or
// where the path leads nowhere the language knows.
std::span<const std::string_view> block_keys(std::string_view kind, std::span<const std::string> path);

// The words `key` takes as its value in the block `block_keys` gave (`target`, `trigger`), or empty.
std::span<const std::string_view> key_words(std::string_view kind, std::span<const std::string> path, std::string_view key);

}  // namespace schedc::lower
