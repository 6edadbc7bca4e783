#pragma once
// All code generators behind one entry point.
#include <string>
#include <vector>

#include "codegen/output.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen {

// The names of every target this build can generate ("adf", "arm", "databricks").
std::vector<std::string> all_targets();

// Generate the chosen targets into `sink`, and always `index.json`, the organisation index (codegen/index/), each file as soon as it is made. Reads only the IR, which must be valid
// (errors in it are internal errors and throw std::logic_error, possibly after some files were added).
// What only generation can find wrong with a valid project (SCH4012: an ARM template with more parameters than
// ARM can deploy) is reported to `diagnostics`; when it reports an error, some files were added all the same and
// the caller must discard them.
void generate(const ir::Project& project, const std::vector<std::string>& targets, FileSink& sink,
              Diagnostics& diagnostics);
// Without diagnostics, such an error throws (ArmParameterLimit, codegen/arm/arm.hpp).
void generate(const ir::Project& project, const std::vector<std::string>& targets, FileSink& sink);

// The same, held in memory: files sorted by path.
OutputFiles generate(const ir::Project& project, const std::vector<std::string>& targets, Diagnostics& diagnostics);
OutputFiles generate(const ir::Project& project, const std::vector<std::string>& targets);

}  // namespace schedc::codegen
