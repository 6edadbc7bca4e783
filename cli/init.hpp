#pragma once
// `schedc init [DIR] [--ci github|azure-devops]`: scaffolds a model repository in DIR (default `.`): a platform file,
// one model that `use`s it, and the CI workflow with the check, the golden gate and the layout gate. It writes only
// new files (O_EXCL, never through a symbolic link) and refuses, writing nothing, when any of them exists.
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

}  // namespace schedc::cli
