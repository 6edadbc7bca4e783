#pragma once
// Generates a realistic project for benchmarks: a platform file plus `models` models spread over `files` files,
// with a mix of cron shapes, zones, prerequisites (files, folders, upstream models), profiles with overrides,
// existing clusters and per-environment values. Deterministic for given arguments.
#include <string>
#include <utility>
#include <vector>

namespace schedc::bench {

// (display path, content) pairs; the first is the platform file.
std::vector<std::pair<std::string, std::string>> generate_project(int models, int files);

}  // namespace schedc::bench
