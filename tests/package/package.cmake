# Packaging (packaging/): what the build generates for it is checked here.
find_program(SCHEDC_BASH bash REQUIRED)
set(pkg ${CMAKE_CURRENT_LIST_DIR})

# One version: CMakeLists.txt's, printed by --version, in the CLI definition, the newest release in CHANGELOG.md.
add_test(NAME package_version
         COMMAND ${SCHEDC_BASH} ${pkg}/version.sh $<TARGET_FILE:schedc> ${PROJECT_VERSION} ${PROJECT_SOURCE_DIR}/CHANGELOG.md)

# The man page and the completions (generated in packaging/) against the binary's own command-line definition.
add_executable(schedc_cli_docs_tests ${CMAKE_CURRENT_LIST_DIR}/cli_docs_test.cpp)
target_link_libraries(schedc_cli_docs_tests PRIVATE GTest::gtest GTest::gtest_main nlohmann_json::nlohmann_json
                      schedc_warnings)
target_compile_definitions(schedc_cli_docs_tests PRIVATE SCHEDC_BINARY="$<TARGET_FILE:schedc>"
                           SCHEDC_PACKAGING_OUT="${PROJECT_BINARY_DIR}/packaging")
add_dependencies(schedc_cli_docs_tests schedc_package_files schedc)
gtest_discover_tests(schedc_cli_docs_tests TEST_PREFIX "cli_docs/" DISCOVERY_TIMEOUT 60)
