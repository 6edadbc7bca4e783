#pragma once
// The ADF git-layout target: the files ADF's git integration stores, one entity per file, under `adf/`:
//   adf/pipeline/<name>.json, adf/trigger/<name>.json, adf/linkedService/<name>.json, adf/dataset/<name>.json
// Values that differ per environment are those of the project's git environment (ir::Project::git_env()).
// The lowering of each concept is described in pipeline.hpp and resources.hpp.
#include "codegen/output.hpp"
#include "compiler/ir.hpp"

namespace schedc::codegen {

// Files sorted by path. Reads only the IR, which must be valid (errors in it are internal errors and throw
// std::logic_error).
OutputFiles generate_adf(const ir::Project& project);

}  // namespace schedc::codegen
