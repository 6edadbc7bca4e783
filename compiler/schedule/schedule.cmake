# Schedule engine build steps; included from compiler/CMakeLists.txt after the schedc_compiler target exists.
#
# CLDR's Windows zone map (npm's cldr-core, pinned by compiler/schedule/tz/cldr/package-lock.json) is turned into a
# generated, sorted constexpr table of IANA -> Windows zone ids (and Windows id -> territory-001 IANA zone) at build
# time. There is no hand-written or copied zone table anywhere in the sources.

if(NOT EXISTS "${SCHEDC_CLDR_WINDOWS_ZONES}")
  message(FATAL_ERROR "CLDR windowsZones not found at '${SCHEDC_CLDR_WINDOWS_ZONES}'. Run .ci/install-deps (it runs "
                      "`npm ci` in compiler/schedule/tz/cldr, installing the pinned cldr-core), or pass "
                      "-DSCHEDC_CLDR_WINDOWS_ZONES=/path/to/windowsZones.json")
endif()
# The version printed by `schedc --version` and `schedc next --format json`: cldr-core's, from its package.json.
set(SCHEDC_CLDR_VERSION "")
get_filename_component(_schedc_cldr_package "${SCHEDC_CLDR_WINDOWS_ZONES}/../../package.json" ABSOLUTE)
if(SCHEDC_CLDR_WINDOWS_ZONES MATCHES "\\.json$" AND EXISTS "${_schedc_cldr_package}")
  file(READ "${_schedc_cldr_package}" _schedc_cldr_json)
  string(JSON SCHEDC_CLDR_VERSION GET "${_schedc_cldr_json}" version)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_schedc_cldr_package}")
endif()

add_executable(schedc_gen_windows_zones ${CMAKE_CURRENT_LIST_DIR}/tz/gen_windows_zones.cpp)
target_link_libraries(schedc_gen_windows_zones PRIVATE schedc_warnings nlohmann_json::nlohmann_json)

set(SCHEDC_WINDOWS_ZONES_HPP ${CMAKE_CURRENT_BINARY_DIR}/generated/schedule/windows_zones_data.hpp)
set(SCHEDC_WINDOWS_ZONES_CPP ${CMAKE_CURRENT_BINARY_DIR}/generated/schedule/windows_zones_data.cpp)
add_custom_command(
  OUTPUT ${SCHEDC_WINDOWS_ZONES_HPP} ${SCHEDC_WINDOWS_ZONES_CPP}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/generated/schedule
  COMMAND schedc_gen_windows_zones ${SCHEDC_CLDR_WINDOWS_ZONES} "${SCHEDC_CLDR_VERSION}" ${SCHEDC_WINDOWS_ZONES_HPP} ${SCHEDC_WINDOWS_ZONES_CPP}
  DEPENDS schedc_gen_windows_zones ${SCHEDC_CLDR_WINDOWS_ZONES}
  COMMENT "Generating the IANA -> Windows zone table from ${SCHEDC_CLDR_WINDOWS_ZONES}"
  VERBATIM)
target_sources(schedc_compiler PRIVATE ${SCHEDC_WINDOWS_ZONES_HPP} ${SCHEDC_WINDOWS_ZONES_CPP})
