#pragma once
// What a code generator produces: files, by relative path, with their exact bytes, handed to a sink as they are
// made (a large build never holds all of its output: the CLI writes each file as it arrives).
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace schedc::codegen {

struct OutputFile {
  std::string path;     // relative, '/'-separated, e.g. "adf/pipeline/pl_churn_scoring.json"
  std::string content;  // exact bytes (UTF-8, LF; a final newline except in the ADF git layout, as Studio writes it)
};

using OutputFiles = std::vector<OutputFile>;

// Produces a file's content piece by piece: calls `write` with consecutive pieces (an ARM template of a large
// factory is hundreds of megabytes and need not exist as one string).
using Pieces = std::function<void(const std::function<void(std::string_view)>& write)>;

// Receives the generated files. Generators call add() from several threads at once, in no particular order, once
// per path; what a sink makes of the files must not depend on that order.
class FileSink {
 public:
  virtual ~FileSink() = default;
  virtual void add(OutputFile file) = 0;
  // A file given as pieces (see Pieces). The default joins them and calls add().
  virtual void add_pieces(std::string path, const Pieces& produce);
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

// What `generate` adds to a CollectSink, sorted by path.
OutputFiles collect(const std::function<void(FileSink&)>& generate);

}  // namespace schedc::codegen
