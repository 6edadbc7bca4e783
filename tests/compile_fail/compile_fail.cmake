# Reporting a diagnostic that is not in the registry, or with arguments that do not fit its message, must not
# compile (compiler/diagnostics.hpp). Each case is compiled with -fsyntax-only and passes when the compiler rejects
# it with the expected error; `well_formed.cpp`, the same shapes written correctly, must compile, so a broken include
# path cannot pass the others.
set(_schedc_cf_dir ${CMAKE_CURRENT_LIST_DIR})
set(_schedc_cf_flags -std=c++20 -fsyntax-only -I${PROJECT_SOURCE_DIR}
    "-I$<JOIN:$<TARGET_PROPERTY:fmt::fmt,INTERFACE_INCLUDE_DIRECTORIES>,;-I>")

function(schedc_compile_fail name expected)
  add_test(NAME CompileFail.${name}
           COMMAND ${CMAKE_CXX_COMPILER} ${_schedc_cf_flags} ${_schedc_cf_dir}/${name}.cpp
           COMMAND_EXPAND_LISTS)
  set_tests_properties(CompileFail.${name} PROPERTIES WILL_FAIL FALSE PASS_REGULAR_EXPRESSION "${expected}")
endfunction()

add_test(NAME CompileFail.well_formed COMMAND ${CMAKE_CXX_COMPILER} ${_schedc_cf_flags} ${_schedc_cf_dir}/well_formed.cpp
         COMMAND_EXPAND_LISTS)
schedc_compile_fail(unregistered_kind "NoSuchKind.* is not a member of .*schedc::DiagnosticKind")
schedc_compile_fail(code_as_string "no matching function for call to .*report\\(const char \\[8\\]")
schedc_compile_fail(wrong_argument_type "no known conversion for argument 3 from .*string")
schedc_compile_fail(missing_argument "candidate expects 4 arguments, 3 provided|no matching function for call to .*report\\(const schedc::DiagnosticMessage<std::basic_string_view<char(, std::char_traits<char> )?>, std::basic_string_view<char(, std::char_traits<char> )?> ?>&, schedc::Span, const char \\[6\\]\\)")
schedc_compile_fail(format_needs_more_arguments "argument not found")
schedc_compile_fail(format_spec_wrong_for_type "format specifier requires numeric argument")
