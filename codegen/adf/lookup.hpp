#pragma once
// Lookups into the IR that must succeed in a valid IR; a miss is an internal error.
// (Linear, like ir::Project's own lookup helpers; codegen does not depend on their definitions.)
#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace schedc::codegen::adf {

// The element of `items` whose `key` member equals `name`, e.g. require(project.storages, &ir::Storage::name, n).
template <class T>
const T& require(const std::vector<T>& items, std::string T::*key, const std::string& name, std::string_view what) {
  for (const auto& item : items)
    if (item.*key == name) return item;
  throw std::logic_error(fmt::format("adf: the IR names an unknown {} '{}'", what, name));
}

}  // namespace schedc::codegen::adf
