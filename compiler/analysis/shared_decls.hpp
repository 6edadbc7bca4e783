#pragma once
// Shared declarations (environment, workspace, storage, keyvault, cluster profile, project) may be declared in
// several files, e.g. one platform file copied into every model repo. Identical declarations are merged; different
// ones are an error (SCH4002) that lists every field that differs. "Identical" compares the declarations field by
// field (the order of fields, spacing and comments do not matter; everything else, including the order inside a
// nested block or a list, does).
#include <string>
#include <string_view>
#include <vector>

#include "grammar/syntax.hpp"

namespace schedc::analysis {

// The canonical text of a piece of source: comments dropped, blanks removed except one between two word
// characters, strings kept exactly as written.
std::string canonical_text(std::string_view source);

struct FieldDifference {
  std::string field;                         // the field's key ("url", "from" for a profile's base)
  std::string env;                           // for a per_env value set in both: the environment that differs
  bool in_first = false, in_other = false;   // whether each declaration sets the field
  Span first_span, other_span;               // the field in each declaration (the whole entry; `from BASE`)
  std::string first_text, other_text;        // canonical texts of the values ("" when not set)
};

// The fields that differ between two declarations of the same kind and name, sorted by field name; empty when
// they are identical. `first_text`/`other_text` are the texts of the files that hold them.
std::vector<FieldDifference> compare_declarations(const syntax::Decl& first, std::string_view first_text,
                                                  const syntax::Decl& other, std::string_view other_text);

// A value for a note, shortened to at most 60 bytes.
std::string shorten_value(const std::string& text);

}  // namespace schedc::analysis
