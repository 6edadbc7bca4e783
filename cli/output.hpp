#pragma once
// Writing generated files atomically, and comparing them with a directory (`build --check`).
#include <string>
#include <vector>

#include "codegen/output.hpp"

namespace schedc::cli {

// The file schedc writes into every output directory; only directories holding it (or empty ones) are replaced.
inline constexpr const char* kMarkerFile = ".schedc-output";

struct WriteResult {
  bool ok = false;
  std::string error;  // why the output could not be written (usage-level problem or I/O error)
};

// Write `files` into a fresh temporary sibling of `dir`, then swap it into place. On any failure the previous
// content of `dir` is left byte-for-byte untouched.
WriteResult write_output(const std::string& dir, const codegen::OutputFiles& files);

struct FileDiff {
  std::string path;
  enum class Kind { Missing, Unexpected, Changed } kind = Kind::Changed;
  std::string diff;  // unified diff (Changed), or a one-line explanation
};

// Compare `files` with what is in `dir` (the marker file is ignored).
std::vector<FileDiff> compare_output(const std::string& dir, const codegen::OutputFiles& files);

// A unified diff of two texts (labels `a/<path>` and `b/<path>`), with 3 lines of context.
std::string unified_diff(const std::string& path, const std::string& before, const std::string& after);

}  // namespace schedc::cli
