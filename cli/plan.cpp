#include "cli/plan.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <utility>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/safe_fs.hpp"
#include "codegen/generate.hpp"

namespace fs = std::filesystem;

namespace schedc::cli {

namespace {

using Json = nlohmann::json;

constexpr const char* kTemplate = "arm/ARMTemplateForFactory.json";
constexpr const char* kGitParameters = "arm/ARMTemplateParametersForFactory.json";
constexpr const char* kRelease = "arm/release.json";
constexpr std::string_view kFactoryResource = "microsoft.datafactory/factories/";

// A plan that cannot be made: thrown inside make_plan, returned as a PlanOutcome.
struct Failure {
  int code;
  std::string message;
  std::string help;
};

[[noreturn]] void fail(int code, std::string message, std::string help = {}) {
  throw Failure{code, std::move(message), std::move(help)};
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// ---- reading one side -------------------------------------------------------------------------------------------

std::string shown(const ArmSide& side, const std::string& rel) {
  return side.label.empty() ? "generated " + rel : (fs::path(side.label) / rel).generic_string();
}

// A broken base is an unreadable input (1); broken generated output is a bug (3).
int broken(const ArmSide& side) { return side.label.empty() ? kInternalError : kInputError; }

Json read_json(const ArmSide& side, const std::string& rel) {
  auto text = side.read(rel);
  if (!text) fail(broken(side), fmt::format("`{}` is missing", shown(side, rel)));
  try {
    return Json::parse(*text);
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    if (auto close = what.find("] "); what.rfind("[json.exception", 0) == 0 && close != std::string::npos)
      what = what.substr(close + 2);
    fail(broken(side), fmt::format("`{}` is not valid JSON: {}", shown(side, rel), what));
  }
}

struct EnvState {
  std::optional<std::string> factory;
  bool started = false;
};

std::map<std::string, EnvState> read_release(const ArmSide& side) {
  Json release = read_json(side, kRelease);
  auto bad = [&](const std::string& why) { fail(broken(side), fmt::format("`{}`: {}", shown(side, kRelease), why)); };
  if (!release.is_object()) bad("not a JSON object");
  if (auto v = release.find("version"); v == release.end() || *v != 1) bad("unsupported `version` (this schedc reads version 1)");
  auto envs = release.find("environments");
  if (envs == release.end() || !envs->is_object()) bad("no `environments` object");
  std::map<std::string, EnvState> result;
  for (const auto& [name, e] : envs->items()) {
    if (!e.is_object()) bad(fmt::format("environment `{}` is not an object", name));
    EnvState state;
    auto f = e.find("factory");
    if (f != e.end() && f->is_string())
      state.factory = f->get<std::string>();
    else if (f == e.end() || !f->is_null())
      bad(fmt::format("environment `{}`: `factory` must be a string or null", name));
    auto t = e.find("triggers");
    if (t == e.end() || !t->is_string() || (*t != "started" && *t != "stopped"))
      bad(fmt::format("environment `{}`: `triggers` must be \"started\" or \"stopped\"", name));
    state.started = *t == "started";
    result.emplace(name, std::move(state));
  }
  return result;
}

// The name of the parameter when `s` is exactly `[parameters('NAME')]`.
std::optional<std::string> parameter_reference(const std::string& s) {
  constexpr std::string_view pre = "[parameters('";
  constexpr std::string_view post = "')]";
  if (s.size() <= pre.size() + post.size() || s.rfind(pre, 0) != 0 || s.compare(s.size() - post.size(), post.size(), post) != 0)
    return std::nullopt;
  std::string name = s.substr(pre.size(), s.size() - pre.size() - post.size());
  if (name.find('\'') != std::string::npos) return std::nullopt;
  return name;
}

// The pieces of `[concat(ITEM, ITEM, ...)]` where each ITEM is a quoted literal ('it''s') or parameters('NAME'),
// the form the ARM target writes for values whose middle differs per environment. nullopt for anything else.
struct ConcatItem {
  bool is_parameter = false;
  std::string text;  // the literal, or the parameter's name
};
std::optional<std::vector<ConcatItem>> concat_items(const std::string& s) {
  constexpr std::string_view pre = "[concat(";
  constexpr std::string_view post = ")]";
  if (s.size() < pre.size() + post.size() || s.rfind(pre, 0) != 0 || s.compare(s.size() - post.size(), post.size(), post) != 0)
    return std::nullopt;
  std::string_view body(s.data() + pre.size(), s.size() - pre.size() - post.size());
  std::vector<ConcatItem> items;
  std::size_t i = 0;
  auto literal = [&]() -> std::optional<std::string> {  // at a quote: read '...' with '' escapes
    std::string out;
    for (++i; i < body.size(); ++i) {
      if (body[i] == '\'') {
        if (i + 1 < body.size() && body[i + 1] == '\'') {
          out += '\'';
          ++i;
          continue;
        }
        ++i;
        return out;
      }
      out += body[i];
    }
    return std::nullopt;
  };
  constexpr std::string_view param = "parameters(";
  while (i < body.size()) {
    if (body[i] == '\'') {
      auto text = literal();
      if (!text) return std::nullopt;
      items.push_back({false, *text});
    } else if (body.substr(i, param.size()) == param) {
      i += param.size();
      if (i >= body.size() || body[i] != '\'') return std::nullopt;
      auto name = literal();
      if (!name || i >= body.size() || body[i] != ')') return std::nullopt;
      ++i;
      items.push_back({true, *name});
    } else {
      return std::nullopt;
    }
    if (i == body.size()) break;
    if (body.substr(i, 2) != ", ") return std::nullopt;
    i += 2;
  }
  return items;
}

// `[concat(parameters('factoryName'), '/NAME')]` -> NAME (a quote in NAME is doubled in the expression).
std::optional<std::string> entity_name(const std::string& s) {
  constexpr std::string_view pre = "[concat(parameters('factoryName'), '/";
  constexpr std::string_view post = "')]";
  if (s.size() <= pre.size() + post.size() || s.rfind(pre, 0) != 0 || s.compare(s.size() - post.size(), post.size(), post) != 0)
    return std::nullopt;
  std::string raw = s.substr(pre.size(), s.size() - pre.size() - post.size()), name;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\'') {
      if (i + 1 >= raw.size() || raw[i + 1] != '\'') return std::nullopt;
      ++i;
    }
    name += raw[i];
  }
  return name;
}

std::string entity_type(const std::string& resource_type) {
  std::string suffix = resource_type.substr(kFactoryResource.size());
  std::string l = lower(suffix);
  if (l == "linkedservices") return "linkedServices";
  if (l == "datasets" || l == "pipelines" || l == "triggers") return l;
  return suffix;
}

struct Factory {
  bool exists = false;
  std::optional<std::string> name;
  bool started = false;
  std::map<PlanEntity, Json> entities;  // resolved properties
};

// The template's factory resources with the values of parameter file `params_rel` substituted.
std::map<PlanEntity, Json> resolve(const ArmSide& side, const std::string& params_rel) {
  Json tmpl = read_json(side, kTemplate);
  auto bad_template = [&](const std::string& why) { fail(broken(side), fmt::format("`{}`: {}", shown(side, kTemplate), why)); };
  if (!tmpl.is_object()) bad_template("not a JSON object");
  Json declared = tmpl.value("parameters", Json::object());
  if (!declared.is_object()) bad_template("`parameters` is not an object");
  auto resources = tmpl.find("resources");
  if (resources == tmpl.end() || !resources->is_array()) bad_template("no `resources` array");

  Json param_file = read_json(side, params_rel);
  if (!param_file.is_object() || !param_file.value("parameters", Json::object()).is_object())
    fail(broken(side), fmt::format("`{}`: `parameters` is not an object", shown(side, params_rel)));
  Json values = param_file.value("parameters", Json::object());

  // The environment's value of a parameter: the parameter file's, else the template's default. A parameter with
  // neither (`factoryName` when the environment declares no factory) is left as the expression.
  auto value_of = [&](const std::string& name) -> const Json* {
    if (auto v = values.find(name); v != values.end() && v->is_object())
      if (auto value = v->find("value"); value != v->end()) return &*value;
    if (auto p = declared.find(name); p != declared.end() && p->is_object())
      if (auto def = p->find("defaultValue"); def != p->end()) return &*def;
    return nullptr;
  };
  std::function<Json(const Json&)> substitute = [&](const Json& v) -> Json {
    if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      if (auto name = parameter_reference(s)) {
        const Json* value = value_of(*name);
        return value ? *value : v;
      }
      if (auto items = concat_items(s)) {  // a value whose middle is a parameter
        std::string out;
        for (const auto& item : *items) {
          if (!item.is_parameter) {
            out += item.text;
            continue;
          }
          const Json* value = value_of(item.text);
          if (!value || !value->is_string()) return v;
          out += value->get<std::string>();
        }
        return out;
      }
      if (s.size() >= 3 && s.rfind("[[", 0) == 0 && s.back() == ']') return s.substr(1);  // an escaped literal `[...]`
      return v;
    }
    if (v.is_array()) {
      Json a = Json::array();
      for (const auto& e : v) a.push_back(substitute(e));
      return a;
    }
    if (v.is_object()) {
      Json o = Json::object();
      for (const auto& [k, e] : v.items()) o[k] = substitute(e);
      return o;
    }
    return v;
  };

  std::map<PlanEntity, Json> entities;
  std::size_t index = 0;
  for (const auto& r : *resources) {
    ++index;
    if (!r.is_object() || !r.contains("type") || !r["type"].is_string() || !r.contains("name") || !r["name"].is_string())
      bad_template(fmt::format("resource {} has no `type` or `name`", index));
    std::string type = r["type"].get<std::string>();
    if (lower(type).rfind(kFactoryResource, 0) != 0 || type.size() == kFactoryResource.size()) continue;  // not an entity
    auto name = entity_name(r["name"].get<std::string>());
    if (!name) bad_template(fmt::format("resource {}: unexpected name `{}` (expected `[concat(parameters('factoryName'), '/NAME')]`)",
                                        index, r["name"].get<std::string>()));
    PlanEntity key{entity_type(type), *name};
    Json props = substitute(r.value("properties", Json::object()));
    // A trigger's state is the environment's (release.json), not the template's: the template holds the git
    // environment's runtimeState (docs/deploy.md §1.1), and a base written before it held none.
    if (key.type == "triggers" && props.is_object()) props.erase("runtimeState");
    if (!entities.emplace(key, std::move(props)).second)
      bad_template(fmt::format("{}/{} appears twice", key.type, key.name));
  }
  return entities;
}

std::string env_list(const std::map<std::string, EnvState>& envs) {
  std::vector<std::string> names;
  for (const auto& [n, e] : envs) names.push_back(n);
  return fmt::format("{}", fmt::join(names, ", "));
}

// Names of the pipelines a trigger fires: every {"referenceName", "type": "PipelineReference"} in its properties.
void fired_pipelines(const Json& v, std::set<std::string>& names) {
  if (v.is_object()) {
    auto type = v.find("type");
    auto ref = v.find("referenceName");
    if (type != v.end() && *type == "PipelineReference" && ref != v.end() && ref->is_string()) names.insert(ref->get<std::string>());
    for (const auto& [k, e] : v.items()) fired_pipelines(e, names);
  } else if (v.is_array()) {
    for (const auto& e : v) fired_pipelines(e, names);
  }
}

std::string env_phrase(const ReleasePlan& p) {
  return p.env ? fmt::format(" in `{}`", *p.env) : std::string(": no environments are declared");
}

std::string nothing_to_stop(const ReleasePlan& p) {
  if (p.first_deployment) return "first deployment";
  if (!p.base_triggers_started) return "triggers were stopped" + env_phrase(p);
  return "no started trigger is changed, removed or fires a changed or removed pipeline";
}

std::string nothing_to_start(const ReleasePlan& p) {
  if (!p.triggers_started) return "triggers are stopped" + env_phrase(p);
  return "the factory has no triggers";
}

// ---- scripts ------------------------------------------------------------------------------------------------------

bool plain_word(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == ':';
  });
}

std::string sh_quote(const std::string& s) {
  if (plain_word(s)) return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// A PowerShell single-quoted string. PowerShell also takes the typographic quotes U+2018-U+201B for `'`, so each of
// them is doubled too (a name from a base template could otherwise end the string and run what follows).
std::string ps_quote(const std::string& s) {
  std::string q = "'";
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\'') {
      q += "''";
    } else if (s[i] == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] >= '\x98' && s[i + 2] <= '\x9B') {
      q += s.substr(i, 3) + s.substr(i, 3);
      i += 2;
    } else {
      q += s[i];
    }
  }
  return q + "'";
}

struct ScriptKind {
  std::string verb;      // stop | start
  std::string past;      // stopped | started
  std::string when;      // comment: when to run it
  std::string cmdlet;    // Stop-AzDataFactoryV2Trigger | Start-...
  std::string function;  // Stop-PlannedTrigger | Start-...
};

std::string script_header(const ReleasePlan& p, const ScriptKind& k, std::string_view usage) {
  std::string s;
  s += fmt::format("# {}\n", k.when);
  s += fmt::format("# Generated by `schedc plan{}`; planned for factory {}.\n", p.env ? fmt::format(" --env {}", *p.env) : "",
                   p.factory ? *p.factory : "(not declared)");
  s += fmt::format("# Usage: {}\n", usage);
  return s;
}

std::string bash_script(const ReleasePlan& p, const ScriptKind& k, const std::vector<std::string>& triggers,
                        const std::string& nothing) {
  std::string file = fmt::format("{}-triggers.sh", k.verb);
  std::string s = "#!/usr/bin/env bash\n";
  s += script_header(p, k, fmt::format("./{} RESOURCE_GROUP FACTORY", file));
  s += "set -euo pipefail\n\n";
  s += "if [ \"$#\" -ne 2 ]; then\n";
  s += fmt::format("  echo \"usage: $0 RESOURCE_GROUP FACTORY\" >&2\n");
  s += "  exit 2\nfi\n";
  s += "resource_group=\"$1\"\nfactory=\"$2\"\n";
  if (p.factory) {
    s += fmt::format("planned_factory={}\n", sh_quote(*p.factory));
    s += "if [ \"$factory\" != \"$planned_factory\" ]; then\n";
    s += "  echo \"warning: this plan was made for factory $planned_factory, not $factory\" >&2\nfi\n";
  }
  s += "\n";
  if (triggers.empty()) {
    s += fmt::format("echo {}\n", sh_quote(fmt::format("nothing to {} ({})", k.verb, nothing)));
    return s;
  }
  s += fmt::format("{}_trigger() {{\n", k.verb);
  s += fmt::format("  echo \"{}ing trigger $1 (factory $factory, resource group $resource_group)\"\n",
                   k.verb == "stop" ? "stopp" : "start");
  s += fmt::format(
      "  az datafactory trigger {} --resource-group \"$resource_group\" --factory-name \"$factory\" --name \"$1\"\n}}\n\n", k.verb);
  for (const auto& t : triggers) s += fmt::format("{}_trigger {}\n", k.verb, sh_quote(t));
  s += fmt::format("echo \"{} {}\"\n", k.past, plural(triggers.size(), "trigger"));
  return s;
}

std::string ps_script(const ReleasePlan& p, const ScriptKind& k, const std::vector<std::string>& triggers,
                      const std::string& nothing) {
  std::string file = fmt::format("{}-Triggers.ps1", k.verb == "stop" ? "Stop" : "Start");
  std::string s = script_header(p, k, fmt::format("./{} -ResourceGroupName RESOURCE_GROUP -DataFactoryName FACTORY", file));
  s += "param(\n";
  s += "    [Parameter(Mandatory = $true)][string]$ResourceGroupName,\n";
  s += "    [Parameter(Mandatory = $true)][string]$DataFactoryName\n";
  s += ")\n";
  s += "$ErrorActionPreference = 'Stop'\n";
  s += "Set-StrictMode -Version Latest\n";
  if (p.factory) {
    s += fmt::format("$PlannedFactoryName = {}\n", ps_quote(*p.factory));
    s += "if ($DataFactoryName -ne $PlannedFactoryName) {\n";
    s += "    Write-Warning \"this plan was made for factory $PlannedFactoryName, not $DataFactoryName\"\n}\n";
  }
  s += "\n";
  if (triggers.empty()) {
    s += fmt::format("Write-Host {}\n", ps_quote(fmt::format("nothing to {} ({})", k.verb, nothing)));
    return s;
  }
  s += fmt::format("function {}([string]$Name) {{\n", k.function);
  s += fmt::format("    Write-Host \"{}ing trigger $Name (factory $DataFactoryName, resource group $ResourceGroupName)\"\n",
                   k.verb == "stop" ? "stopp" : "start");
  s += fmt::format(
      "    {} -ResourceGroupName $ResourceGroupName -DataFactoryName $DataFactoryName -Name $Name -Force | Out-Null\n}}\n\n",
      k.cmdlet);
  for (const auto& t : triggers) s += fmt::format("{} {}\n", k.function, ps_quote(t));
  s += fmt::format("Write-Host \"{} {}\"\n", k.past, plural(triggers.size(), "trigger"));
  return s;
}

}  // namespace

// ---- sides ----------------------------------------------------------------------------------------------------------

ArmSide directory_side(const std::string& dir) {
  // The previous release's output is as untrusted as the sources: its files are read without following a symbolic
  // link in any component and without blocking on a FIFO (cli/safe_fs.hpp); anything else counts as absent.
  return ArmSide{[dir](const std::string& rel) -> std::optional<std::string> {
                   const Fd root = open_directory(dir);
                   if (!root) return std::nullopt;
                   const Fd file = open_beneath(root.get(), rel, O_RDONLY);
                   struct stat st {};
                   if (!file || ::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
                   std::string out;
                   char buffer[65536];
                   for (;;) {
                     const ssize_t n = ::read(file.get(), buffer, sizeof buffer);
                     if (n < 0 && errno == EINTR) continue;
                     if (n < 0) return std::nullopt;
                     if (n == 0) break;
                     out.append(buffer, static_cast<std::size_t>(n));
                   }
                   return out;
                 },
                 dir};
}

ArmSide generated_side(const codegen::OutputFiles& files) {
  std::map<std::string, std::string> by_path;
  for (const auto& f : files) by_path.emplace(f.path, f.content);
  return ArmSide{[by_path = std::move(by_path)](const std::string& rel) -> std::optional<std::string> {
                   auto it = by_path.find(rel);
                   if (it == by_path.end()) return std::nullopt;
                   return it->second;
                 },
                 ""};
}

// ---- the plan -------------------------------------------------------------------------------------------------------

PlanOutcome make_plan(const ArmSide& next, const std::optional<ArmSide>& base, const std::string& env) {
  try {
    ReleasePlan plan;
    std::vector<std::string> warnings;
    if (!env.empty()) plan.env = env;
    if (base) plan.base = base->label;

    // The new side: ENV must be one of its environments, and is required when there are any.
    auto next_envs = read_release(next);
    Factory now;
    now.exists = true;
    std::string params = kGitParameters;
    if (env.empty()) {
      if (!next_envs.empty())
        fail(kUsageError, fmt::format("--env is required: the project declares environments {}", env_list(next_envs)),
             "pass the environment the release deploys to, e.g. `--env " + next_envs.begin()->first + "`");
    } else {
      auto it = next_envs.find(env);
      if (it == next_envs.end()) {
        if (next_envs.empty())
          fail(kUsageError, fmt::format("unknown environment `{}`: the project declares no environments", env),
               "omit --env: without environments there is one factory, deployed with "
               "arm/ARMTemplateParametersForFactory.json");
        fail(kUsageError, fmt::format("unknown environment `{}`", env),
             fmt::format("the project declares environments {}", env_list(next_envs)));
      }
      now.name = it->second.factory;
      now.started = it->second.started;
      params = "arm/parameters/" + env + ".json";
    }
    now.entities = resolve(next, params);

    // The base: the same environment in the previous release.
    Factory old;
    if (base) {
      auto base_envs = read_release(*base);
      std::string base_params = kGitParameters;
      bool load = true;
      if (!env.empty()) {
        if (auto it = base_envs.find(env); it != base_envs.end()) {
          old.name = it->second.factory;
          old.started = it->second.started;
          base_params = "arm/parameters/" + env + ".json";
        } else if (base_envs.empty()) {
          warnings.push_back(fmt::format(
              "the base `{}` declares no environments: the plan compares with its git-environment values and takes its "
              "triggers as stopped; if triggers run in `{}`, stop those that change before deploying",
              base->label, env));
        } else {
          load = false;
          warnings.push_back(fmt::format("environment `{}` is not in the base `{}`: planned as a first deployment", env,
                                         base->label));
        }
      } else if (!base_envs.empty()) {
        warnings.push_back(fmt::format(
            "the base `{}` declares environments ({}) and the sources none: the plan compares with the base's "
            "git-environment values and takes its triggers as stopped",
            base->label, env_list(base_envs)));
      }
      if (load) {
        old.exists = true;
        old.entities = resolve(*base, base_params);
      }
      if (old.exists && old.name && now.name && *old.name != *now.name) {
        warnings.push_back(fmt::format(
            "the factory of `{}` changed from {} to {}: planned as a first deployment of {}; {} is left as it is "
            "(stop its triggers there if it should no longer run)",
            env, *old.name, *now.name, *now.name, *old.name));
        old = Factory{};
      }
    }
    plan.factory = now.name;
    plan.first_deployment = !old.exists;
    plan.triggers_started = now.started;
    plan.base_triggers_started = old.exists && old.started;

    // Added, changed, removed (maps iterate in (type, name) order, so the lists come out sorted).
    std::set<std::string> touched_pipelines;  // changed or removed
    for (const auto& [key, props] : now.entities) {
      auto it = old.entities.find(key);
      if (it == old.entities.end()) {
        plan.added.push_back(key);
      } else if (it->second != props) {
        plan.changed.push_back(key);
        if (key.type == "pipelines") touched_pipelines.insert(key.name);
      } else {
        ++plan.unchanged;
      }
    }
    for (const auto& [key, props] : old.entities)
      if (!now.entities.count(key)) {
        plan.removed.push_back(key);
        if (key.type == "pipelines") touched_pipelines.insert(key.name);
      }

    // Stop before: started triggers of the base that the deployment touches (or that must no longer run).
    if (plan.base_triggers_started) {
      for (const auto& [key, props] : old.entities) {
        if (key.type != "triggers") continue;
        auto it = now.entities.find(key);
        bool stop = it == now.entities.end() || it->second != props || !now.started;
        if (!stop) {
          std::set<std::string> fired;
          fired_pipelines(props, fired);
          for (const auto& pl : fired) stop = stop || touched_pipelines.count(pl) > 0;
        }
        if (stop) plan.stop_before.push_back(key.name);
      }
    }
    // Start after: every trigger of the new factory, when ENV's triggers are started.
    if (now.started)
      for (const auto& [key, props] : now.entities)
        if (key.type == "triggers") plan.start_after.push_back(key.name);

    if (!now.name)
      warnings.push_back(fmt::format("{}: pass the factory name at deployment (ARM parameter `factoryName`) and to the "
                                     "scripts",
                                     plan.env ? fmt::format("environment `{}` declares no factory", *plan.env)
                                              : std::string("no environments are declared, so no factory name either")));
    warnings.push_back(
        "an incremental ARM deployment deletes nothing: entities absent from the template (the removed ones "
        "included) stay in the factory; deleting them (as Microsoft's post-deployment script does) is only safe "
        "when the template holds every model of the factory, i.e. when all repositories that deploy to it were "
        "compiled together");
    std::sort(warnings.begin(), warnings.end());
    plan.warnings = std::move(warnings);
    std::sort(plan.stop_before.begin(), plan.stop_before.end());
    std::sort(plan.start_after.begin(), plan.start_after.end());
    return PlanOutcome{std::move(plan), kOk, {}, {}};
  } catch (const Failure& f) {
    return PlanOutcome{std::nullopt, f.code, f.message, f.help};
  }
}

// ---- rendering --------------------------------------------------------------------------------------------------------

std::string render_plan_text(const ReleasePlan& p) {
  std::string s;
  if (!p.env)
    s = "release plan (no environments declared; factory named at deployment)";
  else if (p.factory)
    s = fmt::format("release plan for environment `{}` (factory {})", *p.env, *p.factory);
  else
    s = fmt::format("release plan for environment `{}` (factory not declared: named at deployment)", *p.env);
  if (p.base.empty())
    s += ", no base: first deployment\n";
  else
    s += fmt::format(", base `{}`{}\n", p.base, p.first_deployment ? " (first deployment of this factory)" : "");

  if (p.stop_before.empty()) {
    s += fmt::format("stop before deploying: nothing ({})\n", nothing_to_stop(p));
  } else {
    s += fmt::format("stop before deploying: {}\n", plural(p.stop_before.size(), "trigger"));
    for (const auto& t : p.stop_before) s += fmt::format("  {}\n", printable_line(t));
  }

  s += fmt::format("deploy: {} added, {} changed, {} removed, {} unchanged\n", p.added.size(), p.changed.size(),
                   p.removed.size(), p.unchanged);
  for (const auto& e : p.added) s += fmt::format("  + {}/{}\n", printable_line(e.type), printable_line(e.name));
  for (const auto& e : p.changed) s += fmt::format("  ~ {}/{}\n", printable_line(e.type), printable_line(e.name));
  for (const auto& e : p.removed) s += fmt::format("  - {}/{}\n", printable_line(e.type), printable_line(e.name));

  if (p.start_after.empty()) {
    s += fmt::format("start after deploying: nothing ({})\n", nothing_to_start(p));
  } else {
    s += fmt::format("start after deploying: {}\n", plural(p.start_after.size(), "trigger"));
    for (const auto& t : p.start_after) s += fmt::format("  {}\n", printable_line(t));
  }
  for (const auto& w : p.warnings) s += fmt::format("warning: {}\n", printable_line(w));
  return s;
}

std::string render_plan_json(const ReleasePlan& p) {
  using OJson = nlohmann::ordered_json;
  auto entities = [](const std::vector<PlanEntity>& list) {
    OJson a = OJson::array();
    for (const auto& e : list) a.push_back(OJson{{"type", e.type}, {"name", e.name}});
    return a;
  };
  OJson root;
  root["version"] = 1;
  root["env"] = p.env ? OJson(*p.env) : OJson(nullptr);
  root["factory"] = p.factory ? OJson(*p.factory) : OJson(nullptr);
  root["first_deployment"] = p.first_deployment;
  root["stop_before"] = p.stop_before;
  root["added"] = entities(p.added);
  root["changed"] = entities(p.changed);
  root["removed"] = entities(p.removed);
  root["start_after"] = p.start_after;
  root["warnings"] = p.warnings;
  return root.dump(2, ' ', false, OJson::error_handler_t::replace) + "\n";
}

codegen::OutputFiles plan_scripts(const ReleasePlan& p) {
  std::string release = p.env ? fmt::format("the release of environment `{}`", *p.env) : std::string("the release");
  ScriptKind stop{"stop", "stopped",
                  "Run before deploying " + release + ": stops the started triggers that the deployment changes or removes.",
                  "Stop-AzDataFactoryV2Trigger", "Stop-PlannedTrigger"};
  ScriptKind start{"start", "started", "Run after deploying " + release + ": starts the triggers that should run.",
                   "Start-AzDataFactoryV2Trigger", "Start-PlannedTrigger"};
  std::string no_stop = nothing_to_stop(p), no_start = nothing_to_start(p);
  return {
      {"stop-triggers.sh", bash_script(p, stop, p.stop_before, no_stop)},
      {"start-triggers.sh", bash_script(p, start, p.start_after, no_start)},
      {"Stop-Triggers.ps1", ps_script(p, stop, p.stop_before, no_stop)},
      {"Start-Triggers.ps1", ps_script(p, start, p.start_after, no_start)},
  };
}

// ---- the command ------------------------------------------------------------------------------------------------------

CLI::App* add_plan_command(CLI::App& app, std::vector<std::string>& paths, PlanOptions& o) {
  auto* plan = app.add_subcommand("plan", "Plan a release: triggers to stop and start, entities added/changed/removed");
  plan->add_option("paths", paths, ".sched files or directories to search for them (default: the current directory)");
  plan->add_option("--env", o.env, "The environment the release deploys to (required when environments are declared)");
  plan->add_option("--base", o.base, "The `build --out` directory of the previous release (none: first deployment)");
  plan->add_option("--format", o.format, "How the plan is printed")->check(CLI::IsMember({"text", "json"}))->default_str("text");
  plan->add_option("--scripts", o.scripts_dir, "Also write stop/start scripts (bash and PowerShell) into this directory");
  return plan;
}

namespace {

// Write the scripts; "" when done, else why not. Each replaces its file atomically (cli/safe_fs.hpp): a symbolic
// link at a script's path is replaced, never written through, and `dir` itself must not be a link.
std::string write_scripts(const std::string& dir, const codegen::OutputFiles& scripts) {
  std::error_code ec;
  fs::path path = fs::path(dir).lexically_normal();
  if (path.filename().empty()) path = path.parent_path();
  if (is_symlink(path.string()))
    return fmt::format("`{}` is a symbolic link: schedc never writes through a link; give the directory itself", dir);
  if (fs::exists(path, ec) && !fs::is_directory(path, ec)) return fmt::format("`{}` exists and is not a directory", dir);
  fs::create_directories(path, ec);
  if (ec) return fmt::format("cannot create directory `{}`: {}", dir, ec.message());
  Fd folder = open_directory(path.string());
  if (!folder) return fmt::format("cannot open directory `{}`: {}", dir, std::strerror(errno));
  for (const auto& f : scripts) {
    const unsigned mode = fs::path(f.path).extension() == ".sh" ? 0755 : 0644;
    if (auto why = replace_file(folder.get(), f.path, f.content, mode, (fs::path(dir) / f.path).generic_string()); !why.empty())
      return why;
  }
  return {};
}

}  // namespace

int run_plan(const ir::Project& project, const codegen::OutputFiles& files, const PlanOptions& o, std::ostream& out,
             std::ostream& err) {
  auto usage = [&](const std::string& message, const std::string& help) {
    err << "schedc: error: " << message << "\n";
    if (!help.empty()) err << "help: " << help << "\n";
    return kUsageError;
  };
  // Usage errors first, before comparing anything.
  std::vector<std::string> names;
  for (const auto& e : project.environments) names.push_back(e.name);
  if (o.env.empty() && !names.empty())
    return usage(fmt::format("--env is required: the project declares environments {}", fmt::join(names, ", ")),
                 "pass the environment the release deploys to, e.g. `--env " + names.front() + "`");
  if (!o.env.empty() && std::find(names.begin(), names.end(), o.env) == names.end()) {
    if (names.empty())
      return usage(fmt::format("unknown environment `{}`: the project declares no environments", o.env),
                   "omit --env: without environments there is one factory, deployed with "
                   "arm/ARMTemplateParametersForFactory.json");
    return usage(fmt::format("unknown environment `{}`", o.env), fmt::format("the project declares environments {}", fmt::join(names, ", ")));
  }
  std::optional<ArmSide> base;
  if (!o.base.empty()) {
    std::error_code ec;
    const std::string help =
        "pass the `--out` directory of the previous release's `schedc build` (with the ARM target), or omit --base "
        "for a first deployment";
    if (!fs::exists(o.base, ec)) return usage(fmt::format("`{}` is not a schedc output directory: it does not exist", o.base), help);
    if (!fs::is_directory(o.base, ec))
      return usage(fmt::format("`{}` is not a schedc output directory: it is not a directory", o.base), help);
    for (const char* rel : {kTemplate, kRelease})
      if (!fs::is_regular_file(fs::path(o.base) / rel, ec))
        return usage(fmt::format("`{}` is not a schedc output directory with ARM output: `{}` is missing", o.base,
                                 (fs::path(o.base) / rel).generic_string()),
                     help);
    base = directory_side(o.base);
  }

  bool has_arm = std::any_of(files.begin(), files.end(), [](const auto& f) { return f.path == kTemplate; });
  if (!has_arm) {
    err << "schedc: internal error: this build of schedc has no ARM target (`arm`), which `plan` needs\n";
    return kInternalError;
  }
  auto outcome = make_plan(generated_side(files), base, o.env);
  if (!outcome.plan) {
    err << (outcome.code == kInternalError ? "schedc: internal error: " : "schedc: error: ") << outcome.error << "\n";
    if (!outcome.help.empty()) err << "help: " << outcome.help << "\n";
    return outcome.code;
  }
  const auto& plan = *outcome.plan;
  if (!o.scripts_dir.empty()) {
    auto scripts = plan_scripts(plan);
    if (auto why = write_scripts(o.scripts_dir, scripts); !why.empty()) {
      err << "schedc: error: " << why << "\n";
      return kUsageError;
    }
  }
  if (o.format == "json") {
    out << render_plan_json(plan);
  } else {
    out << render_plan_text(plan);
    if (!o.scripts_dir.empty())
      out << fmt::format("wrote stop-triggers.sh, start-triggers.sh, Stop-Triggers.ps1 and Start-Triggers.ps1 to `{}`\n",
                         o.scripts_dir);
  }
  return kOk;
}

}  // namespace schedc::cli
