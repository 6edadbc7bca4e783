#include "compiler/source.hpp"

#include <algorithm>

namespace schedc {

SourceManager::SourceManager() { files_.push_back(SourceFile{"<command line>", "", {0}, "", ""}); }

FileId SourceManager::add(std::string display_path, std::string text) {
  return add(std::move(display_path), std::move(text), "", "");
}

FileId SourceManager::add(std::string display_path, std::string text, std::string repo, std::string real) {
  SourceFile f{std::move(display_path), std::move(text), {0}, std::move(repo), std::move(real)};
  // A byte-order mark (accepted at the start of a file) is no part of the first line: not shown, not a column.
  if (f.text.compare(0, 3, "\xEF\xBB\xBF") == 0) f.line_starts[0] = 3;
  for (std::uint32_t i = 0; i < f.text.size(); ++i)
    if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
  files_.push_back(std::move(f));
  return static_cast<FileId>(files_.size() - 1);
}

LineCol SourceManager::line_col(FileId id, std::uint32_t offset) const {
  const SourceFile& f = files_.at(id);
  offset = std::max(std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(f.text.size())), f.line_starts.front());
  auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
  auto line = static_cast<std::uint32_t>(it - f.line_starts.begin());  // 1-based
  std::uint32_t start = f.line_starts[line - 1];
  std::uint32_t column = 1;
  for (std::uint32_t i = start; i < offset; ++i)  // count code points: skip UTF-8 continuation bytes
    if ((static_cast<unsigned char>(f.text[i]) & 0xC0) != 0x80) ++column;
  return {line, column};
}

std::string_view SourceManager::line_text(FileId id, std::uint32_t line) const {
  const SourceFile& f = files_.at(id);
  if (line == 0 || line > f.line_starts.size()) return {};
  std::uint32_t start = f.line_starts[line - 1];
  std::uint32_t end = line < f.line_starts.size() ? f.line_starts[line] - 1 : static_cast<std::uint32_t>(f.text.size());
  std::string_view s(f.text.data() + start, end - start);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

std::string_view SourceManager::text(const Span& span) const {
  const SourceFile& f = files_.at(span.file);
  auto b = std::min<std::size_t>(span.begin, f.text.size());
  auto e = std::min<std::size_t>(std::max(span.end, span.begin), f.text.size());
  return std::string_view(f.text).substr(b, e - b);
}

}  // namespace schedc
