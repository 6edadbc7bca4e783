#pragma once
// Hand-written ADF entities (`--adf`, ir::Project::adf_entities) in the factory schedc writes (docs/deploy.md §5):
//   - the ADF git output holds each file byte for byte at its path in its folder (`adf/<path>`), beside the
//     generated files: never reformatted, so Studio's own diff of the DD folder stays empty;
//   - the ARM template holds each as a resource as ADF's "Export ARM template" writes it: its `properties` as
//     written (a trigger's runtimeState is the environment's trigger state, like a generated trigger's; in an
//     environment that gives its ARM parameters values, `arm_parameters`, those values at their places), a
//     managed private endpoint named `<network>/<name>`, and the factory file's global parameters as the
//     `globalparameters` resource `default`.
#include <string>
#include <vector>

#include "codegen/adf/adf.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen::adf {

// One plan per hand-written entity that the ARM template holds (every one but a factory file without global
// parameters), appended to `out`; AdfEntityPlan::handwritten points at the entity.
void add_handwritten_plans(const ir::Project& project, std::vector<AdfEntityPlan>& out);

// The ADF git output of every hand-written entity: its bytes, at `adf/<path>` (plans of hand-written entities
// write no ADF file: this does, once per entity, the factory file included), and the folders' ARM parameter
// definition at the root.
void add_handwritten_files(const ir::Project& project, FileSink& sink);

}  // namespace schedc::codegen::adf
