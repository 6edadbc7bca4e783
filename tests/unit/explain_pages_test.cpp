// The explain pages (docs/diagnostics/SCHxxxx.md, embedded in the binary) show what schedc prints for their
// example. This test compiles each page's example in process and checks that the page still shows the
// compiler's output, so that a changed message, location or label cannot leave a page behind.
//
// A page is checked when it has a ```sched example and a ```text output block whose first line is a diagnostic
// (`error[...]` or `warning[...]`). The example's first comment says what it is compiled with (see "About the
// examples" in docs/diagnostics/README.md):
//   "compiled together with examples/platform.sched"   with a copy of examples/platform.sched; if it goes on
//                                                       with "without its `markers", the copy has no markers
//   "compiled together with the rest of examples/"      with every other file of examples/
//   neither                                             on its own
// The example is written under the file name of the first `-->` line of the output block. A comment line
// `# PATH.sched: ...` starts a file of that name instead (examples that show several files).
//
// A ```json block between the two is an organisation index, written as `index.json` and given as `--index`.
//
// Checked: the example reports exactly one diagnostic, of the page's code; the first line of the output block
// equals the first rendered line; and every further line of the block appears, in order, in the rendered
// diagnostic. A line ending in `...` is a line cut short on the page and only has to be a prefix.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/render.hpp"
#include "tests/unit/temp_dir.hpp"
#include "compiler/compile.hpp"
#include "compiler/diagnostics.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kRoot = SCHEDC_SOURCE_DIR;

// Pages whose example cannot be compiled in process. Keep this list minimal: the test fails for an entry
// whose page does have a checkable example, and for a page without one that is not listed here.
const std::map<std::string, std::string, std::less<>> kSkipped = {
    // The example is shell commands (`chmod 000` on an input file): the error comes from the file system, and
    // is covered by tests/unit/cli_test.cpp.
    {"SCH3006", "only a wrong lowering (a schedc bug) produces it; the page shows a report, proof_test provokes one"},
    {"SCH9001", "the example is a link out of the repo, shown as shell commands (tests/unit/hostile_input_test.cpp)"},
    // The example is shell commands on a directory without .sched files; the output starts with the CLI's
    // warning line, not with a diagnostic.
    {"SCH9002", "the example is a directory without .sched files, shown as shell commands"},
    // The example is shell commands on a directory without .sched files, beside one with them.
    {"SCH9003", "the example is a directory without .sched files, shown as shell commands"},
    // The example needs 2,500 models; it is the golden case tests/golden/errors/sch4011_factory_entity_limit.
    {"SCH4011", "the example is 2,500 models, shown as the golden case's output"},
    // The example needs 256 per-environment values; it is the golden case tests/golden/errors/sch4012_arm_parameter_limit.
    {"SCH4012", "the example is 256 clusters and models, shown as the golden case's output"},
    // Command-line problems with --repo and repo directories, shown as shell commands; the exact output of each
    // example is checked by tests/unit/repos_test.cpp.
    {"SCH9004", "the example is a bad --repo argument, shown as shell commands"},
    {"SCH9005", "the example is two directories of the same name, shown as shell commands"},
    {"SCH9006", "the example is a missing repo directory, shown as shell commands"},
    {"SCH9007", "the example is a file outside every repo, shown as shell commands"},
    {"SCH9008", "the example is one directory given as two repos, shown as shell commands"},
    // Hand-written ADF content is a folder of JSON files: each page shows its golden case's output.
    {"SCH2010", "the example is an ADF folder: the golden case tests/golden/errors/sch2010_missing_adf_reference"},
    {"SCH2011", "the example is an ADF folder: the golden case tests/golden/errors/sch2011_adf_reference_cycle"},
    {"SCH4006", "the example is an ADF folder: the golden case tests/golden/errors/sch4006_adf_entity_collision"},
    {"SCH9011", "the example is an ADF folder: the golden case tests/golden/errors/sch9011_invalid_adf_entity"},
    {"SCH9012", "the example is an ADF folder and Microsoft's schema: the golden case tests/golden/errors/sch9012_adf_schema"},
    {"SCH9013", "the example is a schema folder: the golden case tests/golden/errors/sch9013_adf_schemas_unusable"},
};

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// The contents of the first fenced block ```lang at or after line `from`, and the line after it.
std::optional<std::pair<std::vector<std::string>, std::size_t>> fenced_block(const std::vector<std::string>& lines,
                                                                             std::string_view lang, std::size_t from) {
  const std::string open = "```" + std::string(lang);
  for (std::size_t i = from; i < lines.size(); ++i) {
    if (lines[i] != open) continue;
    std::vector<std::string> body;
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      if (lines[j] == "```") return std::make_pair(body, j + 1);
      body.push_back(lines[j]);
    }
    return std::nullopt;  // unclosed block
  }
  return std::nullopt;
}

struct PageExample {
  std::vector<std::string> source;  // the ```sched block
  std::vector<std::string> output;  // the ```text block that follows it
  std::optional<std::vector<std::string>> index;  // a ```json block between them: an organisation index (--index)
};

bool is_diagnostic_line(std::string_view line) { return line.starts_with("error[") || line.starts_with("warning["); }

// The page's example and output, if both exist and the output starts with a diagnostic.
std::optional<PageExample> checkable_example(std::string_view page) {
  auto lines = split_lines(page);
  auto source = fenced_block(lines, "sched", 0);
  if (!source) return std::nullopt;
  auto output = fenced_block(lines, "text", source->second);
  if (!output || output->first.empty() || !is_diagnostic_line(output->first.front())) return std::nullopt;
  PageExample example{source->first, output->first, std::nullopt};
  if (auto index = fenced_block(lines, "json", source->second); index && index->second <= output->second)
    example.index = index->first;
  return example;
}

// `# PATH.sched: ...` or `# PATH.sched` names the file that the following lines belong to.
std::optional<std::string> file_header(std::string_view line) {
  if (!line.starts_with("# ")) return std::nullopt;
  std::string_view rest = line.substr(2);
  std::size_t end = rest.find_first_of(": ");
  std::string_view name = rest.substr(0, end);
  if (end != std::string_view::npos && rest[end] != ':') return std::nullopt;
  if (name.size() <= 6 || !name.ends_with(".sched")) return std::nullopt;
  return std::string(name);
}

// "shared/clusters.sched" from " --> shared/clusters.sched:2:5".
std::optional<std::string> location_file(const std::vector<std::string>& output) {
  for (const auto& line : output) {
    std::size_t arrow = line.find("--> ");
    if (arrow == std::string::npos) continue;
    std::string loc = line.substr(arrow + 4);
    for (int i = 0; i < 2; ++i) {
      std::size_t colon = loc.rfind(':');
      if (colon == std::string::npos) return std::nullopt;
      loc.resize(colon);
    }
    if (loc == "index.json") continue;  // the organisation index of the example, not its .sched file
    return loc;
  }
  return std::nullopt;
}

// A page line matches a rendered line exactly, or as a prefix when the page cuts it short with `...`.
bool line_matches(std::string_view page_line, std::string_view rendered) {
  if (page_line == rendered) return true;
  if (!page_line.ends_with("...")) return false;
  page_line.remove_suffix(3);
  return rendered.starts_with(page_line);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// examples/platform.sched without the lines of its `markers { ... }` block (empty if there is none).
std::optional<std::string> platform_without_markers(const std::string& platform) {
  auto lines = split_lines(platform);
  auto start = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
    return l.find_first_not_of(' ') != std::string::npos && std::string_view(l).substr(l.find_first_not_of(' ')).starts_with("markers {");
  });
  if (start == lines.end()) return std::nullopt;
  int depth = 0;
  for (auto it = start; it != lines.end(); ++it) {
    depth += static_cast<int>(std::count(it->begin(), it->end(), '{'));
    depth -= static_cast<int>(std::count(it->begin(), it->end(), '}'));
    if (depth == 0) {
      lines.erase(start, std::next(it));
      return join_lines(lines);
    }
  }
  return std::nullopt;
}

// Reads display paths relative to the example's directory (the stdlib's absolute paths as they are).
class DirectoryLoader : public schedc::SourceLoader {
 public:
  explicit DirectoryLoader(fs::path base) : base_(std::move(base)) {}
  std::optional<std::string> read(const std::string& path) override {
    fs::path p(path);
    return files_.read((p.is_absolute() ? p : base_ / p).string());
  }

 private:
  fs::path base_;
  schedc::FileSystemLoader files_{""};
};

std::vector<std::string> registered_codes() {
  std::vector<std::string> out;
  for (const auto& c : schedc::diagnostic_codes()) out.emplace_back(c.code);
  return out;
}

TEST(ExplainPages, SkipListIsMinimal) {
  for (const auto& [code, why] : kSkipped) {
    SCOPED_TRACE(code);
    EXPECT_NE(schedc::find_code(code), nullptr) << "skipped page " << code << " is not a registered code";
    auto page = schedc::explain_page(code);
    ASSERT_TRUE(page.has_value()) << code << " has no page";
    EXPECT_FALSE(checkable_example(*page).has_value())
        << code << "'s page has a checkable example now; remove it from kSkipped (" << why << ")";
  }
}

class ExplainPageExample : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = schedc::testing::fresh_test_dir();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

TEST_P(ExplainPageExample, MatchesCompiler) {
  const std::string& code = GetParam();
  auto page = schedc::explain_page(code);
  ASSERT_TRUE(page.has_value()) << code << " is registered but has no page docs/diagnostics/" << code << ".md";
  if (auto skipped = kSkipped.find(code); skipped != kSkipped.end()) GTEST_SKIP() << skipped->second;
  auto example = checkable_example(*page);
  ASSERT_TRUE(example.has_value()) << code << "'s page needs a ```sched example followed by a ```text block that "
                                   << "starts with the diagnostic, or an entry in kSkipped saying why it has none";

  // Split the example into files and add what its first comment says it is compiled with.
  std::vector<std::pair<std::string, std::string>> files;  // display path, text
  std::optional<std::string> default_name = location_file(example->output);
  if (!default_name && example->index) default_name = "example.sched";  // the diagnostic is in the index
  for (const auto& line : example->source) {
    if (auto header = file_header(line)) {
      files.emplace_back(*header, "");
    } else if (files.empty()) {
      ASSERT_TRUE(default_name.has_value()) << "the output of " << code << "'s example has no `-->` line to name its file";
      files.emplace_back(*default_name, "");
    }
    files.back().second += line + "\n";
  }
  ASSERT_FALSE(files.empty()) << code << "'s example is empty";
  const std::string first_comment = example->source.front().starts_with("#") ? example->source.front() : "";
  auto has_file = [&](const std::string& name) {
    return std::any_of(files.begin(), files.end(), [&](const auto& f) { return f.first == name; });
  };
  if (first_comment.find("compiled together with examples/platform.sched") != std::string::npos) {
    ASSERT_FALSE(has_file("platform.sched")) << code << "'s example is itself named platform.sched";
    std::string platform = read_file(kRoot / "examples" / "platform.sched");
    if (first_comment.find("without its `markers") != std::string::npos) {
      auto stripped = platform_without_markers(platform);
      ASSERT_TRUE(stripped.has_value()) << "examples/platform.sched has no `markers { ... }` block to leave out";
      platform = *stripped;
    }
    files.emplace_back("platform.sched", platform);
  }
  if (first_comment.find("compiled together with the rest of examples/") != std::string::npos) {
    std::vector<std::pair<std::string, std::string>> rest;
    for (const auto& e : fs::directory_iterator(kRoot / "examples")) {
      std::string name = e.path().filename().generic_string();
      if (e.path().extension() == ".sched" && !has_file(name)) rest.emplace_back(name, read_file(e.path()));
    }
    ASSERT_FALSE(rest.empty()) << "examples/ has no other .sched files";
    files.insert(files.end(), rest.begin(), rest.end());
  }

  std::vector<std::string> inputs;
  for (const auto& [name, text] : files) {
    write_file(dir_ / name, text);
    inputs.push_back(name);
  }
  DirectoryLoader loader(dir_);
  schedc::CompileInput input{inputs, (kRoot / "stdlib").string()};
  if (example->index) {  // the organisation index, given as `--index index.json`
    write_file(dir_ / "index.json", join_lines(*example->index));
    input.index_display = "index.json";
  }
  schedc::CompileResult result = schedc::compile(input, loader);
  const std::string all = schedc::cli::render_text(result.diagnostics, result.sources, schedc::cli::RenderOptions{false});
  const std::string page_output = join_lines(example->output);

  // (a) The page's code is reported, and (as docs/diagnostics/README.md promises) nothing else.
  const auto& diags = result.diagnostics.all();
  auto found = std::find_if(diags.begin(), diags.end(), [&](const schedc::Diagnostic& d) { return d.code == code; });
  ASSERT_NE(found, diags.end()) << code << "'s example no longer reports " << code << ". schedc prints:\n"
                                << (all.empty() ? "(nothing)\n" : all);
  EXPECT_EQ(diags.size(), 1u) << code << "'s example should report exactly one diagnostic. schedc prints:\n" << all;

  schedc::Diagnostics one;
  one.add(*found);
  const auto rendered = split_lines(schedc::cli::render_text(one, result.sources, schedc::cli::RenderOptions{false}));
  ASSERT_FALSE(rendered.empty());

  // (b) The first line (severity, code and message) is the compiler's.
  EXPECT_TRUE(line_matches(example->output.front(), rendered.front()))
      << "the message on " << code << "'s page differs from the compiler's\n  page:     " << example->output.front()
      << "\n  compiler: " << rendered.front();

  // (c) Every further line of the page (location, source, carets, labels, notes, help) is the compiler's, in
  // order; the page may leave lines out.
  std::size_t next = 1;
  for (std::size_t i = 1; i < example->output.size(); ++i) {
    const std::string& line = example->output[i];
    auto at = std::find_if(rendered.begin() + static_cast<std::ptrdiff_t>(next), rendered.end(),
                           [&](const std::string& r) { return line_matches(line, r); });
    if (at == rendered.end()) {
      ADD_FAILURE() << "line " << i + 1 << " of the output on " << code << "'s page is not in the compiler's output "
                    << "(or not in this order):\n  " << line << "\npage:\n" << page_output << "compiler:\n"
                    << join_lines(rendered);
      break;
    }
    next = static_cast<std::size_t>(at - rendered.begin()) + 1;
  }
}

INSTANTIATE_TEST_SUITE_P(Pages, ExplainPageExample, ::testing::ValuesIn(registered_codes()),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });

}  // namespace
