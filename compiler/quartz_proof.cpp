#include "compiler/quartz_proof.hpp"

#include <stdexcept>
#include <vector>

namespace schedc::quartz_proof {
namespace {

constexpr std::size_t kMaxDifferences = 64;  // enough to report; a wrong lowering shows in the first few
constexpr std::size_t kSparseTimesPerDay = 96;

void append(schedule::FireComparison& into, const schedule::FireComparison& from) {
  into.outside_transitions.insert(into.outside_transitions.end(), from.outside_transitions.begin(),
                                  from.outside_transitions.end());
  into.inside_transitions.insert(into.inside_transitions.end(), from.inside_transitions.begin(),
                                 from.inside_transitions.end());
}

schedule::FireComparison compare(const cron::CronExpr& expr, const quartz::QuartzExpr& q, const date::time_zone& zone,
                                 schedule::Instant after, schedule::Instant until,
                                 const std::vector<schedule::Transition>& transitions) {
  schedule::FireCursor source(expr, zone, after, until);
  quartz::QuartzCursor databricks(q, zone, after, until);
  return schedule::compare_cursors(source, databricks, transitions, kMaxDifferences);
}

}  // namespace

schedule::Instant horizon_begin() { return date::sys_days{date::year{2025} / 1 / 1}; }
schedule::Instant horizon_end() { return date::sys_days{date::year{2028} / 1 / 1} - std::chrono::seconds{1}; }

Result prove(const cron::CronExpr& expr, const date::time_zone& zone) {
  Result out;
  auto lowered = quartz::to_quartz(expr);
  if (!lowered.expression) {
    out.error = lowered.error.value_or(quartz::LoweringError{"no Quartz expression", ""});
    return out;
  }
  auto parsed = quartz::parse(*lowered.expression);
  if (!parsed.expr)
    throw std::logic_error("quartz: the lowering of `" + expr.text + "` is `" + *lowered.expression +
                           "`, which does not parse: " + parsed.error.value_or("?"));
  out.expression = *lowered.expression;
  // Cursors are strictly after `after`: start one second before the horizon.
  const schedule::Instant after = horizon_begin() - std::chrono::seconds{1};
  const schedule::Instant until = horizon_end();
  const auto transitions = schedule::transitions(zone, after, until);
  if (expr.minutes.count() * expr.hours.count() <= kSparseTimesPerDay) {
    out.comparison = compare(expr, *parsed.expr, zone, after, until, transitions);
    return out;
  }
  for (const auto& span : schedule::critical_spans(zone, after, until)) {
    append(out.comparison, compare(expr, *parsed.expr, zone, span.from, span.to, transitions));
    if (out.comparison.outside_transitions.size() + out.comparison.inside_transitions.size() >= kMaxDifferences) break;
  }
  return out;
}

}  // namespace schedc::quartz_proof
