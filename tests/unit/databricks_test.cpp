// Targets and the Databricks side: the YAML emitter, job names and Jobs API limits, the Quartz proof, the
// generated job bodies (every Quartz expression re-checked against the schedule-truth simulators), the Option 2
// pipeline's activity count, and the bundle's per-environment variables.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codegen/generate.hpp"
#include "codegen/yaml/yaml.hpp"
#include "compiler/compile.hpp"
#include "compiler/schedule/proof/proof.hpp"
#include "compiler/schedule/tz/timezone.hpp"
#include "compiler/targets/targets.hpp"

namespace {

namespace fs = std::filesystem;
using namespace schedc;
using codegen::json::Json;
using ::testing::HasSubstr;

// ---- YAML ---------------------------------------------------------------------------------------------------

TEST(Yaml, BlockMappingsAndSequencesWithQuotedStrings) {
  Json doc = Json::object();
  doc["name"] = "a: b # not a comment";
  doc["count"] = 3;
  doc["on"] = true;
  doc["weird key"] = "yes";
  doc["list"] = Json::array({"x", 1, Json::object({{"k", "v"}, {"n", Json::object({{"deep", "1"}})}}), Json::array({"a"})});
  doc["empty_map"] = Json::object();
  doc["empty_list"] = Json::array();
  EXPECT_EQ(codegen::yaml::dump(doc),
            "name: \"a: b # not a comment\"\n"
            "count: 3\n"
            "on: true\n"
            "\"weird key\": \"yes\"\n"
            "list:\n"
            "  - \"x\"\n"
            "  - 1\n"
            "  - k: \"v\"\n"
            "    n:\n"
            "      deep: \"1\"\n"
            "  -\n"
            "    - \"a\"\n"
            "empty_map: {}\n"
            "empty_list: []\n");
}

TEST(Yaml, StringsAreJsonEscaped) {
  Json doc = Json::object({{"s", "tab\there \"q\" \\ ${var.x} ü"}});
  EXPECT_EQ(codegen::yaml::dump(doc), "s: \"tab\\there \\\"q\\\" \\\\ ${var.x} ü\"\n");
}

TEST(Yaml, DocumentMustBeAMapping) {
  EXPECT_THROW(codegen::yaml::dump(Json::array()), std::logic_error);
}

// ---- names and limits -----------------------------------------------------------------------------------------

TEST(Targets, Words) {
  EXPECT_EQ(targets::parse_target("adf_job"), ir::Target::AdfJob);
  EXPECT_EQ(targets::parse_target("databricks"), ir::Target::Databricks);
  EXPECT_EQ(targets::parse_target("adf_notebook"), ir::Target::AdfNotebook);
  EXPECT_FALSE(targets::parse_target("databricks_job"));
  for (auto t : {ir::Target::AdfNotebook, ir::Target::AdfJob, ir::Target::Databricks})
    EXPECT_EQ(targets::parse_target(targets::target_name(t)), t);
}

TEST(Targets, JobNames) {
  EXPECT_EQ(targets::job_name("churn", "prod"), "churn_prod");
  EXPECT_EQ(targets::job_name("churn", ""), "churn");
}

TEST(Targets, TaskKeysAndParameterNames) {
  EXPECT_TRUE(targets::valid_task_key("churn_scoring-2"));
  EXPECT_TRUE(targets::valid_task_key(std::string(100, 'a')));
  EXPECT_FALSE(targets::valid_task_key(std::string(101, 'a')));
  EXPECT_FALSE(targets::valid_task_key(""));
  EXPECT_FALSE(targets::valid_task_key("a.b"));
  EXPECT_FALSE(targets::valid_task_key("a b"));
  EXPECT_TRUE(targets::valid_job_parameter_name("run.date-1_x"));
  EXPECT_FALSE(targets::valid_job_parameter_name("model stage"));
  EXPECT_FALSE(targets::valid_job_parameter_name("a`b"));
  EXPECT_FALSE(targets::valid_job_parameter_name(""));
}

TEST(Targets, JobTimeoutAndAdfWait) {
  ir::Model m;
  m.timeout_seconds = 3600;
  m.retries = 2;
  m.retry_interval_seconds = 300;
  EXPECT_EQ(targets::job_timeout_seconds(m), 3 * 3600 + 2 * 300);
  EXPECT_EQ(targets::adf_wait_seconds(m), 3 * 3600 + 2 * 300 + targets::kJobStartAllowanceSeconds);
}

// ---- the Quartz proof -----------------------------------------------------------------------------------------

schedule::cron::CronExpr parse_cron(const std::string& text) {
  auto parsed = schedule::cron::parse(text);
  if (!parsed.expr) throw std::runtime_error("bad cron " + text);
  return *parsed.expr;
}

TEST(QuartzProof, EqualOutsideDstForManyShapes) {
  const std::vector<std::string> crons = {"0 5 * * MON", "30 2 * * *", "*/15 * * * *", "0 4 1,15 * *", "0 6 * * MON#1",
                                          "5 * * * *", "0 */2 * * *", "*/20 6-18 * * MON-FRI", "0 0 29 2 *", "0 3 L * *"};
  const std::vector<std::string> zones = {"UTC", "Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe",
                                          "Asia/Kolkata"};
  for (const auto& c : crons)
    for (const auto& z : zones) {
      const auto* zone = schedule::tz::find_zone(z);
      ASSERT_NE(zone, nullptr) << z;
      const auto lowered = schedule::quartz::to_quartz(parse_cron(c));
      ASSERT_TRUE(lowered.expression) << c;
      const auto q = schedule::quartz::parse(*lowered.expression);
      ASSERT_TRUE(q.expr) << *lowered.expression;
      const auto result = schedule::proof::prove_quartz(parse_cron(c), *zone, *q.expr, schedule::proof::proof_horizon(std::nullopt, *zone));
      EXPECT_FALSE(result.counterexample.has_value()) << c << " in " << z;
    }
}

TEST(QuartzProof, OrRuleHasNoExpression) {
  const auto result = schedule::quartz::to_quartz(parse_cron("0 0 13 * 5"));
  EXPECT_FALSE(result.expression);
  ASSERT_TRUE(result.error);
  EXPECT_THAT(result.error->message, HasSubstr("EITHER"));
}

// ---- generated output ------------------------------------------------------------------------------------------

struct Built {
  ir::Project project;
  std::map<std::string, std::string> files;  // path -> content
};

Built build(const std::vector<std::string>& inputs, const std::vector<std::string>& targets_wanted) {
  FileSystemLoader loader{std::string(SCHEDC_SOURCE_DIR) + "/stdlib"};
  CompileResult result = compile(CompileInput{inputs, std::string(SCHEDC_SOURCE_DIR) + "/stdlib"}, loader);
  if (!result.project) throw std::runtime_error("compile failed");
  Built out{*result.project, {}};
  for (auto& f : codegen::generate(out.project, targets_wanted)) out.files[f.path] = f.content;
  return out;
}

std::vector<std::string> sched_files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().extension() == ".sched") out.push_back(e.path().string());
  return out;
}

std::vector<std::vector<std::string>> projects_with_jobs() {
  const std::string root = SCHEDC_SOURCE_DIR;
  return {sched_files(root + "/examples"), sched_files(root + "/tests/golden/databricks/constructs/input")};
}

// Every generated Quartz expression, parsed back, fires exactly like the model's cron (schedule truth) outside the
// windows of DST changes, over 2025-2027.
TEST(DatabricksJobs, EveryQuartzExpressionMatchesTheScheduleTruth) {
  int schedules = 0;
  for (const auto& inputs : projects_with_jobs()) {
    const auto built = build(inputs, {"databricks"});
    for (const auto& [path, content] : built.files) {
      if (path.rfind("databricks/jobs/", 0) != 0) continue;
      const auto job = nlohmann::json::parse(content);
      if (!job.contains("schedule")) continue;
      const std::string model = job["tags"]["schedc_model"];
      const auto it = std::find_if(built.project.models.begin(), built.project.models.end(),
                                   [&](const ir::Model& m) { return m.name == model; });
      ASSERT_NE(it, built.project.models.end()) << path;
      ASSERT_EQ(job["schedule"]["timezone_id"], it->schedule.zone);
      const auto* zone = schedule::tz::find_zone(it->schedule.zone);
      ASSERT_NE(zone, nullptr);
      auto parsed = schedule::quartz::parse(job["schedule"]["quartz_cron_expression"].get<std::string>());
      ASSERT_TRUE(parsed.expr) << path;
      const auto horizon = schedule::proof::proof_horizon(std::nullopt, *zone);
      const auto after = horizon.from;
      const auto until = horizon.to;
      schedule::FireCursor source(it->schedule.cron, *zone, after, until);
      schedule::quartz::QuartzCursor databricks(*parsed.expr, *zone, after, until);
      const auto cmp = schedule::compare_cursors(source, databricks, schedule::transitions(*zone, after, until));
      EXPECT_TRUE(cmp.outside_transitions.empty()) << path;
      ++schedules;
    }
  }
  EXPECT_GE(schedules, 4);  // marketing_uplift in dd/qa/prod, native_pool
}

TEST(DatabricksJobs, OnlyJobTargetsHaveJobsAndOnlyAdfTargetsHavePipelines) {
  const auto built = build(projects_with_jobs()[0], {"adf", "databricks"});
  for (const auto& m : built.project.models) {
    const bool pipeline = built.files.count("adf/pipeline/pl_" + m.name + ".json") > 0;
    const bool job = built.files.count("databricks/jobs/prod/" + m.name + "_prod.json") > 0;
    EXPECT_EQ(pipeline, m.target != ir::Target::Databricks) << m.name;
    EXPECT_EQ(job, m.target != ir::Target::AdfNotebook) << m.name;
    EXPECT_EQ(m.names.cluster_linked_service.empty(), m.target != ir::Target::AdfNotebook) << m.name;
  }
}

std::size_t count_activities(const nlohmann::json& activities) {
  std::size_t n = 0;
  for (const auto& a : activities) {
    ++n;
    const auto& p = a["typeProperties"];
    for (const char* key : {"activities", "ifTrueActivities", "ifFalseActivities"})
      if (p.contains(key)) n += count_activities(p[key]);
  }
  return n;
}

// The activities of an Option 2 pipeline are what SCH4004 counts (targets::kAdfJobRunActivities = 11 for the job run).
TEST(DatabricksJobs, Option2PipelineActivitiesMatchTheLimitCount) {
  const auto built = build(projects_with_jobs()[0], {"adf"});
  const auto pipeline = nlohmann::json::parse(built.files.at("adf/pipeline/pl_store_replenishment.json"));
  // 1 Validation (wait on a file) + 11 (job run) + 2 markers
  EXPECT_EQ(count_activities(pipeline["properties"]["activities"]), 1U + 11U + 2U);
  const auto& acts = pipeline["properties"]["activities"];
  EXPECT_EQ(acts.back()["dependsOn"][0]["activity"], "check_run");
  const auto& run = *std::find_if(acts.begin(), acts.end(), [](const auto& a) { return a["name"] == "run_job"; });
  EXPECT_THAT(run["typeProperties"]["body"]["value"].get<std::string>(), HasSubstr("pipeline().RunId"));
  EXPECT_EQ(run["typeProperties"]["authentication"]["resource"], "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d");
  const auto& until = *std::find_if(acts.begin(), acts.end(), [](const auto& a) { return a["type"] == "Until"; });
  EXPECT_TRUE(until["typeProperties"].contains("timeout"));
}

TEST(DatabricksJobs, BundleVariablesCarryEveryEnvironmentsValue) {
  const auto built = build(projects_with_jobs()[0], {"databricks"});
  const std::string yml = built.files.at("databricks/bundle/analytics/databricks.yml");
  const std::string job = built.files.at("databricks/bundle/analytics/resources/marketing_uplift.job.yml");
  EXPECT_THAT(job, HasSubstr("name: \"${var.marketing_uplift_name}\""));
  EXPECT_THAT(job, HasSubstr("pause_status: \"${var.marketing_uplift_pause_status}\""));
  for (const char* env : {"dd", "qa", "prod"}) {
    const auto body = nlohmann::json::parse(built.files.at(std::string("databricks/jobs/") + env + "/marketing_uplift_" + env + ".json"));
    EXPECT_THAT(yml, HasSubstr("marketing_uplift_name: \"" + body["name"].get<std::string>() + "\""));
  }
  EXPECT_THAT(yml, HasSubstr("marketing_uplift_pause_status: \"UNPAUSED\""));  // prod
  EXPECT_THAT(yml, HasSubstr("marketing_uplift_pause_status: \"PAUSED\""));    // dd, qa
}

}  // namespace
