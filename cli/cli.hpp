#pragma once
// The schedc command line. `run` never throws: usage errors exit 2, input errors 1, internal errors 3.
#include <iosfwd>
#include <string>
#include <vector>

namespace schedc::cli {

enum ExitCode : int { kOk = 0, kInputError = 1, kUsageError = 2, kInternalError = 3 };

int run(int argc, char** argv);
// For tests: run with explicit arguments (argv[0] included) and streams.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace schedc::cli
