#pragma once
// Helpers shared by the schedule-engine tests: parse a zone, an instant and a cron, throwing on bad test input.
#include <fstream>
#include <initializer_list>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/schedule/cron/cron.hpp"
#include "compiler/schedule/fire.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace schedc::testing {

inline const schedc::schedule::tz::Zone& zone(std::string_view name) {
  const schedc::schedule::tz::Zone* z = schedc::schedule::tz::find_zone(name);
  if (z == nullptr) throw std::runtime_error("unknown zone " + std::string(name));
  return *z;
}

inline schedc::schedule::Instant utc(std::string_view text) {
  const auto instant = schedc::schedule::parse_utc(text);
  if (!instant) throw std::runtime_error("bad instant " + std::string(text));
  return *instant;
}

inline schedc::schedule::cron::CronExpr cron(std::string_view text) {
  const auto parsed = schedc::schedule::cron::parse(text);
  if (!parsed.expr) throw std::runtime_error("bad cron `" + std::string(text) + "`: " + parsed.error->message);
  return *parsed.expr;
}

// The horizon the lowering tests compare over: every transition of 2026 and 2027 (and the northern spring of 2028),
// every month end, 29 Feb 2028.
inline constexpr const char* kHorizonFrom = "2026-01-01T00:00Z";
inline constexpr const char* kHorizonTo = "2028-04-15T00:00Z";

// (cron, zone) cases for lowering tests: every case of the independent reference (tests/schedule/expected.json),
// then every one of `shapes` in each zone of the reference; each pair once, in that order.
inline std::vector<std::pair<std::string, std::string>> lowering_cases(std::initializer_list<const char*> shapes) {
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<std::pair<std::string, std::string>> out;
  const auto add = [&](const std::string& text, const std::string& zone_name) {
    if (seen.insert({text, zone_name}).second) out.emplace_back(text, zone_name);
  };
  std::ifstream in(std::string(SCHEDC_SOURCE_DIR) + "/tests/schedule/expected.json");
  if (!in) throw std::runtime_error("cannot read tests/schedule/expected.json");
  const nlohmann::json document = nlohmann::json::parse(in);
  for (const nlohmann::json& c : document.at("cases")) add(c.at("cron").get<std::string>(), c.at("zone").get<std::string>());
  for (const char* zone_name : {"Europe/Amsterdam", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe",
                                "Asia/Kolkata", "Pacific/Auckland", "UTC"})
    for (const char* text : shapes) add(text, zone_name);
  return out;
}

}  // namespace schedc::testing
