// Issue 14, input side: what `check` reads of a hostile repository, and what it prints of it. A `use` reaches only
// .sched files inside the repos given (SCH2009), links found by the directory walk never lead out of them
// (SCH9001), nothing is read past 16 MiB or from a FIFO (SCH0006, SCH9001), `use` chains are bounded (SCH0006), and
// no name or line is printed at more than a bounded length.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/temp_dir.hpp"
#include "tests/unit/cli_runner.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

auto schedc(std::vector<std::string> args) { return schedc::testing::schedc_run(std::move(args)); }
void write(const fs::path& p, const std::string& text) { schedc::testing::write_file(p, text); }

const char* kPlatform = R"(
workspace analytics {
  url         = "https://adb-1111111111111111.11.azuredatabricks.net"
  resource_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w"
}
)";

std::string model(const std::string& name) {
  return fmt::format(R"(
model {} {{
  owner     = "team@contoso.com"
  workspace = analytics
  notebook  = "/Repos/team/{}"
  cluster   = {{ spark_version = "15.4.x-scala2.12"  node_type = "Standard_DS3_v2"  workers = 2 }}
  schedule  = cron "0 3 * * *" in "UTC"
  timeout   = 1h
}}
)",
                     name, name);
}

// A file that would print a secret if schedc ever compiled it: its first line is a syntax error, shown in the
// excerpt of SCH0001.
const char* kSecretLine = "TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n";

class HostileInputTest : public schedc::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    fs::create_directories(dir / "repo");
    write(dir / "repo" / "platform.sched", kPlatform);
    write(dir / "outside" / "secret.sched", kSecretLine);
    write(dir / "outside" / "secret.txt", kSecretLine);
    repo = (dir / "repo").string();
  }
  schedc::testing::CliRun check(std::vector<std::string> args) {
    args.insert(args.begin(), {"check", "--color", "never"});
    return schedc(std::move(args));
  }
  std::string repo;
};

// Finding 2: `use` of a file outside the repo (absolute, relative, through a link in the repo, a non-.sched file,
// a hidden directory) is SCH2009 at the `use`, and nothing of the file is printed.
TEST_F(HostileInputTest, UseReachesOnlySchedFilesInsideTheRepos) {
  fs::create_symlink(dir / "outside" / "secret.sched", dir / "repo" / "linked.sched.target");
  fs::create_directories(dir / "repo" / "lib");
  fs::create_symlink(dir / "outside", dir / "repo" / "lib" / "out");
  write(dir / "repo" / ".git" / "config.sched", kSecretLine);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/proc/self/environ", "does not name a `.sched` file"},
      {"/etc/shadow", "does not name a `.sched` file"},
      {(dir / "outside" / "secret.sched").string(), "reaches outside the directories being compiled"},
      {"../outside/secret.sched", "reaches outside the directories being compiled"},
      {"lib/out/secret.sched", "reaches outside the directories being compiled"},
      {"lib/../../outside/secret.sched", "reaches outside the directories being compiled"},
      {"../outside/secret.txt", "does not name a `.sched` file"},
      {".git/config.sched", "names a file in a hidden directory"},
  };
  for (const auto& [path, why] : cases) {
    write(dir / "repo" / "m.sched", "use \"" + path + "\"\n" + model("m"));
    auto r = check({repo});
    EXPECT_EQ(r.code, 1) << path;
    EXPECT_THAT(r.err, HasSubstr("error[SCH2009]: `use \"" + path + "\"` " + why)) << r.err;
    EXPECT_THAT(r.err, HasSubstr("m.sched:1:5")) << path;
    EXPECT_THAT(r.err, Not(HasSubstr("ghp_"))) << path;
    EXPECT_THAT(r.err, Not(HasSubstr("PATH="))) << path;
    EXPECT_THAT(r.err, Not(HasSubstr("root:"))) << path;
  }
  // Inside the repo, and in a second repo given alongside, a `use` is fine.
  fs::remove(dir / "repo" / "lib" / "out");
  write(dir / "shared" / "platform2.sched", "storage lake2 { url = \"https://lake2.dfs.core.windows.net\" }\n");
  write(dir / "repo" / "m.sched", "use \"platform.sched\"\nuse \"../shared/platform2.sched\"\n" + model("m"));
  auto two = check({repo, (dir / "shared").string()});
  EXPECT_EQ(two.code, 0) << two.err;
  auto one = check({repo});
  EXPECT_EQ(one.code, 1);
  EXPECT_THAT(one.err, HasSubstr("error[SCH2009]: `use \"../shared/platform2.sched\"` reaches outside"));
}

// Finding 10: links found by the directory walk are followed inside the repo, and anything else is a located
// error with its cause instead of a silent skip: a link to a directory or a file outside, a link loop, a FIFO.
TEST_F(HostileInputTest, TheWalkFollowsLinksInsideTheRepoAndNamesEverythingElse) {
  write(dir / "repo" / "real" / "a.sched", model("a"));
  write(dir / "repo" / "real" / "b.sched", model("b"));
  fs::create_symlink(dir / "repo" / "real", dir / "repo" / "linked");  // inside: followed, each file once
  fs::create_symlink(dir / "repo", dir / "repo" / "real" / "up");       // a link to an ancestor: no loop
  auto inside = check({repo});
  EXPECT_EQ(inside.code, 0) << inside.err;
  EXPECT_THAT(inside.out, HasSubstr("ok: 2 models checked"));

  fs::remove(dir / "repo" / "linked");
  write(dir / "elsewhere" / "c.sched", model("c"));
  fs::create_symlink(dir / "elsewhere", dir / "repo" / "vendored");
  fs::create_symlink(dir / "outside" / "secret.sched", dir / "repo" / "secret.sched");
  fs::create_symlink("loop.sched", dir / "repo" / "loop.sched");
  fs::create_symlink(dir / "nothing", dir / "repo" / "dangling.sched");
  ASSERT_EQ(::mkfifo((dir / "repo" / "pipe.sched").c_str(), 0600), 0);
  auto r = check({repo, "--diagnostics-format", "json"});
  EXPECT_EQ(r.code, 1) << r.out;
  const auto doc = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> found;  // file -> message
  for (const auto& d : doc["diagnostics"]) {
    EXPECT_EQ(d["code"], "SCH9001") << d.dump();
    ASSERT_TRUE(d["location"].is_object()) << d.dump();
    EXPECT_EQ(d["location"]["line"], 1);
    found[d["location"]["file"].get<std::string>()] = d["message"].get<std::string>();
  }
  const std::string base = (dir / "repo").generic_string() + "/";
  EXPECT_THAT(found[base + "vendored"], HasSubstr("symbolic link to a directory outside the directories given (not followed)"));
  EXPECT_THAT(found[base + "secret.sched"], HasSubstr("symbolic link to a file outside the directories given (not followed)"));
  EXPECT_THAT(found[base + "loop.sched"], HasSubstr("it is a symbolic link loop"));
  EXPECT_THAT(found[base + "dangling.sched"], HasSubstr("it is a symbolic link to nothing"));
  EXPECT_THAT(found[base + "pipe.sched"], HasSubstr("it is a FIFO, not a regular file"));
  EXPECT_EQ(found.size(), 5u) << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("ghp_")));

  // Given by name, a link that leads out of its directory is refused the same way.
  auto named = check({(dir / "repo" / "secret.sched").string()});
  EXPECT_EQ(named.code, 1);
  EXPECT_THAT(named.err, HasSubstr("error[SCH9001]: cannot read `"));
  EXPECT_THAT(named.err, Not(HasSubstr("ghp_")));
}

// Finding 10: a link loop given on the command line is named as such, not as a path that does not exist.
TEST_F(HostileInputTest, ALinkLoopOnTheCommandLineIsNamed) {
  fs::create_symlink(dir / "loop", dir / "loop");
  auto r = check({(dir / "loop").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("is a symbolic link loop"));
  fs::create_symlink(dir / "nothing", dir / "dangling");
  auto d = check({(dir / "dangling").string()});
  EXPECT_EQ(d.code, 2);
  EXPECT_THAT(d.err, HasSubstr("is a symbolic link to a path that does not exist"));
}

// Finding 5: the 16 MiB limit is checked before reading: a 3 GB sparse file costs nothing (reading it would take
// 3 GB of memory), as an input and as a used file; /proc files, whose size is 0, are read only up to the limit.
TEST_F(HostileInputTest, TooLargeFilesAreRefusedBeforeTheyAreRead) {
  const fs::path huge = dir / "repo" / "huge.sched";
  {
    std::ofstream f(huge, std::ios::binary);
  }
  fs::resize_file(huge, std::uintmax_t{3} << 30);
  auto r = check({repo});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[SCH0006]: the file is too large (3,221,225,472 bytes); the limit is 16 MiB"));
  EXPECT_THAT(r.err, HasSubstr("huge.sched:1:1"));
  fs::rename(huge, dir / "repo" / "lib.bin.sched");
  fs::create_directories(dir / "repo" / "m");
  write(dir / "repo" / "m" / "m.sched", "use \"../lib.bin.sched\"\n" + model("m"));
  auto used = check({repo});
  EXPECT_EQ(used.code, 1);
  EXPECT_THAT(used.err, HasSubstr("lib.bin.sched` used here is too large (3,221,225,472 bytes); the limit is 16 MiB"));
  EXPECT_THAT(used.err, HasSubstr("m.sched:1:5"));
}

// Finding 5: a 5 MB identifier is printed as its first bytes and its length, in the message and in the excerpt.
TEST_F(HostileInputTest, LongNamesAndLinesArePrintedCutShort) {
  const std::string name(5'000'000, 'x');
  write(dir / "repo" / "m.sched", name + " y {}\nmodel " + name + " { ownr = 1 }\n");
  auto r = check({repo});
  EXPECT_EQ(r.code, 1);
  EXPECT_LT(r.err.size(), 4000u) << r.err.substr(0, 4000);
  EXPECT_THAT(r.err, HasSubstr("unknown declaration kind `" + std::string(100, 'x') + "...` (5,000,000 bytes)"));
  EXPECT_THAT(r.err, HasSubstr("xxx..."));
  auto json = check({repo, "--diagnostics-format", "json"});
  EXPECT_LT(json.out.size(), 8000u);
}

// Finding 13's relative in the log: a quoted key with `\n` escapes put raw lines into a message, which GitHub runs as
// a workflow command (`::...` at the start of a line) and Azure Pipelines as a logging command (`##vso[`). Text
// diagnostics print messages and excerpts on one line each, with control characters and `##vso[` escaped.
TEST_F(HostileInputTest, DiagnosticsCannotInjectCiCommandsIntoTheLog) {
  write(dir / "repo" / "m.sched", std::string("workspace w {\n  url = \"https://adb-1.1.azuredatabricks.net\"\n"
                                              "  resource_id = \"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w\"\n}\n"
                                              "model m {\n  workspace = w\n  \"a\\n::error title=pwned::x\\n##vso[task.setvariable variable=X]y\\u{1B}[2J\" = 1\n}\n"));
  auto r = check({repo});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("unknown field `a\\x0a::error title=pwned::x\\x0a##vso\\x5btask.setvariable"));
  EXPECT_THAT(r.err, Not(HasSubstr("\n::error")));
  EXPECT_THAT(r.err, Not(HasSubstr("##vso[")));
  EXPECT_THAT(r.err, Not(HasSubstr("\x1b")));
}

// Finding 3 (the `use` part): a chain of 200 files each using the next is a located error at the 65th level, not
// a recursion as deep as the chain (10,000 files crashed schedc). Files that are inputs anyway are loaded.
TEST_F(HostileInputTest, UseChainsAreBounded) {
  fs::create_directories(dir / "chain");
  for (int i = 0; i < 200; ++i)
    write(dir / "chain" / fmt::format("f{:03}.sched", i), i + 1 < 200 ? fmt::format("use \"f{:03}.sched\"\n", i + 1) : "");
  auto r = check({(dir / "chain" / "f000.sched").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[SCH0006]: this `use` is 65 levels below an input file; the limit is 64"));
  EXPECT_THAT(r.err, HasSubstr("f064.sched:1:5"));
  auto all = check({(dir / "chain").string()});  // every file is an input: chains restart, nothing crashes
  EXPECT_EQ(all.code, 1);
  EXPECT_THAT(all.err, HasSubstr("SCH0006"));
}

}  // namespace
