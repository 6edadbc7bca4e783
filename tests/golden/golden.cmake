# Golden tests: tests/golden/<area>/<case>/ (see tests/golden/README.md).
add_executable(schedc_golden_tests ${CMAKE_CURRENT_SOURCE_DIR}/golden/golden_test.cpp)
target_link_libraries(schedc_golden_tests PRIVATE schedc_lib GTest::gtest GTest::gtest_main schedc_warnings schedc_test_code)
target_compile_definitions(schedc_golden_tests PRIVATE SCHEDC_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
gtest_discover_tests(schedc_golden_tests TEST_PREFIX "golden/" DISCOVERY_TIMEOUT 60)
target_sources(schedc_golden_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/golden/errors/coverage_test.cpp)
