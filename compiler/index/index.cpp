// Reading the organisation index: see index.hpp. Every problem is reported at its place in the file; an entry with a
// problem is left out, the others join.
#include "compiler/index/index.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "compiler/json/reader.hpp"
#include "compiler/schedule/cron/cron.hpp"
#include "compiler/schedule/tz/timezone.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::index {

std::string format_local(const schedule::adf::LocalDateTime& t) {
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", t.year, t.month, t.day, t.hour, t.minute, t.second);
}

namespace {

SCHEDC_DIAGNOSTIC(IndexProblem, InvalidIndex, "{}", std::string_view);  // worded by each check below
SCHEDC_DIAGNOSTIC(IndexNotJson, InvalidIndex, "the organisation index is not valid JSON: {}", std::string_view);
SCHEDC_DIAGNOSTIC(IndexVersion, StaleIndex, "the organisation index has format version {}; this schedc reads versions {} to {}",
                  std::string_view, int, int);
SCHEDC_DIAGNOSTIC(IndexStaleName, StaleIndex, "the index gives model `{}` the {} `{}`; this schedc generates {}",
                  std::string_view, std::string_view, std::string_view, std::string_view);
SCHEDC_DIAGNOSTIC(IndexRepeatedModel, InvalidIndex, "the index lists model `{}` twice{}", std::string_view, std::string_view);

constexpr const char* kIndexHelp =
    "the index is the `index.json` that `schedc build` writes at the root of its output: use the one of the latest "
    "release, unedited (docs/deploy.md §3.7)";
constexpr const char* kStaleHelp =
    "rebuild the index with this schedc (`schedc build` of the release writes it), or run the schedc version the "
    "release uses";

bool valid_identifier(std::string_view s) {
  if (s.empty() || s.size() > 100) return false;
  if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool valid_repo(std::string_view s) {
  if (s.empty()) return true;  // an index written by a single-repo build
  if (s.size() > 255 || !(std::isalnum(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

std::optional<schedule::adf::LocalDateTime> parse_local(std::string_view s) {
  if (s.size() != 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u, 11u, 12u, 14u, 15u, 17u, 18u})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) v = v * 10 + (s[at + i] - '0');
    return v;
  };
  schedule::adf::LocalDateTime t{num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2)};
  if (t.year < 1 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > schedule::cron::days_in_month(t.year, t.month) ||
      t.hour > 23 || t.minute > 59 || t.second > 59)
    return std::nullopt;
  return t;
}

class Reader {
 public:
  Reader(const SourceManager& sm, FileId file, Diagnostics& diags) : sm_(sm), file_(file), diags_(diags) {}

  ReadResult run(const std::set<std::string>& replaced) {
    ReadResult r;
    const std::string& text = sm_.file(file_).text;
    json::ParseResult parsed = json::parse(text);
    if (!parsed.value) {
      auto& d = diags_.report(IndexNotJson, span(parsed.error->begin, parsed.error->end), parsed.error->message);
      d.primary_label = parsed.error->label;
      d.help = kIndexHelp;
      return r;
    }
    const json::Value& root = *parsed.value;
    if (!root.is_object()) return fail_root(r, root, fmt::format("the organisation index is {}; expected an object", json::kind_name(root.kind)));
    if (!known(root, {"schedc_index", "models", "storages"})) return r;
    const json::Value* version = root.get("schedc_index");
    if (!version) return fail_root(r, root, "the organisation index has no `schedc_index` (its format version)");
    const auto readable = [&] {
      for (int v = kOldestReadableVersion; v <= kFormatVersion; ++v)
        if (version->text == std::to_string(v)) return true;
      return false;
    };
    if (version->kind != json::Value::Kind::Number || !readable()) {
      auto& d = diags_.report(IndexVersion, at(*version), version->kind == json::Value::Kind::Number ? version->text : "?",
                              kOldestReadableVersion, kFormatVersion);
      d.primary_label = "not this schedc's format";
      d.help = kStaleHelp;
      return r;
    }
    const json::Value* models = root.get("models");
    if (!models || !models->is_array()) return fail_root(r, models ? *models : root, "the organisation index needs `models`, an array");
    bool storages_ok = true;
    if (const json::Value* storages = root.get("storages")) storages_ok = storages_valid(*storages);
    r.entries = models->items.size();
    r.models.reserve(r.entries);
    bool all_ok = true;
    std::map<std::string, const json::Value*> seen;  // folded name -> its entry's `name`
    for (const auto& entry : models->items) {
      auto m = model(entry);
      if (!m) {
        all_ok = false;
        continue;
      }
      r.repos.insert(m->repo);
      const json::Value* name = entry.get("name");
      auto [it, fresh] = seen.emplace(lower_ascii(m->name), name);
      if (!fresh) {
        auto& d = diags_.report(IndexRepeatedModel, at(*name), m->name,
                                it->second->text == m->name ? "" : fmt::format(" (as `{}`)", it->second->text));
        d.primary_label = "listed again";
        d.labels.push_back({at(*it->second), "listed here first"});
        d.help = kIndexHelp;
        all_ok = false;
        continue;
      }
      if (!replaced.count(m->repo)) r.models.push_back(std::move(*m));
    }
    // Sorted like ir::Project::models (an index that `build` wrote already is: then nothing moves).
    const auto before = [](const ir::Model& a, const ir::Model& b) {
      return std::make_pair(lower_ascii(a.name), a.name) < std::make_pair(lower_ascii(b.name), b.name);
    };
    if (!std::is_sorted(r.models.begin(), r.models.end(), before)) std::sort(r.models.begin(), r.models.end(), before);
    r.complete = all_ok && storages_ok;
    return r;
  }

 private:
  Span span(std::uint32_t b, std::uint32_t e) const { return Span{file_, b, std::max(b, e)}; }
  Span at(const json::Value& v) const { return span(v.begin, v.end); }

  ReadResult& fail_root(ReadResult& r, const json::Value& v, const std::string& message) {
    problem(v, message, "");
    return r;
  }

  void problem(const json::Value& v, const std::string& message, std::string label) {
    auto& d = diags_.report(IndexProblem, at(v), message);
    d.primary_label = std::move(label);
    d.help = kIndexHelp;
  }

  // Every member of `v` is one of `names`; otherwise the first unknown one is reported.
  bool known(const json::Value& v, std::initializer_list<std::string_view> names) {
    for (const auto& m : v.members) {
      if (std::find(names.begin(), names.end(), m.key) != names.end()) continue;
      auto& d = diags_.report(IndexProblem, span(m.key_begin, m.key_end), fmt::format("unknown member `{}` in the organisation index", m.key));
      d.primary_label = "unknown";
      if (auto c = closest(m.key, names); !c.empty()) d.notes.push_back(fmt::format("did you mean `{}`?", c));
      d.help = kIndexHelp;
      return false;
    }
    return true;
  }

  // `storages`: [{"name", "linked_service", "datasets": [...]}], each an ADF name (what a build's own folder skips).
  bool storages_valid(const json::Value& storages) {
    using Kind = json::Value::Kind;
    if (!storages.is_array()) {
      problem(storages, fmt::format("`storages` is {}; expected an array", json::kind_name(storages.kind)), "wrong type");
      return false;
    }
    for (const auto& s : storages.items) {
      if (!s.is_object()) {
        problem(s, fmt::format("a storage of the index is {}; expected an object", json::kind_name(s.kind)), "wrong type");
        return false;
      }
      if (!known(s, {"name", "linked_service", "datasets"})) return false;
      const json::Value* name = member(s, "name", Kind::String, true, "storage");
      const json::Value* ls = member(s, "linked_service", Kind::String, true, "storage");
      const json::Value* datasets = member(s, "datasets", Kind::Array, true, "storage");
      if (!name || !ls || !datasets) return false;
      // Generated names: a declaration's name after a prefix, within ADF's 260 characters.
      const auto generated_name = [](std::string_view n) {
        return !n.empty() && n.size() <= 260 &&
               std::all_of(n.begin(), n.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
      };
      if (!valid_identifier(name->text)) {
        problem(*name, fmt::format("`{}` is not a storage name", name->text), "not a name");
        return false;
      }
      if (!generated_name(ls->text)) {
        problem(*ls, fmt::format("`{}` is not a name schedc writes", ls->text), "not a name");
        return false;
      }
      for (const auto& d : datasets->items)
        if (!d.is_string() || !generated_name(d.text)) {
          problem(d, "a storage's datasets are names schedc writes", "not a name");
          return false;
        }
    }
    return true;
  }

  // The member `key` of `obj` with kind `kind`, or null after reporting (when `required` or of another kind).
  const json::Value* member(const json::Value& obj, std::string_view key, json::Value::Kind kind, bool required,
                            std::string_view what) {
    const json::Value* v = obj.get(key);
    if (!v) {
      if (required) problem(obj, fmt::format("this {} has no `{}`", what, key), fmt::format("`{}` missing", key));
      return nullptr;
    }
    if (v->kind != kind) {
      problem(*v, fmt::format("`{}` is {}; expected {}", key, json::kind_name(v->kind), json::kind_name(kind)), "wrong type");
      return nullptr;
    }
    return v;
  }

  std::optional<std::int64_t> integer(const json::Value& v, std::int64_t lo, std::int64_t hi, std::string_view key) {
    std::int64_t n = 0;
    bool ok = !v.text.empty() && v.text.size() <= 12 && std::all_of(v.text.begin(), v.text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (ok) n = std::stoll(v.text);
    if (!ok || n < lo || n > hi) {
      problem(v, fmt::format("`{}` must be a whole number from {} to {}", key, lo, hi), "out of range");
      return std::nullopt;
    }
    return n;
  }

  void stale(const json::Value& v, std::string_view what, const std::string& model, std::string_view expected) {
    auto& d = diags_.report(IndexStaleName, at(v), model, what, v.is_string() ? v.text : "?", expected);
    d.primary_label = "not what this schedc generates";
    d.notes.push_back("generated names follow one rule (docs/language.md §8); an index with other names was written by "
                      "another schedc or edited");
    d.help = kStaleHelp;
  }

  std::optional<ir::Model> model(const json::Value& e) {
    using K = json::Value::Kind;
    if (!e.is_object()) {
      problem(e, fmt::format("a model of the index is {}; expected an object", json::kind_name(e.kind)), "not a model");
      return std::nullopt;
    }
    if (!known(e, {"name", "repo", "file", "target", "workspace", "schedule", "timeout_seconds", "requires", "pipeline",
                   "triggers", "linked_service", "existing_cluster", "jobs", "existing_job", "produces"}))
      return std::nullopt;
    ir::Model m;
    const auto* name = member(e, "name", K::String, true, "model");
    const auto* repo = member(e, "repo", K::String, true, "model");
    const auto* file = member(e, "file", K::String, true, "model");
    const auto* target = member(e, "target", K::String, true, "model");
    const auto* sched = member(e, "schedule", K::Object, true, "model");
    const auto* timeout = member(e, "timeout_seconds", K::Number, true, "model");
    const auto* requires_ = member(e, "requires", K::Array, true, "model");
    const auto* triggers = member(e, "triggers", K::Array, true, "model");
    const auto* jobs = member(e, "jobs", K::Object, true, "model");
    const auto* produces = member(e, "produces", K::Array, true, "model");
    const auto* workspace = member(e, "workspace", K::String, true, "model");
    const auto* cluster_ids = member(e, "existing_cluster", K::Object, true, "model");
    const auto* existing_job = member(e, "existing_job", K::Object, true, "model");
    if (!name || !repo || !file || !target || !sched || !timeout || !requires_ || !triggers || !jobs || !produces ||
        !workspace || !cluster_ids || !existing_job)
      return std::nullopt;
    if (!valid_identifier(name->text)) {
      problem(*name, fmt::format("`{}` is not a model name", name->text), "invalid name");
      return std::nullopt;
    }
    m.name = name->text;
    m.span = at(*name);
    if (!valid_repo(repo->text)) {
      problem(*repo, fmt::format("`{}` is not a repo name", repo->text), "invalid repo name");
      return std::nullopt;
    }
    m.repo = repo->text;
    if (file->text.empty() || file->text.front() == '/' || file->text.find('\0') != std::string::npos) {
      problem(*file, "`file` must be a relative path", "invalid path");
      return std::nullopt;
    }
    m.file = file->text;
    m.source_path = m.repo.empty() ? m.file : m.repo + ":" + m.file;
    auto t = targets::parse_target(target->text);
    if (!t) {
      problem(*target, fmt::format("unknown target `{}`; expected adf_notebook, adf_job or databricks", target->text), "unknown target");
      return std::nullopt;
    }
    m.target = *t;
    m.target_span = at(*target);
    if (!valid_identifier(workspace->text)) {
      problem(*workspace, fmt::format("`{}` is not a workspace name", workspace->text), "invalid name");
      return std::nullopt;
    }
    m.workspace = workspace->text;
    // Per environment ("" without environments): an existing cluster's ids, an existing job's names.
    const auto per_env = [&](const json::Value& obj, std::string_view what) -> std::optional<std::map<std::string, std::string>> {
      std::map<std::string, std::string> out;
      for (const auto& v : obj.members) {
        if (!v.value.is_string() || v.value.text.empty() || !(v.key.empty() || valid_identifier(v.key))) {
          problem(v.value, fmt::format("`{}` maps environments to {}, non-empty strings", what, what == "existing_job" ? "job names" : "cluster ids"),
                  "not a name");
          return std::nullopt;
        }
        out[v.key] = v.value.text;
      }
      return out;
    };
    auto ids = per_env(*cluster_ids, "existing_cluster");
    auto job = per_env(*existing_job, "existing_job");
    if (!ids || !job) return std::nullopt;
    m.index_cluster_ids = std::move(*ids);
    if (!job->empty()) {
      if (m.target != ir::Target::AdfJob) {
        stale(*existing_job, "existing job", m.name, "none (only target `adf_job` runs an existing job)");
        return std::nullopt;
      }
      ir::PerEnv<std::string> names;
      names.span = at(*existing_job);
      if (job->size() == 1 && job->begin()->first.empty()) names.all = job->begin()->second;
      else names.by_env = std::move(*job);
      m.existing_job = std::move(names);
    }
    auto secs = integer(*timeout, 1, 7 * 86400, "timeout_seconds");
    if (!secs) return std::nullopt;
    m.timeout_seconds = *secs;
    if (!schedule_of(*sched, m.schedule)) return std::nullopt;
    for (const auto& r : requires_->items) {
      if (!r.is_object()) {
        problem(r, "a prerequisite of the index is not an object", "not a prerequisite");
        return std::nullopt;
      }
      if (!known(r, {"model", "wait_seconds", "within_seconds"})) return std::nullopt;
      const auto* up = member(r, "model", K::String, true, "prerequisite");
      if (!up) return std::nullopt;
      if (!valid_identifier(up->text)) {
        problem(*up, fmt::format("`{}` is not a model name", up->text), "invalid name");
        return std::nullopt;
      }
      ir::Prerequisite p;
      p.kind = ir::Prerequisite::Kind::Model;
      p.upstream = up->text;
      p.span = at(*up);
      if (const auto* w = r.get("wait_seconds")) {
        auto n = integer(*w, 1, 7 * 86400, "wait_seconds");
        if (!n) return std::nullopt;
        p.mode = ir::Prerequisite::Mode::Wait;
        p.timeout_seconds = *n;
      }
      if (const auto* w = r.get("within_seconds")) {
        auto n = integer(*w, 60, 400 * 86400, "within_seconds");
        if (!n) return std::nullopt;
        p.within_seconds = *n;
      }
      m.requires_.push_back(std::move(p));
    }
    for (const auto& p : produces->items) {
      if (!p.is_object() || !known(p, {"storage", "path"}) || !member(p, "storage", K::String, true, "output") ||
          !member(p, "path", K::String, true, "output")) {
        if (!p.is_object()) problem(p, "an output of the index is not an object", "not an output");
        return std::nullopt;
      }
    }
    // The generated names: the index's must be the ones this schedc derives (else it is stale).
    const bool pipeline = targets::has_pipeline(m.target);
    const json::Value* pl = e.get("pipeline");
    if (pipeline != (pl != nullptr) || (pl && (!pl->is_string() || pl->text != "pl_" + m.name))) {
      if (pl) stale(*pl, "pipeline", m.name, pipeline ? fmt::format("`pl_{}`", m.name) : std::string("none (target `databricks`)"));
      else stale(*name, "pipeline", m.name, fmt::format("`pl_{}`", m.name));
      return std::nullopt;
    }
    if (pipeline) m.names.pipeline = pl->text;
    for (std::size_t i = 0; i < triggers->items.size(); ++i) {
      const auto& tr = triggers->items[i];
      const std::string expected = triggers->items.size() == 1 ? "tr_" + m.name : fmt::format("tr_{}_{}", m.name, i + 1);
      if (!pipeline || !tr.is_string() || tr.text != expected) {
        stale(tr, "trigger", m.name, pipeline ? fmt::format("`{}`", expected) : std::string("none (target `databricks`)"));
        return std::nullopt;
      }
      m.names.triggers.push_back(tr.text);
    }
    if (pipeline && triggers->items.empty()) {
      stale(*triggers, "triggers", m.name, fmt::format("`tr_{}`", m.name));
      return std::nullopt;
    }
    if (const json::Value* ls = e.get("linked_service")) {
      if (!ls->is_string() || ls->text.rfind("ls_dbx_", 0) != 0 || m.target != ir::Target::AdfNotebook) {
        stale(*ls, "linked service", m.name, m.target == ir::Target::AdfNotebook ? "`ls_dbx_...`" : "none (its target has no notebook activity)");
        return std::nullopt;
      }
      m.names.cluster_linked_service = ls->text;
    }
    for (const auto& j : jobs->members) {
      const std::string expected = targets::job_name(m.name, j.key);
      if (!targets::has_job(m.target) || !j.value.is_string() || j.value.text != expected) {
        stale(j.value, "Databricks job", m.name,
              targets::has_job(m.target) ? fmt::format("`{}`", expected) : std::string("none (target `adf_notebook`)"));
        return std::nullopt;
      }
      m.names.jobs[j.key] = j.value.text;
    }
    return m;
  }

  bool schedule_of(const json::Value& s, ir::Schedule& out) {
    using K = json::Value::Kind;
    if (!known(s, {"cron", "zone", "from", "until"})) return false;
    const auto* cron = member(s, "cron", K::String, true, "schedule");
    const auto* zone = member(s, "zone", K::String, true, "schedule");
    if (!cron || !zone) return false;
    auto parsed = schedule::cron::parse(cron->text);
    if (!parsed.expr) {
      problem(*cron, fmt::format("the cron expression `{}` is invalid: {}", cron->text, parsed.error->message), "invalid cron");
      return false;
    }
    out.cron = std::move(*parsed.expr);
    out.cron_span = at(*cron);
    if (!schedule::tz::find_zone(zone->text)) {
      problem(*zone, fmt::format("unknown time zone `{}`", zone->text), "unknown zone");
      return false;
    }
    out.zone = zone->text;
    out.utc = zone->text == "UTC" || zone->text == "Etc/UTC";
    out.zone_span = at(*zone);
    out.span = at(s);
    for (const char* key : {"from", "until"}) {
      const json::Value* v = s.get(key);
      if (!v) continue;
      auto t = v->is_string() ? parse_local(v->text) : std::nullopt;
      if (!t) {
        problem(*v, fmt::format("`{}` must be a local date and time `YYYY-MM-DDTHH:MM:SS`", key), "invalid date");
        return false;
      }
      (std::string_view(key) == "from" ? out.from : out.until) = t;
    }
    return true;
  }

  const SourceManager& sm_;
  FileId file_;
  Diagnostics& diags_;
};

}  // namespace

ReadResult read_index(const SourceManager& sm, FileId file, const std::set<std::string>& replaced, Diagnostics& diags) {
  return Reader(sm, file, diags).run(replaced);
}

}  // namespace schedc::index
