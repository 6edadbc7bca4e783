#pragma once
// What a code generator produces: files, by relative path, with their exact bytes.
#include <string>
#include <vector>

namespace schedc::codegen {

struct OutputFile {
  std::string path;     // relative, '/'-separated, e.g. "adf/pipeline/pl_churn_scoring.json"
  std::string content;  // exact bytes (UTF-8, LF, final newline)
};

using OutputFiles = std::vector<OutputFile>;

}  // namespace schedc::codegen
