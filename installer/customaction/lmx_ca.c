/*
 * lmx_ca.dll — custom actions of the Loymax Bridge MSI (x64, built with mingw-w64).
 *
 * wixl (msitools 0.101) has no <Permission>/<PermissionEx> (no LockPermissions or
 * MsiLockPermissionsEx table), no IniFile/XmlFile and no util:RemoveFolderEx, so the data folder is
 * looked after here:
 *
 *   LmxPrepare      immediate: reads the public properties (SERVERURL, PARTNER, LOGIN, PASSWORD,
 *                   DEVICEID, DATADIR, REGISTERUSERS, REMOVEDATA, INSTALLSERVICE), checks them, and hands them to
 *                   the deferred actions through their CustomActionData; then clears PASSWORD. Both CustomActionData
 *                   properties are listed in MsiHiddenProperties and the actions are HideTarget,
 *                   so Windows Installer logs "**********" instead of their values.
 *   LmxWriteConfig  deferred, system context: creates DATADIR and DATADIR\logs, gives DATADIR a
 *                   protected ACL (SYSTEM and Administrators full control, REGISTERUSERS modify;
 *                   nobody else), and — only when SERVERURL/LOGIN/PASSWORD were given — writes
 *                   DATADIR\config.json atomically (SYSTEM/Administrators full, REGISTERUSERS read),
 *                   with "engine": "host" when INSTALLSERVICE=1 (the service is the register's host).
 *                   An existing config.json is never touched when no configuration was given
 *                   (upgrade, repair): queues and config are data, not program files.
 *   LmxRemoveData   deferred, system context: deletes DATADIR (uninstall with REMOVEDATA=1 only;
 *                   never during a major upgrade; refuses a drive root or a system folder).
 *   LmxService      deferred, system context, after InstallServices (INSTALLSERVICE=1 only; its
 *                   CustomActionData is "REGISTERUSERS|DATADIR": neither may contain '|'): puts the
 *                   service account (NT AUTHORITY\LocalService) into REGISTERUSERS when that is a local
 *                   group (the data folder's ACL names REGISTERUSERS only); creates the host's token file
 *                   DATADIR\host.token when missing, readable by REGISTERUSERS (the host would make it
 *                   readable by the service account alone, and register programs must read it); sets the
 *                   service's recovery: restart after 5 s, 10 s and 60 s, the count reset after a day, also
 *                   when it stops with an error (wixl has no util:ServiceConfig / MsiServiceConfigFailureActions).
 *                   Never fails the install: what it could not do is logged with what to do instead.
 *   LmxCopyLog      immediate, after InstallFinalize: copies the install log written so far
 *                   (MsiLogFileLocation: /l*v or the MsiLogging property) into DATADIR\logs.
 *
 * Values travel as "name=hex(utf-8)" fields separated by ';' so that any character a password
 * may contain survives. Nothing here writes a property value into the MSI log; messages name
 * properties, never their values.
 */
#define WIN32_LEAN_AND_MEAN
#define UNICODE
#define _UNICODE
#include <windows.h>
#include <msi.h>
#include <msiquery.h>
#include <sddl.h>
#include <aclapi.h>
#include <lm.h>
#include <shlobj.h>
#include <bcrypt.h>
#include <wchar.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_GROUP L"Loymax Bridge Users"
/* modify = read, write, execute, delete (not change permissions / take ownership) */
#define MODIFY_MASK L"0x1301bf"

/* ---- small string helpers ------------------------------------------------------------------- */

typedef struct { wchar_t *p; size_t n, cap; } wbuf;

static void wb_add(wbuf *b, const wchar_t *s, size_t len)
{
    if (b->n + len + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 256);
        while (cap < b->n + len + 1) cap *= 2;
        wchar_t *np = realloc(b->p, cap * sizeof(wchar_t));
        if (!np) return;
        b->p = np; b->cap = cap;
    }
    memcpy(b->p + b->n, s, len * sizeof(wchar_t));
    b->n += len;
    b->p[b->n] = 0;
}
static void wb_adds(wbuf *b, const wchar_t *s) { wb_add(b, s, wcslen(s)); }

static void wipe_free(wchar_t *s)
{
    if (s) { SecureZeroMemory(s, wcslen(s) * sizeof(wchar_t)); free(s); }
}

static wchar_t *get_prop(MSIHANDLE h, const wchar_t *name)
{
    DWORD n = 0;
    wchar_t empty[1] = L"";
    if (MsiGetPropertyW(h, name, empty, &n) != ERROR_MORE_DATA && n == 0)
        return _wcsdup(L"");
    n++;
    wchar_t *v = calloc(n + 1, sizeof(wchar_t));
    if (!v) return NULL;
    if (MsiGetPropertyW(h, name, v, &n) != ERROR_SUCCESS) { free(v); return _wcsdup(L""); }
    return v;
}

/* formats a message and hands it to Windows Installer as one record of the given type */
static void post(MSIHANDLE h, INSTALLMESSAGE type, const wchar_t *prefix, const wchar_t *fmt, va_list ap)
{
    wchar_t text[1024];
    _vsnwprintf(text, 1023, fmt, ap);
    text[1023] = 0;
    MSIHANDLE rec = MsiCreateRecord(1);
    wchar_t line[1100];
    _snwprintf(line, 1099, L"%ls%ls", prefix, text);
    line[1099] = 0;
    MsiRecordSetStringW(rec, 0, line);
    MsiProcessMessage(h, type, rec);
    MsiCloseHandle(rec);
}

static void log_msg(MSIHANDLE h, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    post(h, INSTALLMESSAGE_INFO, L"LoymaxBridge: ", fmt, ap);
    va_end(ap);
}

/* an error the user sees (in the log and, with UI, a message box); the install fails */
static UINT fail(MSIHANDLE h, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    post(h, (INSTALLMESSAGE)(INSTALLMESSAGE_ERROR | MB_OK | MB_ICONERROR), L"Loymax Bridge: ", fmt, ap);
    va_end(ap);
    return ERROR_INSTALL_FAILURE;
}

/* ---- field encoding for CustomActionData: name=HEX(utf-8);name=HEX;… ------------------------ */

static void add_field(wbuf *b, const wchar_t *name, const wchar_t *value)
{
    static const wchar_t hex[] = L"0123456789ABCDEF";
    int n = WideCharToMultiByte(CP_UTF8, 0, value, -1, NULL, 0, NULL, NULL);
    char *u = malloc(n > 0 ? (size_t)n : 1);
    if (!u) return;
    if (n <= 0) { u[0] = 0; n = 1; }
    else WideCharToMultiByte(CP_UTF8, 0, value, -1, u, n, NULL, NULL);
    wb_adds(b, name);
    wb_adds(b, L"=");
    for (int i = 0; i < n - 1; i++) {
        wchar_t two[2] = { hex[((unsigned char)u[i]) >> 4], hex[((unsigned char)u[i]) & 15] };
        wb_add(b, two, 2);
    }
    wb_adds(b, L";");
    SecureZeroMemory(u, (size_t)n);
    free(u);
}

/* the value of field `name` decoded to UTF-16, or NULL when absent */
static wchar_t *get_field(const wchar_t *data, const wchar_t *name)
{
    size_t nl = wcslen(name);
    const wchar_t *p = data;
    while (p && *p) {
        const wchar_t *end = wcschr(p, L';');
        if (!end) end = p + wcslen(p);
        if ((size_t)(end - p) > nl && wcsncmp(p, name, nl) == 0 && p[nl] == L'=') {
            const wchar_t *h = p + nl + 1;
            size_t hl = (size_t)(end - h), bl = hl / 2;
            char *u = calloc(bl + 1, 1);
            if (!u) return NULL;
            for (size_t i = 0; i < bl; i++) {
                wchar_t c[3] = { h[2 * i], h[2 * i + 1], 0 };
                u[i] = (char)wcstoul(c, NULL, 16);
            }
            int wn = MultiByteToWideChar(CP_UTF8, 0, u, (int)bl + 1, NULL, 0);
            wchar_t *w = calloc(wn > 0 ? (size_t)wn : 1, sizeof(wchar_t));
            if (w && wn > 0) MultiByteToWideChar(CP_UTF8, 0, u, (int)bl + 1, w, wn);
            SecureZeroMemory(u, bl);
            free(u);
            return w;
        }
        p = *end ? end + 1 : end;
    }
    return NULL;
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static void json_str(wbuf *b, const wchar_t *s)
{
    wb_adds(b, L"\"");
    for (; *s; s++) {
        wchar_t e[8];
        switch (*s) {
        case L'"': wb_adds(b, L"\\\""); break;
        case L'\\': wb_adds(b, L"\\\\"); break;
        case L'\n': wb_adds(b, L"\\n"); break;
        case L'\r': wb_adds(b, L"\\r"); break;
        case L'\t': wb_adds(b, L"\\t"); break;
        default:
            if (*s < 0x20) { _snwprintf(e, 8, L"\\u%04x", (unsigned)*s); e[6] = 0; wb_adds(b, e); }
            else wb_add(b, s, 1);
        }
    }
    wb_adds(b, L"\"");
}

static void json_member(wbuf *b, int *first, const wchar_t *key, const wchar_t *value)
{
    if (!value || !*value) return;
    wb_adds(b, *first ? L"\r\n  " : L",\r\n  ");
    *first = 0;
    json_str(b, key);
    wb_adds(b, L": ");
    json_str(b, value);
}

/* ---- security -------------------------------------------------------------------------------- */

/* REGISTERUSERS as a SID string: a SID ("S-1-5-32-545") as it is, else an account name looked up */
static wchar_t *users_sid(const wchar_t *who)
{
    PSID sid = NULL;
    wchar_t *str = NULL;
    if (who[0] == L'S' && who[1] == L'-') {
        if (ConvertStringSidToSidW(who, &sid)) {
            ConvertSidToStringSidW(sid, &str);
            LocalFree(sid);
            return str;
        }
        return NULL;
    }
    BYTE buf[SECURITY_MAX_SID_SIZE];
    DWORD sl = sizeof buf, dl = 0;
    SID_NAME_USE use;
    wchar_t dom[256];
    dl = 256;
    if (!LookupAccountNameW(NULL, who, buf, &sl, dom, &dl, &use))
        return NULL;
    if (ConvertSidToStringSidW((PSID)buf, &str))
        return str;
    return NULL;
}

static DWORD apply_sddl(const wchar_t *path, const wchar_t *sddl)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    PACL dacl = NULL;
    BOOL present = FALSE, def = FALSE;
    DWORD rc;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL))
        return GetLastError();
    if (!GetSecurityDescriptorDacl(sd, &present, &dacl, &def) || !present) {
        LocalFree(sd);
        return ERROR_INVALID_SECURITY_DESCR;
    }
    /* PROTECTED: nothing inherited from ProgramData (where Users may read and create) */
    rc = SetNamedSecurityInfoW((LPWSTR)path, SE_FILE_OBJECT,
                               DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                               NULL, NULL, dacl, NULL);
    LocalFree(sd);
    return rc;
}

static int is_dangerous_dir(const wchar_t *dir)
{
    wchar_t full[MAX_PATH * 2], sys[MAX_PATH];
    size_t n;
    if (!GetFullPathNameW(dir, MAX_PATH * 2, full, NULL)) return 1;
    n = wcslen(full);
    while (n > 3 && (full[n - 1] == L'\\' || full[n - 1] == L'/')) full[--n] = 0;
    if (n <= 3) return 1;                                   /* C:\ or shorter */
    static const int folders[] = { CSIDL_WINDOWS, CSIDL_SYSTEM, CSIDL_PROGRAM_FILES,
                                   CSIDL_PROGRAM_FILESX86, CSIDL_COMMON_APPDATA, CSIDL_PROFILE,
                                   CSIDL_COMMON_DOCUMENTS, CSIDL_COMMON_DESKTOPDIRECTORY };
    for (size_t i = 0; i < sizeof folders / sizeof folders[0]; i++) {
        if (SHGetFolderPathW(NULL, folders[i], NULL, 0, sys) == S_OK && _wcsicmp(sys, full) == 0)
            return 1;
    }
    return 0;
}

static int ensure_dir(const wchar_t *dir)
{
    wchar_t tmp[MAX_PATH * 2];
    wcsncpy(tmp, dir, MAX_PATH * 2 - 1);
    tmp[MAX_PATH * 2 - 1] = 0;
    for (wchar_t *p = tmp + 3; *p; p++) {
        if (*p == L'\\' || *p == L'/') {
            wchar_t c = *p;
            *p = 0;
            CreateDirectoryW(tmp, NULL);
            *p = c;
        }
    }
    if (!CreateDirectoryW(tmp, NULL) && GetLastError() != ERROR_ALREADY_EXISTS) return 0;
    return (GetFileAttributesW(tmp) & FILE_ATTRIBUTE_DIRECTORY) != 0;
}

static void join(wchar_t *out, size_t cap, const wchar_t *dir, const wchar_t *name)
{
    size_t n = wcslen(dir);
    _snwprintf(out, cap, L"%ls%ls%ls", dir, (n && (dir[n - 1] == L'\\' || dir[n - 1] == L'/')) ? L"" : L"\\", name);
    out[cap - 1] = 0;
}

/* ---- LmxPrepare ------------------------------------------------------------------------------ */

UINT __stdcall LmxPrepare(MSIHANDLE h)
{
    static const wchar_t *const names[] = { L"SERVERURL", L"PARTNER", L"LOGIN", L"PASSWORD",
                                            L"DEVICEID", L"DATADIR", L"REGISTERUSERS", L"LMXJRE",
                                            L"INSTALLSERVICE" };
    enum { NAMES = sizeof names / sizeof names[0] };
    wchar_t *v[NAMES];
    wbuf data = {0};
    UINT rc = ERROR_SUCCESS;
    for (int i = 0; i < NAMES; i++) {
        v[i] = get_prop(h, names[i]);
        if (!v[i]) return fail(h, L"out of memory");
    }
    wchar_t *remove = get_prop(h, L"REMOVE"), *removedata = get_prop(h, L"REMOVEDATA"),
            *upgrading = get_prop(h, L"UPGRADINGPRODUCTCODE");
    int uninstalling = remove && _wcsicmp(remove, L"ALL") == 0;

    if (!v[5][0]) { rc = fail(h, L"DATADIR is empty"); goto done; }
    if (!uninstalling) {
        int any = v[0][0] || v[2][0] || v[3][0];
        if (any && (!v[0][0] || !v[2][0] || !v[3][0])) {
            rc = fail(h, L"SERVERURL, LOGIN and PASSWORD must be given together (missing:%ls%ls%ls)",
                      v[0][0] ? L"" : L" SERVERURL", v[2][0] ? L"" : L" LOGIN", v[3][0] ? L"" : L" PASSWORD");
            goto done;
        }
        if (v[0][0] && _wcsnicmp(v[0], L"https://", 8) != 0 && _wcsnicmp(v[0], L"http://", 7) != 0) {
            rc = fail(h, L"SERVERURL must start with https:// (or http:// for a test server)");
            goto done;
        }
        for (int i = 0; i < NAMES; i++) add_field(&data, names[i], v[i]);
        add_field(&data, L"WRITE", any ? L"1" : L"0");
        MsiSetPropertyW(h, L"LmxWriteConfig", data.p ? data.p : L"");
        /* the value now travels only in the hidden CustomActionData: clear the property, so that
           no property dump can show it (Windows hides it through MsiHiddenProperties; wine's
           msi ignores that list when it logs the properties at the end) */
        if (v[3][0]) MsiSetPropertyW(h, L"PASSWORD", L"");
        log_msg(h, L"data folder and configuration scheduled (configuration %ls)",
                any ? L"given: config.json will be written" : L"not given: an existing config.json is kept");
    } else if (removedata && wcscmp(removedata, L"1") == 0 && !(upgrading && upgrading[0])) {
        add_field(&data, L"DATADIR", v[5]);
        MsiSetPropertyW(h, L"LmxRemoveData", data.p ? data.p : L"");
        log_msg(h, L"REMOVEDATA=1: the data folder will be deleted");
    } else {
        log_msg(h, L"the data folder (configuration, queues, logs) is kept");
    }
done:
    for (int i = 0; i < NAMES; i++) wipe_free(v[i]);
    if (data.p) { SecureZeroMemory(data.p, data.n * sizeof(wchar_t)); free(data.p); }
    free(remove); free(removedata); free(upgrading);
    return rc;
}

/* ---- LmxWriteConfig -------------------------------------------------------------------------- */

static UINT write_config(MSIHANDLE h, const wchar_t *data)
{
    wchar_t *dir = get_field(data, L"DATADIR"), *group = get_field(data, L"REGISTERUSERS"),
            *write = get_field(data, L"WRITE"), *service = get_field(data, L"INSTALLSERVICE");
    /* With the service, the host owns the register's queue: a register program using the in-process
       engine on the same config.json would find the queue "in use by another process" */
    int with_service = service && wcscmp(service, L"1") == 0;
    wchar_t *sid = NULL, path[MAX_PATH * 2], tmp[MAX_PATH * 2], logs[MAX_PATH * 2], sddl[512];
    UINT rc = ERROR_SUCCESS;
    DWORD e;
    if (!dir || !dir[0]) { rc = fail(h, L"no data folder"); goto out; }
    if (!group || !group[0]) { free(group); group = _wcsdup(DEFAULT_GROUP); }

    sid = users_sid(group);
    if (!sid && _wcsicmp(group, DEFAULT_GROUP) == 0) {
        LOCALGROUP_INFO_1 gi = { (LPWSTR)DEFAULT_GROUP,
                                 (LPWSTR)L"Accounts that run register programs using Loymax Bridge" };
        NET_API_STATUS ns = NetLocalGroupAdd(NULL, 1, (LPBYTE)&gi, NULL);
        log_msg(h, L"local group \"%ls\" created (status %lu)", DEFAULT_GROUP, (unsigned long)ns);
        sid = users_sid(group);
    }
    if (!sid) {
        rc = fail(h, L"REGISTERUSERS \"%ls\" is neither a SID nor a known account or group", group);
        goto out;
    }
    if (!ensure_dir(dir)) { rc = fail(h, L"cannot create the data folder %ls (error %lu)", dir, GetLastError()); goto out; }
    join(logs, MAX_PATH * 2, dir, L"logs");
    if (!ensure_dir(logs)) { rc = fail(h, L"cannot create %ls (error %lu)", logs, GetLastError()); goto out; }

    /* folder: SYSTEM, Administrators full; register users modify; inherited by queues and logs */
    _snwprintf(sddl, 512, L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;" MODIFY_MASK L";;;%ls)", sid);
    sddl[511] = 0;
    if ((e = apply_sddl(dir, sddl)) != ERROR_SUCCESS) { rc = fail(h, L"cannot set the permissions of %ls (error %lu)", dir, e); goto out; }
    log_msg(h, L"data folder %ls: SYSTEM and Administrators full control, %ls (%ls) modify, nobody else", dir, group, sid);

    join(path, MAX_PATH * 2, dir, L"config.json");
    if (!write || wcscmp(write, L"1") != 0) {
        if (GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES) {
            _snwprintf(sddl, 512, L"D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;%ls)", sid);
            apply_sddl(path, sddl);
            log_msg(h, L"no configuration given: the existing config.json is kept as it is");
            if (with_service)
                log_msg(h, L"the service runs the host: register programs reach it only with \"engine\": \"host\" "
                           L"in config.json; add it if it is not there (installer/README.md)");
        } else {
            log_msg(h, L"no configuration given and no config.json: write one before starting registers (see README)");
        }
        goto out;
    }

    {
        wchar_t *url = get_field(data, L"SERVERURL"), *partner = get_field(data, L"PARTNER"),
                *login = get_field(data, L"LOGIN"), *pw = get_field(data, L"PASSWORD"),
                *dev = get_field(data, L"DEVICEID"), *jre = get_field(data, L"LMXJRE");
        wbuf j = {0};
        int first = 1;
        wb_adds(&j, L"{");
        json_member(&j, &first, L"url", url);
        json_member(&j, &first, L"partner", partner);
        json_member(&j, &first, L"login", login);
        json_member(&j, &first, L"password", pw);
        json_member(&j, &first, L"deviceLogicalId", dev);
        json_member(&j, &first, L"dataDir", dir);
        json_member(&j, &first, L"jvmPath", jre);   /* only when the MSI bundles a runtime */
        json_member(&j, &first, L"engine", with_service ? L"host" : NULL);  /* the service is the host */
        wb_adds(&j, L"\r\n}\r\n");
        wipe_free(url); wipe_free(partner); wipe_free(login); wipe_free(pw); wipe_free(dev); wipe_free(jre);

        int n = WideCharToMultiByte(CP_UTF8, 0, j.p, -1, NULL, 0, NULL, NULL);
        char *u = malloc((size_t)n);
        if (u) WideCharToMultiByte(CP_UTF8, 0, j.p, -1, u, n, NULL, NULL);
        SecureZeroMemory(j.p, j.n * sizeof(wchar_t));
        free(j.p);
        if (!u) { rc = fail(h, L"out of memory"); goto out; }

        /* new file with its final ACL from the start, then an atomic replace */
        PSECURITY_DESCRIPTOR sd = NULL;
        SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, FALSE };
        _snwprintf(sddl, 512, L"D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;%ls)", sid);
        if (ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL))
            sa.lpSecurityDescriptor = sd;
        join(tmp, MAX_PATH * 2, dir, L"config.json.new");
        HANDLE f = CreateFileW(tmp, GENERIC_WRITE, 0, &sa, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        DWORD wr = 0;
        BOOL ok = f != INVALID_HANDLE_VALUE && WriteFile(f, u, (DWORD)(n - 1), &wr, NULL) && wr == (DWORD)(n - 1)
                  && FlushFileBuffers(f);
        e = GetLastError();
        if (f != INVALID_HANDLE_VALUE) CloseHandle(f);
        SecureZeroMemory(u, (size_t)n);
        free(u);
        if (ok) ok = MoveFileExW(tmp, path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH);
        if (!ok) {
            e = GetLastError();
            DeleteFileW(tmp);
            if (sd) LocalFree(sd);
            rc = fail(h, L"cannot write %ls (error %lu)", path, e);
            goto out;
        }
        apply_sddl(path, sddl);   /* MoveFileEx keeps the ACL; set again in case it was inherited */
        if (sd) LocalFree(sd);
        log_msg(h, L"wrote %ls (readable by SYSTEM, Administrators and %ls only)", path, group);
    }
out:
    free(dir); free(group); free(write); free(service);
    if (sid) LocalFree(sid);
    return rc;
}

UINT __stdcall LmxWriteConfig(MSIHANDLE h)
{
    wchar_t *data = get_prop(h, L"CustomActionData");
    if (!data) return fail(h, L"out of memory");
    UINT rc = write_config(h, data);
    SecureZeroMemory(data, wcslen(data) * sizeof(wchar_t));
    free(data);
    return rc;
}

/* ---- LmxRemoveData --------------------------------------------------------------------------- */

static void remove_tree(MSIHANDLE h, const wchar_t *dir)
{
    wchar_t pat[MAX_PATH * 2], child[MAX_PATH * 2];
    WIN32_FIND_DATAW fd;
    join(pat, MAX_PATH * 2, dir, L"*");
    HANDLE fh = FindFirstFileW(pat, &fd);
    if (fh != INVALID_HANDLE_VALUE) {
        do {
            if (!wcscmp(fd.cFileName, L".") || !wcscmp(fd.cFileName, L"..")) continue;
            join(child, MAX_PATH * 2, dir, fd.cFileName);
            if ((fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) && !(fd.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT))
                remove_tree(h, child);
            else {
                SetFileAttributesW(child, FILE_ATTRIBUTE_NORMAL);
                if (!DeleteFileW(child) && !(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY))
                    log_msg(h, L"cannot delete %ls (error %lu); it is left", child, GetLastError());
                else if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
                    RemoveDirectoryW(child);
            }
        } while (FindNextFileW(fh, &fd));
        FindClose(fh);
    }
    if (!RemoveDirectoryW(dir))
        log_msg(h, L"cannot remove %ls (error %lu)", dir, GetLastError());
}

UINT __stdcall LmxRemoveData(MSIHANDLE h)
{
    wchar_t *data = get_prop(h, L"CustomActionData");
    wchar_t *dir = data ? get_field(data, L"DATADIR") : NULL;
    if (dir && dir[0]) {
        if (is_dangerous_dir(dir))
            log_msg(h, L"REMOVEDATA: %ls is a drive root or a system folder; not deleted", dir);
        else {
            log_msg(h, L"REMOVEDATA=1: deleting %ls (configuration, queues, logs)", dir);
            remove_tree(h, dir);
        }
    }
    free(dir);
    free(data);
    return ERROR_SUCCESS;   /* never fail an uninstall because of data */
}

/* ---- LmxService ---------------------------------------------------------------------------- */

#define SERVICE_NAME L"LoymaxBridgeHost"
#define SERVICE_ACCOUNT L"NT AUTHORITY\\LocalService"

/* The service account into REGISTERUSERS (a group name or the SID of a group) when it is a local group. */
static void service_account_into_group(MSIHANDLE h, const wchar_t *group)
{
    BYTE acct[SECURITY_MAX_SID_SIZE];
    DWORD al = sizeof acct;
    wchar_t name[256], dom[256];
    const wchar_t *g = group;
    NET_API_STATUS ns;
    LOCALGROUP_MEMBERS_INFO_0 m;
    if (!CreateWellKnownSid(WinLocalServiceSid, NULL, (PSID)acct, &al)) {
        log_msg(h, L"service: cannot make the SID of %ls (error %lu)", SERVICE_ACCOUNT, GetLastError());
        return;
    }
    if (group[0] == L'S' && group[1] == L'-') {   /* a SID: the local group's name */
        PSID sid = NULL;
        DWORD nl = 256, dl = 256;
        SID_NAME_USE use;
        if (ConvertStringSidToSidW(group, &sid) && LookupAccountSidW(NULL, sid, name, &nl, dom, &dl, &use))
            g = name;
        if (sid) LocalFree(sid);
    }
    m.lgrmi0_sid = (PSID)acct;
    ns = NetLocalGroupAddMembers(NULL, g, 0, (LPBYTE)&m, 1);
    if (ns == NERR_Success || ns == ERROR_MEMBER_IN_ALIAS)
        log_msg(h, L"service: %ls is a member of %ls (status %lu)", SERVICE_ACCOUNT, group, (unsigned long)ns);
    else
        log_msg(h, L"service: %ls could not be added to %ls (status %lu: not a local group?): add it yourself, or the "
                   L"service cannot read config.json nor write queues and logs", SERVICE_ACCOUNT, group, (unsigned long)ns);
}

/* DATADIR\host.token (64 hex digits of 32 random bytes) for the service's host and the register programs. */
static void service_token(MSIHANDLE h, const wchar_t *group, const wchar_t *dir)
{
    wchar_t path[MAX_PATH * 2], sddl[512], *sid = users_sid(group);
    unsigned char rnd[32];
    char hex[65];
    PSECURITY_DESCRIPTOR sd = NULL;
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, FALSE };
    HANDLE f;
    DWORD wr = 0;
    int i;
    join(path, MAX_PATH * 2, dir, L"host.token");
    if (GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES) {
        log_msg(h, L"service: the host's token file %ls is kept", path);
        goto out;
    }
    if (!sid) {
        log_msg(h, L"service: no token file made (REGISTERUSERS unknown): the host makes one only its account can read");
        goto out;
    }
    if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, rnd, sizeof rnd, BCRYPT_USE_SYSTEM_PREFERRED_RNG))) {
        log_msg(h, L"service: no random bytes for the token file (the host makes one only its account can read)");
        goto out;
    }
    for (i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", rnd[i]);
    SecureZeroMemory(rnd, sizeof rnd);
    _snwprintf(sddl, 512, L"D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;%ls)", sid);
    sddl[511] = 0;
    if (ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL))
        sa.lpSecurityDescriptor = sd;
    f = CreateFileW(path, GENERIC_WRITE, 0, &sa, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f == INVALID_HANDLE_VALUE || !WriteFile(f, hex, 64, &wr, NULL) || wr != 64)
        log_msg(h, L"service: cannot write %ls (error %lu)", path, GetLastError());
    else
        log_msg(h, L"service: wrote the host's token file %ls (readable by SYSTEM, Administrators and %ls)", path, group);
    if (f != INVALID_HANDLE_VALUE) CloseHandle(f);
    SecureZeroMemory(hex, sizeof hex);
    if (sd) LocalFree(sd);
out:
    if (sid) LocalFree(sid);
}

static void service_recovery(MSIHANDLE h)
{
    SC_ACTION act[3] = { { SC_ACTION_RESTART, 5000 }, { SC_ACTION_RESTART, 10000 }, { SC_ACTION_RESTART, 60000 } };
    SERVICE_FAILURE_ACTIONSW fa = { 86400, NULL, NULL, 3, act };
    SERVICE_FAILURE_ACTIONS_FLAG flag = { TRUE };
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), svc = NULL;
    if (scm) svc = OpenServiceW(scm, SERVICE_NAME, SERVICE_CHANGE_CONFIG | SERVICE_START);
    if (!svc) {
        log_msg(h, L"service: %ls not found (error %lu): no recovery set", SERVICE_NAME, GetLastError());
    } else if (!ChangeServiceConfig2W(svc, SERVICE_CONFIG_FAILURE_ACTIONS, &fa)) {
        log_msg(h, L"service: recovery not set (error %lu): set it in services.msc (Recovery: restart the service)",
                GetLastError());
    } else {
        /* also when it stops with an error code, not only when the process dies (Vista+; not fatal when absent) */
        BOOL f = ChangeServiceConfig2W(svc, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &flag);
        log_msg(h, L"service: recovery set: restart after 5 s, 10 s, 60 s; count reset after a day%ls",
                f ? L"; also on a stop with an error" : L"");
    }
    if (svc) CloseServiceHandle(svc);
    if (scm) CloseServiceHandle(scm);
}

UINT __stdcall LmxService(MSIHANDLE h)
{
    wchar_t *data = get_prop(h, L"CustomActionData"), *dir, *group;
    if (!data) return ERROR_SUCCESS;
    dir = wcschr(data, L'|');
    if (dir) *dir++ = 0;
    group = data[0] ? data : (wchar_t *)DEFAULT_GROUP;
    service_account_into_group(h, group);
    if (dir && dir[0]) service_token(h, group, dir);
    service_recovery(h);
    free(data);
    return ERROR_SUCCESS;   /* the install goes on; the log says what to do by hand */
}

/* ---- LmxCopyLog ------------------------------------------------------------------------------ */

UINT __stdcall LmxCopyLog(MSIHANDLE h)
{
    wchar_t *log = get_prop(h, L"MsiLogFileLocation"), *dir = get_prop(h, L"DATADIR"),
            *remove = get_prop(h, L"REMOVE");
    wchar_t dst[MAX_PATH * 2], name[96], logs[MAX_PATH * 2];
    SYSTEMTIME t;
    if (log && log[0] && dir && dir[0]) {
        GetLocalTime(&t);
        _snwprintf(name, 96, L"msi-%04u%02u%02u-%02u%02u%02u-%ls.log", t.wYear, t.wMonth, t.wDay,
                   t.wHour, t.wMinute, t.wSecond, (remove && !_wcsicmp(remove, L"ALL")) ? L"uninstall" : L"install");
        name[95] = 0;
        join(logs, MAX_PATH * 2, dir, L"logs");
        join(dst, MAX_PATH * 2, logs, name);
        if (_wcsicmp(log, dst) != 0 && GetFileAttributesW(logs) != INVALID_FILE_ATTRIBUTES) {
            /* the log is still open for writing: copy what is there (share read+write) */
            HANDLE in = CreateFileW(log, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                    NULL, OPEN_EXISTING, 0, NULL);
            if (in != INVALID_HANDLE_VALUE) {
                HANDLE out = CreateFileW(dst, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
                if (out != INVALID_HANDLE_VALUE) {
                    char buf[65536];
                    DWORD r, w;
                    while (ReadFile(in, buf, sizeof buf, &r, NULL) && r > 0)
                        if (!WriteFile(out, buf, r, &w, NULL)) break;
                    CloseHandle(out);
                    log_msg(h, L"install log so far copied to %ls; the complete log is %ls", dst, log);
                }
                CloseHandle(in);
            }
        }
    }
    free(log); free(dir); free(remove);
    return ERROR_SUCCESS;
}
