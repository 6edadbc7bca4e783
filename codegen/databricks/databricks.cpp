#include "codegen/databricks/databricks.hpp"

#include <algorithm>
#include <utility>

#include "codegen/databricks/bundle.hpp"
#include "codegen/databricks/job.hpp"
#include "codegen/json/json.hpp"
#include "compiler/parallel.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::codegen::databricks {

void generate_databricks(const ir::Project& project, FileSink& sink) {
  std::vector<std::string> envs;
  for (const auto& e : project.environments) envs.push_back(e.name);
  if (envs.empty()) envs.push_back("");
  for (const auto& workspace : project.workspaces) {
    std::vector<databricks::JobBuilds> jobs;
    for (const auto& model : project.models)
      if (targets::generates_job(model) && model.workspace == workspace.name) jobs.push_back({&model, {}});
    // Each model's job bodies on several threads; the settings stored by index for the bundle.
    parallel_for(jobs.size(), [&](std::size_t i) {
      for (const auto& env : envs) {
        auto settings = databricks::job_settings(project, *jobs[i].model, env);
        const std::string folder = env.empty() ? "databricks/jobs/" : "databricks/jobs/" + env + "/";
        sink.add(OutputFile{folder + settings["name"].get<std::string>() + ".json", json::dump(settings)});
        jobs[i].settings.push_back(std::move(settings));
      }
    });
    if (jobs.empty()) continue;
    for (auto& file : databricks::bundle_files(project, workspace, envs, jobs, "databricks/bundle/" + workspace.name))
      sink.add(std::move(file));
  }
}

OutputFiles generate_databricks(const ir::Project& project) {
  return collect([&](FileSink& sink) { generate_databricks(project, sink); });
}

}  // namespace schedc::codegen::databricks
