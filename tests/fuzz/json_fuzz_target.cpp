// Fuzz target for the JSON reader of hostile input (compiler/json/reader.hpp) and the organisation index
// (compiler/index/): any bytes are parsed, must be accepted exactly when nlohmann (a strict RFC 8259 parser) accepts
// them (except a repeated key, which only this reader refuses), with every value's offsets inside the text; then
// they are given as `--index` and as two hand-written ADF entities (`--adf`) to a small repo's check, which must end in diagnostics, never a crash, a hang or
// undefined behaviour (ASan + UBSan). When the Data Factory schemas are in the shared folder beside the checkout
// (SCHEDC_SHARED_DIR or ../shared), they are compiled once and the bytes are also validated against them as each kind
// of entity (compiler/adf_input/schema.hpp), which must end in SCH9012 diagnostics located inside the text or none.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/adf_input/schema.hpp"
#include "compiler/compile.hpp"
#include "compiler/file_read.hpp"
#include "compiler/json/reader.hpp"

namespace {

class FuzzLoader : public schedc::SourceLoader {
 public:
  explicit FuzzLoader(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  std::optional<std::string> read(const std::string& path) override {
    if (auto it = files_.find(path); it != files_.end()) return it->second;
    return schedc::FileSystemLoader("").read(path);  // the stdlib
  }

 private:
  std::map<std::string, std::string> files_;
};

void check_offsets(const schedc::json::Value& v, std::size_t size) {
  if (v.begin > v.end || v.end > size) std::abort();
  for (const auto& item : v.items) check_offsets(item, size);
  for (const auto& m : v.members) {
    if (m.key_begin >= m.key_end || m.key_end > v.end) std::abort();
    check_offsets(m.value, size);
  }
}

const char* const kRepo = R"(project {
  workspace = w
  markers {
    storage = lake
    path    = "ops/markers"
  }
}
workspace w {
  url         = "https://adb-1.1.azuredatabricks.net"
  resource_id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w"
}
storage lake {
  url = "https://lake.dfs.core.windows.net"
}
model sales {
  owner    = "t@contoso.com"
  notebook = "/Repos/t/sales"
  cluster  = { spark_version = "14.3.x-scala2.12"  node_type = "Standard_DS3_v2"  workers = 1 }
  schedule = cron "0 7 * * *" in "Europe/Amsterdam"
  requires {
    model churn_scoring wait 1h every 10m
  }
  timeout  = 1h
}
)";

// The shared schemas, compiled once per fuzzing process (nullptr when they are absent).
const schedc::adf_input::AdfSchemas* schemas() {
  static const std::unique_ptr<schedc::adf_input::AdfSchemas> loaded = [] {
    const char* env = std::getenv("SCHEDC_SHARED_DIR");
    const std::string dir = std::string(env && *env ? env : SCHEDC_SOURCE_DIR "/../shared") + "/schemas/arm";
    schedc::SourceManager sm;
    schedc::Diagnostics diags;
    return schedc::adf_input::AdfSchemas::load(dir, "schemas", schedc::read_file_bounded, sm, diags);
  }();
  return loaded.get();
}

void validate(const std::string& text) {
  const auto* s = schemas();
  if (!s) return;
  schedc::SourceManager sm;
  const schedc::FileId id = sm.add("adf/pipeline/pl_fuzz.json", text);
  for (const char* kind : {"pipeline", "trigger", "linkedService", "dataset", "factory"}) {
    schedc::Diagnostics diags;
    s->validate(sm, id, kind, diags);
    for (const auto& d : diags.all())
      if (d.primary.file != id || d.primary.begin > d.primary.end || d.primary.end > text.size()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto parsed = schedc::json::parse(text);
  // nlohmann's parser stops at a NUL byte and judges only the text before it ("8\0..." is accepted as 8), so it is
  // the oracle only for text without one; RFC 8259 allows no NUL outside a string and none unescaped inside one.
  const bool has_nul = text.find('\0') != std::string::npos;
  const bool theirs = !has_nul && nlohmann::json::accept(text);
  if (parsed.value) {
    check_offsets(*parsed.value, text.size());
    if (!theirs) std::abort();  // accepted what RFC 8259 refuses
  } else {
    if (parsed.error->begin > text.size() || parsed.error->end > text.size()) std::abort();
    if (theirs && parsed.error->message.find("twice") == std::string::npos &&
        parsed.error->message.find("nested more than") == std::string::npos)
      std::abort();  // refused valid JSON
  }
  FuzzLoader loader({{"repo/sales.sched", kRepo}, {"index.json", text}, {"adf/pipeline/pl_fuzz.json", text},
                     {"adf/trigger/tr_fuzz.json", text}});
  schedc::CompileInput input{{}, SCHEDC_SOURCE_DIR "/stdlib", {{"sales", "sales.sched", "repo/sales.sched"}},
                             {{"sales", "repo"}}};
  input.index_display = "index.json";
  // The same bytes as hand-written ADF entities (`--adf`): a pipeline and a trigger.
  input.adf_files = {{"", "pipeline", "adf/pipeline/pl_fuzz.json", "adf/pipeline/pl_fuzz.json", "pipeline/pl_fuzz.json"},
                     {"", "trigger", "adf/trigger/tr_fuzz.json", "adf/trigger/tr_fuzz.json", "trigger/tr_fuzz.json"}};
  if (parsed.value && parsed.value->is_object()) validate(text);
  const auto result = schedc::compile(input, loader);  // an internal error throws: a crash the fuzzer reports
  if (result.project && !result.diagnostics.all().empty() && result.diagnostics.has_errors()) std::abort();
  return 0;
}
