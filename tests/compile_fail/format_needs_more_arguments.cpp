// A message whose text has more placeholders than declared arguments.
#include <string_view>

#include "compiler/diagnostics.hpp"

void placeholders(schedc::Diagnostics& diags) {
  SCHEDC_DIAGNOSTIC(Unknown, UnknownReference, "unknown {} `{}`", std::string_view);
  diags.report(Unknown, schedc::Span{}, "model");
}
