#pragma once
// One git-integrated folder for generated and hand-written entities (docs/deploy.md §5): ADF Studio's root folder
// of the DD factory is the build's `adf/` folder, where schedc writes its entities and the team saves theirs, and
// that folder is also given as `--adf`. Such a folder is recognised by the `index.json` schedc writes beside it at
// the root of every build's output. In it, a file is schedc's own output, not a hand-written input, when:
//   - the previous build generated it: the folder's index.json names it (a model's pipeline, triggers or cluster
//     linked service; a storage's linked service and datasets): the walk skips it (cli/inputs.cpp), so a model's
//     removal removes its files, and a storage's when nothing uses it any more;
//   - or this build generates an entity of its kind with exactly its name (drop_build_output below): it is
//     generated again, never reported as a collision (a name differing only in case still is, SCH4006).
// Every other file of the folder is hand-written: read, checked and copied back byte for byte, so `build --check`
// finds it unchanged.
#include <set>
#include <string>
#include <utility>

#include "compiler/ir/ir.hpp"

namespace schedc::adf_input {

// (kind folder, name) of every entity a previous build's index.json names as generated, given its text; nullopt
// when the text is not an index schedc wrote (then the folder is not a build output).
std::optional<std::set<std::pair<std::string, std::string>>> generated_by_index(std::string_view index_text);

// Removes from project.adf_entities the files of a build's own folder that this build generates (same kind, same
// name): they are its output.
void drop_build_output(ir::Project& project);

}  // namespace schedc::adf_input
