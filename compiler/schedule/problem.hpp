#pragma once
// Why a schedule, or one target's lowering of it, does not exist (compiler/schedule/lowering.hpp): a diagnostic
// without its place, so that every command reports it with the same code and text wherever the schedule was written.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "compiler/diagnostics.hpp"

namespace schedc::schedule {

// Which part of the schedule a problem is about.
enum class Part : std::uint8_t { Cron, Zone, From, Until };

// Why a schedule, or one target's lowering of it, does not exist: everything a diagnostic says but where it is.
struct ScheduleProblem {
  DiagnosticKind kind = DiagnosticKind::InvalidCron;
  Part part = Part::Cron;
  bool at_offsets = false;           // Part::Cron: [begin, end) of the cron text is the offending part
  std::uint32_t begin = 0, end = 0;
  std::string message;  // worded by a SCHEDC_DIAGNOSTIC of `kind`
  std::string label;  // the primary label ("" = none)
  std::vector<std::pair<Part, std::string>> labels;  // other parts of the schedule to point at
  std::vector<std::string> notes;
  std::string help;
};

}  // namespace schedc::schedule
