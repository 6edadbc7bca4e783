#pragma once
// Generates a realistic organisation for benchmarks: a platform repo (environments, the project with a raised
// factory entity limit, workspace, lake, markers, shared cluster profiles and an existing cluster) and model repos
// holding `models` models spread over `files` files. Models mix the three targets (70% adf_notebook, 20% adf_job,
// 10% databricks), ten cron shapes, five zones, file/folder prerequisites, dependencies on upstream models (many
// in another repo, placed so that they are feasible), stdlib and platform profiles with overrides, and an existing
// cluster. Deterministic for given arguments.
#include <string>
#include <utility>
#include <vector>

namespace schedc::bench {

// (path, content) pairs; the first is the platform file. With `repos` > 1 every path starts with its repo's
// directory: `platform/platform.sched`, then `team_NN/models_FFFF.sched` (file f in model repo f % (repos - 1)), so
// a directory per repo can be given to `schedc check DIR/*/`. With `repos` = 1 paths are `bench/...` (one repo).
std::vector<std::pair<std::string, std::string>> generate_project(int models, int files, int repos = 1);

}  // namespace schedc::bench
