#pragma once
// Linked templates (docs/deploy.md §1.4): when ARMTemplateForFactory.json exceeds an ARM limit, the resources are
// sliced, in the template's order, into child templates that each stay within every limit, and a master template
// deploys the children one after the other.
#include <cstddef>
#include <string>
#include <vector>

#include "codegen/arm/arm.hpp"
#include "codegen/arm/factory.hpp"
#include "codegen/output.hpp"

namespace schedc::codegen::arm {

// One child template: a contiguous slice of Factory::resources and the parameters it uses (in first-use order).
struct Child {
  std::vector<std::size_t> resources;
  std::vector<std::size_t> parameters;
};

// Slices the resources so that every child is within `limits` (a resource that alone exceeds a limit gets a child
// of its own). `heads[r]` is resource_head() of resource r. Throws std::logic_error if a resource depends on one
// that a later child would deploy.
std::vector<Child> split(const Factory& factory, const std::vector<std::string>& heads, const ArmLimits& limits);

// arm/linkedTemplates/: ArmTemplate_master.json, ArmTemplate_<n>.json and ArmTemplateParameters_master.json (the
// git environment's values). `heads` as for split(). Throws std::logic_error if a child holding several resources
// exceeds the byte limit (split()'s size arithmetic would be wrong).
OutputFiles linked_templates(const Factory& factory, const std::vector<std::string>& heads,
                             const std::vector<Child>& children, const ArmLimits& limits);
// The same, each file into `sink` as it is made (a child template is freed once written).
void linked_templates(const Factory& factory, const std::vector<std::string>& heads, const std::vector<Child>& children,
                      const ArmLimits& limits, FileSink& sink, const std::string& folder);
void linked_templates(const Factory& factory, const std::vector<std::string>& heads, const std::vector<Child>& children,
                      const ArmLimits& limits, FileSink& sink);

}  // namespace schedc::codegen::arm
