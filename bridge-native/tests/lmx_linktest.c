/* Linked against the import library with the plain header, as a C/C++ register program would be:
 * proves the import library resolves every function (on x86 the compiler emits _lmx_open@8, which
 * the import library maps to the undecorated export lmx_open). */
#include "loymax_bridge.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
    char buf[32];
    lmx_handle h = NULL;
    int ok = 1;
    ok &= lmx_version(buf, sizeof buf) == 6 && strcmp(buf, LMX_VERSION_STRING) == 0;
    ok &= lmx_open(NULL, &h) == LMX_BAD_ARGUMENT && h == NULL;
    ok &= lmx_close(NULL) == LMX_INVALID_HANDLE;
    ok &= lmx_execute(NULL, "version", NULL) == LMX_INVALID_HANDLE;
    ok &= lmx_result(NULL, NULL, buf, sizeof buf) == -LMX_INVALID_HANDLE;
    ok &= lmx_set_param(NULL, "/a", "b") == LMX_INVALID_HANDLE;
    ok &= lmx_reset_params(NULL) == LMX_INVALID_HANDLE;
    ok &= lmx_error_code(NULL) == LMX_INVALID_HANDLE;
    ok &= lmx_error_text(NULL, buf, 0) > 1;
#ifdef _WIN32
    {
        wchar_t w[32];
        ok &= lmx_versionW(w, 32) == 6;
        ok &= lmx_openW(NULL, &h) == LMX_BAD_ARGUMENT;
        ok &= lmx_executeW(NULL, L"version", NULL) == LMX_INVALID_HANDLE;
        ok &= lmx_resultW(NULL, NULL, w, 32) == -LMX_INVALID_HANDLE;
        ok &= lmx_set_paramW(NULL, L"/a", L"b") == LMX_INVALID_HANDLE;
        ok &= lmx_error_textW(NULL, w, 0) > 1;
    }
#endif
    printf(ok ? "LINKTEST PASS\n" : "LINKTEST FAILED\n");
    return ok ? 0 : 1;
}
