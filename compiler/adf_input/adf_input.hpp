#pragma once
// Hand-written ADF content (`--adf DIR`, `--adf NAME=DIR`): the files of an ADF git-layout folder as ADF Studio
// writes them, one entity per file (pipeline/, dataset/, linkedService/, trigger/, dataflow/, integrationRuntime/,
// credential/, managedVirtualNetwork/ with managedPrivateEndpoint/ below each network, factory/). Each file is read
// with the JSON reader for hostile input and registered as a source, so every problem is located (file:line:col)
// in every diagnostics format: invalid JSON, a file that is not such an entity, a name that is not its file's name
// or breaks ADF's naming rules, and two entities of a kind whose names differ only in case (SCH9011). Then, against
// the generated entities (check_adf_entities): collisions per kind, ignoring case (SCH4006), and references to
// entities that exist nowhere (SCH2010).
#include <string>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/source.hpp"

namespace schedc::adf_input {

// One file of an ADF folder, as the command line's walk found it.
struct AdfFile {
  std::string repo;     // the `--adf NAME=` name, or ""
  std::string kind;     // the entity kind its folder says ("pipeline", ..., "managedPrivateEndpoint"), or "" when
                        // the folder is not one of ADF's (then SCH9011)
  std::string display;  // how diagnostics name it: its path in the folder (`pipeline/copy_sales.json`), or as given
  std::string real;     // where it is read
  std::string rel = {}; // its path below the folder given (`pipeline/copy_sales.json`): where `build` copies it
  bool build_output = false;  // its folder is a schedc build's `adf/` (build_output.hpp)
};

// The folders of ADF's git layout, by entity kind.
const std::vector<std::string>& entity_kinds();

// Reads one registered file into an entity; nullopt after reporting its problem.
std::optional<ir::AdfEntity> read_entity(const SourceManager& sm, FileId file, const AdfFile& from, Diagnostics& diags);

// Entities of one kind whose names differ only in case (SCH9011, at the later one by repo, path). Sorts `entities`.
void check_duplicates(std::vector<ir::AdfEntity>& entities, Diagnostics& diags);

// The generated entities of `project` and its hand-written ones: collisions and missing references.
void check_adf_entities(const ir::Project& project, Diagnostics& diags);

}  // namespace schedc::adf_input
