#pragma once
// Allowances: a warning accepted for a reason (docs/language.md §1, "Allowances"). A comment
//   # schedc allow SCH3007, SCH7001: the reason
// at the end of a line allows those codes for the diagnostics that start on that line; on a line of its own, for
// the declaration or entry that starts next (the whole of it). Only warnings can be allowed; an allowance without
// a reason, or naming an error or an unknown code, is SCH1017; one that allows nothing is warning SCH1018.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/source.hpp"
#include "grammar/syntax.hpp"

namespace schedc {

struct Allowance {
  Span comment;                    // the comment
  std::vector<std::string> codes;  // "SCH3007"
  std::vector<bool> used;          // per code
  std::string reason;
  std::uint32_t begin = 0, end = 0;  // the region of the file it covers (a byte range)
};

// `project { allow { CODE = "reason"  CODE = { reason = "..."  models = [a, b]  repos = ["r"] } } }`: a code allowed
// in the repo whose file declares it (in a single-repo compilation: everywhere), and in the repos `repos` names; or,
// with `models`, in those models' declarations only (models of those repos).
struct ProjectAllowance {
  std::string code;
  std::string reason;
  std::vector<std::string> models;  // empty: everywhere in the repos it covers
  std::vector<std::string> repos;   // the repos it covers: the declaring file's, then those `repos` names
  Span span;                        // the entry's key
  bool used = false;
};

// Where each model is declared (by name): the regions of a ProjectAllowance with `models`.
struct ModelRegion {
  std::string name;
  Span span;
};

// The allowances of one parsed file (`text` is its source), reporting SCH1017 for the invalid ones.
std::vector<Allowance> collect_allowances(const syntax::File& file, FileId id, std::string_view text, Diagnostics& diags);

// Suppresses every warning an allowance covers. When `judge_unused` (the analyses ran, so every warning that could
// be reported was), an allowance of a code that covered nothing is SCH1018.
void apply_allowances(std::vector<Allowance>& allowances, Diagnostics& diags, bool judge_unused);
// Then the project's allowances, for the warnings no comment allowed, each in the repos it covers (a diagnostic's
// repo is its primary file's, from `sources`; in a single-repo compilation every allowance covers everything);
// SCH1018 likewise.
void apply_project_allowances(std::vector<ProjectAllowance>& allowances, const std::vector<ModelRegion>& models,
                              const SourceManager& sources, Diagnostics& diags, bool judge_unused);

}  // namespace schedc
