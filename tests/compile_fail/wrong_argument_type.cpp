// A string where the message declares a count.
#include <cstddef>
#include <string>

#include "compiler/diagnostics.hpp"

void wrong_type(schedc::Diagnostics& diags, const std::string& name) {
  SCHEDC_DIAGNOSTIC(NameTooLong, InvalidName, "the name is {} characters long", std::size_t);
  diags.report(NameTooLong, schedc::Span{}, name);
}
