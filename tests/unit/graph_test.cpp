// `schedc graph`: the exact Mermaid and DOT dependency graphs of a two-repo project, the Mermaid Gantt timeline of
// one day (in UTC and in another zone, across a DST change), escaping, and usage errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/graph.hpp"
#include "tests/unit/cli_runner.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kCase = fs::path(SCHEDC_SOURCE_DIR) / "tests/golden/repos/dependency_across_repos/input";

auto schedc(std::vector<std::string> args) { return schedc::testing::schedc_run(std::move(args)); }

std::vector<std::string> repos() {
  return {"--repo", "churn=" + (kCase / "churn").string(), "--repo", "retention=" + (kCase / "retention").string(),
          "--repo", "platform=" + (kCase / "platform").string()};
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(Graph, MermaidGroupsModelsByRepo) {
  auto r = schedc(with({"graph"}, repos()));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "flowchart LR\n"
            "  subgraph repo_churn[\"churn\"]\n"
            "    m_churn_scoring[\"churn_scoring<br/>30 2 * * MON-FRI<br/>Europe/Amsterdam\"]\n"
            "  end\n"
            "  subgraph repo_retention[\"retention\"]\n"
            "    m_retention_offers[\"retention_offers<br/>0 6 * * MON-FRI<br/>Europe/Amsterdam\"]\n"
            "  end\n"
            "  m_churn_scoring -->|\"wait 3h\"| m_retention_offers\n");
  EXPECT_EQ(r.err, "");
}

TEST(Graph, Dot) {
  auto r = schedc(with({"graph", "--format", "dot"}, repos()));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "digraph schedc {\n"
            "  rankdir=LR;\n"
            "  node [shape=box];\n"
            "  subgraph \"cluster_churn\" {\n"
            "    label=\"churn\";\n"
            "    m_churn_scoring [label=\"churn_scoring\\n30 2 * * MON-FRI\\nEurope/Amsterdam\"];\n"
            "  }\n"
            "  subgraph \"cluster_retention\" {\n"
            "    label=\"retention\";\n"
            "    m_retention_offers [label=\"retention_offers\\n0 6 * * MON-FRI\\nEurope/Amsterdam\"];\n"
            "  }\n"
            "  m_churn_scoring -> m_retention_offers [label=\"wait 3h\"];\n"
            "}\n");
}

TEST(Graph, TimelineInUtcAndInAZoneAcrossDst) {
  // 2026-03-29 is the day Europe/Amsterdam moves from UTC+1 to UTC+2; Monday 2026-03-30 is the first day after it.
  auto utc = schedc(with({"graph", "--timeline", "2026-03-30"}, repos()));
  ASSERT_EQ(utc.code, 0) << utc.err;
  EXPECT_EQ(utc.out,
            "gantt\n"
            "  title Runs on 2026-03-30 (UTC), from fire time to fire time + timeout\n"
            "  dateFormat YYYY-MM-DD HH:mm\n"
            "  axisFormat %H:%M\n"
            "  section job cluster shared_small\n"
            "    churn_scoring : 2026-03-30 00:30, 2026-03-30 03:30\n"
            "    retention_offers : 2026-03-30 04:00, 2026-03-30 05:00\n");
  auto local = schedc(with({"graph", "--timeline", "2026-03-27", "--tz", "Europe/Amsterdam"}, repos()));
  EXPECT_THAT(local.out, ::testing::HasSubstr("    churn_scoring : 2026-03-27 02:30, 2026-03-27 05:30\n"));
  auto sunday = schedc(with({"graph", "--timeline", "2026-03-29"}, repos()));
  EXPECT_THAT(sunday.out, ::testing::HasSubstr("  %% no runs on 2026-03-29\n"));
}

TEST(Graph, Escaping) {
  EXPECT_EQ(schedc::cli::mermaid_escape("a\"b#c<d>e|f&g\nh"), "a#quot;b#35;c#lt;d#gt;e#124;f#amp;g<br/>h");
  EXPECT_EQ(schedc::cli::dot_escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

TEST(Graph, UsageErrors) {
  EXPECT_EQ(schedc(with({"graph", "--timeline", "2026-02-30"}, repos())).code, 2);
  EXPECT_EQ(schedc(with({"graph", "--timeline", "2026-03-30", "--tz", "Mars/Base"}, repos())).code, 2);
  EXPECT_EQ(schedc(with({"graph", "--timeline", "2026-03-30", "--format", "dot"}, repos())).code, 2);
  EXPECT_EQ(schedc(with({"graph", "--env", "nope"}, repos())).code, 2);
  EXPECT_EQ(schedc(with({"graph", "--format", "svg"}, repos())).code, 2);
}

}  // namespace
