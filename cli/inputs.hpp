#pragma once
// The inputs of a command: which .sched files, and which repo each belongs to (README.md, "Repos as inputs").
//
// Single-repo mode (no `--repo`, at most one directory among PATHS): every file is shown by its path as given,
// exactly as before repos existed. Multi-repo mode (any `--repo NAME=DIR`, or two or more directories among
// PATHS): every directory is a repo (named by `--repo`, or by the directory's own name), every file belongs to the
// innermost repo whose directory holds it, and diagnostics name it `repo:path-in-repo`.
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "compiler/diagnostics.hpp"

namespace schedc::cli {

struct Inputs {
  std::vector<std::string> files;           // single-repo mode: display paths
  std::vector<RepoFile> repo_files;         // multi-repo mode
  std::map<std::string, std::string> repos; // multi-repo mode: name -> root as given (normalized)
  std::vector<std::string> empty_dirs;      // directories without .sched files (warning SCH9003)
  std::vector<std::string> roots;           // canonical directories a link or a `use` may reach
  std::vector<InputProblem> problems;       // what the walk could not or must not read (SCH9001)
  [[nodiscard]] CompileInput compile_input(const std::string& stdlib_dir) const {
    CompileInput in{files, stdlib_dir, repo_files, repos};
    in.roots = roots;
    in.problems = problems;
    return in;
  }
};

enum class InputsStatus { Ok, MissingPath, RepoErrors };

// Collects the files of PATHS and `--repo` arguments. A path that does not exist is reported on `err`
// (MissingPath); problems with repos are reported into `diags` as SCH9004-SCH9008 (RepoErrors). Nothing depends on
// the order of `paths` and `repo_args` or of the directories' entries.
InputsStatus collect_inputs(const std::vector<std::string>& paths, const std::vector<std::string>& repo_args,
                            Inputs& out, Diagnostics& diags, std::ostream& err);

// The files of `--adf DIR` / `--adf NAME=DIR` (ADF git-layout folders, compiler/adf_input/) into `input`: every
// `*.json` in a folder of the layout (pipeline/, ..., managedVirtualNetwork/<vnet>/managedPrivateEndpoint/), in name
// order, hidden entries skipped, never following a symbolic link (a link or FIFO is SCH9001 at its path); a `*.json`
// in another folder is read to be reported (SCH9011). False after printing a usage error (a DIR that is not a
// directory, a bad NAME). `base`: a directory the DIRs are relative to (tests), "" for the working directory.
bool collect_adf(const std::vector<std::string>& args, CompileInput& input, std::ostream& err,
                 const std::string& base = "");

// Whether `name` can name a repo: letters, digits, '_', '-', '.', starting with a letter, digit or '_'.
bool valid_repo_name(const std::string& name);

}  // namespace schedc::cli
