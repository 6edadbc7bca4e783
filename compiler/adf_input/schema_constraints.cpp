// The custom keywords of the adjusted Data Factory schema: see schema_constraints.hpp.
#include "compiler/adf_input/schema_constraints.hpp"

#include <algorithm>
#include <charconv>
#include <regex>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/validation_results.hpp>

namespace schedc::adf_input {

namespace {

using Json = nlohmann::json;
using valijson::adapters::Adapter;

constexpr std::size_t kMaxPatternInput = 1024;

std::string suggest(std::size_t list, std::string_view fallback) {
  return fmt::format("{}{}{}{}", kSuggest, list, kSuggest, fallback);
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

}  // namespace

void add_schedc_constraints(valijson::SchemaParser& parser, std::vector<std::vector<std::string>>& lists) {
  parser.addConstraintBuilder("x-schedc-type", builder([](const Adapter& v) -> valijson::constraints::Constraint* {
                                return new TypeConstraint(strings_of(v));
                              }));
  parser.addConstraintBuilder("x-schedc-enum", builder([&lists](const Adapter& v) -> valijson::constraints::Constraint* {
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
                                lists.push_back(std::move(words));
                                return new EnumConstraint(std::move(values), lists.size() - 1);
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
  parser.addConstraintBuilder("x-schedc-discriminator", builder([&lists](const Adapter& v) -> valijson::constraints::Constraint* {
                                std::string what;
                                std::vector<std::string> types;
                                v.applyToObject([&](const std::string& key, const Adapter& m) {
                                  if (key == "what" && m.isString()) what = m.getString();
                                  if (key == "types") types = strings_of(m);
                                  return true;
                                });
                                std::sort(types.begin(), types.end());
                                lists.push_back(types);
                                return new DiscriminatorConstraint(std::move(what), std::move(types), lists.size() - 1);
                              }));
}

}  // namespace schedc::adf_input
