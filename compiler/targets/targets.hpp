#pragma once
// Targets: where a model runs and who schedules it (ir::Target; docs/language.md §4.8), the names of the
// Databricks jobs, and the analyses that decide what each target can express.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::targets {

// The language's words for the targets: adf_notebook | adf_job | databricks.
const char* target_name(ir::Target target) noexcept;
std::optional<ir::Target> parse_target(std::string_view word) noexcept;
// Targets with a Databricks job (AdfJob, Databricks).
[[nodiscard]] inline bool has_job(ir::Target target) noexcept { return target != ir::Target::AdfNotebook; }
// Models whose Databricks job schedc generates: targets AdfJob and Databricks, except a model that runs an existing
// job (`job = "NAME"`, ir::Model::existing_job), whose job is someone else's.
[[nodiscard]] inline bool generates_job(const ir::Model& model) noexcept {
  return has_job(model.target) && !model.existing_job;
}
// Targets with an ADF pipeline and trigger (AdfNotebook, AdfJob).
[[nodiscard]] inline bool has_pipeline(ir::Target target) noexcept { return target != ir::Target::Databricks; }

// The Databricks job name of `model` in environment `env`: "<model>_<env>", or "<model>" when the project declares
// no environments (env == ""). The environment is part of the name so that environments sharing a workspace never
// share a job.
std::string job_name(const std::string& model, const std::string& env);

// Jobs API limits (docs/language.md §4.8). A task key matches ^[\w-]+$ and has 1..100 characters; a job
// parameter name has only letters, digits, `_`, `-` and `.`.
[[nodiscard]] bool valid_task_key(std::string_view key) noexcept;
[[nodiscard]] bool valid_job_parameter_name(std::string_view name) noexcept;
inline constexpr int kMaxJobTags = 25;
inline constexpr int kMaxConcurrentRuns = 1000;

// How long a run of a model's job may take, retries included: timeout * (retries + 1) + retries * interval. It is
// the job's `timeout_seconds`.
[[nodiscard]] std::int64_t job_timeout_seconds(const ir::Model& model) noexcept;
// Target AdfJob: how long the ADF pipeline waits for the job run: the job's timeout plus an allowance for queueing
// and cluster start (kJobStartAllowanceSeconds); at most 7 days (ADF's Until limit), else SCH6004. For an existing
// job (whose own timeout schedc does not know) it is the model's `timeout` itself.
inline constexpr std::int64_t kJobStartAllowanceSeconds = 3600;
inline constexpr std::int64_t kMaxAdfWaitSeconds = 7 * 86400;
[[nodiscard]] std::int64_t adf_wait_seconds(const ir::Model& model) noexcept;

// The shape of a model's ADF pipeline, which SCH4004 counts and codegen/adf builds (codegen checks every pipeline it
// builds against it): the activities, nested ones included. Notebook run (adf_notebook) 1 or job run (adf_job:
// find_job .. check_run, codegen/adf/job_run.hpp) 11; the two success markers 2 when markers are configured; per
// prerequisite, a `wait` 1 (Validation), a `check` or a `wait ... within` 3 (If + GetMetadata + Fail, Until + 2).
inline constexpr std::size_t kAdfJobRunActivities = 11;
[[nodiscard]] std::size_t adf_activity_count(const ir::Model& model, bool markers) noexcept;

// The target analyses over a lowered project: what a model's target cannot express (SCH6001-SCH6008), and job
// name collisions (SCH4005). The Quartz expression of a Databricks-native model comes from the one schedule
// lowering (compiler/schedule/lowering.hpp); SCH6005 where it has none.
void check_targets(const ir::Project& project, Diagnostics& diags);

}  // namespace schedc::targets
