# The COM server Loymax.Bridge, in the same DLL as the C ABI (included at the end of CMakeLists.txt).
#
#   src/com/loymax_bridge.idl --widl--> loymax_bridge.tlb + loymax_bridge_idl.h (build tree)
#   src/com/loymax_bridge_com.rc: 1 TYPELIB "loymax_bridge.tlb", linked into loymax_bridge.dll
#   src/com/lmx_com.c, lmx_com_reg.c: the object, class factory, Dll* exports (.def: PRIVATE)
#   lmx_comcheck.exe: registration diagnostic (no Java needed); lmx_comtest.exe: COM client test
#
# Tests (CTest): com_idl_frozen (every platform: the IDL equals the released 1.1 copy and keeps 1.0's ILoymaxBridge),
# com_exports_resources (Windows: Dll* exports undecorated, TYPELIB resource present).
# The wine tests (regsvr32, cscript, Free Pascal, …) are com-registration/tests/run-com-tests.sh.

get_filename_component(LMX_REPO_ROOT "${CMAKE_CURRENT_SOURCE_DIR}/.." ABSOLUTE)

add_test(NAME com_idl_frozen COMMAND ${CMAKE_COMMAND}
         -DCURRENT=${CMAKE_CURRENT_SOURCE_DIR}/src/com/loymax_bridge.idl
         -DRELEASED=${LMX_REPO_ROOT}/com-registration/released/loymax_bridge-1.1.idl
         -DEARLIER=${LMX_REPO_ROOT}/com-registration/released/loymax_bridge-1.0.idl
         -P ${LMX_REPO_ROOT}/com-registration/tests/idl_frozen.cmake)
set_tests_properties(com_idl_frozen PROPERTIES PASS_REGULAR_EXPRESSION "IDL FROZEN PASS")

if(NOT WIN32)
  return()
endif()

enable_language(RC)
find_program(LMX_WIDL NAMES ${TOOLCHAIN_PREFIX}-widl widl)
if(NOT LMX_WIDL)
  message(FATAL_ERROR "widl not found (Debian: apt-get install mingw-w64-tools); the COM type library cannot be built")
endif()
set(LMX_WIDL_IDL_DIR "/usr/include/wine/wine/windows" CACHE PATH "Folder with oaidl.idl/ocidl.idl for widl (Debian: libwine-dev)")
set(LMX_WIDL_TLB_DIR "/usr/lib/x86_64-linux-gnu/wine/x86_64-windows" CACHE PATH "Folder with stdole2.tlb for widl (Debian: wine64)")
if(NOT EXISTS "${LMX_WIDL_IDL_DIR}/oaidl.idl")
  message(FATAL_ERROR "${LMX_WIDL_IDL_DIR}/oaidl.idl not found (Debian: apt-get install libwine-dev); set LMX_WIDL_IDL_DIR")
endif()
if(NOT EXISTS "${LMX_WIDL_TLB_DIR}/stdole2.tlb")
  message(FATAL_ERROR "${LMX_WIDL_TLB_DIR}/stdole2.tlb not found (Debian: apt-get install wine64); set LMX_WIDL_TLB_DIR")
endif()
if(CMAKE_SIZEOF_VOID_P EQUAL 4)
  set(_lmx_widl_arch --win32)
else()
  set(_lmx_widl_arch --win64)
endif()

set(LMX_COM_GEN "${CMAKE_CURRENT_BINARY_DIR}/com")
set(LMX_COM_IDL "${CMAKE_CURRENT_SOURCE_DIR}/src/com/loymax_bridge.idl")
file(MAKE_DIRECTORY "${LMX_COM_GEN}")
add_custom_command(
  OUTPUT "${LMX_COM_GEN}/loymax_bridge.tlb" "${LMX_COM_GEN}/loymax_bridge_idl.h"
  COMMAND ${LMX_WIDL} -I${LMX_WIDL_IDL_DIR} -L${LMX_WIDL_TLB_DIR} ${_lmx_widl_arch}
          -t -T "${LMX_COM_GEN}/loymax_bridge.tlb" -h -H "${LMX_COM_GEN}/loymax_bridge_idl.h" "${LMX_COM_IDL}"
  DEPENDS "${LMX_COM_IDL}"
  COMMENT "widl: type library and header of Loymax.Bridge (${_lmx_widl_arch})")
add_custom_target(loymax_bridge_typelib DEPENDS "${LMX_COM_GEN}/loymax_bridge.tlb" "${LMX_COM_GEN}/loymax_bridge_idl.h")

set(_lmx_rc "${CMAKE_CURRENT_SOURCE_DIR}/src/com/loymax_bridge_com.rc")
set_source_files_properties("${_lmx_rc}" PROPERTIES OBJECT_DEPENDS "${LMX_COM_GEN}/loymax_bridge.tlb")
target_sources(loymax_bridge PRIVATE src/com/lmx_com.c src/com/lmx_com_args.c src/com/lmx_com_reg.c "${_lmx_rc}")
target_include_directories(loymax_bridge PRIVATE "${LMX_COM_GEN}" src/com)
add_dependencies(loymax_bridge loymax_bridge_typelib)
target_link_libraries(loymax_bridge PRIVATE ole32 oleaut32 uuid advapi32)

# The registration diagnostic: plain Win32, no Java, no dependency on the DLL.
add_executable(lmx_comcheck src/com/lmx_comcheck.c)
target_compile_definitions(lmx_comcheck PRIVATE UNICODE _UNICODE _WIN32_WINNT=0x0601)
target_include_directories(lmx_comcheck PRIVATE "${LMX_COM_GEN}" src/com include)
add_dependencies(lmx_comcheck loymax_bridge_typelib)
target_link_libraries(lmx_comcheck PRIVATE ole32 oleaut32 uuid advapi32)
target_link_options(lmx_comcheck PRIVATE -static-libgcc -municode)

if(LMX_BUILD_TESTS)
  # A COM client in C: vtable (early binding) and IDispatch calls, apartments, threads,
  # DllCanUnloadNow, exit without Release, the type library's contents.  Run by run-com-tests.sh.
  add_executable(lmx_comtest src/com/lmx_comtest.c src/com/lmx_com_args.c)
  target_compile_definitions(lmx_comtest PRIVATE UNICODE _UNICODE _WIN32_WINNT=0x0601)
  target_include_directories(lmx_comtest PRIVATE "${LMX_COM_GEN}" src/com include)
  add_dependencies(lmx_comtest loymax_bridge_typelib)
  target_link_libraries(lmx_comtest PRIVATE ole32 oleaut32 uuid advapi32)
  target_link_options(lmx_comtest PRIVATE -static-libgcc -municode)

  if(NOT CMAKE_OBJDUMP)
    find_program(CMAKE_OBJDUMP ${TOOLCHAIN_PREFIX}-objdump)
  endif()
  add_test(NAME com_exports_resources COMMAND ${CMAKE_COMMAND} -DOBJDUMP=${CMAKE_OBJDUMP}
           -DDLL=$<TARGET_FILE:loymax_bridge> -P ${LMX_REPO_ROOT}/com-registration/tests/check_com_dll.cmake)
  set_tests_properties(com_exports_resources PROPERTIES PASS_REGULAR_EXPRESSION "COM DLL PASS")
endif()
