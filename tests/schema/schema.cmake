# Schema validation of generated output against the public ARM / Data Factory schemas and the Databricks bundle schema
# Needs Node.js and the validator's packages: `npm ci --prefix tests/schema`. A missing schema folder or missing
# packages make the tests SKIPPED (exit code 77), except under CI=true, where they fail.
find_program(SCHEDC_NODE NAMES node nodejs)
if(NOT SCHEDC_NODE)
  message(STATUS "schedc: node not found; schema tests are not registered")
  return()
endif()
find_program(SCHEDC_SH sh REQUIRED)

set(SCHEDC_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" CACHE PATH
    "Folder holding schemas/arm (the shared schema snapshot); overridden by the SCHEDC_SHARED_DIR environment variable")
if(DEFINED ENV{SCHEDC_SHARED_DIR})
  set(SCHEDC_SHARED_DIR "$ENV{SCHEDC_SHARED_DIR}")
endif()

set(SCHEDC_SCHEMA_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(SCHEDC_SCHEMA_OUT "${CMAKE_CURRENT_BINARY_DIR}/schema")

# The validator rejects deliberately broken documents and accepts good ones.
add_test(NAME schema_self_test
         COMMAND ${SCHEDC_NODE} validate.mjs --self-test
         WORKING_DIRECTORY ${SCHEDC_SCHEMA_DIR})

# `schedc build` over examples/, then validation of everything it wrote.
add_test(NAME schema_examples
         COMMAND ${SCHEDC_SH} -c [[rm -rf "$3" && "$1" build "$2" --out "$3" && exec "$4" validate.mjs "$3"]] sh
                 $<TARGET_FILE:schedc> ${PROJECT_SOURCE_DIR}/examples ${SCHEDC_SCHEMA_OUT}/examples ${SCHEDC_NODE}
         WORKING_DIRECTORY ${SCHEDC_SCHEMA_DIR})

# The unit tests' full ADF fixture (every prerequisite kind, cluster kind, library kind...), then validation.
add_test(NAME schema_adf_fixture
         COMMAND ${SCHEDC_SH} -c [[rm -rf "$2" && "$1" --gtest_filter=AdfSchemaFixture.* && exec "$3" validate.mjs "$2"]] sh
                 $<TARGET_FILE:schedc_unit_tests> ${SCHEDC_SCHEMA_OUT}/adf_fixture ${SCHEDC_NODE}
         WORKING_DIRECTORY ${SCHEDC_SCHEMA_DIR})

# Linked templates (a factory split over ARM's limits), written by the unit tests' fixture, then validation.
add_test(NAME schema_arm_split_fixture
         COMMAND ${SCHEDC_SH} -c [[rm -rf "$2" && "$1" --gtest_filter=ArmSchemaFixture.* && exec "$3" validate.mjs "$2"]] sh
                 $<TARGET_FILE:schedc_unit_tests> ${SCHEDC_SCHEMA_OUT}/arm_split_fixture ${SCHEDC_NODE}
         WORKING_DIRECTORY ${SCHEDC_SCHEMA_DIR})
set_tests_properties(schema_arm_split_fixture PROPERTIES SKIP_RETURN_CODE 77 LABELS schema
                     ENVIRONMENT "SCHEDC_SHARED_DIR=${SCHEDC_SHARED_DIR};SCHEDC_ARM_FIXTURE_OUT=${SCHEDC_SCHEMA_OUT}/arm_split_fixture")

# Every golden case's expected output (tests/golden/*/*/expected/out) is valid too.
file(GLOB SCHEDC_GOLDEN_OUT_DIRS LIST_DIRECTORIES true CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/tests/golden/*/*/expected/out)
add_test(NAME schema_goldens
         COMMAND ${SCHEDC_NODE} validate.mjs ${SCHEDC_GOLDEN_OUT_DIRS}
         WORKING_DIRECTORY ${SCHEDC_SCHEMA_DIR})

set_tests_properties(schema_self_test schema_examples schema_adf_fixture schema_goldens PROPERTIES
                     SKIP_RETURN_CODE 77
                     LABELS schema
                     ENVIRONMENT "SCHEDC_SHARED_DIR=${SCHEDC_SHARED_DIR}")
set_property(TEST schema_adf_fixture APPEND PROPERTY ENVIRONMENT "SCHEDC_ADF_FIXTURE_OUT=${SCHEDC_SCHEMA_OUT}/adf_fixture")

# SARIF (--diagnostics-format sarif) against the OASIS SARIF 2.1.0 schema (tests/schema/validate_sarif.mjs): the
# validator's self-test, every golden case's expected SARIF (`schedc diff`'s on stderr too), and what the CLI prints
# for a single-repo and a multi-repo check.
add_test(NAME schema_sarif_self_test
         COMMAND ${SCHEDC_NODE} validate_sarif.mjs --self-test
         WORKING_DIRECTORY ${SCHEDC_SCHEMA_DIR})
file(GLOB SCHEDC_GOLDEN_SARIF CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/golden/*/*/expected/diagnostics.sarif
     ${PROJECT_SOURCE_DIR}/tests/golden/diff/*/expected/stderr.sarif)
add_test(NAME schema_sarif_goldens
         COMMAND ${SCHEDC_NODE} validate_sarif.mjs ${SCHEDC_GOLDEN_SARIF}
         WORKING_DIRECTORY ${SCHEDC_SCHEMA_DIR})
set(SCHEDC_SARIF_CASES ${PROJECT_SOURCE_DIR}/tests/golden)
add_test(NAME schema_sarif_cli
         COMMAND ${SCHEDC_SH} -c [[
           mkdir -p "$3" && cd "$4" || exit 1
           "$1" check errors/sch4001_duplicate_model_two_files/input --diagnostics-format sarif > "$3/single.sarif"
           [ $? -eq 1 ] || { echo "expected exit 1 from the single-repo check"; exit 1; }
           "$1" check --repo churn=repos/cycle_across_repos/input/churn --repo features=repos/cycle_across_repos/input/features \
                repos/cycle_across_repos/input/platform --diagnostics-format sarif > "$3/multi.sarif"
           [ $? -eq 1 ] || { echo "expected exit 1 from the multi-repo check"; exit 1; }
           cd "$5" && exec "$2" validate_sarif.mjs "$3/single.sarif" "$3/multi.sarif"]] sh
                 $<TARGET_FILE:schedc> ${SCHEDC_NODE} ${SCHEDC_SCHEMA_OUT}/sarif ${SCHEDC_SARIF_CASES} ${SCHEDC_SCHEMA_DIR})
set_tests_properties(schema_sarif_self_test schema_sarif_goldens schema_sarif_cli PROPERTIES
                     SKIP_RETURN_CODE 77
                     LABELS schema
                     ENVIRONMENT "SCHEDC_SHARED_DIR=${SCHEDC_SHARED_DIR}")
