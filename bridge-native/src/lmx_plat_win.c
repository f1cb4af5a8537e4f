/* Platform layer: Windows (mingw-w64 or MSVC).  All paths inside the library are UTF-8; they are
 * converted to UTF-16 at every Windows API call. */
#include "lmx_internal.h"

#include <io.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

void lmx_mutex_lock(lmx_mutex *m) { AcquireSRWLockExclusive(m); }
void lmx_mutex_unlock(lmx_mutex *m) { ReleaseSRWLockExclusive(m); }
void lmx_cond_wait(lmx_cond *c, lmx_mutex *m) { SleepConditionVariableSRW(c, m, INFINITE, 0); }
void lmx_cond_broadcast(lmx_cond *c) { WakeAllConditionVariable(c); }

typedef struct thread_start {
    void (*fn)(void *);
    void *arg;
} thread_start;

static DWORD WINAPI thread_main(LPVOID p)
{
    thread_start ts = *(thread_start *)p;
    free(p);
    ts.fn(ts.arg);
    return 0;
}

int lmx_thread_start(void (*fn)(void *), void *arg, size_t stack_size)
{
    HANDLE t;
    thread_start *ts = (thread_start *)malloc(sizeof *ts);
    if (!ts)
        return ERROR_NOT_ENOUGH_MEMORY;
    ts->fn = fn;
    ts->arg = arg;
    t = CreateThread(NULL, stack_size, thread_main, ts, STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
    if (!t) {
        DWORD e = GetLastError();
        free(ts);
        return e ? (int)e : 1;
    }
    CloseHandle(t);
    return 0;
}

unsigned long lmx_thread_id(void)
{
    return (unsigned long)GetCurrentThreadId();
}

/* ---- UTF-8 <-> UTF-16 for API calls --------------------------------------------------------- */
static wchar_t *to_w(const char *s)
{
    int n;
    wchar_t *w;
    if (!s)
        return NULL;
    n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    if (n <= 0)
        return NULL;
    w = (wchar_t *)malloc(sizeof(wchar_t) * (size_t)n);
    if (w && MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n) <= 0) {
        free(w);
        w = NULL;
    }
    return w;
}

static char *from_w(const wchar_t *w)
{
    int n;
    char *s;
    if (!w)
        return NULL;
    n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return NULL;
    s = (char *)malloc((size_t)n);
    if (s && WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL) <= 0) {
        free(s);
        s = NULL;
    }
    return s;
}

/* ---- per-thread state: a fiber-local slot whose callback detaches the thread ---------------- */
static INIT_ONCE fls_once = INIT_ONCE_STATIC_INIT;
static DWORD fls_index = FLS_OUT_OF_INDEXES;
static volatile LONG pinned;

static VOID WINAPI fls_callback(PVOID p)
{
    lmx_tstate *ts = (lmx_tstate *)p;
    if (!ts)
        return;
    /* FlsFree (library unload) runs this for every thread's slot on the unloading thread: only the
     * owning thread may detach itself from the VM. */
    if (ts->thread_id != (unsigned long)GetCurrentThreadId())
        ts->attached_by_us = 0;
    lmx_tstate_destroy(ts);
}

static BOOL CALLBACK fls_init(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once;
    (void)param;
    (void)ctx;
    fls_index = FlsAlloc(fls_callback);
    return TRUE;
}

lmx_tstate *lmx_tstate_get(void)
{
    lmx_tstate *ts;
    InitOnceExecuteOnce(&fls_once, fls_init, NULL, NULL);
    if (fls_index == FLS_OUT_OF_INDEXES)
        return NULL;
    ts = (lmx_tstate *)FlsGetValue(fls_index);
    if (ts)
        return ts;
    ts = (lmx_tstate *)calloc(1, sizeof *ts);
    if (!ts)
        return NULL;
    ts->thread_id = (unsigned long)GetCurrentThreadId();
    if (!FlsSetValue(fls_index, ts)) {
        free(ts);
        return NULL;
    }
    return ts;
}

/* Nothing is started here: only the FLS slot is released when the library is unloaded before it
 * pinned itself (a pinned library is never unloaded before process exit). */
BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    (void)inst;
    if (reason == DLL_PROCESS_DETACH && reserved == NULL && !pinned && fls_index != FLS_OUT_OF_INDEXES) {
        FlsFree(fls_index);
        fls_index = FLS_OUT_OF_INDEXES;
    }
    return TRUE;
}

/* ---- where this library is ------------------------------------------------------------------ */
static INIT_ONCE self_once = INIT_ONCE_STATIC_INIT;
static char *self_path;
static char *self_dir;
static HMODULE self_module;

static BOOL CALLBACK self_init(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    wchar_t *w = NULL;
    DWORD cap = 512, n;
    (void)once;
    (void)param;
    (void)ctx;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       (LPCWSTR)(void *)&lmx_self_dir, &self_module);
    for (;;) {
        wchar_t *nw = (wchar_t *)realloc(w, sizeof(wchar_t) * cap);
        if (!nw)
            break;
        w = nw;
        n = GetModuleFileNameW(self_module, w, cap);
        if (n == 0)
            break;
        if (n < cap) {
            self_path = from_w(w);
            break;
        }
        cap *= 2;
        if (cap > 65536)
            break;
    }
    free(w);
    if (!self_path)
        self_path = lmx_strdup(".\\loymax_bridge.dll");
    self_dir = lmx_strdup(self_path);
    if (self_dir) {
        char *bs = strrchr(self_dir, '\\');
        char *fs = strrchr(self_dir, '/');
        if (fs > bs)
            bs = fs;
        if (bs)
            *bs = 0;
        else
            strcpy(self_dir, ".");
    }
    return TRUE;
}

const char *lmx_self_dir(void)
{
    InitOnceExecuteOnce(&self_once, self_init, NULL, NULL);
    return self_dir ? self_dir : ".";
}

const char *lmx_self_path(void)
{
    InitOnceExecuteOnce(&self_once, self_init, NULL, NULL);
    return self_path ? self_path : "loymax_bridge.dll";
}

void lmx_pin_self(void)
{
    HMODULE m;
    if (pinned)
        return;
    if (GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                           (LPCWSTR)(void *)&lmx_self_dir, &m))
        InterlockedExchange(&pinned, 1);
}

/* ---- files ---------------------------------------------------------------------------------- */
int lmx_is_dir(const char *path)
{
    wchar_t *w = to_w(path);
    DWORD a = w ? GetFileAttributesW(w) : INVALID_FILE_ATTRIBUTES;
    free(w);
    return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY);
}

int lmx_is_file(const char *path)
{
    wchar_t *w = to_w(path);
    DWORD a = w ? GetFileAttributesW(w) : INVALID_FILE_ATTRIBUTES;
    free(w);
    return a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY);
}

/* The OS's description of err as a malloc'ed string (never NULL unless out of memory). */
static char *os_error(lmx_lang lang, unsigned long e)
{
    lmx_buf b = {0};
    lmx_add_os_error_in(&b, lang, e);
    return b.p ? b.p : lmx_strdup("?");
}

int lmx_read_file(const char *path, lmx_lang lang, lmx_text what_id, size_t max, char **data, size_t *len, lmx_buf *err)
{
    wchar_t *w = to_w(path);
    HANDLE f;
    LARGE_INTEGER size;
    char *d, *why;
    const char *what = lmx_t(lang, what_id);
    DWORD got = 0, attrs;
    *data = NULL;
    *len = 0;
    attrs = w ? GetFileAttributesW(w) : INVALID_FILE_ATTRIBUTES;
    if (attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY)) {
        free(w);
        if (err)
            lmx_buf_addt(err, lang, LT_FILE_NOT_REGULAR, what, path, lmx_t(lang, LT_KIND_FOLDER));
        return ERROR_DIRECTORY;
    }
    f = w ? CreateFileW(w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                        FILE_ATTRIBUTE_NORMAL, NULL)
          : INVALID_HANDLE_VALUE;
    free(w);
    if (f == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        if (err) {
            if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND) {
                lmx_buf_addt(err, lang, LT_FILE_NOT_FOUND, what, path);
            } else if (e == ERROR_ACCESS_DENIED) {
                lmx_buf_addt(err, lang, LT_FILE_NOT_READABLE, what, path);
            } else {
                why = os_error(lang, e);
                lmx_buf_addt(err, lang, LT_FILE_CANNOT_OPEN, what, path, why);
                free(why);
            }
        }
        return e ? (int)e : 1;
    }
    if (GetFileType(f) != FILE_TYPE_DISK) { /* a pipe, console or device */
        CloseHandle(f);
        if (err)
            lmx_buf_addt(err, lang, LT_FILE_NOT_REGULAR, what, path, lmx_t(lang, LT_KIND_PIPE_OR_DEVICE));
        return ERROR_BAD_FILE_TYPE;
    }
    if (!GetFileSizeEx(f, &size) || (unsigned long long)size.QuadPart > max) {
        CloseHandle(f);
        if (err)
            lmx_buf_addt(err, lang, LT_FILE_TOO_LARGE, what, path, (unsigned long)max);
        return ERROR_FILE_TOO_LARGE;
    }
    d = (char *)malloc((size_t)size.QuadPart + 1);
    if (!d || !ReadFile(f, d, (DWORD)size.QuadPart, &got, NULL)) {
        DWORD e = GetLastError();
        free(d);
        CloseHandle(f);
        if (err) {
            why = os_error(lang, e);
            lmx_buf_addt(err, lang, LT_FILE_CANNOT_READ, what, path, why);
            free(why);
        }
        return e ? (int)e : 1;
    }
    CloseHandle(f);
    d[got] = 0;
    *data = d;
    *len = got;
    return 0;
}

void lmx_on_fork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
    (void)prepare; /* Windows has no fork() */
    (void)parent;
    (void)child;
}

/* BCryptGenRandom, looked up at run time: whoever links this file (the library, the 1C add-in)
 * needs no extra import library. */
int lmx_random(void *buf, size_t n)
{
    typedef LONG(WINAPI * gen_fn)(void *, PUCHAR, ULONG, ULONG);
    static gen_fn gen;
    if (!gen) {
        HMODULE m = LoadLibraryExW(L"bcrypt.dll", NULL, 0x00000800 /* LOAD_LIBRARY_SEARCH_SYSTEM32 */);
        if (!m)
            m = LoadLibraryW(L"bcrypt.dll");
        gen = m ? (gen_fn)(void *)GetProcAddress(m, "BCryptGenRandom") : NULL;
        if (!gen)
            return -1;
    }
    return gen(NULL, (PUCHAR)buf, (ULONG)n, 0x00000002 /* BCRYPT_USE_SYSTEM_PREFERRED_RNG */) == 0 ? 0 : -1;
}

long lmx_read_head(const char *path, void *buf, size_t n)
{
    wchar_t *w = to_w(path);
    HANDLE f;
    DWORD got = 0;
    f = w ? CreateFileW(w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                        OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL)
          : INVALID_HANDLE_VALUE;
    free(w);
    if (f == INVALID_HANDLE_VALUE)
        return -1;
    if (!ReadFile(f, buf, (DWORD)n, &got, NULL))
        got = 0;
    CloseHandle(f);
    return (long)got;
}

char *lmx_realpath(const char *path)
{
    wchar_t *w = to_w(path), out[32768];
    HANDLE f;
    DWORD n;
    char *r;
    f = w ? CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                        FILE_FLAG_BACKUP_SEMANTICS, NULL)
          : INVALID_HANDLE_VALUE;
    free(w);
    if (f == INVALID_HANDLE_VALUE)
        return NULL;
    n = GetFinalPathNameByHandleW(f, out, 32768, FILE_NAME_NORMALIZED);
    CloseHandle(f);
    if (n == 0 || n >= 32768)
        return NULL;
    if (wcsncmp(out, L"\\\\?\\UNC\\", 8) == 0) {
        out[6] = L'\\';
        r = from_w(out + 6);
    } else if (wcsncmp(out, L"\\\\?\\", 4) == 0) {
        r = from_w(out + 4);
    } else {
        r = from_w(out);
    }
    return r;
}

char *lmx_getenv(const char *name)
{
    wchar_t *wn = to_w(name), *v;
    DWORD n;
    char *r = NULL;
    if (!wn)
        return NULL;
    n = GetEnvironmentVariableW(wn, NULL, 0);
    if (n > 1) {
        v = (wchar_t *)malloc(sizeof(wchar_t) * n);
        if (v && GetEnvironmentVariableW(wn, v, n) > 0)
            r = from_w(v);
        free(v);
    }
    free(wn);
    return r;
}

void *lmx_dlopen(const char *path, lmx_buf *err)
{
    wchar_t *w = to_w(path);
    HMODULE h = NULL;
    UINT old = SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX);
    if (w) {
        /* jvm.dll's own folder is searched for its dependencies. */
        h = LoadLibraryExW(w, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
        if (!h && err) {
            DWORD e = GetLastError();
            lmx_add_os_error(err, e);
        }
    } else if (err) {
        lmx_buf_adds(err, lmx_t(LMX_LANG_EN, LT_PATH_NOT_UTF8)); /* never: the library's paths are its own UTF-8 */
    }
    SetErrorMode(old);
    free(w);
    return (void *)h;
}

void *lmx_dlsym(void *lib, const char *name)
{
    return (void *)GetProcAddress((HMODULE)lib, name);
}

void lmx_add_os_error(lmx_buf *b, unsigned long err)
{
    lmx_add_os_error_in(b, LMX_LANG_DEFAULT, err);
}

void lmx_add_os_error_in(lmx_buf *b, lmx_lang lang, unsigned long err)
{
    wchar_t *msg = NULL;
    DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                             NULL, (DWORD)err, 0, (LPWSTR)(void *)&msg, 0, NULL);
    if (n && msg) {
        char *s;
        while (n && (msg[n - 1] == L'\r' || msg[n - 1] == L'\n' || msg[n - 1] == L' ' || msg[n - 1] == L'.'))
            msg[--n] = 0;
        s = from_w(msg);
        lmx_buf_addf(b, "%s (error %lu)", s ? s : "?", err);
        free(s);
        LocalFree(msg);
    } else {
        lmx_buf_addt(b, lang, LT_WIN_ERROR, err);
    }
}

/* ---- Windows-only helpers used by lmx_jvm.c -------------------------------------------------- */
/* Reads a REG_SZ value under HKLM; UTF-8, malloc'ed, NULL when absent. */
char *lmx_win_reg_string(const char *subkey, const char *value)
{
    wchar_t *wk = to_w(subkey), *wv = to_w(value);
    HKEY k;
    char *r = NULL;
    if (wk && wv && RegOpenKeyExW(HKEY_LOCAL_MACHINE, wk, 0, KEY_READ, &k) == ERROR_SUCCESS) {
        DWORD type = 0, size = 0;
        if (RegQueryValueExW(k, wv, NULL, &type, NULL, &size) == ERROR_SUCCESS &&
            (type == REG_SZ || type == REG_EXPAND_SZ) && size > 0 && size < 65536) {
            wchar_t *data = (wchar_t *)calloc(size / sizeof(wchar_t) + 2, sizeof(wchar_t));
            if (data && RegQueryValueExW(k, wv, NULL, &type, (LPBYTE)data, &size) == ERROR_SUCCESS)
                r = from_w(data);
            free(data);
        }
        RegCloseKey(k);
    }
    free(wk);
    free(wv);
    return r;
}

/* 1 when the key exists under HKLM. */
int lmx_win_reg_key_exists(const char *subkey)
{
    wchar_t *wk = to_w(subkey);
    HKEY k;
    int ok = 0;
    if (wk && RegOpenKeyExW(HKEY_LOCAL_MACHINE, wk, 0, KEY_READ, &k) == ERROR_SUCCESS) {
        ok = 1;
        RegCloseKey(k);
    }
    free(wk);
    return ok;
}

/* The path of java.exe found on PATH (UTF-8, malloc'ed) or NULL. */
char *lmx_win_search_path(const char *file)
{
    wchar_t *wf = to_w(file), out[32768];
    DWORD n;
    char *r = NULL;
    if (!wf)
        return NULL;
    n = SearchPathW(NULL, wf, NULL, 32768, out, NULL);
    if (n > 0 && n < 32768)
        r = from_w(out);
    free(wf);
    return r;
}

/* jvm.dll needs the Visual C++ runtime its JDK ships in <home>\bin (vcruntime140.dll …).  java.exe
 * finds it because it lives in that folder; a host program does not, unless the runtime is installed
 * system-wide.  Loading those DLLs by full path first makes jvm.dll's imports resolve to them. */
void lmx_win_preload_runtime(const char *jvm_dll)
{
    static const wchar_t *const names[] = {L"vcruntime140.dll", L"vcruntime140_1.dll", L"msvcp140.dll", NULL};
    wchar_t *w = to_w(jvm_dll), *p;
    int up, k;
    if (!w)
        return;
    for (up = 0; up < 2; up++) { /* <home>\bin\server\jvm.dll -> <home>\bin */
        p = wcsrchr(w, L'\\');
        if (!p)
            break;
        *p = 0;
    }
    for (k = 0; names[k]; k++) {
        size_t n = wcslen(w) + wcslen(names[k]) + 2;
        wchar_t *dll = (wchar_t *)malloc(sizeof(wchar_t) * n);
        if (!dll)
            break;
        swprintf(dll, n, L"%ls\\%ls", w, names[k]);
        if (GetFileAttributesW(dll) != INVALID_FILE_ATTRIBUTES && !GetModuleHandleW(names[k]))
            LoadLibraryExW(dll, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
        free(dll);
    }
    free(w);
}

/* A path as the JVM expects option strings on Windows: in the ANSI code page.  A path with
 * characters the code page cannot represent is replaced by its 8.3 short form.  malloc'ed, NULL
 * (with the reason in err) when neither works. */
char *lmx_win_path_for_jvm(const char *utf8, lmx_lang lang, lmx_buf *err)
{
    wchar_t *w = to_w(utf8);
    char *r = NULL;
    int attempt;
    if (!w) {
        lmx_buf_addt(err, lang, LT_PATH_NOT_UTF8);
        return NULL;
    }
    for (attempt = 0; attempt < 2 && !r; attempt++) {
        BOOL lossy = FALSE;
        int n = WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, w, -1, NULL, 0, NULL, &lossy);
        if (n > 0 && !lossy) {
            r = (char *)malloc((size_t)n);
            if (r)
                WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, w, -1, r, n, NULL, NULL);
        } else if (attempt == 0) {
            wchar_t shortp[32768];
            DWORD sn = GetShortPathNameW(w, shortp, 32768);
            if (sn == 0 || sn >= 32768)
                break;
            free(w);
            w = (wchar_t *)malloc(sizeof(wchar_t) * (sn + 1));
            if (!w)
                break;
            memcpy(w, shortp, sizeof(wchar_t) * (sn + 1));
        }
    }
    if (!r)
        lmx_buf_addt(err, lang, LT_PATH_NOT_ANSI, utf8);
    free(w);
    return r;
}

void lmx_mkdirs(const char *path)
{
    wchar_t *w = to_w(path), *q;
    if (!w)
        return;
    for (q = w + 1; *q; q++)
        if ((*q == L'\\' || *q == L'/') && q[-1] != L':') {
            wchar_t c = *q;
            *q = 0;
            CreateDirectoryW(w, NULL);
            *q = c;
        }
    CreateDirectoryW(w, NULL);
    free(w);
}

FILE *lmx_fopen_append(const char *path)
{
    wchar_t *w = to_w(path);
    FILE *f = w ? _wfopen(w, L"aN") : NULL; /* N: not inherited */
    free(w);
    return f;
}

int lmx_truncate_file(FILE *f)
{
    fflush(f);
    return _chsize(_fileno(f), 0);
}

unsigned long lmx_process_id(void)
{
    return (unsigned long)GetCurrentProcessId();
}

void lmx_signals_before_vm(void) {}
void lmx_signals_after_vm(void) {}
