// Schema validation of hand-written ADF content: see schema.hpp.
#include "compiler/adf_input/schema.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "compiler/adf_input/schema_adjust.hpp"
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
constexpr std::size_t kMaxPatternInput = 1024;
// A message and its help travel through valijson's results as one string, split at this character.
constexpr char kHelpSeparator = '\x1f';
// A help that is a did-you-mean over candidate list N (AdfSchemas::Impl::lists) is "\x1eN\x1eFALLBACK": it is
// worked out only for the problems shown (at most kMaxProblems per file), never for every error of a hostile file.
constexpr char kSuggest = '\x1e';
std::string suggest(std::size_t list, std::string_view fallback) {
  return fmt::format("{}{}{}{}", kSuggest, list, kSuggest, fallback);
}
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

std::string with_help(std::string message, std::string_view help) {
  message += kHelpSeparator;
  message += help;
  return message;
}

// At most 60 bytes of `text`, cut at a character boundary (the text is UTF-8: the reader checked it).
std::string cut(std::string text) {
  if (text.size() <= 60) return text;
  std::size_t at = 60;
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return text.substr(0, at) + "...";
}

// "a string", "an object", ... for what an adapter holds.
std::string found_kind(const Adapter& v) {
  if (v.isObject()) return "an object";
  if (v.isArray()) return "an array";
  if (v.isString()) return fmt::format("the string \"{}\"", cut(v.getString()));
  if (v.isBool()) return v.getBool() ? "true" : "false";
  if (v.isNull()) return "null";
  if (v.isInteger()) return fmt::format("the number {}", v.getInteger());
  if (v.isNumber()) return fmt::format("the number {}", v.getNumber());
  return "a value";
}

std::string schema_type_word(const std::string& t) {
  if (t == "object") return "an object";
  if (t == "array") return "an array";
  if (t == "integer") return "an integer";
  return "a " + t;
}

// ---- custom constraints: what the adjusted schema uses instead of the keywords it replaces ---------------------

template <typename Derived>
class Custom : public valijson::constraints::PolyConstraint {
 private:
  Constraint* cloneInto(void* where) const override { return new (where) Derived(static_cast<const Derived&>(*this)); }
  size_t sizeOf() const override { return sizeof(Derived); }
};

// `type`: "expected a string, found the number 3".
class TypeConstraint : public Custom<TypeConstraint> {
 public:
  explicit TypeConstraint(std::vector<std::string> types) : types_(std::move(types)) {}
  bool validate(const Adapter& v, const std::vector<std::string>& context, valijson::ValidationResults* results) const override {
    for (const auto& t : types_) {
      if ((t == "object" && v.isObject()) || (t == "array" && v.isArray()) || (t == "string" && v.isString()) ||
          (t == "boolean" && v.isBool()) || (t == "null" && v.isNull()) || (t == "number" && v.isNumber()) ||
          (t == "integer" && v.isInteger()))
        return true;
      if (t == "integer" && v.isDouble()) {
        const double d = v.getDouble();
        if (d == static_cast<double>(static_cast<std::int64_t>(d))) return true;
      }
    }
    if (results) {
      std::vector<std::string> words;
      for (const auto& t : types_) words.push_back(schema_type_word(t));
      results->pushError(context, with_help(fmt::format("expected {}, found {}", fmt::join(words, " or "), found_kind(v)),
                                            "write the value with the type the Data Factory schema declares, or an "
                                            "expression ({\"value\": \"@...\", \"type\": \"Expression\"})"));
    }
    return false;
  }

 private:
  std::vector<std::string> types_;
};

// `enum`: "expected one of `Minute`, `Hour`, ...; found `Minutes`", with a did-you-mean.
class EnumConstraint : public Custom<EnumConstraint> {
 public:
  EnumConstraint(std::vector<Json> values, std::size_t list) : values_(std::move(values)), list_(list) {}
  bool validate(const Adapter& v, const std::vector<std::string>& context, valijson::ValidationResults* results) const override {
    for (const auto& e : values_) {
      if (e.is_string() && v.isString() && v.getString() == e.get<std::string>()) return true;
      if (e.is_boolean() && v.isBool() && v.getBool() == e.get<bool>()) return true;
      if (e.is_number_integer() && v.isInteger() && v.getInteger() == e.get<std::int64_t>()) return true;
      if (e.is_null() && v.isNull()) return true;
    }
    if (results) {
      std::string shown;
      for (std::size_t i = 0; i < values_.size() && i < 12; ++i) {
        const auto& e = values_[i];
        shown += (i ? ", `" : "`") + (e.is_string() ? e.get<std::string>() : e.dump()) + "`";
      }
      if (values_.size() > 12) shown += fmt::format(" and {} more", values_.size() - 12);
      results->pushError(context, with_help(fmt::format("expected one of {}; found {}", shown, found_kind(v)),
                                            suggest(list_, "use one of the values the Data Factory schema allows")));
    }
    return false;
  }

 private:
  std::vector<Json> values_;
  std::size_t list_;
};

// `format: date-time`: ISO 8601 with seconds and fraction optional and the offset optional (ADF's local times).
bool is_date_time(std::string_view s) {
  const auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i)
      if (s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  if (!digits(0, 4) || s.size() < 16 || s[4] != '-' || !digits(5, 2) || s[7] != '-' || !digits(8, 2) ||
      (s[10] != 'T' && s[10] != 't') || !digits(11, 2) || s[13] != ':' || !digits(14, 2))
    return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
  const int hour = (s[11] - '0') * 10 + (s[12] - '0'), minute = (s[14] - '0') * 10 + (s[15] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return false;
  std::size_t at = 16;
  if (at < s.size() && s[at] == ':') {
    if (!digits(at + 1, 2) || (s[at + 1] - '0') * 10 + (s[at + 2] - '0') > 60) return false;
    at += 3;
    if (at < s.size() && s[at] == '.') {
      std::size_t n = 0;
      while (at + 1 + n < s.size() && s[at + 1 + n] >= '0' && s[at + 1 + n] <= '9') ++n;
      if (n == 0 || n > 7) return false;
      at += 1 + n;
    }
  }
  if (at == s.size()) return true;
  if ((s[at] == 'Z' || s[at] == 'z') && at + 1 == s.size()) return true;
  return (s[at] == '+' || s[at] == '-') && at + 6 == s.size() && digits(at + 1, 2) && s[at + 3] == ':' && digits(at + 4, 2);
}

class DateTimeConstraint : public Custom<DateTimeConstraint> {
 public:
  bool validate(const Adapter& v, const std::vector<std::string>& context, valijson::ValidationResults* results) const override {
    if (!v.isString() || is_date_time(v.getString())) return true;
    if (results)
      results->pushError(context, with_help(fmt::format("expected a date-time, found {}", found_kind(v)),
                                            "write it as ADF Studio does: `2025-01-31T05:30:00`, with `Z` or an offset "
                                            "only for UTC"));
    return false;
  }
};

class PatternConstraint : public Custom<PatternConstraint> {
 public:
  explicit PatternConstraint(std::string pattern) : pattern_(std::move(pattern)), regex_(pattern_, std::regex::ECMAScript) {}
  bool validate(const Adapter& v, const std::vector<std::string>& context, valijson::ValidationResults* results) const override {
    if (!v.isString()) return true;
    const std::string s = v.getString();
    if (s.size() > kMaxPatternInput || std::regex_search(s, regex_)) return true;
    if (results)
      results->pushError(context, with_help(fmt::format("{} does not match the pattern `{}`", found_kind(v), pattern_),
                                            "write the value in the form the Data Factory schema's pattern describes"));
    return false;
  }

 private:
  std::string pattern_;
  std::regex regex_;
};

// Accepts an expression (never reports: the other branch of its anyOf does).
bool is_expression(const Adapter& v) {
  if (v.isString()) {
    const std::string s = v.getString();
    return s.size() >= 2 && s.front() == '[' && s.back() == ']' && s[1] != '[';
  }
  if (!v.isObject()) return false;
  bool typed = false, valued = false;
  v.applyToObject([&](const std::string& key, const Adapter& member) {
    if (key == "type" && member.isString() && member.getString() == "Expression") typed = true;
    if (key == "value" && member.isString()) valued = true;
    return true;
  });
  return typed && valued;
}

class ExpressionConstraint : public Custom<ExpressionConstraint> {
 public:
  bool validate(const Adapter& v, const std::vector<std::string>&, valijson::ValidationResults*) const override {
    return is_expression(v);
  }
};

// The discriminator of a `oneOf` by `type`: the value is an object whose `type` is one of the known ones.
class DiscriminatorConstraint : public Custom<DiscriminatorConstraint> {
 public:
  DiscriminatorConstraint(std::string what, std::vector<std::string> types, std::size_t list)
      : what_(std::move(what)), types_(std::move(types)), list_(list) {}
  bool validate(const Adapter& v, const std::vector<std::string>& context, valijson::ValidationResults* results) const override {
    if (!v.isObject()) {
      if (results)
        results->pushError(context, with_help(fmt::format("expected {} (an object with a `type`), found {}", what_, found_kind(v)),
                                              "write it as an object, as ADF Studio does"));
      return false;
    }
    std::optional<std::string> type;
    bool present = false;
    v.applyToObject([&](const std::string& key, const Adapter& member) {
      if (key == "type") {
        present = true;
        if (member.isString()) type = member.getString();
      }
      return true;
    });
    if (type && std::binary_search(types_.begin(), types_.end(), *type)) return true;
    if (!results) return false;
    if (!present) {
      results->pushError(context, with_help(fmt::format("this {} has no `type`", what_),
                                            fmt::format("add its `type`, one of the {} the Data Factory schema knows",
                                                        types_.size())));
      return false;
    }
    std::vector<std::string> extended = context;
    extended.push_back("[type]");
    if (!type) {
      results->pushError(extended, with_help(fmt::format("the `type` of {} is a string", what_), "write the type's name"));
      return false;
    }
    results->pushError(extended,
                       with_help(fmt::format("unknown {} type `{}`", what_, cut(*type)),
                                 suggest(list_, fmt::format("the Data Factory schema knows {} {} types (`{}`, ...)",
                                                            types_.size(), what_, types_.front()))));
    return false;
  }

 private:
  std::string what_;
  std::vector<std::string> types_;  // sorted
  std::size_t list_;
};

template <typename Make>
class Builder : public valijson::ConstraintBuilder {
 public:
  explicit Builder(Make make) : make_(std::move(make)) {}
  valijson::constraints::Constraint* make(const Adapter& value) const override { return make_(value); }

 private:
  Make make_;
};
template <typename Make>
Builder<Make>* builder(Make make) {
  return new Builder<Make>(std::move(make));
}

std::vector<std::string> strings_of(const Adapter& value) {
  std::vector<std::string> out;
  if (value.isString()) out.push_back(value.getString());
  if (value.isArray())
    value.applyToArray([&](const Adapter& item) {
      if (item.isString()) out.push_back(item.getString());
      return true;
    });
  return out;
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
  parser.addConstraintBuilder("x-schedc-type", builder([](const Adapter& v) -> valijson::constraints::Constraint* {
                                return new TypeConstraint(strings_of(v));
                              }));
  parser.addConstraintBuilder("x-schedc-enum", builder([raw](const Adapter& v) -> valijson::constraints::Constraint* {
                                std::vector<Json> values;
                                std::vector<std::string> words;
                                v.applyToArray([&](const Adapter& item) {
                                  if (item.isString()) values.emplace_back(item.getString());
                                  else if (item.isBool()) values.emplace_back(item.getBool());
                                  else if (item.isInteger()) values.emplace_back(item.getInteger());
                                  else if (item.isNull()) values.emplace_back(nullptr);
                                  if (item.isString()) words.push_back(item.getString());
                                  return true;
                                });
                                raw->lists.push_back(std::move(words));
                                return new EnumConstraint(std::move(values), raw->lists.size() - 1);
                              }));
  parser.addConstraintBuilder("x-schedc-date-time", builder([](const Adapter&) -> valijson::constraints::Constraint* {
                                return new DateTimeConstraint();
                              }));
  parser.addConstraintBuilder("x-schedc-pattern", builder([](const Adapter& v) -> valijson::constraints::Constraint* {
                                return new PatternConstraint(v.isString() ? v.getString() : "");
                              }));
  parser.addConstraintBuilder("x-schedc-expression", builder([](const Adapter&) -> valijson::constraints::Constraint* {
                                return new ExpressionConstraint();
                              }));
  parser.addConstraintBuilder("x-schedc-discriminator", builder([raw](const Adapter& v) -> valijson::constraints::Constraint* {
                                std::string what;
                                std::vector<std::string> types;
                                v.applyToObject([&](const std::string& key, const Adapter& m) {
                                  if (key == "what" && m.isString()) what = m.getString();
                                  if (key == "types") types = strings_of(m);
                                  return true;
                                });
                                std::sort(types.begin(), types.end());
                                raw->lists.push_back(types);
                                return new DiscriminatorConstraint(std::move(what), std::move(types), raw->lists.size() - 1);
                              }));
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
