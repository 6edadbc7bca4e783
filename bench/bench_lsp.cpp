// The language server's latency (docs/performance.md, "Editor"): in a workspace of a generated organisation on disk,
// the time from an edit of one model file to its published diagnostics (the whole workspace is compiled again, as
// `check` would), and the time to answer a hover on a model (next fires per target) once compiled. Besides wall and
// the benchmark thread's CPU, the counter `process_cpu_ms` is the whole process's CPU per edit (the worker threads
// that parse and run the analyses in parallel included): what the edit costs a core.
#include <benchmark/benchmark.h>

#include <time.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "bench/generate.hpp"
#include "cli/lsp/server.hpp"

namespace {

namespace fs = std::filesystem;
using schedc::cli::lsp::Json;

struct Workspace {
  fs::path dir;
  std::string edited_uri;
  std::string edited_text;
  explicit Workspace(int models) {
    dir = fs::temp_directory_path() / ("schedc-bench-lsp-" + std::to_string(models));
    fs::remove_all(dir);
    for (const auto& [path, text] : schedc::bench::generate_project(models, std::max(1, models / 10))) {
      fs::create_directories((dir / path).parent_path());
      std::ofstream(dir / path) << text;
      if (path.find("models_") != std::string::npos && edited_uri.empty()) {
        edited_uri = schedc::cli::lsp::uri_of_path((dir / path).generic_string());
        edited_text = text;
      }
    }
  }
  ~Workspace() { fs::remove_all(dir); }
};

// CPU time of the whole process (every thread), in seconds.
double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

schedc::cli::lsp::Server started(const Workspace& w) {
  schedc::cli::lsp::ServerOptions options;
  options.stdlib_dir = SCHEDC_STDLIB;
  options.now = std::chrono::sys_seconds{std::chrono::seconds{1774656000}};  // 2026-03-28T00:00:00Z
  schedc::cli::lsp::Server server(options);
  server.handle(Json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                     {"params", {{"capabilities", Json::object()}, {"rootUri", schedc::cli::lsp::uri_of_path(w.dir.generic_string())}}}});
  server.handle(Json{{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                     {"params", {{"textDocument", {{"uri", w.edited_uri}, {"languageId", "sched"}, {"version", 1}, {"text", w.edited_text}}}}}});
  server.idle();
  return server;
}

void BM_LspDiagnosticsAfterEdit(benchmark::State& state) {
  Workspace w(static_cast<int>(state.range(0)));
  auto server = started(w);
  long long version = 1;
  double process_cpu = 0;
  for (auto _ : state) {
    const double cpu_before = process_cpu_seconds();
    // A comment typed at the top of the file, then removed: every iteration changes the text.
    const std::string text = (version % 2 ? "# edit\n" : "") + w.edited_text;
    server.handle(Json{{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"},
                       {"params", {{"textDocument", {{"uri", w.edited_uri}, {"version", ++version}}},
                                   {"contentChanges", {{{"text", text}}}}}}});
    auto published = server.idle();
    benchmark::DoNotOptimize(published);
    process_cpu += process_cpu_seconds() - cpu_before;
  }
  state.counters["models"] = static_cast<double>(state.range(0));
  state.counters["process_cpu_ms"] =
      benchmark::Counter(process_cpu * 1e3 / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_LspDiagnosticsAfterEdit)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LspHoverOnModel(benchmark::State& state) {
  Workspace w(static_cast<int>(state.range(0)));
  auto server = started(w);
  const auto at = w.edited_text.find("model ");
  const auto line = std::count(w.edited_text.begin(), w.edited_text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  const Json request{{"jsonrpc", "2.0"}, {"id", 2}, {"method", "textDocument/hover"},
                     {"params", {{"textDocument", {{"uri", w.edited_uri}}}, {"position", {{"line", line}, {"character", 7}}}}}};
  for (auto _ : state) {
    auto answer = server.handle(request);
    if (answer.empty() || !answer[0].contains("result") || answer[0]["result"].is_null()) {
      state.SkipWithError("no hover");
      return;
    }
    benchmark::DoNotOptimize(answer);
  }
}
BENCHMARK(BM_LspHoverOnModel)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
