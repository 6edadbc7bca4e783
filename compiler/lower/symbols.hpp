#pragma once
// The symbol tables of a compilation: every named declaration (environments, workspaces, storages, key vaults,
// cluster profiles, models) with where it is declared, and every reference that lowering resolved to one of them.
// Lowering fills them (compiler/lower/symbols.cpp); other code asks them: "what does the name at this position
// refer to", "where is it declared", "where is it used". The resolved value of a declaration, per environment, is the
// IR entity of the same name (ir::Project::workspaces, storages, ...; see Lowering::project()).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source.hpp"
#include "grammar/syntax.hpp"

namespace schedc::lower {

// One loaded source file.
struct Unit {
  FileId file = 0;
  std::string display;                 // display path ("<std>/clusters.sched" for stdlib modules)
  std::string module;                  // "" for project files, the module name for stdlib modules
  // The syntax tree: never changed once built, so it can be shared with the next compilation (ParseCache in
  // compiler/compile.hpp); never null.
  std::shared_ptr<const syntax::File> ast = std::make_shared<const syntax::File>();
  bool parsed = false;
  std::set<std::string> used_modules;  // stdlib modules this file `use`s
};

enum class SymbolKind : std::uint8_t { Environment, Workspace, Storage, KeyVault, ClusterProfile, Model };
inline constexpr std::size_t kSymbolKinds = 6;

// The word messages use for a kind: "environment", "workspace", "storage", "keyvault", "cluster profile", "model".
const char* symbol_kind_name(SymbolKind kind) noexcept;

// A named declaration. When a shared declaration is repeated identically in several files (merged), the symbol is
// the first one in canonical order (file path, then position).
struct Symbol {
  SymbolKind kind = SymbolKind::Model;
  std::string qname;                  // "general", or "clusters.general" for a stdlib module's declaration
  const Unit* unit = nullptr;
  const syntax::Decl* decl = nullptr;

  // The declared name's span (where "go to definition" lands).
  [[nodiscard]] Span name_span() const { return decl->name ? decl->name->span : decl->kind.span; }
};

// A use of a name that lowering resolved: `span` is the name as written (e.g. `clusters.general`).
struct Reference {
  Span span;
  SymbolKind kind = SymbolKind::Model;
  std::string qname;
};

class Symbols {
 public:
  using Table = std::map<std::string, Symbol, std::less<>>;

  // Every declaration of a kind, by qualified name.
  [[nodiscard]] const Table& table(SymbolKind kind) const { return tables_[static_cast<std::size_t>(kind)]; }
  [[nodiscard]] const Symbol* find(SymbolKind kind, std::string_view qname) const;
  // Every declaration of that name and kind in canonical order (more than one when it is repeated in several files).
  [[nodiscard]] const std::vector<Symbol>& declarations(SymbolKind kind, std::string_view qname) const;
  // `project { ... }` blocks, in canonical order.
  [[nodiscard]] const std::vector<Symbol>& projects() const { return projects_; }

  // Every resolved reference, in the order lowering resolved them.
  [[nodiscard]] const std::vector<Reference>& references() const { return references_; }
  // The references to one declaration.
  [[nodiscard]] std::vector<const Reference*> references_to(SymbolKind kind, std::string_view qname) const;
  // The symbol declared or referenced at `offset` in `file` (a declaration's name or a reference's span contains
  // it), or null.
  [[nodiscard]] const Symbol* at(FileId file, std::uint32_t offset) const;

  // Filled by lowering.
  Table& table(SymbolKind kind) { return tables_[static_cast<std::size_t>(kind)]; }
  std::vector<Symbol>& declarations_of(SymbolKind kind, const std::string& qname);
  std::vector<Symbol>& projects() { return projects_; }
  void add_reference(Reference r) { references_.push_back(std::move(r)); }

 private:
  Table tables_[kSymbolKinds];
  std::map<std::pair<SymbolKind, std::string>, std::vector<Symbol>> copies_;
  std::vector<Symbol> projects_;
  std::vector<Reference> references_;
};

}  // namespace schedc::lower
