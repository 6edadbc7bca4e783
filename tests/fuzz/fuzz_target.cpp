// Fuzz target: any bytes, as up to four .sched files of one repo (split at lines `#---`), which may `use` each
// other, the stdlib, and a file outside the repo; through parse, module loading, all analyses and codegen; then the
// output is written into a previous output that the input prepared with hostile entries (links to a file outside,
// a FIFO, a linked folder), compared with it (`build --check`), and `plan --scripts` writes into a folder with a
// link at a script's path. Nothing may crash, hang, leak or hit undefined behaviour; every failure must be a
// diagnostic; nothing outside the repo may be read, and nothing outside the output may be written (checked here,
// aborting when broken). Each file is also formatted (`schedc fmt`): that must never change what the parser reads.
// One input in four is also served by the language server (cli/lsp/) as an open document: hover, definition,
// references and completion at every line start and one picked byte, quick fixes, symbols and folding must each
// get a response, and the server must write nothing.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/lsp/server.hpp"
#include "cli/lsp/text.hpp"
#include "cli/output.hpp"
#include "cli/plan.hpp"
#include "codegen/generate.hpp"
#include "compiler/compile.hpp"
#include "compiler/format/format.hpp"

namespace fs = std::filesystem;

namespace {

constexpr const char* kSecret = "SECRET-OUTSIDE-THE-REPO";
const char* const kNames[] = {"repo/fuzz.sched", "repo/a.sched", "repo/lib/b.sched", "repo/lib/deep/c.sched"};

// Serves the pieces of the input as the repo's files, a file outside the repo (which must never be read), and the
// stdlib from the repository.
class FuzzLoader : public schedc::SourceLoader {
 public:
  explicit FuzzLoader(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  std::optional<std::string> read(const std::string& path) override {
    if (path == "outside/secret.sched") {
      read_outside = true;
      return std::string(kSecret);
    }
    if (auto it = files_.find(path); it != files_.end()) return it->second;
    static const std::string stdlib = std::string(SCHEDC_SOURCE_DIR) + "/stdlib/";
    if (path.rfind(stdlib, 0) == 0 && path.find("..") == std::string::npos) return fs_.read(path);
    return std::nullopt;
  }
  bool read_outside = false;

 private:
  std::map<std::string, std::string> files_;
  schedc::FileSystemLoader fs_{""};
};

std::map<std::string, std::string> split(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string> files;
  std::size_t start = 0, index = 0;
  while (index < std::size(kNames)) {
    const std::size_t sep = input.find("\n#---\n", start);
    files[kNames[index++]] = input.substr(start, sep == std::string::npos ? std::string::npos : sep - start);
    if (sep == std::string::npos) break;
    start = sep + 6;
  }
  return files;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A scratch directory of this process, emptied before each use and removed at exit.
fs::path scratch_dir;
void remove_scratch() {
  std::error_code ignore;
  fs::remove_all(scratch_dir, ignore);
}
const fs::path& scratch() {
  if (scratch_dir.empty()) {
    scratch_dir = fs::temp_directory_path() / ("schedc-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(scratch_dir);
    fs::create_directories(scratch_dir);
    std::atexit(remove_scratch);
  }
  return scratch_dir;
}

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz: broken: %s\n", what);
    std::abort();
  }
}

// Writes `files` over a previous output prepared with hostile entries chosen by `seed`, and checks that nothing
// outside the output changed, nothing was left beside it, and the output is complete.
void write_into_prepared_output(const schedc::codegen::OutputFiles& files, unsigned seed) {
  const fs::path root = scratch() / "out-test";
  fs::remove_all(root);
  fs::create_directories(root / "elsewhere");
  const fs::path sentinel = root / "elsewhere" / "keep.txt";
  std::ofstream(sentinel) << kSecret;
  const fs::path out = root / "out";
  check(schedc::cli::write_output(out.string(), files).ok, "a first build into an empty directory");
  // Hostile entries at generated paths: a link to the file outside, a FIFO, a linked folder; plus leftovers.
  for (std::size_t i = 0; i < files.size() && i < 6; ++i) {
    const fs::path p = out / files[(i * 7 + seed) % files.size()].path;
    std::error_code ec;
    fs::remove(p, ec);
    switch ((seed >> i) % 3) {
      case 0: fs::create_symlink(sentinel, p, ec); break;
      case 1: ::mkfifo(p.c_str(), 0600); break;
      case 2: fs::create_directory_symlink(root / "elsewhere", p, ec); break;
    }
  }
  fs::create_directories(root / ".out.schedc-tmp-dead");
  const bool stale = !schedc::cli::compare_output(out.string(), files).empty();
  check(files.empty() || stale, "build --check sees the hostile entries");
  check(schedc::cli::write_output(out.string(), files).ok, "a rebuild over the prepared output");
  check(slurp(sentinel) == kSecret, "the file outside the output is unchanged");
  check(schedc::cli::compare_output(out.string(), files).empty(), "the rebuilt output is complete");
  std::vector<std::string> entries;
  for (const auto& e : fs::directory_iterator(root)) entries.push_back(e.path().filename().string());
  std::sort(entries.begin(), entries.end());
  check(entries == std::vector<std::string>{"elsewhere", "out"}, "nothing is left beside the output");
}

void plan_scripts(const schedc::ir::Project& project, const schedc::codegen::OutputFiles& arm) {
  const fs::path root = scratch() / "plan-test";
  fs::remove_all(root);
  fs::create_directories(root / "scripts");
  const fs::path sentinel = root / "keep.txt";
  std::ofstream(sentinel) << kSecret;
  fs::create_symlink(sentinel, root / "scripts" / "stop-triggers.sh");
  schedc::cli::PlanOptions options;
  if (!project.environments.empty()) options.env = project.environments.front().name;
  options.scripts_dir = (root / "scripts").string();
  std::ostringstream out, err;
  const int code = schedc::cli::run_plan(project, arm, options, out, err);
  check(code == 0 || code == 1 || code == 2, "plan ends with an exit code of a plan");
  check(slurp(sentinel) == kSecret, "plan --scripts does not write through a link");
}

}  // namespace

// The language server over the input as an open, unsaved document of an empty workspace: every request at
// positions spread over the text (each line's start and a byte picked by the input), whatever the text is. Nothing may
// crash, and every request must get a response.
void language_server(const std::string& text, unsigned seed) {
  // The workspace folder, removed when the fuzzing process ends.
  static const struct Workspace {
    fs::path dir = fs::temp_directory_path() / ("schedc-fuzz-lsp-" + std::to_string(::getpid()));
    Workspace() { fs::create_directories(dir); }
    ~Workspace() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  } workspace;
  const fs::path& dir = workspace.dir;
  using schedc::cli::lsp::Json;
  schedc::cli::lsp::ServerOptions options;
  options.stdlib_dir = std::string(SCHEDC_SOURCE_DIR) + "/stdlib";
  options.now = std::chrono::sys_seconds{std::chrono::seconds{1774656000}};
  schedc::cli::lsp::Server server(options);
  int id = 0;
  auto request = [&](const char* method, Json params) {
    const int this_id = ++id;
    auto out = server.handle(Json{{"jsonrpc", "2.0"}, {"id", this_id}, {"method", method}, {"params", std::move(params)}});
    bool answered = false;
    for (const auto& m : out) answered = answered || (m.contains("id") && m["id"] == this_id);
    check(answered, "a language-server request got no response");
  };
  request("initialize", {{"capabilities", Json::object()}, {"rootUri", schedc::cli::lsp::uri_of_path(dir.generic_string())}});
  const std::string uri = schedc::cli::lsp::uri_of_path((dir / "fuzz.sched").generic_string());
  server.handle(Json{{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                     {"params", {{"textDocument", {{"uri", uri}, {"languageId", "sched"}, {"version", 1}, {"text", text}}}}}});
  server.idle();
  const schedc::cli::lsp::LineIndex lines(text);
  std::vector<std::uint32_t> offsets;
  for (std::size_t i = 0; i < text.size() && offsets.size() < 16; ++i)
    if (i == 0 || text[i - 1] == '\n') offsets.push_back(static_cast<std::uint32_t>(i));
  if (!text.empty()) offsets.push_back(static_cast<std::uint32_t>(seed % text.size()));
  offsets.push_back(static_cast<std::uint32_t>(text.size()));
  for (const auto offset : offsets) {
    const auto p = lines.position(offset, schedc::cli::lsp::Encoding::Utf16);
    const Json at{{"textDocument", {{"uri", uri}}}, {"position", {{"line", p.line}, {"character", p.character}}}};
    request("textDocument/hover", at);
    request("textDocument/definition", at);
    request("textDocument/references", at);
    request("textDocument/completion", at);
  }
  const Json whole{{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", lines.lines()}, {"character", 0}}}};
  request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}}, {"range", whole}, {"context", {{"diagnostics", Json::array()}}}});
  request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
  request("textDocument/foldingRange", {{"textDocument", {{"uri", uri}}}});
  request("shutdown", nullptr);
  check(fs::is_empty(dir), "the language server wrote into the workspace");
}

// `schedc fmt` on each file: a file that parses formats into one that parses to the same tree and comments (also
// checked inside format_source, which must then never report an internal error) and is its own layout; a file that
// does not parse is reported, never formatted.
void check_format(const std::string& text) {
  const schedc::format::Result r = schedc::format::format_source(text);
  const schedc::syntax::ParseResult parsed = schedc::syntax::parse(text, 0);
  check(r.internal_error.empty(), "fmt would change what the parser reads");
  check(r.ok == parsed.ok(), "fmt formatted a file with syntax errors, or refused one without");
  if (!r.ok) return;
  const schedc::syntax::ParseResult again = schedc::syntax::parse(r.text, 0);
  check(again.ok() && schedc::format::same_syntax(parsed.file, again.file), "the formatted file parses differently");
  check(schedc::format::format_source(r.text).text == r.text, "fmt is not idempotent");
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  unsigned lsp_seed = 0;
  for (std::size_t i = 0; i < size && i < 64; ++i) lsp_seed = lsp_seed * 31 + data[i];
  // The language server costs a compile and some forty requests: one input in four (chosen by its bytes) is served.
  if (lsp_seed % 4 == 1) language_server(std::string(reinterpret_cast<const char*>(data), size), lsp_seed);
  auto files = split(data, size);
  for (const auto& [name, text] : files) check_format(text);
  FuzzLoader loader(files);
  schedc::CompileInput input;
  for (const auto& [name, text] : files) input.files.push_back(name);
  input.stdlib_dir = std::string(SCHEDC_SOURCE_DIR) + "/stdlib";
  input.roots = {"repo"};
  auto result = schedc::compile(input, loader);
  check(!loader.read_outside, "a `use` read a file outside the repo");
  if (!result.project) return 0;
  auto generated = schedc::codegen::generate(*result.project, schedc::codegen::all_targets(), result.diagnostics);
  if (result.diagnostics.has_errors()) return 0;
  unsigned seed = 0;
  for (std::size_t i = 0; i < size && i < 64; ++i) seed = seed * 31 + data[i];
  // Writing to disk is slow: one input in four that compiles (chosen by its bytes) is written and planned.
  if (seed % 4 != 0) return 0;
  write_into_prepared_output(generated, seed / 4);
  schedc::codegen::OutputFiles arm;
  for (const auto& f : generated)
    if (f.path.rfind("arm/", 0) == 0) arm.push_back(f);
  if (!arm.empty()) plan_scripts(*result.project, arm);
  return 0;
}
