#pragma once
// Runs the schedc command line in process for tests: schedc_run({"check", "x.sched"}) -> exit code, stdout, stderr.
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

}  // namespace schedc::testing
