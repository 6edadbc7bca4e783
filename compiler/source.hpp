#pragma once
// The set of source files of one compilation, and byte offset -> line/column mapping.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/span.hpp"

namespace schedc {

struct LineCol {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, counted in Unicode code points (not bytes)
};

struct SourceFile {
  std::string path;     // the display path: as given, relative, '/'-separated; never made absolute. In a
                        // multi-repo compilation: relative to the root of its repo
  std::string text;
  std::vector<std::uint32_t> line_starts;
  std::string repo;     // the repo it belongs to ("" in a single-repo compilation and for stdlib modules)
  std::string real;     // where it was read from ("" = `path`), e.g. `../churn/models/a.sched` for `models/a.sched`
  // How diagnostics name it: `repo:path`, or `path` when it has no repo.
  [[nodiscard]] std::string qualified() const { return repo.empty() ? path : repo + ":" + path; }
  // The path to open it at, relative to the working directory (or absolute when it was given so).
  [[nodiscard]] const std::string& real_path() const { return real.empty() ? path : real; }
};

class SourceManager {
 public:
  SourceManager();
  FileId add(std::string display_path, std::string text);
  FileId add(std::string display_path, std::string text, std::string repo, std::string real);
  // Repos of a multi-repo compilation: name -> root directory (as given, '/'-separated, no trailing '/').
  void set_repo_root(const std::string& name, const std::string& root) { repo_roots_[name] = root; }
  [[nodiscard]] const std::map<std::string, std::string>& repo_roots() const noexcept { return repo_roots_; }
  [[nodiscard]] bool multi_repo() const noexcept { return !repo_roots_.empty(); }
  [[nodiscard]] const SourceFile& file(FileId id) const { return files_.at(id); }
  [[nodiscard]] std::size_t size() const noexcept { return files_.size(); }
  [[nodiscard]] LineCol line_col(FileId id, std::uint32_t offset) const;
  [[nodiscard]] std::string_view line_text(FileId id, std::uint32_t line) const;  // without the newline
  [[nodiscard]] std::string_view text(const Span& span) const;

 private:
  std::map<std::string, std::string> repo_roots_;
  std::vector<SourceFile> files_;  // index 0 is a placeholder "<none>" file for spanless diagnostics
};

}  // namespace schedc
