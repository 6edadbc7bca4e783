#pragma once
// Schedule analyses over the whole IR (run after lowering): the proof of every model's lowering against its source
// schedule, and the author-time DST warnings. See docs/language.md §6.1.2 and proof/proof.hpp.
#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::analysis {

// Reports, per model:
//   SCH3006 (error)   the target's lowering fires differently outside DST transitions (the first counterexample);
//   SCH3007 (warning) the target fires differently only around DST transitions (the dates, what each does);
//   SCH3008 (warning) a fixed local time that does not exist or occurs twice on some dates (the dates);
//   SCH3009 (warning) the Windows zone ADF evaluates the trigger in has other UTC offsets than the schedule's zone.
// Results are computed once per distinct schedule (cron, zone, window), so many models sharing a schedule cost one.
void check_schedules(const ir::Project& project, Diagnostics& diags);

}  // namespace schedc::analysis
