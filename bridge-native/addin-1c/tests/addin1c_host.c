/*
 * addin1c_host.c — a test host that loads the 1C add-in the way the 1C:Enterprise platform does
 * and runs a whole purchase through it against the emulator.
 *
 * It is the platform's side only: it declares nothing of the add-in's code (platform_abi.h: raw
 * vtable slots and tVariant bytes per platform), gives the object a memory manager that records
 * every block (so a string the add-in returns that did not come from AllocMemory, or a block that
 * leaks, is a failure) and a platform connection that records AddError calls.
 *
 *   addin1c_host <add-in library> inprocess|host
 *
 * Environment (tests/host_fixture.sh): LMX_TEST_EMU_PORT, LMX_TEST_HOST_PORT, LMX_TEST_TOKEN (a
 * Windows path) / LMX_TEST_TOKEN_UNIX, LMX_TEST_REGDATA.  "inprocess" runs the Java core in this
 * process (Linux); "host" talks to `loymax-bridge host` (Linux, and the Windows builds under wine).
 * Money is judged by the emulator's ledger (GET /admin/ledger), not by the add-in's answers.
 * Prints "ADDIN1C_HOST PASS" when every check held; a failed check prints a line with "FAIL".
 */
#include "platform_abi.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
#include <winsock2.h>
#include <windows.h>
#else
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

static int failures;
#define CHECK(c, ...) do { if (!(c)) { failures++; printf("FAIL line %d: ", __LINE__); printf(__VA_ARGS__); printf("\n"); fflush(stdout); } } while (0)

/* ---- text ---- */
static pchar *u16(const char *s) /* UTF-8 -> malloc'd UTF-16 (the host's own converter) */
{
    size_t n = strlen(s), i = 0, o = 0;
    pchar *w = (pchar *)malloc((n + 1) * sizeof(pchar));
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        if (c < 0x80) { cp = c; i += 1; }
        else if (c < 0xE0) { cp = ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu); i += 2; }
        else if (c < 0xF0) { cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu); i += 3; }
        else { cp = ((c & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu); i += 4; }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            w[o++] = (pchar)(0xD800 + (cp >> 10));
            w[o++] = (pchar)(0xDC00 + (cp & 0x3FF));
        } else {
            w[o++] = (pchar)cp;
        }
    }
    w[o] = 0;
    return w;
}

static size_t u16len(const pchar *w) { size_t n = 0; while (w && w[n]) n++; return n; }

static char *u8(const pchar *w, size_t n) /* UTF-16 -> malloc'd UTF-8 */
{
    char *s = (char *)malloc(n * 3 + 1), *o = s;
    size_t i;
    for (i = 0; i < n; i++) {
        uint32_t c = w[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < n) { c = 0x10000 + ((c - 0xD800) << 10) + (w[i + 1] - 0xDC00u); i++; }
        if (c < 0x80) *o++ = (char)c;
        else if (c < 0x800) { *o++ = (char)(0xC0 | (c >> 6)); *o++ = (char)(0x80 | (c & 0x3F)); }
        else if (c < 0x10000) { *o++ = (char)(0xE0 | (c >> 12)); *o++ = (char)(0x80 | ((c >> 6) & 0x3F)); *o++ = (char)(0x80 | (c & 0x3F)); }
        else { *o++ = (char)(0xF0 | (c >> 18)); *o++ = (char)(0x80 | ((c >> 12) & 0x3F)); *o++ = (char)(0x80 | ((c >> 6) & 0x3F)); *o++ = (char)(0x80 | (c & 0x3F)); }
    }
    *o = 0;
    return s;
}

/* ---- the platform's memory manager: records every block it hands out ---- */
#define MAX_BLOCKS 4096
static void *blocks[MAX_BLOCKS];
static long allocs, frees, bad_frees, destructor_calls;

static bool P_METHOD mem_alloc(void *self, void **block, unsigned long bytes)
{
    int i;
    (void)self;
    *block = NULL;
    for (i = 0; i < MAX_BLOCKS && blocks[i]; i++)
        ;
    if (i == MAX_BLOCKS)
        return false;
    blocks[i] = *block = malloc(bytes ? bytes : 1);
    allocs++;
    return *block != NULL;
}

static void P_METHOD mem_free(void *self, void **block)
{
    int i;
    (void)self;
    if (!block || !*block)
        return;
    for (i = 0; i < MAX_BLOCKS && blocks[i] != *block; i++)
        ;
    if (i == MAX_BLOCKS) {
        bad_frees++; /* not from AllocMemory: the platform would corrupt its heap here */
        return;
    }
    blocks[i] = NULL;
    free(*block);
    *block = NULL;
    frees++;
}

static long live_blocks(void)
{
    long n = 0;
    int i;
    for (i = 0; i < MAX_BLOCKS; i++)
        n += blocks[i] != NULL;
    return n;
}

/* The add-in must never destroy the platform's objects. */
static void platform_destructor(void) { destructor_calls++; }

static void *mem_vtbl[P_DESTRUCTOR_SLOTS + S_MEM_SLOTS];
static struct { void **vtbl; } memory_manager = { mem_vtbl };

/* ---- the platform connection: records AddError ---- */
static long add_errors, other_connection_calls;
static unsigned short last_wcode;
static long last_scode;
static char last_source[256], last_descr[4096];

static bool P_METHOD conn_add_error(void *self, unsigned short wcode, const pchar *source, const pchar *descr, long scode)
{
    char *s = u8(source, u16len(source)), *d = u8(descr, u16len(descr));
    (void)self;
    add_errors++;
    last_wcode = wcode;
    last_scode = scode;
    snprintf(last_source, sizeof last_source, "%s", s);
    snprintf(last_descr, sizeof last_descr, "%s", d);
    free(s);
    free(d);
    return true;
}
static bool P_METHOD conn_read(void *self, pchar *a, void *b, long *c, pchar **d) { (void)self; (void)a; (void)b; (void)c; (void)d; other_connection_calls++; return false; }
static bool P_METHOD conn_write(void *self, pchar *a, void *b) { (void)self; (void)a; (void)b; other_connection_calls++; return false; }
static bool P_METHOD conn_register_profile(void *self, pchar *a) { (void)self; (void)a; other_connection_calls++; return false; }
static bool P_METHOD conn_set_depth(void *self, long a) { (void)self; (void)a; other_connection_calls++; return false; }
static long P_METHOD conn_get_depth(void *self) { (void)self; other_connection_calls++; return 0; }
static bool P_METHOD conn_event(void *self, pchar *a, pchar *b, pchar *c) { (void)self; (void)a; (void)b; (void)c; other_connection_calls++; return false; }
static void P_METHOD conn_clean(void *self) { (void)self; other_connection_calls++; }
static bool P_METHOD conn_status(void *self, pchar *a) { (void)self; (void)a; other_connection_calls++; return false; }
static void P_METHOD conn_reset_status(void *self) { (void)self; other_connection_calls++; }
static void *P_METHOD conn_get_interface(void *self, int which) { (void)self; (void)which; other_connection_calls++; return NULL; }

static void *conn_vtbl[P_DESTRUCTOR_SLOTS + S_CONN_SLOTS];
static struct { void **vtbl; } connection = { conn_vtbl };

static void platform_objects(void)
{
    int i;
    for (i = 0; i < P_DESTRUCTOR_SLOTS; i++)
        mem_vtbl[i] = conn_vtbl[i] = (void *)platform_destructor;
    mem_vtbl[P_DESTRUCTOR_SLOTS + S_MEM_ALLOC] = (void *)mem_alloc;
    mem_vtbl[P_DESTRUCTOR_SLOTS + S_MEM_FREE] = (void *)mem_free;
    conn_vtbl[P_DESTRUCTOR_SLOTS + S_CONN_ADD_ERROR] = (void *)conn_add_error;
    conn_vtbl[P_DESTRUCTOR_SLOTS + S_CONN_READ] = (void *)conn_read;
    conn_vtbl[P_DESTRUCTOR_SLOTS + S_CONN_WRITE] = (void *)conn_write;
    conn_vtbl[P_DESTRUCTOR_SLOTS + S_CONN_REGISTER_PROFILE_AS] = (void *)conn_register_profile;
    conn_vtbl[P_DESTRUCTOR_SLOTS + S_CONN_SET_EVENT_BUFFER_DEPTH] = (void *)conn_set_depth;
    conn_vtbl[P_DESTRUCTOR_SLOTS + S_CONN_GET_EVENT_BUFFER_DEPTH] = (void *)conn_get_depth;
    conn_vtbl[P_DESTRUCTOR_SLOTS + S_CONN_EXTERNAL_EVENT] = (void *)conn_event;
    conn_vtbl[P_DESTRUCTOR_SLOTS + S_CONN_CLEAN_EVENT_BUFFER] = (void *)conn_clean;
    conn_vtbl[P_DESTRUCTOR_SLOTS + S_CONN_SET_STATUS_LINE] = (void *)conn_status;
    conn_vtbl[P_DESTRUCTOR_SLOTS + S_CONN_RESET_STATUS_LINE] = (void *)conn_reset_status;
    conn_vtbl[P_DESTRUCTOR_SLOTS + S_CONN_GET_INTERFACE] = (void *)conn_get_interface;
}

/* ---- the add-in's interfaces, called by slot ---- */
typedef bool (P_METHOD *fn_ptr_b)(void *, void *);
typedef long (P_METHOD *fn_l)(void *);
typedef void (P_METHOD *fn_v)(void *);
typedef bool (P_METHOD *fn_pptr_b)(void *, pchar **);
typedef long (P_METHOD *fn_name_l)(void *, const pchar *);
typedef const pchar *(P_METHOD *fn_ll_name)(void *, long, long);
typedef bool (P_METHOD *fn_l_var_b)(void *, long, pvariant *);
typedef bool (P_METHOD *fn_l_b)(void *, long);
typedef long (P_METHOD *fn_l_l)(void *, long);
typedef bool (P_METHOD *fn_ll_var_b)(void *, long, long, pvariant *);
typedef bool (P_METHOD *fn_proc)(void *, long, pvariant *, long);
typedef bool (P_METHOD *fn_func)(void *, long, pvariant *, pvariant *, long);
typedef void (P_METHOD *fn_name_v)(void *, const pchar *);

typedef const pchar *(P_EXPORT *get_class_names_fn)(void);
typedef long (P_EXPORT *get_class_object_fn)(const pchar *, void **);
typedef long (P_EXPORT *destroy_object_fn)(void **);
typedef int (P_EXPORT *set_capabilities_fn)(int);
typedef int (P_EXPORT *get_attach_type_fn)(void);

static void *component, *init_base, *lang_base, *locale_base, *userlang_base;

/* A name the add-in returned: converted, and freed through the memory manager as 1C does. */
static char *take_name(const pchar *w)
{
    char *s;
    void *p = (void *)w;
    if (!w)
        return NULL;
    s = u8(w, u16len(w));
    mem_free(&memory_manager, &p);
    return s;
}

/* A string value the add-in returned in a tVariant: converted and freed through the memory manager. */
static char *take_string(pvariant *v)
{
    char *s;
    void *p;
    if (pv_vt(v) != PVT_PWSTR)
        return NULL;
    p = pv_wstr(v);
    s = u8(pv_wstr(v), pv_wlen(v));
    CHECK(pv_wstr(v)[pv_wlen(v)] == 0, "string result not NUL-terminated");
    mem_free(&memory_manager, &p);
    pv_init(v, PVT_EMPTY);
    return s;
}

static long find_method(const char *name)
{
    pchar *w = u16(name);
    long m = ((fn_name_l)p_slot(lang_base, S_LANG_FIND_METHOD))(lang_base, w);
    free(w);
    return m;
}

static long find_prop(const char *name)
{
    pchar *w = u16(name);
    long m = ((fn_name_l)p_slot(lang_base, S_LANG_FIND_PROP))(lang_base, w);
    free(w);
    return m;
}

/* A method call the way the platform makes it: find by name, fill missing parameters with their
 * defaults, CallAsFunc when the result is wanted, else CallAsProc.  Returns the call's result. */
static bool call(const char *name, pvariant *ret, int n, pvariant *args)
{
    pvariant params[4];
    long m = find_method(name), np, i;
    bool ok;
    CHECK(m >= 0, "FindMethod(%s)", name);
    if (m < 0)
        return false;
    np = ((fn_l_l)p_slot(lang_base, S_LANG_GET_N_PARAMS))(lang_base, m);
    CHECK(np >= n && np <= 4, "GetNParams(%s) = %ld", name, np);
    for (i = 0; i < np; i++) {
        if (i < n) {
            params[i] = args[i];
        } else {
            bool has = ((fn_ll_var_b)p_slot(lang_base, S_LANG_GET_PARAM_DEF_VALUE))(lang_base, m, i, &params[i]);
            CHECK(has, "%s: parameter %ld has no default, 1C would refuse the call", name, i + 1);
        }
    }
    if (ret) {
        CHECK(((fn_l_b)p_slot(lang_base, S_LANG_HAS_RET_VAL))(lang_base, m), "%s has no return value", name);
        pv_init(ret, PVT_EMPTY);
        ok = ((fn_func)p_slot(lang_base, S_LANG_CALL_AS_FUNC))(lang_base, m, ret, params, np);
    } else {
        ok = ((fn_proc)p_slot(lang_base, S_LANG_CALL_AS_PROC))(lang_base, m, params, np);
    }
    return ok;
}

static pvariant S(const char *s) /* a 1C string argument (its block is the host's, as the platform's is) */
{
    pvariant v;
    pchar *w = u16(s);
    pv_set_wstr(&v, w, (uint32_t)u16len(w));
    return v;
}
static void free_arg(pvariant *v) { if (pv_vt(v) == PVT_PWSTR) free(pv_wstr(v)); }

static bool set_param(const char *ptr, pvariant value)
{
    pvariant a[2];
    bool ok;
    a[0] = S(ptr);
    a[1] = value;
    ok = call("УстановитьПараметр", NULL, 2, a);
    free_arg(&a[0]);
    free_arg(&a[1]);
    return ok;
}
static bool set_text(const char *ptr, const char *text) { return set_param(ptr, S(text)); }

/* Выполнить(command[, request]) as a function; returns the result JSON (malloc'd) or NULL. */
static char *execute(const char *cmd, const char *request, bool *ok)
{
    pvariant a[2], r;
    int n = 1;
    char *s;
    a[0] = S(cmd);
    if (request) {
        a[1] = S(request);
        n = 2;
    }
    *ok = call("Выполнить", &r, n, a);
    free_arg(&a[0]);
    if (n == 2)
        free_arg(&a[1]);
    s = take_string(&r);
    return s;
}

static char *result(const char *pointer)
{
    pvariant a, r;
    bool ok;
    char *s;
    a = S(pointer);
    ok = call("Результат", &r, 1, &a);
    free_arg(&a);
    s = take_string(&r);
    CHECK(ok && s, "Результат(%s)", pointer);
    return s ? s : (char *)calloc(1, 1);
}

static long long cents_of(const char *s)
{
    return s && *s ? (long long)(atof(s) * 100 + (atof(s) >= 0 ? 0.5 : -0.5)) : 0;
}
static long long result_cents(const char *pointer)
{
    char *s = result(pointer);
    long long c = cents_of(s);
    free(s);
    return c;
}

static bool get_prop(const char *name, pvariant *v)
{
    long p = find_prop(name);
    CHECK(p >= 0, "FindProp(%s)", name);
    if (p < 0)
        return false;
    CHECK(((fn_l_b)p_slot(lang_base, S_LANG_IS_PROP_READABLE))(lang_base, p), "%s readable", name);
    pv_init(v, PVT_EMPTY);
    return ((fn_l_var_b)p_slot(lang_base, S_LANG_GET_PROP_VAL))(lang_base, p, v);
}

static long prop_long(const char *name)
{
    pvariant v;
    bool ok = get_prop(name, &v);
    CHECK(ok && pv_vt(&v) == PVT_I4, "%s: a number (I4) expected, vt %u", name, pv_vt(&v));
    return pv_i4(&v);
}

static char *prop_text(const char *name)
{
    pvariant v;
    bool ok = get_prop(name, &v);
    char *s = take_string(&v);
    CHECK(ok && s, "%s: a string expected", name);
    return s ? s : (char *)calloc(1, 1);
}

static int prop_bool(const char *name)
{
    pvariant v;
    bool ok = get_prop(name, &v);
    CHECK(ok && pv_vt(&v) == PVT_BOOL, "%s: a Boolean expected, vt %u", name, pv_vt(&v));
    return pv_bool(&v);
}

static bool set_prop(const char *name, pvariant v)
{
    long p = find_prop(name);
    CHECK(p >= 0 && ((fn_l_b)p_slot(lang_base, S_LANG_IS_PROP_WRITABLE))(lang_base, p), "%s writable", name);
    return ((fn_l_var_b)p_slot(lang_base, S_LANG_SET_PROP_VAL))(lang_base, p, &v);
}

/* ---- the emulator's ledger (the oracle for money) ---- */
static char *http_get(int port, const char *path)
{
    struct sockaddr_in a;
    char req[256], *buf;
    size_t cap = 1 << 20, len = 0;
    long n;
#if defined(_WIN32)
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
#else
    int s = socket(AF_INET, SOCK_STREAM, 0);
#endif
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0)
        return NULL;
    snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
    send(s, req, (int)strlen(req), 0);
    buf = (char *)malloc(cap);
    while (len + 1 < cap && (n = recv(s, buf + len, (int)(cap - len - 1), 0)) > 0)
        len += (size_t)n;
    buf[len] = 0;
#if defined(_WIN32)
    closesocket(s);
#else
    close(s);
#endif
    return buf;
}

/* The balance of a card in the ledger, in cents, or -1 (the JSON may be pretty-printed). */
static long long ledger_balance(int port, const char *card)
{
    char key[64], *body = http_get(port, "/admin/ledger"), *p;
    long long c = -1;
    if (!body)
        return -1;
    snprintf(key, sizeof key, "\"%s\"", card);
    p = strstr(body, "\"cards\"");
    p = p ? strstr(p, key) : NULL;
    p = p ? strstr(p, "\"balance\"") : NULL;
    if (p) {
        p += strlen("\"balance\"");
        while (*p == ' ' || *p == ':' || *p == '"')
            p++;
        c = cents_of(p);
    }
    free(body);
    return c;
}

/* ---- Windows x86: the stack must balance across calls (a wrong calling convention on either side
 * shifts it by the arguments' size on every call) ---- */
#if defined(_WIN32) && defined(__i386__)
#define READ_SP(v) __asm__ volatile("movl %%esp, %0" : "=r"(v))
#else
#define READ_SP(v) ((v) = 0)
#endif

static int run(const char *lib_path_utf8, const char *mode)
{
    get_class_names_fn get_class_names;
    get_class_object_fn get_class_object;
    destroy_object_fn destroy_object;
    set_capabilities_fn set_capabilities;
    get_attach_type_fn get_attach_type;
    const char *emu = getenv("LMX_TEST_EMU_PORT"), *hostp = getenv("LMX_TEST_HOST_PORT"), *regdata = getenv("LMX_TEST_REGDATA");
#if defined(_WIN32)
    const char *token = getenv("LMX_TEST_TOKEN");
    HMODULE lib;
#else
    const char *token = getenv("LMX_TEST_TOKEN_UNIX");
    void *lib;
#endif
    char cfg[4096], esc_token[1024], esc_data[1024], *s, *json;
    pvariant v, a[2];
    long i, n, m;
    bool ok;
    int emu_port;
    long long before, after, paid, accrued, total, available, ledger_before, ledger_after;
    unsigned long sp0, sp1;

    if (!emu || !hostp || !token || !regdata) {
        printf("FAIL usage: run under tests/host_fixture.sh (LMX_TEST_EMU_PORT, LMX_TEST_HOST_PORT, LMX_TEST_TOKEN, LMX_TEST_REGDATA)\n");
        return 2;
    }
    emu_port = atoi(emu);
    platform_objects();

    /* ---- loading: the exports, as the platform looks them up ---- */
#if defined(_WIN32)
    {
        WSADATA wsa;
        wchar_t wpath[1024];
        WSAStartup(MAKEWORD(2, 2), &wsa);
        MultiByteToWideChar(CP_UTF8, 0, lib_path_utf8, -1, wpath, 1024);
        lib = LoadLibraryW(wpath);
        if (!lib) {
            printf("FAIL cannot load %s (error %lu)\n", lib_path_utf8, GetLastError());
            return 1;
        }
    }
#define SYM(name) ((void *)GetProcAddress(lib, name))
#else
    lib = dlopen(lib_path_utf8, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        printf("FAIL cannot load %s: %s\n", lib_path_utf8, dlerror());
        return 1;
    }
#define SYM(name) dlsym(lib, name)
#endif
    get_class_names = (get_class_names_fn)SYM("GetClassNames");
    get_class_object = (get_class_object_fn)SYM("GetClassObject");
    destroy_object = (destroy_object_fn)SYM("DestroyObject");
    set_capabilities = (set_capabilities_fn)SYM("SetPlatformCapabilities");
    get_attach_type = (get_attach_type_fn)SYM("GetAttachType");
    if (!get_class_names || !get_class_object || !destroy_object || !set_capabilities || !get_attach_type) {
        printf("FAIL exports missing: GetClassNames %p GetClassObject %p DestroyObject %p SetPlatformCapabilities %p GetAttachType %p\n",
               (void *)get_class_names, (void *)get_class_object, (void *)destroy_object, (void *)set_capabilities,
               (void *)get_attach_type);
        return 1;
    }
    CHECK(set_capabilities(3) == 3, "SetPlatformCapabilities");
    CHECK(get_attach_type() == 3, "GetAttachType: eCanAttachAny");
    s = u8(get_class_names(), u16len(get_class_names()));
    CHECK(strcmp(s, "Bridge") == 0, "GetClassNames: %s", s);
    free(s);
    {
        pchar *w = u16("Nope");
        void *none = (void *)1;
        CHECK(get_class_object(w, &none) == 0 && none == NULL, "GetClassObject(Nope)");
        free(w);
        CHECK(destroy_object(NULL) == -1, "DestroyObject(NULL)");
        CHECK(destroy_object(&none) == -1, "DestroyObject(&NULL)");
    }
    {
        pchar *w = u16("Bridge");
        CHECK(get_class_object(w, &component) != 0 && component, "GetClassObject(Bridge)");
        free(w);
    }
    if (!component)
        return 1;
    init_base = p_base(component, S_BASE_INIT_DONE);
    lang_base = p_base(component, S_BASE_LANGUAGE_EXTENDER);
    locale_base = p_base(component, S_BASE_LOCALE);
    userlang_base = p_base(component, S_BASE_USER_LANGUAGE);

    /* ---- initialisation, in the platform's order ---- */
    CHECK(((fn_ptr_b)p_slot(init_base, S_INIT_SET_MEM_MANAGER))(init_base, &memory_manager), "setMemManager");
    CHECK(((fn_ptr_b)p_slot(init_base, S_INIT_INIT))(init_base, &connection), "Init");
    CHECK(((fn_l)p_slot(init_base, S_INIT_GET_INFO))(init_base) == 2000, "GetInfo");
    {
        pchar *w = u16("ru_RU"), *l = u16("ru");
        ((fn_name_v)p_slot(locale_base, S_LOCALE_SET_LOCALE))(locale_base, w);
        ((fn_name_v)p_slot(userlang_base, S_USERLANG_SET_CODE))(userlang_base, l);
        free(w);
        free(l);
    }
    {
        pchar *ext = NULL;
        CHECK(((fn_pptr_b)p_slot(lang_base, S_LANG_REGISTER_EXTENSION_AS))(lang_base, &ext) && ext, "RegisterExtensionAs");
        s = take_name(ext);
        CHECK(s && strcmp(s, "LoymaxBridge") == 0, "extension name %s", s ? s : "(null)");
        free(s);
    }

    /* ---- the members: English and Russian names, case-insensitive ---- */
    n = ((fn_l)p_slot(lang_base, S_LANG_GET_N_METHODS))(lang_base);
    CHECK(n == 7, "GetNMethods %ld", n);
    for (i = 0; i < n; i++) {
        char *en = take_name(((fn_ll_name)p_slot(lang_base, S_LANG_GET_METHOD_NAME))(lang_base, i, 0));
        char *ru = take_name(((fn_ll_name)p_slot(lang_base, S_LANG_GET_METHOD_NAME))(lang_base, i, 1));
        CHECK(en && ru && find_method(en) == i && find_method(ru) == i, "method %ld names", i);
        free(en);
        free(ru);
    }
    CHECK(((fn_ll_name)p_slot(lang_base, S_LANG_GET_METHOD_NAME))(lang_base, n, 0) == NULL, "GetMethodName past the end");
    m = find_method("Execute");
    CHECK(m >= 0 && find_method("EXECUTE") == m && find_method("выполнить") == m && find_method("ВЫПОЛНИТЬ") == m, "Execute aliases");
    CHECK(find_method("установитьпараметр") == find_method("SetParam") && find_method("SetParam") >= 0, "SetParam aliases");
    CHECK(find_method("Nope") == -1 && find_method("") == -1, "unknown method");
    CHECK(((fn_l_l)p_slot(lang_base, S_LANG_GET_N_PARAMS))(lang_base, m) == 2, "Execute takes 2");
    CHECK(((fn_l_b)p_slot(lang_base, S_LANG_HAS_RET_VAL))(lang_base, m), "Execute has a value");
    CHECK(!((fn_l_b)p_slot(lang_base, S_LANG_HAS_RET_VAL))(lang_base, find_method("Открыть")), "Open has none");
    CHECK(!((fn_ll_var_b)p_slot(lang_base, S_LANG_GET_PARAM_DEF_VALUE))(lang_base, m, 0, &v), "Execute's command: required");
    CHECK(((fn_ll_var_b)p_slot(lang_base, S_LANG_GET_PARAM_DEF_VALUE))(lang_base, m, 1, &v) && pv_vt(&v) == PVT_EMPTY,
          "Execute's request: optional");
    n = ((fn_l)p_slot(lang_base, S_LANG_GET_N_PROPS))(lang_base);
    CHECK(n >= 9, "GetNProps %ld", n);
    for (i = 0; i < n; i++) {
        char *en = take_name(((fn_ll_name)p_slot(lang_base, S_LANG_GET_PROP_NAME))(lang_base, i, 0));
        char *ru = take_name(((fn_ll_name)p_slot(lang_base, S_LANG_GET_PROP_NAME))(lang_base, i, 1));
        CHECK(en && ru && find_prop(en) == i && find_prop(ru) == i, "property %ld names", i);
        free(en);
        free(ru);
    }
    CHECK(find_prop("кодошибки") == find_prop("LASTERRORCODE") && find_prop("КодОшибки") >= 0, "КодОшибки aliases");
    CHECK(prop_long("СтатусКартаЗаблокирована") == 205 && prop_long("StatusCardBlocked") == 205, "CardBlocked constant");
    CHECK(prop_long("СтатусРасхождение") == 104 && prop_long("StatusDiscrepancy") == 104, "Discrepancy constant");
    CHECK(prop_long("СтатусДругойЗапрос") == 105 && prop_long("StatusRequestMismatch") == 105, "RequestMismatch constant");
    CHECK(prop_long("СтатусОплатаНеРазрешена") == 106 && prop_long("StatusPaymentUnresolved") == 106, "PaymentUnresolved constant");
    CHECK(prop_long("StatusOfflineRefused") == 100, "OfflineRefused constant");
    CHECK(prop_bool("ВызыватьИсключения") == 1, "RaiseErrors on by default");
    CHECK(prop_bool("Открыт") == 0, "not open yet");
    s = prop_text("Версия");
    CHECK(strlen(s) >= 5 && s[1] == '.', "Version %s", s);
    free(s);
    CHECK(!((fn_l_b)p_slot(lang_base, S_LANG_IS_PROP_WRITABLE))(lang_base, find_prop("КодОшибки")), "КодОшибки read-only");

    /* ---- errors before Open: AddError with a Russian sentence; then without exceptions ---- */
    json = execute("balance", NULL, &ok);
    CHECK(!ok && add_errors == 1, "Execute before Open: false with AddError (%d, %ld)", ok, add_errors);
    CHECK(last_wcode == 1006 && strcmp(last_source, "Loymax.Bridge") == 0, "AddError code %u source %s", last_wcode, last_source);
    CHECK(strstr(last_descr, "Открыть") != NULL, "Russian sentence: %s", last_descr);
    CHECK(prop_long("КодОшибки") == 8, "КодОшибки 8");
    s = prop_text("ОписаниеОшибки");
    CHECK(strcmp(s, last_descr) == 0, "ОписаниеОшибки = AddError text: %s", s);
    free(s);
    free(json);
    pv_set_i4(&a[0], 42);
    CHECK(!call("Открыть", NULL, 1, a), "Open(42) fails");
    CHECK(prop_long("LastErrorCode") == 1 && strstr(last_descr, "Настройки") && strstr(last_descr, "число"), "Open(42): %s", last_descr);
    CHECK(set_prop("RaiseErrors", (pv_set_bool(&v, 0), v)), "RaiseErrors = False");
    n = add_errors;
    json = execute("balance", NULL, &ok);
    CHECK(ok && add_errors == n && prop_long("LastErrorCode") == 8, "no exception with RaiseErrors off");
    free(json);
    CHECK(set_prop("ВызыватьИсключения", (pv_set_bool(&v, 1), v)), "ВызыватьИсключения = Истина");

    /* ---- Open and a whole purchase ---- */
    {
        size_t k, o = 0;
        for (k = 0; token[k] && o + 2 < sizeof esc_token; k++) {
            if (token[k] == '\\')
                esc_token[o++] = '\\';
            esc_token[o++] = token[k];
        }
        esc_token[o] = 0;
        for (k = 0, o = 0; regdata[k] && o + 2 < sizeof esc_data; k++) {
            if (regdata[k] == '\\')
                esc_data[o++] = '\\';
            esc_data[o++] = regdata[k];
        }
        esc_data[o] = 0;
    }
    if (strcmp(mode, "host") == 0)
        snprintf(cfg, sizeof cfg,
                 "{\"engine\":\"host\",\"hostAddress\":\"127.0.0.1:%s\",\"tokenFile\":\"%s\",\"url\":\"http://127.0.0.1:%s/"
                 "XmlExchange/demo-partner/reg01/\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\"%s\"}",
                 hostp, esc_token, emu, esc_data);
    else
        snprintf(cfg, sizeof cfg,
                 "{\"url\":\"http://127.0.0.1:%s/XmlExchange/demo-partner/reg01/\",\"login\":\"reg01\",\"password\":\"secret\","
                 "\"dataDir\":\"%s\"}",
                 emu, esc_data);
    a[0] = S(cfg);
    ok = call("Открыть", NULL, 1, a);
    free_arg(&a[0]);
    if (!ok) {
        printf("FAIL Открыть: %s\n", last_descr);
        return 1;
    }
    CHECK(prop_bool("IsOpen") == 1, "open");
    CHECK(prop_bool("ПроцессингДоступен") == 1, "online");
    CHECK(prop_long("ДлинаОчереди") == 0 && prop_long("DeadCount") == 0, "queue empty");

    ledger_before = ledger_balance(emu_port, "8690003");
    CHECK(ledger_before == 150000, "ledger before: %lld", ledger_before);
    CHECK(set_text("/cashier", "Иванова М."), "cashier");
    CHECK(set_text("/identifier/type", "phone"), "identifier type");
    CHECK(set_param("/identifier/value", (pv_set_r8(&v, 79260000003.0), v)), "phone as a number");
    json = execute("balance", NULL, &ok);
    CHECK(ok && json && strstr(json, "\"ok\":true"), "balance: %s", json ? json : "(null)");
    free(json);
    before = result_cents("/balance");
    CHECK(before == ledger_before, "balance %lld", before);

    {
        struct tm t;
        char num[32];
        memset(&t, 0, sizeof t);
        t.tm_year = 2026 - 1900; t.tm_mon = 10; t.tm_mday = 28; t.tm_hour = 10; t.tm_min = 15; t.tm_sec = 0;
        snprintf(num, sizeof num, "1C-%ld", (long)time(NULL) % 100000);
        CHECK(set_text("/cheque/number", num), "number");
        CHECK(set_param("/cheque/date", (pv_set_tm(&v, &t), v)), "date as Дата");
    }
    CHECK(set_param("/cheque/lines/0/pos", (pv_set_i4(&v, 1), v)), "pos as a number");
    CHECK(set_text("/cheque/lines/0/goodsId", "1001"), "goodsId");
    CHECK(set_text("/cheque/lines/0/name", "Молоко 3,2% 1 л"), "name");
    CHECK(set_param("/cheque/lines/0/price", (pv_set_r8(&v, 89.9), v)), "price 89.9 (R8)");
    CHECK(set_param("/cheque/lines/0/quantity", (pv_set_i4(&v, 2), v)), "quantity");
    CHECK(set_text("/cheque/lines/0/amount", "179.80"), "amount");
    CHECK(set_param("/cheque/lines/1/pos", (pv_set_i4(&v, 2), v)), "pos 2");
    CHECK(set_text("/cheque/lines/1/goodsId", "1002"), "goodsId 2");
    CHECK(set_text("/cheque/lines/1/name", "Хлеб"), "name 2");
    CHECK(set_param("/cheque/lines/1/price", (pv_set_r8(&v, 45.5), v)), "price 2");
    CHECK(set_param("/cheque/lines/1/quantity", (pv_set_i4(&v, 1), v)), "quantity 2");
    CHECK(set_param("/cheque/lines/1/amount", (pv_set_r8(&v, 45.5), v)), "amount 2");
    json = execute("calculate", NULL, &ok);
    CHECK(ok && json && strstr(json, "\"ok\":true"), "calculate: %s", json ? json : last_descr);
    free(json);
    total = result_cents("/lines/0/amount") + result_cents("/lines/1/amount");
    available = result_cents("/availableAmount");
    CHECK(total > 0 && total <= 22530, "total %lld", total);
    paid = available < 10000 ? available : 10000;
    if (paid > 0) {
        char amt[32];
        snprintf(amt, sizeof amt, "%lld.%02lld", paid / 100, paid % 100);
        CHECK(set_text("/amount", amt), "amount to pay");
        json = execute("pay", NULL, &ok);
        CHECK(ok, "pay: %s", last_descr);
        free(json);
        paid = result_cents("/amount");
    }
    {
        char amt[32];
        CHECK(set_text("/pays/0/type", "Bonus"), "pay type");
        snprintf(amt, sizeof amt, "%lld.%02lld", paid / 100, paid % 100);
        CHECK(set_text("/pays/0/amount", amt), "bonus amount");
        CHECK(set_text("/pays/1/type", "Card"), "pay type 2");
        snprintf(amt, sizeof amt, "%lld.%02lld", (total - paid) / 100, (total - paid) % 100);
        CHECK(set_text("/pays/1/amount", amt), "card amount");
    }
    json = execute("discount", NULL, &ok);
    CHECK(ok, "discount: %s", last_descr);
    free(json);
    accrued = result_cents("/bonusAmount");
    json = execute("confirm", NULL, &ok);
    CHECK(ok, "confirm: %s", last_descr);
    free(json);
    CHECK(call("СброситьПараметры", NULL, 0, NULL), "ResetParams");
    json = execute("balance", "{\"identifier\":{\"type\":\"phone\",\"value\":\"79260000003\"}}", &ok);
    CHECK(ok, "balance after: %s", last_descr);
    free(json);
    after = result_cents("/balance");
    ledger_after = ledger_balance(emu_port, "8690003");
    CHECK(ledger_after == ledger_before - paid + accrued,
          "ledger after %lld, expected %lld - %lld (paid) + %lld (accrued)", ledger_after, ledger_before, paid, accrued);
    CHECK(after == ledger_after, "the register was told %lld, the ledger has %lld", after, ledger_after);
    printf("purchase through the 1C add-in (%s): total %lld, paid %lld, accrued %lld, ledger %lld -> %lld\n", mode, total,
           paid, accrued, ledger_before, ledger_after);

    /* ---- ПроверитьСвязь (TestConnection): the verdicts as JSON, every step passed ---- */
    {
        pvariant r;
        CHECK(find_method("TestConnection") == find_method("проверитьсвязь") && find_method("ПроверитьСвязь") >= 0,
              "TestConnection aliases");
        ok = call("ПроверитьСвязь", &r, 0, NULL);
        json = take_string(&r);
        CHECK(ok && json && strstr(json, "\"step\":\"protocol\"") && !strstr(json, "\"ok\":false"), "ПроверитьСвязь: %s",
              json ? json : last_descr);
        free(json);
    }

    /* ---- a blocked card: processing's text reaches AddError byte-exact ---- */
    CHECK(call("ResetParams", NULL, 0, NULL), "ResetParams");
    CHECK(set_text("/identifier/type", "cardNumber"), "card type");
    CHECK(set_text("/identifier/value", "8690037"), "blocked card");
    n = add_errors;
    json = execute("balance", NULL, &ok);
    CHECK(!ok && json == NULL && add_errors == n + 1, "blocked card: exception");
    CHECK(strcmp(last_descr, "Card is blocked") == 0, "AddError text is processing's, byte-exact: [%s]", last_descr);
    CHECK(last_wcode == 1006 && last_scode == (long)(int32_t)0x800402CDu, "AddError wcode %u scode %ld", last_wcode, last_scode);
    CHECK(prop_long("КодОшибки") == prop_long("СтатусКартаЗаблокирована"), "КодОшибки 205");
    s = prop_text("ОписаниеОшибки");
    CHECK(strcmp(s, "Card is blocked") == 0, "ОписаниеОшибки: %s", s);
    free(s);
    s = result("/error/status");
    CHECK(strcmp(s, "205") == 0, "/error/status %s", s);
    free(s);
    CHECK(set_prop("ВызыватьИсключения", (pv_set_bool(&v, 0), v)), "RaiseErrors off");
    n = add_errors;
    json = execute("balance", NULL, &ok);
    CHECK(ok && json && strstr(json, "Card is blocked") && add_errors == n, "blocked card without exceptions: %s", json ? json : "(null)");
    CHECK(prop_long("LastErrorCode") == 205, "LastErrorCode 205");
    free(json);
    CHECK(set_prop("RaiseErrors", (pv_set_bool(&v, 1), v)), "RaiseErrors on");

    /* ---- processing unreachable: balance refused (100) with the core's Russian sentence through
     * AddError, byte-exact; calculate and discount go on (the sale carries on, accrual queued) ---- */
    {
        char ocfg[4096], *msg;
        if (strcmp(mode, "host") == 0)
            snprintf(ocfg, sizeof ocfg,
                     "{\"engine\":\"host\",\"hostAddress\":\"127.0.0.1:%s\",\"tokenFile\":\"%s\",\"url\":\"http://127.0.0.1:1/"
                     "XmlExchange/demo-partner/reg01/\",\"login\":\"reg01\",\"password\":\"secret\",\"connectTimeoutMs\":500,"
                     "\"dataDir\":\"%s-offline\"}",
                     hostp, esc_token, esc_data);
        else
            snprintf(ocfg, sizeof ocfg,
                     "{\"url\":\"http://127.0.0.1:1/XmlExchange/demo-partner/reg01/\",\"login\":\"reg01\",\"password\":\"secret\","
                     "\"connectTimeoutMs\":500,\"dataDir\":\"%s-offline\"}",
                     esc_data);
        a[0] = S(ocfg);
        CHECK(call("Открыть", NULL, 1, a), "Open (processing unreachable): %s", last_descr);
        free_arg(&a[0]);
        CHECK(set_text("/identifier/type", "phone") && set_text("/identifier/value", "79260000003"), "identifier");
        n = add_errors;
        json = execute("balance", NULL, &ok);
        CHECK(!ok && add_errors == n + 1 && prop_long("КодОшибки") == 100, "balance offline: refused (%ld)", prop_long("КодОшибки"));
        free(json);
        s = prop_text("ОписаниеОшибки");
        CHECK(strcmp(s, last_descr) == 0, "ОписаниеОшибки offline: [%s]", s);
        free(s);
        msg = result("/error/message");
        CHECK(msg[0] && strcmp(last_descr, msg) == 0, "AddError text = the result's error.message: [%s] [%s]", last_descr, msg);
        CHECK(strstr(last_descr, "\xd0") != NULL, "a Russian sentence: %s", last_descr);
        printf("processing unreachable, AddError: %s\n", last_descr);
        free(msg);
        CHECK(set_text("/cheque/number", "OFF-1") && set_text("/cheque/date", "2026-11-28T10:30:00"), "cheque");
        CHECK(set_text("/cheque/lines/0/pos", "1") && set_text("/cheque/lines/0/goodsId", "1001"), "line");
        CHECK(set_param("/cheque/lines/0/price", (pv_set_r8(&v, 89.9), v)) && set_text("/cheque/lines/0/quantity", "1")
              && set_text("/cheque/lines/0/amount", "89.90"), "line amounts");
        json = execute("calculate", NULL, &ok);
        CHECK(ok && json, "calculate offline goes on: %s", last_descr);
        free(json);
        CHECK(set_text("/pays/0/type", "Card") && set_text("/pays/0/amount", "89.90"), "pays");
        json = execute("discount", NULL, &ok);
        CHECK(ok && json && strstr(json, "\"queued\":true"), "discount offline queued: %s", json ? json : last_descr);
        free(json);
        CHECK(prop_bool("ПроцессингДоступен") == 0, "offline");
        CHECK(prop_long("ДлинаОчереди") >= 1, "queued: %ld", prop_long("QueueLength"));
        /* ПроверитьСвязь with processing unreachable: an exception with the failing step, the verdicts kept */
        {
            pvariant r;
            n = add_errors;
            ok = call("ПроверитьСвязь", &r, 0, NULL);
            json = take_string(&r);
            CHECK(!ok && add_errors == n + 1 && prop_long("КодОшибки") == 300, "ПроверитьСвязь offline: %ld %s",
                  prop_long("КодОшибки"), last_descr);
            free(json);
            msg = result("/checks/4/ok");
            CHECK(msg && strcmp(msg, "false") == 0, "the connection step failed: %s", msg ? msg : "(null)");
            free(msg);
        }
    }

    /* ---- wrong argument types and encodings: a status and a sentence, never a crash ---- */
    pv_init(&a[0], PVT_BLOB);
    a[1] = S("x");
    CHECK(!call("SetParam", NULL, 2, a), "SetParam(blob) fails");
    free_arg(&a[1]);
    CHECK(prop_long("LastErrorCode") == 1 && strstr(last_descr, "Указатель"), "blob: %s", last_descr);
    {
        pchar bad[] = { '/', 'x', 0xD800, 0 };
        pv_set_wstr(&a[0], bad, 3);
        a[1] = S("x");
        CHECK(!call("SetParam", NULL, 2, a), "unpaired surrogate fails");
        free_arg(&a[1]);
        CHECK(prop_long("LastErrorCode") == 9, "surrogate: %s", last_descr);
    }
    a[0] = S("/nope");
    n = add_errors;
    CHECK(!call("Result", &v, 1, a) && add_errors == n + 1 && prop_long("LastErrorCode") == 13, "Result(/nope): exception, code 13");
    CHECK(set_prop("RaiseErrors", (pv_set_bool(&v, 0), v)), "RaiseErrors off");
    CHECK(call("Result", &v, 1, a) && add_errors == n + 1 && prop_long("LastErrorCode") == 13, "Result(/nope) without exceptions");
    s = take_string(&v);
    CHECK(s && strcmp(s, "") == 0, "Result(/nope) gives \"\"");
    free(s);
    free_arg(&a[0]);

    /* ---- Windows x86: the stack balances over many calls in both directions ---- */
    READ_SP(sp0);
    for (i = 0; i < 200000; i++) {
        void *none = NULL;
        n = ((fn_l)p_slot(lang_base, S_LANG_GET_N_METHODS))(lang_base);
        n += destroy_object(&none);
    }
    READ_SP(sp1);
    CHECK(sp0 == sp1, "stack moved by %ld bytes over 200,000 calls", (long)(sp1 - sp0));
    CHECK(set_prop("RaiseErrors", (pv_set_bool(&v, 1), v)), "RaiseErrors on");
    n = add_errors;
    READ_SP(sp0);
    for (i = 0; i < 20000; i++) {
        pvariant one;
        pv_init(&one, PVT_BLOB);
        ((fn_l_var_b)p_slot(lang_base, S_LANG_SET_PROP_VAL))(lang_base, find_prop("RaiseErrors"), &one); /* AddError each time */
    }
    READ_SP(sp1);
    CHECK(sp0 == sp1 && add_errors == n + 20000, "AddError calls balanced (%ld bytes, %ld calls)", (long)(sp1 - sp0), add_errors - n);

    /* ---- the add-in's own sentences in English when the platform's language is English ---- */
    {
        pchar *l = u16("en");
        ((fn_name_v)p_slot(userlang_base, S_USERLANG_SET_CODE))(userlang_base, l);
        free(l);
        pv_set_bool(&a[0], 1);
        CHECK(!call("Open", NULL, 1, a), "Open(True) fails");
        CHECK(strstr(last_descr, "argument 'config'") && strstr(last_descr, "a Boolean"), "English sentence: %s", last_descr);
        l = u16("ru_RU");
        ((fn_name_v)p_slot(locale_base, S_LOCALE_SET_LOCALE))(locale_base, l);
        free(l);
    }

    /* ---- the end, as the platform does it ---- */
    CHECK(call("Закрыть", NULL, 0, NULL), "Close");
    ((fn_v)p_slot(init_base, S_INIT_DONE))(init_base);
    CHECK(destroy_object(&component) == 0 && component == NULL, "DestroyObject");
    CHECK(live_blocks() == 0, "%ld block(s) from AllocMemory never handed back", live_blocks());
    CHECK(bad_frees == 0, "%ld string(s) not allocated with AllocMemory", bad_frees);
    CHECK(destructor_calls == 0 && other_connection_calls == 0, "platform objects misused");
    printf("memory manager: %ld blocks allocated and freed\n", allocs);
    if (failures) {
        printf("%d check(s) failed\n", failures);
        return 1;
    }
    printf("ADDIN1C_HOST PASS\n");
    return 0;
}

#if defined(_WIN32)
int wmain(int argc, wchar_t **argv)
{
    char path[2048], mode[32];
    if (argc < 3) {
        printf("FAIL usage: addin1c_host <add-in library> inprocess|host\n");
        return 2;
    }
    WideCharToMultiByte(CP_UTF8, 0, argv[1], -1, path, sizeof path, NULL, NULL);
    WideCharToMultiByte(CP_UTF8, 0, argv[2], -1, mode, sizeof mode, NULL, NULL);
    return run(path, mode);
}
#else
int main(int argc, char **argv)
{
    if (argc < 3) {
        printf("FAIL usage: addin1c_host <add-in library> inprocess|host\n");
        return 2;
    }
    return run(argv[1], argv[2]);
}
#endif
