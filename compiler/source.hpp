#pragma once
// The set of source files of one compilation, and byte offset -> line/column mapping.
#include <cstdint>
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
  std::string path;     // the display path: as given, relative, '/'-separated; never made absolute
  std::string text;
  std::vector<std::uint32_t> line_starts;
};

class SourceManager {
 public:
  SourceManager();
  FileId add(std::string display_path, std::string text);
  [[nodiscard]] const SourceFile& file(FileId id) const { return files_.at(id); }
  [[nodiscard]] std::size_t size() const noexcept { return files_.size(); }
  [[nodiscard]] LineCol line_col(FileId id, std::uint32_t offset) const;
  [[nodiscard]] std::string_view line_text(FileId id, std::uint32_t line) const;  // without the newline
  [[nodiscard]] std::string_view text(const Span& span) const;

 private:
  std::vector<SourceFile> files_;  // index 0 is a placeholder "<none>" file for spanless diagnostics
};

}  // namespace schedc
