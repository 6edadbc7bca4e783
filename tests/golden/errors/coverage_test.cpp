// Every registered diagnostic code has at least one golden error case (see tests/golden/errors/README.md).
//
// A code counts as covered when some case under tests/golden/errors/ marks it in its inputs with
// `# expect: SCHxxxx`; the golden runner (tests/golden/golden_test.cpp) then checks that the compiler really
// reports it there. Codes that cannot be marked in a golden case (they have no source location) are listed in
// kNotGoldenTestable with the reason. The test also checks that every case folder is named after a code it
// marks (`sch1002_unknown_field` marks SCH1002), so a case cannot drift away from the code it is filed under.
//
// Wiring (tests/golden/golden.cmake):
//   target_sources(schedc_golden_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/golden/errors/coverage_test.cpp)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "compiler/diagnostics.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kErrors = fs::path(SCHEDC_SOURCE_DIR) / "tests" / "golden" / "errors";
// Cross-repo diagnostics (collisions, dependencies, contention) are pinned in the multi-repo area, which renders
// every diagnostic format; a case there covers its codes too.
const fs::path kRepos = fs::path(SCHEDC_SOURCE_DIR) / "tests" / "golden" / "repos";
// The organisation index's cases (its problems are marked in each case's expect.txt: FILE:LINE CODE).
const fs::path kIndex = fs::path(SCHEDC_SOURCE_DIR) / "tests" / "golden" / "index";

// Codes without a source location (file 0): the runner cannot mark them. They belong in a CLI test.
const std::map<std::string, std::string> kNotGoldenTestable = {
    {"SCH3006", "a wrong lowering (a schedc bug): no input produces it; tests/unit/proof_test.cpp provokes it"},
    {"SCH9001", "cannot read input: a command-line problem without a source location"},
    {"SCH9002", "no input files: a command-line problem without a source location"},
    {"SCH9003", "directory without .sched files: a command-line warning without a source location"},
    {"SCH9004", "invalid repo argument: a command-line problem (tests/unit/repos_test.cpp)"},
    {"SCH9005", "duplicate repo name: a command-line problem (tests/unit/repos_test.cpp)"},
    {"SCH9006", "repo directory not found: a command-line problem (tests/unit/repos_test.cpp)"},
    {"SCH9007", "file outside every repo: a command-line problem (tests/unit/repos_test.cpp)"},
    {"SCH9008", "one directory given as two repos: a command-line problem (tests/unit/repos_test.cpp)"},
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

// case folder name -> codes marked in its inputs (the cases of `area`)
std::map<std::string, std::set<std::string>> marked_codes(const fs::path& area = kErrors) {
  static const std::regex marker(R"(#\s*expect:\s*([A-Z0-9, ]+))");
  static const std::regex code(R"(SCH[0-9]{4})");
  std::map<std::string, std::set<std::string>> out;
  if (!fs::is_directory(area)) return out;
  for (const auto& c : fs::directory_iterator(area)) {
    if (!c.is_directory() || !fs::is_directory(c.path() / "input")) continue;
    auto& codes = out[c.path().filename().string()];
    if (fs::exists(c.path() / "expect.txt")) {
      std::string list = read(c.path() / "expect.txt");
      for (auto it = std::sregex_iterator(list.begin(), list.end(), code); it != std::sregex_iterator(); ++it)
        codes.insert(it->str());
    }
    for (const auto& e : fs::recursive_directory_iterator(c.path() / "input")) {
      if (e.path().extension() != ".sched") continue;
      std::istringstream in(read(e.path()));
      for (std::string line; std::getline(in, line);) {
        std::smatch m;
        if (!std::regex_search(line, m, marker)) continue;
        std::string list = m[1];
        for (auto it = std::sregex_iterator(list.begin(), list.end(), code); it != std::sregex_iterator(); ++it)
          codes.insert(it->str());
      }
    }
  }
  return out;
}

TEST(GoldenErrorsCoverage, EveryRegisteredCodeHasACase) {
  auto cases = marked_codes();
  ASSERT_FALSE(cases.empty()) << "no golden error cases found in " << kErrors;
  std::set<std::string> covered;
  for (const auto& [name, codes] : cases) covered.insert(codes.begin(), codes.end());
  for (const auto& [name, codes] : marked_codes(kRepos)) covered.insert(codes.begin(), codes.end());
  for (const auto& [name, codes] : marked_codes(kIndex)) covered.insert(codes.begin(), codes.end());

  std::string missing;
  for (const auto& info : schedc::diagnostic_codes()) {
    std::string code(info.code);
    bool exempt = kNotGoldenTestable.count(code) > 0;
    if (!exempt && !covered.count(code)) missing += "  " + code + " (" + std::string(info.title) + ")\n";
    if (exempt && covered.count(code))
      ADD_FAILURE() << code << " is marked in a golden case but listed in kNotGoldenTestable; remove it from the list";
  }
  EXPECT_TRUE(missing.empty()) << "registered codes without a golden case in tests/golden/errors/, repos/ or index/ (add a case "
                               << "`<code lowercase>_<slug>/input/*.sched` that marks it with `# expect: CODE`):\n"
                               << missing;

  for (const auto& [code, reason] : kNotGoldenTestable)
    EXPECT_NE(schedc::find_code(code), nullptr) << code << " in kNotGoldenTestable is not a registered code";
}

TEST(GoldenErrorsCoverage, EveryCaseMarksItsCode) {
  static const std::regex name(R"((sch[0-9]{4})_[a-z0-9_]+)");
  for (const auto& [folder, codes] : marked_codes()) {
    std::smatch m;
    if (!std::regex_match(folder, m, name)) {
      ADD_FAILURE() << "golden error case `" << folder << "` is not named `<code lowercase>_<slug>`";
      continue;
    }
    std::string code = m[1];
    for (auto& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    EXPECT_NE(schedc::find_code(code), nullptr) << "case `" << folder << "` is named after an unregistered code";
    EXPECT_TRUE(codes.count(code)) << "case `" << folder << "` does not mark " << code << " in its inputs";
  }
}

}  // namespace
