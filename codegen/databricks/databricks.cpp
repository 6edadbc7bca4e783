#include "codegen/databricks/databricks.hpp"

#include <algorithm>
#include <utility>

#include "codegen/databricks/bundle.hpp"
#include "codegen/databricks/job.hpp"
#include "codegen/json/json.hpp"
#include "compiler/parallel.hpp"
#include "compiler/targets.hpp"

namespace schedc::codegen {

OutputFiles generate_databricks(const ir::Project& project) {
  OutputFiles out;
  std::vector<std::string> envs;
  for (const auto& e : project.environments) envs.push_back(e.name);
  if (envs.empty()) envs.push_back("");
  for (const auto& workspace : project.workspaces) {
    std::vector<databricks::JobBuilds> jobs;
    for (const auto& model : project.models)
      if (targets::has_job(model.target) && model.workspace == workspace.name) jobs.push_back({&model, {}});
    // Each model's job bodies on several threads, stored by index (the order never depends on the threads).
    std::vector<OutputFiles> bodies(jobs.size());
    parallel_for(jobs.size(), [&](std::size_t i) {
      for (const auto& env : envs) {
        auto settings = databricks::job_settings(project, *jobs[i].model, env);
        const std::string folder = env.empty() ? "databricks/jobs/" : "databricks/jobs/" + env + "/";
        bodies[i].push_back(OutputFile{folder + settings["name"].get<std::string>() + ".json", json::dump(settings)});
        jobs[i].settings.push_back(std::move(settings));
      }
    });
    for (auto& files : bodies)
      out.insert(out.end(), std::make_move_iterator(files.begin()), std::make_move_iterator(files.end()));
    if (jobs.empty()) continue;
    auto bundle = databricks::bundle_files(project, workspace, envs, jobs, "databricks/bundle/" + workspace.name);
    out.insert(out.end(), std::make_move_iterator(bundle.begin()), std::make_move_iterator(bundle.end()));
  }
  std::sort(out.begin(), out.end(), [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  return out;
}

}  // namespace schedc::codegen
