#include "cli/output.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler/parallel.hpp"

namespace fs = std::filesystem;

namespace schedc::cli {

namespace {

std::string random_suffix() {
  std::random_device rd;
  return fmt::format("{:08x}", rd());
}

// Writes one file from its pieces; an empty string on success, else why not.
std::string write_file(const fs::path& p, const codegen::Pieces& produce) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(p.c_str(), "wb"), &std::fclose);  // closed if `produce` throws
  if (!out) return fmt::format("cannot write {}: {}", p.generic_string(), std::strerror(errno));
  bool written = true;
  produce([&](std::string_view piece) {
    written = written && std::fwrite(piece.data(), 1, piece.size(), out.get()) == piece.size();
  });
  const bool closed = std::fclose(out.release()) == 0;
  if (!written || !closed) return fmt::format("cannot write {}", p.generic_string());
  return "";
}

// Whether `p` is a regular file (not a symbolic link), with no other hard link, holding exactly `content`.
bool holds_exactly(const fs::path& p, const std::string& content) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat info {};
  bool same = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_nlink == 1 &&
              static_cast<std::size_t>(info.st_size) == content.size();
  char buffer[64 * 1024];
  for (std::size_t offset = 0; same && offset < content.size();) {
    const ::ssize_t n = ::read(fd, buffer, std::min(sizeof buffer, content.size() - offset));
    same = n > 0 && std::memcmp(buffer, content.data() + offset, static_cast<std::size_t>(n)) == 0;
    offset += n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  ::close(fd);
  return same;
}

std::map<std::string, std::string> read_tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string rel = fs::relative(it->path(), dir, ec).generic_string();
    if (rel == kMarkerFile) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    files[rel] = std::move(ss).str();
  }
  return files;
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

// fs::remove_all, with the files removed on several threads first (as many as were written).
void remove_tree(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (!it->is_directory(ec)) files.push_back(it->path());
  parallel_for(
      files.size(),
      [&](std::size_t i) {
        std::error_code ignore;
        fs::remove(files[i], ignore);
      },
      256);
  fs::remove_all(dir, ec);
}

}  // namespace

struct OutputWriter::State {
  std::string dir_str;
  fs::path dir, tmp, old;
  bool opened = false, committed = false;
  bool reuse = false;                         // `dir` holds a previous build whose unchanged files are linked
  std::mutex mutex;                           // guards the members below
  std::set<fs::path> made;                    // directories created in tmp
  std::map<std::string, std::string> errors;  // by path
  std::size_t count = 0;
};

OutputWriter::OutputWriter(std::string dir) : state_(std::make_unique<State>()) { state_->dir_str = std::move(dir); }

OutputWriter::~OutputWriter() {
  if (state_->opened && !state_->committed) {
    std::error_code ignore;
    fs::remove_all(state_->tmp, ignore);
  }
}

WriteResult OutputWriter::open() {
  State& st = *state_;
  const std::string& dir_str = st.dir_str;
  fs::path dir = fs::path(dir_str).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  std::error_code ec;
  // Refuse to replace a directory that schedc did not write: it may hold the user's own files.
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) return {false, fmt::format("`{}` exists and is not a directory", dir_str)};
    bool empty = fs::is_empty(dir, ec);
    if (!empty && !fs::exists(dir / kMarkerFile, ec))
      return {false, fmt::format("refusing to replace `{}`: it is not empty and was not written by schedc (no {} file in it)",
                                 dir_str, kMarkerFile)};
    st.reuse = !empty;
  }
  fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  const std::string name = dir.filename().string();
  st.dir = dir;
  st.tmp = parent / fmt::format(".{}.schedc-tmp-{}", name, random_suffix());
  st.old = parent / fmt::format(".{}.schedc-old-{}", name, random_suffix());
  if (!fs::create_directory(st.tmp, ec))
    return {false, fmt::format("cannot create a temporary directory next to `{}`: {}", dir_str, ec.message())};
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
  // most of a large build's time, mostly in the kernel).
  if (st.reuse) {
    const fs::path previous = st.dir / fs::path(file.path);
    if (holds_exactly(previous, file.content) && ::link(previous.c_str(), target.c_str()) == 0) return;
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
  const bool had_old = fs::exists(st.dir, ec);
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
  if (had_old) remove_tree(st.old);
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
  for (const auto& [path, content] : wanted) {
    auto it = existing.find(path);
    if (it == existing.end()) {
      diffs.push_back({path, FileDiff::Kind::Missing, unified_diff(path, "", *content)});
    } else if (it->second != *content) {
      diffs.push_back({path, FileDiff::Kind::Changed, unified_diff(path, it->second, *content)});
    }
  }
  for (const auto& [path, content] : existing)
    if (!wanted.count(path)) diffs.push_back({path, FileDiff::Kind::Unexpected, unified_diff(path, content, "")});
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
  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
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
    for (std::size_t q = start; q < end; ++q) out += fmt::format("{}{}\n", ops[q].first, ops[q].second);
    k = end;
  }
  return out;
}

}  // namespace schedc::cli
