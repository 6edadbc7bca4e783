// Project allowances and repos (docs/language.md §4.2): in a single-repo compilation an allowance covers every file,
// and the repos it names are not checked (there are none to check against); compiled with other repos, it covers
// its own repo and those it names.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "tests/unit/cli_runner.hpp"
#include "tests/unit/sched_sources.hpp"

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
