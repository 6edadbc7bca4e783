// `schedc plan` (docs/deploy.md §2): the release plan computed from hand-written ARM outputs (template, parameter
// files, release.json), its text and JSON renderings and scripts, and the command driven in process on real builds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include "tests/unit/temp_dir.hpp"
#include "tests/unit/cli_runner.hpp"
#include "cli/cli.hpp"
#include "cli/plan.hpp"
#include "codegen/generate.hpp"

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using schedc::cli::PlanEntity;
using Json = nlohmann::ordered_json;

namespace {

// ---- hand-written ARM outputs -------------------------------------------------------------------------------------

std::string read(const fs::path& p) { return schedc::testing::read_file(p); }

void write(const fs::path& p, const std::string& text) { schedc::testing::write_file(p, text); }

std::string param(const std::string& name) { return "[parameters('" + name + "')]"; }

Json trigger(const std::string& pipeline, int hour) {
  return Json{{"type", "ScheduleTrigger"},
              {"typeProperties",
               {{"recurrence",
                 {{"frequency", "Week"},
                  {"interval", 1},
                  {"startTime", "2024-01-01T00:00:00"},
                  {"timeZone", "UTC"},
                  {"schedule", {{"hours", Json::array({hour})}, {"minutes", Json::array({0})}}}}}}},
              {"pipelines", Json::array({Json{{"pipelineReference", {{"referenceName", pipeline}, {"type", "PipelineReference"}}},
                                              {"parameters", Json::object()}}})}};
}

Json pipeline(const std::string& notebook) {
  return Json{{"activities", Json::array({Json{{"name", "run"},
                                               {"type", "DatabricksNotebook"},
                                               {"linkedServiceName", {{"referenceName", "ls_dbx"}, {"type", "LinkedServiceReference"}}},
                                               {"typeProperties", {{"notebookPath", notebook}}}}})}};
}

// What `schedc build` writes under arm/ (docs/deploy.md §1), for a factory described entity by entity.
struct Arm {
  struct Env {
    std::optional<std::string> factory;
    bool started = false;
  };
  std::map<std::string, Env> envs;
  std::string git_env = "dd";
  Json template_parameters = Json::object();           // name -> {"type", "defaultValue"?}
  std::map<std::string, Json> values;                   // env -> {name: value}; omitted names use the default
  std::vector<std::tuple<std::string, std::string, Json>> resources;  // type suffix, name, properties

  Json& props(const std::string& type, const std::string& name) {
    for (auto& [t, n, p] : resources)
      if (t == type && n == name) return p;
    throw std::logic_error("no resource " + type + "/" + name);
  }
  void remove(const std::string& type, const std::string& name) {
    resources.erase(std::remove_if(resources.begin(), resources.end(),
                                   [&](const auto& r) { return std::get<0>(r) == type && std::get<1>(r) == name; }),
                    resources.end());
  }

  void write_to(const fs::path& dir) const {
    Json tparams = Json::object();
    tparams["factoryName"] = Json{{"type", "string"}, {"metadata", "Data Factory name"}};
    for (const auto& [k, v] : template_parameters.items()) tparams[k] = v;
    Json resources_json = Json::array();
    for (const auto& [t, n, p] : resources)
      resources_json.push_back(Json{{"name", "[concat(parameters('factoryName'), '/" + n + "')]"},
                                    {"type", "Microsoft.DataFactory/factories/" + t},
                                    {"apiVersion", "2018-06-01"},
                                    {"properties", p},
                                    {"dependsOn", Json::array()}});
    Json tmpl{{"$schema", "https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#"},
              {"contentVersion", "1.0.0.0"},
              {"parameters", tparams},
              {"variables", {{"factoryId", "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]"}}},
              {"resources", resources_json}};
    write(dir / ".schedc-output", "");
    write(dir / "arm" / "ARMTemplateForFactory.json", tmpl.dump(4) + "\n");
    auto param_file = [&](const std::string& env) {
      Json ps = Json::object();
      auto e = envs.find(env);
      if (e != envs.end() && e->second.factory) ps["factoryName"] = Json{{"value", *e->second.factory}};
      auto v = values.find(env);
      if (v != values.end())
        for (const auto& [k, val] : v->second.items()) ps[k] = Json{{"value", val}};
      return Json{{"$schema", "https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#"},
                  {"contentVersion", "1.0.0.0"},
                  {"parameters", ps}}
                 .dump(4) +
             "\n";
    };
    write(dir / "arm" / "ARMTemplateParametersForFactory.json", param_file(envs.empty() ? "" : git_env));
    Json release_envs = Json::object();
    for (const auto& [name, e] : envs) {
      write(dir / "arm" / "parameters" / (name + ".json"), param_file(name));
      release_envs[name] = Json{{"factory", e.factory ? Json(*e.factory) : Json(nullptr)}, {"triggers", e.started ? "started" : "stopped"}};
    }
    write(dir / "arm" / "release.json", Json{{"version", 1}, {"environments", release_envs}}.dump(4) + "\n");
  }
};

// Three environments (DD off, QA and prod on), one workspace whose URL differs per environment, two models.
Arm factory() {
  Arm a;
  a.envs = {{"dd", {"adf-models-dd", false}}, {"prod", {"adf-models-prod", true}}, {"qa", {"adf-models-qa", true}}};
  a.template_parameters["ls_dbx_properties_typeProperties_domain"] = Json{{"type", "string"}, {"defaultValue", "https://adb-1.azuredatabricks.net"}};
  a.values["dd"] = Json{{"ls_dbx_properties_typeProperties_domain", "https://adb-1.azuredatabricks.net"}};
  a.values["qa"] = Json{{"ls_dbx_properties_typeProperties_domain", "https://adb-2.azuredatabricks.net"}};
  a.values["prod"] = Json{{"ls_dbx_properties_typeProperties_domain", "https://adb-3.azuredatabricks.net"}};
  a.resources = {
      {"linkedServices", "ls_dbx",
       Json{{"type", "AzureDatabricks"}, {"typeProperties", {{"domain", param("ls_dbx_properties_typeProperties_domain")}}}}},
      {"pipelines", "pl_churn", pipeline("/Repos/churn")},
      {"pipelines", "pl_fraud", pipeline("/Repos/fraud")},
      {"triggers", "tr_churn", trigger("pl_churn", 2)},
      {"triggers", "tr_fraud", trigger("pl_fraud", 4)},
  };
  return a;
}

class PlanTest : public schedc::testing::TempDirTest {
 protected:

  // The plan of `next` against `base` (nullopt: first deployment) for `env`; fails the test when there is none.
  schedc::cli::ReleasePlan plan(const Arm& next, const std::optional<Arm>& base, const std::string& env) {
    auto outcome = plan_outcome(next, base, env);
    if (!outcome.plan) ADD_FAILURE() << "no plan: " << outcome.error;
    return outcome.plan.value_or(schedc::cli::ReleasePlan{});
  }
  schedc::cli::PlanOutcome plan_outcome(const Arm& next, const std::optional<Arm>& base, const std::string& env) {
    fs::remove_all(dir / "new");
    fs::remove_all(dir / "old");
    next.write_to(dir / "new");
    std::optional<schedc::cli::ArmSide> base_side;
    if (base) {
      base->write_to(dir / "old");
      base_side = schedc::cli::directory_side((dir / "old").string());
    }
    // The new side as generated files, the way `schedc plan` reads it.
    schedc::codegen::OutputFiles files;
    for (const auto& e : fs::recursive_directory_iterator(dir / "new"))
      if (e.is_regular_file()) files.push_back({fs::relative(e.path(), dir / "new").generic_string(), read(e.path())});
    return schedc::cli::make_plan(schedc::cli::generated_side(files), base_side, env);
  }

};

const PlanEntity kLs{"linkedServices", "ls_dbx"};
const PlanEntity kPlChurn{"pipelines", "pl_churn"};
const PlanEntity kPlFraud{"pipelines", "pl_fraud"};
const PlanEntity kTrChurn{"triggers", "tr_churn"};
const PlanEntity kTrFraud{"triggers", "tr_fraud"};

TEST_F(PlanTest, FirstDeploymentAddsEverythingAndStartsEveryTrigger) {
  auto p = plan(factory(), std::nullopt, "prod");
  EXPECT_TRUE(p.first_deployment);
  EXPECT_EQ(p.env, "prod");
  EXPECT_EQ(p.factory, "adf-models-prod");
  EXPECT_THAT(p.stop_before, IsEmpty());
  EXPECT_THAT(p.added, ElementsAre(kLs, kPlChurn, kPlFraud, kTrChurn, kTrFraud));
  EXPECT_THAT(p.changed, IsEmpty());
  EXPECT_THAT(p.removed, IsEmpty());
  EXPECT_THAT(p.start_after, ElementsAre("tr_churn", "tr_fraud"));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_THAT(p.warnings[0], HasSubstr("only safe when the template holds every model of the factory"));
}

TEST_F(PlanTest, NothingChangedStopsNothingAndStartsEveryTrigger) {
  auto p = plan(factory(), factory(), "prod");
  EXPECT_FALSE(p.first_deployment);
  EXPECT_THAT(p.stop_before, IsEmpty());
  EXPECT_THAT(p.added, IsEmpty());
  EXPECT_THAT(p.changed, IsEmpty());
  EXPECT_THAT(p.removed, IsEmpty());
  EXPECT_EQ(p.unchanged, 5u);
  EXPECT_THAT(p.start_after, ElementsAre("tr_churn", "tr_fraud"));
}

TEST_F(PlanTest, ChangedScheduleStopsItsTrigger) {
  auto next = factory();
  next.props("triggers", "tr_churn") = trigger("pl_churn", 5);
  auto p = plan(next, factory(), "prod");
  EXPECT_THAT(p.stop_before, ElementsAre("tr_churn"));
  EXPECT_THAT(p.changed, ElementsAre(kTrChurn));
  EXPECT_THAT(p.added, IsEmpty());
  EXPECT_THAT(p.removed, IsEmpty());
  EXPECT_THAT(p.start_after, ElementsAre("tr_churn", "tr_fraud"));
}

TEST_F(PlanTest, ChangedPipelineStopsTheTriggerThatFiresIt) {
  auto next = factory();
  next.props("pipelines", "pl_fraud") = pipeline("/Repos/fraud_v2");
  auto p = plan(next, factory(), "qa");
  EXPECT_THAT(p.changed, ElementsAre(kPlFraud));        // the trigger itself is unchanged ...
  EXPECT_THAT(p.stop_before, ElementsAre("tr_fraud"));  // ... but ARM cannot update a pipeline a started trigger fires
  EXPECT_THAT(p.start_after, ElementsAre("tr_churn", "tr_fraud"));
}

TEST_F(PlanTest, RemovedModelStopsItsTriggerAndRemovesItsEntities) {
  auto next = factory();
  next.remove("pipelines", "pl_fraud");
  next.remove("triggers", "tr_fraud");
  auto p = plan(next, factory(), "prod");
  EXPECT_THAT(p.stop_before, ElementsAre("tr_fraud"));
  EXPECT_THAT(p.removed, ElementsAre(kPlFraud, kTrFraud));
  EXPECT_THAT(p.changed, IsEmpty());
  EXPECT_THAT(p.start_after, ElementsAre("tr_churn"));
}

TEST_F(PlanTest, AddedModelIsAddedAndStarted) {
  auto next = factory();
  next.resources.emplace_back("pipelines", "pl_bikes", pipeline("/Repos/bikes"));
  next.resources.emplace_back("triggers", "tr_bikes", trigger("pl_bikes", 1));
  auto p = plan(next, factory(), "prod");
  EXPECT_THAT(p.stop_before, IsEmpty());
  EXPECT_THAT(p.added, ElementsAre(PlanEntity{"pipelines", "pl_bikes"}, PlanEntity{"triggers", "tr_bikes"}));
  EXPECT_THAT(p.start_after, ElementsAre("tr_bikes", "tr_churn", "tr_fraud"));
}

TEST_F(PlanTest, EnvironmentWithTriggersOffStopsAndStartsNothing) {
  auto next = factory();
  next.props("triggers", "tr_churn") = trigger("pl_churn", 5);
  next.remove("pipelines", "pl_fraud");
  next.remove("triggers", "tr_fraud");
  auto p = plan(next, factory(), "dd");
  EXPECT_THAT(p.changed, ElementsAre(kTrChurn));
  EXPECT_THAT(p.removed, ElementsAre(kPlFraud, kTrFraud));
  EXPECT_THAT(p.stop_before, IsEmpty());
  EXPECT_THAT(p.start_after, IsEmpty());
  auto text = schedc::cli::render_plan_text(p);
  EXPECT_THAT(text, HasSubstr("stop before deploying: nothing (triggers were stopped in `dd`)\n"));
  EXPECT_THAT(text, HasSubstr("start after deploying: nothing (triggers are stopped in `dd`)\n"));
}

TEST_F(PlanTest, EnvironmentSwitchedFromStartedToStoppedStopsEveryTrigger) {
  auto next = factory();
  next.envs["qa"].started = false;
  auto p = plan(next, factory(), "qa");
  EXPECT_THAT(p.changed, IsEmpty());
  EXPECT_THAT(p.stop_before, ElementsAre("tr_churn", "tr_fraud"));
  EXPECT_THAT(p.start_after, IsEmpty());
}

TEST_F(PlanTest, EnvironmentSwitchedFromStoppedToStartedStartsEveryTrigger) {
  auto base = factory();
  base.envs["qa"].started = false;
  auto p = plan(factory(), base, "qa");
  EXPECT_THAT(p.stop_before, IsEmpty());
  EXPECT_THAT(p.start_after, ElementsAre("tr_churn", "tr_fraud"));
}

TEST_F(PlanTest, ComparesResolvedValuesOfTheEnvironmentOnly) {
  // QA's workspace moves: QA's linked service changes, prod's does not.
  auto next = factory();
  next.values["qa"]["ls_dbx_properties_typeProperties_domain"] = "https://adb-22.azuredatabricks.net";
  EXPECT_THAT(plan(next, factory(), "qa").changed, ElementsAre(kLs));
  EXPECT_THAT(plan(next, factory(), "prod").changed, IsEmpty());
  // A linked service change stops no trigger: ADF updates it while triggers run.
  EXPECT_THAT(plan(next, factory(), "qa").stop_before, IsEmpty());
}

TEST_F(PlanTest, ParameterizationItselfIsNoChange) {
  // The base held a literal; the new template makes it a parameter with the same resolved value: unchanged.
  auto base = factory();
  base.props("pipelines", "pl_churn") = pipeline("/Repos/churn");
  auto next = factory();
  next.props("pipelines", "pl_churn") = pipeline(param("pl_churn_notebook"));
  next.template_parameters["pl_churn_notebook"] = Json{{"type", "string"}, {"defaultValue", "/Repos/churn"}};
  next.values["qa"]["pl_churn_notebook"] = "/Repos/churn";  // prod has no value in its file: the default applies
  EXPECT_THAT(plan(next, base, "qa").changed, IsEmpty());
  EXPECT_THAT(plan(next, base, "prod").changed, IsEmpty());
  next.values["qa"]["pl_churn_notebook"] = "/Repos/churn_qa";
  auto p = plan(next, base, "qa");
  EXPECT_THAT(p.changed, ElementsAre(kPlChurn));
  EXPECT_THAT(p.stop_before, ElementsAre("tr_churn"));
}

TEST_F(PlanTest, EscapedLiteralBracketsCompareAsTheirValue) {
  auto base = factory();
  base.props("pipelines", "pl_churn") = pipeline("[[literal]");
  auto next = factory();
  next.props("pipelines", "pl_churn") = pipeline(param("nb"));
  next.template_parameters["nb"] = Json{{"type", "string"}, {"defaultValue", "[literal]"}};
  EXPECT_THAT(plan(next, base, "qa").changed, IsEmpty());
}

TEST_F(PlanTest, EnvironmentMissingFromTheBaseIsAFirstDeployment) {
  auto next = factory();
  next.envs["uat"] = {"adf-models-uat", true};
  next.values["uat"] = next.values["qa"];
  auto p = plan(next, factory(), "uat");
  EXPECT_TRUE(p.first_deployment);
  EXPECT_EQ(p.added.size(), 5u);
  EXPECT_THAT(p.removed, IsEmpty());
  EXPECT_THAT(p.stop_before, IsEmpty());
  EXPECT_THAT(p.warnings, testing::Contains(HasSubstr("environment `uat` is not in the base")));
}

TEST_F(PlanTest, RenamedFactoryIsAFirstDeployment) {
  auto next = factory();
  next.envs["qa"].factory = "adf-models-qa2";
  auto p = plan(next, factory(), "qa");
  EXPECT_TRUE(p.first_deployment);
  EXPECT_THAT(p.stop_before, IsEmpty());
  EXPECT_THAT(p.removed, IsEmpty());
  EXPECT_EQ(p.added.size(), 5u);
  EXPECT_THAT(p.warnings, testing::Contains(HasSubstr("changed from adf-models-qa to adf-models-qa2")));
}

TEST_F(PlanTest, WithoutEnvironments) {
  Arm a = factory();
  a.envs.clear();
  a.values.clear();
  auto p = plan(a, a, "");
  EXPECT_EQ(p.env, std::nullopt);
  EXPECT_EQ(p.factory, std::nullopt);
  EXPECT_THAT(p.changed, IsEmpty());
  EXPECT_THAT(p.stop_before, IsEmpty());
  EXPECT_THAT(p.start_after, IsEmpty());
  EXPECT_THAT(p.warnings, testing::Contains(HasSubstr("no environments are declared")));
  auto unknown = plan_outcome(a, a, "qa");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_THAT(unknown.error, HasSubstr("declares no environments"));
}

TEST_F(PlanTest, UnknownOrMissingEnvironmentIsAUsageError) {
  auto unknown = plan_outcome(factory(), std::nullopt, "staging");
  EXPECT_FALSE(unknown.plan);
  EXPECT_EQ(unknown.code, 2);
  EXPECT_EQ(unknown.error, "unknown environment `staging`");
  EXPECT_EQ(unknown.help, "the project declares environments dd, prod, qa");
  auto missing = plan_outcome(factory(), std::nullopt, "");
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.error, HasSubstr("--env is required"));
}

TEST_F(PlanTest, BrokenBaseIsAnInputErrorNamingTheFile) {
  factory().write_to(dir / "new");
  factory().write_to(dir / "old");
  schedc::codegen::OutputFiles files;
  for (const auto& e : fs::recursive_directory_iterator(dir / "new"))
    if (e.is_regular_file()) files.push_back({fs::relative(e.path(), dir / "new").generic_string(), read(e.path())});
  auto next = schedc::cli::generated_side(files);
  auto base = schedc::cli::directory_side((dir / "old").string());

  write(dir / "old" / "arm" / "ARMTemplateForFactory.json", "{\"resources\": [\n");
  auto malformed = schedc::cli::make_plan(next, base, "qa");
  EXPECT_EQ(malformed.code, 1);
  EXPECT_THAT(malformed.error, HasSubstr("`" + (dir / "old" / "arm" / "ARMTemplateForFactory.json").generic_string() +
                                         "` is not valid JSON"));

  factory().write_to(dir / "old");
  fs::remove(dir / "old" / "arm" / "parameters" / "qa.json");
  auto missing = schedc::cli::make_plan(next, base, "qa");
  EXPECT_EQ(missing.code, 1);
  EXPECT_THAT(missing.error, HasSubstr("parameters/qa.json` is missing"));

  factory().write_to(dir / "old");
  write(dir / "old" / "arm" / "release.json", R"({"version": 1, "environments": {"qa": {"factory": "f", "triggers": "on"}}})");
  auto bad_state = schedc::cli::make_plan(next, base, "qa");
  EXPECT_EQ(bad_state.code, 1);
  EXPECT_THAT(bad_state.error, HasSubstr("`triggers` must be \"started\" or \"stopped\""));
}

// ---- renderings -----------------------------------------------------------------------------------------------------

TEST_F(PlanTest, TextReport) {
  auto next = factory();
  next.props("pipelines", "pl_churn") = pipeline("/Repos/churn_v2");
  next.remove("pipelines", "pl_fraud");
  next.remove("triggers", "tr_fraud");
  next.resources.emplace_back("pipelines", "pl_bikes", pipeline("/Repos/bikes"));
  next.resources.emplace_back("triggers", "tr_bikes", trigger("pl_bikes", 1));
  auto p = plan(next, factory(), "qa");
  p.base = "out-previous";
  EXPECT_EQ(schedc::cli::render_plan_text(p),
            "release plan for environment `qa` (factory adf-models-qa), base `out-previous`\n"
            "stop before deploying: 2 triggers\n"
            "  tr_churn\n"
            "  tr_fraud\n"
            "deploy: 2 added, 1 changed, 2 removed, 2 unchanged\n"
            "  + pipelines/pl_bikes\n"
            "  + triggers/tr_bikes\n"
            "  ~ pipelines/pl_churn\n"
            "  - pipelines/pl_fraud\n"
            "  - triggers/tr_fraud\n"
            "start after deploying: 2 triggers\n"
            "  tr_bikes\n"
            "  tr_churn\n"
            "warning: an incremental ARM deployment deletes nothing: entities absent from the template (the removed "
            "ones included) stay in the factory; deleting them (as Microsoft's post-deployment script does) is only "
            "safe when the template holds every model of the factory, i.e. when all repositories that deploy to it "
            "were compiled together\n");
  auto first = schedc::cli::render_plan_text(plan(factory(), std::nullopt, "prod"));
  EXPECT_THAT(first, HasSubstr("release plan for environment `prod` (factory adf-models-prod), no base: first deployment\n"
                               "stop before deploying: nothing (first deployment)\n"
                               "deploy: 5 added, 0 changed, 0 removed, 0 unchanged\n"));
}

TEST_F(PlanTest, JsonShape) {
  auto next = factory();
  next.props("pipelines", "pl_churn") = pipeline("/Repos/churn_v2");
  next.remove("triggers", "tr_fraud");
  auto p = plan(next, factory(), "qa");
  auto text = schedc::cli::render_plan_json(p);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  auto j = Json::parse(text);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_THAT(keys, ElementsAre("version", "env", "factory", "first_deployment", "stop_before", "added", "changed",
                                "removed", "start_after", "warnings"));
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["env"], "qa");
  EXPECT_EQ(j["factory"], "adf-models-qa");
  EXPECT_EQ(j["first_deployment"], false);
  EXPECT_EQ(j["stop_before"], Json::parse(R"(["tr_churn", "tr_fraud"])"));
  EXPECT_EQ(j["added"], Json::array());
  EXPECT_EQ(j["changed"], Json::parse(R"([{"type": "pipelines", "name": "pl_churn"}])"));
  EXPECT_EQ(j["removed"], Json::parse(R"([{"type": "triggers", "name": "tr_fraud"}])"));
  EXPECT_EQ(j["start_after"], Json::parse(R"(["tr_churn"])"));
  ASSERT_EQ(j["warnings"].size(), 1u);

  Arm bare = factory();
  bare.envs.clear();
  bare.values.clear();
  auto none = Json::parse(schedc::cli::render_plan_json(plan(bare, std::nullopt, "")));
  EXPECT_TRUE(none["env"].is_null());
  EXPECT_TRUE(none["factory"].is_null());
  EXPECT_EQ(none["first_deployment"], true);
}

TEST_F(PlanTest, Scripts) {
  auto next = factory();
  next.props("triggers", "tr_fraud") = trigger("pl_fraud", 9);
  auto scripts = schedc::cli::plan_scripts(plan(next, factory(), "prod"));
  ASSERT_EQ(scripts.size(), 4u);
  EXPECT_EQ(scripts[0].path, "stop-triggers.sh");
  EXPECT_EQ(scripts[1].path, "start-triggers.sh");
  EXPECT_EQ(scripts[2].path, "Stop-Triggers.ps1");
  EXPECT_EQ(scripts[3].path, "Start-Triggers.ps1");
  for (const auto& s : scripts) {
    EXPECT_EQ(s.content.find('\r'), std::string::npos) << s.path;
    EXPECT_EQ(s.content.back(), '\n') << s.path;
  }
  const auto& stop = scripts[0].content;
  EXPECT_EQ(stop.rfind("#!/usr/bin/env bash\n", 0), 0u);
  EXPECT_THAT(stop, HasSubstr("\nset -euo pipefail\n"));
  EXPECT_THAT(stop, HasSubstr("# Usage: ./stop-triggers.sh RESOURCE_GROUP FACTORY\n"));
  EXPECT_THAT(stop, HasSubstr("az datafactory trigger stop --resource-group \"$resource_group\" --factory-name \"$factory\" --name \"$1\""));
  EXPECT_THAT(stop, HasSubstr("\nstop_trigger tr_fraud\n"));
  EXPECT_THAT(stop, Not(HasSubstr("stop_trigger tr_churn")));
  const auto& start = scripts[1].content;
  EXPECT_THAT(start, HasSubstr("az datafactory trigger start "));
  EXPECT_THAT(start, HasSubstr("\nstart_trigger tr_churn\nstart_trigger tr_fraud\n"));

  const auto& ps_stop = scripts[2].content;
  // param() is the first statement: only comments before it.
  {
    std::istringstream lines(ps_stop);
    std::string line;
    while (std::getline(lines, line) && line.rfind("param(", 0) != 0) EXPECT_EQ(line.rfind("#", 0), 0u) << line;
    EXPECT_EQ(line, "param(");
  }
  EXPECT_THAT(ps_stop, HasSubstr("[Parameter(Mandatory = $true)][string]$ResourceGroupName"));
  EXPECT_THAT(ps_stop, HasSubstr("[Parameter(Mandatory = $true)][string]$DataFactoryName"));
  EXPECT_THAT(ps_stop, HasSubstr("\n$ErrorActionPreference = 'Stop'\n"));
  EXPECT_THAT(ps_stop, HasSubstr("Stop-AzDataFactoryV2Trigger -ResourceGroupName $ResourceGroupName -DataFactoryName "
                                 "$DataFactoryName -Name $Name -Force"));
  EXPECT_THAT(ps_stop, HasSubstr("\nStop-PlannedTrigger 'tr_fraud'\n"));
  EXPECT_THAT(scripts[3].content, HasSubstr("Start-AzDataFactoryV2Trigger -ResourceGroupName"));
  EXPECT_THAT(scripts[3].content, HasSubstr("\nStart-PlannedTrigger 'tr_churn'\nStart-PlannedTrigger 'tr_fraud'\n"));
}

TEST_F(PlanTest, ScriptsWithNothingToDoSaySo) {
  auto scripts = schedc::cli::plan_scripts(plan(factory(), factory(), "dd"));
  ASSERT_EQ(scripts.size(), 4u);
  EXPECT_THAT(scripts[0].content, HasSubstr("\nset -euo pipefail\n"));
  EXPECT_THAT(scripts[0].content, HasSubstr("echo 'nothing to stop (triggers were stopped in `dd`)'\n"));
  EXPECT_THAT(scripts[0].content, Not(HasSubstr("az datafactory")));
  EXPECT_THAT(scripts[1].content, HasSubstr("echo 'nothing to start (triggers are stopped in `dd`)'\n"));
  EXPECT_THAT(scripts[2].content, HasSubstr("param("));
  EXPECT_THAT(scripts[2].content, HasSubstr("Write-Host 'nothing to stop (triggers were stopped in `dd`)'\n"));
  EXPECT_THAT(scripts[3].content, HasSubstr("Write-Host 'nothing to start (triggers are stopped in `dd`)'\n"));
}

bool have_bash() { return std::system("bash -c true >/dev/null 2>&1") == 0; }

TEST_F(PlanTest, BashScriptsRunAgainstAFakeAzureCli) {
  if (!have_bash()) GTEST_SKIP() << "bash is not available";
  auto next = factory();
  next.remove("pipelines", "pl_churn");
  next.remove("triggers", "tr_churn");
  next.props("pipelines", "pl_fraud") = pipeline("/Repos/fraud_v2");
  for (const auto& s : schedc::cli::plan_scripts(plan(next, factory(), "prod"))) write(dir / "scripts" / s.path, s.content);
  // `az` that logs its arguments; the third call fails, so a script must stop there.
  write(dir / "bin" / "az", "#!/bin/sh\necho \"$*\" >> \"$AZ_LOG\"\n[ \"$(wc -l < \"$AZ_LOG\")\" -lt 3 ]\n");
  fs::permissions(dir / "bin" / "az", fs::perms::owner_all);
  auto run = [&](const std::string& script, const std::string& args) {
    std::string cmd = "cd '" + dir.string() + "' && rm -f az.log && PATH='" + (dir / "bin").string() + "':\"$PATH\" AZ_LOG='" +
                      (dir / "az.log").string() + "' bash scripts/" + script + " " + args + " > out.txt 2>&1";
    int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  EXPECT_EQ(run("stop-triggers.sh", "rg-models adf-models-prod"), 0) << read(dir / "out.txt");
  EXPECT_EQ(read(dir / "az.log"),
            "datafactory trigger stop --resource-group rg-models --factory-name adf-models-prod --name tr_churn\n"
            "datafactory trigger stop --resource-group rg-models --factory-name adf-models-prod --name tr_fraud\n");
  EXPECT_THAT(read(dir / "out.txt"), HasSubstr("stopping trigger tr_churn (factory adf-models-prod, resource group rg-models)"));
  EXPECT_THAT(read(dir / "out.txt"), HasSubstr("stopped 2 triggers"));
  EXPECT_EQ(run("stop-triggers.sh", "rg-models"), 2);  // usage
  EXPECT_THAT(read(dir / "out.txt"), HasSubstr("usage: "));
  EXPECT_EQ(run("start-triggers.sh", "rg-models adf-models-qa"), 0) << read(dir / "out.txt");
  EXPECT_THAT(read(dir / "out.txt"), HasSubstr("warning: this plan was made for factory adf-models-prod, not adf-models-qa"));

  // Three triggers to start and an `az` that fails on the third call: the script stops with an error.
  next.resources.emplace_back("pipelines", "pl_bikes", pipeline("/Repos/bikes"));
  next.resources.emplace_back("triggers", "tr_bikes", trigger("pl_bikes", 1));
  next.resources.emplace_back("pipelines", "pl_sales", pipeline("/Repos/sales"));
  next.resources.emplace_back("triggers", "tr_sales", trigger("pl_sales", 1));
  for (const auto& s : schedc::cli::plan_scripts(plan(next, factory(), "prod"))) write(dir / "scripts" / s.path, s.content);
  EXPECT_NE(run("start-triggers.sh", "rg-models adf-models-prod"), 0);
  EXPECT_THAT(read(dir / "out.txt"), Not(HasSubstr("started")));
}

// ---- the command --------------------------------------------------------------------------------------------------

using schedc::testing::schedc_run;

const char* kPlatform = R"(
environment dd   { trigger = stopped  factory = "adf-models-dd" }
environment qa   { trigger = started  factory = "adf-models-qa" }
environment prod { trigger = started  factory = "adf-models-prod" }
project { git_environment = dd }
workspace analytics {
  url = per_env {
    dd   = "https://adb-1111111111111111.11.azuredatabricks.net"
    qa   = "https://adb-2222222222222222.12.azuredatabricks.net"
    prod = "https://adb-3333333333333333.13.azuredatabricks.net"
  }
  resource_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w"
}
)";

std::string model(const std::string& name, const std::string& cron, const std::string& notebook = "") {
  return "model " + name + " {\n  owner = \"team@contoso.com\"\n  workspace = analytics\n  notebook = \"/Repos/team/" +
         (notebook.empty() ? name : notebook) +
         "\"\n  cluster = { spark_version = \"15.4.x-scala2.12\"  node_type = \"Standard_DS3_v2\"  workers = 2 }\n"
         "  schedule = cron \"" +
         cron + "\" in \"UTC\"\n  timeout = 1h\n}\n";
}

bool have_arm() {
  auto t = schedc::codegen::all_targets();
  return std::find(t.begin(), t.end(), "arm") != t.end();
}

TEST_F(PlanTest, CommandUsageErrors) {
  write(dir / "src" / "platform.sched", kPlatform);
  write(dir / "src" / "m.sched", model("nightly", "0 3 * * *"));
  const std::string src = (dir / "src").string();

  auto unknown = schedc_run({"plan", src, "--env", "staging"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("schedc: error: unknown environment `staging`\nhelp: the project declares environments dd, prod, qa\n"));
  EXPECT_EQ(unknown.out, "");

  auto no_env = schedc_run({"plan", src});
  EXPECT_EQ(no_env.code, 2);
  EXPECT_THAT(no_env.err, HasSubstr("--env is required"));

  const std::string missing = (dir / "nowhere").string();
  auto absent = schedc_run({"plan", src, "--env", "qa", "--base", missing});
  EXPECT_EQ(absent.code, 2);
  EXPECT_THAT(absent.err, HasSubstr("`" + missing + "` is not a schedc output directory: it does not exist"));

  write(dir / "file.txt", "x");
  auto file = schedc_run({"plan", src, "--env", "qa", "--base", (dir / "file.txt").string()});
  EXPECT_EQ(file.code, 2);
  EXPECT_THAT(file.err, HasSubstr("is not a schedc output directory: it is not a directory"));

  auto sources = schedc_run({"plan", src, "--env", "qa", "--base", src});  // a directory, but not schedc's output
  EXPECT_EQ(sources.code, 2);
  EXPECT_THAT(sources.err, HasSubstr("`" + src + "` is not a schedc output directory with ARM output: `" + src +
                                     "/arm/ARMTemplateForFactory.json` is missing"));

  auto bad_format = schedc_run({"plan", src, "--env", "qa", "--format", "yaml"});
  EXPECT_EQ(bad_format.code, 2);

  write(dir / "broken" / "m.sched", "model broken {\n");
  auto broken = schedc_run({"plan", (dir / "broken").string(), "--env", "qa"});
  EXPECT_EQ(broken.code, 1);
  EXPECT_EQ(broken.out, "");
}

// End to end on real builds: build a base, edit the sources, plan against the base.
TEST_F(PlanTest, CommandEndToEnd) {
  if (!have_arm()) GTEST_SKIP() << "the ARM target is not in this build yet";
  write(dir / "src" / "platform.sched", kPlatform);
  write(dir / "src" / "churn.sched", model("churn", "0 2 * * *"));
  write(dir / "src" / "fraud.sched", model("fraud", "0 4 * * *"));
  write(dir / "src" / "sales.sched", model("sales", "0 6 * * *"));
  const std::string src = (dir / "src").string(), base = (dir / "base").string();

  // First deployment.
  auto first = schedc_run({"plan", src, "--env", "prod", "--format", "json"});
  ASSERT_EQ(first.code, 0) << first.err;
  auto j = Json::parse(first.out);
  EXPECT_EQ(j["first_deployment"], true);
  EXPECT_EQ(j["stop_before"], Json::array());
  EXPECT_EQ(j["start_after"], Json::parse(R"(["tr_churn", "tr_fraud", "tr_sales"])"));
  EXPECT_EQ(j["changed"], Json::array());
  EXPECT_EQ(j["removed"], Json::array());

  ASSERT_EQ(schedc_run({"build", src, "--out", base}).code, 0);
  auto same = schedc_run({"plan", src, "--env", "prod", "--base", base, "--format", "json"});
  ASSERT_EQ(same.code, 0) << same.err;
  j = Json::parse(same.out);
  EXPECT_EQ(j["first_deployment"], false);
  EXPECT_EQ(j["stop_before"], Json::array());
  EXPECT_EQ(j["added"], Json::array());
  EXPECT_EQ(j["changed"], Json::array());
  EXPECT_EQ(j["removed"], Json::array());

  // churn's schedule changes, fraud's notebook changes, sales goes away, bikes arrives.
  write(dir / "src" / "churn.sched", model("churn", "30 2 * * *"));
  write(dir / "src" / "fraud.sched", model("fraud", "0 4 * * *", "fraud_v2"));
  fs::remove(dir / "src" / "sales.sched");
  write(dir / "src" / "bikes.sched", model("bikes", "0 1 * * *"));
  auto r = schedc_run({"plan", src, "--env", "qa", "--base", base, "--scripts", (dir / "scripts").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out, HasSubstr("release plan for environment `qa` (factory adf-models-qa), base `" + base + "`\n"
                               "stop before deploying: 3 triggers\n  tr_churn\n  tr_fraud\n  tr_sales\n"));
  EXPECT_THAT(r.out, HasSubstr("  + pipelines/pl_bikes\n  + triggers/tr_bikes\n"));
  EXPECT_THAT(r.out, HasSubstr("  ~ pipelines/pl_fraud\n  ~ triggers/tr_churn\n"));
  EXPECT_THAT(r.out, HasSubstr("  - pipelines/pl_sales\n  - triggers/tr_sales\n"));
  EXPECT_THAT(r.out, HasSubstr("start after deploying: 3 triggers\n  tr_bikes\n  tr_churn\n  tr_fraud\n"));
  EXPECT_THAT(r.out, HasSubstr("wrote stop-triggers.sh, start-triggers.sh, Stop-Triggers.ps1 and Start-Triggers.ps1 to"));
  // Deterministic: the same run prints the same bytes.
  EXPECT_EQ(schedc_run({"plan", src, "--env", "qa", "--base", base, "--scripts", (dir / "scripts").string()}).out, r.out);

  for (const char* name : {"stop-triggers.sh", "start-triggers.sh"}) {
    auto perms = fs::status(dir / "scripts" / name).permissions();
    EXPECT_NE(perms & fs::perms::owner_exec, fs::perms::none) << name;
  }
  EXPECT_EQ(fs::status(dir / "scripts" / "Stop-Triggers.ps1").permissions() & fs::perms::owner_exec, fs::perms::none);
  EXPECT_THAT(read(dir / "scripts" / "stop-triggers.sh"), HasSubstr("\nstop_trigger tr_churn\nstop_trigger tr_fraud\nstop_trigger tr_sales\n"));
  EXPECT_THAT(read(dir / "scripts" / "Start-Triggers.ps1"),
              HasSubstr("\nStart-PlannedTrigger 'tr_bikes'\nStart-PlannedTrigger 'tr_churn'\nStart-PlannedTrigger 'tr_fraud'\n"));

  // DD has its triggers off: the same changes stop and start nothing there.
  auto dd = schedc_run({"plan", src, "--env", "dd", "--base", base, "--format", "json"});
  ASSERT_EQ(dd.code, 0) << dd.err;
  j = Json::parse(dd.out);
  EXPECT_EQ(j["stop_before"], Json::array());
  EXPECT_EQ(j["start_after"], Json::array());
  // pl_sales, tr_sales and sales' own linked service (its cluster is a block: ls_dbx_<workspace>_<model>).
  EXPECT_EQ(j["removed"].size(), 3u);

  // QA switched off: every started trigger of the base is stopped, none started.
  std::string platform = kPlatform;
  platform.replace(platform.find("trigger = started  factory = \"adf-models-qa\""), 17, "trigger = stopped");
  write(dir / "src" / "platform.sched", platform);
  auto off = schedc_run({"plan", src, "--env", "qa", "--base", base, "--format", "json"});
  ASSERT_EQ(off.code, 0) << off.err;
  j = Json::parse(off.out);
  EXPECT_EQ(j["stop_before"], Json::parse(R"(["tr_churn", "tr_fraud", "tr_sales"])"));
  EXPECT_EQ(j["start_after"], Json::array());
}

// The repository's examples, planned against their own build: nothing to deploy, prod's triggers restarted.
TEST_F(PlanTest, ExamplesAgainstTheirOwnBuild) {
  if (!have_arm()) GTEST_SKIP() << "the ARM target is not in this build yet";
  const std::string examples = std::string(SCHEDC_SOURCE_DIR) + "/examples", base = (dir / "out").string();
  ASSERT_EQ(schedc_run({"build", examples, "--out", base}).code, 0);
  for (const char* env : {"dd", "qa", "prod"}) {
    auto r = schedc_run({"plan", examples, "--env", env, "--base", base, "--format", "json"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = Json::parse(r.out);
    EXPECT_EQ(j["added"], Json::array()) << env;
    EXPECT_EQ(j["changed"], Json::array()) << env;
    EXPECT_EQ(j["removed"], Json::array()) << env;
    EXPECT_EQ(j["stop_before"], Json::array()) << env;
    EXPECT_EQ(j["start_after"].empty(), std::string(env) != "prod") << env;
  }
}


// Golden: the repository's examples with churn_scoring's schedule edited and credit_risk_r removed, planned for
// prod against the build of the unedited examples. Update the expected text when the examples change.
TEST_F(PlanTest, ExamplesGoldenTextPlan) {
  if (!have_arm()) GTEST_SKIP() << "the ARM target is not in this build yet";
  fs::copy(std::string(SCHEDC_SOURCE_DIR) + "/examples", dir / "src", fs::copy_options::recursive);
  const std::string src = (dir / "src").string(), base = (dir / "out-previous").string();
  ASSERT_EQ(schedc_run({"build", src, "--out", base}).code, 0);
  std::string churn = read(dir / "src" / "churn_scoring.sched");
  const std::string schedule = "cron \"30 2 * * MON-FRI\"";
  auto at = churn.find(schedule);
  ASSERT_NE(at, std::string::npos) << "examples/churn_scoring.sched changed: update this test";
  churn.replace(at, schedule.size(), "cron \"0 3 * * MON-FRI\"");
  write(dir / "src" / "churn_scoring.sched", churn);
  fs::remove(dir / "src" / "credit_risk_r.sched");
  auto r = schedc_run({"plan", src, "--env", "prod", "--base", base});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "release plan for environment `prod` (factory adf-models-prod), base `" + base + "`\n"
            "stop before deploying: 2 triggers\n"
            "  tr_churn_scoring\n"
            "  tr_credit_risk_r\n"
            "deploy: 0 added, 1 changed, 3 removed, 23 unchanged\n"
            "  ~ triggers/tr_churn_scoring\n"
            "  - linkedServices/ls_dbx_analytics_shared_r\n"
            "  - pipelines/pl_credit_risk_r\n"
            "  - triggers/tr_credit_risk_r\n"
            "start after deploying: 7 triggers\n"
            "  tr_bike_demand_hourly\n"
            "  tr_churn_scoring\n"
            "  tr_feature_store_refresh\n"
            "  tr_fraud_alerts\n"
            "  tr_sales_forecast_scoring\n"
            "  tr_sales_forecast_training\n"
            "  tr_store_replenishment\n"
            "warning: an incremental ARM deployment deletes nothing: entities absent from the template (the removed "
            "ones included) stay in the factory; deleting them (as Microsoft's post-deployment script does) is only "
            "safe when the template holds every model of the factory, i.e. when all repositories that deploy to it "
            "were compiled together\n");
  // QA has its triggers off: the same release stops and starts nothing there.
  auto qa = schedc_run({"plan", src, "--env", "qa", "--base", base});
  ASSERT_EQ(qa.code, 0) << qa.err;
  EXPECT_THAT(qa.out, HasSubstr("stop before deploying: nothing (triggers were stopped in `qa`)\n"));
  EXPECT_THAT(qa.out, HasSubstr("start after deploying: nothing (triggers are stopped in `qa`)\n"));
}

}  // namespace

namespace {

// A per-environment value is a whole parameter ([parameters('workspace_<name>_url')]), resolved per environment:
// changing only qa's workspace changes qa's linked service and nothing in prod.
TEST_F(PlanTest, ParametersAreResolvedPerEnvironment) {
  if (!have_arm()) GTEST_SKIP() << "the ARM target is not in this build yet";
  write(dir / "src" / "platform.sched", kPlatform);
  write(dir / "src" / "churn.sched", model("churn", "0 2 * * *"));
  const std::string src = (dir / "src").string(), base = (dir / "base").string();
  ASSERT_EQ(schedc_run({"build", src, "--out", base}).code, 0);
  const std::string tmpl = read(dir / "base" / "arm" / "ARMTemplateForFactory.json");
  ASSERT_THAT(tmpl, HasSubstr("\"domain\": \"[parameters('workspace_"));  // the whole URL is the parameter
  ASSERT_THAT(tmpl, Not(HasSubstr("[concat('https://")));

  std::string platform = kPlatform;
  platform.replace(platform.find("2222222222222222.12"), 19, "4444444444444444.14");
  write(dir / "src" / "platform.sched", platform);
  auto qa = schedc_run({"plan", src, "--env", "qa", "--base", base, "--format", "json"});
  ASSERT_EQ(qa.code, 0) << qa.err;
  auto j = Json::parse(qa.out);
  ASSERT_EQ(j["changed"].size(), 1u) << qa.out;
  EXPECT_EQ(j["changed"][0]["type"], "linkedServices");
  auto prod = schedc_run({"plan", src, "--env", "prod", "--base", base, "--format", "json"});
  ASSERT_EQ(prod.code, 0) << prod.err;
  EXPECT_EQ(Json::parse(prod.out)["changed"], Json::array());
}

}  // namespace

namespace {

// `schedc plan --env qa` (no PATHS) plans the sources of the current directory, as the issue writes the command.
TEST_F(PlanTest, PathsDefaultToTheCurrentDirectory) {
  if (!have_arm()) GTEST_SKIP() << "the ARM target is not in this build yet";
  write(dir / "src" / "platform.sched", kPlatform);
  write(dir / "src" / "churn.sched", model("churn", "0 2 * * *"));
  auto r = schedc::testing::schedc_run_in(dir / "src", {"plan", "--env", "prod", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Json::parse(r.out)["start_after"], Json::parse(R"(["tr_churn"])"));
}

}  // namespace
