#include "cli/inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "compiler/adf_input/build_output.hpp"
#include "compiler/adf_input/parameter_definition.hpp"

namespace fs = std::filesystem;

namespace schedc::cli {

namespace {

bool is_sched(const fs::path& p) { return p.extension() == ".sched"; }

std::string kind_of(fs::file_status st) {
  switch (st.type()) {
    case fs::file_type::directory: return "a directory";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::block:
    case fs::file_type::character: return "a device";
    case fs::file_type::symlink: return "a symbolic link";
    default: return "not a regular file";
  }
}

bool inside(const std::string& path, const std::string& dir) {
  if (dir == "/") return path.size() > 1 && path[0] == '/';
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

bool inside_any(const std::string& path, const std::vector<std::string>& roots) {
  return std::any_of(roots.begin(), roots.end(), [&](const std::string& r) { return path == r || inside(path, r); });
}

struct Walked {
  std::vector<fs::path> files;          // .sched files, as reached from the directory given
  std::vector<fs::path> problem_paths;  // what could not or must not be read, with why
  std::vector<std::string> problems;
};

// The .sched files below `dir` (hidden directories and node_modules skipped), in no particular order, without
// recursion. A symbolic link is followed only when it leads to a directory or a file inside `roots` (canonical);
// one that leads outside them, a link loop or dangling link named *.sched, a *.sched that is not a regular file and
// a directory that cannot be listed are problems (SCH9001), never skipped in silence. Every directory is entered
// once (`seen`, canonical), so a link to an ancestor is no loop.
Walked walk(const std::string& dir, const std::vector<std::string>& roots, std::set<std::string>& seen) {
  Walked out;
  auto problem = [&](const fs::path& p, std::string why) {
    out.problem_paths.push_back(p);
    out.problems.push_back(std::move(why));
  };
  std::error_code ec;
  const auto start = fs::canonical(dir, ec);
  if (ec || !seen.insert(start.generic_string()).second) return out;
  std::vector<fs::path> pending{fs::path(dir)};
  while (!pending.empty()) {
    const fs::path folder = std::move(pending.back());
    pending.pop_back();
    auto it = fs::directory_iterator(folder, ec);
    if (ec) {
      problem(folder, fmt::format("the directory cannot be read ({})", ec.message()));
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      const fs::path& path = it->path();
      const std::string name = path.filename().string();
      const bool skipped_dir = !name.empty() && (name[0] == '.' || name == "node_modules");
      std::error_code e;
      const auto own = it->symlink_status(e);
      if (fs::is_symlink(own)) {
        const auto target = fs::canonical(path, e);
        if (e) {
          if (is_sched(path))
            problem(path, e == std::errc::too_many_symbolic_link_levels ? "it is a symbolic link loop"
                                                                        : "it is a symbolic link to nothing (" + e.message() + ")");
          continue;
        }
        const auto status = fs::status(target, e);
        if (!fs::is_directory(status) && !is_sched(path)) continue;  // neither searched nor compiled
        if (fs::is_directory(status) && skipped_dir) continue;
        if (!inside_any(target.generic_string(), roots)) {
          problem(path, fs::is_directory(status)
                            ? "it is a symbolic link to a directory outside the directories given (not followed)"
                            : "it is a symbolic link to a file outside the directories given (not followed)");
          continue;
        }
        if (fs::is_directory(status)) {
          if (seen.insert(target.generic_string()).second) pending.push_back(path);
        } else if (fs::is_regular_file(status)) {
          out.files.push_back(path);
        } else {
          problem(path, "it is a symbolic link to " + kind_of(status) + ", not a regular file");
        }
        continue;
      }
      if (fs::is_directory(own)) {
        if (skipped_dir) continue;
        const auto canonical = fs::canonical(path, e);
        if (e || seen.insert(canonical.generic_string()).second) pending.push_back(path);
        continue;
      }
      if (!is_sched(path)) continue;
      if (fs::is_regular_file(own))
        out.files.push_back(path);
      else
        problem(path, fmt::format("it is {}, not a regular file", kind_of(own)));
    }
    if (ec) problem(folder, fmt::format("the directory cannot be read to its end ({})", ec.message()));
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
// The roots (what a link and a `use` may reach) are the directories given and the directories of the files given.
void single_repo(const std::vector<std::string>& paths, Inputs& out) {
  std::vector<std::string> roots;
  for (const auto& p : paths) {
    std::error_code ec;
    const fs::path parent = fs::path(p).parent_path();
    roots.push_back(fs::is_directory(p, ec) ? canonical_of(p) : canonical_of(parent.empty() ? fs::path(".") : parent));
  }
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  std::set<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::set<std::string> seen;
      Walked walked = walk(p, roots, seen);
      for (const auto& f : walked.files) files.insert(f.lexically_normal().generic_string());
      for (std::size_t i = 0; i < walked.problems.size(); ++i)
        out.problems.push_back({"", normal(walked.problem_paths[i]), std::move(walked.problems[i])});
      if (walked.files.empty() && walked.problems.empty()) out.empty_dirs.push_back(p);  // warning SCH9003
    } else if (!inside_any(canonical_of(p), roots)) {
      out.problems.push_back({"", normal(p), "it is a symbolic link to a file outside the directories given (not followed)"});
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
  out.roots = std::move(roots);
}

struct Root {
  std::string name;
  std::string given;      // normalized, as given
  std::string canonical;  // absolute, symlinks resolved
  std::string spelled;    // how the user wrote it (for messages)
};

InputsStatus multi_repo(const std::vector<std::string>& plain_dirs, const std::vector<std::string>& plain_files,
                        const std::vector<std::string>& repo_args, Inputs& out, Diagnostics& diags) {
  std::vector<Root> roots;
  for (const auto& arg : repo_args) {
    auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size()) {
      SCHEDC_DIAGNOSTIC(RepoNotNameEqualsDir, InvalidRepoArgument, "`--repo {}` is not of the form NAME=DIR", std::string_view);
      auto& d = diags.report(RepoNotNameEqualsDir, Span{}, arg);
      d.help = "give the repo's name, `=` and its directory, e.g. `--repo churn=../churn-models`";
      continue;
    }
    std::string name = arg.substr(0, eq), dir = arg.substr(eq + 1);
    if (!valid_repo_name(name)) {
      SCHEDC_DIAGNOSTIC(ValidRepoName, InvalidRepoArgument, "`{}` is not a valid repo name (in `--repo {}`)",
                        std::string_view, std::string_view);
      auto& d = diags.report(ValidRepoName, Span{}, name, arg);
      d.help = "repo names are letters, digits, `_`, `-` and `.`, starting with a letter, a digit or `_`";
      continue;
    }
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      bool exists = fs::exists(dir, ec);
      SCHEDC_DIAGNOSTIC(RepoDirectoryProblem, RepoNotFound, "the directory of repo `{}` {}: `{}`",
                        std::string_view, std::string_view, std::string_view);
      auto& d = diags.report(RepoDirectoryProblem, Span{}, name, exists ? "is not a directory" : "does not exist", dir);
      d.help = "`--repo NAME=DIR` takes the repo's root directory; its .sched files are found below it";
      continue;
    }
    roots.push_back({name, normal(dir), canonical_of(dir), "--repo " + arg});
  }
  for (const auto& dir : plain_dirs) {
    std::string c = canonical_of(dir);
    std::string name = fs::path(c).filename().string();
    if (!valid_repo_name(name)) {
      SCHEDC_DIAGNOSTIC(DirectoryNameRepoValidRepo, InvalidRepoArgument, "the directory `{}` cannot name a repo: `{}` is not a valid repo name",
                        std::string_view, std::string_view);
      auto& d = diags.report(DirectoryNameRepoValidRepo, Span{}, dir, name);
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
      SCHEDC_DIAGNOSTIC(TwoReposNamed, DuplicateRepoName, "two repos are named `{}`: `{}` and `{}`",
                        std::string_view, std::string_view, std::string_view);
      auto& d = diags.report(TwoReposNamed, Span{}, roots[i].name, roots[i - 1].spelled, roots[i].spelled);
      d.help = "name them apart with `--repo NAME=DIR`: diagnostics and SARIF locations name files by repo";
    }
  std::map<std::string, const Root*> by_dir;
  for (const auto& r : roots) {
    auto [it, fresh] = by_dir.emplace(r.canonical, &r);
    if (!fresh) {
      const Root& a = std::min(*it->second, r, [](const Root& x, const Root& y) { return x.name < y.name; });
      const Root& b = &a == &r ? *it->second : r;
      SCHEDC_DIAGNOSTIC(ReposSameDirectory, DirectoryGivenTwice, "repos `{}` and `{}` are the same directory `{}`",
                        std::string_view, std::string_view, std::string_view);
      auto& d = diags.report(ReposSameDirectory, Span{}, a.name, b.name, r.given);
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
  std::vector<std::string> canonical_roots;
  for (const auto& r : roots) canonical_roots.push_back(r.canonical);
  for (const auto& r : roots) {
    std::set<std::string> seen;
    Walked walked = walk(r.given, canonical_roots, seen);
    const auto& files = walked.files;
    if (files.empty() && walked.problems.empty()) out.empty_dirs.push_back(r.spelled);
    for (std::size_t i = 0; i < walked.problems.size(); ++i)
      out.problems.push_back({r.name, normal(walked.problem_paths[i].lexically_relative(r.given)), std::move(walked.problems[i])});
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
      SCHEDC_DIAGNOSTIC(FileInNoRepo, FileOutsideRepos, "`{}` is not inside any repo", std::string_view);
      auto& d = diags.report(FileInNoRepo, Span{}, f);
      d.help = "with several repos, give the file's repo (`--repo NAME=DIR` or its directory) instead of the file";
      continue;
    }
    owners[c] = {best, normal(fs::path(c).lexically_relative(best->canonical))};
  }
  if (diags.has_errors()) return InputsStatus::RepoErrors;
  for (const auto& r : roots) out.repos[r.name] = r.given;
  out.roots = std::move(canonical_roots);
  std::sort(out.roots.begin(), out.roots.end());
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
      // Say why: a link loop or a link to nothing is not "does not exist", nor is a path schedc may not search.
      std::error_code own;
      const bool link = fs::is_symlink(fs::symlink_status(p, own));
      if (link && ec == std::errc::too_many_symbolic_link_levels)
        err << fmt::format("schedc: error: `{}` is a symbolic link loop\n", p);
      else if (link)
        err << fmt::format("schedc: error: `{}` is a symbolic link to a path that does not exist\n", p);
      else if (ec && ec != std::errc::no_such_file_or_directory)
        err << fmt::format("schedc: error: `{}` cannot be reached: {}\n", p, ec.message());
      else
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

namespace schedc::cli {

bool collect_adf(const std::vector<std::string>& args, CompileInput& input, std::ostream& err, const std::string& base) {
  const auto& kinds = adf_input::entity_kinds();
  for (const auto& arg : args) {
    std::string name, dir = arg;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      dir = arg.substr(eq + 1);
      if (!valid_repo_name(name) || dir.empty()) {
        err << "schedc: error: `--adf " << arg << "`: expected DIR or NAME=DIR with a repo-like NAME\n";
        return false;
      }
    }
    std::string root = fs::path(dir).lexically_normal().generic_string();
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    std::error_code ec;
    const std::string at = base.empty() ? root : base + "/" + root;  // where it is read
    if (fs::symlink_status(at, ec).type() != fs::file_type::directory) {
      err << "schedc: error: `--adf " << arg << "`: `" << dir << "` is not a directory (a symbolic link is not followed)\n";
      return false;
    }
    if (!name.empty()) input.adf_roots[name] = root;
    // A build's own `adf/` folder (the git-integrated DD folder): the index.json schedc wrote beside it names the
    // files the previous build generated, which are not input (compiler/adf_input/build_output.hpp).
    std::optional<std::set<std::pair<std::string, std::string>>> previous;
    if (fs::path(at).filename() == "adf") {
      const std::string index = (fs::path(at).parent_path() / "index.json").string();
      constexpr std::uintmax_t kMaxIndexBytes = std::uintmax_t{1} << 30;
      if (fs::symlink_status(index, ec).type() == fs::file_type::regular && fs::file_size(index, ec) < kMaxIndexBytes) {
        std::ifstream in(index, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        previous = adf_input::generated_by_index(std::move(text).str());
      }
    }
    const auto display = [&](const std::string& rel) { return name.empty() ? root + "/" + rel : rel; };
    // Entries in name order, never following a link; a link, FIFO or device named *.json is SCH9001 at its path.
    const auto entries = [&](const std::string& rel) {
      std::vector<std::pair<std::string, fs::file_type>> out;
      for (const auto& e : fs::directory_iterator(at + "/" + rel, ec)) {
        const std::string n = e.path().filename().string();
        if (n.empty() || n[0] == '.') continue;
        out.emplace_back(n, e.symlink_status(ec).type());
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    const auto add_file = [&](const std::string& rel, fs::file_type type, const std::string& kind) {
      if (fs::path(rel).extension() != ".json") return;
      if (type != fs::file_type::regular) {
        input.problems.push_back({name, display(rel),
                                  fmt::format("is {} (not read)", kind_of(fs::symlink_status(at + "/" + rel, ec)))});
        return;
      }
      if (previous && previous->count({kind, fs::path(rel).stem().string()})) return;  // the previous build's output
      input.adf_files.push_back({name, kind, display(rel), at + "/" + rel, rel, previous.has_value()});
    };
    for (const auto& [folder, type] : entries("")) {
      if (folder == adf_input::kParameterDefinitionFile || folder == adf_input::kPublishConfigFile) {  // root files
        add_file(folder, type, folder == adf_input::kPublishConfigFile ? adf_input::kPublishConfigKind
                                                                        : adf_input::kParameterDefinitionKind);
        continue;
      }
      if (type != fs::file_type::directory) continue;  // the root's other files
      const bool known = std::find(kinds.begin(), kinds.end(), folder) != kinds.end() && folder != "managedPrivateEndpoint";
      for (const auto& [file, ftype] : entries(folder)) {
        const std::string rel = folder + "/" + file;
        if (ftype == fs::file_type::directory && folder == "managedVirtualNetwork") {
          for (const auto& [sub, stype] : entries(rel)) {
            if (stype != fs::file_type::directory) continue;
            for (const auto& [f, t] : entries(rel + "/" + sub))
              add_file(rel + "/" + sub + "/" + f, t, sub == "managedPrivateEndpoint" ? "managedPrivateEndpoint" : "");
          }
          continue;
        }
        if (ftype == fs::file_type::directory) continue;
        add_file(rel, ftype, known ? folder : "");
      }
    }
  }
  return true;
}

}  // namespace schedc::cli
