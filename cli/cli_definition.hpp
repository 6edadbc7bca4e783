#pragma once
// The command line's own definition, as JSON: `schedc __cli-definition` (a hidden subcommand). The build generates
// the man page schedc(1) and the bash and zsh completions from it (packaging/gen_cli_docs.cpp), so they name
// exactly the subcommands and options that schedc parses.
#include <iosfwd>

namespace CLI {
class App;
}

namespace schedc::cli {

// The hidden subcommand; `run` prints the definition when it was given.
CLI::App* add_cli_definition_command(CLI::App& app);
// {"name", "version", "description", "footer", "options": [...], "subcommands": [{"name", "description",
// "positionals": [...], "options": [...]}]}: every subcommand but hidden ones, in definition order; an option has
// "names" (long names first), "description", "value" (its value's name, e.g. "TEXT"; absent for a flag),
// "choices" (when it only takes listed values), "default", "required" and "repeatable".
void write_cli_definition(CLI::App& app, std::ostream& out);

}  // namespace schedc::cli
