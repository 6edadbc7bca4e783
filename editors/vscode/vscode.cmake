# The VS Code extension (editors/vscode/): its TextMate grammar over annotated samples and every valid .sched file of
# the repository, a whole language-server session driven by VS Code's own JSON-RPC/LSP libraries, and the `.vsix`
# packaged with @vscode/vsce. Needs Node.js and `npm ci` in editors/vscode (.ci/install-deps runs it); without
# them the tests are SKIPPED (77), except under CI=true, where they fail.
find_program(SCHEDC_NODE NAMES node nodejs)
find_program(SCHEDC_SH sh REQUIRED)
if(NOT SCHEDC_NODE)
  message(STATUS "schedc: node not found; the VS Code extension's tests are not registered")
  return()
endif()
set(_vscode_dir ${CMAKE_CURRENT_LIST_DIR})
# Runs "$@" in editors/vscode when its packages are installed; otherwise skips (or fails under CI=true).
set(_vscode_guard [[cd "$1" && shift && if [ ! -d node_modules/vscode-tmgrammar-test ]; then
  echo "SKIPPED: node_modules missing: run npm ci in editors/vscode"; [ "$CI" = true ] && exit 1; exit 77; fi; exec "$@"]])

add_test(NAME vscode_grammar
         COMMAND ${SCHEDC_SH} -c "${_vscode_guard}" sh ${_vscode_dir} ${SCHEDC_NODE} node_modules/.bin/vscode-tmgrammar-test
                 --grammar syntaxes/sched.tmLanguage.json test/grammar/model.test.sched test/grammar/platform.test.sched)
add_test(NAME vscode_grammar_corpus
         COMMAND ${SCHEDC_SH} -c "${_vscode_guard}" sh ${_vscode_dir} ${SCHEDC_NODE} test/grammar-corpus.mjs
                 ${PROJECT_SOURCE_DIR}/examples ${PROJECT_SOURCE_DIR}/stdlib ${PROJECT_SOURCE_DIR}/tests/golden)
add_test(NAME vscode_lsp_e2e
         COMMAND ${SCHEDC_SH} -c "${_vscode_guard}" sh ${_vscode_dir} ${SCHEDC_NODE} test/lsp-e2e.mjs
                 $<TARGET_FILE:schedc> ${PROJECT_SOURCE_DIR}/stdlib)
add_test(NAME vscode_package
         COMMAND ${SCHEDC_SH} -c "${_vscode_guard}" sh ${_vscode_dir} ${SCHEDC_SH} -c
                 [[node_modules/.bin/vsce package --skip-license --allow-missing-repository --out "$0/schedc.vsix" >/dev/null &&
                   node_modules/.bin/vsce ls > "$0/files.txt" &&
                   for f in extension.js language-configuration.json syntaxes/sched.tmLanguage.json \
                            node_modules/vscode-languageclient/package.json; do
                     grep -qx "$f" "$0/files.txt" || { echo "the .vsix lacks $f"; exit 1; }; done && echo packaged "$0/schedc.vsix"]]
                 ${CMAKE_BINARY_DIR}/editors/vscode)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/editors/vscode)
set_tests_properties(vscode_grammar vscode_grammar_corpus vscode_lsp_e2e vscode_package PROPERTIES
                     SKIP_RETURN_CODE 77 LABELS vscode)
# vsce and the e2e session write beside the extension's files (vsce's temporary files) or start the server: never at
# once with each other.
set_tests_properties(vscode_package PROPERTIES RUN_SERIAL TRUE)
