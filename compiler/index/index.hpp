#pragma once
// The organisation index (docs/deploy.md §3.7): `schedc build` writes `index.json` (codegen/index/) with every model
// of every repo it compiled and what other repos check against it; `check`, `build` and `plan --index FILE` read it
// here. Its models join the compilation as ir::Project::index_models, except those of the repos being compiled,
// whose current sources replace them. The format is shared with the writer: kFormatVersion and the member names
// below.
//
//   {"schedc_index": 3, "models": [{"name", "repo", "file", "target", "workspace", "schedule": {"cron", "zone"
//    [, "from"][, "until"]}, "timeout_seconds", "requires": [{"model"[, "wait_seconds"][, "within_seconds"]}],
//    ["pipeline",] "triggers": [...], ["linked_service",] "existing_cluster": {ENV: ID}, "jobs": {ENV: NAME},
//    "existing_job": {ENV: NAME}, "produces": [{"storage", "path"}]}],
//    "storages": [{"name", "linked_service", "datasets": [...]}]}
//
// ENV is "" in a compilation without environments. `storages` (version 3) lists the ADF entities of the storages
// in use, which no model owns; the checks against other repos do not need them, so a version 2 index (without
// them) is read too. An index of another format version (1 lacked the workspace, the existing cluster and the
// existing job, which contention and job-name collisions need) is refused as stale.
//
// A file that is not such a document is SCH9009 (located at the JSON); an index whose format version or generated
// names are not this schedc's is SCH9010 (stale: written by another schedc, or edited). Neither ever stops the
// compilation of the sources: the valid entries still join.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/source.hpp"

namespace schedc::index {

// 2: workspace, existing_cluster, existing_job (version 1 is refused: SCH9010); 3: storages (version 2 is read).
inline constexpr int kFormatVersion = 3;
inline constexpr int kOldestReadableVersion = 2;
inline constexpr std::uint64_t kMaxIndexBytes = 64ull << 20;  // 64 MiB: far over 10,000 models (~6 MB)

// A local date and time as the index writes a schedule's `from`/`until`: "2026-03-01T00:00:00".
std::string format_local(const schedule::adf::LocalDateTime& t);

struct ReadResult {
  std::vector<ir::Model> models;  // the valid entries of repos not in `replaced`, sorted like ir::Project::models
  bool complete = false;          // the whole file was read without an error
  std::size_t entries = 0;        // entries in the file (valid or not, replaced or not)
  std::set<std::string> repos;    // the repos the file names
};

// Reads the index registered in `sm` as `file`. `replaced`: the repos whose sources are compiled ("" in a
// single-repo compilation). Problems are reported into `diags` at their place in the file.
ReadResult read_index(const SourceManager& sm, FileId file, const std::set<std::string>& replaced, Diagnostics& diags);

}  // namespace schedc::index
