// The organisation index (compiler/index/, codegen/index/, `--index`): what a build writes reads back, the index's
// models join the checks, and a bad or stale index is a located error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/render.hpp"
#include "tests/unit/temp_dir.hpp"
#include "codegen/generate.hpp"
#include "codegen/index/index.hpp"
#include "compiler/compile.hpp"
#include "compiler/index/index.hpp"
#include "tests/unit/cli_runner.hpp"
#include "tests/unit/memory_loader.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;

namespace {

using schedc::CompileInput;
using schedc::CompileResult;
using schedc::RepoFile;
using schedc::testing::MemoryLoader;

const fs::path kRoot = SCHEDC_SOURCE_DIR;
std::string stdlib() { return (kRoot / "stdlib").string(); }

const std::string kPlatform = R"(project {
  workspace = analytics
  markers {
    storage = lake
    path    = "ops/markers"
  }
}
workspace analytics {
  url         = "https://adb-1111111111111111.11.azuredatabricks.net"
  resource_id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/dbw"
}
storage lake {
  url = "https://contosolake.dfs.core.windows.net"
}
cluster small {
  spark_version = "14.3.x-scala2.12"
  node_type     = "Standard_DS3_v2"
  workers       = 2
}
)";

std::string model(const std::string& name, const std::string& cron, const std::string& requires_ = "") {
  return "model " + name + " {\n  owner = \"t@contoso.com\"\n  notebook = \"/Repos/t/" + name +
         "\"\n  cluster = small\n  schedule = cron \"" + cron + "\" in \"Europe/Amsterdam\"\n" +
         (requires_.empty() ? "" : "  requires {\n    " + requires_ + "\n  }\n") + "  timeout = 1h\n}\n";
}

// Compiles repos (name -> files) with an optional index text.
CompileResult compile_repos(const std::map<std::string, std::map<std::string, std::string>>& repos,
                            const std::string& index = "") {
  std::map<std::string, std::string> mem;
  std::vector<RepoFile> files;
  std::map<std::string, std::string> roots;
  for (const auto& [repo, fs_] : repos) {
    roots[repo] = "<mem>/" + repo;
    for (const auto& [path, text] : fs_) {
      mem["<mem>/" + repo + "/" + path] = text;
      files.push_back({repo, path, "<mem>/" + repo + "/" + path});
    }
  }
  if (!index.empty()) mem["<mem>/index.json"] = index;
  MemoryLoader loader(stdlib(), mem);
  CompileInput in{{}, stdlib(), files, roots};
  if (!index.empty()) {
    in.index_display = "index.json";
    in.index_real = "<mem>/index.json";
  }
  return schedc::compile(in, loader);
}

std::string org_index() {
  auto r = compile_repos({{"platform", {{"platform.sched", kPlatform}}},
                          {"churn", {{"models/churn.sched", model("churn_scoring", "30 2 * * *")}}},
                          {"retention", {{"offers.sched", model("offers", "0 6 * * *", "model churn_scoring wait 2h every 10m")}}}});
  EXPECT_TRUE(r.project) << schedc::cli::render_text(r.diagnostics, r.sources, {});
  return schedc::codegen::index::generate_index(*r.project).content;
}

std::string text_of(const CompileResult& r) { return schedc::cli::render_text(r.diagnostics, r.sources, {}); }

std::vector<std::string> codes(const CompileResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics.all()) out.push_back(d.code);
  return out;
}

TEST(Index, IsWrittenByEveryBuildAndDoesNotDependOnInputOrder) {
  const std::string a = org_index();
  auto j = nlohmann::json::parse(a);
  EXPECT_EQ(j["schedc_index"], 3);
  ASSERT_EQ(j["models"].size(), 2u);
  // The storage the markers use, with its generated entities (a build's own ADF folder skips them by this list).
  EXPECT_EQ(j["storages"], nlohmann::json::parse(R"([{"name": "lake", "linked_service": "ls_adls_lake",
                                                      "datasets": ["ds_lake_file"]}])"));
  EXPECT_EQ(j["models"][0]["name"], "churn_scoring");
  EXPECT_EQ(j["models"][0]["repo"], "churn");
  EXPECT_EQ(j["models"][0]["file"], "models/churn.sched");
  EXPECT_EQ(j["models"][1]["requires"][0]["wait_seconds"], 7200);
  EXPECT_EQ(j["models"][1]["produces"][0]["path"], "ops/markers/offers/{schedule.date}/_SUCCESS");
  // Generated with every target choice, and the same for any order of the inputs (compile sorts them).
  auto r = compile_repos({{"retention", {{"offers.sched", model("offers", "0 6 * * *", "model churn_scoring wait 2h every 10m")}}},
                          {"churn", {{"models/churn.sched", model("churn_scoring", "30 2 * * *")}}},
                          {"platform", {{"platform.sched", kPlatform}}}});
  ASSERT_TRUE(r.project);
  for (const auto& targets : std::vector<std::vector<std::string>>{{"adf"}, {"databricks"}, {"adf", "arm", "databricks"}}) {
    auto files = schedc::codegen::generate(*r.project, targets);
    auto it = std::find_if(files.begin(), files.end(), [](const auto& f) { return f.path == "index.json"; });
    ASSERT_NE(it, files.end());
    EXPECT_EQ(it->content, a);
  }
}

// Every index a golden case's build wrote (every target, window, prerequisite kind) reads back whole, with the
// same models.
TEST(Index, EveryGoldenIndexReadsBack) {
  std::size_t read = 0;
  for (const auto& e : fs::recursive_directory_iterator(kRoot / "tests" / "golden")) {
    if (e.path().filename() != "index.json" || e.path().parent_path().filename() != "out") continue;
    schedc::SourceManager sm;
    const std::string text = schedc::testing::read_file(e.path());
    const schedc::FileId id = sm.add("index.json", text);
    schedc::Diagnostics diags;
    auto r = schedc::index::read_index(sm, id, {"none"}, diags);
    EXPECT_TRUE(r.complete) << e.path() << "\n" << schedc::cli::render_text(diags, sm, {});
    EXPECT_EQ(r.models.size(), nlohmann::json::parse(text)["models"].size()) << e.path();
    ++read;
  }
  EXPECT_GT(read, 50u);
}

TEST(Index, ModelsOfOtherReposJoinAndTheReposGivenReplaceTheirs) {
  const std::string index = org_index();
  // The retention repo alone: its upstream comes from the index, its own model does not collide with its entry.
  auto r = compile_repos({{"platform", {{"platform.sched", kPlatform}}},
                          {"retention", {{"offers.sched", model("offers", "0 6 * * *", "model churn_scoring wait 2h every 10m")}}}},
                         index);
  EXPECT_TRUE(r.project) << text_of(r);
  ASSERT_TRUE(r.project);
  ASSERT_EQ(r.project->index_models.size(), 1u);
  EXPECT_EQ(r.project->index_models[0].name, "churn_scoring");
  // Never generated: only the repo's own model is in the output.
  auto files = schedc::codegen::generate(*r.project, {"adf"});
  for (const auto& f : files) EXPECT_EQ(f.path.find("churn_scoring"), std::string::npos) << f.path;
}

TEST(Index, CycleThroughAnotherRepo) {
  const std::string index = org_index();
  // churn now waits for retention's offers, which (in the index) waits for churn_scoring.
  auto r = compile_repos({{"platform", {{"platform.sched", kPlatform}}},
                          {"churn", {{"models/churn.sched", model("churn_scoring", "30 2 * * *", "model offers check")}}}},
                         index);
  EXPECT_THAT(codes(r), ::testing::Contains("SCH2005")) << text_of(r);
  EXPECT_THAT(text_of(r), HasSubstr("churn_scoring -> offers -> churn_scoring"));
}

// The index's downstream models are checked against the current schedule of an upstream of the repos given.
TEST(Index, AnotherReposDownstreamAgainstTheUpstreamsNewSchedule) {
  const std::string index = org_index();  // offers (retention) runs at 06:00 and waits 2h for churn_scoring
  auto r = compile_repos({{"platform", {{"platform.sched", kPlatform}}},
                          {"churn", {{"models/churn.sched", model("churn_scoring", "0 9 * * *")}}}},
                         index);
  ASSERT_EQ(codes(r), std::vector<std::string>{"SCH7001"}) << text_of(r);
  const auto& d = r.diagnostics.all()[0];
  EXPECT_EQ(r.sources.file(d.primary.file).path, "index.json");  // at offers' prerequisite in the index
  EXPECT_THAT(text_of(r), HasSubstr("`offers` is declared in retention:offers.sched, as the organisation index says"));
  // Moved back before the wait ends: nothing to report.
  r = compile_repos({{"platform", {{"platform.sched", kPlatform}}}, {"churn", {{"models/churn.sched", model("churn_scoring", "0 5 * * *")}}}},
                    index);
  EXPECT_TRUE(r.diagnostics.all().empty()) << text_of(r);
}

TEST(Index, UpstreamWithoutMarkersInAnotherRepo) {
  std::string index = org_index();
  // An index whose churn_scoring is Databricks-native (no pipeline, no triggers, a job): SCH6003.
  auto j = nlohmann::ordered_json::parse(index);
  auto& m = j["models"][0];
  m["target"] = "databricks";
  m.erase("pipeline");
  m.erase("linked_service");
  m["triggers"] = nlohmann::ordered_json::array();
  m["jobs"] = {{"", "churn_scoring"}};
  auto r = compile_repos({{"platform", {{"platform.sched", kPlatform}}},
                          {"retention", {{"offers.sched", model("offers", "0 6 * * *", "model churn_scoring wait 2h every 10m")}}}},
                         j.dump(4));
  EXPECT_EQ(codes(r), std::vector<std::string>{"SCH6003"}) << text_of(r);
}

struct Broken {
  std::string what, from, to, code, message;
};

class IndexProblems : public ::testing::TestWithParam<Broken> {};

// Each problem is an error located in index.json (the line of the edited text), never a crash.
TEST_P(IndexProblems, AreLocated) {
  const Broken& b = GetParam();
  std::string index = org_index();
  const auto at = index.find(b.from);
  ASSERT_NE(at, std::string::npos) << b.from;
  index.replace(at, b.from.size(), b.to);
  const auto line = static_cast<std::uint32_t>(std::count(index.begin(), index.begin() + static_cast<long>(at), '\n') + 1);
  auto r = compile_repos({{"platform", {{"platform.sched", kPlatform}}},
                          {"sales", {{"s.sched", model("sales", "0 7 * * *")}}}},
                         index);
  EXPECT_FALSE(r.project);
  const schedc::Diagnostic* found = nullptr;
  for (const auto& d : r.diagnostics.all())
    if (d.code == b.code) found = &d;
  ASSERT_NE(found, nullptr) << b.what << "\n" << text_of(r);
  EXPECT_EQ(r.sources.file(found->primary.file).path, "index.json");
  EXPECT_EQ(r.sources.line_col(found->primary.file, found->primary.begin).line, line) << text_of(r);
  EXPECT_THAT(found->message, HasSubstr(b.message));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, IndexProblems,
    ::testing::Values(
        Broken{"version", "\"schedc_index\": 3", "\"schedc_index\": 4", "SCH9010", "format version 4"},
        Broken{"old version", "\"schedc_index\": 3", "\"schedc_index\": 1", "SCH9010", "format version 1; this schedc reads versions 2 to 3"},
        Broken{"storages", "\"linked_service\": \"ls_adls_lake\"", "\"linked_service\": \"ls adls\"", "SCH9009", "not a name schedc writes"},
        Broken{"storage member", "\"datasets\": [", "\"data_sets\": [", "SCH9009", "unknown member `data_sets`"},
        Broken{"workspace", "\"workspace\": \"analytics\"", "\"workspace\": \"a b\"", "SCH9009", "not a workspace name"},
        Broken{"existing job", "\"existing_job\": {}", "\"existing_job\": {\"\": 3}", "SCH9009", "`existing_job` maps environments"},
        Broken{"pipeline", "\"pl_churn_scoring\"", "\"pl_churn\"", "SCH9010", "the pipeline `pl_churn`"},
        Broken{"trigger", "\"tr_offers\"", "\"tr_offers_1\"", "SCH9010", "the trigger `tr_offers_1`"},
        Broken{"unknown member", "\"timeout_seconds\": 3600,\n            \"requires\": [\n                {",
               "\"timeout_secs\": 3600,\n            \"requires\": [\n                {", "SCH9009", "unknown member `timeout_secs`"},
        Broken{"cron", "\"30 2 * * *\"", "\"30 25 * * *\"", "SCH9009", "cron expression"},
        Broken{"zone", "\"zone\": \"Europe/Amsterdam\"", "\"zone\": \"Mars/Olympus\"", "SCH9009", "unknown time zone"},
        Broken{"timeout", "3600", "-1", "SCH9009", "timeout_seconds"},
        Broken{"type", "\"requires\": []", "\"requires\": {}", "SCH9009", "expected an array"},
        Broken{"truncated", "\"models\"", "\"models\" [", "SCH9009", "`:`"}));

// An index that an older schedc wrote (format version 1: no workspace, existing cluster or existing job, which
// contention and job names need) is refused whole, located at its version, with a hint to rebuild it; the
// sources are still checked.
TEST(Index, FormatVersion1IsRefusedAsStale) {
  auto j = nlohmann::ordered_json::parse(org_index());
  j["schedc_index"] = 1;
  for (auto& m : j["models"]) {
    m.erase("workspace");
    m.erase("existing_cluster");
    m.erase("existing_job");
  }
  auto r = compile_repos({{"platform", {{"platform.sched", kPlatform}}}, {"sales", {{"s.sched", model("sales", "0 7 * * *")}}}},
                         j.dump(4));
  ASSERT_EQ(codes(r), std::vector<std::string>{"SCH9010"}) << text_of(r);
  const auto& d = r.diagnostics.all()[0];
  EXPECT_THAT(d.message, HasSubstr("format version 1; this schedc reads versions 2 to 3"));
  EXPECT_EQ(r.sources.line_col(d.primary.file, d.primary.begin).line, 2u);
  ASSERT_TRUE(d.help);
  EXPECT_THAT(*d.help, HasSubstr("rebuild the index"));
}

// An index of format version 2 (before `storages`, which the checks against other repos do not use) is read whole.
TEST(Index, FormatVersion2IsRead) {
  auto j = nlohmann::ordered_json::parse(org_index());
  j["schedc_index"] = 2;
  j.erase("storages");
  auto r = compile_repos({{"platform", {{"platform.sched", kPlatform}}},
                          {"sales", {{"s.sched", model("sales", "0 7 * * *", "model churn_scoring wait 2h every 10m")}}}},
                         j.dump(4));
  EXPECT_TRUE(codes(r).empty()) << text_of(r);
  ASSERT_TRUE(r.project);
  EXPECT_EQ(r.project->index_models.size(), 2u);
}

// Contention against the index (SCH7004): only what involves a model of the sources is reported, and the other
// repo's model is labelled in index.json with its repo and file.
TEST(Index, ContentionWithAnotherReposModelOnAnExistingCluster) {
  auto j = nlohmann::ordered_json::parse(org_index());
  for (auto& m : j["models"]) m["existing_cluster"] = {{"", "0101-shared"}};  // churn_scoring 02:30, offers 06:00
  const std::string shared = "cluster shared { existing = \"0101-shared\" }\n";
  auto on_shared = [](std::string text) { return text.replace(text.find("cluster = small"), 15, "cluster = shared"); };
  // The index's two models overlap nowhere with each other (1h each, hours apart) and the sources' model is on a
  // job cluster: nothing.
  auto quiet = compile_repos({{"platform", {{"platform.sched", kPlatform + shared}}},
                              {"sales", {{"s.sched", model("sales", "0 7 * * *")}}}},
                             j.dump(4));
  EXPECT_TRUE(codes(quiet).empty()) << text_of(quiet);
  // On the shared cluster at 03:15, during churn_scoring's run.
  auto r = compile_repos({{"platform", {{"platform.sched", kPlatform + shared}}},
                          {"sales", {{"s.sched", on_shared(model("sales", "15 3 * * *"))}}}},
                         j.dump(4));
  ASSERT_EQ(codes(r), std::vector<std::string>{"SCH7004"}) << text_of(r);
  const auto& d = r.diagnostics.all()[0];
  EXPECT_EQ(r.sources.file(d.primary.file).path, "s.sched");  // at the model of the sources
  ASSERT_EQ(d.labels.size(), 1u);
  EXPECT_EQ(r.sources.file(d.labels[0].span.file).path, "index.json");
  EXPECT_THAT(d.labels[0].message, HasSubstr("model `churn_scoring` of repo `churn` (`models/churn.sched`)"));
  // Two of the index's models overlapping each other, with a source model on the cluster at another time: their
  // repos' concern, not reported here.
  j["models"][1]["schedule"]["cron"] = "15 3 * * *";
  auto others = compile_repos({{"platform", {{"platform.sched", kPlatform + shared}}},
                               {"sales", {{"s.sched", on_shared(model("sales", "0 12 * * *"))}}}},
                              j.dump(4));
  EXPECT_TRUE(codes(others).empty()) << text_of(others);
}

TEST(Index, ModelListedTwiceIsALocatedError) {
  auto j = nlohmann::ordered_json::parse(org_index());
  j["models"].push_back(j["models"][0]);
  j["models"].back()["repo"] = "other";
  auto r = compile_repos({{"platform", {{"platform.sched", kPlatform}}}, {"sales", {{"s.sched", model("sales", "0 7 * * *")}}}},
                         j.dump(4));
  ASSERT_EQ(codes(r), std::vector<std::string>{"SCH9009"}) << text_of(r);
  EXPECT_THAT(r.diagnostics.all()[0].message, HasSubstr("lists model `churn_scoring` twice"));
  ASSERT_EQ(r.diagnostics.all()[0].labels.size(), 1u);
}

TEST(Index, DeeplyNestedIndexIsALocatedError) {
  auto r = compile_repos({{"platform", {{"platform.sched", kPlatform}}}, {"sales", {{"s.sched", model("sales", "0 7 * * *")}}}},
                         std::string(1 << 20, '['));
  ASSERT_EQ(codes(r), std::vector<std::string>{"SCH9009"}) << text_of(r);
  EXPECT_THAT(r.diagnostics.all()[0].message, HasSubstr("nested more than"));
}

TEST(Index, CommandLine) {
  const fs::path dir = schedc::testing::fresh_test_dir();
  fs::create_directories(dir / "platform");
  fs::create_directories(dir / "sales");
  schedc::testing::write_file(dir / "platform" / "platform.sched", kPlatform);
  schedc::testing::write_file(dir / "sales" / "s.sched", model("sales", "0 7 * * *", "model churn_scorng check"));
  schedc::testing::write_file(dir / "index.json", org_index());
  schedc::testing::write_file(dir / "bad.json", "{\"schedc_index\": 1, \"models\": [");
  const std::string p = (dir / "platform").string(), s = (dir / "sales").string();
  // Unknown upstream with a did-you-mean over the organisation: exit 1.
  auto r = schedc::testing::schedc_run({"check", "--repo", "platform=" + p, "--repo", "sales=" + s, "--index", (dir / "index.json").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("did you mean `churn_scoring`, in repo `churn` (`models/churn.sched`)?"));
  // A corrupted index: exit 1, located in every format (json shown).
  r = schedc::testing::schedc_run({"check", "--repo", "platform=" + p, "--repo", "sales=" + s, "--index", (dir / "bad.json").string(),
                                   "--diagnostics-format", "json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out, HasSubstr("\"code\": \"SCH9009\""));
  EXPECT_THAT(r.out, HasSubstr("bad.json"));
  // A missing index: SCH9001, exit 1 (an input problem, not a usage error).
  r = schedc::testing::schedc_run({"check", "--repo", "platform=" + p, "--repo", "sales=" + s, "--index", (dir / "none.json").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("cannot read the organisation index"));
  // Clean: the success line counts the index's models.
  schedc::testing::write_file(dir / "sales" / "s.sched", model("sales", "0 7 * * *", "model churn_scoring wait 1h every 10m"));
  r = schedc::testing::schedc_run({"check", "--repo", "platform=" + p, "--repo", "sales=" + s, "--index", (dir / "index.json").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("ok: 1 model checked against 2 models of other repos in the index"));
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
