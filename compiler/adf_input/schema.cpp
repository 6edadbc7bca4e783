// Schema validation of hand-written ADF content: see schema.hpp.
#include "compiler/adf_input/schema.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "compiler/adf_input/schema_adjust.hpp"
#include "compiler/adf_input/schema_constraints.hpp"
#include "compiler/json/reader.hpp"

namespace schedc::adf_input {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using valijson::adapters::Adapter;

SCHEDC_DIAGNOSTIC(SchemaProblem, AdfSchemaViolation, "this {} breaks the Data Factory schema: {}", std::string_view,
                  std::string_view);
SCHEDC_DIAGNOSTIC(SchemaUnusable, AdfSchemasUnusable, "cannot use the Data Factory schemas in `{}`: {}", std::string_view,
                  std::string_view);
SCHEDC_DIAGNOSTIC(SchemaNotJson, AdfSchemasUnusable, "this schema file is not valid JSON: {}", std::string_view);

constexpr std::string_view kBase = "https://schema.management.azure.com/schemas/";
constexpr std::string_view kDataFactory = "2018-06-01/Microsoft.DataFactory.json";
constexpr std::string_view kDefinitions = "common/definitions.json";
constexpr std::uint64_t kMaxSchemaBytes = 16u << 20;

const std::map<std::string, std::string, std::less<>>& definitions_by_kind() {
  static const std::map<std::string, std::string, std::less<>> table = {
      {"pipeline", "Pipeline"},
      {"dataset", "Dataset"},
      {"linkedService", "LinkedService"},
      {"trigger", "Trigger"},
      {"dataflow", "DataFlow"},
      {"integrationRuntime", "IntegrationRuntime"},
      {"credential", "Credential"},
      {"managedVirtualNetwork", "ManagedVirtualNetwork"},
      {"managedPrivateEndpoint", "ManagedPrivateEndpoint"},
      {"factory", "FactoryProperties"}};
  return table;
}

// ---- instances: the reader's values as nlohmann values, and valijson's paths back to offsets ------------------

// Names in the schema's spelling: ADF reads property names and type names in any letter case (Studio writes
// `dataflow` where the schema declares `dataFlow`, and a parameter type `string` where it declares `String`).
struct Spellings {
  const std::map<std::string, std::string>* types = nullptr;
  const std::map<std::string, std::string>* properties = nullptr;
};

Json to_json(const json::Value& v, const Spellings& names, bool type_member = false) {
  switch (v.kind) {
    case json::Value::Kind::Null: return nullptr;
    case json::Value::Kind::Bool: return v.boolean;
    case json::Value::Kind::Number: {
      Json n = Json::parse(v.text, nullptr, false);
      return n.is_discarded() ? Json(0) : n;
    }
    case json::Value::Kind::String: {
      if (type_member && names.types)
        if (auto it = names.types->find(lower_ascii(v.text)); it != names.types->end()) return it->second;
      return v.text;
    }
    case json::Value::Kind::Array: {
      Json out = Json::array();
      for (const auto& item : v.items) out.push_back(to_json(item, names));
      return out;
    }
    case json::Value::Kind::Object: {
      Json out = Json::object();
      for (const auto& m : v.members) {
        std::string key = m.key;
        if (names.properties)
          if (auto it = names.properties->find(lower_ascii(key)); it != names.properties->end() && !it->second.empty() &&
                                                                    !v.get(it->second))
            key = it->second;
        out[key] = to_json(m.value, names, m.key == "type");
      }
      return out;
    }
  }
  return nullptr;
}

// Messages of valijson's that only say a child failed (the child's own error is reported).
bool is_wrapper(const std::string& d) {
  return d.rfind("Failed to validate against", 0) == 0 || d.rfind("Failed to validate item #", 0) == 0 ||
         d.rfind("Target should not validate against schema specified in 'not'", 0) == 0 ||
         d.rfind("Cannot validate item #", 0) == 0;
}

}  // namespace

struct AdfSchemas::Impl {
  Json data_factory, definitions;
  std::map<std::string, std::string> type_names, property_names;
  std::vector<std::vector<std::string>> lists;  // the candidates of each did-you-mean (kSuggest)
  valijson::Schema schema;
};

const char* schema_definition(const std::string& kind) {
  auto it = definitions_by_kind().find(kind);
  return it == definitions_by_kind().end() ? "" : it->second.c_str();
}

AdfSchemas::AdfSchemas(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AdfSchemas::~AdfSchemas() = default;

std::unique_ptr<AdfSchemas> AdfSchemas::load(const std::string& dir, const std::string& display, const ReadFile& read,
                                             SourceManager& sm, Diagnostics& diags) {
  const auto unusable = [&](const std::string& why, std::string help) {
    auto& d = diags.report(SchemaUnusable, Span{}, display, why);
    d.help = std::move(help);
    d.notes.push_back("hand-written ADF content was checked without the schema (the structural checks only)");
    return nullptr;
  };
  constexpr const char* kCheckoutHelp =
      "give --adf-schemas the `schemas` folder of a checkout of Azure/azure-resource-manager-schemas (docs/deploy.md §5)";
  auto impl = std::make_unique<Impl>();
  for (auto [rel, target] : {std::pair{kDataFactory, &impl->data_factory}, std::pair{kDefinitions, &impl->definitions}}) {
    // No symbolic link is followed below DIR: each component must be what it says.
    std::error_code ec;
    fs::path at(dir);
    for (const auto& part : fs::path(std::string(rel))) {
      at /= part;
      const auto st = fs::symlink_status(at, ec);
      if (st.type() == fs::file_type::symlink)
        return unusable(fmt::format("`{}` is a symbolic link (not followed)", rel), kCheckoutHelp);
      if (st.type() == fs::file_type::not_found || ec)
        return unusable(fmt::format("`{}` is not there", rel), kCheckoutHelp);
    }
    FileRead r = read(at.string(), kMaxSchemaBytes);
    if (!r.ok())
      return unusable(fmt::format("`{}` cannot be read: {}", rel,
                                  r.status == FileRead::Status::TooLarge ? "it is larger than 16 MiB" : r.why),
                      kCheckoutHelp);
    auto parsed = json::parse(r.text, 512);
    if (!parsed.value || !parsed.value->is_object()) {
      const std::string shown = display + "/" + std::string(rel);
      const FileId id = sm.add(shown, std::move(r.text), "", at.string() == shown ? "" : at.string());
      auto& d = parsed.value ? diags.report(SchemaNotJson, Span{id, 0, 1}, "it is not an object")
                             : diags.report(SchemaNotJson, Span{id, parsed.error->begin, parsed.error->end}, parsed.error->message);
      if (!parsed.value) d.primary_label = parsed.error->label;
      d.help = kCheckoutHelp;
      return nullptr;
    }
    *target = to_json(*parsed.value, Spellings{});
    (*target)["id"] = std::string(kBase) + std::string(rel) + "#";  // ids do not always match their paths upstream
  }
  if (!impl->data_factory.contains("definitions") || !impl->data_factory["definitions"].is_object())
    return unusable(fmt::format("`{}` has no `definitions`", kDataFactory), kCheckoutHelp);
  for (const auto& [kind, definition] : definitions_by_kind())
    if (!impl->data_factory["definitions"].contains(definition))
      return unusable(fmt::format("`{}` has no definition `{}`", kDataFactory, definition), kCheckoutHelp);
  SchemaAdjuster adjust;
  adjust.schema(impl->data_factory, "");
  adjust.schema(impl->definitions, "");
  impl->type_names = std::move(adjust.type_names);
  impl->property_names = std::move(adjust.property_names);

  // One root: a property per kind, each a $ref to its definition; an entity is validated as {kind: properties}.
  Json root = {{"id", std::string(kBase) + "schedc-adf-entities.json#"}, {"properties", Json::object()}};
  for (const auto& [kind, definition] : definitions_by_kind())
    root["properties"][kind] = {{"$ref", fmt::format("{}{}#/definitions/{}", kBase, kDataFactory, definition)}};
  Impl* raw = impl.get();
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
  add_schedc_constraints(parser, raw->lists);
  // Remote documents: only the two files read above, by the URL the README maps to DIR's paths.
  const auto fetch = [raw](const std::string& uri) -> const Json* {
    std::string u = uri.substr(0, uri.find('#'));
    if (u.rfind("http://", 0) == 0) u = "https://" + u.substr(7);
    if (u == std::string(kBase) + std::string(kDataFactory)) return &raw->data_factory;
    if (u == std::string(kBase) + std::string(kDefinitions)) return &raw->definitions;
    return nullptr;
  };
  const auto release = [](const Json*) {};
  try {
    valijson::adapters::NlohmannJsonAdapter adapter(root);
    parser.populateSchema(adapter, raw->schema, fetch, release);
  } catch (const std::exception& e) {
    return unusable(fmt::format("the schema cannot be compiled: {}", e.what()), kCheckoutHelp);
  }
  // The documents are needed only to compile.
  raw->data_factory = Json();
  raw->definitions = Json();
  return std::unique_ptr<AdfSchemas>(new AdfSchemas(std::move(impl)));
}

bool AdfSchemas::validate(const SourceManager& sm, FileId file, const std::string& kind, Diagnostics& diags) const {
  if (definitions_by_kind().find(kind) == definitions_by_kind().end()) return true;
  auto parsed = json::parse(sm.file(file).text);
  if (!parsed.value || !parsed.value->is_object()) return true;  // reported by the reader
  const json::Value* props = parsed.value->get("properties");
  if (!props) return true;  // a factory file without properties
  Json instance = Json::object();
  instance[kind] = to_json(*props, Spellings{&impl_->type_names, &impl_->property_names});
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(instance);
  if (validator.validate(impl_->schema, adapter, &results)) return true;

  struct Problem {
    const json::Value* value;
    const json::Member* member;
    std::string path, message, help;
  };
  std::vector<Problem> problems, wrappers;
  std::set<std::pair<std::string, std::string>> seen;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    // The context: "<root>", "[kind]", then a member key or an array index per step.
    const json::Value* at = props;
    const json::Member* member = nullptr;
    std::string path = "properties";
    for (std::size_t i = 2; i < error.context.size() && at; ++i) {
      const std::string step = error.context[i].size() >= 2 ? error.context[i].substr(1, error.context[i].size() - 2) : "";
      if (at->is_object()) {
        member = nullptr;
        for (const auto& m : at->members)
          if (m.key == step) member = &m;
        if (!member)  // written in another letter case
          for (const auto& m : at->members)
            if (lower_ascii(m.key) == lower_ascii(step)) member = &m;
        at = member ? &member->value : nullptr;
        path += "." + step;
      } else if (at->is_array()) {
        std::size_t index = 0;
        const auto [p, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
        at = ec == std::errc() && p == step.data() + step.size() && index < at->items.size() ? &at->items[index] : nullptr;
        member = nullptr;
        path += "[" + step + "]";
      } else {
        at = nullptr;
      }
    }
    if (!at) continue;
    std::string message = error.description, help;
    if (const auto sep = message.find(kHelpSeparator); sep != std::string::npos) {
      help = message.substr(sep + 1);
      message.resize(sep);
    } else if (message.rfind("Missing required property '", 0) == 0) {
      const std::string name = message.substr(27, message.size() - 27 - 2);
      message = fmt::format("`{}` has no `{}`, which the Data Factory schema requires", path, name);
      help = fmt::format("add `{}` (ADF Studio writes it)", name);
    } else {
      help = "correct the value as the Data Factory schema describes";
    }
    if (!seen.insert({path, message}).second) continue;
    (is_wrapper(message) ? wrappers : problems).push_back({at, member, path, message, help});
  }
  if (problems.empty()) problems = std::move(wrappers);
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) { return a.value->begin < b.value->begin; });
  const std::size_t shown = std::min(problems.size(), kMaxProblems);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& p = problems[i];
    // A scalar is pointed at; an object or array at its key (or its first character when it has none).
    const bool whole = p.value->is_object() || p.value->is_array();
    const Span span = whole && p.member ? Span{file, p.member->key_begin, p.member->key_end}
                      : whole           ? Span{file, p.value->begin, p.value->begin + 1}
                                        : Span{file, p.value->begin, p.value->end};
    std::string help = p.help;
    if (!help.empty() && help[0] == kSuggest) {
      const auto end = help.find(kSuggest, 1);
      std::size_t list = 0;
      std::from_chars(help.data() + 1, help.data() + end, list);
      help = help.substr(end + 1);
      // A word much longer than every candidate is never within reach of one: not compared.
      if (p.value->is_string() && p.value->text.size() <= 64 && list < impl_->lists.size())
        if (auto c = closest(p.value->text, impl_->lists[list]); !c.empty()) help = fmt::format("did you mean `{}`?", c);
    }
    const std::string message = p.message.find('`') == 0 ? p.message : fmt::format("at `{}`: {}", p.path, p.message);
    auto& d = diags.report(SchemaProblem, span, kind, message);
    d.primary_label = "here";
    d.help = std::move(help);
    d.notes.push_back(fmt::format("`properties` is checked against `definitions/{}` of {}", schema_definition(kind), kDataFactory));
    if (i + 1 == shown && problems.size() > shown)
      d.notes.push_back(fmt::format("{} more problem{} of this file not shown", problems.size() - shown,
                                    problems.size() - shown == 1 ? "" : "s"));
  }
  return false;
}

}  // namespace schedc::adf_input
