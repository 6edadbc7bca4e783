// A format specification that does not fit the declared type (a number's precision on a name).
#include <string_view>

#include "compiler/diagnostics.hpp"

void spec(schedc::Diagnostics& diags) {
  SCHEDC_DIAGNOSTIC(Unknown, UnknownReference, "unknown model `{:+d}`", std::string_view);
  diags.report(Unknown, schedc::Span{}, "churn");
}
