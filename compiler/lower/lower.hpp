#pragma once
// Lowering of syntax trees to the IR, with the validity analyses (compiler/lower*.cpp).
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/ir.hpp"
#include "compiler/source.hpp"
#include "grammar/syntax.hpp"

namespace schedc {

// One loaded source file.
struct Unit {
  FileId file = 0;
  std::string display;                 // display path ("<std>/clusters.sched" for stdlib modules)
  std::string module;                  // "" for project files, the module name for stdlib modules
  syntax::File ast;
  bool parsed = false;
  std::set<std::string> used_modules;  // stdlib modules this file `use`s
};

class Lowering {
 public:
  Lowering(const SourceManager& sources, Diagnostics& diags, const std::vector<Unit>& units);
  ~Lowering();
  std::optional<ir::Project> run();

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace schedc
