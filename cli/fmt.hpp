#pragma once
// `schedc fmt [PATHS...] [--check] [--diff]`: rewrites .sched files in the canonical layout (compiler/format/,
// docs/language.md "Layout"). Only the .sched files found in PATHS are rewritten, each atomically (a temporary file
// beside it, renamed over it, its permissions kept); a file with syntax errors is reported and left untouched; a
// symbolic link is never rewritten (the file it leads to is formatted when it is given itself).
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/inputs.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/source.hpp"

namespace CLI {
class App;
}

namespace schedc::cli {

struct FmtOptions {
  bool check = false;  // write nothing; list the files that are not formatted; exit 1 if any
  bool diff = false;   // write nothing; print a unified diff of each file that is not formatted
};

CLI::App* add_fmt_command(CLI::App& app, std::vector<std::string>& paths, FmtOptions& options);

struct FmtOutcome {
  int files = 0;                       // files read
  std::vector<std::string> changed;    // display paths of the files not in the canonical layout
  int syntax_errors = 0;               // files with syntax errors (reported in the diagnostics; not formatted)
  bool write_failed = false;           // a file could not be rewritten (a symbolic link, no permission)
  bool internal_error = false;         // the layout failed its own check (a bug)
};

// Formats the inputs: syntax errors (and unreadable files) go to `diags` (over `sources`); the list of files not
// formatted (--check) and the diff (--diff) to `out`; write failures and the layout's own failures to `err`.
FmtOutcome run_fmt(const Inputs& inputs, const FmtOptions& options, Diagnostics& diags, SourceManager& sources,
                   std::ostream& out, std::ostream& err);

}  // namespace schedc::cli
