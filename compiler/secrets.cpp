#include "compiler/secrets.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace schedc {

namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool is_b64(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}
bool is_sig_char(char c) { return is_b64(c) || c == '%' || c == '='; }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Case-insensitive search.
std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from = 0) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    bool eq = true;
    for (std::size_t j = 0; j < needle.size() && eq; ++j) eq = lower(hay[i + j]) == lower(needle[j]);
    if (eq) return i;
  }
  return std::string_view::npos;
}

std::size_t run_length(std::string_view s, std::size_t from, bool (*pred)(char)) {
  std::size_t n = 0;
  while (from + n < s.size() && pred(s[from + n])) ++n;
  return n;
}

}  // namespace

std::optional<SecretMatch> find_secret(std::string_view text) {
  // Databricks personal access token: "dapi" + 32 hex digits (optionally "-N").
  for (std::size_t i = text.find("dapi"); i != std::string_view::npos; i = text.find("dapi", i + 1)) {
    std::size_t n = run_length(text, i + 4, is_hex);
    if (n >= 32) return SecretMatch{i, i + 4 + n, "a Databricks personal access token"};
  }
  // Connection strings with a key or password.
  for (std::string_view key : {"AccountKey=", "SharedAccessKey=", "SharedAccessSignature=", "Password=", "Pwd="}) {
    if (auto i = ifind(text, key); i != std::string_view::npos) {
      std::size_t start = i + key.size();
      std::size_t n = 0;
      while (start + n < text.size() && text[start + n] != ';') ++n;
      if (n > 0) return SecretMatch{i, start + n, "a connection string with a key or password"};
    }
  }
  // SAS signature: "sig=" followed by a URL-encoded base64 signature, in a query string.
  for (std::size_t i = ifind(text, "sig="); i != std::string_view::npos; i = ifind(text, "sig=", i + 1)) {
    bool in_query = i > 0 && (text[i - 1] == '?' || text[i - 1] == '&');
    std::size_t n = run_length(text, i + 4, is_sig_char);
    if (in_query && n >= 16) return SecretMatch{i, i + 4 + n, "a shared access signature (SAS)"};
  }
  // Storage account key: 86 base64 characters followed by "==" (64 random bytes).
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = run_length(text, i, is_b64);
    if (n >= 86 && i + n + 2 <= text.size() && text.substr(i + n, 2) == "==")
      return SecretMatch{i, i + n + 2, "a storage account key"};
    i += std::max<std::size_t>(n, 1);
  }
  return std::nullopt;
}

namespace {

void scan_parts(const std::vector<syntax::StringPart>& parts, Span whole, Diagnostics& diags,
                std::string_view noun = "string") {
  std::string text;
  for (const auto& p : parts)
    if (p.kind == syntax::StringPart::Kind::Text) text += p.text;
  auto m = find_secret(text);
  if (!m) return;
  auto& d = diags.report("SCH5001", whole, fmt::format("this {} contains {}", noun, m->what));
  d.primary_label = "literal secret";
  d.notes.push_back("a secret in a .sched file ends up in git history and in generated files that many people can read");
  d.help = "store it in Key Vault and refer to it: `secret \"name\" in VAULT` (spark conf and env vars), "
           "or use managed identity (workspaces and storage need no keys)";
}

void scan_body(const syntax::Body& body, Diagnostics& diags);

void scan_value(const syntax::Value& v, Diagnostics& diags) {
  using K = syntax::Value::Kind;
  if (v.kind == K::String) scan_parts(v.parts, v.span, diags);
  if (v.kind == K::Cron) {
    scan_parts(v.cron().expr, v.cron().expr_span, diags);
    scan_parts(v.cron().zone, v.cron().zone_span, diags);
  }
  for (const auto& item : v.items) scan_value(item, diags);
  for (const auto& e : v.per_env()) scan_value(e.value, diags);
  if (v.block) scan_body(*v.block, diags);
}

void scan_body(const syntax::Body& body, Diagnostics& diags) {
  for (const auto& e : body.entries) {
    if (e.key_quoted) scan_parts({syntax::StringPart{syntax::StringPart::Kind::Text, e.key.text, {}, e.key.span}}, e.key.span, diags, "key");
    switch (e.kind) {
      case syntax::Entry::Kind::Attribute: scan_value(e.value, diags); break;
      case syntax::Entry::Kind::Nested:
        if (e.nested) scan_body(*e.nested, diags);
        break;
      case syntax::Entry::Kind::Requirement: scan_value(e.requirement->target, diags); break;
    }
  }
}

}  // namespace

void scan_file_for_secrets(const syntax::File& file, Diagnostics& diags) {
  for (const auto& d : file.decls) scan_body(d.body, diags);
  for (const auto& c : file.comments)
    scan_parts({syntax::StringPart{syntax::StringPart::Kind::Text, c.text, {}, c.span}}, c.span, diags, "comment");
}

}  // namespace schedc
