#pragma once
// Detection of literal secrets (tokens, keys, SAS signatures, connection strings) in source text.
#include <optional>
#include <string>
#include <string_view>

#include "compiler/diagnostics.hpp"
#include "grammar/syntax.hpp"

namespace schedc {

struct SecretMatch {
  std::size_t begin = 0, end = 0;  // byte range within the scanned text
  std::string what;                // "a Databricks personal access token"
};

// The first literal secret in `text`, if any. `field` is the key the text is the value of ("" for none): a value
// of a field named like a secret (password, token, client_secret...) is judged by that name too.
std::optional<SecretMatch> find_secret(std::string_view text, std::string_view field = {});

// Reports SCH5001 for every string literal (value, key, list item, per_env value...) that holds a secret.
void scan_file_for_secrets(const syntax::File& file, Diagnostics& diags);

}  // namespace schedc
