# The published interfaces are frozen: the current IDL must equal the released copy once comments
# and whitespace are removed, and every interface of an earlier release (-DEARLIER=<idl>[;<idl>…]) must
# still be in it as it was released (ILoymaxBridge of 1.0 inside 1.1).
#   cmake -DCURRENT=<idl> -DRELEASED=<released idl> [-DEARLIER=<older released idl>] -P idl_frozen.cmake
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
foreach(old IN LISTS EARLIER)
  if(NOT EXISTS "${old}")
    message(FATAL_ERROR "FAIL: earlier IDL ${old} not found")
  endif()
  normalise("${old}" prev)
  # each interface of the earlier release: from its attribute block "[object,uuid(" to the "};" that ends it
  set(rest "${prev}")
  string(FIND "${rest}" "[object,uuid(" at)
  while(NOT at EQUAL -1)
    string(SUBSTRING "${rest}" ${at} -1 rest)
    string(FIND "${rest}" "};" end)
    math(EXPR len "${end} + 2")
    string(SUBSTRING "${rest}" 0 ${len} block)
    string(FIND "${cur}" "${block}" found)
    if(found EQUAL -1)
      string(REGEX MATCH "interface [A-Za-z0-9_]+" name "${block}")
      message(FATAL_ERROR "FAIL: published interface changed: ${name} of ${old} is no longer in ${CURRENT} as released; "
              "add a new interface instead")
    endif()
    string(SUBSTRING "${rest}" ${len} -1 rest)
    string(FIND "${rest}" "[object,uuid(" at)
  endwhile()
endforeach()
message("IDL FROZEN PASS: ${CURRENT} matches ${RELEASED}; the interfaces of ${EARLIER} are in it unchanged")
