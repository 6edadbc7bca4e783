// The man page and the bash and zsh completions that the build generates (packaging/) name every subcommand and
// every option of the schedc binary, and nothing else: checked against the binary's own definition of its command
// line (`schedc __cli-definition`), which is itself checked against what `schedc --help` and `schedc SUB --help`
// print. The bash completion is run (bash sources it and completes), the zsh completion is parsed by zsh.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using json = nlohmann::ordered_json;
const std::string kSchedc = SCHEDC_BINARY;
const std::string kGenerated = SCHEDC_PACKAGING_OUT;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Output {
  int code = -1;
  std::string out;
};

// A command through /bin/sh; stdout (stderr too when asked).
Output run(const std::string& command) {
  Output r;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::set<std::string> lines_of(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.insert(line);
  return out;
}

// The long options a --help text lists: the lines that start with them ("  -h,--help ...", "  --repo TEXT ...").
std::set<std::string> help_options(const std::string& help) {
  std::set<std::string> out;
  static const std::regex option(R"(^  (-[a-zA-Z],)?(--[a-z][a-z-]*))");
  std::istringstream in(help);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, option)) out.insert(m[2]);
  }
  return out;
}

// The subcommands a --help text lists under "Subcommands:".
std::set<std::string> help_subcommands(const std::string& help) {
  std::set<std::string> out;
  const auto at = help.find("\nSubcommands:\n");
  if (at == std::string::npos) return out;
  std::istringstream in(help.substr(at + 1));
  std::string line;
  std::getline(in, line);
  static const std::regex entry(R"(^  ([a-z][a-z-]*)\s)");
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, entry)) out.insert(m[1]);
    else if (!line.empty() && line[0] != ' ') break;
  }
  return out;
}

class CliDocs : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string text = read_file(kGenerated + "/cli-definition.json");
    ASSERT_FALSE(text.empty()) << "missing " << kGenerated << "/cli-definition.json (built by target schedc_package_files)";
    def = json::parse(text);
    // It is what the binary prints now (the generated files are not stale).
    ASSERT_EQ(json::parse(run(shell_quote(kSchedc) + " __cli-definition").out), def);
  }
  json def;

  static std::vector<std::string> option_names(const json& options) {
    std::vector<std::string> out;
    for (const auto& o : options)
      for (const auto& n : o["names"]) out.push_back(n);
    return out;
  }
};

TEST_F(CliDocs, DefinitionMatchesHelp) {
  std::set<std::string> subs;
  for (const auto& s : def["subcommands"]) subs.insert(s["name"]);
  EXPECT_EQ(subs, help_subcommands(run(shell_quote(kSchedc) + " --help").out));
  EXPECT_EQ(subs, (std::set<std::string>{"check", "build", "plan", "next", "graph", "diff", "fmt", "init", "explain", "lsp"}));
  for (const auto& s : def["subcommands"]) {
    const std::string name = s["name"];
    std::set<std::string> longs;
    for (const auto& n : option_names(s["options"]))
      if (n.rfind("--", 0) == 0) longs.insert(n);
    EXPECT_EQ(longs, help_options(run(shell_quote(kSchedc) + " " + name + " --help").out)) << name;
    EXPECT_TRUE(longs.count("--help")) << name;
  }
  std::set<std::string> top;
  for (const auto& n : option_names(def["options"])) top.insert(n);
  EXPECT_EQ(top, (std::set<std::string>{"--help", "-h", "--version"}));
}

// The man page: each subcommand has its section (.SS "schedc NAME"), which names each of its options (roff
// escapes `-` as `\-`) and positionals; the top-level options are in OPTIONS.
TEST_F(CliDocs, ManPageNamesEverySubcommandAndOption) {
  const std::string page = read_file(kGenerated + "/schedc.1");
  ASSERT_FALSE(page.empty());
  EXPECT_NE(page.find(".TH SCHEDC 1 "), std::string::npos);
  EXPECT_NE(page.find("\"schedc " + def["version"].get<std::string>() + "\""), std::string::npos);
  const auto roff = [](std::string s) {
    std::string out;
    for (char c : s) out += c == '-' ? std::string("\\-") : std::string(1, c);
    return out;
  };
  const auto section = [&](const std::string& heading) {
    const auto at = page.find(heading);
    if (at == std::string::npos) return std::string();
    const auto end = page.find("\n.S", at + heading.size());  // the next .SS or .SH
    return page.substr(at, end == std::string::npos ? std::string::npos : end - at);
  };
  const std::string options = section(".SH OPTIONS\n");
  for (const auto& n : option_names(def["options"])) EXPECT_NE(options.find("\\fB" + roff(n) + "\\fR"), std::string::npos) << n;
  for (const auto& s : def["subcommands"]) {
    const std::string name = s["name"];
    const std::string text = section(".SS \"schedc " + name + "\"\n");
    ASSERT_FALSE(text.empty()) << "no section for " << name;
    for (const auto& n : option_names(s["options"])) EXPECT_NE(text.find("\\fB" + roff(n) + "\\fR"), std::string::npos) << name << " " << n;
    for (const auto& p : s["positionals"]) EXPECT_NE(text.find("\\fI" + roff(p["name"]) + "\\fR"), std::string::npos) << name;
    for (const auto& o : s["options"]) {
      if (!o.contains("choices")) continue;
      for (const auto& c : o["choices"]) EXPECT_NE(text.find(roff(c)), std::string::npos) << name << " " << c;
    }
  }
  // The hidden subcommand is not documented (only the comment on the first line names it, as the generator).
  EXPECT_EQ(page.find("__cli", page.find('\n')), std::string::npos) << "the hidden subcommand is documented";
}

// Runs the generated bash completion for the words typed so far (the last one is being completed).
std::set<std::string> bash_complete(const std::vector<std::string>& words) {
  std::string array;
  for (const auto& w : words) array += " " + shell_quote(w);
  const std::string script = "source " + shell_quote(kGenerated + "/schedc.bash") + "\nCOMP_WORDS=(" + array +
                             ")\nCOMP_CWORD=" + std::to_string(words.size() - 1) +
                             "\n_schedc\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
  const Output r = run("bash --norc --noprofile -c " + shell_quote(script) + " 2>&1");
  EXPECT_EQ(r.code, 0) << r.out;
  return lines_of(r.out);
}

TEST_F(CliDocs, BashCompletesEverySubcommandOptionAndChoice) {
  std::set<std::string> first;
  for (const auto& s : def["subcommands"]) first.insert(s["name"]);
  for (const auto& n : option_names(def["options"])) first.insert(n);
  EXPECT_EQ(bash_complete({"schedc", ""}), first);
  EXPECT_EQ(bash_complete({"schedc", "ex"}), std::set<std::string>{"explain"});
  for (const auto& s : def["subcommands"]) {
    const std::string name = s["name"];
    const auto names = option_names(s["options"]);
    std::set<std::string> dashed(names.begin(), names.end());
    EXPECT_EQ(bash_complete({"schedc", name, "-"}), dashed) << name;
    // after a positional argument, options are still offered
    EXPECT_EQ(bash_complete({"schedc", name, "x", "-"}), dashed) << name;
    for (const auto& o : s["options"]) {
      if (!o.contains("choices")) continue;
      const auto choices = o["choices"].get<std::vector<std::string>>();
      EXPECT_EQ(bash_complete({"schedc", name, o["names"][0], ""}), std::set<std::string>(choices.begin(), choices.end()))
          << name << " " << o["names"][0];
    }
  }
  // A value that is a path: files are offered (here: the generated files' directory).
  const auto files = bash_complete({"schedc", "build", "--out", kGenerated + "/schedc.b"});
  EXPECT_EQ(files, std::set<std::string>{kGenerated + "/schedc.bash"});
}

// zsh parses it; every subcommand has its case branch, which names each of its options (and their choices).
TEST_F(CliDocs, ZshCompletionNamesEverySubcommandAndOption) {
  const std::string path = kGenerated + "/_schedc";
  const std::string text = read_file(path);
  ASSERT_EQ(text.rfind("#compdef schedc\n", 0), 0u);
  const Output syntax = run("zsh -n " + shell_quote(path) + " 2>&1");
  EXPECT_EQ(syntax.code, 0) << "zsh -n: " << syntax.out << " (zsh is installed by .ci/install-deps)";
  const auto commands = text.substr(0, text.find("_schedc() {"));
  for (const auto& s : def["subcommands"]) {
    const std::string name = s["name"];
    EXPECT_NE(commands.find("'" + name + ":"), std::string::npos) << name;
    const auto at = text.find("\n    " + name + ")\n");
    ASSERT_NE(at, std::string::npos) << "no case branch for " << name;
    const auto end = text.find(";;", at);
    const std::string branch = text.substr(at, end - at);
    for (const auto& o : s["options"]) {
      for (const auto& n : o["names"]) {
        const std::string n_str = n;
        const bool found = std::regex_search(branch, std::regex("'(\\([^)]*\\)|\\*)?" + n_str + "[=\\[]"));
        EXPECT_TRUE(found) << name << " " << n_str;
      }
      if (o.contains("choices")) {
        std::string list;
        for (const auto& c : o["choices"]) list += (list.empty() ? "" : " ") + c.get<std::string>();
        EXPECT_NE(branch.find("(" + list + ")"), std::string::npos) << name << " " << list;
      }
    }
  }
  for (const auto& n : option_names(def["options"])) EXPECT_NE(text.find(n + "["), std::string::npos) << n;
}

}  // namespace
