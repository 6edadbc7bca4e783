#pragma once
#include <algorithm>
#include <tuple>

namespace schedc {

template <class PathOf>
void Diagnostics::canonicalize(PathOf&& path_of) {
  auto key = [&](const Diagnostic& d) {
    return std::make_tuple(std::string(path_of(d.primary.file)), d.primary.begin, d.primary.end, d.code,
                           d.message);
  };
  std::stable_sort(list_.begin(), list_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  list_.erase(std::unique(list_.begin(), list_.end(),
                          [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
              list_.end());
  bound_texts();
  errors_ = warnings_ = suppressed_ = 0;
  for (const auto& d : list_) {
    if (d.severity == Severity::Error) ++errors_;
    if (d.severity == Severity::Warning) ++(d.suppressed ? suppressed_ : warnings_);
  }
}

}  // namespace schedc
