#include "cli/inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <set>

#include <fmt/format.h>

namespace fs = std::filesystem;

namespace schedc::cli {

namespace {

// The .sched files below `dir` (hidden directories and node_modules skipped), in no particular order.
std::vector<fs::path> walk(const std::string& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto& path = it->path();
    std::string name = path.filename().string();
    if (it->is_directory(ec) && !name.empty() && (name[0] == '.' || name == "node_modules")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && path.extension() == ".sched") out.push_back(path);
  }
  return out;
}

std::string normal(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s.empty() ? "." : s;
}

std::string canonical_of(const fs::path& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? normal(p) : normal(c);
}

// Single-repo mode: expand directories into the .sched files below them (sorted). A file reached under two
// spellings (`examples` and `/abs/examples/x.sched`) is compiled once, under its first spelling in sort order.
void single_repo(const std::vector<std::string>& paths, Inputs& out) {
  std::set<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::size_t before = files.size();
      for (const auto& f : walk(p)) files.insert(f.lexically_normal().generic_string());
      if (files.size() == before) out.empty_dirs.push_back(p);  // reported as warning SCH9003
    } else {
      files.insert(fs::path(p).lexically_normal().generic_string());
    }
  }
  std::set<std::string> seen;
  for (const auto& f : files) {
    std::error_code ec;
    auto c = fs::weakly_canonical(f, ec);
    if (seen.insert(ec ? f : c.generic_string()).second) out.files.push_back(f);
  }
}

struct Root {
  std::string name;
  std::string given;      // normalized, as given
  std::string canonical;  // absolute, symlinks resolved
  std::string spelled;    // how the user wrote it (for messages)
};

bool inside(const std::string& path, const std::string& dir) {
  if (dir == "/") return path.size() > 1 && path[0] == '/';
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

InputsStatus multi_repo(const std::vector<std::string>& plain_dirs, const std::vector<std::string>& plain_files,
                        const std::vector<std::string>& repo_args, Inputs& out, Diagnostics& diags) {
  std::vector<Root> roots;
  for (const auto& arg : repo_args) {
    auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size()) {
      auto& d = diags.report("SCH9004", Span{}, fmt::format("`--repo {}` is not of the form NAME=DIR", arg));
      d.help = "give the repo's name, `=` and its directory, e.g. `--repo churn=../churn-models`";
      continue;
    }
    std::string name = arg.substr(0, eq), dir = arg.substr(eq + 1);
    if (!valid_repo_name(name)) {
      auto& d = diags.report("SCH9004", Span{}, fmt::format("`{}` is not a valid repo name (in `--repo {}`)", name, arg));
      d.help = "repo names are letters, digits, `_`, `-` and `.`, starting with a letter, a digit or `_`";
      continue;
    }
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      bool exists = fs::exists(dir, ec);
      auto& d = diags.report("SCH9006", Span{}, fmt::format("the directory of repo `{}` {}: `{}`", name,
                                                            exists ? "is not a directory" : "does not exist", dir));
      d.help = "`--repo NAME=DIR` takes the repo's root directory; its .sched files are found below it";
      continue;
    }
    roots.push_back({name, normal(dir), canonical_of(dir), "--repo " + arg});
  }
  for (const auto& dir : plain_dirs) {
    std::string c = canonical_of(dir);
    std::string name = fs::path(c).filename().string();
    if (!valid_repo_name(name)) {
      auto& d = diags.report("SCH9004", Span{}, fmt::format("the directory `{}` cannot name a repo: `{}` is not a valid repo name",
                                                            dir, name));
      d.help = fmt::format("name the repo yourself: `--repo NAME={}`", dir);
      continue;
    }
    roots.push_back({name, normal(dir), c, dir});
  }
  std::sort(roots.begin(), roots.end(), [](const Root& a, const Root& b) {
    return std::tie(a.name, a.canonical, a.given) < std::tie(b.name, b.canonical, b.given);
  });
  roots.erase(std::unique(roots.begin(), roots.end(),
                          [](const Root& a, const Root& b) { return a.name == b.name && a.canonical == b.canonical; }),
              roots.end());
  for (std::size_t i = 1; i < roots.size(); ++i)
    if (roots[i].name == roots[i - 1].name) {
      auto& d = diags.report("SCH9005", Span{}, fmt::format("two repos are named `{}`: `{}` and `{}`", roots[i].name,
                                                            roots[i - 1].spelled, roots[i].spelled));
      d.help = "name them apart with `--repo NAME=DIR`: diagnostics and SARIF locations name files by repo";
    }
  std::map<std::string, const Root*> by_dir;
  for (const auto& r : roots) {
    auto [it, fresh] = by_dir.emplace(r.canonical, &r);
    if (!fresh) {
      const Root& a = std::min(*it->second, r, [](const Root& x, const Root& y) { return x.name < y.name; });
      const Root& b = &a == &r ? *it->second : r;
      auto& d = diags.report("SCH9008", Span{}, fmt::format("repos `{}` and `{}` are the same directory `{}`", a.name,
                                                            b.name, r.given));
      d.help = "give each repo once";
    }
  }
  if (diags.has_errors()) return InputsStatus::RepoErrors;

  // Every file to the innermost repo that holds it.
  struct Owner {
    const Root* root = nullptr;
    std::string path;
  };
  std::map<std::string, Owner> owners;  // canonical file -> owner
  for (const auto& r : roots) {
    auto files = walk(r.given);
    if (files.empty()) out.empty_dirs.push_back(r.spelled);
    for (const auto& f : files) {
      auto& o = owners[canonical_of(f)];
      if (!o.root || r.canonical.size() > o.root->canonical.size()) o = {&r, normal(f.lexically_relative(r.given))};
    }
  }
  for (const auto& f : plain_files) {
    std::string c = canonical_of(f);
    if (owners.count(c)) continue;
    const Root* best = nullptr;
    for (const auto& r : roots)
      if (inside(c, r.canonical) && (!best || r.canonical.size() > best->canonical.size())) best = &r;
    if (!best) {
      auto& d = diags.report("SCH9007", Span{}, fmt::format("`{}` is not inside any repo", f));
      d.help = "with several repos, give the file's repo (`--repo NAME=DIR` or its directory) instead of the file";
      continue;
    }
    owners[c] = {best, normal(fs::path(c).lexically_relative(best->canonical))};
  }
  if (diags.has_errors()) return InputsStatus::RepoErrors;
  for (const auto& r : roots) out.repos[r.name] = r.given;
  for (const auto& [c, o] : owners)
    out.repo_files.push_back({o.root->name, o.path, normal(fs::path(o.root->given) / o.path)});
  std::sort(out.repo_files.begin(), out.repo_files.end(),
            [](const RepoFile& a, const RepoFile& b) { return std::tie(a.repo, a.path) < std::tie(b.repo, b.path); });
  return InputsStatus::Ok;
}

}  // namespace

bool valid_repo_name(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  auto c0 = static_cast<unsigned char>(name[0]);
  if (!(std::isalnum(c0) || c0 == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c < 0x80 && (std::isalnum(c) || c == '_' || c == '-' || c == '.');
  });
}

InputsStatus collect_inputs(const std::vector<std::string>& paths, const std::vector<std::string>& repo_args,
                            Inputs& out, Diagnostics& diags, std::ostream& err) {
  bool missing = false;
  std::vector<std::string> dirs, files;
  std::set<std::string> dir_identities;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      dirs.push_back(p);
      dir_identities.insert(canonical_of(p));
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      err << fmt::format("schedc: error: `{}` does not exist\n", p);
      missing = true;
    }
  }
  if (missing) return InputsStatus::MissingPath;
  if (repo_args.empty() && dir_identities.size() <= 1) {
    single_repo(paths, out);
    return InputsStatus::Ok;
  }
  return multi_repo(dirs, files, repo_args, out, diags);
}

}  // namespace schedc::cli
