// Issue 15, item 2: generated names come from names the user wrote (workspace, profile, model), never from the
// cluster's settings, so changing any cluster setting keeps every generated name (docs/language.md §8).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "codegen/generate.hpp"
#include "compiler/compile.hpp"
#include "tests/unit/memory_loader.hpp"

namespace {

using namespace schedc;

using schedc::testing::MemoryLoader;

const std::string kPlatform = R"(environment dd   { trigger = stopped  factory = "adf-dd" }
environment prod { trigger = started  factory = "adf-prod" }
project { workspace = analytics  git_environment = dd }
workspace analytics {
  url         = per_env { dd = "https://adb-1111111111111111.11.azuredatabricks.net"  prod = "https://adb-2222222222222222.12.azuredatabricks.net" }
  resource_id = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w"
}
)";

// Models on a profile as declared (a, d), on the profile with overrides (b), on a block (c), on an existing
// cluster (e), and an option 2 model (f). `profile`, `override`, `block` and `existing` are the settings changed.
std::map<std::string, std::string> sources(const std::string& profile, const std::string& override_,
                                           const std::string& block, const std::string& existing) {
  std::string models = "cluster small { spark_version = \"15.4.x-scala2.12\"  node_type = \"Standard_DS3_v2\"  " +
                       profile + " }\ncluster shared { existing = " + existing + " }\n";
  const auto model = [](const std::string& name, const std::string& cluster, const std::string& extra = "") {
    return "model " + name + " { owner = \"ds@contoso.com\"  notebook = \"/Repos/ds/" + name + "\"  cluster = " +
           cluster + "  schedule = cron \"0 2 * * *\" in \"UTC\"  timeout = 1h " + extra + "}\n";
  };
  models += model("a", "small") + model("b", "small { " + override_ + " }") +
            model("c", "{ spark_version = \"15.4.x-scala2.12\"  node_type = \"Standard_DS3_v2\"  " + block + " }") +
            model("d", "small") + model("e", "shared") + model("f", "small", "target = adf_job ");
  return {{"platform.sched", kPlatform}, {"models.sched", models}};
}

struct Names {
  std::set<std::string> paths;                          // every generated file
  std::set<std::string> linked_services;                // the project's Databricks linked services
  std::map<std::string, std::string> model_linked_service;
  bool operator==(const Names&) const = default;
};

Names names(const std::map<std::string, std::string>& files) {
  const std::string stdlib = std::string(SCHEDC_SOURCE_DIR) + "/stdlib";
  MemoryLoader loader(stdlib, files);
  CompileResult result =
      compile(CompileInput{{"platform.sched", "models.sched"}, stdlib}, loader);
  EXPECT_TRUE(result.project.has_value());
  for (const auto& d : result.diagnostics.all()) ADD_FAILURE() << d.code << ": " << d.message;
  Names out;
  if (!result.project) return out;
  for (const auto& file : codegen::generate(*result.project, {"adf", "arm", "databricks"})) out.paths.insert(file.path);
  for (const auto& binding : result.project->cluster_bindings) out.linked_services.insert(binding.linked_service);
  for (const auto& model : result.project->models) out.model_linked_service[model.name] = model.names.cluster_linked_service;
  return out;
}

TEST(StableNames, ChangingAnyClusterSettingKeepsEveryGeneratedName) {
  const Names base = names(sources("workers = 2", "workers = 3", "workers = 4", "\"0101-010101-abcdefgh\""));
  EXPECT_EQ(base.linked_services,
            (std::set<std::string>{"ls_dbx_analytics_b", "ls_dbx_analytics_c", "ls_dbx_analytics_shared",
                                   "ls_dbx_analytics_small"}));
  EXPECT_EQ(base.model_linked_service,
            (std::map<std::string, std::string>{{"a", "ls_dbx_analytics_small"}, {"b", "ls_dbx_analytics_b"},
                                                {"c", "ls_dbx_analytics_c"}, {"d", "ls_dbx_analytics_small"},
                                                {"e", "ls_dbx_analytics_shared"}, {"f", ""}}));
  EXPECT_THAT(base.paths, ::testing::Contains("adf/linkedService/ls_dbx_analytics_b.json"));
  const std::vector<std::map<std::string, std::string>> changed = {
      sources("workers = 5", "workers = 3", "workers = 4", "\"0101-010101-abcdefgh\""),       // the profile
      sources("workers = 2..8", "workers = 3", "workers = 4", "\"0101-010101-abcdefgh\""),    // autoscale
      sources("workers = 2  spark_conf { \"spark.x\" = \"1\" }", "workers = 3", "workers = 4",
              "\"0101-010101-abcdefgh\""),                                                     // a map
      sources("workers = 2", "workers = 2", "workers = 4", "\"0101-010101-abcdefgh\""),       // override = profile
      sources("workers = 2", "node_type = \"Standard_E8s_v3\"", "workers = 4", "\"0101-010101-abcdefgh\""),
      sources("workers = 2", "workers = 3", "workers = 2", "\"0101-010101-abcdefgh\""),       // block = profile
      sources("workers = 2", "workers = 3", "workers = 4",
              "per_env { dd = \"0101-010101-abcdefgh\"  prod = \"0202-020202-abcdefgh\" }"),  // existing id
  };
  for (std::size_t i = 0; i < changed.size(); ++i) {
    SCOPED_TRACE("variant " + std::to_string(i));
    EXPECT_EQ(names(changed[i]), base);
  }
}

}  // namespace
