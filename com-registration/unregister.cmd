@echo off
rem unregister.cmd - removes the registration of Loymax.Bridge written by register.cmd (or by
rem regsvr32 / the MSI): every key listed in com-ids.md, per bitness.  The ProgIDs and the type
rem library key are shared by both bitnesses and stay while the other bitness is still registered.
rem
rem   unregister.cmd [user] [x64|x86]      the same arguments as register.cmd
setlocal EnableExtensions
set "MODE=%~1"
set "ONLY=%~2"
if /i "%MODE%"=="x64" ( set "ONLY=x64" & set "MODE=" )
if /i "%MODE%"=="x86" ( set "ONLY=x86" & set "MODE=" )
call "%~dp0lmx_regsvr.cmd" "%MODE%" "%ONLY%" "unregister"
exit /b %ERRORLEVEL%
