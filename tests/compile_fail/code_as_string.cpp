// The old way, a code as a string at the call: gone, so a typo in a code cannot reach a user.
#include "compiler/diagnostics.hpp"

void by_string(schedc::Diagnostics& diags) { diags.report("SCH1007", schedc::Span{}, "a name is invalid"); }
