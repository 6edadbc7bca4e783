#pragma once
// Positions and document names as the Language Server Protocol writes them: a position is a zero-based line and a
// character offset counted in UTF-16 code units (the protocol's default) or in bytes (`utf-8`, when the client
// offers it); a document is a `file://` URI. schedc's spans are byte offsets into a file's text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schedc::cli::lsp {

enum class Encoding { Utf16, Utf8 };

struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
};

// A text with its line starts, to convert between byte offsets and positions.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // The position of byte `offset` (clamped to the text).
  [[nodiscard]] Position position(std::uint32_t offset, Encoding enc) const;
  // The byte offset of `p`: a line past the end is the end of the text, a character past the end of its line is
  // the line's end (as the protocol says to treat them).
  [[nodiscard]] std::uint32_t offset(Position p, Encoding enc) const;
  [[nodiscard]] std::size_t lines() const noexcept { return starts_.size(); }

 private:
  std::string_view text_;
  std::vector<std::uint32_t> starts_;
};

// `file:///a/b%20c.sched` -> `/a/b c.sched`; nullopt for other schemes or malformed escapes.
std::optional<std::string> path_of_uri(std::string_view uri);
// `/a/b c.sched` -> `file:///a/b%20c.sched` (an absolute path).
std::string uri_of_path(std::string_view absolute_path);

}  // namespace schedc::cli::lsp
