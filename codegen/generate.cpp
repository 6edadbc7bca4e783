#include "codegen/generate.hpp"

#include <algorithm>

#include "codegen/adf/adf.hpp"
#include "codegen/arm/arm.hpp"
#include "codegen/databricks/databricks.hpp"

namespace schedc::codegen {

std::vector<std::string> all_targets() { return {"adf", "arm", "databricks"}; }

OutputFiles generate(const ir::Project& project, const std::vector<std::string>& targets) {
  OutputFiles files;
  auto wants = [&](std::string_view t) { return std::find(targets.begin(), targets.end(), t) != targets.end(); };
  if (wants("adf") && wants("arm")) {
    auto both = generate_adf_and_arm(project);
    files.insert(files.end(), std::make_move_iterator(both.begin()), std::make_move_iterator(both.end()));
  } else if (wants("adf")) {
    auto adf = generate_adf(project);
    files.insert(files.end(), std::make_move_iterator(adf.begin()), std::make_move_iterator(adf.end()));
  } else if (wants("arm")) {
    auto arm = generate_arm(project);
    files.insert(files.end(), std::make_move_iterator(arm.begin()), std::make_move_iterator(arm.end()));
  }
  if (wants("databricks")) {
    auto dbx = generate_databricks(project);
    files.insert(files.end(), std::make_move_iterator(dbx.begin()), std::make_move_iterator(dbx.end()));
  }
  std::sort(files.begin(), files.end(), [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  return files;
}

}  // namespace schedc::codegen
