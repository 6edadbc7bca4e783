// What the steps of lowering share: see context.hpp.
#include "compiler/lower/context.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace schedc::lower {

using syntax::Value;
using VK = syntax::Value::Kind;

std::string join(const std::vector<syntax::Ident>& path) {
  std::string s;
  for (const auto& p : path) s += (s.empty() ? "" : ".") + p.text;
  return s;
}

std::optional<ir::PerEnv<std::string>> Context::per_env_string(Fields& f, std::string_view key, bool required,
                                                       std::string_view example) {
  const Value* v = f.attr(key);
  if (!v) {
    if (required && !f.entry(key)) f.missing(key, example);
    return std::nullopt;
  }
  ir::PerEnv<std::string> out;
  out.span = v->span;
  auto one = [&](const Value& x) -> std::optional<std::string> {
    if (x.kind != VK::String || x.block) {
      f.wrong_type(key, x, "a string or `per_env { ... }` of strings");
      return std::nullopt;
    }
    return plain_string(diags, x, fmt::format("`{}`", key));
  };
  if (v->kind != VK::PerEnv) {
    auto s = one(*v);
    if (!s) return std::nullopt;
    out.all = *s;
    return out;
  }
  if (project.environments.empty()) {
    SCHEDC_DIAGNOSTIC(UsesPerEnvButNo, InvalidPerEnvironmentValue, "`{}` uses per_env, but no environments are declared",
                      std::string_view);
    auto& d = diags.report(UsesPerEnvButNo, v->span, key);
    d.help = "declare environments first, e.g. `environment prod { trigger = started }`";
    return std::nullopt;
  }
  bool ok = true;
  std::map<std::string, Span> seen;
  for (const auto& e : v->per_env()) {
    if (!table(SymbolKind::Environment).count(e.env.text)) {
      SCHEDC_DIAGNOSTIC(UnknownEnvironment, UnknownReference, "unknown environment `{}`", std::string_view);
      auto& d = diags.report(UnknownEnvironment, e.env.span, e.env.text);
      d.primary_label = "not a declared environment";
      std::vector<std::string> names;
      for (const auto& [n, decl] : table(SymbolKind::Environment)) names.push_back(n);
      if (auto c = closest(e.env.text, names); !c.empty()) d.help = fmt::format("did you mean `{}`?", c);
      ok = false;
      continue;
    }
    if (auto [it, inserted] = seen.emplace(e.env.text, e.env.span); !inserted) {
      SCHEDC_DIAGNOSTIC(EnvironmentGivenTwice, DuplicateField, "environment `{}` is given twice in `{}`",
                        std::string_view, std::string_view);
      auto& d = diags.report(EnvironmentGivenTwice, e.env.span, e.env.text, key);
      d.labels.push_back({it->second, "first given here"});
      ok = false;
      continue;
    }
    if (e.value.kind == VK::PerEnv) {
      SCHEDC_DIAGNOSTIC(PerEnvValuesNested, InvalidPerEnvironmentValue, "per_env values cannot be nested");
      diags.report(PerEnvValuesNested, e.value.span);
      ok = false;
      continue;
    }
    if (auto s = one(e.value)) {
      out.by_env[e.env.text] = *s;
      out.env_spans[e.env.text] = e.value.span;
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  std::vector<std::string> missing;
  for (const auto& env : project.environments)
    if (!out.by_env.count(env.name)) missing.push_back(env.name);
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "`" : "`, `") + m;
    SCHEDC_DIAGNOSTIC(NoValueEnvironment, InvalidPerEnvironmentValue, "`{}` has no value for environment{} {}`",
                      std::string_view, std::string_view, std::string_view);
    auto& d = diags.report(NoValueEnvironment, v->span, key, missing.size() > 1 ? "s" : "", list);
    d.primary_label = "every declared environment needs a value";
    d.help = fmt::format("add `{} = \"...\"` inside per_env, or use one string for all environments", missing[0]);
    return std::nullopt;
  }
  return out;
}

bool Context::check_each(const ir::PerEnv<std::string>& v, DiagnosticKind kind, std::string_view key,
                const std::function<std::string(const std::string&)>& check, std::string_view help) {
  auto test = [&](const std::string& s, const std::string& env) {
    std::string err = check(s);
    if (err.empty()) return true;
    auto sp = v.env_spans.find(env);
    // One wording for every kind a field's check raises (the check words the problem).
    auto& d = diags.report(FormattedMessage{kind, env.empty() ? fmt::format("`{}` {}", key, err)
                                                              : fmt::format("`{}` for environment `{}` {}", key, env, err)},
                           sp == v.env_spans.end() ? v.span : sp->second);
    d.primary_label = "invalid value";
    if (!help.empty()) d.help = std::string(help);
    return false;
  };
  if (v.all) return test(*v.all, "");
  bool ok = true;
  for (const auto& [env, s] : v.by_env) ok = test(s, env) && ok;
  return ok;
}

std::optional<ir::Template> Context::make_template(const Value& v) {
  ir::Template t;
  bool ok = true;
  for (const auto& p : v.parts) {
    if (p.kind == syntax::StringPart::Kind::Text) {
      t.parts.push_back({false, p.text, {}});
      continue;
    }
    static const std::vector<std::pair<std::string, ir::Binding>> known = {
        {"schedule.time", ir::Binding::ScheduledTime}, {"schedule.date", ir::Binding::ScheduledDate},
        {"env.name", ir::Binding::EnvName}, {"model.name", ir::Binding::ModelName}};
    auto it = std::find_if(known.begin(), known.end(), [&](const auto& k) { return k.first == p.text; });
    if (it == known.end()) {
      SCHEDC_DIAGNOSTIC(UnknownBinding, InvalidBinding, "unknown binding `{}`", std::string_view);
      auto& d = diags.report(UnknownBinding, p.span, p.text);
      d.primary_label = "not a binding";
      std::vector<std::string> names;
      for (const auto& k : known) names.push_back(k.first);
      if (auto c = closest(p.text, names); !c.empty()) d.help = fmt::format("did you mean `{{{}}}`?", c);
      d.notes.push_back("bindings are {schedule.time}, {schedule.date}, {env.name} and {model.name}; write {{ for a literal {");
      ok = false;
      continue;
    }
    if (it->second == ir::Binding::EnvName && project.environments.empty()) {
      SCHEDC_DIAGNOSTIC(NeedsDeclaredEnvironments, InvalidBinding, "`{{env.name}}` needs declared environments");
      auto& d = diags.report(NeedsDeclaredEnvironments, p.span);
      d.help = "declare environments, e.g. `environment prod { trigger = started }`";
      ok = false;
      continue;
    }
    t.parts.push_back({true, "", it->second});
  }
  if (!ok) return std::nullopt;
  return t;
}

}  // namespace schedc::lower
