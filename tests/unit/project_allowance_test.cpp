// Project allowances and repos (docs/language.md §4.2): in a single-repo compilation an allowance covers every file,
// and the repos it names are not checked (there are none to check against); compiled with other repos, it covers
// its own repo and those it names.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "tests/unit/cli_runner.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

const char* kPlatform = R"(project {
  workspace = analytics
  allow {
    SCH3008 = { reason = "runs when the DST gap ends"  repos = ["sales"] }
  }
}
workspace analytics {
  url         = "https://adb-1234567890123456.7.azuredatabricks.net"
  resource_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/dbw"
}
cluster small {
  spark_version = "15.4.x-scala2.12"
  node_type     = "Standard_DS3_v2"
  workers       = 2
}
)";

const char* kModel = R"(model m {
  owner = "ds@contoso.com"
  notebook = "/Repos/ds/m"
  cluster = small
  schedule = cron "30 2 * * *" in "Europe/Amsterdam"
  timeout = 1h
}
)";

struct Dir {
  Dir() : path(fs::temp_directory_path() / ("schedc_pa_" + std::to_string(::getpid()))) { fs::remove_all(path); }
  ~Dir() { fs::remove_all(path); }
  fs::path path;
};

TEST(ProjectAllowance, SingleRepoCoversEveryFileAndDoesNotCheckRepoNames) {
  Dir d;
  schedc::testing::write_file(d.path / "one" / "platform.sched", kPlatform);
  schedc::testing::write_file(d.path / "one" / "models" / "m.sched", kModel);
  auto r = schedc::testing::schedc_run({"check", (d.path / "one").string(), "--warnings-as-errors"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("SCH1017")));
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("SCH3008")));
}

TEST(ProjectAllowance, WithReposItCoversItsOwnAndTheNamedOnesOnly) {
  Dir d;
  schedc::testing::write_file(d.path / "platform" / "platform.sched", kPlatform);
  schedc::testing::write_file(d.path / "sales" / "m.sched", kModel);
  auto covered = schedc::testing::schedc_run({"check", "--repo", "platform=" + (d.path / "platform").string(), "--repo",
                                              "sales=" + (d.path / "sales").string(), "--warnings-as-errors"});
  EXPECT_EQ(covered.code, 0) << covered.out << covered.err;
  fs::rename(d.path / "sales", d.path / "churn");
  auto other = schedc::testing::schedc_run({"check", "--repo", "platform=" + (d.path / "platform").string(), "--repo",
                                            "churn=" + (d.path / "churn").string()});
  EXPECT_EQ(other.code, 1) << other.out << other.err;  // `sales` is not compiled: SCH1017
  EXPECT_THAT(other.err, HasSubstr("names repo `sales`, which is not compiled"));
}

}  // namespace
