// The renderings of a diff (text, Markdown, JSON): see diff_render.hpp.
#include "cli/diff_render.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "cli/next.hpp"
#include "cli/safe_fs.hpp"
#include "codegen/json/json.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace schedc::cli {

namespace {

using diff::ModelDiff;
using diff::Result;
using schedule::Instant;
using Json = codegen::json::Json;

// How many added or removed fire times are listed per model (the counts are always complete).
constexpr std::size_t kListedFires = 10;

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::size_t count_status(const Result& r, diff::Status s) {
  return static_cast<std::size_t>(
      std::count_if(r.models.begin(), r.models.end(), [&](const ModelDiff& m) { return m.status == s; }));
}

std::size_t count_severity(const std::vector<diff::DiagnosticEntry>& list, Severity s) {
  return static_cast<std::size_t>(
      std::count_if(list.begin(), list.end(), [&](const diff::DiagnosticEntry& d) { return d.severity == s; }));
}

const char* severity_word(Severity s) { return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "note"; }

// "2 changed, 1 added, 1 removed (3 unchanged); 1 new error, no new warnings; fixed: 2 warnings" (the fixed part only
// when something is fixed)
std::string summary_line(const Result& r) {
  std::vector<std::string> parts;
  const std::size_t changed = count_status(r, diff::Status::Changed), added = count_status(r, diff::Status::Added),
                    removed = count_status(r, diff::Status::Removed);
  std::string models = r.models.empty() ? std::string("no model changed")
                                        : fmt::format("{} changed, {} added, {} removed", changed, added, removed);
  if (r.unchanged) models += fmt::format(" ({} unchanged)", r.unchanged);
  const std::size_t errors = count_severity(r.new_diagnostics, Severity::Error),
                    warnings = count_severity(r.new_diagnostics, Severity::Warning);
  std::string out = fmt::format("{}; {}, {}", models, errors ? plural(errors, "new error", "new errors") : "no new errors",
                                warnings ? plural(warnings, "new warning", "new warnings") : "no new warnings");
  std::vector<std::string> fixed;
  if (const std::size_t n = count_severity(r.fixed_diagnostics, Severity::Error)) fixed.push_back(plural(n, "error", "errors"));
  if (const std::size_t n = count_severity(r.fixed_diagnostics, Severity::Warning))
    fixed.push_back(plural(n, "warning", "warnings"));
  if (!fixed.empty()) out += fmt::format("; fixed: {}", fmt::join(fixed, ", "));
  return out;
}

// Why a model listed has no fires on a side (its declaration has errors there), in words; "" when it has them.
std::string errors_note(const ModelDiff& m) {
  if (m.head_errors)
    return m.status == diff::Status::Added
               ? "its declaration in the head has errors: it does not compile, so it has no fires"
               : "its declaration in the head has errors: it does not compile, so its fires after are not known";
  if (m.base_errors)
    return m.status == diff::Status::Removed
               ? "its declaration in the base had errors: it did not compile, so it had no fires"
               : "its declaration in the base had errors: it did not compile, so its fires before are not known";
  return "";
}

// The diagnostics of `list` that belong to the model `key`: those of a model listed are shown under it.
std::vector<const diff::DiagnosticEntry*> of_model(const std::vector<diff::DiagnosticEntry>& list, const std::string& key) {
  std::vector<const diff::DiagnosticEntry*> out;
  for (const auto& d : list)
    if (!key.empty() && d.model == key) out.push_back(&d);
  return out;
}

// The diagnostics of `list` that belong to no model of `listed` (outside every model, or of a model not listed): they
// are shown in sections of their own.
std::vector<const diff::DiagnosticEntry*> outside(const std::vector<diff::DiagnosticEntry>& list,
                                                  const std::set<std::string>& listed) {
  std::vector<const diff::DiagnosticEntry*> out;
  for (const auto& d : list)
    if (d.model.empty() || !listed.count(d.model)) out.push_back(&d);
  return out;
}

std::set<std::string> listed_models(const Result& r) {
  std::set<std::string> out;
  for (const auto& m : r.models) out.insert(m.key);
  return out;
}

// What the reader must know before the models: a side that did not compile.
std::vector<std::string> side_notes(const Result& r) {
  std::vector<std::string> out;
  if (!r.base_lowered)
    out.push_back(fmt::format("the base did not compile ({}) and its models could not be read: no model is compared",
                              plural(r.base_errors, "error", "errors")));
  else if (r.base_errors)
    out.push_back(fmt::format("the base did not compile ({}): the models it declares are compared as far as they were read",
                              plural(r.base_errors, "error", "errors")));
  if (!r.head_lowered)
    out.push_back(fmt::format("the head did not compile ({}) and its models could not be read: no model is compared",
                              plural(r.head_errors, "error", "errors")));
  else if (r.head_errors)
    out.push_back(fmt::format("the head does not compile ({}): see the new errors", plural(r.head_errors, "error", "errors")));
  if (!r.new_warnings_judged && r.head_warnings)
    out.push_back("the head's warnings are not reported as new until the base compiles (with errors, not every check "
                  "ran on it, so its warnings are not known)");
  if (!r.fixed_judged && (r.base_errors || r.base_warnings))
    out.push_back("the base's errors and warnings that the head fixes are not reported until the head compiles (with "
                  "errors, not every check runs on it)");
  if (!r.not_compared.empty())
    out.push_back(fmt::format("not compared, as neither side compiles them: {}", fmt::join(r.not_compared, ", ")));
  return out;
}

std::string local_and_utc(Instant at, const std::string& zone_name) {
  const schedule::tz::Zone* zone = schedule::tz::find_zone(zone_name);
  return zone ? fmt::format("{} ({})", local_time_text(at, *zone), schedule::format_utc(at)) : schedule::format_utc(at);
}

std::string fire_text(const schedule::Fire& f, const std::string& zone) {
  std::string out = local_and_utc(f.instant, zone);
  if (auto note = fire_note(f); !note.empty()) out += " — " + note;
  return out;
}

// A fire of a side's window, with its DST note when it has one.
std::string window_fire_text(Instant at, const std::optional<diff::Fires>& side) {
  if (!side) return schedule::format_utc(at);
  auto it = std::lower_bound(side->window.begin(), side->window.end(), at,
                             [](const schedule::Fire& f, Instant i) { return f.instant < i; });
  if (it != side->window.end() && it->instant == at) return fire_text(*it, side->zone);
  return local_and_utc(at, side->zone);
}

std::string change_words(const diff::Change& c) {
  if (c.before.empty()) return fmt::format("{}: added {}", c.field, c.after);
  if (c.after.empty()) return fmt::format("{}: removed {}", c.field, c.before);
  return fmt::format("{}: {} -> {}", c.field, c.before, c.after);
}

std::string fires_heading(const diff::Fires& f) { return fmt::format("{}, {}", f.scheduler, f.zone); }

// The fire times of a model of which a side did not compile are not known.
std::string not_known_words(const ModelDiff& m) {
  return fmt::format("not compared: the {} does not compile it", m.head_errors ? "head" : "base");
}

std::string window_counts(const ModelDiff& m) {
  return fmt::format("{} added, {} removed", m.delta.added.size(), m.delta.removed.size());
}

// ---- text ------------------------------------------------------------------------------------------------------------

void text_fires(std::string& out, const char* label, const std::optional<diff::Fires>& f) {
  if (!f) return;
  out += fmt::format("  next fires {} ({}):\n", label, fires_heading(*f));
  if (f->error) {
    out += fmt::format("    cannot be simulated: {}\n", *f->error);
    return;
  }
  if (f->next.empty()) out += "    (none)\n";
  for (const auto& fire : f->next) out += fmt::format("    {}\n", fire_text(fire, f->zone));
}

void text_list(std::string& out, char sign, const std::vector<Instant>& list, const std::optional<diff::Fires>& side) {
  for (std::size_t i = 0; i < list.size() && i < kListedFires; ++i)
    out += fmt::format("    {} {}\n", sign, window_fire_text(list[i], side));
  if (list.size() > kListedFires) out += fmt::format("    {} ... and {} more\n", sign, list.size() - kListedFires);
}

// Every line made safe for a terminal or a CI log (values and messages come from the sources).
std::string printable(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += printable_line(std::string_view(text).substr(start, end - start));
    if (end < text.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string diff_text(const Result& r) {
  std::string out = fmt::format("schedc diff: {}\n", summary_line(r));
  out += fmt::format("fires after {}, fire times over {} days\n", schedule::format_utc(r.from), r.window_days);
  for (const auto& n : side_notes(r)) out += "note: " + n + "\n";
  const auto diagnostic = [](const diff::DiagnosticEntry& d) {
    return fmt::format("{}[{}]{}: {}", severity_word(d.severity), d.code, d.location.empty() ? "" : " " + d.location,
                       d.message);
  };
  for (const auto& m : r.models) {
    out += fmt::format("\n{} model `{}` ({})\n", diff::status_name(m.status), m.key, m.file);
    if (const std::string note = errors_note(m); !note.empty()) out += "  " + note + "\n";
    for (const auto& c : m.changes) out += fmt::format("  {}{}\n", c.secondary ? "(secondary) " : "", change_words(c));
    for (const auto* d : of_model(r.new_diagnostics, m.key)) out += "  new " + diagnostic(*d) + "\n";
    for (const auto* d : of_model(r.fixed_diagnostics, m.key)) out += "  fixed " + diagnostic(*d) + "\n";
    text_fires(out, "before", m.before);
    text_fires(out, "after", m.after);
    if (!m.fire_times_known()) {
      out += fmt::format("  fire times over {} days: {}\n", r.window_days, not_known_words(m));
    } else if (m.delta.empty()) {
      out += fmt::format("  fire times over {} days: the same\n", r.window_days);
    } else {
      out += fmt::format("  fire times over {} days: {}\n", r.window_days, window_counts(m));
      text_list(out, '+', m.delta.added, m.after);
      text_list(out, '-', m.delta.removed, m.before);
    }
  }
  // The diagnostics of no model listed: outside every model, or of a model listed as unchanged or not compared.
  const std::set<std::string> listed = listed_models(r);
  for (const auto& [title, list] : {std::pair{"new diagnostics", &r.new_diagnostics}, std::pair{"fixed diagnostics", &r.fixed_diagnostics}}) {
    const auto rest = outside(*list, listed);
    if (rest.empty()) continue;
    out += fmt::format("\n{}:\n", title);
    for (const auto* d : rest) out += "  " + diagnostic(*d) + "\n";
  }
  return printable(out);
}

// ---- Markdown --------------------------------------------------------------------------------------------------------

namespace {

// Text from the sources in Markdown (and the HTML GitHub allows in it): nothing in it can open a tag, end a table
// cell or a code span.
std::string md(std::string_view raw) {
  const std::string text = printable_line(raw);
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '|': out += "\\|"; break;
      case '`': out += "'"; break;
      case '\n': case '\r': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

std::string md_change(const diff::Change& c) {
  const std::string field = fmt::format("**{}**{}", c.field, c.secondary ? " (secondary)" : "");
  if (c.before.empty()) return fmt::format("{}: added {}", field, md(c.after));
  if (c.after.empty()) return fmt::format("{}: removed {}", field, md(c.before));
  return fmt::format("{}: {} → {}", field, md(c.before), md(c.after));
}

std::string md_fires_table(const ModelDiff& m) {
  std::string out = "| # |";
  if (m.before) out += fmt::format(" before ({}) |", md(fires_heading(*m.before)));
  if (m.after) out += fmt::format(" after ({}) |", md(fires_heading(*m.after)));
  out += "\n| --- |";
  if (m.before) out += " --- |";
  if (m.after) out += " --- |";
  out += "\n";
  const auto cell = [](const std::optional<diff::Fires>& f, std::size_t i) -> std::string {
    if (!f) return "";
    if (f->error) return i == 0 ? " cannot be simulated: " + md(*f->error) + " |" : " |";
    return i < f->next.size() ? " " + md(fire_text(f->next[i], f->zone)) + " |" : " |";
  };
  for (std::size_t i = 0; i < diff::kNextCount; ++i) {
    std::string row = fmt::format("| {} |", i + 1);
    if (m.before) row += cell(m.before, i);
    if (m.after) row += cell(m.after, i);
    out += row + "\n";
  }
  return out;
}

// "error SCH2001 at `models.sched:18:11`: unknown model ..." (a fixed diagnostic is located in the base).
std::string md_diagnostic(const diff::DiagnosticEntry& d) {
  return fmt::format("{} {}{}: {}", severity_word(d.severity), d.code,
                     d.location.empty() ? "" : fmt::format(" at `{}`", md(d.location)), md(d.message));
}

std::string md_details(const Result& r, const ModelDiff& m) {
  std::string out = fmt::format("<details><summary><code>{}</code> {} ({})</summary>\n\n", md(m.key),
                                diff::status_name(m.status), md(m.file));
  if (std::string note = errors_note(m); !note.empty()) {
    note[0] = static_cast<char>(note[0] - 'a' + 'A');  // a sentence of its own here (a line of a list in text)
    out += fmt::format("{}.\n\n", md(note));
  }
  for (const auto& c : m.changes) out += fmt::format("- {}\n", md_change(c));
  const auto new_here = of_model(r.new_diagnostics, m.key), fixed_here = of_model(r.fixed_diagnostics, m.key);
  for (const auto* d : new_here) out += "- new " + md_diagnostic(*d) + "\n";
  for (const auto* d : fixed_here) out += "- fixed " + md_diagnostic(*d) + "\n";
  if (!m.changes.empty() || !new_here.empty() || !fixed_here.empty()) out += "\n";
  if (m.before || m.after) out += md_fires_table(m) + "\n";
  if (!m.fire_times_known()) {
    out += fmt::format("Fire times over {} days: {}.\n", r.window_days, not_known_words(m));
  } else if (m.delta.empty()) {
    out += fmt::format("Fire times over {} days: the same.\n", r.window_days);
  } else {
    out += fmt::format("Fire times over {} days: {}.\n\n", r.window_days, window_counts(m));
    const auto list = [&](const char* sign, const std::vector<Instant>& l, const std::optional<diff::Fires>& side) {
      for (std::size_t i = 0; i < l.size() && i < kListedFires; ++i)
        out += fmt::format("- {} {}\n", sign, md(window_fire_text(l[i], side)));
      if (l.size() > kListedFires) out += fmt::format("- {} … and {} more\n", sign, l.size() - kListedFires);
    };
    list("added", m.delta.added, m.after);
    list("removed", m.delta.removed, m.before);
  }
  return out + "\n</details>\n";
}

std::string md_what(const ModelDiff& m) {
  if (m.head_errors) return "errors in the head";
  if (m.base_errors) return "errors in the base";
  if (m.status != diff::Status::Changed) return "—";
  std::vector<std::string> fields;
  for (const auto& c : m.changes)
    if (std::find(fields.begin(), fields.end(), c.field) == fields.end()) fields.push_back(c.field);
  return fmt::format("{}", fmt::join(fields, ", "));
}

}  // namespace

std::string diff_markdown(const Result& r, std::size_t limit) {
  std::string head = fmt::format("### schedc diff: {}\n\n", md(summary_line(r)));
  head += fmt::format("Next fires after {}; fire times over the {} days after it.\n\n", schedule::format_utc(r.from),
                      r.window_days);
  for (const auto& n : side_notes(r)) head += "> **Note:** " + md(n) + "\n\n";

  std::vector<std::string> rows, details;
  for (const auto& m : r.models) {
    rows.push_back(fmt::format("| `{}` | {} | {} | {} |\n", md(m.key), diff::status_name(m.status), md(md_what(m)),
                               m.fire_times_known()
                                   ? fmt::format("+{} / −{}", m.delta.added.size(), m.delta.removed.size())
                                   : std::string("not known")));
    details.push_back(md_details(r, m));
  }
  // The diagnostics of no model whose details are shown: a table of the new ones, then one of the fixed ones.
  const auto section = [&](const std::set<std::string>& shown, const std::size_t budget, std::size_t& left_out) {
    std::string out;
    for (const auto& [title, list] : {std::pair{"New diagnostics", &r.new_diagnostics},
                                      std::pair{"Fixed diagnostics (located in the base)", &r.fixed_diagnostics}}) {
      const auto rest = outside(*list, shown);
      if (rest.empty()) continue;
      const std::string top = fmt::format("#### {}\n\n| | code | where | message |\n| --- | --- | --- | --- |\n", title);
      if (out.size() + top.size() > budget) {
        left_out += rest.size();
        continue;
      }
      std::string table = top;
      std::size_t left = 0;
      for (const auto* d : rest) {
        std::string row = fmt::format("| {} | {} | {} | {} |\n", severity_word(d->severity), d->code, md(d->location),
                                      md(d->message));
        if (left == 0 && out.size() + table.size() + row.size() + 1 <= budget)
          table += row;
        else
          ++left;
      }
      out += table + "\n";
      left_out += left;
    }
    return out;
  };

  // Everything fits: the whole document. Otherwise the summary, then as many table rows, models and diagnostics as
  // fit under the limit less room for the note saying what was left out.
  const std::string table_head = "| model | change | what changed | fire times (30 days) |\n| --- | --- | --- | --- |\n";
  std::string full = head;
  if (!rows.empty()) {
    full += table_head;
    for (const auto& row : rows) full += row;
    full += "\n";
    for (const auto& d : details) full += d + "\n";
  }
  std::size_t none_left_out = 0;
  full += section(listed_models(r), std::string::npos, none_left_out);
  if (full.size() <= limit) return full;

  constexpr std::size_t kNoteRoom = 400;
  const std::size_t budget = limit > kNoteRoom ? limit - kNoteRoom : 0;
  std::string out = head.size() <= budget ? head : std::string();
  std::size_t rows_left_out = 0, details_left_out = 0, diagnostics_left_out = 0;
  if (!rows.empty() && out.size() + table_head.size() <= budget) {
    out += table_head;
    for (const auto& row : rows)
      if (rows_left_out == 0 && out.size() + row.size() + 1 <= budget)
        out += row;
      else
        ++rows_left_out;
    out += "\n";
  } else {
    rows_left_out = rows.size();
  }
  std::set<std::string> shown;  // the models whose details (and diagnostics) are shown
  for (std::size_t i = 0; i < details.size(); ++i)
    if (details_left_out == 0 && out.size() + details[i].size() + 1 <= budget) {
      out += details[i] + "\n";
      shown.insert(r.models[i].key);
    } else {
      ++details_left_out;
    }
  out += section(shown, budget > out.size() ? budget - out.size() : 0, diagnostics_left_out);
  out += fmt::format("> **Truncated** to fit a comment: {} table rows, {} model details and {} diagnostics left out; run "
                     "`schedc diff` for the whole report.\n",
                     rows_left_out, details_left_out, diagnostics_left_out);
  return out;
}

// ---- JSON --------------------------------------------------------------------------------------------------------------

namespace {

Json fires_json(const std::optional<diff::Fires>& f) {
  if (!f) return nullptr;
  Json o = Json::object();
  o["scheduler"] = f->scheduler;
  o["zone"] = f->zone;
  if (f->error) {
    o["error"] = *f->error;
    return o;
  }
  Json next = Json::array();
  const schedule::tz::Zone* zone = schedule::tz::find_zone(f->zone);
  for (const auto& fire : f->next) {
    Json item = Json::object();
    item["utc"] = schedule::format_utc(fire.instant);
    if (zone) item["local"] = local_time_text(fire.instant, *zone);
    item["kind"] = schedule::fire_kind_name(fire.kind);
    next.push_back(std::move(item));
  }
  o["next"] = std::move(next);
  return o;
}

// The JSON lists at most this many added or removed fire times per model (the counts are complete).
constexpr std::size_t kJsonListedFires = 1000;

Json instants_json(const std::vector<Instant>& list) {
  Json out = Json::array();
  for (std::size_t i = 0; i < list.size() && i < kJsonListedFires; ++i) out.push_back(schedule::format_utc(list[i]));
  return out;
}

}  // namespace

std::string diff_json(const Result& r) {
  Json root = Json::object();
  root["format"] = "schedc-diff";
  root["version"] = 1;
  root["from"] = schedule::format_utc(r.from);
  root["window_days"] = r.window_days;
  root["base"] = Json::object({{"lowered", r.base_lowered}, {"errors", r.base_errors}, {"warnings", r.base_warnings}});
  root["head"] = Json::object({{"lowered", r.head_lowered}, {"errors", r.head_errors}, {"warnings", r.head_warnings}});
  Json summary = Json::object();
  summary["changed"] = count_status(r, diff::Status::Changed);
  summary["added"] = count_status(r, diff::Status::Added);
  summary["removed"] = count_status(r, diff::Status::Removed);
  summary["unchanged"] = r.unchanged;
  summary["not_compared"] = r.not_compared;
  summary["new_errors"] = count_severity(r.new_diagnostics, Severity::Error);
  summary["new_warnings"] = count_severity(r.new_diagnostics, Severity::Warning);
  summary["fixed_errors"] = count_severity(r.fixed_diagnostics, Severity::Error);
  summary["fixed_warnings"] = count_severity(r.fixed_diagnostics, Severity::Warning);
  summary["fixed_judged"] = r.fixed_judged;
  summary["new_warnings_judged"] = r.new_warnings_judged;
  root["summary"] = std::move(summary);
  Json models = Json::array();
  for (const auto& m : r.models) {
    Json o = Json::object();
    o["model"] = m.name;
    if (!m.repo.empty()) o["repo"] = m.repo;
    o["file"] = m.file;
    o["status"] = diff::status_name(m.status);
    Json changes = Json::array();
    for (const auto& c : m.changes) {
      Json ch = Json::object();
      ch["field"] = c.field;
      ch["before"] = c.before.empty() ? Json(nullptr) : Json(c.before);
      ch["after"] = c.after.empty() ? Json(nullptr) : Json(c.after);
      ch["secondary"] = c.secondary;
      changes.push_back(std::move(ch));
    }
    o["changes"] = std::move(changes);
    o["before"] = fires_json(m.before);
    o["after"] = fires_json(m.after);
    // Whether the model lowered on each side (false: its declaration has errors there; null: not on that side).
    const auto lowered = [](bool on_side, bool errors) { return on_side ? Json(!errors) : Json(nullptr); };
    o["lowered"] = Json::object({{"base", lowered(m.status != diff::Status::Added, m.base_errors)},
                                 {"head", lowered(m.status != diff::Status::Removed, m.head_errors)}});
    Json times = Json::object();
    times["known"] = m.fire_times_known();
    times["added_count"] = m.delta.added.size();
    times["removed_count"] = m.delta.removed.size();
    times["added"] = instants_json(m.delta.added);
    times["removed"] = instants_json(m.delta.removed);
    o["fire_times"] = std::move(times);
    models.push_back(std::move(o));
  }
  root["models"] = std::move(models);
  const auto diagnostics = [](const std::vector<diff::DiagnosticEntry>& list) {
    Json out = Json::array();
    for (const auto& d : list) {
      Json o = Json::object();
      o["code"] = d.code;
      o["severity"] = severity_word(d.severity);
      o["location"] = d.location;
      o["model"] = d.model;
      o["message"] = d.message;
      out.push_back(std::move(o));
    }
    return out;
  };
  root["new_diagnostics"] = diagnostics(r.new_diagnostics);
  root["fixed_diagnostics"] = diagnostics(r.fixed_diagnostics);
  return codegen::json::dump(root, 2);
}

}  // namespace schedc::cli
