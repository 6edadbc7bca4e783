// The symbol tables: collecting every declaration (unknown kinds, names missing or not allowed, duplicates and
// repeated shared declarations), and the one resolution of names. See symbols.hpp.
#include "compiler/lower/symbols.hpp"

#include "compiler/lower/keys.hpp"

#include <algorithm>
#include <map>
#include <span>

#include <fmt/format.h>

#include "compiler/analysis/shared_decls.hpp"
#include "compiler/lower/context.hpp"
#include "compiler/lower/steps.hpp"

namespace schedc::lower {

const char* symbol_kind_name(SymbolKind kind) noexcept {
  switch (kind) {
    case SymbolKind::Environment: return "environment";
    case SymbolKind::Workspace: return "workspace";
    case SymbolKind::Storage: return "storage";
    case SymbolKind::KeyVault: return "keyvault";
    case SymbolKind::ClusterProfile: return "cluster profile";
    case SymbolKind::Model: return "model";
  }
  return "model";
}

const Symbol* Symbols::find(SymbolKind kind, std::string_view qname) const {
  const auto& t = table(kind);
  const auto it = t.find(qname);
  return it == t.end() ? nullptr : &it->second;
}

const std::vector<Symbol>& Symbols::declarations(SymbolKind kind, std::string_view qname) const {
  static const std::vector<Symbol> none;
  const auto it = copies_.find(std::make_pair(kind, std::string(qname)));
  return it == copies_.end() ? none : it->second;
}

std::vector<Symbol>& Symbols::declarations_of(SymbolKind kind, const std::string& qname) {
  return copies_[std::make_pair(kind, qname)];
}

std::vector<const Reference*> Symbols::references_to(SymbolKind kind, std::string_view qname) const {
  std::vector<const Reference*> out;
  for (const auto& r : references_)
    if (r.kind == kind && r.qname == qname) out.push_back(&r);
  return out;
}

const Symbol* Symbols::at(FileId file, std::uint32_t offset) const {
  const auto contains = [&](Span s) { return s.file == file && s.begin <= offset && offset <= s.end; };
  for (const auto& r : references_)
    if (contains(r.span)) return find(r.kind, r.qname);
  for (const auto& t : tables_)
    for (const auto& [name, s] : t)
      for (const auto& copy : declarations(s.kind, name))
        if (contains(copy.name_span())) return &s;
  return nullptr;
}

namespace {

// A shared declaration declared again (copies.back()) after copies[0..n-2]: merged when identical to the first,
// else SCH4002 naming every field that differs, with labels on both declarations' fields.
// Copies between the first and the one reported that a diagnostic points at; the rest are counted in a note, so a
// name declared thousands of times costs linear time and output (docs/language.md §4).
constexpr std::size_t kMaxAlsoLabels = 3;
// Diagnostics about one repeated name; the others are summed up in one more (report_repeats).
constexpr std::size_t kMaxRepeatReports = 3;

// "also declared here" labels for copies[1 .. n-2], at most kMaxAlsoLabels of them (the latest), and a note for
// the others.
template <class Anchor>
void label_copies(Diagnostic& diag, std::span<const Symbol> copies, Anchor anchor) {
  if (copies.size() < 3) return;
  const std::size_t between = copies.size() - 2;
  const std::size_t shown = std::min(between, kMaxAlsoLabels);
  for (std::size_t i = copies.size() - 1 - shown; i + 1 < copies.size(); ++i)
    diag.labels.push_back({anchor(copies[i]), "also declared here"});
  if (between > shown) diag.notes.push_back(fmt::format("declared {} more times in between", thousands(between - shown)));
}

// Repeats of one name: how many were reported, and how many more would have been.
struct Repeats {
  std::size_t reported = 0, skipped = 0;
  Span last;  // the latest repeat
};

void duplicate_shared(Context& cx, const std::string& kind, const std::string& what, std::span<const Symbol> copies,
                      Repeats& repeats) {
  Diagnostics& diags = cx.diags;
  const SourceManager& sm = cx.sm;
  const Symbol& first = copies.front();
  const Symbol& again = copies.back();
  auto anchor = [&](const Symbol& x) { return x.decl->name ? x.decl->name->span : x.decl->kind.span; };
  auto diffs = analysis::compare_declarations(*first.decl, sm.file(first.unit->file).text, *again.decl,
                                              sm.file(again.unit->file).text);
  if (diffs.empty()) return;  // identical: merged
  repeats.last = anchor(again);
  if (repeats.reported == kMaxRepeatReports) {
    ++repeats.skipped;
    return;
  }
  ++repeats.reported;
  std::vector<std::string> names;
  for (const auto& fd : diffs)
    if (names.empty() || names.back() != fd.field) names.push_back(fd.field);
  std::string fields;
  for (std::size_t i = 0; i < names.size(); ++i)
    fields += fmt::format("{}`{}`", i == 0 ? "" : i + 1 == names.size() ? " and " : ", ", names[i]);
  SCHEDC_DIAGNOSTIC(DeclaredAgainWithDifferent, DuplicateDeclaration, "{} {} declared again with a different {}",
                    std::string_view, std::string_view, std::string_view);
  auto& diag = diags.report(DeclaredAgainWithDifferent, anchor(again), what, kind == "project" ? "are" : "is", fields);
  diag.primary_label = "declared again here";
  diag.labels.push_back({anchor(first), "first declared here"});
  label_copies(diag, copies, anchor);
  const std::string& first_path = first.unit->display;
  for (const auto& fd : diffs) {
    if (!fd.env.empty()) {
      diag.labels.push_back({fd.other_span, fmt::format("`{}` for `{}` differs", fd.field, fd.env)});
      diag.labels.push_back({fd.first_span, fmt::format("`{}` for `{}` in the first declaration", fd.field, fd.env)});
      diag.notes.push_back(fmt::format("`{}` for environment `{}` is {} in {}, but {} here", fd.field, fd.env,
                                       analysis::shorten_value(fd.first_text), first_path,
                                       analysis::shorten_value(fd.other_text)));
      continue;
    }
    if (fd.in_other) diag.labels.push_back({fd.other_span, fd.in_first ? fmt::format("`{}` differs", fd.field)
                                                                        : fmt::format("`{}` is set only here", fd.field)});
    if (fd.in_first) diag.labels.push_back({fd.first_span, fd.in_other ? fmt::format("`{}` in the first declaration", fd.field)
                                                                        : fmt::format("`{}` is set only here", fd.field)});
    if (fd.in_first && fd.in_other)
      diag.notes.push_back(fmt::format("`{}` is {} in {}, but {} here", fd.field, analysis::shorten_value(fd.first_text),
                                       first_path, analysis::shorten_value(fd.other_text)));
    else if (fd.in_first)
      diag.notes.push_back(fmt::format("`{}` is set in {} ({}), but not here", fd.field, first_path,
                                       analysis::shorten_value(fd.first_text)));
    else
      diag.notes.push_back(fmt::format("`{}` is set here ({}), but not in {}", fd.field,
                                       analysis::shorten_value(fd.other_text), first_path));
  }
  diag.notes.push_back(fmt::format("identical `{}` declarations in several files are merged into one", kind));
  diag.help = "make both declarations identical, or give one of them its own name";
}

}  // namespace

void collect(Context& cx) {
  Diagnostics& diags = cx.diags;
  Symbols& symbols = cx.symbols;
  std::map<std::pair<SymbolKind, std::string>, Repeats> repeats;
  Repeats project_repeats;
  const std::span<const std::string_view> kinds = kDeclarationKinds;
  for (const auto& u : cx.units) {
    for (const auto& d : u.ast->decls) {
      const std::string& kind = d.kind.text;
      if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
        SCHEDC_DIAGNOSTIC(UnknownDeclarationKind, UnknownDeclarationKind, "unknown declaration kind `{}`",
                          std::string_view);
        auto& diag = diags.report(UnknownDeclarationKind, d.kind.span, kind);
        diag.primary_label = "not a declaration kind";
        if (auto c = closest(kind, kinds); !c.empty()) diag.help = fmt::format("did you mean `{}`?", c);
        diag.notes.push_back(fmt::format("declarations are: {}", fmt::join(kinds, ", ")));
        continue;
      }
      if (d.base && kind != "cluster") {
        SCHEDC_DIAGNOSTIC(OnlyClusterProfilesUse, DeclarationNameProblem, "only cluster profiles can use `from`; `{}` cannot",
                          std::string_view);
        auto& diag = diags.report(OnlyClusterProfilesUse, d.base->span, kind);
        diag.help = "remove `from ...`";
        continue;
      }
      if (kind == "project") {
        if (d.name) {
          SCHEDC_DIAGNOSTIC(DeclarationTakesNoName, DeclarationNameProblem, "the `project` declaration takes no name");
          auto& diag = diags.report(DeclarationTakesNoName, d.name->span);
          diag.help = "write `project { ... }`";
          continue;
        }
        if (!u.module.empty()) {
          SCHEDC_DIAGNOSTIC(StdlibModuleDeclareSettings, DeclarationNameProblem, "a stdlib module cannot declare `project` settings");
          diags.report(StdlibModuleDeclareSettings, d.kind.span);
          continue;
        }
        symbols.projects().push_back(Symbol{SymbolKind::Model, "project", &u, &d});
        continue;
      }
      if (!d.name) {
        SCHEDC_DIAGNOSTIC(DeclarationNeedsName, DeclarationNameProblem, "`{}` declaration needs a name",
                          std::string_view);
        auto& diag = diags.report(DeclarationNeedsName, d.kind.span, kind);
        diag.help = fmt::format("write `{} NAME {{ ... }}`", kind);
        continue;
      }
      std::string qname = u.module.empty() ? d.name->text : u.module + "." + d.name->text;
      const SymbolKind sk = kind == "environment" ? SymbolKind::Environment
                            : kind == "workspace" ? SymbolKind::Workspace
                            : kind == "storage"   ? SymbolKind::Storage
                            : kind == "keyvault"  ? SymbolKind::KeyVault
                            : kind == "cluster"   ? SymbolKind::ClusterProfile
                                                  : SymbolKind::Model;
      auto& table = symbols.table(sk);
      auto& copies = symbols.declarations_of(sk, qname);  // every declaration of this name, in canonical order
      copies.push_back(Symbol{sk, qname, &u, &d});
      auto [it, inserted] = table.emplace(qname, Symbol{sk, qname, &u, &d});
      if (!inserted) {
        if (kind != "model") {
          duplicate_shared(cx, kind, fmt::format("{} `{}`", kind, qname), copies, repeats[{sk, qname}]);
          continue;
        }
        Repeats& r = repeats[{sk, qname}];
        r.last = d.name->span;
        if (r.reported == kMaxRepeatReports) {
          ++r.skipped;
          continue;
        }
        ++r.reported;
        SCHEDC_DIAGNOSTIC(DeclaredTwice, DuplicateModel, "{} `{}` is declared twice",
                          std::string_view, std::string_view);
        auto& diag = diags.report(DeclaredTwice, d.name->span, kind, qname);
        diag.primary_label = "declared again here";
        diag.labels.push_back({copies.front().decl->name->span, "first declared here"});
        label_copies(diag, copies, [](const Symbol& x) { return x.decl->name->span; });
        diag.help = "model names identify every generated entity; rename one of the models";
      }
    }
  }
  // Names that become entity names, file names or job names must be unique ignoring case: ADF entity names are
  // case-insensitive, and the files of two environments or workspaces (arm/parameters/<env>.json,
  // databricks/<workspace>/...) and their Databricks jobs (<model>_<env>) would collide on a case-insensitive checkout
  // or workspace.
  using CaseMessage = DiagnosticMessage<std::string_view, std::string_view, std::string_view, std::string_view>;
  SCHEDC_DIAGNOSTIC(ModelDiffersInCase, DuplicateModel, "{} `{}` differs from {} `{}` only in letter case",
                    std::string_view, std::string_view, std::string_view, std::string_view);
  SCHEDC_DIAGNOSTIC(NameDiffersInCase, GeneratedNameCollision, "{} `{}` differs from {} `{}` only in letter case",
                    std::string_view, std::string_view, std::string_view, std::string_view);
  struct CaseRule {
    SymbolKind kind;
    const CaseMessage* message;
    const char* note;
  };
  static constexpr CaseRule kCaseRules[] = {
      {SymbolKind::Model, &ModelDiffersInCase, "ADF entity names are case-insensitive, so both would generate the same pipeline"},
      {SymbolKind::Environment, &NameDiffersInCase,
       "each environment has its own files (arm/parameters/<env>.json) and job names (<model>_<env>), which would "
       "collide on case-insensitive file systems and in a Databricks workspace"},
      {SymbolKind::Workspace, &NameDiffersInCase,
       "each workspace has its own folder of generated files (databricks/<workspace>/), which would collide on "
       "case-insensitive file systems"},
  };
  for (const auto& rule : kCaseRules) {
    std::vector<const Symbol*> in_source_order;
    for (const auto& [name, d] : symbols.table(rule.kind)) in_source_order.push_back(&d);
    std::sort(in_source_order.begin(), in_source_order.end(), [](const Symbol* a, const Symbol* b) {
      return std::make_pair(a->unit->display, a->decl->name->span.begin) <
             std::make_pair(b->unit->display, b->decl->name->span.begin);
    });
    const char* what = symbol_kind_name(rule.kind);
    std::map<std::string, const Symbol*> folded;
    for (const Symbol* dp : in_source_order) {
      const Symbol& d = *dp;
      const std::string& name = d.qname;
      auto [it, inserted] = folded.emplace(lower_ascii(name), &d);
      if (inserted) continue;
      auto& diag = diags.report(*rule.message, d.decl->name->span, what, name, what, it->second->qname);
      diag.primary_label = "declared here";
      diag.labels.push_back({it->second->decl->name->span, fmt::format("the other {}", what)});
      diag.notes.push_back(rule.note);
      diag.help = fmt::format("rename one of the {}s", what);
    }
  }
  // Identical `project` blocks (one platform file copied into several repos) are merged.
  const auto& projects = symbols.projects();
  for (std::size_t i = 1; i < projects.size(); ++i) {
    duplicate_shared(cx, "project", "`project` settings", std::span<const Symbol>(projects.data(), i + 1), project_repeats);
  }
  // Repeats beyond the first few are summed up in one diagnostic at the latest.
  SCHEDC_DIAGNOSTIC(ModelRepeated, DuplicateModel, "{} {} {} more time{}", std::string_view, std::string_view,
                    std::string_view, std::string_view);
  SCHEDC_DIAGNOSTIC(DeclarationRepeated, DuplicateDeclaration, "{} {} {} more time{}", std::string_view,
                    std::string_view, std::string_view, std::string_view);
  const auto summarise = [&](const Repeats& r, const DiagnosticMessage<std::string_view, std::string_view,
                                                                       std::string_view, std::string_view>& message,
                             const std::string& what, const char* again) {
    if (r.skipped == 0) return;
    auto& d = diags.report(message, r.last, what, again, thousands(r.skipped), r.skipped == 1 ? "" : "s");
    d.primary_label = "the latest of them";
    d.notes.push_back(fmt::format("the first {} repeats are reported one by one, the others only counted here",
                                  kMaxRepeatReports));
    d.help = "declare each name once";
  };
  for (const auto& [key, r] : repeats)
    summarise(r, key.first == SymbolKind::Model ? ModelRepeated : DeclarationRepeated,
              fmt::format("{} `{}`", symbol_kind_name(key.first), key.second),
              key.first == SymbolKind::Model ? "is declared" : "is declared again with different fields");
  summarise(project_repeats, DeclarationRepeated, "`project` settings", "are declared again with different fields");
}

const Symbol* Context::resolve(SymbolKind sk, const Unit& unit, const std::vector<syntax::Ident>& path, Span span) {
  const std::string_view kind = symbol_kind_name(sk);
  const Symbols::Table& table = symbols.table(sk);
  const auto found = [&](const Symbol& s) {
    symbols.add_reference(Reference{span, sk, s.qname});
    return &s;
  };
  std::string q = join(path);
  if (path.size() >= 2) {
    const std::string& mod = path[0].text;
    bool is_module = std::any_of(units.begin(), units.end(), [&](const Unit& u) { return u.module == mod; });
    if (is_module && !unit.used_modules.count(mod) && unit.module != mod) {
      SCHEDC_DIAGNOSTIC(RefersStdlibModuleWhichThis, ModuleNotUsed, "`{}` refers to the stdlib module `std.{}`, which this file does not use",
                        std::string_view, std::string_view);
      auto& d = diags.report(RefersStdlibModuleWhichThis, span, q, mod);
      d.primary_label = "module not in scope";
      d.help = fmt::format("add `use std.{}` at the top of this file", mod);
      return nullptr;
    }
  } else if (!unit.module.empty()) {
    // Inside a stdlib module, a plain name refers to the module's own declarations first.
    if (auto it = table.find(unit.module + "." + q); it != table.end()) return found(it->second);
  }
  auto it = table.find(q);
  if (it != table.end()) {
    // Stdlib declarations are visible only through `use`, handled above; project declarations everywhere.
    return found(it->second);
  }
  SCHEDC_DIAGNOSTIC(UnknownName, UnknownReference, "unknown {} `{}`", std::string_view, std::string_view);
  auto& d = diags.report(UnknownName, span, kind, q);
  d.primary_label = fmt::format("no {} with this name", kind);
  std::vector<std::string> names;
  for (const auto& [n, decl] : table)
    if (decl.unit->module.empty() || unit.used_modules.count(decl.unit->module)) names.push_back(n);
  // A model: did-you-mean over the whole organisation, the index's models included.
  if (sk == SymbolKind::Model)
    for (const auto& [n, m] : index_by_name) names.push_back(n);
  if (sk == SymbolKind::Model && index_given) {
    d.notes.push_back(index_incomplete.empty()
                          ? fmt::format("neither the sources checked nor the organisation index ({} model{} of other "
                                        "repos) declare it",
                                        thousands(index_by_name.size()), index_by_name.size() == 1 ? "" : "s")
                          : fmt::format("the organisation index `{}` could not be read whole (see its errors), so models "
                                        "of other repos may be missing",
                                        index_incomplete));
  }
  if (auto c = closest(q, names); !c.empty()) {
    d.help = fmt::format("did you mean `{}`?", c);
    if (auto ix = index_by_name.find(c); sk == SymbolKind::Model && ix != index_by_name.end() && !table.count(c))
      d.help = fmt::format("did you mean `{}`, in {}?", c, index_place(*ix->second));
  } else if (path.size() >= 2) {
    d.help = fmt::format("if `{}` is a stdlib module, add `use std.{}` at the top of this file", path[0].text, path[0].text);
  } else if (sk == SymbolKind::Model && !index_incomplete.empty()) {
    d.help = fmt::format("fix the organisation index `{}` (see its errors): models of other repos are known through it",
                         index_incomplete);
  } else if (sk == SymbolKind::Model && index_given) {
    d.help = "check the name; a model of another repo is in the organisation index once a release built that repo";
  } else if (sk == SymbolKind::Model) {
    d.help = fmt::format("declare it with `model {} {{ ... }}`; if another repo declares it, check against the "
                         "organisation index: `--index FILE` (docs/deploy.md §3.7)",
                         q);
  } else {
    d.help = fmt::format("declare it with `{} {} {{ ... }}`", kind == "cluster profile" ? "cluster" : kind, q);
    // No name is close: name the few there are (`lake` where the storage is `datalake`).
    constexpr std::size_t kListed = 8;
    if (!names.empty() && names.size() <= kListed) {
      std::sort(names.begin(), names.end());
      std::string list;
      for (const auto& n : names) list += fmt::format("{}`{}`", list.empty() ? "" : ", ", n);
      d.help = names.size() == 1
                   ? fmt::format("the only {} is {}; or declare `{} {} {{ ... }}`", kind, list,
                                 kind == "cluster profile" ? "cluster" : kind, q)
                   : fmt::format("the {}s are {}; or declare `{} {} {{ ... }}`", kind, list,
                                 kind == "cluster profile" ? "cluster" : kind, q);
    }
  }
  return nullptr;
}

}  // namespace schedc::lower
