#include "cli/fmt.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <ostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/output.hpp"
#include "cli/safe_fs.hpp"
#include "compiler/compile.hpp"
#include "compiler/file_read.hpp"
#include "compiler/format/format.hpp"

namespace fs = std::filesystem;

namespace schedc::cli {

CLI::App* add_fmt_command(CLI::App& app, std::vector<std::string>& paths, FmtOptions& o) {
  auto* sub = app.add_subcommand("fmt", "Rewrite .sched files in the canonical layout (comments kept)");
  sub->add_option("paths", paths, ".sched files or directories to search for them (default: the current directory)");
  sub->add_flag("--check", o.check, "Write nothing; list the files that are not formatted and fail if there are any");
  sub->add_flag("--diff", o.diff, "Write nothing; print a unified diff of each file that is not formatted");
  return sub;
}

namespace {

struct Target {
  std::string display;  // as diagnostics and listings name it
  std::string real;     // where it is read and written
  std::string repo;
};

std::vector<Target> targets_of(const Inputs& inputs) {
  std::vector<Target> out;
  for (const auto& f : inputs.files) out.push_back({f, f, ""});
  for (const auto& f : inputs.repo_files) out.push_back({f.repo + ":" + f.path, f.real, f.repo});
  return out;
}

// Replaces the file at `path` with `content`, keeping its permissions; "" on success, else why not.
std::string rewrite(const std::string& path, const std::string& content) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::strerror(errno);
  if (S_ISLNK(st.st_mode)) return "it is a symbolic link; give the file it leads to";
  if (!S_ISREG(st.st_mode)) return "it is not a regular file";
  const fs::path p(path);
  const std::string folder = p.has_parent_path() ? p.parent_path().string() : ".";
  Fd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) return std::strerror(errno);
  return replace_file(dir.get(), p.filename().string(), content, st.st_mode & 07777, path);
}

}  // namespace

FmtOutcome run_fmt(const Inputs& inputs, const FmtOptions& o, Diagnostics& diags, SourceManager& sources,
                   std::ostream& out, std::ostream& err) {
  FmtOutcome outcome;
  for (const auto& p : inputs.problems) {
    const FileId id = sources.add(p.display, "", p.repo, "");
    SCHEDC_DIAGNOSTIC(FmtCannotReadInput, CannotRead, "cannot read `{}`: {}", std::string_view, std::string_view);
    auto& d = diags.report(FmtCannotReadInput, Span{id, 0, 0}, p.repo.empty() ? p.display : p.repo + ":" + p.display, p.why);
    d.primary_label = "not read";
    d.help = "schedc reads regular files inside the directories it is given and never follows a symbolic link out of "
             "them (docs/security.md)";
  }
  for (const auto& t : targets_of(inputs)) {
    FileRead r = read_file_bounded(t.real, syntax::kMaxFileBytes);
    if (!r.ok()) {
      const FileId id = sources.add(t.display, "", t.repo, "");
      SCHEDC_DIAGNOSTIC(FmtCannotRead, CannotRead, "cannot read `{}`: {}", std::string_view, std::string_view);
      auto& d = diags.report(FmtCannotRead, Span{id, 0, 0}, t.display, r.why);
      d.primary_label = "not read";
      d.help = "check that it is a regular file you may read";
      continue;
    }
    ++outcome.files;
    const FileId id = sources.add(t.repo.empty() ? t.display : t.display.substr(t.repo.size() + 1), r.text, t.repo,
                                  t.real == t.display ? "" : t.real);
    const std::string& before = sources.file(id).text;
    format::Result f = format::format_source(before, id);
    if (!f.errors.empty()) {
      report_syntax_errors(f.errors, diags);
      ++outcome.syntax_errors;
      continue;
    }
    if (!f.ok) {
      err << fmt::format("schedc: internal error: `{}` was not formatted: {}\nThis is a bug in schedc; please report it "
                         "with the file.\n",
                         printable_line(t.display), f.internal_error);
      outcome.internal_error = true;
      continue;
    }
    if (f.text == before) continue;
    outcome.changed.push_back(t.display);
    if (o.diff) out << unified_diff(t.display, before, f.text);
    if (o.check || o.diff) continue;
    if (std::string why = rewrite(t.real, f.text); !why.empty()) {
      err << fmt::format("schedc: error: cannot rewrite `{}`: {}\n", printable_line(t.display), why);
      outcome.write_failed = true;
    }
  }
  if (o.check && !o.diff)
    for (const auto& c : outcome.changed) out << printable_line(c) << "\n";
  return outcome;
}

}  // namespace schedc::cli
