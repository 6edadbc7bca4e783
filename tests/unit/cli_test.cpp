// The schedc command line, driven in process: exit codes, atomic output, --check, explain, diagnostics formats.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <sys/stat.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tests/unit/temp_dir.hpp"
#include "tests/unit/cli_runner.hpp"
#include "cli/cli.hpp"
#include "cli/output.hpp"
#include "compiler/diagnostics.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

auto schedc(std::vector<std::string> args) { return schedc::testing::schedc_run(std::move(args)); }

std::string read(const fs::path& p) { return schedc::testing::read_file(p); }

void write(const fs::path& p, const std::string& text) { schedc::testing::write_file(p, text); }

const char* kPlatformOnly = R"(
workspace analytics {
  url         = "https://adb-1111111111111111.11.azuredatabricks.net"
  resource_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w"
}
)";

const char* kModelOnly = R"(
model nightly {
  owner     = "team@contoso.com"
  workspace = analytics
  notebook  = "/Repos/team/nightly"
  cluster   = { spark_version = "15.4.x-scala2.12"  node_type = "Standard_DS3_v2"  workers = 2 }
  schedule  = cron "0 3 * * *" in "UTC"
  timeout   = 1h
}
)";

const std::string kGood = std::string(kPlatformOnly) + kModelOnly;

class CliTest : public schedc::testing::TempDirTest {
 protected:
};

TEST_F(CliTest, VersionAndHelpExitZero) {
  auto v = schedc({"--version"});
  EXPECT_EQ(v.code, 0);
  EXPECT_THAT(v.out, HasSubstr("schedc "));
  EXPECT_THAT(v.out, HasSubstr("(tz database 20"));  // the tzdata version in use, e.g. 2025b
  auto h = schedc({"--help"});
  EXPECT_EQ(h.code, 0);
  EXPECT_THAT(h.out, HasSubstr("build"));
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(schedc({}).code, 2);
  EXPECT_EQ(schedc({"frobnicate"}).code, 2);
  EXPECT_EQ(schedc({"build", (dir / "x.sched").string()}).code, 2);  // --out missing
  auto missing = schedc({"check", (dir / "does-not-exist").string()});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, HasSubstr("does not exist"));
}

TEST_F(CliTest, CheckGoodFileExitsZero) {
  write(dir / "m.sched", kGood);
  auto r = schedc({"check", (dir / "m.sched").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("ok: 1 model checked"));
  EXPECT_EQ(r.err, "");
}

TEST_F(CliTest, BrokenFileGivesLocatedErrorAndExitOne) {
  write(dir / "m.sched", "model broken {\n  owner = \"a@b.com\"\n  ownr = \"x\"\n}\n");
  auto r = schedc({"check", "--color", "never", (dir / "m.sched").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[SCH1002]: unknown field `ownr` in model `broken`"));
  EXPECT_THAT(r.err, HasSubstr("m.sched:3:3"));
  EXPECT_THAT(r.err, HasSubstr("^^^^"));
  EXPECT_THAT(r.err, HasSubstr("help: did you mean `owner`?"));
  EXPECT_THAT(r.err, Not(HasSubstr("\x1b[")));
}

TEST_F(CliTest, JsonDiagnostics) {
  write(dir / "m.sched", "model broken {\n  ownr = \"x\"\n}\n");
  auto r = schedc({"check", "--diagnostics-format", "json", (dir / "m.sched").string()});
  EXPECT_EQ(r.code, 1);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], 1);
  ASSERT_GE(j["diagnostics"].size(), 1u);
  bool found = false;
  for (const auto& d : j["diagnostics"])
    if (d["code"] == "SCH1002") {
      found = true;
      EXPECT_EQ(d["location"]["line"], 2);
      EXPECT_EQ(d["location"]["column"], 3);
      EXPECT_EQ(d["severity"], "error");
    }
  EXPECT_TRUE(found) << r.out;
}

TEST_F(CliTest, BuildWritesOutputAndMarker) {
  write(dir / "src" / "m.sched", kGood);
  auto r = schedc({"build", (dir / "src").string(), "--out", (dir / "out").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "out" / schedc::cli::kMarkerFile));
  EXPECT_TRUE(fs::exists(dir / "out" / "adf" / "pipeline" / "pl_nightly.json"));
  EXPECT_TRUE(fs::exists(dir / "out" / "adf" / "trigger" / "tr_nightly.json"));
  // Nothing temporary is left beside the output.
  for (const auto& e : fs::directory_iterator(dir)) EXPECT_THAT(e.path().filename().string(), Not(HasSubstr("schedc-tmp")));
}

TEST_F(CliTest, FailedBuildLeavesPreviousOutputUntouched) {
  write(dir / "src" / "m.sched", kGood);
  ASSERT_EQ(schedc({"build", (dir / "src").string(), "--out", (dir / "out").string()}).code, 0);
  std::string before = read(dir / "out" / "adf" / "pipeline" / "pl_nightly.json");
  write(dir / "out" / "adf" / "extra.txt", "kept");  // even hand-made files stay when the build fails
  write(dir / "src" / "m.sched", kGood + "\nmodel oops {\n");
  auto r = schedc({"build", (dir / "src").string(), "--out", (dir / "out").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(read(dir / "out" / "adf" / "pipeline" / "pl_nightly.json"), before);
  EXPECT_EQ(read(dir / "out" / "adf" / "extra.txt"), "kept");
}

// Files are written as they are generated (OutputWriter): a build that stops half way (here an exception after
// some files were written, as an internal error would) leaves neither a temporary directory nor a changed output.
TEST_F(CliTest, AbandonedStreamingBuildLeavesNoTraceAndPreviousOutput) {
  ASSERT_TRUE(schedc::cli::write_output((dir / "out").string(), {{"a/kept.json", "old\n"}}).ok);
  try {
    schedc::cli::OutputWriter writer((dir / "out").string());
    ASSERT_TRUE(writer.open().ok);
    writer.add({"a/kept.json", "new\n"});
    writer.add({"b/c/new.json", "new\n"});
    throw std::runtime_error("generation failed");
  } catch (const std::runtime_error&) {
  }
  std::vector<std::string> entries;
  for (const auto& e : fs::directory_iterator(dir)) entries.push_back(e.path().filename().string());
  EXPECT_EQ(entries, std::vector<std::string>{"out"});  // no .out.schedc-tmp-* left
  EXPECT_EQ(read(dir / "out" / "a" / "kept.json"), "old\n");
  EXPECT_FALSE(fs::exists(dir / "out" / "b"));
}

// Several threads add files at once, into shared and separate folders; all arrive, and a write error is reported
// by commit() (the first in path order) without replacing the previous output.
TEST_F(CliTest, StreamingWriterTakesFilesFromSeveralThreads) {
  {
    schedc::cli::OutputWriter writer((dir / "out").string());
    ASSERT_TRUE(writer.open().ok);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 50; ++i)
          writer.add({fmt::format("f{}/shared/{}_{}.json", i % 3, t, i), fmt::format("{} {}\n", t, i)});
      });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(writer.files_written(), 200u);
    ASSERT_TRUE(writer.commit().ok);
  }
  EXPECT_EQ(read(dir / "out" / "f1" / "shared" / "3_4.json"), "3 4\n");
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "out")) files += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 201u);  // and the marker

  schedc::cli::OutputWriter failing((dir / "out").string());
  ASSERT_TRUE(failing.open().ok);
  failing.add({"z.json", "x\n"});
  failing.add({"z.json/under.json", "a file is in the way\n"});
  failing.add({"ok/under.json", "x\n"});
  failing.add({"a.json", "x\n"});
  failing.add({"a.json/under.json", "a file is in the way\n"});
  // Both fail; commit() reports the first in path order.
  const auto result = failing.commit();
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.error, HasSubstr("a.json: "));
  EXPECT_EQ(read(dir / "out" / "f1" / "shared" / "3_4.json"), "3 4\n");
}

// A rebuild links the files whose bytes did not change from the previous output (same inode and modification time)
// and writes the others; never a symbolic link or a file with other hard links, whatever the previous output holds.
TEST_F(CliTest, RebuildKeepsUnchangedFilesAndWritesChangedOnes) {
  write(dir / "src" / "m.sched", kGood);
  const auto out = dir / "out";
  ASSERT_EQ(schedc({"build", (dir / "src").string(), "--out", out.string()}).code, 0);
  auto inode = [](const fs::path& p) {
    struct stat info {};
    return ::lstat(p.c_str(), &info) == 0 ? info.st_ino : 0;
  };
  const auto pipeline = out / "adf" / "pipeline" / "pl_nightly.json";
  const auto trigger = out / "adf" / "trigger" / "tr_nightly.json";
  const auto pipeline_inode = inode(pipeline), trigger_inode = inode(trigger);
  const std::string pipeline_text = read(pipeline), trigger_text = read(trigger);
  // The previous output's linked service becomes a symbolic link to a copy, and its release file gets a second
  // hard link: both have the right bytes but must be written anew.
  const auto linked_service = out / "adf" / "linkedService" / "ls_dbx_analytics_nightly.json";
  ASSERT_TRUE(fs::exists(linked_service));
  const std::string linked_service_text = read(linked_service);
  write(dir / "copy.json", linked_service_text);
  fs::remove(linked_service);
  fs::create_symlink(dir / "copy.json", linked_service);
  fs::create_hard_link(out / "arm" / "release.json", dir / "release-link.json");
  const auto release_inode = inode(out / "arm" / "release.json");

  std::string src = kGood;
  src.replace(src.find("0 3 * * *"), 9, "0 4 * * *");
  write(dir / "src" / "m.sched", src);
  ASSERT_EQ(schedc({"build", (dir / "src").string(), "--out", out.string()}).code, 0);
  EXPECT_EQ(inode(pipeline), pipeline_inode);  // unchanged: linked
  EXPECT_EQ(read(pipeline), pipeline_text);
  EXPECT_NE(read(trigger), trigger_text);  // changed: written
  EXPECT_NE(inode(trigger), trigger_inode);
  EXPECT_FALSE(fs::is_symlink(linked_service));
  EXPECT_EQ(read(linked_service), linked_service_text);
  EXPECT_NE(inode(out / "arm" / "release.json"), release_inode);
  EXPECT_EQ(fs::hard_link_count(pipeline), 1u);  // the previous output is gone
  std::vector<std::string> entries;
  for (const auto& e : fs::directory_iterator(dir)) entries.push_back(e.path().filename().string());
  std::sort(entries.begin(), entries.end());
  EXPECT_EQ(entries, (std::vector<std::string>{"copy.json", "out", "release-link.json", "src"}));
  // And the result is what a build into an empty directory writes.
  ASSERT_EQ(schedc({"build", (dir / "src").string(), "--out", (dir / "fresh").string()}).code, 0);
  for (const auto& e : fs::recursive_directory_iterator(dir / "fresh"))
    if (e.is_regular_file()) {
      EXPECT_EQ(read(e.path()), read(out / fs::relative(e.path(), dir / "fresh"))) << e.path();
    }
}

TEST_F(CliTest, RefusesToReplaceForeignDirectory) {
  write(dir / "src" / "m.sched", kGood);
  write(dir / "mine" / "notes.txt", "precious");
  auto r = schedc({"build", (dir / "src").string(), "--out", (dir / "mine").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("refusing to replace"));
  EXPECT_EQ(read(dir / "mine" / "notes.txt"), "precious");
}

TEST_F(CliTest, CheckModeDetectsStaleOutputWithDiff) {
  write(dir / "src" / "m.sched", kGood);
  ASSERT_EQ(schedc({"build", (dir / "src").string(), "--out", (dir / "out").string()}).code, 0);
  auto fresh = schedc({"build", (dir / "src").string(), "--out", (dir / "out").string(), "--check"});
  EXPECT_EQ(fresh.code, 0) << fresh.err;
  EXPECT_THAT(fresh.out, HasSubstr("up to date"));

  std::string src = kGood;
  src.replace(src.find("0 3 * * *"), 9, "0 4 * * *");
  write(dir / "src" / "m.sched", src);
  write(dir / "out" / "adf" / "stray.json", "{}\n");
  auto stale = schedc({"build", (dir / "src").string(), "--out", (dir / "out").string(), "--check"});
  EXPECT_EQ(stale.code, 1);
  EXPECT_THAT(stale.err, HasSubstr("--- a/adf/trigger/tr_nightly.json"));
  EXPECT_THAT(stale.err, HasSubstr("-\t\t\t\t\t\t3"));
  EXPECT_THAT(stale.err, HasSubstr("+\t\t\t\t\t\t4"));
  EXPECT_THAT(stale.err, HasSubstr("adf/stray.json"));
  EXPECT_THAT(stale.err, HasSubstr("is stale"));
  // --check never writes.
  EXPECT_TRUE(fs::exists(dir / "out" / "adf" / "stray.json"));
}

TEST_F(CliTest, ExplainEveryCodeHasAPage) {
  for (const auto& c : schedc::diagnostic_codes()) {
    auto r = schedc({"explain", std::string(c.code)});
    EXPECT_EQ(r.code, 0) << c.code << ": " << r.err;
    EXPECT_THAT(r.out, HasSubstr(std::string("# ") + std::string(c.code) + ": " + std::string(c.title))) << c.code;
  }
  auto lower = schedc({"explain", "sch1002"});
  EXPECT_EQ(lower.code, 0);
  auto unknown = schedc({"explain", "SCH7777"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("not a schedc diagnostic code"));
  auto list = schedc({"explain", "--list"});
  EXPECT_THAT(list.out, HasSubstr("SCH1002  unknown field"));
}

TEST_F(CliTest, WarningsAsErrorsFlagIsAccepted) {
  write(dir / "m.sched", kGood);
  EXPECT_EQ(schedc({"check", "--warnings-as-errors", (dir / "m.sched").string()}).code, 0);
}

TEST(UnifiedDiff, ShowsHunksWithContext) {
  std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  std::string b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n";
  auto d = schedc::cli::unified_diff("f.txt", a, b);
  EXPECT_EQ(d, "--- a/f.txt\n+++ b/f.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

}  // namespace

namespace {

TEST_F(CliTest, NoSchedFilesIsSCH9002) {
  fs::create_directories(dir / "empty");
  auto r = schedc({"check", "--color", "never", (dir / "empty").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("warning[SCH9003]: no .sched files found in"));
  EXPECT_THAT(r.err, HasSubstr("error[SCH9002]: no .sched files to compile"));
}

TEST_F(CliTest, UnreadableInputIsSCH9001) {
  // A FIFO exists but is not a regular file: schedc must not block on it, and reports SCH9001.
  ASSERT_EQ(::mkfifo((dir / "pipe.sched").c_str(), 0600), 0);
  auto r = schedc({"check", "--color", "never", (dir / "pipe.sched").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[SCH9001]: cannot read input file"));
}

TEST_F(CliTest, SameFileUnderTwoSpellingsIsCompiledOnce) {
  write(dir / "src" / "m.sched", kGood);
  auto r = schedc({"check", (dir / "src").string(), (dir / "src" / "." / "m.sched").string(),
                   fs::absolute(dir / "src" / "m.sched").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("ok: 1 model checked"));
}

}  // namespace

namespace {

TEST_F(CliTest, UseOfAnAbsolutePath) {
  write(dir / "shared" / "platform.sched", kPlatformOnly);
  write(dir / "models" / "m.sched",
        "use \"" + fs::absolute(dir / "shared" / "platform.sched").generic_string() + "\"\n" + kModelOnly);
  auto r = schedc({"check", dir.string()});
  EXPECT_EQ(r.code, 0) << r.err;
  // The same file outside the directory given is out of reach (SCH2009, tests/unit/hostile_input_test.cpp).
  auto outside = schedc({"check", "--color", "never", (dir / "models").string()});
  EXPECT_EQ(outside.code, 1);
  EXPECT_THAT(outside.err, HasSubstr("error[SCH2009]"));
}

TEST_F(CliTest, FileReachedByUseAndGivenAsInputIsLoadedOnce) {
  write(dir / "sub" / "platform.sched", kPlatformOnly);
  write(dir / "a.sched", std::string("use \"sub/platform.sched\"\n") + kModelOnly);
  auto r = schedc({"check", fs::absolute(dir / "a.sched").string(), (dir / "sub" / "platform.sched").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("SCH4002")));
}

// SCH4012 is found while generating: `build` reports it with the compiler's diagnostics (one SARIF document), writes
// nothing and leaves the previous output as it was; `build --check` and `plan` report it too.
TEST_F(CliTest, ArmParameterLimitFailsTheBuildWithoutOutput) {
  const std::string input = std::string(SCHEDC_SOURCE_DIR) + "/tests/golden/errors/sch4012_arm_parameter_limit/input";
  ASSERT_TRUE(schedc::cli::write_output((dir / "out").string(), {{"a/kept.json", "old\n"}}).ok);
  auto r = schedc({"build", input, "--out", (dir / "out").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, ::testing::HasSubstr("error[SCH4012]: the ARM template would need 256 parameters"));
  EXPECT_THAT(r.err, ::testing::Not(::testing::HasSubstr("wrote")));
  std::vector<std::string> entries;
  for (const auto& e : fs::directory_iterator(dir)) entries.push_back(e.path().filename().string());
  EXPECT_EQ(entries, std::vector<std::string>{"out"});  // no temporary directory left
  EXPECT_EQ(read(dir / "out" / "a" / "kept.json"), "old\n");

  auto sarif = schedc({"build", input, "--out", (dir / "new").string(), "--diagnostics-format", "sarif"});
  EXPECT_EQ(sarif.code, 1);
  const auto doc = nlohmann::json::parse(sarif.out);  // one document
  ASSERT_EQ(doc.at("runs").at(0).at("results").size(), 1U);
  EXPECT_EQ(doc.at("runs").at(0).at("results").at(0).at("ruleId"), "SCH4012");
  EXPECT_FALSE(fs::exists(dir / "new"));

  EXPECT_EQ(schedc({"build", input, "--out", (dir / "out").string(), "--check"}).code, 1);
  auto plan = schedc({"plan", input, "--env", "prod"});
  EXPECT_EQ(plan.code, 1);
  EXPECT_THAT(plan.out + plan.err, ::testing::HasSubstr("SCH4012"));
}

}  // namespace
