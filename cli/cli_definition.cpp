#include "cli/cli_definition.hpp"

#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace schedc::cli {

namespace {

constexpr const char* kCommandName = "__cli-definition";

// The values of an option checked by CLI::IsMember, which describes itself as "{a,b,c}" in the option's type name
// ("TEXT:{a,b,c}").
std::vector<std::string> choices(const CLI::Option& opt) {
  std::vector<std::string> out;
  const std::string type = opt.get_type_name();
  const auto open = type.find(":{");
  if (open == std::string::npos) return out;
  const auto close = type.find('}', open);
  if (close == std::string::npos) return out;
  std::string item;
  for (char c : type.substr(open + 2, close - open - 2)) {
    if (c == ',') {
      out.push_back(item);
      item.clear();
    } else {
      item += c;
    }
  }
  out.push_back(item);
  return out;
}

nlohmann::ordered_json option_json(const CLI::Option& opt) {
  nlohmann::ordered_json o;
  if (opt.get_positional()) {
    o["name"] = opt.get_name();
  } else {
    std::vector<std::string> names;
    for (const auto& n : opt.get_lnames()) names.push_back("--" + n);
    for (const auto& n : opt.get_snames()) names.push_back("-" + n);
    o["names"] = names;
  }
  o["description"] = opt.get_description();
  const bool flag = opt.get_expected_max() == 0;  // a flag takes no value
  if (!flag) {
    std::string type = opt.get_type_name();
    o["value"] = type.substr(0, type.find(':'));
    if (auto c = choices(opt); !c.empty()) o["choices"] = c;
    if (!opt.get_default_str().empty()) o["default"] = opt.get_default_str();
  }
  o["required"] = opt.get_required();
  o["repeatable"] = opt.get_items_expected_max() > 1 || opt.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
  return o;
}

nlohmann::ordered_json options_json(const CLI::App& app, bool positional) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_positional() != positional || opt->get_group().empty()) continue;  // an empty group hides it
    list.push_back(option_json(*opt));
  }
  return list;
}

}  // namespace

CLI::App* add_cli_definition_command(CLI::App& app) {
  auto* sub = app.add_subcommand(kCommandName, "Print the command line's definition as JSON (for the man page and completions)");
  sub->group("");  // hidden from --help
  return sub;
}

void write_cli_definition(CLI::App& app, std::ostream& out) {
  nlohmann::ordered_json doc;
  doc["name"] = app.get_name();
  doc["version"] = SCHEDC_VERSION;
  doc["description"] = app.get_description();
  doc["footer"] = app.get_footer();
  doc["options"] = options_json(app, false);
  nlohmann::ordered_json subs = nlohmann::ordered_json::array();
  const CLI::App& definition = app;
  for (const CLI::App* sub : definition.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    nlohmann::ordered_json s;
    s["name"] = sub->get_name();
    s["description"] = sub->get_description();
    s["positionals"] = options_json(*sub, true);
    s["options"] = options_json(*sub, false);
    subs.push_back(std::move(s));
  }
  doc["subcommands"] = std::move(subs);
  out << doc.dump(2) << "\n";
}

}  // namespace schedc::cli
