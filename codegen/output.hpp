#pragma once
// What a code generator produces: files, by relative path, with their exact bytes, handed to a sink as they are
// made (a large build never holds all of its output: the CLI writes each file as it arrives).
#include <mutex>
#include <string>
#include <vector>

namespace schedc::codegen {

struct OutputFile {
  std::string path;     // relative, '/'-separated, e.g. "adf/pipeline/pl_churn_scoring.json"
  std::string content;  // exact bytes (UTF-8, LF, final newline)
};

using OutputFiles = std::vector<OutputFile>;

// Receives the generated files. Generators call add() from several threads at once, in no particular order, once
// per path; what a sink makes of the files must not depend on that order.
class FileSink {
 public:
  virtual ~FileSink() = default;
  virtual void add(OutputFile file) = 0;
};

// Keeps the files in memory (tests, `schedc build --check`, `schedc plan`).
class CollectSink final : public FileSink {
 public:
  void add(OutputFile file) override;
  // Every file added so far, sorted by path; the sink is empty afterwards.
  OutputFiles take();

 private:
  std::mutex mutex_;
  OutputFiles files_;
};

}  // namespace schedc::codegen
