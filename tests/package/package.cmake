# The Debian package (packaging/): built by CPack from this build tree, then checked. package_build is the
# fixture the others need; package_chroot installs it into a clean Debian 12 root file system (root only; its
# mmdebstrap tarball is cached in ${PROJECT_BINARY_DIR}/package-test).
find_program(SCHEDC_BASH bash REQUIRED)
execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE SCHEDC_DEB_ARCH OUTPUT_STRIP_TRAILING_WHITESPACE)
set(SCHEDC_DEB ${PROJECT_BINARY_DIR}/packages/schedc_${PROJECT_VERSION}_${SCHEDC_DEB_ARCH}.deb)
set(pkg ${CMAKE_CURRENT_LIST_DIR})

add_test(NAME package_build
         COMMAND ${SCHEDC_BASH} ${pkg}/build.sh ${CMAKE_CPACK_COMMAND} ${PROJECT_BINARY_DIR} ${PROJECT_VERSION})
add_test(NAME package_contents COMMAND ${SCHEDC_BASH} ${pkg}/contents.sh ${SCHEDC_DEB} ${PROJECT_VERSION} ${PROJECT_SOURCE_DIR})
add_test(NAME package_lintian COMMAND ${SCHEDC_BASH} ${pkg}/lintian.sh ${SCHEDC_DEB})
add_test(NAME package_chroot
         COMMAND ${SCHEDC_BASH} ${pkg}/chroot.sh ${SCHEDC_DEB} $<TARGET_FILE:schedc> ${PROJECT_SOURCE_DIR}
                 ${PROJECT_BINARY_DIR}/package-test)
set_tests_properties(package_build PROPERTIES FIXTURES_SETUP schedc_deb LABELS package)
set_tests_properties(package_contents package_lintian package_chroot PROPERTIES FIXTURES_REQUIRED schedc_deb LABELS package)
set_tests_properties(package_chroot PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1200)

# One version: CMakeLists.txt's, printed by --version, in the CLI definition, the newest release in CHANGELOG.md.
add_test(NAME package_version
         COMMAND ${SCHEDC_BASH} ${pkg}/version.sh $<TARGET_FILE:schedc> ${PROJECT_VERSION} ${PROJECT_SOURCE_DIR}/CHANGELOG.md)

# The man page and the completions (generated in packaging/) against the binary's own command-line definition.
add_executable(schedc_cli_docs_tests ${CMAKE_CURRENT_LIST_DIR}/cli_docs_test.cpp)
target_link_libraries(schedc_cli_docs_tests PRIVATE GTest::gtest GTest::gtest_main nlohmann_json::nlohmann_json
                      schedc_warnings schedc_test_code)
target_compile_definitions(schedc_cli_docs_tests PRIVATE SCHEDC_BINARY="$<TARGET_FILE:schedc>"
                           SCHEDC_PACKAGING_OUT="${PROJECT_BINARY_DIR}/packaging")
add_dependencies(schedc_cli_docs_tests schedc_package_files schedc)
gtest_discover_tests(schedc_cli_docs_tests TEST_PREFIX "cli_docs/" DISCOVERY_TIMEOUT 60)
