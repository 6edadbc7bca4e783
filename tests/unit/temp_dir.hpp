#pragma once
// A fresh directory for each test that writes files. Its name holds the process id and the test's suite and name,
// so tests running at once (ctest -j, or the suites of two checkouts on one machine) never share one.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace schedc::testing {

inline std::filesystem::path fresh_test_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string("schedc-") + info->test_suite_name() + "-" + info->name() + "-" + std::to_string(::getpid());
  for (char& c : name)
    if (c == '/') c = '_';  // parameterised tests are named `Suite/Name/0`
  const auto dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A test fixture with `dir`, a fresh empty directory, removed when the test ends.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = fresh_test_dir(); }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  std::filesystem::path dir;
};

// Where a fixture writer writes its files: the directory the environment variable `variable` names when it is set
// (a schema test then validates the files there), else a fresh directory of the test's own, removed when it ends.
class FixtureDir {
 public:
  explicit FixtureDir(const char* variable) {
    const char* given = std::getenv(variable);
    owned_ = given == nullptr || *given == '\0';
    root_ = owned_ ? fresh_test_dir() : std::filesystem::path(given);
  }
  ~FixtureDir() {
    std::error_code ignored;
    if (owned_) std::filesystem::remove_all(root_, ignored);
  }
  FixtureDir(const FixtureDir&) = delete;
  FixtureDir& operator=(const FixtureDir&) = delete;
  [[nodiscard]] const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
  bool owned_ = false;
};

}  // namespace schedc::testing
