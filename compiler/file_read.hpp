#pragma once
// Reading a file that may be hostile (docs/security.md): only a regular file is read, never a FIFO, a device or a
// socket (they are opened without blocking and refused), and never more than a limit: the size is checked before
// anything is read, and a file whose size the kernel does not know (/proc) is read only up to the limit.
#include <cstdint>
#include <optional>
#include <string>

namespace schedc {

struct FileRead {
  enum class Status { Ok, Missing, NotRegular, TooLarge, Unreadable };
  Status status = Status::Unreadable;
  std::string text;         // Ok: the whole file
  std::string why;          // otherwise: the cause, in words ("it is a FIFO", "Permission denied")
  std::uint64_t size = 0;   // TooLarge: the size found (at least limit + 1)
  [[nodiscard]] bool ok() const noexcept { return status == Status::Ok; }
};

// Reads `path` (following symbolic links, as open(2) does) if it is a regular file of at most `limit` bytes.
FileRead read_file_bounded(const std::string& path, std::uint64_t limit);

// The same for an open descriptor (not closed); `fd` is fstat'ed first, then read from its current offset.
FileRead read_fd_bounded(int fd, std::uint64_t limit);

// "a directory", "a FIFO", "a symbolic link", "a socket", "a device", for an st_mode that is not a regular file.
std::string file_kind(unsigned mode);

}  // namespace schedc
