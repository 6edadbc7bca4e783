// Hand-written ADF content merged into the factory (docs/deploy.md §5): the ADF git output holds each hand-written
// file byte for byte beside the generated ones, `build --check` expects them there unchanged, and a build's own
// `adf/` folder given as `--adf` (the git-integrated DD folder) keeps the team's files and regenerates schedc's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adf_case.hpp"
#include "cli_runner.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using schedc::testing::read_file;
using schedc::testing::schedc_run;
using schedc::testing::write_file;

namespace {

// The golden case with every entity kind of ADF's git layout, beside a generated model, in DD and prod.
const fs::path kCase = fs::path(SCHEDC_SOURCE_DIR) / "tests" / "golden" / "arm" / "handwritten_release";

class AdfMerge : public schedc::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    schedc::testing::copy_adf_case(kCase, dir);
    src = (dir / "src").string();
    out = (dir / "out").string();
  }
  // Every file below `root`, by '/'-separated relative path.
  static std::vector<std::string> files(const fs::path& root) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file()) out.push_back(fs::relative(e.path(), root).generic_string());
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string src, out;
};

TEST_F(AdfMerge, BuildCopiesEveryHandWrittenFileByteForByte) {
  auto r = schedc_run({"build", src, "--out", out, "--adf", (dir / "studio").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto written = files(dir / "studio");
  ASSERT_EQ(written.size(), 14U);  // every kind, a managed private endpoint below its network, the factory file
  for (const auto& rel : written) {
    SCOPED_TRACE(rel);
    ASSERT_TRUE(fs::exists(dir / "out" / "adf" / rel));
    EXPECT_EQ(read_file(dir / "out" / "adf" / rel), read_file(dir / "studio" / rel));
  }
  // Beside the generated entities.
  EXPECT_TRUE(fs::exists(dir / "out" / "adf" / "pipeline" / "pl_churn_scoring.json"));
  EXPECT_TRUE(fs::exists(dir / "out" / "adf" / "trigger" / "tr_churn_scoring.json"));
}

TEST_F(AdfMerge, NamedFoldersMergeIntoOneFactory) {
  // Two repos' folders: sales holds the pipelines, platform everything else.
  fs::create_directories(dir / "platform");
  for (const char* kind : {"dataset", "linkedService", "trigger", "dataflow", "integrationRuntime", "credential",
                           "managedVirtualNetwork", "factory"})
    fs::rename(dir / "studio" / kind, dir / "platform" / kind);
  auto r = schedc_run({"build", src, "--out", out, "--adf", "sales=" + (dir / "studio").string(), "--adf",
                       "platform=" + (dir / "platform").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_file(dir / "out" / "adf" / "pipeline" / "pl_copy_sales.json"),
            read_file(dir / "studio" / "pipeline" / "pl_copy_sales.json"));
  EXPECT_EQ(read_file(dir / "out" / "adf" / "managedVirtualNetwork" / "default" / "managedPrivateEndpoint" / "mpe_lake.json"),
            read_file(dir / "platform" / "managedVirtualNetwork" / "default" / "managedPrivateEndpoint" / "mpe_lake.json"));

  // The same file in both folders is one entity written twice (SCH9011), and nothing is built.
  fs::copy(dir / "platform" / "dataset", dir / "studio" / "dataset", fs::copy_options::recursive);
  auto twice = schedc_run({"build", src, "--out", (dir / "out2").string(), "--adf", "sales=" + (dir / "studio").string(),
                           "--adf", "platform=" + (dir / "platform").string()});
  EXPECT_EQ(twice.code, 1);
  EXPECT_THAT(twice.out + twice.err, HasSubstr("SCH9011"));
  EXPECT_FALSE(fs::exists(dir / "out2"));
}

TEST_F(AdfMerge, CheckExpectsTheHandWrittenFilesUnchanged) {
  const std::string studio = (dir / "studio").string();
  ASSERT_EQ(schedc_run({"build", src, "--out", out, "--adf", studio}).code, 0);
  auto fresh = schedc_run({"build", src, "--out", out, "--adf", studio, "--check"});
  EXPECT_EQ(fresh.code, 0) << fresh.err;
  EXPECT_THAT(fresh.out, HasSubstr("up to date"));

  // Without the folder, its files are not what the sources generate.
  auto without = schedc_run({"build", src, "--out", out, "--check"});
  EXPECT_EQ(without.code, 1);
  EXPECT_THAT(without.err, HasSubstr("adf/pipeline/pl_copy_sales.json"));

  // A hand-written file edited in its folder and not built: stale, with the diff.
  std::string text = read_file(dir / "studio" / "integrationRuntime" / "ir-selfhosted.json");
  text.replace(text.find("on-premises exports"), 19, "on-premises imports");
  write_file(dir / "studio" / "integrationRuntime" / "ir-selfhosted.json", text);
  auto stale = schedc_run({"build", src, "--out", out, "--adf", studio, "--check"});
  EXPECT_EQ(stale.code, 1);
  EXPECT_THAT(stale.err, HasSubstr("--- a/adf/integrationRuntime/ir-selfhosted.json"));
  EXPECT_THAT(stale.err, HasSubstr("+\t\t\"description\": \"on-premises imports\""));
  EXPECT_THAT(stale.err, HasSubstr("is stale"));
}

TEST_F(AdfMerge, OneGitIntegratedFolder) {
  // The first build from a separate folder; from then on the build's own adf/ is the DD factory's root folder.
  ASSERT_EQ(schedc_run({"build", src, "--out", out, "--adf", (dir / "studio").string()}).code, 0);
  const std::string own = (dir / "out" / "adf").string();
  auto same = schedc_run({"build", src, "--out", out, "--adf", own, "--check"});
  EXPECT_EQ(same.code, 0) << same.err;  // no SCH4006 for schedc's own files: they are its output

  // The team saves a new pipeline in Studio: it is input, in the folder as it must be; only the ARM template, which
  // must now hold it, is stale until the next build, which keeps the file as saved.
  const std::string saved = "{\n\t\"name\": \"pl_audit\",\n\t\"properties\": {\n\t\t\"activities\": [\n\t\t\t{\n"
                            "\t\t\t\t\"name\": \"pause\",\n\t\t\t\t\"type\": \"Wait\",\n\t\t\t\t\"dependsOn\": [],\n"
                            "\t\t\t\t\"userProperties\": [],\n\t\t\t\t\"typeProperties\": {\n"
                            "\t\t\t\t\t\"waitTimeInSeconds\": 1\n\t\t\t\t}\n\t\t\t}\n\t\t],\n\t\t\"annotations\": []\n\t}\n}";
  write_file(dir / "out" / "adf" / "pipeline" / "pl_audit.json", saved);
  auto check = schedc_run({"build", src, "--out", out, "--adf", own, "--check"});
  EXPECT_EQ(check.code, 1);
  EXPECT_THAT(check.err, HasSubstr("--- a/arm/ARMTemplateForFactory.json"));
  EXPECT_THAT(check.err, Not(HasSubstr("adf/pipeline/pl_audit.json")));
  ASSERT_EQ(schedc_run({"build", src, "--out", out, "--adf", own}).code, 0);
  EXPECT_EQ(read_file(dir / "out" / "adf" / "pipeline" / "pl_audit.json"), saved);
  auto built = schedc_run({"build", src, "--out", out, "--adf", own, "--check"});
  EXPECT_EQ(built.code, 0) << built.err;

  // Studio's publish settings at the folder's root are the folder's too: carried by every build.
  const std::string publish = "{\n\t\"publishBranch\": \"adf_publish\"\n}";
  write_file(dir / "out" / "adf" / "publish_config.json", publish);
  ASSERT_EQ(schedc_run({"build", src, "--out", out, "--adf", own}).code, 0);
  EXPECT_EQ(read_file(dir / "out" / "adf" / "publish_config.json"), publish);
  EXPECT_EQ(schedc_run({"build", src, "--out", out, "--adf", own, "--check"}).code, 0);
  EXPECT_THAT(read_file(dir / "out" / "arm" / "ARMTemplateForFactory.json"), HasSubstr("'/pl_audit')]"));

  // A generated file edited by hand is generated again: stale until built, then schedc's again.
  std::string trigger = read_file(dir / "out" / "adf" / "trigger" / "tr_churn_scoring.json");
  write_file(dir / "out" / "adf" / "trigger" / "tr_churn_scoring.json", trigger + " ");
  EXPECT_EQ(schedc_run({"build", src, "--out", out, "--adf", own, "--check"}).code, 1);
  ASSERT_EQ(schedc_run({"build", src, "--out", out, "--adf", own}).code, 0);
  EXPECT_EQ(read_file(dir / "out" / "adf" / "trigger" / "tr_churn_scoring.json"), trigger);

  // A name that differs from a generated one only in case is still a collision.
  write_file(dir / "out" / "adf" / "pipeline" / "PL_churn_scoring.json",
             std::string(saved).replace(saved.find("pl_audit"), 8, "PL_churn_scoring"));
  auto collides = schedc_run({"check", src, "--adf", own});
  EXPECT_EQ(collides.code, 1);
  EXPECT_THAT(collides.out + collides.err, HasSubstr("SCH4006"));
  fs::remove(dir / "out" / "adf" / "pipeline" / "PL_churn_scoring.json");

  // A model removed: its pipeline and trigger (named by the folder's index.json) are not taken for hand-written
  // files; the build removes them.
  std::string model = read_file(dir / "src" / "churn_scoring.sched");
  model.replace(model.find("model churn_scoring"), 19, "model churn_scorer");
  write_file(dir / "src" / "churn_scoring.sched", model);
  auto moved = schedc_run({"build", src, "--out", out, "--adf", own});
  ASSERT_EQ(moved.code, 1) << moved.out << moved.err;  // pl_copy_sales runs pl_churn_scoring, which is gone
  EXPECT_THAT(moved.out + moved.err, HasSubstr("SCH2010"));
  EXPECT_THAT(moved.out + moved.err, Not(HasSubstr("SCH4006")));
}

// A storage no prerequisite uses any more: its linked service and dataset, which the folder's index.json lists
// under `storages`, are not taken for hand-written files; the build removes them.
TEST_F(AdfMerge, OneGitIntegratedFolderDropsTheFilesOfAStorageNoLongerUsed) {
  const std::string own = (dir / "out" / "adf").string();
  std::string platform = read_file(dir / "src" / "platform.sched");
  write_file(dir / "src" / "platform.sched",
             platform + "\nstorage archive {\n  url = \"https://contosoarchive.dfs.core.windows.net\"\n}\n");
  const std::string model = read_file(dir / "src" / "churn_scoring.sched");
  std::string with_archive = model;
  with_archive.replace(with_archive.find("  }\n  timeout"), 4,
                       "    folder \"exports/daily\" in archive check\n  }\n");
  write_file(dir / "src" / "churn_scoring.sched", with_archive);
  ASSERT_EQ(schedc_run({"build", src, "--out", out, "--adf", (dir / "studio").string()}).code, 0);
  ASSERT_TRUE(fs::exists(dir / "out" / "adf" / "linkedService" / "ls_adls_archive.json"));
  ASSERT_TRUE(fs::exists(dir / "out" / "adf" / "dataset" / "ds_archive_folder.json"));
  EXPECT_THAT(read_file(dir / "out" / "index.json"), HasSubstr("\"linked_service\": \"ls_adls_archive\""));
  ASSERT_EQ(schedc_run({"build", src, "--out", out, "--adf", own, "--check"}).code, 0);

  write_file(dir / "src" / "churn_scoring.sched", model);  // the prerequisite goes, and the storage with it
  write_file(dir / "src" / "platform.sched", platform);
  auto rebuilt = schedc_run({"build", src, "--out", out, "--adf", own});
  ASSERT_EQ(rebuilt.code, 0) << rebuilt.out << rebuilt.err;
  EXPECT_FALSE(fs::exists(dir / "out" / "adf" / "linkedService" / "ls_adls_archive.json"));
  EXPECT_FALSE(fs::exists(dir / "out" / "adf" / "dataset" / "ds_archive_folder.json"));
  EXPECT_TRUE(fs::exists(dir / "out" / "adf" / "linkedService" / "ls_keyvault.json"));  // hand-written: kept
  EXPECT_THAT(read_file(dir / "out" / "arm" / "ARMTemplateForFactory.json"), Not(HasSubstr("ls_adls_archive")));
  auto check = schedc_run({"build", src, "--out", out, "--adf", own, "--check"});
  EXPECT_EQ(check.code, 0) << check.err;
}

}  // namespace

namespace {

// `schedc plan` (docs/deploy.md §2) stops and starts the hand-written triggers like the generated ones, in the
// environments whose triggers are started.
TEST_F(AdfMerge, PlanStopsAndStartsHandWrittenTriggers) {
  const std::string studio = (dir / "studio").string(), base = (dir / "base").string();
  auto first = schedc_run({"plan", src, "--adf", studio, "--env", "prod", "--format", "json"});
  ASSERT_EQ(first.code, 0) << first.err;
  auto j = nlohmann::json::parse(first.out);
  EXPECT_EQ(j["first_deployment"], true);
  EXPECT_EQ(j["start_after"],
            nlohmann::json::parse(R"(["tr_churn_scoring", "tr_copy_sales_daily", "tr_sales_landed", "tr_sales_window"])"));
  auto dd = schedc_run({"plan", src, "--adf", studio, "--env", "dd", "--format", "json"});
  ASSERT_EQ(dd.code, 0) << dd.err;
  EXPECT_EQ(nlohmann::json::parse(dd.out)["start_after"], nlohmann::json::array());

  // The release deployed; then a hand-written pipeline changes: the triggers that run it stop before and start
  // after, the generated trigger keeps running.
  ASSERT_EQ(schedc_run({"build", src, "--out", base, "--adf", studio}).code, 0);
  std::string text = read_file(dir / "studio" / "pipeline" / "pl_copy_sales.json");
  text.replace(text.find("\"coreCount\": 8"), 14, "\"coreCount\": 16");
  write_file(dir / "studio" / "pipeline" / "pl_copy_sales.json", text);
  auto changed = schedc_run({"plan", src, "--adf", studio, "--env", "prod", "--base", base, "--format", "json"});
  ASSERT_EQ(changed.code, 0) << changed.err;
  j = nlohmann::json::parse(changed.out);
  EXPECT_EQ(j["first_deployment"], false);
  EXPECT_EQ(j["stop_before"], nlohmann::json::parse(R"(["tr_copy_sales_daily", "tr_sales_landed", "tr_sales_window"])"));
  EXPECT_EQ(j["start_after"],
            nlohmann::json::parse(R"(["tr_churn_scoring", "tr_copy_sales_daily", "tr_sales_landed", "tr_sales_window"])"));
  EXPECT_EQ(j["changed"], nlohmann::json::parse(R"([{"type": "pipelines", "name": "pl_copy_sales"}])"));
}

}  // namespace

namespace {

// ADF's default parameter definition names the parameters of hand-written entities as ADF's export does; a folder's
// own arm-template-parameters-definition.json replaces it, and one ADF could not read is located.
TEST_F(AdfMerge, ParameterDefinitionDefaultAndCustom) {
  const std::string studio = (dir / "studio").string();
  ASSERT_EQ(schedc_run({"build", src, "--out", out, "--adf", studio}).code, 0);
  auto t = nlohmann::json::parse(read_file(dir / "out" / "arm" / "ARMTemplateForFactory.json"));
  const auto& params = t.at("parameters");
  EXPECT_EQ(params.at("ls_keyvault_properties_typeProperties_baseUrl"),
            nlohmann::json::parse(R"({"type": "string", "defaultValue": "https://kv-sales-dd.vault.azure.net/"})"));
  EXPECT_TRUE(params.contains("tr_sales_landed_properties_typeProperties_scope"));
  EXPECT_TRUE(params.contains("default_properties_environment_value"));
  EXPECT_FALSE(params.contains("ls_blob_sales_connectionString"));  // a Key Vault secret: read from the vault
  // prod gives the vault's URL its own value (platform.sched's `arm_parameters`); dd's is the file's.
  auto prod = nlohmann::json::parse(read_file(dir / "out" / "arm" / "parameters" / "prod.json"));
  EXPECT_EQ(prod.at("parameters").at("ls_keyvault_properties_typeProperties_baseUrl").at("value"),
            "https://kv-sales-prod.vault.azure.net/");
  auto dd = nlohmann::json::parse(read_file(dir / "out" / "arm" / "parameters" / "dd.json"));
  EXPECT_EQ(dd.at("parameters").at("ls_keyvault_properties_typeProperties_baseUrl").at("value"),
            "https://kv-sales-dd.vault.azure.net/");

  // The team's own definition: the key vault's URL without a default under a short name, nothing else. The
  // environment's values named after the default definition's parameters now name nothing: located errors.
  write_file(dir / "studio" / "arm-template-parameters-definition.json",
             "{\n\t\"Microsoft.DataFactory/factories/linkedServices\": {\n\t\t\"AzureKeyVault\": {\n\t\t\t\"properties\": "
             "{\n\t\t\t\t\"typeProperties\": {\n\t\t\t\t\t\"baseUrl\": \"-:-vaultUrl:string\"\n\t\t\t\t}\n\t\t\t}\n\t\t}\n\t}\n}");
  auto stale = schedc_run({"build", src, "--out", out, "--adf", studio});
  EXPECT_EQ(stale.code, 1);
  EXPECT_THAT(stale.err, HasSubstr("error[SCH2001]: no hand-written ADF entity has the ARM parameter "
                                   "`ls_keyvault_properties_typeProperties_baseUrl` (environment `prod`)"));
  std::string platform = read_file(dir / "src" / "platform.sched");
  const auto from = platform.find("  arm_parameters {");
  ASSERT_NE(from, std::string::npos);
  platform.replace(from, platform.find("  }\n", from) + 4 - from,
                   "  arm_parameters { ls_keyvault_vaultUrl = \"https://kv-sales-prod.vault.azure.net/\" }\n");
  write_file(dir / "src" / "platform.sched", platform);
  auto built = schedc_run({"build", src, "--out", out, "--adf", studio});
  ASSERT_EQ(built.code, 0) << built.err;
  prod = nlohmann::json::parse(read_file(dir / "out" / "arm" / "parameters" / "prod.json"));
  EXPECT_EQ(prod.at("parameters").at("ls_keyvault_vaultUrl").at("value"), "https://kv-sales-prod.vault.azure.net/");
  t = nlohmann::json::parse(read_file(dir / "out" / "arm" / "ARMTemplateForFactory.json"));
  EXPECT_EQ(t.at("parameters").at("ls_keyvault_vaultUrl"), nlohmann::json::parse(R"({"type": "string"})"));
  EXPECT_FALSE(t.at("parameters").contains("tr_sales_landed_properties_typeProperties_scope"));
  EXPECT_EQ(read_file(dir / "out" / "adf" / "arm-template-parameters-definition.json"),
            read_file(dir / "studio" / "arm-template-parameters-definition.json"));

  // A definition ADF cannot read: located at the string.
  write_file(dir / "studio" / "arm-template-parameters-definition.json",
             "{\n\t\"Microsoft.DataFactory/factories/datasets\": {\n\t\t\"*\": {\"properties\": {\"typeProperties\": "
             "{\"folderPath\": \"+:x\"}}}\n\t}\n}");
  auto bad = schedc_run({"check", src, "--adf", studio});
  EXPECT_EQ(bad.code, 1);
  EXPECT_THAT(bad.out + bad.err, HasSubstr("arm-template-parameters-definition.json:3:"));
  EXPECT_THAT(bad.out + bad.err, HasSubstr("SCH9011"));
}

}  // namespace

namespace {

// A number no double holds would make the ARM template's value up: it is SCH9011 at the number, never an internal
// error; a number a double holds (1e-400 is 0) passes to the template as its value.
TEST_F(AdfMerge, NumbersBeyondADoubleAreLocated) {
  write_file(dir / "studio" / "pipeline" / "pl_big.json",
             "{\n\t\"name\": \"pl_big\",\n\t\"properties\": {\n\t\t\"activities\": [],\n\t\t\"parameters\": {\n"
             "\t\t\t\"n\": {\n\t\t\t\t\"type\": \"int\",\n\t\t\t\t\"defaultValue\": 1e400\n\t\t\t}\n\t\t}\n\t}\n}");
  auto r = schedc_run({"build", src, "--out", out, "--adf", (dir / "studio").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out + r.err, HasSubstr("pipeline/pl_big.json:8:21"));
  EXPECT_THAT(r.out + r.err, HasSubstr("the number 1e400 is out of the range of a double"));
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("internal error")));
  EXPECT_FALSE(fs::exists(dir / "out"));
}

}  // namespace

#include <chrono>

#include "compiler/adf_input/adf_input.hpp"

namespace {

// Pipelines p0 ... p(n-1), each running the next; the last runs `last` (or nothing when empty). Spans are unique
// per entity (file 0 is no file: the check only reports them).
schedc::ir::Project chain(std::size_t n, const std::string& last) {
  schedc::ir::Project project;
  project.adf_entities.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    schedc::ir::AdfEntity e;
    e.kind = "pipeline";
    e.name = "p" + std::to_string(i);
    e.file = "pipeline/" + e.name + ".json";
    const std::string to = i + 1 < n ? "p" + std::to_string(i + 1) : last;
    if (!to.empty()) e.references.push_back({"pipeline", to, schedc::Span{0, static_cast<uint32_t>(i), 0}});
    project.adf_entities.push_back(std::move(e));
  }
  return project;
}

std::vector<std::string> cycle_messages(const schedc::ir::Project& project) {
  schedc::Diagnostics diags;
  schedc::adf_input::check_adf_entities(project, diags);
  std::vector<std::string> out;
  for (const auto& d : diags.all()) {
    EXPECT_EQ(d.code, "SCH2011") << d.message;
    out.push_back(d.message);
  }
  return out;
}

TEST(AdfReferenceCycles, TwoPipelinesThatRunEachOther) {
  auto messages = cycle_messages(chain(2, "P0"));  // names resolve ignoring case, as ADF resolves them
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0], "the pipeline `p1` refers to pipeline `p0`, which closes a cycle of references: "
                         "pipeline `p0` -> pipeline `p1` -> pipeline `p0`");
}

TEST(AdfReferenceCycles, APipelineThatRunsItself) {
  auto project = chain(1, "p0");
  project.adf_entities[0].references.push_back(project.adf_entities[0].references[0]);  // twice: reported once
  auto messages = cycle_messages(project);
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0], "the pipeline `p0` refers to itself, which closes a cycle of references: "
                         "pipeline `p0` -> pipeline `p0`");
}

TEST(AdfReferenceCycles, OtherKindsAndADiamondThatIsNoCycle) {
  schedc::ir::Project project;
  const auto add = [&](const char* kind, const char* name, std::vector<std::pair<const char*, const char*>> refs) {
    schedc::ir::AdfEntity e;
    e.kind = kind;
    e.name = name;
    for (const auto& [k, n] : refs) e.references.push_back({k, n, {}});
    project.adf_entities.push_back(std::move(e));
  };
  // A diamond: two paths to one dataset is no cycle.
  add("pipeline", "pl_top", {{"pipeline", "pl_left"}, {"pipeline", "pl_right"}});
  add("pipeline", "pl_left", {{"dataset", "ds"}});
  add("pipeline", "pl_right", {{"dataset", "ds"}});
  add("dataset", "ds", {{"linkedService", "ls_kv"}});
  // Two Key Vault linked services that keep each other's secrets.
  add("linkedService", "ls_kv", {{"linkedService", "ls_kv2"}});
  add("linkedService", "ls_kv2", {{"linkedService", "ls_kv"}});
  auto messages = cycle_messages(project);
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0], "the linkedService `ls_kv2` refers to linkedService `ls_kv`, which closes a cycle of "
                         "references: linkedService `ls_kv` -> linkedService `ls_kv2` -> linkedService `ls_kv`");
}

// 100,000 pipelines in a chain: no cycle, no recursion (the search is iterative), linear time.
TEST(AdfReferenceCycles, ALongChainAtScale) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(cycle_messages(chain(100000, "")).empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

// 100,000 pipelines in one cycle: one diagnostic at the last one's reference, naming 16 of them and the count.
TEST(AdfReferenceCycles, ALongCycleIsNamedShortly) {
  auto messages = cycle_messages(chain(100000, "p0"));
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_THAT(messages[0], HasSubstr("the pipeline `p99999` refers to pipeline `p0`, which closes a cycle of references: "
                                     "pipeline `p0` -> pipeline `p1` -> "));
  EXPECT_THAT(messages[0], HasSubstr("pipeline `p7` -> ... (99984 more) ... -> pipeline `p99992` -> "));
  EXPECT_THAT(messages[0], HasSubstr("pipeline `p99999` -> pipeline `p0`"));
  EXPECT_LT(messages[0].size(), 1000U);
}

}  // namespace
