#pragma once
// Helpers shared by the schedule-engine tests: parse a zone, an instant and a cron, throwing on bad test input.
#include <stdexcept>
#include <string>
#include <string_view>

#include "compiler/schedule/cron.hpp"
#include "compiler/schedule/fire.hpp"
#include "compiler/schedule/timezone.hpp"

namespace schedc::testing {

inline const date::time_zone& zone(std::string_view name) {
  const date::time_zone* z = schedc::tz::find_zone(name);
  if (z == nullptr) throw std::runtime_error("unknown zone " + std::string(name));
  return *z;
}

inline schedc::schedule::Instant utc(std::string_view text) {
  const auto instant = schedc::schedule::parse_utc(text);
  if (!instant) throw std::runtime_error("bad instant " + std::string(text));
  return *instant;
}

inline schedc::cron::CronExpr cron(std::string_view text) {
  const auto parsed = schedc::cron::parse(text);
  if (!parsed.expr) throw std::runtime_error("bad cron `" + std::string(text) + "`: " + parsed.error->message);
  return *parsed.expr;
}

}  // namespace schedc::testing
