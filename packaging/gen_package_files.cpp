// Generates, at build time, the files the package installs that are derived from the project's own sources:
//
//   gen_package_files man DEFINITION.json CHANGELOG.md OUT                the man page schedc(1) (roff)
//   gen_package_files bash DEFINITION.json OUT                            the bash completion
//   gen_package_files zsh DEFINITION.json OUT                             the zsh completion (_schedc)
//   gen_package_files debian-changelog CHANGELOG.md MAINTAINER OUT        CHANGELOG.md in Debian's changelog format
//
// DEFINITION.json is what `schedc __cli-definition` prints (cli/cli_definition.hpp): the man page and both
// completions list exactly the subcommands and options the binary parses. Nothing here depends on the clock or the
// machine: the man page's date is the date of its version in CHANGELOG.md.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using json = nlohmann::ordered_json;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  return s;
}

// Words wrapped to `width` columns, each line prefixed by `first` (the first line) or `rest`.
std::string wrap(const std::string& text, std::size_t width, const std::string& first, const std::string& rest) {
  std::istringstream words(text);
  std::string word, out, line = first;
  bool empty = true;
  while (words >> word) {
    if (!empty && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = rest;
      empty = true;
    }
    line += (empty ? "" : " ") + word;
    empty = false;
  }
  return out + line + "\n";
}

// --- CHANGELOG.md -------------------------------------------------------------------------------------------------

struct Release {
  std::string version, date;  // "0.2.0", "2026-12-07"
  struct Group {
    std::string title;                // "Added"
    std::vector<std::string> items;  // one string per bullet, continuation lines joined
  };
  std::vector<Group> groups;
};

// Sections `## [VERSION] - YYYY-MM-DD` (Keep a Changelog), their `### Title` groups and `- ` bullets. An
// `## [Unreleased]` section, if any, is not a release and is skipped.
std::vector<Release> parse_changelog(const std::string& text) {
  static const std::regex heading(R"(^## \[([0-9][0-9A-Za-z.+~-]*)\] - ([0-9]{4}-[0-9]{2}-[0-9]{2})\s*$)");
  std::vector<Release> releases;
  bool in_release = false;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (line.rfind("## ", 0) == 0) {
      in_release = std::regex_match(line, m, heading);
      if (in_release) releases.push_back({m[1], m[2], {}});
      continue;
    }
    if (!in_release) continue;
    Release& r = releases.back();
    if (line.rfind("### ", 0) == 0) {
      r.groups.push_back({line.substr(4), {}});
    } else if (line.rfind("- ", 0) == 0) {
      if (r.groups.empty()) r.groups.push_back({"", {}});
      r.groups.back().items.push_back(line.substr(2));
    } else if (line.rfind("  ", 0) == 0 && !r.groups.empty() && !r.groups.back().items.empty()) {
      r.groups.back().items.back() += " " + line.substr(line.find_first_not_of(' '));
    }
  }
  return releases;
}

// "Mon, 07 Dec 2026 00:00:00 +0000" (RFC 5322, as Debian changelogs write dates).
std::string rfc5322_date(const std::string& iso) {
  using namespace std::chrono;
  const year_month_day ymd{year{std::stoi(iso.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(iso.substr(5, 2)))},
                           day{static_cast<unsigned>(std::stoi(iso.substr(8, 2)))}};
  if (!ymd.ok()) throw std::runtime_error("CHANGELOG.md: not a date: " + iso);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const weekday wd{sys_days{ymd}};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %s %s %s 00:00:00 +0000", kDays[wd.c_encoding()], iso.substr(8, 2).c_str(),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], iso.substr(0, 4).c_str());
  return buf;
}

std::string debian_changelog(const std::string& changelog_md, const std::string& maintainer) {
  const auto releases = parse_changelog(changelog_md);
  if (releases.empty()) throw std::runtime_error("CHANGELOG.md has no `## [VERSION] - YYYY-MM-DD` section");
  std::string out;
  for (const auto& r : releases) {
    out += "schedc (" + r.version + ") unstable; urgency=medium\n\n";
    for (const auto& g : r.groups) {
      if (g.title.empty()) {
        for (const auto& item : g.items) out += wrap(item, 79, "  * ", "    ");
      } else {
        out += "  * " + g.title + ":\n";
        for (const auto& item : g.items) out += wrap(item, 79, "    - ", "      ");
      }
    }
    out += "\n -- " + maintainer + "  " + rfc5322_date(r.date) + "\n\n";
  }
  out.pop_back();
  return out;
}

// --- the command line's definition --------------------------------------------------------------------------------

std::string first_name(const json& opt) { return opt.contains("names") ? opt["names"][0].get<std::string>() : opt["name"].get<std::string>(); }

std::vector<std::string> names(const json& opt) { return opt["names"].get<std::vector<std::string>>(); }

std::vector<std::string> choices(const json& opt) {
  return opt.contains("choices") ? opt["choices"].get<std::vector<std::string>>() : std::vector<std::string>{};
}

bool takes_value(const json& opt) { return opt.contains("value"); }

// --- the man page -------------------------------------------------------------------------------------------------

// Text as roff prints it literally: backslashes and minus signs escaped, no line starting with a control character.
std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  return out;
}

// A line of running text (never starting with `.` or `'`, which roff would take as a request).
std::string roff_line(const std::string& text) {
  std::string s = roff(text);
  if (!s.empty() && (s[0] == '.' || s[0] == '\'')) s = "\\&" + s;
  return s + "\n";
}

std::string man_value(const json& opt) {
  if (!choices(opt).empty()) {
    std::string v;
    for (const auto& c : choices(opt)) v += (v.empty() ? "" : "|") + roff(c);
    return "\\fI" + v + "\\fR";
  }
  return "\\fI" + roff(opt["value"].get<std::string>()) + "\\fR";
}

std::string man_options(const json& options) {
  std::string out;
  for (const auto& opt : options) {
    std::string tag;
    for (const auto& n : names(opt)) tag += (tag.empty() ? "" : ", ") + ("\\fB" + roff(n) + "\\fR");
    if (takes_value(opt)) tag += " " + man_value(opt);
    out += ".TP\n" + tag + "\n";
    // What the description does not say already: the default, whether it is required or repeatable.
    std::string text = opt["description"].get<std::string>();
    const auto says = [&](std::string_view word) { return text.find(word) != std::string::npos; };
    if (opt.contains("default") && !says("default")) text += " (default: " + opt["default"].get<std::string>() + ")";
    if (opt["required"].get<bool>() && !says("required")) text += " (required)";
    if (opt["repeatable"].get<bool>() && takes_value(opt) && !says("repeatable")) text += " (repeatable)";
    out += roff_line(text);
  }
  return out;
}

std::string synopsis_positionals(const json& sub) {
  std::string out;
  for (const auto& p : sub["positionals"]) {
    std::string name = roff(p["name"].get<std::string>());
    out += p["required"].get<bool>() ? " \\fI" + name + "\\fR" : " [\\fI" + name + "\\fR" + (p["repeatable"].get<bool>() ? "...]" : "]");
  }
  return out;
}

std::string man_page(const json& def, const std::string& changelog_md) {
  const std::string name = def["name"], version = def["version"];
  std::string date = "unreleased";
  for (const auto& r : parse_changelog(changelog_md))
    if (r.version == version) date = r.date;
  std::string summary = def["description"];
  if (summary.rfind(name + ": ", 0) == 0) summary = summary.substr(name.size() + 2);

  std::string out;
  out += ".\\\" Generated by the build from `" + name + " __cli-definition` (packaging/gen_package_files.cpp). Do not edit.\n";
  out += ".TH SCHEDC 1 \"" + date + "\" \"" + name + " " + version + "\" \"User Commands\"\n";
  out += ".nh\n";  // no hyphenation: option names and paths stay whole
  out += ".SH NAME\n" + name + " \\- " + roff(summary) + "\n";
  out += ".SH SYNOPSIS\n";
  bool first = true;
  for (const auto& sub : def["subcommands"]) {
    if (!first) out += ".br\n";
    first = false;
    out += "\\fB" + name + " " + roff(sub["name"].get<std::string>()) + "\\fR" + synopsis_positionals(sub) + " [\\fIoptions\\fR]\n";
  }
  for (const auto& opt : def["options"]) out += ".br\n\\fB" + name + " " + roff(first_name(opt)) + "\\fR\n";
  out += ".SH DESCRIPTION\n";
  out += roff_line("schedc compiles .sched files, short declarative descriptions of when and how an ML model runs, into "
                   "deployable Azure Data Factory content (pipelines, triggers, linked services and datasets in ADF's "
                   "git layout), an ARM template with a parameter file per environment, and Databricks jobs. It checks "
                   "all files together first and explains every mistake with its location, a stable code and a hint:");
  out += "\\fBschedc explain\\fR \\fICODE\\fR prints the page of a code.\n";
  out += ".SH OPTIONS\n" + man_options(def["options"]);
  out += ".SH COMMANDS\n";
  for (const auto& sub : def["subcommands"]) {
    out += ".SS \"" + name + " " + roff(sub["name"].get<std::string>()) + "\"\n";
    out += roff_line(sub["description"].get<std::string>() + ".");
    for (const auto& p : sub["positionals"]) {
      out += ".TP\n\\fI" + roff(p["name"].get<std::string>()) + "\\fR\n" + roff_line(p["description"].get<std::string>());
    }
    out += man_options(sub["options"]);
  }
  out += ".SH EXIT STATUS\n";
  std::istringstream footer(def["footer"].get<std::string>());
  std::string line;
  while (std::getline(footer, line)) {
    if (line.rfind("Exit codes:", 0) == 0) out += roff_line(line.substr(line.find(':') + 2));
  }
  out += ".SH ENVIRONMENT\n";
  out += ".TP\n.B SCHEDC_STDLIB\n" + roff_line("A directory to load the stdlib modules (use std.NAME) from instead of the installed ones.");
  out += ".TP\n.B SCHEDC_THREADS\n" + roff_line("The number of threads (default: one per core, at most 8); the output is the same for any number.");
  out += ".TP\n.B NO_COLOR\n" + roff_line("When set and not empty, text diagnostics are never coloured (as with --color never).");
  out += ".TP\n.B GITHUB_STEP_SUMMARY\n" + roff_line("With --diagnostics-format github, a Markdown summary of the diagnostics is appended to this file.");
  out += ".SH FILES\n";
  out += ".TP\n.I /usr/share/schedc/stdlib/\n" +
         roff_line("The stdlib modules, as the Debian package installs them. schedc looks for them in share/schedc/stdlib "
                   "beside the bin directory it runs from (so also under /usr/local after a source install); "
                   "SCHEDC_STDLIB overrides it.");
  out += ".SH SEE ALSO\n";
  out += roff_line("schedc explain --list lists every diagnostic code; the language, the diagnostics and deploying with CI are "
                   "documented in the project's docs/ folder.");
  return out;
}

// --- bash -------------------------------------------------------------------------------------------------------

std::string words(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& w : list) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string bash_completion(const json& def) {
  const std::string name = def["name"];
  std::vector<std::string> subs, top;
  for (const auto& sub : def["subcommands"]) subs.push_back(sub["name"]);
  for (const auto& opt : def["options"])
    for (const auto& n : names(opt)) top.push_back(n);

  std::string out;
  out += "# bash completion for " + name + "                                      -*- shell-script -*-\n";
  out += "# Generated by the build from `" + name + " __cli-definition` (packaging/gen_package_files.cpp). Do not edit.\n\n";
  out += "_schedc_files()\n{\n";
  out += "    local IFS=$'\\n'\n";
  out += "    compopt -o filenames 2>/dev/null\n";
  out += "    COMPREPLY=($(compgen -f -- \"$cur\"))\n}\n\n";
  out += "_schedc()\n{\n";
  out += "    local cur prev words cword\n";
  out += "    if declare -F _init_completion >/dev/null 2>&1; then\n";
  out += "        _init_completion || return\n";
  out += "    else\n";
  out += "        cur=\"${COMP_WORDS[COMP_CWORD]}\"\n";
  out += "        prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n";
  out += "        words=(\"${COMP_WORDS[@]}\")\n";
  out += "        cword=$COMP_CWORD\n";
  out += "    fi\n\n";
  out += "    local cmd= i\n";
  out += "    for ((i = 1; i < cword; i++)); do\n";
  out += "        case \"${words[i]}\" in\n";
  out += "            " + replace_all(words(subs), " ", "|") + ") cmd=\"${words[i]}\"; break ;;\n";
  out += "        esac\n";
  out += "    done\n\n";
  out += "    case \"$cmd\" in\n";
  out += "    '')\n";
  out += "        COMPREPLY=($(compgen -W \"" + words(subs) + " " + words(top) + "\" -- \"$cur\"))\n";
  out += "        ;;\n";
  for (const auto& sub : def["subcommands"]) {
    std::vector<std::string> flags;
    std::string values;
    for (const auto& opt : sub["options"]) {
      for (const auto& n : names(opt)) flags.push_back(n);
      if (!takes_value(opt)) continue;
      std::string pattern = replace_all(words(names(opt)), " ", "|");
      if (!choices(opt).empty())
        values += "            " + pattern + ") COMPREPLY=($(compgen -W \"" + words(choices(opt)) + "\" -- \"$cur\")); return ;;\n";
      else
        values += "            " + pattern + ") _schedc_files; return ;;\n";
    }
    out += "    " + sub["name"].get<std::string>() + ")\n";
    if (!values.empty()) out += "        case \"$prev\" in\n" + values + "        esac\n";
    out += "        if [[ $cur == -* ]]; then\n";
    out += "            COMPREPLY=($(compgen -W \"" + words(flags) + "\" -- \"$cur\"))\n";
    out += "        else\n";
    out += sub["positionals"].empty() ? "            COMPREPLY=()\n" : "            _schedc_files\n";
    out += "        fi\n";
    out += "        ;;\n";
  }
  out += "    esac\n";
  out += "} &&\n    complete -F _schedc " + name + "\n";
  return out;
}

// --- zsh --------------------------------------------------------------------------------------------------------

// Inside a single-quoted _arguments spec: ' closes the quote; : separates the spec's parts, and [ ] delimit an
// option's description (`in_brackets`); a backslash escapes them.
std::string zsh_quote(const std::string& text, bool in_brackets = false) {
  std::string out;
  for (char c : text) {
    if (c == '\'') out += "'\\''";
    else if (c == ':' || c == '\\' || (in_brackets && (c == '[' || c == ']'))) out += std::string("\\") + c;
    else out += c;
  }
  return out;
}

std::string zsh_option_specs(const json& options, const std::string& indent) {
  std::string out;
  for (const auto& opt : options) {
    const auto ns = names(opt);
    const std::string desc = "[" + zsh_quote(opt["description"].get<std::string>(), true) + "]";
    std::string action;
    if (takes_value(opt)) {
      const std::string value = zsh_quote(opt["value"].get<std::string>());
      action = choices(opt).empty() ? ":" + value + ":_files" : ":" + value + ":(" + words(choices(opt)) + ")";
    }
    const bool repeat = opt["repeatable"].get<bool>();
    const bool help = ns[0] == "--help" || ns[0] == "--version";
    std::string exclusion = help ? "(- *)" : ns.size() > 1 ? "(" + words(ns) + ")" : "";
    for (const auto& n : ns) {
      std::string form = n + (takes_value(opt) && n.rfind("--", 0) == 0 ? "=" : "");
      out += indent + "'" + (repeat ? "*" : exclusion) + form + desc + action + "' \\\n";
    }
  }
  return out;
}

std::string zsh_completion(const json& def) {
  const std::string name = def["name"];
  std::string out;
  out += "#compdef " + name + "\n";
  out += "# zsh completion for " + name + ". Generated by the build from `" + name +
         " __cli-definition` (packaging/gen_package_files.cpp). Do not edit.\n\n";
  out += "_schedc_commands() {\n  local -a commands\n  commands=(\n";
  for (const auto& sub : def["subcommands"])
    out += "    '" + sub["name"].get<std::string>() + ":" + replace_all(sub["description"].get<std::string>(), "'", "'\\''") + "'\n";
  out += "  )\n  _describe -t commands '" + name + " command' commands\n}\n\n";
  out += "_schedc() {\n";
  out += "  local curcontext=\"$curcontext\" state line ret=1\n";
  out += "  typeset -A opt_args\n\n";
  out += "  _arguments -C \\\n" + zsh_option_specs(def["options"], "    ");
  out += "    '1: :_schedc_commands' \\\n";
  out += "    '*:: :->args' && ret=0\n\n";
  out += "  case $state in\n  args)\n";
  out += "    curcontext=\"${curcontext%:*:*}:" + name + "-$words[1]:\"\n";
  out += "    case $words[1] in\n";
  for (const auto& sub : def["subcommands"]) {
    out += "    " + sub["name"].get<std::string>() + ")\n";
    out += "      _arguments \\\n" + zsh_option_specs(sub["options"], "        ");
    for (const auto& p : sub["positionals"]) {
      const std::string desc = zsh_quote(p["description"].get<std::string>());
      out += "        '" + std::string(p["repeatable"].get<bool>() ? "*" : "1") + ":" + desc + ":_files' \\\n";
    }
    out += "        && ret=0\n      ;;\n";
  }
  out += "    esac\n    ;;\n  esac\n  return ret\n}\n\n";
  out += "_schedc \"$@\"\n";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 4 && args[0] == "man") {
      write_file(args[3], man_page(json::parse(read_file(args[1])), read_file(args[2])));
    } else if (args.size() == 3 && args[0] == "bash") {
      write_file(args[2], bash_completion(json::parse(read_file(args[1]))));
    } else if (args.size() == 3 && args[0] == "zsh") {
      write_file(args[2], zsh_completion(json::parse(read_file(args[1]))));
    } else if (args.size() == 4 && args[0] == "debian-changelog") {
      write_file(args[3], debian_changelog(read_file(args[1]), args[2]));
    } else {
      std::cerr << "usage: gen_package_files man|bash|zsh|debian-changelog ... (see the top of gen_package_files.cpp)\n";
      return 2;
    }
  } catch (const std::exception& e) {
    std::cerr << "gen_package_files: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
