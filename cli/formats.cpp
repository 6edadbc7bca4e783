#include "cli/formats.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#ifndef SCHEDC_VERSION
#define SCHEDC_VERSION "0.0.0"
#endif
#ifndef SCHEDC_HOMEPAGE
#define SCHEDC_HOMEPAGE ""
#endif

namespace schedc::cli {

namespace {

using Json = nlohmann::ordered_json;


struct Place {
  std::string qualified;  // churn:models/a.sched or models/a.sched
  std::string real;       // path to open, relative to the working directory
  LineCol begin, end;
};

Place place(const SourceManager& sm, Span s) {
  const SourceFile& f = sm.file(s.file);
  return {f.qualified(), f.real_path(), sm.line_col(s.file, s.begin), sm.line_col(s.file, std::max(s.end, s.begin))};
}

// The text of a diagnostic for systems that show one message per problem: the message, where it is (multi-repo),
// the other places involved, notes and help, one per line.
std::string body(const Diagnostic& d, const SourceManager& sm) {
  std::string out = d.message;
  if (d.primary.file != 0 && sm.multi_repo()) {
    Place p = place(sm, d.primary);
    out += fmt::format("\nat {}:{}:{}", p.qualified, p.begin.line, p.begin.column);
  }
  for (const auto& l : d.labels) {
    if (l.span.file == 0) continue;
    Place p = place(sm, l.span);
    out += fmt::format("\n{}: {}:{}:{}", l.message.empty() ? "see" : l.message, p.qualified, p.begin.line, p.begin.column);
  }
  for (const auto& n : d.notes) out += "\nnote: " + n;
  if (d.help) out += "\nhelp: " + *d.help;
  return out;
}

// "unknown field" -> "UnknownField" (SARIF reportingDescriptor.name).
std::string pascal_case(std::string_view title) {
  std::string out;
  bool up = true;
  for (char ch : title) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) {
      out += up ? static_cast<char>(std::toupper(c)) : ch;
      up = false;
    } else {
      up = true;
    }
  }
  return out;
}

// The first paragraph of an explain page after its title and severity lines.
std::string first_paragraph(std::string_view page) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos <= page.size()) {
    auto nl = page.find('\n', pos);
    lines.emplace_back(page.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  std::string out;
  bool started = false;
  for (const auto& l : lines) {
    bool skip = l.rfind("#", 0) == 0 || l.rfind("**Severity:**", 0) == 0;
    if (!started) {
      if (l.empty() || skip) continue;
      started = true;
    } else if (l.empty() || skip) {
      break;
    }
    out += (out.empty() ? "" : " ") + l;
  }
  return out;
}

// SARIF: literal brackets in a message that has embedded links are escaped with a backslash (SARIF 2.1.0, 3.11.6).
std::string sarif_text(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '[' || c == ']') out += '\\';
    else if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '[' || s[i + 1] == ']')) out += '\\';
    out += c;
  }
  return out;
}

constexpr std::string_view kSrcRoot = "SRCROOT";
constexpr std::string_view kStdlib = "SCHEDC_STDLIB";

bool is_absolute(std::string_view p) { return !p.empty() && p[0] == '/'; }

}  // namespace

std::string uri_encode_path(std::string_view path) {
  std::string out;
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out += ch;
    else out += fmt::format("%{:02X}", static_cast<unsigned>(c));
  }
  return out;
}

std::string escape_chars(std::string_view s, const std::map<char, std::string_view>& replacements) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto it = replacements.find(c);
    if (it != replacements.end()) out += it->second;
    else out += c;
  }
  return out;
}

std::string github_escape_data(std::string_view s) { return escape_chars(s, {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}}); }
std::string github_escape_property(std::string_view s) {
  return escape_chars(s, {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}, {':', "%3A"}, {',', "%2C"}});
}
std::string ado_escape_data(std::string_view s) { return escape_chars(s, {{'%', "%AZP25"}, {'\r', "%0D"}, {'\n', "%0A"}}); }
std::string ado_escape_property(std::string_view s) {
  return escape_chars(s, {{'%', "%AZP25"}, {'\r', "%0D"}, {'\n', "%0A"}, {';', "%3B"}, {']', "%5D"}});
}

std::string render_sarif(const Diagnostics& diags, const SourceManager& sm) {
  // Rules: the codes the results use, sorted by code (so the output depends only on the diagnostics).
  std::set<std::string> used;
  for (const auto& d : diags.all()) used.insert(d.code);
  std::map<std::string, std::size_t> rule_index;
  Json rules = Json::array();
  const std::string homepage = SCHEDC_HOMEPAGE;
  for (const auto& code : used) {
    rule_index[code] = rule_index.size();
    const CodeInfo* info = find_code(code);
    auto page = explain_page(code);
    Json r;
    r["id"] = code;
    r["name"] = info ? pascal_case(info->title) : code;
    r["shortDescription"] = {{"text", info ? std::string(info->title) : code}};
    if (page) {
      r["fullDescription"] = {{"text", first_paragraph(*page)}};
      r["help"] = {{"text", std::string(*page)}, {"markdown", std::string(*page)}};
    }
    if (!homepage.empty()) r["helpUri"] = fmt::format("{}/blob/main/docs/diagnostics/{}.md", homepage, code);
    r["defaultConfiguration"] = {{"level", severity_name(info ? info->severity : Severity::Error)}};
    rules.push_back(std::move(r));
  }

  bool uses_stdlib = false;
  auto physical = [&](Span s) {
    const SourceFile& f = sm.file(s.file);
    Json loc;
    if (f.path.rfind("<std>/", 0) == 0) {
      uses_stdlib = true;
      loc = {{"uri", uri_encode_path(f.path.substr(6))}, {"uriBaseId", kStdlib}};
    } else if (!f.repo.empty()) {
      loc = {{"uri", uri_encode_path(f.path)}, {"uriBaseId", f.repo}};
    } else if (is_absolute(f.path)) {
      loc = {{"uri", "file://" + uri_encode_path(f.path)}};
    } else {
      loc = {{"uri", uri_encode_path(f.path)}, {"uriBaseId", kSrcRoot}};
    }
    LineCol b = sm.line_col(s.file, s.begin);
    LineCol e = sm.line_col(s.file, std::max(s.end, s.begin));
    Json region = {{"startLine", b.line}, {"startColumn", b.column}, {"endLine", e.line}, {"endColumn", e.column}};
    return Json{{"artifactLocation", std::move(loc)}, {"region", std::move(region)}};
  };

  Json results = Json::array();
  for (const auto& d : diags.all()) {
    Json r;
    r["ruleId"] = d.code;
    r["ruleIndex"] = rule_index[d.code];
    r["level"] = severity_name(d.severity);
    // The message links the other places (GitHub shows related locations only when the message links them).
    std::string text = sarif_text(d.message);
    if (d.primary.file != 0 && sm.multi_repo()) {
      Place p = place(sm, d.primary);
      text += sarif_text(fmt::format(" (at {}:{}:{})", p.qualified, p.begin.line, p.begin.column));
    }
    Json related = Json::array();
    for (const auto& l : d.labels) {
      if (l.span.file == 0) continue;
      Place p = place(sm, l.span);
      int id = static_cast<int>(related.size()) + 1;
      Json rel;
      rel["id"] = id;
      rel["physicalLocation"] = physical(l.span);
      if (!l.message.empty()) rel["message"] = {{"text", l.message}};
      related.push_back(std::move(rel));
      text += fmt::format("\n{}: [{}:{}:{}]({})", sarif_text(l.message.empty() ? "see" : l.message),
                          sarif_text(p.qualified), p.begin.line, p.begin.column, id);
    }
    for (const auto& n : d.notes) text += "\nnote: " + sarif_text(n);
    if (d.help) text += "\nhelp: " + sarif_text(*d.help);
    r["message"] = {{"text", text}};
    if (d.primary.file != 0) {
      Json loc;
      loc["physicalLocation"] = physical(d.primary);
      if (!d.primary_label.empty()) loc["message"] = {{"text", d.primary_label}};
      r["locations"] = Json::array({std::move(loc)});
    }
    if (!related.empty()) r["relatedLocations"] = std::move(related);
    if (d.suppressed)  // allowed in the source, with its reason (SARIF 2.1.0 §3.35)
      r["suppressions"] = Json::array({Json{{"kind", "inSource"}, {"justification", *d.suppressed}}});
    results.push_back(std::move(r));
  }

  Json bases = Json::object();
  bases[std::string(kSrcRoot)] = {{"description", {{"text", "The directory schedc ran in."}}}};
  for (const auto& [name, root] : sm.repo_roots()) {
    Json b;
    if (is_absolute(root)) {
      b["uri"] = "file://" + uri_encode_path(root == "/" ? "/" : root + "/");
    } else {
      b["uri"] = root == "." ? std::string("./") : uri_encode_path(root + "/");
      b["uriBaseId"] = kSrcRoot;
    }
    b["description"] = {{"text", fmt::format("The root of repo `{}`.", name)}};
    bases[name] = std::move(b);
  }
  if (uses_stdlib) bases[std::string(kStdlib)] = {{"description", {{"text", "schedc's standard library (std.*)."}}}};

  Json driver;
  driver["name"] = "schedc";
  driver["version"] = SCHEDC_VERSION;
  driver["semanticVersion"] = SCHEDC_VERSION;
  if (!homepage.empty()) driver["informationUri"] = homepage;
  driver["rules"] = std::move(rules);
  Json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["originalUriBaseIds"] = std::move(bases);
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);
  Json root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  root["runs"] = Json::array({std::move(run)});
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string render_github(const Diagnostics& diags, const SourceManager& sm) {
  std::string out;
  for (const auto& d : diags.all()) {
    if (d.suppressed) continue;  // allowed: no annotation
    const char* cmd = d.severity == Severity::Error ? "error" : d.severity == Severity::Warning ? "warning" : "notice";
    std::vector<std::string> props;
    if (d.primary.file != 0) {
      Place p = place(sm, d.primary);
      props.push_back("file=" + github_escape_property(p.real));
      props.push_back(fmt::format("line={}", p.begin.line));
      props.push_back(fmt::format("col={}", p.begin.column));
      props.push_back(fmt::format("endLine={}", p.end.line));
      props.push_back(fmt::format("endColumn={}", p.end.column));
    }
    props.push_back("title=" + github_escape_property(d.code));
    out += fmt::format("::{} {}::{}\n", cmd, fmt::join(props, ","), github_escape_data(body(d, sm)));
  }
  return out;
}

std::string render_azure_devops(const Diagnostics& diags, const SourceManager& sm) {
  std::string out;
  for (const auto& d : diags.all()) {
    if (d.suppressed) continue;  // allowed: no issue
    std::string props = fmt::format("type={}", d.severity == Severity::Error ? "error" : "warning");
    if (d.primary.file != 0) {
      Place p = place(sm, d.primary);
      props += fmt::format(";sourcepath={};linenumber={};columnnumber={}", ado_escape_property(p.real), p.begin.line,
                           p.begin.column);
    }
    props += ";code=" + ado_escape_property(d.code);
    out += fmt::format("##vso[task.logissue {}]{}\n", props, ado_escape_data(body(d, sm)));
  }
  if (diags.has_errors()) {
    std::string counts = fmt::format("{} error{}", diags.error_count(), diags.error_count() == 1 ? "" : "s");
    out += fmt::format("##vso[task.complete result=Failed;]schedc: {}\n", ado_escape_data(counts));
  }
  return out;
}

namespace {

// Text for a GitHub-flavoured Markdown table cell: inline code spans are kept, HTML and Markdown punctuation
// outside them is escaped, `|` is escaped everywhere (GFM splits cells on it even inside code spans) and line
// breaks become <br>.
std::string md_cell(std::string_view s) {
  std::string out;
  bool code = false;
  std::size_t ticks = std::count(s.begin(), s.end(), '`');
  std::size_t seen = 0;
  for (char c : s) {
    if (c == '`') {
      ++seen;
      // An unmatched last backtick is literal.
      if (!code && seen == ticks) {
        out += "\\`";
        continue;
      }
      code = !code;
      out += c;
      continue;
    }
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += code ? " " : "<br>";
    } else if (c == '\r') {
    } else if (code) {
      out += c;
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '*' || c == '_' || c == '[' || c == ']' || c == '\\' || c == '~' || c == '#') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string md_code(std::string_view s) {
  std::string t(s);
  std::replace(t.begin(), t.end(), '`', '\'');
  return md_cell("`" + t + "`");
}

}  // namespace

std::string render_markdown_summary(const Diagnostics& diags, const SourceManager& sm) {
  constexpr std::size_t kMaxRows = 500;  // $GITHUB_STEP_SUMMARY holds at most 1 MiB per step
  std::string out;
  auto plural = [](std::size_t n, std::string_view w) { return fmt::format("{} {}{}", n, w, n == 1 ? "" : "s"); };
  if (diags.all().empty()) return "### schedc: no problems found\n";
  if (diags.all().size() == diags.suppressed_count())
    return fmt::format("### schedc: no problems found ({} allowed)\n", plural(diags.suppressed_count(), "warning"));
  std::string counts;
  if (diags.error_count()) counts = plural(diags.error_count(), "error");
  if (diags.warning_count()) counts += (counts.empty() ? "" : ", ") + plural(diags.warning_count(), "warning");
  std::size_t notes = diags.all().size() - diags.error_count() - diags.warning_count() - diags.suppressed_count();
  if (notes) counts += (counts.empty() ? "" : ", ") + plural(notes, "note");
  if (diags.suppressed_count())
    counts += (counts.empty() ? "" : ", ") + plural(diags.suppressed_count(), "warning") + " allowed";
  out += fmt::format("### schedc: {}\n\n", counts);
  out += "| severity | code | location | problem |\n| --- | --- | --- | --- |\n";
  std::size_t rows = 0;
  for (const auto& d : diags.all()) {
    if (d.suppressed) continue;
    if (rows++ == kMaxRows) {
      out += fmt::format("\n{} more not shown; run `schedc check` for all of them.\n", diags.all().size() - kMaxRows);
      break;
    }
    std::string where = "(command line)";
    if (d.primary.file != 0) {
      Place p = place(sm, d.primary);
      where = md_code(fmt::format("{}:{}:{}", p.qualified, p.begin.line, p.begin.column));
    }
    std::string problem = md_cell(d.message);
    for (const auto& l : d.labels) {
      if (l.span.file == 0) continue;
      Place p = place(sm, l.span);
      problem += "<br>" + md_cell(l.message.empty() ? "see" : l.message) + ": " +
                 md_code(fmt::format("{}:{}:{}", p.qualified, p.begin.line, p.begin.column));
    }
    for (const auto& n : d.notes) problem += "<br>note: " + md_cell(n);
    if (d.help) problem += "<br>**help:** " + md_cell(*d.help);
    out += fmt::format("| {} | {} | {} | {} |\n", severity_name(d.severity), d.code, where, problem);
  }
  out += "\nRun `schedc explain CODE` for the page of a code.\n";
  return out;
}

}  // namespace schedc::cli
