// Hand-written ADF content: see adf_input.hpp.
#include "compiler/adf_input/adf_input.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/json/reader.hpp"
#include "compiler/targets/targets.hpp"

namespace schedc::adf_input {

const std::vector<std::string>& entity_kinds() {
  static const std::vector<std::string> kinds = {"pipeline",   "dataset",           "linkedService", "trigger",
                                                 "dataflow",   "integrationRuntime", "credential",    "managedVirtualNetwork",
                                                 "managedPrivateEndpoint", "factory"};
  return kinds;
}

namespace {

SCHEDC_DIAGNOSTIC(AdfProblem, InvalidAdfEntity, "{}", std::string_view);  // worded by each check below
SCHEDC_DIAGNOSTIC(AdfNotJson, InvalidAdfEntity, "this {} file is not valid JSON: {}", std::string_view, std::string_view);

constexpr const char* kLayoutHelp =
    "an ADF git folder holds one entity per file, `<folder>/<name>.json`, as ADF Studio saves it (docs/deploy.md §5)";

// `Reference` types -> the folder of the entity they name.
const std::map<std::string, std::string, std::less<>>& reference_kinds() {
  static const std::map<std::string, std::string, std::less<>> kinds = {
      {"CredentialReference", "credential"},         {"DataFlowReference", "dataflow"},
      {"DatasetReference", "dataset"},               {"IntegrationRuntimeReference", "integrationRuntime"},
      {"LinkedServiceReference", "linkedService"},   {"ManagedVirtualNetworkReference", "managedVirtualNetwork"},
      {"PipelineReference", "pipeline"}};
  return kinds;
}

bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Letters and digits in groups joined by single hyphens (`ir-self-hosted`), as factories and integration runtimes.
bool hyphenated_words(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-' || name.find("--") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return ascii_alnum(c) || c == '-'; });
}

// ADF's naming rules (learn.microsoft.com/azure/data-factory/naming-rules, and the name patterns of the Data
// Factory resource schema, 2018-06-01): what is wrong with `name` for `kind`, or "".
std::string name_problem(const std::string& kind, const std::string& name) {
  if (name.empty()) return "the name is empty";
  if (kind == "factory" || kind == "integrationRuntime") {
    const bool ok = name.size() >= 3 && name.size() <= 63 && hyphenated_words(name);
    return ok ? "" : fmt::format("a{} name has 3-63 letters and digits, in groups joined by single hyphens (no `_`)",
                                 kind == "factory" ? " factory" : "n integration runtime");
  }
  if (kind == "credential" || kind == "managedVirtualNetwork" || kind == "managedPrivateEndpoint") {
    const bool ok = name.size() <= 127 && name.front() != '-' && name.back() != '-' &&
                    std::all_of(name.begin(), name.end(), [](char c) { return ascii_alnum(c) || c == '-' || c == '_'; });
    return ok ? "" : fmt::format("a {} name has at most 127 letters, digits, `_` and `-`, not starting or ending with `-`", kind);
  }
  const auto c0 = static_cast<unsigned char>(name.front());
  if (!(std::isalnum(c0) || c0 == '_' || c0 >= 0x80)) return "a name must start with a letter, a digit or `_`";
  for (char c : std::string_view(".+?/<>*%&:\\#"))
    if (name.find(c) != std::string::npos) return fmt::format("a name cannot contain `{}`", c);
  if ((kind == "linkedService" || kind == "dataset") && name.find('-') != std::string::npos)
    return fmt::format("a {} name cannot contain `-`", kind);
  if (kind == "pipeline" && name.size() > 140) return fmt::format("a pipeline name has at most 140 characters; this one has {}", name.size());
  if (name.size() > 260) return fmt::format("a {} name has at most 260 characters; this one has {}", kind, name.size());
  return "";
}

class EntityReader {
 public:
  EntityReader(const SourceManager& sm, FileId file, const AdfFile& from, Diagnostics& diags)
      : sm_(sm), file_(file), from_(from), diags_(diags) {}

  std::optional<ir::AdfEntity> run() {
    if (from_.kind.empty()) {
      problem(Span{file_, 0, 0}, fmt::format("`{}` is not in a folder of ADF's git layout ({})", from_.display,
                                             fmt::join(entity_kinds(), ", ")),
              "unknown kind");
      return std::nullopt;
    }
    const std::string& text = sm_.file(file_).text;
    auto parsed = json::parse(text);
    if (!parsed.value) {
      auto& d = diags_.report(AdfNotJson, Span{file_, parsed.error->begin, parsed.error->end}, from_.kind, parsed.error->message);
      d.primary_label = parsed.error->label;
      d.help = kLayoutHelp;
      return std::nullopt;
    }
    const json::Value& root = *parsed.value;
    if (!root.is_object()) return fail(root, fmt::format("a {} file holds one object; this one is {}", from_.kind, json::kind_name(root.kind)));
    const json::Value* name = root.get("name");
    if (!name || !name->is_string()) return fail(name ? *name : root, fmt::format("this {} has no `name` string", from_.kind));
    ir::AdfEntity e;
    e.kind = from_.kind;
    e.name = name->text;
    e.repo = from_.repo;
    e.file = from_.display;
    e.path = from_.rel.empty() ? from_.display : from_.rel;
    e.text = text;
    e.in_build_output = from_.build_output;
    e.span = at(*name);
    if (auto why = name_problem(e.kind, e.name); !why.empty())
      return fail(*name, fmt::format("`{}` is not a valid {} name: {}", e.name, e.kind, why));
    std::string stem = from_.display.substr(from_.display.rfind('/') + 1);
    stem = stem.substr(0, stem.size() - 5);  // ".json"
    if (stem != e.name)
      return fail(*name, fmt::format("the {} `{}` is in the file `{}.json`; ADF Studio names each file after its entity",
                                     e.kind, e.name, stem));
    const json::Value* props = root.get("properties");
    if (e.kind != "factory" && (!props || !props->is_object()))
      return fail(props ? *props : root, fmt::format("this {} has no `properties` object", e.kind));
    if (const json::Value* type = root.get("type"); type && e.kind == "linkedService" &&
                                                      (!type->is_string() || lower_ascii(type->text) != "microsoft.datafactory/factories/linkedservices"))
      return fail(*type, "a linked service's top-level `type` is `Microsoft.DataFactory/factories/linkedservices`");
    if (props && (e.kind == "linkedService" || e.kind == "dataset" || e.kind == "trigger" ||
                  e.kind == "integrationRuntime" || e.kind == "credential")) {
      const json::Value* type = props->get("type");
      if (!type || !type->is_string() || type->text.empty())
        return fail(type ? *type : *props, fmt::format("this {}'s `properties` has no `type` string", e.kind));
    }
    if (e.kind == "pipeline") {
      const json::Value* activities = props->get("activities");
      if (!activities || !activities->is_array())
        return fail(activities ? *activities : *props, "a pipeline's `properties` has an `activities` array");
      if (!check_activities(*activities)) return std::nullopt;
    }
    if (!numbers_in_range(root)) return std::nullopt;
    references(root, e.references);
    return e;
  }

 private:
  Span at(const json::Value& v) const { return Span{file_, v.begin, v.end}; }

  void problem(Span span, const std::string& message, std::string label) {
    auto& d = diags_.report(AdfProblem, span, message);
    d.primary_label = std::move(label);
    d.help = kLayoutHelp;
  }
  std::nullopt_t fail(const json::Value& v, const std::string& message) {
    problem(at(v), message, "");
    return std::nullopt;
  }

  // Activities, nested ones included (If, ForEach, Until, Switch): a `name` of at most 55 characters and a `type`.
  bool check_activities(const json::Value& list) {
    for (const auto& a : list.items) {
      if (!a.is_object()) return fail(a, "an activity is an object"), false;
      const json::Value* name = a.get("name");
      const json::Value* type = a.get("type");
      if (!name || !name->is_string() || name->text.empty()) return fail(name ? *name : a, "this activity has no `name` string"), false;
      if (name->text.size() > 55)
        return fail(*name, fmt::format("an activity name has at most 55 characters; `{}` has {}", name->text, name->text.size())), false;
      if (!type || !type->is_string()) return fail(type ? *type : a, "this activity has no `type` string"), false;
      if (const json::Value* tp = a.get("typeProperties"); tp && tp->is_object())
        for (const char* key : {"activities", "ifTrueActivities", "ifFalseActivities", "defaultActivities"})
          if (const json::Value* nested = tp->get(key); nested && nested->is_array() && !check_activities(*nested)) return false;
    }
    return true;
  }

  // Every number fits a double, as ADF (and the ARM template schedc writes of it) stores numbers: 1e400 does not.
  bool numbers_in_range(const json::Value& v) {
    if (v.kind == json::Value::Kind::Number) {
      errno = 0;
      const double d = std::strtod(v.text.c_str(), nullptr);
      if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL))
        return fail(v, fmt::format("the number {} is out of the range of a double, which ADF stores numbers as", v.text)), false;
      return true;
    }
    for (const auto& m : v.members)
      if (!numbers_in_range(m.value)) return false;
    for (const auto& item : v.items)
      if (!numbers_in_range(item)) return false;
    return true;
  }

  // Every `{"referenceName": NAME, "type": "...Reference"}` with a literal NAME (a parameterised one, an
  // expression object, is resolved only at run time).
  void references(const json::Value& v, std::vector<ir::AdfReference>& out) {
    if (v.is_object()) {
      const json::Value* name = v.get("referenceName");
      const json::Value* type = v.get("type");
      if (name && name->is_string() && type && type->is_string())
        if (auto it = reference_kinds().find(type->text); it != reference_kinds().end() && !name->text.empty() &&
                                                          name->text.front() != '@')
          out.push_back({it->second, name->text, at(*name)});
      for (const auto& m : v.members) references(m.value, out);
    } else if (v.is_array()) {
      for (const auto& item : v.items) references(item, out);
    }
  }

  const SourceManager& sm_;
  FileId file_;
  const AdfFile& from_;
  Diagnostics& diags_;
};

std::string where(const ir::AdfEntity& e) { return e.repo.empty() ? e.file : e.repo + ":" + e.file; }

// A cycle of references among hand-written entities (generated entities never refer to hand-written ones, so
// every cycle is among these): each is SCH2011 at the reference that closes it, naming the cycle. An iterative
// depth-first search over the entities in their order and each one's references in the file's order: linear in
// entities and references, with no recursion whatever the length of a chain. A reference to an entity on the
// search's path closes a cycle (the path from that entity on); the message names at most kCycleShown entities of
// it, so that the output stays linear too.
void check_reference_cycles(const std::vector<ir::AdfEntity>& entities,
                            const std::map<std::pair<std::string, std::string>, const ir::AdfEntity*>& written,
                            Diagnostics& diags) {
  SCHEDC_DIAGNOSTIC(AdfCycle, AdfReferenceCycle, "the {} `{}` refers to {}, which closes a cycle of references: {}",
                    std::string_view, std::string_view, std::string_view, std::string_view);
  constexpr std::size_t kCycleShown = 16;
  const std::size_t n = entities.size();
  std::vector<std::vector<std::pair<std::size_t, const ir::AdfReference*>>> edges(n);
  {
    std::map<const ir::AdfEntity*, std::size_t> number;
    for (std::size_t i = 0; i < n; ++i) number.emplace(&entities[i], i);
    for (std::size_t i = 0; i < n; ++i) {
      std::set<std::size_t> seen;  // an entity that refers to another twice closes a cycle once
      for (const auto& r : entities[i].references)
        if (auto it = written.find(std::make_pair(r.kind, lower_ascii(r.name))); it != written.end())
          if (auto to = number.find(it->second); to != number.end() && seen.insert(to->second).second)
            edges[i].emplace_back(to->second, &r);
    }
  }
  const auto label = [&](std::size_t i) { return fmt::format("{} `{}`", entities[i].kind, entities[i].name); };
  enum : unsigned char { kNew, kOnPath, kDone };
  std::vector<unsigned char> state(n, kNew);
  std::vector<std::size_t> position(n, 0);  // of an entity on the path
  std::vector<std::pair<std::size_t, std::size_t>> path;  // (entity, its next reference)
  for (std::size_t root = 0; root < n; ++root) {
    if (state[root] != kNew) continue;
    path.emplace_back(root, 0);
    state[root] = kOnPath;
    position[root] = 0;
    while (!path.empty()) {
      auto& [at, next] = path.back();
      if (next == edges[at].size()) {
        state[at] = kDone;
        path.pop_back();
        continue;
      }
      const auto [to, reference] = edges[at][next++];
      if (state[to] == kNew) {
        state[to] = kOnPath;
        position[to] = path.size();
        path.emplace_back(to, 0);
        continue;
      }
      if (state[to] != kOnPath) continue;
      const std::size_t from = at;
      // The cycle: the path from `to` to `from`, then `to` again.
      std::vector<std::string> names;
      const std::size_t first = position[to], length = path.size() - first;
      for (std::size_t k = first; k < path.size(); ++k) {
        if (length > kCycleShown && k == first + kCycleShown / 2) {
          names.push_back(fmt::format("... ({} more) ...", length - kCycleShown));
          k = path.size() - kCycleShown / 2 - 1;
          continue;
        }
        names.push_back(label(path[k].first));
      }
      names.push_back(label(to));
      auto& d = diags.report(AdfCycle, reference->span, entities[from].kind, entities[from].name,
                             to == from ? std::string("itself") : label(to), fmt::format("{}", fmt::join(names, " -> ")));
      d.primary_label = to == from ? "refers to itself" : "closes the cycle";
      if (to != from) d.labels.push_back({entities[to].span, "the cycle starts here"});
      d.notes.push_back(fmt::format(
          "the cycle has {} {}: an ARM template deploys each entity after those it refers to (dependsOn), so it cannot "
          "hold a cycle, and ADF refuses to create an entity that refers to one that does not exist yet",
          length, length == 1 ? "entity" : "entities"));
      d.help = to == from || entities[from].kind == "pipeline"
                   ? "break the cycle: run one of its pipelines by name at run time (a Web activity calling the "
                     "factory's `createRun` with the name as a pipeline parameter), so neither ADF nor ARM sees a "
                     "reference; or remove the reference"
                   : "break the cycle: remove one of its references, or give the name as an expression "
                     "(`{\"value\": \"@...\", \"type\": \"Expression\"}`), resolved at run time";
    }
  }
}

}  // namespace

std::optional<ir::AdfEntity> read_entity(const SourceManager& sm, FileId file, const AdfFile& from, Diagnostics& diags) {
  return EntityReader(sm, file, from, diags).run();
}

void check_duplicates(std::vector<ir::AdfEntity>& entities, Diagnostics& diags) {
  const auto key = [](const ir::AdfEntity& e) { return std::make_tuple(e.kind, lower_ascii(e.name), e.repo, e.file); };
  std::sort(entities.begin(), entities.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  std::vector<ir::AdfEntity> kept;
  for (auto& e : entities) {
    if (!kept.empty() && kept.back().kind == e.kind && lower_ascii(kept.back().name) == lower_ascii(e.name)) {
      SCHEDC_DIAGNOSTIC(AdfTwice, InvalidAdfEntity, "the {} `{}` is also written in `{}`{}", std::string_view,
                        std::string_view, std::string_view, std::string_view);
      const auto& first = kept.back();
      auto& d = diags.report(AdfTwice, e.span, e.kind, e.name, where(first),
                             first.name == e.name ? "" : fmt::format(" as `{}`", first.name));
      d.primary_label = "written again here";
      d.labels.push_back({first.span, "written here first"});
      d.notes.push_back("ADF entity names are case-insensitive and unique per kind in a factory");
      d.help = "keep one of them, or rename one (its file too)";
      continue;
    }
    kept.push_back(std::move(e));
  }
  entities = std::move(kept);
}

void check_adf_entities(const ir::Project& project, Diagnostics& diags) {
  if (project.adf_entities.empty()) return;
  // What schedc generates, per kind and folded name: who generates it (for messages) and where.
  struct Generated {
    std::string name, by;
    Span span;
  };
  std::map<std::pair<std::string, std::string>, Generated> generated;
  const auto add = [&](const std::string& kind, const std::string& name, std::string by, Span span) {
    if (!name.empty()) generated.emplace(std::make_pair(kind, lower_ascii(name)), Generated{name, std::move(by), span});
  };
  for (const auto* models : {&project.models, &project.index_models})
    for (const auto& m : *models) {
      const std::string by = models == &project.models ? fmt::format("model `{}`", m.name)
                                                       : fmt::format("model `{}` of {} (organisation index)", m.name, m.source_path);
      if (targets::has_pipeline(m.target)) add("pipeline", m.names.pipeline, by, m.span);
      for (const auto& t : m.names.triggers) add("trigger", t, by, m.span);
    }
  const auto storage_span = [&](const std::string& name) {
    for (const auto& st : project.storages)
      if (st.name == name) return st.span;
    return Span{};
  };
  for (const auto& b : project.cluster_bindings) {
    Span span;
    for (const auto& m : project.models)
      if (m.names.cluster_linked_service == b.linked_service) {
        span = m.span;
        break;
      }
    add("linkedService", b.linked_service, fmt::format("the cluster of workspace `{}`", b.workspace), span);
  }
  for (const auto& u : project.storage_uses) {
    add("linkedService", u.linked_service, fmt::format("storage `{}`", u.storage), storage_span(u.storage));
    if (u.needs_file) add("dataset", u.file_dataset, fmt::format("storage `{}`", u.storage), storage_span(u.storage));
    if (u.needs_folder) add("dataset", u.folder_dataset, fmt::format("storage `{}`", u.storage), storage_span(u.storage));
  }
  SCHEDC_DIAGNOSTIC(AdfCollides, AdfEntityCollision, "the hand-written {} `{}` has the name of the {} that {} generates{}",
                    std::string_view, std::string_view, std::string_view, std::string_view, std::string_view);
  std::map<std::pair<std::string, std::string>, const ir::AdfEntity*> written;
  for (const auto& e : project.adf_entities) {
    written.emplace(std::make_pair(e.kind, lower_ascii(e.name)), &e);
    auto it = generated.find({e.kind, lower_ascii(e.name)});
    if (it == generated.end()) continue;
    auto& d = diags.report(AdfCollides, e.span, e.kind, e.name, e.kind, it->second.by,
                           it->second.name == e.name ? "" : fmt::format(" (`{}`)", it->second.name));
    d.primary_label = "written by hand";
    if (it->second.span.file != 0) d.labels.push_back({it->second.span, fmt::format("generates {} `{}`", e.kind, it->second.name)});
    d.notes.push_back("ADF entity names are case-insensitive and unique per kind: one would overwrite the other in the factory");
    d.help = "rename the hand-written entity (and its file), or the declaration the generated one is named after";
  }
  SCHEDC_DIAGNOSTIC(AdfMissing, MissingAdfReference, "the {} `{}` refers to the {} `{}`, which exists nowhere",
                    std::string_view, std::string_view, std::string_view, std::string_view);
  for (const auto& e : project.adf_entities)
    for (const auto& r : e.references) {
      const auto key = std::make_pair(r.kind, lower_ascii(r.name));
      if (written.count(key) || generated.count(key)) continue;
      auto& d = diags.report(AdfMissing, r.span, e.kind, e.name, r.kind, r.name);
      d.primary_label = fmt::format("no {} of this name", r.kind);
      std::vector<std::string> names;
      for (const auto& [k, w] : written)
        if (k.first == r.kind) names.push_back(w->name);
      for (const auto& [k, g] : generated)
        if (k.first == r.kind) names.push_back(g.name);
      if (auto c = closest(r.name, names); !c.empty())
        d.help = fmt::format("did you mean `{}`?", c);
      else
        d.help = fmt::format("add the {} to the ADF folder (`{}/{}.json`), or correct the name", r.kind, r.kind, r.name);
      d.notes.push_back("a reference resolves to a hand-written entity of any `--adf` folder or to one schedc generates");
    }
  check_reference_cycles(project.adf_entities, written, diags);
}

}  // namespace schedc::adf_input
