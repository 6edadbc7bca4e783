#pragma once
// Adjusting Microsoft's Data Factory schema in memory, before valijson compiles it (the files read are never
// changed). As written, the schema is stricter than ADF and its errors are vague: a `oneOf` fails with "no branch
// matched" where one branch was meant, an expression is refused where ADF accepts one, and a plain keyword says
// neither what it expected nor what it found. So that validation (schema.hpp, SCH9012) accepts what ADF accepts and
// says precisely what is wrong, the adjuster rewrites, in every definition:
//   - `oneOf [X, expression]` into `anyOf [{"x-schedc-expression": true}, X]`: an ADF expression object or an ARM
//     expression string is accepted where X is declared, and only X's errors are reported;
//   - a `oneOf` whose branches are told apart by `type` (Activity, LinkedService, Dataset, Trigger, CopySource, ...)
//     into an `allOf` of `x-schedc-discriminator` (what the value is, in words, and every type the branches know)
//     and, per branch, "not this type, or this branch": only the branch the value's `type` names is checked;
//   - `type`, `enum`, `format: date-time` and `pattern` into `x-schedc-type`, `x-schedc-enum`, `x-schedc-date-time`
//     and `x-schedc-pattern`, which schema.cpp's own constraints check (with a did-you-mean for enums and types, a
//     date-time without an offset as ADF writes local times, no pattern applied to hostile long strings).
// On the way it collects the spellings the schema declares, by their letter case folded: type names (of
// discriminators and of parameters' `type`) and property names, so that an entity is read in the schema's spelling
// where ADF, which ignores letter case there, accepts another.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace schedc::adf_input {

class SchemaAdjuster {
 public:
  // Every type name a discriminator or a parameter's `type` knows, by its folded spelling.
  std::map<std::string, std::string> type_names;
  // Every property name the schema declares, by its folded spelling ("" where two spellings differ only in case).
  std::map<std::string, std::string> property_names;

  // Adjusts `node`, a schema (or a definition named `name`), and every schema below it.
  void schema(nlohmann::json& node, const std::string& name);

 private:
  static std::vector<std::string> tags(const nlohmann::json& branch);
  void one_of(nlohmann::json& node, const std::string& name);
};

}  // namespace schedc::adf_input
