# The COM side of loymax_bridge.dll (x64 or x86), checked from its PE headers (objdump -p):
# the five COM exports under their plain names (no _DllGetClassObject@12 on x86) and the type
# library as resource TYPELIB id 1.   cmake -DOBJDUMP=... -DDLL=... -P check_com_dll.cmake
execute_process(COMMAND "${OBJDUMP}" -p "${DLL}" OUTPUT_VARIABLE dump RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "FAIL: ${OBJDUMP} -p ${DLL} failed")
endif()
string(REGEX MATCH "\\[Ordinal/Name Pointer\\] Table\n([^\n]*\n)+" table "${dump}")
set(missing "")
foreach(name DllGetClassObject DllCanUnloadNow DllRegisterServer DllUnregisterServer DllInstall)
  if(NOT table MATCHES "\\] ${name}\n")
    list(APPEND missing ${name})
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "FAIL: COM exports missing or decorated: ${missing}\n${table}")
endif()
if(table MATCHES "@[0-9]+")
  message(FATAL_ERROR "FAIL: decorated export names:\n${table}")
endif()
# objdump -p prints the resource directory: "Entry: name: ... TYPELIB" is shown as a named type.
# objdump prints: "Entry: name: [val: … len 7]: TYPELIB, Value: …" then the name table with "Entry: ID: 0x000001".
if(NOT dump MATCHES "\\]: TYPELIB, Value: [^\n]*\n[^\n]*Name Table[^\n]*\n[^\n]*Entry: ID: 0x0*1, ")
  message(FATAL_ERROR "FAIL: no resource TYPELIB with id 1 in ${DLL}")
endif()
string(REGEX MATCH "(pe|pei)-(x86-64|i386)" fmt "${dump}")
message("COM DLL PASS: ${DLL} (${fmt}): DllGetClassObject DllCanUnloadNow DllRegisterServer DllUnregisterServer DllInstall exported, TYPELIB resource present")
