#pragma once
// `schedc next`: the next fire times of a schedule, in the source semantics (fire.hpp) and as each target runs it:
// ADF (the lowered ScheduleTrigger recurrences, adf/sim.hpp) and Databricks (the Quartz expression, quartz.hpp).
//
//   schedc next MODEL [PATHS...]             the schedule of model MODEL (PATHS default to `.`)
//   schedc next --cron "EXPR" --tz ZONE      a schedule given on the command line
//   --from ISO8601   fires strictly after this instant (default: now); `2026-03-28T00:00:00Z` or `2026-03-28`
//   --count N        how many fires (1..1000, default 10)
//   --format text|json
//
// Nothing depends on the machine's time zone or locale: times are shown in the schedule's zone and in UTC.
// Exit codes: 0 ok, 1 invalid cron (SCH3001), unknown zone (SCH3002) or unknown model, 2 usage errors.
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/schedule/fire.hpp"
#include "compiler/schedule/tz/zone.hpp"

namespace CLI {
class App;
}

namespace schedc::cli {

struct NextOptions {
  std::vector<std::string> args;  // MODEL [PATHS...]
  std::optional<std::string> cron;
  std::optional<std::string> tz;
  std::string from;  // "" = now
  int count = 10;
  std::string format = "text";
  // Set by the caller from the common options.
  bool color = false;
  bool diagnostics_json = false;
  std::string diagnostics_format = "text";  // text | json | sarif | github | azure-devops
};

// Register the `next` subcommand on `app`.
CLI::App* add_next_command(CLI::App& app, NextOptions& options);

// --from: "YYYY-MM-DDTHH:MM[:SS]Z" (or "+00:00"), or "YYYY-MM-DD" (midnight UTC); nullopt if invalid.
std::optional<schedule::Instant> parse_from(std::string_view text);

// Checks the combination of MODEL, --cron and --tz; prints the problem on `err` and returns false on a usage error.
bool check_next_usage(const NextOptions& options, std::ostream& err);

// `schedc next --cron EXPR --tz ZONE`. Returns the exit code.
int run_next_cron(const NextOptions& options, std::ostream& out, std::ostream& err);
// `schedc next MODEL PATHS...` on a project compiled without errors. Returns the exit code.
int run_next_model(const ir::Project& project, const NextOptions& options, std::ostream& out, std::ostream& err);

// The text `schedc next MODEL --from AFTER --count COUNT` prints for `model` (the language server's hover).
std::string next_fires_text(const ir::Model& model, schedule::Instant after, int count);

// An instant on a zone's wall clock, as `next` prints it: "Sun 2026-03-29 03:00 +02:00" (no locale).
std::string local_time_text(schedule::Instant instant, const schedule::tz::Zone& zone);
// What a fire has to say of DST ("02:30 is in a DST gap, runs when it ends"), "" for a normal fire.
std::string fire_note(const schedule::Fire& fire);

}  // namespace schedc::cli
