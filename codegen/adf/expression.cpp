#include "codegen/adf/expression.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <utility>
#include <vector>

namespace schedc::codegen::adf {
namespace {

using Segment = Piece;

Segment lower_binding(ir::Binding binding, const Scope& scope) {
  switch (binding) {
    case ir::Binding::ScheduledTime:
      return {true, fmt::format("formatDateTime({}, 'yyyy-MM-ddTHH:mm:ssZ')", kScheduledTime)};
    case ir::Binding::ScheduledDate:
      return {true, fmt::format("convertFromUtc({}, {}, 'yyyy-MM-dd')", kScheduledTime,
                                json::adf_quote(scope.model.schedule.windows_zone))};
    case ir::Binding::EnvName:
      if (!scope.env_varies) return {false, scope.env};
      if (scope.parameters) (*scope.parameters)["environment"] = scope.env;
      return {true, "pipeline().parameters.environment"};
    case ir::Binding::ModelName: return {false, scope.model.name};
  }
  throw std::logic_error("adf: unknown binding");
}

// The template's pieces, adjacent literal text merged (so "a{env.name}b" is one literal).
void push(std::vector<Segment>& out, Segment next) {
  if (!next.evaluated && !out.empty() && !out.back().evaluated)
    out.back().text += next.text;
  else if (next.evaluated || !next.text.empty())
    out.push_back(std::move(next));
}

std::vector<Segment> segments(const ir::Template& value, const Scope& scope) {
  std::vector<Segment> out;
  for (const auto& part : value.parts)
    push(out, part.is_binding ? lower_binding(part.binding, scope) : Segment{false, part.text});
  return out;
}

bool interpolation_safe(const std::vector<Segment>& parts) {
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool before_expression = i + 1 < parts.size();  // literal segments alternate with expressions
    if (!parts[i].evaluated && !json::adf_interpolation_safe(parts[i].text, i == 0, before_expression)) return false;
  }
  return true;
}

std::string interpolated(const std::vector<Segment>& parts) {
  std::string out;
  for (const auto& part : parts)
    out += part.evaluated ? "@{" + part.text + "}" : json::adf_interpolated_text(part.text);
  return out;
}

std::string concat_expression(const std::vector<Segment>& parts) {
  std::string out = "@concat(";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ", ";
    out += parts[i].evaluated ? parts[i].text : json::adf_quote(parts[i].text);
  }
  return out + ")";
}

std::string binding_source(ir::Binding binding) {
  switch (binding) {
    case ir::Binding::ScheduledTime: return "schedule.time";
    case ir::Binding::ScheduledDate: return "schedule.date";
    case ir::Binding::EnvName: return "env.name";
    case ir::Binding::ModelName: return "model.name";
  }
  throw std::logic_error("adf: unknown binding");
}

std::string escape_braces(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '{' || c == '}') out += c;
    out += c;
  }
  return out;
}

}  // namespace

Json expression(std::string value) {
  Json out = Json::object();
  out["value"] = std::move(value);
  out["type"] = "Expression";
  return out;
}

Pieces pieces(const ir::Template& value, const Scope& scope) { return segments(value, scope); }

Pieces text_pieces(std::string text) {
  Pieces out;
  push(out, Segment{false, std::move(text)});
  return out;
}

Pieces per_env_pieces(const Scope& scope, const std::string& name, const ir::PerEnv<std::string>& value,
                      std::string (*transform)(std::string)) {
  std::string text = value.get(scope.env);
  if (transform) text = transform(std::move(text));
  bool same = true;
  if (!value.all)
    for (const auto& [env, other] : value.by_env) same = same && other == value.by_env.begin()->second;
  if (same) return text_pieces(std::move(text));
  if (scope.parameters) (*scope.parameters)[name] = std::move(text);
  return Pieces{Segment{true, "pipeline().parameters." + name}};
}

Pieces join(Pieces a, const Pieces& b) {
  for (const auto& piece : b) push(a, piece);
  return a;
}

std::vector<std::string> concat_arguments(const Pieces& value, std::string (*escape)(const std::string&)) {
  std::vector<std::string> out;
  for (const auto& part : value) out.push_back(part.evaluated ? part.text : json::adf_quote(escape(part.text)));
  return out;
}

std::vector<std::string> concat_arguments(const ir::Template& value, const Scope& scope,
                                          std::string (*escape)(const std::string&)) {
  return concat_arguments(segments(value, scope), escape);
}

Json value_of(const Pieces& parts) {
  if (parts.empty()) return "";
  if (parts.size() == 1 && !parts.front().evaluated) return json::adf_literal(parts.front().text);
  return expression(interpolation_safe(parts) ? interpolated(parts) : concat_expression(parts));
}

Json template_value(const ir::Template& value, const Scope& scope) { return value_of(segments(value, scope)); }

ir::Template literal(std::string text) {
  ir::Template out;
  out.parts.push_back(ir::TemplatePart{false, std::move(text), ir::Binding::ScheduledTime});
  return out;
}

ir::Template binding(ir::Binding which) {
  ir::Template out;
  out.parts.push_back(ir::TemplatePart{true, "", which});
  return out;
}

ir::Template concat(ir::Template a, const ir::Template& b) {
  a.parts.insert(a.parts.end(), b.parts.begin(), b.parts.end());
  return a;
}

std::string source_text(const ir::Template& value) {
  std::string out;
  for (const auto& part : value.parts)
    out += part.is_binding ? "{" + binding_source(part.binding) + "}" : escape_braces(part.text);
  return out;
}

std::string timespan(std::int64_t seconds) {
  return fmt::format("{}.{:02}:{:02}:{:02}", seconds / 86400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
}

std::string duration_text(std::int64_t seconds) {
  std::string out;
  const std::pair<std::int64_t, char> units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  for (const auto& [size, unit] : units) {
    if (seconds / size == 0) continue;
    out += fmt::format("{}{}", seconds / size, unit);
    seconds %= size;
  }
  return out.empty() ? "0s" : out;
}

}  // namespace schedc::codegen::adf
