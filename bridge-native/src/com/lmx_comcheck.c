/*
 * lmx_comcheck.exe — is Loymax.Bridge registered where register programs look for it?
 * Needs no Java and does not load the bridge (unless --create).  Built for x64 and x86.
 *
 *   lmx_comcheck [--create] [--dll-x64 PATH] [--dll-x86 PATH]
 *
 * For each registry view (64-bit, 32-bit) and each hive (machine-wide HKLM, per-user HKCU) it
 * reports whether the class is registered, whether its DLL exists and has the right bitness (read
 * from the PE header), the ProgIDs, the type library and the interface's marshaler; then, per
 * bitness, what a program of that bitness gets — for instance the message a 32-bit 1C:Enterprise
 * shows when only the 64-bit DLL is registered ("Класс не зарегистрирован", 0x80040154) — and the
 * command that fixes it.  --create also creates the object in this tool's own bitness and prints
 * its Version.  --dll-x64/--dll-x86 say where the DLLs are, for the fix commands (default: guessed
 * from the registration and this tool's folder).
 *
 * Exit status: 0 every registration found is sound (a missing bitness is only a warning);
 * 1 a registration is broken (DLL missing, wrong bitness, ProgID pointing elsewhere) or --create
 * failed; 2 the class is not registered at all.
 * Output: UTF-16 to a console, UTF-8 to a file or pipe.
 */
#define COBJMACROS
#include <windows.h>
#include <ole2.h>
#include <oleauto.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define CLSID_STR L"{A942EFFA-6E9D-458E-96C2-C66E0D5DE9F0}"
#define LIBID_STR L"{D360D1EB-A028-44DA-B69F-86AC39EBE1FF}"
#define IID_STR L"{F02BD241-17AC-40B9-BE5B-FB218C3B7133}"
#define IID2_STR L"{7649D048-5F0D-40C9-B646-6E22EDC7A467}"
#define PSOA_STR L"{00020424-0000-0000-C000-000000000046}"

/* ---- output ------------------------------------------------------------------------------------ */
static void out(const wchar_t *fmt, ...)
{
    wchar_t buf[4096];
    HANDLE h = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode, n;
    va_list ap;
    va_start(ap, fmt);
    _vsnwprintf(buf, 4095, fmt, ap);
    va_end(ap);
    buf[4095] = 0;
    if (GetConsoleMode(h, &mode)) {
        WriteConsoleW(h, buf, (DWORD)wcslen(buf), &n, NULL);
    } else {
        char u8[4096 * 3];
        int len = WideCharToMultiByte(CP_UTF8, 0, buf, -1, u8, (int)sizeof u8, NULL, NULL);
        if (len > 1)
            WriteFile(h, u8, (DWORD)(len - 1), &n, NULL);
    }
}

/* ---- registry ---------------------------------------------------------------------------------- */
/* The value (default when name NULL) of key, expanded; 1 if found. */
static int reg_text(HKEY hive, REGSAM view, const wchar_t *key, const wchar_t *name, wchar_t *buf, DWORD cap)
{
    HKEY k;
    DWORD type, size = (cap - 1) * sizeof(wchar_t);
    LONG rc;
    buf[0] = 0;
    if (RegOpenKeyExW(hive, key, 0, KEY_QUERY_VALUE | view, &k) != ERROR_SUCCESS)
        return 0;
    rc = RegQueryValueExW(k, name, NULL, &type, (BYTE *)buf, &size);
    RegCloseKey(k);
    if (rc != ERROR_SUCCESS || (type != REG_SZ && type != REG_EXPAND_SZ))
        return 0;
    buf[size / sizeof(wchar_t)] = 0;
    if (type == REG_EXPAND_SZ) {
        wchar_t tmp[MAX_PATH * 2];
        DWORD n = ExpandEnvironmentStringsW(buf, tmp, MAX_PATH * 2);
        if (n > 0 && n <= MAX_PATH * 2 && n <= cap)
            wcscpy(buf, tmp);
    }
    return 1;
}

static int key_exists(HKEY hive, REGSAM view, const wchar_t *key)
{
    HKEY k;
    if (RegOpenKeyExW(hive, key, 0, KEY_READ | view, &k) != ERROR_SUCCESS)
        return 0;
    RegCloseKey(k);
    return 1;
}

/* ---- PE header --------------------------------------------------------------------------------- */
/* 64, 32, 0 (not a PE file / unreadable), -1 (missing). */
static int pe_bits(const wchar_t *path)
{
    HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    unsigned char hdr[64], pe[6];
    DWORD n = 0, off;
    int bits = 0;
    if (f == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        return (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND) ? -1 : 0;
    }
    if (ReadFile(f, hdr, sizeof hdr, &n, NULL) && n == sizeof hdr && hdr[0] == 'M' && hdr[1] == 'Z') {
        off = hdr[60] | (hdr[61] << 8) | (hdr[62] << 16) | ((DWORD)hdr[63] << 24);
        if (SetFilePointer(f, (LONG)off, NULL, FILE_BEGIN) != INVALID_SET_FILE_POINTER && ReadFile(f, pe, 6, &n, NULL) &&
            n == 6 && memcmp(pe, "PE\0\0", 4) == 0) {
            unsigned machine = pe[4] | (pe[5] << 8);
            bits = machine == 0x8664 || machine == 0xAA64 ? 64 : machine == 0x14C ? 32 : 0;
        }
    }
    CloseHandle(f);
    return bits;
}

/* ---- the checks -------------------------------------------------------------------------------- */
typedef struct {
    int found;         /* InprocServer32 present */
    int file_bits;     /* pe_bits of the DLL */
    wchar_t dll[MAX_PATH * 2];
    wchar_t threading[32];
    int ok;            /* found, file exists, right bitness */
} reg_state;

static int problems;

static const wchar_t *hive_name(HKEY hive) { return hive == HKEY_LOCAL_MACHINE ? L"machine-wide (HKLM)" : L"per-user (HKCU)"; }

static void check_view(int bits, REGSAM view, HKEY hive, reg_state *st)
{
    wchar_t v[MAX_PATH * 2];
    const wchar_t *root = L"Software\\Classes\\";
    wchar_t key[256];
    memset(st, 0, sizeof *st);
    _snwprintf(key, 256, L"%lsCLSID\\" CLSID_STR L"\\InprocServer32", root);
    st->found = reg_text(hive, view, key, NULL, st->dll, MAX_PATH * 2);
    if (!st->found) {
        out(L"  %d-bit view, %ls: not registered\n", bits, hive_name(hive));
        return;
    }
    reg_text(hive, view, key, L"ThreadingModel", st->threading, 32);
    st->file_bits = pe_bits(st->dll);
    out(L"  %d-bit view, %ls: registered -> %ls\n", bits, hive_name(hive), st->dll);
    if (st->file_bits == -1) {
        out(L"    ERROR: the DLL does not exist: a %d-bit program gets 0x8007007E (the module was not found)\n", bits);
        problems++;
    } else if (st->file_bits != bits) {
        out(L"    ERROR: the DLL is %ls, not %d-bit: a %d-bit program gets 0x800700C1 (not a valid Win32 application)\n",
            st->file_bits ? (st->file_bits == 64 ? L"64-bit" : L"32-bit") : L"not a Windows DLL", bits, bits);
        problems++;
    } else {
        out(L"    DLL present, %d-bit (PE header)\n", bits);
        st->ok = 1;
    }
    if (_wcsicmp(st->threading, L"Both") != 0) {
        out(L"    WARNING: ThreadingModel is \"%ls\", expected \"Both\"\n", st->threading);
    }
    _snwprintf(key, 256, L"%lsInterface\\" IID_STR L"\\ProxyStubClsid32", root);
    if (!reg_text(hive, view, key, NULL, v, MAX_PATH * 2) || _wcsicmp(v, PSOA_STR) != 0)
        out(L"    WARNING: interface ILoymaxBridge has no OLE Automation marshaler here: calls from another apartment fail\n");
    _snwprintf(key, 256, L"%lsInterface\\" IID2_STR L"\\ProxyStubClsid32", root);
    if (!reg_text(hive, view, key, NULL, v, MAX_PATH * 2) || _wcsicmp(v, PSOA_STR) != 0)
        out(L"    WARNING: interface ILoymaxBridge2 (TestConnection) is not registered here: an older DLL's registration? "
            L"Register this DLL again\n");
    _snwprintf(key, 256, L"%lsTypeLib\\" LIBID_STR L"\\1.1\\0\\%ls", root, bits == 64 ? L"win64" : L"win32");
    if (!reg_text(hive, view, key, NULL, v, MAX_PATH * 2))
        out(L"    WARNING: type library 1.1 (%ls) not registered: early binding and cross-apartment calls fail\n",
            bits == 64 ? L"win64" : L"win32");
}

static void check_progids(HKEY hive)
{
    static const wchar_t *ids[] = { L"Loymax.Bridge", L"Loymax.Bridge.1" };
    int i;
    for (i = 0; i < 2; i++) {
        wchar_t key[128], v[128];
        _snwprintf(key, 128, L"Software\\Classes\\%ls\\CLSID", ids[i]);
        if (!reg_text(hive, 0, key, NULL, v, 128)) {
            if (key_exists(hive, KEY_WOW64_64KEY, L"Software\\Classes\\CLSID\\" CLSID_STR) ||
                key_exists(hive, KEY_WOW64_32KEY, L"Software\\Classes\\CLSID\\" CLSID_STR)) {
                out(L"  ProgID %ls, %ls: MISSING: CreateObject(\"%ls\") fails with 0x800401F3 (invalid class string)\n", ids[i],
                    hive_name(hive), ids[i]);
                problems++;
            }
        } else if (_wcsicmp(v, CLSID_STR) != 0) {
            out(L"  ProgID %ls, %ls: ERROR: points to %ls, not %ls\n", ids[i], hive_name(hive), v, CLSID_STR);
            problems++;
        } else {
            out(L"  ProgID %ls, %ls: -> " CLSID_STR L"\n", ids[i], hive_name(hive));
        }
    }
}

static void guess_dll(const wchar_t *known, const wchar_t *from, const wchar_t *to, wchar_t *outp, size_t cap)
{
    /* ...\windows-x64\loymax_bridge.dll -> ...\windows-x86\loymax_bridge.dll (also \x64\ -> \x86\) */
    const wchar_t *p = known[0] ? wcsstr(known, from) : NULL;
    outp[0] = 0;
    if (p && wcslen(known) < cap) {
        size_t head = (size_t)(p - known);
        _snwprintf(outp, cap, L"%.*ls%ls%ls", (int)head, known, to, p + wcslen(from));
        outp[cap - 1] = 0;
        if (pe_bits(outp) < 0)
            outp[0] = 0;
    }
}

static int create_object(void)
{
    CLSID clsid;
    IDispatch *d = NULL;
    HRESULT hr;
    int rc = 0;
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    hr = CLSIDFromProgID(L"Loymax.Bridge", &clsid);
    if (SUCCEEDED(hr))
        hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IDispatch, (void **)&d);
    if (FAILED(hr)) {
        wchar_t msg[512] = L"";
        FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, (DWORD)hr, 0, msg, 512, NULL);
        out(L"create: CreateObject(\"Loymax.Bridge\") in this %d-bit process FAILED: 0x%08lX %ls\n",
            (int)(sizeof(void *) * 8), (unsigned long)hr, msg);
        rc = 1;
    } else {
        LPOLESTR name = L"Version";
        DISPID id;
        DISPPARAMS none = { NULL, NULL, 0, 0 };
        VARIANT v;
        VariantInit(&v);
        hr = IDispatch_GetIDsOfNames(d, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &id);
        if (SUCCEEDED(hr))
            hr = IDispatch_Invoke(d, id, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &none, &v, NULL, NULL);
        if (SUCCEEDED(hr) && V_VT(&v) == VT_BSTR) {
            out(L"create: CreateObject(\"Loymax.Bridge\") in this %d-bit process: OK, Version %ls\n", (int)(sizeof(void *) * 8),
                V_BSTR(&v));
        } else {
            out(L"create: the object was created but Version failed: 0x%08lX\n", (unsigned long)hr);
            rc = 1;
        }
        VariantClear(&v);
        IDispatch_Release(d);
    }
    CoUninitialize();
    return rc;
}

int wmain(int argc, wchar_t **argv)
{
    reg_state s64m, s64u, s32m, s32u;
    wchar_t windir[MAX_PATH], self[MAX_PATH * 2], dll64[MAX_PATH * 2] = L"", dll32[MAX_PATH * 2] = L"";
    BOOL wow = FALSE;
    int is64os, create = 0, i, any;
    int create_rc = 0;

    for (i = 1; i < argc; i++) {
        if (_wcsicmp(argv[i], L"--create") == 0)
            create = 1;
        else if (_wcsicmp(argv[i], L"--dll-x64") == 0 && i + 1 < argc)
            wcsncpy(dll64, argv[++i], MAX_PATH * 2 - 1);
        else if (_wcsicmp(argv[i], L"--dll-x86") == 0 && i + 1 < argc)
            wcsncpy(dll32, argv[++i], MAX_PATH * 2 - 1);
        else {
            out(L"usage: lmx_comcheck [--create] [--dll-x64 PATH] [--dll-x86 PATH]\n");
            return 2;
        }
    }
#ifdef _WIN64
    is64os = 1;
#else
    IsWow64Process(GetCurrentProcess(), &wow);
    is64os = wow != FALSE;
#endif
    GetSystemWindowsDirectoryW(windir, MAX_PATH);
    GetModuleFileNameW(NULL, self, MAX_PATH * 2);

    out(L"Loymax.Bridge COM registration (CLSID " CLSID_STR L")\n");
    out(L"this check: %d-bit process on a %d-bit Windows\n\n", (int)(sizeof(void *) * 8), is64os ? 64 : 32);

    memset(&s64m, 0, sizeof s64m);
    memset(&s64u, 0, sizeof s64u);
    if (is64os) {
        out(L"64-bit programs (1C:Enterprise 64-bit, 64-bit Office/VBA, 64-bit scripts):\n");
        check_view(64, KEY_WOW64_64KEY, HKEY_LOCAL_MACHINE, &s64m);
        check_view(64, KEY_WOW64_64KEY, HKEY_CURRENT_USER, &s64u);
    }
    out(L"32-bit programs (1C:Enterprise 32-bit, VB6, FoxPro, 32-bit Delphi, 32-bit Office/VBA):\n");
    check_view(32, is64os ? KEY_WOW64_32KEY : 0, HKEY_LOCAL_MACHINE, &s32m);
    check_view(32, is64os ? KEY_WOW64_32KEY : 0, HKEY_CURRENT_USER, &s32u);
    check_progids(HKEY_LOCAL_MACHINE);
    check_progids(HKEY_CURRENT_USER);

    /* Where the DLLs are, for the fix commands. */
    if (!dll64[0] && s64m.ok) wcscpy(dll64, s64m.dll);
    if (!dll64[0] && s64u.ok) wcscpy(dll64, s64u.dll);
    if (!dll32[0] && s32m.ok) wcscpy(dll32, s32m.dll);
    if (!dll32[0] && s32u.ok) wcscpy(dll32, s32u.dll);
    if (!dll32[0]) guess_dll(dll64, L"\\windows-x64\\", L"\\windows-x86\\", dll32, MAX_PATH * 2);
    if (!dll32[0]) guess_dll(dll64, L"\\x64\\", L"\\x86\\", dll32, MAX_PATH * 2);
    if (!dll64[0]) guess_dll(dll32, L"\\windows-x86\\", L"\\windows-x64\\", dll64, MAX_PATH * 2);
    if (!dll64[0]) guess_dll(dll32, L"\\x86\\", L"\\x64\\", dll64, MAX_PATH * 2);

    out(L"\nVerdict:\n");
    any = s64m.found || s64u.found || s32m.found || s32u.found;
    for (i = 0; i < 2; i++) {
        int bits = i == 0 ? 64 : 32;
        reg_state *m = bits == 64 ? &s64m : &s32m, *u = bits == 64 ? &s64u : &s32u;
        const wchar_t *dll = bits == 64 ? dll64 : dll32;
        const wchar_t *regsvr = (bits == 32 && is64os) ? L"SysWOW64" : L"System32";
        if (bits == 64 && !is64os)
            continue;
        if (m->ok) {
            out(L"  %d-bit programs: OK (machine-wide)\n", bits);
        } else if (u->ok) {
            out(L"  %d-bit programs: OK for this user only (per-user registration)\n", bits);
            out(L"    WARNING: a per-user registration is invisible to services (the register's service runs as another\n"
                L"    user, e.g. LocalSystem) and to elevated processes (\"Run as administrator\" ignores HKCU classes).\n"
                L"    For them register machine-wide (as administrator): %ls\\%ls\\regsvr32.exe \"%ls\"\n",
                windir, regsvr, dll[0] ? dll : L"<folder>\\loymax_bridge.dll");
        } else {
            out(L"  %d-bit programs: NOT REGISTERED. A %d-bit 1C:Enterprise shows \"Класс не зарегистрирован\"\n"
                L"    (REGDB_E_CLASSNOTREG, 0x80040154 \"Class not registered\") at Новый COMОбъект(\"Loymax.Bridge\"),\n"
                L"    a script gets 0x80040154 / 429 \"ActiveX component can't create object\".\n", bits, bits);
            if ((bits == 32 && (s64m.ok || s64u.ok)) || (bits == 64 && (s32m.ok || s32u.ok)))
                out(L"    Only the %d-bit DLL is registered; a %d-bit program needs the %d-bit DLL registered as well.\n",
                    bits == 32 ? 64 : 32, bits, bits);
            out(L"    Fix (as administrator): %ls\\%ls\\regsvr32.exe \"%ls\"\n", windir, regsvr,
                dll[0] ? dll : (bits == 32 ? L"<folder>\\windows-x86\\loymax_bridge.dll" : L"<folder>\\windows-x64\\loymax_bridge.dll"));
            out(L"    (or for the current user only: %ls\\%ls\\regsvr32.exe /n /i:user \"...\")\n", windir, regsvr);
        }
        if (m->found && u->found)
            out(L"  NOTE: %d-bit: registered both machine-wide and per user; the per-user one wins for that user (%ls)\n", bits,
                u->dll);
    }
    if (create)
        create_rc = create_object();
    if (!any) {
        out(L"\nRESULT: Loymax.Bridge is not registered\n");
        return 2;
    }
    if (problems || create_rc) {
        out(L"\nRESULT: %d problem(s) found\n", problems + create_rc);
        return 1;
    }
    out(L"\nRESULT: OK\n");
    return 0;
}
