#include "codegen/adf/activity.hpp"

#include "codegen/adf/expression.hpp"

namespace schedc::codegen::adf {
namespace {

Json succeeded(const std::string& activity) {
  Json out = Json::object();
  out["activity"] = activity;
  out["dependencyConditions"] = Json::array({"Succeeded"});
  return out;
}

}  // namespace

Json Activity::to_json() && {
  Json out = json::object(8);
  out["name"] = std::move(name);
  if (description) out["description"] = std::move(*description);
  out["type"] = std::move(type);
  out["dependsOn"] = Json::array();
  for (const auto& activity : after) out["dependsOn"].push_back(succeeded(activity));
  if (policy) out["policy"] = std::move(*policy);
  out["userProperties"] = Json::array();
  out["typeProperties"] = std::move(type_properties);
  if (linked_service) out["linkedServiceName"] = reference(*linked_service, "LinkedServiceReference");
  return out;
}

Json activity_policy(std::int64_t timeout_seconds, int retries, int retry_interval_seconds) {
  Json out = json::object(5);
  out["timeout"] = timespan(timeout_seconds);
  out["retry"] = retries;
  out["retryIntervalInSeconds"] = retry_interval_seconds;
  out["secureOutput"] = false;
  out["secureInput"] = false;
  return out;
}

Json storage_call_policy() { return activity_policy(600, 2, 30); }

Json reference(std::string_view name, std::string_view type) {
  Json out = json::object(3);  // and "parameters" (dataset references)
  out["referenceName"] = name;
  out["type"] = type;
  return out;
}

Json string_parameters(const std::vector<std::string_view>& names) {
  Json out = Json::object();
  for (auto name : names) out[std::string(name)] = Json::object({{"type", "String"}});
  return out;
}

}  // namespace schedc::codegen::adf
