#pragma once
// The proof behind a Databricks job schedule: a cron schedule lowered to Quartz (quartz::to_quartz), then the
// Quartz expression's fires as Databricks runs them (quartz::QuartzCursor) compared with the source schedule's
// fires (schedule::FireCursor) over a fixed horizon that covers every DST change, month end and leap day of
// 2025-2027. Differences inside DST transition windows are expected (the targets' DST rules differ, see
// docs/language.md §6.2); any other difference would mean the lowering is wrong.
//
// Kept small and self-contained so that a general proof pass over every target can take it over.
#include <optional>
#include <string>

#include <date/tz.h>

#include "compiler/schedule/cron.hpp"
#include "compiler/schedule/fire.hpp"
#include "compiler/schedule/quartz.hpp"

namespace schedc::quartz_proof {

// The horizon: every instant from 2025-01-01T00:00:00Z to 2027-12-31T23:59:59Z.
schedule::Instant horizon_begin();
schedule::Instant horizon_end();

struct Result {
  std::optional<std::string> expression;         // the Quartz expression (absent when lowering failed)
  std::optional<quartz::LoweringError> error;    // why the schedule has no Quartz expression
  schedule::FireComparison comparison;           // source (reference) against Databricks (candidate)
};

// Lowers `expr` and compares its Quartz fires with the cron's fires in `zone` over the horizon. Sparse schedules
// (at most 96 times a day) are compared over the whole horizon; denser ones over the critical spans
// (schedule::critical_spans: around every offset change and month boundary), where a wrong lowering shows.
// Throws std::logic_error when to_quartz yields an expression quartz::parse rejects (an internal error).
Result prove(const cron::CronExpr& expr, const date::time_zone& zone);

}  // namespace schedc::quartz_proof
