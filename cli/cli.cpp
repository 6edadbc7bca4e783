#include "cli/cli.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/cli_definition.hpp"
#include "cli/diff.hpp"
#include "cli/fmt.hpp"
#include "cli/formats.hpp"
#include "cli/graph.hpp"
#include "cli/init.hpp"
#include "cli/lsp/server.hpp"
#include "cli/inputs.hpp"
#include "cli/next.hpp"
#include "compiler/schedule/tz/timezone.hpp"
#include "cli/output.hpp"
#include "cli/plan.hpp"
#include "cli/safe_fs.hpp"
#include "cli/usage.hpp"
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
  std::vector<std::string> repos;  // --repo NAME=DIR
  std::string summary_file;        // --summary FILE
  std::string index;               // --index FILE
  std::vector<std::string> adf;    // --adf [NAME=]DIR
  std::string adf_schemas;         // --adf-schemas DIR
};

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return isatty(STDERR_FILENO) != 0;
}

// Diagnostics on `out`/`err` in the chosen format. Text: errors go to stderr; when there are only warnings they go
// to stdout, so pipelines that fail on any stderr output do not fail on warnings alone. Every other format is one
// document (or a stream of CI logging commands) on stdout. Then the Markdown summary, when asked for.
void report(const Options& o, const Diagnostics& d, const SourceManager& sm, std::ostream& out, std::ostream& err) {
  if (o.diagnostics_format == "json") {
    out << render_json(d, sm);
  } else if (o.diagnostics_format == "sarif") {
    out << render_sarif(d, sm);
  } else if (o.diagnostics_format == "github") {
    out << render_github(d, sm);
  } else if (o.diagnostics_format == "azure-devops") {
    out << render_azure_devops(d, sm);
  } else if (!d.all().empty()) {
    std::string text = render_text(d, sm, RenderOptions{use_color(o.color)});
    std::ostream& dest = d.has_errors() ? err : out;
    dest << text << fmt::format("{}: {}\n", d.has_errors() ? "schedc: failed" : "schedc", summary(d));
  }
  // --summary FILE (replaced), else with the github format the step summary GitHub names (appended to).
  std::string file = o.summary_file;
  bool append = false;
  if (file.empty() && o.diagnostics_format == "github") {
    const char* step = std::getenv("GITHUB_STEP_SUMMARY");
    if (step && *step) file = step, append = true;
  }
  if (!file.empty()) {
    // $GITHUB_STEP_SUMMARY is the runner's own file (appended to); --summary FILE is replaced atomically, so a
    // symbolic link at FILE (say, committed into the repository) is replaced, never written through.
    std::string why;
    if (append) {
      std::ofstream f(file, std::ios::binary | std::ios::app);
      f << render_markdown_summary(d, sm);
      if (!f) why = "cannot write it";
    } else {
      const fs::path path(file);
      const std::string folder = path.has_parent_path() ? path.parent_path().string() : ".";
      Fd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
      why = !dir ? std::strerror(errno)
                 : path.filename().empty() ? "not a file name"
                                           : replace_file(dir.get(), path.filename().string(), render_markdown_summary(d, sm), 0644, file);
    }
    if (!why.empty()) err << fmt::format("schedc: warning: cannot write the summary to `{}`: {}\n", file, why);
  }
}

// Compile and print diagnostics. `generate`, when given, runs once the project compiled without errors and before
// the diagnostics are printed: what generation reports (SCH4012) is printed with the rest, in one document.
std::optional<CompileResult> compile_and_report(const Options& o, std::ostream& out, std::ostream& err, int& code,
                                                const std::function<void(CompileResult&)>& generate = {}) {
  Inputs inputs;
  Diagnostics setup;
  switch (collect_inputs(o.paths, o.repos, inputs, setup, err)) {
    case InputsStatus::MissingPath: code = kUsageError; return std::nullopt;
    case InputsStatus::RepoErrors: {  // SCH9004-SCH9008: problems of the command line, in the chosen format
      setup.canonicalize([](FileId) { return std::string(); });
      report(o, setup, SourceManager{}, out, err);
      code = kUsageError;
      return std::nullopt;
    }
    case InputsStatus::Ok: break;
  }
  FileSystemLoader loader(default_stdlib_dir());
  CompileInput input = inputs.compile_input(loader.stdlib_dir());
  input.index_display = o.index;
  if (!collect_adf(o.adf, input, err)) {
    code = kUsageError;
    return std::nullopt;
  }
  if (!o.adf_schemas.empty()) {
    std::error_code ec;
    if (std::filesystem::status(o.adf_schemas, ec).type() != std::filesystem::file_type::directory) {
      err << "schedc: error: `--adf-schemas " << o.adf_schemas << "` is not a directory\n";
      code = kUsageError;
      return std::nullopt;
    }
    input.adf_schemas_real = o.adf_schemas;
    input.adf_schemas_display = o.adf_schemas;
  }
  CompileResult result = compile(input, loader);
  for (const auto& d : inputs.empty_dirs) {
    SCHEDC_DIAGNOSTIC(NoSchedFilesFound, NoSchedFiles, "no .sched files found in `{}`", std::string_view);
    auto& w = result.diagnostics.report(NoSchedFilesFound, Span{}, d);
    w.help = "check the path; directories are searched recursively, skipping hidden ones and node_modules";
  }
  if (!inputs.empty_dirs.empty())
    result.diagnostics.canonicalize([&](FileId id) { return result.sources.file(id).qualified(); });
  if (o.warnings_as_errors) {
    result.diagnostics.promote_warnings();
    if (result.diagnostics.has_errors()) result.project.reset();
  }
  if (generate && result.project) {
    const std::size_t before = result.diagnostics.all().size();
    generate(result);
    if (result.diagnostics.all().size() != before)
      result.diagnostics.canonicalize([&](FileId id) { return result.sources.file(id).qualified(); });
    if (result.diagnostics.has_errors()) result.project.reset();
  }
  report(o, result.diagnostics, result.sources, out, err);
  code = result.diagnostics.has_errors() ? kInputError : kOk;
  return result;
}

int cmd_check(const Options& o, std::ostream& out, std::ostream& err) {
  int code = kOk;
  auto result = compile_and_report(o, out, err, code);
  // Said once, as a note: without the schemas the hand-written ADF content got the structural checks only.
  if (result && result->project && o.diagnostics_format == "text" && !o.adf.empty() &&
      o.adf_schemas.empty() && !result->project->adf_entities.empty())
    out << "note: the hand-written ADF content was not validated against the Data Factory schema (give "
           "--adf-schemas DIR, docs/deploy.md §5)\n";
  if (code == kOk && result && result->project && o.diagnostics_format == "text")
    out << fmt::format("ok: {} model{} checked{}\n", result->project->models.size(),
                       result->project->models.size() == 1 ? "" : "s",
                       o.index.empty() ? ""
                                       : fmt::format(" against {} model{} of other repos in the index",
                                                     thousands(result->project->index_models.size()),
                                                     result->project->index_models.size() == 1 ? "" : "s"));
  return code;
}

int cmd_build(const Options& o, std::ostream& out, std::ostream& err) {
  // Each file is written as soon as it is generated (a large build never holds its whole output), into a temporary
  // directory that replaces `--out` only once everything succeeded; an exception, or an error that generation
  // reports, removes it (OutputWriter). With --check, the files are kept in memory and compared.
  OutputWriter writer(o.out_dir);
  WriteResult written{true, {}};
  codegen::OutputFiles files;
  int code = kOk;
  auto result = compile_and_report(o, out, err, code, [&](CompileResult& r) {
    if (o.check_only) {
      files = codegen::generate(*r.project, o.targets, r.diagnostics);
      return;
    }
    written = writer.open();
    if (written.ok) codegen::generate(*r.project, o.targets, writer, r.diagnostics);
  });
  if (!written.ok) {
    err << "schedc: error: " << written.error << "\n";
    return kUsageError;
  }
  if (code != kOk || !result || !result->project) return code == kOk ? kInputError : code;
  if (o.check_only) {
    // The directory is compared, never what a link there points to (it could print any file of the machine).
    fs::path out_dir = fs::path(o.out_dir).lexically_normal();
    if (out_dir.filename().empty()) out_dir = out_dir.parent_path();
    if (is_symlink(out_dir.string())) {
      err << fmt::format("schedc: error: `{}` is a symbolic link: schedc never follows a link in its output; give the "
                         "directory itself as --out\n",
                         o.out_dir);
      return kUsageError;
    }
    auto diffs = compare_output(o.out_dir, files);
    if (diffs.empty()) {
      if (o.diagnostics_format == "text") out << fmt::format("ok: `{}` is up to date ({} files)\n", o.out_dir, files.size());
      return kOk;
    }
    for (const auto& d : diffs) err << d.diff;
    err << fmt::format("schedc: `{}` is stale: {} file{} differ from what the sources generate\n", o.out_dir, diffs.size(),
                       diffs.size() == 1 ? "" : "s");
    std::vector<std::string> args = o.paths;
    for (const auto& r : o.repos) args.push_back("--repo " + r);
    err << fmt::format("help: regenerate it with `schedc build {} --out {}` and commit the result\n",
                       fmt::join(args, " "), o.out_dir);
    return kInputError;
  }
  written = writer.commit();
  if (!written.ok) {
    err << "schedc: error: " << written.error << "\n";
    return kUsageError;
  }
  if (o.diagnostics_format == "text")
    out << fmt::format("wrote {} files to `{}` ({} model{})\n", writer.files_written(), o.out_dir,
                       result->project->models.size(), result->project->models.size() == 1 ? "" : "s");
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
  if (o.paths.empty() && o.repos.empty()) o.paths.push_back(".");  // `schedc plan --base OLD --env qa` in the sources' directory
  int code = kOk;
  codegen::OutputFiles arm;  // the ARM target, which the plan compares with the previous release's
  auto result = compile_and_report(o, p.format == "json" ? err : out, err, code, [&](CompileResult& r) {
    arm = codegen::generate(*r.project, {"arm"}, r.diagnostics);
  });
  if (code != kOk || !result || !result->project) return code == kOk ? kInputError : code;
  return run_plan(*result->project, arm, p, out, err);
}

// `next`: --cron needs no compilation; MODEL [PATHS...] compiles PATHS (default `.`) like `check`. With
// `--format json`, stdout holds only the fires (diagnostics go to stderr).
int cmd_next(Options& o, NextOptions& n, std::ostream& out, std::ostream& err) {
  n.color = use_color(o.color);
  n.diagnostics_json = o.diagnostics_format == "json";
  n.diagnostics_format = o.diagnostics_format;
  if (!check_next_usage(n, err)) return kUsageError;
  if (n.cron) return run_next_cron(n, out, err);
  o.paths.assign(n.args.begin() + 1, n.args.end());
  if (o.paths.empty() && o.repos.empty()) o.paths.push_back(".");
  int code = kOk;
  auto result = compile_and_report(o, n.format == "json" ? err : out, err, code);
  if (code != kOk || !result || !result->project) return code == kOk ? kInputError : code;
  return run_next_model(*result->project, n, out, err);
}

// `graph`: compiles PATHS (default `.`) like `check`; diagnostics never go to stdout, which holds only the chart.
int cmd_graph(Options& o, const GraphOptions& g, std::ostream& out, std::ostream& err) {
  if (!check_graph_usage(g, err)) return kUsageError;
  if (o.paths.empty() && o.repos.empty()) o.paths.push_back(".");
  int code = kOk;
  auto result = compile_and_report(o, err, err, code);
  if (code != kOk || !result || !result->project) return code == kOk ? kInputError : code;
  return run_graph(*result->project, result->sources, g, out, err);
}

// `fmt`: formats PATHS (default `.`). Syntax errors are diagnostics in the chosen format (on stderr with text);
// stdout holds the list of files not formatted (--check) or their diff (--diff).
int cmd_fmt(Options& o, const FmtOptions& f, std::ostream& out, std::ostream& err) {
  if (o.paths.empty()) o.paths.push_back(".");
  Inputs inputs;
  Diagnostics diags;
  switch (collect_inputs(o.paths, {}, inputs, diags, err)) {
    case InputsStatus::MissingPath: return kUsageError;
    case InputsStatus::RepoErrors: {
      diags.canonicalize([](FileId) { return std::string(); });
      report(o, diags, SourceManager{}, err, err);
      return kUsageError;
    }
    case InputsStatus::Ok: break;
  }
  SourceManager sources;
  std::ostringstream listing;
  const FmtOutcome r = run_fmt(inputs, f, diags, sources, listing, err);
  for (const auto& d : inputs.empty_dirs) {
    SCHEDC_DIAGNOSTIC(FmtNoSchedFilesFound, NoSchedFiles, "no .sched files found in `{}`", std::string_view);
    auto& w = diags.report(FmtNoSchedFilesFound, Span{}, d);
    w.help = "check the path; directories are searched recursively, skipping hidden ones and node_modules";
  }
  diags.canonicalize([&](FileId id) { return sources.file(id).qualified(); });
  out << listing.str();
  if (o.diagnostics_format == "text") {
    report(o, diags, sources, err, err);  // stdout keeps the listing or the diff alone
  } else {
    report(o, diags, sources, out, err);
  }
  if (r.internal_error) return kInternalError;
  if (r.write_failed) return kUsageError;
  const bool gate = f.check || f.diff;
  if (o.diagnostics_format == "text") {
    if (gate && !r.changed.empty()) {
      err << fmt::format("schedc: {} of {} file{} {} not formatted; run `schedc fmt {}` to format {}\n", r.changed.size(), r.files,
                         r.files == 1 ? "" : "s", r.changed.size() == 1 ? "is" : "are", fmt::join(o.paths, " "),
                         r.changed.size() == 1 ? "it" : "them");
    } else if (!gate) {
      out << fmt::format("formatted {} of {} file{}{}\n", r.changed.size(), r.files, r.files == 1 ? "" : "s",
                         r.syntax_errors == 0 ? std::string()
                                              : fmt::format(" ({} with syntax errors, left as {} {})", r.syntax_errors,
                                                            r.syntax_errors == 1 ? "it" : "they", r.syntax_errors == 1 ? "was" : "were"));
    }
  }
  if (diags.has_errors()) return kInputError;
  return f.check && !r.changed.empty() ? kInputError : kOk;
}

void add_common(CLI::App* sub, Options& o) {
  sub->add_option("--diagnostics-format", o.diagnostics_format,
                  "How diagnostics are printed: text, json, sarif, github, azure-devops")
      ->check(CLI::IsMember(std::vector<std::string>(std::begin(kDiagnosticFormats), std::end(kDiagnosticFormats))))
      ->default_str("text");
  sub->add_option("--summary", o.summary_file, "Also write a Markdown summary of the diagnostics to this file");
  sub->add_flag("--warnings-as-errors", o.warnings_as_errors, "Treat warnings as errors");
  sub->add_option("--color", o.color, "Colour diagnostics: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
}

void add_repo_option(CLI::App* sub, Options& o) {
  sub->add_option("--repo", o.repos, "A repo: NAME=DIR (repeatable); diagnostics name its files NAME:PATH")
      ->allow_extra_args(false);
}

void add_adf_option(CLI::App* sub, Options& o) {
  sub->add_option("--adf", o.adf,
                  "A folder of hand-written ADF content in git layout: DIR or NAME=DIR (repeatable); checked against the "
                  "generated entities")
      ->allow_extra_args(false);
  sub->add_option("--adf-schemas", o.adf_schemas,
                  "The `schemas` folder of a checkout of Azure/azure-resource-manager-schemas: validate the --adf content "
                  "against the Data Factory schema (2018-06-01)");
}

void add_index_option(CLI::App* sub, Options& o) {
  sub->add_option("--index", o.index,
                  "An organisation index (the index.json a release's build wrote): check against every other repo's models");
}

// check and build compile PATHS, or the current directory when neither PATHS nor --repo is given.
void default_inputs(Options& o) {
  if (o.paths.empty() && o.repos.empty()) o.paths.push_back(".");
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Options o;
  CLI::App app{"schedc: compile .sched model schedules into Azure Data Factory and Databricks definitions", "schedc"};
  app.set_version_flag("--version", [] {
    return fmt::format("schedc {} (tz database {}, CLDR {})", SCHEDC_VERSION, schedule::tz::tzdata_version(),
                       schedule::tz::windows_zones_version());
  });
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 input errors, 2 usage errors, 3 internal error.\nDocs: docs/language.md");

  auto* check = app.add_subcommand("check", "Check .sched files (all analyses, no output)");
  check->add_option("paths", o.paths, ".sched files or directories to search for them (default: the current directory)");
  add_repo_option(check, o);
  add_index_option(check, o);
  add_adf_option(check, o);
  add_common(check, o);

  auto* build = app.add_subcommand("build", "Compile .sched files into deployable files");
  build->add_option("paths", o.paths, ".sched files or directories to search for them (default: the current directory)");
  add_repo_option(build, o);
  add_index_option(build, o);
  add_adf_option(build, o);
  build->add_option("--out", o.out_dir, "Output directory (replaced atomically)")->required();
  build->add_flag("--check", o.check_only, "Do not write; fail with a diff if --out is not up to date");
  build->add_option("--target", o.targets, "Targets to generate (default: all)")->check(CLI::IsMember(codegen::all_targets()));
  add_common(build, o);

  PlanOptions plan_options;
  auto* plan = add_plan_command(app, o.paths, plan_options);
  add_repo_option(plan, o);
  add_index_option(plan, o);
  add_adf_option(plan, o);
  add_common(plan, o);

  NextOptions next_options;
  auto* next = add_next_command(app, next_options);
  add_repo_option(next, o);
  add_common(next, o);

  GraphOptions graph_options;
  auto* graph = add_graph_command(app, o.paths, graph_options);
  add_repo_option(graph, o);
  add_common(graph, o);

  DiffOptions diff_options;
  auto* diff_cmd = add_diff_command(app, o.paths, diff_options);
  add_repo_option(diff_cmd, o);

  FmtOptions fmt_options;
  auto* fmt_cmd = add_fmt_command(app, o.paths, fmt_options);
  add_common(fmt_cmd, o);

  InitOptions init_options;
  auto* init = add_init_command(app, init_options);

  auto* explain = app.add_subcommand("explain", "Explain a diagnostic code");
  explain->add_option("code", o.code, "A diagnostic code, e.g. SCH1002");
  explain->add_flag("--list", o.list_codes, "List every diagnostic code");

  auto* lsp = app.add_subcommand("lsp", "Run the language server (Language Server Protocol over stdin/stdout)");
  bool lsp_stdio = false;
  lsp->add_flag("--stdio", lsp_stdio, "Talk over stdin/stdout (the only transport; accepted as editors pass it)");
  add_index_option(lsp, o);
  add_adf_option(lsp, o);

  auto* definition = add_cli_definition_command(app);  // hidden: the man page and completions are generated from it

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
    if (const UsageProblem p = diagnose_usage(app, std::vector<std::string>(args.begin() + (args.empty() ? 0 : 1), args.end()));
        !p.error.empty()) {
      err << "schedc: error: " << p.error << "\nhelp: " << p.help << "\n";
      return kUsageError;
    }
    err << "schedc: error: " << e.what() << "\n";
    err << "help: run `schedc --help`";
    for (auto* sub : app.get_subcommands()) err << " or `schedc " << sub->get_name() << " --help`";
    err << "\n";
    return kUsageError;
  }
  if (o.targets.empty()) o.targets = codegen::all_targets();
  try {
    if (*check || *build) default_inputs(o);
    if (*check) return cmd_check(o, out, err);
    if (*build) return cmd_build(o, out, err);
    if (*plan) return cmd_plan(o, plan_options, out, err);
    if (*next) return cmd_next(o, next_options, out, err);
    if (*graph) return cmd_graph(o, graph_options, out, err);
    if (*diff_cmd) return run_diff(o.paths, o.repos, diff_options, out, err);
    if (*fmt_cmd) return cmd_fmt(o, fmt_options, out, err);
    if (*init)
      return run_init(
          init_options,
          [&](const std::string& dir, std::ostream& built, std::ostream& e) {
            Options b = o;
            b.paths = {dir};
            b.out_dir = dir + "/out";
            b.targets = codegen::all_targets();
            return cmd_build(b, built, e);
          },
          out, err);
    if (*explain) return cmd_explain(o, out, err);
    if (*lsp) {
      lsp::ServerOptions options;
      options.stdlib_dir = default_stdlib_dir();
      if (std::string_view(SCHEDC_HOMEPAGE).size() > 0)
        options.explain_url = std::string(SCHEDC_HOMEPAGE) + "/blob/main/docs/diagnostics/{code}.md";
      options.index = o.index;
      options.adf = o.adf;
      return lsp::run_lsp(std::cin, out, err, std::move(options));
    }
    if (*definition) {
      write_cli_definition(app, out);
      return kOk;
    }
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
