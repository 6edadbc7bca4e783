#include "cli/output.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>

#include <dirent.h>
#include <fmt/format.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/safe_fs.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/file_read.hpp"
#include "compiler/parallel.hpp"

namespace fs = std::filesystem;

namespace schedc::cli {

namespace {

std::string random_suffix() {
  std::random_device rd;
  return fmt::format("{:08x}", rd());
}

// Writes one file from its pieces; an empty string on success, else why not. `p` lies in the temporary directory
// this run created: a link there is not followed all the same.
std::string write_file(const fs::path& p, const codegen::Pieces& produce) {
  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) return fmt::format("cannot write {}: {}", p.generic_string(), std::strerror(errno));
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(::fdopen(fd, "wb"), &std::fclose);  // closed if `produce` throws
  if (!out) {
    ::close(fd);
    return fmt::format("cannot write {}: {}", p.generic_string(), std::strerror(errno));
  }
  bool written = true;
  produce([&](std::string_view piece) {
    written = written && std::fwrite(piece.data(), 1, piece.size(), out.get()) == piece.size();
  });
  const bool closed = std::fclose(out.release()) == 0;
  if (!written || !closed) return fmt::format("cannot write {}", p.generic_string());
  return "";
}

// The file `name` in the directory `folder` (opened without following a link) when it is a regular file, not a
// link, with no other hard link, holding exactly `content`: its descriptor (positioned anywhere), else an empty Fd.
// A FIFO or a device there is opened without blocking and refused.
Fd same_file(int folder, const std::string& name, const std::string& content) {
  Fd fd(::openat(folder, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (!fd) return Fd();
  struct stat info {};
  bool same = ::fstat(fd.get(), &info) == 0 && S_ISREG(info.st_mode) && info.st_nlink == 1 &&
              static_cast<std::size_t>(info.st_size) == content.size();
  char buffer[64 * 1024];
  for (std::size_t offset = 0; same && offset < content.size();) {
    const ::ssize_t n = ::read(fd.get(), buffer, std::min(sizeof buffer, content.size() - offset));
    same = n > 0 && std::memcmp(buffer, content.data() + offset, static_cast<std::size_t>(n)) == 0;
    offset += n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  return same ? std::move(fd) : Fd();
}

// What `build --check` finds at a path of the output directory.
struct Found {
  bool read = false;     // `content` holds the file
  std::string content;
  std::string what;      // otherwise why not, e.g. "a symbolic link (not followed)"
};

constexpr std::size_t kMaxCompareBytes = std::size_t{64} * 1024 * 1024;  // larger files are not read by --check
constexpr std::size_t kMaxShownBytes = std::size_t{1024} * 1024;         // larger files are not shown as a diff
constexpr int kMaxOutputDepth = 32;                                        // schedc's own output is 5 levels deep

// The entries below `dir`, never following a symbolic link and never opening a FIFO, a device or a socket: regular
// files are read (up to kMaxCompareBytes), anything else is only named. Directories deeper than kMaxOutputDepth
// are named, not entered.
std::map<std::string, Found> read_tree(const fs::path& dir) {
  std::map<std::string, Found> found;
  Fd root = open_directory(dir.string());
  if (!root) return found;
  struct Level {
    Fd fd;
    std::string rel;  // "" or "a/b/"
  };
  std::vector<Level> stack;
  stack.push_back({std::move(root), ""});
  while (!stack.empty()) {
    Level level = std::move(stack.back());
    stack.pop_back();
    const int copy = ::dup(level.fd.get());
    DIR* d = copy >= 0 ? ::fdopendir(copy) : nullptr;
    if (!d) {
      if (copy >= 0) ::close(copy);
      found[level.rel.empty() ? "." : level.rel.substr(0, level.rel.size() - 1)] =
          Found{false, "", fmt::format("a directory that cannot be read ({})", std::strerror(errno))};
      continue;
    }
    const int depth = static_cast<int>(std::count(level.rel.begin(), level.rel.end(), '/'));
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      const std::string rel = level.rel + name;
      if (rel == kMarkerFile) continue;
      struct stat info {};
      if (::fstatat(level.fd.get(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
        found[rel] = Found{false, "", fmt::format("cannot be read ({})", std::strerror(errno))};
        continue;
      }
      if (S_ISDIR(info.st_mode)) {
        if (depth + 1 >= kMaxOutputDepth) {
          found[rel] = Found{false, "", fmt::format("a directory nested deeper than {} levels (not read)", kMaxOutputDepth)};
          continue;
        }
        Fd sub(::openat(level.fd.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!sub) {
          found[rel] = Found{false, "", fmt::format("a directory that cannot be read ({})", std::strerror(errno))};
          continue;
        }
        stack.push_back({std::move(sub), rel + "/"});
      } else if (S_ISLNK(info.st_mode)) {
        found[rel] = Found{false, "", "a symbolic link (schedc never follows links in its output)"};
      } else if (!S_ISREG(info.st_mode)) {
        found[rel] = Found{false, "", file_kind(info.st_mode) + " (not read)"};
      } else if (static_cast<std::uint64_t>(info.st_size) > kMaxCompareBytes) {
        found[rel] = Found{false, "", fmt::format("a file of {} bytes (not read)", thousands(static_cast<std::size_t>(info.st_size)))};
      } else {
        Fd f(::openat(level.fd.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
        FileRead r = f ? read_fd_bounded(f.get(), kMaxCompareBytes) : FileRead{};
        if (!f) r.why = std::strerror(errno);
        found[rel] = r.ok() ? Found{true, std::move(r.text), ""} : Found{false, "", fmt::format("cannot be read ({})", r.why)};
      }
    }
    ::closedir(d);
  }
  return found;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < s.size()) {
    auto nl = s.find('\n', start);
    if (nl == std::string::npos) {
      lines.push_back(s.substr(start));
      break;
    }
    lines.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// A one-line explanation instead of a diff: for entries that are not read and for large files.
std::string summary_diff(const std::string& path, const std::string& what) {
  return fmt::format("{}: {}\n", printable_line(path), printable_line(what));
}

constexpr const char* kTmpInfix = ".schedc-tmp-";
constexpr const char* kOldInfix = ".schedc-old-";

}  // namespace

struct OutputWriter::State {
  std::string dir_str;
  fs::path dir, tmp, old;
  bool opened = false, committed = false;
  Fd parent;                                  // the directory holding `dir`, locked (flock) while this run writes
  Fd previous;                                // `dir` when it holds a previous build whose unchanged files are linked
  std::mutex mutex;                           // guards the members below
  std::map<std::string, Fd> previous_folders; // folders of `previous`, opened once each without following links
  std::set<fs::path> made;                    // directories created in tmp
  std::map<std::string, std::string> errors;  // by path
  std::size_t count = 0;
};

OutputWriter::OutputWriter(std::string dir) : state_(std::make_unique<State>()) { state_->dir_str = std::move(dir); }

OutputWriter::~OutputWriter() {
  if (state_->opened && !state_->committed) (void)remove_tree(state_->tmp.string());
}

WriteResult OutputWriter::open() {
  State& st = *state_;
  const std::string& dir_str = st.dir_str;
  fs::path dir = fs::path(dir_str).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  if (dir.empty() || dir.filename() == "." || dir.filename() == "..")
    return {false, fmt::format("`{}` cannot be an output directory: name the directory itself", dir_str)};
  std::error_code ec;
  fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  st.parent = Fd(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!st.parent)
    return {false, fmt::format("cannot open the directory `{}` that is to hold `{}`: {}", parent.generic_string(), dir_str,
                               std::strerror(errno))};
  // One build at a time into a directory: a second one waits here until the first has swapped its output in (the
  // lock goes with the process, so a killed build never holds it). File systems without flock are not serialised.
  while (::flock(st.parent.get(), LOCK_EX) != 0 && errno == EINTR) {
  }
  // What killed builds left beside `dir` (their temporary and set-aside directories): no other build into `dir` is
  // running now, so they are leftovers.
  const std::string name = dir.filename().string();
  for (const auto& prefix : {"." + name + kTmpInfix, "." + name + kOldInfix}) {
    for (auto it = fs::directory_iterator(parent, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
      if (it->path().filename().string().rfind(prefix, 0) == 0) (void)remove_tree(it->path().string());
    ec.clear();
  }
  // Refuse to replace a directory that schedc did not write (it may hold the user's own files), or to write through
  // a symbolic link (the files of whatever it points to would be replaced).
  struct stat info {};
  if (::lstat(dir.c_str(), &info) == 0) {
    if (S_ISLNK(info.st_mode))
      return {false, fmt::format("`{}` is a symbolic link: schedc never writes through a link (its target's files would be "
                                 "replaced); give the directory itself as --out",
                                 dir_str)};
    if (!S_ISDIR(info.st_mode)) return {false, fmt::format("`{}` exists and is not a directory", dir_str)};
    st.previous = open_directory(dir.string());
    if (!st.previous) return {false, fmt::format("cannot open `{}`: {}", dir_str, std::strerror(errno))};
    const bool empty = fs::is_empty(dir, ec);
    struct stat marker {};
    const bool marked = ::fstatat(st.previous.get(), kMarkerFile, &marker, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(marker.st_mode);
    if (!empty && !marked)
      return {false, fmt::format("refusing to replace `{}`: it is not empty and was not written by schedc (no {} file in it)",
                                 dir_str, kMarkerFile)};
    if (empty) st.previous = Fd();
  }
  st.dir = dir;
  for (int attempt = 0; attempt < 16; ++attempt) {
    st.tmp = parent / fmt::format(".{}{}{}", name, kTmpInfix, random_suffix());
    if (fs::create_directory(st.tmp, ec) || ec) break;
  }
  if (ec || !fs::is_directory(fs::symlink_status(st.tmp)))
    return {false, fmt::format("cannot create a temporary directory next to `{}`: {}", dir_str, ec.message())};
  st.old = parent / fmt::format(".{}{}{}", name, kOldInfix, random_suffix());
  st.opened = true;
  st.made.insert(st.tmp);
  const std::string marker = "This directory is generated by schedc and replaced on every build. Do not edit.\n";
  if (auto error = write_file(st.tmp / kMarkerFile, [&](const auto& write) { write(marker); }); !error.empty())
    return {false, error};
  return {true, ""};
}

std::string OutputWriter::prepare(const fs::path& target) {
  // Folders are created once, under the lock (thousands of files share a few folders).
  State& st = *state_;
  const std::lock_guard<std::mutex> lock(st.mutex);
  ++st.count;
  const fs::path folder = target.parent_path();
  if (st.made.count(folder)) return "";
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return fmt::format("cannot create directory {}: {}", folder.generic_string(), ec.message());
  st.made.insert(folder);
  return "";
}

void OutputWriter::fail(const std::string& path, std::string error) {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  state_->errors.emplace(path, std::move(error));
}

void OutputWriter::add(codegen::OutputFile file) {
  State& st = *state_;
  const fs::path target = st.tmp / fs::path(file.path);
  if (auto error = prepare(target); !error.empty()) return fail(file.path, std::move(error));
  // A file of the previous build with exactly these bytes is linked, not written again: it keeps its inode and
  // modification time, and a rebuild that changes little creates few files (creating tens of thousands of files is
  // most of a large build's time, mostly in the kernel). The very file that was compared is linked (through
  // /proc/self/fd), so nothing swapped in between, and no link of the previous output, is ever followed.
  if (st.previous) {
    const auto slash = file.path.rfind('/');
    const std::string folder = slash == std::string::npos ? "" : file.path.substr(0, slash);
    int folder_fd = -1;
    {
      const std::lock_guard<std::mutex> lock(st.mutex);
      auto it = st.previous_folders.find(folder);
      if (it == st.previous_folders.end())
        it = st.previous_folders
                 .emplace(folder, folder.empty() ? Fd(::dup(st.previous.get())) : open_beneath(st.previous.get(), folder, O_RDONLY | O_DIRECTORY))
                 .first;
      folder_fd = it->second.get();
    }
    if (Fd same = folder_fd < 0 ? Fd() : same_file(folder_fd, file.path.substr(slash + 1), file.content)) {
      const std::string self = fmt::format("/proc/self/fd/{}", same.get());
      if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, target.c_str(), AT_SYMLINK_FOLLOW) == 0) return;
    }
  }
  if (auto error = write_file(target, [&](const auto& write) { write(file.content); }); !error.empty())
    fail(file.path, std::move(error));
}

void OutputWriter::add_pieces(std::string path, const codegen::Pieces& produce) {
  const fs::path target = state_->tmp / fs::path(path);
  std::string error = prepare(target);
  if (error.empty()) error = write_file(target, produce);
  if (!error.empty()) fail(path, std::move(error));
}

std::size_t OutputWriter::files_written() const {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->count;
}

WriteResult OutputWriter::commit() {
  State& st = *state_;
  if (!st.opened) return {false, "internal error: the output directory was not opened"};
  if (!st.errors.empty()) return {false, st.errors.begin()->second};
  std::error_code ec;
  struct stat info {};
  const bool had_old = ::lstat(st.dir.c_str(), &info) == 0;
  st.previous = Fd();
  st.previous_folders.clear();
  if (had_old) {
    fs::rename(st.dir, st.old, ec);
    if (ec) return {false, fmt::format("cannot move the previous output `{}` aside: {}", st.dir_str, ec.message())};
  }
  fs::rename(st.tmp, st.dir, ec);
  if (ec) {
    std::error_code restore;
    if (had_old) fs::rename(st.old, st.dir, restore);
    return {false, fmt::format("cannot move the new output into `{}`: {}", st.dir_str, ec.message())};
  }
  st.committed = true;
  if (had_old) {
    if (auto why = remove_tree(st.old.string()); !why.empty())
      return {false, fmt::format("the new output is in `{}`, but the previous one, moved aside to `{}`, cannot be removed: {}",
                                 st.dir_str, st.old.generic_string(), why)};
  }
  return {true, ""};
}

WriteResult write_output(const std::string& dir, const codegen::OutputFiles& files) {
  OutputWriter writer(dir);
  if (auto opened = writer.open(); !opened.ok) return opened;
  parallel_for(files.size(), [&](std::size_t i) { writer.add(files[i]); }, 256);
  return writer.commit();
}

std::vector<FileDiff> compare_output(const std::string& dir, const codegen::OutputFiles& files) {
  std::vector<FileDiff> diffs;
  auto existing = read_tree(fs::path(dir));
  std::map<std::string, const std::string*> wanted;
  for (const auto& f : files) wanted[f.path] = &f.content;
  auto diff = [](const std::string& path, const Found& before, const std::string& after, bool generated = true) {
    if (!before.read) return summary_diff(path, (generated ? "is " : "not generated, and is ") + before.what);
    if (before.content.size() > kMaxShownBytes || after.size() > kMaxShownBytes)
      return summary_diff(path, fmt::format("{} bytes in the directory, {} bytes generated (too large to show)",
                                            thousands(before.content.size()), thousands(after.size())));
    return unified_diff(path, before.content, after);
  };
  for (const auto& [path, content] : wanted) {
    auto it = existing.find(path);
    if (it == existing.end()) {
      diffs.push_back({path, FileDiff::Kind::Missing, content->size() > kMaxShownBytes
                                                          ? summary_diff(path, "missing")
                                                          : unified_diff(path, "", *content)});
    } else if (!it->second.read || it->second.content != *content) {
      diffs.push_back({path, FileDiff::Kind::Changed, diff(path, it->second, *content)});
    }
  }
  static const std::string nothing;
  for (const auto& [path, found] : existing)
    if (!wanted.count(path)) diffs.push_back({path, FileDiff::Kind::Unexpected, diff(path, found, nothing, false)});
  std::sort(diffs.begin(), diffs.end(), [](const FileDiff& a, const FileDiff& b) { return a.path < b.path; });
  return diffs;
}

std::string unified_diff(const std::string& path, const std::string& before, const std::string& after) {
  auto a = split_lines(before);
  auto b = split_lines(after);
  // Longest common subsequence table; files too large for it are shown as a whole replacement.
  std::size_t n = a.size(), m = b.size();
  std::vector<std::pair<char, std::string>> ops;  // ' ', '-', '+'
  if (n * m <= 4'000'000) {
    std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] == b[j]) {
        ops.emplace_back(' ', a[i]);
        ++i;
        ++j;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.emplace_back('-', a[i++]);  // deletions before insertions, as diff -u prints them
      } else {
        ops.emplace_back('+', b[j++]);
      }
    }
  } else {
    for (const auto& l : a) ops.emplace_back('-', l);
    for (const auto& l : b) ops.emplace_back('+', l);
  }
  std::string out = fmt::format("--- a/{0}\n+++ b/{0}\n", printable_line(path));
  constexpr std::size_t ctx = 3;
  std::size_t k = 0;
  while (k < ops.size()) {
    // Find the next change.
    while (k < ops.size() && ops[k].first == ' ') ++k;
    if (k == ops.size()) break;
    std::size_t start = k >= ctx ? k - ctx : 0;
    std::size_t end = k;
    // Extend the hunk while changes are within 2*ctx lines of each other.
    std::size_t last_change = k;
    for (std::size_t q = k; q < ops.size(); ++q) {
      if (ops[q].first != ' ') last_change = q;
      else if (q - last_change > 2 * ctx) break;
      end = q + 1;
    }
    end = std::min(ops.size(), last_change + ctx + 1);
    // Line numbers
    std::size_t a_line = 1, b_line = 1;
    for (std::size_t q = 0; q < start; ++q) {
      if (ops[q].first != '+') ++a_line;
      if (ops[q].first != '-') ++b_line;
    }
    std::size_t a_count = 0, b_count = 0;
    for (std::size_t q = start; q < end; ++q) {
      if (ops[q].first != '+') ++a_count;
      if (ops[q].first != '-') ++b_count;
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", a_count ? a_line : a_line - 1, a_count, b_count ? b_line : b_line - 1, b_count);
    for (std::size_t q = start; q < end; ++q) out += fmt::format("{}{}\n", ops[q].first, printable_line(ops[q].second));
    k = end;
  }
  return out;
}

}  // namespace schedc::cli
