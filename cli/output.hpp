#pragma once
// Writing generated files atomically, and comparing them with a directory (`build --check`).
#include <cstddef>
#include <filesystem>
#include <memory>
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

// Writes a build's files as they are generated (codegen::generate with this sink) into a fresh temporary sibling of
// `dir`, and swaps it into place when the whole build succeeded. A file whose bytes equal those of the same path in
// the previous output is hard-linked from it instead of written: it keeps its inode and modification time. On any
// failure, or when it is destroyed without commit(), the temporary directory is removed and the previous content of
// `dir` is left byte-for-byte untouched.
class OutputWriter final : public codegen::FileSink {
 public:
  explicit OutputWriter(std::string dir);
  ~OutputWriter() override;
  OutputWriter(const OutputWriter&) = delete;
  OutputWriter& operator=(const OutputWriter&) = delete;

  // Checks that `dir` may be replaced (it is absent, empty, or holds kMarkerFile) and creates the temporary
  // directory. Call before add().
  WriteResult open();
  // Writes one file into the temporary directory; safe to call from several threads at once. An I/O error is kept
  // and reported by commit().
  void add(codegen::OutputFile file) override;
  // Writes a file piece by piece, as the pieces are produced.
  void add_pieces(std::string path, const codegen::Pieces& produce) override;
  // The first write error (in path order), or the swap into place; the previous output is removed after the swap.
  WriteResult commit();
  std::size_t files_written() const;

 private:
  std::string prepare(const std::filesystem::path& target);  // creates the file's folder; an error, or ""
  void fail(const std::string& path, std::string error);
  struct State;
  std::unique_ptr<State> state_;
};

// Write `files` with an OutputWriter.
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
