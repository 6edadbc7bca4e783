#pragma once
// The resources' dependsOn. A resource depends on every other resource its git environment's properties reference
// through ADF's typed references (LinkedServiceReference, DatasetReference, PipelineReference, ...; names matched
// ignoring case, as ADF resolves them), and a managed private endpoint on its managed virtual network. A dependency
// that would close a cycle, which ARM refuses, is dropped (drop_cyclic_dependencies): the safety net behind the
// check phase's SCH2011.
#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include "codegen/arm/factory.hpp"

namespace schedc::codegen::arm {

// (kind, name in lower case: lower_ascii) -> resource: ADF resolves a reference's name ignoring case (as schedc's checks do), so
// a hand-written reference spelt `PL_Load` still makes its resource depend on `pl_load`'s.
using ResourceIndex = std::map<std::pair<std::string, std::string>, std::size_t>;

// The resource's dependencies: every other resource its (git environment's) properties reference, sorted by id.
void set_depends_on(Factory& factory, std::size_t i, const Json& properties, const ResourceIndex& index);

// The check phase reports every cycle of references among hand-written entities (SCH2011), so none reaches here;
// should one, the dependency that closes it is dropped (an iterative depth-first search over the resources in the
// template's order), so that neither the template nor the linked templates' order ever holds a cycle, which ARM
// refuses ("circular dependency").
void drop_cyclic_dependencies(Factory& factory);

}  // namespace schedc::codegen::arm
