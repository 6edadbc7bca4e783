#pragma once
// `schedc init [DIR] [--ci github|azure-devops]`: scaffolds a model repository in DIR (default `.`): a platform file,
// one model that `use`s it, and the CI workflow with the check, the golden gate and the layout gate. It writes only
// new files (O_EXCL, never through a symbolic link) and refuses, writing nothing, when any of them exists.
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace schedc::cli {

struct InitOptions {
  std::string dir = ".";
  std::string ci = "github";  // github | azure-devops
};

CLI::App* add_init_command(CLI::App& app, InitOptions& options);

// The files init writes, relative to DIR, with their content (for tests and the docs).
std::vector<std::pair<std::string, std::string>> init_files(const std::string& ci);

// Writes the files; "" on success, else why nothing (or, for an error while writing, not everything) was written.
std::string write_init_files(const InitOptions& options);

// Builds the scaffold in DIR into DIR/out with every target, as `schedc build DIR --out DIR/out` does; its exit code.
using BuildScaffold = std::function<int(const std::string& dir, std::ostream& out, std::ostream& err)>;

// `init`: writes the scaffold, then builds it into DIR/out, so that the golden gate of its CI passes as written. The
// exit code.
int run_init(const InitOptions& options, const BuildScaffold& build, std::ostream& out, std::ostream& err);

}  // namespace schedc::cli
