#include "cli/diff.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <ostream>
#include <utility>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/cli.hpp"
#include "cli/formats.hpp"
#include "cli/inputs.hpp"
#include "cli/next.hpp"
#include "cli/render.hpp"
#include "cli/safe_fs.hpp"
#include "compiler/compile.hpp"

namespace fs = std::filesystem;

namespace schedc::cli {

std::vector<std::string> base_paths(const std::string& base, const std::vector<std::string>& paths) {
  if (paths.empty()) return {base};
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& p : paths) {
    const fs::path under = (fs::path(base) / p).lexically_normal();
    if (fs::exists(fs::symlink_status(under, ec))) out.push_back(under.generic_string());
  }
  return out;
}

namespace {

// The diagnostics `diff` prints on stderr, in the format of --diagnostics-format (as `check` renders them); with
// text, `last_line` follows them.
void print_diagnostics(const DiffOptions& o, const Diagnostics& d, const SourceManager& sm, const std::string& last_line,
                       std::ostream& err) {
  if (o.diagnostics_format == "json")
    err << render_json(d, sm);
  else if (o.diagnostics_format == "sarif")
    err << render_sarif(d, sm);
  else if (o.diagnostics_format == "github")
    err << render_github(d, sm);
  else if (o.diagnostics_format == "azure-devops")
    err << render_azure_devops(d, sm);
  else
    err << render_text(d, sm, RenderOptions{false}) << last_line;
}

// One side of `diff`: its inputs collected like `check`'s, compiled with the models kept as far as they were lowered
// (a side with errors is still compared). False after a usage error (printed on `err`).
struct DiffSide {
  CompileResult result;
  const ir::Project* project = nullptr;
  std::string strip;  // the prefix of display paths that is the side's root ("" when none)
};

bool compile_diff_side(const std::vector<std::string>& paths, const std::vector<std::string>& repos, const std::string& root,
                       const DiffOptions& o, DiffSide& side, std::ostream& err) {
  Inputs inputs;
  Diagnostics setup;
  switch (collect_inputs(paths, repos, inputs, setup, err)) {
    case InputsStatus::MissingPath: return false;
    case InputsStatus::RepoErrors:  // SCH9004-SCH9008: problems of the command line, in the chosen format
      setup.canonicalize([](FileId) { return std::string(); });
      print_diagnostics(o, setup, SourceManager{}, fmt::format("schedc: failed: {}\n", summary(setup)), err);
      return false;
    case InputsStatus::Ok: break;
  }
  FileSystemLoader loader(default_stdlib_dir());
  CompileInput input = inputs.compile_input(loader.stdlib_dir());
  input.keep_symbols = true;
  side.result = compile(input, loader);
  if (side.result.project)
    side.project = &*side.result.project;
  else if (side.result.symbols)
    side.project = &side.result.symbols->project;
  if (!root.empty() && root != ".") {
    std::string r = fs::path(root).lexically_normal().generic_string();
    while (r.size() > 1 && r.back() == '/') r.pop_back();
    side.strip = r + "/";
  }
  return true;
}

diff::Side diff_side(const DiffSide& s) {
  diff::Side out;
  out.project = s.project;
  if (s.result.symbols) out.declared = diff::declared_models(*s.result.symbols, s.result.sources);
  for (const auto& d : s.result.diagnostics.all()) {
    if (d.suppressed) continue;
    if (d.severity == Severity::Error) ++out.errors;
    if (d.severity == Severity::Warning) ++out.warnings;
  }
  const SourceManager& sm = s.result.sources;
  out.diagnostics = diff::diagnostic_entries(s.result.diagnostics, sm, out.declared, [&](FileId id) {
    const SourceFile& f = sm.file(id);
    if (!f.repo.empty()) return f.qualified();
    if (!s.strip.empty() && f.path.rfind(s.strip, 0) == 0) return f.path.substr(s.strip.size());
    return f.path;
  });
  return out;
}

}  // namespace

// `diff`: compiles the base and the head and prints what differs (cli/diff.hpp). Exit 0, or 1 with --exit-code when
// anything differs; 2 on usage errors and inputs that cannot be read.
int run_diff(std::vector<std::string> paths, const std::vector<std::string>& repos, const DiffOptions& d, std::ostream& out,
             std::ostream& err) {
  std::string problem;
  if (d.base.empty() && d.base_repos.empty())
    problem = "give the base's sources: --base DIR (in the layout of PATHS), or --base-repo NAME=DIR with --repo";
  else if (!repos.empty() && d.base_repos.empty())
    problem = "--repo needs the base's repos: --base-repo NAME=DIR for each";
  else if (!d.base_repos.empty() && repos.empty() && paths.empty())
    problem = "--base-repo goes with the head's repos: --repo NAME=DIR for each";
  if (!problem.empty()) {
    err << "schedc: error: " << problem << "\nhelp: run `schedc diff --help`\n";
    return kUsageError;
  }
  if (!d.base.empty())
    for (const auto& p : paths)
      if (fs::path(p).is_absolute()) problem = fmt::format("PATH `{}` is absolute: with --base DIR, PATHS are relative to the "
                                                           "working directory, and DIR/PATH is the base's version", printable_line(p));
  if (!problem.empty()) {
    err << "schedc: error: " << problem << "\nhelp: run schedc diff from the repository root, with --base the base commit's checkout\n";
    return kUsageError;
  }
  if (paths.empty() && repos.empty()) paths.push_back(".");
  std::vector<std::string> base_inputs;
  if (!d.base.empty()) {
    std::error_code ec;
    if (!fs::is_directory(d.base, ec)) {
      err << fmt::format("schedc: error: --base `{}` is not a directory\nhelp: give the folder that holds the base's sources "
                         "(e.g. the base commit checked out with `git worktree add`)\n",
                         printable_line(d.base));
      return kUsageError;
    }
    base_inputs = base_paths(d.base, paths);
  }
  DiffSide base, head;
  if (!compile_diff_side(paths, repos, "", d, head, err)) return kUsageError;
  // A head that cannot be read at all (a syntax error, an input that cannot be read) stops the comparison: its
  // diagnostics are printed as `check` prints them (the report still says so, and lists them as new).
  if (!head.project)
    print_diagnostics(d, head.result.diagnostics, head.result.sources,
                      fmt::format("schedc diff: the head cannot be read ({}): no model is compared\n",
                                  summary(head.result.diagnostics)),
                      err);
  const bool base_empty = base_inputs.empty() && d.base_repos.empty();  // no PATH exists in the base: all is added
  if (!base_empty && !compile_diff_side(base_inputs, d.base_repos, d.base, d, base, err)) return kUsageError;
  schedule::Instant from = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (!d.from.empty())
    if (auto t = parse_from(d.from)) from = *t;
  diff::Side base_side = diff_side(base);
  static const ir::Project kNoModels;
  if (base_empty) base_side.project = &kNoModels;
  diff::Result r = diff::diff(base_side, diff_side(head), from);
  for (auto& m : r.models)  // a removed model's file, as the head would name it
    if (m.status == diff::Status::Removed && !base.strip.empty() && m.file.rfind(base.strip, 0) == 0)
      m.file = m.file.substr(base.strip.size());
  for (auto& f : r.fixed_diagnostics)  // located in the base: its file as the head would name it
    if (!base.strip.empty() && f.location.rfind(base.strip, 0) == 0) f.location = f.location.substr(base.strip.size());
  if (d.format == "json")
    out << diff_json(r);
  else if (d.format == "markdown")
    out << diff_markdown(r);
  else
    out << diff_text(r);
  const bool differs = !r.models.empty() || !r.new_diagnostics.empty() || !r.fixed_diagnostics.empty();
  return d.exit_code && differs ? kInputError : kOk;
}

CLI::App* add_diff_command(CLI::App& app, std::vector<std::string>& paths, DiffOptions& o) {
  auto* sub = app.add_subcommand(
      "diff", "Show what a change does to the schedules: models, next fires, fire times, new and fixed diagnostics");
  sub->add_option("paths", paths, ".sched files or directories of the head (default: the current directory)");
  sub->add_option("--base", o.base, "The base's sources, in the layout of PATHS (e.g. the pull request's base commit)");
  sub->add_option("--base-repo", o.base_repos, "A repo of the base: NAME=DIR (repeatable), matching --repo NAME=DIR")
      ->allow_extra_args(false);
  sub->add_option("--from", o.from, "The reference UTC time (default now): 2026-03-28T00:00:00Z or 2026-03-28")
      ->check([](const std::string& v) {
        return parse_from(v) ? std::string()
                             : "expected a UTC time such as 2026-03-28T00:00:00Z or a date such as 2026-03-28, in years 0001-9999";
      });
  sub->add_option("--format", o.format, "How the difference is printed")
      ->check(CLI::IsMember({"text", "markdown", "json"}))
      ->default_str("text");
  sub->add_flag("--exit-code", o.exit_code, "Exit 1 when anything differs (like git diff --exit-code)");
  sub->add_option("--diagnostics-format", o.diagnostics_format,
                  "How the diagnostics printed on stderr are printed (those of repos that cannot be used, and of a head "
                  "that cannot be read): text, json, sarif, github, azure-devops")
      ->check(CLI::IsMember(std::vector<std::string>(std::begin(kDiagnosticFormats), std::end(kDiagnosticFormats))))
      ->default_str("text");
  return sub;
}

}  // namespace schedc::cli
