#include "compiler/diff/diff.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "compiler/schedule/adf/recurrence.hpp"
#include "compiler/schedule/adf/sim.hpp"
#include "compiler/schedule/cron/describe.hpp"
#include "compiler/schedule/quartz/quartz.hpp"
#include "compiler/schedule/tz/timezone.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::diff {

namespace {

using schedule::Fire;
using schedule::Instant;

// ---- fires ---------------------------------------------------------------------------------------------------------

// How far the next fires are looked for (a schedule may fire once a year, or on 29 February only).
constexpr std::chrono::hours kNextSearch{24 * 366 * 8};

// The union of the ADF recurrences' fires in (after, until], ascending and unique, at most `limit`.
std::variant<std::vector<Fire>, std::string> adf_fires(const ir::Schedule& s, const schedule::tz::Zone& zone, Instant after,
                                                       Instant until, std::size_t limit) {
  schedule::adf::SimulationResult r = schedule::adf::simulate_first(s.adf, zone, after, until, limit);
  if (r.error) return r.error->message;
  return std::move(r.fires);
}

std::variant<std::vector<Fire>, std::string> quartz_fires(const ir::Schedule& s, const schedule::tz::Zone& zone,
                                                          Instant after, Instant until, std::size_t limit) {
  if (!s.quartz) return s.quartz_problem ? s.quartz_problem->message : std::string("the schedule has no Quartz expression");
  auto parsed = schedule::quartz::parse(*s.quartz);
  if (!parsed.expr) return parsed.error.value_or("the Quartz expression does not parse");
  schedule::quartz::QuartzCursor cursor(*parsed.expr, zone, after, until);
  return schedule::drain(cursor, limit);
}

// ---- the fields in words -------------------------------------------------------------------------------------------

// "1h30m", as the language writes durations.
std::string seconds_text(std::int64_t s) {
  if (s == 0) return "0s";
  std::string out;
  for (const auto& [unit, size] : {std::pair{'d', 86400}, std::pair{'h', 3600}, std::pair{'m', 60}, std::pair{'s', 1}})
    if (s >= size) {
      out += fmt::format("{}{}", s / size, unit);
      s %= size;
    }
  return out;
}

std::string template_text(const ir::Template& t) {
  static constexpr const char* kBindings[] = {"schedule.time", "schedule.date", "env.name", "model.name"};
  std::string out;
  for (const auto& p : t.parts) out += p.is_binding ? fmt::format("{{{}}}", kBindings[static_cast<int>(p.binding)]) : p.text;
  return out;
}

// A cron's meaning (not its spelling): two expressions with the same sets and the same day rule (Vixie's OR when
// both day fields are restricted) fire at the same wall-clock times.
bool same_cron(const schedule::cron::CronExpr& a, const schedule::cron::CronExpr& b) {
  return a.minutes == b.minutes && a.hours == b.hours && a.days_of_month == b.days_of_month &&
         a.last_day_of_month == b.last_day_of_month && a.months == b.months && a.days_of_week == b.days_of_week &&
         a.nth_weekdays == b.nth_weekdays && a.day_or_rule() == b.day_or_rule();
}

std::string cron_text(const schedule::cron::CronExpr& c) {
  return fmt::format("\"{}\" ({})", c.text, schedule::cron::describe(c));
}

std::string window_text(const std::optional<schedule::adf::LocalDateTime>& t) {
  return t ? schedule::adf::format_time(*t, false) : std::string();
}

// A prerequisite's identity (what it waits for) and the rest of it (how).
std::string prerequisite_identity(const ir::Prerequisite& p) {
  if (p.kind == ir::Prerequisite::Kind::Model) return "model " + p.upstream;
  return fmt::format("{} {}/{}/{}", p.kind == ir::Prerequisite::Kind::File ? "file" : "folder", p.storage, p.container,
                     template_text(p.path));
}

std::string prerequisite_text(const ir::Prerequisite& p) {
  std::string out = prerequisite_identity(p);
  if (p.kind == ir::Prerequisite::Kind::Model && p.within_seconds) out += " within " + seconds_text(*p.within_seconds);
  if (p.mode == ir::Prerequisite::Mode::Wait)
    out += fmt::format(" (wait up to {}, polling every {})", seconds_text(p.timeout_seconds), seconds_text(p.poll_seconds));
  else
    out += " (check)";
  return out;
}

std::string cluster_text(const ir::Project& project, const ir::Model& m) {
  if (m.cluster >= project.clusters.size()) return "";
  const ir::Cluster& c = project.clusters[m.cluster];
  std::string shape;
  if (c.kind == ir::Cluster::Kind::Existing) {
    shape = "existing cluster";
    if (c.existing_cluster_id.all) shape += " " + *c.existing_cluster_id.all;
  } else {
    shape = fmt::format("{} on {}, ", c.spark_version, c.node_type);
    shape += c.autoscale ? fmt::format("{}-{} workers", c.min_workers, c.max_workers) : fmt::format("{} workers", c.workers);
  }
  return c.origin.empty() ? shape : fmt::format("{} ({})", c.origin, shape);
}

std::string notebook_text(const ir::Model& m) {
  if (m.notebook_path.all) return *m.notebook_path.all;
  std::string out;
  for (const auto& [env, path] : m.notebook_path.by_env) out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", env, path);
  return out;
}

// `job = "NAME"`: the existing Databricks job the model runs, per environment ("" when schedc generates the job).
std::string existing_job_text(const ir::Model& m) {
  if (!m.existing_job) return "";
  if (m.existing_job->all) return *m.existing_job->all;
  std::string out;
  for (const auto& [env, name] : m.existing_job->by_env) out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", env, name);
  return out;
}

std::string params_text(const ir::Model& m) {
  std::string out;
  for (const auto& p : m.params) out += fmt::format("{}{} = \"{}\"", out.empty() ? "" : ", ", p.name, template_text(p.value));
  return out;
}

std::string libraries_text(const ir::Model& m) {
  std::string out;
  for (const auto& l : m.libraries) out += (out.empty() ? "" : ", ") + l.value;
  return out;
}

std::string notify_text(const ir::Notifications& n) {
  std::string out;
  const auto add = [&](const char* when, const std::vector<std::string>& to) {
    if (!to.empty()) out += fmt::format("{}{}: {}", out.empty() ? "" : "; ", when, fmt::join(to, ", "));
  };
  add("on start", n.on_start);
  add("on success", n.on_success);
  add("on failure", n.on_failure);
  return out;
}

void compare(std::vector<Change>& out, const char* field, std::string before, std::string after, bool secondary) {
  if (before != after) out.push_back({field, std::move(before), std::move(after), secondary});
}

std::vector<Change> changes_of(const ir::Project& bp, const ir::Model& b, const ir::Project& hp, const ir::Model& h) {
  std::vector<Change> out;
  // When and whether it runs.
  if (!same_cron(b.schedule.cron, h.schedule.cron))
    out.push_back({"schedule", cron_text(b.schedule.cron), cron_text(h.schedule.cron), false});
  compare(out, "zone", b.schedule.zone, h.schedule.zone, false);
  compare(out, "from", window_text(b.schedule.from), window_text(h.schedule.from), false);
  compare(out, "until", window_text(b.schedule.until), window_text(h.schedule.until), false);
  // Prerequisites, matched by what they wait for.
  std::map<std::string, const ir::Prerequisite*> before_reqs, after_reqs;
  for (const auto& p : b.requires_) before_reqs.emplace(prerequisite_identity(p), &p);
  for (const auto& p : h.requires_) after_reqs.emplace(prerequisite_identity(p), &p);
  for (const auto& [id, p] : before_reqs) {
    auto it = after_reqs.find(id);
    if (it == after_reqs.end())
      out.push_back({"prerequisite", prerequisite_text(*p), "", false});
    else
      compare(out, "prerequisite", prerequisite_text(*p), prerequisite_text(*it->second), false);
  }
  for (const auto& [id, p] : after_reqs)
    if (!before_reqs.count(id)) out.push_back({"prerequisite", "", prerequisite_text(*p), false});
  compare(out, "target", targets::target_name(b.target), targets::target_name(h.target), false);
  compare(out, "existing job", existing_job_text(b), existing_job_text(h), false);
  // How it runs.
  compare(out, "timeout", seconds_text(b.timeout_seconds), seconds_text(h.timeout_seconds), true);
  compare(out, "retries", fmt::format("{} every {}", b.retries, seconds_text(b.retry_interval_seconds)),
          fmt::format("{} every {}", h.retries, seconds_text(h.retry_interval_seconds)), true);
  compare(out, "concurrency", std::to_string(b.concurrency), std::to_string(h.concurrency), true);
  compare(out, "cluster", cluster_text(bp, b), cluster_text(hp, h), true);
  compare(out, "workspace", b.workspace, h.workspace, true);
  compare(out, "notebook", notebook_text(b), notebook_text(h), true);
  compare(out, "parameters", params_text(b), params_text(h), true);
  compare(out, "libraries", libraries_text(b), libraries_text(h), true);
  compare(out, "notify", notify_text(b.notify), notify_text(h.notify), true);
  compare(out, "owner", b.owner, h.owner, true);
  compare(out, "tags", fmt::format("{}", fmt::join(b.tags, ", ")), fmt::format("{}", fmt::join(h.tags, ", ")), true);
  compare(out, "description", b.description.value_or(""), h.description.value_or(""), true);
  return out;
}

std::string key_of(const ir::Model& m) { return m.repo.empty() ? m.name : m.repo + ":" + m.name; }

std::string model_at(const std::vector<DeclaredModel>& models, Span at) {
  if (at.file == FileId{}) return "";
  for (const auto& m : models)
    if (m.span.file == at.file && m.span.begin <= at.begin && at.begin < m.span.end) return m.key;
  return "";
}

}  // namespace

const char* status_name(Status s) noexcept {
  switch (s) {
    case Status::Added: return "added";
    case Status::Removed: return "removed";
    case Status::Changed: return "changed";
  }
  return "changed";
}

FireDelta fire_delta(const std::vector<Instant>& before, const std::vector<Instant>& after) {
  FireDelta d;
  std::vector<Instant> b = before, a = after;
  b.erase(std::unique(b.begin(), b.end()), b.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(d.added));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(d.removed));
  return d;
}

Fires model_fires(const ir::Model& model, Instant from, int days) {
  Fires f;
  const ir::Schedule& s = model.schedule;
  f.zone = s.zone;
  const bool adf = model.target != ir::Target::Databricks;
  f.scheduler = adf ? "ADF trigger" : "Databricks job";
  const schedule::tz::Zone* zone = schedule::tz::find_zone(s.zone);
  if (!zone) {
    f.error = fmt::format("the zone `{}` is not in the tz database", s.zone);
    return f;
  }
  if (adf && s.adf.empty()) {
    f.error = "the schedule has no ADF trigger";
    return f;
  }
  const Instant window_end = from + std::chrono::hours{24 * days};
  const auto run = [&](Instant until, std::size_t limit) {
    return adf ? adf_fires(s, *zone, from, until, limit) : quartz_fires(s, *zone, from, until, limit);
  };
  auto next = run(from + std::chrono::duration_cast<std::chrono::seconds>(kNextSearch), kNextCount);
  if (auto* why = std::get_if<std::string>(&next)) {
    f.error = *why;
    return f;
  }
  f.next = std::get<std::vector<Fire>>(next);
  auto window = run(window_end, kMaxWindowFires);
  if (auto* why = std::get_if<std::string>(&window)) {
    f.error = *why;
    return f;
  }
  f.window = std::get<std::vector<Fire>>(window);
  for (const auto& fire : f.window) f.in_window.push_back(fire.instant);
  return f;
}

std::vector<DeclaredModel> declared_models(const lower::SymbolIndex& symbols, const SourceManager& sources) {
  std::vector<DeclaredModel> out;
  for (const auto& u : symbols.units) {
    if (!u.parsed || !u.module.empty()) continue;
    const std::string& repo = sources.file(u.file).repo;
    for (const auto& d : u.ast->decls)
      if (d.kind.text == "model" && d.name)
        out.push_back({repo.empty() ? d.name->text : repo + ":" + d.name->text, d.span, d.name->text, repo,
                       sources.file(u.file).qualified()});
  }
  return out;
}

std::vector<DiagnosticEntry> diagnostic_entries(const Diagnostics& diags, const SourceManager& sources,
                                                const std::vector<DeclaredModel>& models,
                                                const std::function<std::string(FileId)>& file_key) {
  std::vector<DiagnosticEntry> out;
  for (const auto& d : diags.all()) {
    if (d.suppressed) continue;
    DiagnosticEntry e;
    e.code = d.code;
    e.severity = d.severity;
    e.message = d.message;
    if (d.primary.file != FileId{}) {
      e.file = file_key(d.primary.file);
      const LineCol lc = sources.line_col(d.primary.file, d.primary.begin);
      e.location = fmt::format("{}:{}:{}", sources.file(d.primary.file).qualified(), lc.line, lc.column);
      e.model = model_at(models, d.primary);
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result diff(const Side& base, const Side& head, Instant from) {
  Result r;
  r.from = from;
  r.base_lowered = base.project != nullptr;
  r.head_lowered = head.project != nullptr;
  r.base_errors = base.errors;
  r.head_errors = head.errors;
  r.base_warnings = base.warnings;
  r.head_warnings = head.warnings;

  std::map<std::string, const ir::Model*> before, after;
  if (base.project)
    for (const auto& m : base.project->models) before.emplace(key_of(m), &m);
  if (head.project)
    for (const auto& m : head.project->models) after.emplace(key_of(m), &m);
  // A side whose models could not be lowered says nothing of which models exist: nothing is added or removed.
  std::map<std::string, const DeclaredModel*> base_declared, head_declared;
  for (const auto& d : base.declared) base_declared.emplace(d.key, &d);
  for (const auto& d : head.declared) head_declared.emplace(d.key, &d);
  if (base.project && head.project) {
    std::set<std::string> keys;
    for (const auto& [k, m] : before) keys.insert(k);
    for (const auto& [k, m] : after) keys.insert(k);
    for (const auto& [k, d] : base_declared) keys.insert(k);
    for (const auto& [k, d] : head_declared) keys.insert(k);
    for (const auto& key : keys) {
      const ir::Model* b = before.count(key) ? before.at(key) : nullptr;
      const ir::Model* h = after.count(key) ? after.at(key) : nullptr;
      // Declared there but not lowered: its declaration has errors.
      const bool b_errors = !b && base_declared.count(key), h_errors = !h && head_declared.count(key);
      const bool in_base = b || b_errors, in_head = h || h_errors;
      if (b_errors && h_errors) {  // nothing to compare on either side
        r.not_compared.push_back(key);
        continue;
      }
      ModelDiff md;
      md.key = key;
      md.base_errors = b_errors;
      md.head_errors = h_errors;
      if (const ir::Model* any = h ? h : b) {
        md.name = any->name;
        md.repo = any->repo;
        md.file = any->source_path;
      }
      // Not lowered in the head: named (and located) by the head's declaration; on no side lowered, by the base's.
      if (const DeclaredModel* d = h_errors ? head_declared.at(key) : !h && !b ? base_declared.at(key) : nullptr) {
        md.name = d->name;
        md.repo = d->repo;
        md.file = d->file;
      }
      if (in_base && in_head) {
        md.status = Status::Changed;
        if (b && h) {
          md.changes = changes_of(*base.project, *b, *head.project, *h);
          std::stable_partition(md.changes.begin(), md.changes.end(), [](const Change& c) { return !c.secondary; });
          if (md.changes.empty()) {  // the same fields fire at the same times: no simulation
            ++r.unchanged;
            continue;
          }
        }
      } else {
        md.status = in_base ? Status::Removed : Status::Added;
      }
      if (b) md.before = model_fires(*b, from, kWindowDays);
      if (h) md.after = model_fires(*h, from, kWindowDays);
      static const std::vector<Instant> kNone;
      if (md.fire_times_known())
        md.delta = fire_delta(md.before ? md.before->in_window : kNone, md.after ? md.after->in_window : kNone);
      r.models.push_back(std::move(md));
    }
  }
  std::set<std::string> old, now;
  for (const auto& d : base.diagnostics) old.insert(d.key());
  for (const auto& d : head.diagnostics) now.insert(d.key());
  r.new_warnings_judged = base.project != nullptr && base.errors == 0;
  for (const auto& d : head.diagnostics)
    if (!old.count(d.key()) && (r.new_warnings_judged || d.severity == Severity::Error)) r.new_diagnostics.push_back(d);
  r.fixed_judged = head.project != nullptr && head.errors == 0;
  if (r.fixed_judged)
    for (const auto& d : base.diagnostics)
      if (!now.count(d.key())) r.fixed_diagnostics.push_back(d);
  return r;
}

}  // namespace schedc::diff
