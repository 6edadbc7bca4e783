// A kind that is not in compiler/diagnostic_kinds.def.
#include "compiler/diagnostics.hpp"

void unregistered(schedc::Diagnostics& diags) {
  SCHEDC_DIAGNOSTIC(Unknown, NoSuchKind, "no such kind");
  diags.report(Unknown, schedc::Span{});
}
