#pragma once
// The shapes every generated ADF entity is built from, each written in ADF Studio's key order.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codegen/json/json.hpp"

namespace schedc::codegen::adf {

using json::Json;

// A pipeline activity. Studio's key order: name, description, type, dependsOn, policy, userProperties,
// typeProperties, linkedServiceName.
struct Activity {
  std::string name{};
  std::optional<std::string> description{};
  std::string type{};
  std::vector<std::string> after{};  // activities that must have Succeeded first
  std::optional<Json> policy{};
  Json type_properties = json::object(8);  // room for its members: a growing object copies them (json::object)
  std::optional<std::string> linked_service{};

  // Consumes the activity (its JSON members are moved, not copied: codegen is on the hot path at scale).
  [[nodiscard]] Json to_json() &&;
};

// {timeout "d.hh:mm:ss", retry, retryIntervalInSeconds, secureOutput false, secureInput false}
Json activity_policy(std::int64_t timeout_seconds, int retries, int retry_interval_seconds);

// The policy of short storage calls (metadata probes, marker writes): 10 minutes, 2 retries 30 s apart.
Json storage_call_policy();

// {"referenceName": name, "type": type}, e.g. type "LinkedServiceReference".
Json reference(std::string_view name, std::string_view type);

// {"type": "String"} per name, in the order given.
Json string_parameters(const std::vector<std::string_view>& names);

}  // namespace schedc::codegen::adf
