#pragma once
// The Databricks job of a model (targets adf_job and databricks) as a Jobs API 2.1 `jobs/create` body, with the
// values of one environment (docs/language.md §4.8.1):
//   name            ir::ModelNames::jobs[env] (<model>_<env>)
//   description     the model's description
//   tags            the model's tags (as labels: empty values), schedc_model = <model>, schedc_source = <file name of the .sched file>
//   tasks           one task, task_key = <model>: notebook_task {notebook_path, base_parameters = each parameter
//                   as {{job.parameters.<name>}}, source WORKSPACE}, job_cluster_key "cluster" (new cluster) or
//                   existing_cluster_id, libraries, timeout_seconds = timeout, max_retries = retries,
//                   min_retry_interval_millis = retry interval
//   job_clusters    [{job_cluster_key "cluster", new_cluster}] for a new cluster
//   timeout_seconds targets::job_timeout_seconds (every attempt of the task)
//   max_concurrent_runs = concurrency, queue {enabled: true} (runs beyond it wait, as ADF pipeline runs do)
//   email_notifications  the model's `notify` lists
//   schedule        target databricks only: {quartz_cron_expression = Model::quartz, timezone_id = the zone,
//                   pause_status = UNPAUSED when the environment's triggers are started, else PAUSED}
//   parameters      each notebook parameter {name, default}: literal text, {{job.trigger.time.iso_datetime}} for
//                   {schedule.time}, {{job.trigger.time.iso_date}} for {schedule.date}; env.name and model.name
//                   literal. (With adf_job, ADF passes every parameter's value to run-now; the defaults serve runs
//                   started in Databricks.)
#include <string>

#include "codegen/json/json.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen::databricks {

inline constexpr const char* kJobClusterKey = "cluster";

// The jobs/create body. Throws std::logic_error on an IR the analyses should have rejected (an invalid task key,
// a Databricks model without its Quartz expression).
json::Json job_settings(const ir::Project& project, const ir::Model& model, const std::string& env);

}  // namespace schedc::codegen::databricks
