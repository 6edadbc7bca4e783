#pragma once
// Runs the schedc command line in process for tests: schedc_run({"check", "x.sched"}) -> exit code, stdout, stderr.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/cli.hpp"

namespace schedc::testing {

struct CliRun {
  int code = 0;
  std::string out, err;
};

inline CliRun schedc_run(std::vector<std::string> args) {
  args.insert(args.begin(), "schedc");
  std::ostringstream out, err;
  int code = schedc::cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

// Sets the current directory for as long as it lives (commands whose PATHS default to `.`, display paths relative
// to it), then sets it back.
struct Cwd {
  explicit Cwd(const std::filesystem::path& to) : was(std::filesystem::current_path()) { std::filesystem::current_path(to); }
  ~Cwd() { std::filesystem::current_path(was); }
  Cwd(const Cwd&) = delete;
  Cwd& operator=(const Cwd&) = delete;
  std::filesystem::path was;
};

// Runs the command line with the current directory set to `cwd`.
inline CliRun schedc_run_in(const std::filesystem::path& cwd, std::vector<std::string> args) {
  Cwd in(cwd);
  return schedc_run(std::move(args));
}

// A whole file, bytes as they are ("" when it cannot be read).
inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes `text` to `p`, creating its parent directories.
inline void write_file(const std::filesystem::path& p, const std::string& text) {
  if (!p.parent_path().empty()) std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

}  // namespace schedc::testing
