// `schedc next`, driven in process: the source's fires and each target's, text and JSON, and the errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/unit/cli_runner.hpp"
#include "tests/unit/temp_dir.hpp"
#include "cli/cli.hpp"
#include "cli/next.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

auto schedc(std::vector<std::string> args) { return schedc::testing::schedc_run(std::move(args)); }

const std::string kExamples = std::string(SCHEDC_SOURCE_DIR) + "/examples";

std::vector<std::string> strings(const nlohmann::json& array) {
  std::vector<std::string> out;
  for (const auto& v : array) out.push_back(v.get<std::string>());
  return out;
}

// ---- --cron: a daily job across the spring-forward change in Amsterdam -----------------------------------------

const std::vector<std::string> kDailyAmsterdam{"next", "--cron", "30 2 * * *", "--tz", "Europe/Amsterdam",
                                               "--from", "2026-03-27", "--count", "4"};


TEST(Next, CronJsonShapeAndFires) {
  auto args = kDailyAmsterdam;
  args.insert(args.end(), {"--format", "json"});
  schedc::testing::CliRun r = schedc(args);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["cron"], "30 2 * * *");
  EXPECT_EQ(j["tz"], "Europe/Amsterdam");
  EXPECT_EQ(j["tzdata"], schedc::schedule::tz::tzdata_version());
  EXPECT_EQ(j["cldr"], schedc::schedule::tz::windows_zones_version());
  const std::vector<std::string> source{"2026-03-27T01:30:00Z", "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z",
                                        "2026-03-30T00:30:00Z"};
  EXPECT_EQ(strings(j["fires"]), source);
  // ADF: the trigger as generated, firing like the source (after the gap, 03:00 local).
  ASSERT_EQ(j["adf"]["triggers"].size(), 1u);
  EXPECT_EQ(j["adf"]["triggers"][0], nlohmann::json::parse(R"({"frequency": "Day", "interval": 1,
      "startTime": "2025-01-01T00:00:00", "timeZone": "W. Europe Standard Time",
      "schedule": {"minutes": [30], "hours": [2]}})"));
  EXPECT_EQ(strings(j["adf"]["fires"]), source);
  // Databricks: Quartz skips the 02:30 that does not exist on 29 March.
  EXPECT_EQ(j["databricks"]["quartz_cron_expression"], "0 30 2 * * ?");
  EXPECT_EQ(j["databricks"]["timezone_id"], "Europe/Amsterdam");
  EXPECT_EQ(strings(j["databricks"]["fires"]),
            (std::vector<std::string>{"2026-03-27T01:30:00Z", "2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z",
                                      "2026-03-31T00:30:00Z"}));
  EXPECT_FALSE(j["adf"].contains("error"));
  EXPECT_FALSE(j["databricks"].contains("error"));
}

TEST(Next, FiresAreStrictlyAfterFrom) {
  schedc::testing::CliRun r = schedc({"next", "--cron", "30 2 * * *", "--tz", "Europe/Amsterdam", "--from", "2026-03-27T01:30:00Z",
                  "--count", "1", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(strings(j["fires"]), std::vector<std::string>{"2026-03-28T01:30:00Z"});
  EXPECT_EQ(strings(j["adf"]["fires"]), std::vector<std::string>{"2026-03-28T01:30:00Z"});
  EXPECT_EQ(strings(j["databricks"]["fires"]), std::vector<std::string>{"2026-03-28T01:30:00Z"});
}

// The range is years 0001-9999: no fire in year 10000, a clear error instead.
TEST(Next, BoundedToYears0001To9999) {
  schedc::testing::CliRun r = schedc({"next", "--cron", "0 2 * * *", "--tz", "UTC", "--from", "9999-12-31"});
  EXPECT_EQ(r.code, schedc::cli::kUsageError);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("only 1 of the 10 fires asked for lie between --from 9999-12-31T00:00:00Z and the end "
                               "of year 9999; schedc handles years 0001 to 9999"));
  EXPECT_THAT(r.err, Not(HasSubstr("10000")));
  // As many as fit: fine.
  r = schedc({"next", "--cron", "0 2 * * *", "--tz", "UTC", "--from", "9999-12-30", "--count", "2", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(strings(nlohmann::json::parse(r.out)["fires"]),
            (std::vector<std::string>{"9999-12-30T02:00:00Z", "9999-12-31T02:00:00Z"}));
  // Year 0000 is outside too.
  r = schedc({"next", "--cron", "0 2 * * *", "--tz", "UTC", "--from", "0000-06-01"});
  EXPECT_EQ(r.code, schedc::cli::kUsageError);
  EXPECT_THAT(r.err, HasSubstr("in years 0001-9999"));
}

// Zone rules past 2037 (CCTZ applies the zone files' footer): the 2040 spring-forward gap in Amsterdam.
TEST(Next, DstRulesPast2037) {
  schedc::testing::CliRun r = schedc({"next", "--cron", "30 2 * * *", "--tz", "Europe/Amsterdam", "--from", "2040-03-24",
                                      "--count", "2", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(strings(nlohmann::json::parse(r.out)["fires"]),
            (std::vector<std::string>{"2040-03-24T01:30:00Z", "2040-03-25T01:00:00Z"}));  // 03:00 +02:00 after the gap
}

TEST(Next, DateAndMidnightFromAreTheSameAndOutputIsDeterministic) {
  auto a = schedc(kDailyAmsterdam);
  auto b = schedc({"next", "--cron", "30 2 * * *", "--tz", "Europe/Amsterdam", "--from", "2026-03-27T00:00:00Z",
                   "--count", "4"});
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(a.out, schedc(kDailyAmsterdam).out);
}

TEST(Next, DefaultCountIsTen) {
  schedc::testing::CliRun r = schedc({"next", "--cron", "0 * * * *", "--tz", "UTC", "--from", "2026-01-01", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["fires"].size(), 10u);
  EXPECT_EQ(j["fires"][0], "2026-01-01T01:00:00Z");
  EXPECT_EQ(j["fires"][9], "2026-01-01T10:00:00Z");
}

TEST(Next, OverlapFirstInSourceSecondInQuartz) {
  schedc::testing::CliRun r = schedc({"next", "--cron", "30 2 * * *", "--tz", "Europe/Amsterdam", "--from", "2026-10-25", "--count",
                  "1", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(strings(j["fires"]), std::vector<std::string>{"2026-10-25T00:30:00Z"});  // 02:30 +02:00
  EXPECT_EQ(strings(j["adf"]["fires"]), std::vector<std::string>{"2026-10-25T00:30:00Z"});
  EXPECT_EQ(strings(j["databricks"]["fires"]), std::vector<std::string>{"2026-10-25T01:30:00Z"});  // 02:30 +01:00
  schedc::testing::CliRun t = schedc({"next", "--cron", "30 2 * * *", "--tz", "Europe/Amsterdam", "--from", "2026-10-25", "--count", "1"});
  // Aligned by instant: the first 02:30 (source and ADF) and the second (Databricks) are two rows.
  EXPECT_THAT(t.out, HasSubstr("2026-10-25T00:30:00Z  yes     yes  no *        source, ADF: 02:30 occurs twice (DST), first\n"));
}

// ---- targets that cannot express the schedule ----------------------------------------------------------------

TEST(Next, OrRuleIsAnErrorInBothTargets) {
  schedc::testing::CliRun r = schedc({"next", "--cron", "0 0 13 * 5", "--tz", "UTC", "--from", "2026-01-01", "--count", "3", "--format",
                  "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  // The 13th or any Friday.
  EXPECT_EQ(strings(j["fires"]),
            (std::vector<std::string>{"2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-13T00:00:00Z"}));
  // The same codes as `check` gives a model with this schedule: SCH3004 for ADF, SCH6005 for Databricks.
  for (auto [target, code] : {std::pair{"adf", "SCH3004"}, std::pair{"databricks", "SCH6005"}}) {
    SCOPED_TRACE(target);
    ASSERT_TRUE(j[target].contains("error"));
    EXPECT_EQ(j[target]["error"]["code"], code);
    EXPECT_THAT(j[target]["error"]["message"].get<std::string>(), HasSubstr("0 0 13 * 5"));
    EXPECT_FALSE(j[target].contains("fires"));
  }
  schedc::testing::CliRun t = schedc({"next", "--cron", "0 0 13 * 5", "--tz", "UTC", "--from", "2026-01-01", "--count", "3"});
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_THAT(t.out, HasSubstr("\nADF         error[SCH3004]: "));
  EXPECT_THAT(t.out, HasSubstr("\nDatabricks  error[SCH6005]: "));
  EXPECT_THAT(t.out, HasSubstr("#  local (UTC)                  UTC                   source\n1  Fri 2026-01-02 00:00 +00:00  2026-01-02T00:00:00Z  yes\n"));
  EXPECT_THAT(t.out, Not(HasSubstr("source  ADF")));
}

TEST(Next, ZoneWithoutWindowsIdIsAnAdfError) {
  schedc::testing::CliRun r = schedc({"next", "--cron", "0 6 * * *", "--tz", "Antarctica/Troll", "--from", "2026-01-01", "--count", "1",
                  "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["adf"]["error"]["code"], "SCH3003");
  EXPECT_EQ(j["databricks"]["fires"].size(), 1u);
}

// ---- MODEL mode ------------------------------------------------------------------------------------------------


TEST(Next, ModelJsonTriggersAreWhatTheTriggerFilesHold) {
  schedc::testing::CliRun r = schedc({"next", "churn_scoring", kExamples, "--from", "2026-03-27", "--count", "2", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["model"], "churn_scoring");
  EXPECT_EQ(j["cron"], "30 2 * * MON-FRI");
  EXPECT_EQ(strings(j["fires"]), (std::vector<std::string>{"2026-03-27T01:30:00Z", "2026-03-30T00:30:00Z"}));

  const fs::path dir = schedc::testing::fresh_test_dir();
  const fs::path out = dir / "out";
  schedc::testing::CliRun b = schedc({"build", kExamples, "--out", out.string(), "--target", "adf"});
  ASSERT_EQ(b.code, 0) << b.err;
  std::ifstream in(out / "adf" / "trigger" / "tr_churn_scoring.json");
  ASSERT_TRUE(in) << "no trigger file";
  auto trigger = nlohmann::json::parse(in);
  ASSERT_EQ(j["adf"]["triggers"].size(), 1u);
  EXPECT_EQ(j["adf"]["triggers"][0], trigger["properties"]["typeProperties"]["recurrence"]);
  fs::remove_all(dir);
}

TEST(Next, UnknownModelSuggestsTheClosest) {
  schedc::testing::CliRun r = schedc({"next", "churn_scorin", kExamples});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("error[SCH2001]: unknown model `churn_scorin`"));
  EXPECT_THAT(r.err, HasSubstr("help: did you mean `churn_scoring`?"));
}

// ---- errors --------------------------------------------------------------------------------------------------

TEST(Next, InvalidCronIsSch3001WithACaret) {
  schedc::testing::CliRun r = schedc({"next", "--cron", "0 60 * * *", "--tz", "UTC"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("error[SCH3001]: invalid cron expression: hour value 60 is out of range 0-23\n"
                               " --> <--cron>:1:3\n"
                               "  |\n"
                               "1 | 0 60 * * *\n"
                               "  |   ^^ here\n"));
  EXPECT_THAT(r.err, HasSubstr("schedc: failed: 1 error\n"));
}

TEST(Next, InvalidCronAsJsonDiagnostics) {
  schedc::testing::CliRun r = schedc({"next", "--cron", "0 0 * *", "--tz", "UTC", "--diagnostics-format", "json"});
  EXPECT_EQ(r.code, 1);
  auto j = nlohmann::json::parse(r.err);
  ASSERT_EQ(j["diagnostics"].size(), 1u);
  EXPECT_EQ(j["diagnostics"][0]["code"], "SCH3001");
  EXPECT_EQ(j["diagnostics"][0]["location"]["file"], "<--cron>");
}

TEST(Next, UnknownZoneIsSch3002WithSuggestions) {
  schedc::testing::CliRun r = schedc({"next", "--cron", "0 0 * * *", "--tz", "Europe/Amsterdm"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("error[SCH3002]: unknown time zone `Europe/Amsterdm`"));
  EXPECT_THAT(r.err, HasSubstr("Europe/Amsterdam"));
}

TEST(Next, UsageErrorsExit2) {
  const std::vector<std::vector<std::string>> cases{
      {"next", "--cron", "0 0 * * *", "--tz", "UTC", "--from", "2026-13-01"},
      {"next", "--cron", "0 0 * * *", "--tz", "UTC", "--from", "tomorrow"},
      {"next", "--cron", "0 0 * * *", "--tz", "UTC", "--from", "2026-03-28T00:00:00"},  // no zone
      {"next", "--cron", "0 0 * * *", "--tz", "UTC", "--count", "0"},
      {"next", "--cron", "0 0 * * *", "--tz", "UTC", "--count", "1001"},
      {"next", "--cron", "0 0 * * *", "--tz", "UTC", "--count", "many"},
      {"next", "--cron", "0 0 * * *", "--tz", "UTC", "--format", "yaml"},
      {"next", "--cron", "0 0 * * *"},                  // no --tz
      {"next", "churn_scoring", kExamples, "--tz", "UTC"},  // --tz without --cron
      {"next", "churn_scoring", "--cron", "0 0 * * *", "--tz", "UTC"},
      {"next"},
  };
  for (const auto& c : cases) {
    schedc::testing::CliRun r = schedc(c);
    EXPECT_EQ(r.code, 2) << ::testing::PrintToString(c) << "\n" << r.out << r.err;
    EXPECT_EQ(r.out, "") << ::testing::PrintToString(c);
    EXPECT_THAT(r.err, HasSubstr("schedc: error: ")) << ::testing::PrintToString(c);
  }
}

TEST(Next, ParseFrom) {
  using schedc::cli::parse_from;
  EXPECT_EQ(parse_from("2026-03-28"), parse_from("2026-03-28T00:00:00Z"));
  EXPECT_EQ(parse_from("2026-03-28T00:00Z"), parse_from("2026-03-28T00:00:00+00:00"));
  EXPECT_FALSE(parse_from("2026-02-30"));
  EXPECT_FALSE(parse_from("2026-03-28T00:00:00+01:00"));
  EXPECT_FALSE(parse_from(""));
}

// A Databricks-native model has no ADF trigger: its ADF side is an error, its Databricks side the job's schedule.
TEST(Next, DatabricksNativeModelHasNoAdfSide) {
  schedc::testing::CliRun r = schedc({"next", "marketing_uplift", kExamples, "--from", "2026-03-27", "--count", "2",
                                      "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["adf"]["error"]["code"], "SCH6001");
  EXPECT_EQ(j["databricks"]["quartz_cron_expression"], "0 0 5 ? * MON");
  EXPECT_EQ(strings(j["databricks"]["fires"]), strings(j["fires"]));
}

}  // namespace

// ---- goldens: tests/golden/next/<case>/args (one argument per line; {root} = the repository) and
// expected/stdout.txt ({tzdata} = the tz database version). Bless with SCHED_UPDATE_GOLDEN=1. ----------------------

namespace {

const fs::path kNextGoldens = fs::path(SCHEDC_SOURCE_DIR) / "tests" / "golden" / "next";

std::vector<std::string> next_cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kNextGoldens))
    if (e.is_directory()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

class NextGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(NextGolden, Matches) {
  const fs::path dir = kNextGoldens / GetParam();
  std::vector<std::string> args;
  std::istringstream lines(slurp(dir / "args"));
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) args.push_back(replace_all(line, "{root}", SCHEDC_SOURCE_DIR));
  ASSERT_FALSE(args.empty());
  schedc::testing::CliRun r = schedc(args);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string actual = replace_all(r.out, "tzdata " + schedc::schedule::tz::tzdata_version() + ")", "tzdata {tzdata})");
  const fs::path expected = dir / "expected" / "stdout.txt";
  if (std::getenv("SCHED_UPDATE_GOLDEN") != nullptr) {
    fs::create_directories(expected.parent_path());
    std::ofstream(expected, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(expected)) << expected << " is missing; bless with SCHED_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, slurp(expected));
}

INSTANTIATE_TEST_SUITE_P(golden, NextGolden, ::testing::ValuesIn(next_cases()),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });

}  // namespace
