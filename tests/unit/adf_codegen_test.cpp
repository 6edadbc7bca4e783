// The ADF git-layout generator and the shared JSON emitter, driven with hand-built IR.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/temp_dir.hpp"
#include "codegen/adf/adf.hpp"
#include "codegen/adf/expression.hpp"
#include "codegen/json/json.hpp"
#include "compiler/ir/ir.hpp"

namespace {

using namespace schedc;
using Json = nlohmann::ordered_json;

// ---- IR builders ----------------------------------------------------------------------------------------------

ir::PerEnv<std::string> all(std::string value) {
  ir::PerEnv<std::string> out;
  out.all = std::move(value);
  return out;
}

ir::PerEnv<std::string> by_env(std::map<std::string, std::string> values) {
  ir::PerEnv<std::string> out;
  out.by_env = std::move(values);
  return out;
}

ir::TemplatePart text(std::string value) {
  return ir::TemplatePart{false, std::move(value), ir::Binding::ScheduledTime};
}
ir::TemplatePart bind(ir::Binding binding) { return ir::TemplatePart{true, "", binding}; }
ir::Template tmpl(std::initializer_list<ir::TemplatePart> parts) {
  return ir::Template{std::vector<ir::TemplatePart>(parts)};
}

ir::ConfValue conf(std::string value) { return ir::ConfValue{false, std::move(value), "", "", ""}; }
ir::ConfValue secret(std::string vault, std::string scope, std::string name) {
  return ir::ConfValue{true, "", std::move(vault), std::move(scope), std::move(name)};
}

ir::Library library(ir::Library::Kind kind, std::string value, std::optional<std::string> repo = std::nullopt,
                    std::vector<std::string> exclusions = {}) {
  return ir::Library{kind, std::move(value), std::move(repo), std::move(exclusions)};
}

schedule::adf::Recurrence recurrence(schedule::adf::Frequency frequency, std::vector<int> hours, std::vector<int> minutes) {
  schedule::adf::Recurrence out;
  out.frequency = frequency;
  out.start_time = schedule::adf::LocalDateTime{2025, 1, 1, 0, 0, 0};
  out.time_zone = "W. Europe Standard Time";
  out.has_schedule = true;
  out.hours = std::move(hours);
  out.minutes = std::move(minutes);
  return out;
}

ir::Schedule schedule(std::string cron, std::vector<schedule::adf::Recurrence> lowered) {
  ir::Schedule out;
  out.cron.text = std::move(cron);
  out.zone = "Europe/Amsterdam";
  out.windows_zone = "W. Europe Standard Time";
  out.adf = std::move(lowered);
  return out;
}

ir::Model model(std::string name, std::size_t cluster, std::string linked_service) {
  ir::Model out;
  out.name = name;
  out.owner = "team@contoso.com";
  out.workspace = "main";
  out.notebook_path.all = "/Repos/team/" + name;
  out.cluster = cluster;
  out.schedule = schedule("30 2 * * *", {recurrence(schedule::adf::Frequency::Day, {2}, {30})});
  out.timeout_seconds = 3 * 3600;
  out.retries = 2;
  out.retry_interval_seconds = 300;
  out.names = ir::ModelNames{"pl_" + name, {"tr_" + name}, std::move(linked_service), {}};
  return out;
}

ir::Prerequisite storage_prerequisite(ir::Prerequisite::Kind kind, ir::Prerequisite::Mode mode, ir::Template path) {
  ir::Prerequisite out;
  out.kind = kind;
  out.mode = mode;
  out.storage = "lake";
  out.container = "curated";
  out.path = std::move(path);
  if (mode == ir::Prerequisite::Mode::Wait) {
    out.timeout_seconds = 2 * 3600;
    out.poll_seconds = 600;
  }
  return out;
}

ir::Prerequisite model_prerequisite(std::string upstream, ir::Prerequisite::Mode mode) {
  ir::Prerequisite out;
  out.kind = ir::Prerequisite::Kind::Model;
  out.mode = mode;
  out.upstream = std::move(upstream);
  if (mode == ir::Prerequisite::Mode::Wait) {
    out.timeout_seconds = 26 * 3600 + 61;
    out.poll_seconds = 300;
  }
  return out;
}

ir::Cluster general_cluster() {
  ir::Cluster out;
  out.origin = "general";
  out.spark_version = "13.3.x-scala2.12";
  out.node_type = "Standard_DS3_v2";
  out.driver_node_type = "Standard_DS4_v2";
  out.autoscale = true;
  out.min_workers = 2;
  out.max_workers = 8;
  out.spark_conf = {{"spark.sql.shuffle.partitions", conf("200")},
                    {"fs.azure.account.key.lake.dfs.core.windows.net", secret("kv", "kv-scope", "lake-key")}};
  out.spark_env_vars = {{"PYSPARK_PYTHON", conf("/databricks/python3/bin/python3")},
                        {"API_TOKEN", secret("kv", "kv-scope", "api-token")}};
  out.custom_tags = {{"team", "retention"}};
  out.init_scripts = {"/Workspace/init/setup.sh"};
  out.policy_id = "ABC123";
  return out;
}

std::vector<ir::Library> all_libraries() {
  using Kind = ir::Library::Kind;
  return {library(Kind::Jar, "dbfs:/libs/a.jar"),
                   library(Kind::Whl, "/Volumes/libs/b.whl"),
                   library(Kind::Egg, "dbfs:/libs/c.egg"),
                   library(Kind::Pypi, "simplejson==3.8.0", "https://pypi.contoso.com"),
                   library(Kind::Pypi, "requests"),
                   library(Kind::Maven, "org.jsoup:jsoup:1.7.2", "https://maven.contoso.com", {"slf4j:slf4j"}),
                   library(Kind::Cran, "forecast")};
}

ir::Cluster existing_cluster() {
  ir::Cluster out;
  out.kind = ir::Cluster::Kind::Existing;
  out.existing_cluster_id = by_env({{"dd", "0101-dd"}, {"prod", "0101-prod"}});
  return out;
}

ir::Cluster pool_cluster() {
  ir::Cluster out;
  out.spark_version = "14.3.x-scala2.12";
  out.instance_pool_id = "pool-1";
  out.driver_node_type = "ignored-with-a-pool";
  out.workers = 4;
  return out;
}

ir::StorageUse storage_use(std::string storage, bool file, bool folder) {
  return ir::StorageUse{storage, "ls_adls_" + storage, "ds_" + storage + "_file", "ds_" + storage + "_folder", file,
                        folder};
}

// Every shape the generator knows: environments, all prerequisite kinds and modes, markers, three cluster kinds,
// every library kind, secrets, bindings, '@'-leading literals, a model with two triggers, a non-ADF model.
ir::Project full_project() {
  using Kind = ir::Prerequisite::Kind;
  using Mode = ir::Prerequisite::Mode;
  ir::Project p;
  p.environments = {ir::Environment{"dd", false, std::nullopt, {}}, ir::Environment{"prod", true, "adf-prod", {}}};
  p.git_environment = "prod";
  p.workspaces = {ir::Workspace{
      "main",
      by_env({{"dd", "https://adb-1.1.azuredatabricks.net"}, {"prod", "https://adb-2.2.azuredatabricks.net"}}),
      by_env({{"dd", "/subscriptions/s/resourceGroups/dd/providers/Microsoft.Databricks/workspaces/w"},
              {"prod", "/subscriptions/s/resourceGroups/prod/providers/Microsoft.Databricks/workspaces/w"}}),
      {}}};
  p.storages = {ir::Storage{"lake",
                            by_env({{"dd", "https://lakedd.dfs.core.windows.net"},
                                    {"prod", "https://lakeprod.dfs.core.windows.net"}}),
                            {}},
                ir::Storage{"ops", all("https://opsprod.dfs.core.windows.net"), {}}};
  p.key_vaults = {ir::KeyVault{"kv", all("https://kv.vault.azure.net"), "kv-scope", {}}};
  p.clusters = {existing_cluster(), general_cluster(), pool_cluster()};
  p.cluster_bindings = {ir::ClusterBinding{"ls_dbx_main_existing", "main", 0},
                        ir::ClusterBinding{"ls_dbx_main_general", "main", 1},
                        ir::ClusterBinding{"ls_dbx_main_pool", "main", 2}};
  p.storage_uses = {storage_use("lake", true, true), storage_use("ops", true, false)};
  p.markers = ir::Markers{"ops", "markers", "success", {}};

  ir::Model churn = model("churn_scoring", 1, "ls_dbx_main_general");
  churn.description = "Scores churn";
  churn.tags = {"retention", "churn"};
  churn.concurrency = 2;
  churn.libraries = all_libraries();
  churn.params = {
      {"model_stage", tmpl({text("Production")}), {}},
      {"run_date", tmpl({bind(ir::Binding::ScheduledDate)}), {}},
      {"mention", tmpl({text("@retention")}), {}},
      {"label", tmpl({bind(ir::Binding::EnvName), text("-"), bind(ir::Binding::ModelName)}), {}},
      {"run_at", tmpl({text("at "), bind(ir::Binding::ScheduledTime)}), {}},
      {"pattern", tmpl({text("out/"), bind(ir::Binding::ScheduledDate), text("/@{x}")}), {}},
      {"handle", tmpl({text("@"), bind(ir::Binding::ModelName), text("/"), bind(ir::Binding::ScheduledDate)}), {}},
  };
  churn.requires_ = {
      storage_prerequisite(Kind::File, Mode::Wait,
                           tmpl({text("customers/"), bind(ir::Binding::ScheduledDate), text("/_SUCCESS")})),
      storage_prerequisite(Kind::Folder, Mode::Check, tmpl({text("reference/products")})),
      model_prerequisite("customer_features", Mode::Check),
      storage_prerequisite(Kind::Folder, Mode::Wait, tmpl({text("events/"), bind(ir::Binding::ScheduledDate)})),
      model_prerequisite("customer_features", Mode::Wait),
      storage_prerequisite(Kind::File, Mode::Check, tmpl({text("flag.txt")})),
  };
  auto weekly = recurrence(schedule::adf::Frequency::Week, {2}, {30});
  weekly.week_days = {1, 2, 3, 4, 5};
  weekly.month_days = {1};  // not allowed with Week: must not be written
  auto monthly = recurrence(schedule::adf::Frequency::Month, {6}, {0});
  monthly.month_days = {1, -1};
  monthly.monthly_occurrences = {{0, 1}, {5, -1}};
  monthly.week_days = {1};  // not allowed with Month: must not be written
  churn.schedule = schedule("30 2 * * MON-FRI", {weekly, monthly});
  churn.names.triggers = {"tr_churn_scoring_1", "tr_churn_scoring_2"};

  ir::Model features = model("customer_features", 0, "ls_dbx_main_existing");
  auto utc = recurrence(schedule::adf::Frequency::Day, {1}, {15});
  utc.time_zone = "UTC";
  utc.utc = true;
  utc.end_time = schedule::adf::LocalDateTime{2027, 12, 31, 23, 59, 0};
  features.schedule = schedule("15 1 * * *", {utc});
  features.schedule.zone = "UTC";
  features.schedule.windows_zone = "UTC";
  features.schedule.utc = true;

  ir::Model pooled = model("pool_model", 2, "ls_dbx_main_pool");
  auto hourly = recurrence(schedule::adf::Frequency::Hour, {}, {});
  hourly.interval = 4;
  hourly.has_schedule = false;
  pooled.schedule = schedule("0 */4 * * *", {hourly});

  ir::Model native = model("z_native", 1, "ls_dbx_main_general");
  native.target = ir::Target::Databricks;

  p.models = {churn, features, pooled, native};
  return p;
}

// The smallest project: no environments, no prerequisites, no markers.
ir::Project minimal_project() {
  ir::Project p;
  p.workspaces = {ir::Workspace{"w", all("https://adb-1.1.azuredatabricks.net"), all("/subscriptions/s/w"), {}}};
  ir::Cluster cluster;
  cluster.spark_version = "13.3.x-scala2.12";
  cluster.node_type = "Standard_DS3_v2";
  cluster.workers = 2;
  p.clusters = {cluster};
  p.cluster_bindings = {ir::ClusterBinding{"ls_dbx_w_small", "w", 0}};
  ir::Model m = model("m", 0, "ls_dbx_w_small");
  m.timeout_seconds = 3600;
  m.retries = 0;
  m.retry_interval_seconds = 30;
  m.params = {{"stage", tmpl({text("Production")}), {}}};
  auto daily = recurrence(schedule::adf::Frequency::Day, {6}, {0});
  daily.time_zone = "UTC";
  daily.utc = true;
  m.schedule = schedule("0 6 * * *", {daily});
  m.schedule.zone = "UTC";
  p.models = {m};
  return p;
}

// ---- output helpers -------------------------------------------------------------------------------------------

std::map<std::string, std::string> by_path(const codegen::OutputFiles& files) {
  std::map<std::string, std::string> out;
  for (const auto& file : files) out[file.path] = file.content;
  return out;
}

Json entity(const codegen::OutputFiles& files, const std::string& path) {
  for (const auto& file : files)
    if (file.path == path) return Json::parse(file.content);
  ADD_FAILURE() << "no file " << path;
  return Json();
}

const Json& activity(const Json& pipeline, const std::string& name) {
  for (const auto& a : pipeline["properties"]["activities"])
    if (a["name"] == name) return a;
  throw std::runtime_error("no activity " + name);
}

std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> out;
  for (const auto& item : object.items()) out.push_back(item.key());
  return out;
}

std::vector<std::string> names(const Json& activities) {
  std::vector<std::string> out;
  for (const auto& a : activities) out.push_back(a["name"]);
  return out;
}

// Expected file text written with two spaces per level, turned into ADF Studio's tabs.
std::string tabs(std::string_view two_space_text) {
  std::string out;
  bool line_start = true;
  for (std::size_t i = 0; i < two_space_text.size(); ++i) {
    if (line_start && two_space_text.compare(i, 2, "  ") == 0) {
      out += '\t';
      ++i;
      continue;
    }
    line_start = two_space_text[i] == '\n';
    out += two_space_text[i];
  }
  return out;
}

Json expr(const std::string& value) { return Json{{"value", value}, {"type", "Expression"}}; }

// The scheduled time: the trigger's, or the start of a run started by hand (its parameter left empty).
const std::string kScheduled =
    "if(empty(pipeline().parameters.scheduledTime), pipeline().TriggerTime, pipeline().parameters.scheduledTime)";
const std::string kDate =
    "convertFromUtc(" + kScheduled + ", 'W. Europe Standard Time', 'yyyy-MM-dd')";

// ---- JSON emitter ---------------------------------------------------------------------------------------------

TEST(JsonEmitter, DumpAdfUsesTabsStudioSeparatorsAndNoFinalNewline) {
  Json value = Json::object();
  value["b"] = Json::array({1, 2});
  value["a"] = Json::object();
  value["c"] = Json::array();
  value["d"] = "é\"\\\n/";
  EXPECT_EQ(codegen::json::dump_adf(value),
            "{\n\t\"b\": [\n\t\t1,\n\t\t2\n\t],\n\t\"a\": {},\n\t\"c\": [],\n\t\"d\": \"é\\\"\\\\\\n/\"\n}");
}

TEST(JsonEmitter, DumpIndentsWithSpaces) {
  Json value = Json::object();
  value["k"] = Json::array({"v"});
  EXPECT_EQ(codegen::json::dump(value), "{\n    \"k\": [\n        \"v\"\n    ]\n}\n");
  EXPECT_EQ(codegen::json::dump(value, 2), "{\n  \"k\": [\n    \"v\"\n  ]\n}\n");
}

TEST(JsonEmitter, InvalidUtf8IsAnInternalError) {
  Json value = std::string("\xff");
  EXPECT_THROW((void)codegen::json::dump_adf(value), nlohmann::json::type_error);
}

TEST(JsonEmitter, AdfLiteral) {
  using codegen::json::adf_literal;
  EXPECT_EQ(adf_literal(""), "");
  EXPECT_EQ(adf_literal("plain"), "plain");
  EXPECT_EQ(adf_literal("a@b.com"), "a@b.com");
  EXPECT_EQ(adf_literal(" @"), " @");
  EXPECT_EQ(adf_literal("@x"), "@@x");
  EXPECT_EQ(adf_literal("@"), "@@");
  EXPECT_EQ(adf_literal("@@"), "@@@");
  EXPECT_EQ(adf_literal("@{x}"), "@@{x}");
  EXPECT_EQ(adf_literal("Answer: @{x} and @{y}"), "Answer: @@{x} and @@{y}");
  // Combinations the documentation leaves open become a quoted expression.
  EXPECT_EQ(adf_literal("@a @{b}"), "@'@a @{b}'");
  EXPECT_EQ(adf_literal("a@@{b} it's"), "@'a@@{b} it''s'");
}

TEST(JsonEmitter, AdfQuoteAndInterpolation) {
  using namespace codegen::json;
  EXPECT_EQ(adf_quote("it's"), "'it''s'");
  EXPECT_EQ(adf_interpolated_text("a@{b}@c"), "a@@{b}@c");
  EXPECT_TRUE(adf_interpolation_safe("a@b/", true, true));
  EXPECT_TRUE(adf_interpolation_safe("/@{x}", false, false));
  EXPECT_FALSE(adf_interpolation_safe("@x", true, false));
  EXPECT_TRUE(adf_interpolation_safe("@x", false, false));
  EXPECT_FALSE(adf_interpolation_safe("x@", false, true));
  EXPECT_TRUE(adf_interpolation_safe("x@", false, false));
  EXPECT_FALSE(adf_interpolation_safe("a@@b", false, false));
}

TEST(JsonEmitter, ArmLiteral) {
  using codegen::json::arm_literal;
  EXPECT_EQ(arm_literal("[x]"), "[[x]");
  EXPECT_EQ(arm_literal("[x"), "[x");
  EXPECT_EQ(arm_literal("x]"), "x]");
  EXPECT_EQ(arm_literal(""), "");
}

// ---- expressions ----------------------------------------------------------------------------------------------

TEST(AdfExpression, Timespan) {
  using codegen::adf::timespan;
  EXPECT_EQ(timespan(10800), "0.03:00:00");
  EXPECT_EQ(timespan(7 * 86400), "7.00:00:00");
  EXPECT_EQ(timespan(93784), "1.02:03:04");
  EXPECT_EQ(timespan(1), "0.00:00:01");
}

TEST(AdfExpression, DurationText) {
  using codegen::adf::duration_text;
  EXPECT_EQ(duration_text(7200), "2h");
  EXPECT_EQ(duration_text(5400), "1h30m");
  EXPECT_EQ(duration_text(86400 + 5), "1d5s");
}

TEST(AdfExpression, TemplateValues) {
  const auto project = full_project();
  const codegen::adf::Scope scope{project.models[0], "prod"};
  const auto value = [&](ir::Template t) { return codegen::adf::template_value(t, scope); };
  EXPECT_EQ(value(tmpl({})), "");
  EXPECT_EQ(value(tmpl({text("a"), text("b")})), "ab");
  EXPECT_EQ(value(tmpl({text("@a")})), "@@a");
  EXPECT_EQ(value(tmpl({bind(ir::Binding::EnvName), text("@"), bind(ir::Binding::ModelName)})), "prod@churn_scoring");
  EXPECT_EQ(value(tmpl({bind(ir::Binding::ScheduledDate)})), expr("@{" + kDate + "}"));
  EXPECT_EQ(value(tmpl({bind(ir::Binding::ScheduledTime)})),
            expr("@{formatDateTime(" + kScheduled + ", 'yyyy-MM-ddTHH:mm:ssZ')}"));
  EXPECT_EQ(value(tmpl({text("a@b/@{c}/"), bind(ir::Binding::ScheduledDate), text("/@")})),
            expr("a@b/@@{c}/@{" + kDate + "}/@"));
  // An '@' that starts the string, ends right before a binding, or touches another '@': concat().
  EXPECT_EQ(value(tmpl({text("@it's/"), bind(ir::Binding::ScheduledDate)})), expr("@concat('@it''s/', " + kDate + ")"));
  EXPECT_EQ(value(tmpl({text("x@"), bind(ir::Binding::ScheduledDate)})), expr("@concat('x@', " + kDate + ")"));
  EXPECT_EQ(value(tmpl({bind(ir::Binding::ScheduledDate), text("@@")})), expr("@concat(" + kDate + ", '@@')"));
}

TEST(AdfExpression, SourceText) {
  EXPECT_EQ(codegen::adf::source_text(
                tmpl({text("a{b}/"), bind(ir::Binding::ScheduledDate), bind(ir::Binding::ScheduledTime),
                      bind(ir::Binding::EnvName), bind(ir::Binding::ModelName)})),
            "a{{b}}/{schedule.date}{schedule.time}{env.name}{model.name}");
}

// ---- the generator ----------------------------------------------------------------------------------------------

TEST(AdfCodegen, FilesAreSortedAndNamedByEntity) {
  const auto files = codegen::adf::generate_adf(full_project());
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.path);
  EXPECT_THAT(paths,
              ::testing::ElementsAre("adf/dataset/ds_lake_file.json", "adf/dataset/ds_lake_folder.json",
                                   "adf/dataset/ds_ops_file.json", "adf/linkedService/ls_adls_lake.json",
                                   "adf/linkedService/ls_adls_ops.json", "adf/linkedService/ls_dbx_main_existing.json",
                                   "adf/linkedService/ls_dbx_main_general.json",
                                   "adf/linkedService/ls_dbx_main_pool.json", "adf/pipeline/pl_churn_scoring.json",
                                   "adf/pipeline/pl_customer_features.json", "adf/pipeline/pl_pool_model.json",
                                   "adf/trigger/tr_churn_scoring_1.json", "adf/trigger/tr_churn_scoring_2.json",
                                   "adf/trigger/tr_customer_features.json", "adf/trigger/tr_pool_model.json"));
  for (const auto& f : files) {
    const auto doc = Json::parse(f.content);
    // ADF Studio's envelope: linked services name, type, properties; every other kind name, properties.
    if (f.path.starts_with("adf/linkedService/")) {
      EXPECT_THAT(keys(doc), ::testing::ElementsAre("name", "type", "properties")) << f.path;
    } else {
      EXPECT_THAT(keys(doc), ::testing::ElementsAre("name", "properties")) << f.path;
    }
    EXPECT_EQ(f.path,
              "adf/" + f.path.substr(4, f.path.find('/', 4) - 4) + "/" + doc["name"].get<std::string>() + ".json");
    EXPECT_EQ(f.content.back(), '}');  // no final newline, as Studio writes its files
    EXPECT_EQ(f.content.find("\r"), std::string::npos);
  }
  EXPECT_EQ(entity(files, "adf/linkedService/ls_adls_ops.json")["type"],
            "Microsoft.DataFactory/factories/linkedservices");
}

TEST(AdfCodegen, Deterministic) {
  const auto a = codegen::adf::generate_adf(full_project());
  const auto b = codegen::adf::generate_adf(full_project());
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].content, b[i].content) << a[i].path;
}

TEST(AdfCodegen, PipelineShape) {
  const auto pl = entity(codegen::adf::generate_adf(full_project()), "adf/pipeline/pl_churn_scoring.json");
  const auto& props = pl["properties"];
  EXPECT_THAT(keys(props),
              ::testing::ElementsAre("description", "activities", "concurrency", "parameters", "annotations"));
  EXPECT_EQ(props["description"], "Scores churn");
  EXPECT_EQ(props["concurrency"], 2);
  // env.name differs between the environments: the pipeline reads it from its parameter `environment`, whose
  // default is the environment built (the ARM target makes that default a parameter of its own).
  EXPECT_EQ(props["parameters"],
            (Json{{"scheduledTime", {{"type", "String"}, {"defaultValue", ""}}}, {"environment", {{"type", "String"}, {"defaultValue", "prod"}}}}));
  EXPECT_EQ(props["annotations"], (Json{"retention", "churn"}));
  EXPECT_THAT(names(props["activities"]),
              ::testing::ElementsAre("wait_1_file", "check_2_folder_meta", "check_2_folder", "check_3_model_meta",
                                   "check_3_model", "wait_4_folder", "wait_5_model", "check_6_file_meta",
                                   "check_6_file", "run_notebook", "write_success_marker", "write_latest_marker"));
  for (const auto& a : props["activities"]) {
    const auto k = keys(a);
    EXPECT_EQ(k.front(), "name");
    EXPECT_THAT(k, ::testing::IsSupersetOf({"type", "dependsOn", "userProperties", "typeProperties"}));
  }
}

TEST(AdfCodegen, WaitForFile) {
  const auto pl = entity(codegen::adf::generate_adf(full_project()), "adf/pipeline/pl_churn_scoring.json");
  const auto& a = activity(pl, "wait_1_file");
  EXPECT_THAT(keys(a),
              ::testing::ElementsAre("name", "description", "type", "dependsOn", "userProperties", "typeProperties"));
  EXPECT_EQ(a["type"], "Validation");
  EXPECT_EQ(
      a["description"],
      "Waits up to 2h, polling every 10m, for file 'curated/customers/{schedule.date}/_SUCCESS' in storage 'lake'");
  EXPECT_EQ(
      a["typeProperties"],
      (Json{{"dataset",
             {{"referenceName", "ds_lake_file"},
              {"type", "DatasetReference"},
              {"parameters",
               {{"container", "curated"}, {"folder", expr("customers/@{" + kDate + "}")}, {"file", "_SUCCESS"}}}}},
            {"timeout", "0.02:00:00"},
            {"sleep", 600}}));
}

TEST(AdfCodegen, WaitForFolder) {
  const auto pl = entity(codegen::adf::generate_adf(full_project()), "adf/pipeline/pl_churn_scoring.json");
  const auto& props = activity(pl, "wait_4_folder")["typeProperties"];
  EXPECT_EQ(props["dataset"]["referenceName"], "ds_lake_folder");
  EXPECT_EQ(props["dataset"]["parameters"],
            (Json{{"container", "curated"}, {"folder", expr("events/@{" + kDate + "}")}}));
  EXPECT_FALSE(props.contains("childItems"));
}

TEST(AdfCodegen, CheckFolderOnce) {
  const auto pl = entity(codegen::adf::generate_adf(full_project()), "adf/pipeline/pl_churn_scoring.json");
  const auto& meta = activity(pl, "check_2_folder_meta");
  EXPECT_EQ(meta["type"], "GetMetadata");
  EXPECT_EQ(meta["dependsOn"], Json::array());
  EXPECT_EQ(meta["policy"]["timeout"], "0.00:10:00");
  EXPECT_EQ(meta["policy"]["retry"], 2);
  EXPECT_EQ(meta["typeProperties"]["fieldList"], Json{"exists"});
  EXPECT_EQ(meta["typeProperties"]["dataset"],
            (Json{{"referenceName", "ds_lake_folder"},
                  {"type", "DatasetReference"},
                  {"parameters", {{"container", "curated"}, {"folder", "reference/products"}}}}));
  EXPECT_EQ(meta["typeProperties"]["storeSettings"],
            (Json{{"type", "AzureBlobFSReadSettings"}, {"recursive", true}, {"enablePartitionDiscovery", false}}));

  const auto& check = activity(pl, "check_2_folder");
  EXPECT_EQ(check["type"], "IfCondition");
  EXPECT_EQ(check["dependsOn"], (Json{{{"activity", "check_2_folder_meta"}, {"dependencyConditions", {"Succeeded"}}}}));
  EXPECT_EQ(check["typeProperties"]["expression"], expr("@activity('check_2_folder_meta').output.exists"));
  EXPECT_FALSE(check["typeProperties"].contains("ifTrueActivities"));
  const auto& fail = check["typeProperties"]["ifFalseActivities"].at(0);
  EXPECT_EQ(fail["name"], "check_2_folder_missing");
  EXPECT_EQ(fail["type"], "Fail");
  EXPECT_EQ(
      fail["typeProperties"],
      (Json{{"message", "Prerequisite not met: folder 'curated/reference/products' in storage 'lake' does not exist"},
            {"errorCode", "SCHEDC_PREREQUISITE_MISSING"}}));
}

TEST(AdfCodegen, CheckFileWithoutFolder) {
  const auto pl = entity(codegen::adf::generate_adf(full_project()), "adf/pipeline/pl_churn_scoring.json");
  EXPECT_EQ(activity(pl, "check_6_file_meta")["typeProperties"]["dataset"]["parameters"],
            (Json{{"container", "curated"}, {"folder", ""}, {"file", "flag.txt"}}));
}

TEST(AdfCodegen, UpstreamModelUsesItsSuccessMarkerForTheSameDate) {
  const auto pl = entity(codegen::adf::generate_adf(full_project()), "adf/pipeline/pl_churn_scoring.json");
  const Json marker = {{"referenceName", "ds_ops_file"},
                       {"type", "DatasetReference"},
                       {"parameters",
                        {{"container", "markers"},
                         {"folder", expr("success/customer_features/@{" + kDate + "}")},
                         {"file", "_SUCCESS"}}}};
  EXPECT_EQ(activity(pl, "check_3_model_meta")["typeProperties"]["dataset"], marker);
  EXPECT_EQ(activity(pl, "wait_5_model")["typeProperties"]["dataset"], marker);
  EXPECT_EQ(activity(pl, "wait_5_model")["typeProperties"]["timeout"], "1.02:01:01");
  EXPECT_EQ(activity(pl, "check_3_model")["typeProperties"]["ifFalseActivities"][0]["typeProperties"]["message"],
            expr("Prerequisite not met: the success marker of upstream model 'customer_features' for @{" + kDate +
                 "} does not exist"));
}

TEST(AdfCodegen, Notebook) {
  const auto pl = entity(codegen::adf::generate_adf(full_project()), "adf/pipeline/pl_churn_scoring.json");
  const auto& nb = activity(pl, "run_notebook");
  EXPECT_THAT(keys(nb), ::testing::ElementsAre("name", "type", "dependsOn", "policy", "userProperties", "typeProperties",
                                             "linkedServiceName"));
  EXPECT_EQ(nb["type"], "DatabricksNotebook");
  std::vector<std::string> after;
  for (const auto& d : nb["dependsOn"]) {
    after.push_back(d["activity"]);
    EXPECT_EQ(d["dependencyConditions"], Json{"Succeeded"});
  }
  EXPECT_THAT(after, ::testing::ElementsAre("wait_1_file", "check_2_folder", "check_3_model", "wait_4_folder",
                                          "wait_5_model", "check_6_file"));
  EXPECT_EQ(nb["policy"], (Json{{"timeout", "0.03:00:00"},
                                {"retry", 2},
                                {"retryIntervalInSeconds", 300},
                                {"secureOutput", false},
                                {"secureInput", false}}));
  EXPECT_EQ(nb["linkedServiceName"],
            (Json{{"referenceName", "ls_dbx_main_general"}, {"type", "LinkedServiceReference"}}));
  const auto& props = nb["typeProperties"];
  EXPECT_EQ(props["notebookPath"], "/Repos/team/churn_scoring");
  EXPECT_EQ(props["baseParameters"],
            (Json{{"model_stage", "Production"},
                  {"run_date", expr("@{" + kDate + "}")},
                  {"mention", "@@retention"},
                  {"label", expr("@{pipeline().parameters.environment}-churn_scoring")},
                  {"run_at", expr("at @{formatDateTime(" + kScheduled + ", 'yyyy-MM-ddTHH:mm:ssZ')}")},
                  {"pattern", expr("out/@{" + kDate + "}/@@{x}")},
                  {"handle", expr("@concat('@churn_scoring/', " + kDate + ")")}}));
  EXPECT_EQ(props["libraries"],
            (Json{{{"jar", "dbfs:/libs/a.jar"}},
                  {{"whl", "/Volumes/libs/b.whl"}},
                  {{"egg", "dbfs:/libs/c.egg"}},
                  {{"pypi", {{"package", "simplejson==3.8.0"}, {"repo", "https://pypi.contoso.com"}}}},
                  {{"pypi", {{"package", "requests"}}}},
                  {{"maven",
                    {{"coordinates", "org.jsoup:jsoup:1.7.2"},
                     {"repo", "https://maven.contoso.com"},
                     {"exclusions", {"slf4j:slf4j"}}}}},
                  {{"cran", {{"package", "forecast"}}}}}));
}

TEST(AdfCodegen, NotebookWithoutParametersOrLibraries) {
  const auto pl = entity(codegen::adf::generate_adf(full_project()), "adf/pipeline/pl_customer_features.json");
  const auto& nb = activity(pl, "run_notebook");
  EXPECT_EQ(nb["dependsOn"], Json::array());
  EXPECT_EQ(nb["typeProperties"], (Json{{"notebookPath", "/Repos/team/customer_features"}}));
  EXPECT_THAT(keys(pl["properties"]), ::testing::ElementsAre("activities", "concurrency", "parameters", "annotations"));
  EXPECT_EQ(pl["properties"]["annotations"], Json::array());
}

TEST(AdfCodegen, SuccessMarker) {
  const auto pl = entity(codegen::adf::generate_adf(full_project()), "adf/pipeline/pl_customer_features.json");
  const auto& web = activity(pl, "write_success_marker");
  EXPECT_EQ(web["type"], "WebActivity");
  EXPECT_EQ(web["dependsOn"], (Json{{{"activity", "run_notebook"}, {"dependencyConditions", {"Succeeded"}}}}));
  EXPECT_EQ(web["policy"]["timeout"], "0.00:10:00");
  EXPECT_EQ(web["policy"]["retry"], 2);
  const std::string utc_date = "convertFromUtc(" + kScheduled + ", 'UTC', 'yyyy-MM-dd')";
  EXPECT_EQ(
      web["typeProperties"],
      (Json{{"method", "PUT"},
            {"url", expr("https://opsprod.blob.core.windows.net/markers/success/customer_features/@{" + utc_date +
                         "}/_SUCCESS")},
            {"headers",
             {{"x-ms-blob-type", "BlockBlob"}, {"x-ms-version", "2021-08-06"}, {"Content-Type", "application/json"}}},
            {"body", expr("{\"model\":\"customer_features\",\"pipelineRunId\":\"@{pipeline().RunId}\","
                          "\"scheduledTime\":\"@{" + kScheduled + "}\"}")},
            {"authentication", {{"type", "MSI"}, {"resource", "https://storage.azure.com"}}}}));
}

TEST(AdfCodegen, NoMarkersNoMarkerActivity) {
  const auto pl = entity(codegen::adf::generate_adf(minimal_project()), "adf/pipeline/pl_m.json");
  EXPECT_THAT(names(pl["properties"]["activities"]), ::testing::ElementsAre("run_notebook"));
}

TEST(AdfCodegen, NonAdfTargetsAreSkipped) {
  const auto files = by_path(codegen::adf::generate_adf(full_project()));
  EXPECT_EQ(files.count("adf/pipeline/pl_z_native.json"), 0U);
  EXPECT_EQ(files.count("adf/trigger/tr_z_native.json"), 0U);
}

TEST(AdfCodegen, TriggerPerRecurrence) {
  const auto files = codegen::adf::generate_adf(full_project());
  const auto weekly = entity(files, "adf/trigger/tr_churn_scoring_1.json");
  const auto& props = weekly["properties"];
  EXPECT_THAT(keys(props), ::testing::ElementsAre("description", "annotations", "runtimeState", "pipelines", "type",
                                                "typeProperties"));
  EXPECT_EQ(props["description"],
            "Schedule of model churn_scoring: cron \"30 2 * * MON-FRI\" in Europe/Amsterdam (part 1 of 2)");
  EXPECT_EQ(props["runtimeState"], "Started");
  EXPECT_EQ(props["type"], "ScheduleTrigger");
  EXPECT_EQ(props["pipelines"],
            (Json{{{"pipelineReference", {{"referenceName", "pl_churn_scoring"}, {"type", "PipelineReference"}}},
                   {"parameters", {{"scheduledTime", "@trigger().scheduledTime"}}}}}));
  EXPECT_EQ(props["typeProperties"]["recurrence"],
            (Json{{"frequency", "Week"},
                  {"interval", 1},
                  {"startTime", "2025-01-01T00:00:00"},
                  {"timeZone", "W. Europe Standard Time"},
                  {"schedule",
                   {{"minutes", {30}},
                    {"hours", {2}},
                    {"weekDays", {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}}}}}));

  const auto monthly = entity(files, "adf/trigger/tr_churn_scoring_2.json");
  EXPECT_EQ(monthly["properties"]["typeProperties"]["recurrence"]["schedule"],
            (Json{{"minutes", {0}},
                  {"hours", {6}},
                  {"monthDays", {1, -1}},
                  {"monthlyOccurrences",
                   {{{"day", "Sunday"}, {"occurrence", 1}}, {{"day", "Friday"}, {"occurrence", -1}}}}}));
}

TEST(AdfCodegen, TriggerUtcWithEndAndWithoutSchedule) {
  const auto files = codegen::adf::generate_adf(full_project());
  EXPECT_EQ(entity(files, "adf/trigger/tr_customer_features.json")["properties"]["typeProperties"]["recurrence"],
            (Json{{"frequency", "Day"},
                  {"interval", 1},
                  {"startTime", "2025-01-01T00:00:00Z"},
                  {"endTime", "2027-12-31T23:59:00Z"},
                  {"timeZone", "UTC"},
                  {"schedule", {{"minutes", {15}}, {"hours", {1}}}}}));
  const auto hourly = entity(files, "adf/trigger/tr_pool_model.json")["properties"];
  EXPECT_EQ(hourly["description"], "Schedule of model pool_model: cron \"0 */4 * * *\" in Europe/Amsterdam");
  EXPECT_EQ(hourly["typeProperties"]["recurrence"], (Json{{"frequency", "Hour"},
                                                          {"interval", 4},
                                                          {"startTime", "2025-01-01T00:00:00"},
                                                          {"timeZone", "W. Europe Standard Time"}}));
}

TEST(AdfCodegen, TriggersFollowTheGitEnvironment) {
  auto project = full_project();
  project.git_environment = "dd";
  const auto files = codegen::adf::generate_adf(project);
  EXPECT_EQ(entity(files, "adf/trigger/tr_pool_model.json")["properties"]["runtimeState"], "Stopped");
  EXPECT_EQ(
      entity(files, "adf/linkedService/ls_dbx_main_existing.json")["properties"]["typeProperties"]["existingClusterId"],
      "0101-dd");
  EXPECT_EQ(entity(files, "adf/linkedService/ls_adls_lake.json")["properties"]["typeProperties"]["url"],
            "https://lakedd.dfs.core.windows.net");
  EXPECT_EQ(entity(codegen::adf::generate_adf(minimal_project()), "adf/trigger/tr_m.json")["properties"]["runtimeState"],
            "Stopped");
}

TEST(AdfCodegen, NewClusterLinkedService) {
  const auto ls = entity(codegen::adf::generate_adf(full_project()), "adf/linkedService/ls_dbx_main_general.json");
  EXPECT_THAT(keys(ls["properties"]), ::testing::ElementsAre("annotations", "type", "typeProperties"));
  EXPECT_EQ(ls["properties"]["type"], "AzureDatabricks");
  const auto& props = ls["properties"]["typeProperties"];
  EXPECT_THAT(keys(props), ::testing::ElementsAre("domain", "authentication", "workspaceResourceId", "newClusterNodeType",
                                                "newClusterNumOfWorker", "newClusterSparkConf",
                                                "newClusterSparkEnvVars", "newClusterVersion", "clusterOption",
                                                "newClusterInitScripts", "newClusterDriverNodeType",
                                                "newClusterCustomTags", "policyId"));
  EXPECT_EQ(props["domain"], "https://adb-2.2.azuredatabricks.net");
  EXPECT_EQ(props["authentication"], "MSI");
  EXPECT_EQ(props["workspaceResourceId"],
            "/subscriptions/s/resourceGroups/prod/providers/Microsoft.Databricks/workspaces/w");
  EXPECT_EQ(props["newClusterNodeType"], "Standard_DS3_v2");
  EXPECT_EQ(props["newClusterNumOfWorker"], "2:8");
  EXPECT_EQ(props["newClusterSparkConf"],
            (Json{{"fs.azure.account.key.lake.dfs.core.windows.net", "{{secrets/kv-scope/lake-key}}"},
                  {"spark.sql.shuffle.partitions", "200"}}));
  EXPECT_EQ(props["newClusterSparkEnvVars"], (Json{{"API_TOKEN", "{{secrets/kv-scope/api-token}}"},
                                                   {"PYSPARK_PYTHON", "/databricks/python3/bin/python3"}}));
  EXPECT_EQ(props["newClusterVersion"], "13.3.x-scala2.12");
  EXPECT_EQ(props["clusterOption"], "Autoscaling");  // 2:8 workers
  EXPECT_EQ(props["newClusterInitScripts"], Json{"/Workspace/init/setup.sh"});
  EXPECT_EQ(props["newClusterDriverNodeType"], "Standard_DS4_v2");
  EXPECT_EQ(props["newClusterCustomTags"], (Json{{"team", "retention"}}));
  EXPECT_EQ(props["policyId"], "ABC123");
}

TEST(AdfCodegen, ExistingAndPoolClusterLinkedServices) {
  const auto files = codegen::adf::generate_adf(full_project());
  EXPECT_EQ(
      entity(files, "adf/linkedService/ls_dbx_main_existing.json")["properties"]["typeProperties"],
      (Json{{"domain", "https://adb-2.2.azuredatabricks.net"},
            {"authentication", "MSI"},
            {"workspaceResourceId", "/subscriptions/s/resourceGroups/prod/providers/Microsoft.Databricks/workspaces/w"},
            {"existingClusterId", "0101-prod"}}));
  const auto pool = entity(files, "adf/linkedService/ls_dbx_main_pool.json")["properties"]["typeProperties"];
  EXPECT_THAT(keys(pool), ::testing::ElementsAre("domain", "authentication", "workspaceResourceId", "instancePoolId",
                                               "newClusterNumOfWorker", "newClusterSparkEnvVars", "newClusterVersion",
                                               "clusterOption", "newClusterInitScripts"));
  // Studio's defaults on a new-cluster linked service.
  EXPECT_EQ(pool["newClusterSparkEnvVars"], (Json{{"PYSPARK_PYTHON", "/databricks/python3/bin/python3"}}));
  EXPECT_EQ(pool["newClusterInitScripts"], Json::array());
  EXPECT_EQ(pool["instancePoolId"], "pool-1");
  EXPECT_EQ(pool["newClusterNumOfWorker"], "4");
  EXPECT_EQ(pool["clusterOption"], "Fixed");
}

TEST(AdfCodegen, StorageLinkedServiceAndDatasets) {
  const auto files = codegen::adf::generate_adf(full_project());
  EXPECT_EQ(entity(files, "adf/linkedService/ls_adls_lake.json")["properties"],
            (Json{{"annotations", Json::array()},
                  {"type", "AzureBlobFS"},
                  {"typeProperties", {{"url", "https://lakeprod.dfs.core.windows.net"}}}}));
  const auto file = entity(files, "adf/dataset/ds_lake_file.json")["properties"];
  EXPECT_EQ(
      file,
      (Json{{"linkedServiceName", {{"referenceName", "ls_adls_lake"}, {"type", "LinkedServiceReference"}}},
            {"parameters",
             {{"container", {{"type", "String"}}}, {"folder", {{"type", "String"}}}, {"file", {{"type", "String"}}}}},
            {"annotations", Json::array()},
            {"type", "Binary"},
            {"typeProperties",
             {{"location",
               {{"type", "AzureBlobFSLocation"},
                {"fileName", expr("@dataset().file")},
                {"folderPath", expr("@dataset().folder")},
                {"fileSystem", expr("@dataset().container")}}}}}}));
  const auto folder = entity(files, "adf/dataset/ds_lake_folder.json")["properties"];
  EXPECT_EQ(folder["parameters"], (Json{{"container", {{"type", "String"}}}, {"folder", {{"type", "String"}}}}));
  EXPECT_FALSE(folder["typeProperties"]["location"].contains("fileName"));
}

TEST(AdfCodegen, MissingMarkersForAModelPrerequisiteIsAnInternalError) {
  auto project = full_project();
  project.markers.reset();
  EXPECT_THROW((void)codegen::adf::generate_adf(project), std::logic_error);
}

// ---- exact text: ADF Studio's formatting ---------------------------------------------------------------------

TEST(AdfCodegen, ExactPipelineText) {
  const auto files = by_path(codegen::adf::generate_adf(minimal_project()));
  EXPECT_EQ(files.at("adf/pipeline/pl_m.json"), tabs(R"({
  "name": "pl_m",
  "properties": {
    "activities": [
      {
        "name": "run_notebook",
        "type": "DatabricksNotebook",
        "dependsOn": [],
        "policy": {
          "timeout": "0.01:00:00",
          "retry": 0,
          "retryIntervalInSeconds": 30,
          "secureOutput": false,
          "secureInput": false
        },
        "userProperties": [],
        "typeProperties": {
          "notebookPath": "/Repos/team/m",
          "baseParameters": {
            "stage": "Production"
          }
        },
        "linkedServiceName": {
          "referenceName": "ls_dbx_w_small",
          "type": "LinkedServiceReference"
        }
      }
    ],
    "concurrency": 1,
    "parameters": {
      "scheduledTime": {
        "type": "String",
        "defaultValue": ""
      }
    },
    "annotations": []
  }
})"));
}

TEST(AdfCodegen, ExactTriggerAndLinkedServiceText) {
  const auto files = by_path(codegen::adf::generate_adf(minimal_project()));
  EXPECT_EQ(files.at("adf/trigger/tr_m.json"), tabs(R"({
  "name": "tr_m",
  "properties": {
    "description": "Schedule of model m: cron \"0 6 * * *\" in UTC",
    "annotations": [],
    "runtimeState": "Stopped",
    "pipelines": [
      {
        "pipelineReference": {
          "referenceName": "pl_m",
          "type": "PipelineReference"
        },
        "parameters": {
          "scheduledTime": "@trigger().scheduledTime"
        }
      }
    ],
    "type": "ScheduleTrigger",
    "typeProperties": {
      "recurrence": {
        "frequency": "Day",
        "interval": 1,
        "startTime": "2025-01-01T00:00:00Z",
        "timeZone": "UTC",
        "schedule": {
          "minutes": [
            0
          ],
          "hours": [
            6
          ]
        }
      }
    }
  }
})"));
  EXPECT_EQ(files.at("adf/linkedService/ls_dbx_w_small.json"), tabs(R"({
  "name": "ls_dbx_w_small",
  "type": "Microsoft.DataFactory/factories/linkedservices",
  "properties": {
    "annotations": [],
    "type": "AzureDatabricks",
    "typeProperties": {
      "domain": "https://adb-1.1.azuredatabricks.net",
      "authentication": "MSI",
      "workspaceResourceId": "/subscriptions/s/w",
      "newClusterNodeType": "Standard_DS3_v2",
      "newClusterNumOfWorker": "2",
      "newClusterSparkEnvVars": {
        "PYSPARK_PYTHON": "/databricks/python3/bin/python3"
      },
      "newClusterVersion": "13.3.x-scala2.12",
      "clusterOption": "Fixed",
      "newClusterInitScripts": []
    }
  }
})"));
  EXPECT_EQ(files.size(), 3U);
}

// Writes the full fixture's files under $SCHEDC_ADF_FIXTURE_OUT (the schema test `schema_adf_fixture` validates
// them against the ADF schemas), or under a temporary directory.
TEST(AdfSchemaFixture, WriteFullProject) {
  const schedc::testing::FixtureDir fixture("SCHEDC_ADF_FIXTURE_OUT");
  const std::filesystem::path& root = fixture.root();
  std::filesystem::remove_all(root / "adf");
  const auto files = codegen::adf::generate_adf(full_project());
  for (const auto& file : files) {
    const auto path = root / file.path;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << file.content;
  }
  std::size_t written = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "adf"))
    written += entry.is_regular_file();
  EXPECT_EQ(written, files.size());
}

}  // namespace
