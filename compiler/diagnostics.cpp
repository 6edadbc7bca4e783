#include "compiler/diagnostics.hpp"

#include <algorithm>
#include <iterator>
#include <vector>

#include <fmt/format.h>

namespace schedc {

namespace {
// The registry in kind order (the enum's), and sorted by code for lookups by code.
constexpr CodeInfo kByKind[] = {
#define SCHEDC_DIAGNOSTIC_KIND(Name, Code, Sev, Title) {#Code, Severity::Sev, Title},
#include "compiler/diagnostic_kinds.def"
};

// The registry is kept in code order, each code once.
constexpr bool in_code_order() {
  for (std::size_t i = 1; i < std::size(kByKind); ++i)
    if (!(kByKind[i - 1].code < kByKind[i].code)) return false;
  return true;
}
static_assert(in_code_order(), "compiler/diagnostic_kinds.def must list each code once, in code order");
}  // namespace

const CodeInfo& info_of(DiagnosticKind kind) noexcept { return kByKind[static_cast<std::size_t>(kind)]; }
std::string_view code_of(DiagnosticKind kind) noexcept { return info_of(kind).code; }

const std::vector<CodeInfo>& diagnostic_codes() {
  static const std::vector<CodeInfo> codes = [] {
    std::vector<CodeInfo> v(std::begin(kByKind), std::end(kByKind));
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

Diagnostic& Diagnostics::report(FormattedMessage message, Span primary) {
  const CodeInfo& info = info_of(message.kind);
  Diagnostic d;
  d.kind = message.kind;
  d.code = std::string(info.code);
  d.severity = info.severity;
  d.message = std::move(message.text);
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

void Diagnostics::suppress(std::size_t index, std::string reason) {
  Diagnostic& d = list_.at(index);
  if (d.severity != Severity::Warning || d.suppressed) return;
  d.suppressed = std::move(reason);
  --warnings_;
  ++suppressed_;
}

void Diagnostics::promote_warnings() {
  for (auto& d : list_)
    if (d.severity == Severity::Warning && !d.suppressed) {
      d.severity = Severity::Error;
      d.notes.push_back("this warning is an error because of --warnings-as-errors");
      ++errors_;
      --warnings_;
    }
}

// ---- did you mean -------------------------------------------------------------------------------------------------

namespace {
// Words longer than this get no suggestion: a did-you-mean helps with a typo in a name, and the distance costs
// the product of the two lengths (hostile input may hold a name of megabytes).
constexpr std::size_t kMaxSuggestedWord = 128;

// The case-insensitive edit distance of `a` and `b` when it is below `limit`, else `limit` (Ukkonen's cut-off: a
// row whose every cell is at least `limit` can only grow, so dissimilar words stop after a few rows).
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (length_gap >= limit) return limit;  // the distance is at least the difference of the lengths
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min >= limit) return limit;
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], limit);
}

template <class Range>
std::string closest_in(std::string_view word, const Range& candidates) {
  std::string best;
  if (word.size() > kMaxSuggestedWord) return best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::string_view cv(c);
    if (cv.empty() || cv.size() > kMaxSuggestedWord) continue;
    // Ties are broken by the smaller candidate, so the limit is one more than the best distance found.
    std::size_t d = edit_distance(word, cv, best_d + 1);
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
std::string closest(std::string_view word, std::span<const std::string_view> candidates) {
  return closest_in(word, candidates);
}

}  // namespace schedc
