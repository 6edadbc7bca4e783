#pragma once
// The steps of lowering (internal to compiler/lower/), in the order lower.cpp runs them, each in its own file.
#include <optional>
#include <string>
#include <utility>

#include "compiler/ir/ir.hpp"
#include "compiler/lower/context.hpp"

namespace schedc::lower {

class Clusters;

// symbols.cpp: every declaration into the symbol tables (SCH1001, SCH1015, SCH4001, SCH4002).
void collect(Context& cx);

// index_models.cpp: the units' models against the organisation index's (SCH4001), and what an index says when a
// `model` prerequisite names no model of the units.
void check_index_collisions(Context& cx);
// The model of the index that `model NAME` names, or null.
const ir::Model* index_upstream(const Context& cx, const std::string& name);
// Where the index holds `model`, for messages: "repo `churn` (`models/a.sched`)", or "`models/a.sched`".
std::string index_place(const ir::Model& model);

// platform.cpp: environments first (per-environment values of everything else need them), then the `project`
// settings, workspaces, storages and key vaults.
void lower_environments(Context& cx);
void lower_platform(Context& cx);

// models.cpp: every model (its cluster through `clusters`, its prerequisites through lower_requires).
void lower_models(Context& cx, Clusters& clusters);
// What is wrong with an absolute notebook path, or "" (also checks `project.notebook_root`).
std::string notebook_path_problem(const std::string& path);

// prerequisites.cpp: a model's `requires` block; storage paths; the storages that prerequisites and markers use.
bool lower_requires(Context& cx, const Unit& unit, const syntax::Body& body, ir::Model& m);
// "container/path/in/it" -> (container, rest), checking ADLS Gen2's container naming rules (SCH1013).
std::optional<std::pair<std::string, std::string>> split_storage_path(Context& cx, const std::string& path, Span span,
                                                                      bool need_rest);
void collect_storage_uses(Context& cx);

}  // namespace schedc::lower
