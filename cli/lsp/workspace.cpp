#include "cli/lsp/workspace.hpp"

#include <filesystem>
#include <sstream>

#include "cli/inputs.hpp"

namespace schedc::cli::lsp {
namespace {

namespace fs = std::filesystem;

std::string absolute(const std::string& path) {
  std::error_code ec;
  auto p = fs::absolute(path, ec);
  return (ec ? fs::path(path) : p).lexically_normal().generic_string();
}

// The file system, except that an open document's text replaces the file at its path.
class OverlayLoader : public FileSystemLoader {
 public:
  OverlayLoader(std::string stdlib_dir, const std::map<std::string, Document>& open)
      : FileSystemLoader(std::move(stdlib_dir)), open_(open) {}
  FileRead load(const std::string& path, std::uint64_t limit) override {
    if (auto it = open_.find(absolute(path)); it != open_.end()) {
      FileRead r;
      if (it->second.text.size() > limit) {
        r.status = FileRead::Status::TooLarge;
        r.size = it->second.text.size();
        r.why = "it is larger than the limit";
        return r;
      }
      r.status = FileRead::Status::Ok;
      r.text = it->second.text;
      return r;
    }
    return FileSystemLoader::load(path, limit);
  }

 private:
  const std::map<std::string, Document>& open_;
};

}  // namespace

const LineIndex& Snapshot::lines(FileId file) const {
  auto& slot = lines_[file];
  if (!slot) slot = std::make_unique<LineIndex>(result.sources.file(file).text);
  return *slot;
}

void Workspace::set_folders(std::vector<std::string> folders) {
  folders_.clear();
  for (auto& f : folders) folders_.push_back(absolute(f));
  dirty_ = true;
}

void Workspace::set_checked_with(std::string index, std::vector<std::string> adf) {
  if (index == index_ && adf == adf_) return;
  index_ = std::move(index);
  adf_ = std::move(adf);
  dirty_ = true;
}

void Workspace::open(const std::string& path, std::string text, long long version) {
  open_[absolute(path)] = Document{std::move(text), version};
  dirty_ = true;
}

Document* Workspace::document(const std::string& path) {
  auto it = open_.find(absolute(path));
  return it == open_.end() ? nullptr : &it->second;
}

void Workspace::close(const std::string& path) {
  open_.erase(absolute(path));
  dirty_ = true;
}

const Snapshot& Workspace::snapshot() {
  if (snapshot_ && !dirty_) return *snapshot_;
  auto snap = std::make_unique<Snapshot>();
  Inputs inputs;
  Diagnostics setup;
  std::ostringstream ignored;  // a folder that does not exist: no inputs from it
  std::vector<std::string> paths = folders_;
  // An open document outside every folder is compiled with the folders, as `check FILE DIR` would.
  for (const auto& [path, doc] : open_) {
    bool inside = false;
    for (const auto& f : folders_)
      if (path.size() > f.size() && path.compare(0, f.size(), f) == 0 && (f == "/" || path[f.size()] == '/')) inside = true;
    if (!inside && path.size() > 6 && path.compare(path.size() - 6, 6, ".sched") == 0) paths.push_back(path);
  }
  if (paths.empty()) {
    snapshot_ = std::move(snap);
    dirty_ = false;
    ++generation_;
    return *snapshot_;
  }
  const auto status = collect_inputs(paths, {}, inputs, setup, ignored);
  // Open documents not yet saved to disk: inputs too.
  if (status == InputsStatus::Ok && inputs.repo_files.empty()) {
    for (const auto& [path, doc] : open_)
      if (path.size() > 6 && path.compare(path.size() - 6, 6, ".sched") == 0 && !fs::exists(path)) {
        bool listed = false;
        for (const auto& f : inputs.files) listed = listed || absolute(f) == path;
        if (!listed) inputs.files.push_back(path);
      }
  }
  OverlayLoader loader(stdlib_dir_, open_);
  CompileInput in = inputs.compile_input(stdlib_dir_);
  in.index_display = index_;
  // A folder that is not a directory (or a bad NAME=) is left out, as the settings say what the user meant to
  // check; the rest is checked.
  std::ostringstream adf_problems;
  if (!adf_.empty() && !collect_adf(adf_, in, adf_problems)) {
    in.adf_files.clear();
    in.adf_roots.clear();
    for (const auto& a : adf_) {
      CompileInput one;
      std::ostringstream ignored_problem;
      if (collect_adf({a}, one, ignored_problem)) {
        in.adf_files.insert(in.adf_files.end(), one.adf_files.begin(), one.adf_files.end());
        in.adf_roots.insert(one.adf_roots.begin(), one.adf_roots.end());
      }
    }
  }
  in.keep_symbols = true;
  in.parse_cache = &parse_cache_;
  snap->result = compile(in, loader);
  if (status == InputsStatus::RepoErrors)
    for (const auto& d : setup.all()) snap->result.diagnostics.add(d);
  for (FileId id = 1; id < snap->result.sources.size(); ++id) {
    const auto& f = snap->result.sources.file(id);
    std::string real = f.real_path();
    if (real.empty() || real.front() == '<') continue;
    const std::string uri = uri_of_path(absolute(real));
    snap->uri_of[id] = uri;
    snap->file_of.emplace(uri, id);
  }
  snapshot_ = std::move(snap);
  dirty_ = false;
  ++generation_;
  return *snapshot_;
}

}  // namespace schedc::cli::lsp
