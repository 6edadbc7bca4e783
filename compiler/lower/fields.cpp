#include "compiler/lower/fields.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace schedc {

std::string_view value_kind_name(syntax::Value::Kind k) {
  using K = syntax::Value::Kind;
  switch (k) {
    case K::String: return "a string";
    case K::Integer: return "an integer";
    case K::Duration: return "a duration";
    case K::Range: return "a range";
    case K::Bool: return "a boolean";
    case K::DateTime: return "a date";
    case K::Reference: return "a reference";
    case K::List: return "a list";
    case K::Block: return "a block";
    case K::PerEnv: return "a per_env value";
    case K::Cron: return "a cron schedule";
    case K::Every: return "an `every` value";
    case K::Secret: return "a secret reference";
  }
  return "a value";
}


Fields::Fields(Diagnostics& diags, const syntax::Body& body, std::string what, Span anchor,
               std::span<const std::string_view> allowed)
    : diags_(diags), what_(std::move(what)), anchor_(anchor) {
  for (const auto& e : body.entries) {
    if (e.kind == syntax::Entry::Kind::Requirement) {
      SCHEDC_DIAGNOSTIC(PrerequisiteAllowedDirectly, PrerequisiteOutsideRequires, "`{}` prerequisite is not allowed directly in {}",
                        std::string_view, std::string_view);
      auto& d = diags_.report(PrerequisiteAllowedDirectly, e.span, e.requirement->kind.text, what_);
      d.help = "put prerequisites inside a `requires { ... }` block of a model";
      continue;
    }
    const std::string& key = e.key.text;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      SCHEDC_DIAGNOSTIC(UnknownField, UnknownField, "unknown field `{}` in {}", std::string_view, std::string_view);
      auto& d = diags_.report(UnknownField, e.key.span, key, what_);
      d.primary_label = "not a field of this declaration";
      if (auto c = closest(key, allowed); !c.empty()) {
        d.help = fmt::format("did you mean `{}`?", c);
        misspelled_.insert(c);
      }
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      d.notes.push_back(fmt::format("the fields of {} are: {}", what_, list));
      continue;
    }
    auto [it, inserted] = entries_.emplace(key, &e);
    if (!inserted) {
      SCHEDC_DIAGNOSTIC(FieldSetTwice, DuplicateField, "field `{}` is set twice in {}",
                        std::string_view, std::string_view);
      auto& d = diags_.report(FieldSetTwice, e.key.span, key, what_);
      d.primary_label = "set again here";
      d.labels.push_back({it->second->key.span, "first set here"});
      d.help = "remove one of the two";
    }
  }
}

const syntax::Entry* Fields::entry(std::string_view key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : it->second;
}

const syntax::Value* Fields::attr(std::string_view key) const {
  const auto* e = entry(key);
  if (!e) return nullptr;
  if (e->kind != syntax::Entry::Kind::Attribute) {
    SCHEDC_DIAGNOSTIC(FieldNeedsValue, WrongValueType, "`{}` in {} needs `=` and a value",
                      std::string_view, std::string_view);
    auto& d = diags_.report(FieldNeedsValue, e->key.span, key, what_);
    d.help = fmt::format("write `{} = ...`", key);
    return nullptr;
  }
  return &e->value;
}

const syntax::Body* Fields::nested(std::string_view key) const {
  const auto* e = entry(key);
  if (!e) return nullptr;
  if (e->kind == syntax::Entry::Kind::Nested) return e->nested.get();
  if (e->value.kind == syntax::Value::Kind::Block && e->value.block) return e->value.block.get();
  wrong_type(key, e->value, "a block `{ ... }`");
  return nullptr;
}

Span Fields::key_span(std::string_view key) const {
  const auto* e = entry(key);
  return e ? e->key.span : anchor_;
}

void Fields::missing(std::string_view key, std::string_view example) const {
  if (misspelled_.count(key) != 0) return;  // the unknown field's did-you-mean already names it
  SCHEDC_DIAGNOSTIC(MissingRequiredField, MissingField, "{} is missing the required field `{}`",
                    std::string_view, std::string_view);
  auto& d = diags_.report(MissingRequiredField, anchor_, what_, key);
  d.primary_label = fmt::format("`{}` needed here", key);
  if (!example.empty()) d.help = fmt::format("add `{}`", example);
}

void Fields::wrong_type(std::string_view key, const syntax::Value& v, std::string_view expected) const {
  SCHEDC_DIAGNOSTIC(FieldWrongType, WrongValueType, "`{}` in {} must be {}, found {}",
                    std::string_view, std::string_view, std::string_view, std::string_view);
  auto& d = diags_.report(FieldWrongType, v.span, key, what_, expected, value_kind_name(v.kind));
  d.primary_label = fmt::format("expected {}", expected);
}

std::optional<std::string> plain_string(Diagnostics& diags, const syntax::Value& v, std::string_view where) {
  std::string s;
  for (const auto& p : v.parts) {
    if (p.kind == syntax::StringPart::Kind::Binding) {
      SCHEDC_DIAGNOSTIC(BindingsLikeAllowed, InvalidBinding, "bindings like `{{{}}}` are not allowed in {}",
                        std::string_view, std::string_view);
      auto& d = diags.report(BindingsLikeAllowed, p.span, p.text, where);
      d.primary_label = "binding not allowed here";
      d.help = "bindings are allowed in notebook parameters and prerequisite paths; write `{{` for a literal `{`";
      return std::nullopt;
    }
    s += p.text;
  }
  return s;
}

std::optional<std::string> Fields::string(std::string_view key, bool required, std::string_view example) {
  const auto* v = attr(key);
  if (!v) {
    if (required && !entry(key)) missing(key, example);
    return std::nullopt;
  }
  if (v->kind != syntax::Value::Kind::String || v->block) {
    wrong_type(key, *v, "a string");
    return std::nullopt;
  }
  return plain_string(diags_, *v, fmt::format("`{}`", key));
}

std::optional<std::int64_t> Fields::integer(std::string_view key, std::int64_t lo, std::int64_t hi) {
  const auto* v = attr(key);
  if (!v) return std::nullopt;
  if (v->kind != syntax::Value::Kind::Integer) {
    wrong_type(key, *v, "an integer");
    return std::nullopt;
  }
  if (v->integer < lo || v->integer > hi) {
    SCHEDC_DIAGNOSTIC(OutsideAllowedRange, ValueOutOfRange, "`{}` in {} is {}, outside the allowed range {}..{}",
                      std::string_view, std::string_view, std::int64_t, std::int64_t, std::int64_t);
    auto& d = diags_.report(OutsideAllowedRange, v->span, key, what_, v->integer, lo, hi);
    d.primary_label = "out of range";
    return std::nullopt;
  }
  return v->integer;
}

std::optional<std::int64_t> Fields::duration(std::string_view key, bool required, std::string_view example) {
  const auto* v = attr(key);
  if (!v) {
    if (required && !entry(key)) missing(key, example);
    return std::nullopt;
  }
  if (v->kind != syntax::Value::Kind::Duration) {
    wrong_type(key, *v, "a duration such as `30m` or `2h`");
    return std::nullopt;
  }
  return v->seconds;
}

std::optional<std::vector<std::string>> Fields::string_list(std::string_view key) {
  const auto* v = attr(key);
  if (!v) return std::nullopt;
  if (v->kind != syntax::Value::Kind::List) {
    wrong_type(key, *v, "a list of strings `[\"a\", \"b\"]`");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const auto& item : v->items) {
    if (item.kind != syntax::Value::Kind::String || item.block) {
      wrong_type(key, item, "a string");
      ok = false;
      continue;
    }
    if (auto s = plain_string(diags_, item, fmt::format("`{}`", key))) out.push_back(*s); else ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::string> Fields::word(std::string_view key, std::span<const std::string_view> words,
                                        bool required) {
  const auto* v = attr(key);
  std::string list;
  for (auto w : words) list += (list.empty() ? "`" : " | `") + std::string(w) + "`";
  if (!v) {
    if (required && !entry(key)) missing(key, fmt::format("{} = {}", key, words.front()));
    return std::nullopt;
  }
  if (v->kind != syntax::Value::Kind::Reference || v->path.size() != 1 || v->block) {
    wrong_type(key, *v, list);
    return std::nullopt;
  }
  const std::string& w = v->path[0].text;
  if (std::find(words.begin(), words.end(), w) == words.end()) {
    SCHEDC_DIAGNOSTIC(InvalidChoice, ValueOutOfRange, "`{}` is not a valid value for `{}`",
                      std::string_view, std::string_view);
    auto& d = diags_.report(InvalidChoice, v->span, w, key);
    d.primary_label = fmt::format("expected {}", list);
    if (auto c = closest(w, words); !c.empty()) d.help = fmt::format("did you mean `{}`?", c);
    return std::nullopt;
  }
  return w;
}

const syntax::Value* Fields::reference(std::string_view key, bool required, std::string_view example) {
  const auto* v = attr(key);
  if (!v) {
    if (required && !entry(key)) missing(key, example);
    return nullptr;
  }
  if (v->kind != syntax::Value::Kind::Reference || v->block) {
    wrong_type(key, *v, "a reference to a declaration (a name)");
    return nullptr;
  }
  return v;
}

}  // namespace schedc
