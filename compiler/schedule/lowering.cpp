// The one schedule lowering: see lowering.hpp.
#include "compiler/schedule/lowering.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "compiler/schedule/cron/cron.hpp"
#include "compiler/schedule/quartz/quartz.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace schedc::schedule {
namespace {

// The fixed start of a schedule without `from` (adf/recurrence.hpp): an `until` must lie after it.
constexpr schedule::adf::LocalDateTime kDefaultStart{2025, 1, 1, 0, 0, 0};

ScheduleProblem problem(std::string code, Part part, std::string message, std::string label = "",
                        std::string help = "") {
  ScheduleProblem p;
  p.code = std::move(code);
  p.part = part;
  p.message = std::move(message);
  p.label = std::move(label);
  p.help = std::move(help);
  return p;
}

std::optional<ScheduleProblem> cron_problem(const std::string& text, std::optional<schedule::cron::CronExpr>& out) {
  auto parsed = schedule::cron::parse(text);
  if (parsed.expr) {
    out = std::move(*parsed.expr);
    return std::nullopt;
  }
  const auto& e = *parsed.error;
  auto p = problem("SCH3001", Part::Cron, fmt::format("invalid cron expression: {}", e.message), "here", e.help);
  p.at_offsets = true;
  p.begin = static_cast<std::uint32_t>(e.begin);
  p.end = static_cast<std::uint32_t>(std::max(e.end, e.begin));
  return p;
}

ScheduleProblem unknown_zone(const std::string& zone) {
  auto p = problem("SCH3002", Part::Zone, fmt::format("unknown time zone `{}`", zone), "not an IANA time zone");
  const auto suggestions = schedule::tz::suggest_zones(zone, 3);
  if (!suggestions.empty()) {
    std::string list;
    for (const auto& z : suggestions) list += (list.empty() ? "`" : "`, `") + z;
    p.help = fmt::format("did you mean {}`?", list);
  } else {
    p.help = "use an IANA zone name such as \"Europe/Amsterdam\", \"America/New_York\" or \"UTC\"";
  }
  p.notes.push_back("zones are the IANA names of the system tz database (/usr/share/zoneinfo); names are case-sensitive");
  return p;
}

std::optional<ScheduleProblem> window_problem(const ScheduleText& t) {
  for (auto [time, part] : {std::pair{t.from, Part::From}, std::pair{t.until, Part::Until}}) {
    if (time && time->second != 0) {
      auto p = problem("SCH3005", part, "schedule windows are given to the minute; seconds are not allowed", "",
                       "remove the seconds");
      p.notes.push_back("ADF takes the seconds of a trigger's start time for every run");
      return p;
    }
  }
  if (t.until && !t.from && !(kDefaultStart < *t.until))
    return problem("SCH3005", Part::Until, "the schedule ends at or before its default start (2025-01-01T00:00)",
                   "ends here", "add `from DATE` with a date before this `until`, or choose a later `until`");
  if (t.from && t.until && !(*t.from < *t.until)) {
    auto p = problem("SCH3005", Part::Until,
                     *t.from == *t.until ? "the schedule ends when it starts, so it never runs"
                                         : "the schedule ends before it starts",
                     "", "make `until` later than `from`");
    p.labels.push_back({Part::From, "starts here"});
    return p;
  }
  return std::nullopt;
}

}  // namespace

LoweredSchedule lower_schedule(const ScheduleText& text) {
  LoweredSchedule out;
  std::optional<schedule::cron::CronExpr> expr;
  if (auto p = cron_problem(text.cron, expr)) {
    out.error = std::move(p);
    return out;
  }
  if (!schedule::tz::is_known_zone(text.zone)) {
    out.error = unknown_zone(text.zone);
    return out;
  }
  ir::Schedule& s = out.schedule;
  s.cron = std::move(*expr);
  s.zone = text.zone;
  s.from = text.from;
  s.until = text.until;
  if (auto p = window_problem(text)) {
    out.error = std::move(p);
    return out;
  }

  // ADF: a Windows zone id, then exact recurrences.
  if (const auto windows = schedule::tz::windows_zone(text.zone)) {
    s.windows_zone = *windows;
    s.utc = *windows == "UTC";
    auto lowered = schedule::adf::lower(s.cron, s.windows_zone, s.utc, schedule::adf::ScheduleWindow{s.from, s.until}, s.zone);
    if (lowered.error)
      out.adf_error = problem("SCH3004", Part::Cron, lowered.error->message, "no exact ADF triggers for this",
                              lowered.error->help);
    else
      s.adf = std::move(lowered.recurrences);
  } else {
    out.adf_error = problem("SCH3003", Part::Zone,
                            fmt::format("time zone `{}` has no Windows time zone id, which ADF triggers need", text.zone),
                            "no Windows id in CLDR",
                            "use a zone that CLDR maps to a Windows id, e.g. the main city zone of the same region, or "
                            "\"UTC\"");
  }

  // Databricks: one Quartz expression, which Quartz must read back.
  const auto quartz = schedule::quartz::to_quartz(s.cron);
  if (quartz.expression) {
    if (const auto parsed = schedule::quartz::parse(*quartz.expression); !parsed.expr)
      throw std::logic_error(fmt::format("schedule: to_quartz(`{}`) gave `{}`, which Quartz rejects: {}", s.cron.text,
                                         *quartz.expression, parsed.error.value_or("")));
    s.quartz = *quartz.expression;
  } else {
    out.quartz_error = problem(
        "SCH6005", Part::Cron,
        fmt::format("the schedule cannot be a Databricks (Quartz) schedule: {}",
                    quartz.error ? quartz.error->message : "no Quartz expression"),
        "no single Quartz expression",
        quartz.error && !quartz.error->help.empty() ? quartz.error->help
                                                    : "use `target = adf_job` to schedule the job with an ADF trigger");
    s.quartz_problem = out.quartz_error;
  }
  return out;
}

const LoweredSchedule& ScheduleLowerer::lower(const ScheduleText& text) {
  Key key{text.cron, text.zone, text.from, text.until};
  auto it = cache_.find(key);
  if (it == cache_.end()) it = cache_.emplace(std::move(key), lower_schedule(text)).first;
  return it->second;
}

}  // namespace schedc::schedule
