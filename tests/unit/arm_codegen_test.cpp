// The ARM target (docs/deploy.md §1), driven with hand-built IR and, for the comparison itself, hand-made entities.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/temp_dir.hpp"
#include "codegen/adf/adf.hpp"
#include "codegen/arm/arm.hpp"
#include "codegen/arm/factory.hpp"
#include "codegen/generate.hpp"
#include "compiler/ir/ir.hpp"

namespace {

using namespace schedc;
using Json = nlohmann::ordered_json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using codegen::adf::AdfEntity;

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

ir::TemplatePart text(std::string value) { return ir::TemplatePart{false, std::move(value), ir::Binding::ScheduledTime}; }
ir::TemplatePart bind(ir::Binding binding) { return ir::TemplatePart{true, "", binding}; }
ir::Template tmpl(std::initializer_list<ir::TemplatePart> parts) { return ir::Template{std::vector<ir::TemplatePart>(parts)}; }

ir::ConfValue conf(std::string value) { return ir::ConfValue{false, std::move(value), "", "", ""}; }

schedule::adf::Recurrence daily(int hour) {
  schedule::adf::Recurrence out;
  out.frequency = schedule::adf::Frequency::Day;
  out.start_time = schedule::adf::LocalDateTime{2025, 1, 1, 0, 0, 0};
  out.time_zone = "UTC";
  out.utc = true;
  out.has_schedule = true;
  out.hours = {hour};
  out.minutes = {0};
  return out;
}

ir::Model model(const std::string& name, std::string linked_service = "ls_dbx_main_general") {
  ir::Model out;
  out.name = name;
  out.owner = "team@contoso.com";
  out.workspace = "main";
  out.notebook_path.all = "/Repos/team/" + name;
  out.schedule.cron.text = "0 1 * * *";
  out.schedule.zone = "UTC";
  out.schedule.windows_zone = "UTC";
  out.schedule.utc = true;
  out.schedule.adf = {daily(1)};
  out.timeout_seconds = 3600;
  out.names = ir::ModelNames{"pl_" + name, {"tr_" + name}, std::move(linked_service), {}};
  return out;
}

ir::Prerequisite storage_prerequisite(ir::Prerequisite::Kind kind, ir::Prerequisite::Mode mode, ir::Template path) {
  ir::Prerequisite out;
  out.kind = kind;
  out.mode = mode;
  out.storage = "lake";
  out.container = "raw";
  out.path = std::move(path);
  if (mode == ir::Prerequisite::Mode::Wait) {
    out.timeout_seconds = 3600;
    out.poll_seconds = 300;
  }
  return out;
}

ir::Cluster new_cluster() {
  ir::Cluster out;
  out.spark_version = "15.4.x-scala2.12";
  out.node_type = "Standard_DS3_v2";
  out.workers = 2;
  return out;
}

ir::Environment environment(std::string name, bool started, std::optional<std::string> factory) {
  return ir::Environment{std::move(name), started, std::move(factory), {}};
}

// dd (stopped, adf-dd), qa (started, adf-qa), prod (started, no factory); the git environment is qa. The workspace
// URL and the lake URL differ per environment; the workspace resource id does not.
ir::Project three_env_project() {
  using Kind = ir::Prerequisite::Kind;
  using Mode = ir::Prerequisite::Mode;
  ir::Project p;
  p.environments = {environment("dd", false, "adf-dd"), environment("prod", true, std::nullopt),
                    environment("qa", true, "adf-qa")};
  p.git_environment = "qa";
  p.workspaces = {ir::Workspace{"main",
                                by_env({{"dd", "https://adb-1.1.azuredatabricks.net"},
                                        {"qa", "https://adb-2.2.azuredatabricks.net"},
                                        {"prod", "https://adb-3.3.azuredatabricks.net"}}),
                                all("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w"),
                                {}}};
  p.storages = {ir::Storage{"lake",
                            by_env({{"dd", "https://lakedd.dfs.core.windows.net"},
                                    {"qa", "https://lakeqa.dfs.core.windows.net"},
                                    {"prod", "https://lakeprod.dfs.core.windows.net"}}),
                            {}}};
  p.clusters = {new_cluster()};
  p.cluster_bindings = {ir::ClusterBinding{"ls_dbx_main_general", "main", 0}};
  p.storage_uses = {ir::StorageUse{"lake", "ls_adls_lake", "ds_lake_file", "ds_lake_folder", true, true}};
  ir::Model churn = model("churn");
  churn.params = {{"environment", tmpl({bind(ir::Binding::EnvName)}), {}},
                  {"stage", tmpl({text("Production")}), {}},
                  {"model", tmpl({bind(ir::Binding::ModelName)}), {}}};
  churn.requires_ = {storage_prerequisite(Kind::File, Mode::Wait, tmpl({text("a/_SUCCESS")})),
                     storage_prerequisite(Kind::Folder, Mode::Check, tmpl({text("b")})),
                     storage_prerequisite(Kind::File, Mode::Check, tmpl({text("c/x.csv")}))};
  p.models = {churn, model("alpha")};
  return p;
}

// No environments: one workspace, one cluster, `count` models named m0000, m0001, ...
ir::Project plain_project(std::size_t count) {
  ir::Project p;
  p.workspaces = {ir::Workspace{"main", all("https://adb-1.1.azuredatabricks.net"), all("/subscriptions/s/w"), {}}};
  p.clusters = {new_cluster()};
  p.cluster_bindings = {ir::ClusterBinding{"ls_dbx_main_general", "main", 0}};
  for (std::size_t i = 0; i < count; ++i) {
    std::string name = std::to_string(i);
    p.models.push_back(model("m" + std::string(4 - std::min<std::size_t>(4, name.size()), '0') + name));
  }
  return p;
}

// Like plain_project, with two environments and one notebook parameter per model that differs between them.
ir::Project two_env_project(std::size_t count) {
  ir::Project p = plain_project(count);
  p.environments = {environment("dd", false, "adf-dd"), environment("prod", true, "adf-prod")};
  p.git_environment = "dd";
  for (auto& m : p.models) m.params = {{"env", tmpl({bind(ir::Binding::EnvName)}), {}}};
  return p;
}

// ---- output helpers -------------------------------------------------------------------------------------------

using Files = std::map<std::string, Json>;

Files parse(const codegen::OutputFiles& files) {
  Files out;
  for (const auto& f : files) out[f.path] = Json::parse(f.content);
  return out;
}

std::map<std::string, std::string> texts(const codegen::OutputFiles& files) {
  std::map<std::string, std::string> out;
  for (const auto& f : files) out[f.path] = f.content;
  return out;
}

std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> out;
  for (auto it = object.begin(); it != object.end(); ++it) out.push_back(it.key());
  return out;
}

const Json& resource(const Json& tmpl_json, const std::string& name) {
  for (const auto& r : tmpl_json.at("resources"))
    if (r.at("name") == "[concat(parameters('factoryName'), '/" + name + "')]") return r;
  throw std::runtime_error("no resource " + name);
}

// The resource of that name and type (types compared ignoring case, as ARM does).
const Json& resource(const Json& tmpl_json, const std::string& name, const std::string& type) {
  const auto lower = [](std::string t) {
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return t;
  };
  for (const auto& r : tmpl_json.at("resources"))
    if (r.at("name") == "[concat(parameters('factoryName'), '/" + name + "')]" &&
        lower(r.at("type").get<std::string>()) == lower(type))
      return r;
  throw std::runtime_error("no resource " + type + " " + name);
}

const Json& notebook(const Json& pipeline) {
  for (const auto& a : pipeline.at("properties").at("activities"))
    if (a.at("name") == "run_notebook") return a;
  throw std::runtime_error("no run_notebook");
}

std::string param_ref(const std::string& name) { return "[parameters('" + name + "')]"; }

// Every parameter a value uses: each "parameters('x')" in any of its strings (a whole "[parameters('x')]", one
// inside a concat expression, several in one string). Parameter names never hold a quote.
void referenced_parameters(const Json& value, std::set<std::string>& out) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    const std::string call = "parameters('";
    for (std::size_t at = s.find(call); at != std::string::npos; at = s.find(call, at + 1)) {
      const std::size_t begin = at + call.size(), end = s.find('\'', begin);
      if (end == std::string::npos) throw std::runtime_error("unterminated parameters(' in " + s);
      out.insert(s.substr(begin, end - begin));
    }
  } else if (value.is_structured()) {
    for (const auto& v : value) referenced_parameters(v, out);
  }
}

// What ARM makes of a template value when the parameters have `values`: a string "[[..." is the literal "[...";
// an expression is "[parameters('p')]" or "[concat(a, b, ...)]" whose arguments are '...' literals (a quote
// written '') and parameters('p') of string parameters, separated by ", ". Anything else in an expression throws.
Json evaluate(const Json& value, const std::map<std::string, Json>& values) {
  if (value.is_structured()) {
    Json out = value;
    for (auto it = out.begin(); it != out.end(); ++it) *it = evaluate(*it, values);
    return out;
  }
  if (!value.is_string()) return value;
  const auto& s = value.get_ref<const std::string&>();
  if (s.rfind("[[", 0) == 0) return s.substr(1);
  if (s.empty() || s.front() != '[' || s.back() != ']') return s;
  const std::string expr = s.substr(1, s.size() - 2);
  std::size_t at = 0;
  const auto fail = [&]() -> Json { throw std::runtime_error("unexpected ARM expression: " + s); };
  const auto eat = [&](const std::string& text) {
    if (expr.compare(at, text.size(), text) != 0) return false;
    at += text.size();
    return true;
  };
  const auto parameter = [&]() -> Json {
    const std::size_t end = expr.find('\'', at);
    if (end == std::string::npos) return fail();
    const std::string name = expr.substr(at, end - at);
    at = end;
    if (!eat("')")) return fail();
    return values.at(name);
  };
  if (eat("parameters('")) {
    Json out = parameter();
    if (at != expr.size()) fail();
    return out;
  }
  if (!eat("concat(")) return fail();
  std::string out;
  for (bool first = true; !eat(")"); first = false) {
    if (!first && !eat(", ")) return fail();
    if (eat("parameters('")) {
      const Json part = parameter();
      if (!part.is_string()) return fail();
      out += part.get<std::string>();
    } else if (eat("'")) {
      for (;;) {
        if (at >= expr.size()) return fail();
        if (expr[at] == '\'') {
          if (at + 1 < expr.size() && expr[at + 1] == '\'') {
            out += '\'';
            at += 2;
            continue;
          }
          ++at;
          break;
        }
        out += expr[at++];
      }
    } else {
      return fail();
    }
  }
  if (at != expr.size()) fail();
  return out;
}

// Each parameter's value in environment `env`, by name.
std::map<std::string, Json> values_of(const codegen::arm::Factory& factory, std::size_t env) {
  std::map<std::string, Json> out;
  for (const auto& p : factory.parameters) out[p.name] = p.values.at(env);
  return out;
}

// ---- hand-made entities ---------------------------------------------------------------------------------------

AdfEntity entity(std::string folder, std::string name, Json properties) {
  return AdfEntity{std::move(folder), "", std::move(name), std::move(properties)};
}

std::vector<codegen::arm::Environment> environments(std::initializer_list<const char*> names) {
  std::vector<codegen::arm::Environment> out;
  for (const char* n : names) out.push_back({n, std::string("adf-") + n, false});
  return out;
}

// One pipeline `pl` whose properties are `values[e]` in environment e.
codegen::arm::Factory pipeline_factory(const std::vector<Json>& values, std::size_t git = 0) {
  std::vector<std::vector<AdfEntity>> builds;
  std::vector<codegen::arm::Environment> envs;
  for (std::size_t e = 0; e < values.size(); ++e) {
    builds.push_back({entity("pipeline", "pl", values[e])});
    envs.push_back({"env" + std::to_string(e), std::nullopt, false});
  }
  return codegen::arm::build_factory(envs, git, builds);
}

// The template's properties of `pl`, evaluated with each environment's parameter values, are that environment's.
void expect_rebuilds(const codegen::arm::Factory& factory, const std::vector<Json>& values) {
  for (std::size_t e = 0; e < values.size(); ++e)
    EXPECT_EQ(evaluate(factory.resources.at(0).properties, values_of(factory, e)), values[e]) << "environment " << e;
}

// ---- parameters -----------------------------------------------------------------------------------------------

TEST(ArmParameters, OnlyValuesThatDifferBetweenEnvironments) {
  auto files = parse(codegen::arm::generate_arm(three_env_project()));
  const Json& t = files.at("arm/ARMTemplateForFactory.json");
  // One parameter per declaration whose value differs, named after it; each holds the whole value.
  EXPECT_THAT(keys(t.at("parameters")),
              ElementsAre("factoryName", "storage_lake_url", "workspace_main_url", "environment"));
  const Json& dbx = resource(t, "ls_dbx_main_general").at("properties").at("typeProperties");
  EXPECT_EQ(dbx.at("domain"), param_ref("workspace_main_url"));
  EXPECT_EQ(dbx.at("workspaceResourceId"), "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w");
  EXPECT_EQ(dbx.at("newClusterVersion"), "15.4.x-scala2.12");
  // {env.name} is the pipeline parameter `environment`; its default is the ARM parameter.
  const Json& pl = resource(t, "pl_churn").at("properties");
  EXPECT_EQ(pl.at("parameters").at("environment"),
            Json::parse(R"({"type": "String", "defaultValue": "[parameters('environment')]"})"));
  const Json& base = notebook(resource(t, "pl_churn")).at("typeProperties").at("baseParameters");
  EXPECT_EQ(base.at("environment"),
            Json::parse(R"({"value": "@{pipeline().parameters.environment}", "type": "Expression"})"));
  EXPECT_EQ(base.at("stage"), "Production");
  EXPECT_EQ(base.at("model"), "churn");
  EXPECT_EQ(resource(t, "ls_adls_lake").at("properties").at("typeProperties").at("url"), param_ref("storage_lake_url"));
  // pl_alpha uses no per-environment value: no parameter besides scheduledTime.
  EXPECT_THAT(keys(resource(t, "pl_alpha").at("properties").at("parameters")), ElementsAre("scheduledTime"));
}

TEST(ArmParameters, TypesAndDefaultValueOfTheGitEnvironment) {
  auto files = parse(codegen::arm::generate_arm(three_env_project()));
  const Json& params = files.at("arm/ARMTemplateForFactory.json").at("parameters");
  EXPECT_EQ(params.at("factoryName"),
            Json::parse(R"({"type": "string", "metadata": {"description": "Data Factory name"}, "defaultValue": "adf-qa"})"));
  EXPECT_EQ(params.at("storage_lake_url"),
            Json::parse(R"({"type": "string", "defaultValue": "https://lakeqa.dfs.core.windows.net"})"));
  EXPECT_EQ(params.at("workspace_main_url"),
            Json::parse(R"({"type": "string", "defaultValue": "https://adb-2.2.azuredatabricks.net"})"));
  EXPECT_EQ(params.at("environment").at("defaultValue"), "qa");
}

TEST(ArmParameters, TypeFollowsTheGitValue) {
  const Json dd = Json::parse(R"({"i": 1, "b": true, "s": "x", "o": {"k": 1}, "a": [1], "mixed": "1"})");
  const Json prod = Json::parse(R"({"i": 2, "b": false, "s": "y", "o": {"j": 1}, "a": [1, 2], "mixed": 1})");
  auto factory = pipeline_factory({dd, prod}, 0);
  std::map<std::string, std::pair<std::string, Json>> got;
  for (const auto& p : factory.parameters) got[p.name] = {p.type, p.git_value};
  EXPECT_EQ(got.at("pl_properties_i"), std::make_pair(std::string("int"), Json(1)));
  EXPECT_EQ(got.at("pl_properties_b"), std::make_pair(std::string("bool"), Json(true)));
  EXPECT_EQ(got.at("pl_properties_s"), std::make_pair(std::string("string"), Json("x")));
  EXPECT_EQ(got.at("pl_properties_o"), std::make_pair(std::string("object"), Json::parse(R"({"k": 1})")));
  EXPECT_EQ(got.at("pl_properties_a"), std::make_pair(std::string("array"), Json::parse("[1]")));
  EXPECT_EQ(got.at("pl_properties_mixed"), std::make_pair(std::string("string"), Json("1")));
  // The other way round: prod is the git environment.
  auto reversed = pipeline_factory({dd, prod}, 1);
  for (const auto& p : reversed.parameters)
    if (p.name == "pl_properties_mixed") {
      EXPECT_EQ(p.type, "int");
    }
  // Values of every environment, unescaped.
  for (const auto& p : factory.parameters)
    if (p.name == "pl_properties_a") {
      EXPECT_THAT(p.values, ElementsAre(Json::parse("[1]"), Json::parse("[1, 2]")));
    }
}

TEST(ArmParameters, StructuralDifferencesParameterizeTheSmallestContainingValue) {
  const Json a = Json::parse(R"({"same": {"x": 1}, "obj": {"k": 1, "deep": {"v": "a", "w": 1}}, "arr": [1, {"n": "c"}],
                                 "keys": {"k": 1}, "len": [1, 2], "type": {"k": 1}, "order": {"p": "a", "q": "b"}})");
  const Json b = Json::parse(R"({"same": {"x": 1}, "obj": {"k": 1, "deep": {"v": "b", "w": 1}}, "arr": [1, {"n": "d"}],
                                 "keys": {"k": 1, "extra": 2}, "len": [1], "type": "k", "order": {"q": "c", "p": "a"}})");
  auto factory = pipeline_factory({a, b});
  std::vector<std::string> names;
  for (const auto& p : factory.parameters) names.push_back(p.name);
  EXPECT_THAT(names, ElementsAre("pl_properties_obj_deep_v", "pl_properties_arr_1_n", "pl_properties_keys",
                                 "pl_properties_len", "pl_properties_type", "pl_properties_order_q"));
  const Json& props = factory.resources.at(0).properties;
  EXPECT_EQ(props.at("same"), Json::parse(R"({"x": 1})"));
  EXPECT_EQ(props.at("obj"), Json::parse(R"({"k": 1, "deep": {"v": "[parameters('pl_properties_obj_deep_v')]", "w": 1}})"));
  EXPECT_EQ(props.at("arr"), Json::parse(R"([1, {"n": "[parameters('pl_properties_arr_1_n')]"}])"));
  EXPECT_EQ(props.at("keys"), param_ref("pl_properties_keys"));
  EXPECT_EQ(props.at("len"), param_ref("pl_properties_len"));
  EXPECT_EQ(props.at("type"), param_ref("pl_properties_type"));
  // Same keys in another order: compared key by key, in the git environment's order.
  EXPECT_THAT(keys(props.at("order")), ElementsAre("p", "q"));
  EXPECT_EQ(props.at("order").at("p"), "a");
}

TEST(ArmParameters, NamesAreSanitizedAndCollisionsSuffixed) {
  const auto props = [](const std::string& env) {
    Json out = Json::object();
    for (const char* key : {"a.b", "a_b", "A-B", "a_b_2", "x é日", "factoryName"}) out[key] = env + key;
    return out;
  };
  auto factory = pipeline_factory({props("dd"), props("prod")});
  const Json& params = factory.resources.at(0).properties;
  EXPECT_EQ(params.at("a.b"), param_ref("pl_properties_a_b"));
  EXPECT_EQ(params.at("a_b"), param_ref("pl_properties_a_b_2"));
  EXPECT_EQ(params.at("A-B"), param_ref("pl_properties_A_B_3"));  // names are unique case-insensitively, as in ARM
  EXPECT_EQ(params.at("a_b_2"), param_ref("pl_properties_a_b_2_2"));
  EXPECT_EQ(params.at("x é日"), param_ref("pl_properties_x___"));  // one '_' per character, not per UTF-8 byte
  EXPECT_EQ(params.at("factoryName"), param_ref("pl_properties_factoryName"));
  for (const auto& p : factory.parameters)
    for (char c : p.name) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '_') << p.name;
  expect_rebuilds(factory, {props("dd"), props("prod")});
}

TEST(ArmParameters, ReservedNames) {
  // Template parameter names start with an entity name and "_properties", so they cannot be factoryName or the
  // linked templates' container parameters; the rule is checked anyway, case-insensitively.
  EXPECT_TRUE(codegen::arm::reserved_parameter_name("FACTORYNAME"));
  EXPECT_TRUE(codegen::arm::reserved_parameter_name("containerUri"));
  EXPECT_TRUE(codegen::arm::reserved_parameter_name("containerSasToken"));
  EXPECT_FALSE(codegen::arm::reserved_parameter_name("factoryName_2"));
}

TEST(ArmParameters, ParameterFilesPerEnvironment) {
  auto files = parse(codegen::arm::generate_arm(three_env_project()));
  const Json& t = files.at("arm/ARMTemplateForFactory.json");
  std::vector<std::string> template_params = keys(t.at("parameters"));
  std::vector<std::string> without_factory(template_params.begin() + 1, template_params.end());
  const std::map<std::string, std::pair<std::string, std::string>> expected = {
      {"arm/parameters/dd.json", {"adf-dd", "dd"}},
      {"arm/parameters/qa.json", {"adf-qa", "qa"}},
      {"arm/parameters/prod.json", {"", "prod"}},
      {"arm/ARMTemplateParametersForFactory.json", {"adf-qa", "qa"}}};
  const std::map<std::string, std::string> workspace_id = {{"dd", "1.1"}, {"qa", "2.2"}, {"prod", "3.3"}};
  for (const auto& [path, facts] : expected) {
    SCOPED_TRACE(path);
    const Json& f = files.at(path);
    EXPECT_THAT(keys(f), ElementsAre("$schema", "contentVersion", "parameters"));
    EXPECT_EQ(f.at("$schema"), "https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#");
    EXPECT_EQ(f.at("contentVersion"), "1.0.0.0");
    const Json& values = f.at("parameters");
    // Every template parameter, in the template's order; factoryName only where the environment declares one.
    EXPECT_EQ(keys(values), facts.first.empty() ? without_factory : template_params);
    if (!facts.first.empty()) {
      EXPECT_EQ(values.at("factoryName").at("value"), facts.first);
    }
    EXPECT_EQ(values.at("environment"),
              Json::object({{"value", facts.second}}));
    // Whole values.
    EXPECT_EQ(values.at("storage_lake_url"),
              Json::object({{"value", "https://lake" + facts.second + ".dfs.core.windows.net"}}));
    EXPECT_EQ(values.at("workspace_main_url"),
              Json::object({{"value", "https://adb-" + workspace_id.at(facts.second) + ".azuredatabricks.net"}}));
  }
  std::set<std::string> paths;
  for (const auto& [path, _] : files) paths.insert(path);
  EXPECT_EQ(paths, (std::set<std::string>{"arm/ARMTemplateForFactory.json", "arm/ARMTemplateParametersForFactory.json",
                                          "arm/parameters/dd.json", "arm/parameters/prod.json", "arm/parameters/qa.json",
                                          "arm/release.json", "arm/stopped/ARMTemplateForFactory.json"}));
}

TEST(ArmParameters, NoEnvironments) {
  auto files = parse(codegen::arm::generate_arm(plain_project(2)));
  std::set<std::string> paths;
  for (const auto& [path, _] : files) paths.insert(path);
  EXPECT_EQ(paths, (std::set<std::string>{"arm/ARMTemplateForFactory.json", "arm/ARMTemplateParametersForFactory.json",
                                          "arm/release.json"}));
  const Json& t = files.at("arm/ARMTemplateForFactory.json");
  EXPECT_EQ(t.at("parameters"),
            Json::parse(R"({"factoryName": {"type": "string", "metadata": {"description": "Data Factory name"}}})"));
  EXPECT_EQ(files.at("arm/ARMTemplateParametersForFactory.json").at("parameters"), Json::object());
  EXPECT_EQ(files.at("arm/release.json"), Json::parse(R"({"version": 1, "environments": {}})"));
}

TEST(ArmParameters, OneEnvironmentHasNothingToCompare) {
  ir::Project p = plain_project(1);
  p.environments = {environment("prod", true, "adf-prod")};
  p.git_environment = "prod";
  p.models[0].params = {{"env", tmpl({bind(ir::Binding::EnvName)}), {}}};
  auto files = parse(codegen::arm::generate_arm(p));
  EXPECT_THAT(keys(files.at("arm/ARMTemplateForFactory.json").at("parameters")), ElementsAre("factoryName"));
  EXPECT_EQ(files.at("arm/parameters/prod.json").at("parameters"),
            Json::parse(R"({"factoryName": {"value": "adf-prod"}})"));
}

// ---- whole values: parameters of declarations and parameters of their own ------------------------------------

void expect_parameter(const codegen::arm::Parameter& parameter, const std::string& name, const std::string& type,
                      const Json& git_value, const std::vector<Json>& values) {
  SCOPED_TRACE(name);
  EXPECT_EQ(parameter.name, name);
  EXPECT_EQ(parameter.type, type);
  EXPECT_EQ(parameter.git_value, git_value);
  EXPECT_EQ(parameter.values, values);
}

std::vector<std::string> parameter_names(const codegen::arm::Factory& factory) {
  std::vector<std::string> out;
  for (const auto& p : factory.parameters) out.push_back(p.name);
  return out;
}

// Environments dd, prod, qa (the git environment: index 2). Entities listed out of the template's order (linked
// services, datasets, pipelines, triggers, each by name; JSON order within each). ls_a's url and ls_b's lake are
// the declaration `storage_lake_url`, ls_b's domain and pl_z's parameter `workspace_main_url` the declaration
// `workspace_main_url`; every other differing value is a parameter of its own, even where it equals another.
std::vector<std::vector<AdfEntity>> shared_builds() {
  const std::map<std::string, std::string> workspace = {{"dd", "1111.11"}, {"prod", "3333.13"}, {"qa", "2222.12"}};
  const std::map<std::string, int> retries = {{"dd", 1}, {"prod", 3}, {"qa", 2}};
  std::vector<std::vector<AdfEntity>> builds;
  for (const char* name : {"dd", "prod", "qa"}) {
    const std::string env = name;
    const std::string domain = "https://adb-" + workspace.at(env) + ".azuredatabricks.net";
    const std::string lake = "https://contosolake" + env + ".dfs.core.windows.net";
    Json trigger = Json::object();
    trigger["pipelines"] = Json::array({Json::object(
        {{"pipelineReference", Json::object({{"referenceName", "pl_z"}, {"type", "PipelineReference"}})},
         {"parameters", Json::object({{"env", env}})}})});
    Json pl_z = Json::object();
    pl_z["parameters"] =
        Json::object({{"workspace_main_url", Json::object({{"type", "String"}, {"defaultValue", domain}})}});
    pl_z["activities"] = Json::array(
        {Json::object({{"name", "a"},
                       {"typeProperties", Json::object({{"path", "/mnt/" + env + "/in"}, {"retries", retries.at(env)}})}})});
    Json pl_a = Json::object();
    pl_a["retries"] = retries.at(env);                           // equal to pl_z's retries: not shared
    pl_a["retries_text"] = std::to_string(retries.at(env));
    pl_a["almost"] = env == "prod" ? std::string("dd") : env;
    Json ls_b = Json::object();
    ls_b["typeProperties"] = Json::object({{"domain", domain}, {"lake", lake}});
    Json ls_a = Json::object();
    ls_a["typeProperties"] = Json::object({{"url", lake}, {"env", env}});
    AdfEntity a = entity("linkedService", "ls_a", ls_a), b = entity("linkedService", "ls_b", ls_b);
    a.parameter_names = {{"typeProperties.url", "storage_lake_url"}};
    b.parameter_names = {{"typeProperties.domain", "workspace_main_url"}, {"typeProperties.lake", "storage_lake_url"}};
    builds.push_back({entity("trigger", "tr_0", trigger), entity("pipeline", "pl_z", pl_z), entity("pipeline", "pl_a", pl_a),
                      b, a});
  }
  return builds;
}

codegen::arm::Factory shared_factory() {
  return codegen::arm::build_factory(environments({"dd", "prod", "qa"}), 2, shared_builds());
}

TEST(ArmWholeValues, DeclarationsShareAParameterAndEqualValuesDoNot) {
  const auto factory = shared_factory();
  const std::string url = "storage_lake_url", env = "ls_a_properties_typeProperties_env", domain = "workspace_main_url",
                    retries = "pl_a_properties_retries", retries_text = "pl_a_properties_retries_text",
                    almost = "pl_a_properties_almost", path = "pl_z_properties_activities_0_typeProperties_path",
                    z_retries = "pl_z_properties_activities_0_typeProperties_retries",
                    trigger_env = "tr_0_properties_pipelines_0_parameters_env";
  EXPECT_THAT(parameter_names(factory),
              ElementsAre(url, env, domain, retries, retries_text, almost, path, z_retries, trigger_env));
  ASSERT_EQ(factory.parameters.size(), 9U);
  const std::vector<Json> lakes = {"https://contosolakedd.dfs.core.windows.net",
                                   "https://contosolakeprod.dfs.core.windows.net",
                                   "https://contosolakeqa.dfs.core.windows.net"};
  expect_parameter(factory.parameters[0], url, "string", lakes[2], lakes);
  expect_parameter(factory.parameters[1], env, "string", "qa", {"dd", "prod", "qa"});
  expect_parameter(factory.parameters[2], domain, "string", "https://adb-2222.12.azuredatabricks.net",
                   {"https://adb-1111.11.azuredatabricks.net", "https://adb-3333.13.azuredatabricks.net",
                    "https://adb-2222.12.azuredatabricks.net"});
  expect_parameter(factory.parameters[3], retries, "int", 2, {1, 3, 2});
  expect_parameter(factory.parameters[4], retries_text, "string", "2", {"1", "3", "2"});
  expect_parameter(factory.parameters[5], almost, "string", "qa", {"dd", "dd", "qa"});
  expect_parameter(factory.parameters[6], path, "string", "/mnt/qa/in", {"/mnt/dd/in", "/mnt/prod/in", "/mnt/qa/in"});
  expect_parameter(factory.parameters[7], z_retries, "int", 2, {1, 3, 2});
  expect_parameter(factory.parameters[8], trigger_env, "string", "qa", {"dd", "prod", "qa"});

  std::vector<std::string> names;
  for (const auto& r : factory.resources) names.push_back(r.name);
  ASSERT_THAT(names, ElementsAre("ls_a", "ls_b", "pl_a", "pl_z", "tr_0"));
  const auto& ls_a = factory.resources[0], &ls_b = factory.resources[1], &pl_a = factory.resources[2],
              &pl_z = factory.resources[3], &tr_0 = factory.resources[4];
  EXPECT_EQ(ls_a.properties.at("typeProperties"), Json::object({{"url", param_ref(url)}, {"env", param_ref(env)}}));
  EXPECT_EQ(ls_b.properties.at("typeProperties"), Json::object({{"domain", param_ref(domain)}, {"lake", param_ref(url)}}));
  EXPECT_EQ(pl_a.properties, Json::object({{"retries", param_ref(retries)},
                                           {"retries_text", param_ref(retries_text)},
                                           {"almost", param_ref(almost)}}));
  // A pipeline parameter's default is the parameter of the declaration it is named after.
  EXPECT_EQ(pl_z.properties.at("parameters").at("workspace_main_url").at("defaultValue"), param_ref(domain));
  EXPECT_EQ(pl_z.properties.at("activities").at(0).at("typeProperties"),
            Json::object({{"path", param_ref(path)}, {"retries", param_ref(z_retries)}}));
  EXPECT_EQ(tr_0.properties.at("pipelines").at(0).at("parameters").at("env"), param_ref(trigger_env));

  // Each resource lists every parameter it uses, its own and shared ones, in order of first use.
  EXPECT_THAT(ls_a.parameters, ElementsAre(0U, 1U));
  EXPECT_THAT(ls_b.parameters, ElementsAre(2U, 0U));
  EXPECT_THAT(pl_a.parameters, ElementsAre(3U, 4U, 5U));
  EXPECT_THAT(pl_z.parameters, ElementsAre(2U, 6U, 7U));
  EXPECT_THAT(tr_0.parameters, ElementsAre(8U));
  for (const auto& r : factory.resources) {
    SCOPED_TRACE(r.name);
    std::set<std::string> used, listed;
    referenced_parameters(r.properties, used);
    for (std::size_t p : r.parameters) listed.insert(factory.parameters[p].name);
    EXPECT_EQ(listed, used);
  }
  // Evaluated with an environment's parameter values, the template gives that environment's entities.
  const auto builds = shared_builds();
  for (std::size_t e = 0; e < builds.size(); ++e)
    for (const auto& entity : builds[e]) {
      SCOPED_TRACE(entity.name + " in environment " + std::to_string(e));
      const auto r = std::find_if(factory.resources.begin(), factory.resources.end(),
                                  [&](const codegen::arm::Resource& x) { return x.name == entity.name; });
      ASSERT_NE(r, factory.resources.end());
      EXPECT_EQ(evaluate(r->properties, values_of(factory, e)), entity.properties);
    }
}

// A declaration's parameter holds one value per environment: two entities that say a value is the same declaration
// but hold different values is a bug in codegen, never a silent choice of one of them.
TEST(ArmWholeValues, ADeclarationWithDifferentValuesIsAnInternalError) {
  std::vector<std::vector<AdfEntity>> builds;
  for (const char* env : {"dd", "prod"}) {
    AdfEntity a = entity("linkedService", "ls_a", Json::object({{"url", std::string("a") + env}}));
    AdfEntity b = entity("linkedService", "ls_b", Json::object({{"url", std::string("b") + env}}));
    a.parameter_names = b.parameter_names = {{"url", "storage_lake_url"}};
    builds.push_back({a, b});
  }
  EXPECT_THROW(codegen::arm::build_factory(environments({"dd", "prod"}), 0, builds), std::logic_error);
}

// Strings are never cut: a value whose environments share a beginning and an end is still a whole parameter.
TEST(ArmWholeValues, StringsAreNeverSplit) {
  const Json dd = Json::parse(R"({"url": "https://adb-1111.11.azuredatabricks.net/api?name=churn_dd", "n": 1})");
  const Json prod = Json::parse(R"({"url": "https://adb-2222.12.azuredatabricks.net/api?name=churn_prod", "n": 2})");
  auto factory = pipeline_factory({dd, prod});
  EXPECT_EQ(factory.resources.at(0).properties,
            Json::parse(R"({"url": "[parameters('pl_properties_url')]", "n": "[parameters('pl_properties_n')]"})"));
  EXPECT_EQ(factory.parameters.at(0).values, (std::vector<Json>{dd.at("url"), prod.at("url")}));
  expect_rebuilds(factory, {dd, prod});
}

// Over a whole generated project: no resource property mixes literal text with parameters() (each string that
// calls parameters() is exactly "[parameters('<name>')]"), and each environment's parameter file, put into the
// template, gives exactly that environment's entities (as the ADF target builds them, without runtimeState).
ir::Project escaping_project();

void expect_whole_values_rebuild(const ir::Project& project) {
  const auto files = parse(codegen::arm::generate_arm(project));
  const Json& t = files.at("arm/ARMTemplateForFactory.json");
  std::function<void(const Json&)> whole = [&](const Json& value) {
    if (value.is_string()) {
      const auto& text = value.get_ref<const std::string&>();
      if (text.find("parameters(") == std::string::npos) return;
      std::set<std::string> used;
      referenced_parameters(value, used);
      ASSERT_EQ(used.size(), 1U) << text;
      EXPECT_EQ(text, param_ref(*used.begin()));
    } else if (value.is_structured()) {
      for (const auto& member : value) whole(member);
    }
  };
  for (const auto& r : t.at("resources")) whole(r.at("properties"));
  const auto plans = codegen::adf::adf_entity_plans(project);
  for (const auto& env : project.environments) {
    SCOPED_TRACE(env.name);
    // The environment's template (release.json says which) with its parameter file.
    const Json& env_template =
        files.at("arm/" + files.at("arm/release.json").at("environments").at(env.name).at("template").get<std::string>());
    std::map<std::string, Json> values;
    for (const auto& [name, value] : files.at("arm/parameters/" + env.name + ".json").at("parameters").items())
      values[name] = value.at("value");
    for (const auto& plan : plans) {
      SCOPED_TRACE(plan.name);
      EXPECT_EQ(evaluate(resource(env_template, plan.name, plan.type).at("properties"), values), plan.build(env.name));
    }
  }
}

// Hand-written entities (--adf) of several kinds, as Studio writes them, in `project`.
ir::Project with_handwritten(ir::Project project) {
  const auto add = [&](std::string kind, std::string name, std::string path, std::string text) {
    ir::AdfEntity e;
    e.kind = std::move(kind);
    e.name = std::move(name);
    e.file = e.path = std::move(path);
    e.text = std::move(text);
    project.adf_entities.push_back(std::move(e));
  };
  add("linkedService", "ls_vault", "linkedService/ls_vault.json",
      R"({"name": "ls_vault", "type": "Microsoft.DataFactory/factories/linkedservices", "properties": {"type": "AzureKeyVault", "typeProperties": {"baseUrl": "https://kv.vault.azure.net/"}}})");
  add("pipeline", "pl_by_hand", "pipeline/pl_by_hand.json",
      R"({"name": "pl_by_hand", "properties": {"activities": [{"name": "run", "type": "ExecutePipeline", "typeProperties": {"pipeline": {"referenceName": "pl_alpha", "type": "PipelineReference"}}}], "parameters": {"p": {"type": "string", "defaultValue": "[not an expression]"}}}})");
  add("trigger", "tr_by_hand", "trigger/tr_by_hand.json",
      R"({"name": "tr_by_hand", "properties": {"runtimeState": "Stopped", "pipelines": [{"pipelineReference": {"referenceName": "pl_by_hand", "type": "PipelineReference"}}], "type": "BlobEventsTrigger", "typeProperties": {"scope": "/subscriptions/x", "events": ["Microsoft.Storage.BlobCreated"]}}})");
  add("managedVirtualNetwork", "default", "managedVirtualNetwork/default.json", R"({"name": "default", "properties": {}})");
  add("managedPrivateEndpoint", "mpe_x", "managedVirtualNetwork/default/managedPrivateEndpoint/mpe_x.json",
      R"({"name": "mpe_x", "properties": {"privateLinkResourceId": "/subscriptions/x", "groupId": "blob"}})");
  add("factory", "adf-x", "factory/adf-x.json",
      R"({"name": "adf-x", "properties": {"globalParameters": {"env": {"type": "string", "value": "[dd]"}}}, "location": "westeurope"})");
  return project;
}

TEST(ArmWholeValues, EachParameterFileRebuildsItsEnvironment) {
  expect_whole_values_rebuild(three_env_project());
  expect_whole_values_rebuild(with_handwritten(three_env_project()));
  expect_whole_values_rebuild(escaping_project());
  ir::Project markers = three_env_project();
  markers.markers = ir::Markers{"lake", "ops", "markers", {}};
  markers.models[1].target = ir::Target::AdfJob;
  markers.models[1].names.jobs = {{"dd", "alpha_dd"}, {"prod", "alpha_prod"}, {"qa", "alpha_qa"}};
  expect_whole_values_rebuild(markers);
}

// ---- template -------------------------------------------------------------------------------------------------

TEST(ArmTemplate, ShapeNamesAndResourceOrder) {
  auto files = parse(codegen::arm::generate_arm(three_env_project()));
  const Json& t = files.at("arm/ARMTemplateForFactory.json");
  EXPECT_THAT(keys(t), ElementsAre("$schema", "contentVersion", "parameters", "variables", "resources"));
  EXPECT_EQ(t.at("$schema"), "http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#");  // as ADF's export
  EXPECT_EQ(t.at("variables"),
            Json::parse(R"({"factoryId": "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]"})"));
  std::vector<std::string> names, types;
  for (const auto& r : t.at("resources")) {
    EXPECT_THAT(keys(r), ElementsAre("name", "type", "apiVersion", "properties", "dependsOn"));
    EXPECT_EQ(r.at("apiVersion"), "2018-06-01");
    names.push_back(r.at("name"));
    types.push_back(r.at("type"));
  }
  const auto n = [](const char* name) { return "[concat(parameters('factoryName'), '/" + std::string(name) + "')]"; };
  EXPECT_THAT(names, ElementsAre(n("ls_adls_lake"), n("ls_dbx_main_general"), n("ds_lake_file"), n("ds_lake_folder"),
                                 n("pl_alpha"), n("pl_churn"), n("tr_alpha"), n("tr_churn")));
  const std::string f = "Microsoft.DataFactory/factories/";
  EXPECT_THAT(types, ElementsAre(f + "linkedServices", f + "linkedServices", f + "datasets", f + "datasets",
                                 f + "pipelines", f + "pipelines", f + "triggers", f + "triggers"));
}

// The template's triggers hold the git environment's runtimeState (qa: Started), as ADF's export of the git factory
// does; dd (Stopped) deploys arm/stopped/ARMTemplateForFactory.json, the same template but for runtimeState.
TEST(ArmTemplate, PropertiesAreTheGitLayoutsWithTheGitRuntimeState) {
  const ir::Project p = three_env_project();
  auto files = parse(codegen::arm::generate_arm(p));
  const Json& t = files.at("arm/ARMTemplateForFactory.json");
  const Json& stopped = files.at("arm/stopped/ARMTemplateForFactory.json");
  EXPECT_EQ(files.count("arm/started/ARMTemplateForFactory.json"), 0U);
  std::size_t triggers = 0;
  for (const auto& e : codegen::adf::adf_entity_plans(p)) {
    if (e.folder != "trigger") {
      EXPECT_EQ(resource(stopped, e.name), resource(t, e.name));
      continue;
    }
    ++triggers;
    const Json properties = e.build("qa");
    EXPECT_EQ(properties.at("runtimeState"), "Started");
    EXPECT_EQ(resource(t, e.name).at("properties"), properties);
    Json other = properties;
    other["runtimeState"] = "Stopped";
    EXPECT_EQ(resource(stopped, e.name).at("properties"), other);
    EXPECT_EQ(e.build("dd").at("runtimeState"), "Stopped");
  }
  EXPECT_EQ(triggers, 2U);
  EXPECT_EQ(stopped.at("parameters"), t.at("parameters"));
}

TEST(ArmTemplate, DependsOnIsCompleteMinimalAndSorted) {
  ir::Project p = three_env_project();
  p.markers = ir::Markers{"lake", "ops", "markers", {}};
  p.models[0].requires_.push_back([] {
    ir::Prerequisite m;
    m.kind = ir::Prerequisite::Kind::Model;
    m.mode = ir::Prerequisite::Mode::Check;
    m.upstream = "alpha";
    return m;
  }());
  auto files = parse(codegen::arm::generate_arm(p));
  const Json& t = files.at("arm/ARMTemplateForFactory.json");
  const auto id = [](const char* kind_name) {
    return "[concat(variables('factoryId'), '/" + std::string(kind_name) + "')]";
  };
  EXPECT_EQ(resource(t, "ls_adls_lake").at("dependsOn"), Json::array());
  EXPECT_EQ(resource(t, "ls_dbx_main_general").at("dependsOn"), Json::array());
  EXPECT_EQ(resource(t, "ds_lake_file").at("dependsOn"), Json::array({id("linkedServices/ls_adls_lake")}));
  EXPECT_EQ(resource(t, "ds_lake_folder").at("dependsOn"), Json::array({id("linkedServices/ls_adls_lake")}));
  // Two prerequisites on ds_lake_file and a model prerequisite reading markers through it: listed once.
  EXPECT_EQ(resource(t, "pl_churn").at("dependsOn"),
            Json::array({id("datasets/ds_lake_file"), id("datasets/ds_lake_folder"),
                         id("linkedServices/ls_dbx_main_general")}));
  EXPECT_EQ(resource(t, "pl_alpha").at("dependsOn"), Json::array({id("linkedServices/ls_dbx_main_general")}));
  EXPECT_EQ(resource(t, "tr_churn").at("dependsOn"), Json::array({id("pipelines/pl_churn")}));
}

// Hand-written entities are resources as ADF's export writes them: name, type, apiVersion, their properties with
// ARM escaping, dependsOn from their references (to generated entities too) and, for a managed private endpoint,
// its network; a trigger in each template has that template's state; global parameters are the resource `default`.
TEST(ArmTemplate, HandWrittenEntitiesAsTheExportWritesThem) {
  auto files = parse(codegen::arm::generate_arm(with_handwritten(three_env_project())));
  const Json& t = files.at("arm/ARMTemplateForFactory.json");
  const Json& pipeline = resource(t, "pl_by_hand", "Microsoft.DataFactory/factories/pipelines");
  EXPECT_EQ(pipeline.at("apiVersion"), "2018-06-01");
  EXPECT_EQ(pipeline.at("properties").at("parameters").at("p").at("defaultValue"), "[[not an expression]");
  EXPECT_EQ(pipeline.at("dependsOn"), Json::parse(R"(["[concat(variables('factoryId'), '/pipelines/pl_alpha')]"])"));
  const Json& endpoint = resource(t, "default/mpe_x", "Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints");
  // ADF's default parameter definition: every property of a private endpoint, a key vault's URL, each global
  // parameter's value are parameters of their own, named as the export names them, the value as their default.
  EXPECT_EQ(endpoint.at("properties"),
            Json::parse(R"({"privateLinkResourceId": "[parameters('default_mpe_x_properties_privateLinkResourceId')]",
                            "groupId": "[parameters('default_mpe_x_properties_groupId')]"})"));
  EXPECT_EQ(t.at("parameters").at("default_mpe_x_properties_groupId"), Json::parse(R"({"type": "string", "defaultValue": "blob"})"));
  EXPECT_EQ(t.at("parameters").at("default_properties_env_value"), Json::parse(R"({"type": "string", "defaultValue": "[[dd]"})"));
  EXPECT_EQ(files.at("arm/parameters/prod.json").at("parameters").at("default_properties_env_value").at("value"), "[dd]");
  EXPECT_EQ(endpoint.at("dependsOn"), Json::parse(R"(["[concat(variables('factoryId'), '/managedVirtualNetworks/default')]"])"));
  EXPECT_EQ(resource(t, "default", "Microsoft.DataFactory/factories/managedVirtualNetworks").at("properties"), Json::object());
  EXPECT_EQ(resource(t, "default", "Microsoft.DataFactory/factories/globalparameters").at("properties"),
            Json::parse(R"({"env": {"type": "string", "value": "[parameters('default_properties_env_value')]"}})"));
  EXPECT_EQ(resource(t, "ls_vault", "Microsoft.DataFactory/factories/linkedServices").at("properties").at("typeProperties"),
            Json::parse(R"({"baseUrl": "[parameters('ls_vault_properties_typeProperties_baseUrl')]"})"));
  // The git environment (qa) starts its triggers; dd deploys the template of the other state.
  const Json& trigger = resource(t, "tr_by_hand", "Microsoft.DataFactory/factories/triggers");
  EXPECT_EQ(trigger.at("properties").at("runtimeState"), "Started");
  EXPECT_EQ(trigger.at("dependsOn"), Json::parse(R"(["[concat(variables('factoryId'), '/pipelines/pl_by_hand')]"])"));
  EXPECT_EQ(resource(files.at("arm/stopped/ARMTemplateForFactory.json"), "tr_by_hand", "Microsoft.DataFactory/factories/triggers")
                .at("properties")
                .at("runtimeState"),
            "Stopped");
  // Kinds in dependency order: networks and endpoints first, global parameters last.
  std::vector<std::string> types;
  for (const auto& r : t.at("resources"))
    if (types.empty() || types.back() != r.at("type")) types.push_back(r.at("type"));
  EXPECT_THAT(types, ElementsAre("Microsoft.DataFactory/factories/managedVirtualNetworks",
                                 "Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints",
                                 "Microsoft.DataFactory/factories/linkedServices", "Microsoft.DataFactory/factories/datasets",
                                 "Microsoft.DataFactory/factories/pipelines", "Microsoft.DataFactory/factories/triggers",
                                 "Microsoft.DataFactory/factories/globalparameters"));
  // The ADF target copies them byte for byte.
  const auto adf = codegen::adf::generate_adf(with_handwritten(three_env_project()));
  const auto copied = std::find_if(adf.begin(), adf.end(), [](const auto& f) {
    return f.path == "adf/managedVirtualNetwork/default/managedPrivateEndpoint/mpe_x.json";
  });
  ASSERT_NE(copied, adf.end());
  EXPECT_EQ(copied->content, with_handwritten(three_env_project()).adf_entities[4].text);
}

// An environment's `arm_parameters` give hand-written entities' parameters its own values: its parameter file holds
// them, the template's defaults stay the git environment's (the files'), and an environment that gives none keeps
// the files' values. The environment's build of the entity has the value at its place, so the template with each
// parameter file rebuilds every environment.
TEST(ArmTemplate, EnvironmentsGiveHandWrittenParametersTheirValues) {
  ir::Project p = with_handwritten(three_env_project());
  auto& prod = *std::find_if(p.environments.begin(), p.environments.end(), [](const auto& e) { return e.name == "prod"; });
  prod.arm_parameters["ls_vault_properties_typeProperties_baseUrl"] = ir::ArmParameterValue{"https://kv-prod.vault.azure.net/", {}, {}};
  prod.arm_parameters["default_properties_env_value"] = ir::ArmParameterValue{"[prod]", {}, {}};
  auto files = parse(codegen::arm::generate_arm(p));
  const Json& t = files.at("arm/ARMTemplateForFactory.json");
  EXPECT_EQ(t.at("parameters").at("ls_vault_properties_typeProperties_baseUrl"),
            Json::parse(R"({"type": "string", "defaultValue": "https://kv.vault.azure.net/"})"));
  const auto value = [&](const std::string& env, const char* name) {
    return files.at("arm/parameters/" + env + ".json").at("parameters").at(name).at("value");
  };
  EXPECT_EQ(value("prod", "ls_vault_properties_typeProperties_baseUrl"), "https://kv-prod.vault.azure.net/");
  EXPECT_EQ(value("dd", "ls_vault_properties_typeProperties_baseUrl"), "https://kv.vault.azure.net/");
  EXPECT_EQ(value("qa", "ls_vault_properties_typeProperties_baseUrl"), "https://kv.vault.azure.net/");
  EXPECT_EQ(value("prod", "default_properties_env_value"), "[prod]");  // parameter files are literal: not escaped
  EXPECT_EQ(value("dd", "default_properties_env_value"), "[dd]");
  // The endpoint's parameters, which prod does not name, keep the file's value everywhere.
  EXPECT_EQ(value("prod", "default_mpe_x_properties_groupId"), "blob");
  for (const auto& plan : codegen::adf::adf_entity_plans(p))
    if (plan.name == "ls_vault") {
      EXPECT_EQ(plan.build("prod").at("typeProperties").at("baseUrl"), "https://kv-prod.vault.azure.net/");
      EXPECT_EQ(plan.build("qa").at("typeProperties").at("baseUrl"), "https://kv.vault.azure.net/");
    }
  expect_whole_values_rebuild(p);
  // The ADF git output is still the file, byte for byte.
  const auto adf = codegen::adf::generate_adf(p);
  const auto copied = std::find_if(adf.begin(), adf.end(), [](const auto& f) { return f.path == "adf/linkedService/ls_vault.json"; });
  ASSERT_NE(copied, adf.end());
  EXPECT_EQ(copied->content, p.adf_entities[0].text);
}

TEST(ArmTemplate, DependsOnFindsNestedReferencesAndSkipsOthers) {
  Json nested = Json::parse(R"({"activities": [{"typeProperties": {"ifFalseActivities": [{"typeProperties":
      {"dataset": {"referenceName": "ds_b", "type": "DatasetReference"}}}]}},
      {"linkedServiceName": {"referenceName": "ls_a", "type": "LinkedServiceReference"}},
      {"pipeline": {"referenceName": "pl_z", "type": "PipelineReference"}},
      {"self": {"referenceName": "pl_a", "type": "PipelineReference"}},
      {"missing": {"referenceName": "ls_nowhere", "type": "LinkedServiceReference"}},
      {"other": {"referenceName": "ls_a", "type": "IntegrationRuntimeReference"}}]})");
  std::vector<AdfEntity> build = {entity("pipeline", "pl_z", Json::object()), entity("pipeline", "pl_a", nested),
                                  entity("dataset", "ds_b", Json::object()),
                                  entity("linkedService", "ls_a", Json::object())};
  auto factory = codegen::arm::build_factory({}, 0, {build});
  auto files = parse(codegen::arm::factory_files(factory, codegen::arm::ArmLimits{}));
  EXPECT_EQ(resource(files.at("arm/ARMTemplateForFactory.json"), "pl_a").at("dependsOn"),
            Json::parse(R"(["[concat(variables('factoryId'), '/datasets/ds_b')]",
                            "[concat(variables('factoryId'), '/linkedServices/ls_a')]",
                            "[concat(variables('factoryId'), '/pipelines/pl_z')]"])"));
}

TEST(ArmTemplate, EnvironmentsWithDifferentEntitiesAreAnInternalError) {
  std::vector<std::vector<AdfEntity>> builds = {{entity("pipeline", "pl_a", Json::object())},
                                                {entity("pipeline", "pl_b", Json::object())}};
  EXPECT_THROW(codegen::arm::build_factory(environments({"dd", "prod"}), 0, builds), std::logic_error);
  builds[1] = {};
  EXPECT_THROW(codegen::arm::build_factory(environments({"dd", "prod"}), 0, builds), std::logic_error);
  ir::Project p = three_env_project();
  p.git_environment = "nowhere";
  EXPECT_THROW(codegen::arm::generate_arm(p), std::logic_error);
}

TEST(ArmTemplate, ByteIdenticalOnEveryRun) {
  const auto first = codegen::arm::generate_arm(three_env_project());
  const auto second = codegen::arm::generate_arm(three_env_project());
  EXPECT_EQ(texts(first), texts(second));
  for (const auto& f : first) {
    EXPECT_EQ(f.content.back(), '\n') << f.path;
    EXPECT_EQ(f.content.find('\r'), std::string::npos) << f.path;
    EXPECT_EQ(f.content.find('\t'), std::string::npos) << f.path;
    EXPECT_EQ(f.content.rfind("{\n    \"", 0), 0U) << f.path;  // 4-space indentation
  }
}

TEST(ArmTemplate, RegisteredAsATarget) {
  EXPECT_THAT(codegen::all_targets(), ElementsAre("adf", "arm", "databricks"));
  auto files = codegen::generate(three_env_project(), {"arm"});
  ASSERT_FALSE(files.empty());
  for (const auto& f : files)  // and the organisation index, which every build writes
    if (f.path != "index.json") {
      EXPECT_EQ(f.path.rfind("arm/", 0), 0U) << f.path;
    }
  EXPECT_EQ(std::count_if(files.begin(), files.end(), [](const auto& f) { return f.path == "index.json"; }), 1);
}

// ---- escaping -------------------------------------------------------------------------------------------------

// A project with environments dd (git) and prod and values holding '[', ']', '@', '@{', quotes, backslashes and
// non-ASCII text, the same in both environments or differing ({env.name}, whose "dd" / "prod" every such value
// shares as one parameter). The workspace resource id differs as a whole (no common beginning or end), and is
// "[w-dd]" in the git environment.
ir::Project escaping_project() {
  using Kind = ir::Prerequisite::Kind;
  using Mode = ir::Prerequisite::Mode;
  ir::Project p = plain_project(1);
  p.environments = {environment("dd", false, "adf-dd"), environment("prod", true, "adf-prod")};
  p.git_environment = "dd";
  p.workspaces[0].resource_id = by_env({{"dd", "[w-dd]"}, {"prod", "w\"\\é prod"}});
  p.storages = {ir::Storage{"lake", all("https://lake.dfs.core.windows.net"), {}}};
  p.storage_uses = {ir::StorageUse{"lake", "ls_adls_lake", "ds_lake_file", "ds_lake_folder", true, true}};
  p.clusters[0].spark_conf = {{"spark.arm", conf("[x]")}, {"spark.at", conf("@v")}, {"spark.utf8", conf("é 日本")}};
  p.clusters[0].custom_tags = {{"arm", "[[x]"}};
  p.clusters[0].init_scripts = {"[/init.sh]"};
  ir::Model& m = p.models[0];
  m.notebook_path.all = "/Repos/[x]/run";
  const auto env = [](std::string before, std::string after) {
    return tmpl({text(std::move(before)), bind(ir::Binding::EnvName), text(std::move(after))});
  };
  m.params = {{"brackets", tmpl({text("[1, 2]")}), {}},
              {"open", tmpl({text("[only open")}), {}},
              {"inner", tmpl({text("a [b]")}), {}},
              {"at", tmpl({text("@daily")}), {}},
              {"at_brace", tmpl({text("x @{y}")}), {}},
              {"quotes", tmpl({text("say \"hi\" it's")}), {}},
              {"backslash", tmpl({text("C:\\temp\\")}), {}},
              {"utf8", tmpl({text("café 日本語 😀")}), {}},
              {"env_brackets", env("[", "]"), {}},
              {"env_at", env("@", ""), {}},
              {"env_at_brace", env("@{x} ", ""), {}},
              {"env_mixed", env("[\"\\é ", "]"), {}}};
  m.requires_ = {storage_prerequisite(Kind::Folder, Mode::Check, tmpl({text("[x]")})),
                 storage_prerequisite(Kind::File, Mode::Check, env("[", "]/f.csv"))};
  return p;
}

TEST(ArmEscaping, LiteralStringsInTheTemplate) {
  auto files = parse(codegen::arm::generate_arm(escaping_project()));
  const Json& t = files.at("arm/ARMTemplateForFactory.json");
  const Json& nb = notebook(resource(t, "pl_m0000")).at("typeProperties");
  EXPECT_EQ(nb.at("notebookPath"), "/Repos/[x]/run");  // does not end with ']': ARM reads it as it is
  const Json& base = nb.at("baseParameters");
  EXPECT_EQ(base.at("brackets"), "[[1, 2]");
  EXPECT_EQ(base.at("open"), "[only open");
  EXPECT_EQ(base.at("inner"), "a [b]");
  EXPECT_EQ(base.at("at"), "@@daily");      // ADF's escape, intact
  EXPECT_EQ(base.at("at_brace"), "x @@{y}");
  EXPECT_EQ(base.at("quotes"), "say \"hi\" it's");
  EXPECT_EQ(base.at("backslash"), "C:\\temp\\");
  EXPECT_EQ(base.at("utf8"), "café 日本語 😀");
  const Json& dbx = resource(t, "ls_dbx_main_general").at("properties").at("typeProperties");
  EXPECT_EQ(dbx.at("newClusterSparkConf"), Json::parse(R"({"spark.arm": "[[x]", "spark.at": "@@v", "spark.utf8": "é 日本"})"));
  EXPECT_EQ(dbx.at("newClusterCustomTags").at("arm"), "[[[x]");
  EXPECT_EQ(dbx.at("newClusterInitScripts"), Json::array({"[[/init.sh]"}));
  const auto& activities = resource(t, "pl_m0000").at("properties").at("activities");
  EXPECT_EQ(activities.at(0).at("typeProperties").at("dataset").at("parameters").at("folder"), "[[x]");
  // Keys are never evaluated by ARM: kept.
  EXPECT_TRUE(base.contains("env_brackets"));
  // Expressions schedc writes itself are not escaped.
  EXPECT_EQ(resource(t, "pl_m0000").at("name"), "[concat(parameters('factoryName'), '/pl_m0000')]");
}

TEST(ArmEscaping, ParameterValuesAreLiteralInFilesAndEscapedAsDefaultValues) {
  auto files = parse(codegen::arm::generate_arm(escaping_project()));
  const Json& t = files.at("arm/ARMTemplateForFactory.json");
  const std::string workspace = "workspace_main_resource_id";
  // {env.name} is the pipeline's parameter `environment`, whose default is the ARM parameter `environment`.
  const std::string env = "environment";
  EXPECT_THAT(keys(t.at("parameters")), ElementsAre("factoryName", workspace, env));
  const auto default_value = [&](const std::string& name) { return t.at("parameters").at(name).at("defaultValue"); };
  const auto value = [&](const char* file, const std::string& name) {
    const std::string path = std::string(file) == "git" ? "arm/ARMTemplateParametersForFactory.json"
                                                        : std::string("arm/parameters/") + file + ".json";
    return files.at(path).at("parameters").at(name).at("value");
  };
  // A whole value "[w-dd]": ARM evaluates defaultValue, so it is escaped there; parameter files are literal.
  EXPECT_EQ(resource(t, "ls_dbx_main_general").at("properties").at("typeProperties").at("workspaceResourceId"),
            param_ref(workspace));
  EXPECT_EQ(t.at("parameters").at(workspace), Json::parse(R"({"type": "string", "defaultValue": "[[w-dd]"})"));
  EXPECT_EQ(value("dd", workspace), "[w-dd]");
  EXPECT_EQ(value("git", workspace), "[w-dd]");
  EXPECT_EQ(value("prod", workspace), "w\"\\é prod");
  EXPECT_EQ(default_value(env), "dd");
  EXPECT_EQ(value("dd", env), "dd");
  EXPECT_EQ(value("git", env), "dd");
  EXPECT_EQ(value("prod", env), "prod");
  const Json& pipeline = resource(t, "pl_m0000").at("properties");
  EXPECT_EQ(pipeline.at("parameters").at("environment"),
            Json::parse(R"({"type": "String", "defaultValue": "[parameters('environment')]"})"));
  // The values around {env.name} are ADF expressions reading that parameter: the same in every environment, so
  // literal in the template (ARM-escaped where they start with '[' and end with ']').
  const Json& base = notebook(resource(t, "pl_m0000")).at("typeProperties").at("baseParameters");
  const auto expr = [](const std::string& text) { return Json::object({{"value", text}, {"type", "Expression"}}); };
  EXPECT_EQ(base.at("env_brackets"), expr("[[@{pipeline().parameters.environment}]"));
  EXPECT_EQ(base.at("env_at"), expr("@concat('@', pipeline().parameters.environment)"));
  EXPECT_EQ(base.at("env_at_brace"), expr("@concat('@{x} ', pipeline().parameters.environment)"));
  EXPECT_EQ(base.at("env_mixed"), expr(R"([["\é @{pipeline().parameters.environment}])"));
  const Json& activities = pipeline.at("activities");
  EXPECT_EQ(activities.at(0).at("typeProperties").at("dataset").at("parameters").at("folder"), "[[x]");
  EXPECT_EQ(activities.at(2).at("typeProperties").at("dataset").at("parameters").at("folder"),
            expr("[[@{pipeline().parameters.environment}]"));
  EXPECT_EQ(activities.at(3).at("typeProperties").at("ifFalseActivities").at(0).at("typeProperties").at("message"),
            expr("Prerequisite not met: file 'raw/[@{pipeline().parameters.environment}]/f.csv' in storage 'lake' does "
                 "not exist"));
}

TEST(ArmEscaping, BytesAreUtf8WithJsonEscapes) {
  const auto out = texts(codegen::arm::generate_arm(escaping_project()));
  const std::string& t = out.at("arm/ARMTemplateForFactory.json");
  EXPECT_NE(t.find("\"utf8\": \"café 日本語 😀\""), std::string::npos);
  EXPECT_NE(t.find("\"quotes\": \"say \\\"hi\\\" it's\""), std::string::npos);
  EXPECT_NE(t.find("\"backslash\": \"C:\\\\temp\\\\\""), std::string::npos);
  EXPECT_NE(t.find(R"("value": "[[\"\\é @{pipeline().parameters.environment}]")"), std::string::npos);
  EXPECT_NE(t.find(R"("defaultValue": "[[w-dd]")"), std::string::npos);
  EXPECT_EQ(t.find("\\u00e9"), std::string::npos);
  const std::string& prod = out.at("arm/parameters/prod.json");
  EXPECT_NE(prod.find(R"("value": "w\"\\é prod")"), std::string::npos);
  EXPECT_EQ(prod.find("\\u00e9"), std::string::npos);
}

TEST(ArmEscaping, ArmEscapedHelper) {
  EXPECT_EQ(codegen::arm::arm_escaped(Json::parse(R"({"[k]": ["[a]", "[b", "b]", "", "[]", 1, null, {"x": "[y]"}]})")),
            Json::parse(R"({"[k]": ["[[a]", "[b", "b]", "", "[[]", 1, null, {"x": "[[y]"}]})"));
  EXPECT_EQ(codegen::arm::arm_quote("it's"), "'it''s'");
}

// ---- release.json ---------------------------------------------------------------------------------------------

TEST(ArmRelease, EnvironmentsSortedWithFactoryAndTriggerState) {
  const auto out = texts(codegen::arm::generate_arm(three_env_project()));
  EXPECT_EQ(out.at("arm/release.json"), R"({
    "version": 1,
    "environments": {
        "dd": {
            "factory": "adf-dd",
            "triggers": "stopped",
            "template": "stopped/ARMTemplateForFactory.json"
        },
        "prod": {
            "factory": null,
            "triggers": "started",
            "template": "ARMTemplateForFactory.json"
        },
        "qa": {
            "factory": "adf-qa",
            "triggers": "started",
            "template": "ARMTemplateForFactory.json"
        }
    }
}
)");
}

// ---- linked templates -----------------------------------------------------------------------------------------

// Checks every rule of docs/deploy.md §1.4 on the files of one generation.
void expect_valid_split(const codegen::OutputFiles& output, const codegen::arm::ArmLimits& limits) {
  const auto raw = texts(output);
  const auto files = parse(output);
  const Json& whole = files.at("arm/ARMTemplateForFactory.json");
  const std::string dir = "arm/linkedTemplates/";
  ASSERT_TRUE(files.count(dir + "ArmTemplate_master.json"));
  const Json& master = files.at(dir + "ArmTemplate_master.json");

  // Master parameters: factoryName, the container's, then every template parameter.
  std::vector<std::string> expected_params = {"factoryName", "containerUri", "containerSasToken"};
  for (const auto& name : keys(whole.at("parameters")))
    if (name != "factoryName") expected_params.push_back(name);
  EXPECT_EQ(keys(master.at("parameters")), expected_params);
  EXPECT_EQ(master.at("parameters").at("factoryName"), whole.at("parameters").at("factoryName"));

  std::size_t children = 0;
  while (files.count(dir + "ArmTemplate_" + std::to_string(children) + ".json")) ++children;
  ASSERT_GE(children, 1U);
  ASSERT_EQ(master.at("resources").size(), children);
  std::size_t expected_files = 0;
  for (const auto& [path, _] : files) expected_files += path.rfind(dir, 0) == 0;
  EXPECT_EQ(expected_files, children + 2);  // + master, + master parameters

  std::vector<std::string> resource_order;
  std::map<std::string, std::size_t> child_of;  // resource id -> child
  for (std::size_t i = 0; i < children; ++i) {
    SCOPED_TRACE("child " + std::to_string(i));
    const std::string path = dir + "ArmTemplate_" + std::to_string(i) + ".json";
    const Json& child = files.at(path);
    const Json& deployment = master.at("resources").at(i);
    const std::string n = std::to_string(i);
    EXPECT_EQ(deployment.at("name"), "[concat(parameters('factoryName'), '_ArmTemplate_" + n + "')]");
    EXPECT_EQ(deployment.at("type"), "Microsoft.Resources/deployments");
    EXPECT_EQ(deployment.at("apiVersion"), "2018-02-01");
    EXPECT_EQ(deployment.at("properties").at("mode"), "Incremental");
    EXPECT_EQ(deployment.at("properties").at("templateLink").at("uri"),
              "[concat(parameters('containerUri'), '/ArmTemplate_" + n + ".json', parameters('containerSasToken'))]");
    // Chained: each deployment waits for the previous one.
    if (i == 0)
      EXPECT_EQ(deployment.at("dependsOn"), Json::array());
    else
      EXPECT_EQ(deployment.at("dependsOn"),
                Json::array({"[resourceId('Microsoft.Resources/deployments', concat(parameters('factoryName'), "
                             "'_ArmTemplate_" + std::to_string(i - 1) + "'))]"}));

    // The child's parameters: factoryName and exactly those its resources use, each passed by the master.
    std::set<std::string> used;
    referenced_parameters(child.at("resources"), used);
    used.insert("factoryName");
    const std::vector<std::string> declared = keys(child.at("parameters"));
    EXPECT_EQ(std::set<std::string>(declared.begin(), declared.end()), used);
    EXPECT_EQ(keys(deployment.at("properties").at("parameters")), declared);
    for (const auto& name : declared)
      EXPECT_EQ(deployment.at("properties").at("parameters").at(name).at("value"), param_ref(name));
    for (const auto& name : declared) {
      if (name != "factoryName") {
        EXPECT_EQ(child.at("parameters").at(name).at("type"), whole.at("parameters").at(name).at("type"));
      }
    }

    // Within every limit (a lone resource may exceed the byte limit).
    EXPECT_LE(child.at("resources").size(), limits.max_resources);
    EXPECT_LE(declared.size(), limits.max_parameters);
    if (child.at("resources").size() > 1) {
      EXPECT_LE(raw.at(path).size(), limits.max_bytes);
    }

    std::set<std::string> own;
    for (const auto& r : child.at("resources")) {
      const std::string name = r.at("name");
      const std::string short_name = name.substr(name.find("'/") + 2, name.size() - name.find("'/") - 5);
      const std::string kind = r.at("type").get<std::string>().substr(std::string("Microsoft.DataFactory/factories/").size());
      const std::string id = "[concat(variables('factoryId'), '/" + kind + "/" + short_name + "')]";
      own.insert(id);
      child_of[id] = i;
      resource_order.push_back(name);
    }
    for (const auto& r : child.at("resources")) {
      const std::string name = r.at("name");
      const std::string short_name = name.substr(name.find("'/") + 2, name.size() - name.find("'/") - 5);
      const Json& full = resource(whole, short_name);
      EXPECT_EQ(r.at("properties"), full.at("properties"));
      // dependsOn keeps only the child's own resources...
      for (const auto& dependency : r.at("dependsOn")) EXPECT_TRUE(own.count(dependency)) << name << " -> " << dependency;
      // ... and every dependency is deployed by this child or an earlier one.
      for (const auto& dependency : full.at("dependsOn")) {
        ASSERT_TRUE(child_of.count(dependency)) << name << " depends on " << dependency << ", deployed later";
        EXPECT_LE(child_of.at(dependency), i);
        if (child_of.at(dependency) == i) {
          EXPECT_TRUE(std::count(r.at("dependsOn").begin(), r.at("dependsOn").end(), dependency));
        }
      }
    }
  }
  std::vector<std::string> whole_order;
  for (const auto& r : whole.at("resources")) whole_order.push_back(r.at("name"));
  EXPECT_EQ(resource_order, whole_order);

  // The master's parameter file holds the git environment's values, like ARMTemplateParametersForFactory.json.
  EXPECT_EQ(files.at(dir + "ArmTemplateParameters_master.json"), files.at("arm/ARMTemplateParametersForFactory.json"));
}

std::size_t count_children(const codegen::OutputFiles& output) {
  std::size_t n = 0;
  for (const auto& f : output)
    n += f.path.rfind("arm/linkedTemplates/ArmTemplate_", 0) == 0 && f.path.find("master") == std::string::npos;
  return n;
}

TEST(ArmLinked, NotWrittenWithinTheLimits) {
  const auto output = codegen::arm::generate_arm(three_env_project(), codegen::arm::ArmLimits{100000, 8, 5});
  EXPECT_EQ(count_children(output), 0U);
  for (const auto& f : output) EXPECT_EQ(f.path.find("linkedTemplates"), std::string::npos) << f.path;
}

TEST(ArmLinked, SplitOverTheResourceLimit) {
  const codegen::arm::ArmLimits limits{1 << 30, 3, 256};
  const auto output = codegen::arm::generate_arm(three_env_project(), limits);
  EXPECT_EQ(count_children(output), 3U);  // 8 resources, 3 per child
  expect_valid_split(output, limits);
  const auto files = parse(output);
  // Child 1 holds ds_lake_folder, pl_alpha, pl_churn: pl_churn's datasets dependency on ds_lake_file (child 0) is
  // left to the chaining, its other dependencies stay.
  const Json& child = files.at("arm/linkedTemplates/ArmTemplate_1.json");
  EXPECT_EQ(resource(child, "pl_churn").at("dependsOn"),
            Json::array({"[concat(variables('factoryId'), '/datasets/ds_lake_folder')]"}));
  EXPECT_THAT(keys(child.at("parameters")),
              ElementsAre("factoryName", "environment"));
  EXPECT_EQ(child.at("parameters").at("factoryName"),
            Json::parse(R"({"type": "string", "metadata": {"description": "Data Factory name"}})"));
}

// A template over the parameter limit is written as linked templates whose master declares factoryName,
// containerUri, containerSasToken and every parameter, so it is over the limit too: SCH4012 (docs/deploy.md §1.4).
TEST(ArmLinked, OverTheParameterLimitTheMasterCannotBeDeployed) {
  ir::Project p = two_env_project(10);
  // A parameter of its own per model: a notebook path that differs per environment outside notebook_root.
  for (auto& m : p.models) {
    m.notebook_path = by_env({{"dd", "/dd/" + m.name}, {"prod", "/prod/" + m.name}});
    m.params.clear();
  }
  const codegen::arm::ArmLimits over{1 << 30, 800, 4};  // 10 parameters + factoryName > 4
  EXPECT_THROW(codegen::arm::generate_arm(p, over), codegen::arm::ArmParameterLimit);

  codegen::CollectSink sink;
  Diagnostics diagnostics;
  codegen::arm::generate_arm(p, over, sink, &diagnostics);
  ASSERT_EQ(diagnostics.all().size(), 1U);
  const auto& d = diagnostics.all().front();
  EXPECT_EQ(d.code, "SCH4012");
  EXPECT_EQ(d.severity, Severity::Error);
  EXPECT_EQ(d.message,
            "the ARM template would need 10 parameters for the values that differ between environments; its linked "
            "templates' master allows at most 1");
  EXPECT_THAT(d.notes, Contains(HasSubstr("10 entities need parameters of their own; the most: pl_m0000 (1)")));
  // The template was added (its size decides whether linked templates are needed), nothing after it.
  std::vector<std::string> paths;
  for (const auto& f : sink.take()) paths.push_back(f.path);
  EXPECT_THAT(paths, ElementsAre("arm/ARMTemplateForFactory.json"));

  // Over the resource limit with 10 parameters: a master of 13 parameters is within 13, not within 12.
  ir::Project q = p;
  const codegen::arm::ArmLimits fits{1 << 30, 3, 13};
  const auto output = codegen::arm::generate_arm(q, fits);
  expect_valid_split(output, fits);
  EXPECT_EQ(parse(output).at("arm/linkedTemplates/ArmTemplate_master.json").at("parameters").size(), 13U);
  EXPECT_THROW(codegen::arm::generate_arm(q, codegen::arm::ArmLimits{1 << 30, 3, 12}), codegen::arm::ArmParameterLimit);
  // Within every limit no linked templates are needed, and the template may use all of its parameters.
  EXPECT_NO_THROW(codegen::arm::generate_arm(q, codegen::arm::ArmLimits{1 << 30, 800, 11}));
}

TEST(ArmLinked, ASharedParameterIsDeclaredByEveryChildThatUsesIt) {
  // Every model's notebook parameter is {env.name}: one parameter, used by every pipeline.
  const codegen::arm::ArmLimits limits{1 << 30, 3, 256};
  const auto output = codegen::arm::generate_arm(two_env_project(5), limits);
  EXPECT_EQ(count_children(output), 4U);  // 1 linked service + 5 pipelines + 5 triggers, 3 per child
  expect_valid_split(output, limits);
  const auto files = parse(output);
  const std::string env = "environment";
  EXPECT_THAT(keys(files.at("arm/ARMTemplateForFactory.json").at("parameters")), ElementsAre("factoryName", env));
  const std::string dir = "arm/linkedTemplates/";
  // ls_dbx_main_general, pl_m0000, pl_m0001 | pl_m0002, pl_m0003, pl_m0004 | tr_m0000 .. tr_m0002 | tr_m0003, tr_m0004
  EXPECT_THAT(keys(files.at(dir + "ArmTemplate_0.json").at("parameters")), ElementsAre("factoryName", env));
  EXPECT_THAT(keys(files.at(dir + "ArmTemplate_1.json").at("parameters")), ElementsAre("factoryName", env));
  EXPECT_THAT(keys(files.at(dir + "ArmTemplate_2.json").at("parameters")), ElementsAre("factoryName"));
  EXPECT_THAT(keys(files.at(dir + "ArmTemplate_3.json").at("parameters")), ElementsAre("factoryName"));
  const Json& child = files.at(dir + "ArmTemplate_1.json");
  EXPECT_EQ(resource(child, "pl_m0003").at("properties").at("parameters").at("environment").at("defaultValue"),
            param_ref(env));
  for (const char* file : {"dd", "prod"})
    EXPECT_EQ(files.at(std::string("arm/parameters/") + file + ".json").at("parameters").at(env).at("value"), file);
}

TEST(ArmLinked, SharedParametersInTheTemplateParameterFilesAndChildren) {
  const auto output = codegen::arm::factory_files(shared_factory(), codegen::arm::ArmLimits{});
  const auto files = parse(output);
  const Json& t = files.at("arm/ARMTemplateForFactory.json");
  EXPECT_EQ(t.at("parameters").size(), 10U);  // factoryName + 2 declarations + 7 values of their own
  EXPECT_EQ(t.at("parameters").at("pl_a_properties_retries"), Json::parse(R"({"type": "int", "defaultValue": 2})"));
  for (const char* env : {"dd", "prod", "qa"}) {
    const Json& values = files.at(std::string("arm/parameters/") + env + ".json").at("parameters");
    EXPECT_EQ(values.at("ls_a_properties_typeProperties_env").at("value"), env);
    EXPECT_EQ(values.at("storage_lake_url").at("value"),
              std::string("https://contosolake") + env + ".dfs.core.windows.net");
  }
  EXPECT_EQ(files.at("arm/ARMTemplateParametersForFactory.json").at("parameters").at("workspace_main_url"),
            Json::object({{"value", "https://adb-2222.12.azuredatabricks.net"}}));
  // One resource per child: every child declares exactly the parameters its resource uses, shared ones included.
  const codegen::arm::ArmLimits limits{1 << 30, 1, 256};
  const auto split = codegen::arm::factory_files(shared_factory(), limits);
  EXPECT_EQ(count_children(split), 5U);
  expect_valid_split(split, limits);
  const auto split_files = parse(split);
  const auto declared = [&](int child) {
    const auto names = keys(split_files.at("arm/linkedTemplates/ArmTemplate_" + std::to_string(child) + ".json").at("parameters"));
    return std::set<std::string>(names.begin(), names.end());
  };
  EXPECT_EQ(declared(1), (std::set<std::string>{"factoryName", "storage_lake_url", "workspace_main_url"}));  // ls_b
  EXPECT_EQ(declared(4), (std::set<std::string>{"factoryName", "tr_0_properties_pipelines_0_parameters_env"}));  // tr_0
}

TEST(ArmLinked, SplitOverTheByteLimit) {
  const auto whole = codegen::arm::generate_arm(plain_project(12)).front();  // arm/ARMTemplateForFactory.json
  ASSERT_EQ(whole.path, "arm/ARMTemplateForFactory.json");
  const codegen::arm::ArmLimits limits{whole.content.size() / 3, 800, 256};
  const auto output = codegen::arm::generate_arm(plain_project(12), limits);
  EXPECT_GE(count_children(output), 3U);
  expect_valid_split(output, limits);
}

TEST(ArmLinked, AResourceOverTheByteLimitGetsAChildOfItsOwn) {
  const codegen::arm::ArmLimits limits{1000, 800, 256};  // every pipeline is bigger than that
  const auto output = codegen::arm::generate_arm(plain_project(3), limits);
  EXPECT_EQ(count_children(output), 7U);
  expect_valid_split(output, limits);
}

// A resource that depends on one later in the template's order (a hand-written pipeline that runs pl_b) is deployed
// by a later child than it; only a cycle, which ARM refuses, leaves a dependency on a later child (an internal error).
TEST(ArmLinked, ADependencyIsDeployedByAnEarlierChild) {
  const Json calls_later = Json::parse(R"({"p": {"referenceName": "pl_b", "type": "PipelineReference"}})");
  std::vector<AdfEntity> build = {entity("pipeline", "pl_a", calls_later), entity("pipeline", "pl_b", Json::object())};
  const auto factory = codegen::arm::build_factory({}, 0, {build});
  EXPECT_NO_THROW(codegen::arm::factory_files(factory, codegen::arm::ArmLimits{1 << 30, 2, 256}));  // same child
  const auto files = parse(codegen::arm::factory_files(factory, codegen::arm::ArmLimits{1 << 30, 1, 256}));
  EXPECT_EQ(resource(files.at("arm/linkedTemplates/ArmTemplate_0.json"), "pl_b").at("dependsOn"), Json::array());
  // pl_a's child deploys after pl_b's (the master chains the children); a child depends only on its own resources.
  EXPECT_EQ(resource(files.at("arm/linkedTemplates/ArmTemplate_1.json"), "pl_a").at("dependsOn"), Json::array());
  const Json calls_back = Json::parse(R"({"p": {"referenceName": "pl_a", "type": "PipelineReference"}})");
  std::vector<AdfEntity> cycle = {entity("pipeline", "pl_a", calls_later), entity("pipeline", "pl_b", calls_back)};
  // A cycle (SCH2011 in the check phase) is no internal error either: the dependency that closes it is dropped
  // (ArmTemplate.ACycleOfReferencesNeverReachesTheTemplate).
  EXPECT_NO_THROW(codegen::arm::factory_files(codegen::arm::build_factory({}, 0, {cycle}), codegen::arm::ArmLimits{1 << 30, 1, 256}));
}

TEST(ArmLinked, OverEightHundredResourcesWithTheRealLimits) {
  const auto start = std::chrono::steady_clock::now();
  const auto output = codegen::arm::generate_arm(two_env_project(400));  // 1 + 400 pipelines + 400 triggers
  const auto files = parse(output);
  EXPECT_EQ(files.at("arm/ARMTemplateForFactory.json").at("resources").size(), 801U);
  const codegen::arm::ArmLimits limits;
  EXPECT_GE(count_children(output), 2U);
  expect_valid_split(output, limits);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

// Writes a split project's files under $SCHEDC_ARM_FIXTURE_OUT (to validate with tests/schema/validate.mjs), or
// under a temporary directory.
TEST(ArmSchemaFixture, WriteSplitProject) {
  const schedc::testing::FixtureDir fixture("SCHEDC_ARM_FIXTURE_OUT");
  const std::filesystem::path& root = fixture.root();
  std::filesystem::remove_all(root / "arm");
  ir::Project p = escaping_project();
  p.markers = ir::Markers{"lake", "ops", "markers", {}};
  const auto files = codegen::arm::generate_arm(p, codegen::arm::ArmLimits{1 << 30, 2, 256});
  for (const auto& file : files) {
    const auto path = root / file.path;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << file.content;
  }
  EXPECT_GE(count_children(files), 2U);
}

}  // namespace

namespace {

// A child template declares its parameters in the template's order, also when a resource uses a parameter shared
// with an earlier resource after one of its own (docs/deploy.md, 1.4).
TEST(ArmLinked, ChildParametersFollowTheTemplatesOrder) {
  std::vector<std::vector<AdfEntity>> builds;
  for (const char* env : {"1", "2"}) {
    AdfEntity a = entity("pipeline", "pl_a", Json::object({{"x", std::string("a") + env}}));
    AdfEntity b = entity("pipeline", "pl_b", Json::object({{"y", std::string("b") + env}, {"z", std::string("a") + env}}));
    a.parameter_names = {{"x", "shared"}};
    b.parameter_names = {{"z", "shared"}};
    builds.push_back({a, b});
  }
  const auto files = parse(codegen::arm::factory_files(
      codegen::arm::build_factory(environments({"dd", "prod"}), 0, builds), codegen::arm::ArmLimits{1 << 30, 1, 256}));
  EXPECT_EQ(keys(files.at("arm/ARMTemplateForFactory.json").at("parameters")),
            (std::vector<std::string>{"factoryName", "shared", "pl_b_properties_y"}));
  EXPECT_EQ(keys(files.at("arm/linkedTemplates/ArmTemplate_1.json").at("parameters")),
            (std::vector<std::string>{"factoryName", "shared", "pl_b_properties_y"}));
}

}  // namespace

// The check phase reports a cycle of references among hand-written entities (SCH2011), so codegen never sees one;
// should it, the dependency that closes each cycle is dropped: the template holds no dependsOn cycle (ARM refuses
// one) and the linked templates' split orders every resource after its dependencies, never an internal error.
// ADF resolves a reference's name ignoring case, and so do schedc's checks: a reference spelt otherwise still makes
// the resource depend on its target, once, so ARM never deploys it first.
TEST(ArmTemplate, AReferenceInAnotherCaseStillDependsOnItsTarget) {
  const auto runs = [](std::initializer_list<const char*> names) {
    Json activities = Json::array();
    for (const char* name : names)
      activities.push_back(Json::parse(std::string(R"({"name": "run", "type": "ExecutePipeline", "typeProperties":
          {"pipeline": {"referenceName": ")") + name + R"(", "type": "PipelineReference"}}})"));
    return Json::object({{"activities", activities}});
  };
  std::vector<AdfEntity> build = {entity("pipeline", "pl_a", runs({"PL_Load", "pl_load"})),
                                  entity("pipeline", "pl_load", runs({}))};
  auto factory = codegen::arm::build_factory({}, 0, {build});
  ASSERT_EQ(factory.resources.size(), 2U);
  EXPECT_EQ(factory.resources[0].depends_on, std::vector<std::size_t>{1});
  EXPECT_TRUE(factory.resources[1].depends_on.empty());
}

TEST(ArmTemplate, ACycleOfReferencesNeverReachesTheTemplate) {
  const auto runs = [](const char* name) {
    return Json::parse(std::string(R"({"activities": [{"name": "run", "type": "ExecutePipeline", "typeProperties":
        {"pipeline": {"referenceName": ")") + name + R"(", "type": "PipelineReference"}}}]})");
  };
  std::vector<AdfEntity> build = {entity("pipeline", "pl_a", runs("pl_b")), entity("pipeline", "pl_b", runs("pl_c")),
                                  entity("pipeline", "pl_c", runs("pl_a")), entity("pipeline", "pl_d", runs("pl_d")),
                                  entity("pipeline", "pl_e", runs("pl_a"))};
  auto factory = codegen::arm::build_factory({}, 0, {build});
  // pl_a -> pl_b -> pl_c, and pl_c's dependency on pl_a (which closes the cycle) is dropped; pl_d's on itself is none.
  ASSERT_EQ(factory.resources.size(), 5U);
  EXPECT_EQ(factory.resources[0].depends_on, std::vector<std::size_t>{1});
  EXPECT_EQ(factory.resources[1].depends_on, std::vector<std::size_t>{2});
  EXPECT_TRUE(factory.resources[2].depends_on.empty());
  EXPECT_TRUE(factory.resources[3].depends_on.empty());
  EXPECT_EQ(factory.resources[4].depends_on, std::vector<std::size_t>{0});
  for (const codegen::arm::ArmLimits& limits : {codegen::arm::ArmLimits{}, codegen::arm::ArmLimits{1 << 30, 1, 256}}) {
    codegen::OutputFiles output;
    ASSERT_NO_THROW(output = codegen::arm::factory_files(factory, limits));
    if (limits.max_resources == 1) {
      // One resource per child, each after the ones it depends on: pl_c, pl_b, pl_a, pl_d, pl_e.
      ASSERT_EQ(count_children(output), 5U);
      const auto files = parse(output);
      std::vector<std::string> order;
      for (std::size_t i = 0; i < 5; ++i)
        order.push_back(files.at("arm/linkedTemplates/ArmTemplate_" + std::to_string(i) + ".json")
                            .at("resources").at(0).at("name").get<std::string>());
      EXPECT_THAT(order, ElementsAre(HasSubstr("/pl_c'"), HasSubstr("/pl_b'"), HasSubstr("/pl_a'"),
                                     HasSubstr("/pl_d'"), HasSubstr("/pl_e'")));
    }
  }
}
