#pragma once
// The ARM target (docs/deploy.md §1): the factory as an ARM template whose environment-dependent values are
// parameters, one parameter file per environment, and the release facts `schedc plan` reads:
//   arm/ARMTemplateForFactory.json            the whole factory ("Export ARM template" form)
//   arm/ARMTemplateParametersForFactory.json  the git environment's parameter values
//   arm/parameters/<env>.json                 each declared environment's parameter values
//   arm/release.json                          each environment's factory name and trigger state
//   arm/linkedTemplates/...                   master + child templates, only when the template exceeds a limit
// The template is built from codegen::adf_entity_plans(), each built in every declared environment (see factory.hpp).
#include <cstddef>
#include <stdexcept>

#include "codegen/output.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/ir/ir.hpp"

namespace schedc::codegen::arm {

// ARM's limits on one template. When ARMTemplateForFactory.json exceeds any of them, linked templates are written
// too, each child within all of them. Injectable so tests can exercise the split on small inputs.
struct ArmLimits {
  std::size_t max_bytes = 4 * 1024 * 1024;  // the template file's size
  std::size_t max_resources = 800;
  std::size_t max_parameters = 256;          // factoryName included
};

// The template's parameters that a master of linked templates declares besides them: factoryName, containerUri
// and containerSasToken. A template over ARM's limits with more than max_parameters - 3 parameters cannot be
// deployed (SCH4012).
inline constexpr std::size_t kMasterOwnParameters = 3;

// Thrown, by the functions below that take no diagnostics, for a project whose template is over that limit.
struct ArmParameterLimit : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Every file of the ARM target, sorted by path. Reads only the IR, which must be valid (errors in it are internal
// errors and throw std::logic_error).
OutputFiles generate_arm(const ir::Project& project);
OutputFiles generate_arm(const ir::Project& project, const ArmLimits& limits);
// Each file into `sink`. A template over the master's parameter limit is reported to `diagnostics` as SCH4012
// (thrown as ArmParameterLimit without them), after the template was added and before any other ARM file: the
// caller discards what was added.
void generate_arm(const ir::Project& project, const ArmLimits& limits, FileSink& sink,
                  Diagnostics* diagnostics = nullptr);

// The ADF git layout (generate_adf) and the ARM target (generate_arm) together, sorted by path: every entity is
// built once per environment for both.
OutputFiles generate_adf_and_arm(const ir::Project& project);
void generate_adf_and_arm(const ir::Project& project, FileSink& sink,  // each file into `sink` as it is made
                          Diagnostics* diagnostics = nullptr);

struct Factory;
// The files of a factory already built (what generate_arm writes after arm::build_factory_streaming); unit tests
// use it with hand-made factories.
OutputFiles factory_files(Factory factory, const ArmLimits& limits);

}  // namespace schedc::codegen::arm
