#pragma once
// What to say when the command line does not parse: an unknown subcommand or option gets a did-you-mean, an
// option given before its subcommand says where it goes; anything else keeps CLI11's own words.
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace schedc::cli {

struct UsageProblem {
  std::string error;  // "unknown subcommand `chek`"
  std::string help;   // "did you mean `schedc check`? ..."
};

// `args` without argv[0]. Empty `error` when the arguments show none of these problems.
UsageProblem diagnose_usage(CLI::App& app, const std::vector<std::string>& args);

}  // namespace schedc::cli
