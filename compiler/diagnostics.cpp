#include "compiler/diagnostics.hpp"

#include <algorithm>
#include <cassert>
#include <vector>

#include <fmt/format.h>

namespace schedc {

// The registry: every diagnostic schedc can emit. Codes are stable: never renumber, never reuse.
// Ranges: SCH0xxx syntax, SCH1xxx structure and values, SCH2xxx references and modules, SCH3xxx schedules,
// SCH4xxx names and collisions, SCH5xxx secrets, SCH6xxx targets and Databricks, SCH7xxx dependencies and
// contention (whole-project analyses over time), SCH9xxx inputs.
const std::vector<CodeInfo>& diagnostic_codes() {
  static const std::vector<CodeInfo> codes = [] {
    std::vector<CodeInfo> v = {
        {"SCH0001", Severity::Error, "syntax error"},
        {"SCH0002", Severity::Error, "unterminated string"},
        {"SCH0003", Severity::Error, "invalid escape or brace in a string"},
        {"SCH0004", Severity::Error, "invalid number, duration, range or date"},
        {"SCH0005", Severity::Error, "invalid character or encoding"},
        {"SCH0006", Severity::Error, "input too deeply nested or too large"},
        {"SCH1001", Severity::Error, "unknown declaration kind"},
        {"SCH1002", Severity::Error, "unknown field"},
        {"SCH1003", Severity::Error, "duplicate field"},
        {"SCH1004", Severity::Error, "missing required field"},
        {"SCH1005", Severity::Error, "wrong type of value"},
        {"SCH1006", Severity::Error, "value out of range"},
        {"SCH1007", Severity::Error, "invalid name"},
        {"SCH1008", Severity::Error, "invalid notebook path"},
        {"SCH1009", Severity::Error, "invalid binding"},
        {"SCH1010", Severity::Error, "invalid per-environment value"},
        {"SCH1011", Severity::Error, "invalid URL or resource id"},
        {"SCH1012", Severity::Error, "prerequisite outside a requires block"},
        {"SCH1013", Severity::Error, "invalid storage path"},
        {"SCH1014", Severity::Error, "conflicting fields"},
        {"SCH1015", Severity::Error, "declaration name missing or not allowed"},
        {"SCH1016", Severity::Error, "malformed value"},
        {"SCH2001", Severity::Error, "unknown reference"},
        {"SCH2002", Severity::Error, "module not found"},
        {"SCH2003", Severity::Error, "cyclic use of modules"},
        {"SCH2004", Severity::Error, "module used without `use`"},
        {"SCH2005", Severity::Error, "dependency cycle between models"},
        {"SCH2006", Severity::Error, "success markers not configured"},
        {"SCH2007", Severity::Error, "git environment not chosen"},
        {"SCH2008", Severity::Error, "cyclic cluster profile"},
        {"SCH2009", Severity::Error, "`use` of a file outside the repos"},
        {"SCH3001", Severity::Error, "invalid cron expression"},
        {"SCH3002", Severity::Error, "unknown time zone"},
        {"SCH3003", Severity::Error, "time zone has no Windows id"},
        {"SCH3004", Severity::Error, "schedule cannot be expressed as an ADF trigger"},
        {"SCH3005", Severity::Error, "invalid schedule window"},
        {"SCH3006", Severity::Error, "a lowering fires differently from its schedule"},
        {"SCH3007", Severity::Warning, "a target runs the schedule differently around DST transitions"},
        {"SCH3008", Severity::Warning, "a fixed local time falls in a DST gap or overlap"},
        {"SCH3009", Severity::Warning, "the Windows zone's rules differ from the schedule's zone"},
        {"SCH4001", Severity::Error, "duplicate model name"},
        {"SCH4002", Severity::Error, "duplicate declaration"},
        {"SCH4003", Severity::Error, "generated name collision"},
        {"SCH4004", Severity::Error, "ADF pipeline limit exceeded"},
        {"SCH4005", Severity::Error, "Databricks job name collision"},
        {"SCH4010", Severity::Warning, "same notebook run twice"},
        {"SCH4011", Severity::Error, "factory entity limit exceeded"},
        {"SCH4012", Severity::Error, "ARM template parameter limit exceeded"},
        {"SCH5001", Severity::Error, "literal secret in source"},
        {"SCH6001", Severity::Error, "construct not supported by the model's target"},
        {"SCH6002", Severity::Error, "scheduled date not available in a Databricks-native job"},
        {"SCH6003", Severity::Error, "upstream model writes no success markers"},
        {"SCH6004", Severity::Error, "Databricks job run longer than ADF can wait"},
        {"SCH6005", Severity::Error, "schedule cannot be a Databricks (Quartz) schedule"},
        {"SCH6007", Severity::Error, "notebook parameter not expressible in a Databricks job"},
        {"SCH6008", Severity::Error, "model tags not valid as Databricks job tags"},
        {"SCH6009", Severity::Error, "value a Databricks bundle would substitute"},
        {"SCH7001", Severity::Warning, "downstream runs before its upstream"},
        {"SCH7002", Severity::Warning, "upstream does not run for a date"},
        {"SCH7003", Severity::Warning, "upstream run older than `within`"},
        {"SCH7004", Severity::Warning, "runs overlap on an existing cluster"},
        {"SCH7005", Severity::Warning, "existing cluster id used in several workspaces"},
        {"SCH9001", Severity::Error, "cannot read input"},
        {"SCH9002", Severity::Error, "no input files"},
        {"SCH9003", Severity::Warning, "directory without .sched files"},
        {"SCH9004", Severity::Error, "invalid repo argument"},
        {"SCH9005", Severity::Error, "duplicate repo name"},
        {"SCH9006", Severity::Error, "repo directory not found"},
        {"SCH9007", Severity::Error, "file outside every repo"},
        {"SCH9008", Severity::Error, "one directory given as two repos"},
    };
    std::sort(v.begin(), v.end(), [](const CodeInfo& a, const CodeInfo& b) { return a.code < b.code; });
    return v;
  }();
  return codes;
}

std::string thousands(std::size_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

const char* severity_name(Severity s) noexcept {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

const CodeInfo* find_code(std::string_view code) {
  const auto& codes = diagnostic_codes();
  auto it = std::lower_bound(codes.begin(), codes.end(), code,
                             [](const CodeInfo& c, std::string_view k) { return c.code < k; });
  return it != codes.end() && it->code == code ? &*it : nullptr;
}

Diagnostic& Diagnostics::report(std::string_view code, Span primary, std::string message) {
  const CodeInfo* info = find_code(code);
  assert(info && "diagnostic code not registered");
  Diagnostic d;
  d.code = std::string(code);
  d.severity = info ? info->severity : Severity::Error;
  d.message = std::move(message);
  d.primary = primary;
  add(std::move(d));
  return list_.back();
}

void Diagnostics::add(Diagnostic d) {
  if (d.severity == Severity::Error) ++errors_;
  if (d.severity == Severity::Warning) ++warnings_;
  list_.push_back(std::move(d));
}

namespace {

// The length of the longest prefix of `s` of at most `n` bytes that ends on a UTF-8 character boundary.
std::size_t utf8_prefix(std::string_view s, std::size_t n) {
  if (n >= s.size()) return s.size();
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

void bound(std::string& text) {
  if (text.size() <= Diagnostics::kMaxQuoted) return;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('`', i);
    const std::size_t close = open == std::string::npos ? std::string::npos : text.find('`', open + 1);
    if (close == std::string::npos) {
      out.append(text, i, std::string::npos);
      break;
    }
    out.append(text, i, open + 1 - i);
    const std::string_view quoted(text.data() + open + 1, close - open - 1);
    if (quoted.size() > Diagnostics::kMaxQuoted) {
      out.append(quoted.substr(0, utf8_prefix(quoted, Diagnostics::kQuotedKept)));
      out += fmt::format("...` ({} bytes", thousands(quoted.size()));
      out += ")";
      i = close + 1;
      continue;
    }
    out.append(quoted);
    out += '`';
    i = close + 1;
  }
  if (out.size() > Diagnostics::kMaxText)
    out = out.substr(0, utf8_prefix(out, Diagnostics::kMaxText)) +
          fmt::format("... ({} more bytes)", thousands(out.size() - utf8_prefix(out, Diagnostics::kMaxText)));
  text = std::move(out);
}

}  // namespace

void Diagnostics::bound_texts() {
  for (auto& d : list_) {
    bound(d.message);
    bound(d.primary_label);
    for (auto& l : d.labels) bound(l.message);
    for (auto& n : d.notes) bound(n);
    if (d.help) bound(*d.help);
  }
}

void Diagnostics::promote_warnings() {
  for (auto& d : list_)
    if (d.severity == Severity::Warning) {
      d.severity = Severity::Error;
      d.notes.push_back("this warning is an error because of --warnings-as-errors");
      ++errors_;
      --warnings_;
    }
}

// ---- did you mean -------------------------------------------------------------------------------------------------

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
      std::size_t sub = prev[j - 1] + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

template <class Range>
std::string closest_in(std::string_view word, const Range& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::string_view cv(c);
    if (cv.empty()) continue;
    std::size_t d = edit_distance(word, cv);
    if (d < best_d || (d == best_d && !best.empty() && cv < best)) {
      if (d < best_d || cv < best) best = std::string(cv);
      best_d = d;
    }
  }
  return best;
}
}  // namespace

std::string closest(std::string_view word, std::span<const std::string> candidates) {
  return closest_in(word, candidates);
}
std::string closest(std::string_view word, std::initializer_list<std::string_view> candidates) {
  return closest_in(word, candidates);
}

}  // namespace schedc
