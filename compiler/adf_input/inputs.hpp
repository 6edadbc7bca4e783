#pragma once
// The `--adf` folders' files as one compilation reads them: each file registered as a source (so every problem is
// located), entities read and checked (adf_input.hpp), validated against the Data Factory schema with
// `--adf-schemas` (schema.hpp), and the folders' root files (the ARM parameter definition, publish_config.json)
// kept once per factory. Their problems are reported into `diags`.
#include <string>
#include <vector>

#include "compiler/adf_input/adf_input.hpp"
#include "compiler/adf_input/schema.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/source.hpp"

namespace schedc::adf_input {

struct AdfInputs {
  std::vector<ir::AdfEntity> entities;  // checked for names differing only in case (check_duplicates)
  std::string parameter_definition;     // the folders' arm-template-parameters-definition.json, when one has it
  std::string publish_config;           // the folders' publish_config.json, when one has it
};

// Reads `files` with `read` (the compiler's loader); `schemas_real` empty: no schema validation.
AdfInputs read_adf_inputs(const std::vector<AdfFile>& files, const std::string& schemas_real,
                          const std::string& schemas_display, const AdfSchemas::ReadFile& read, SourceManager& sources,
                          Diagnostics& diags);

}  // namespace schedc::adf_input
