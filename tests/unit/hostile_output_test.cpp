// Issue 14, output side: what `build`, `build --check`, `plan --scripts` and `--summary` do with an output
// directory that a hostile repository prepared (links to secrets, links to other directories, leftovers of killed
// runs, concurrent builds). Processes that block or are killed are tested in tests/e2e/hostile.sh.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "cli/output.hpp"
#include "cli/plan.hpp"
#include "tests/unit/temp_dir.hpp"
#include "tests/unit/cli_runner.hpp"

namespace fs = std::filesystem;
namespace codegen = schedc::codegen;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

auto schedc(std::vector<std::string> args) { return schedc::testing::schedc_run(std::move(args)); }
std::string read(const fs::path& p) { return schedc::testing::read_file(p); }
void write(const fs::path& p, const std::string& text) { schedc::testing::write_file(p, text); }

const char* kModel = R"(
workspace analytics {
  url         = "https://adb-1111111111111111.11.azuredatabricks.net"
  resource_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w"
}
model nightly {
  owner     = "team@contoso.com"
  workspace = analytics
  notebook  = "/Repos/team/nightly"
  cluster   = { spark_version = "15.4.x-scala2.12"  node_type = "Standard_DS3_v2"  workers = 2 }
  schedule  = cron "0 3 * * *" in "UTC"
  timeout   = 1h
}
)";

class HostileOutputTest : public schedc::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    write(dir / "src" / "m.sched", kModel);
    src = (dir / "src").string();
  }
  std::vector<std::string> entries(const fs::path& d) const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(d)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  std::string src;
};

// Finding 1: links committed in the output are named by --check, never followed: neither a secret file nor the
// process environment is printed.
TEST_F(HostileOutputTest, CheckNamesLinksInTheOutputWithoutFollowingThem) {
  const fs::path out = dir / "out";
  ASSERT_EQ(schedc({"build", src, "--out", out.string()}).code, 0);
  write(dir / "credentials", "https://user:ghp_SECRETTOKEN@github.com\n");
  const fs::path pipeline = out / "adf" / "pipeline" / "pl_nightly.json";
  fs::remove(pipeline);
  fs::create_symlink(dir / "credentials", pipeline);                       // a generated file's path
  fs::create_symlink("/proc/self/environ", out / "adf" / "pipeline" / "pl_zz.json");  // an unexpected one
  fs::create_symlink(dir, out / "adf" / "linkedService" / "up");            // a link to a directory
  ::setenv("SCHEDC_TEST_SECRET", "env-secret-value", 1);
  auto r = schedc({"build", src, "--out", out.string(), "--check"});
  ::unsetenv("SCHEDC_TEST_SECRET");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("adf/pipeline/pl_nightly.json: is a symbolic link (schedc never follows links in its output)"));
  EXPECT_THAT(r.err, HasSubstr("adf/pipeline/pl_zz.json: not generated, and is a symbolic link"));
  EXPECT_THAT(r.err, HasSubstr("adf/linkedService/up: not generated, and is a symbolic link"));
  EXPECT_THAT(r.err, HasSubstr("3 files differ"));
  EXPECT_THAT(r.err, Not(HasSubstr("SECRETTOKEN")));
  EXPECT_THAT(r.err, Not(HasSubstr("env-secret-value")));
  EXPECT_THAT(r.err, Not(HasSubstr("PATH=")));
  EXPECT_THAT(r.err, Not(HasSubstr("src/m.sched")));  // nothing of the linked directory
}

// Finding 1's relatives: the output directory itself a link (--check would list and print the whole target), a
// FIFO in it (reading it would block), a large file (read whole), control characters and Azure Pipelines logging
// commands in a committed file (printed raw into the CI log).
TEST_F(HostileOutputTest, CheckRefusesALinkedOutputAndNeverPrintsRawControlCharacters) {
  const fs::path out = dir / "out";
  ASSERT_EQ(schedc({"build", src, "--out", out.string()}).code, 0);
  fs::create_symlink(dir / "src", dir / "linked");
  auto linked = schedc({"build", src, "--out", (dir / "linked").string(), "--check"});
  EXPECT_EQ(linked.code, 2);
  EXPECT_THAT(linked.err, HasSubstr("is a symbolic link: schedc never follows a link in its output"));
  EXPECT_THAT(linked.err, Not(HasSubstr("workspace analytics")));
  auto slash = schedc({"build", src, "--out", (dir / "linked").string() + "/", "--check"});
  EXPECT_EQ(slash.code, 2);

  ASSERT_EQ(::mkfifo((out / "adf" / "pipe.json").c_str(), 0600), 0);
  write(out / "adf" / "inject.json", "a\x1b]0;title\x07\n##vso[task.setvariable variable=x]y\n");
  {
    std::ofstream big(out / "adf" / "big.json", std::ios::binary);
    big.seekp(100 * 1024 * 1024);  // 100 MB, sparse
    big.put('x');
  }
  auto r = schedc({"build", src, "--out", out.string(), "--check"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("adf/pipe.json: not generated, and is a FIFO (not read)"));
  EXPECT_THAT(r.err, HasSubstr("adf/big.json: not generated, and is a file of 104,857,601 bytes (not read)"));
  EXPECT_THAT(r.err, HasSubstr("-a\\x1b]0;title\\x07"));
  EXPECT_THAT(r.err, HasSubstr("-##vso\\x5btask.setvariable"));
  EXPECT_THAT(r.err, Not(HasSubstr("\x1b")));
  EXPECT_THAT(r.err, Not(HasSubstr("##vso[")));
}

// Finding 7: `--out LINK` to an earlier output is refused; the link, the target's files and the user's own file in
// it are untouched.
TEST_F(HostileOutputTest, BuildRefusesToWriteThroughALinkedOutput) {
  const fs::path real = dir / "real";
  ASSERT_EQ(schedc({"build", src, "--out", real.string()}).code, 0);
  write(real / "mine.txt", "my notes\n");
  const std::string pipeline = read(real / "adf" / "pipeline" / "pl_nightly.json");
  fs::create_symlink(real, dir / "link");
  for (const std::string& out : {(dir / "link").string(), (dir / "link").string() + "/"}) {
    auto r = schedc({"build", src, "--out", out});
    EXPECT_EQ(r.code, 2);
    EXPECT_THAT(r.err, HasSubstr("is a symbolic link: schedc never writes through a link"));
  }
  EXPECT_TRUE(fs::is_symlink(dir / "link"));
  EXPECT_EQ(read(real / "mine.txt"), "my notes\n");
  EXPECT_EQ(read(real / "adf" / "pipeline" / "pl_nightly.json"), pipeline);
  EXPECT_EQ(entries(dir), (std::vector<std::string>{"link", "real", "src"}));
}

// Finding 7's relative: links inside the previous output are neither reused nor followed when it is replaced: a
// linked folder's files survive, and the new output holds real files.
TEST_F(HostileOutputTest, LinksInsideThePreviousOutputAreNotFollowed) {
  const fs::path out = dir / "out";
  ASSERT_EQ(schedc({"build", src, "--out", out.string()}).code, 0);
  write(dir / "elsewhere" / "pipeline" / "pl_nightly.json", read(out / "adf" / "pipeline" / "pl_nightly.json"));
  write(dir / "elsewhere" / "keep.txt", "keep\n");
  fs::remove_all(out / "adf" / "pipeline");
  fs::create_symlink(dir / "elsewhere" / "pipeline", out / "adf" / "pipeline");
  fs::create_symlink(dir / "elsewhere", out / "adf" / "other");
  ASSERT_EQ(schedc({"build", src, "--out", out.string()}).code, 0);
  EXPECT_FALSE(fs::is_symlink(out / "adf" / "pipeline"));
  struct stat info {};
  ASSERT_EQ(::stat((out / "adf" / "pipeline" / "pl_nightly.json").c_str(), &info), 0);
  EXPECT_EQ(info.st_nlink, 1u);  // written, not linked from the other directory
  EXPECT_EQ(read(dir / "elsewhere" / "keep.txt"), "keep\n");
  EXPECT_TRUE(fs::exists(dir / "elsewhere" / "pipeline" / "pl_nightly.json"));
}

// Finding 8: `plan --scripts DIR` replaces a link at a script's path instead of writing through it: the file the
// link points to (mode 600) keeps its bytes and its mode. DIR itself a link is refused.
TEST_F(HostileOutputTest, PlanScriptsReplaceLinksInsteadOfWritingThroughThem) {
  write(dir / "secret.txt", "private\n");
  fs::permissions(dir / "secret.txt", fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  fs::create_directories(dir / "scripts");
  fs::create_symlink(dir / "secret.txt", dir / "scripts" / "stop-triggers.sh");
  auto r = schedc({"plan", src, "--scripts", (dir / "scripts").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read(dir / "secret.txt"), "private\n");
  EXPECT_EQ(fs::status(dir / "secret.txt").permissions(), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_FALSE(fs::is_symlink(dir / "scripts" / "stop-triggers.sh"));
  EXPECT_THAT(read(dir / "scripts" / "stop-triggers.sh"), HasSubstr("#!/usr/bin/env bash"));
  EXPECT_EQ(fs::status(dir / "scripts" / "stop-triggers.sh").permissions() & fs::perms::owner_exec, fs::perms::owner_exec);
  EXPECT_EQ(entries(dir / "scripts"),
            (std::vector<std::string>{"Start-Triggers.ps1", "Stop-Triggers.ps1", "start-triggers.sh", "stop-triggers.sh"}));

  fs::create_symlink(dir / "scripts", dir / "linked");
  auto linked = schedc({"plan", src, "--scripts", (dir / "linked").string()});
  EXPECT_EQ(linked.code, 2);
  EXPECT_THAT(linked.err, HasSubstr("is a symbolic link: schedc never writes through a link"));
}

// Finding 1's relative: `plan --base OLD` reads the previous release's output without following links, so a
// committed link to a secret is never parsed or printed (it counts as absent).
TEST_F(HostileOutputTest, PlanBaseDoesNotFollowLinks) {
  const fs::path out = dir / "out";
  ASSERT_EQ(schedc({"build", src, "--out", out.string()}).code, 0);
  fs::remove(out / "arm" / "release.json");
  const auto absent = schedc({"plan", src, "--base", out.string(), "--format", "json"});
  write(dir / "secret.txt", "GITHUB_TOKEN=ghp_secretsecretsecret\n");
  fs::create_symlink(dir / "secret.txt", out / "arm" / "release.json");
  const auto linked = schedc({"plan", src, "--base", out.string(), "--format", "json"});
  EXPECT_THAT(linked.out + linked.err, Not(HasSubstr("ghp_secret")));
  // The link counts as a missing file: its target is never opened, let alone parsed or printed.
  EXPECT_EQ(linked.code, 1);
  EXPECT_THAT(linked.err, HasSubstr("arm/release.json` is missing"));
  EXPECT_NE(absent.code, 0);
}

// Finding 8's relatives: names of a base template reach the plan's text and scripts. PowerShell also ends a
// single-quoted string at a typographic quote (U+2018-U+201B), so those are doubled like `'`; the text plan prints
// each name on one line, escaped.
TEST_F(HostileOutputTest, PlanScriptsAndTextQuoteHostileTriggerNames) {
  schedc::cli::ReleasePlan plan;
  plan.env = "prod";
  plan.factory = "adf-prod";
  plan.stop_before = {"tr_a\xE2\x80\x99; Remove-Item -Recurse C:/; \xE2\x80\x98", "tr_b\n::error::x"};
  const auto scripts = schedc::cli::plan_scripts(plan);
  const std::string& ps = scripts[2].content;
  ASSERT_EQ(scripts[2].path, "Stop-Triggers.ps1");
  EXPECT_THAT(ps, HasSubstr("'tr_a\xE2\x80\x99\xE2\x80\x99; Remove-Item -Recurse C:/; \xE2\x80\x98\xE2\x80\x98'"));
  EXPECT_THAT(scripts[0].content, HasSubstr("'tr_b\n::error::x'"));  // bash: literal inside single quotes
  const std::string text = schedc::cli::render_plan_text(plan);
  EXPECT_THAT(text, HasSubstr("  tr_b\\x0a::error::x\n"));
  EXPECT_THAT(text, Not(HasSubstr("\n::error")));
}

// Finding 8's relative: `--summary FILE` replaces a link at FILE instead of writing through it.
TEST_F(HostileOutputTest, SummaryReplacesALinkInsteadOfWritingThroughIt) {
  write(dir / "bashrc", "export X=1\n");
  fs::create_symlink(dir / "bashrc", dir / "summary.md");
  auto r = schedc({"check", src, "--summary", (dir / "summary.md").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read(dir / "bashrc"), "export X=1\n");
  EXPECT_FALSE(fs::is_symlink(dir / "summary.md"));
  EXPECT_FALSE(read(dir / "summary.md").empty());
}

// Finding 9: leftovers of killed runs beside the output are removed by the next build; those of another output
// directory are not touched, and a link among them is removed, not followed.
TEST_F(HostileOutputTest, LeftoversOfKilledBuildsAreRemovedByTheNextBuild) {
  const fs::path out = dir / "out";
  ASSERT_EQ(schedc({"build", src, "--out", out.string()}).code, 0);
  write(dir / ".out.schedc-tmp-0badc0de" / "adf" / "x.json", "half written\n");
  write(dir / ".out.schedc-old-12345678" / "adf" / "x.json", "set aside\n");
  fs::create_symlink(dir / "src", dir / ".out.schedc-tmp-link");
  write(dir / ".other.schedc-tmp-11111111" / "x", "another output's\n");
  ASSERT_EQ(schedc({"build", src, "--out", out.string()}).code, 0);
  EXPECT_EQ(entries(dir), (std::vector<std::string>{".other.schedc-tmp-11111111", "out", "src"}));
  EXPECT_TRUE(fs::exists(dir / "src" / "m.sched"));  // the link was removed, not its target
}

// Finding 9: concurrent writers into one output directory are serialised: every one succeeds, the output is
// complete and nothing is left beside it (tests/e2e/hostile.sh does the same with processes).
TEST_F(HostileOutputTest, ConcurrentWritersIntoOneOutputAllSucceed) {
  const fs::path out = dir / "out";
  codegen::OutputFiles files;
  for (int i = 0; i < 40; ++i) files.push_back({"adf/f" + std::to_string(i % 4) + "/" + std::to_string(i) + ".json", "x\n"});
  std::vector<std::string> errors(6);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < errors.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i)
        if (auto r = schedc::cli::write_output(out.string(), files); !r.ok) errors[t] = r.error;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors, std::vector<std::string>(errors.size()));
  EXPECT_EQ(entries(dir), (std::vector<std::string>{"out", "src"}));
  EXPECT_EQ(schedc::cli::compare_output(out.string(), files).size(), 0u);
}

}  // namespace
