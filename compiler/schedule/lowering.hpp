#pragma once
// The one schedule lowering: the only code that turns a schedule as written (cron text, IANA zone, `from`/`until`
// window) into an ir::Schedule with its ADF recurrences and its Quartz expression, or says why it cannot. `check`,
// `build`, `next` and the proofs all take schedules from here, so the same input gets the same codes and text
// everywhere. A ScheduleLowerer lowers each distinct schedule once.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/schedule/adf/recurrence.hpp"
#include "compiler/schedule/problem.hpp"

namespace schedc::schedule {

// A schedule as written.
struct ScheduleText {
  std::string cron;  // the five fields (or a macro), decoded
  std::string zone;  // IANA zone as written
  std::optional<schedule::adf::LocalDateTime> from, until;
};

struct LoweredSchedule {
  // The schedule itself is invalid (SCH3001 cron, SCH3002 zone, SCH3005 window): nothing else is set.
  std::optional<ScheduleProblem> error;
  // When valid: cron, zone, Windows zone ("" when CLDR has none), window; `adf` and `quartz` where they exist.
  ir::Schedule schedule;
  std::optional<ScheduleProblem> adf_error;     // SCH3003 (no Windows id) or SCH3004 (no exact ADF triggers)
  std::optional<ScheduleProblem> quartz_error;  // SCH6005 (no single Quartz expression)
};

// Lowers one schedule for both targets. Pure: the same text gives the same result on any thread.
LoweredSchedule lower_schedule(const ScheduleText& text);

// Memoises lower_schedule per distinct text (for one compilation).
class ScheduleLowerer {
 public:
  const LoweredSchedule& lower(const ScheduleText& text);

 private:
  using Key = std::tuple<std::string, std::string, std::optional<schedule::adf::LocalDateTime>, std::optional<schedule::adf::LocalDateTime>>;
  std::map<Key, LoweredSchedule> cache_;
};

// Reports `problem` into `diags`; `span_of(part, offsets)` says where each part of the schedule is written
// (`offsets`: [begin, end) of the cron text, or null for the whole part).
template <class SpanOf>
Diagnostic& report(const ScheduleProblem& problem, Diagnostics& diags, SpanOf&& span_of) {
  const std::pair<std::uint32_t, std::uint32_t> offsets{problem.begin, problem.end};
  auto& d = diags.report(FormattedMessage{problem.kind, problem.message},
                         span_of(problem.part, problem.at_offsets ? &offsets : nullptr));
  d.primary_label = problem.label;
  for (const auto& [part, text] : problem.labels) d.labels.push_back({span_of(part, nullptr), text});
  d.notes = problem.notes;
  if (!problem.help.empty()) d.help = problem.help;
  return d;
}

}  // namespace schedc::schedule
