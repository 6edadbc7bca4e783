// Issue 15, item 3: a release made with Microsoft's documented script (PrePostDeploymentScript.Ver2.ps1, run before
// and after the ARM deployment) ends with every trigger in the state its environment declares, in Phase 1 (QA
// stopped, prod started) and Phase 2 (DD stopped, QA and prod started). The script's trigger selection, read from
// its published source, is reproduced here over the template each environment deploys (arm/release.json says
// which) and that environment's parameter file:
// - names: a resource's name is `[concat(parameters('factoryName'), '/<name>')]`, read as Substring(37, Length - 40);
// - before the deployment it stops every deployed trigger that the template names, is not Stopped, and whose
//   payload changed; Compare-TriggerPayload counts a deployed RuntimeState other than the template's
//   `properties.runtimeState` (as written: parameters are not resolved there) as a change;
// - after the deployment it deletes the deployed triggers the template does not name, then starts every trigger of
//   the template whose `properties.runtimeState -eq "Started"` (PowerShell: case-insensitive) that is not running
//   and has pipelines. An ARM deployment itself never changes a trigger's runtime state; a new trigger is Stopped.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codegen/generate.hpp"
#include "compiler/compile.hpp"
#include "tests/unit/memory_loader.hpp"

namespace {

using namespace schedc;
using Json = nlohmann::json;

using schedc::testing::MemoryLoader;

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// `environments`: the environment declarations; `git`: project.git_environment.
std::map<std::string, Json> build(const std::string& environments, const std::string& git) {
  const std::string platform = environments + "project { workspace = analytics  git_environment = " + git + " }\n" + R"(
workspace analytics {
  url         = "https://adb-1111111111111111.11.azuredatabricks.net"
  resource_id = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w"
}
cluster small { spark_version = "15.4.x-scala2.12"  node_type = "Standard_DS3_v2"  workers = 2 }
model daily { owner = "ds@contoso.com"  notebook = "/Repos/ds/daily"  cluster = small
              schedule = cron "0 2 * * *" in "UTC"  timeout = 1h }
model months { owner = "ds@contoso.com"  notebook = "/Repos/ds/months"  cluster = small
               schedule = cron "0 2 1 1,4 *" in "Europe/Amsterdam"  timeout = 1h }
)";
  const std::string stdlib = std::string(SCHEDC_SOURCE_DIR) + "/stdlib";
  MemoryLoader loader(stdlib, {{"platform.sched", platform}});
  CompileResult result =
      compile(CompileInput{{"platform.sched"}, stdlib}, loader);
  for (const auto& d : result.diagnostics.all()) ADD_FAILURE() << d.code << ": " << d.message;
  std::map<std::string, Json> out;
  if (!result.project) return out;
  for (const auto& file : codegen::generate(*result.project, {"arm"}))
    if (file.path.ends_with(".json")) out[file.path] = Json::parse(file.content);
  return out;
}

using States = std::map<std::string, std::string>;  // deployed trigger -> "Started" | "Stopped"

// The factory's triggers after a release of `tmpl` with the script, from `deployed`; `payload_changed` says
// whether the deployment changes each trigger's definition (besides runtimeState).
States release_with_script(const Json& tmpl, States deployed, bool payload_changed) {
  std::map<std::string, const Json*> in_template;
  for (const auto& r : tmpl.at("resources")) {
    if (!iequals(r.at("type").get<std::string>(), "Microsoft.DataFactory/factories/triggers")) continue;
    const std::string name = r.at("name").get<std::string>();
    in_template[name.substr(37, name.size() - 40)] = &r;
  }
  // PreDeployment = $true
  for (auto& [name, state] : deployed) {
    const auto t = in_template.find(name);
    if (t == in_template.end() || state == "Stopped") continue;
    const Json& properties = t->second->at("properties");
    const bool changed = !properties.contains("runtimeState") || properties.at("runtimeState") != state || payload_changed;
    if (changed) state = "Stopped";
  }
  // The ARM deployment: new triggers exist, stopped; runtime states are untouched.
  for (const auto& [name, _] : in_template) deployed.emplace(name, "Stopped");
  // PreDeployment = $false: delete what the template does not name, then start.
  for (auto it = deployed.begin(); it != deployed.end();) it = in_template.count(it->first) ? std::next(it) : deployed.erase(it);
  std::set<std::string> running;
  for (const auto& [name, state] : deployed)
    if (state == "Started") running.insert(name);
  for (const auto& [name, resource] : in_template) {
    const Json& properties = resource->at("properties");
    const auto state = properties.find("runtimeState");
    const bool started = state != properties.end() && state->is_string() && iequals(*state, "Started");
    const auto pipelines = properties.find("pipelines");
    if (started && !running.count(name) && pipelines != properties.end() && !pipelines->empty()) deployed[name] = "Started";
  }
  return deployed;
}

void expect_release_ends_as_declared(const std::string& environments, const std::string& git) {
  const auto files = build(environments, git);
  ASSERT_TRUE(files.count("arm/release.json"));
  const Json& release = files.at("arm/release.json").at("environments");
  for (const auto& [env, entry] : release.items()) {
    SCOPED_TRACE("environment " + env);
    const std::string path = "arm/" + entry.at("template").get<std::string>();
    ASSERT_TRUE(files.count(path)) << path;
    const Json& tmpl = files.at(path);
    ASSERT_TRUE(files.count("arm/parameters/" + env + ".json"));
    const std::string wanted = entry.at("triggers") == "started" ? "Started" : "Stopped";
    std::set<std::string> triggers;
    for (const auto& r : tmpl.at("resources"))
      if (r.at("type") == "Microsoft.DataFactory/factories/triggers") {
        const std::string name = r.at("name").get<std::string>();
        // The script's reading of the name is the trigger's name.
        EXPECT_EQ("[concat(parameters('factoryName'), '/" + name.substr(37, name.size() - 40) + "')]", name);
        triggers.insert(name.substr(37, name.size() - 40));
      }
    ASSERT_GE(triggers.size(), 3U);  // tr_daily, tr_months_1, tr_months_2
    // From nothing, from every trigger started, from every trigger stopped, with and without changes, and with a
    // trigger the new template no longer holds.
    std::vector<States> before = {{}, {}, {}};
    for (const auto& t : triggers) {
      before[1][t] = "Started";
      before[2][t] = "Stopped";
    }
    before[1]["tr_removed"] = "Started";
    for (const auto& from : before)
      for (bool changed : {false, true}) {
        const States after = release_with_script(tmpl, from, changed);
        EXPECT_EQ(after.size(), triggers.size());
        for (const auto& t : triggers) EXPECT_EQ(after.count(t) ? after.at(t) : "", wanted) << t;
      }
  }
}

TEST(ReleaseScript, Phase1QaStoppedProdStarted) {
  expect_release_ends_as_declared(
      "environment qa { trigger = stopped  factory = \"adf-qa\" }\nenvironment prod { trigger = started  factory = \"adf-prod\" }\n",
      "qa");
}

TEST(ReleaseScript, Phase2DdStoppedQaAndProdStarted) {
  expect_release_ends_as_declared(
      "environment dd { trigger = stopped  factory = \"adf-dd\" }\nenvironment qa { trigger = started  factory = \"adf-qa\" }\n"
      "environment prod { trigger = started  factory = \"adf-prod\" }\n",
      "dd");
}

TEST(ReleaseScript, AGitEnvironmentWithStartedTriggers) {
  expect_release_ends_as_declared(
      "environment qa { trigger = stopped  factory = \"adf-qa\" }\nenvironment prod { trigger = started  factory = \"adf-prod\" }\n",
      "prod");
}

// One template cannot serve both states: the script reads runtimeState as written, so a parameter there would
// never equal "Started".
TEST(ReleaseScript, OneTemplatePerTriggerState) {
  const auto files = build(
      "environment dd { trigger = stopped  factory = \"adf-dd\" }\nenvironment prod { trigger = started  factory = \"adf-prod\" }\n",
      "dd");
  EXPECT_EQ(files.at("arm/release.json").at("environments").at("dd").at("template"), "ARMTemplateForFactory.json");
  EXPECT_EQ(files.at("arm/release.json").at("environments").at("prod").at("template"), "started/ARMTemplateForFactory.json");
  for (const auto& r : files.at("arm/ARMTemplateForFactory.json").at("resources")) {
    if (r.at("type") == "Microsoft.DataFactory/factories/triggers") {
      EXPECT_EQ(r.at("properties").at("runtimeState"), "Stopped");
    }
  }
  for (const auto& r : files.at("arm/started/ARMTemplateForFactory.json").at("resources")) {
    if (r.at("type") == "Microsoft.DataFactory/factories/triggers") {
      EXPECT_EQ(r.at("properties").at("runtimeState"), "Started");
    }
  }
}

}  // namespace
