#include "cli/next.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <ostream>
#include <set>
#include <stdexcept>
#include <utility>
#include <variant>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/cli.hpp"
#include "cli/formats.hpp"
#include "cli/render.hpp"
#include "codegen/adf/adf.hpp"
#include "codegen/json/json.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/schedule/adf/recurrence.hpp"
#include "compiler/schedule/adf/sim.hpp"
#include "compiler/schedule/cron/cron.hpp"
#include "compiler/schedule/lowering.hpp"
#include "compiler/schedule/quartz/quartz.hpp"
#include "compiler/targets/targets.hpp"
#include "compiler/schedule/tz/timezone.hpp"
#include "compiler/source.hpp"

namespace schedc::cli {

namespace {

using schedule::Fire;
using schedule::FireKind;
using schedule::Instant;
using Json = codegen::json::Json;

constexpr int kMaxCount = 1000;

// ---- the schedule and what each target makes of it --------------------------------------------------------------

struct TargetError {
  FormattedMessage message;
  std::string help;
};

struct AdfSide {
  std::vector<schedule::adf::Recurrence> recurrences;
  std::vector<std::string> trigger_names;  // model mode: tr_<model>[_n]; empty for --cron
  std::vector<Fire> fires;
  std::optional<TargetError> error;
};

struct QuartzSide {
  std::string expression;
  std::string timezone_id;
  std::vector<Fire> fires;
  std::optional<TargetError> error;
};

struct Preview {
  std::string model;  // "" for --cron
  const schedule::cron::CronExpr* cron = nullptr;
  std::string zone;
  const schedule::tz::Zone* tz = nullptr;
  std::optional<schedule::adf::LocalDateTime> window_from, window_until;
  Instant after;
  std::size_t count = 0;
  std::vector<Fire> fires;  // the source's
  AdfSide adf;
  QuartzSide quartz;
};

// The range schedc handles: years 0001 to 9999 (docs/language.md §2, dates). Fires are looked for up to its end.
const Instant kRangeEnd{date::sys_days{date::year{9999} / 12 / 31} + std::chrono::hours{24} - std::chrono::seconds{1}};

Instant search_end(Instant after) {
  return std::min(after + std::chrono::duration_cast<std::chrono::seconds>(schedule::kDefaultSearchSpan), kRangeEnd);
}

// The source fires: the cron in its zone, within the schedule's from/until window (both inclusive, like the ADF
// trigger's startTime and endTime they become).
std::vector<Fire> source_fires(const Preview& p) {
  Instant after = p.after;
  if (p.window_from) after = std::max(after, schedule::adf::to_instant(*p.window_from, *p.tz, schedule::kCronFixedTimePolicy) - std::chrono::seconds{1});
  Instant until = p.window_until ? schedule::adf::to_instant(*p.window_until, *p.tz, schedule::kCronFixedTimePolicy) : search_end(p.after);
  until = std::min(until, kRangeEnd);
  if (until <= after) return {};
  schedule::FireCursor cursor(*p.cron, *p.tz, after, until);
  return schedule::drain(cursor, p.count);
}

// The union of the recurrences' fires (ascending, unique instants), the first `count` of them.
void simulate_adf(const Preview& p, AdfSide& side) {
  schedule::adf::SimulationResult r =
      schedule::adf::simulate_first(side.recurrences, *p.tz, p.after, search_end(p.after), p.count);
  if (r.error) {
    SCHEDC_DIAGNOSTIC(CannotSimulate, NotAnAdfTrigger, "the ADF trigger cannot be simulated: {}", std::string_view);
    side.error = TargetError{format_message(CannotSimulate, r.error->message), ""};
    return;
  }
  side.fires = std::move(r.fires);
}

// Databricks job schedules have no start or end: the Quartz fires are not bounded by the from/until window.
void simulate_quartz(const Preview& p, QuartzSide& side) {
  if (side.error) return;
  auto parsed = schedule::quartz::parse(side.expression);
  if (!parsed.expr)
    throw std::logic_error(fmt::format("next: the Quartz expression `{}` does not parse: {}", side.expression,
                                       parsed.error.value_or("unknown error")));
  schedule::quartz::QuartzCursor cursor(*parsed.expr, *p.tz, p.after, search_end(p.after));
  side.fires = schedule::drain(cursor, p.count);
}

// What the one schedule lowering says of each target (compiler/schedule/lowering.hpp), in the same codes and text
// as `check`.
TargetError target_error(const schedule::ScheduleProblem& problem) {
  return {FormattedMessage{problem.kind, problem.message}, problem.help};
}

void set_quartz(Preview& p, const ir::Schedule& s) {
  p.quartz.timezone_id = p.zone;
  if (s.quartz)
    p.quartz.expression = *s.quartz;
  else if (s.quartz_problem)
    p.quartz.error = target_error(*s.quartz_problem);
  else
    throw std::logic_error("next: a schedule has neither a Quartz expression nor the reason it has none");
}

void simulate(Preview& p) {
  p.fires = source_fires(p);
  if (!p.adf.error) simulate_adf(p, p.adf);
  simulate_quartz(p, p.quartz);
}

// ---- text ----------------------------------------------------------------------------------------------------------

// "03:00" (":SS" only when not zero)
std::string clock(std::chrono::seconds since_midnight) {
  const auto t = since_midnight.count();
  std::string out = fmt::format("{:02}:{:02}", t / 3600, t / 60 % 60);
  if (t % 60 != 0) out += fmt::format(":{:02}", t % 60);
  return out;
}

std::string hhmm(schedule::LocalTime local) { return clock(local - date::floor<date::days>(local)); }

// "Sun 2026-03-29 03:00 +02:00": the instant on the zone's wall clock (date arithmetic only; no locale).
std::string local_cell(Instant instant, const schedule::tz::Zone& zone) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  const schedule::tz::Period info = zone.get_info(instant);
  const schedule::LocalTime local{instant.time_since_epoch() + info.offset};
  const date::local_days day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const auto offset = info.offset.count();
  const auto magnitude = offset < 0 ? -offset : offset;
  return fmt::format("{} {:04}-{:02}-{:02} {} {}{:02}:{:02}", kDays.at(date::weekday{day}.c_encoding()),
                     static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     clock(local - day), offset < 0 ? '-' : '+', magnitude / 3600, magnitude / 60 % 60);
}

std::string kind_note(const Fire& f) {
  switch (f.kind) {
    case FireKind::Normal: return "";
    case FireKind::AfterGap: return fmt::format("{} is in a DST gap, runs when it ends", hhmm(f.scheduled));
    case FireKind::OverlapFirst: return fmt::format("{} occurs twice (DST), first", hhmm(f.scheduled));
    case FireKind::OverlapSecond: return fmt::format("{} occurs twice (DST), second", hhmm(f.scheduled));
  }
  return "";
}

struct Column {
  std::string name;                 // "ADF", "Databricks"; "" = the source
  const std::vector<Fire>* fires;
};

void error_lines(std::string& out, const std::string& label, const TargetError& e) {
  out += fmt::format("{:<12}error[{}]: {}\n", label, code_of(e.message.kind), e.message.text);
  if (!e.help.empty()) out += fmt::format("{:<12}help: {}\n", "", e.help);
}

std::string text_of(const Preview& p) {
  std::string out;
  out += fmt::format("{:<12}cron \"{}\" in \"{}\" (tzdata {})\n", "schedule", p.cron->text, p.zone, schedule::tz::tzdata_version());
  if (!p.model.empty()) out += fmt::format("{:<12}{}\n", "model", p.model);
  if (p.window_from || p.window_until) {
    std::string w;
    if (p.window_from) w += "from " + schedule::adf::format_time(*p.window_from, false);
    if (p.window_until) w += std::string(w.empty() ? "" : " ") + "until " + schedule::adf::format_time(*p.window_until, false);
    out += fmt::format("{:<12}{} (local)\n", "window", w);
  }
  if (p.adf.error) {
    error_lines(out, "ADF", *p.adf.error);
  } else {
    for (std::size_t i = 0; i < p.adf.recurrences.size(); ++i) {
      std::string name = i < p.adf.trigger_names.size() ? p.adf.trigger_names[i] + ": " : "";
      out += fmt::format("{:<12}{}{}\n", i == 0 ? "ADF" : "", name,
                         codegen::adf::recurrence_json(p.adf.recurrences[i]).dump());
    }
  }
  if (p.quartz.error)
    error_lines(out, "Databricks", *p.quartz.error);
  else
    out += fmt::format("{:<12}quartz_cron_expression \"{}\", timezone_id \"{}\"\n", "Databricks", p.quartz.expression,
                       p.quartz.timezone_id);
  out += fmt::format("\nnext {} fire{} after {}:\n\n", p.count, p.count == 1 ? "" : "s", schedule::format_utc(p.after));

  std::vector<Column> columns{{"", &p.fires}};
  if (!p.adf.error) columns.push_back({"ADF", &p.adf.fires});
  if (!p.quartz.error) columns.push_back({"Databricks", &p.quartz.fires});

  // One row per instant at which any of them fires, up to where every column is complete (a column that holds
  // `count` fires says nothing after its last one).
  std::optional<Instant> end;
  for (const auto& c : columns)
    if (c.fires->size() >= p.count && (!end || c.fires->back().instant < *end)) end = c.fires->back().instant;
  std::vector<Instant> instants;
  for (const auto& c : columns)
    for (const auto& f : *c.fires)
      if (!end || f.instant <= *end) instants.push_back(f.instant);
  std::sort(instants.begin(), instants.end());
  instants.erase(std::unique(instants.begin(), instants.end()), instants.end());

  const auto fire_at = [](const std::vector<Fire>& fires, Instant at) -> const Fire* {
    auto it = std::lower_bound(fires.begin(), fires.end(), at, [](const Fire& f, Instant i) { return f.instant < i; });
    return it != fires.end() && it->instant == at ? &*it : nullptr;
  };

  std::vector<std::vector<std::string>> table;
  std::vector<std::string> header{"#", fmt::format("local ({})", p.zone), "UTC", "source"};
  for (std::size_t k = 1; k < columns.size(); ++k) header.push_back(columns[k].name);
  header.push_back("");
  table.push_back(header);
  bool any_marked = false;
  std::size_t number = 0;
  for (const Instant at : instants) {
    const Fire* source = fire_at(p.fires, at);
    std::vector<std::string> row{source ? std::to_string(++number) : "", local_cell(at, *p.tz),
                                 schedule::format_utc(at), source ? "yes" : "no"};
    std::vector<std::pair<std::string, std::string>> notes;  // (note, who)
    if (source)
      if (auto note = kind_note(*source); !note.empty()) notes.emplace_back(note, "source");
    for (std::size_t k = 1; k < columns.size(); ++k) {
      const Fire* target = fire_at(*columns[k].fires, at);
      const bool mark = (target != nullptr) != (source != nullptr);
      any_marked = any_marked || mark;
      row.push_back(std::string(target ? "yes" : "no") + (mark ? " *" : ""));
      if (target)
        if (auto note = kind_note(*target); !note.empty()) notes.emplace_back(note, columns[k].name);
    }
    // "source, ADF: 02:30 is in a DST gap, ..." (one entry per distinct note, in column order)
    std::vector<std::pair<std::string, std::string>> merged;
    for (const auto& entry : notes) {  // not a structured binding: clang 14 cannot capture one in a lambda
      const std::string& note = entry.first;
      auto it = std::find_if(merged.begin(), merged.end(), [&](const auto& m) { return m.first == note; });
      if (it == merged.end())
        merged.emplace_back(note, entry.second);
      else
        it->second += ", " + entry.second;
    }
    std::string note_text;
    for (const auto& [note, who] : merged) note_text += (note_text.empty() ? "" : "; ") + who + ": " + note;
    row.push_back(note_text);
    table.push_back(row);
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& row : table)
    for (std::size_t k = 0; k < row.size(); ++k) widths[k] = std::max(widths[k], row[k].size());
  for (const auto& row : table) {
    std::string line;
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (k == 0)
        line += fmt::format("{:>{}}", row[k], widths[k]);
      else
        line += "  " + (k + 1 == row.size() ? row[k] : fmt::format("{:<{}}", row[k], widths[k]));
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  if (instants.empty()) out += "(no fires)\n";
  if (any_marked) out += "\n* the target differs from the source at this instant\n";
  return out;
}

// ---- JSON ------------------------------------------------------------------------------------------------------------

Json fires_json(const std::vector<Fire>& fires) {
  Json out = Json::array();
  for (const auto& f : fires) out.push_back(schedule::format_utc(f.instant));
  return out;
}

Json error_json(const TargetError& e) {
  Json err = Json::object();
  err["code"] = code_of(e.message.kind);
  err["message"] = e.message.text;
  if (!e.help.empty()) err["help"] = e.help;
  return Json::object({{"error", err}});
}

std::string json_of(const Preview& p) {
  Json root = Json::object();
  if (!p.model.empty()) root["model"] = p.model;
  root["cron"] = p.cron->text;
  root["tz"] = p.zone;
  root["tzdata"] = schedule::tz::tzdata_version();
  root["cldr"] = schedule::tz::windows_zones_version();
  root["from"] = schedule::format_utc(p.after);
  root["count"] = p.count;
  root["fires"] = fires_json(p.fires);
  if (p.adf.error) {
    root["adf"] = error_json(*p.adf.error);
  } else {
    Json triggers = Json::array();
    for (const auto& r : p.adf.recurrences) triggers.push_back(codegen::adf::recurrence_json(r));
    root["adf"] = Json::object({{"triggers", triggers}, {"fires", fires_json(p.adf.fires)}});
  }
  if (p.quartz.error) {
    root["databricks"] = error_json(*p.quartz.error);
  } else {
    Json dbx = Json::object();
    dbx["quartz_cron_expression"] = p.quartz.expression;
    dbx["timezone_id"] = p.quartz.timezone_id;
    dbx["fires"] = fires_json(p.quartz.fires);
    root["databricks"] = std::move(dbx);
  }
  return codegen::json::dump(root, 2);
}

// What `next MODEL` shows of a model: its schedule, and each target's lowering of it.
Preview model_preview(const ir::Model& model, Instant after, std::size_t count) {
  const ir::Schedule& s = model.schedule;
  const schedule::tz::Zone* tz = schedule::tz::find_zone(s.zone);
  if (!tz) throw std::logic_error("next: the zone of model " + model.name + " is not in the tz database");
  Preview p;
  p.model = model.name;
  p.cron = &s.cron;
  p.zone = s.zone;
  p.tz = tz;
  p.window_from = s.from;
  p.window_until = s.until;
  p.after = after;
  p.count = count;
  p.adf.recurrences = s.adf;
  p.adf.trigger_names = model.names.triggers;
  SCHEDC_DIAGNOSTIC(NoAdfTriggerForDatabricks, UnsupportedByTarget, "model `{}` has target `databricks`: it has no ADF trigger",
                    std::string_view);
  if (model.target == ir::Target::Databricks)  // Databricks-native: the job schedules itself, ADF has no trigger
    p.adf.error = TargetError{format_message(NoAdfTriggerForDatabricks, model.name), "its runs are the Databricks column"};
  set_quartz(p, s);
  SCHEDC_DIAGNOSTIC(NoQuartzForAdfTarget, UnsupportedByTarget,
                    "model `{}` has target `{}`: ADF's trigger starts it, Databricks does not schedule it",
                    std::string_view, std::string_view);
  if (model.target != ir::Target::Databricks)  // ADF schedules it (a notebook run, or a job ADF starts)
    p.quartz.error = TargetError{format_message(NoQuartzForAdfTarget, model.name, targets::target_name(model.target)),
                                 "its runs are the ADF column; `schedc next --cron ... --tz ...` shows both lowerings"};
  return p;
}

int print(Preview& p, const NextOptions& o, std::ostream& out) {
  simulate(p);
  out << (o.format == "json" ? json_of(p) : text_of(p));
  return kOk;
}

// Diagnostics about command-line input, rendered like the compiler's (exit 1).
int report(const Diagnostics& diags, const SourceManager& sm, const NextOptions& o, std::ostream& err) {
  if (o.diagnostics_json) {
    err << cli::render_json(diags, sm);
  } else if (o.diagnostics_format == "sarif") {
    err << cli::render_sarif(diags, sm);
  } else if (o.diagnostics_format == "github") {
    err << cli::render_github(diags, sm);
  } else if (o.diagnostics_format == "azure-devops") {
    err << cli::render_azure_devops(diags, sm);
  } else {
    err << cli::render_text(diags, sm, RenderOptions{o.color}) << fmt::format("schedc: failed: {}\n", summary(diags));
  }
  return kInputError;
}

Instant resolve_from(const NextOptions& o) {
  if (!o.from.empty())
    if (auto t = parse_from(o.from)) return *t;
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace

std::optional<Instant> parse_from(std::string_view text) {
  const std::optional<Instant> t =
      text.size() == 10 ? schedule::parse_utc(std::string(text) + "T00:00:00Z") : schedule::parse_utc(text);
  if (t && *t < Instant{date::sys_days{date::year{1} / 1 / 1}}) return std::nullopt;  // years 0001-9999
  return t;
}

CLI::App* add_next_command(CLI::App& app, NextOptions& o) {
  auto* next = app.add_subcommand("next", "Show the next fire times of a schedule, in the source and in each target");
  next->add_option("model_and_paths", o.args, "MODEL [PATHS...]: a model and the .sched files or directories (default .)");
  next->add_option_function<std::string>("--cron", [&o](const std::string& v) { o.cron = v; },
                                         "A cron expression (instead of MODEL), with --tz");
  next->add_option_function<std::string>("--tz", [&o](const std::string& v) { o.tz = v; },
                                         "The IANA time zone of --cron");
  next->add_option("--from", o.from, "Fires strictly after this UTC time (default now): 2026-03-28T00:00:00Z or 2026-03-28")
      ->check([](const std::string& v) {
        return parse_from(v) ? std::string()
                             : "expected a UTC time such as 2026-03-28T00:00:00Z or a date such as 2026-03-28, in years 0001-9999";
      });
  next->add_option("--count", o.count, "How many fires (1..1000)")->check(CLI::Range(1, kMaxCount))->default_str("10");
  next->add_option("--format", o.format, "How the fires are printed")->check(CLI::IsMember({"text", "json"}))->default_str("text");
  return next;
}

bool check_next_usage(const NextOptions& o, std::ostream& err) {
  std::string problem;
  if (o.cron && !o.args.empty())
    problem = "give either MODEL [PATHS...] or --cron, not both";
  else if (!o.cron && o.args.empty())
    problem = "give a MODEL (and the .sched files or directories holding it) or --cron \"EXPR\" --tz ZONE";
  else if (o.cron && !o.tz)
    problem = "--cron needs --tz ZONE (an IANA zone such as Europe/Amsterdam or UTC)";
  else if (!o.cron && o.tz)
    problem = "--tz goes with --cron; a model's schedule names its own zone";
  else if (o.count < 1 || o.count > kMaxCount)
    problem = fmt::format("--count must be between 1 and {}", kMaxCount);
  else if (!o.from.empty() && !parse_from(o.from))
    problem = "--from: expected a UTC time such as 2026-03-28T00:00:00Z or a date such as 2026-03-28, in years 0001-9999";
  if (problem.empty()) return true;
  err << "schedc: error: " << problem << "\n" << "help: run `schedc next --help`\n";
  return false;
}

// A preview that would need fires past year 9999 is an error, not fires in year 10000: the source has fewer than
// `count` fires up to the end of the range while its window (`until`) does not end earlier.
bool within_range(const Preview& p, std::ostream& err) {
  if (p.window_until && schedule::adf::to_instant(*p.window_until, *p.tz, schedule::kCronFixedTimePolicy) < kRangeEnd)
    return true;
  const std::size_t found = source_fires(p).size();
  if (found >= p.count) return true;
  err << fmt::format("schedc: error: only {} of the {} fires asked for lie between --from {} and the end of year 9999; "
                     "schedc handles years 0001 to 9999\n",
                     found, p.count, schedule::format_utc(p.after))
      << "help: ask for fewer fires (--count) or give an earlier --from\n";
  return false;
}

int run_next_cron(const NextOptions& o, std::ostream& out, std::ostream& err) {
  if (!check_next_usage(o, err)) return kUsageError;
  const schedule::LoweredSchedule lowered = schedule::lower_schedule(schedule::ScheduleText{*o.cron, *o.tz, {}, {}});
  if (lowered.error) {
    SourceManager sm;
    Diagnostics diags;
    schedule::report(*lowered.error, diags, [&](schedule::Part part, const std::pair<std::uint32_t, std::uint32_t>* offsets) {
      if (part == schedule::Part::Zone)
        return Span{sm.add("<--tz>", *o.tz), 0, static_cast<std::uint32_t>(o.tz->size())};
      const FileId file = sm.add("<--cron>", *o.cron);
      return offsets ? Span{file, offsets->first, offsets->second}
                     : Span{file, 0, static_cast<std::uint32_t>(o.cron->size())};
    });
    return report(diags, sm, o, err);
  }
  const ir::Schedule& s = lowered.schedule;
  Preview p;
  p.cron = &s.cron;
  p.zone = s.zone;
  p.tz = schedule::tz::find_zone(s.zone);
  if (!p.tz) throw std::logic_error("next: the zone " + s.zone + " is not in the tz database");
  p.after = resolve_from(o);
  p.count = static_cast<std::size_t>(o.count);
  if (lowered.adf_error)
    p.adf.error = target_error(*lowered.adf_error);
  else
    p.adf.recurrences = s.adf;
  set_quartz(p, s);
  if (!within_range(p, err)) return kUsageError;
  return print(p, o, out);
}

int run_next_model(const ir::Project& project, const NextOptions& o, std::ostream& out, std::ostream& err) {
  if (!check_next_usage(o, err)) return kUsageError;
  const std::string& name = o.args.front();
  const ir::Model* model = nullptr;
  std::vector<std::string> names;
  for (const auto& m : project.models) {
    names.push_back(m.name);
    if (m.name == name) model = &m;
  }
  if (!model) {
    SourceManager sm;
    Diagnostics diags;
    SCHEDC_DIAGNOSTIC(UnknownModel, UnknownReference, "unknown model `{}`", std::string_view);
    auto& d = diags.report(UnknownModel, Span{}, name);
    if (auto c = closest(name, names); !c.empty())
      d.help = fmt::format("did you mean `{}`?", c);
    else if (!names.empty())
      d.help = fmt::format("the models are: {}", fmt::join(names, ", "));
    else
      d.help = "the given paths declare no models";
    return report(diags, sm, o, err);
  }
  Preview p = model_preview(*model, resolve_from(o), static_cast<std::size_t>(o.count));
  if (!within_range(p, err)) return kUsageError;
  return print(p, o, out);
}

std::string next_fires_text(const ir::Model& model, schedule::Instant after, int count) {
  Preview p = model_preview(model, after, static_cast<std::size_t>(count));
  simulate(p);
  return text_of(p);
}

std::string local_time_text(Instant instant, const schedule::tz::Zone& zone) { return local_cell(instant, zone); }

std::string fire_note(const Fire& fire) { return kind_note(fire); }

}  // namespace schedc::cli
