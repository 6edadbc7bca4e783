#pragma once
// `schedc graph`: the models and their dependencies as a Mermaid flowchart or a Graphviz digraph (grouped by repo,
// labelled with schedule and zone), or, with --timeline DATE, a Mermaid Gantt chart of one day's runs per cluster.
#include <iosfwd>
#include <optional>
#include <string>

#include "compiler/ir/ir.hpp"
#include "compiler/source.hpp"

namespace CLI {
class App;
}

namespace schedc::cli {

struct GraphOptions {
  std::string format = "mermaid";    // mermaid | dot
  std::optional<std::string> timeline;  // a date YYYY-MM-DD
  std::string tz = "UTC";            // the zone the timeline's day and times are in
  std::optional<std::string> env;    // whose existing cluster ids name the timeline's sections
};

CLI::App* add_graph_command(CLI::App& app, std::vector<std::string>& paths, GraphOptions& options);
// Checks the options that need no compilation (date, zone, format with --timeline); false after a usage error.
bool check_graph_usage(const GraphOptions& options, std::ostream& err);
int run_graph(const ir::Project& project, const SourceManager& sources, const GraphOptions& options, std::ostream& out,
              std::ostream& err);

// Exposed for tests.
std::string render_dependency_graph(const ir::Project& project, const SourceManager& sources, const std::string& format);
std::string render_timeline(const ir::Project& project, const GraphOptions& options);
std::string mermaid_escape(std::string_view s);
std::string dot_escape(std::string_view s);

}  // namespace schedc::cli
