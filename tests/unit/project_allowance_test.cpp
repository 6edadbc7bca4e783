// Project allowances and repos (docs/language.md §4.2): in a single-repo compilation an allowance covers every file,
// and the repos it names are not checked (there are none to check against); compiled with other repos, it covers
// its own repo and those it names.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/unit/cli_runner.hpp"
#include "tests/unit/sched_sources.hpp"
#include "tests/unit/temp_dir.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

const std::string kPlatform = std::string(R"(project {
  workspace = analytics
  allow {
    SCH3008 = { reason = "runs when the DST gap ends"  repos = ["sales"] }
  }
}
)") + schedc::testing::kAnalyticsWorkspaceAndSmallCluster;

const char* kModel = R"(model m {
  owner = "ds@contoso.com"
  notebook = "/Repos/ds/m"
  cluster = small
  schedule = cron "30 2 * * *" in "Europe/Amsterdam"
  timeout = 1h
}
)";

class ProjectAllowance : public schedc::testing::TempDirTest {};

TEST_F(ProjectAllowance, SingleRepoCoversEveryFileAndDoesNotCheckRepoNames) {
  schedc::testing::write_file(dir / "one" / "platform.sched", kPlatform);
  schedc::testing::write_file(dir / "one" / "models" / "m.sched", kModel);
  auto r = schedc::testing::schedc_run({"check", (dir / "one").string(), "--warnings-as-errors"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("SCH1017")));
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("SCH3008")));
}

TEST_F(ProjectAllowance, WithReposItCoversItsOwnAndTheNamedOnesOnly) {
  schedc::testing::write_file(dir / "platform" / "platform.sched", kPlatform);
  schedc::testing::write_file(dir / "sales" / "m.sched", kModel);
  auto covered = schedc::testing::schedc_run({"check", "--repo", "platform=" + (dir / "platform").string(), "--repo",
                                              "sales=" + (dir / "sales").string(), "--warnings-as-errors"});
  EXPECT_EQ(covered.code, 0) << covered.out << covered.err;
  fs::rename(dir / "sales", dir / "churn");
  auto other = schedc::testing::schedc_run({"check", "--repo", "platform=" + (dir / "platform").string(), "--repo",
                                            "churn=" + (dir / "churn").string()});
  EXPECT_EQ(other.code, 1) << other.out << other.err;  // `sales` is not compiled: SCH1017
  EXPECT_THAT(other.err, HasSubstr("names repo `sales`, which is not compiled"));
}

}  // namespace
