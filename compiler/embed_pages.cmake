# Writes a C++ source with one entry per docs/diagnostics/SCHxxxx.md, sorted by code.
file(GLOB pages ${PAGES_DIR}/SCH*.md)
list(SORT pages)
set(body "")
foreach(page IN LISTS pages)
  get_filename_component(code ${page} NAME_WE)
  file(READ ${page} text)
  # Raw string literal with a delimiter that cannot occur in the pages.
  string(APPEND body "    {\"${code}\", R\"schedc_page(${text})schedc_page\"},\n")
endforeach()
file(WRITE ${OUT}.tmp
"// Generated from docs/diagnostics/*.md by compiler/embed_pages.cmake. Do not edit.
#include <optional>
#include <string_view>
#include <utility>
#include \"compiler/diagnostics.hpp\"
namespace schedc {
namespace {
constexpr std::pair<std::string_view, std::string_view> kPages[] = {
${body}    {\"\", \"\"},
};
}  // namespace
std::optional<std::string_view> explain_page(std::string_view code) {
  for (const auto& [c, page] : kPages)
    if (!c.empty() && c == code) return page;
  return std::nullopt;
}
}  // namespace schedc
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
