// `schedc fmt` on disk: which files it rewrites, --check, --diff, syntax errors, links and permissions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "tests/unit/temp_dir.hpp"
#include "tests/unit/cli_runner.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using schedc::testing::read_file;
using schedc::testing::write_file;

namespace {

auto schedc(std::vector<std::string> args) { return schedc::testing::schedc_run(std::move(args)); }

const std::string kUgly = "model m {  owner=\"a@b.c\" # who\n timeout = 1h }\n";
const std::string kPretty = "model m {\n  owner   = \"a@b.c\"  # who\n  timeout = 1h\n}\n";

class FmtCli : public schedc::testing::TempDirTest {
 protected:
};

TEST_F(FmtCli, RewritesOnlyUnformattedSchedFilesKeepingPermissions) {
  write_file(dir / "a.sched", kUgly);
  write_file(dir / "sub" / "b.sched", kPretty);
  write_file(dir / "notes.txt", kUgly);
  ::chmod((dir / "a.sched").c_str(), 0640);
  const auto before_b = fs::last_write_time(dir / "sub" / "b.sched");
  auto r = schedc({"fmt", dir.string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("formatted 1 of 2 files"));
  EXPECT_EQ(read_file(dir / "a.sched"), kPretty);
  EXPECT_EQ(read_file(dir / "notes.txt"), kUgly);
  EXPECT_EQ(fs::last_write_time(dir / "sub" / "b.sched"), before_b);  // an already formatted file is not rewritten
  struct stat st {};
  ASSERT_EQ(::stat((dir / "a.sched").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640U);
  for (const auto& e : fs::directory_iterator(dir))  // no temporary file left behind
    EXPECT_THAT(e.path().filename().string(), Not(HasSubstr("tmp")));
}

TEST_F(FmtCli, CheckListsAndFailsWithoutWriting) {
  write_file(dir / "a.sched", kUgly);
  write_file(dir / "b.sched", kPretty);
  auto r = schedc({"fmt", "--check", dir.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, (dir / "a.sched").string() + "\n");
  EXPECT_THAT(r.err, HasSubstr("1 of 2 files is not formatted"));
  EXPECT_EQ(read_file(dir / "a.sched"), kUgly);
  write_file(dir / "a.sched", kPretty);
  auto ok = schedc({"fmt", "--check", dir.string()});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(ok.out, "");
}

TEST_F(FmtCli, DiffPrintsAUnifiedDiffWithoutWriting) {
  write_file(dir / "a.sched", kUgly);
  auto r = schedc({"fmt", "--diff", (dir / "a.sched").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("-model m {  owner=\"a@b.c\" # who\n"));
  EXPECT_THAT(r.out, HasSubstr("+  owner   = \"a@b.c\"  # who\n"));
  EXPECT_EQ(read_file(dir / "a.sched"), kUgly);
  EXPECT_EQ(schedc({"fmt", "--diff", "--check", (dir / "a.sched").string()}).code, 1);
}

TEST_F(FmtCli, SyntaxErrorsAreReportedAndTheFileLeftUntouched) {
  const std::string broken = "model m {\n  owner = \n";
  write_file(dir / "bad.sched", broken);
  write_file(dir / "a.sched", kUgly);
  auto r = schedc({"fmt", dir.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[SCH0001]"));
  EXPECT_THAT(r.err, HasSubstr("bad.sched:2:10"));
  EXPECT_THAT(r.out, HasSubstr("(1 with syntax errors, left as it was)"));
  EXPECT_EQ(read_file(dir / "bad.sched"), broken);
  EXPECT_EQ(read_file(dir / "a.sched"), kPretty);  // the others are still formatted
  auto json = schedc({"fmt", "--check", "--diagnostics-format", "json", dir.string()});
  EXPECT_EQ(json.code, 1);
  EXPECT_THAT(json.out, HasSubstr("\"code\": \"SCH0001\""));
}

TEST_F(FmtCli, NeverRewritesASymbolicLink) {
  write_file(dir / "real" / "a.sched", kUgly);
  fs::create_directories(dir / "repo");
  fs::create_symlink(dir / "real" / "a.sched", dir / "repo" / "link.sched");
  auto r = schedc({"fmt", (dir / "repo").string()});
  EXPECT_NE(r.code, 0);
  EXPECT_EQ(read_file(dir / "real" / "a.sched"), kUgly);  // the link leads outside the directory given: not read
  EXPECT_TRUE(fs::is_symlink(dir / "repo" / "link.sched"));
  fs::create_directories(dir / "inside");
  write_file(dir / "inside" / "a.sched", kUgly);
  fs::create_symlink("a.sched", dir / "inside" / "b.sched");
  auto in = schedc({"fmt", (dir / "inside" / "b.sched").string()});
  EXPECT_NE(in.code, 0);
  EXPECT_THAT(in.err, HasSubstr("symbolic link"));
  EXPECT_TRUE(fs::is_symlink(dir / "inside" / "b.sched"));
  EXPECT_EQ(read_file(dir / "inside" / "a.sched"), kUgly);
}

TEST_F(FmtCli, DefaultsToTheCurrentDirectory) {
  write_file(dir / "a.sched", kUgly);
  auto r = schedc::testing::schedc_run_in(dir, {"fmt"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_file(dir / "a.sched"), kPretty);
}

}  // namespace
