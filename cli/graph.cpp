#include "cli/graph.hpp"

#include <algorithm>
#include <map>
#include <ostream>

#include <CLI/CLI.hpp>
#include <date/date.h>
#include "compiler/schedule/tz/zone.hpp"
#include <fmt/format.h>

#include "cli/formats.hpp"
#include "compiler/schedule/fire.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace schedc::cli {

namespace {

std::optional<date::local_days> parse_date(const std::string& s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  y = std::stoi(s.substr(0, 4));
  m = std::stoi(s.substr(5, 2));
  d = std::stoi(s.substr(8, 2));
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return date::local_days{ymd};
}

// A model's node id: its name when that is a plain identifier (stable across edits), prefixed so that no id is a
// keyword of Mermaid (`end`) or DOT (`node`).
std::string node_id(const std::string& name) {
  bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  if (plain) return "m_" + name;
  std::string id = "m_x";
  for (unsigned char c : name) id += fmt::format("{:02x}", static_cast<unsigned>(c));
  return id;
}

std::string prerequisite_label(const ir::Prerequisite& p) {
  auto duration = [](std::int64_t s) {
    if (s % 86400 == 0) return fmt::format("{}d", s / 86400);
    if (s % 3600 == 0) return fmt::format("{}h", s / 3600);
    if (s % 60 == 0) return fmt::format("{}m", s / 60);
    return fmt::format("{}s", s);
  };
  std::string label = p.mode == ir::Prerequisite::Mode::Wait ? "wait " + duration(p.timeout_seconds) : "check";
  if (p.within_seconds) label += " within " + duration(*p.within_seconds);
  return label;
}

std::string schedule_label(const ir::Schedule& s) { return s.cron.text; }

struct Group {
  std::string repo;
  std::vector<const ir::Model*> models;
};

std::vector<Group> groups(const ir::Project& project, const SourceManager& sm) {
  std::map<std::string, Group> by_repo;
  for (const auto& m : project.models) {
    std::string repo = m.span.file ? sm.file(m.span.file).repo : "";
    auto& g = by_repo[repo];
    g.repo = repo;
    g.models.push_back(&m);
  }
  std::vector<Group> out;
  for (auto& [name, g] : by_repo) out.push_back(std::move(g));
  return out;
}

}  // namespace

std::string mermaid_escape(std::string_view s) {
  return escape_chars(s, {{'"', "#quot;"}, {'#', "#35;"}, {'<', "#lt;"}, {'>', "#gt;"}, {'&', "#amp;"}, {'|', "#124;"},
                          {'`', "#96;"}, {'\n', "<br/>"}, {'\r', ""}});
}

std::string dot_escape(std::string_view s) {
  return escape_chars(s, {{'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\r', ""}});
}

std::string render_dependency_graph(const ir::Project& project, const SourceManager& sm, const std::string& format) {
  const bool dot = format == "dot";
  auto label = [&](const ir::Model& m) {
    std::string zone = m.schedule.zone.empty() ? "UTC" : m.schedule.zone;
    return fmt::format("{}\n{}\n{}", m.name, schedule_label(m.schedule), zone);
  };
  std::string out = dot ? "digraph schedc {\n  rankdir=LR;\n  node [shape=box];\n" : "flowchart LR\n";
  for (const auto& g : groups(project, sm)) {
    std::string indent = g.repo.empty() ? "  " : "    ";
    if (!g.repo.empty()) {
      if (dot)
        out += fmt::format("  subgraph \"cluster_{}\" {{\n    label=\"{}\";\n", dot_escape(g.repo), dot_escape(g.repo));
      else
        out += fmt::format("  subgraph repo_{}[\"{}\"]\n", node_id(g.repo).substr(2), mermaid_escape(g.repo));
    }
    for (const auto* m : g.models) {
      if (dot)
        out += fmt::format("{}{} [label=\"{}\"];\n", indent, node_id(m->name), dot_escape(label(*m)));
      else
        out += fmt::format("{}{}[\"{}\"]\n", indent, node_id(m->name), mermaid_escape(label(*m)));
    }
    if (!g.repo.empty()) out += dot ? "  }\n" : "  end\n";
  }
  // Edges, upstream -> downstream, sorted (models are sorted; prerequisites in declaration order).
  std::vector<std::tuple<std::string, std::string, std::string>> edges;
  for (const auto& m : project.models)
    for (const auto& p : m.requires_)
      if (p.kind == ir::Prerequisite::Kind::Model) edges.emplace_back(p.upstream, m.name, prerequisite_label(p));
  std::sort(edges.begin(), edges.end());
  for (const auto& [from, to, what] : edges) {
    if (dot)
      out += fmt::format("  {} -> {} [label=\"{}\"];\n", node_id(from), node_id(to), dot_escape(what));
    else
      out += fmt::format("  {} -->|\"{}\"| {}\n", node_id(from), mermaid_escape(what), node_id(to));
  }
  if (dot) out += "}\n";
  return out;
}

std::string render_timeline(const ir::Project& project, const GraphOptions& o) {
  constexpr std::size_t kMaxRuns = 2000;
  const schedule::tz::Zone* view = schedule::tz::find_zone(o.tz);
  auto day = parse_date(*o.timeline);
  if (!view || !day) return "";
  const std::string env = o.env.value_or(project.git_env());
  // The day in the viewing zone: fires in [midnight, next midnight).
  const schedule::Instant start = view->to_sys_earliest(schedule::LocalTime{*day});
  const schedule::Instant end = view->to_sys_earliest(schedule::LocalTime{*day + date::days{1}});

  struct Run {
    schedule::Instant at;
    std::string model;
    std::int64_t seconds;
  };
  std::map<std::string, std::vector<Run>> sections;  // cluster -> runs
  for (const auto& m : project.models) {
    std::string section;
    if (m.existing_job) {
      const auto& job = *m.existing_job;
      section = "existing job " + (job.all ? *job.all : job.by_env.count(env) ? job.by_env.at(env) : std::string("?"));
    } else if (const ir::Cluster& c = project.clusters.at(m.cluster); c.kind == ir::Cluster::Kind::Existing) {
      const auto& id = c.existing_cluster_id;
      section = "existing cluster " + (id.all ? *id.all : id.by_env.count(env) ? id.by_env.at(env) : std::string("?"));
    } else {
      section = c.origin.empty() ? "job cluster (inline)" : "job cluster " + c.origin;
    }
    const schedule::tz::Zone* zone = schedule::tz::find_zone(m.schedule.zone.empty() ? "UTC" : m.schedule.zone);
    if (!zone) continue;
    for (const auto& f : schedule::fires_between(m.schedule.cron, *zone, start - std::chrono::seconds{1},
                                                 end - std::chrono::seconds{1}))
      sections[section].push_back({f.instant, m.name, m.timeout_seconds});
  }
  auto local = [&](schedule::Instant t) {
    return date::format("%Y-%m-%d %H:%M", date::floor<std::chrono::minutes>(view->to_local(t)));
  };
  auto clean = [](std::string s) {  // section titles and task names end at ':' '#' ';' in Mermaid
    for (auto& c : s)
      if (c == ':' || c == '#' || c == ';' || c == '\n' || c == '\r') c = ' ';
    return s;
  };
  std::string out = "gantt\n";
  out += fmt::format("  title Runs on {} ({}), from fire time to fire time + timeout\n", *o.timeline, clean(o.tz));
  out += "  dateFormat YYYY-MM-DD HH:mm\n  axisFormat %H:%M\n";
  std::size_t shown = 0, total = 0;
  for (auto& [section, runs] : sections) {
    std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) { return std::tie(a.at, a.model) < std::tie(b.at, b.model); });
    total += runs.size();
    out += fmt::format("  section {}\n", clean(section));
    for (const auto& r : runs) {
      if (shown == kMaxRuns) break;
      ++shown;
      out += fmt::format("    {} : {}, {}\n", clean(r.model), local(r.at), local(r.at + std::chrono::seconds{r.seconds}));
    }
  }
  if (total == 0) out += fmt::format("  %% no runs on {}\n", *o.timeline);
  if (shown < total) out += fmt::format("  %% {} more runs not shown\n", total - shown);
  return out;
}

CLI::App* add_graph_command(CLI::App& app, std::vector<std::string>& paths, GraphOptions& o) {
  auto* graph = app.add_subcommand("graph", "Draw the models and their dependencies, or one day's runs per cluster");
  graph->add_option("paths", paths, ".sched files or directories (default: the current directory)");
  graph->add_option("--format", o.format, "mermaid (default) or dot; --timeline is always Mermaid")
      ->check(CLI::IsMember({"mermaid", "dot"}))
      ->default_str("mermaid");
  graph->add_option_function<std::string>("--timeline", [&o](const std::string& v) { o.timeline = v; },
                                          "A Mermaid Gantt chart of the runs on this date (YYYY-MM-DD)");
  graph->add_option("--tz", o.tz, "The time zone of --timeline's date and times (default UTC)")->default_str("UTC");
  graph->add_option_function<std::string>("--env", [&o](const std::string& v) { o.env = v; },
                                          "Whose existing cluster ids name the timeline's sections (default: the git environment)");
  return graph;
}

bool check_graph_usage(const GraphOptions& o, std::ostream& err) {
  std::string problem;
  if (o.timeline && !parse_date(*o.timeline)) problem = fmt::format("--timeline `{}` is not a date such as 2026-03-30", *o.timeline);
  else if (!schedule::tz::find_zone(o.tz)) problem = fmt::format("--tz `{}` is not a time zone of the tz database", o.tz);
  else if (o.timeline && o.format == "dot") problem = "--timeline draws a Mermaid Gantt chart; it takes no --format dot";
  if (problem.empty()) return true;
  err << "schedc: error: " << problem << "\nhelp: run `schedc graph --help`\n";
  return false;
}

int run_graph(const ir::Project& project, const SourceManager& sources, const GraphOptions& o, std::ostream& out,
              std::ostream& err) {
  if (o.env) {
    bool known = std::any_of(project.environments.begin(), project.environments.end(),
                             [&](const ir::Environment& e) { return e.name == *o.env; });
    if (!known) {
      err << fmt::format("schedc: error: --env `{}` is not a declared environment\n", *o.env);
      return 2;
    }
  }
  out << (o.timeline ? render_timeline(project, o) : render_dependency_graph(project, sources, o.format));
  return 0;
}

}  // namespace schedc::cli
