#include "compiler/targets/targets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compiler/schedule/lowering.hpp"
#include "compiler/schedule/proof/proof.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace schedc::targets {
namespace {

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool uses_binding(const ir::Template& t, ir::Binding which) {
  return std::any_of(t.parts.begin(), t.parts.end(), [&](const ir::TemplatePart& p) { return p.is_binding && p.binding == which; });
}

// ---- SCH6001: constructs a target cannot express --------------------------------------------------------------

void check_constructs(const ir::Model& m, Diagnostics& diags) {
  if (m.target == ir::Target::Databricks) {
    for (const auto& p : m.requires_) {
      SCHEDC_DIAGNOSTIC(TargetCheckPrerequisitesModel, UnsupportedByTarget, "target `databricks` cannot check the prerequisites of model `{}`",
                        std::string_view);
      auto& d = diags.report(TargetCheckPrerequisitesModel, p.span, m.name);
      d.primary_label = "a Databricks job schedule cannot wait for this";
      d.labels.push_back({m.target_span, "the target is chosen here"});
      d.notes.push_back("a Databricks-native job starts when its schedule fires; waiting for files and upstream models "
                        "is done by the ADF pipeline of targets `adf_notebook` and `adf_job`");
      d.help = "use `target = adf_job`: ADF checks the prerequisites, then runs the same Databricks job";
    }
    const auto& s = m.schedule;
    if (s.from || s.until) {
      SCHEDC_DIAGNOSTIC(TargetBoundScheduleModelWith, UnsupportedByTarget, "target `databricks` cannot bound the schedule of model `{}` with `from`/`until`",
                        std::string_view);
      auto& d = diags.report(TargetBoundScheduleModelWith, s.span, m.name);
      d.primary_label = "a Databricks job schedule has no start or end";
      d.labels.push_back({m.target_span, "the target is chosen here"});
      d.help = "remove `from`/`until` (pause the job instead), or use `target = adf_job` to keep the window in the ADF trigger";
    }
  }
  if (m.target == ir::Target::AdfNotebook && !m.notify.empty()) {
    SCHEDC_DIAGNOSTIC(TargetSendEmailNotificationsModel, UnsupportedByTarget, "target `adf_notebook` cannot send the email notifications of model `{}`",
                      std::string_view);
    auto& d = diags.report(TargetSendEmailNotificationsModel, m.notify.span, m.name);
    d.primary_label = "only a Databricks job sends these";
    d.labels.push_back({m.target_span, "the target is chosen here"});
    d.notes.push_back("with `adf_notebook`, ADF runs the notebook itself and no Databricks job exists");
    d.help = "use `target = adf_job` (a Databricks job run by ADF) or `target = databricks`, or alert on failed "
             "pipeline runs with Azure Monitor";
  }
}

// ---- SCH6007 / SCH6008: parameters and tags of a job ------------------------------------------------------------

void check_job_fields(const ir::Model& m, Diagnostics& diags) {
  for (const auto& p : m.params) {
    if (valid_job_parameter_name(p.name)) continue;
    SCHEDC_DIAGNOSTIC(NameDatabricksJobParameter, ParameterNotExpressible, "`{}` cannot be the name of a Databricks job parameter",
                      std::string_view);
    auto& d = diags.report(NameDatabricksJobParameter, p.span, p.name);
    d.primary_label = "not a job parameter name";
    d.labels.push_back({m.target_span, fmt::format("target `{}` runs a Databricks job", target_name(m.target))});
    d.notes.push_back("job parameter names may only contain letters, digits, `_`, `-` and `.`");
    d.help = "rename the parameter (the notebook reads it under the new name)";
  }
  for (const auto& p : m.params) {
    const bool braces = std::any_of(p.value.parts.begin(), p.value.parts.end(), [](const ir::TemplatePart& part) {
      return !part.is_binding && part.text.find("{{") != std::string::npos;
    });
    if (!braces) continue;
    SCHEDC_DIAGNOSTIC(ValueParameterContainsWhichDatabricks, ParameterNotExpressible, "the value of parameter `{}` contains `{{{{`, which Databricks would read as a dynamic value reference",
                      std::string_view);
    auto& d = diags.report(ValueParameterContainsWhichDatabricks, p.span, p.name);
    d.primary_label = "`{{` in a Databricks job parameter";
    d.labels.push_back({m.target_span, fmt::format("target `{}` runs a Databricks job", target_name(m.target))});
    d.notes.push_back("Databricks replaces {{...}} in job parameters when a run starts, and has no escape for it");
    d.help = "avoid a literal `{{` in the value (`{{` in a .sched string is a literal `{`), or use `target = adf_notebook`";
  }
  const int tags = static_cast<int>(m.tags.size()) + 2;  // + schedc_model, schedc_source
  if (generates_job(m) && tags > kMaxJobTags) {
    SCHEDC_DIAGNOSTIC(ModelTagsDatabricksJobCarry, InvalidJobTags, "model `{}` has {} tags; its Databricks job can carry at most {} besides schedc's 2",
                      std::string_view, std::size_t, int);
    auto& d = diags.report(ModelTagsDatabricksJobCarry, m.span, m.name, m.tags.size(), kMaxJobTags - 2);
    d.primary_label = "too many tags for a Databricks job";
    d.notes.push_back(fmt::format("a Databricks job has at most {} tags", kMaxJobTags));
    d.help = "remove some tags";
  }
  for (const auto& tag : m.tags) {
    if (!generates_job(m) || tag.find_first_of("<>%&\\?/") == std::string::npos) continue;
    SCHEDC_DIAGNOSTIC(TagModelDatabricksJobTag, InvalidJobTags, "tag `{}` of model `{}` cannot be a Databricks job tag",
                      std::string_view, std::string_view);
    auto& d = diags.report(TagModelDatabricksJobTag, m.span, tag, m.name);
    d.primary_label = "its Databricks job carries the model's tags";
    d.notes.push_back("job tags become Azure tags of the job's clusters, whose names cannot contain < > % & \\ ? /");
    d.help = "remove those characters from the tag";
  }
}

// ---- SCH6004: how long ADF waits for a job run -------------------------------------------------------------------

void check_adf_wait(const ir::Model& m, Diagnostics& diags) {
  if (m.target != ir::Target::AdfJob) return;
  const std::int64_t wait = adf_wait_seconds(m);
  if (wait <= kMaxAdfWaitSeconds) return;
  SCHEDC_DIAGNOSTIC(AdfWouldWaitUpS, JobLongerThanWait, "ADF would wait up to {} s for a run of model `{}`'s Databricks job; its Until loop can wait at most 7 days ({} s)",
                    std::int64_t, std::string_view, std::int64_t);
  auto& d = diags.report(AdfWouldWaitUpS, m.span, wait, m.name, kMaxAdfWaitSeconds);
  d.primary_label = "runs too long for target `adf_job`";
  d.labels.push_back({m.target_span, "the target is chosen here"});
  d.notes.push_back(fmt::format("the wait is timeout x (retries + 1) + retries x retry interval + {} s for queueing "
                                "and cluster start = {} x {} + {} x {} + {} s",
                                kJobStartAllowanceSeconds, m.timeout_seconds, m.retries + 1, m.retries,
                                m.retry_interval_seconds, kJobStartAllowanceSeconds));
  d.help = "lower the timeout or the retries, or use `target = databricks` (no ADF pipeline waits for the run)";
}

// ---- SCH6003: upstream models without success markers ------------------------------------------------------------

// `by_name`: every model by name (a lookup per prerequisite, never a scan of all models).
void check_upstreams(const std::unordered_map<std::string_view, const ir::Model*>& by_name, const ir::Model& m,
                     Diagnostics& diags) {
  for (const auto& p : m.requires_) {
    if (p.kind != ir::Prerequisite::Kind::Model) continue;
    const auto found = by_name.find(p.upstream);
    if (found == by_name.end() || found->second->target != ir::Target::Databricks) continue;
    const ir::Model* up = found->second;
    SCHEDC_DIAGNOSTIC(UpstreamModelTargetWhichWrites, UpstreamWithoutMarkers, "upstream model `{}` has target `databricks`, which writes no success markers",
                      std::string_view);
    auto& d = diags.report(UpstreamModelTargetWhichWrites, p.span, p.upstream);
    d.primary_label = "would wait for a marker that is never written";
    d.labels.push_back({up->target_span, "the upstream's target is chosen here"});
    d.notes.push_back("success markers are written by the ADF pipelines of targets `adf_notebook` and `adf_job`");
    d.help = fmt::format("give `{}` the target `adf_job` (a Databricks job run by ADF, which writes the markers)", p.upstream);
  }
}

// ---- SCH6005: the Quartz schedule --------------------------------------------------------

std::string local_text(schedule::Instant instant, const schedule::tz::Zone& zone) {
  return schedule::format_in_zone(instant, zone);
}

// A Databricks-native model needs the Quartz expression of its schedule (compiler/schedule/lowering.hpp). Its proof
// (its fires against the source's) is the general schedule analysis (compiler/analysis/schedules.hpp: SCH3006 / SCH3007), which
// runs over every target.
void check_quartz(const ir::Model& m, Diagnostics& diags) {
  const auto& s = m.schedule;
  if (s.quartz || !s.quartz_problem) return;
  auto& d = schedule::report(*s.quartz_problem, diags, [&](schedule::Part, const std::pair<std::uint32_t, std::uint32_t>*) { return s.cron_span; });
  d.labels.push_back({m.target_span, "target `databricks` schedules the job in Databricks"});
}

// ---- SCH6002: {schedule.date} in a Databricks-native job ---------------------------------------------------------

// Databricks' {{job.trigger.time.iso_date}} is the UTC date of the fire. It equals the schedule's local date only
// when no fire in the horizon falls on another local date than its UTC date.
std::optional<schedule::Instant> first_date_mismatch(const ir::Model& m, const schedule::tz::Zone& zone) {
  const auto horizon = schedule::proof::proof_horizon(std::nullopt, zone);
  const auto after = horizon.from;
  const auto until = horizon.to;
  bool offsets_zero = zone.get_info(after + std::chrono::seconds{1}).offset == std::chrono::seconds{0} &&
                      schedule::transitions(zone, after, until).empty();
  if (offsets_zero) return std::nullopt;
  schedule::FireCursor cursor(m.schedule.cron, zone, after, until);
  while (auto fire = cursor.next()) {
    const auto utc_day = date::floor<date::days>(fire->instant);
    const auto offset = zone.get_info(fire->instant).offset;
    const auto local_day = date::floor<date::days>(fire->instant + offset);
    if (utc_day != local_day) return fire->instant;
  }
  return std::nullopt;
}

void check_date_binding(const ir::Model& m, Diagnostics& diags) {
  if (m.target != ir::Target::Databricks) return;
  const ir::NotebookParam* user = nullptr;
  for (const auto& p : m.params)
    if (uses_binding(p.value, ir::Binding::ScheduledDate)) {
      user = &p;
      break;
    }
  if (!user) return;
  const schedule::tz::Zone* zone = schedule::tz::find_zone(m.schedule.zone);
  if (!zone) throw std::logic_error("targets: the zone of model " + m.name + " is not in the tz database");
  const auto mismatch = first_date_mismatch(m, *zone);
  if (!mismatch) return;
  SCHEDC_DIAGNOSTIC(TargetPassModelScheduledDate, NoScheduledDate, "target `databricks` cannot pass `{{schedule.date}}` of model `{}`: in {} the scheduled date is not always the UTC date",
                    std::string_view, std::string_view);
  auto& d = diags.report(TargetPassModelScheduledDate, user->span, m.name, m.schedule.zone);
  d.primary_label = "Databricks would pass the UTC date here";
  d.labels.push_back({m.target_span, "the target is chosen here"});
  d.notes.push_back(fmt::format("e.g. the run scheduled at {} ({}) has the date {} in {}, but the UTC date {}",
                                local_text(*mismatch, *zone), schedule::format_utc(*mismatch),
                                local_text(*mismatch, *zone).substr(0, 10), m.schedule.zone,
                                schedule::format_utc(*mismatch).substr(0, 10)));
  d.notes.push_back("Databricks' dynamic value reference {{job.trigger.time.iso_date}} is the date of the trigger "
                    "time in UTC");
  d.help = "pass `{schedule.time}` and take the date in the notebook's zone there, or use `target = adf_job` (ADF "
           "computes the date in the schedule's zone)";
}

// ---- SCH4005: job names ---------------------------------------------------------------------------------------------

void check_job_names(const ir::Project& project, Diagnostics& diags) {
  // A job name must be unique in its workspace; environments that share a workspace share its job names.
  std::map<std::string, const ir::Model*> owner;  // folded "<workspace url>\n<job name>" -> model
  const auto in_index = [&](const ir::Model* m) {
    return m >= project.index_models.data() && m < project.index_models.data() + project.index_models.size();
  };
  // Where an index model is: "model `x` of repo `r` (`file`), in the organisation index".
  const auto of_index = [&](const ir::Model& m) {
    return fmt::format("model `{}` of {}, in the organisation index", m.name,
                       m.repo.empty() ? fmt::format("`{}`", m.file) : fmt::format("repo `{}` (`{}`)", m.repo, m.file));
  };
  const auto workspace_of = [&](const ir::Model& m) {
    return std::find_if(project.workspaces.begin(), project.workspaces.end(),
                        [&](const ir::Workspace& w) { return w.name == m.workspace; });
  };
  // The organisation index's models (other repos') own their jobs first, so a collision is reported at the model
  // of the sources; one the sources replace by name is SCH4001 already.
  std::set<std::string> source_names;
  for (const auto& m : project.models) source_names.insert(lower_ascii(m.name));
  for (const auto& m : project.index_models) {
    if (!has_job(m.target) || source_names.count(lower_ascii(m.name))) continue;
    const auto ws = workspace_of(m);
    if (ws == project.workspaces.end()) continue;
    for (const auto& [env, job] : m.names.jobs)
      if (ws->url.all || ws->url.by_env.count(env)) owner.emplace(lower_ascii(ws->url.get(env)) + "\n" + lower_ascii(job), &m);
  }
  for (const auto& m : project.models) {
    if (!has_job(m.target)) continue;
    const auto ws = std::find_if(project.workspaces.begin(), project.workspaces.end(),
                                 [&](const ir::Workspace& w) { return w.name == m.workspace; });
    if (ws == project.workspaces.end()) continue;
    std::map<std::string, bool> seen_here;  // a model's own names in several environments of one workspace
    for (const auto& [env, job] : m.names.jobs) {
      const std::string key = lower_ascii(ws->url.get(env)) + "\n" + lower_ascii(job);
      if (seen_here.count(key)) continue;
      seen_here[key] = true;
      auto [it, fresh] = owner.emplace(key, &m);
      if (fresh) continue;
      const ir::Model& other = *it->second;
      SCHEDC_DIAGNOSTIC(DatabricksJobModelCollidesWith, JobNameCollision, "the Databricks job `{}` of model `{}` collides with a job of model `{}` in workspace `{}`",
                        std::string_view, std::string_view, std::string_view, std::string_view);
      auto& d = diags.report(DatabricksJobModelCollidesWith, m.span, job, m.name, other.name, ws->name);
      d.primary_label = fmt::format("job `{}`{}", job, env.empty() ? "" : fmt::format(" in environment `{}`", env));
      d.labels.push_back({other.span, in_index(&other) ? "this model's job has the same name, ignoring case: " + of_index(other)
                                                       : std::string("this model's job has the same name, ignoring case")});
      d.notes.push_back("job names are <model>_<environment>; `bundle deploy` and ADF find a job by its name, so a "
                        "name must be unique in its workspace");
      d.help = "rename one of the models";
    }
  }
  // A model that runs an existing job may not name a job that schedc generates for another model in the same
  // workspace: the bundle owns that job (its deployment would replace what the job does), and the model would run
  // another model's work. Two models that run the same existing job are fine (collisions.cpp: SCH4010 when they
  // pass the same parameters).
  for (const auto& m : project.models) {
    if (!m.existing_job) continue;
    const auto ws = std::find_if(project.workspaces.begin(), project.workspaces.end(),
                                 [&](const ir::Workspace& w) { return w.name == m.workspace; });
    if (ws == project.workspaces.end()) continue;
    std::vector<std::string> envs;
    for (const auto& e : project.environments) envs.push_back(e.name);
    if (envs.empty()) envs.push_back("");
    for (const auto& env : envs) {
      const std::string& job = m.existing_job->get(env);
      const auto it = owner.find(lower_ascii(ws->url.get(env)) + "\n" + lower_ascii(job));
      if (it == owner.end()) continue;
      const ir::Model& other = *it->second;
      SCHEDC_DIAGNOSTIC(ExistingJobIsGenerated, JobNameCollision,
                        "model `{}` runs the existing job `{}`, but schedc generates that job for model `{}` in workspace `{}`",
                        std::string_view, std::string_view, std::string_view, std::string_view);
      const auto at = m.existing_job->env_spans.find(env);
      auto& d = diags.report(ExistingJobIsGenerated, at == m.existing_job->env_spans.end() ? m.existing_job->span : at->second,
                             m.name, job, other.name, ws->name);
      d.primary_label = env.empty() ? std::string("a generated job's name, ignoring case")
                                    : fmt::format("a generated job's name in environment `{}`, ignoring case", env);
      d.labels.push_back({other.span, in_index(&other) ? "schedc generates this model's job: " + of_index(other)
                                                       : std::string("schedc generates this model's job")});
      d.notes.push_back("ADF finds a job by its name; this one is deployed by the bundle for the other model, and "
                        "runs that model's notebook");
      d.help = fmt::format("to run after model `{}`, write `requires {{ model {} wait 3h every 10m }}` and name this model's own job; "
                           "to run the same work, remove this model",
                           other.name, other.name);
      break;  // one report per model
    }
  }
  // An index model (another repo's) that runs an existing job which schedc now generates for a model of the
  // sources: reported at the model of the sources.
  for (const auto& m : project.index_models) {
    if (!m.existing_job || source_names.count(lower_ascii(m.name))) continue;
    const auto ws = workspace_of(m);
    if (ws == project.workspaces.end()) continue;
    std::vector<std::string> envs;
    for (const auto& e : project.environments) envs.push_back(e.name);
    if (envs.empty()) envs.push_back("");
    for (const auto& env : envs) {
      if (!m.existing_job->all && !m.existing_job->by_env.count(env)) continue;
      if (!ws->url.all && !ws->url.by_env.count(env)) continue;
      const std::string& job = m.existing_job->get(env);
      const auto it = owner.find(lower_ascii(ws->url.get(env)) + "\n" + lower_ascii(job));
      if (it == owner.end() || in_index(it->second)) continue;
      const ir::Model& ours = *it->second;
      SCHEDC_DIAGNOSTIC(GeneratedJobIsExistingOfIndex, JobNameCollision,
                        "schedc generates the Databricks job `{}` for model `{}`, but model `{}` of {} runs that job as an existing job in workspace `{}`",
                        std::string_view, std::string_view, std::string_view, std::string_view, std::string_view);
      const std::string where = m.repo.empty() ? fmt::format("`{}`", m.file) : fmt::format("repo `{}` (`{}`)", m.repo, m.file);
      auto& d = diags.report(GeneratedJobIsExistingOfIndex, ours.span, job, ours.name, m.name, where, ws->name);
      d.primary_label = env.empty() ? std::string("generates this job") : fmt::format("generates this job in environment `{}`", env);
      d.labels.push_back({m.existing_job->span, "runs it as an existing job: " + of_index(m)});
      d.notes.push_back("ADF finds a job by its name; the bundle would deploy this model's job over the one the other "
                        "repo's model runs");
      d.help = "rename this model, or have the other repo's model name its own job";
      break;  // one report per index model
    }
  }
}

}  // namespace

const char* target_name(ir::Target target) noexcept {
  switch (target) {
    case ir::Target::AdfNotebook: return "adf_notebook";
    case ir::Target::AdfJob: return "adf_job";
    case ir::Target::Databricks: return "databricks";
  }
  return "adf_notebook";
}

std::optional<ir::Target> parse_target(std::string_view word) noexcept {
  if (word == "adf_notebook") return ir::Target::AdfNotebook;
  if (word == "adf_job") return ir::Target::AdfJob;
  if (word == "databricks") return ir::Target::Databricks;
  return std::nullopt;
}

std::string job_name(const std::string& model, const std::string& env) { return env.empty() ? model : model + "_" + env; }

bool valid_task_key(std::string_view key) noexcept {
  return !key.empty() && key.size() <= 100 &&
         std::all_of(key.begin(), key.end(), [](char c) { return word_char(c) || c == '-'; });
}

bool valid_job_parameter_name(std::string_view name) noexcept {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return word_char(c) || c == '-' || c == '.'; });
}

std::int64_t job_timeout_seconds(const ir::Model& model) noexcept {
  return model.timeout_seconds * (model.retries + 1) + static_cast<std::int64_t>(model.retries) * model.retry_interval_seconds;
}

std::size_t adf_activity_count(const ir::Model& m, bool markers) noexcept {
  std::size_t n = (m.target == ir::Target::AdfJob ? kAdfJobRunActivities : 1) + (markers ? 2 : 0);
  for (const auto& p : m.requires_) {
    const bool until = p.mode == ir::Prerequisite::Mode::Wait && p.within_seconds;
    n += p.mode == ir::Prerequisite::Mode::Check ? 3 : until ? 3 : 1;
  }
  return n;
}

std::int64_t adf_wait_seconds(const ir::Model& model) noexcept {
  if (model.existing_job) return model.timeout_seconds;
  return job_timeout_seconds(model) + kJobStartAllowanceSeconds;
}

void check_targets(const ir::Project& project, Diagnostics& diags) {
  std::unordered_map<std::string_view, const ir::Model*> by_name;
  by_name.reserve(project.models.size());
  for (const auto& m : project.models) by_name.emplace(m.name, &m);  // names are unique (SCH2001) by now
  for (const auto& m : project.index_models) by_name.emplace(m.name, &m);  // other repos' (organisation index)
  for (const auto& m : project.models) {
    check_constructs(m, diags);
    check_upstreams(by_name, m, diags);
    if (!has_job(m.target)) continue;
    check_job_fields(m, diags);
    check_adf_wait(m, diags);
    if (m.target != ir::Target::Databricks) continue;
    check_date_binding(m, diags);
    check_quartz(m, diags);
  }
  check_job_names(project, diags);
}

}  // namespace schedc::targets
