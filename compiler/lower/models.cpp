// Lowering of models: their fields, target, notifications, notebook and parameters, and schedule; the cluster
// comes from compiler/lower/clusters.cpp and the prerequisites from compiler/lower/prerequisites.cpp.
#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "compiler/analysis/analyses.hpp"
#include "compiler/lower/keys.hpp"
#include "compiler/lower/clusters.hpp"
#include "compiler/lower/context.hpp"
#include "compiler/lower/fields.hpp"
#include "compiler/lower/steps.hpp"
#include "compiler/schedule/lowering.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::lower {
namespace {

using syntax::Value;
using VK = syntax::Value::Kind;

constexpr std::int64_t kMaxModelNameLength = 100;

using analysis::human_seconds;  // 691200 -> "8d", 5400 -> "1h30m": durations as the user writes them

bool valid_email(const std::string& s) {
  auto at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
  std::string domain = s.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string::npos || dot == 0 || domain.back() == '.') return false;
  return std::none_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '<' || c == '>' || c == ','; });
}

schedule::adf::LocalDateTime to_local(const syntax::DateTime& d) {
  return schedule::adf::LocalDateTime{d.year, d.month, d.day, d.hour, d.minute, d.second};
}

class ModelLowering {
 public:
  ModelLowering(Context& context, Clusters& clusters) : cx(context), clusters_(clusters) {}
  void lower(const Symbol& d);

 private:
  bool lower_target(Fields& f, ir::Model& m, bool runs_job);
  bool lower_existing_job(Fields& f, ir::Model& m);
  bool lower_notify(const syntax::Body& body, Span key, ir::Model& m);
  std::optional<ir::PerEnv<std::string>> notebook_path(const std::string& path, Span span);
  // `what`: "notebook" (after the notebook path) or "job" (`parameters { ... }` of an existing job).
  bool lower_params(const syntax::Body& body, ir::Model& m, std::string_view what);
  // `schedule_needs_adf`: whether the model has an ADF trigger (false for target `databricks`: then a zone without a
  // Windows id and shapes ADF cannot express are not errors; the Quartz lowering is checked by compiler/targets).
  bool lower_schedule(const Value& v, ir::Schedule& s, bool schedule_needs_adf);

  Context& cx;
  Clusters& clusters_;
};

void ModelLowering::lower(const Symbol& d) {
  const Unit& unit = *d.unit;
  const std::string& name = d.qname;
  Fields f(cx.diags, d.decl->body, fmt::format("model `{}`", name), d.decl->name->span, lower::kModelKeys);
  ir::Model m;
  m.name = name;
  m.span = d.decl->name->span;
  m.source_path = unit.display;
  m.repo = cx.sm.file(unit.file).repo;
  m.file = cx.sm.file(unit.file).path;
  bool ok = true;
  // `job = "NAME"`: an existing Databricks job, which ADF starts (target adf_job); the job's own fields are not the
  // model's (docs/language.md §4.7).
  const bool runs_job = f.entry("job") != nullptr;
  ok = lower_target(f, m, runs_job) && ok;
  if (runs_job) ok = lower_existing_job(f, m) && ok;

  if (!unit.module.empty()) {
    SCHEDC_DIAGNOSTIC(StdlibModulesDeclareModels, DeclarationNameProblem, "stdlib modules cannot declare models");
    cx.diags.report(StdlibModulesDeclareModels, d.decl->kind.span);
    return;
  }
  if (static_cast<std::int64_t>(name.size()) > kMaxModelNameLength) {
    SCHEDC_DIAGNOSTIC(ModelNameCharactersLongLimit, InvalidName, "model name is {} characters long; the limit is {}",
                      std::size_t, std::int64_t);
    auto& diag = cx.diags.report(ModelNameCharactersLongLimit, d.decl->name->span, name.size(), kMaxModelNameLength);
    diag.notes.push_back("the model name becomes the ADF pipeline and trigger names");
    diag.help = "choose a shorter name";
    ok = false;
  }

  if (auto owner = f.string("owner", true, "owner = \"team@contoso.com\"")) {
    if (!valid_email(*owner)) {
      SCHEDC_DIAGNOSTIC(OwnerEmailAddress, MalformedValue, "owner `{}` is not an email address", std::string_view);
      auto& diag = cx.diags.report(OwnerEmailAddress, f.attr("owner")->span, *owner);
      diag.help = "the owner is the address that answers for this model, e.g. `retention-ds@contoso.com`";
      ok = false;
    }
    m.owner = *owner;
  } else {
    ok = false;
  }
  if (auto desc = f.string("description")) m.description = *desc;
  if (auto tags = f.string_list("tags")) {
    for (const auto& t : *tags) {
      std::size_t chars = static_cast<std::size_t>(std::count_if(t.begin(), t.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      }));
      if (chars == 0 || chars > 64) {
        SCHEDC_DIAGNOSTIC(TagsMustHaveCharacters, MalformedValue, "tags must have 1-64 characters");
        cx.diags.report(TagsMustHaveCharacters, f.attr("tags")->span);
        ok = false;
      }
    }
    m.tags = *tags;
    std::sort(m.tags.begin(), m.tags.end());
    m.tags.erase(std::unique(m.tags.begin(), m.tags.end()), m.tags.end());
  }

  // Workspace
  if (const Value* w = f.reference("workspace")) {
    if (cx.resolve(SymbolKind::Workspace, unit, w->path, w->span)) m.workspace = join(w->path); else ok = false;
  } else if (!f.entry("workspace")) {
    if (cx.default_workspace) {
      m.workspace = *cx.default_workspace;
    } else if (cx.table(SymbolKind::Workspace).size() == 0) {
      SCHEDC_DIAGNOSTIC(ModelNoWorkspace, MissingField, "model `{}` has no workspace", std::string_view);
      auto& diag = cx.diags.report(ModelNoWorkspace, d.decl->name->span, name);
      diag.help = "declare `workspace NAME { url = ... resource_id = ... }` and set `workspace = NAME` in the model or in `project`";
      ok = false;
    } else {
      f.missing("workspace", fmt::format("workspace = {}", cx.table(SymbolKind::Workspace).begin()->first));
      ok = false;
    }
  } else {
    ok = false;
  }

  // Notebook and its parameters
  if (runs_job) {
    // Reported by lower_existing_job.
  } else if (const Value* nb = f.attr("notebook")) {
    if (nb->kind != VK::String) {
      f.wrong_type("notebook", *nb, "a notebook path string, optionally followed by `{ parameters }`");
      ok = false;
    } else if (auto path = plain_string(cx.diags, *nb, "the notebook path")) {
      if (auto resolved = notebook_path(*path, nb->span)) m.notebook_path = *resolved; else ok = false;
      if (nb->block) ok = lower_params(*nb->block, m, "notebook") && ok;
    } else {
      ok = false;
    }
  } else if (!f.entry("notebook")) {
    f.missing("notebook", "notebook = \"/Repos/team/project/notebook\"");
    ok = false;
  }

  // Cluster
  std::optional<Clusters::ModelCluster> mc;
  if (runs_job) {
    // Reported by lower_existing_job.
  } else if (const Value* c = f.attr("cluster")) {
    mc = clusters_.model_cluster(unit, *c, name);
    if (!mc) ok = false;
  } else if (!f.entry("cluster")) {
    f.missing("cluster", "cluster = clusters.general");
    ok = false;
  }

  // Schedule
  if (const Value* s = f.attr("schedule")) {
    if (s->kind != VK::Cron) {
      f.wrong_type("schedule", *s, "a cron schedule `cron \"30 2 * * *\" in \"Europe/Amsterdam\"`");
      ok = false;
    } else {
      if (!lower_schedule(*s, m.schedule, targets::has_pipeline(m.target))) ok = false;
    }
  } else if (!f.entry("schedule")) {
    f.missing("schedule", "schedule = cron \"0 6 * * *\" in \"UTC\"");
    ok = false;
  }

  // Prerequisites
  if (const syntax::Body* req = f.nested("requires")) ok = lower_requires(cx, unit, *req, m) && ok;

  // Retry, timeout, concurrency, target
  if (runs_job) {
    // Reported by lower_existing_job.
  } else if (const Value* r = f.attr("retry")) {
    if (r->kind == VK::Integer && r->integer == 0) {
      m.retries = 0;
    } else if (r->kind == VK::Every && r->items.size() == 2 && r->items[0].kind == VK::Integer) {
      const Value& count = r->items[0];
      const Value& every = r->items[1];
      if (count.integer < 0 || count.integer > 100) {
        SCHEDC_DIAGNOSTIC(RetriesOutsideRange, ValueOutOfRange, "{} retries is outside the range 0..100", std::int64_t);
        cx.diags.report(RetriesOutsideRange, count.span, count.integer).primary_label = "out of range";
        ok = false;
      } else {
        m.retries = static_cast<int>(count.integer);
      }
      if (every.kind != VK::Duration) {
        f.wrong_type("retry", every, "a duration after `every`");
        ok = false;
      } else if (every.seconds < 30 || every.seconds > 86400) {
        SCHEDC_DIAGNOSTIC(RetryIntervalOutsideAdfRange, ValueOutOfRange, "retry interval of {} is outside ADF's range 30s..1d",
                          std::string_view);
        auto& diag = cx.diags.report(RetryIntervalOutsideAdfRange, every.span, human_seconds(every.seconds));
        diag.primary_label = "out of range";
        diag.help = "choose an interval between `30s` and `1d`";
        ok = false;
      } else {
        m.retry_interval_seconds = static_cast<int>(every.seconds);
      }
    } else {
      f.wrong_type("retry", *r, "`N every DURATION` (e.g. `2 every 5m`) or `0`");
      ok = false;
    }
  }
  if (auto t = f.duration("timeout", true, "timeout = 3h")) {
    if (*t > kMaxTimeoutSeconds) {
      SCHEDC_DIAGNOSTIC(TimeoutLongerThanAdfLimit, ValueOutOfRange, "timeout of {} is longer than ADF's limit of 7 days",
                        std::string_view);
      auto& diag = cx.diags.report(TimeoutLongerThanAdfLimit, f.attr("timeout")->span, human_seconds(*t));
      diag.primary_label = "more than 7 days";
      diag.help = "choose a timeout of at most `7d`";
      ok = false;
    } else {
      m.timeout_seconds = *t;
    }
  } else {
    ok = false;
  }
  if (auto c = f.integer("concurrency", 1, 50)) m.concurrency = static_cast<int>(*c);
  else if (f.entry("concurrency")) ok = false;
  if (runs_job) {
    // Reported by lower_existing_job.
  } else if (const syntax::Body* n = f.nested("notify")) {
    ok = lower_notify(*n, f.key_span("notify"), m) && ok;
  }
  if (!runs_job && f.entry("parameters")) {
    SCHEDC_DIAGNOSTIC(ParametersWithoutJob, ConflictingFields,
                      "`parameters` are the job parameters of an existing Databricks job, and model `{}` names none",
                      std::string_view);
    auto& diag = cx.diags.report(ParametersWithoutJob, f.key_span("parameters"), name);
    diag.primary_label = "no `job = ...` in this model";
    diag.help = "write notebook parameters after the notebook path: `notebook = \"/path\" { name = \"value\" }`; or "
             "name the existing job the model runs: `job = \"NAME\"`";
    ok = false;
  }

  if (!ok || (!runs_job && !mc)) return;
  m.names.pipeline = "pl_" + name;
  if (runs_job) {
    // schedc generates no job and no linked service for it: the job is someone else's.
  } else {
    m.cluster = clusters_.use(m, *mc);
    m.libraries = mc->libraries;
  }
  if (targets::generates_job(m)) {
    if (cx.project.environments.empty()) m.names.jobs[""] = targets::job_name(name, "");
    for (const auto& env : cx.project.environments) m.names.jobs[env.name] = targets::job_name(name, env.name);
  }
  if (!targets::has_pipeline(m.target)) {
    // Databricks-native: no ADF pipeline or trigger.
  } else if (m.schedule.adf.size() == 1) {
    m.names.triggers.push_back("tr_" + name);
  } else {
    for (std::size_t i = 0; i < m.schedule.adf.size(); ++i) m.names.triggers.push_back(fmt::format("tr_{}_{}", name, i + 1));
  }
  cx.project.models.push_back(std::move(m));
}

// `target = adf_notebook | adf_job | databricks`, else the project's, else adf_notebook (docs/language.md §4.8).
// A model that runs an existing job (`runs_job`) has target adf_job, whatever the project's default: only ADF can
// start a job that schedc does not generate; writing another target is SCH6001.
bool ModelLowering::lower_target(Fields& f, ir::Model& m, bool runs_job) {
  m.target = cx.default_target.value_or(ir::Target::AdfNotebook);
  m.target_span = cx.default_target ? cx.default_target_span : m.span;
  if (!f.entry("target")) {
    if (runs_job) {
      m.target = ir::Target::AdfJob;
      m.target_span = f.key_span("job");
    }
    return true;
  }
  auto t = f.word("target", lower::kTargets);
  if (!t) return false;
  m.target = *targets::parse_target(*t);
  m.target_span = f.attr("target")->span;
  if (!runs_job || m.target == ir::Target::AdfJob) return true;
  SCHEDC_DIAGNOSTIC(TargetCannotRunExistingJob, UnsupportedByTarget,
                    "target `{}` cannot run the existing Databricks job of model `{}`", std::string_view,
                    std::string_view);
  auto& d = cx.diags.report(TargetCannotRunExistingJob, f.key_span("job"), *t, m.name);
  d.primary_label = "an existing job, started by ADF";
  d.labels.push_back({m.target_span, "the target is chosen here"});
  d.notes.push_back(m.target == ir::Target::Databricks
                        ? "target `databricks` generates a job with its own schedule; a job schedc does not generate "
                          "can only be started by ADF's pipeline (`adf_job`)"
                        : "target `adf_notebook` runs a notebook in ADF; a job schedc does not generate is started by "
                          "ADF's pipeline through the Jobs API (`adf_job`)");
  d.help = "remove `target` (a model with `job` has target `adf_job`), or remove `job` to run a notebook";
  return false;
}

// What a Databricks job name can be (Jobs API: at most 4096 bytes of UTF-8), or "": the name is matched exactly by
// `jobs/list?name=`, so it is also what ADF looks up.
std::string job_name_problem(const std::string& name) {
  constexpr std::size_t kMaxJobNameBytes = 4096;
  if (name.empty()) return "is empty";
  if (name.size() > kMaxJobNameBytes)
    return fmt::format("is {} bytes long; Databricks allows at most {}", name.size(), kMaxJobNameBytes);
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    const bool c1 = c == 0xC2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(name[i + 1]) <= 0x9F;  // U+0080..U+009F
    if (c < 0x20 || c == 0x7F || c1)
      return fmt::format("contains the control character U+{:04X}",
                         c1 ? static_cast<unsigned char>(name[i + 1]) : static_cast<unsigned>(c));
  }
  if (name.front() == ' ' || name.back() == ' ') return "begins or ends with a space";
  return "";
}

// `job = "NAME"` or `job = per_env { ... }`, its `parameters { ... }`, and the fields that belong to the job.
bool ModelLowering::lower_existing_job(Fields& f, ir::Model& m) {
  bool ok = true;
  const Value* v = f.attr("job");
  if (!v) return false;  // `job { ... }`: Fields reported it (SCH1005)
  if (v->kind == VK::String && v->block) {
    SCHEDC_DIAGNOSTIC(JobParametersAfterName, WrongValueType,
                      "the parameters of an existing job are written in `parameters {{ ... }}`, not after its name");
    auto& d = cx.diags.report(JobParametersAfterName, v->block->span);
    d.primary_label = "parameters after the job name";
    d.notes.push_back("the job name may differ per environment (`job = per_env { ... }`), so its parameters have a "
                      "field of their own");
    d.help = "write `job = \"NAME\"` and, in the model, `parameters { name = \"value\" }`";
    ok = false;
  } else if (auto name = cx.per_env_string(f, "job", false, "")) {
    if (cx.check_each(*name, DiagnosticKind::MalformedValue, "job", job_name_problem,
                      "a Databricks job name has 1 to 4096 bytes, no control characters and no space at either end"))
      m.existing_job = std::move(*name);
    else
      ok = false;
  } else {
    ok = false;
  }
  // The fields of a job schedc generates: an existing job has its own.
  struct JobField {
    const char* key;
    const char* note;
  };
  static constexpr JobField kJobFields[] = {
      {"notebook", "what runs is the job's own tasks"},
      {"cluster", "where it runs is the job's own clusters"},
      {"retry", "retries are the job's own tasks' settings; ADF starts one run (its run-now call is idempotent)"},
      {"notify", "notifications are the job's own email notifications"},
  };
  for (const auto& field : kJobFields) {
    if (!f.entry(field.key)) continue;
    SCHEDC_DIAGNOSTIC(FieldOfExistingJob, ExistingJobField,
                      "`{}` belongs to the existing Databricks job that model `{}` runs", std::string_view,
                      std::string_view);
    auto& d = cx.diags.report(FieldOfExistingJob, f.key_span(field.key), field.key, m.name);
    d.primary_label = "not the model's to set";
    d.labels.push_back({f.key_span("job"), "schedc does not generate this job"});
    d.notes.push_back(field.note);
    d.help = fmt::format("remove `{}` (change it in the job itself), or remove `job` to let schedc generate the job "
                         "(`target = adf_job`)",
                         field.key);
    ok = false;
  }
  if (const syntax::Body* p = f.nested("parameters")) ok = lower_params(*p, m, "job") && ok;
  return ok;
}

// `notify { on_start = [...]  on_success = [...]  on_failure = [...] }`: email addresses.
bool ModelLowering::lower_notify(const syntax::Body& body, Span key, ir::Model& m) {
  Fields n(cx.diags, body, "`notify`", key, lower::kNotifyKeys);
  bool ok = true;
  m.notify.span = key;
  for (auto [field, list] : {std::pair{"on_start", &m.notify.on_start}, std::pair{"on_success", &m.notify.on_success},
                             std::pair{"on_failure", &m.notify.on_failure}}) {
    auto emails = n.string_list(field);
    if (!emails) {
      if (n.entry(field)) ok = false;
      continue;
    }
    for (const auto& e : *emails) {
      if (valid_email(e)) continue;
      SCHEDC_DIAGNOSTIC(EmailAddress, MalformedValue, "`{}` is not an email address", std::string_view);
      auto& d = cx.diags.report(EmailAddress, n.attr(field)->span, e);
      d.help = "write addresses such as `retention-ds@contoso.com`";
      ok = false;
    }
    *list = *emails;
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  return ok;
}


// An absolute notebook path, or one relative to `project.notebook_root` (which may differ per environment).
std::optional<ir::PerEnv<std::string>> ModelLowering::notebook_path(const std::string& path, Span span) {
  ir::PerEnv<std::string> out;
  out.span = span;
  auto report = [&](const std::string& shown, const std::string& problem) {
    SCHEDC_DIAGNOSTIC(NotebookPath, InvalidNotebookPath, "notebook path `{}` {}", std::string_view, std::string_view);
    auto& diag = cx.diags.report(NotebookPath, span, shown, problem);
    diag.primary_label = "invalid notebook path";
    diag.help = cx.notebook_root
                    ? "write a path relative to `project.notebook_root` (no leading `/`), or an absolute workspace path"
                    : "write the absolute workspace path, e.g. `/Repos/team/project/notebook`, or set "
                      "`project { notebook_root = ... }` to use relative paths";
    return std::nullopt;
  };
  if (!path.empty() && path.front() == '/') {
    if (auto problem = notebook_path_problem(path); !problem.empty()) return report(path, problem);
    out.all = path;
    return out;
  }
  if (!cx.notebook_root) return report(path, "must be an absolute workspace path starting with `/`");
  // Each environment's full path is checked, so the message shows the path that is wrong.
  auto join_root = [&](const std::string& root) -> std::optional<std::string> {
    std::string full = root + "/" + path;
    if (auto problem = notebook_path_problem(full); !problem.empty()) {
      report(full, problem);
      return std::nullopt;
    }
    return full;
  };
  if (cx.notebook_root->all) {
    auto full = join_root(*cx.notebook_root->all);
    if (!full) return std::nullopt;
    out.all = *full;
  }
  for (const auto& [env, root] : cx.notebook_root->by_env) {
    auto full = join_root(root);
    if (!full) return std::nullopt;
    out.by_env[env] = *full;
  }
  return out;
}

bool ModelLowering::lower_params(const syntax::Body& body, ir::Model& m, std::string_view what) {
  bool ok = true;
  std::map<std::string, Span> seen;
  for (const auto& e : body.entries) {
    if (e.kind != syntax::Entry::Kind::Attribute) {
      SCHEDC_DIAGNOSTIC(NotebookParametersWritten, WrongValueType, "{} parameters are written `name = \"value\"`",
                        std::string_view);
      auto& d = cx.diags.report(NotebookParametersWritten, e.span, what);
      d.help = what == "job" ? "put only `name = value` entries in `parameters { ... }`"
                             : "put only `name = value` entries in the block after the notebook path";
      ok = false;
      continue;
    }
    if (auto [it, inserted] = seen.emplace(e.key.text, e.key.span); !inserted) {
      SCHEDC_DIAGNOSTIC(NotebookParameterSetTwice, DuplicateField, "{} parameter `{}` is set twice",
                        std::string_view, std::string_view);
      auto& d = cx.diags.report(NotebookParameterSetTwice, e.key.span, what, e.key.text);
      d.labels.push_back({it->second, "first set here"});
      ok = false;
      continue;
    }
    if (e.key.text.empty()) {
      SCHEDC_DIAGNOSTIC(NotebookParameterNameEmpty, MalformedValue, "a {} parameter name cannot be empty",
                        std::string_view);
      cx.diags.report(NotebookParameterNameEmpty, e.key.span, what);
      ok = false;
      continue;
    }
    ir::NotebookParam p;
    p.name = e.key.text;
    p.span = e.span;
    const Value& v = e.value;
    if (v.kind == VK::String && !v.block) {
      auto t = cx.make_template(v);
      if (!t) {
        ok = false;
        continue;
      }
      p.value = *t;
    } else if (v.kind == VK::Integer) {
      p.value.parts.push_back({false, std::to_string(v.integer), {}});
    } else if (v.kind == VK::Bool) {
      p.value.parts.push_back({false, v.boolean ? "true" : "false", {}});
    } else if (v.kind == VK::Secret) {
      SCHEDC_DIAGNOSTIC(NotebookParameterSecret, WrongValueType, "{} parameter `{}` cannot be a secret",
                        std::string_view, std::string_view);
      auto& d = cx.diags.report(NotebookParameterSecret, v.span, what, p.name);
      d.notes.push_back("notebook parameters are visible in ADF and Databricks run histories");
      d.help = "read the secret in the notebook with `dbutils.secrets.get(scope, key)`";
      ok = false;
      continue;
    } else {
      SCHEDC_DIAGNOSTIC(NotebookParameterMustStringInteger, WrongValueType, "{} parameter `{}` must be a string, integer or boolean, found {}",
                        std::string_view, std::string_view, std::string_view);
      auto& d = cx.diags.report(NotebookParameterMustStringInteger, v.span, what, p.name, value_kind_name(v.kind));
      d.help = fmt::format("{} parameters are strings; bindings are written inside strings: `\"{{schedule.date}}\"`", what);
      ok = false;
      continue;
    }
    m.params.push_back(std::move(p));
  }
  return ok;
}

bool ModelLowering::lower_schedule(const Value& v, ir::Schedule& s, bool schedule_needs_adf) {
  const syntax::Cron& c = v.cron();
  schedule::ScheduleText text;
  for (const auto& p : c.expr) {
    if (p.kind == syntax::StringPart::Kind::Binding) {
      SCHEDC_DIAGNOSTIC(CronExpressionContainBindings, InvalidBinding, "a cron expression cannot contain bindings");
      cx.diags.report(CronExpressionContainBindings, p.span).help = "write the five cron fields literally";
      return false;
    }
    text.cron += p.text;
  }
  for (const auto& p : c.zone) {
    if (p.kind == syntax::StringPart::Kind::Binding) {
      SCHEDC_DIAGNOSTIC(TimeZoneContainBindings, InvalidBinding, "a time zone cannot contain bindings");
      cx.diags.report(TimeZoneContainBindings, p.span).help = "write an IANA zone such as \"Europe/Amsterdam\"";
      return false;
    }
    text.zone += p.text;
  }
  if (c.from) text.from = to_local(*c.from);
  if (c.until) text.until = to_local(*c.until);
  const schedule::LoweredSchedule& lowered = cx.schedules.lower(text);

  const auto span_of = [&](schedule::Part part, const std::pair<std::uint32_t, std::uint32_t>* offsets) {
    switch (part) {
      case schedule::Part::Zone: return c.zone_span;
      case schedule::Part::From: return c.from_span;
      case schedule::Part::Until: return c.until_span;
      case schedule::Part::Cron: break;
    }
    // Offsets in the decoded text map back to the literal exactly unless the literal used escapes.
    Span span = c.expr_span;
    if (offsets && cx.sm.text(c.expr_span).size() == text.cron.size() + 2) {
      span.begin = c.expr_span.begin + 1 + offsets->first;
      span.end = c.expr_span.begin + 1 + offsets->second;
    }
    return span;
  };
  const auto fail = [&](const schedule::ScheduleProblem& problem) {
    schedule::report(problem, cx.diags, span_of);
    return false;
  };
  // In this order: the cron, the zone, whether ADF has the zone, the window, whether ADF can express the schedule.
  const bool source_error = lowered.error && lowered.error->kind != DiagnosticKind::InvalidWindow;
  if (source_error) return fail(*lowered.error);
  if (schedule_needs_adf && lowered.adf_error && lowered.adf_error->kind == DiagnosticKind::NoWindowsZone) return fail(*lowered.adf_error);
  if (lowered.error) return fail(*lowered.error);
  if (schedule_needs_adf && lowered.adf_error) return fail(*lowered.adf_error);
  s = lowered.schedule;
  s.span = v.span;
  s.cron_span = c.expr_span;
  s.zone_span = c.zone_span;
  // Target `databricks` has no ADF trigger; its Quartz lowering is checked by compiler/targets.
  if (!schedule_needs_adf) s.adf.clear();
  return true;
}

}  // namespace

// What is wrong with an absolute notebook path, or "".
std::string notebook_path_problem(const std::string& path) {
  if (path.empty() || path.front() != '/') return "must be an absolute workspace path starting with `/`";
  if (path.size() == 1) return "names the workspace root, not a notebook";
  if (path.back() == '/') return "must name a notebook, not end with `/`";
  if (path.find("//") != std::string::npos) return "has an empty segment (`//`)";
  if (path.find("/../") != std::string::npos || path.find("/./") != std::string::npos || path.ends_with("/..") ||
      path.ends_with("/."))
    return "cannot contain `.` or `..` segments";
  return "";
}

void lower_models(Context& cx, Clusters& clusters) {
  ModelLowering lowering(cx, clusters);
  cx.project.models.reserve(cx.table(SymbolKind::Model).size());  // no doubling slack: an ir::Model is over 1 KB
  for (const auto& [name, d] : cx.table(SymbolKind::Model)) lowering.lower(d);
}

}  // namespace schedc::lower
