#pragma once
// Source positions. A span is a half-open byte range [begin, end) in one source file.
#include <cstdint>

namespace schedc {

using FileId = std::uint32_t;

struct Span {
  FileId file = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  [[nodiscard]] constexpr bool empty() const noexcept { return begin == end; }
  [[nodiscard]] constexpr Span to(const Span& other) const noexcept { return Span{file, begin, other.end}; }
  friend constexpr bool operator==(const Span&, const Span&) = default;
};

}  // namespace schedc
