// The layout printer of `schedc fmt`. docs/language.md ("Layout") specifies what it prints; this file is that
// specification in code:
//
//  * Two spaces of indentation per level; one entry, list item or per_env entry per line, except that a block,
//    list or per_env written on one line stays on one line (entries two spaces apart, items ", " apart).
//  * `=` aligned in a run of consecutive attributes (a blank line, a comment line, a block entry or a different
//    kind of entry ends the run; an attribute that spans lines is the last of its run); the kinds of consecutive
//    prerequisites are padded alike.
//  * Comments: a comment on its own line stays on its own line before what follows it; a comment at the end of a
//    line stays at the end of that line (aligned with those of the neighbouring lines, two spaces after the
//    longest); a comment between the tokens of one line of the layout (`retry = 2 # x` + newline + `every 5m`)
//    moves to its own line before that line. Their order never changes.
//  * Blank lines: at most one is kept where there was any; none after `{`, before `}` or at the start and end of
//    the file; one between top-level items when either spans several lines or when a `use` meets a declaration.
//  * Every token is printed as written; a multi-line list ends each item with a comma, a one-line list has none.
#include "compiler/format/format.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace schedc::format {

namespace {

using syntax::Body;
using syntax::Comment;
using syntax::Decl;
using syntax::Entry;
using syntax::Ident;
using syntax::Value;

constexpr int kIndent = 2;

// One line (or one multi-line element) of a container, before alignment.
struct Piece {
  enum class Kind { Blank, Comment, Element };
  Kind kind = Kind::Element;
  int align_class = 0;        // 0: not aligned; elements of one class align their `head`
  std::string head;           // the aligned part (a key, a prerequisite's kind); may be empty
  std::string sep;            // between head and rest (" = ", " ")
  std::string rest;           // the rest; lines after the first carry their own indentation
  std::string trailing;       // a comment at the end of the (last) line, "# ..."
  std::vector<std::string> after;  // comments printed on their own lines after the element
  [[nodiscard]] bool multi_line() const { return rest.find('\n') != std::string::npos; }
};

Piece make_piece(Piece::Kind kind, std::string rest = {}) {
  Piece p;
  p.kind = kind;
  p.rest = std::move(rest);
  return p;
}

std::string comment_text(const Comment& c) {
  std::string t = "#" + c.text;
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.pop_back();
  return t;
}

std::string join_path(const std::vector<Ident>& path) {
  std::string out;
  for (const auto& p : path) {
    if (!out.empty()) out += '.';
    out += p.text;
  }
  return out;
}

// An element of a container: where it is, where its first multi-line container is, and how it prints.
struct ElementInfo {
  std::uint32_t begin = 0, end = 0;
  std::optional<std::pair<std::uint32_t, std::uint32_t>> container;  // printed over several lines
};

class Printer {
 public:
  Printer(const syntax::File& file, std::string_view src) : file_(file), src_(src) {}

  std::string file() {
    std::vector<Piece> pieces;
    std::optional<bool> prev_multi;  // the previous item printed over several lines
    std::optional<bool> prev_use;
    std::uint32_t prev_end = 0;
    for (const auto& item : file_.items) {
      const bool is_use = item.kind == syntax::Item::Kind::Use;
      const auto& span = is_use ? file_.uses[item.index].span : file_.decls[item.index].span;
      ElementInfo info{span.begin, span.end, std::nullopt};
      if (!is_use) info.container = body_region(file_.decls[item.index].body);
      const std::size_t mark = pieces.size();
      const bool blank_before = leading(pieces, prev_end, info.begin);
      Piece piece = element(info, pieces, [&](int indent) {
        return is_use ? make_piece(Piece::Kind::Element, use(file_.uses[item.index])) : decl(file_.decls[item.index], indent);
      }, 0);
      // Force a blank line between items when either spans several lines or a `use` meets a declaration.
      if (prev_multi && !blank_before && (*prev_multi || piece.multi_line() || *prev_use != is_use))
        pieces.insert(pieces.begin() + static_cast<std::ptrdiff_t>(mark), make_piece(Piece::Kind::Blank));
      prev_multi = piece.multi_line();
      prev_use = is_use;
      prev_end = finish(pieces, std::move(piece), info, static_cast<std::uint32_t>(src_.size()));
    }
    leading(pieces, prev_end, static_cast<std::uint32_t>(src_.size()), false);
    return emit(pieces, 0);
  }

 private:
  const syntax::File& file_;
  std::string_view src_;
  std::size_t next_ = 0;  // the first comment not printed yet

  [[nodiscard]] std::string_view text(Span s) const { return src_.substr(s.begin, s.end - s.begin); }
  [[nodiscard]] std::string_view text(std::uint32_t b, std::uint32_t e) const { return src_.substr(b, e - b); }
  [[nodiscard]] int newlines(std::uint32_t b, std::uint32_t e) const {
    if (e <= b) return 0;
    return static_cast<int>(std::count(src_.begin() + b, src_.begin() + e, '\n'));
  }
  [[nodiscard]] bool one_line(std::uint32_t b, std::uint32_t e) const { return newlines(b, e) == 0; }
  [[nodiscard]] const Comment* peek() const {
    return next_ < file_.comments.size() ? &file_.comments[next_] : nullptr;
  }

  // The position after blanks and comments from `pos`.
  [[nodiscard]] std::uint32_t skip_blank(std::uint32_t pos) const {
    while (pos < src_.size()) {
      const char c = src_[pos];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos;
      } else if (c == '#') {
        while (pos < src_.size() && src_[pos] != '\n') ++pos;
      } else {
        break;
      }
    }
    return pos;
  }
  // The end of the string literal that starts at `pos` (its opening quote).
  [[nodiscard]] std::uint32_t string_end(std::uint32_t pos) const {
    std::uint32_t i = pos + 1;
    while (i < src_.size() && src_[i] != '"') i += src_[i] == '\\' ? 2 : 1;
    return std::min<std::uint32_t>(i + 1, static_cast<std::uint32_t>(src_.size()));
  }

  // -------------------------------------------------------------------------------------------- regions

  using Region = std::optional<std::pair<std::uint32_t, std::uint32_t>>;

  [[nodiscard]] Region multi(std::uint32_t b, std::uint32_t e) const {
    if (one_line(b, e)) return std::nullopt;
    return std::make_pair(b, e);
  }
  [[nodiscard]] Region body_region(const Body& b) const { return multi(b.span.begin, b.span.end); }
  [[nodiscard]] std::uint32_t per_env_open(const Value& v) const { return skip_blank(v.span.begin + 7); }
  // The first container of a value that prints over several lines: its comments are its own.
  [[nodiscard]] Region value_region(const Value& v) const {
    switch (v.kind) {
      case Value::Kind::Block: return body_region(*v.block);
      case Value::Kind::String:
      case Value::Kind::Reference: return v.block ? body_region(*v.block) : std::nullopt;
      case Value::Kind::List: return multi(v.span.begin, v.span.end);
      case Value::Kind::PerEnv: return multi(per_env_open(v), v.span.end);
      case Value::Kind::Every: return v.items.empty() ? std::nullopt : value_region(v.items[0]);
      default: return std::nullopt;
    }
  }

  // ------------------------------------------------------------------------------------------- comments

  // Own-line comments before `pos`, with the blank lines between them kept (at most one, none at the start of a
  // container), and the blank line before `pos` when `before_pos`. Returns whether a blank line was added before
  // the first of them (or before `pos` when there are none).
  bool leading(std::vector<Piece>& pieces, std::uint32_t& prev_end, std::uint32_t pos, bool before_pos = true) {
    bool blank_first = false;
    bool first = true;
    auto blank = [&](std::uint32_t at) {
      if (newlines(prev_end, at) >= 2 && !pieces.empty() && pieces.back().kind != Piece::Kind::Blank) {
        pieces.push_back(make_piece(Piece::Kind::Blank));
        if (first) blank_first = true;
      }
      first = false;
    };
    while (const Comment* c = peek()) {
      if (c->span.begin >= pos) break;
      blank(c->span.begin);
      pieces.push_back(make_piece(Piece::Kind::Comment, comment_text(*c)));
      prev_end = c->span.end;
      ++next_;
    }
    if (before_pos) blank(pos);
    return blank_first;
  }

  // Prints one element: comments inside it but outside its multi-line container first, on their own lines; then
  // the element (its container prints its own comments).
  template <typename Render>
  Piece element(const ElementInfo& info, std::vector<Piece>& pieces, Render&& render, int indent) {
    const std::uint32_t head_end = info.container ? info.container->first : info.end;
    while (const Comment* c = peek()) {
      if (c->span.begin >= head_end) break;
      pieces.push_back(make_piece(Piece::Kind::Comment, comment_text(*c)));
      ++next_;
    }
    return render(indent);
  }

  // Adds the element with its trailing comment (a comment after it on the same line, before `limit`) and the
  // comments left inside it; returns the end of what was taken.
  std::uint32_t finish(std::vector<Piece>& pieces, Piece piece, const ElementInfo& info, std::uint32_t limit) {
    std::uint32_t end = info.end;
    while (const Comment* c = peek()) {  // comments after its container, e.g. between `}` and `every`
      if (c->span.begin >= info.end) break;
      piece.after.push_back(comment_text(*c));
      end = c->span.end;
      ++next_;
    }
    if (const Comment* c = peek(); c && c->span.begin < limit && one_line(info.end, c->span.begin)) {
      if (piece.after.empty()) {
        piece.trailing = comment_text(*c);
      } else {
        piece.after.push_back(comment_text(*c));
      }
      end = c->span.end;
      ++next_;
    }
    pieces.push_back(std::move(piece));
    return end;
  }

  // ------------------------------------------------------------------------------------------- containers

  // A container's elements between `open` (the position after its opening bracket) and `close` (its closing
  // bracket), one per line at `indent`; returns "\n" + the lines + the closing line's indentation, or, for an
  // opening-line comment, "  # ..." first.
  template <typename Info, typename Render>
  std::string elements(std::size_t count, std::uint32_t open, std::uint32_t close, int indent, Info&& info_of,
                       Render&& render) {
    std::string first_line;
    std::uint32_t prev_end = open;
    const std::uint32_t first_pos = count > 0 ? info_of(0).begin : close;
    if (const Comment* c = peek(); c && c->span.begin < first_pos && one_line(open, c->span.begin)) {
      first_line = "  " + comment_text(*c);
      prev_end = c->span.end;
      ++next_;
    }
    std::vector<Piece> pieces;
    for (std::size_t i = 0; i < count; ++i) {
      const ElementInfo info = info_of(i);
      leading(pieces, prev_end, info.begin);
      Piece piece = element(info, pieces, [&](int ind) { return render(i, ind); }, indent);
      const std::uint32_t limit = i + 1 < count ? info_of(i + 1).begin : close;
      prev_end = finish(pieces, std::move(piece), info, limit);
    }
    leading(pieces, prev_end, close, false);  // comments after the last element
    return first_line + "\n" + emit(pieces, indent) + std::string(static_cast<std::size_t>(indent - kIndent), ' ');
  }

  // Whether a comment lies before `end` (inside the container being printed).
  [[nodiscard]] bool comment_before(std::uint32_t end) const {
    const Comment* c = peek();
    return c != nullptr && c->span.begin < end;
  }

  std::string body(const Body& b, int indent) {
    if (b.entries.empty() && !comment_before(b.span.end)) return "{}";
    if (one_line(b.span.begin, b.span.end)) {
      if (b.entries.empty()) return "{}";
      std::string out = "{ ";
      for (std::size_t i = 0; i < b.entries.size(); ++i) {
        if (i > 0) out += "  ";
        Piece p = entry(b.entries[i], indent);
        out += p.head + p.sep + p.rest;
      }
      return out + " }";
    }
    auto info_of = [&](std::size_t i) {
      const Entry& e = b.entries[i];
      ElementInfo info{e.span.begin, e.span.end, std::nullopt};
      if (e.kind == Entry::Kind::Nested) info.container = body_region(*e.nested);
      if (e.kind == Entry::Kind::Attribute) info.container = value_region(e.value);
      return info;
    };
    return "{" +
           elements(b.entries.size(), b.span.begin + 1, b.span.end - 1, indent + kIndent, info_of,
                    [&](std::size_t i, int ind) { return entry(b.entries[i], ind); }) +
           "}";
  }

  std::string list(const Value& v, int indent) {
    if (v.items.empty() && !comment_before(v.span.end)) return "[]";
    if (one_line(v.span.begin, v.span.end)) {
      std::string out = "[";
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out += ", ";
        out += value(v.items[i], indent);
      }
      return out + "]";
    }
    auto info_of = [&](std::size_t i) {
      const Value& item = v.items[i];
      return ElementInfo{item.span.begin, item.span.end, value_region(item)};
    };
    return "[" +
           elements(v.items.size(), v.span.begin + 1, v.span.end - 1, indent + kIndent, info_of,
                    [&](std::size_t i, int ind) {
                      Piece p;
                      p.rest = value(v.items[i], ind) + ",";
                      return p;
                    }) +
           "]";
  }

  std::string per_env(const Value& v, int indent) {
    const auto& entries = v.per_env();
    const std::uint32_t open = per_env_open(v);
    auto render = [&](std::size_t i, int ind) {
      Piece p;
      p.align_class = 1;
      p.head = entries[i].env.text;
      p.sep = " = ";
      p.rest = value(entries[i].value, ind);
      return p;
    };
    if (entries.empty() && !comment_before(v.span.end)) return "per_env {}";
    if (one_line(open, v.span.end)) {
      std::string out = "per_env { ";
      for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) out += "  ";
        Piece p = render(i, indent);
        out += p.head + p.sep + p.rest;
      }
      return out + " }";
    }
    auto info_of = [&](std::size_t i) {
      return ElementInfo{entries[i].env.span.begin, entries[i].value.span.end, value_region(entries[i].value)};
    };
    return "per_env {" + elements(entries.size(), open + 1, v.span.end - 1, indent + kIndent, info_of, render) + "}";
  }

  // ------------------------------------------------------------------------------------------- values

  std::string string_token(std::uint32_t begin) { return std::string(text(begin, string_end(begin))); }

  std::string value(const Value& v, int indent) {
    switch (v.kind) {
      case Value::Kind::String: {
        std::string out = string_token(v.span.begin);
        if (v.block) out += " " + body(*v.block, indent);
        return out;
      }
      case Value::Kind::Reference: {
        std::string out = join_path(v.path);
        if (v.block) out += " " + body(*v.block, indent);
        return out;
      }
      case Value::Kind::Integer:
      case Value::Kind::Duration:
      case Value::Kind::Range:
      case Value::Kind::Bool:
      case Value::Kind::DateTime: return std::string(text(v.span));
      case Value::Kind::List: return list(v, indent);
      case Value::Kind::Block: return body(*v.block, indent);
      case Value::Kind::PerEnv: return per_env(v, indent);
      case Value::Kind::Cron: {
        const auto& c = v.cron();
        std::string out = "cron " + std::string(text(c.expr_span)) + " in " + std::string(text(c.zone_span));
        if (c.from) out += " from " + std::string(text(c.from_span));
        if (c.until) out += " until " + std::string(text(c.until_span));
        return out;
      }
      case Value::Kind::Every:
        return value(v.items.at(0), indent) + " every " + std::string(text(v.items.at(1).span));
      case Value::Kind::Secret:
        return "secret " + string_token(skip_blank(v.span.begin + 6)) + " in " + join_path(v.path);
    }
    return std::string(text(v.span));
  }

  Piece entry(const Entry& e, int indent) {
    Piece p;
    switch (e.kind) {
      case Entry::Kind::Attribute:
        p.align_class = 1;
        p.head = e.key_quoted ? string_token(e.key.span.begin) : e.key.text;
        p.sep = " = ";
        p.rest = value(e.value, indent);
        break;
      case Entry::Kind::Nested:
        p.head = e.key.text;
        p.sep = " ";
        p.rest = body(*e.nested, indent);
        break;
      case Entry::Kind::Requirement: {
        const auto& r = *e.requirement;
        p.align_class = 2;
        p.head = r.kind.text;
        p.sep = " ";
        p.rest = r.target.kind == Value::Kind::String ? string_token(r.target.span.begin) : join_path(r.target.path);
        if (r.storage) p.rest += " in " + join_path(r.storage_path);
        if (r.within) p.rest += " within " + std::string(text(r.within->span));
        if (r.mode == syntax::Requirement::Mode::Wait && r.wait_timeout && r.wait_every) {
          p.rest += " wait " + std::string(text(r.wait_timeout->span)) + " every " + std::string(text(r.wait_every->span));
        } else {
          p.rest += " check";
        }
        break;
      }
    }
    return p;
  }

  std::string use(const syntax::Use& u) {
    return "use " + (u.is_file ? string_token(u.target_span.begin) : join_path(u.module));
  }

  // `KIND NAME` is the head, aligned in runs of one-line declarations.
  Piece decl(const Decl& d, int indent) {
    Piece p;
    p.align_class = 3;
    p.head = d.kind.text;
    if (d.name) p.head += " " + d.name->text;
    p.sep = " ";
    if (d.base) p.rest = "from " + join_path(d.base_path) + " ";
    p.rest += body(d.body, indent);
    return p;
  }

  // ------------------------------------------------------------------------------------------- output

  static std::string emit(std::vector<Piece>& pieces, int indent) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    // Align the heads of runs of elements of one class.
    for (std::size_t i = 0; i < pieces.size();) {
      if (pieces[i].kind != Piece::Kind::Element || pieces[i].align_class == 0) {
        ++i;
        continue;
      }
      std::size_t j = i;
      std::size_t width = 0;
      while (j < pieces.size() && pieces[j].kind == Piece::Kind::Element &&
             pieces[j].align_class == pieces[i].align_class) {
        width = std::max(width, pieces[j].head.size());
        ++j;
        if (pieces[j - 1].multi_line() || !pieces[j - 1].after.empty()) break;
      }
      for (std::size_t k = i; k < j; ++k) pieces[k].head.resize(width, ' ');
      i = j;
    }
    std::vector<std::string> lines(pieces.size());
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const Piece& p = pieces[i];
      if (p.kind == Piece::Kind::Element) lines[i] = p.head + p.sep + p.rest;
      if (p.kind == Piece::Kind::Comment) lines[i] = p.rest;
    }
    // Align the trailing comments of runs of one-line elements.
    for (std::size_t i = 0; i < pieces.size();) {
      auto fits = [&](std::size_t k) {
        return pieces[k].kind == Piece::Kind::Element && !pieces[k].trailing.empty() && !pieces[k].multi_line();
      };
      if (!fits(i)) {
        ++i;
        continue;
      }
      std::size_t j = i;
      std::size_t width = 0;
      while (j < pieces.size() && fits(j)) {
        width = std::max(width, lines[j].size());
        ++j;
        if (!pieces[j - 1].after.empty()) break;
      }
      for (std::size_t k = i; k < j; ++k) lines[k].resize(width, ' ');
      i = j;
    }
    std::string out;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const Piece& p = pieces[i];
      if (p.kind == Piece::Kind::Blank) {
        out += '\n';
        continue;
      }
      out += pad + lines[i];
      if (!p.trailing.empty()) out += "  " + p.trailing;
      out += '\n';
      for (const auto& a : p.after) out += pad + a + "\n";
    }
    return out;
  }
};

}  // namespace

std::string format_tree(const syntax::File& file, std::string_view text) { return Printer(file, text).file(); }

Result format_source(std::string_view text, FileId file) {
  Result result;
  syntax::ParseResult parsed = syntax::parse(text, file);
  if (!parsed.ok()) {
    result.errors = std::move(parsed.errors);
    return result;
  }
  std::string out = format_tree(parsed.file, text);
  syntax::ParseResult again = syntax::parse(out, 0);
  std::string why;
  if (!again.ok()) {
    result.internal_error = "the formatted text does not parse: " + again.errors.front().message;
    return result;
  }
  if (!same_syntax(parsed.file, again.file, &why)) {
    result.internal_error = "the formatted text parses differently: " + why;
    return result;
  }
  result.ok = true;
  result.text = std::move(out);
  return result;
}

}  // namespace schedc::format
