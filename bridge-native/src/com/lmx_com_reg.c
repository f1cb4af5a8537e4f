/*
 * lmx_com_reg.c — self-registration of Loymax.Bridge: DllRegisterServer / DllUnregisterServer
 * (machine-wide, HKLM\Software\Classes) and DllInstall(bInstall, L"user") (per user,
 * HKCU\Software\Classes; `regsvr32 /n /i:user loymax_bridge.dll`).
 *
 * Writes exactly the keys listed in com-registration/com-ids.md ("Registry keys"): type library 1.1,
 * both interfaces; an earlier build's 1.0 entry of the same platform is removed first.  Both bitnesses
 * are registered side by side under the same CLSID: the x86 DLL, running under WOW64, writes the
 * 32-bit view (Wow6432Node) of the redirected keys (CLSID, Interface) by itself; the ProgIDs and
 * the TypeLib key are shared by both views, so unregistering one bitness removes its own
 * TypeLib\...\0\win32|win64 entry and leaves the shared keys while the other bitness is still
 * registered.
 */
#include "lmx_com.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#ifdef _WIN64
#define LMX_TLB_PLATFORM L"win64"
#define LMX_OTHER_VIEW KEY_WOW64_32KEY
#else
#define LMX_TLB_PLATFORM L"win32"
#define LMX_OTHER_VIEW KEY_WOW64_64KEY
#endif

#define CLASSES L"Software\\Classes\\"
#define K_CLSID CLASSES L"CLSID\\" LMX_COM_CLSID_STR
#define K_IFACE CLASSES L"Interface\\" LMX_COM_IID_STR
#define K_IFACE2 CLASSES L"Interface\\" LMX_COM_IID2_STR
#define V LMX_COM_TLB_VERSION
#define K_TLB CLASSES L"TypeLib\\" LMX_COM_LIBID_STR
#define K_PROGID CLASSES LMX_COM_PROGID
#define K_PROGID1 CLASSES LMX_COM_PROGID_1

typedef struct {
    const wchar_t *key;   /* below the hive */
    const wchar_t *name;  /* NULL: the default value */
    const wchar_t *value; /* NULL: the DLL's path; L"\1": its folder */
} reg_value;

#define DLL_PATH NULL
#define DLL_DIR L"\1"

static const reg_value values[] = {
    { K_CLSID, NULL, L"Loymax.Bridge" },
    { K_CLSID L"\\InprocServer32", NULL, DLL_PATH },
    { K_CLSID L"\\InprocServer32", L"ThreadingModel", L"Both" },
    { K_CLSID L"\\ProgID", NULL, LMX_COM_PROGID_1 },
    { K_CLSID L"\\VersionIndependentProgID", NULL, LMX_COM_PROGID },
    { K_CLSID L"\\TypeLib", NULL, LMX_COM_LIBID_STR },
    { K_CLSID L"\\Version", NULL, L"1.0" }, /* the class (Loymax.Bridge.1), not the type library */
    { K_PROGID, NULL, L"Loymax.Bridge" },
    { K_PROGID L"\\CLSID", NULL, LMX_COM_CLSID_STR },
    { K_PROGID L"\\CurVer", NULL, LMX_COM_PROGID_1 },
    { K_PROGID1, NULL, L"Loymax.Bridge" },
    { K_PROGID1 L"\\CLSID", NULL, LMX_COM_CLSID_STR },
    { K_TLB L"\\" V, NULL, L"Loymax Bridge " V L" Type Library" },
    { K_TLB L"\\" V L"\\FLAGS", NULL, L"0" },
    { K_TLB L"\\" V L"\\HELPDIR", NULL, DLL_DIR },
    { K_TLB L"\\" V L"\\0\\" LMX_TLB_PLATFORM, NULL, DLL_PATH },
    { K_IFACE, NULL, L"ILoymaxBridge" },
    { K_IFACE L"\\ProxyStubClsid", NULL, LMX_COM_PSOA_STR },
    { K_IFACE L"\\ProxyStubClsid32", NULL, LMX_COM_PSOA_STR },
    { K_IFACE L"\\TypeLib", NULL, LMX_COM_LIBID_STR },
    { K_IFACE L"\\TypeLib", L"Version", V },
    { K_IFACE2, NULL, L"ILoymaxBridge2" },
    { K_IFACE2 L"\\ProxyStubClsid", NULL, LMX_COM_PSOA_STR },
    { K_IFACE2 L"\\ProxyStubClsid32", NULL, LMX_COM_PSOA_STR },
    { K_IFACE2 L"\\TypeLib", NULL, LMX_COM_LIBID_STR },
    { K_IFACE2 L"\\TypeLib", L"Version", V },
};

/* Type library versions an earlier build of this DLL registered: replaced by this one's. */
static const wchar_t *const older_versions[] = { L"1.0" };

static LONG set_value(HKEY hive, const reg_value *v, const wchar_t *path, const wchar_t *dir)
{
    HKEY k;
    LONG rc = RegCreateKeyExW(hive, v->key, 0, NULL, 0, KEY_SET_VALUE, NULL, &k, NULL);
    const wchar_t *data = v->value == DLL_PATH ? path : (wcscmp(v->value, DLL_DIR) == 0 ? dir : v->value);
    if (rc != ERROR_SUCCESS)
        return rc;
    rc = RegSetValueExW(k, v->name, 0, REG_SZ, (const BYTE *)data, (DWORD)((wcslen(data) + 1) * sizeof(wchar_t)));
    RegCloseKey(k);
    return rc;
}

static int key_exists(HKEY hive, const wchar_t *key, REGSAM view)
{
    HKEY k;
    if (RegOpenKeyExW(hive, key, 0, KEY_READ | view, &k) != ERROR_SUCCESS)
        return 0;
    RegCloseKey(k);
    return 1;
}

static int has_subkeys(HKEY hive, const wchar_t *key)
{
    HKEY k;
    DWORD n = 0;
    if (RegOpenKeyExW(hive, key, 0, KEY_READ, &k) != ERROR_SUCCESS)
        return 0;
    if (RegQueryInfoKeyW(k, NULL, NULL, NULL, &n, NULL, NULL, NULL, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
        n = 0;
    RegCloseKey(k);
    return n > 0;
}

static LONG delete_tree(HKEY hive, const wchar_t *key)
{
    LONG rc = RegDeleteTreeW(hive, key);
    if (rc == ERROR_SUCCESS || rc == ERROR_FILE_NOT_FOUND || rc == ERROR_PATH_NOT_FOUND) {
        rc = RegDeleteKeyW(hive, key); /* RegDeleteTree empties the key; remove the key itself */
        if (rc == ERROR_FILE_NOT_FOUND || rc == ERROR_PATH_NOT_FOUND)
            rc = ERROR_SUCCESS;
    }
    return rc;
}

/* Removes this platform's entry of type library version ver, and the version's key when no bitness is left. */
static LONG unregister_typelib(HKEY hive, const wchar_t *ver)
{
    wchar_t k[256], k0[256], kv[256];
    LONG rc;
    _snwprintf(kv, 256, L"%ls\\%ls", K_TLB, ver);
    _snwprintf(k0, 256, L"%ls\\0", kv);
    _snwprintf(k, 256, L"%ls\\%ls", k0, LMX_TLB_PLATFORM);
    kv[255] = k0[255] = k[255] = 0;
    rc = delete_tree(hive, k);
    if (rc == ERROR_SUCCESS && !has_subkeys(hive, k0))
        rc = delete_tree(hive, kv);
    return rc;
}

static HRESULT unregister(HKEY hive)
{
    LONG rc, worst = ERROR_SUCCESS;
#define KEEP_WORST(x) do { rc = (x); if (rc != ERROR_SUCCESS) worst = rc; } while (0)
    /* Redirected per view: ours only. */
    KEEP_WORST(delete_tree(hive, K_CLSID));
    KEEP_WORST(delete_tree(hive, K_IFACE));
    KEEP_WORST(delete_tree(hive, K_IFACE2));
    /* Shared: our platform's entry; the rest when no bitness is left. */
    KEEP_WORST(unregister_typelib(hive, V));
    if (!has_subkeys(hive, K_TLB))
        KEEP_WORST(delete_tree(hive, K_TLB));
    if (!key_exists(hive, K_CLSID, LMX_OTHER_VIEW)) {
        KEEP_WORST(delete_tree(hive, K_PROGID));
        KEEP_WORST(delete_tree(hive, K_PROGID1));
    }
#undef KEEP_WORST
    return worst == ERROR_SUCCESS ? S_OK : HRESULT_FROM_WIN32(worst);
}

static HRESULT do_register(HKEY hive)
{
    wchar_t dir[MAX_PATH * 4];
    const wchar_t *path = lmx_com_module_path();
    wchar_t *slash;
    size_t i;
    LONG rc;
    wcsncpy(dir, path, sizeof dir / sizeof dir[0] - 1);
    dir[sizeof dir / sizeof dir[0] - 1] = 0;
    slash = wcsrchr(dir, L'\\');
    if (slash)
        slash[1] = 0; /* HELPDIR keeps the trailing backslash, as installers write it */
    /* an earlier build's registration of this platform (type library 1.0) gives way to this one's */
    for (i = 0; i < sizeof older_versions / sizeof older_versions[0]; i++)
        unregister_typelib(hive, older_versions[i]);
    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        rc = set_value(hive, &values[i], path, dir);
        if (rc != ERROR_SUCCESS) {
            unregister(hive); /* leave nothing half-written */
            return rc == ERROR_ACCESS_DENIED ? SELFREG_E_CLASS : HRESULT_FROM_WIN32(rc);
        }
    }
    return S_OK;
}

STDAPI DllRegisterServer(void)
{
    return do_register(HKEY_LOCAL_MACHINE);
}

STDAPI DllUnregisterServer(void)
{
    return unregister(HKEY_LOCAL_MACHINE);
}

/* regsvr32 /i:user (per user) or /i:machine (the same as DllRegisterServer); with /n only
 * DllInstall runs, so `regsvr32 /n /i:user x.dll` registers for the current user alone and
 * `regsvr32 /u /n /i:user x.dll` removes that registration. */
STDAPI DllInstall(BOOL install, LPCWSTR cmdline)
{
    HKEY hive;
    if (!cmdline || !cmdline[0] || _wcsicmp(cmdline, L"machine") == 0)
        hive = HKEY_LOCAL_MACHINE;
    else if (_wcsicmp(cmdline, L"user") == 0)
        hive = HKEY_CURRENT_USER;
    else
        return E_INVALIDARG;
    return install ? do_register(hive) : unregister(hive);
}
