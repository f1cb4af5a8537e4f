@echo off
rem lmx_regsvr.cmd MODE ONLY ACTION - the common part of register.cmd and unregister.cmd.
rem   MODE: "" (machine-wide) or "user";  ONLY: "", "x64" or "x86";  ACTION: "" or "unregister"
rem Plain goto-style batch (no nested blocks) so that every cmd.exe, wine's included, runs it.
setlocal EnableExtensions
set "MODE=%~1"
set "ONLY=%~2"
set "ACTION=%~3"
set "HERE=%~dp0"
set FAILED=0
set DONE=0

rem ---- which regsvr32 for which bitness ----
set "RS64="
set "RS32=%SystemRoot%\System32\regsvr32.exe"
rem 64-bit Windows: a 64-bit cmd.exe says AMD64/ARM64, a 32-bit one has PROCESSOR_ARCHITEW6432
if defined PROCESSOR_ARCHITEW6432 goto rs_64
if /i "%PROCESSOR_ARCHITECTURE%"=="AMD64" goto rs_64
if /i "%PROCESSOR_ARCHITECTURE%"=="ARM64" goto rs_64
goto rs_done
:rs_64
set "RS32=%SystemRoot%\SysWOW64\regsvr32.exe"
set "RS64=%SystemRoot%\System32\regsvr32.exe"
rem a 32-bit cmd.exe sees SysWOW64 as System32; Sysnative is the real one
if exist "%SystemRoot%\Sysnative\regsvr32.exe" set "RS64=%SystemRoot%\Sysnative\regsvr32.exe"
:rs_done

rem ---- where the DLLs are ----
set "DLL64=%LMX_DLL_X64%"
set "DLL32=%LMX_DLL_X86%"
if not defined DLL64 if exist "%HERE%windows-x64\loymax_bridge.dll" set "DLL64=%HERE%windows-x64\loymax_bridge.dll"
if not defined DLL64 if exist "%HERE%x64\loymax_bridge.dll" set "DLL64=%HERE%x64\loymax_bridge.dll"
if not defined DLL64 if exist "%HERE%..\windows-x64\loymax_bridge.dll" set "DLL64=%HERE%..\windows-x64\loymax_bridge.dll"
if not defined DLL64 if exist "%HERE%..\x64\loymax_bridge.dll" set "DLL64=%HERE%..\x64\loymax_bridge.dll"
if not defined DLL32 if exist "%HERE%windows-x86\loymax_bridge.dll" set "DLL32=%HERE%windows-x86\loymax_bridge.dll"
if not defined DLL32 if exist "%HERE%x86\loymax_bridge.dll" set "DLL32=%HERE%x86\loymax_bridge.dll"
if not defined DLL32 if exist "%HERE%..\windows-x86\loymax_bridge.dll" set "DLL32=%HERE%..\windows-x86\loymax_bridge.dll"
if not defined DLL32 if exist "%HERE%..\x86\loymax_bridge.dll" set "DLL32=%HERE%..\x86\loymax_bridge.dll"

rem ---- options ----
set "OPTS=/s"
set "WHAT=machine-wide (HKLM)"
if /i not "%MODE%"=="user" goto opts_machine
set "OPTS=/s /n /i:user"
set "WHAT=for the current user (HKCU)"
goto opts_done
:opts_machine
net session >nul 2>&1
if errorlevel 1 echo WARNING: not running as administrator: a machine-wide registration may be refused; use an elevated prompt or "register.cmd user"
:opts_done
set "VERB=registered"
if /i not "%ACTION%"=="unregister" goto do64
set "OPTS=/u %OPTS%"
set "VERB=unregistered"

:do64
if /i "%ONLY%"=="x86" goto do32
if not defined RS64 goto do32
if defined DLL64 goto run64
if /i "%ONLY%"=="x64" echo FAILED: the 64-bit loymax_bridge.dll was not found (set LMX_DLL_X64)
if /i "%ONLY%"=="x64" set FAILED=1
goto do32
:run64
"%RS64%" %OPTS% "%DLL64%"
if errorlevel 1 goto fail64
echo 64-bit %VERB% %WHAT%: "%DLL64%"
set /a DONE+=1
goto do32
:fail64
echo FAILED: 64-bit "%DLL64%" with "%RS64%" %OPTS%
set FAILED=1

:do32
if /i "%ONLY%"=="x64" goto done
if defined DLL32 goto run32
if /i "%ONLY%"=="x86" echo FAILED: the 32-bit loymax_bridge.dll was not found (set LMX_DLL_X86)
if /i "%ONLY%"=="x86" set FAILED=1
goto done
:run32
"%RS32%" %OPTS% "%DLL32%"
if errorlevel 1 goto fail32
echo 32-bit %VERB% %WHAT%: "%DLL32%"
set /a DONE+=1
goto done
:fail32
echo FAILED: 32-bit "%DLL32%" with "%RS32%" %OPTS%
set FAILED=1

:done
if "%DONE%%FAILED%"=="00" echo FAILED: no loymax_bridge.dll found
if "%DONE%%FAILED%"=="00" set FAILED=1
if /i "%MODE%"=="user" if /i not "%ACTION%"=="unregister" echo NOTE: a per-user registration is invisible to services and to elevated programs.
exit /b %FAILED%
