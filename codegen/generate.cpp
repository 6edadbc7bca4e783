#include "codegen/generate.hpp"

#include <algorithm>

#include "codegen/adf/adf.hpp"

namespace schedc::codegen {

std::vector<std::string> all_targets() { return {"adf"}; }

OutputFiles generate(const ir::Project& project, const std::vector<std::string>& targets) {
  OutputFiles files;
  auto wants = [&](std::string_view t) { return std::find(targets.begin(), targets.end(), t) != targets.end(); };
  if (wants("adf")) {
    auto adf = generate_adf(project);
    files.insert(files.end(), std::make_move_iterator(adf.begin()), std::make_move_iterator(adf.end()));
  }
  std::sort(files.begin(), files.end(), [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  return files;
}

}  // namespace schedc::codegen
