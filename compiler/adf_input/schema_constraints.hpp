#pragma once
// The custom keywords of the adjusted Data Factory schema (schema_adjust.hpp writes them in place of the keywords it
// replaces): `x-schedc-type`, `-enum`, `-date-time`, `-pattern`, `-expression` and `-discriminator`, each a
// valijson constraint whose failures say what was expected and what was found, in words, and, where a list of
// candidates exists, offer a did-you-mean. Their messages reach schema.cpp through valijson's results, encoded
// with the two characters below.
#include <string>
#include <vector>

#include <valijson/schema_parser.hpp>

namespace schedc::adf_input {

// A message and its help travel through valijson's results as one string, split at this character.
inline constexpr char kHelpSeparator = '\x1f';
// A help that is a did-you-mean over candidate list N (`lists` below) is "\x1eN\x1eFALLBACK": it is worked out
// only for the problems shown (at most kMaxProblems per file), never for every error of a hostile file.
inline constexpr char kSuggest = '\x1e';

// Registers the keywords with `parser`; the candidates of each did-you-mean are appended to `lists` as the schema
// is parsed (a help's N indexes it).
void add_schedc_constraints(valijson::SchemaParser& parser, std::vector<std::vector<std::string>>& lists);

}  // namespace schedc::adf_input
