#pragma once
// The difference between two compilations of a project (`schedc diff`, README.md): the base (a pull request's target
// branch) and the head (its sources). Models are matched by name (`repo:name` in a multi-repo compilation); for each
// model added, removed or changed: what changed, field by field, read from the IR (never from the text, so a change
// of layout or comments is no change); the next fires of each side; the fire times added and removed over a window
// after a reference instant; the head's diagnostics that the base does not have (new) and the base's that the head
// does not have (fixed). A model declared on a side but not lowered there (its declaration has errors) is still
// listed: it has no fires on that side.
//
// Everything here is a function of its inputs (the reference instant is given, never read from the clock).
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/schedule/fire.hpp"
#include "compiler/source.hpp"

namespace schedc::diff {

// One diagnostic of a side, with what decides whether it is new: its code, the file relative to its input root
// (`repo:path` with repos), the model whose declaration holds it ("" outside every model) and the message. Line and
// column are kept for display only, so a line moved by an edit above does not make an old warning new.
struct DiagnosticEntry {
  std::string code;
  Severity severity = Severity::Error;
  std::string file;      // relative to its root: the same for a file in base and head
  std::string location;  // as printed: "head/models.sched:12:5" ("" without a location)
  std::string model;
  std::string message;
  [[nodiscard]] std::string key() const { return code + '\n' + file + '\n' + model + '\n' + message; }
};

// A model declaration of a side's sources, lowered or not.
struct DeclaredModel {
  std::string key;  // `repo:name` with repos, else the name
  Span span;        // the whole declaration
  std::string name, repo;
  std::string file;  // the display path of the declaring file (`repo:path` with repos)
};
// The models the project files of `symbols` declare (stdlib modules declare none).
std::vector<DeclaredModel> declared_models(const lower::SymbolIndex& symbols, const SourceManager& sources);

// `file_key` gives the matching path of a file (relative to the root it was given under). Suppressed (allowed)
// warnings are left out: they are accepted, not new.
std::vector<DiagnosticEntry> diagnostic_entries(const Diagnostics& diags, const SourceManager& sources,
                                                const std::vector<DeclaredModel>& models,
                                                const std::function<std::string(FileId)>& file_key);

struct Side {
  const ir::Project* project = nullptr;  // the models as far as they were lowered; null when lowering did not run
  std::vector<DeclaredModel> declared;   // every model declared, also those that did not lower (errors)
  std::size_t errors = 0, warnings = 0;  // warnings not allowed
  std::vector<DiagnosticEntry> diagnostics;
};

// A field that differs: its name ("schedule", "zone", "prerequisite", "target", ...), the values in words ("" when
// the side has none) and whether it is secondary (how a run runs, not when or whether it runs).
struct Change {
  std::string field;
  std::string before, after;
  bool secondary = false;
};

// Who fires a model's runs and when: the ADF trigger(s) of targets adf_notebook and adf_job, the Databricks job's
// own schedule of target databricks.
struct Fires {
  std::string scheduler;  // "ADF trigger", "Databricks job"
  std::string zone;       // the schedule's IANA zone (for local times)
  std::vector<schedule::Fire> next;          // the first `kNextCount` fires after the reference instant
  std::vector<schedule::Fire> window;        // every fire in (from, from + window]
  std::vector<schedule::Instant> in_window;  // their instants
  std::optional<std::string> error;          // why it cannot be simulated
};

// The fire instants only one side has: `removed` (base only), `added` (head only), both ascending.
struct FireDelta {
  std::vector<schedule::Instant> added, removed;
  [[nodiscard]] bool empty() const noexcept { return added.empty() && removed.empty(); }
};
// The set difference of two ascending lists of instants (duplicates count once).
FireDelta fire_delta(const std::vector<schedule::Instant>& before, const std::vector<schedule::Instant>& after);

enum class Status { Added, Removed, Changed };
const char* status_name(Status s) noexcept;  // "added", "removed", "changed"

struct ModelDiff {
  std::string key;   // `repo:name` with repos, else the name
  std::string name, repo;
  std::string file;  // the declaring file (the head's, or the base's for a removed model)
  Status status = Status::Changed;
  std::vector<Change> changes;           // Changed: primary first, in field order; Added/Removed: empty
  std::optional<Fires> before, after;    // absent on the side the model is not on, or does not lower on
  FireDelta delta;                       // over the window (empty when the fire times are not known)
  // Declared on that side but not lowered there (its declaration has errors): it has no fires on that side, and the
  // fields are not compared.
  bool base_errors = false, head_errors = false;
  // Whether the fire times added and removed are known: the model lowered on each side it is on.
  [[nodiscard]] bool fire_times_known() const noexcept { return !base_errors && !head_errors; }
};

inline constexpr std::size_t kNextCount = 3;
inline constexpr int kWindowDays = 30;
// More fires than this in the window (a schedule every minute fires 43,200 times in 30 days) are not simulated
// further: the counts say "at least".
inline constexpr std::size_t kMaxWindowFires = 100000;

struct Result {
  schedule::Instant from;
  int window_days = kWindowDays;
  bool base_lowered = false, head_lowered = false;  // whether each side's models could be compared
  std::size_t base_errors = 0, head_errors = 0;
  std::size_t base_warnings = 0, head_warnings = 0;
  std::vector<ModelDiff> models;  // sorted by key
  std::size_t unchanged = 0;      // models on both sides with no difference
  // Models declared on both sides but lowered on neither (errors on both): they cannot be compared.
  std::vector<std::string> not_compared;
  // Head diagnostics whose key no base diagnostic has, in head order. Warnings are judged new only when the base has
  // no errors (with errors, the whole-project checks did not run on it, so its warnings are not known): otherwise
  // only the head's new errors are listed.
  std::vector<DiagnosticEntry> new_diagnostics;
  bool new_warnings_judged = false;
  // Base diagnostics whose key no head diagnostic has, in base order; judged only when the head has no errors (then
  // every check ran on it: with errors, the whole-project checks do not run, and their diagnostics are not "fixed").
  std::vector<DiagnosticEntry> fixed_diagnostics;
  bool fixed_judged = false;
};

Result diff(const Side& base, const Side& head, schedule::Instant from);

// What a model's scheduler fires: its next kNextCount fires after `from` and every fire in (from, from + days].
Fires model_fires(const ir::Model& model, schedule::Instant from, int days);

}  // namespace schedc::diff
