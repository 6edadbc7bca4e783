// Issue 14, the findings fixed after the compiler's restructuring (in lowering and the analyses). Each test
// reproduces its finding and asserts the fixed behaviour.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <unistd.h>

#include "tests/unit/temp_dir.hpp"
#include "tests/unit/cli_runner.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;

namespace {

auto schedc(std::vector<std::string> args) { return schedc::testing::schedc_run(std::move(args)); }
void write(const fs::path& p, const std::string& text) { schedc::testing::write_file(p, text); }

const char* kWorkspace = R"(
workspace w {
  url         = "https://adb-1111111111111111.11.azuredatabricks.net"
  resource_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w"
}
)";

std::string model(const std::string& name, const std::string& extra = "",
                  const std::string& cluster = R"({ spark_version = "15.4.x-scala2.12"  node_type = "Standard_DS3_v2"  workers = 2 })") {
  return fmt::format("model {} {{\n  owner = \"t@contoso.com\"\n  workspace = w\n  notebook = \"/Repos/t/{}\"\n  cluster = {}\n"
                     "  schedule = cron \"0 3 * * *\" in \"UTC\"\n  timeout = 1h\n{}}}\n",
                     name, name, cluster, extra);
}

class HostileLaterTest : public schedc::testing::TempDirTest {
 protected:
};

// Finding 3 (lowering): a chain of 15,000 cluster profiles, each `from` the previous one, kills schedc with SIGSEGV
// (profile() in compiler/lower/clusters.cpp recursed once per level; a chain is now at most 64 deep).
TEST_F(HostileLaterTest, ClusterProfileChainIsBounded) {
  std::string text = std::string(kWorkspace) +
                     "cluster c0 { spark_version = \"15.4.x-scala2.12\"  node_type = \"Standard_DS3_v2\"  workers = 2 }\n";
  for (int i = 1; i < 15000; ++i) text += fmt::format("cluster c{} from c{} {{}}\n", i, i - 1);
  write(dir / "c.sched", text + model("m", "", "c14999"));
  auto r = schedc({"check", "--color", "never", dir.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("c.sched:"));  // a located error about the depth
  EXPECT_THAT(r.err, HasSubstr("error[SCH0006]: cluster profile `c"));
  EXPECT_THAT(r.err, HasSubstr("more than 64 profiles"));
}

// Finding 3 (lowering): a chain of 20,000 models each requiring the previous one overflows the stack under ASan
// (the cycle search, now compiler/analysis/model_graph.cpp, recursed once per model; it no longer recurses).
TEST_F(HostileLaterTest, DependencyChainIsCheckedWithoutRecursion) {
  std::string text = std::string(kWorkspace) +
                     "storage lake { url = \"https://contosolake.dfs.core.windows.net\" }\n"
                     "project {\n  factory_entity_limit = 100000\n  markers {\n    storage = lake\n    path = \"ops/markers\"\n  }\n}\n";
  for (int i = 0; i < 20000; ++i)
    text += model(fmt::format("m{}", i), i ? fmt::format("  requires {{ model m{} check }}\n", i - 1) : "");
  write(dir / "d.sched", text);
  auto r = schedc({"check", "--color", "never", dir.string()});  // SIGSEGV under ASan, or with `ulimit -s 1024`
  EXPECT_LE(r.code, 1) << r.err.substr(0, 2000);                    // warnings SCH7001 (same fire times) at most
}

// Finding 4: a declaration repeated 5,000 times (22 KB) takes 26 s and 2.4 GB; the diagnostics must be capped with
// a count of the rest, and time and memory linear in the input.
TEST_F(HostileLaterTest, RepeatedDeclarationsAreCappedAndLinear) {
  std::string text = kWorkspace;
  for (int i = 0; i < 5000; ++i) text += "model m {}\n";
  write(dir / "m.sched", text);
  auto r = schedc({"check", "--color", "never", dir.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_LT(r.err.size(), 200'000u);
  EXPECT_THAT(r.err, HasSubstr("more"));  // "... and N more"
}

// Finding 11: a 245-character storage name passes `check`; `build` then fails with "File name too long" and no
// location. The length of every generated name and file name must be checked with the declaration's location.
TEST_F(HostileLaterTest, GeneratedNamesAreLengthChecked) {
  const std::string name(245, 's');
  write(dir / "s.sched", std::string(kWorkspace) + "storage " + name + " { url = \"https://contosolake.dfs.core.windows.net\" }\n" +
                             model("m", "  requires { file \"data/a/_SUCCESS\" in " + name + " check }\n"));
  auto r = schedc({"check", "--color", "never", dir.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("s.sched:6:"));  // the storage declaration
  EXPECT_THAT(r.err, HasSubstr("error[SCH1007]: storage `sss"));
  EXPECT_THAT(r.err, HasSubstr("characters long; at most 140 are allowed"));
}

// Finding 12: names that differ only in case write files that collide on a case-insensitive checkout
// (parameters/prod.json and PROD.json, jobs/prod and jobs/PROD).
TEST_F(HostileLaterTest, CaseCollisionsAreReported) {
  write(dir / "e.sched", std::string(kWorkspace) +
                             "environment prod { trigger = started }\nenvironment PROD { trigger = stopped }\n"
                             "project { git_environment = prod }\n" + model("m1", "  target = adf_job\n"));
  auto r = schedc({"check", "--color", "never", dir.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("e.sched:"));
  EXPECT_THAT(r.err, HasSubstr("error[SCH4003]: environment `PROD` differs from environment `prod` only in letter case"));
}

TEST_F(HostileLaterTest, WorkspacesThatDifferOnlyInCaseAreReported) {
  std::string other = kWorkspace;
  other.replace(other.find("workspace w"), 11, "workspace W");
  write(dir / "w.sched", std::string(kWorkspace) + other + model("m1"));
  auto r = schedc({"check", "--color", "never", dir.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[SCH4003]: workspace `W` differs from workspace `w` only in letter case"));
}

}  // namespace
