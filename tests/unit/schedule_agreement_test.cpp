// `schedc next --cron` and `schedc check` take schedules from the one schedule lowering
// (compiler/schedule/lowering.hpp): for every schedule in the tests' corpora (the golden inputs, the examples, the
// fuzz corpus) and a list of invalid and inexpressible shapes, both give the same code and message, for the
// schedule itself and for each target.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/compile.hpp"
#include "tests/unit/cli_runner.hpp"
#include "tests/unit/memory_loader.hpp"

namespace schedc {
namespace {

namespace fs = std::filesystem;
using testing::MemoryLoader;

std::string source_dir() { return SCHEDC_SOURCE_DIR; }

struct Schedule {
  std::string cron, zone;
  bool operator<(const Schedule& o) const { return std::tie(cron, zone) < std::tie(o.cron, o.zone); }
};

// Shapes that are invalid or that a target cannot express, whether or not a corpus has them.
const std::vector<Schedule> kShapes = {
    {"61 * * * *", "UTC"},            {"* * * *", "UTC"},          {"0 0 32 * *", "UTC"},
    {"0 0 * * 8", "UTC"},             {"0 0 L-40 * *", "UTC"},     {"@weekly", "Mars/Olympus"},
    {"0 0 13 * 5", "UTC"},            {"0 0 1 * MON", "UTC"},      {"0 6 * * MON#1,FRI", "Europe/Amsterdam"},
    {"0 0 1,L * *", "UTC"},           {"0 0 */2 * MON", "UTC"},    {"0 0 29-31 * */7", "UTC"},
    {"0 */2 * * *", "Europe/Amsterdam"}, {"30 2 * * *", "Europe/Amsterdam"}, {"0 0 * 2 *", "Asia/Tokyo"},
    {"0 0 1 1-6 *", "America/New_York"}, {"0 12 * * *", "America/Ciudad_Juarez"}, {"0 0 * * *", "europe/amsterdam"},
};

// Every `cron "..." in "..."` written in the corpora (literals without escapes or braces, read as written).
std::set<Schedule> corpus_schedules() {
  std::set<Schedule> out(kShapes.begin(), kShapes.end());
  const std::regex literal(R"re(cron "([^"\\{}]*)" in "([^"\\{}]*)")re");
  for (const char* dir : {"tests/golden", "examples", "tests/fuzz/corpus"}) {
    const fs::path root = fs::path(source_dir()) / dir;
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      const std::string text = testing::read_file(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it)
        out.insert({(*it)[1].str(), (*it)[2].str()});
    }
  }
  return out;
}

struct Said {
  std::string code, message;
  bool operator==(const Said&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Said& s) { return os << s.code << ": " << s.message; }

// `check` of one model with this schedule and target: the schedule's diagnostic (SCH3xxx, SCH6005), if any.
std::optional<Said> check_says(const Schedule& s, const char* target) {
  const std::string model = R"(workspace w {
  url = "https://adb-1.1.azuredatabricks.net"
  resource_id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/w"
}
model m {
  owner = "a@b.co"  notebook = "/n"  workspace = w  timeout = 1h
  cluster = { spark_version = "15.4.x-scala2.12"  node_type = "Standard_DS3_v2"  workers = 1 }
  schedule = cron ")" + s.cron + R"(" in ")" + s.zone + R"("
  target = )" + target + "\n}\n";
  const std::string stdlib = source_dir() + "/stdlib";
  MemoryLoader loader(stdlib, {{"<mem>/m.sched", model}});
  const auto r = compile(CompileInput{{"<mem>/m.sched"}, stdlib}, loader);
  for (const auto& d : r.diagnostics.all())
    if (d.severity == Severity::Error &&
        (d.code == "SCH3001" || d.code == "SCH3002" || d.code == "SCH3003" || d.code == "SCH3004" ||
         d.code == "SCH3005" || d.code == "SCH6005"))
      return Said{d.code, d.message};
  return std::nullopt;
}

TEST(ScheduleAgreement, NextAndCheckSayTheSameOfEverySchedule) {
  const auto schedules = corpus_schedules();
  ASSERT_GE(schedules.size(), 100u) << "the corpora were not found under " << source_dir();
  std::size_t invalid = 0, adf_refused = 0, quartz_refused = 0;
  for (const auto& s : schedules) {
    SCOPED_TRACE("cron \"" + s.cron + "\" in \"" + s.zone + "\"");
    const auto next = testing::schedc_run({"next", "--cron", s.cron, "--tz", s.zone, "--from", "2026-01-01", "--count",
                                           "1", "--format", "json", "--diagnostics-format", "json"});
    const auto adf = check_says(s, "adf_notebook");
    const auto dbx = check_says(s, "databricks");
    if (next.code != 0) {
      // The schedule itself is invalid: the same diagnostic from both, whatever the target.
      ASSERT_EQ(next.code, 1) << next.err;
      const auto diags = nlohmann::json::parse(next.err)["diagnostics"];
      ASSERT_EQ(diags.size(), 1u) << next.err;
      const Said said{diags[0]["code"], diags[0]["message"]};
      EXPECT_EQ(adf, said);
      EXPECT_EQ(dbx, said);
      ++invalid;
      continue;
    }
    const auto j = nlohmann::json::parse(next.out);
    if (j["adf"].contains("error")) {
      ++adf_refused;
      EXPECT_EQ(adf, (Said{j["adf"]["error"]["code"], j["adf"]["error"]["message"]}));
    } else {
      EXPECT_EQ(adf, std::nullopt);
      EXPECT_FALSE(j["adf"]["triggers"].empty());
    }
    if (j["databricks"].contains("error")) {
      ++quartz_refused;
      EXPECT_EQ(dbx, (Said{j["databricks"]["error"]["code"], j["databricks"]["error"]["message"]}));
    } else {
      EXPECT_EQ(dbx, std::nullopt);
      EXPECT_FALSE(j["databricks"]["quartz_cron_expression"].get<std::string>().empty());
    }
  }
  // The corpora hold each kind of disagreement that could arise.
  EXPECT_GE(invalid, 5u);
  EXPECT_GE(adf_refused, 5u);
  EXPECT_GE(quartz_refused, 4u);
}

}  // namespace
}  // namespace schedc
