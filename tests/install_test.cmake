# cmake --install into a fresh prefix gives a kg that finds its data beside
# itself and answers the demo's queries from any working directory.
# Usage: cmake -DBUILD=<build dir> -DSOURCE=<source dir> -DWORK=<scratch dir> -P install_test.cmake
if(NOT BUILD OR NOT SOURCE OR NOT WORK)
  message(FATAL_ERROR "install_test.cmake needs -DBUILD, -DSOURCE and -DWORK")
endif()
file(REMOVE_RECURSE ${WORK})
set(prefix ${WORK}/prefix)
set(elsewhere ${WORK}/elsewhere)
file(MAKE_DIRECTORY ${elsewhere})
# The installed kg must not lean on a variable set in the test's shell.
unset(ENV{KG_DATA_DIR})

function(run)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${elsewhere}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "failed (${code}): ${ARGN}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix})
foreach(file bin/kg share/kg/gazetteer.tsv share/kg/stance_lexicon.tsv
             share/kg/models/en.kgm)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()

set(kg ${prefix}/bin/kg)
run(${kg} ingest --db kg.db ${SOURCE}/examples)
run(${kg} stance --db kg.db Russia Ukraine)
if(NOT out MATCHES "opposes")
  message(FATAL_ERROR "kg stance Russia Ukraine did not say opposes:\n${out}")
endif()
run(${kg} edges --db kg.db)
run(${kg} export --db kg.db --format svg --out kg.svg)
if(NOT EXISTS ${elsewhere}/kg.svg)
  message(FATAL_ERROR "kg export wrote no kg.svg")
endif()
file(REMOVE_RECURSE ${WORK})
message(STATUS "installed kg ran the demo queries from ${elsewhere}")
