# Embed docs/diagnostics/SCHxxxx.md as the pages `schedc explain CODE` prints, so docs and CLI never drift.
file(GLOB SCHEDC_DIAGNOSTIC_PAGES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/diagnostics/SCH*.md)
set(SCHEDC_PAGES_CPP ${CMAKE_CURRENT_BINARY_DIR}/generated/diagnostic_pages.cpp)
add_custom_command(
  OUTPUT ${SCHEDC_PAGES_CPP}
  COMMAND ${CMAKE_COMMAND} -DOUT=${SCHEDC_PAGES_CPP} -DPAGES_DIR=${PROJECT_SOURCE_DIR}/docs/diagnostics
          -P ${CMAKE_CURRENT_SOURCE_DIR}/embed_pages.cmake
  DEPENDS ${SCHEDC_DIAGNOSTIC_PAGES} ${CMAKE_CURRENT_SOURCE_DIR}/embed_pages.cmake
  COMMENT "Embedding diagnostic explain pages")
target_sources(schedc_compiler PRIVATE ${SCHEDC_PAGES_CPP})
