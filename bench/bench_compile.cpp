// Benchmarks of the compiler in process (Google Benchmark): parse, and check + generate whole projects.
#include <benchmark/benchmark.h>

#include <map>

#include "bench/generate.hpp"
#include "codegen/generate.hpp"
#include "compiler/compile.hpp"
#include "grammar/parser.hpp"

namespace {

class MemoryLoader : public schedc::SourceLoader {
 public:
  explicit MemoryLoader(const std::vector<std::pair<std::string, std::string>>& files) {
    for (const auto& [p, t] : files) files_[p] = t;
  }
  std::optional<std::string> read(const std::string& path) override {
    if (auto it = files_.find(path); it != files_.end()) return it->second;
    return fs_.read(path);  // stdlib modules
  }

 private:
  std::map<std::string, std::string> files_;
  schedc::FileSystemLoader fs_{""};
};

void BM_Parse(benchmark::State& state) {
  auto project = schedc::bench::generate_project(static_cast<int>(state.range(0)), 1);
  const std::string& text = project[1].second;
  for (auto _ : state) benchmark::DoNotOptimize(schedc::syntax::parse(text, 1));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Parse)->Arg(100)->Unit(benchmark::kMillisecond);

void BM_CheckAndGenerate(benchmark::State& state) {
  int models = static_cast<int>(state.range(0));
  auto project = schedc::bench::generate_project(models, std::max(1, models / 10));
  std::vector<std::string> inputs;
  for (const auto& [p, t] : project) inputs.push_back(p);
  MemoryLoader loader(project);
  std::size_t files = 0;
  for (auto _ : state) {
    auto result = schedc::compile(schedc::CompileInput{inputs, SCHEDC_STDLIB}, loader);
    if (!result.project) {
      state.SkipWithError("the generated project has errors");
      return;
    }
    auto out = schedc::codegen::generate(*result.project, schedc::codegen::all_targets());
    files = out.size();
    benchmark::DoNotOptimize(out);
  }
  state.counters["models"] = models;
  state.counters["files_out"] = static_cast<double>(files);
}
BENCHMARK(BM_CheckAndGenerate)->Arg(1)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
