// Fuzz target: any bytes, as one .sched file (which may `use` the stdlib), through parse, all analyses and codegen.
// Nothing may crash, hang, leak or hit undefined behaviour; every failure must be a diagnostic.
#include <cstddef>
#include <cstdint>
#include <string>

#include "codegen/generate.hpp"
#include "compiler/compile.hpp"

namespace {

// Serves the fuzz input as "fuzz.sched"; stdlib modules come from the repository; nothing else is readable.
class FuzzLoader : public schedc::SourceLoader {
 public:
  FuzzLoader(const std::uint8_t* data, std::size_t size) : input_(reinterpret_cast<const char*>(data), size) {}
  std::optional<std::string> read(const std::string& path) override {
    if (path == "fuzz.sched") return input_;
    static const std::string stdlib = std::string(SCHEDC_SOURCE_DIR) + "/stdlib/";
    if (path.rfind(stdlib, 0) == 0 && path.find("..") == std::string::npos) return fs_.read(path);
    return std::nullopt;
  }

 private:
  std::string input_;
  schedc::FileSystemLoader fs_{""};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzLoader loader(data, size);
  auto result = schedc::compile(schedc::CompileInput{{"fuzz.sched"}, std::string(SCHEDC_SOURCE_DIR) + "/stdlib"}, loader);
  if (result.project) (void)schedc::codegen::generate(*result.project, schedc::codegen::all_targets());
  return 0;
}
