# Checks the stage layout (run by ctest as a CMake script):
#  1. no source file of a stage includes a header of a later stage, in the
#     data-flow order of KG_STAGES, and no library code includes tests/;
#  2. every .cc file in a stage's folder is listed in that folder's
#     CMakeLists.txt, so that a file cannot silently fall out of the build.
# Usage: cmake -DROOT=<source dir> "-DSTAGES=common;core;..." -P layering_test.cmake
if(NOT ROOT OR NOT STAGES)
  message(FATAL_ERROR "layering_test.cmake needs -DROOT and -DSTAGES")
endif()

set(problems "")
set(rank 0)
foreach(stage ${STAGES})
  set(rank_of_${stage} ${rank})
  math(EXPR rank "${rank} + 1")
endforeach()

foreach(stage ${STAGES})
  file(GLOB_RECURSE sources RELATIVE ${ROOT}
       ${ROOT}/${stage}/*.h ${ROOT}/${stage}/*.cc)
  file(READ ${ROOT}/${stage}/CMakeLists.txt listed)
  foreach(source ${sources})
    file(STRINGS ${ROOT}/${source} includes REGEX "^#include \"[^\"]+\"")
    foreach(line ${includes})
      string(REGEX REPLACE "^#include \"([^/\"]+)/.*" "\\1" included "${line}")
      if(included STREQUAL "tests")
        string(APPEND problems "${source}: includes a test header (${line})\n")
      elseif(NOT DEFINED rank_of_${included})
        string(APPEND problems "${source}: includes outside any stage (${line})\n")
      elseif(rank_of_${included} GREATER rank_of_${stage})
        string(APPEND problems
               "${source}: stage ${stage} includes later stage ${included} (${line})\n")
      endif()
    endforeach()
    if(source MATCHES "\\.cc$")
      file(RELATIVE_PATH in_folder ${ROOT}/${stage} ${ROOT}/${source})
      string(FIND "${listed}" "${in_folder}" at)
      if(at EQUAL -1)
        string(APPEND problems
               "${source}: not listed in ${stage}/CMakeLists.txt\n")
      endif()
    endif()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "stage layout broken:\n${problems}")
endif()
message(STATUS "stage layout: ${rank} stages, every include points backwards")
