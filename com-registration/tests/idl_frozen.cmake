# The published interface is frozen: the current IDL must equal the released copy once comments
# and whitespace are removed.  cmake -DCURRENT=<idl> -DRELEASED=<released idl> -P idl_frozen.cmake
# Prints "IDL FROZEN PASS" or fails with the first difference.
function(normalise file out)
  file(READ "${file}" t)
  string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" " " t "${t}")   # /* … */
  string(REGEX REPLACE "//[^\n]*" " " t "${t}")                      # // …
  string(REGEX REPLACE "[ \t\r\n]+" " " t "${t}")
  string(REGEX REPLACE " ?([][(){};,=:<>*]) ?" "\\1" t "${t}")      # blanks around punctuation
  string(STRIP "${t}" t)
  set(${out} "${t}" PARENT_SCOPE)
endfunction()

foreach(f CURRENT RELEASED)
  if(NOT EXISTS "${${f}}")
    message(FATAL_ERROR "FAIL: ${f} IDL ${${f}} not found")
  endif()
endforeach()
normalise("${CURRENT}" cur)
normalise("${RELEASED}" rel)
if(NOT cur STREQUAL rel)
  # Show where they part.
  string(LENGTH "${cur}" lc)
  string(LENGTH "${rel}" lr)
  set(i 0)
  while(i LESS lc AND i LESS lr)
    string(SUBSTRING "${cur}" ${i} 1 a)
    string(SUBSTRING "${rel}" ${i} 1 b)
    if(NOT a STREQUAL b)
      break()
    endif()
    math(EXPR i "${i} + 1")
  endwhile()
  math(EXPR from "${i} - 60")
  if(from LESS 0)
    set(from 0)
  endif()
  string(SUBSTRING "${cur}" ${from} 140 ctx_cur)
  string(SUBSTRING "${rel}" ${from} 140 ctx_rel)
  message(FATAL_ERROR "FAIL: published interface changed: add a new interface (ILoymaxBridge2, IID reserved in com-ids.md) instead\n"
          "  current  ${CURRENT}: …${ctx_cur}…\n  released ${RELEASED}: …${ctx_rel}…")
endif()
message("IDL FROZEN PASS: ${CURRENT} matches ${RELEASED}")
