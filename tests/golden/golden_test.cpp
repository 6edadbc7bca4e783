// The golden test runner. Each case is a directory tests/golden/<area>/<case>/ with
//   input/...            the .sched files compiled together (or inputs.txt: paths relative to the repository root)
//   expected/diagnostics.txt   the rendered diagnostics (absent when there are none)
//   expected/out/...     every generated file (absent when the build fails)
//   targets.txt          optional: the targets to generate, one per line (default: all)
// Inputs mark the diagnostics they expect inline, on the line where each one starts:
//   model x {   # expect: SCH1002
// and the runner checks that the compiler's (file, line, code) set equals the marked set, so blessing can never
// silently drop or add an expected error. Unexpected produced files fail the test.
// The `repos` area is multi-repo: each folder input/<repo>/ is a repo named after the folder (diagnostics name
// files `repo:path`), and the diagnostics are rendered in every format (diagnostics.txt, .json, .sarif, .github,
// .azure-devops, and summary.md).
// The `index` area is multi-repo too, with an organisation index (`--index`): the case's `index.json`, or the file
// that `index_from.txt` names (relative to tests/golden/, e.g. a release case's expected/out/index.json), shown as
// `index.json`. Diagnostics located in it are marked in `expect.txt`, one `FILE:LINE CODE` per line (JSON has no
// comments).
// A case's `adf/` folder is hand-written ADF content in git layout, given as `--adf adf`.
// Bless: SCHED_UPDATE_GOLDEN=1 ctest --test-dir build -R golden   (then read `git diff tests/golden` before committing)
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>

#include "cli/formats.hpp"
#include "cli/inputs.hpp"
#include "cli/output.hpp"
#include "cli/render.hpp"
#include "codegen/generate.hpp"
#include "compiler/compile.hpp"

namespace fs = std::filesystem;
using namespace schedc;

namespace {

const fs::path kRoot = SCHEDC_SOURCE_DIR;
const fs::path kGolden = kRoot / "tests" / "golden";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

bool updating() {
  const char* v = std::getenv("SCHED_UPDATE_GOLDEN");
  return v && std::string_view(v) == "1";
}

// Reads display paths relative to a base directory (absolute paths, e.g. the stdlib, are read as they are).
class BaseLoader : public SourceLoader {
 public:
  explicit BaseLoader(fs::path base) : base_(std::move(base)) {}
  std::optional<std::string> read(const std::string& path) override {
    fs::path p(path);
    FileSystemLoader fsl("");
    return fsl.read((p.is_absolute() ? p : base_ / p).string());
  }

 private:
  fs::path base_;
};

std::vector<std::string> cases() {
  std::vector<std::string> out;
  if (!fs::is_directory(kGolden)) return out;
  for (const auto& area : fs::directory_iterator(kGolden)) {
    if (!area.is_directory()) continue;
    for (const auto& c : fs::directory_iterator(area.path()))
      if (c.is_directory() && (fs::exists(c.path() / "input") || fs::exists(c.path() / "inputs.txt")))
        out.push_back(fs::relative(c.path(), kGolden).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Case {
  std::vector<std::string> targets;  // targets.txt, or every target
  fs::path dir;
  fs::path base;                    // what display paths are relative to
  std::vector<std::string> inputs;  // display paths
  // The `repos` area: each folder input/<repo>/ is a repo named after the folder.
  bool repos = false;
  std::vector<RepoFile> repo_files;
  std::map<std::string, std::string> repo_roots;
  std::string index_real;  // the organisation index, shown as `index.json` ("" = none)
};

Case load_case(const std::string& name) {
  Case c;
  c.dir = kGolden / name;
  c.targets = codegen::all_targets();
  if (fs::exists(c.dir / "targets.txt")) {
    c.targets.clear();
    std::istringstream in(read(c.dir / "targets.txt"));
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#') c.targets.push_back(line);
  }
  if (fs::exists(c.dir / "inputs.txt")) {
    c.base = kRoot;
    std::istringstream in(read(c.dir / "inputs.txt"));
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      fs::path p = kRoot / line;
      if (fs::is_directory(p)) {
        for (const auto& e : fs::recursive_directory_iterator(p))
          if (e.path().extension() == ".sched") c.inputs.push_back(fs::relative(e.path(), kRoot).generic_string());
      } else {
        c.inputs.push_back(line);
      }
    }
  } else if (const std::string area = fs::path(name).begin()->string(); area == "repos" || area == "index") {
    c.base = c.dir;
    c.repos = true;
    for (const auto& r : fs::directory_iterator(c.dir / "input")) {
      if (!r.is_directory()) continue;
      std::string repo = r.path().filename().string();
      c.repo_roots[repo] = "input/" + repo;
      for (const auto& e : fs::recursive_directory_iterator(r.path()))
        if (e.path().extension() == ".sched") {
          std::string rel = fs::relative(e.path(), r.path()).generic_string();
          c.repo_files.push_back({repo, rel, "input/" + repo + "/" + rel});
        }
    }
    std::sort(c.repo_files.begin(), c.repo_files.end(),
              [](const RepoFile& a, const RepoFile& b) { return std::tie(a.repo, a.path) < std::tie(b.repo, b.path); });
  } else {
    c.base = c.dir;
    for (const auto& e : fs::recursive_directory_iterator(c.dir / "input"))
      if (e.path().extension() == ".sched") c.inputs.push_back(fs::relative(e.path(), c.dir).generic_string());
  }
  std::sort(c.inputs.begin(), c.inputs.end());
  if (fs::exists(c.dir / "index.json")) c.index_real = "index.json";
  if (fs::exists(c.dir / "index_from.txt")) {
    std::string from = read(c.dir / "index_from.txt");
    while (!from.empty() && (from.back() == '\n' || from.back() == ' ')) from.pop_back();
    // Relative to the case, like every other input: the GitHub and Azure DevOps formats print the path a file was
    // read from, which must not depend on where the checkout is.
    c.index_real = fs::relative(kGolden / from, c.dir).generic_string();
  }
  return c;
}

// (display path, line, code) of every `# expect: CODE[, CODE]` marker in the inputs.
std::multiset<std::tuple<std::string, std::uint32_t, std::string>> expected_markers(const Case& c) {
  std::multiset<std::tuple<std::string, std::uint32_t, std::string>> out;
  static const std::regex marker(R"(#\s*expect:\s*([A-Z0-9, ]+))");
  static const std::regex code(R"(SCH[0-9]{4})");
  std::vector<std::pair<std::string, std::string>> files;  // (how diagnostics name it, where it is)
  for (const auto& input : c.inputs) files.emplace_back(input, input);
  for (const auto& f : c.repo_files) files.emplace_back(f.repo + ":" + f.path, f.real);
  if (fs::exists(c.dir / "expect.txt")) {  // FILE:LINE CODE, for files that cannot hold comments
    std::istringstream in(read(c.dir / "expect.txt"));
    static const std::regex entry(R"(^(.+):([0-9]+)\s+(SCH[0-9]{4})\s*$)");
    for (std::string text; std::getline(in, text);) {
      std::smatch m;
      if (std::regex_match(text, m, entry)) out.emplace(m[1], static_cast<std::uint32_t>(std::stoul(m[2])), m[3]);
    }
  }
  for (const auto& [input, real] : files) {
    std::istringstream in(read(c.base / real));
    std::uint32_t line = 0;
    for (std::string text; std::getline(in, text);) {
      ++line;
      std::smatch m;
      if (!std::regex_search(text, m, marker)) continue;
      std::string codes = m[1];
      for (auto it = std::sregex_iterator(codes.begin(), codes.end(), code); it != std::sregex_iterator(); ++it)
        out.emplace(input, line, it->str());
    }
  }
  return out;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, Matches) {
  Case c = load_case(GetParam());
  ASSERT_FALSE(c.inputs.empty() && c.repo_files.empty()) << "golden case " << GetParam() << " has no .sched inputs";
  BaseLoader loader(c.base);
  CompileInput input{c.inputs, (kRoot / "stdlib").string(), c.repo_files, c.repo_roots};
  if (!c.index_real.empty()) {
    input.index_display = "index.json";
    input.index_real = c.index_real;
  }
  if (fs::is_directory(c.dir / "adf")) {  // hand-written ADF content, as `--adf adf`
    std::ostringstream err;
    ASSERT_TRUE(cli::collect_adf({"adf"}, input, err, c.dir.string())) << err.str();
  }
  // `adf_schemas.txt`: the Data Factory schemas for `--adf-schemas`: `shared` (the shared schemas folder beside the
  // checkout: the case is skipped, loudly, without it) or a folder relative to the case; diagnostics name it `schemas`.
  const bool with_schemas = fs::exists(c.dir / "adf_schemas.txt");
  if (with_schemas) {
    std::string from = read(c.dir / "adf_schemas.txt");
    while (!from.empty() && (from.back() == '\n' || from.back() == ' ')) from.pop_back();
    fs::path dir = from == "shared" ? kRoot.parent_path() / "shared" / "schemas" / "arm" : c.dir / from;
    if (const char* env = std::getenv("SCHEDC_SHARED_DIR"); env && *env && from == "shared")
      dir = fs::path(env) / "schemas" / "arm";
    if (from == "shared" && !fs::exists(dir / "2018-06-01" / "Microsoft.DataFactory.json")) {
      const char* ci = std::getenv("CI");  // under CI the schema tests must run, as tests/schema/common.mjs says
      if (ci && std::string_view(ci) == "true") FAIL() << "the Data Factory schemas (" << dir.string() << ") are absent (CI=true)";
      GTEST_SKIP() << "SKIPPED: the Data Factory schemas (" << dir.string()
                   << ") are absent: this case validates hand-written ADF content against them";
    }
    input.adf_schemas_real = dir.string();
    input.adf_schemas_display = "schemas";
  }
  CompileResult result = compile(input, loader);
  // Generation reports what only it can find (SCH4012); as in `schedc build`, a case with errors has no output.
  codegen::OutputFiles generated;
  if (result.project) {
    generated = codegen::generate(*result.project, c.targets, result.diagnostics);
    if (result.diagnostics.has_errors()) {
      generated.clear();
      result.diagnostics.canonicalize([&](FileId id) { return result.sources.file(id).qualified(); });
    }
  }

  // 1. Diagnostics match the inline markers.
  std::multiset<std::tuple<std::string, std::uint32_t, std::string>> actual;
  for (const auto& d : result.diagnostics.all()) {
    if (d.severity == Severity::Note) continue;
    std::string file = d.primary.file ? result.sources.file(d.primary.file).qualified() : "";
    std::uint32_t line = d.primary.file ? result.sources.line_col(d.primary.file, d.primary.begin).line : 0;
    actual.emplace(file, line, d.code);
  }
  auto expected = expected_markers(c);
  if (actual != expected) {
    std::ostringstream msg;
    for (const auto& [f, l, code] : expected)
      if (!actual.count({f, l, code})) msg << "  expected but not reported: " << f << ":" << l << " " << code << "\n";
    for (const auto& [f, l, code] : actual)
      if (!expected.count({f, l, code})) msg << "  reported but not marked:   " << f << ":" << l << " " << code << "\n";
    ADD_FAILURE() << "diagnostics differ from the `# expect:` markers in the inputs:\n" << msg.str()
                  << "fix the compiler or the markers (blessing does not change markers)";
  }

  // 2. Produced files: rendered diagnostics and generated output.
  codegen::OutputFiles produced;
  std::string text = cli::render_text(result.diagnostics, result.sources, cli::RenderOptions{false});
  if (!text.empty()) produced.push_back({"diagnostics.txt", text});
  if (with_schemas && !c.repos && !result.diagnostics.all().empty()) {
    // JSON and SARIF beside the text (the CI formats print the path a file was read from: the case's, on this machine).
    produced.push_back({"diagnostics.json", cli::render_json(result.diagnostics, result.sources)});
    produced.push_back({"diagnostics.sarif", cli::render_sarif(result.diagnostics, result.sources)});
  }
  if (c.repos && !result.diagnostics.all().empty()) {  // every format, so that each is pinned
    const auto& d = result.diagnostics;
    produced.push_back({"diagnostics.json", cli::render_json(d, result.sources)});
    produced.push_back({"diagnostics.sarif", cli::render_sarif(d, result.sources)});
    produced.push_back({"diagnostics.github", cli::render_github(d, result.sources)});
    produced.push_back({"diagnostics.azure-devops", cli::render_azure_devops(d, result.sources)});
    produced.push_back({"summary.md", cli::render_markdown_summary(d, result.sources)});
  }
  for (auto& f : generated) produced.push_back({"out/" + f.path, f.content});
  fs::path expected_dir = c.dir / "expected";
  if (updating()) {
    // Only what changed is written, each file replaced atomically (written beside, then renamed), and files no
    // longer produced are removed: a case that reads another case's expected output (`index_from.txt`) never sees
    // it half-written or missing, even when blessing runs in parallel.
    std::set<std::string> kept;
    for (const auto& f : produced) {
      kept.insert(f.path);
      const fs::path target = expected_dir / f.path;
      if (fs::is_regular_file(target) && read(target) == f.content) continue;
      fs::create_directories(target.parent_path());
      const fs::path temporary = target.string() + ".blessing";
      std::ofstream(temporary, std::ios::binary) << f.content;
      fs::rename(temporary, target);
    }
    if (fs::exists(expected_dir)) {
      std::vector<fs::path> stale;
      for (const auto& e : fs::recursive_directory_iterator(expected_dir))
        if (!e.is_directory() && !kept.count(fs::relative(e.path(), expected_dir).generic_string())) stale.push_back(e.path());
      for (const auto& path : stale) fs::remove(path);
      // Folders left empty go too, deepest first.
      std::vector<fs::path> folders;
      for (const auto& e : fs::recursive_directory_iterator(expected_dir))
        if (e.is_directory()) folders.push_back(e.path());
      std::sort(folders.rbegin(), folders.rend());
      for (const auto& folder : folders)
        if (fs::is_empty(folder)) fs::remove(folder);
    }
    return;
  }
  auto diffs = cli::compare_output(expected_dir.string(), produced);
  if (!diffs.empty()) {
    std::ostringstream msg;
    std::size_t shown = 0;
    for (const auto& d : diffs) {
      const char* what = d.kind == cli::FileDiff::Kind::Missing ? "produced but not expected"
                         : d.kind == cli::FileDiff::Kind::Unexpected ? "expected but not produced"
                                                                     : "differs";
      msg << "  " << d.path << ": " << what << "\n";
      if (shown++ < 3) {
        std::string diff = d.diff.substr(0, 3000);
        msg << diff << (d.diff.size() > 3000 ? "...\n" : "");
      }
    }
    ADD_FAILURE() << "golden case " << GetParam() << " differs from " << fs::relative(expected_dir, kRoot).generic_string()
                  << ":\n" << msg.str()
                  << "if the change is intended, bless it with:\n  SCHED_UPDATE_GOLDEN=1 ctest --test-dir build -R golden\n"
                  << "and read `git diff tests/golden` before committing";
  }
}

std::string case_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s = info.param;
  for (auto& ch : s)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(cases()), case_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Golden);

}  // namespace
