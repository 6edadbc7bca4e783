// Comparison of shared declarations declared in several files (see shared_decls.hpp).
#include "compiler/analysis/shared_decls.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

namespace schedc::analysis {

namespace {

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

std::string_view slice(std::string_view text, Span span) {
  if (span.begin > text.size() || span.end > text.size() || span.begin > span.end) return {};
  return text.substr(span.begin, span.end - span.begin);
}

// Everything after the key of an entry: `= value` or `{ ... }`.
std::string value_text(const syntax::Entry& e, std::string_view text) {
  Span rest{e.span.file, e.key.span.end, e.span.end};
  std::string c = canonical_text(slice(text, rest));
  if (!c.empty() && c.front() == '=') c.erase(0, 1);
  return c;
}

// Two `per_env { ... }` values: one difference per environment whose value differs (nullopt when either value
// is not a per_env, or an environment is missing from one of them: then the whole values are compared).
std::optional<std::vector<FieldDifference>> per_env_differences(const std::string& key, const syntax::Entry* a,
                                                                std::string_view a_text, const syntax::Entry* b,
                                                                std::string_view b_text) {
  using VK = syntax::Value::Kind;
  if (!a || !b || a->kind != syntax::Entry::Kind::Attribute || b->kind != syntax::Entry::Kind::Attribute ||
      a->value.kind != VK::PerEnv || b->value.kind != VK::PerEnv)
    return std::nullopt;
  auto envs = [](const syntax::Value& v, std::string_view text) {
    std::map<std::string, std::pair<Span, std::string>> out;
    for (const auto& e : v.per_env()) out[e.env.text] = {e.env.span.to(e.value.span), canonical_text(slice(text, e.value.span))};
    return out;
  };
  auto ea = envs(a->value, a_text), eb = envs(b->value, b_text);
  if (ea.size() != eb.size()) return std::nullopt;
  std::vector<FieldDifference> out;
  for (const auto& [env, va] : ea) {
    auto it = eb.find(env);
    if (it == eb.end()) return std::nullopt;
    if (it->second.second != va.second)
      out.push_back({key, env, true, true, va.first, it->second.first, va.second, it->second.second});
  }
  return out;
}

}  // namespace

std::string canonical_text(std::string_view s) {
  std::string out;
  bool pending_blank = false;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      pending_blank = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_blank = true;
      ++i;
      continue;
    }
    if (pending_blank && !out.empty() && word_char(out.back()) && word_char(c)) out += ' ';
    pending_blank = false;
    if (c == '"') {
      out += c;
      ++i;
      while (i < s.size() && s[i] != '"' && s[i] != '\n') {
        if (s[i] == '\\' && i + 1 < s.size()) out += s[i++];
        out += s[i++];
      }
      if (i < s.size() && s[i] == '"') out += s[i++];
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

std::vector<FieldDifference> compare_declarations(const syntax::Decl& first, std::string_view first_text,
                                                  const syntax::Decl& other, std::string_view other_text) {
  struct Field {
    Span span;
    std::string text;
    const syntax::Entry* entry = nullptr;
  };
  auto fields = [](const syntax::Decl& d, std::string_view text) {
    std::map<std::string, Field> out;
    for (const auto& e : d.body.entries) {
      std::string key = e.kind == syntax::Entry::Kind::Requirement ? e.requirement->kind.text : e.key.text;
      std::string value = e.kind == syntax::Entry::Kind::Requirement ? canonical_text(slice(text, e.span))
                                                                      : value_text(e, text);
      auto [it, fresh] = out.emplace(key, Field{e.span, value, &e});
      if (!fresh) it->second.text += "\x1f" + value;  // a field given twice (SCH1003 elsewhere): compare all
    }
    std::string base;
    for (const auto& p : d.base_path) base += (base.empty() ? "" : ".") + p.text;
    if (!base.empty() && d.base) out["from"] = Field{d.base->span, base, nullptr};
    return out;
  };
  auto a = fields(first, first_text);
  auto b = fields(other, other_text);
  std::vector<FieldDifference> diffs;
  for (const auto& [key, fa] : a) {
    auto it = b.find(key);
    if (it == b.end()) {
      diffs.push_back({key, "", true, false, fa.span, Span{}, fa.text, ""});
    } else if (it->second.text != fa.text) {
      if (auto per_env = per_env_differences(key, fa.entry, first_text, it->second.entry, other_text)) {
        diffs.insert(diffs.end(), per_env->begin(), per_env->end());
        continue;
      }
      diffs.push_back({key, "", true, true, fa.span, it->second.span, fa.text, it->second.text});
    }
  }
  for (const auto& [key, fb] : b)
    if (!a.count(key)) diffs.push_back({key, "", false, true, Span{}, fb.span, "", fb.text});
  std::sort(diffs.begin(), diffs.end(), [](const auto& x, const auto& y) { return std::tie(x.field, x.env) < std::tie(y.field, y.env); });
  return diffs;
}

std::string shorten_value(const std::string& text) {
  constexpr std::size_t kMax = 60;
  if (text.size() <= kMax) return text;
  std::size_t cut = kMax - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return text.substr(0, cut) + "...";
}

}  // namespace schedc::analysis
