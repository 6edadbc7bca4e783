#pragma once
// The compiler's entry point: sources in, IR + diagnostics out. Pure: it reads sources (through a SourceLoader),
// and writes nothing.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/adf_input/adf_input.hpp"
#include "compiler/adf_input/schema.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/file_read.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/source.hpp"
#include "grammar/parser.hpp"

namespace schedc {

// Reads files for `use "path"` and for stdlib modules. Paths are '/'-separated display paths.
class SourceLoader {
 public:
  virtual ~SourceLoader() = default;
  // The text of the file at `path`, or nullopt if it does not exist or cannot be read.
  virtual std::optional<std::string> read(const std::string& path) = 0;
  // The same with the cause of a failure (a missing file, not a regular file, larger than `limit`): what the
  // compiler calls. By default read(), where nullopt means a missing file.
  virtual FileRead load(const std::string& path, std::uint64_t limit);
  // A key that is equal for two paths naming the same file (so it is loaded once, however it is reached).
  virtual std::string identity(const std::string& path) { return path; }
};

// Reads from the real file system. Stdlib modules are looked up under `stdlib_dir`.
class FileSystemLoader : public SourceLoader {
 public:
  explicit FileSystemLoader(std::string stdlib_dir) : stdlib_dir_(std::move(stdlib_dir)) {}
  std::optional<std::string> read(const std::string& path) override;
  // Only a regular file is read, never more than `limit` bytes (checked before reading), and a FIFO is never
  // waited on (compiler/file_read.hpp).
  FileRead load(const std::string& path, std::uint64_t limit) override;
  std::string identity(const std::string& path) override;  // the canonical path when the file exists
  [[nodiscard]] const std::string& stdlib_dir() const { return stdlib_dir_; }

 private:
  std::string stdlib_dir_;
};

// An input file of a multi-repo compilation: diagnostics name it `repo:path`.
struct RepoFile {
  std::string repo;  // the repo's name (unique in the compilation)
  std::string path;  // relative to the repo's root, '/'-separated
  std::string real;  // where the loader reads it (e.g. the root joined with `path`)
};

// An input that the command line's walk found but must not or cannot read (a link leading outside the directories
// given, a FIFO named *.sched, a directory that cannot be listed): reported as SCH9001 at the path, and no
// declaration is checked (as for a file that cannot be read).
struct InputProblem {
  std::string repo;     // "" in a single-repo compilation
  std::string display;  // how diagnostics name it (relative to its repo in a multi-repo compilation)
  std::string why;      // "is a symbolic link that leads outside the directories given (not followed)"
};

// The syntax trees of one compilation kept for the next (the language server compiles its workspace again after
// every edit): a file whose identity (SourceLoader::identity), text and file id are those of a kept tree is not
// parsed again. A tree depends on nothing else, so a kept one is exactly what parsing would give. Trees of files
// the latest compilation did not load are forgotten. One compilation at a time may use it.
class ParseCache {
 public:
  struct Parsed {
    std::shared_ptr<const syntax::File> file;
    std::vector<syntax::SyntaxError> errors;
  };
  // The kept parse of `text` with id `file` at `key`, or null. Safe to call from several threads at once (it only
  // reads), as long as keep() is not running.
  [[nodiscard]] const Parsed* find(const std::string& key, std::string_view text, FileId file) const;
  // Keeps what the compilation that is running loaded at `key` (a kept parse is kept again without a copy).
  void keep(const std::string& key, std::string_view text, FileId file, const Parsed& parsed);
  // Called by compile() when it has loaded every file: forgets the files it did not keep.
  void end_compilation();
  // How many files the latest compilation took from the cache, and how many it parsed.
  [[nodiscard]] std::size_t reused() const noexcept { return reused_; }
  [[nodiscard]] std::size_t parsed() const noexcept { return parsed_; }

 private:
  struct Entry {
    std::string text;
    FileId file = 0;
    Parsed parsed;
    bool kept = false;  // by the compilation that is running
  };
  std::map<std::string, Entry> entries_;
  std::size_t reused_ = 0, parsed_ = 0, reused_now_ = 0, parsed_now_ = 0;
};

struct CompileInput {
  CompileInput() = default;
  CompileInput(std::vector<std::string> files_, std::string stdlib_dir_, std::vector<RepoFile> repo_files_ = {},
               std::map<std::string, std::string> repos_ = {})
      : files(std::move(files_)), stdlib_dir(std::move(stdlib_dir_)), repo_files(std::move(repo_files_)),
        repos(std::move(repos_)) {}
  std::vector<std::string> files;  // display paths of the input .sched files (any order)
  std::string stdlib_dir;          // where `use std.X` finds X.sched
  std::vector<RepoFile> repo_files;           // multi-repo inputs (any order), besides `files`
  std::map<std::string, std::string> repos;   // multi-repo: repo name -> root directory (as given)
  bool keep_symbols = false;  // keep the symbol tables and syntax trees in CompileResult::symbols
  ParseCache* parse_cache = nullptr;  // syntax trees kept from the previous compilation (see ParseCache); null: none
  // The directories a `use "PATH"` may reach (as SourceLoader::identity names them: canonical, for the file
  // system): the repos, or the directories given and those of the files given (docs/language.md §3). Empty: any.
  std::vector<std::string> roots;
  std::vector<InputProblem> problems;         // see InputProblem
  // An organisation index (`--index FILE`, compiler/index/index.hpp): how diagnostics name it and where the loader
  // reads it ("" = none). Its models of repos other than those compiled join the analyses.
  std::string index_display;
  std::string index_real;
  // Hand-written ADF content (`--adf`, compiler/adf_input/): its files, and the directory of each named folder
  // (`--adf NAME=DIR`: diagnostics name its files `NAME:path`).
  std::vector<adf_input::AdfFile> adf_files;
  std::map<std::string, std::string> adf_roots;
  // The Data Factory schemas (`--adf-schemas DIR`, compiler/adf_input/schema.hpp): where they are read and how
  // diagnostics name the folder ("" = none: the hand-written entities get the structural checks only).
  std::string adf_schemas_real;
  std::string adf_schemas_display;
};

struct CompileResult {
  SourceManager sources;
  Diagnostics diagnostics;
  std::optional<ir::Project> project;  // set only when there are no errors
  // With CompileInput::keep_symbols, when lowering ran (no syntax or input errors): the symbol tables, the syntax
  // trees they point into, and the project as far as it was lowered.
  std::shared_ptr<const lower::SymbolIndex> symbols;
};

CompileResult compile(const CompileInput& input, SourceLoader& loader);

// The parser's errors as diagnostics (SCH0001-SCH0006), as compile() reports them; for commands that parse
// without compiling (`fmt`).
void report_syntax_errors(const std::vector<syntax::SyntaxError>& errors, Diagnostics& diags);

// The most levels of `use` from an input file to a used file (deeper: SCH0006 at the `use`, so loading never
// recurses without bound).
inline constexpr std::size_t kMaxUseDepth = 64;

// The stdlib directory: $SCHEDC_STDLIB, else <prefix>/share/schedc/stdlib beside an installed <prefix>/bin/schedc,
// else the source tree's stdlib/ compiled into the build.
std::string default_stdlib_dir();

}  // namespace schedc
