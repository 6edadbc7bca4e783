#pragma once
// Hand-written ADF content for tests: a golden case's sources and its ADF folder, copied into a test's directory.
#include <filesystem>

#include "tests/unit/temp_dir.hpp"

namespace schedc::testing {

// Copies the golden case `golden_case` (a folder under tests/golden/) into `dir`: its `input` folder as `dir/src`,
// its `adf` folder (the hand-written ADF content in git layout) as `dir/studio`.
inline void copy_adf_case(const std::filesystem::path& golden_case, const std::filesystem::path& dir) {
  std::filesystem::copy(golden_case / "input", dir / "src", std::filesystem::copy_options::recursive);
  std::filesystem::copy(golden_case / "adf", dir / "studio", std::filesystem::copy_options::recursive);
}

// A fresh `dir` holding the golden case tests/golden/adf/handwritten_merged (hand-written files of every kind of ADF's
// git layout beside a generated model): its sources in `dir/src`, its ADF folder in `dir/studio`.
class HandwrittenMergedTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    copy_adf_case(std::filesystem::path(SCHEDC_SOURCE_DIR) / "tests" / "golden" / "adf" / "handwritten_merged", dir);
  }
};

}  // namespace schedc::testing
