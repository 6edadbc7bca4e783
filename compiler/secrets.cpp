#include "compiler/secrets.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace schedc {

namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alnum(char c) { return is_digit(c) || is_upper(c) || is_lower(c); }
bool is_b64(char c) { return is_alnum(c) || c == '+' || c == '/'; }
bool is_sig_char(char c) { return is_b64(c) || c == '%' || c == '='; }
bool is_base32_lower(char c) { return is_lower(c) || (c >= '2' && c <= '7'); }
bool is_aad_char(char c) { return is_alnum(c) || c == '_' || c == '~' || c == '.' || c == '-'; }
bool is_word(char c) { return is_alnum(c) || c == '_'; }

char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

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

bool icontains(std::string_view hay, std::string_view needle) { return ifind(hay, needle) != std::string_view::npos; }

std::size_t run_length(std::string_view s, std::size_t from, bool (*pred)(char)) {
  std::size_t n = 0;
  while (from + n < s.size() && pred(s[from + n])) ++n;
  return n;
}

// Whether position `i` starts a token: the text's start, or a character that cannot be part of `pred`'s runs.
bool starts_token(std::string_view s, std::size_t i, bool (*pred)(char)) { return i == 0 || !pred(s[i - 1]); }

// A value that names a secret instead of holding one: a Databricks secret reference ({{secrets/..}}), a variable
// (${X}, $X, %X%), a placeholder (<password>), or nothing.
bool is_reference(std::string_view v) {
  if (v.empty()) return true;
  return v.rfind("{{", 0) == 0 || v[0] == '$' || v[0] == '%' || v[0] == '<' || v.rfind("@{", 0) == 0 ||
         v.rfind("[parameters(", 0) == 0 || v.rfind("secret:", 0) == 0;
}

// The value after `name=` in `key=value;...` text: up to `;`, `&`, whitespace, a quote or the end.
std::string_view value_at(std::string_view s, std::size_t from) {
  std::size_t n = 0;
  while (from + n < s.size()) {
    const char c = s[from + n];
    if (c == ';' || c == '&' || c == ' ' || c == '\t' || c == '"' || c == '\'' || c == ',') break;
    ++n;
  }
  return s.substr(from, n);
}

// Whether `v` looks generated rather than written: long enough, no blanks, and mixing character classes.
bool looks_random(std::string_view v) {
  if (v.size() < 16 || is_reference(v) || v.find("://") != std::string_view::npos || v[0] == '/' || v[0] == '.')
    return false;
  int lowers = 0, uppers = 0, digits = 0, symbols = 0;
  for (char c : v) {
    if (c == ' ' || c == '\t') return false;
    lowers += is_lower(c), uppers += is_upper(c), digits += is_digit(c), symbols += !is_alnum(c);
  }
  const int classes = (lowers > 0) + (uppers > 0) + (digits > 0) + (symbols > 0);
  return classes >= 3 || (classes == 2 && digits > 0 && v.size() >= 24);
}

// Names of fields and `name=value` pairs that hold a secret.
bool secret_name(std::string_view name) {
  for (std::string_view word : {"password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "api-key",
                                "accesskey", "access_key", "credential", "private_key", "privatekey"})
    if (icontains(name, word)) return true;
  return false;
}

// Whether `value`, given to a field or `name=` named like a secret, is a literal secret: for passwords any
// written value that is not a reference, a path, a URL or a name (all lower case, `-`, `_`, `.`: a Key Vault secret's
// name), for tokens, keys and secrets a generated-looking one.
bool secret_for_name(std::string_view name, std::string_view value) {
  if (!secret_name(name) || is_reference(value) || value[0] == '/' || value.find("://") != std::string_view::npos)
    return false;
  if (icontains(name, "pass") || icontains(name, "pwd")) {
    if (value.size() < 6 || value.find(' ') != std::string_view::npos) return false;
    return !std::all_of(value.begin(), value.end(), [](char c) { return is_lower(c) || c == '-' || c == '_' || c == '.'; });
  }
  return looks_random(value);
}

using Found = std::optional<SecretMatch>;

Found pem(std::string_view s) {
  const auto i = s.find("-----BEGIN ");
  if (i == std::string_view::npos) return std::nullopt;
  const auto k = s.find("PRIVATE KEY-----", i);
  if (k == std::string_view::npos || k - i > 40) return std::nullopt;
  return SecretMatch{i, k + 16, "a private key (PEM)"};
}

Found jwt(std::string_view s) {
  for (std::size_t i = s.find("eyJ"); i != std::string_view::npos; i = s.find("eyJ", i + 1)) {
    const auto part = [](char c) { return is_alnum(c) || c == '_' || c == '-'; };
    std::size_t j = i;
    int parts = 0;
    while (parts < 3) {
      std::size_t n = 0;
      while (j + n < s.size() && part(s[j + n])) ++n;
      if (n < 8) break;
      j += n;
      ++parts;
      if (parts < 3 && (j >= s.size() || s[j] != '.')) break;
      if (parts < 3) ++j;
    }
    if (parts == 3) return SecretMatch{i, j, "a JSON Web Token"};
  }
  return std::nullopt;
}

// `prefix` (any case) followed by at least `min` characters of `pred`: Databricks tokens and OAuth secrets.
Found prefixed(std::string_view s, std::string_view prefix, std::size_t min, bool (*pred)(char), const char* what) {
  for (std::size_t i = ifind(s, prefix); i != std::string_view::npos; i = ifind(s, prefix, i + 1)) {
    const std::size_t n = run_length(s, i + prefix.size(), pred);
    if (n >= min) return SecretMatch{i, i + prefix.size() + n, what};
  }
  return std::nullopt;
}

Found github(std::string_view s) {
  for (std::string_view p : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"})
    for (std::size_t i = s.find(p); i != std::string_view::npos; i = s.find(p, i + 1))
      if (run_length(s, i + 4, is_alnum) >= 36) return SecretMatch{i, i + 4 + run_length(s, i + 4, is_alnum), "a GitHub token"};
  if (auto i = s.find("github_pat_"); i != std::string_view::npos && run_length(s, i + 11, is_word) >= 22)
    return SecretMatch{i, i + 11 + run_length(s, i + 11, is_word), "a GitHub token"};
  return std::nullopt;
}

Found aws(std::string_view s) {
  for (std::string_view p : {"AKIA", "ASIA"})
    for (std::size_t i = s.find(p); i != std::string_view::npos; i = s.find(p, i + 1)) {
      const auto upper_digit = [](char c) { return is_upper(c) || is_digit(c); };
      std::size_t n = 0;
      while (i + 4 + n < s.size() && upper_digit(s[i + 4 + n])) ++n;
      if (n == 16 && starts_token(s, i, is_alnum)) return SecretMatch{i, i + 20, "an AWS access key"};
    }
  return std::nullopt;
}

Found azure_devops(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    // New format: 84 characters with the signature AZDO at 52.
    const std::size_t alnum = run_length(s, i, is_alnum);
    if (alnum == 84 && s.substr(i + 52, 4) == "AZDO") return SecretMatch{i, i + 84, "an Azure DevOps personal access token"};
    // Old format: exactly 52 characters of lower-case base32.
    const std::size_t n = run_length(s, i, is_base32_lower);
    if (n == 52 && starts_token(s, i, is_alnum) && (i + n == s.size() || !is_alnum(s[i + n]))) {
      const auto sub = s.substr(i, n);
      if (std::any_of(sub.begin(), sub.end(), is_digit) && std::any_of(sub.begin(), sub.end(), is_lower))
        return SecretMatch{i, i + n, "an Azure DevOps personal access token"};
    }
    i += std::max<std::size_t>({alnum, n, 1});
  }
  return std::nullopt;
}

// Azure AD (Entra ID) client secrets of the current format: 3 characters, a digit, `Q~`, then 31-34 characters.
Found aad(std::string_view s) {
  for (std::size_t i = s.find("Q~"); i != std::string_view::npos; i = s.find("Q~", i + 1)) {
    if (i < 4 || !is_digit(s[i - 1])) continue;
    const std::size_t start = i - 4;
    if (!is_aad_char(s[start]) || !is_aad_char(s[start + 1]) || !is_aad_char(s[start + 2])) continue;
    const std::size_t n = run_length(s, i + 2, is_aad_char);
    if (n >= 31) return SecretMatch{start, i + 2 + n, "an Azure AD client secret"};
  }
  return std::nullopt;
}

// Older Azure AD client secrets: 32-34 characters of letters, digits and `_ . ~ -` with all four kinds, as one
// token; or a 32-byte key in base64 (43 characters and `=`), unless announced as a SHA-256 digest.
Found aad_old(std::string_view s, std::string_view field) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = run_length(s, i, is_aad_char);
    if (n >= 32 && n <= 34 && starts_token(s, i, is_aad_char)) {
      const auto t = s.substr(i, n);
      const bool all = std::any_of(t.begin(), t.end(), is_lower) && std::any_of(t.begin(), t.end(), is_upper) &&
                       std::any_of(t.begin(), t.end(), is_digit) &&
                       std::any_of(t.begin(), t.end(), [](char c) { return !is_alnum(c); });
      if (all) return SecretMatch{i, i + n, "an Azure AD client secret"};
    }
    i += std::max<std::size_t>(n, 1);
  }
  if (icontains(field, "sha") || icontains(field, "checksum") || icontains(field, "hash") || icontains(field, "digest") ||
      icontains(field, "integrity"))
    return std::nullopt;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = run_length(s, i, is_b64);
    if (n == 43 && i + n < s.size() && s[i + n] == '=' && (i + n + 1 == s.size() || s[i + n + 1] != '=') &&
        starts_token(s, i, is_b64)) {
      const std::string_view before = s.substr(i >= 12 ? i - 12 : 0, std::min<std::size_t>(i, 12));
      const auto t = s.substr(i, n);
      if (!icontains(before, "sha256") && !icontains(before, "sha-256") && std::any_of(t.begin(), t.end(), is_digit) &&
          std::any_of(t.begin(), t.end(), is_upper) && std::any_of(t.begin(), t.end(), is_lower))
        return SecretMatch{i, i + n + 1, "a base64 key (an Azure AD client secret or another 32-byte key)"};
    }
    i += std::max<std::size_t>(n, 1);
  }
  return std::nullopt;
}

Found url_password(std::string_view s) {
  for (std::size_t i = s.find("://"); i != std::string_view::npos; i = s.find("://", i + 1)) {
    const std::size_t from = i + 3;
    std::size_t end = from;
    while (end < s.size() && s[end] != '/' && s[end] != '?' && s[end] != '#' && s[end] != ' ') ++end;
    const std::string_view authority = s.substr(from, end - from);
    const auto at = authority.rfind('@');
    const auto colon = authority.find(':');
    if (at == std::string_view::npos || colon == std::string_view::npos || colon > at) continue;
    const std::string_view password = authority.substr(colon + 1, at - colon - 1);
    if (!is_reference(password)) return SecretMatch{from, end, "a password in a URL"};
  }
  return std::nullopt;
}

Found connection_key(std::string_view s) {
  for (std::string_view key : {"AccountKey=", "SharedAccessKey=", "SharedAccessSignature="})
    for (std::size_t i = ifind(s, key); i != std::string_view::npos; i = ifind(s, key, i + 1)) {
      const auto v = value_at(s, i + key.size());
      if (!is_reference(v)) return SecretMatch{i, i + key.size() + v.size(), "a connection string with a key"};
    }
  return std::nullopt;
}

// `password=VALUE` (and the other secret names) inside a text: a connection string, a command line, a query.
Found named_value(std::string_view s) {
  for (std::size_t eq = s.find('='); eq != std::string_view::npos; eq = s.find('=', eq + 1)) {
    std::size_t start = eq;
    while (start > 0 && (is_word(s[start - 1]) || s[start - 1] == '-' || s[start - 1] == '.' || s[start - 1] == ' ')) --start;
    std::string_view name = s.substr(start, eq - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    if (name.empty() || name.back() == ' ' || !secret_name(name)) continue;
    const auto v = value_at(s, eq + 1);
    if (v.empty() || !secret_for_name(name, v)) continue;
    return SecretMatch{start, eq + 1 + v.size(),
                       icontains(name, "pw") || icontains(name, "pass") ? "a password" : "a secret value"};
  }
  return std::nullopt;
}

Found sas(std::string_view s) {
  for (std::size_t i = ifind(s, "sig="); i != std::string_view::npos; i = ifind(s, "sig=", i + 1)) {
    const bool boundary = i == 0 || std::string_view("?&;'\" \t").find(s[i - 1]) != std::string_view::npos;
    const std::size_t n = run_length(s, i + 4, is_sig_char);
    if (boundary && n >= 16) return SecretMatch{i, i + 4 + n, "a shared access signature (SAS)"};
  }
  return std::nullopt;
}

// Storage account key: 86 base64 characters followed by "==" (64 random bytes). A base64 SHA-512 digest has the same
// shape: one announced as such (`sha512-...`, a field named checksum/hash/digest) is not a key.
Found storage_key(std::string_view s, std::string_view field) {
  if (icontains(field, "sha") || icontains(field, "checksum") || icontains(field, "hash") || icontains(field, "digest") ||
      icontains(field, "integrity"))
    return std::nullopt;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = run_length(s, i, is_b64);
    if (n >= 86 && i + n + 2 <= s.size() && s.substr(i + n, 2) == "==") {
      const std::string_view before = s.substr(i >= 12 ? i - 12 : 0, std::min<std::size_t>(i, 12));
      if (!icontains(before, "sha512") && !icontains(before, "sha-512")) return SecretMatch{i, i + n + 2, "a storage account key"};
    }
    i += std::max<std::size_t>(n, 1);
  }
  return std::nullopt;
}

Found generated_in_secret_field(std::string_view s, std::string_view field) {
  if (field.empty() || s.empty() || !secret_for_name(field, s)) return std::nullopt;
  return SecretMatch{0, s.size(), fmt::format("a secret value (in `{}`)", field)};
}

// The shapes that two ordinary values joined never take (prefixed tokens, keys of a fixed length and alphabet):
// what a value split in two is checked for.
Found scan_joined(std::string_view s) {
  for (auto f : {pem, jwt, github, aws, aad})
    if (auto m = f(s)) return m;
  if (auto m = prefixed(s, "dapi", 32, is_hex, "a Databricks personal access token")) return m;
  if (auto m = prefixed(s, "dose", 32, is_hex, "a Databricks OAuth secret")) return m;
  return storage_key(s, "");
}

// Every detector, in order; each runs only when the text can hold its shape (its length, a character it needs),
// so that the ordinary short strings of a large project cost a few comparisons each.
Found scan(std::string_view s, std::string_view field) {
  if (s.size() < 6) return std::nullopt;  // no shape is shorter
  const auto has = [&](std::string_view part) { return s.find(part) != std::string_view::npos; };
  const bool equals = has("=");
  if (has("-----"))
    if (auto m = pem(s)) return m;
  if (has("eyJ"))
    if (auto m = jwt(s)) return m;
  if (s.size() >= 36) {
    if (auto m = prefixed(s, "dapi", 32, is_hex, "a Databricks personal access token")) return m;
    if (auto m = prefixed(s, "dose", 32, is_hex, "a Databricks OAuth secret")) return m;
  }
  if (s.size() >= 20) {
    if (has("gh"))
      if (auto m = github(s)) return m;
    if (auto m = aws(s)) return m;
  }
  if (s.size() >= 52)
    if (auto m = azure_devops(s)) return m;
  if (s.size() >= 35 && has("Q~"))
    if (auto m = aad(s)) return m;
  if (has("://"))
    if (auto m = url_password(s)) return m;
  if (equals) {
    if (auto m = connection_key(s)) return m;
    if (auto m = sas(s)) return m;
  }
  if (s.size() >= 88)
    if (auto m = storage_key(s, field)) return m;
  if (s.size() >= 32)
    if (auto m = aad_old(s, field)) return m;
  if (equals)
    if (auto m = named_value(s)) return m;
  return generated_in_secret_field(s, field);
}

// %XX decoded (a URL-encoded key is still a key); nullopt when there is nothing to decode.
std::optional<std::string> percent_decoded(std::string_view s) {
  if (s.find('%') == std::string_view::npos) return std::nullopt;
  std::string out;
  bool changed = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
      changed = true;
    } else {
      out += s[i];
    }
  }
  if (!changed) return std::nullopt;
  return out;
}

}  // namespace

std::optional<SecretMatch> find_secret(std::string_view text, std::string_view field) {
  if (auto m = scan(text, field)) return m;
  if (auto decoded = percent_decoded(text))
    if (auto m = scan(*decoded, field)) return SecretMatch{0, text.size(), m->what + " (URL-encoded)"};
  return std::nullopt;
}

namespace {

void report(std::string_view what, std::string_view noun, Span where, Diagnostics& diags, const char* note = nullptr) {
  SCHEDC_DIAGNOSTIC(LiteralSecretInValue, LiteralSecret, "this {} contains {}", std::string_view, std::string_view);
  auto& d = diags.report(LiteralSecretInValue, where, noun, what);
  d.primary_label = "literal secret";
  if (note) d.notes.push_back(note);
  d.notes.push_back("a secret in a .sched file ends up in git history and in generated files that many people can read");
  d.help = "store it in Key Vault and refer to it: `secret \"name\" in VAULT` (spark conf and env vars), "
           "or use managed identity (workspaces and storage need no keys)";
}

std::string text_of(const std::vector<syntax::StringPart>& parts) {
  std::string text;
  for (const auto& p : parts)
    if (p.kind == syntax::StringPart::Kind::Text) text += p.text;
  return text;
}

// Whether `text` held a secret (then reported).
bool scan_text(const std::string& text, std::string_view field, Span whole, Diagnostics& diags, std::string_view noun = "string") {
  auto m = find_secret(text, field);
  if (m) report(m->what, noun, whole, diags);
  return m.has_value();
}

// A key split over two values next to each other (two parameters, two list items): their concatenation is scanned
// for the shapes no ordinary text has (tokens, keys), reported at the first when the match spans both.
struct Previous {
  std::string text;
  Span span;
  bool clean = false;  // a plain string without a finding of its own
};

void scan_pair(Previous& prev, const std::string& text, Span span, bool clean, Diagnostics& diags) {
  if (prev.clean && clean && prev.text.size() + text.size() >= 20) {  // no split shape is shorter
    const std::string joined = prev.text + text;
    if (auto m = scan_joined(joined); m && m->begin < prev.text.size() && m->end > prev.text.size())
      report(m->what, "string", prev.span, diags, "together with the value after it: a secret split over two values is still a secret");
  }
  prev = {text, span, clean};
}

void scan_body(const syntax::Body& body, Diagnostics& diags);

void scan_value(const syntax::Value& v, std::string_view field, Diagnostics& diags, Previous* prev = nullptr) {
  using K = syntax::Value::Kind;
  bool clean = false;
  std::string text;
  if (v.kind == K::String) {
    text = text_of(v.parts);
    clean = !scan_text(text, field, v.span, diags);
  }
  if (v.kind == K::Reference) {  // an unquoted value: `token = dapi0123...`
    for (const auto& p : v.path) text += (text.empty() ? "" : ".") + p.text;
    scan_text(text, field, v.span, diags, "value");
  }
  if (prev) scan_pair(*prev, text, v.span, clean, diags);
  if (v.kind == K::Cron) {
    scan_text(text_of(v.cron().expr), "", v.cron().expr_span, diags);
    scan_text(text_of(v.cron().zone), "", v.cron().zone_span, diags);
  }
  Previous items;
  for (const auto& item : v.items) scan_value(item, field, diags, &items);
  for (const auto& e : v.per_env()) scan_value(e.value, field, diags);
  if (v.block) scan_body(*v.block, diags);
}

void scan_body(const syntax::Body& body, Diagnostics& diags) {
  Previous prev;
  for (const auto& e : body.entries) {
    // Keys, quoted or not (`dapi0123... = "1"` is an identifier).
    scan_text(e.key.text, "", e.key.span, diags, "key");
    switch (e.kind) {
      case syntax::Entry::Kind::Attribute: scan_value(e.value, e.key.text, diags, &prev); break;
      case syntax::Entry::Kind::Nested:
        prev = {};
        if (e.nested) scan_body(*e.nested, diags);
        break;
      case syntax::Entry::Kind::Requirement:
        prev = {};
        scan_value(e.requirement->target, "", diags);
        break;
    }
  }
}

}  // namespace

void scan_file_for_secrets(const syntax::File& file, Diagnostics& diags) {
  for (const auto& d : file.decls) {
    if (d.name) scan_text(d.name->text, "", d.name->span, diags, "name");
    scan_body(d.body, diags);
  }
  for (const auto& c : file.comments) scan_text(c.text, "", c.span, diags, "comment");
}

}  // namespace schedc
