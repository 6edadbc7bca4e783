#pragma once
// All code generators behind one entry point.
#include <string>
#include <vector>

#include "codegen/output.hpp"
#include "compiler/ir.hpp"

namespace schedc::codegen {

// The names of every target this build can generate ("adf", "arm").
std::vector<std::string> all_targets();
// Generate the chosen targets; files sorted by path.
OutputFiles generate(const ir::Project& project, const std::vector<std::string>& targets);

}  // namespace schedc::codegen
