#pragma once
// `schedc diff`: what a pull request changes in the schedules (README.md, "schedc diff"). The comparison is
// compiler/diff/; this file gathers both sides' inputs and compiles them; diff_render.hpp renders the result.
//
//   schedc diff --base DIR [PATHS...]            DIR is the base's version of the working directory: PATH is read
//                                                as DIR/PATH (PATHS default to `.`; they must be relative)
//   schedc diff --base-repo NAME=DIR --repo NAME=DIR ...   the same with repos
//   --from ISO8601   the reference instant (default now): next fires after it, fire times over the 30 days after it
//   --format text|markdown|json
//   --exit-code      exit 1 when there are differences (models, new or fixed diagnostics), like `git diff --exit-code`
//   --diagnostics-format text|json|sarif|github|azure-devops
//                    how the diagnostics printed on stderr are rendered (as `check` renders them): those of repos
//                    that cannot be used (exit 2), and those of a head that cannot be read (no model is compared)
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/diff_render.hpp"
#include "compiler/diff/diff.hpp"

namespace CLI {
class App;
}

namespace schedc::cli {

struct DiffOptions {
  std::string base;                     // --base DIR
  std::vector<std::string> base_repos;  // --base-repo NAME=DIR
  std::string from;                     // "" = now
  std::string format = "text";
  std::string diagnostics_format = "text";  // text | json | sarif | github | azure-devops (stderr)
  bool exit_code = false;
};

// Registers `diff`; PATHS go to `paths`.
CLI::App* add_diff_command(CLI::App& app, std::vector<std::string>& paths, DiffOptions& options);

// `diff`: compiles the base and the head (PATHS and --repo's NAME=DIR) and prints what differs. The exit code.
int run_diff(std::vector<std::string> paths, const std::vector<std::string>& repos, const DiffOptions& d, std::ostream& out,
             std::ostream& err);

// The paths the base is read from: DIR is the base's version of the working directory, so each (relative) PATH is
// read as DIR/PATH, those that exist there; no PATHS is DIR itself.
std::vector<std::string> base_paths(const std::string& base, const std::vector<std::string>& paths);

}  // namespace schedc::cli
