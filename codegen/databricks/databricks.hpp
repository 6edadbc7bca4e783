#pragma once
// The Databricks target (`databricks/`; docs/language.md §9.3, docs/deploy.md §3): the jobs of the models whose
// target is adf_job or databricks.
//   databricks/jobs/<env>/<job name>.json     a Jobs API 2.1 jobs/create body per model and environment (job.hpp);
//                                             databricks/jobs/<job name>.json when no environments are declared
//   databricks/bundle/<workspace>/databricks.yml                 a Databricks Asset Bundle per workspace, one target
//   databricks/bundle/<workspace>/resources/<model>.job.yml      per environment, one resource file per job
// Nothing is written when no model has a Databricks job.
#include "codegen/output.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen::databricks {

OutputFiles generate_databricks(const ir::Project& project);
void generate_databricks(const ir::Project& project, FileSink& sink);  // each file into `sink` as it is made

}  // namespace schedc::codegen::databricks
