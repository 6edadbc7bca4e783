#pragma once
// Lowering of IR strings with bindings (ir::Template) to ADF values, and ADF's scalar formats.
#include <cstdint>
#include <string>
#include <vector>

#include "codegen/json/json.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen::adf {

using json::Json;

// What the bindings of one pipeline lower to.
struct Scope {
  const ir::Model& model;  // schedule.date is the date in this model's schedule zone; model.name is its name
  std::string env;         // env.name: the git environment ("" when the project declares none)
};

// The ADF value of a template: a plain JSON string when nothing in it is evaluated at run time, else an
// Expression object {"value": "@{...}", "type": "Expression"}. Lowering of the bindings:
//   schedule.time -> @{formatDateTime(pipeline().parameters.scheduledTime, 'yyyy-MM-ddTHH:mm:ssZ')}
//   schedule.date -> @{convertFromUtc(pipeline().parameters.scheduledTime, '<windows zone>', 'yyyy-MM-dd')}
//   env.name, model.name -> literal text.
// Literal text is escaped (json::adf_literal for plain strings, "@{" -> "@@{" inside interpolations); where an
// '@' in the text could be read two ways, the value becomes @concat('<literal>', <binding>, ...) instead.
Json template_value(const ir::Template& value, const Scope& scope);

// The template as the arguments of an ADF `concat(...)`: each literal run of text passed through `escape` (e.g.
// JSON string escaping when the concatenation builds a JSON document) and then quoted (json::adf_quote), each
// schedule binding as the expression template_value uses for it. Adjacent literal text is merged.
std::vector<std::string> concat_arguments(const ir::Template& value, const Scope& scope,
                                          std::string (*escape)(const std::string&));

// An Expression object {"value": <expression>, "type": "Expression"}.
Json expression(std::string value);

// Template helpers.
ir::Template literal(std::string text);
ir::Template binding(ir::Binding which);
ir::Template concat(ir::Template a, const ir::Template& b);
// The template as written in .sched source ("curated/{schedule.date}/_SUCCESS"), for descriptions.
std::string source_text(const ir::Template& value);

// ADF's TimeSpan "d.hh:mm:ss" (days always present): 10800 -> "0.03:00:00".
std::string timespan(std::int64_t seconds);
// A duration as written in .sched source: 7200 -> "2h", 5400 -> "1h30m".
std::string duration_text(std::int64_t seconds);

}  // namespace schedc::codegen::adf
