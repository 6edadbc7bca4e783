// `schedc diff`: the fire-time set difference, the comparison of two compiled projects (compiler/diff/), and the
// command's goldens (tests/golden/diff/<case>/: `schedc diff --base ../base` run in head/, `args` one argument per
// line, expected/stdout.txt, .md and .json, and, for a head that cannot be read, expected/stderr.* in every diagnostics
// format).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/diff.hpp"
#include "compiler/diff/diff.hpp"
#include "compiler/schedule/tz/timezone.hpp"
#include "tests/unit/cli_runner.hpp"
#include "tests/unit/sched_sources.hpp"
#include "tests/unit/temp_dir.hpp"

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using schedc::schedule::Instant;

namespace {

auto schedc(std::vector<std::string> args) { return schedc::testing::schedc_run(std::move(args)); }

Instant at(const char* utc) { return *schedc::schedule::parse_utc(utc); }

// ---- the fire-time set difference ------------------------------------------------------------------------------------

TEST(FireDelta, AddedAndRemovedAreTheOneSidedInstants) {
  const std::vector<Instant> before{at("2026-03-01T01:00:00Z"), at("2026-03-02T01:00:00Z"), at("2026-03-03T01:00:00Z")};
  const std::vector<Instant> after{at("2026-03-02T01:00:00Z"), at("2026-03-03T01:00:00Z"), at("2026-03-03T02:00:00Z")};
  const auto d = schedc::diff::fire_delta(before, after);
  EXPECT_THAT(d.added, ElementsAre(at("2026-03-03T02:00:00Z")));
  EXPECT_THAT(d.removed, ElementsAre(at("2026-03-01T01:00:00Z")));
  EXPECT_FALSE(d.empty());
}

TEST(FireDelta, SameSetsAndDuplicatesGiveNothing) {
  const std::vector<Instant> a{at("2026-03-01T01:00:00Z"), at("2026-03-01T01:00:00Z"), at("2026-03-02T01:00:00Z")};
  const std::vector<Instant> b{at("2026-03-01T01:00:00Z"), at("2026-03-02T01:00:00Z")};
  EXPECT_TRUE(schedc::diff::fire_delta(a, b).empty());
  EXPECT_TRUE(schedc::diff::fire_delta({}, {}).empty());
  const auto added = schedc::diff::fire_delta({}, b);
  EXPECT_EQ(added.added, b);
  EXPECT_TRUE(added.removed.empty());
  const auto removed = schedc::diff::fire_delta(b, {});
  EXPECT_EQ(removed.removed, b);
  EXPECT_TRUE(removed.added.empty());
}

// ---- the comparison: models declared but not lowered, diagnostics fixed -----------------------------------------------

schedc::diff::DiagnosticEntry entry(const std::string& code, schedc::Severity severity, const std::string& model) {
  schedc::diff::DiagnosticEntry e;
  e.code = code;
  e.severity = severity;
  e.file = "p.sched";
  e.location = "p.sched:1:1";
  e.model = model;
  e.message = "a message";
  return e;
}

TEST(DiffResult, ModelsDeclaredButNotLoweredAreListedWithoutFires) {
  static const schedc::ir::Project kEmpty;  // lowering ran, and lowered no model
  schedc::diff::Side base, head;
  base.project = head.project = &kEmpty;
  base.declared = {{"gone", {}, "gone", "", "../base/p.sched"}, {"both", {}, "both", "", "../base/p.sched"}};
  head.declared = {{"new", {}, "new", "", "p.sched"}, {"both", {}, "both", "", "p.sched"}};
  base.errors = head.errors = 2;
  const auto r = schedc::diff::diff(base, head, at("2026-03-01T00:00:00Z"));
  ASSERT_EQ(r.models.size(), 2u);
  EXPECT_EQ(r.models[0].key, "gone");
  EXPECT_EQ(r.models[0].status, schedc::diff::Status::Removed);
  EXPECT_TRUE(r.models[0].base_errors);
  EXPECT_EQ(r.models[0].file, "../base/p.sched");
  EXPECT_EQ(r.models[1].key, "new");
  EXPECT_EQ(r.models[1].status, schedc::diff::Status::Added);
  EXPECT_TRUE(r.models[1].head_errors);
  EXPECT_EQ(r.models[1].file, "p.sched");
  for (const auto& m : r.models) {
    EXPECT_FALSE(m.before || m.after) << m.key;
    EXPECT_FALSE(m.fire_times_known()) << m.key;
    EXPECT_TRUE(m.delta.empty()) << m.key;
  }
  EXPECT_THAT(r.not_compared, ElementsAre("both"));  // errors on both sides
}

TEST(DiffResult, FixedIsTheBaseOnlyKeysJudgedWhenTheHeadHasNoErrors) {
  static const schedc::ir::Project kEmpty;
  schedc::diff::Side base, head;
  base.project = head.project = &kEmpty;
  base.diagnostics = {entry("SCH1004", schedc::Severity::Error, "m"), entry("SCH3008", schedc::Severity::Warning, "n")};
  head.diagnostics = {entry("SCH3008", schedc::Severity::Warning, "n"), entry("SCH1018", schedc::Severity::Warning, "")};
  auto r = schedc::diff::diff(base, head, at("2026-03-01T00:00:00Z"));
  EXPECT_TRUE(r.fixed_judged);
  ASSERT_EQ(r.fixed_diagnostics.size(), 1u);
  EXPECT_EQ(r.fixed_diagnostics[0].code, "SCH1004");
  ASSERT_EQ(r.new_diagnostics.size(), 1u);
  EXPECT_EQ(r.new_diagnostics[0].code, "SCH1018");
  // The same warning on another line is the same diagnostic: not fixed, not new.
  head.diagnostics[0].location = "p.sched:40:1";
  EXPECT_EQ(schedc::diff::diff(base, head, at("2026-03-01T00:00:00Z")).fixed_diagnostics.size(), 1u);
  head.errors = 1;  // with errors, not every check ran on the head: nothing is judged fixed
  r = schedc::diff::diff(base, head, at("2026-03-01T00:00:00Z"));
  EXPECT_FALSE(r.fixed_judged);
  EXPECT_TRUE(r.fixed_diagnostics.empty());
  head.errors = 0;
  head.project = nullptr;  // a head that cannot be read
  EXPECT_TRUE(schedc::diff::diff(base, head, at("2026-03-01T00:00:00Z")).fixed_diagnostics.empty());
}

// The head's warnings are new only against a base that compiled: with errors, the base's whole-project checks did
// not run, so a warning the head has may have been there already. New errors are listed either way.
TEST(DiffResult, NewWarningsAreJudgedOnlyAgainstABaseWithoutErrors) {
  static const schedc::ir::Project kEmpty;
  schedc::diff::Side base, head;
  base.project = head.project = &kEmpty;
  head.diagnostics = {entry("SCH7001", schedc::Severity::Warning, "m"), entry("SCH1004", schedc::Severity::Error, "n")};
  auto r = schedc::diff::diff(base, head, at("2026-03-01T00:00:00Z"));
  EXPECT_TRUE(r.new_warnings_judged);
  EXPECT_EQ(r.new_diagnostics.size(), 2u);
  base.errors = 1;
  r = schedc::diff::diff(base, head, at("2026-03-01T00:00:00Z"));
  EXPECT_FALSE(r.new_warnings_judged);
  ASSERT_EQ(r.new_diagnostics.size(), 1u);
  EXPECT_EQ(r.new_diagnostics[0].code, "SCH1004");
  base.errors = 0;
  base.project = nullptr;  // a base that cannot be read
  EXPECT_FALSE(schedc::diff::diff(base, head, at("2026-03-01T00:00:00Z")).new_warnings_judged);
}

// ---- the command ------------------------------------------------------------------------------------------------------

using schedc::testing::Cwd;

const std::string kPlatform =
    std::string("project { workspace = analytics }\n") + schedc::testing::kAnalyticsWorkspaceAndSmallCluster;

// Each test that writes files gets a fresh directory, `dir` (tests/unit/temp_dir.hpp).
class DiffCommand : public schedc::testing::TempDirTest {
 protected:
  // The changes `schedc diff --format json` finds in the one model of `base` and `head` (p.sched after kPlatform).
  nlohmann::json changes_between(const std::string& base, const std::string& head) {
    schedc::testing::write_file(dir / "base" / "p.sched", std::string(kPlatform) + base);
    schedc::testing::write_file(dir / "head" / "p.sched", std::string(kPlatform) + head);
    Cwd cwd(dir / "head");
    auto r = schedc({"diff", "--base", "../base", "--from", "2026-03-01", "--format", "json"});
    EXPECT_EQ(r.code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["models"].size(), 1u) << r.out;
    return doc["models"].size() == 1 ? doc["models"][0]["changes"] : nlohmann::json::array();
  }
};

class DiffMarkdown : public schedc::testing::TempDirTest {};

std::string model(const std::string& name, const std::string& cron, const std::string& zone = "UTC") {
  return "model " + name + " {\n  owner = \"ds@contoso.com\"\n  notebook = \"/Repos/ds/" + name +
         "\"\n  cluster = small\n  schedule = cron \"" + cron + "\" in \"" + zone + "\"\n  timeout = 1h\n}\n";
}

TEST_F(DiffCommand, HourlyScheduleListsTenFiresAndCountsTheRest) {
  schedc::testing::write_file(dir / "base" / "p.sched", std::string(kPlatform) + model("m", "0 6 * * *"));
  schedc::testing::write_file(dir / "head" / "p.sched", std::string(kPlatform) + model("m", "0 * * * *"));
  Cwd cwd(dir / "head");
  auto r = schedc({"diff", "--base", "../base", "--from", "2026-03-01", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["models"].size(), 1u);
  // 30 days of hourly fires (720) against 30 daily ones at 06:00: 690 added, none removed.
  EXPECT_EQ(doc["models"][0]["fire_times"]["added_count"], 690);
  EXPECT_EQ(doc["models"][0]["fire_times"]["added"].size(), 690u);
  EXPECT_EQ(doc["models"][0]["fire_times"]["removed_count"], 0);
  auto text = schedc({"diff", "--base", "../base", "--from", "2026-03-01"});
  EXPECT_THAT(text.out, HasSubstr("690 added, 0 removed"));
  EXPECT_THAT(text.out, HasSubstr("... and 680 more"));
}

// A model that runs an existing Databricks job (`job = "NAME"`, issue 15): renaming the job it runs is a change.
TEST_F(DiffCommand, TheExistingJobAModelRunsIsCompared) {
  const auto existing = [](const std::string& job) {
    return "model m {\n  owner = \"ds@contoso.com\"\n  job = \"" + job +
           "\"\n  schedule = cron \"0 6 * * *\" in \"UTC\"\n  timeout = 1h\n}\n";
  };
  const auto changes = changes_between(existing("feature refresh"), existing("feature refresh v2"));
  ASSERT_EQ(changes.size(), 1u) << changes.dump(2);
  EXPECT_EQ(changes[0]["field"], "existing job");
  EXPECT_EQ(changes[0]["before"], "feature refresh");
  EXPECT_EQ(changes[0]["after"], "feature refresh v2");
  EXPECT_EQ(changes[0]["secondary"], false);
}

// Tags (the pipeline's annotations, the job's tags) and the description are compared as secondary fields.
TEST_F(DiffCommand, TagsAndDescriptionAreCompared) {
  const auto tagged = [](const std::string& extra) {
    return "model m {\n  owner = \"ds@contoso.com\"\n  notebook = \"/Repos/m/run\"\n  cluster = small\n" + extra +
           "  schedule = cron \"0 6 * * *\" in \"UTC\"\n  timeout = 1h\n}\n";
  };
  const auto changes = changes_between(tagged("  tags = [\"churn\"]\n"),
                                       tagged("  tags = [\"churn\", \"gdpr\"]\n  description = \"Scores churn\"\n"));
  ASSERT_EQ(changes.size(), 2u) << changes.dump(2);
  EXPECT_EQ(changes[0]["field"], "tags");
  EXPECT_EQ(changes[0]["before"], "churn");
  EXPECT_EQ(changes[0]["after"], "churn, gdpr");
  EXPECT_EQ(changes[0]["secondary"], true);
  EXPECT_EQ(changes[1]["field"], "description");
  EXPECT_TRUE(changes[1]["before"].is_null());  // none on that side
  EXPECT_EQ(changes[1]["after"], "Scores churn");
}

TEST_F(DiffCommand, NoDifferenceExitsZeroAndWithExitCodeToo) {
  schedc::testing::write_file(dir / "base" / "p.sched", std::string(kPlatform) + model("m", "0 6 * * *"));
  // A comment, and the same schedule spelt otherwise (every day of the week, every month by name range).
  schedc::testing::write_file(dir / "head" / "p.sched",
                              std::string(kPlatform) + "\n# a comment\n" + model("m", "00 6 * JAN-DEC 0-6"));
  Cwd cwd(dir / "head");
  const std::vector<std::string> args{"diff", "--base", "../base", "--from", "2026-03-01", "--exit-code"};
  auto r = schedc(args);
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("no model changed (1 unchanged)"));
  schedc::testing::write_file(dir / "head" / "p.sched", std::string(kPlatform) + model("m", "0 7 * * *"));
  EXPECT_EQ(schedc(args).code, 1);
  auto args_without = args;
  args_without.pop_back();
  EXPECT_EQ(schedc(args_without).code, 0);
}

TEST_F(DiffCommand, UsageErrors) {
  schedc::testing::write_file(dir / "head" / "p.sched", std::string(kPlatform) + model("m", "0 6 * * *"));
  Cwd cwd(dir);
  auto no_base = schedc({"diff", "head"});
  EXPECT_EQ(no_base.code, 2);
  EXPECT_THAT(no_base.err, HasSubstr("--base DIR"));
  auto missing = schedc({"diff", "--base", "nope", "head"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, HasSubstr("is not a directory"));
  auto absolute = schedc({"diff", "--base", "head", (dir / "head").string()});
  EXPECT_EQ(absolute.code, 2);
  EXPECT_THAT(absolute.err, HasSubstr("is absolute"));
  auto bad_from = schedc({"diff", "--base", "head", "head", "--from", "soon"});
  EXPECT_EQ(bad_from.code, 2);
}

TEST_F(DiffCommand, BaseSymlinkOutsideIsNotFollowed) {
  schedc::testing::write_file(dir / "outside" / "secret.sched", std::string(kPlatform) + model("hidden", "0 6 * * *"));
  schedc::testing::write_file(dir / "base" / "p.sched", std::string(kPlatform) + model("m", "0 6 * * *"));
  fs::create_symlink(dir / "outside" / "secret.sched", dir / "base" / "link.sched");
  schedc::testing::write_file(dir / "head" / "p.sched", std::string(kPlatform) + model("m", "0 6 * * *"));
  Cwd cwd(dir / "head");
  auto r = schedc({"diff", "--base", "../base", "--from", "2026-03-01", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("hidden")));
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_GT(doc["base"]["errors"].get<int>(), 0);  // the link is reported in the base (SCH9001), not read
}

TEST_F(DiffCommand, ValuesFromTheSourcesCannotDriveATerminalOrACiLog) {
  const std::string with_param = "model m {\n  owner = \"ds@contoso.com\"\n  notebook = \"/Repos/ds/m\" {\n    x = ";
  const std::string rest = "\n  }\n  cluster = small\n  schedule = cron \"0 6 * * *\" in \"UTC\"\n  timeout = 1h\n}\n";
  schedc::testing::write_file(dir / "base" / "p.sched", std::string(kPlatform) + with_param + "\"a\"" + rest);
  schedc::testing::write_file(dir / "head" / "p.sched",
                              std::string(kPlatform) + with_param + "\"\\u{1b}[31m ##vso[task.complete result=Failed] | </details>\"" + rest);
  Cwd cwd(dir / "head");
  for (const char* format : {"text", "markdown"}) {
    auto r = schedc({"diff", "--base", "../base", "--from", "2026-03-01", "--format", format});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("parameters")) << format;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << format;
    EXPECT_EQ(r.out.find("##vso["), std::string::npos) << format;
  }
  auto md = schedc({"diff", "--base", "../base", "--from", "2026-03-01", "--format", "markdown"});
  EXPECT_THAT(md.out, HasSubstr("&lt;/details&gt;"));
  EXPECT_THAT(md.out, HasSubstr("\\|"));
}

TEST_F(DiffCommand, ABaseWithASyntaxErrorComparesNoModelAndSaysSo) {
  schedc::testing::write_file(dir / "base" / "p.sched", std::string(kPlatform) + "model m {\n");
  schedc::testing::write_file(dir / "head" / "p.sched", std::string(kPlatform) + model("m", "0 6 * * *"));
  Cwd cwd(dir / "head");
  auto r = schedc({"diff", "--base", "../base", "--from", "2026-03-01", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_FALSE(doc["base"]["lowered"].get<bool>());
  EXPECT_GT(doc["base"]["errors"].get<int>(), 0);
  EXPECT_TRUE(doc["models"].empty());  // nothing is "added" because the base could not be read
  auto text = schedc({"diff", "--base", "../base", "--from", "2026-03-01"});
  EXPECT_THAT(text.out, HasSubstr("the base did not compile (1 error) and its models could not be read"));
}

TEST_F(DiffCommand, ReposAreMatchedByName) {
  const fs::path b = dir / "base", h = dir / "head";
  schedc::testing::write_file(b / "platform" / "p.sched", kPlatform);
  schedc::testing::write_file(h / "platform" / "p.sched", kPlatform);
  schedc::testing::write_file(b / "churn" / "m.sched", model("churn_m", "0 6 * * *"));
  schedc::testing::write_file(h / "churn" / "m.sched", model("churn_m", "0 7 * * *"));
  schedc::testing::write_file(b / "sales" / "m.sched", model("sales_m", "0 6 * * *"));
  schedc::testing::write_file(h / "sales" / "m.sched", "# moved down\n" + model("sales_m", "0 6 * * *"));
  auto r = schedc({"diff", "--repo", "platform=" + (h / "platform").string(), "--repo", "churn=" + (h / "churn").string(),
                   "--repo", "sales=" + (h / "sales").string(), "--base-repo", "platform=" + (b / "platform").string(),
                   "--base-repo", "churn=" + (b / "churn").string(), "--base-repo", "sales=" + (b / "sales").string(),
                   "--from", "2026-03-01", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["models"].size(), 1u) << r.out;
  EXPECT_EQ(doc["models"][0]["model"], "churn_m");
  EXPECT_EQ(doc["models"][0]["repo"], "churn");
  EXPECT_EQ(doc["models"][0]["file"], "churn:m.sched");
  EXPECT_EQ(doc["summary"]["unchanged"], 1);
  EXPECT_TRUE(doc["new_diagnostics"].empty()) << r.out;
  // --repo without the base's repos is a usage error.
  auto half = schedc({"diff", "--repo", "churn=" + (h / "churn").string(), "--base", b.string()});
  EXPECT_EQ(half.code, 2);
  EXPECT_THAT(half.err, HasSubstr("--base-repo"));
}

TEST_F(DiffMarkdown, TruncatesWholeModelsWithANote) {
  std::string base = kPlatform, head = kPlatform;
  for (int i = 0; i < 400; ++i) {
    base += model("model_" + std::to_string(i), "0 6 * * *");
    head += model("model_" + std::to_string(i), "0 * * * *", "Europe/Amsterdam");
  }
  schedc::testing::write_file(dir / "base" / "p.sched", base);
  schedc::testing::write_file(dir / "head" / "p.sched", head);
  Cwd cwd(dir / "head");
  auto r = schedc({"diff", "--base", "../base", "--from", "2026-03-01", "--format", "markdown"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_LE(r.out.size(), schedc::cli::kMarkdownLimit);
  EXPECT_THAT(r.out, HasSubstr("**Truncated**"));
  // Every <details> that was opened is closed.
  std::size_t open = 0, close = 0;
  for (auto p = r.out.find("<details>"); p != std::string::npos; p = r.out.find("<details>", p + 1)) ++open;
  for (auto p = r.out.find("</details>"); p != std::string::npos; p = r.out.find("</details>", p + 1)) ++close;
  EXPECT_EQ(open, close);
  EXPECT_GT(open, 0u);
}

// ---- models that do not compile on one side, and diagnostics fixed ----------------------------------------------------

// A model without `timeout` is an error of its declaration: it is declared but not lowered.
std::string model_without_timeout(const std::string& name, const std::string& cron) {
  return "model " + name + " {\n  owner = \"ds@contoso.com\"\n  notebook = \"/Repos/ds/" + name +
         "\"\n  cluster = small\n  schedule = cron \"" + cron + "\" in \"UTC\"\n}\n";
}

class DiffErrors : public schedc::testing::TempDirTest {
 protected:
  // Writes both sides, runs `schedc diff --base ../base` in head/ with `format`, and returns its result.
  auto run(const std::string& base, const std::string& head, const std::string& format) {
    schedc::testing::write_file(dir / "base" / "p.sched", std::string(kPlatform) + base);
    schedc::testing::write_file(dir / "head" / "p.sched", std::string(kPlatform) + head);
    Cwd cwd(dir / "head");
    return schedc({"diff", "--base", "../base", "--from", "2026-03-01", "--format", format});
  }
  nlohmann::json json(const std::string& base, const std::string& head) {
    auto r = run(base, head, "json");
    EXPECT_EQ(r.code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
};

TEST_F(DiffErrors, AnAddedModelWithErrorsIsAddedWithItsErrorsAndNoFires) {
  const std::string base = model("m", "0 6 * * *"), head = base + model_without_timeout("n", "0 7 * * *");
  const auto doc = json(base, head);
  ASSERT_EQ(doc["models"].size(), 1u) << doc.dump(2);
  const auto& n = doc["models"][0];
  EXPECT_EQ(n["model"], "n");
  EXPECT_EQ(n["status"], "added");
  EXPECT_TRUE(n["after"].is_null());
  EXPECT_EQ(n["lowered"]["head"], false);
  EXPECT_TRUE(n["lowered"]["base"].is_null());
  EXPECT_EQ(n["fire_times"]["known"], false);
  EXPECT_EQ(doc["summary"]["added"], 1);
  ASSERT_EQ(doc["new_diagnostics"].size(), 1u);
  EXPECT_EQ(doc["new_diagnostics"][0]["model"], "n");
  const auto text = run(base, head, "text");
  EXPECT_THAT(text.out, HasSubstr("added model `n` (p.sched)\n"
                                  "  its declaration in the head has errors: it does not compile, so it has no fires\n"
                                  "  new error[SCH"));
  EXPECT_THAT(text.out, Not(HasSubstr("\nnew diagnostics:")));  // shown under the model, once
  const auto md = run(base, head, "markdown");
  EXPECT_THAT(md.out, HasSubstr("| `n` | added |"));
  EXPECT_THAT(md.out, HasSubstr("Its declaration in the head has errors"));
}

TEST_F(DiffErrors, AModelAnEditBreaksIsChangedWithTheNewErrorsNotRemoved) {
  const auto doc = json(model("m", "0 6 * * *"), model_without_timeout("m", "0 6 * * *"));
  ASSERT_EQ(doc["models"].size(), 1u) << doc.dump(2);
  const auto& m = doc["models"][0];
  EXPECT_EQ(m["status"], "changed");
  EXPECT_FALSE(m["before"].is_null());
  EXPECT_TRUE(m["after"].is_null());
  EXPECT_EQ(m["lowered"]["base"], true);
  EXPECT_EQ(m["lowered"]["head"], false);
  EXPECT_TRUE(doc["summary"]["not_compared"].empty());
  ASSERT_EQ(doc["new_diagnostics"].size(), 1u);
  EXPECT_EQ(doc["new_diagnostics"][0]["model"], "m");
  const auto text = run(model("m", "0 6 * * *"), model_without_timeout("m", "0 6 * * *"), "text");
  EXPECT_THAT(text.out, HasSubstr("changed model `m` (p.sched)\n"
                                  "  its declaration in the head has errors: it does not compile, so its fires after are "
                                  "not known\n"));
  EXPECT_THAT(text.out, HasSubstr("fire times over 30 days: not compared"));
}

TEST_F(DiffErrors, AnErrorTheHeadFixesIsReportedUnderItsModel) {
  // The base's m has no timeout: an error of m, which does not lower there. The head fixes it.
  const std::string base = model_without_timeout("m", "0 6 * * *"), head = model("m", "0 6 * * *");
  const auto doc = json(base, head);
  EXPECT_EQ(doc["summary"]["fixed_errors"], 1) << doc.dump(2);
  EXPECT_EQ(doc["summary"]["fixed_warnings"], 0);
  ASSERT_EQ(doc["fixed_diagnostics"].size(), 1u) << doc.dump(2);
  EXPECT_EQ(doc["fixed_diagnostics"][0]["model"], "m");
  EXPECT_EQ(doc["fixed_diagnostics"][0]["severity"], "error");
  // Located in the base, named as the head names the file.
  EXPECT_THAT(doc["fixed_diagnostics"][0]["location"].get<std::string>(), ::testing::StartsWith("p.sched:"));
  EXPECT_TRUE(doc["new_diagnostics"].empty()) << doc.dump(2);
  ASSERT_EQ(doc["models"].size(), 1u);
  EXPECT_EQ(doc["models"][0]["status"], "changed");  // the base's did not compile, the head's does
  EXPECT_EQ(doc["models"][0]["lowered"]["base"], false);
  EXPECT_TRUE(doc["models"][0]["before"].is_null());
  EXPECT_FALSE(doc["models"][0]["after"].is_null());
  const auto text = run(base, head, "text");
  EXPECT_THAT(text.out, HasSubstr("; fixed: 1 error\n"));
  EXPECT_THAT(text.out, HasSubstr("  its declaration in the base had errors: it did not compile, so its fires before are "
                                  "not known\n  fixed error[SCH1004] p.sched:"));
  const auto md = run(base, head, "markdown");
  EXPECT_THAT(md.out, HasSubstr("fixed: 1 error"));
  EXPECT_THAT(md.out, HasSubstr("- fixed error SCH1004 at `p.sched:"));
  EXPECT_THAT(md.out, Not(HasSubstr("#### Fixed diagnostics")));  // once, under its model
}

TEST_F(DiffErrors, AWarningTheHeadFixesIsReportedUnderItsModel) {
  const std::string base = model("n", "30 2 * * *", "Europe/Amsterdam"), head = model("n", "0 4 * * *", "Europe/Amsterdam");
  const auto doc = json(base, head);
  EXPECT_EQ(doc["summary"]["fixed_warnings"], 1) << doc.dump(2);
  ASSERT_EQ(doc["fixed_diagnostics"].size(), 1u);
  EXPECT_EQ(doc["fixed_diagnostics"][0]["code"], "SCH3008");
  EXPECT_EQ(doc["fixed_diagnostics"][0]["model"], "n");
  const auto text = run(base, head, "text");
  EXPECT_THAT(text.out, HasSubstr("; fixed: 1 warning\n"));
  EXPECT_THAT(text.out, HasSubstr("\n  fixed warning[SCH3008] p.sched:"));
}

TEST_F(DiffErrors, AWarningOutsideEveryModelFixedIsReportedOnItsOwn) {
  const std::string base = "# schedc allow SCH3008: stale\n" + model("m", "0 6 * * *");
  const auto doc = json(base, model("m", "0 6 * * *"));
  ASSERT_EQ(doc["fixed_diagnostics"].size(), 1u) << doc.dump(2);
  EXPECT_EQ(doc["fixed_diagnostics"][0]["code"], "SCH1018");
  EXPECT_EQ(doc["fixed_diagnostics"][0]["model"], "");
  EXPECT_TRUE(doc["models"].empty());
  const auto text = run(base, model("m", "0 6 * * *"), "text");
  EXPECT_THAT(text.out, HasSubstr("no model changed (1 unchanged); no new errors, no new warnings; fixed: 1 warning\n"));
  EXPECT_THAT(text.out, HasSubstr("\nfixed diagnostics:\n  warning[SCH1018] p.sched:"));
  const auto md = run(base, model("m", "0 6 * * *"), "markdown");
  EXPECT_THAT(md.out, HasSubstr("#### Fixed diagnostics"));
}

// With errors, the head's whole-project checks do not run: a warning of the base it does not report is not "fixed".
TEST_F(DiffErrors, NothingIsFixedWhileTheHeadHasErrors) {
  const std::string base = model("n", "30 2 * * *", "Europe/Amsterdam");
  const std::string head = base + model_without_timeout("m", "0 6 * * *");
  const auto doc = json(base, head);
  EXPECT_TRUE(doc["fixed_diagnostics"].empty()) << doc.dump(2);
  EXPECT_EQ(doc["summary"]["fixed_judged"], false);
  EXPECT_EQ(doc["summary"]["fixed_warnings"], 0);
  const auto text = run(base, head, "text");
  EXPECT_THAT(text.out, HasSubstr("note: the base's errors and warnings that the head fixes are not reported until the "
                                  "head compiles"));
  EXPECT_THAT(text.out, Not(HasSubstr("fixed")));
  EXPECT_EQ(json(base, base)["summary"]["fixed_judged"], true);
}

// --exit-code: a fixed diagnostic is a difference too.
TEST_F(DiffErrors, AFixedWarningIsADifferenceForExitCode) {
  schedc::testing::write_file(dir / "base" / "p.sched", std::string(kPlatform) + "# schedc allow SCH3008: stale\n" + model("m", "0 6 * * *"));
  schedc::testing::write_file(dir / "head" / "p.sched", std::string(kPlatform) + model("m", "0 6 * * *"));
  Cwd cwd(dir / "head");
  EXPECT_EQ(schedc({"diff", "--base", "../base", "--from", "2026-03-01", "--exit-code"}).code, 1);
}

// ---- --diagnostics-format: the diagnostics diff prints on stderr -------------------------------------------------------

TEST_F(DiffErrors, AHeadThatCannotBeReadPrintsItsDiagnosticsInTheChosenFormat) {
  schedc::testing::write_file(dir / "base" / "p.sched", std::string(kPlatform) + model("m", "0 6 * * *"));
  schedc::testing::write_file(dir / "head" / "p.sched", std::string(kPlatform) + "model m {\n");
  Cwd cwd(dir / "head");
  const auto run_with = [](const std::string& format) {
    return schedc({"diff", "--base", "../base", "--from", "2026-03-01", "--diagnostics-format", format});
  };
  const auto text = run_with("text");
  EXPECT_EQ(text.code, 0) << text.err;  // the diff is a report: `check` is the gate
  EXPECT_THAT(text.err, HasSubstr("error[SCH0001]"));
  EXPECT_THAT(text.err, HasSubstr("--> p.sched:"));
  EXPECT_THAT(text.err, HasSubstr("schedc diff: the head cannot be read (1 error): no model is compared\n"));
  EXPECT_THAT(text.out, HasSubstr("the head did not compile (1 error) and its models could not be read"));
  const auto json = run_with("json");
  EXPECT_EQ(json.code, 0);
  const auto doc = nlohmann::json::parse(json.err);
  EXPECT_EQ(doc["errors"], 1);
  EXPECT_EQ(doc["diagnostics"][0]["location"]["file"], "p.sched");
  EXPECT_THAT(json.out, HasSubstr("schedc diff: no model changed"));  // the report, in text, on stdout
  const auto sarif = nlohmann::json::parse(run_with("sarif").err);
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_EQ(sarif["runs"][0]["results"].size(), 1u);
  EXPECT_THAT(run_with("github").err, ::testing::StartsWith("::error file=p.sched,"));
  const auto ado = run_with("azure-devops").err;
  EXPECT_THAT(ado, HasSubstr("##vso[task.logissue type=error;sourcepath=p.sched;"));
  EXPECT_THAT(ado, HasSubstr("##vso[task.complete result=Failed;]"));
  // A head that can be read prints nothing on stderr, whatever the format.
  schedc::testing::write_file(dir / "head" / "p.sched", std::string(kPlatform) + model("m", "0 7 * * *"));
  for (const char* format : {"text", "json", "sarif", "github", "azure-devops"}) {
    const auto ok = run_with(format);
    EXPECT_EQ(ok.code, 0) << format;
    EXPECT_EQ(ok.err, "") << format;
  }
  EXPECT_EQ(run_with("xml").code, 2);
}

TEST_F(DiffErrors, ReposThatCannotBeUsedAreUsageErrorsInTheChosenFormat) {
  schedc::testing::write_file(dir / "a" / "p.sched", std::string(kPlatform) + model("m", "0 6 * * *"));
  Cwd cwd(dir);
  // Two repos in one directory (SCH9008, of SCH9004-SCH9008): exit 2, as with `check`.
  const std::vector<std::string> args{"diff", "--repo", "x=a", "--repo", "y=a", "--base-repo", "x=a",
                                      "--from", "2026-03-01", "--diagnostics-format"};
  auto with = [&](const std::string& format) {
    auto a = args;
    a.push_back(format);
    return schedc(a);
  };
  const auto json = with("json");
  EXPECT_EQ(json.code, 2);
  EXPECT_EQ(json.out, "");
  const auto doc = nlohmann::json::parse(json.err);
  ASSERT_FALSE(doc["diagnostics"].empty());
  EXPECT_THAT(doc["diagnostics"][0]["code"].get<std::string>(), ::testing::StartsWith("SCH900"));
  const auto check = schedc({"check", "--repo", "x=a", "--repo", "y=a", "--diagnostics-format", "json"});
  EXPECT_EQ(check.code, 2);
  EXPECT_EQ(nlohmann::json::parse(check.out)["diagnostics"], doc["diagnostics"]);  // the same diagnostics as check's
  const auto text = with("text");
  EXPECT_EQ(text.code, 2);
  EXPECT_THAT(text.err, HasSubstr("schedc: failed: 1 error"));
}

// A model whose details are left out to fit: its diagnostics go to the tables (or are counted), never lost.
TEST_F(DiffMarkdown, TheDiagnosticsOfAModelLeftOutGoToTheTables) {
  schedc::diff::Result r;
  r.from = at("2026-03-01T00:00:00Z");
  r.fixed_judged = true;
  for (int i = 0; i < 2; ++i) {
    schedc::diff::ModelDiff m;
    m.key = m.name = "m" + std::to_string(i);
    m.file = "p.sched";
    m.status = schedc::diff::Status::Changed;
    m.changes.push_back({"owner", std::string(i == 0 ? 10 : 3000, 'a'), "b", true});
    r.models.push_back(m);
    schedc::diff::DiagnosticEntry d;
    d.code = "SCH3008";
    d.severity = schedc::Severity::Warning;
    d.model = m.key;
    d.location = "p.sched:" + std::to_string(i + 1) + ":1";
    d.message = "warning of " + m.key;
    r.fixed_diagnostics.push_back(d);
  }
  const std::string full = schedc::cli::diff_markdown(r);
  EXPECT_THAT(full, HasSubstr("- fixed warning SCH3008 at `p.sched:2:1`: warning of m1"));
  EXPECT_THAT(full, Not(HasSubstr("#### Fixed diagnostics")));
  const std::string cut = schedc::cli::diff_markdown(r, 2500);  // m1's details (3,000 characters) do not fit
  EXPECT_LE(cut.size(), 2500u);
  EXPECT_THAT(cut, HasSubstr("- fixed warning SCH3008 at `p.sched:1:1`: warning of m0"));  // under m0, shown
  EXPECT_THAT(cut, HasSubstr("#### Fixed diagnostics (located in the base)"));
  EXPECT_THAT(cut, HasSubstr("| warning | SCH3008 | p.sched:2:1 | warning of m1 |"));
  EXPECT_THAT(cut, HasSubstr("1 model details and 0 diagnostics left out"));
}

// ---- goldens ---------------------------------------------------------------------------------------------------------

const fs::path kDiffGoldens = fs::path(SCHEDC_SOURCE_DIR) / "tests" / "golden" / "diff";

std::vector<std::string> diff_cases() {
  std::vector<std::string> out;
  if (!fs::is_directory(kDiffGoldens)) return out;
  for (const auto& e : fs::directory_iterator(kDiffGoldens))
    if (e.is_directory()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

class DiffGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(DiffGolden, Matches) {
  const fs::path dir = kDiffGoldens / GetParam();
  std::vector<std::string> extra;
  std::istringstream lines(schedc::testing::read_file(dir / "args"));
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) extra.push_back(line);
  Cwd cwd(dir / "head");  // run in the head, with the base beside it: display paths are relative
  const bool bless = std::getenv("SCHED_UPDATE_GOLDEN") != nullptr;
  const auto compare = [&](const std::string& actual, const std::string& file, const std::string& what) {
    const fs::path expected = dir / "expected" / file;
    if (bless) {
      schedc::testing::write_file(expected, actual);
      return;
    }
    ASSERT_TRUE(fs::exists(expected)) << expected << " is missing; bless with SCHED_UPDATE_GOLDEN=1";
    EXPECT_EQ(actual, schedc::testing::read_file(expected)) << what;
  };
  // A case whose stderr is not empty (a head that cannot be read) pins it in every diagnostics format.
  const bool has_stderr = fs::exists(dir / "expected" / "stderr.txt");
  for (const auto& [format, file] : std::vector<std::pair<std::string, std::string>>{
           {"text", "stdout.txt"}, {"markdown", "stdout.md"}, {"json", "stdout.json"}}) {
    std::vector<std::string> args{"diff", "--base", "../base", "--format", format};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = schedc(args);
    ASSERT_EQ(r.code, 0) << format << ": " << r.err;
    if (!has_stderr) {
      EXPECT_EQ(r.err, "") << format;
    }
    compare(r.out, file, format);
  }
  if (!has_stderr) return;
  for (const auto& [format, file] : std::vector<std::pair<std::string, std::string>>{{"text", "stderr.txt"},
                                                                                     {"json", "stderr.json"},
                                                                                     {"sarif", "stderr.sarif"},
                                                                                     {"github", "stderr.github"},
                                                                                     {"azure-devops", "stderr.azure-devops"}}) {
    std::vector<std::string> args{"diff", "--base", "../base", "--diagnostics-format", format};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = schedc(args);
    ASSERT_EQ(r.code, 0) << format << ": " << r.err;
    compare(r.err, file, "--diagnostics-format " + format);
  }
}

INSTANTIATE_TEST_SUITE_P(golden, DiffGolden, ::testing::ValuesIn(diff_cases()),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });

}  // namespace
