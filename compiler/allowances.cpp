#include "compiler/allowances.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

namespace schedc {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Where each declaration and entry starts, and where it ends (the outermost one at each start).
class Starts {
 public:
  explicit Starts(const syntax::File& file) {
    for (const auto& d : file.decls) {
      add(d.span);
      body(d.body);
    }
  }
  [[nodiscard]] std::optional<std::uint32_t> end_of(std::uint32_t begin) const {
    auto it = ends_.find(begin);
    if (it == ends_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::uint32_t, std::uint32_t> ends_;
  void add(Span s) {
    auto& e = ends_[s.begin];
    e = std::max(e, s.end);
  }
  void body(const syntax::Body& b) {
    for (const auto& e : b.entries) {
      add(e.span);
      if (e.nested) body(*e.nested);
      value(e.value);
    }
  }
  void value(const syntax::Value& v) {
    if (v.block) body(*v.block);
    for (const auto& item : v.items) value(item);
    for (const auto& p : v.per_env()) value(p.value);
  }
};

}  // namespace

std::vector<Allowance> collect_allowances(const syntax::File& file, FileId id, std::string_view text, Diagnostics& diags) {
  std::vector<Allowance> out;
  std::optional<Starts> starts;
  SCHEDC_DIAGNOSTIC(AllowanceProblem, InvalidAllowance, "{}", std::string_view);
  for (const auto& c : file.comments) {
    std::string_view t = trim(c.text);
    constexpr std::string_view kPrefix = "schedc allow";
    if (t.substr(0, kPrefix.size()) != kPrefix) continue;
    t.remove_prefix(kPrefix.size());
    t = t.substr(0, t.find('#'));  // the allowance ends at a `#` (another comment may follow it)
    if (!t.empty() && t.front() != ' ' && t.front() != '\t' && t.front() != ':') continue;  // "schedc allowed ..."
    const Span span{id, c.span.begin, c.span.end};
    const auto colon = t.find(':');
    Allowance a;
    a.comment = span;
    a.reason = colon == std::string_view::npos ? "" : std::string(trim(t.substr(colon + 1)));
    std::string problem;
    std::string_view list = t.substr(0, colon);
    std::string word;
    auto take = [&]() {
      if (word.empty() || !problem.empty()) return;
      const CodeInfo* info = find_code(word);
      if (info == nullptr) {
        problem = fmt::format("`{}` is not a diagnostic code", word);
      } else if (info->severity != Severity::Warning) {
        problem = fmt::format("`{}` is an error, and errors cannot be allowed", word);
      } else if (std::find(a.codes.begin(), a.codes.end(), word) == a.codes.end()) {
        a.codes.push_back(word);
      }
      word.clear();
    };
    for (char ch : list) {
      if (ch == ',' || ch == ' ' || ch == '\t') {
        take();
      } else {
        word += ch;
      }
    }
    take();
    if (problem.empty() && a.codes.empty()) problem = "the allowance names no diagnostic code";
    if (problem.empty() && a.reason.empty())
      problem = fmt::format("the allowance of {} gives no reason", fmt::join(a.codes, ", "));
    if (!problem.empty()) {
      auto& d = diags.report(AllowanceProblem, span, problem);
      d.help = "write `# schedc allow SCH3007: why this warning is accepted`; only warnings can be allowed";
      continue;
    }
    a.used.assign(a.codes.size(), false);
    // At the end of a line: that line. On a line of its own: the declaration or entry that starts next.
    std::uint32_t line_start = c.span.begin;
    while (line_start > 0 && text[line_start - 1] != '\n') --line_start;
    if (!trim(text.substr(line_start, c.span.begin - line_start)).empty()) {
      a.begin = line_start;
      a.end = c.span.end;
    } else {
      std::uint32_t p = c.span.end;
      while (p < text.size()) {  // the next token, past blanks and comments
        if (text[p] == ' ' || text[p] == '\t' || text[p] == '\r' || text[p] == '\n') {
          ++p;
        } else if (text[p] == '#') {
          while (p < text.size() && text[p] != '\n') ++p;
        } else {
          break;
        }
      }
      if (!starts) starts.emplace(file);
      a.begin = p;
      if (auto end = starts->end_of(p)) {
        a.end = *end;
      } else {
        a.end = p;
        while (a.end < text.size() && text[a.end] != '\n') ++a.end;
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

void apply_allowances(std::vector<Allowance>& allowances, Diagnostics& diags, bool judge_unused) {
  // By (file, code), sorted by start: a warning looks back from its position for the innermost region holding it.
  std::map<std::pair<FileId, std::string>, std::vector<std::pair<Allowance*, std::size_t>>> by_code;
  for (auto& a : allowances)
    for (std::size_t k = 0; k < a.codes.size(); ++k) by_code[{a.comment.file, a.codes[k]}].push_back({&a, k});
  for (auto& [key, list] : by_code)
    std::sort(list.begin(), list.end(), [](const auto& x, const auto& y) {
      return std::make_tuple(x.first->begin, x.first->comment.begin) < std::make_tuple(y.first->begin, y.first->comment.begin);
    });
  constexpr std::size_t kLookBack = 256;  // regions nest; a hostile file cannot make this quadratic
  for (std::size_t i = 0; i < diags.all().size(); ++i) {
    const Diagnostic& d = diags.all()[i];
    if (d.severity != Severity::Warning || d.suppressed) continue;
    auto it = by_code.find({d.primary.file, d.code});
    if (it == by_code.end()) continue;
    const auto& list = it->second;
    auto up = std::upper_bound(list.begin(), list.end(), d.primary.begin,
                               [](std::uint32_t pos, const auto& x) { return pos < x.first->begin; });
    for (std::size_t steps = 0; up != list.begin() && steps < kLookBack; ++steps) {
      --up;
      Allowance& a = *up->first;
      if (d.primary.begin >= a.begin && d.primary.begin < std::max(a.end, a.begin + 1)) {
        a.used[up->second] = true;
        diags.suppress(i, a.reason);
        break;
      }
    }
  }
  if (!judge_unused) return;
  SCHEDC_DIAGNOSTIC(AllowsNothing, UnusedAllowance, "`{}` is allowed here, but nothing here reports it", std::string_view);
  for (const auto& a : allowances)
    for (std::size_t k = 0; k < a.codes.size(); ++k)
      if (!a.used[k]) {
        auto& d = diags.report(AllowsNothing, a.comment, a.codes[k]);
        d.help = "remove it from the allowance (or the whole comment): a stale allowance would hide the next such warning";
      }
}

void apply_project_allowances(std::vector<ProjectAllowance>& allowances, const std::vector<ModelRegion>& models,
                              const SourceManager& sources, Diagnostics& diags, bool judge_unused) {
  std::map<std::string, std::vector<Span>, std::less<>> where;  // model name -> its declarations
  for (const auto& m : models) where[m.name].push_back(m.span);
  std::map<std::string, std::vector<ProjectAllowance*>, std::less<>> by_code;
  for (auto& a : allowances) by_code[a.code].push_back(&a);
  for (std::size_t i = 0; i < diags.all().size(); ++i) {
    const Diagnostic& d = diags.all()[i];
    if (d.severity != Severity::Warning || d.suppressed) continue;
    auto it = by_code.find(d.code);
    if (it == by_code.end()) continue;
    for (ProjectAllowance* a : it->second) {
      if (sources.multi_repo()) {  // only in the repos it covers; a diagnostic without a file is in none
        if (d.primary.file == FileId{}) continue;
        const std::string& repo = sources.file(d.primary.file).repo;
        if (std::find(a->repos.begin(), a->repos.end(), repo) == a->repos.end()) continue;
      }
      bool covers = a->models.empty();
      for (const auto& name : a->models) {
        auto m = where.find(name);
        if (m == where.end()) continue;
        for (const Span& s : m->second)
          covers = covers || (s.file == d.primary.file && d.primary.begin >= s.begin && d.primary.begin < s.end);
      }
      if (!covers) continue;
      a->used = true;
      diags.suppress(i, a->reason);
      break;
    }
  }
  if (!judge_unused) return;
  SCHEDC_DIAGNOSTIC(ProjectAllowsNothing, UnusedAllowance, "`{}` is allowed by the project, but nothing {} reports it",
                    std::string_view, std::string_view);
  for (const auto& a : allowances)
    if (!a.used) {
      auto& d = diags.report(ProjectAllowsNothing, a.span, a.code,
                             !a.models.empty() ? "in those models"
                             : sources.multi_repo() ? (a.repos.size() == 1 ? "in its repo" : "in its repos")
                                                    : "in the project");
      d.help = "remove it from `project { allow { ... } }`: a stale allowance would hide the next such warning";
    }
}

}  // namespace schedc
