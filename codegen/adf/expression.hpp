#pragma once
// Lowering of IR strings with bindings (ir::Template) to ADF values, and ADF's scalar formats.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "codegen/json/json.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen::adf {

using json::Json;

// The values of a pipeline's parameters that hold per-environment values (besides scheduledTime): each a String
// parameter whose defaultValue is the environment's whole value, named after the declaration it comes from
// (`environment`, `notebook_root`, `workspace_<name>_url`, `storage_<name>_blob_url`). The ARM target makes each
// such defaultValue an ARM parameter of the same name (codegen/arm/factory.hpp), so an activity never holds a
// per-environment value itself and the template never mixes literal text with parameters().
using PipelineParameters = std::map<std::string, std::string>;

// The run's scheduled time: the trigger's (the trigger passes @trigger().scheduledTime), or, in a run started by
// hand ("Trigger now", where the parameter keeps its empty default), the time the run was started: a manual run
// means "now".
inline constexpr const char* kScheduledTime =
    "if(empty(pipeline().parameters.scheduledTime), pipeline().TriggerTime, pipeline().parameters.scheduledTime)";

// What the bindings of one pipeline lower to.
struct Scope {
  const ir::Model& model;  // schedule.date is the date in this model's schedule zone; model.name is its name
  std::string env;         // the environment built ("" when the project declares none)
  // Whether the environments' names differ (two or more are declared): env.name is then the pipeline parameter
  // `environment`, else literal text.
  bool env_varies = false;
  PipelineParameters* parameters = nullptr;  // receives the parameters the pipeline's values read
  const ir::PerEnv<std::string>* root = nullptr;  // project.notebook_root, when declared
};

// A lowered string: literal text and ADF expressions evaluated at run time.
struct Piece {
  bool evaluated = false;
  std::string text;
};
using Pieces = std::vector<Piece>;

// The template's pieces (adjacent literal text merged). Lowering of the bindings:
//   schedule.time -> formatDateTime(<kScheduledTime>, 'yyyy-MM-ddTHH:mm:ssZ')
//   schedule.date -> convertFromUtc(<kScheduledTime>, '<windows zone>', 'yyyy-MM-dd')
//   env.name      -> pipeline().parameters.environment when the environments' names differ, else literal text
//   model.name    -> literal text.
Pieces pieces(const ir::Template& value, const Scope& scope);
// Literal text as pieces.
Pieces text_pieces(std::string text);
// A per-environment value: its literal text when it is the same in every environment, else the pipeline parameter
// `name` (recorded in scope.parameters with this environment's value, after `transform`).
Pieces per_env_pieces(const Scope& scope, const std::string& name, const ir::PerEnv<std::string>& value,
                      std::string (*transform)(std::string) = nullptr);
// `a` followed by `b`, adjacent literal text merged.
Pieces join(Pieces a, const Pieces& b);

// The ADF value of the pieces: a plain JSON string when nothing in it is evaluated at run time, else an
// Expression object {"value": "@{...}", "type": "Expression"}. Literal text is escaped (json::adf_literal for plain
// strings, "@{" -> "@@{" inside interpolations); where an '@' in the text could be read two ways, the value becomes
// @concat('<literal>', <expression>, ...) instead.
Json value_of(const Pieces& value);
Json template_value(const ir::Template& value, const Scope& scope);  // value_of(pieces(value, scope))

// The pieces as the arguments of an ADF `concat(...)`: each literal run of text passed through `escape` (e.g.
// JSON string escaping when the concatenation builds a JSON document) and then quoted (json::adf_quote), each
// evaluated piece as it is.
std::vector<std::string> concat_arguments(const Pieces& value, std::string (*escape)(const std::string&));
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
