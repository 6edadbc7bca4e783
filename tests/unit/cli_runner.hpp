#pragma once
// Runs the schedc command line in process for tests: schedc_run({"check", "x.sched"}) -> exit code, stdout, stderr.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
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
