#include "cli/safe_fs.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler/parallel.hpp"

namespace fs = std::filesystem;

namespace schedc::cli {

Fd& Fd::operator=(Fd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

Fd open_directory(const std::string& path) {
  return Fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

Fd open_beneath(int dir, std::string_view rel, int flags) {
  Fd current;
  int at = dir;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = rel.find('/', start);
    const bool last = slash == std::string_view::npos;
    const std::string part(rel.substr(start, last ? std::string_view::npos : slash - start));
    if (part.empty() || part == "." || part == "..") {
      errno = EINVAL;
      return Fd();
    }
    const int f = last ? flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY
                       : O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    Fd next(::openat(at, part.c_str(), f));
    if (!next) return Fd();
    if (last) return next;
    current = std::move(next);
    at = current.get();
    start = slash + 1;
  }
}

bool is_symlink(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode);
}

std::string replace_file(int dir, const std::string& name, std::string_view content, unsigned mode,
                         const std::string& shown) {
  std::random_device rd;
  std::string tmp;
  int out = -1;
  for (int attempt = 0; attempt < 16 && out < 0; ++attempt) {
    tmp = fmt::format(".{}.schedc-tmp-{:08x}", name, rd());
    out = ::openat(dir, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (out < 0 && errno != EEXIST) break;
  }
  if (out < 0) return fmt::format("cannot write `{}`: {}", shown, std::strerror(errno));
  auto fail = [&](const char* what) {
    const std::string why = std::strerror(errno);
    if (out >= 0) ::close(out);
    ::unlinkat(dir, tmp.c_str(), 0);
    return fmt::format("cannot {} `{}`: {}", what, shown, why);
  };
  for (std::size_t done = 0; done < content.size();) {
    const ::ssize_t n = ::write(out, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("write");
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(out, mode) != 0) return fail("set the permissions of");
  const int closed = ::close(out);
  out = -1;
  if (closed != 0) return fail("write");
  if (::renameat(dir, tmp.c_str(), dir, name.c_str()) != 0) return fail("replace");
  return "";
}

namespace {

// Makes every directory of the tree at `root` (not following links) writable and searchable by its owner.
void make_writable(const fs::path& root) {
  struct stat info {};
  if (::lstat(root.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) ::chmod(root.c_str(), (info.st_mode & 07777U) | 0700U);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code ignore;
    const auto st = it->symlink_status(ignore);
    if (fs::is_directory(st)) ::chmod(it->path().c_str(), static_cast<unsigned>(st.permissions()) | 0700U);
  }
}

}  // namespace

std::string remove_tree(const std::string& path) {
  std::error_code ec;
  const fs::path root(path);
  if (!fs::is_directory(fs::symlink_status(root, ec))) {
    fs::remove(root, ec);  // a file or a link: removed itself
    return ec ? ec.message() : "";
  }
  // Files first, on several threads (a large output has tens of thousands), then the folders.
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code ignore;
    if (!fs::is_directory(it->symlink_status(ignore))) files.push_back(it->path());
  }
  parallel_for(
      files.size(),
      [&](std::size_t i) {
        std::error_code ignore;
        fs::remove(files[i], ignore);
      },
      256);
  ec.clear();
  fs::remove_all(root, ec);
  if (ec && ec == std::errc::permission_denied) {
    make_writable(root);
    ec.clear();
    fs::remove_all(root, ec);
  }
  return ec ? ec.message() : "";
}

std::string printable_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '#' && s.substr(i, 6) == "##vso[") {
      out += "##vso\\x5b";
      i += 6;
      continue;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
      continue;
    }
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool valid = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    // C1 controls (U+0080..U+009F) drive some terminals too.
    if (valid && len == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) valid = false;
    if (!valid) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace schedc::cli
