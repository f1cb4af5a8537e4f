/* acl_probe.exe PATH... — prints "PATH<TAB>SDDL of its DACL" for each path (x64, run with wine64);
 * used by wine-msi-test.sh to check the data folder's and config.json's permissions. */
#ifndef UNICODE
#define UNICODE
#endif
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>
int wmain(int argc, wchar_t **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        PSECURITY_DESCRIPTOR sd = NULL;
        LPWSTR s = NULL;
        DWORD e = GetNamedSecurityInfoW(argv[i], SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL, NULL, NULL, NULL, &sd);
        if (e != ERROR_SUCCESS || !ConvertSecurityDescriptorToStringSecurityDescriptorW(sd, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &s, NULL)) {
            wprintf(L"%ls\tERROR %lu\n", argv[i], e ? e : GetLastError());
            rc = 1;
        } else
            wprintf(L"%ls\t%ls\n", argv[i], s);
        if (s) LocalFree(s);
        if (sd) LocalFree(sd);
    }
    return rc;
}
