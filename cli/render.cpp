#include "cli/render.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/safe_fs.hpp"

namespace schedc::cli {

namespace {

struct Style {
  bool on;
  std::string operator()(std::string_view code, std::string_view text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

// A source line made safe to print: invalid UTF-8 and control characters (which could drive the terminal)
// become U+FFFD, tabs become spaces so carets line up whatever the terminal's tab width, and Azure Pipelines'
// `##vso[` (a logging command wherever it is in a line of the log) becomes `##vso\x5b`.
std::string printable(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '#' && s.substr(i, 6) == "##vso[") {
      out += "##vso\\x5b";
      i += 6;
      continue;
    }
    if (c == '\t') {
      out += ' ';
      ++i;
      continue;
    }
    if (c < 0x20 || c == 0x7F) {
      out += kReplacement;
      ++i;
      continue;
    }
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool valid = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (!valid) {
      out += kReplacement;
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

// Width in columns of printable text (code points).
std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

void render_snippet(std::string& out, const SourceManager& sm, Span span, std::string_view label, bool primary,
                    const Style& st, std::size_t gutter) {
  const SourceFile& f = sm.file(span.file);
  LineCol lc = sm.line_col(span.file, span.begin);
  std::string_view line = sm.line_text(span.file, lc.line);
  std::uint32_t line_start = f.line_starts[lc.line - 1];
  span.begin = std::max(span.begin, line_start);  // an offset inside a byte-order mark is the line's start
  span.end = std::max(span.end, span.begin);
  std::size_t begin_in_line = span.begin - line_start;
  std::size_t end_in_line = std::min<std::size_t>(span.end - line_start, line.size());
  if (end_in_line < begin_in_line) end_in_line = begin_in_line;
  std::string pad(gutter, ' ');
  // A long line (a 10 MB identifier) is shown as a window around the span: at most kContext bytes before it and
  // after it, and kSpan of the span itself, with `...` where it was cut.
  constexpr std::size_t kContext = 60, kSpan = 120;
  std::string_view cut_before, cut_after;
  if (line.size() > 2 * kContext + kSpan) {
    const auto boundary = [&](std::size_t i) {
      i = std::min(i, line.size());
      while (i > 0 && i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) --i;
      return i;
    };
    const std::size_t from = boundary(begin_in_line > kContext ? begin_in_line - kContext : 0);
    const std::size_t to = boundary(std::min(end_in_line, begin_in_line + kSpan) + kContext);
    if (from > 0) cut_before = "...";
    if (to < line.size()) cut_after = "...";
    line = line.substr(from, to - from);
    begin_in_line = std::min(begin_in_line - from, line.size());
    end_in_line = std::min(end_in_line - from, std::min(line.size(), begin_in_line + kSpan));
  }
  std::string shown = std::string(cut_before) + printable(line) + std::string(cut_after);
  out += fmt::format("{} {}\n", pad, st("1;34", "|"));
  out += fmt::format("{} {} {}\n", st("1;34", fmt::format("{:>{}}", lc.line, gutter)), st("1;34", "|"), shown);
  std::size_t begin_clamped = std::min(begin_in_line, line.size());
  std::size_t lead = cut_before.size() + columns(printable(line.substr(0, begin_clamped)));
  std::size_t width = std::max<std::size_t>(1, columns(printable(line.substr(begin_clamped, end_in_line - begin_clamped))));
  std::string marks(width, primary ? '^' : '-');
  std::string colored = st(primary ? "1;31" : "1;34", marks + (label.empty() ? "" : " " + std::string(label)));
  out += fmt::format("{} {} {}{}\n", pad, st("1;34", "|"), std::string(lead, ' '), colored);
}

}  // namespace

std::string render_text(const Diagnostics& diags, const SourceManager& sm, const RenderOptions& opts) {
  Style st{opts.color};
  std::string out;
  for (const auto& d : diags.all()) {
    if (d.suppressed) continue;  // allowed in the source: counted in the summary line only
    const char* sev = severity_name(d.severity);
    const char* sev_style = d.severity == Severity::Error ? "1;31" : d.severity == Severity::Warning ? "1;33" : "1;36";
    // Messages quote the input (a quoted key may hold `\n` escapes): printed on one line each, without control
    // characters, so no input can start a line of the CI log (a GitHub `::` workflow command) or drive a terminal.
    out += fmt::format("{}{} {}\n", st(sev_style, fmt::format("{}[{}]", sev, d.code)), st("1", ":"),
                       st("1", printable_line(d.message)));
    std::size_t gutter = 1;
    auto widen = [&](Span s) {
      if (s.file != 0) gutter = std::max(gutter, std::to_string(sm.line_col(s.file, s.begin).line).size());
    };
    widen(d.primary);
    for (const auto& l : d.labels) widen(l.span);
    std::string pad(gutter, ' ');
    if (d.primary.file != 0) {
      LineCol lc = sm.line_col(d.primary.file, d.primary.begin);
      out += fmt::format("{}{} {}:{}:{}\n", pad, st("1;34", "-->"), sm.file(d.primary.file).qualified(), lc.line, lc.column);
      render_snippet(out, sm, d.primary, printable_line(d.primary_label), true, st, gutter);
    }
    for (const auto& l : d.labels) {
      if (l.span.file == 0) continue;
      LineCol lc = sm.line_col(l.span.file, l.span.begin);
      out += fmt::format("{}{} {}:{}:{}\n", pad, st("1;34", ":::"), sm.file(l.span.file).qualified(), lc.line, lc.column);
      render_snippet(out, sm, l.span, printable_line(l.message), false, st, gutter);
    }
    for (const auto& n : d.notes) out += fmt::format("{} {} {}\n", pad, st("1;34", "="), st("1", "note: ") + printable_line(n));
    if (d.help) out += fmt::format("{} {} {}\n", pad, st("1;34", "="), st("1", "help: ") + printable_line(*d.help));
    out += fmt::format("{} {} run `schedc explain {}` for details\n\n", pad, st("1;34", "="), d.code);
  }
  return out;
}

std::string render_json(const Diagnostics& diags, const SourceManager& sm) {
  auto location = [&](Span s) {
    nlohmann::ordered_json j;
    if (s.file == 0) return nlohmann::ordered_json(nullptr);
    LineCol b = sm.line_col(s.file, s.begin);
    LineCol e = sm.line_col(s.file, std::max(s.end, s.begin));
    const SourceFile& f = sm.file(s.file);
    if (!f.repo.empty()) j["repo"] = f.repo;  // multi-repo: `file` is relative to the repo's root
    j["file"] = f.path;
    j["line"] = b.line;
    j["column"] = b.column;
    j["end_line"] = e.line;
    j["end_column"] = e.column;
    return j;
  };
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& d : diags.all()) {
    nlohmann::ordered_json j;
    j["code"] = d.code;
    j["severity"] = severity_name(d.severity);
    j["message"] = d.message;
    j["location"] = location(d.primary);
    j["label"] = d.primary_label;
    nlohmann::ordered_json labels = nlohmann::ordered_json::array();
    for (const auto& l : d.labels) labels.push_back({{"location", location(l.span)}, {"message", l.message}});
    j["labels"] = labels;
    j["notes"] = d.notes;
    j["help"] = d.help ? nlohmann::ordered_json(*d.help) : nlohmann::ordered_json(nullptr);
    if (d.suppressed) j["suppressed"] = {{"kind", "inSource"}, {"justification", *d.suppressed}};
    arr.push_back(std::move(j));
  }
  nlohmann::ordered_json root;
  root["version"] = 1;
  root["errors"] = diags.error_count();
  root["warnings"] = diags.warning_count();
  if (diags.suppressed_count() != 0) root["suppressed"] = diags.suppressed_count();
  root["diagnostics"] = std::move(arr);
  return root.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string summary(const Diagnostics& diags) {
  auto plural = [](std::size_t n, std::string_view w) { return fmt::format("{} {}{}", n, w, n == 1 ? "" : "s"); };
  std::string s;
  if (diags.error_count()) s = plural(diags.error_count(), "error");
  if (diags.warning_count()) s += (s.empty() ? "" : ", ") + plural(diags.warning_count(), "warning");
  if (diags.suppressed_count())
    s += (s.empty() ? "" : ", ") + fmt::format("{} allowed", plural(diags.suppressed_count(), "warning"));
  return s;
}

}  // namespace schedc::cli
