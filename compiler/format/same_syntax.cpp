// Structural equality of two syntax trees, spans aside: what `schedc fmt` must keep (format.hpp).
#include <string>

#include "compiler/format/format.hpp"

namespace schedc::format {

namespace {

using syntax::Body;
using syntax::Ident;
using syntax::StringPart;
using syntax::Value;

class Compare {
 public:
  explicit Compare(std::string* why) : why_(why) {}

  bool file(const syntax::File& a, const syntax::File& b) {
    if (!check(a.items.size() == b.items.size(), "the number of top-level items")) return false;
    for (std::size_t i = 0; i < a.items.size(); ++i) {
      const auto& x = a.items[i];
      const auto& y = b.items[i];
      if (!check(x.kind == y.kind && x.index == y.index, "the order of top-level items")) return false;
    }
    if (!check(a.uses.size() == b.uses.size(), "the number of `use`s")) return false;
    for (std::size_t i = 0; i < a.uses.size(); ++i) {
      const auto& x = a.uses[i];
      const auto& y = b.uses[i];
      if (!check(x.is_file == y.is_file && x.file == y.file && idents(x.module, y.module), "a `use`")) return false;
    }
    if (!check(a.decls.size() == b.decls.size(), "the number of declarations")) return false;
    for (std::size_t i = 0; i < a.decls.size(); ++i) {
      const auto& x = a.decls[i];
      const auto& y = b.decls[i];
      const bool head = x.kind.text == y.kind.text && x.name.has_value() == y.name.has_value() &&
                        (!x.name || x.name->text == y.name->text) && x.base.has_value() == y.base.has_value() &&
                        (!x.base || x.base->text == y.base->text) && idents(x.base_path, y.base_path);
      if (!check(head, "the head of declaration " + std::to_string(i + 1)) || !body(x.body, y.body)) return false;
    }
    if (!check(a.comments.size() == b.comments.size(), "the number of comments")) return false;
    for (std::size_t i = 0; i < a.comments.size(); ++i)
      if (!check(trimmed(a.comments[i].text) == trimmed(b.comments[i].text), "comment " + std::to_string(i + 1)))
        return false;
    return true;
  }

 private:
  std::string* why_;

  bool check(bool ok, const std::string& what) {
    if (!ok && why_ != nullptr && why_->empty()) *why_ = what + " differs";
    return ok;
  }

  static std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
    return s;
  }

  static bool idents(const std::vector<Ident>& a, const std::vector<Ident>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].text != b[i].text) return false;
    return true;
  }

  static bool parts(const std::vector<StringPart>& a, const std::vector<StringPart>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].kind != b[i].kind || a[i].text != b[i].text || !idents(a[i].path, b[i].path)) return false;
    return true;
  }

  static bool datetime(const syntax::DateTime& a, const syntax::DateTime& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day && a.has_time == b.has_time &&
           a.hour == b.hour && a.minute == b.minute && a.second == b.second;
  }

  bool optional_value(const Value* a, const Value* b) {
    if ((a == nullptr) != (b == nullptr)) return check(false, "an optional value");
    return a == nullptr || value(*a, *b);
  }

  bool body(const Body& a, const Body& b) {
    if (!check(a.entries.size() == b.entries.size(), "the number of entries of a block")) return false;
    for (std::size_t i = 0; i < a.entries.size(); ++i) {
      const auto& x = a.entries[i];
      const auto& y = b.entries[i];
      if (!check(x.kind == y.kind && x.key_quoted == y.key_quoted && x.key.text == y.key.text,
                 "the key of entry `" + x.key.text + "`"))
        return false;
      switch (x.kind) {
        case syntax::Entry::Kind::Attribute:
          if (!value(x.value, y.value)) return false;
          break;
        case syntax::Entry::Kind::Nested:
          if (!check(x.nested && y.nested, "a block") || !body(*x.nested, *y.nested)) return false;
          break;
        case syntax::Entry::Kind::Requirement: {
          if (!check(x.requirement && y.requirement, "a prerequisite")) return false;
          const auto& r = *x.requirement;
          const auto& s = *y.requirement;
          const bool head = r.kind.text == s.kind.text && r.storage.has_value() == s.storage.has_value() &&
                            idents(r.storage_path, s.storage_path) && r.mode == s.mode;
          if (!check(head, "a prerequisite") || !value(r.target, s.target) ||
              !optional_value(r.within.get(), s.within.get()) ||
              !optional_value(r.wait_timeout.get(), s.wait_timeout.get()) ||
              !optional_value(r.wait_every.get(), s.wait_every.get()))
            return false;
          break;
        }
      }
    }
    return true;
  }

  bool value(const Value& a, const Value& b) {
    if (!check(a.kind == b.kind, "the kind of a value")) return false;
    const bool scalars = a.boolean == b.boolean && a.integer == b.integer && a.seconds == b.seconds &&
                         parts(a.parts, b.parts) && idents(a.path, b.path) && a.range_lo() == b.range_lo() &&
                         a.range_hi() == b.range_hi() && datetime(a.datetime(), b.datetime());
    if (!check(scalars, "a value")) return false;
    if (!check(a.items.size() == b.items.size(), "the number of items of a value")) return false;
    for (std::size_t i = 0; i < a.items.size(); ++i)
      if (!value(a.items[i], b.items[i])) return false;
    if (!check((a.block == nullptr) == (b.block == nullptr), "the block of a value")) return false;
    if (a.block && !body(*a.block, *b.block)) return false;
    const auto& pa = a.per_env();
    const auto& pb = b.per_env();
    if (!check(pa.size() == pb.size(), "a per_env")) return false;
    for (std::size_t i = 0; i < pa.size(); ++i)
      if (!check(pa[i].env.text == pb[i].env.text, "a per_env environment") || !value(pa[i].value, pb[i].value))
        return false;
    const auto& ca = a.cron();
    const auto& cb = b.cron();
    const bool cron = parts(ca.expr, cb.expr) && parts(ca.zone, cb.zone) && ca.from.has_value() == cb.from.has_value() &&
                      (!ca.from || datetime(*ca.from, *cb.from)) && ca.until.has_value() == cb.until.has_value() &&
                      (!ca.until || datetime(*ca.until, *cb.until));
    return check(cron, "a schedule");
  }
};

}  // namespace

bool same_syntax(const syntax::File& a, const syntax::File& b, std::string* why) { return Compare(why).file(a, b); }

}  // namespace schedc::format
