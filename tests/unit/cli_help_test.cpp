// A command line that helps (issue 18, item 4): did-you-mean for subcommands and options, `check` and `build`
// without PATHS, a byte-order mark, and `schedc init`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/unit/temp_dir.hpp"
#include "tests/unit/cli_runner.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using schedc::testing::read_file;
using schedc::testing::schedc_run_in;
using schedc::testing::write_file;

namespace {

auto schedc(std::vector<std::string> args) { return schedc::testing::schedc_run(std::move(args)); }

class CliHelp : public schedc::testing::TempDirTest {};

TEST_F(CliHelp, UnknownSubcommandsAndOptionsGetADidYouMean) {
  auto sub = schedc({"chek"});
  EXPECT_EQ(sub.code, 2);
  EXPECT_EQ(sub.err, "schedc: error: unknown subcommand `chek`\nhelp: did you mean `schedc check`? Run `schedc --help` for every subcommand\n");
  auto opt = schedc({"check", "--diagnostic-format", "json", "."});
  EXPECT_EQ(opt.code, 2);
  EXPECT_EQ(opt.err, "schedc: error: unknown option `--diagnostic-format` for `schedc check`\nhelp: did you mean "
                     "`--diagnostics-format`? Run `schedc check --help` for its options\n");
  auto eq = schedc({"fmt", "--chek=1"});
  EXPECT_THAT(eq.err, HasSubstr("unknown option `--chek` for `schedc fmt`"));
  EXPECT_THAT(eq.err, HasSubstr("did you mean `--check`?"));
  auto before = schedc({"--diagnostics-format", "json", "check"});
  EXPECT_EQ(before.code, 2);
  EXPECT_THAT(before.err, HasSubstr("`--diagnostics-format` goes after the subcommand"));
  auto far = schedc({"frobnicate"});
  EXPECT_THAT(far.err, HasSubstr("unknown subcommand `frobnicate`\nhelp: the subcommands are check, build, plan, next, graph, diff, fmt, init, explain"));
  auto none = schedc({});
  EXPECT_EQ(none.code, 2);
  EXPECT_THAT(none.err, HasSubstr("a subcommand is required: check, build"));
  // A bad value of a known option keeps CLI11's precise message.
  auto value = schedc({"check", "--diagnostics-format", "yaml", "."});
  EXPECT_EQ(value.code, 2);
  EXPECT_THAT(value.err, HasSubstr("yaml"));
  EXPECT_THAT(value.err, Not(HasSubstr("did you mean")));
}

TEST_F(CliHelp, CheckAndBuildDefaultToTheCurrentDirectory) {
  ASSERT_EQ(schedc({"init", dir.string()}).code, 0);
  auto check = schedc_run_in(dir, {"check"});
  EXPECT_EQ(check.code, 0) << check.err;
  EXPECT_EQ(check.out, "ok: 1 model checked\n");
  auto build = schedc_run_in(dir, {"build", "--out", "out", "--check"});
  EXPECT_EQ(build.code, 0) << build.err;
}

TEST_F(CliHelp, AByteOrderMarkIsAcceptedAndIsNoColumn) {
  write_file(dir / "a.sched", "\xEF\xBB\xBFmodel m { ownr = 1 }\n");
  auto r = schedc({"check", (dir / "a.sched").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, Not(HasSubstr("SCH0005")));
  EXPECT_THAT(r.err, HasSubstr("a.sched:1:11"));  // `ownr`, counted without the BOM
  EXPECT_THAT(r.err, HasSubstr("1 | model m { ownr = 1 }\n  |           ^^^^"));
  auto f = schedc({"fmt", (dir / "a.sched").string()});
  EXPECT_EQ(f.code, 0) << f.err;
  EXPECT_EQ(read_file(dir / "a.sched"), "model m { ownr = 1 }\n");  // fmt drops the BOM
}

TEST_F(CliHelp, InitScaffoldsARepositoryThatPassesItsOwnGates) {
  auto r = schedc({"init", (dir / "repo").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("wrote platform.sched, example_model.sched, .github/workflows/schedc.yml and out/"));
  const fs::path repo = dir / "repo";
  EXPECT_THAT(read_file(repo / "example_model.sched"), HasSubstr("use \"platform.sched\"\n"));
  const std::string workflow = read_file(repo / ".github" / "workflows" / "schedc.yml");
  EXPECT_THAT(workflow, HasSubstr("schedc build . --out out --check"));
  EXPECT_THAT(workflow, HasSubstr("schedc fmt . --check --diff"));
  // On a pull request: the base commit beside the sources (hidden, so `schedc check .` skips it), and its diff.
  EXPECT_THAT(workflow, HasSubstr("ref: ${{ github.event.pull_request.base.sha }}\n          path: .schedc-base"));
  EXPECT_THAT(workflow, HasSubstr("schedc diff --base .schedc-base --format markdown"));
  EXPECT_THAT(workflow, HasSubstr("gh pr comment \"$PR_NUMBER\" --edit-last --create-if-none"));
  const std::string version_line = schedc({"--version"}).out;  // "schedc 0.1.0 (tz database ...)"
  const std::string version = version_line.substr(7, version_line.find(' ', 7) - 7);
  EXPECT_THAT(workflow, HasSubstr("SCHEDC_VERSION: \"" + version + "\""));
  EXPECT_THAT(workflow, HasSubstr("${{ github.token }}"));
  // What its CI runs passes as written, warnings included.
  auto check = schedc_run_in(repo, {"check", ".", "--warnings-as-errors"});
  EXPECT_EQ(check.code, 0) << check.out << check.err;
  EXPECT_EQ(schedc_run_in(repo, {"build", ".", "--out", "out", "--check"}).code, 0);
  EXPECT_EQ(schedc_run_in(repo, {"fmt", ".", "--check"}).code, 0);
  fs::create_directories(repo / ".schedc-base");
  fs::copy(repo / "platform.sched", repo / ".schedc-base" / "platform.sched");
  fs::copy(repo / "example_model.sched", repo / ".schedc-base" / "example_model.sched");
  auto diff = schedc_run_in(repo, {"diff", "--base", ".schedc-base", "--format", "markdown", "--exit-code"});
  EXPECT_EQ(diff.code, 0) << diff.out << diff.err;  // the base is not read as the head's (a hidden folder)
  EXPECT_THAT(diff.out, HasSubstr("no model changed (1 unchanged)"));
  fs::remove_all(repo / ".schedc-base");
  // A second init refuses and writes nothing.
  write_file(repo / "example_model.sched", "# mine\n");
  auto again = schedc({"init", repo.string()});
  EXPECT_EQ(again.code, 2);
  EXPECT_THAT(again.err, HasSubstr("already has platform.sched, example_model.sched, .github/workflows/schedc.yml, out"));
  EXPECT_EQ(read_file(repo / "example_model.sched"), "# mine\n");
}

TEST_F(CliHelp, InitForAzureDevOpsAndNeverThroughALink) {
  auto r = schedc({"init", (dir / "ado").string(), "--ci", "azure-devops"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string pipeline = read_file(dir / "ado" / "azure-pipelines.yml");
  EXPECT_THAT(pipeline, HasSubstr("schedc check . --diagnostics-format azure-devops"));
  EXPECT_FALSE(fs::exists(dir / "ado" / ".github"));
  // A `.github` that is a link to elsewhere is never written through.
  fs::create_directories(dir / "elsewhere");
  fs::create_directories(dir / "linked");
  fs::create_directory_symlink(dir / "elsewhere", dir / "linked" / ".github");
  auto linked = schedc({"init", (dir / "linked").string()});
  EXPECT_EQ(linked.code, 2);
  EXPECT_THAT(linked.err, HasSubstr("symbolic link"));
  EXPECT_TRUE(fs::is_empty(dir / "elsewhere"));
  EXPECT_FALSE(fs::exists(dir / "linked" / "platform.sched"));  // nothing written
}

}  // namespace

namespace {

// Allowances on the command line: the text summary counts what is allowed, --warnings-as-errors leaves it alone,
// and an allowance without a reason fails the run.
TEST_F(CliHelp, AllowedWarningsAreCountedNotPrintedNorPromoted) {
  ASSERT_EQ(schedc({"init", dir.string()}).code, 0);
  std::string model = read_file(dir / "example_model.sched");
  const std::string schedule = "  schedule = cron \"0 6 * * *\" in \"Europe/Amsterdam\"";
  ASSERT_NE(model.find(schedule), std::string::npos);
  const std::string dst = "  schedule = cron \"30 2 * * *\" in \"Europe/Amsterdam\"";
  model.replace(model.find(schedule), schedule.size(), dst);
  write_file(dir / "example_model.sched", model);
  auto warned = schedc({"check", dir.string(), "--warnings-as-errors"});
  EXPECT_EQ(warned.code, 1);  // SCH3008, promoted
  const std::string allowed = "  # schedc allow SCH3008: the 03:00 run on the day the clocks go forward is fine\n" + dst;
  model.replace(model.find(dst), dst.size(), allowed);
  write_file(dir / "example_model.sched", model);
  auto r = schedc({"check", dir.string(), "--warnings-as-errors"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("schedc: 1 warning allowed\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("SCH3008")));
  auto gh = schedc({"check", dir.string(), "--diagnostics-format", "github"});
  EXPECT_EQ(gh.out, "");
  auto sarif = schedc({"check", dir.string(), "--diagnostics-format", "sarif"});
  EXPECT_THAT(sarif.out, HasSubstr("\"kind\": \"inSource\""));
  model.replace(model.find(": the 03:00 run"), std::string(": the 03:00 run on the day the clocks go forward is fine").size(), "");
  write_file(dir / "example_model.sched", model);
  auto bare = schedc({"check", dir.string()});
  EXPECT_EQ(bare.code, 1);
  EXPECT_THAT(bare.err, HasSubstr("error[SCH1017]: the allowance of SCH3008 gives no reason"));
}

}  // namespace
