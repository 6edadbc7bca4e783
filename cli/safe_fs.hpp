#pragma once
// File-system operations that never follow a symbolic link out of a directory schedc was given, and never block on
// a FIFO (docs/security.md): the pieces of output writing, `build --check`, `plan --scripts` and `--summary`.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace schedc::cli {

// An owned file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();
  [[nodiscard]] int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// Opens the directory `path` itself (as given; only its last component must not be a symbolic link).
Fd open_directory(const std::string& path);

// Opens `rel` ('/'-separated, relative, no `..`) below the directory `dir` without following a symbolic link in any
// of its components, and without blocking (O_NONBLOCK). `flags` are those of the last component (O_RDONLY, or
// O_DIRECTORY for a folder). On failure the Fd is empty and errno says why (ELOOP: a component is a link).
Fd open_beneath(int dir, std::string_view rel, int flags);

// lstat of `path`: whether it is a symbolic link (false when it does not exist).
bool is_symlink(const std::string& path);

// Replaces the file `name` in directory `dir` with `content` and permissions `mode`, atomically: written to a fresh
// temporary file beside it, then renamed over it. A symbolic link at `name` is replaced, never followed; a
// directory at `name` is an error. "" on success, else why not.
std::string replace_file(int dir, const std::string& name, std::string_view content, unsigned mode,
                         const std::string& shown);

// Removes `path` and everything below it without following symbolic links (a link is removed, not its target).
// Directories of the tree that deny writing (a read-only previous output) are made writable first, when the
// owner may. "" on success, else the first error.
std::string remove_tree(const std::string& path);

// A line of a text that may come from anywhere, made safe to print on a terminal or a CI log: control characters
// (except tab) and invalid UTF-8 become `\xNN`, and Azure Pipelines' `##vso[` (a logging command wherever it is in
// a line) becomes `##vso\x5b`.
std::string printable_line(std::string_view line);

}  // namespace schedc::cli
