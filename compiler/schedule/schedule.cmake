# Schedule engine build steps; included from compiler/CMakeLists.txt after the schedc_compiler target exists.
#
# CLDR's windowsZones.xml (Debian: unicode-cldr-core) is turned into a generated, sorted constexpr table of
# IANA -> Windows zone ids (and Windows id -> territory-001 IANA zone) at build time. There is no hand-written
# zone table anywhere in the sources.

if(NOT EXISTS "${SCHEDC_WINDOWS_ZONES}")
  message(FATAL_ERROR "CLDR windowsZones.xml not found at '${SCHEDC_WINDOWS_ZONES}'. "
                      "Install Debian's unicode-cldr-core or pass -DSCHEDC_WINDOWS_ZONES=/path/to/windowsZones.xml")
endif()

add_executable(schedc_gen_windows_zones ${CMAKE_CURRENT_LIST_DIR}/tz/gen_windows_zones.cpp)
target_link_libraries(schedc_gen_windows_zones PRIVATE schedc_warnings)

set(SCHEDC_WINDOWS_ZONES_HPP ${CMAKE_CURRENT_BINARY_DIR}/generated/schedule/windows_zones_data.hpp)
set(SCHEDC_WINDOWS_ZONES_CPP ${CMAKE_CURRENT_BINARY_DIR}/generated/schedule/windows_zones_data.cpp)
add_custom_command(
  OUTPUT ${SCHEDC_WINDOWS_ZONES_HPP} ${SCHEDC_WINDOWS_ZONES_CPP}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/generated/schedule
  COMMAND schedc_gen_windows_zones ${SCHEDC_WINDOWS_ZONES} ${SCHEDC_WINDOWS_ZONES_HPP} ${SCHEDC_WINDOWS_ZONES_CPP}
  DEPENDS schedc_gen_windows_zones ${SCHEDC_WINDOWS_ZONES}
  COMMENT "Generating the IANA -> Windows zone table from ${SCHEDC_WINDOWS_ZONES}"
  VERBATIM)
target_sources(schedc_compiler PRIVATE ${SCHEDC_WINDOWS_ZONES_HPP} ${SCHEDC_WINDOWS_ZONES_CPP})
