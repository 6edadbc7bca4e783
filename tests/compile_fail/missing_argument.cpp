// Fewer arguments than the message declares.
#include <string_view>

#include "compiler/diagnostics.hpp"

void missing(schedc::Diagnostics& diags) {
  SCHEDC_DIAGNOSTIC(Unknown, UnknownReference, "unknown {} `{}`", std::string_view, std::string_view);
  diags.report(Unknown, schedc::Span{}, "model");
}
