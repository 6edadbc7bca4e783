// Targets and the Databricks side: the YAML emitter, job names and Jobs API limits, the Quartz proof, the
// generated job bodies (every Quartz expression re-checked against the schedule-truth simulators), the Option 2
// pipeline's activity count, the bundle's per-environment variables, and models that run existing jobs.
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
#include "tests/unit/memory_loader.hpp"

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
    // A model that runs an existing job (`job = "NAME"`) has none generated.
    EXPECT_EQ(job, m.target != ir::Target::AdfNotebook && !m.existing_job) << m.name;
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

// ---- existing jobs (`job = "NAME"`) -------------------------------------------------------------------------

constexpr const char* kOneWorkspace = R"s(
project { workspace = main }
workspace main {
  url         = "https://adb-1234567890123456.7.azuredatabricks.net"
  resource_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/dbw"
}
)s";

struct Checked {
  std::optional<ir::Project> project;
  std::vector<std::string> codes;
  std::map<std::string, std::string> files;
};

Checked compile_text(const std::string& models, const std::string& platform = kOneWorkspace) {
  schedc::testing::MemoryLoader loader(std::string(SCHEDC_SOURCE_DIR) + "/stdlib",
                               {{"<mem>/platform.sched", platform}, {"<mem>/models.sched", models}});
  CompileResult result = compile(CompileInput{{"<mem>/platform.sched", "<mem>/models.sched"},
                                              std::string(SCHEDC_SOURCE_DIR) + "/stdlib"},
                                 loader);
  Checked out;
  for (const auto& d : result.diagnostics.all()) out.codes.push_back(d.code);
  if (result.project && !result.diagnostics.has_errors()) {
    out.project = *result.project;
    for (auto& f : codegen::generate(*out.project, {"adf", "databricks"})) out.files[f.path] = f.content;
  }
  return out;
}

std::string percent_decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return out;
}

const nlohmann::json& activity(const nlohmann::json& list, const std::string& name) {
  for (const auto& a : list) {
    if (a["name"] == name) return a;
    const auto& p = a["typeProperties"];
    for (const char* key : {"activities", "ifTrueActivities", "ifFalseActivities"})
      if (p.contains(key))
        for (const auto& inner : p[key])
          if (inner["name"] == name) return inner;
  }
  throw std::runtime_error("no activity " + name);
}

// A model with `job` and no target runs the job from ADF (target adf_job, even where the project's default is
// another), keeps no cluster or notebook, and schedc generates no job for it: nothing in databricks/.
TEST(ExistingJobs, RunFromAdfWithoutAGeneratedJob) {
  const auto built = compile_text(R"s(
model refresh {
  owner    = "team@contoso.com"
  job      = "feature-refresh"
  parameters { day = "{schedule.date}"  full = true }
  schedule = cron "0 5 * * *" in "UTC"
  timeout  = 3h
}
)s", std::string(kOneWorkspace) + "\n");
  ASSERT_TRUE(built.project) << ::testing::PrintToString(built.codes);
  const ir::Model& m = built.project->models.at(0);
  EXPECT_EQ(m.target, ir::Target::AdfJob);
  ASSERT_TRUE(m.existing_job);
  EXPECT_EQ(*m.existing_job->all, "feature-refresh");
  EXPECT_TRUE(m.names.jobs.empty());
  EXPECT_TRUE(m.names.cluster_linked_service.empty());
  EXPECT_FALSE(targets::generates_job(m));
  EXPECT_EQ(targets::adf_wait_seconds(m), 3 * 3600);  // the model's timeout: ADF waits that long, no more
  ASSERT_EQ(m.params.size(), 2U);
  for (const auto& [path, content] : built.files) EXPECT_EQ(path.rfind("databricks/", 0), std::string::npos) << path;
  const auto pipeline = nlohmann::json::parse(built.files.at("adf/pipeline/pl_refresh.json"));
  const auto& acts = pipeline["properties"]["activities"];
  EXPECT_EQ(count_activities(acts), targets::adf_activity_count(m, false));
  EXPECT_EQ(activity(acts, "find_job")["typeProperties"]["url"],
            "https://adb-1234567890123456.7.azuredatabricks.net/api/2.1/jobs/list?name=feature-refresh");
  const std::string body = activity(acts, "run_job")["typeProperties"]["body"]["value"];
  EXPECT_THAT(body, HasSubstr("\"job_parameters\": {\"day\": \"', convertFromUtc("));
  EXPECT_THAT(body, HasSubstr("\"full\": \"', 'true', '\"}}')"));
  EXPECT_EQ(activity(acts, "wait_for_run")["typeProperties"]["timeout"], "0.03:00:00");
}

// Whatever a job name holds, the lookup URL carries exactly that name (percent-encoded: only unreserved
// characters and %XX), and the Fail message's ADF string literal holds it with its quotes doubled.
TEST(ExistingJobs, HostileNamesCannotBreakTheUrlOrTheExpressions) {
  const std::vector<std::string> names = {
      "it's", "@{pipeline().RunId}", "a & b", "#1", "100%", "a+b?c=d", "x/../y", "\"quoted\"", "café ☕",
      "[bracketed]", "@concat('x')", "', pipeline().RunId, '", "a\\b", "%41"};
  for (const auto& name : names) {
    std::string escaped;  // as a .sched string
    for (char c : name) escaped += (c == '"' || c == '\\') ? std::string("\\") + c : c == '{' ? "{{" : c == '}' ? "}}" : std::string(1, c);
    const auto built = compile_text("model odd {\n  owner = \"team@contoso.com\"\n  job = \"" + escaped +
                                    "\"\n  schedule = cron \"0 5 * * *\" in \"UTC\"\n  timeout = 1h\n}\n");
    ASSERT_TRUE(built.project) << name << ": " << ::testing::PrintToString(built.codes);
    ASSERT_EQ(*built.project->models.at(0).existing_job->all, name);
    const auto acts = nlohmann::json::parse(built.files.at("adf/pipeline/pl_odd.json"))["properties"]["activities"];
    const std::string url = activity(acts, "find_job")["typeProperties"]["url"];
    const std::string prefix = "https://adb-1234567890123456.7.azuredatabricks.net/api/2.1/jobs/list?name=";
    ASSERT_EQ(url.rfind(prefix, 0), 0U) << name << ": " << url;
    const std::string query = url.substr(prefix.size());
    for (char c : query)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || std::string_view("-_.~%").find(c) != std::string_view::npos)
          << name << ": " << query;
    EXPECT_EQ(percent_decode(query), name);
    const std::string failed = activity(acts, "check_run_failed")["typeProperties"]["message"]["value"];
    std::string quoted;
    for (char c : name) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    EXPECT_THAT(failed, HasSubstr("@concat('Databricks job run of " + quoted + ": ', json(")) << name;
  }
}

// A name that differs per environment is the pipeline parameter job_<model> (an ARM parameter), encoded by ADF at
// run time; every environment's name is checked.
TEST(ExistingJobs, PerEnvironmentNamesAreAPipelineParameter) {
  const std::string platform = R"s(
environment dd   { trigger = stopped }
environment prod { trigger = started }
project { git_environment = dd  workspace = main }
workspace main {
  url         = "https://adb-1234567890123456.7.azuredatabricks.net"
  resource_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/dbw"
}
)s";
  const auto built = compile_text(R"s(
model refresh {
  owner    = "team@contoso.com"
  job      = per_env { dd = "refresh (dev)"  prod = "Refresh" }
  schedule = cron "0 5 * * *" in "UTC"
  timeout  = 1h
}
)s", platform);
  ASSERT_TRUE(built.project) << ::testing::PrintToString(built.codes);
  const auto pipeline = nlohmann::json::parse(built.files.at("adf/pipeline/pl_refresh.json"));
  EXPECT_EQ(pipeline["properties"]["parameters"]["job_refresh"]["defaultValue"], "refresh (dev)");
  EXPECT_THAT(activity(pipeline["properties"]["activities"], "find_job")["typeProperties"]["url"]["value"].get<std::string>(),
              HasSubstr("list?name=@{encodeUriComponent(pipeline().parameters.job_refresh)}"));

  const auto bad = compile_text(R"s(
model refresh {
  owner    = "team@contoso.com"
  job      = per_env { dd = "ok"  prod = "bad\u{85}" }
  schedule = cron "0 5 * * *" in "UTC"
  timeout  = 1h
}
)s", platform);
  EXPECT_THAT(bad.codes, ::testing::ElementsAre("SCH1016"));
  const auto long_name = compile_text("model refresh {\n  owner = \"team@contoso.com\"\n  job = \"" + std::string(4097, 'j') +
                                      "\"\n  schedule = cron \"0 5 * * *\" in \"UTC\"\n  timeout = 1h\n}\n", platform);
  EXPECT_THAT(long_name.codes, ::testing::ElementsAre("SCH1016"));
  const auto longest = compile_text("model refresh {\n  owner = \"team@contoso.com\"\n  job = \"" + std::string(4096, 'j') +
                                    "\"\n  schedule = cron \"0 5 * * *\" in \"UTC\"\n  timeout = 1h\n}\n", platform);
  EXPECT_TRUE(longest.project) << ::testing::PrintToString(longest.codes);
}

// Job parameters follow the Jobs API's rules (SCH6007) as a generated job's do; the tag rules of a generated job
// (SCH6008) do not apply, since the existing job's tags are not schedc's.
TEST(ExistingJobs, JobParameterRulesApplyAndJobTagRulesDoNot) {
  const auto params = compile_text(R"s(
model refresh {
  owner    = "team@contoso.com"
  job      = "refresh"
  parameters { "run date" = "x" }
  schedule = cron "0 5 * * *" in "UTC"
  timeout  = 1h
}
)s");
  EXPECT_THAT(params.codes, ::testing::ElementsAre("SCH6007"));
  const auto tags = compile_text(R"s(
model refresh {
  owner    = "team@contoso.com"
  tags     = ["a/b"]
  job      = "refresh"
  schedule = cron "0 5 * * *" in "UTC"
  timeout  = 1h
}
)s");
  EXPECT_TRUE(tags.codes.empty()) << ::testing::PrintToString(tags.codes);
}

// A generated job's new cluster carries PYSPARK_PYTHON as the Databricks UI and the ADF linked service of the same
// cluster do, unless the cluster sets it.
TEST(DatabricksJobs, NewClustersCarryTheRuntimesPythonUnlessSet) {
  const auto built = compile_text(R"s(
model plain {
  owner    = "team@contoso.com"
  target   = adf_job
  notebook = "/Repos/team/plain"
  cluster  = { spark_version = "15.4.x-scala2.12"  node_type = "Standard_DS3_v2"  workers = 1 }
  schedule = cron "0 5 * * *" in "UTC"
  timeout  = 1h
}
model own_python {
  owner    = "team@contoso.com"
  target   = databricks
  notebook = "/Repos/team/own"
  cluster  = {
    spark_version  = "15.4.x-scala2.12"
    node_type      = "Standard_DS3_v2"
    workers        = 1
    spark_env_vars { PYSPARK_PYTHON = "/local_disk0/venv/bin/python"  MODE = "x" }
  }
  schedule = cron "0 6 * * *" in "UTC"
  timeout  = 1h
}
)s");
  ASSERT_TRUE(built.project) << ::testing::PrintToString(built.codes);
  const auto plain = nlohmann::json::parse(built.files.at("databricks/jobs/plain.json"));
  EXPECT_EQ(plain["job_clusters"][0]["new_cluster"]["spark_env_vars"],
            (nlohmann::json{{"PYSPARK_PYTHON", "/databricks/python3/bin/python3"}}));
  const auto own = nlohmann::json::parse(built.files.at("databricks/jobs/own_python.json"));
  EXPECT_EQ(own["job_clusters"][0]["new_cluster"]["spark_env_vars"],
            (nlohmann::json{{"MODE", "x"}, {"PYSPARK_PYTHON", "/local_disk0/venv/bin/python"}}));
}

}  // namespace
