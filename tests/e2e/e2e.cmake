# End-to-end tests of the real executable.
add_test(NAME e2e_determinism
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/determinism.sh $<TARGET_FILE:schedc> ${PROJECT_SOURCE_DIR})
add_test(NAME e2e_examples_golden_check
         COMMAND $<TARGET_FILE:schedc> build ${PROJECT_SOURCE_DIR}/examples
                 --out ${PROJECT_SOURCE_DIR}/tests/golden/examples/all/expected/out --check)
set_tests_properties(e2e_examples_golden_check PROPERTIES WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME e2e_hostile
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/hostile.sh $<TARGET_FILE:schedc> ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e_hostile PROPERTIES TIMEOUT 600)
add_test(NAME e2e_yaml_roundtrip COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/e2e/yaml_roundtrip.py ${PROJECT_SOURCE_DIR}/tests/golden)
add_test(NAME e2e_faketime
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/faketime.sh $<TARGET_FILE:schedc> ${PROJECT_SOURCE_DIR})
