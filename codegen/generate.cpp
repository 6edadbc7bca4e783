#include "codegen/generate.hpp"

#include <algorithm>
#include <future>

#include "codegen/adf/adf.hpp"
#include "codegen/arm/arm.hpp"
#include "codegen/databricks/databricks.hpp"
#include "codegen/index/index.hpp"
#include "compiler/parallel.hpp"

namespace schedc::codegen {

void CollectSink::add(OutputFile file) {
  const std::lock_guard<std::mutex> lock(mutex_);
  files_.push_back(std::move(file));
}

void FileSink::add_pieces(std::string path, const Pieces& produce) {
  std::string content;
  produce([&](std::string_view piece) { content.append(piece); });
  add({std::move(path), std::move(content)});
}

OutputFiles CollectSink::take() {
  const std::lock_guard<std::mutex> lock(mutex_);
  OutputFiles files = std::move(files_);
  files_.clear();
  std::sort(files.begin(), files.end(), [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  return files;
}

OutputFiles collect(const std::function<void(FileSink&)>& generate) {
  CollectSink sink;
  generate(sink);
  return sink.take();
}

std::vector<std::string> all_targets() { return {"adf", "arm", "databricks"}; }

namespace {

void generate_targets(const ir::Project& project, const std::vector<std::string>& targets, FileSink& sink,
                      Diagnostics* diagnostics) {
  auto wants = [&](std::string_view t) { return std::find(targets.begin(), targets.end(), t) != targets.end(); };
  sink.add(index::generate_index(project));  // every build: the organisation index (docs/deploy.md §3.7)
  // The Databricks target shares nothing with the ADF and ARM ones, so it runs beside them: their naming of
  // parameters and the writing of the ARM template are sequential and leave a core partly idle. Files reach the
  // sink in no particular order either way.
  std::future<void> databricks;
  if (wants("databricks") && (wants("adf") || wants("arm")) && thread_count() > 1)
    databricks = std::async(std::launch::async, [&] { databricks::generate_databricks(project, sink); });
  if (wants("adf") && wants("arm")) {
    arm::generate_adf_and_arm(project, sink, diagnostics);
  } else if (wants("adf")) {
    adf::generate_adf(project, sink);
  } else if (wants("arm")) {
    arm::generate_arm(project, arm::ArmLimits{}, sink, diagnostics);
  }
  if (databricks.valid())
    databricks.get();  // rethrows what it threw
  else if (wants("databricks"))
    databricks::generate_databricks(project, sink);
}

}  // namespace

void generate(const ir::Project& project, const std::vector<std::string>& targets, FileSink& sink,
              Diagnostics& diagnostics) {
  generate_targets(project, targets, sink, &diagnostics);
}

void generate(const ir::Project& project, const std::vector<std::string>& targets, FileSink& sink) {
  generate_targets(project, targets, sink, nullptr);
}

OutputFiles generate(const ir::Project& project, const std::vector<std::string>& targets, Diagnostics& diagnostics) {
  return collect([&](FileSink& sink) { generate(project, targets, sink, diagnostics); });
}

OutputFiles generate(const ir::Project& project, const std::vector<std::string>& targets) {
  return collect([&](FileSink& sink) { generate(project, targets, sink); });
}

}  // namespace schedc::codegen
