#include "codegen/databricks/databricks.hpp"

#include <algorithm>
#include <utility>

#include "codegen/databricks/bundle.hpp"
#include "codegen/databricks/job.hpp"
#include "codegen/json/json.hpp"
#include "compiler/targets.hpp"

namespace schedc::codegen {

OutputFiles generate_databricks(const ir::Project& project) {
  OutputFiles out;
  std::vector<std::string> envs;
  for (const auto& e : project.environments) envs.push_back(e.name);
  if (envs.empty()) envs.push_back("");
  for (const auto& workspace : project.workspaces) {
    std::vector<databricks::JobBuilds> jobs;
    for (const auto& model : project.models) {
      if (!targets::has_job(model.target) || model.workspace != workspace.name) continue;
      databricks::JobBuilds builds{&model, {}};
      for (const auto& env : envs) {
        auto settings = databricks::job_settings(project, model, env);
        const std::string folder = env.empty() ? "databricks/jobs/" : "databricks/jobs/" + env + "/";
        out.push_back(OutputFile{folder + settings["name"].get<std::string>() + ".json", json::dump(settings)});
        builds.settings.push_back(std::move(settings));
      }
      jobs.push_back(std::move(builds));
    }
    if (jobs.empty()) continue;
    auto bundle = databricks::bundle_files(project, workspace, envs, jobs, "databricks/bundle/" + workspace.name);
    out.insert(out.end(), std::make_move_iterator(bundle.begin()), std::make_move_iterator(bundle.end()));
  }
  std::sort(out.begin(), out.end(), [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  return out;
}

}  // namespace schedc::codegen
