#pragma once
// The pipeline of one model: prerequisites, then the notebook (Target::AdfNotebook) or the model's Databricks job
// (Target::AdfJob, job_run.hpp), then the success markers. Target::Databricks has no pipeline.
//
// Activities, for prerequisite i (1-based, declaration order), with <kind> = file | folder | model:
//   wait  -> Validation `wait_<i>_<kind>` on the Binary dataset (timeout, sleep = poll interval);
//   check -> GetMetadata `check_<i>_<kind>_meta` (fieldList ["exists"]), then IfCondition `check_<i>_<kind>`
//            whose false branch is Fail `check_<i>_<kind>_missing` (errorCode SCHEDC_PREREQUISITE_MISSING).
//   A model prerequisite looks for the upstream's success marker
//   <markers container>/<prefix>/<upstream>/<scheduled date in this model's zone>/_SUCCESS;
//   with `within D` it reads <prefix>/<upstream>/latest/_SUCCESS's lastModified instead: `check` compares it in
//   the IfCondition, `wait` is an Until `wait_<i>_model` over GetMetadata `_meta` + Wait `_sleep`.
// Then DatabricksNotebook `run_notebook` after every prerequisite, and, when the project declares markers,
// WebActivities `write_success_marker` (PUT <blob endpoint>/<container>/<prefix>/<model>/<date>/_SUCCESS, MSI)
// and `write_latest_marker` (same, to <prefix>/<model>/latest/_SUCCESS).
// Parameter `scheduledTime` (String, no default: a manual run must give it) is set by the triggers to
// @trigger().scheduledTime.
#include <string>

#include "codegen/json/json.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen::adf {

// The pipeline's `properties`.
json::Json pipeline_properties(const ir::Project& project, const ir::Model& model, const std::string& env);

}  // namespace schedc::codegen::adf
