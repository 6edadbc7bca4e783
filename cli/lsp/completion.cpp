#include "cli/lsp/completion.hpp"

#include <algorithm>
#include <set>

#include "compiler/adf_input/arm_parameters.hpp"
#include "compiler/lower/keys.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace schedc::cli::lsp {
namespace {

// CompletionItemKind values of the protocol.
constexpr int kItemModule = 9, kItemProperty = 10, kItemKeyword = 14, kItemReference = 18, kItemEnumMember = 20;

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '.'; }

struct Frame {
  bool declaration = false;
  std::string label;  // the declaration's kind, or the key of a nested block / a value's block ("per_env" for per_env)
  std::string key;    // the latest key of an entry in this block (`key =`)
};

}  // namespace

CompletionContext completion_context(std::string_view text, std::uint32_t offset) {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  std::vector<Frame> stack;
  std::string statement_first;  // top level: the first word of the declaration being written
  // The last two significant tokens before the cursor in the current block: "=" , "{", a word, "str".
  std::string last, before_last;
  auto push_token = [&](std::string t) {
    before_last = std::move(last);
    last = std::move(t);
  };
  CompletionContext cx;
  std::size_t i = 0;
  bool in_string = false;
  while (i < offset) {
    const char c = text[i];
    if (c == '#') {  // a comment to the end of the line
      while (i < offset && text[i] != '\n') ++i;
      continue;
    }
    if (c == '"') {
      std::size_t j = i + 1;
      while (j < text.size() && text[j] != '"' && text[j] != '\n') j += text[j] == '\\' ? 2 : 1;
      if (j >= offset) {  // the cursor is inside this string
        in_string = true;
        cx.string_begin = static_cast<std::uint32_t>(i + 1);
        cx.zone_string = last == "in" && before_last == "str";  // `cron "..." in "`: only a zone is a string after `in`
        break;
      }
      push_token("str");
      i = j + 1;
      continue;
    }
    if (c == '{') {
      Frame f;
      if (stack.empty()) {
        f.declaration = true;
        f.label = statement_first;
      } else if (last == "per_env") {
        f.label = "per_env";
      } else if ((last == "str" || !last.empty()) && before_last == "=") {
        f.label = stack.back().key;  // a value's block: `cluster = general {`, `notebook = "/nb" {`
      } else if (last == "str" || last == "=" || last == "{" || last == "}") {
        f.label = stack.back().key;
      } else {
        f.label = last;  // a nested block: `requires {`
      }
      stack.push_back(std::move(f));
      last.clear();
      before_last.clear();
      statement_first.clear();
      ++i;
      continue;
    }
    if (c == '}') {
      if (!stack.empty()) stack.pop_back();
      last = "}";
      before_last.clear();
      ++i;
      continue;
    }
    if (c == '=') {
      if (!stack.empty() && !last.empty() && last != "=" && last != "{" && last != "}") stack.back().key = last == "str" ? "" : last;
      push_token("=");
      ++i;
      continue;
    }
    if (ident_start(c)) {
      std::size_t j = i;
      while (j < text.size() && ident_char(text[j])) ++j;
      if (j >= offset) break;  // the word being written
      std::string word(text.substr(i, j - i));
      if (stack.empty() && statement_first.empty()) statement_first = word;
      push_token(std::move(word));
      i = j;
      continue;
    }
    if (c == '\n' && !stack.empty() && last != "=") {
      // A new line ends a value (entries may share a line, but a value never continues after `=` ends it).
      if (last != "" && last != "{" && last != "}") before_last = last, last = "\n";
    }
    ++i;
  }
  cx.in_string = in_string;
  cx.top_level = stack.empty();
  if (!stack.empty()) {
    cx.kind = stack.front().label;
    for (std::size_t k = 1; k < stack.size(); ++k) cx.path.push_back(stack[k].label);
    cx.value = last == "=";
    cx.key = stack.back().key;
    if (!cx.value && last != "\n" && last != "{" && last != "}" && last != "str" && !last.empty()) cx.previous_word = last;
    if (last == "str" || (last != "=" && before_last == "=" && last != "\n")) cx.previous_word = last;
  }
  return cx;
}

std::vector<Completion> complete(std::string_view text, std::uint32_t offset, const lower::SymbolIndex* index) {
  const CompletionContext cx = completion_context(text, offset);
  std::vector<Completion> out;
  if (cx.in_string) {
    if (!cx.zone_string) return out;
    // The zone names of the tz database that start with what is written (case aside), in its sorted order.
    const std::string_view written = text.substr(cx.string_begin, std::min<std::size_t>(offset, text.size()) - cx.string_begin);
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    for (const auto& zone : schedule::tz::zone_names()) {
      if (zone.size() < written.size()) continue;
      bool match = true;
      for (std::size_t k = 0; k < written.size() && match; ++k) match = lower(zone[k]) == lower(written[k]);
      if (match) out.push_back({zone, kItemEnumMember, "time zone", cx.string_begin});
    }
    return out;
  }
  auto names = [&](lower::SymbolKind kind, const char* what) {
    if (!index) return;
    for (const auto& [name, sym] : index->symbols.table(kind)) out.push_back({name, kItemReference, what});
  };
  if (cx.top_level) {
    for (auto k : lower::kDeclarationKinds) out.push_back({std::string(k), kItemKeyword, "declaration"});
    out.push_back({"use", kItemKeyword, "use a stdlib module or a file"});
    return out;
  }
  const bool in_requires = cx.kind == "model" && cx.path.size() == 1 && cx.path.front() == "requires";
  if (in_requires) {
    if (cx.previous_word == "model") {
      names(lower::SymbolKind::Model, "model");
    } else if (cx.previous_word == "in") {
      names(lower::SymbolKind::Storage, "storage");
    } else if (cx.previous_word == "str" || cx.previous_word.empty() || cx.previous_word == "check" ||
               std::all_of(cx.previous_word.begin(), cx.previous_word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      for (auto k : lower::kPrerequisiteKinds) out.push_back({std::string(k), kItemKeyword, "prerequisite"});
    } else {
      for (auto k : {"wait", "every", "check", "within", "in"}) out.push_back({k, kItemKeyword, "prerequisite clause"});
    }
    return out;
  }
  if (cx.value) {
    const auto words = lower::key_words(cx.kind, cx.path, cx.key);
    for (auto w : words) out.push_back({std::string(w), kItemEnumMember, cx.key});
    if (!words.empty()) return out;
    if (cx.path.empty() || (cx.path.size() == 1 && cx.kind == "project")) {
      if (cx.key == "workspace") names(lower::SymbolKind::Workspace, "workspace");
      else if (cx.key == "cluster") names(lower::SymbolKind::ClusterProfile, "cluster profile");
      else if (cx.key == "git_environment") names(lower::SymbolKind::Environment, "environment");
      else if (cx.key == "schedule") out.push_back({"cron", kItemKeyword, "cron \"MIN HOUR DOM MON DOW\" in \"ZONE\""});
      else if (cx.key == "storage") names(lower::SymbolKind::Storage, "storage");
    }
    if (out.empty()) {
      out.push_back({"per_env", kItemKeyword, "a value per environment"});
      out.push_back({"secret", kItemKeyword, "secret \"NAME\" in KEYVAULT"});
    }
    return out;
  }
  if (cx.previous_word == "in") {  // `secret "NAME" in VAULT`, `markers = "PATH" in STORAGE`
    names(lower::SymbolKind::KeyVault, "keyvault");
    names(lower::SymbolKind::Storage, "storage");
    return out;
  }
  if (cx.kind == "environment" && cx.path.size() == 1 && cx.path.front() == "arm_parameters") {
    // The ARM parameters of the hand-written ADF entities (with `--adf` in the settings), as the parameter files name
    // them (compiler/adf_input/arm_parameters.hpp).
    if (index)
      for (const auto& h : adf_input::handwritten_parameters(index->project))
        if (h.type == "string")
          out.push_back({h.parameter.name, kItemProperty, "ARM parameter of " + h.entity->kind + " `" + h.entity->name + "`"});
    std::sort(out.begin(), out.end(), [](const Completion& a, const Completion& b) { return a.label < b.label; });
    out.erase(std::unique(out.begin(), out.end(), [](const Completion& a, const Completion& b) { return a.label == b.label; }),
              out.end());
    return out;
  }
  const auto keys = lower::block_keys(cx.kind, cx.path);
  for (auto k : keys) out.push_back({std::string(k), kItemProperty, cx.kind + (cx.path.empty() ? "" : " " + cx.path.back()) + " key"});
  if (cx.kind == "model" && cx.path.empty()) out.push_back({"requires", kItemModule, "prerequisites"});
  std::sort(out.begin(), out.end(), [](const Completion& a, const Completion& b) { return a.label < b.label; });
  out.erase(std::unique(out.begin(), out.end(), [](const Completion& a, const Completion& b) { return a.label == b.label; }),
            out.end());
  return out;
}

}  // namespace schedc::cli::lsp
