#pragma once
// Rendering of diagnostics for people (text, clang/rustc style) and machines (JSON).
#include <string>

#include "compiler/diagnostics.hpp"
#include "compiler/source.hpp"

namespace schedc::cli {

struct RenderOptions {
  bool color = false;
};

std::string render_text(const Diagnostics& diags, const SourceManager& sm, const RenderOptions& opts);
std::string render_json(const Diagnostics& diags, const SourceManager& sm);
// "2 errors, 1 warning" (empty when there are none)
std::string summary(const Diagnostics& diags);

}  // namespace schedc::cli
