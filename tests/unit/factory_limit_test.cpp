// SCH4011 and `project { factory_entity_limit }` (docs/language.md §4.2, §11.1): the factory's entity limit is
// ADF's default of 5,000 unless the project raises or lowers it.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/compile.hpp"
#include "tests/unit/memory_loader.hpp"

namespace {

using namespace schedc;

using schedc::testing::MemoryLoader;

// `models` models sharing one cluster: 2 entities per model (pipeline, trigger) plus one linked service.
// `limit` is the text of the `factory_entity_limit` field ("" = not set).
std::map<std::string, std::string> project(int models, const std::string& limit) {
  std::string platform = "project {\n  workspace = analytics\n";
  if (!limit.empty()) platform += "  factory_entity_limit = " + limit + "\n";
  platform += R"(}
workspace analytics {
  url         = "https://adb-1111111111111111.11.azuredatabricks.net"
  resource_id = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w"
}
cluster small {
  spark_version = "15.4.x-scala2.12"
  node_type     = "Standard_DS3_v2"
  workers       = 2
}
)";
  std::string text;
  for (int i = 0; i < models; ++i)
    text += fmt::format("model score_{0:04} {{ owner = \"ds@contoso.com\" notebook = \"/Repos/ds/score/{0}\" cluster = small "
                        "schedule = cron \"{1} 2 * * *\" in \"UTC\" timeout = 1h }}\n",
                        i, i % 60);
  return {{"platform.sched", platform}, {"models.sched", text}};
}

std::vector<Diagnostic> compile_project(int models, const std::string& limit) {
  const std::string stdlib = std::string(SCHEDC_SOURCE_DIR) + "/stdlib";
  MemoryLoader loader(stdlib, project(models, limit));
  CompileResult result = compile(CompileInput{{"platform.sched", "models.sched"}, stdlib}, loader);
  return result.diagnostics.all();
}

std::optional<Diagnostic> find(const std::vector<Diagnostic>& diags, const std::string& code) {
  for (const auto& d : diags)
    if (d.code == code) return d;
  return std::nullopt;
}

TEST(FactoryEntityLimit, DefaultIsAdfs5000) {
  // 2,500 models: 5,001 entities.
  auto diags = compile_project(2500, "");
  auto d = find(diags, "SCH4011");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->message, "the factory would hold 5,001 entities; ADF allows at most 5,000 per factory");
  // 2,499 models: 4,999 entities.
  EXPECT_FALSE(find(compile_project(2499, ""), "SCH4011"));
}

TEST(FactoryEntityLimit, ARaisedLimitSilencesIt) {
  EXPECT_FALSE(find(compile_project(2500, "5001"), "SCH4011"));
  EXPECT_FALSE(find(compile_project(2500, "20000"), "SCH4011"));
  auto d = find(compile_project(2500, "5000"), "SCH4011");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->message, "the factory would hold 5,001 entities; its `factory_entity_limit` is 5,000");
}

TEST(FactoryEntityLimit, ALowerLimitTriggersIt) {
  // 3 models: 3 pipelines, 3 triggers, 1 linked service.
  EXPECT_FALSE(find(compile_project(3, "7"), "SCH4011"));
  auto d = find(compile_project(3, "6"), "SCH4011");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->severity, Severity::Error);
  EXPECT_EQ(d->message, "the factory would hold 7 entities; its `factory_entity_limit` is 6");
  ASSERT_EQ(d->labels.size(), 1u);
  EXPECT_EQ(d->labels[0].message, "the limit set here");
}

TEST(FactoryEntityLimit, MustBeAPositiveInteger) {
  EXPECT_TRUE(find(compile_project(1, "0"), "SCH1006"));
  EXPECT_TRUE(find(compile_project(1, "\"many\""), "SCH1005"));
  EXPECT_FALSE(find(compile_project(1, "1000000000"), "SCH1006"));
}

}  // namespace
