#include "cli/usage.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/safe_fs.hpp"
#include "compiler/diagnostics.hpp"

namespace schedc::cli {

namespace {

std::vector<CLI::App*> visible_subcommands(CLI::App& app) {
  return app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); });
}

std::vector<std::string> long_options(const CLI::App& app) {
  std::vector<std::string> out{"--help"};
  for (const CLI::Option* o : app.get_options())
    for (const auto& n : o->get_lnames()) out.push_back("--" + n);
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::string option_name(const std::string& arg) { return arg.substr(0, arg.find('=')); }

}  // namespace

UsageProblem diagnose_usage(CLI::App& app, const std::vector<std::string>& args) {
  const auto subs = visible_subcommands(app);
  std::vector<std::string> names;
  for (const auto* s : subs) names.push_back(s->get_name());
  // The subcommand is the first argument that names one; options before it are out of place.
  std::size_t i = 0;
  CLI::App* sub = nullptr;
  for (; i < args.size() && sub == nullptr; ++i)
    for (auto* s : subs)
      if (s->get_name() == args[i]) sub = s;
  if (sub == nullptr) {
    std::string word;
    for (const auto& a : args)
      if (!a.empty() && a[0] != '-') {
        word = a;
        break;
      }
    if (word.empty()) {
      for (const auto& a : args) {
        const std::string name = option_name(a);
        if (name != "--help" && name != "-h" && name != "--version")
          return {fmt::format("unknown option `{}`", printable_line(name)),
                  fmt::format("schedc needs a subcommand first: {}; its options go after it (run `schedc --help`)",
                              fmt::join(names, ", "))};
      }
      return {fmt::format("a subcommand is required: {}", fmt::join(names, ", ")), "run `schedc --help`"};
    }
    const std::string guess = closest(word, std::span<const std::string>(names));
    return {fmt::format("unknown subcommand `{}`", printable_line(word)),
            guess.empty() ? fmt::format("the subcommands are {}; run `schedc --help`", fmt::join(names, ", "))
                          : fmt::format("did you mean `schedc {}`? Run `schedc --help` for every subcommand", guess)};
  }
  const std::string word = sub->get_name();
  const std::vector<std::string> early(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(i - 1));
  const auto longs = long_options(*sub);
  for (const auto& e : early) {
    if (e.empty() || e[0] != '-') continue;
    const std::string name = option_name(e);
    if (name == "--help" || name == "-h" || name == "--version") continue;
    return {fmt::format("`{}` goes after the subcommand", printable_line(name)),
            fmt::format("write `schedc {} {} ...`", word, printable_line(name))};
  }
  for (std::size_t k = i; k < args.size(); ++k) {
    if (args[k] == "--") break;
    if (args[k].rfind("--", 0) != 0) continue;
    const std::string name = option_name(args[k]);
    if (has(longs, name)) continue;
    const std::string guess = closest(name, std::span<const std::string>(longs));
    return {fmt::format("unknown option `{}` for `schedc {}`", printable_line(name), word),
            guess.empty() ? fmt::format("run `schedc {} --help` for its options", word)
                          : fmt::format("did you mean `{}`? Run `schedc {} --help` for its options", guess, word)};
  }
  return {};
}

}  // namespace schedc::cli
