#pragma once
// Whole-project analyses, run over a valid IR after lowering (docs/language.md §11): collisions and factory
// limits (collisions.cpp), the feasibility of model dependencies over time (dependencies.cpp), and runs that
// overlap on the same existing cluster (contention.cpp). Every analysis is near-linear in the number of models:
// hash maps, sorting and sweeps over fire times, never all pairs of models.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <date/date.h>

#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/source.hpp"
#include "compiler/schedule/fire.hpp"

namespace schedc::analysis {

using schedule::Instant;

// The years over which the time-based analyses check some schedules (docs/language.md §11), derived from the
// inputs only, never from the current date: from the first year any of them runs in (the tz database's release
// year, or a later `from`) through the year after the latest such start, on to the first 29 February, and through
// the last year in which one of their zones' offset changes are not yet those of its final rule. Every later year
// repeats a checked one.
struct Horizon {
  int first_year = 0;
  int last_year = 0;
  [[nodiscard]] Instant begin() const;  // 1 January of first_year, 00:00 UTC
  [[nodiscard]] Instant end() const;    // 1 January of the year after last_year, 00:00 UTC (exclusive)
  [[nodiscard]] std::string years() const;  // "2025-2028"
};
Horizon horizon_for(const std::vector<const ir::Schedule*>& schedules);

// Runs every analysis below over a valid IR.
void analyze(const ir::Project& project, Diagnostics& diags);

void check_collisions(const ir::Project& project, Diagnostics& diags);   // SCH4010, SCH4011, SCH4012

// Run by lowering (compiler/lower/lower.cpp) before the target analyses, over every model that lowered:
// success markers and dependency cycles (model_graph.cpp); generated names and the ADF activity limit
// (generated_names.cpp).
void check_model_graph(const ir::Project& project, bool markers_declared, std::optional<Span> project_decl,
                       Diagnostics& diags);      // SCH2006, SCH2005
void check_generated_names(const ir::Project& project, const SourceManager& sm, Diagnostics& diags);  // SCH4003
void check_pipeline_limits(const ir::Project& project, Diagnostics& diags);                           // SCH4004
void check_name_lengths(const ir::Project& project, Diagnostics& diags);                              // SCH1007
void check_feasibility(const ir::Project& project, Diagnostics& diags);  // SCH7001, SCH7002, SCH7003
void check_contention(const ir::Project& project, Diagnostics& diags);   // SCH7004, SCH7005
void check_bundle_values(const ir::Project& project, Diagnostics& diags);  // SCH6009
// The first `${...}` of `text` that the Databricks CLI would take for a bundle reference, if any.
std::optional<std::string> bundle_reference(std::string_view text);

// ---- building blocks, exposed for unit tests -------------------------------------------------------------------

// The fires of a schedule in (after, until], within its `from`/`until` window, ascending.
std::vector<Instant> schedule_fires(const ir::Schedule& s, Instant after, Instant until);
// The first fire of each local date (in the schedule's zone) in (after, until], ascending. A schedule that fires
// several times a day skips to the next local day after each date's first fire, so this costs about one fire per
// day, however dense the schedule.
std::vector<std::pair<date::local_days, Instant>> first_fire_per_date(const ir::Schedule& s, Instant after, Instant until);

// 691200 -> "8d", 5400 -> "1h30m": durations as they are written in .sched files.
std::string human_seconds(std::int64_t seconds);

// The local date of an instant in a zone.
date::local_days local_date(Instant instant, const schedule::tz::Zone& zone);

// A dependency `model UP` (same scheduled date) of DOWN, checked over [from, to).
struct DateProblem {
  date::local_days date{};          // the first date with the problem (the downstream's local date)
  Instant downstream{};             // the downstream's first fire on that date
  std::optional<Instant> upstream;  // the upstream's first fire for that date (early), none (missing)
  std::size_t dates = 0;            // how many dates in [from, to) have the problem
  // The order of the two models changes with a change of their zones' UTC offsets: on the first date with the
  // problem the difference of the two zones' offsets (at the downstream's run) is one that no date without the
  // problem has. False when every date has the problem, or when the zones' offsets differ by the same amount on
  // good and bad dates (the cause is then not daylight saving time). Computed only when the zones are given.
  bool offset_change = false;
};
struct SameDateResult {
  std::optional<DateProblem> early;    // the downstream's wait ends (check: it fires) at or before the upstream fires
  std::optional<DateProblem> missing;  // the upstream does not run for a date on which the downstream runs
};
SameDateResult check_same_date(const ir::Schedule& down, const ir::Schedule& up, std::int64_t wait_seconds,
                               Instant from, Instant to);

// The difference of two zones' UTC offsets at an instant (down's minus up's), with each zone's period cached:
// along ascending instants it costs a lookup only when a period ends. Decides DateProblem::offset_change.
class OffsetDifferences {
 public:
  OffsetDifferences(const schedule::tz::Zone* down, const schedule::tz::Zone* up) : down_(down), up_(up) {}
  [[nodiscard]] bool enabled() const noexcept { return down_ != nullptr && up_ != nullptr; }
  std::chrono::seconds at(Instant instant);
  void good(Instant instant);                      // an instant (a date, a run) without the problem
  [[nodiscard]] bool explains(Instant first_bad);  // the first problem's difference is one no good instant has

 private:
  const schedule::tz::Zone *down_, *up_;
  std::optional<schedule::tz::Period> down_period_, up_period_;
  std::vector<std::chrono::seconds> good_;  // distinct differences on good instants (a few at most)
};

// A dependency `model UP within W` of DOWN: a downstream fire f is stale when no upstream fire lies in
// [f - W, f + wait). Checked for the downstream's fires in [from, to).
struct StaleProblem {
  Instant downstream{};                    // the first stale downstream fire
  std::optional<Instant> latest_upstream;  // the latest upstream fire before its deadline (none: never ran)
  std::size_t runs = 0;                    // how many downstream fires in [from, to) are stale
  bool offset_change = false;              // as DateProblem::offset_change, for runs
};
std::optional<StaleProblem> check_within(const ir::Schedule& down, const ir::Schedule& up, std::int64_t within_seconds,
                                         std::int64_t wait_seconds, Instant from, Instant to);

// Run windows [begin, end) of several models on one cluster, each model's ascending and not overlapping each
// other (merge_windows). The sweep counts the models running at each instant.
struct Window {
  Instant begin{}, end{};
};
// Fires -> windows [fire, fire + length), overlapping or touching windows of the same model joined.
std::vector<Window> merge_windows(const std::vector<Instant>& fires, std::int64_t length_seconds);
struct Contention {
  std::size_t peak = 0;                // the most models running at once
  Instant peak_at{};                   // the first instant with that many
  std::optional<Instant> first_overlap;  // the first instant two models run at once
  std::vector<bool> involved;          // per model: runs while another model runs
};
// `parts` > 1 sweeps that many consecutive time ranges at once (on several threads) and combines them; the result
// is the same for any number of parts. 0: 16 parts when there are many windows, else 1.
Contention sweep(const std::vector<std::vector<Window>>& windows, std::size_t parts = 0);

}  // namespace schedc::analysis
