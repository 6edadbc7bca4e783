// See inputs.hpp. Moved from compile.cpp's driver, unchanged but for its names.
#include "compiler/adf_input/inputs.hpp"

#include <utility>

#include "compiler/adf_input/parameter_definition.hpp"
#include "compiler/json/reader.hpp"
#include "grammar/parser.hpp"

namespace schedc::adf_input {

AdfInputs read_adf_inputs(const std::vector<AdfFile>& files, const std::string& schemas_real,
                          const std::string& schemas_display, const AdfSchemas::ReadFile& read, SourceManager& sources,
                          Diagnostics& diags) {
  AdfInputs result;
  FileId definition_file = 0;
  FileId config_file = 0;
  std::vector<std::pair<FileId, std::string>> adf_read;  // the files read into entities, and their kinds
  for (const auto& f : files) {
    FileRead r = read(f.real, syntax::kMaxFileBytes);
    const FileId id = sources.add(f.display, r.ok() ? std::move(r.text) : std::string(), f.repo,
                                  f.real == f.display ? "" : f.real);
    if (!r.ok()) {
      SCHEDC_DIAGNOSTIC(CannotReadAdf, CannotRead, "cannot read the ADF file `{}`: {}", std::string_view, std::string_view);
      auto& d = diags.report(CannotReadAdf, Span{id, 0, 0}, f.display,
                             r.status == FileRead::Status::TooLarge ? "it is larger than 16 MiB" : r.why);
      d.primary_label = "not read";
      continue;
    }
    const bool definition = f.kind == kParameterDefinitionKind;
    if (definition || f.kind == kPublishConfigKind) {  // a folder's root file: one per factory
      if (definition && !check_parameter_definition(sources, id, diags)) continue;
      if (!definition && !json::parse(sources.file(id).text).value) {
        SCHEDC_DIAGNOSTIC(PublishConfigNotJson, InvalidAdfEntity, "`{}` is not valid JSON", std::string_view);
        auto& d = diags.report(PublishConfigNotJson, Span{id, 0, 0}, sources.file(id).qualified());
        d.primary_label = "not JSON";
        d.help = "ADF Studio writes publish_config.json as {\"publishBranch\": \"<branch>\"}";
        continue;
      }
      std::string& kept = definition ? result.parameter_definition : result.publish_config;
      FileId& first = definition ? definition_file : config_file;
      if (!kept.empty() && sources.file(first).text != sources.file(id).text) {
        SCHEDC_DIAGNOSTIC(TwoRootFiles, InvalidAdfEntity, "the --adf folders hold two different `{}`: `{}` and `{}`",
                          std::string_view, std::string_view, std::string_view);
        auto& d = diags.report(TwoRootFiles, Span{id, 0, 0},
                               definition ? kParameterDefinitionFile : kPublishConfigFile,
                               sources.file(first).qualified(), sources.file(id).qualified());
        d.primary_label = "a second one";
        d.labels.push_back({Span{first, 0, 0}, "the first"});
        d.help = "one factory has one: keep one file, or make them the same";
        continue;
      }
      kept = sources.file(id).text;
      first = id;
      continue;
    }
    if (auto e = read_entity(sources, id, f, diags)) {
      result.entities.push_back(std::move(*e));
      adf_read.push_back({id, f.kind});
    }
  }
  // With --adf-schemas, each entity read is validated against the Data Factory schema, compiled once (SCH9012/13).
  if (!schemas_real.empty() && !adf_read.empty()) {
    if (auto schemas = AdfSchemas::load(schemas_real, schemas_display, read, sources, diags))
      for (const auto& [id, kind] : adf_read) schemas->validate(sources, id, kind, diags);
  }
  check_duplicates(result.entities, diags);
  return result;
}

}  // namespace schedc::adf_input
