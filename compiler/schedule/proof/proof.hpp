#pragma once
// The proof of a lowering: the fires of a target's model (ADF recurrences, a Quartz expression) compared with the
// source schedule's fires, instant by instant, over a deterministic horizon.
//
// The horizon (proof_horizon) is derived from the inputs only, never from the current date: it starts on 1 January
// (UTC) of the tz database's release year or at the schedule's `from`, whichever is later, and runs for at least
// two years, until past the first 29 February and through the last year in which the zone's offset changes are
// not yet those of its final rule (tz::Zone::last_irregular_year): every DST rule the zone has from the release on,
// every month end and a leap day. After it every year repeats one already checked (the final rule). Schedules firing more than 48 times a day
// are compared around every transition and month boundary only (schedule::critical_spans), which is where a
// lowering of such a schedule can differ; the others over the whole horizon.
//
// The result separates differences that no DST policy explains (a wrong lowering: the first counterexample) from
// differences inside DST transitions (what the source and the target each do around each such transition).
#include <optional>
#include <string>
#include <vector>

#include "compiler/schedule/adf/recurrence.hpp"
#include "compiler/schedule/cron/cron.hpp"
#include "compiler/schedule/fire.hpp"
#include "compiler/schedule/quartz/quartz.hpp"

namespace schedc::schedule::proof {

using schedule::Fire;
using schedule::Instant;

struct Horizon {
  Instant from;  // exclusive
  Instant to;    // inclusive
};

// The horizon for a schedule whose window starts at `from` (local, in `zone`; none: the default start).
[[nodiscard]] Horizon proof_horizon(const std::optional<schedule::adf::LocalDateTime>& from, const schedule::tz::Zone& zone);

// The first instant where the two differ outside every DST transition window.
struct Counterexample {
  Instant instant;                    // the instant only one of them fires at
  bool source_fires = false;          // the source fires at `instant` (else the target does)
  std::optional<Instant> source_next; // the source's first fire at or after `instant` (within the horizon)
  std::optional<Instant> target_next; // the target's ...
};

// One DST transition around which source and target differ, with every fire of each in its window.
struct TransitionDifference {
  schedule::Transition transition;
  std::vector<Fire> source;
  std::vector<Fire> target;
};

struct ProofResult {
  Horizon horizon;
  std::optional<std::string> error;                 // the target could not be simulated (an internal error)
  std::optional<Counterexample> counterexample;     // differs outside transitions: a wrong lowering
  std::vector<TransitionDifference> transitions;    // differs inside these transitions, ascending
  [[nodiscard]] bool exact() const noexcept { return !error && !counterexample && transitions.empty(); }
};

// ADF: the union of the recurrences' fires (adf/sim.hpp) against the source, in `zone`. `until` is the schedule's
// end (local), which bounds the source as the recurrences' endTime bounds the target.
[[nodiscard]] ProofResult prove_adf(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone,
                                    const std::vector<schedule::adf::Recurrence>& recurrences, const Horizon& horizon,
                                    const std::optional<schedule::adf::LocalDateTime>& from = std::nullopt,
                                    const std::optional<schedule::adf::LocalDateTime>& until = std::nullopt);

// Databricks: a Quartz expression as Databricks runs it (quartz.hpp) against the source.
[[nodiscard]] ProofResult prove_quartz(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone,
                                       const schedule::quartz::QuartzExpr& quartz, const Horizon& horizon);

// The DST hazards of a fixed-time schedule (author-time warnings): the source's fires whose scheduled local time
// falls in a gap (kind AfterGap) or an overlap (OverlapFirst) within the horizon, ascending. Empty for wildcard
// schedules, whose times are real instants by definition.
[[nodiscard]] std::vector<Fire> dst_hazards(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone,
                                            const Horizon& horizon);

// The first instant in the horizon at which `zone` and `other` have different UTC offsets (nullopt: the same
// offsets throughout), for comparing a zone with the rules of the Windows zone ADF evaluates it in.
struct OffsetDifference {
  Instant at;
  std::chrono::seconds offset;        // in `zone`
  std::chrono::seconds other_offset;  // in `other`
};
[[nodiscard]] std::optional<OffsetDifference> first_offset_difference(const schedule::tz::Zone& zone,
                                                                      const schedule::tz::Zone& other,
                                                                      const Horizon& horizon);

}  // namespace schedc::schedule::proof
