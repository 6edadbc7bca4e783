#pragma once
// Schema validation of hand-written ADF content (`--adf-schemas DIR`): each entity's `properties` against the Data
// Factory definition of its kind (Pipeline, Dataset, LinkedService, Trigger, DataFlow, IntegrationRuntime,
// Credential, ManagedVirtualNetwork, ManagedPrivateEndpoint; a factory file's against FactoryProperties, which holds
// the global parameters) in Microsoft's draft-04 schema, with valijson.
//
// DIR is a checkout of the `schemas` folder of Azure/azure-resource-manager-schemas: schedc reads
// `2018-06-01/Microsoft.DataFactory.json` and `common/definitions.json` from it (regular files inside DIR, no
// symbolic link followed, at most 16 MiB each) and nothing else; a `$ref` to any other document is refused.
// The schema is compiled once per run, adjusted in memory (the files are never changed) so that it is not stricter
// than ADF and its errors are precise (docs/deploy.md §5):
//   - `oneOf [X, expression]` accepts an ADF expression object ({"value": "...", "type": "Expression"}) or an ARM
//     expression string where X is declared, and reports X's errors only;
//   - a `oneOf` discriminated by `type` (Activity, LinkedService, Dataset, Trigger, CopySource, ...) checks only the
//     branch the value's `type` names; an unknown `type` is one error with a did-you-mean over the known ones;
//   - `type`, `enum`, `format: date-time` and `pattern` report what was expected and what was found; a date-time may
//     have no offset (ADF writes local times for non-UTC zones); a pattern is not applied to strings longer than
//     1,024 characters (the schema's patterns are for names and time spans: no catastrophic regex on hostile input);
//   - the value of a `type` member that is a known type name in another letter case (`string` for `String`) is read
//     in the schema's spelling, as ADF does.
// Each problem is SCH9012 at the value in the file (file:line:col, through the JSON reader's offsets); a schema that
// cannot be used is SCH9013.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "compiler/diagnostics.hpp"
#include "compiler/file_read.hpp"
#include "compiler/source.hpp"

namespace schedc::adf_input {

class AdfSchemas {
 public:
  // Reads a file (a regular file, at most `limit` bytes): the compiler's loader.
  using ReadFile = std::function<FileRead(const std::string& path, std::uint64_t limit)>;

  // The schemas of `dir` (read at `dir`, named `display` in diagnostics); nullptr after reporting why they cannot be
  // used (SCH9013; a file's invalid JSON is located in it, the file registered in `sm`).
  static std::unique_ptr<AdfSchemas> load(const std::string& dir, const std::string& display, const ReadFile& read,
                                          SourceManager& sm, Diagnostics& diags);
  ~AdfSchemas();
  AdfSchemas(const AdfSchemas&) = delete;
  AdfSchemas& operator=(const AdfSchemas&) = delete;

  // Validates the entity in `file` (a source already read into an entity of `kind`: valid JSON, an object) and
  // reports each problem (SCH9012), at most kMaxProblems per file. Returns whether it is valid.
  bool validate(const SourceManager& sm, FileId file, const std::string& kind, Diagnostics& diags) const;

  static constexpr std::size_t kMaxProblems = 10;

  struct Impl;

 private:
  explicit AdfSchemas(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The definition of the Data Factory schema an entity kind's `properties` is validated against ("" for none).
const char* schema_definition(const std::string& kind);

}  // namespace schedc::adf_input
