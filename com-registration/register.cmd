@echo off
rem register.cmd - registers the COM object Loymax.Bridge (loymax_bridge.dll) with the right
rem regsvr32 for each bitness: the 64-bit DLL with the 64-bit regsvr32 (System32, or Sysnative when
rem this script runs in a 32-bit cmd.exe), the 32-bit DLL with %SystemRoot%\SysWOW64\regsvr32.exe
rem (System32 on 32-bit Windows).  Both can be registered side by side under the same CLSID.
rem
rem   register.cmd [user] [x64|x86]
rem     user      per-user registration (HKCU, regsvr32 /n /i:user): no administrator rights
rem               needed, but invisible to services and to elevated ("Run as administrator")
rem               programs.  Default: machine-wide (HKLM), run as administrator.
rem     x64|x86   only that bitness (default: every DLL found)
rem   Where the DLLs are: LMX_DLL_X64 / LMX_DLL_X86, else windows-x64\ and windows-x86\ (or x64\
rem   and x86\) beside this script or one folder up.
rem Exit code 0 when every requested registration succeeded.
setlocal EnableExtensions EnableDelayedExpansion
set "MODE=%~1"
set "ONLY=%~2"
if /i "%MODE%"=="x64" ( set "ONLY=x64" & set "MODE=" )
if /i "%MODE%"=="x86" ( set "ONLY=x86" & set "MODE=" )

call "%~dp0lmx_regsvr.cmd" "%MODE%" "%ONLY%" ""
exit /b %ERRORLEVEL%
