#pragma once
// A small YAML emitter for configuration files (Databricks Asset Bundles): block mappings and block sequences,
// two spaces per level, every string a double-quoted JSON string (a valid YAML double-quoted scalar, so no value
// can be misread as a number, boolean, null, anchor or comment), numbers and booleans plain. Mapping keys are plain
// when they are identifier-like (`[A-Za-z_][A-Za-z0-9_.-]*`), else double-quoted. Empty mappings and sequences are
// `{}` and `[]`. Key order is the value's insertion order; output ends with a newline and uses LF only.
#include <string>

#include "codegen/json/json.hpp"

namespace schedc::codegen::yaml {

// `value` must be an object (the document's top-level mapping); throws std::logic_error otherwise, and
// nlohmann::json::type_error on invalid UTF-8.
std::string dump(const json::Json& value);

}  // namespace schedc::codegen::yaml
