// Code generation runs on several threads (compiler/parallel.hpp); its output must not depend on how many. The
// shipped examples plus 600 generated models (more than one chunk of the ARM target's entity-by-entity build, with
// per-environment values in every chunk) are generated with 1, 2 and 5 threads and compared byte for byte, and
// with ADF and ARM generated together (sharing each environment's build) and separately.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "codegen/adf/adf.hpp"
#include "codegen/arm/arm.hpp"
#include "codegen/generate.hpp"
#include "compiler/parallel.hpp"
#include "compiler/compile.hpp"
#include "tests/unit/memory_loader.hpp"

namespace {

using namespace schedc;
namespace fs = std::filesystem;

using schedc::testing::MemoryLoader;

ir::Project project() {
  const std::string root = SCHEDC_SOURCE_DIR;
  std::vector<std::string> inputs;
  for (const auto& e : fs::directory_iterator(root + "/examples"))
    if (e.path().extension() == ".sched") inputs.push_back(e.path().string());
  std::string text = "use std.clusters\n";
  for (int i = 0; i < 600; ++i)
    text += fmt::format(R"(model generated_{0:03} {{
  owner    = "ds@contoso.com"
  notebook = "/Repos/ds/generated/{0}" {{ run_date = "{{schedule.date}}" env = "{{env.name}}" }}
  cluster  = clusters.general {{ workers = {1}..8 }}
  schedule = cron "{2} {3} * * *" in "{4}"
  requires {{ file "curated/feed_{5}/{{schedule.date}}/_SUCCESS" in lake wait 2h every 10m }}
  timeout  = 2h
}}
)",
                        i, 1 + i % 4, i % 60, 5 + i % 12, i % 2 ? "UTC" : "Asia/Kolkata", i % 7);
  inputs.push_back("generated.sched");
  MemoryLoader loader(root + "/stdlib", {{"generated.sched", text}});
  CompileResult result = compile(CompileInput{inputs, root + "/stdlib"}, loader);
  if (!result.project) throw std::runtime_error("the test project has errors");
  return std::move(*result.project);
}

std::map<std::string, std::string> as_map(const codegen::OutputFiles& files) {
  std::map<std::string, std::string> out;
  for (const auto& f : files) out[f.path] = f.content;
  return out;
}

TEST(ParallelCodegen, OutputDoesNotDependOnTheThreadCount) {
  const ir::Project p = project();
  set_thread_count(1);
  const auto one = codegen::generate(p, codegen::all_targets());
  ASSERT_GT(one.size(), 1200u);
  for (unsigned threads : {2u, 5u}) {
    set_thread_count(threads);
    const auto many = codegen::generate(p, codegen::all_targets());
    ASSERT_EQ(many.size(), one.size()) << threads << " threads";
    for (std::size_t i = 0; i < one.size(); ++i) {
      ASSERT_EQ(many[i].path, one[i].path) << threads << " threads";
      EXPECT_EQ(many[i].content, one[i].content) << one[i].path << " with " << threads << " threads";
    }
  }
  set_thread_count(0);
}

TEST(ParallelCodegen, AdfAndArmTogetherEqualEachAlone) {
  const ir::Project p = project();
  auto together = as_map(codegen::arm::generate_adf_and_arm(p));
  auto alone = as_map(codegen::adf::generate_adf(p));
  const auto arm = as_map(codegen::arm::generate_arm(p));
  alone.insert(arm.begin(), arm.end());
  EXPECT_EQ(together.size(), alone.size());
  EXPECT_TRUE(together == alone);
  // The ARM parameters really differ per environment (the comparison ran in every chunk).
  ASSERT_TRUE(together.count("arm/parameters/prod.json"));
  EXPECT_NE(together["arm/parameters/prod.json"], together["arm/parameters/dd.json"]);
}

TEST(ParallelCodegen, ExceptionsReachTheCaller) {
  set_thread_count(3);
  EXPECT_THROW(parallel_for(100, [](std::size_t i) {
                 if (i % 10 == 7) throw std::logic_error("boom");
               }),
               std::logic_error);
  set_thread_count(0);
}

}  // namespace
