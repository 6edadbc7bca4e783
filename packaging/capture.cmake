# Runs PROGRAM [ARG1 [ARG2]] and writes its standard output to OUTPUT; fails when the program fails.
#   cmake -DPROGRAM=... [-DARG1=...] [-DARG2=...] -DOUTPUT=... -P capture.cmake
set(args)
foreach(a ARG1 ARG2)
  if(DEFINED ${a})
    list(APPEND args "${${a}}")
  endif()
endforeach()
execute_process(COMMAND "${PROGRAM}" ${args} OUTPUT_FILE "${OUTPUT}.tmp" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "${PROGRAM} ${args} failed: ${rc}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
