#pragma once
// The language server's view of a workspace: its folders (each a repo, as `--repo` makes them; one folder is a
// single-repo compilation, as `schedc check DIR`), the documents the editor has open (their text replaces the file
// on disk), and the compilation of all of it, redone when something changed.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/lsp/text.hpp"
#include "compiler/compile.hpp"

namespace schedc::cli::lsp {

struct Document {
  std::string text;
  long long version = 0;
};

// One compilation of the workspace: what `check` reports, with the symbol tables, and the way between the
// compiler's files and the editor's URIs.
struct Snapshot {
  CompileResult result;
  std::map<FileId, std::string> uri_of;    // every file of the compilation that has a place on disk
  std::map<std::string, FileId> file_of;   // the inverse
  [[nodiscard]] const LineIndex& lines(FileId file) const;

 private:
  mutable std::map<FileId, std::unique_ptr<LineIndex>> lines_;
};

class Workspace {
 public:
  explicit Workspace(std::string stdlib_dir) : stdlib_dir_(std::move(stdlib_dir)) {}

  // Absolute directories; duplicates and nested folders are kept as given (collect_inputs reports them).
  void set_folders(std::vector<std::string> folders);
  [[nodiscard]] const std::vector<std::string>& folders() const noexcept { return folders_; }

  // An organisation index ("" for none) and `--adf` folders (DIR or NAME=DIR), as `check` takes them.
  void set_checked_with(std::string index, std::vector<std::string> adf);

  void open(const std::string& path, std::string text, long long version);
  Document* document(const std::string& path);
  void close(const std::string& path);
  void touch() { dirty_ = true; }  // a file changed on disk, or an open document's text

  [[nodiscard]] bool dirty() const noexcept { return dirty_; }
  // How many compilations there were: a publisher compares it to know whether diagnostics can have changed.
  [[nodiscard]] std::uint64_t generation() const noexcept { return generation_; }
  // The current compilation (compiled now when something changed since the last one).
  const Snapshot& snapshot();
  [[nodiscard]] const ParseCache& parse_cache() const noexcept { return parse_cache_; }

 private:
  std::string stdlib_dir_;
  std::vector<std::string> folders_;
  std::string index_;
  std::vector<std::string> adf_;
  std::map<std::string, Document> open_;  // by absolute path
  std::unique_ptr<Snapshot> snapshot_;
  // The syntax trees of the last compilation: an edit parses only the files whose text changed.
  ParseCache parse_cache_;
  bool dirty_ = true;
  std::uint64_t generation_ = 0;
};

}  // namespace schedc::cli::lsp
