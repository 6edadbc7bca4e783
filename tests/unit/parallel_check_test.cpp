// `check` runs on several threads (compiler/parallel.hpp): inputs are parsed ahead of the loader's walk, and the
// dependency, contention and schedule analyses compute per item on several threads, then report in order. Nothing
// may depend on the thread count: the same projects are compiled with 1, 2 and 5 threads and compared in full
// (file ids, every diagnostic with its spans, labels, notes and help, the IR's models).
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/analysis/analyses.hpp"
#include "compiler/compile.hpp"
#include "tests/unit/memory_loader.hpp"
#include "compiler/parallel.hpp"

namespace {

using namespace schedc;

using schedc::testing::MemoryLoader;

std::string stdlib() { return std::string(SCHEDC_SOURCE_DIR) + "/stdlib"; }

// Everything a compilation reports, with spans as (file, begin, end) and files by id.
std::string describe(const CompileResult& r) {
  std::string out;
  for (std::size_t id = 1; id < r.sources.size(); ++id)
    out += fmt::format("file {} = {}\n", id, r.sources.file(static_cast<FileId>(id)).qualified());
  auto span = [](const Span& s) { return fmt::format("{}:{}-{}", s.file, s.begin, s.end); };
  for (const auto& d : r.diagnostics.all()) {
    out += fmt::format("{} at {}: {} [{}]\n", d.code, span(d.primary), d.message, d.primary_label);
    for (const auto& l : d.labels) out += fmt::format("  label {}: {}\n", span(l.span), l.message);
    for (const auto& n : d.notes) out += fmt::format("  note: {}\n", n);
    out += fmt::format("  help: {}\n", d.help.value_or("-"));
  }
  if (r.project)
    for (const auto& m : r.project->models)
      out += fmt::format("model {} in {} at {}\n", m.name, m.source_path, span(m.span));
  return out;
}

std::set<std::string> codes(const CompileResult& r) {
  std::set<std::string> out;
  for (const auto& d : r.diagnostics.all()) out.insert(d.code);
  return out;
}

CompileResult compile_with(unsigned threads, const std::map<std::string, std::string>& files,
                           const std::vector<std::string>& inputs) {
  set_thread_count(threads);
  MemoryLoader loader(stdlib(), files);
  CompileResult r = compile(CompileInput{inputs, stdlib()}, loader);
  set_thread_count(0);
  return r;
}

const char* kPlatform = R"(project {
  workspace = analytics
  markers { storage = lake  path = "ops/markers" }
}
workspace analytics {
  url         = "https://adb-1111111111111111.11.azuredatabricks.net"
  resource_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w"
}
storage lake { url = "https://contosolake.dfs.core.windows.net" }
cluster shared { existing = "0412-093011-r4team01" }
)";

// A valid project of 40 input files (more than one batch of parses ahead) with warnings of every whole-project
// analysis: stdlib modules and a file that is not an input are first used by inputs in the middle (so the ids the
// parses ahead guessed are wrong there), and one input is reached through a `use` before its turn.
std::map<std::string, std::string> warning_project(std::vector<std::string>& inputs) {
  std::map<std::string, std::string> files;
  files["<mem>/platform.sched"] = kPlatform;
  files["<mem>/shared/profiles.sched"] = R"(cluster small_jobs {
  spark_version = "15.4.x-scala2.12"
  node_type     = "Standard_DS3_v2"
  workers       = 2
}
)";
  for (int i = 0; i < 40; ++i) {
    std::string text;
    if (i % 9 == 4) text += "use std.clusters\n";
    if (i % 13 == 6) text += "use \"shared/profiles.sched\"\n";
    if (i == 3) text += "use \"team_37.sched\"\n";
    const std::string cluster = i % 9 == 4 ? "clusters.general" : i % 13 == 6 ? "small_jobs" : "shared";
    const char* zone = i % 3 == 0 ? "Europe/Amsterdam" : i % 3 == 1 ? "America/New_York" : "UTC";
    text += fmt::format(R"(
model up_{0:02} {{
  owner    = "ds@contoso.com"
  notebook = "/Repos/ds/up/{0}"
  cluster  = {1}
  schedule = cron "{2} {3} * * {4}" in "{5}"
  timeout  = 2h
}}
model down_{0:02} {{
  owner    = "ds@contoso.com"
  notebook = "/Repos/ds/down/{0}"
  cluster  = {1}
  schedule = cron "{6} {7} * * *" in "{8}"
  requires {{
    model up_{9:02} {10}
  }}
  timeout  = 1h
}}
)",
                        i, cluster, (i * 7) % 60, i % 5 == 2 ? 2 : 1 + i % 6, i % 4 == 1 ? "MON" : "*", zone,
                        (i * 11) % 60, 1 + (i * 5) % 7, i % 2 ? "Europe/London" : zone, (i * 17) % 40,
                        i % 5 == 0 ? "within 1d check" : "check");
    if (i == 21) text += R"(model twin_a {
  owner    = "ds@contoso.com"
  notebook = "/Repos/ds/twin"
  cluster  = shared
  schedule = cron "0 5 * * *" in "UTC"
  timeout  = 1h
}
model twin_b {
  owner    = "ds@contoso.com"
  notebook = "/Repos/ds/twin"
  cluster  = shared
  schedule = cron "30 2 * * *" in "Europe/Amsterdam"
  timeout  = 1h
}
)";
    const std::string path = fmt::format("<mem>/team_{:02}.sched", i);
    files[path] = text;
    inputs.push_back(path);
  }
  inputs.push_back("<mem>/platform.sched");
  return files;
}

TEST(ParallelCheck, WarningsDoNotDependOnTheThreadCount) {
  std::vector<std::string> inputs;
  const auto files = warning_project(inputs);
  const CompileResult one = compile_with(1, files, inputs);
  ASSERT_TRUE(one.project.has_value()) << describe(one);
  // Every whole-project analysis reports something (so the comparison covers them).
  const auto found = codes(one);
  for (const char* code : {"SCH7001", "SCH7002", "SCH7003", "SCH7004", "SCH3008", "SCH4010"})
    EXPECT_TRUE(found.count(code)) << code << " not reported:\n" << describe(one);
  // The file ids are those of the sequential walk: team_03 uses team_37 (loaded right after it), team_04 is the
  // first to use std.clusters, team_06 the first to use shared/profiles.sched.
  std::map<std::string, FileId> id;
  for (std::size_t i = 1; i < one.sources.size(); ++i) id[one.sources.file(static_cast<FileId>(i)).path] = static_cast<FileId>(i);
  EXPECT_EQ(id["<mem>/platform.sched"], 1u);
  EXPECT_EQ(id["<mem>/team_03.sched"], 5u);
  EXPECT_EQ(id["<mem>/team_37.sched"], 6u);
  EXPECT_EQ(id["<mem>/team_04.sched"], 7u);
  EXPECT_EQ(id["<std>/clusters.sched"], 8u);
  EXPECT_EQ(id["<mem>/team_05.sched"], 9u);
  EXPECT_EQ(id["<mem>/team_06.sched"], 10u);
  EXPECT_EQ(id["<mem>/shared/profiles.sched"], 11u);
  EXPECT_EQ(id["<mem>/team_39.sched"], 43u);
  const std::string expected = describe(one);
  for (unsigned threads : {2u, 5u}) {
    const CompileResult many = compile_with(threads, files, inputs);
    EXPECT_EQ(describe(many), expected) << threads << " threads";
  }
}

// Errors found while loading: syntax errors (their spans carry the file id the parse ahead guessed), an input that
// cannot be read, a cycle of uses, an unknown stdlib module.
TEST(ParallelCheck, LoadErrorsDoNotDependOnTheThreadCount) {
  std::map<std::string, std::string> files;
  std::vector<std::string> inputs;
  for (int i = 0; i < 30; ++i) {
    std::string text;
    if (i == 2) text += "use std.clusters\n";
    if (i == 5) text += "use \"cycle_a.sched\"\n";
    if (i == 9) text += "use std.nonesuch\n";
    text += fmt::format("model m_{0:02} {{\n  owner = \"ds@contoso.com\"\n}}\n", i);
    if (i % 7 == 3) text += "model broken {\n  owner = \n";  // a syntax error
    if (i == 12) text += "model bad_string { owner = \"unterminated\n}\n";
    const std::string path = fmt::format("<mem>/f_{:02}.sched", i);
    if (i != 17) files[path] = text;  // f_17 cannot be read
    inputs.push_back(path);
  }
  files["<mem>/cycle_a.sched"] = "use \"cycle_b.sched\"\n";
  files["<mem>/cycle_b.sched"] = "use \"cycle_a.sched\"\n";
  const CompileResult one = compile_with(1, files, inputs);
  const auto found = codes(one);
  for (const char* code : {"SCH0001", "SCH0002", "SCH2002", "SCH2003", "SCH9001"})
    EXPECT_TRUE(found.count(code)) << code << " not reported:\n" << describe(one);
  const std::string expected = describe(one);
  for (unsigned threads : {2u, 5u}) {
    const CompileResult many = compile_with(threads, files, inputs);
    EXPECT_EQ(describe(many), expected) << threads << " threads";
  }
}

// The contention sweep split into time ranges finds exactly what one sweep finds: random clusters (bursts of
// equal starts, touching windows, windows longer than a range), swept whole and in 2, 3, 7 and 16 ranges.
TEST(ParallelCheck, SweepInRangesEqualsOneSweep) {
  std::mt19937 random(20260101);
  using analysis::Instant;
  const Instant t0 = date::sys_days{date::year{2026} / 1 / 1};
  for (int round = 0; round < 200; ++round) {
    const int models = 1 + static_cast<int>(random() % 12);
    const int spread = 10 + static_cast<int>(random() % 2000);  // minutes
    std::vector<std::vector<analysis::Window>> windows(static_cast<std::size_t>(models));
    for (auto& ws : windows) {
      std::vector<Instant> fires;
      const int n = static_cast<int>(random() % 30);
      for (int i = 0; i < n; ++i) fires.push_back(t0 + std::chrono::minutes{static_cast<int>(random() % static_cast<unsigned>(spread))});
      std::sort(fires.begin(), fires.end());
      ws = analysis::merge_windows(fires, 60 * (1 + static_cast<std::int64_t>(random() % 240)));
    }
    const analysis::Contention whole = analysis::sweep(windows, 1);
    for (std::size_t parts : {2u, 3u, 7u, 16u}) {
      const analysis::Contention split = analysis::sweep(windows, parts);
      EXPECT_EQ(split.peak, whole.peak) << round << " in " << parts;
      EXPECT_EQ(split.peak_at, whole.peak_at) << round << " in " << parts;
      EXPECT_EQ(split.first_overlap, whole.first_overlap) << round << " in " << parts;
      EXPECT_EQ(split.involved, whole.involved) << round << " in " << parts;
    }
  }
}

}  // namespace
