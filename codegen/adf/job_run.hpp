#pragma once
// Option 2 (Target::AdfJob): the activities that run a model's Databricks job from its ADF pipeline, after the
// prerequisites (docs/language.md §4.8.2). The job id exists only once the job is deployed, so the pipeline
// resolves it by the job's name at run time; every call uses the Jobs API 2.1 with the factory's managed identity
// (Web activities, authentication MSI, resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d = Azure Databricks):
//
//   find_job            GET  <workspace>/api/2.1/jobs/list?name=<job name>   (exact, case-insensitive name filter)
//   check_job           IfCondition: exactly one job has that name, else Fail check_job_missing
//   run_job             POST <workspace>/api/2.1/jobs/run-now {job_id, idempotency_token = the pipeline run id,
//                       job_parameters = the notebook parameters as ADF computes them}
//   wait_for_run        Until the run's life_cycle_state is TERMINATED, SKIPPED or INTERNAL_ERROR, timeout =
//                       targets::adf_wait_seconds; inside: poll_run (GET runs/get?run_id=...), record_run_state and
//                       record_run_page (SetVariable run_state / run_page_url), poll_sleep (Wait 60 s, 1 s once
//                       the run has ended)
//   check_run           IfCondition: result_state is SUCCESS, else Fail check_run_failed with the state message
//                       and the run page URL
//
// The native DatabricksJob activity is not used: it needs the job id at authoring time (or an expression over a
// lookup like find_job anyway), it is a preview feature of the ADF API, and it sends no idempotency token, so an
// activity retry could start the job twice. Every Web activity has an explicit 10-minute policy timeout and the
// Until loop an explicit timeout (ADF's default is 7 days). Counted as targets::kAdfJobRunActivities (11) in SCH4004.
#include <string>
#include <vector>

#include "codegen/adf/activity.hpp"
#include "codegen/adf/expression.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen::adf {

// The activities above, in order; the first depends on `after`. The last is check_run.
std::vector<Activity> job_run_activities(const ir::Project& project, const ir::Model& model, const Scope& scope,
                                         std::vector<std::string> after);

// The pipeline `variables` the activities use: run_state and run_page_url (String).
Json job_run_variables();

}  // namespace schedc::codegen::adf
