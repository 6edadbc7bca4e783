#pragma once
// The organisation index, `index.json` at the root of every build's output (the format: compiler/index/index.hpp,
// which reads it; docs/deploy.md §3.7): every model of the project with what other repos check against it.
#include "codegen/output.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen::index {

// "index.json": canonical (models sorted like ir::Project::models, fixed member order, 4-space indentation, LF,
// final newline); the organisation index's own models (ir::Project::index_models) are not in it.
OutputFile generate_index(const ir::Project& project);

}  // namespace schedc::codegen::index
