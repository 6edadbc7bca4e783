// The well-formed counterpart of the other cases: it must compile.
#include <cstddef>
#include <string>

#include "compiler/diagnostics.hpp"

void well_formed(schedc::Diagnostics& diags, const std::string& name) {
  SCHEDC_DIAGNOSTIC(NameTooLong, InvalidName, "name `{}` is {} characters long", std::string_view, std::size_t);
  SCHEDC_DIAGNOSTIC(NoArguments, SyntaxError, "a message without arguments");
  diags.report(NameTooLong, schedc::Span{}, name, name.size());
  diags.report(NoArguments, schedc::Span{});
}
