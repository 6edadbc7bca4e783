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

ScheduleProblem problem(FormattedMessage message, Part part, std::string label = "", std::string help = "") {
  ScheduleProblem p;
  p.kind = message.kind;
  p.part = part;
  p.message = std::move(message.text);
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
  SCHEDC_DIAGNOSTIC(InvalidCronExpression, InvalidCron, "invalid cron expression: {}", std::string_view);
  auto p = problem(format_message(InvalidCronExpression, e.message), Part::Cron, "here", e.help);
  p.at_offsets = true;
  p.begin = static_cast<std::uint32_t>(e.begin);
  p.end = static_cast<std::uint32_t>(std::max(e.end, e.begin));
  return p;
}

ScheduleProblem unknown_zone(const std::string& zone) {
  SCHEDC_DIAGNOSTIC(UnknownZone, UnknownTimeZone, "unknown time zone `{}`", std::string_view);
  auto p = problem(format_message(UnknownZone, zone), Part::Zone, "not an IANA time zone");
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
      SCHEDC_DIAGNOSTIC(WindowSeconds, InvalidWindow, "schedule windows are given to the minute; seconds are not allowed");
      auto p = problem(format_message(WindowSeconds), part, "", "remove the seconds");
      p.notes.push_back("ADF takes the seconds of a trigger's start time for every run");
      return p;
    }
  }
  SCHEDC_DIAGNOSTIC(EndsBeforeDefaultStart, InvalidWindow,
                    "the schedule ends at or before its default start (2025-01-01T00:00)");
  SCHEDC_DIAGNOSTIC(EndsWhenItStarts, InvalidWindow, "the schedule ends when it starts, so it never runs");
  SCHEDC_DIAGNOSTIC(EndsBeforeItStarts, InvalidWindow, "the schedule ends before it starts");
  if (t.until && !t.from && !(kDefaultStart < *t.until))
    return problem(format_message(EndsBeforeDefaultStart), Part::Until, "ends here", "add `from DATE` with a date before this `until`, or choose a later `until`");
  if (t.from && t.until && !(*t.from < *t.until)) {
    auto p = problem(format_message(*t.from == *t.until ? EndsWhenItStarts : EndsBeforeItStarts), Part::Until, "",
                     "make `until` later than `from`");
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

  // ADF: a Windows zone id, then exact recurrences. The ADF lowering words why a shape has no exact triggers.
  SCHEDC_DIAGNOSTIC(NoAdfTrigger, NotAnAdfTrigger, "{}", std::string_view);
  SCHEDC_DIAGNOSTIC(NoWindowsId, NoWindowsZone, "time zone `{}` has no Windows time zone id, which ADF triggers need",
                    std::string_view);
  if (const auto windows = schedule::tz::windows_zone(text.zone)) {
    s.windows_zone = *windows;
    s.utc = *windows == "UTC";
    auto lowered = schedule::adf::lower(s.cron, s.windows_zone, s.utc, schedule::adf::ScheduleWindow{s.from, s.until}, s.zone);
    if (lowered.error)
      out.adf_error = problem(format_message(NoAdfTrigger, lowered.error->message), Part::Cron,
                              "no exact ADF triggers for this", lowered.error->help);
    else
      s.adf = std::move(lowered.recurrences);
  } else {
    const auto like = schedule::tz::zones_like(text.zone);
    std::string quoted;
    for (const auto& z : like) quoted += fmt::format("{}\"{}\"", quoted.empty() ? "" : ", ", z);
    out.adf_error = problem(format_message(NoWindowsId, text.zone), Part::Zone, "no Windows id in CLDR",
                            like.empty() ? "use a zone that CLDR maps to a Windows id, e.g. the main city zone of the "
                                           "same region, or \"UTC\""
                                         : fmt::format("use the zone of the city the schedule follows; {} {} the same "
                                                       "UTC offsets as `{}` in 2026 and 2027 and a Windows id",
                                                       quoted, like.size() == 1 ? "has" : "have", text.zone));
  }

  // Databricks: one Quartz expression, which Quartz must read back.
  const auto quartz = schedule::quartz::to_quartz(s.cron);
  if (quartz.expression) {
    if (const auto parsed = schedule::quartz::parse(*quartz.expression); !parsed.expr)
      throw std::logic_error(fmt::format("schedule: to_quartz(`{}`) gave `{}`, which Quartz rejects: {}", s.cron.text,
                                         *quartz.expression, parsed.error.value_or("")));
    s.quartz = *quartz.expression;
  } else {
    SCHEDC_DIAGNOSTIC(NoQuartz, NotAQuartzSchedule, "the schedule cannot be a Databricks (Quartz) schedule: {}",
                      std::string_view);
    out.quartz_error = problem(
        format_message(NoQuartz, quartz.error ? quartz.error->message : "no Quartz expression"), Part::Cron,
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
