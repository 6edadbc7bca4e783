#pragma once
// The reader of ARM output: the inverse of the ARM writer beside it (arm.hpp). It reads a release's files (the
// template, a parameter file, release.json; docs/deploy.md §1) and evaluates the expressions the writer produces
// (`[parameters('NAME')]`, `[concat(...)]` of literals and parameters, `[[` escapes), so that `schedc plan` can
// compare two releases entity by entity with one environment's values. It reads nothing else of ARM's language.
#include <compare>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codegen/output.hpp"

namespace schedc::codegen::arm {

inline constexpr const char* kTemplateFile = "arm/ARMTemplateForFactory.json";
inline constexpr const char* kGitParametersFile = "arm/ARMTemplateParametersForFactory.json";
inline constexpr const char* kReleaseFile = "arm/release.json";

// One side of a release: a reader of its files by relative path ("arm/release.json"; nullopt when absent) and a
// label for messages (the base directory as given, or "" for the files generated from the sources).
struct ArmSide {
  std::function<std::optional<std::string>(const std::string&)> read;
  std::string label;
};

// Generated files (copied); label "".
ArmSide generated_side(const OutputFiles& files);

// A side that cannot be read: a file missing, not JSON, or not of the shape the writer produces. `generated` says
// whether the side was the generated one (a bug) or a base given by the user (an unreadable input).
struct ReadError {
  bool generated = false;
  std::string message;
};

// An environment of release.json.
struct EnvState {
  std::optional<std::string> factory;
  bool started = false;
};

// release.json's environments. Throws ReadError.
std::map<std::string, EnvState> read_release(const ArmSide& side);

struct ArmEntity {
  std::string type;  // linkedServices | datasets | pipelines | triggers (other factory resources keep their type)
  std::string name;
  friend auto operator<=>(const ArmEntity&, const ArmEntity&) = default;
};

// The template's factory resources with the values of parameter file `params_rel` substituted. Throws ReadError.
std::map<ArmEntity, nlohmann::json> resolve(const ArmSide& side, const std::string& params_rel);

}  // namespace schedc::codegen::arm
