// `schedc fmt` (compiler/format/): the layout goldens (tests/format/), and over every golden input, every example and
// the stdlib: idempotence, every comment kept in order, the same syntax tree, and byte-identical compilation.
// Bless the layout goldens: SCHED_UPDATE_GOLDEN=1 ctest --test-dir build -R golden (then read `git diff tests/format`).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "codegen/generate.hpp"
#include "compiler/compile.hpp"
#include "compiler/format/format.hpp"
#include "memory_loader.hpp"

namespace fs = std::filesystem;
using namespace schedc;

namespace {

const fs::path kRoot = SCHEDC_SOURCE_DIR;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

std::vector<std::string> comments_of(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& c : syntax::parse(text, 0).file.comments) {
    std::string t = c.text;
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
    out.push_back(t);
  }
  return out;
}

// Every .sched file below `dir`, by path relative to it.
std::map<std::string, std::string> sched_files(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".sched")
      out[fs::relative(e.path(), dir).generic_string()] = read(e.path());
  return out;
}

// The directories whose .sched files are compiled together: each golden case's input/, and examples/.
std::vector<fs::path> corpora() {
  std::vector<fs::path> out{kRoot / "examples"};
  for (const auto& area : fs::directory_iterator(kRoot / "tests" / "golden"))
    if (area.is_directory())
      for (const auto& c : fs::directory_iterator(area.path()))
        if (fs::is_directory(c.path() / "input")) out.push_back(c.path() / "input");
  std::sort(out.begin(), out.end());
  return out;
}

struct Compiled {
  std::vector<std::string> diagnostics;  // code and message (places change with the layout)
  codegen::OutputFiles files;
};

Compiled compile_files(const std::map<std::string, std::string>& files) {
  std::map<std::string, std::string> mem;
  std::vector<std::string> inputs;
  for (const auto& [path, text] : files) {
    mem["<mem>/" + path] = text;
    inputs.push_back("<mem>/" + path);
  }
  const std::string stdlib = (kRoot / "stdlib").string();
  schedc::testing::MemoryLoader loader(stdlib, mem);
  CompileResult r = compile(CompileInput{inputs, stdlib}, loader);
  Compiled out;
  if (r.project) out.files = codegen::generate(*r.project, codegen::all_targets(), r.diagnostics);
  for (const auto& d : r.diagnostics.all()) out.diagnostics.push_back(d.code + " " + d.message);
  return out;
}

TEST(FormatTest, KeepsMeaningCommentsAndCompiledOutputOfEveryCorpus) {
  std::size_t files = 0, changed = 0, compared = 0;
  for (const fs::path& dir : corpora()) {
    SCOPED_TRACE(dir.string());
    const auto original = sched_files(dir);
    std::map<std::string, std::string> formatted;
    for (const auto& [path, text] : original) {
      SCOPED_TRACE(path);
      ++files;
      const format::Result r = format::format_source(text);
      EXPECT_TRUE(r.internal_error.empty()) << r.internal_error;
      if (!r.ok) {  // syntax errors: left as they are
        EXPECT_FALSE(syntax::parse(text, 0).ok());
        formatted[path] = text;
        continue;
      }
      changed += r.text != text;
      EXPECT_EQ(format::format_source(r.text).text, r.text) << "not idempotent";
      EXPECT_EQ(comments_of(r.text), comments_of(text)) << "a comment was lost or moved out of order";
      formatted[path] = r.text;
    }
    const Compiled before = compile_files(original);
    const Compiled after = compile_files(formatted);
    EXPECT_EQ(after.diagnostics, before.diagnostics);
    ASSERT_EQ(after.files.size(), before.files.size());
    for (std::size_t i = 0; i < before.files.size(); ++i) {
      EXPECT_EQ(after.files[i].path, before.files[i].path);
      EXPECT_EQ(after.files[i].content, before.files[i].content) << before.files[i].path;
      ++compared;
    }
  }
  EXPECT_GT(files, 300U);  // the corpora exist
  EXPECT_GT(changed, 10U);  // and the layout does something
  EXPECT_GT(compared, 100U);
}

TEST(FormatTest, ExamplesAndStdlibAreFormatted) {
  for (const fs::path& dir : {kRoot / "examples", kRoot / "stdlib"}) {
    for (const auto& [path, text] : sched_files(dir)) {
      const format::Result r = format::format_source(text);
      ASSERT_TRUE(r.ok) << path;
      EXPECT_EQ(r.text, text) << (dir / path).string() << " is not formatted: run `schedc fmt " << dir.filename().string()
                              << "`";
    }
  }
}

// tests/format/<case>.sched is formatted into tests/format/<case>.formatted.sched; the formatted file is a fixed point.
// Named in lower case so that `ctest -R golden` (the blessing command) selects it.
TEST(FormatTest, layout_golden) {
  const fs::path dir = kRoot / "tests" / "format";
  const char* update = std::getenv("SCHED_UPDATE_GOLDEN");
  std::size_t cases = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".sched" || name.find(".formatted.") != std::string::npos) continue;
    SCOPED_TRACE(name);
    ++cases;
    const std::string text = read(e.path());
    const format::Result r = format::format_source(text);
    ASSERT_TRUE(r.ok) << r.internal_error;
    const fs::path expected = dir / (e.path().stem().string() + ".formatted.sched");
    if (update && std::string_view(update) == "1") {
      std::ofstream(expected, std::ios::binary) << r.text;
      continue;
    }
    EXPECT_EQ(r.text, read(expected)) << "bless with SCHED_UPDATE_GOLDEN=1 ctest --test-dir build -R golden";
    EXPECT_EQ(format::format_source(r.text).text, r.text);
    EXPECT_EQ(comments_of(r.text), comments_of(text));
  }
  EXPECT_GE(cases, 5U);
}

TEST(FormatTest, SyntaxErrorsAreReportedNotFormatted) {
  const format::Result r = format::format_source("model m {\n  owner = \"a@b.c\"\n", 3);
  EXPECT_FALSE(r.ok);
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_EQ(r.errors[0].span.file, 3U);
  EXPECT_TRUE(r.text.empty());
}

TEST(FormatTest, EmptyAndCommentOnlyFiles) {
  EXPECT_EQ(format::format_source("").text, "");
  EXPECT_EQ(format::format_source(" \n\n\t\n").text, "");
  EXPECT_EQ(format::format_source("\n\n# a   \n\n\n# b\n\n").text, "# a\n\n# b\n");
}

TEST(FormatTest, CommentsBetweenTokensMoveBeforeTheirLine) {
  const std::string in = "model m {\n  retry = 2 # between\n    every 5m # end\n}\n";
  EXPECT_EQ(format::format_source(in).text, "model m {\n  # between\n  retry = 2 every 5m  # end\n}\n");
}

TEST(FormatTest, SameSyntaxSeesEveryDifference) {
  auto differ = [](std::string_view a, std::string_view b) {
    return !format::same_syntax(syntax::parse(a, 0).file, syntax::parse(b, 0).file);
  };
  EXPECT_FALSE(differ("model m { a = 1 }", "model m {\n  a = 1\n}\n"));
  EXPECT_TRUE(differ("model m { a = 1 }", "model m { a = 2 }"));
  EXPECT_TRUE(differ("model m { a = 1 }", "model n { a = 1 }"));
  EXPECT_TRUE(differ("model m { a = \"x\" }", "model m { a = \"y\" }"));
  EXPECT_TRUE(differ("model m { a = [1, 2] }", "model m { a = [2, 1] }"));
  EXPECT_TRUE(differ("model m { a = 1 } # x", "model m { a = 1 } # y"));
  EXPECT_TRUE(differ("model m { a = cron \"* * * * *\" in \"UTC\" }", "model m { a = cron \"* * * * *\" in \"UTC\" from 2026-01-01 }"));
  EXPECT_TRUE(differ("model m { requires { model a check } }", "model m { requires { model a wait 1h every 1m } }"));
}

}  // namespace

namespace {

// docs/language.md §2.1 shows a file before and after `schedc fmt`: the page stays true.
TEST(FormatTest, TheLanguageDocsBeforeAndAfterAgree) {
  const std::string doc = read(kRoot / "docs" / "language.md");
  auto block_after = [&](const std::string& marker) {
    const auto at = doc.find(marker + "\n\n```sched\n");
    EXPECT_NE(at, std::string::npos) << marker;
    if (at == std::string::npos) return std::string();
    const auto begin = doc.find('\n', doc.find("```sched", at)) + 1;
    return doc.substr(begin, doc.find("```\n", begin) - begin);
  };
  const std::string before = block_after("Before:");
  const std::string after = block_after("After `schedc fmt`:");
  ASSERT_FALSE(before.empty());
  const format::Result r = format::format_source(before);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.text, after);
}

}  // namespace

namespace {

// A comment (own-line or at the end of a line) inserted at every blank of a realistic file: the layout keeps every
// comment, in order, never changes the tree, and is idempotent, wherever the comment sits between tokens.
TEST(FormatTest, ACommentAnywhereIsKeptInOrder) {
  const std::string base = read(kRoot / "tests" / "format" / "comments.sched") + read(kRoot / "examples" / "fraud_alerts.sched");
  std::size_t tried = 0;
  for (std::size_t pos = 0; pos < base.size(); ++pos) {
    if (base[pos] != ' ' && base[pos] != '\n') continue;
    for (const char* insert : {" # inserted\n", "\n# inserted\n\n"}) {
      const std::string text = base.substr(0, pos) + insert + base.substr(pos);
      if (!syntax::parse(text, 0).ok()) continue;  // inside a string
      ++tried;
      const format::Result r = format::format_source(text);
      ASSERT_TRUE(r.ok) << "at " << pos << ": " << r.internal_error;
      ASSERT_EQ(comments_of(r.text), comments_of(text)) << "at " << pos;
      ASSERT_EQ(format::format_source(r.text).text, r.text) << "not idempotent with a comment at " << pos;
    }
  }
  EXPECT_GT(tried, 500U);
}

}  // namespace
