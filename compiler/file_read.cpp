#include "compiler/file_read.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace schedc {

std::string file_kind(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFDIR: return "a directory";
    case S_IFIFO: return "a FIFO";
    case S_IFLNK: return "a symbolic link";
    case S_IFSOCK: return "a socket";
    case S_IFCHR:
    case S_IFBLK: return "a device";
    case S_IFREG: return "a regular file";
  }
  return "not a regular file";
}

FileRead read_fd_bounded(int fd, std::uint64_t limit) {
  FileRead r;
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    r.why = std::strerror(errno);
    return r;
  }
  if (!S_ISREG(info.st_mode)) {
    r.status = FileRead::Status::NotRegular;
    r.why = "it is " + file_kind(info.st_mode);
    return r;
  }
  if (static_cast<std::uint64_t>(info.st_size) > limit) {
    r.status = FileRead::Status::TooLarge;
    r.size = static_cast<std::uint64_t>(info.st_size);
    r.why = "it is larger than the limit";
    return r;
  }
  // st_size is a hint only (files of /proc report 0): read until the end, never past limit + 1 bytes.
  std::string text;
  text.resize(static_cast<std::size_t>(info.st_size) + 1);
  std::size_t used = 0;
  for (;;) {
    if (used == text.size()) {
      if (used > limit) break;
      text.resize(static_cast<std::size_t>(std::min<std::uint64_t>(limit + 1, std::max<std::uint64_t>(used * 2, 4096))));
    }
    const ::ssize_t n = ::read(fd, text.data() + used, text.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      r.why = std::strerror(errno);
      return r;
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > limit) {
    r.status = FileRead::Status::TooLarge;
    r.size = used;
    r.why = "it is larger than the limit";
    return r;
  }
  text.resize(used);
  r.status = FileRead::Status::Ok;
  r.text = std::move(text);
  return r;
}

FileRead read_file_bounded(const std::string& path, std::uint64_t limit) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    FileRead r;
    r.status = errno == ENOENT || errno == ENOTDIR ? FileRead::Status::Missing : FileRead::Status::Unreadable;
    r.why = errno == ELOOP ? "it is a symbolic link loop" : std::strerror(errno);
    return r;
  }
  FileRead r = read_fd_bounded(fd, limit);
  ::close(fd);
  return r;
}

}  // namespace schedc
