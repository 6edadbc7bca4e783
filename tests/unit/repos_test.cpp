// Repos as inputs and the CI diagnostic formats, driven through the command line in process: repo names and
// rendering, the repo errors SCH9004-SCH9008 (checked against their explain pages), independence from the order of
// repos and files (the shuffle test), --warnings-as-errors and --summary with every format, and the escaping of
// the CI systems' logging commands.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/formats.hpp"
#include "cli/inputs.hpp"
#include "compiler/diagnostics.hpp"
#include "tests/unit/temp_dir.hpp"
#include "tests/unit/cli_runner.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

const fs::path kRoot = SCHEDC_SOURCE_DIR;

auto schedc(std::vector<std::string> args) { return schedc::testing::schedc_run(std::move(args)); }

std::string read(const fs::path& p) { return schedc::testing::read_file(p); }

void write(const fs::path& p, const std::string& text) { schedc::testing::write_file(p, text); }

std::string model(const std::string& name, const std::string& extra = "") {
  return "model " + name + R"( {
  owner     = "team@contoso.com"
  notebook  = "/Repos/team/)" + name + R"("
  cluster   = { spark_version = "15.4.x-scala2.12"  node_type = "Standard_DS3_v2"  workers = 2 }
  schedule  = cron "0 3 * * *" in "UTC"
)" + extra + R"(  timeout   = 1h
}
)";
}

const std::string kPlatform = read(kRoot / "tests/golden/repos/cycle_across_repos/input/platform/platform.sched");

// Runs in a fresh temporary directory, which is also the working directory (restored afterwards).
class ReposTest : public schedc::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    saved = fs::current_path();
    fs::current_path(dir);
  }
  void TearDown() override {
    fs::current_path(saved);
    TempDirTest::TearDown();
  }
  fs::path saved;
};

TEST_F(ReposTest, OneDirectoryKeepsTheSingleRepoRendering) {
  write("models/platform.sched", kPlatform);
  write("models/a.sched", model("a") + model("a"));
  auto r = schedc({"check", "models"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr(" --> models/a.sched:"));
  EXPECT_THAT(r.err, Not(HasSubstr("models:")));
  auto j = nlohmann::json::parse(schedc({"check", "models", "--diagnostics-format", "json"}).out);
  EXPECT_FALSE(j["diagnostics"][0]["location"].contains("repo"));
}

TEST_F(ReposTest, TwoDirectoriesAreTwoReposNamedAfterThem) {
  write("checkouts/churn/platform.sched", kPlatform);
  write("checkouts/churn/models/a.sched", model("a"));
  write("checkouts/sales/b.sched", model("A"));
  auto r = schedc({"check", "checkouts/churn", "checkouts/sales"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr(" --> sales:b.sched:1:7"));
  EXPECT_THAT(r.err, HasSubstr(" ::: churn:models/a.sched:1:7"));
  auto j = nlohmann::json::parse(schedc({"check", "checkouts/churn", "checkouts/sales", "--diagnostics-format", "json"}).out);
  EXPECT_EQ(j["diagnostics"][0]["location"]["repo"], "sales");
  EXPECT_EQ(j["diagnostics"][0]["location"]["file"], "b.sched");
  // GitHub and Azure DevOps open the file where it is, and the message names repo and path.
  auto gh = schedc({"check", "checkouts/churn", "checkouts/sales", "--diagnostics-format", "github"});
  EXPECT_THAT(gh.out, HasSubstr("::error file=checkouts/sales/b.sched,line=1,col=7,"));
  EXPECT_THAT(gh.out, HasSubstr("at sales:b.sched:1:7"));
}

TEST_F(ReposTest, RepoFlagNamesTheRepoAndCombinesWithDirectories) {
  write("x/platform.sched", kPlatform);
  write("y/models/b.sched", model("b", "  requires { model missing_one check }\n"));
  auto r = schedc({"check", "--repo", "core=x", "y"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr(" --> y:models/b.sched:"));
  EXPECT_EQ(schedc({"check", "--repo", "core=x", "--repo", "models=y", "--diagnostics-format", "json"}).code, 1);
}

TEST_F(ReposTest, InnermostRepoOwnsAFileAndFilesInsideReposAreNotDuplicated) {
  write("org/platform.sched", kPlatform);
  write("org/team/t.sched", model("t"));
  auto r = schedc({"check", "--repo", "org=org", "--repo", "team=org/team", "org/team/t.sched", "--diagnostics-format", "json"});
  EXPECT_EQ(r.code, 0) << r.err << r.out;
  write("org/team/u.sched", model("t"));
  auto j = nlohmann::json::parse(schedc({"check", "--repo", "org=org", "--repo", "team=org/team", "--diagnostics-format", "json"}).out);
  ASSERT_EQ(j["diagnostics"].size(), 1u);
  EXPECT_EQ(j["diagnostics"][0]["location"]["repo"], "team");
  EXPECT_EQ(j["diagnostics"][0]["location"]["file"], "u.sched");
}

TEST_F(ReposTest, UseOfAFileInAnotherRepoNamesItByThatRepo) {
  write("shared/platform.sched", kPlatform);
  write("shared/bad.sched", "workspace w {}\n");
  write("churn/a.sched", "use \"../shared/bad.sched\"\n" + model("a"));
  auto r = schedc({"check", "churn", "shared"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("shared:bad.sched:1:"));
  EXPECT_THAT(r.err, Not(HasSubstr("churn:../shared")));
}

// The example of each repo error's explain page, run as the page shows it, prints exactly the page's output.
struct PageExample {
  std::string code;
  std::vector<std::string> args;
  std::vector<std::string> dirs;  // directories (with a .sched file) to create first
  std::string cwd = ".";
};

std::string page_output(const std::string& code) {
  std::string page(*schedc::explain_page(code));
  auto start = page.find("```text\n");
  auto end = page.find("```", start + 8);
  return page.substr(start + 8, end - start - 8);
}

TEST_F(ReposTest, RepoErrorsPrintWhatTheirPagesShowAndExitTwo) {
  const std::vector<PageExample> examples = {
      {"SCH9004", {"check", "--repo", "churn", "../churn-models", "--repo", "sales=../sales-models"}, {"churn-models", "sales-models"}, "work"},
      {"SCH9005", {"check", "../churn/models", "../sales/models"}, {"churn/models", "sales/models"}, "work"},
      {"SCH9006", {"check", "--repo", "churn=../churn-modles"}, {"churn-models"}, "work"},
      {"SCH9007", {"check", "--repo", "churn=../churn-models", "../shared/platform.sched"}, {"churn-models", "shared"}, "work"},
      {"SCH9008", {"check", "--repo", "churn=../models", "--repo", "sales=../models"}, {"models"}, "work"},
  };
  for (const auto& e : examples) {
    fs::remove_all(dir / "case");
    fs::create_directories(dir / "case" / e.cwd);
    for (const auto& d : e.dirs) write(dir / "case" / d / "platform.sched", kPlatform);
    fs::current_path(dir / "case" / e.cwd);
    auto r = schedc(e.args);
    fs::current_path(dir);
    EXPECT_EQ(r.code, 2) << e.code << ": " << r.err;
    std::string shown = r.err.substr(0, r.err.find("  = run `schedc explain"));
    EXPECT_EQ(shown, page_output(e.code)) << e.code;
    EXPECT_THAT(r.err, HasSubstr("schedc: failed: 1 error")) << e.code;
  }
}

TEST_F(ReposTest, RepoErrorsComeInTheChosenFormat) {
  auto r = schedc({"check", "--repo", "bad name=.", "--diagnostics-format", "sarif"});
  EXPECT_EQ(r.code, 2);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["runs"][0]["results"][0]["ruleId"], "SCH9004");
  EXPECT_FALSE(j["runs"][0]["results"][0].contains("locations"));
}

TEST(RepoNames, Rules) {
  EXPECT_TRUE(schedc::cli::valid_repo_name("churn"));
  EXPECT_TRUE(schedc::cli::valid_repo_name("churn-models_2.x"));
  EXPECT_TRUE(schedc::cli::valid_repo_name("_x"));
  EXPECT_FALSE(schedc::cli::valid_repo_name(""));
  EXPECT_FALSE(schedc::cli::valid_repo_name(".hidden"));
  EXPECT_FALSE(schedc::cli::valid_repo_name("a:b"));
  EXPECT_FALSE(schedc::cli::valid_repo_name("a b"));
  EXPECT_FALSE(schedc::cli::valid_repo_name("a/b"));
  EXPECT_FALSE(schedc::cli::valid_repo_name("caf\xC3\xA9"));
}

// ---- the shuffle test ---------------------------------------------------------------------------------------------

// Four repos with diagnostics in several of them (unknown upstreams, a cycle across repos, and labels in other
// repos), written in a given order of repos and of files within them.
void write_org(const fs::path& root, std::vector<std::string> order) {
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> repos = {
      {"platform", {{"platform.sched", kPlatform}}},
      {"churn", {{"models/scoring.sched", model("churn_scoring", "  requires { model customer_features check }\n")},
                 {"models/extra.sched", model("churn_extra", "  requires { model churn_scorng check }\n")},
                 {"a.sched", model("churn_a")}}},
      {"features", {{"customer_features.sched", model("customer_features", "  requires { model churn_scoring check }\n")},
                    {"z/late.sched", model("features_late", "  requires { model nope check }\n")}}},
      {"sales", {{"s.sched", model("sales_s", "  requires { model churn_a check }\n")}}},
  };
  for (const auto& name : order) {
    auto files = repos.at(name);
    if (name.size() % 2) std::reverse(files.begin(), files.end());  // another order of files, too
    for (const auto& [path, text] : files) write(root / name / path, text);
  }
}

TEST_F(ReposTest, ShuffleGivesIdenticalBytesInEveryFormat) {
  std::vector<std::string> names = {"churn", "features", "platform", "sales"};
  std::mt19937 rng(42);
  std::map<std::string, std::string> first;  // format -> output
  for (int round = 0; round < 6; ++round) {
    std::vector<std::string> order = names;
    std::shuffle(order.begin(), order.end(), rng);
    fs::path root = dir / ("org" + std::to_string(round));
    write_org(root, order);
    fs::current_path(root);
    // Alternate between plain directories and --repo, in the shuffled order.
    std::vector<std::string> args = {"check"};
    for (std::size_t i = 0; i < order.size(); ++i) {
      if ((i + static_cast<std::size_t>(round)) % 2) {
        args.push_back(order[i]);
      } else {
        args.push_back("--repo");
        args.push_back(order[i] + "=" + order[i]);
      }
    }
    for (const char* format : {"text", "json", "sarif", "github", "azure-devops"}) {
      auto a = args;
      a.insert(a.end(), {"--diagnostics-format", format, "--summary", (dir / "summary.md").string(), "--color", "never"});
      auto r = schedc(a);
      EXPECT_EQ(r.code, 1) << format;
      std::string got = r.out + "\n--stderr--\n" + r.err + "\n--summary--\n" + read(dir / "summary.md");
      if (round == 0) {
        first[format] = got;
        EXPECT_THAT(got, HasSubstr("features")) << format;
      } else {
        EXPECT_EQ(got, first[format]) << format << ", order " << ::testing::PrintToString(order);
      }
    }
    fs::current_path(dir);
  }
}

TEST_F(ReposTest, ShuffleGivesIdenticalBuildOutput) {
  std::vector<std::string> names = {"churn", "features", "platform", "sales"};
  auto good_org = [&](const fs::path& root, std::vector<std::string> order) {
    for (const auto& name : order) {
      if (name == "platform") write(root / name / "platform.sched", kPlatform);
      if (name == "churn") write(root / name / "m/c.sched", model("churn_scoring"));
      if (name == "features") write(root / name / "f.sched", model("features", "  requires { model churn_scoring check }\n"));
      if (name == "sales") write(root / name / "s.sched", model("sales", "  requires { model features wait 1h every 10m }\n"));
    }
  };
  std::string reference;
  std::mt19937 rng(7);
  for (int round = 0; round < 4; ++round) {
    std::vector<std::string> order = names;
    std::shuffle(order.begin(), order.end(), rng);
    fs::path root = dir / ("good" + std::to_string(round));
    good_org(root, order);
    fs::current_path(root);
    std::vector<std::string> args = {"build", "--out", "out"};
    for (const auto& n : order) args.insert(args.end(), {"--repo", n + "=" + n});
    auto r = schedc(args);
    ASSERT_EQ(r.code, 0) << r.err;
    std::string all;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator("out"))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) all += f.generic_string() + "\n" + read(f);
    if (round == 0) reference = all;
    else EXPECT_EQ(all, reference) << "order " << ::testing::PrintToString(order);
    fs::current_path(dir);
  }
  EXPECT_THAT(reference, HasSubstr("pl_sales"));
}

// ---- formats ------------------------------------------------------------------------------------------------------

TEST_F(ReposTest, WarningsAsErrorsWorksWithEveryFormat) {
  write("m/platform.sched", kPlatform);
  write("m/a.sched", model("a"));
  fs::create_directories("empty");
  auto plain = schedc({"check", "m/a.sched", "m/platform.sched", "empty", "--diagnostics-format", "github"});
  EXPECT_EQ(plain.code, 0);
  EXPECT_THAT(plain.out, HasSubstr("::warning title=SCH9003::"));
  std::map<std::string, std::string> expect = {
      {"text", "error[SCH9003]"},
      {"json", "\"severity\": \"error\""},
      {"sarif", "\"level\": \"error\""},
      {"github", "::error title=SCH9003::"},
      {"azure-devops", "##vso[task.logissue type=error;code=SCH9003]"},
  };
  for (const auto& [format, needle] : expect) {
    auto r = schedc({"check", "m/a.sched", "m/platform.sched", "empty", "--warnings-as-errors", "--diagnostics-format", format});
    EXPECT_EQ(r.code, 1) << format;
    EXPECT_THAT(r.out + r.err, HasSubstr(needle)) << format;
  }
  auto ado = schedc({"check", "m/a.sched", "m/platform.sched", "empty", "--warnings-as-errors", "--diagnostics-format", "azure-devops"});
  EXPECT_THAT(ado.out, HasSubstr("##vso[task.complete result=Failed;]"));
  auto ado_warn = schedc({"check", "m/a.sched", "m/platform.sched", "empty", "--diagnostics-format", "azure-devops"});
  EXPECT_THAT(ado_warn.out, HasSubstr("type=warning"));
  EXPECT_THAT(ado_warn.out, Not(HasSubstr("task.complete")));
}

TEST_F(ReposTest, SummaryFileAndGithubStepSummary) {
  write("m/platform.sched", kPlatform);
  write("m/a.sched", model("a") + model("a"));
  auto r = schedc({"check", "m", "--summary", "s.md"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(read("s.md"), HasSubstr("### schedc: 1 error"));
  EXPECT_THAT(read("s.md"), HasSubstr("| error | SCH4001 | `m/a.sched:"));
  write("step.md", "earlier step\n");
  ::setenv("GITHUB_STEP_SUMMARY", (dir / "step.md").c_str(), 1);
  schedc({"check", "m", "--diagnostics-format", "github"});
  schedc({"check", "m", "--diagnostics-format", "text"});  // only the github format writes the step summary
  ::unsetenv("GITHUB_STEP_SUMMARY");
  std::string step = read("step.md");
  EXPECT_EQ(step.rfind("earlier step\n### schedc: 1 error", 0), 0u) << step;
  EXPECT_EQ(step.find("### schedc", 20), std::string::npos) << "appended once";
}

TEST(CiEscaping, GithubAndAzureDevOps) {
  using namespace schedc::cli;
  EXPECT_EQ(github_escape_data("50% a\r\nb:c,d"), "50%25 a%0D%0Ab:c,d");
  EXPECT_EQ(github_escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
  EXPECT_EQ(ado_escape_data("50% a\r\nb;c]"), "50%AZP25 a%0D%0Ab;c]");
  EXPECT_EQ(ado_escape_property("a;b]c%\n"), "a%3Bb%5Dc%AZP25%0A");
  EXPECT_EQ(uri_encode_path("dir/a b#%.sched"), "dir/a%20b%23%25.sched");
}

TEST_F(ReposTest, MessagesWithCommandCharactersAreEscaped) {
  // A file whose name holds `,` `:` `;` `]` and `%`: none may end a property or the command early.
  write("m/platform.sched", kPlatform);
  write("m/a,b:c;d]e%f.sched", model("a") + model("a"));
  auto gh = schedc({"check", "m", "--diagnostics-format", "github"});
  EXPECT_THAT(gh.out, HasSubstr("::error file=m/a%2Cb%3Ac;d]e%25f.sched,line="));
  auto ado = schedc({"check", "m", "--diagnostics-format", "azure-devops"});
  EXPECT_THAT(ado.out, HasSubstr("sourcepath=m/a,b:c%3Bd%5De%AZP25f.sched;linenumber="));
  auto sarif = nlohmann::json::parse(schedc({"check", "m", "--diagnostics-format", "sarif"}).out);
  EXPECT_EQ(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "m/a%2Cb%3Ac%3Bd%5De%25f.sched");
}

}  // namespace

namespace {

TEST(CiFormats, NextCronDiagnosticsComeInTheChosenFormat) {
  auto r = schedc({"next", "--cron", "99 * * * *", "--tz", "UTC", "--diagnostics-format", "azure-devops"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("##vso[task.logissue type=error;sourcepath=<--cron>;linenumber=1;columnnumber=1;code=SCH3001]"));
  auto s = schedc({"next", "--cron", "99 * * * *", "--tz", "UTC", "--diagnostics-format", "sarif"});
  EXPECT_EQ(nlohmann::json::parse(s.err)["runs"][0]["results"][0]["ruleId"], "SCH3001");
}

}  // namespace
