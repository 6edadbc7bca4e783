#include "cli/lsp/features.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <tuple>

#include <fmt/format.h>

#include "cli/lsp/server.hpp"
#include "cli/next.hpp"
#include "compiler/adf_input/arm_parameters.hpp"
#include "compiler/format/format.hpp"
#include "compiler/schedule/cron/cron.hpp"
#include "compiler/schedule/cron/describe.hpp"
#include "compiler/schedule/tz/timezone.hpp"
#include "compiler/schedule/tz/zone.hpp"

namespace schedc::cli::lsp {

[[noreturn]] void invalid_params(std::string why) { throw RpcError{kInvalidParams, std::move(why)}; }

const Json& member(const Json& object, const char* key, Json::value_t type) {
  if (!object.is_object()) invalid_params("params must be an object");
  auto it = object.find(key);
  if (it == object.end() || it->type() != type) invalid_params(fmt::format("`{}` is missing or of the wrong type", key));
  return *it;
}

std::uint32_t to_u32(const Json& v, const char* what) {
  if (!v.is_number_integer() && !v.is_number_unsigned()) invalid_params(fmt::format("`{}` is not an integer", what));
  const auto n = v.get<long long>();
  if (n < 0 || n > 0x7fffffff) invalid_params(fmt::format("`{}` is out of range", what));
  return static_cast<std::uint32_t>(n);
}

namespace {

const char* kind_word(lower::SymbolKind k) { return lower::symbol_kind_name(k); }

// LSP SymbolKind numbers for document symbols.
int symbol_kind_number(lower::SymbolKind k) {
  switch (k) {
    case lower::SymbolKind::Model: return 12;           // Function
    case lower::SymbolKind::Environment: return 14;     // Constant
    case lower::SymbolKind::ClusterProfile: return 23;  // Struct
    default: return 19;                                 // Object
  }
}

// The `cron "..." in "..."` value whose text contains `offset`, anywhere in `body`.
const syntax::Value* cron_at(const syntax::Value& v, std::uint32_t offset);
const syntax::Value* cron_at(const syntax::Body& body, std::uint32_t offset) {
  if (offset < body.span.begin || offset > body.span.end) return nullptr;
  for (const auto& e : body.entries) {
    if (e.nested)
      if (const auto* c = cron_at(*e.nested, offset)) return c;
    if (e.kind == syntax::Entry::Kind::Attribute)
      if (const auto* c = cron_at(e.value, offset)) return c;
  }
  return nullptr;
}
const syntax::Value* cron_at(const syntax::Value& v, std::uint32_t offset) {
  if (offset < v.span.begin || offset > v.span.end) return nullptr;
  if (v.kind == syntax::Value::Kind::Cron) return &v;
  for (const auto& item : v.items)
    if (const auto* c = cron_at(item, offset)) return c;
  for (const auto& e : v.per_env())
    if (const auto* c = cron_at(e.value, offset)) return c;
  if (v.block) return cron_at(*v.block, offset);
  return nullptr;
}

std::string text_of(const std::vector<syntax::StringPart>& parts) {
  std::string out;
  for (const auto& p : parts) out += p.kind == syntax::StringPart::Kind::Text ? p.text : "{" + p.text + "}";
  return out;
}

std::string utc_offset(std::chrono::seconds offset) {
  const long long s = offset.count(), a = s < 0 ? -s : s;
  return fmt::format("UTC{}{:02}:{:02}", s < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

std::string wall(schedule::Instant t, std::chrono::seconds offset) {
  const auto local = t + offset;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()), hms.hours().count(), hms.minutes().count());
}

// A zone at `now`: its UTC offset and abbreviation, and its next two changes of offset (local time before and
// after, and UTC), from the tz layer.
std::string zone_offsets(const std::string& name, schedule::Instant now) {
  const schedule::tz::Zone* zone = schedule::tz::find_zone(name);
  if (!zone) return {};
  schedule::tz::Period period = zone->get_info(now);
  std::string out = fmt::format("- at {} UTC: {} ({})\n", wall(now, std::chrono::seconds{0}), utc_offset(period.offset),
                                zone->abbreviation(now));
  int changes = 0;
  // Periods can change the abbreviation alone; a few steps find the next two changes of offset, if there are any.
  for (int step = 0; step < 8 && changes < 2; ++step) {
    if (period.end - now > std::chrono::years{200}) break;  // no change ahead (the far-future bound)
    const schedule::tz::Period next = zone->get_info(period.end);
    if (next.offset != period.offset) {
      if (changes == 0) out += "- next changes:\n";
      out += fmt::format("  - {} local becomes {} ({} UTC): {} ({})\n", wall(next.begin, period.offset),
                         wall(next.begin, next.offset), wall(next.begin, std::chrono::seconds{0}), utc_offset(next.offset),
                         zone->abbreviation(next.begin));
      ++changes;
    }
    period = next;
  }
  if (changes == 0) out += "- no change of offset ahead\n";
  return out;
}

std::string per_env_lines(const ir::PerEnv<std::string>& v, const std::string& what) {
  std::string out;
  if (v.all) return fmt::format("- {}: `{}`\n", what, *v.all);
  for (const auto& [env, value] : v.by_env) out += fmt::format("- {} in `{}`: `{}`\n", what, env, value);
  return out;
}

std::string conf_text(const ir::ConfValue& v) {
  return v.is_secret ? fmt::format("secret `{}` of key vault `{}`", v.secret, v.vault) : fmt::format("`{}`", v.text);
}

// A cluster profile as lowering resolved it (its `from` bases applied): what a model that writes
// `cluster = <profile>` runs on, per environment where it differs.
std::string profile_lines(const lower::ResolvedProfile& r) {
  std::string out;
  if (!r.cluster) {
    if (r.missing.empty()) return out;
    std::string fields;
    for (const auto& m : r.missing) fields += (fields.empty() ? "`" : ", `") + m + "`";
    return fmt::format("- a partial profile: a model on it must add {}\n", fields);
  }
  const ir::Cluster& c = *r.cluster;
  if (c.kind == ir::Cluster::Kind::Existing) {
    out += "- an existing interactive cluster\n";
    out += per_env_lines(c.existing_cluster_id, "cluster id");
  } else {
    out += "- a new job cluster per run\n";
    out += fmt::format("- spark_version: `{}`\n", c.spark_version);
    if (!c.node_type.empty()) out += fmt::format("- node_type: `{}`\n", c.node_type);
    if (c.driver_node_type) out += fmt::format("- driver_node_type: `{}`\n", *c.driver_node_type);
    if (c.instance_pool_id) out += fmt::format("- instance_pool_id: `{}`\n", *c.instance_pool_id);
    if (c.policy_id) out += fmt::format("- policy_id: `{}`\n", *c.policy_id);
    out += c.autoscale ? fmt::format("- workers: autoscale {} to {}\n", c.min_workers, c.max_workers)
                       : fmt::format("- workers: {} (fixed)\n", c.workers);
    for (const auto& [k, v] : c.spark_conf) out += fmt::format("- spark_conf `{}`: {}\n", k, conf_text(v));
    for (const auto& [k, v] : c.spark_env_vars) out += fmt::format("- spark_env_vars `{}`: {}\n", k, conf_text(v));
    for (const auto& [k, v] : c.custom_tags) out += fmt::format("- custom_tags `{}`: `{}`\n", k, v);
    for (const auto& s : c.init_scripts) out += fmt::format("- init script: `{}`\n", s);
  }
  if (!r.libraries.empty()) out += fmt::format("- libraries: {}\n", r.libraries.size());
  return out;
}

// The name of an ARM parameter written at `offset` of `file`, in an environment's `arm_parameters`.
const std::pair<const std::string, ir::ArmParameterValue>* arm_parameter_at(const ir::Project& project, FileId file,
                                                                           std::uint32_t offset) {
  for (const auto& env : project.environments)
    for (const auto& entry : env.arm_parameters)
      if (entry.second.name.file == file && entry.second.name.begin <= offset && offset <= entry.second.name.end)
        return &entry;
  return nullptr;
}

// The hand-written entities' parameters of that name (usually one).
std::vector<adf_input::HandwrittenParameter> handwritten_parameters(const ir::Project& project, const std::string& name) {
  auto all = adf_input::handwritten_parameters(project);
  std::erase_if(all, [&](const adf_input::HandwrittenParameter& h) { return h.parameter.name != name; });
  return all;
}

std::string json_text(const adf_input::Json& value) {
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.size() > 200) text = text.substr(0, 200) + "...";
  return text;
}

}  // namespace

Json Server::hover(const Json& params) {
  auto p = place(params, true);
  if (!p || !p->snapshot->result.symbols) return nullptr;
  const auto& index = *p->snapshot->result.symbols;
  // A cron expression: what it means; its zone: the zone and the Windows id ADF uses for it.
  for (const auto& unit : index.units) {
    if (unit.file != p->file) continue;
    for (const auto& decl : unit.ast->decls) {
      const syntax::Value* v = cron_at(decl.body, p->offset);
      if (!v) continue;
      const auto& c = v->cron();
      if (p->offset >= c.expr_span.begin && p->offset <= c.expr_span.end) {
        const auto parsed = schedule::cron::parse(text_of(c.expr));
        if (!parsed.expr) return nullptr;  // the diagnostic says what is wrong
        return Json{{"contents", {{"kind", "markdown"},
                                  {"value", fmt::format("**cron** `{}`: {}", parsed.expr->text, schedule::cron::describe(*parsed.expr))}}},
                    {"range", range(*p->snapshot, c.expr_span)}};
      }
      if (p->offset >= c.zone_span.begin && p->offset <= c.zone_span.end) {
        const std::string zone = text_of(c.zone);
        if (!schedule::tz::is_known_zone(zone)) return nullptr;
        const auto windows = schedule::tz::windows_zone(zone);
        std::string md = fmt::format("**time zone** `{}` (tz database {})\n\n", zone, schedule::tz::tzdata_version());
        md += zone_offsets(zone, now());
        md += fmt::format("- ADF trigger zone: {}\n", windows ? fmt::format("`{}`", *windows) : std::string("none (SCH3003)"));
        return Json{{"contents", {{"kind", "markdown"}, {"value", md}}}, {"range", range(*p->snapshot, c.zone_span)}};
      }
    }
  }
  // A hand-written entity's ARM parameter in an environment's `arm_parameters`: whose it is, and its values.
  if (const auto* entry = arm_parameter_at(index.project, p->file, p->offset)) {
    const auto found = handwritten_parameters(index.project, entry->first);
    if (found.empty()) return nullptr;  // unknown (SCH2001 with --adf), or no hand-written content in the settings
    std::string md = fmt::format("**ARM parameter** `{}`\n\n", entry->first);
    for (const auto& h : found)
      md += fmt::format("- of {} `{}` ({}), property `{}` ({})\n", h.entity->kind, h.entity->name,
                        p->snapshot->result.sources.file(h.entity->span.file).qualified(), h.parameter.at.to_string(), h.type);
    md += "\n";
    const std::string git = index.project.git_env();
    for (const auto& env : index.project.environments) {
      const auto given = env.arm_parameters.find(entry->first);
      if (env.name == git)
        md += fmt::format("- {} (the git environment): `{}` (the file's)\n", env.name, json_text(found.front().value));
      else if (given != env.arm_parameters.end())
        md += fmt::format("- {}: `{}`\n", env.name, json_text(given->second.value));
      else
        md += fmt::format("- {}: `{}` (the file's)\n", env.name, json_text(found.front().value));
    }
    return Json{{"contents", {{"kind", "markdown"}, {"value", md}}}, {"range", range(*p->snapshot, entry->second.name)}};
  }
  const lower::Symbol* sym = index.symbols.at(p->file, p->offset);
  if (!sym) return nullptr;
  const ir::Project& project = index.project;
  std::string md = fmt::format("**{}** `{}`\n\n", kind_word(sym->kind), sym->qname);
  switch (sym->kind) {
    case lower::SymbolKind::Model:
      for (const auto& m : project.models)
        if (m.name == sym->qname) {
          md += fmt::format("```text\n{}```\n", next_fires_text(m, now(), 5));
          break;
        }
      break;
    case lower::SymbolKind::Workspace:
      for (const auto& w : project.workspaces)
        if (w.name == sym->qname) md += per_env_lines(w.url, "url") + per_env_lines(w.resource_id, "resource_id");
      break;
    case lower::SymbolKind::Storage:
      for (const auto& st : project.storages)
        if (st.name == sym->qname) md += per_env_lines(st.url, "url");
      break;
    case lower::SymbolKind::KeyVault:
      for (const auto& kv : project.key_vaults)
        if (kv.name == sym->qname) md += per_env_lines(kv.url, "url") + fmt::format("- Databricks secret scope: `{}`\n", kv.databricks_scope);
      break;
    case lower::SymbolKind::ClusterProfile:
      if (auto it = index.profiles.find(sym->qname); it != index.profiles.end()) {
        md += profile_lines(it->second);
        break;
      }
      [[fallthrough]];  // it did not resolve (its diagnostic says why): as written
    default: {
      // An environment (or a profile that did not resolve): its declaration as written.
      const auto& sm = p->snapshot->result.sources;
      std::string_view text = sm.text(sym->decl->span);
      if (text.size() > 4000) text = text.substr(0, 4000);
      md += fmt::format("```sched\n{}\n```\n", text);
    }
  }
  const auto& decl_file = p->snapshot->result.sources.file(sym->name_span().file);
  const LineCol at = p->snapshot->result.sources.line_col(sym->name_span().file, sym->name_span().begin);
  md += fmt::format("\ndeclared at {}:{}:{}", decl_file.qualified(), at.line, at.column);
  return Json{{"contents", {{"kind", "markdown"}, {"value", md}}}};
}

Json Server::definition(const Json& params) {
  auto p = place(params, true);
  if (!p || !p->snapshot->result.symbols) return nullptr;
  const auto& index = *p->snapshot->result.symbols;
  // `use "file"` and `use std.module`: the file it names.
  for (const auto& unit : index.units) {
    if (unit.file != p->file) continue;
    for (const auto& use : unit.ast->uses)
      if (use.target_span.begin <= p->offset && p->offset <= use.target_span.end) {
        if (!use.is_file) {  // a stdlib module: its file
          std::string name;
          for (const auto& seg : use.module) name += (name.empty() ? "" : ".") + seg.text;
          for (const auto& other : index.units)
            if (!other.module.empty() && (other.module == name || "std." + other.module == name))
              return location(*p->snapshot, Span{other.file, 0, 0});
          return nullptr;
        }
        // A project file: relative to the directory of the file that uses it.
        std::string dir = p->snapshot->result.sources.file(p->file).real_path();
        dir = dir.substr(0, dir.rfind('/') + 1);
        const auto target = std::filesystem::absolute(std::filesystem::path(dir + use.file)).lexically_normal();
        if (auto it = p->snapshot->file_of.find(uri_of_path(target.generic_string())); it != p->snapshot->file_of.end())
          return location(*p->snapshot, Span{it->second, 0, 0});
        return nullptr;
      }
  }
  // An ARM parameter in `arm_parameters`: the hand-written entity (its name in its file) whose parameter it is.
  if (const auto* entry = arm_parameter_at(index.project, p->file, p->offset)) {
    Json out = Json::array();
    for (const auto& h : handwritten_parameters(index.project, entry->first))
      if (auto loc = location(*p->snapshot, h.entity->span); !loc.is_null()) out.push_back(loc);
    return out;
  }
  const lower::Symbol* sym = index.symbols.at(p->file, p->offset);
  if (!sym) return nullptr;
  Json out = Json::array();
  for (const auto& d : index.symbols.declarations(sym->kind, sym->qname))
    if (auto loc = location(*p->snapshot, d.name_span()); !loc.is_null()) out.push_back(loc);
  if (out.empty())
    if (auto loc = location(*p->snapshot, sym->name_span()); !loc.is_null()) out.push_back(loc);
  return out;
}

Json Server::references(const Json& params) {
  auto p = place(params, true);
  if (!p || !p->snapshot->result.symbols) return nullptr;
  const auto& index = *p->snapshot->result.symbols;
  const lower::Symbol* sym = index.symbols.at(p->file, p->offset);
  if (!sym) return nullptr;
  bool include_declaration = true;
  if (auto c = params.find("context"); c != params.end() && c->is_object())
    include_declaration = c->value("includeDeclaration", true);
  std::vector<Span> spans;
  if (include_declaration)
    for (const auto& d : index.symbols.declarations(sym->kind, sym->qname)) spans.push_back(d.name_span());
  for (const auto* r : index.symbols.references_to(sym->kind, sym->qname)) spans.push_back(r->span);
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return std::tie(a.file, a.begin, a.end) < std::tie(b.file, b.begin, b.end);
  });
  spans.erase(std::unique(spans.begin(), spans.end(),
                          [](const Span& a, const Span& b) { return a.file == b.file && a.begin == b.begin && a.end == b.end; }),
              spans.end());
  Json out = Json::array();
  for (const auto& s : spans)
    if (auto loc = location(*p->snapshot, s); !loc.is_null()) out.push_back(loc);
  return out;
}

Json Server::document_symbols(const Json& params) {
  auto p = place(params, false);
  Json out = Json::array();
  if (!p || !p->snapshot->result.symbols) return out;
  const auto& index = *p->snapshot->result.symbols;
  for (const auto& unit : index.units) {
    if (unit.file != p->file) continue;
    for (const auto& decl : unit.ast->decls) {
      const std::string name = decl.name ? decl.name->text : decl.kind.text;
      const Span sel = decl.name ? decl.name->span : decl.kind.span;
      int kind = 19;
      for (std::size_t k = 0; k < lower::kSymbolKinds; ++k) {
        const auto sk = static_cast<lower::SymbolKind>(k);
        if (decl.name && index.symbols.find(sk, decl.name->text) &&
            index.symbols.find(sk, decl.name->text)->decl == &decl)
          kind = symbol_kind_number(sk);
      }
      out.push_back(Json{{"name", name.empty() ? decl.kind.text : name},
                         {"detail", decl.kind.text},
                         {"kind", kind},
                         {"range", range(*p->snapshot, decl.span)},
                         {"selectionRange", range(*p->snapshot, sel)}});
    }
  }
  return out;
}

Json Server::folding_ranges(const Json& params) {
  auto p = place(params, false);
  Json out = Json::array();
  if (!p || !p->snapshot->result.symbols) return out;
  const auto& index = *p->snapshot->result.symbols;
  const LineIndex& lines = p->snapshot->lines(p->file);
  auto fold = [&](const Span& s) {
    const auto b = lines.position(s.begin, Encoding::Utf8).line, e = lines.position(s.end, Encoding::Utf8).line;
    if (e > b) out.push_back(Json{{"startLine", b}, {"endLine", e > 0 ? e - 1 : e}});
  };
  std::function<void(const syntax::Body&)> body = [&](const syntax::Body& b) {
    fold(b.span);
    for (const auto& e : b.entries) {
      if (e.nested) body(*e.nested);
      if (e.value.block) body(*e.value.block);
    }
  };
  for (const auto& unit : index.units)
    if (unit.file == p->file)
      for (const auto& decl : unit.ast->decls) body(decl.body);
  return out;
}

// Quick fixes: every diagnostic in the range whose help says "did you mean `X`?" replaces the text it points at
// with X (an unknown field, reference, declaration kind, zone, ...).
Json Server::code_actions(const Json& params) {
  auto p = place(params, false);
  Json out = Json::array();
  if (!p) return out;
  const Json& r = member(params, "range", Json::value_t::object);
  const Json& start = member(r, "start", Json::value_t::object);
  const Json& end = member(r, "end", Json::value_t::object);
  if (!start.contains("line") || !start.contains("character") || !end.contains("line") || !end.contains("character"))
    invalid_params("`range` needs `start` and `end` positions");
  const LineIndex& lines = p->snapshot->lines(p->file);
  const std::uint32_t from = lines.offset(Position{to_u32(start["line"], "line"), to_u32(start["character"], "character")}, encoding_);
  const std::uint32_t to = lines.offset(Position{to_u32(end["line"], "line"), to_u32(end["character"], "character")}, encoding_);
  const std::string& uri = p->snapshot->uri_of.at(p->file);
  constexpr std::string_view kPrefix = "did you mean `";
  for (const auto& d : p->snapshot->result.diagnostics.all()) {
    if (d.primary.file != p->file || d.primary.end < from || d.primary.begin > to || !d.help || d.suppressed) continue;
    const std::string& help = *d.help;
    if (help.rfind(kPrefix, 0) != 0) continue;
    const auto close = help.find('`', kPrefix.size());
    if (close == std::string::npos || help.compare(close, 2, "`?") != 0) continue;  // one suggestion only
    const std::string replacement = help.substr(kPrefix.size(), close - kPrefix.size());
    // A quoted value (a zone, a path) keeps its quotes: replace inside them.
    Span target = d.primary;
    const std::string_view written = p->snapshot->result.sources.text(target);
    if (written.size() >= 2 && written.front() == '"' && written.back() == '"') {
      ++target.begin;
      --target.end;
    }
    out.push_back(Json{{"title", fmt::format("Replace with `{}`", replacement)},
                       {"kind", "quickfix"},
                       {"isPreferred", true},
                       {"diagnostics", {{{"range", range(*p->snapshot, d.primary)}, {"code", d.code}, {"message", d.message}}}},
                       {"edit", {{"changes", {{uri, {{{"range", range(*p->snapshot, target)}, {"newText", replacement}}}}}}}}});
  }
  return out;
}

// The document in the canonical layout, exactly as `schedc fmt` writes it (compiler/format/): one edit that replaces
// the whole text, none when it is formatted already, and none when it does not parse (the diagnostics say why).
Json Server::formatting(const Json& params) {
  const Json& doc = member(params, "textDocument", Json::value_t::object);
  const std::string uri = member(doc, "uri", Json::value_t::string).get<std::string>();
  // The open document's text, without compiling; else the file as the workspace's compilation read it.
  const std::string* text = nullptr;
  if (auto path = path_of_uri(uri))
    if (const Document* open = workspace_.document(*path)) text = &open->text;
  std::optional<Place> p;
  if (!text) {
    p = place(params, false);
    if (!p) return nullptr;
    text = &p->snapshot->result.sources.file(p->file).text;
  }
  const format::Result f = format::format_source(*text);
  Json out = Json::array();
  if (!f.ok || f.text == *text) return out;
  const Position end = LineIndex(*text).position(static_cast<std::uint32_t>(text->size()), encoding_);
  out.push_back(Json{{"range", {{"start", {{"line", 0}, {"character", 0}}},
                                {"end", {{"line", end.line}, {"character", end.character}}}}},
                     {"newText", f.text}});
  return out;
}

}  // namespace schedc::cli::lsp
