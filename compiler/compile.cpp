// The compiler driver: loads every input and the modules they use, lowers declarations to the IR, and runs the
// validity analyses. See docs/language.md for the rules implemented here.
#include "compiler/compile.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "compiler/adf_input/arm_parameters.hpp"
#include "compiler/adf_input/build_output.hpp"
#include "compiler/adf_input/inputs.hpp"
#include "compiler/allowances.hpp"
#include "compiler/analysis/analyses.hpp"
#include "compiler/parallel.hpp"
#include "compiler/analysis/schedules.hpp"
#include "compiler/index/index.hpp"
#include "grammar/parser.hpp"

namespace schedc {

FileRead SourceLoader::load(const std::string& path, std::uint64_t limit) {
  FileRead r;
  auto text = read(path);
  if (!text) {
    r.status = FileRead::Status::Missing;
    r.why = "it does not exist";
  } else if (text->size() > limit) {
    r.status = FileRead::Status::TooLarge;
    r.size = text->size();
  } else {
    r.status = FileRead::Status::Ok;
    r.text = std::move(*text);
  }
  return r;
}

std::optional<std::string> FileSystemLoader::read(const std::string& path) {
  FileRead r = load(path, syntax::kMaxFileBytes);
  if (!r.ok()) return std::nullopt;
  return std::move(r.text);
}

FileRead FileSystemLoader::load(const std::string& path, std::uint64_t limit) { return read_file_bounded(path, limit); }

std::string FileSystemLoader::identity(const std::string& path) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : canonical.generic_string();
}

std::string default_stdlib_dir() {
  if (const char* env = std::getenv("SCHEDC_STDLIB"); env && *env) return env;
  // An installed or relocated schedc: <prefix>/bin/schedc finds <prefix>/share/schedc/stdlib.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "schedc" / "stdlib";
    if (std::filesystem::is_directory(installed, ec)) return installed.generic_string();
  }
  return SCHEDC_STDLIB_DIR;  // the source tree's stdlib/, for a build that is run where it was built
}

const ParseCache::Parsed* ParseCache::find(const std::string& key, std::string_view text, FileId file) const {
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.file != file || it->second.text != text) return nullptr;
  return &it->second.parsed;
}

void ParseCache::keep(const std::string& key, std::string_view text, FileId file, const Parsed& parsed) {
  Entry& e = entries_[key];
  if (e.parsed.file == parsed.file && e.file == file && e.text == text) {
    ++reused_now_;
  } else {
    e.text = std::string(text);
    e.file = file;
    e.parsed = parsed;
    ++parsed_now_;
  }
  e.kept = true;
}

void ParseCache::end_compilation() {
  std::erase_if(entries_, [](const auto& kv) { return !kv.second.kept; });
  for (auto& [key, e] : entries_) e.kept = false;
  reused_ = std::exchange(reused_now_, 0);
  parsed_ = std::exchange(parsed_now_, 0);
}

namespace {

// The parser (grammar/, below the registry) words its own messages; this gives each its kind.
DiagnosticKind syntax_kind(syntax::SyntaxError::Kind k) {
  using K = syntax::SyntaxError::Kind;
  switch (k) {
    case K::Expected: return DiagnosticKind::SyntaxError;
    case K::UnterminatedString: return DiagnosticKind::UnterminatedString;
    case K::InvalidEscape: return DiagnosticKind::InvalidEscape;
    case K::InvalidNumber: return DiagnosticKind::InvalidLiteral;
    case K::InvalidCharacter: return DiagnosticKind::InvalidCharacter;
    case K::NestingTooDeep: return DiagnosticKind::InputTooLarge;
    case K::TooLarge: return DiagnosticKind::InputTooLarge;
  }
  return DiagnosticKind::SyntaxError;
}

}  // namespace

void report_syntax_errors(const std::vector<syntax::SyntaxError>& errors, Diagnostics& diags) {
  for (const auto& e : errors) {
    auto& d = diags.report(FormattedMessage{syntax_kind(e.kind), e.message}, e.span);
    if (!e.found.empty()) d.primary_label = "found " + e.found;
    if (e.kind == syntax::SyntaxError::Kind::InvalidEscape)
      d.help = "escapes are \\\" \\\\ \\n \\t \\r \\u{HEX}; write {{ and }} for literal braces";
    if (!e.help.empty()) d.help = e.help;
  }
}

namespace {

std::string normalize_path(const std::string& p) {
  std::string s = std::filesystem::path(p).lexically_normal().generic_string();
  return s.empty() ? "." : s;
}

// Loads input files and, transitively, the files and stdlib modules they `use`.
class Loader {
 public:
  Loader(const CompileInput& in, SourceLoader& src, CompileResult& out, std::vector<lower::Unit>& units)
      : in_(in), src_(src), out_(out), units_(units) {}

  void load_inputs() {
    // Every input in a canonical order: (repo, path). A file that is an input and is also reached by a `use` keeps
    // the repo and path it has as an input, whichever is loaded first.
    std::vector<std::tuple<std::string, std::string, std::string>> inputs;  // (repo, display, real)
    for (const auto& f : in_.files) inputs.emplace_back("", normalize_path(f), normalize_path(f));
    for (const auto& f : in_.repo_files) inputs.emplace_back(f.repo, normalize_path(f.path), normalize_path(f.real));
    std::sort(inputs.begin(), inputs.end());
    inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
    for (const auto& [repo, display, real] : inputs) {
      std::string key = src_.identity(real);
      if (input_names_.emplace(key, std::make_pair(repo, display)).second) {
        ahead_position_.emplace(key, ahead_inputs_.size());
        ahead_inputs_.emplace_back(std::move(key), real);
      }
    }
    for (const auto& [repo, display, real] : inputs) load(repo, display, real, "", Span{}, {});
    // Inputs that cannot be read, and those the command line's walk refused, are named at their path (a source
    // without text, added after every loaded file so that no file id moves).
    for (const auto& u : unreadable_) {
      const FileId id = out_.sources.add(u.display, "", u.repo, u.real == u.display ? "" : u.real);
      if (u.read.status == FileRead::Status::TooLarge) {
        SCHEDC_DIAGNOSTIC(FileTooLargeBytesLimit, InputTooLarge, "the file is too large ({} bytes); the limit is 16 MiB",
                          std::string_view);
        auto& d = out_.diagnostics.report(FileTooLargeBytesLimit, Span{id, 0, 0}, thousands(static_cast<std::size_t>(u.read.size)));
        d.primary_label = "not read";
        d.help = "split the declarations into several files";
      } else {
        SCHEDC_DIAGNOSTIC(ReadInputFile, CannotRead, "cannot read input file `{}`: {}",
                          std::string_view, std::string_view);
        auto& d = out_.diagnostics.report(ReadInputFile, Span{id, 0, 0}, qualify(u.repo, u.display), u.read.why);
        d.primary_label = "not read";
        d.help = "check that it is a regular file you may read";
      }
    }
    for (const auto& p : in_.problems) {
      const FileId id = out_.sources.add(p.display, "", p.repo, "");
      SCHEDC_DIAGNOSTIC(CannotReadInput, CannotRead, "cannot read `{}`: {}", std::string_view, std::string_view);
      auto& d = out_.diagnostics.report(CannotReadInput, Span{id, 0, 0}, qualify(p.repo, p.display), p.why);
      d.primary_label = "not read";
      d.help = "schedc reads regular files inside the directories it is given and never follows a symbolic link out of "
               "them (docs/security.md)";
    }
  }

 private:
  using Chain = std::vector<std::pair<std::string, Span>>;  // (qualified display path, span of the `use` leading to it)

  static std::string qualify(const std::string& repo, const std::string& display) {
    return repo.empty() ? display : repo + ":" + display;
  }

  std::optional<std::size_t> load(std::string repo, std::string display, const std::string& real,
                                  const std::string& module, Span used_at, Chain chain) {
    const std::string key = src_.identity(real);
    if (module.empty())
      if (auto it = input_names_.find(key); it != input_names_.end()) std::tie(repo, display) = it->second;
    if (auto it = index_.find(key); it != index_.end()) {
      if (state_[it->second] == State::Loading) report_cycle(qualify(repo, display), used_at, chain);
      return it->second;
    }
    const FileId next_file = static_cast<FileId>(out_.sources.size());
    std::optional<Ahead> ahead = parse_ahead(key, next_file);
    std::optional<std::string> text;
    FileRead failure;
    if (ahead) {
      text = std::move(ahead->text);
      failure = std::move(ahead->failure);
    } else if (FileRead r = src_.load(real, syntax::kMaxFileBytes); r.ok()) {
      text = std::move(r.text);
    } else {
      failure = std::move(r);
    }
    if (!text) {
      if (used_at.file == 0) {
        unreadable_.push_back({repo, display, real, std::move(failure)});
      } else if (failure.status == FileRead::Status::TooLarge) {
        SCHEDC_DIAGNOSTIC(FileUsedHereTooLarge, InputTooLarge, "the file `{}` used here is too large ({} bytes); the limit is 16 MiB",
                          std::string_view, std::string_view);
        auto& d = out_.diagnostics.report(FileUsedHereTooLarge, used_at, display, thousands(static_cast<std::size_t>(failure.size)));
        d.primary_label = "not read";
        d.help = "split the declarations into several files";
      } else if (failure.status != FileRead::Status::Missing) {
        SCHEDC_DIAGNOSTIC(ReadFileUsedHere, CannotRead, "cannot read the file `{}` used here: {}",
                          std::string_view, std::string_view);
        auto& d = out_.diagnostics.report(ReadFileUsedHere, used_at, display, failure.why);
        d.primary_label = "not read";
        d.help = "a used file must be a regular file you may read";
      } else {
        SCHEDC_DIAGNOSTIC(UsedFileNotFound, ModuleNotFound, "cannot find the file `{}` used here", std::string_view);
        SCHEDC_DIAGNOSTIC(NoStdlibModule, ModuleNotFound, "there is no stdlib module `std.{}`", std::string_view);
        auto& d = module.empty() ? out_.diagnostics.report(UsedFileNotFound, used_at, display)
                                 : out_.diagnostics.report(NoStdlibModule, used_at, module);
        d.primary_label = "not found";
        if (module.empty())
          d.help = "paths in `use \"...\"` are relative to the directory of the file that uses them";
        else
          d.help = stdlib_help(module);
      }
      return std::nullopt;
    }
    std::size_t idx = units_.size();
    lower::Unit u;
    u.display = qualify(repo, display);
    u.module = module;
    u.file = out_.sources.add(display, std::move(*text), repo, real == display ? "" : real);
    units_.push_back(std::move(u));
    index_.emplace(key, idx);
    state_.push_back(State::Loading);

    const std::string& unit_text = out_.sources.file(units_[idx].file).text;
    auto parsed = ahead && ahead->file == units_[idx].file ? std::move(ahead->parsed)
                                                           : parse_or_reuse(key, unit_text, units_[idx].file);
    if (in_.parse_cache) in_.parse_cache->keep(key, unit_text, units_[idx].file, parsed);
    report_syntax_errors(parsed.errors, out_.diagnostics);
    units_[idx].parsed = parsed.errors.empty();
    units_[idx].ast = std::move(parsed.file);

    chain.emplace_back(qualify(repo, display), used_at);
    // Copy the uses: loading may grow units_ and invalidate references into it.
    const std::vector<syntax::Use> uses = units_[idx].ast->uses;
    for (const auto& use : uses) {
      // Every level of `use` is a level of this function's recursion: bounded, so no input exhausts the stack.
      // (A file loaded already is not loaded again, whatever the depth.)
      const auto too_deep = [&](const std::string& target_real) {
        if (chain.size() <= kMaxUseDepth || index_.count(src_.identity(target_real))) return false;
        SCHEDC_DIAGNOSTIC(ThisLevelsBelowInputFile, InputTooLarge, "this `use` is {} levels below an input file; the limit is {}",
                          std::size_t, std::size_t);
        auto& d = out_.diagnostics.report(ThisLevelsBelowInputFile, use.target_span, chain.size(), kMaxUseDepth);
        d.primary_label = "not loaded";
        d.help = "use the shared files from fewer levels: a file can `use` several files";
        return true;
      };
      if (use.is_file) {
        // Relative to the directory of the using file; an absolute path is taken as it is.
        const bool absolute = std::filesystem::path(use.file).is_absolute();
        std::string dir = std::filesystem::path(display).parent_path().generic_string();
        std::string target = normalize_path(absolute || dir.empty() ? use.file : dir + "/" + use.file);
        std::string real_dir = std::filesystem::path(real).parent_path().generic_string();
        std::string target_real = normalize_path(absolute || real_dir.empty() ? use.file : real_dir + "/" + use.file);
        if (refuse_use(use, target_real) || too_deep(target_real)) continue;
        load(repo, target, target_real, "", use.target_span, chain);
      } else {
        if (use.module.size() != 2 || use.module[0].text != "std") {
          std::string name;
          for (const auto& s : use.module) name += (name.empty() ? "" : ".") + s.text;
          SCHEDC_DIAGNOSTIC(StdlibModulePath, ModuleNotFound, "`{}` is not a stdlib module path", std::string_view);
          auto& d = out_.diagnostics.report(StdlibModulePath, use.target_span, name);
          d.primary_label = "expected `std.<module>`";
          d.help = "stdlib modules are written `use std.clusters`; project files are written `use \"path/file.sched\"`";
          continue;
        }
        const std::string& mod = use.module[1].text;
        if (too_deep(in_.stdlib_dir + "/" + mod + ".sched")) continue;
        auto loaded = load("", "<std>/" + mod + ".sched", in_.stdlib_dir + "/" + mod + ".sched", mod, use.target_span, chain);
        if (loaded) units_[idx].used_modules.insert(mod);
      }
    }
    state_[idx] = State::Done;
    return idx;
  }

  // Inputs are read ahead of the walk and parsed on several threads (compiler/parallel.hpp), a batch at a time.
  // The parser stamps a file's FileId into its syntax tree, and ids are given in the walk's order (the files an
  // input `use`s, when not loaded yet, take the ids after it), so a batch is parsed with the ids its inputs get if
  // none of them loads another file: the id of the input the walk asks for, then one more per input after it in
  // the inputs' order (those not loaded yet). A parse is taken only with the id the file really gets; otherwise
  // (an input loaded a stdlib module or a file that is not an input) a new batch is parsed from that input, with
  // the batch size reset. So ids, syntax trees and diagnostics are exactly those of parsing in the walk, for any
  // number of threads.
  struct Ahead {
    std::string key;
    bool read = false;
    std::optional<std::string> text;  // nullopt: the input cannot be read (`failure` says why)
    FileRead failure;
    FileId file = 0;                  // the id it was parsed with (0: not parsed)
    ParseCache::Parsed parsed;
  };

  // The input with identity `key`, read and (when readable) parsed with the id `file`, taken out of the batch;
  // nullopt when `key` is not an input.
  std::optional<Ahead> parse_ahead(const std::string& key, FileId file) {
    const auto position = ahead_position_.find(key);
    if (position == ahead_position_.end()) return std::nullopt;
    auto it = ahead_.find(key);
    if (it == ahead_.end() || (it->second.text && it->second.file != file)) {
      // Batches grow while the guesses hold (fewer joins of the threads), and start small again after a miss
      // (the rest of a batch parsed with wrong ids is parsed again).
      batch_size_ = it == ahead_.end() ? std::min<std::size_t>(batch_size_ * 2, kMaxBatch) : kFirstBatch;
      if (thread_count() <= 1) batch_size_ = 1;  // no guess is needed on one thread
      std::vector<std::pair<Ahead*, FileId>> batch;
      for (std::size_t i = position->second; i < ahead_inputs_.size() && batch.size() < batch_size_; ++i) {
        const auto& [input_key, input_real] = ahead_inputs_[i];
        if (i != position->second && index_.count(input_key)) continue;  // loaded already
        Ahead& a = ahead_[input_key];
        a.key = input_key;
        if (!a.read) {
          FileRead r = src_.load(input_real, syntax::kMaxFileBytes);  // on this thread: a SourceLoader need not be thread-safe
          if (r.ok())
            a.text = std::move(r.text);
          else
            a.failure = std::move(r);
          a.read = true;
        }
        if (a.text) batch.emplace_back(&a, static_cast<FileId>(file + batch.size()));
      }
      parallel_for(
          batch.size(),
          [&](std::size_t i) {
            Ahead& a = *batch[i].first;
            if (a.file == batch[i].second) return;
            a.file = batch[i].second;
            a.parsed = parse_or_reuse(batch[i].first->key, *a.text, a.file);
          },
          2);
      it = ahead_.find(key);
    }
    std::optional<Ahead> taken(std::move(it->second));
    ahead_.erase(it);
    return taken;
  }

  // The tree of `text` with id `file`: the parse cache's when it has it, else parsed. Called from several threads
  // (the cache is only read while they run).
  ParseCache::Parsed parse_or_reuse(const std::string& key, std::string_view text, FileId file) const {
    if (in_.parse_cache)
      if (const auto* kept = in_.parse_cache->find(key, text, file)) return *kept;
    auto r = syntax::parse(text, file);
    return ParseCache::Parsed{std::make_shared<const syntax::File>(std::move(r.file)), std::move(r.errors)};
  }

  // A `use "PATH"` reaches only `.sched` files, outside hidden directories, inside the compilation's roots
  // (docs/language.md §3): anything else is SCH2009, and nothing of the file is read. Whether it was refused.
  bool refuse_use(const syntax::Use& use, const std::string& target_real) {
    const auto hidden = [](const std::filesystem::path& p) {
      for (const auto& part : p) {
        const std::string s = part.string();
        if (s.size() > 1 && s[0] == '.' && s != "..") return true;
      }
      return false;
    };
    std::optional<FormattedMessage> why;
    std::string label;
    if (std::filesystem::path(use.file).extension() != ".sched") {
      SCHEDC_DIAGNOSTIC(UseNotSched, UseOutsideRepos, "`use \"{}\"` does not name a `.sched` file", std::string_view);
      why = format_message(UseNotSched, use.file);
      label = "not a .sched file";
    } else if (hidden(std::filesystem::path(use.file).lexically_normal())) {
      SCHEDC_DIAGNOSTIC(UseNamesHidden, UseOutsideRepos, "`use \"{}\"` names a file in a hidden directory", std::string_view);
      why = format_message(UseNamesHidden, use.file);
      label = "in a hidden directory";
    } else if (!in_.roots.empty()) {
      const std::string id = src_.identity(target_real);
      const std::string* root = nullptr;
      for (const auto& r : in_.roots)
        if (id.size() > r.size() && id.compare(0, r.size(), r) == 0 && (r == "/" || id[r.size()] == '/')) root = &r;
      if (!root) {
        SCHEDC_DIAGNOSTIC(UseOutside, UseOutsideRepos, "`use \"{}\"` reaches outside the directories being compiled",
                          std::string_view);
        why = format_message(UseOutside, use.file);
        label = "outside every repo";
      } else if (hidden(std::filesystem::path(id.substr(root->size())))) {
        SCHEDC_DIAGNOSTIC(UseHidden, UseOutsideRepos, "`use \"{}\"` leads to a file in a hidden directory", std::string_view);
        why = format_message(UseHidden, use.file);
        label = "in a hidden directory";
      }
    }
    if (!why) return false;
    auto& d = out_.diagnostics.report(std::move(*why), use.target_span);
    d.primary_label = label;
    d.help = "a `use` names a `.sched` file inside the repos being compiled (the directories given, the directories "
             "of the files given, `--repo`), outside hidden directories, and symbolic links must stay inside them; "
             "compile the other repo too, e.g. `schedc check . ../platform`";
    return true;
  }

  void report_cycle(const std::string& display, Span used_at, const Chain& chain) {
    auto start = std::find_if(chain.begin(), chain.end(), [&](const auto& c) { return c.first == display; });
    std::string cycle;
    for (auto it = start; it != chain.end(); ++it) cycle += it->first + " -> ";
    cycle += display;
    SCHEDC_DIAGNOSTIC(CyclicUse, ModuleCycle, "cyclic use: {}", std::string_view);
    auto& d = out_.diagnostics.report(CyclicUse, used_at, cycle);
    d.primary_label = "this use closes the cycle";
    for (auto it = std::next(start); it != chain.end(); ++it)
      if (it->second.file != 0) d.labels.push_back({it->second, "used here"});
    d.help = "move the shared declarations into a file that both can use";
  }

  std::string stdlib_help(const std::string& module) const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(in_.stdlib_dir, ec))
      if (e.path().extension() == ".sched") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + ("std." + n);
    std::string c = closest(module, names);
    if (!c.empty()) return fmt::format("did you mean `std.{}`? available modules: {}", c, list);
    return "available modules: " + (list.empty() ? std::string("none") : list);
  }

  struct Unreadable {
    std::string repo, display, real;
    FileRead read;
  };
  std::vector<Unreadable> unreadable_;  // inputs that cannot be read, reported after the walk
  enum class State { Loading, Done };
  const CompileInput& in_;
  SourceLoader& src_;
  CompileResult& out_;
  std::vector<lower::Unit>& units_;
  std::map<std::string, std::size_t> index_;
  std::map<std::string, std::pair<std::string, std::string>> input_names_;  // identity -> (repo, display) of inputs
  std::vector<State> state_;
  static constexpr std::size_t kFirstBatch = 8, kMaxBatch = 256;
  std::vector<std::pair<std::string, std::string>> ahead_inputs_;  // (identity, real path) of the inputs, in order
  std::map<std::string, std::size_t> ahead_position_;               // identity -> position in ahead_inputs_
  std::map<std::string, Ahead> ahead_;                              // read and parsed ahead, until the walk takes them
  std::size_t batch_size_ = kFirstBatch / 2;
};

// Reads the organisation index of `input` (SCH9001/SCH0006 when it cannot be read; its own problems: SCH9009/SCH9010).
std::optional<index::ReadResult> read_index(const CompileInput& input, SourceLoader& loader, CompileResult& out,
                                            Diagnostics& diags) {
  const std::string real = input.index_real.empty() ? input.index_display : input.index_real;
  FileRead r = loader.load(real, index::kMaxIndexBytes);
  const FileId id = out.sources.add(input.index_display, r.ok() ? std::move(r.text) : std::string(), "",
                                    real == input.index_display ? "" : real);
  if (!r.ok()) {
    if (r.status == FileRead::Status::TooLarge) {
      SCHEDC_DIAGNOSTIC(IndexTooLarge, InputTooLarge, "the organisation index is too large ({} bytes); the limit is 64 MiB",
                        std::string_view);
      diags.report(IndexTooLarge, Span{id, 0, 0}, thousands(static_cast<std::size_t>(r.size))).primary_label = "not read";
    } else {
      SCHEDC_DIAGNOSTIC(CannotReadIndex, CannotRead, "cannot read the organisation index `{}`: {}", std::string_view,
                        std::string_view);
      auto& d = diags.report(CannotReadIndex, Span{id, 0, 0}, input.index_display, r.why);
      d.primary_label = "not read";
      d.help = "give the `index.json` of the release's output (a regular file) with `--index FILE`";
    }
    index::ReadResult failed;
    return failed;
  }
  std::set<std::string> replaced;
  for (const auto& [name, root] : input.repos) replaced.insert(name);
  if (replaced.empty()) replaced.insert("");  // a single-repo compilation is the repo "" of a single-repo index
  return index::read_index(out.sources, id, replaced, diags);
}

}  // namespace

CompileResult compile(const CompileInput& input, SourceLoader& loader) {
  CompileResult out;
  std::vector<lower::Unit> units;
  for (const auto& [name, root] : input.repos) out.sources.set_repo_root(name, root);
  if (input.files.empty() && input.repo_files.empty() && input.problems.empty()) {
    SCHEDC_DIAGNOSTIC(NoSchedFilesCompile, NoInputFiles, "no .sched files to compile");
    auto& d = out.diagnostics.report(NoSchedFilesCompile, Span{});
    d.help = "pass .sched files or directories that contain them";
  } else {
    Loader(input, loader, out, units).load_inputs();
  }
  if (input.parse_cache) input.parse_cache->end_compilation();
  // The organisation index: read after the inputs (no input's file id moves), its models joining the analyses.
  // Its problems are kept apart until the end, so that they never stop the sources' own checks.
  std::optional<index::ReadResult> org;
  Diagnostics index_diagnostics;
  if (!input.index_display.empty()) org = read_index(input, loader, out, index_diagnostics);
  // Hand-written ADF entities: each file a source (located diagnostics), their problems kept apart like the index's.
  for (const auto& [name, root] : input.adf_roots)
    if (!out.sources.repo_roots().count(name)) out.sources.set_repo_root(name, root);
  adf_input::AdfInputs adf = adf_input::read_adf_inputs(
      input.adf_files, input.adf_schemas_real, input.adf_schemas_display,
      [&](const std::string& path, std::uint64_t limit) { return loader.load(path, limit); }, out.sources,
      index_diagnostics);
  // Units in a canonical order (by display path), so nothing depends on the order inputs were given in.
  std::sort(units.begin(), units.end(), [](const lower::Unit& a, const lower::Unit& b) { return a.display < b.display; });
  // Allowances are read from the comments before the syntax trees are freed, and applied once every warning is known.
  // Their own problems (SCH1017) are added at the end, so that they do not stop the checks they are about.
  std::vector<Allowance> allowances;
  Diagnostics allowance_problems;
  for (const auto& u : units)
    if (u.parsed && u.module.empty()) {
      auto found = collect_allowances(*u.ast, u.file, out.sources.file(u.file).text, allowance_problems);
      std::move(found.begin(), found.end(), std::back_inserter(allowances));
    }
  std::vector<ModelRegion> model_regions;
  for (const auto& u : units)
    if (u.parsed && u.module.empty())
      for (const auto& d : u.ast->decls)
        if (d.kind.text == "model" && d.name) model_regions.push_back({d.name->text, d.span});
  std::vector<ProjectAllowance> project_allowances;
  bool analysed = false;
  if (!out.diagnostics.has_errors()) {
    std::optional<ir::Project> project;
    {
      lower::Lowering lowering(out.sources, out.diagnostics, units);
      if (org) lowering.set_index(std::move(org->models), org->complete ? "" : input.index_display);
      project = lowering.run();
      project_allowances = lowering.project_allowances();
      if (input.keep_symbols) {
        auto index = std::make_shared<lower::SymbolIndex>();
        index->project = project ? *project : lowering.project();
        // The hand-written ADF entities too (the language server completes their ARM parameters' names).
        index->project.adf_entities = adf.entities;
        index->project.adf_parameter_definition = adf.parameter_definition;
        index->symbols = lowering.take_symbols();
        index->profiles = lowering.take_profiles();
        index->units = std::move(units);  // the symbols point into its elements, which a move keeps in place
        out.symbols = std::move(index);
      }
    }
    // The syntax trees are not needed once the IR exists: free them before the whole-project analyses.
    std::vector<lower::Unit>().swap(units);
    if (project && !out.diagnostics.has_errors()) analysis::analyze(*project, out.diagnostics);  // whole-project analyses
    if (project && !out.diagnostics.has_errors()) analysis::check_schedules(*project, out.diagnostics);
    if (project && !out.diagnostics.has_errors()) {
      project->adf_entities = std::move(adf.entities);
      project->adf_parameter_definition = std::move(adf.parameter_definition);
      project->adf_publish_config = std::move(adf.publish_config);
      adf_input::drop_build_output(*project);  // a build's own folder: what this build generates is not input
      adf_input::check_adf_entities(*project, out.diagnostics);  // collisions with generated names, references
      adf_input::check_arm_parameters(*project, !input.adf_files.empty() || !input.adf_roots.empty(), out.diagnostics);  // environments' values
    }
    analysed = project.has_value() && !out.diagnostics.has_errors();
    if (!out.diagnostics.has_errors() && !index_diagnostics.has_errors()) out.project = std::move(project);
  }
  for (const auto& d : index_diagnostics.all()) out.diagnostics.add(d);
  out.diagnostics.canonicalize([&](FileId id) { return out.sources.file(id).qualified(); });
  if (!allowances.empty() || !allowance_problems.all().empty() || !project_allowances.empty()) {
    apply_allowances(allowances, out.diagnostics, analysed);
    apply_project_allowances(project_allowances, model_regions, out.sources, out.diagnostics, analysed);
    for (const auto& d : allowance_problems.all()) out.diagnostics.add(d);
    if (out.diagnostics.has_errors()) out.project.reset();
    out.diagnostics.canonicalize([&](FileId id) { return out.sources.file(id).qualified(); });
  }
  return out;
}

}  // namespace schedc
