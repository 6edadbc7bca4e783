#include "cli/cli.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include "cli/next.hpp"
#include "compiler/schedule/timezone.hpp"
#include "cli/output.hpp"
#include "cli/plan.hpp"
#include "cli/render.hpp"
#include "codegen/generate.hpp"
#include "compiler/compile.hpp"

namespace fs = std::filesystem;

namespace schedc::cli {

namespace {

struct Options {
  std::vector<std::string> paths;
  std::string out_dir;
  bool check_only = false;
  std::vector<std::string> targets;
  std::string diagnostics_format = "text";
  bool warnings_as_errors = false;
  std::string color = "auto";
  std::string code;
  bool list_codes = false;
};

// Expand directories into the .sched files below them (sorted; hidden directories skipped). A file reached under
// two spellings (`examples` and `/abs/examples/x.sched`) is compiled once, under its first spelling in sort order.
std::vector<std::string> discover(const std::vector<std::string>& paths, std::vector<std::string>& empty_dirs,
                                  std::ostream& err, bool& usage_error) {
  std::set<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::size_t before = files.size();
      auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
      for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto& path = it->path();
        std::string name = path.filename().string();
        if (it->is_directory(ec) && !name.empty() && (name[0] == '.' || name == "node_modules")) {
          it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec) && path.extension() == ".sched") files.insert(path.lexically_normal().generic_string());
      }
      if (files.size() == before) empty_dirs.push_back(p);  // reported as warning SCH9003
    } else if (fs::exists(p, ec)) {
      files.insert(fs::path(p).lexically_normal().generic_string());
    } else {
      err << fmt::format("schedc: error: `{}` does not exist\n", p);
      usage_error = true;
    }
  }
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (const auto& f : files) {
    std::error_code ec;
    auto canonical = fs::weakly_canonical(f, ec);
    if (seen.insert(ec ? f : canonical.generic_string()).second) unique.push_back(f);
  }
  return unique;
}

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return isatty(STDERR_FILENO) != 0;
}

// Compile and print diagnostics. Errors go to stderr; when there are only warnings they go to stdout, so
// pipelines that fail on any stderr output do not fail on warnings alone.
std::optional<CompileResult> compile_and_report(const Options& o, std::ostream& out, std::ostream& err, int& code) {
  bool usage_error = false;
  std::vector<std::string> empty_dirs;
  auto files = discover(o.paths, empty_dirs, err, usage_error);
  if (usage_error) {
    code = kUsageError;
    return std::nullopt;
  }
  FileSystemLoader loader(default_stdlib_dir());
  CompileResult result = compile(CompileInput{files, loader.stdlib_dir()}, loader);
  for (const auto& d : empty_dirs) {
    auto& w = result.diagnostics.report("SCH9003", Span{}, fmt::format("no .sched files found in `{}`", d));
    w.help = "check the path; directories are searched recursively, skipping hidden ones and node_modules";
  }
  if (!empty_dirs.empty())
    result.diagnostics.canonicalize([&](FileId id) -> const std::string& { return result.sources.file(id).path; });
  if (o.warnings_as_errors) {
    result.diagnostics.promote_warnings();
    if (result.diagnostics.has_errors()) result.project.reset();
  }
  const auto& d = result.diagnostics;
  if (o.diagnostics_format == "json") {
    out << render_json(d, result.sources);
  } else if (!d.all().empty()) {
    std::string text = render_text(d, result.sources, RenderOptions{use_color(o.color)});
    std::ostream& dest = d.has_errors() ? err : out;
    dest << text << fmt::format("{}: {}\n", d.has_errors() ? "schedc: failed" : "schedc", summary(d));
  }
  code = d.has_errors() ? kInputError : kOk;
  return result;
}

int cmd_check(const Options& o, std::ostream& out, std::ostream& err) {
  int code = kOk;
  auto result = compile_and_report(o, out, err, code);
  if (code == kOk && result && result->project && o.diagnostics_format == "text")
    out << fmt::format("ok: {} model{} checked\n", result->project->models.size(), result->project->models.size() == 1 ? "" : "s");
  return code;
}

int cmd_build(const Options& o, std::ostream& out, std::ostream& err) {
  int code = kOk;
  auto result = compile_and_report(o, out, err, code);
  if (code != kOk || !result || !result->project) return code == kOk ? kInputError : code;
  auto files = codegen::generate(*result->project, o.targets);
  if (o.check_only) {
    auto diffs = compare_output(o.out_dir, files);
    if (diffs.empty()) {
      if (o.diagnostics_format == "text") out << fmt::format("ok: `{}` is up to date ({} files)\n", o.out_dir, files.size());
      return kOk;
    }
    for (const auto& d : diffs) err << d.diff;
    err << fmt::format("schedc: `{}` is stale: {} file{} differ from what the sources generate\n", o.out_dir, diffs.size(),
                       diffs.size() == 1 ? "" : "s");
    err << fmt::format("help: regenerate it with `schedc build {} --out {}` and commit the result\n",
                       fmt::join(o.paths, " "), o.out_dir);
    return kInputError;
  }
  auto written = write_output(o.out_dir, files);
  if (!written.ok) {
    err << "schedc: error: " << written.error << "\n";
    return kUsageError;
  }
  if (o.diagnostics_format == "text")
    out << fmt::format("wrote {} files to `{}` ({} model{})\n", files.size(), o.out_dir, result->project->models.size(),
                       result->project->models.size() == 1 ? "" : "s");
  return kOk;
}

int cmd_explain(const Options& o, std::ostream& out, std::ostream& err) {
  if (o.list_codes || o.code.empty()) {
    for (const auto& c : diagnostic_codes()) out << fmt::format("{}  {}\n", c.code, c.title);
    return kOk;
  }
  std::string code = o.code;
  std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (code.rfind("SCH", 0) != 0 && !code.empty() && std::isdigit(static_cast<unsigned char>(code[0]))) code = "SCH" + code;
  auto page = explain_page(code);
  if (!find_code(code) || !page) {
    err << fmt::format("schedc: error: `{}` is not a schedc diagnostic code\n", o.code);
    err << "help: run `schedc explain --list` to see every code\n";
    return kUsageError;
  }
  out << *page;
  if (!page->empty() && page->back() != '\n') out << "\n";
  return kOk;
}

// `plan`: diagnostics go where `check` puts them, except with `--format json`, where stdout holds only the plan.
int cmd_plan(Options& o, const PlanOptions& p, std::ostream& out, std::ostream& err) {
  if (o.paths.empty()) o.paths.push_back(".");  // `schedc plan --base OLD --env qa` in the sources' directory
  int code = kOk;
  auto result = compile_and_report(o, p.format == "json" ? err : out, err, code);
  if (code != kOk || !result || !result->project) return code == kOk ? kInputError : code;
  return run_plan(*result->project, p, out, err);
}

// `next`: --cron needs no compilation; MODEL [PATHS...] compiles PATHS (default `.`) like `check`. With
// `--format json`, stdout holds only the fires (diagnostics go to stderr).
int cmd_next(Options& o, NextOptions& n, std::ostream& out, std::ostream& err) {
  n.color = use_color(o.color);
  n.diagnostics_json = o.diagnostics_format == "json";
  if (!check_next_usage(n, err)) return kUsageError;
  if (n.cron) return run_next_cron(n, out, err);
  o.paths.assign(n.args.begin() + 1, n.args.end());
  if (o.paths.empty()) o.paths.push_back(".");
  int code = kOk;
  auto result = compile_and_report(o, n.format == "json" ? err : out, err, code);
  if (code != kOk || !result || !result->project) return code == kOk ? kInputError : code;
  return run_next_model(*result->project, n, out, err);
}

void add_common(CLI::App* sub, Options& o) {
  sub->add_option("--diagnostics-format", o.diagnostics_format, "How diagnostics are printed")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  sub->add_flag("--warnings-as-errors", o.warnings_as_errors, "Treat warnings as errors");
  sub->add_option("--color", o.color, "Colour diagnostics: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Options o;
  CLI::App app{"schedc: compile .sched model schedules into Azure Data Factory and Databricks definitions", "schedc"};
  app.set_version_flag("--version", [] {
    return fmt::format("schedc {} (tz database {}, CLDR windowsZones {})", SCHEDC_VERSION, tz::tzdata_version(),
                       tz::windows_zones_version());
  });
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 input errors, 2 usage errors, 3 internal error.\nDocs: docs/language.md");

  auto* check = app.add_subcommand("check", "Check .sched files (all analyses, no output)");
  check->add_option("paths", o.paths, ".sched files or directories to search for them")->required();
  add_common(check, o);

  auto* build = app.add_subcommand("build", "Compile .sched files into deployable files");
  build->add_option("paths", o.paths, ".sched files or directories to search for them")->required();
  build->add_option("--out", o.out_dir, "Output directory (replaced atomically)")->required();
  build->add_flag("--check", o.check_only, "Do not write; fail with a diff if --out is not up to date");
  build->add_option("--target", o.targets, "Targets to generate (default: all)")->check(CLI::IsMember(codegen::all_targets()));
  add_common(build, o);

  PlanOptions plan_options;
  auto* plan = add_plan_command(app, o.paths, plan_options);
  add_common(plan, o);

  NextOptions next_options;
  auto* next = add_next_command(app, next_options);
  add_common(next, o);

  auto* explain = app.add_subcommand("explain", "Explain a diagnostic code");
  explain->add_option("code", o.code, "A diagnostic code, e.g. SCH1002");
  explain->add_flag("--list", o.list_codes, "List every diagnostic code");

  std::vector<std::string> rev(args.rbegin(), args.rend() - (args.empty() ? 0 : 1));
  try {
    app.parse(rev);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kOk;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kOk;
  } catch (const CLI::CallForVersion&) {
    out << app.version() << "\n";
    return kOk;
  } catch (const CLI::ParseError& e) {
    err << "schedc: error: " << e.what() << "\n";
    err << "help: run `schedc --help`";
    for (auto* sub : app.get_subcommands()) err << " or `schedc " << sub->get_name() << " --help`";
    err << "\n";
    return kUsageError;
  }
  if (o.targets.empty()) o.targets = codegen::all_targets();
  try {
    if (*check) return cmd_check(o, out, err);
    if (*build) return cmd_build(o, out, err);
    if (*plan) return cmd_plan(o, plan_options, out, err);
    if (*next) return cmd_next(o, next_options, out, err);
    if (*explain) return cmd_explain(o, out, err);
  } catch (const std::exception& e) {
    err << "schedc: internal error: " << e.what() << "\nThis is a bug in schedc; please report it with the input that caused it.\n";
    return kInternalError;
  }
  return kUsageError;
}

int run(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  try {
    return run(args, std::cout, std::cerr);
  } catch (...) {
    std::cerr << "schedc: internal error\n";
    return kInternalError;
  }
}

}  // namespace schedc::cli
