/* The in-process engine: finding, creating or reusing the Java VM, loading NativeEntry, attaching
 * and detaching threads. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "lmx_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef _WIN32
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <link.h>
#include <locale.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#else
char *lmx_win_reg_string(const char *subkey, const char *value);
int lmx_win_reg_key_exists(const char *subkey);
char *lmx_win_search_path(const char *file);
char *lmx_win_path_for_jvm(const char *utf8, lmx_lang lang, lmx_buf *err);
void lmx_win_preload_runtime(const char *jvm_dll);
#endif

#define ENTRY_CLASS "org.lmxbridge.internal.nativeentry.NativeEntry"
#define JAR_NAME "loymax-bridge.jar"
#define JSA_NAME "loymax-bridge.jsa" /* class-data-sharing archive, made by scripts/build.sh dist */
#define MIN_JAVA 17

#ifdef _WIN32
#  define JVM_LIB_NAME "jvm.dll"
#  define SQLITE_LIB_NAME "sqlitejdbc.dll"
#else
#  define JVM_LIB_NAME "libjvm.so"
#  define SQLITE_LIB_NAME "libsqlitejdbc.so"
#endif

#if defined(__x86_64__) || defined(_M_X64) || defined(__aarch64__)
#  define BITS 64
#else
#  define BITS 32
#endif

typedef jint(JNICALL *create_vm_fn)(JavaVM **, void **, void *);
typedef jint(JNICALL *created_vms_fn)(JavaVM **, jsize, jsize *);

lmx_jni lmx_g;

/* Helpers cached at load time for describing exceptions. */
static jclass g_throwable, g_oom, g_soe, g_string;
static jmethodID g_to_string, g_get_bytes;
static jstring g_utf8_name;

static lmx_mutex init_lock = LMX_MUTEX_INIT;
static volatile int jvm_state;   /* 0 not yet, 1 ready, 2 failed for good */
static int failed_status;
static char *failed_text;

/* ---- small path helpers ---------------------------------------------------------------------- */
static char *path_join(const char *a, const char *b)
{
    lmx_buf r = {0};
    size_t n = strlen(a);
    lmx_buf_adds(&r, a);
    if (n && a[n - 1] != '/' && a[n - 1] != '\\')
        lmx_buf_add(&r, LMX_SEPS, 1);
    lmx_buf_adds(&r, b);
    return r.p;
}

/* The path with its last `levels` components removed (malloc'ed). */
static char *path_up(const char *p, int levels)
{
    char *r = lmx_strdup(p);
    while (r && levels-- > 0) {
        char *s = strrchr(r, '/');
#ifdef _WIN32
        char *bs = strrchr(r, '\\');
        if (bs > s)
            s = bs;
#endif
        if (!s || s == r) {
            if (s)
                s[1] = 0;
            break;
        }
        *s = 0;
    }
    return r;
}

/* ---- candidates ------------------------------------------------------------------------------ */
typedef struct search {
    lmx_buf log;           /* "  - source: path: verdict" lines */
    char *tried[32];       /* real paths already tried */
    int ntried;
    void *lib;             /* the accepted candidate */
    create_vm_fn create;
    char *lib_path;
    char version[64];
    lmx_lang lang;         /* the configuration's: the language of the log and of the texts of this start */
} search;

static int java_major(const char *v)
{
    int major = atoi(v);
    if (major == 1) { /* 1.8.0_392 */
        const char *dot = strchr(v, '.');
        major = dot ? atoi(dot + 1) : 1;
    }
    return major;
}

/* Finds the `release` file of the runtime that holds lib and reads JAVA_VERSION. */
static int read_release(const char *lib, char *version, size_t vcap, char **release_path)
{
    int up;
    for (up = 3; up <= 5; up++) {
        char *home = path_up(lib, up), *rel, *data = NULL;
        size_t len;
        if (!home)
            return 0;
        rel = path_join(home, "release");
        free(home);
        if (rel && lmx_is_file(rel) && lmx_read_file(rel, LMX_LANG_DEFAULT, LT_WHAT_FILE, 65536, &data, &len, NULL) == 0) {
            char *k = strstr(data, "JAVA_VERSION=");
            if (k && (k == data || k[-1] == '\n')) {
                size_t i = 0;
                k += 13;
                if (*k == '"')
                    k++;
                while (k[i] && k[i] != '"' && k[i] != '\n' && k[i] != '\r' && i + 1 < vcap) {
                    version[i] = k[i];
                    i++;
                }
                version[i] = 0;
                free(data);
                *release_path = rel;
                return 1;
            }
            free(data);
        }
        free(rel);
    }
    return 0;
}

/* Checks the binary's word size (ELF class / PE machine).  Returns 1 when it suits this library,
 * 0 with the reason appended to why. */
static int bitness_ok(const char *lib, lmx_lang lang, lmx_buf *why)
{
    unsigned char h[4096];
    long n = lmx_read_head(lib, h, sizeof h);
#ifdef _WIN32
    unsigned long off;
    unsigned machine;
    if (n < 64 || h[0] != 'M' || h[1] != 'Z') {
        lmx_buf_addt(why, lang, LT_BIN_NOT_DLL);
        return 0;
    }
    off = (unsigned long)h[0x3C] | ((unsigned long)h[0x3D] << 8) | ((unsigned long)h[0x3E] << 16) | ((unsigned long)h[0x3F] << 24);
    if (off + 6 > (unsigned long)n || memcmp(h + off, "PE\0\0", 4) != 0) {
        lmx_buf_addt(why, lang, LT_BIN_NOT_PE);
        return 0;
    }
    machine = (unsigned)h[off + 4] | ((unsigned)h[off + 5] << 8);
#if BITS == 64
    if (machine != 0x8664) {
        lmx_buf_addt(why, lang, LT_BIN_DLL_OTHER,
                     lmx_t(lang, machine == 0x14c ? LT_BIN_32_X86 : machine == 0xAA64 ? LT_BIN_ARM64 : LT_BIN_FOREIGN), machine,
                     lmx_t(lang, LT_BIN_LIB_64));
        return 0;
    }
#else
    if (machine != 0x14c) {
        lmx_buf_addt(why, lang, LT_BIN_DLL_OTHER,
                     lmx_t(lang, machine == 0x8664 ? LT_BIN_64_X64 : machine == 0xAA64 ? LT_BIN_ARM64 : LT_BIN_FOREIGN), machine,
                     lmx_t(lang, LT_BIN_LIB_32));
        return 0;
    }
#endif
    return 1;
#else
    unsigned machine;
    if (n < 20 || memcmp(h, "\177ELF", 4) != 0) {
        lmx_buf_addt(why, lang, LT_BIN_NOT_ELF);
        return 0;
    }
    if (h[4] != (BITS == 64 ? 2 : 1)) {
        lmx_buf_addt(why, lang, LT_BIN_ELF_BITS, h[4] == 2 ? 64 : 32, BITS);
        return 0;
    }
    machine = h[5] == 1 ? ((unsigned)h[18] | ((unsigned)h[19] << 8)) : (((unsigned)h[18] << 8) | h[19]);
#if defined(__x86_64__)
    if (machine != 62) {
        lmx_buf_addt(why, lang, LT_BIN_ELF_MACHINE, machine, "x86-64 (62)");
        return 0;
    }
#elif defined(__aarch64__)
    if (machine != 183) {
        lmx_buf_addt(why, lang, LT_BIN_ELF_MACHINE, machine, "aarch64 (183)");
        return 0;
    }
#elif defined(__i386__)
    if (machine != 3) {
        lmx_buf_addt(why, lang, LT_BIN_ELF_MACHINE, machine, "i386 (3)");
        return 0;
    }
#endif
    return 1;
#endif
}

static int already_tried(search *s, const char *real)
{
    int k;
    for (k = 0; k < s->ntried; k++)
        if (strcmp(s->tried[k], real) == 0)
            return 1;
    if (s->ntried < 32)
        s->tried[s->ntried++] = lmx_strdup(real);
    return 0;
}

/* One line of the search log: "  - source: path: verdict". */
static void log_line(search *s, const char *source, const char *path, const char *verdict)
{
    lmx_buf_addt(&s->log, s->lang, LT_JVM_LINE, source, path, verdict);
    lmx_buf_add(&s->log, "\n", 1);
}

/* The same with a verdict of the catalogue. */
static void log_linet(search *s, const char *source, const char *path, lmx_text id, ...)
{
    lmx_buf v = {0};
    va_list ap;
    va_start(ap, id);
    lmx_buf_vaddf(&v, lmx_t(s->lang, id), ap);
    va_end(ap);
    log_line(s, source, path, lmx_buf_str(&v));
    lmx_buf_free(&v);
}

/* A line without a path: "  - source: verdict". */
static void log_line2(search *s, const char *source, lmx_text verdict)
{
    lmx_buf_addt(&s->log, s->lang, LT_JVM_LINE2, source, lmx_t(s->lang, verdict));
    lmx_buf_add(&s->log, "\n", 1);
}

/* Tries one libjvm path; returns 1 when accepted (s->lib/create set). */
static int try_lib(search *s, const char *source, const char *lib)
{
    lmx_buf why = {0};
    char *real, *release = NULL;
    char version[64] = "";
    int major;
    void *h;
    create_vm_fn fn;

    if (!lmx_is_file(lib)) {
        log_linet(s, source, lib, LT_JVM_NOT_THERE);
        return 0;
    }
    real = lmx_realpath(lib);
    if (already_tried(s, real ? real : lib)) {
        log_linet(s, source, lib, LT_JVM_SAME);
        free(real);
        return 0;
    }
    free(real);
    if (!bitness_ok(lib, s->lang, &why)) {
        log_linet(s, source, lib, LT_JVM_REJECTED, lmx_buf_str(&why));
        lmx_buf_free(&why);
        return 0;
    }
    if (read_release(lib, version, sizeof version, &release)) {
        major = java_major(version);
        if (major < MIN_JAVA) {
            log_linet(s, source, lib, LT_JVM_TOO_OLD, version, release, MIN_JAVA);
            free(release);
            return 0;
        }
        free(release);
    } else {
        snprintf(version, sizeof version, "%s", lmx_t(s->lang, LT_JVM_UNKNOWN_VERSION));
    }
#ifdef _WIN32
    lmx_win_preload_runtime(lib);
#endif
    h = lmx_dlopen(lib, &why);
    if (!h) {
        log_linet(s, source, lib, LT_JVM_CANNOT_LOAD, lmx_buf_str(&why));
        lmx_buf_free(&why);
        return 0;
    }
    fn = (create_vm_fn)lmx_dlsym(h, "JNI_CreateJavaVM");
    if (!fn) {
        log_linet(s, source, lib, LT_JVM_NO_CREATE);
        return 0;
    }
    log_linet(s, source, lib, LT_JVM_SELECTED, version);
    s->lib = h;
    s->create = fn;
    s->lib_path = lmx_strdup(lib);
    snprintf(s->version, sizeof s->version, "%s", version);
    return 1;
}

/* Tries the libjvm locations inside a Java home (JDK or JRE). */
static int try_home(search *s, const char *source, const char *home)
{
    static const char *const rel[] = {
#ifdef _WIN32
        "bin\\server\\jvm.dll",
#if BITS == 32
        "bin\\client\\jvm.dll",
#endif
        "jre\\bin\\server\\jvm.dll",
#else
        "lib/server/libjvm.so",
        "jre/lib/server/libjvm.so",
        "jre/lib/amd64/server/libjvm.so",
#endif
        NULL};
    int k, before = s->ntried;
    size_t loglen = s->log.len;
    if (!lmx_is_dir(home)) {
        log_linet(s, source, home, LT_JVM_NOT_THERE);
        return 0;
    }
    for (k = 0; rel[k]; k++) {
        char *lib = path_join(home, rel[k]);
        if (lib && lmx_is_file(lib)) {
            int ok = try_lib(s, source, lib);
            free(lib);
            if (ok)
                return 1;
        } else {
            free(lib);
        }
    }
    if (s->ntried == before && s->log.len == loglen)
        log_linet(s, source, home, LT_JVM_NO_LIB, JVM_LIB_NAME);
    return 0;
}

static int is_absolute(const char *p)
{
#ifdef _WIN32
    return p[0] == '\\' || p[0] == '/' || (p[0] && p[1] == ':');
#else
    return p[0] == '/';
#endif
}

/* A relative "jvmPath" is taken relative to the library's folder, never the working directory. */
static int try_config_path(search *s, const char *p)
{
    char *abs = is_absolute(p) ? lmx_strdup(p) : path_join(lmx_self_dir(), p);
    int ok;
    if (!abs)
        return 0;
    if (lmx_is_dir(abs))
        ok = try_home(s, lmx_t(s->lang, LT_JVM_SRC_JVMPATH), abs);
    else
        ok = try_lib(s, lmx_t(s->lang, LT_JVM_SRC_JVMPATH), abs);
    free(abs);
    return ok;
}

static int try_private(search *s)
{
    const char *dir = lmx_self_dir();
    int ok;
#ifdef _WIN32
    char *lib = path_join(dir, "jre\\bin\\server\\jvm.dll");
    ok = try_lib(s, lmx_t(s->lang, LT_JVM_SRC_PRIVATE), lib);
    free(lib);
#if BITS == 32
    if (!ok) {
        lib = path_join(dir, "jre\\bin\\client\\jvm.dll");
        ok = try_lib(s, lmx_t(s->lang, LT_JVM_SRC_PRIVATE), lib);
        free(lib);
    }
#endif
#else
    char *lib = path_join(dir, "jre/lib/server/libjvm.so");
    ok = try_lib(s, lmx_t(s->lang, LT_JVM_SRC_PRIVATE), lib);
    free(lib);
#endif
    return ok;
}

static int try_java_home(search *s)
{
    char *jh = lmx_getenv("JAVA_HOME");
    int ok;
    if (!jh) {
        log_line2(s, "JAVA_HOME", LT_JVM_NOT_SET);
        return 0;
    }
    ok = try_home(s, "JAVA_HOME", jh);
    free(jh);
    return ok;
}

static int try_path_java(search *s)
{
    char *java = NULL, *real, *home, *source;
    int ok;
#ifdef _WIN32
    java = lmx_win_search_path("java.exe");
#else
    char *path = lmx_getenv("PATH");
    if (path) {
        char *save = NULL, *dir;
        for (dir = strtok_r(path, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
            char *cand = path_join(*dir ? dir : ".", "java");
            if (cand && access(cand, X_OK) == 0 && lmx_is_file(cand)) {
                java = cand;
                break;
            }
            free(cand);
        }
        free(path);
    }
#endif
    if (!java) {
        log_line2(s, lmx_t(s->lang, LT_JVM_SRC_PATH), LT_JVM_NONE);
        return 0;
    }
    real = lmx_realpath(java);
    {
        lmx_buf src = {0};
        if (real && strcmp(real, java) != 0)
            lmx_buf_addt(&src, s->lang, LT_JVM_SRC_PATH_LINK, java, real);
        else
            lmx_buf_addt(&src, s->lang, LT_JVM_SRC_PATH_AT, java);
        source = src.p;
    }
    home = path_up(real ? real : java, 2); /* <home>/bin/java */
    ok = home ? try_home(s, source ? source : lmx_t(s->lang, LT_JVM_SRC_PATH), home) : 0;
    free(home);
    free(source);
    free(real);
    free(java);
    return ok;
}

#ifdef _WIN32
static int try_registry(search *s)
{
    static const char *const keys[] = {"SOFTWARE\\JavaSoft\\JDK", "SOFTWARE\\JavaSoft\\JRE",
                                       "SOFTWARE\\JavaSoft\\Java Development Kit",
                                       "SOFTWARE\\JavaSoft\\Java Runtime Environment", NULL};
    int k;
    for (k = 0; keys[k]; k++) {
        char *cur, *sub, *lib, *home;
        lmx_buf src = {0};
        if (!lmx_win_reg_key_exists(keys[k]) || !(cur = lmx_win_reg_string(keys[k], "CurrentVersion"))) {
            lmx_buf_addt(&src, s->lang, LT_JVM_SRC_REG_KEY, keys[k]);
            log_line2(s, lmx_buf_str(&src), lmx_win_reg_key_exists(keys[k]) ? LT_JVM_REG_NO_CURRENT : LT_JVM_REG_NO_KEY);
            lmx_buf_free(&src);
            continue;
        }
        lmx_buf_addt(&src, s->lang, LT_JVM_SRC_REG, keys[k], cur);
        sub = path_join(keys[k], cur);
        lib = sub ? lmx_win_reg_string(sub, "RuntimeLib") : NULL;
        home = sub ? lmx_win_reg_string(sub, "JavaHome") : NULL;
        if (lib && try_lib(s, lmx_buf_str(&src), lib)) {
            free(cur); free(sub); free(lib); free(home); lmx_buf_free(&src);
            return 1;
        }
        if (home && try_home(s, lmx_buf_str(&src), home)) {
            free(cur); free(sub); free(lib); free(home); lmx_buf_free(&src);
            return 1;
        }
        if (!lib && !home)
            log_line2(s, lmx_buf_str(&src), LT_JVM_REG_NEITHER);
        free(cur); free(sub); free(lib); free(home); lmx_buf_free(&src);
    }
    return 0;
}
#endif

static void search_free(search *s)
{
    int k;
    lmx_buf_free(&s->log);
    for (k = 0; k < s->ntried; k++)
        free(s->tried[k]);
    free(s->lib_path);
}

/* ---- a VM already in the process -------------------------------------------------------------- */
#ifndef _WIN32
static int find_loaded_libjvm(struct dl_phdr_info *info, size_t size, void *data)
{
    const char *name = info->dlpi_name;
    size_t n = name ? strlen(name) : 0;
    (void)size;
    if (n >= 9 && strcmp(name + n - 9, "libjvm.so") == 0) {
        *(char **)data = lmx_strdup(name);
        return 1;
    }
    return 0;
}
#endif

static JavaVM *existing_vm(void)
{
    created_vms_fn f = NULL;
    JavaVM *vms[1];
    jsize n = 0;
#ifdef _WIN32
    HMODULE m = GetModuleHandleW(L"jvm.dll");
    if (m)
        f = (created_vms_fn)(void *)GetProcAddress(m, "JNI_GetCreatedJavaVMs");
#else
    f = (created_vms_fn)dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
    if (!f) { /* a libjvm loaded RTLD_LOCAL by someone else */
        char *path = NULL;
        dl_iterate_phdr(find_loaded_libjvm, &path);
        if (path) {
            void *h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
            if (h)
                f = (created_vms_fn)dlsym(h, "JNI_GetCreatedJavaVMs");
            free(path);
        }
    }
#endif
    if (f && f(vms, 1, &n) == JNI_OK && n > 0)
        return vms[0];
    return NULL;
}

/* The language of the texts about the VM once it runs (an exception, a thread that cannot attach):
 * the configuration's that started it (or found it), as every later handle shares that VM. */
static lmx_lang vm_lang = LMX_LANG_DEFAULT;

/* ---- loading NativeEntry ------------------------------------------------------------------- */
static void describe_exception(JNIEnv *env, jthrowable t, lmx_buf *err)
{
    jstring s;
    jbyteArray b;
    if (!g_to_string || !t) {
        lmx_buf_addt(err, vm_lang, LT_JVM_EXCEPTION);
        return;
    }
    s = (jstring)(*env)->CallObjectMethod(env, t, g_to_string);
    if ((*env)->ExceptionCheck(env) || !s) {
        (*env)->ExceptionClear(env);
        lmx_buf_addt(err, vm_lang, LT_JVM_EXCEPTION_UNREADABLE);
        return;
    }
    b = (jbyteArray)(*env)->CallObjectMethod(env, s, g_get_bytes, g_utf8_name);
    if ((*env)->ExceptionCheck(env) || !b) {
        (*env)->ExceptionClear(env);
        lmx_buf_addt(err, vm_lang, LT_JVM_EXCEPTION_UNREADABLE);
    } else {
        jsize n = (*env)->GetArrayLength(env, b);
        jbyte *p = (*env)->GetByteArrayElements(env, b, NULL);
        if (p) {
            lmx_buf_add(err, (const char *)p, (size_t)n);
            (*env)->ReleaseByteArrayElements(env, b, p, JNI_ABORT);
        }
        (*env)->DeleteLocalRef(env, b);
    }
    (*env)->DeleteLocalRef(env, s);
}

int lmx_jvm_check(JNIEnv *env, const char *what, lmx_buf *err)
{
    jthrowable t;
    int status = LMX_INTERNAL;
    if (!(*env)->ExceptionCheck(env))
        return 0;
    t = (*env)->ExceptionOccurred(env);
    (*env)->ExceptionClear(env);
    if (t && ((g_oom && (*env)->IsInstanceOf(env, t, g_oom)) || (g_soe && (*env)->IsInstanceOf(env, t, g_soe))))
        status = LMX_RESOURCE_EXHAUSTED;
    lmx_buf_addf(err, "%s: ", what);
    describe_exception(env, t, err);
    if (t)
        (*env)->DeleteLocalRef(env, t);
    return status;
}

static jclass global_class(JNIEnv *env, const char *name)
{
    jclass c = (*env)->FindClass(env, name), g = NULL;
    if (c) {
        g = (jclass)(*env)->NewGlobalRef(env, c);
        (*env)->DeleteLocalRef(env, c);
    }
    return g;
}

/* Loads NativeEntry through the system class loader (also works from a thread a Java program
 * attached, whatever the class loader of the calling native frame), checks every method, pings. */
static int load_entry(JNIEnv *env, int existing, lmx_buf *err)
{
    jclass loader_cls;
    jmethodID get_sys, load_class;
    jobject loader;
    jstring name;
    jclass cls;
    int st;
    struct {
        jmethodID *id;
        const char *name, *sig;
    } methods[] = {
        {&lmx_g.open, "open", "([B)J"},
        {&lmx_g.openErrorText, "openErrorText", "()[B"},
        {&lmx_g.close, "close", "(J)I"},
        {&lmx_g.execute, "execute", "(J[B[B)I"},
        {&lmx_g.result, "result", "(J[B)[B"},
        {&lmx_g.setParam, "setParam", "(J[B[B)I"},
        {&lmx_g.resetParams, "resetParams", "(J)I"},
        {&lmx_g.errorCode, "errorCode", "(J)I"},
        {&lmx_g.errorText, "errorText", "(J)[B"},
        {&lmx_g.version, "version", "()[B"},
        {&lmx_g.ping, "ping", "()I"},
    };
    size_t k;

    if (!g_throwable) {
        g_throwable = global_class(env, "java/lang/Throwable");
        g_oom = global_class(env, "java/lang/OutOfMemoryError");
        g_soe = global_class(env, "java/lang/StackOverflowError");
        g_string = global_class(env, "java/lang/String");
        if ((*env)->ExceptionCheck(env) || !g_throwable || !g_string) {
            (*env)->ExceptionClear(env);
            lmx_buf_addt(err, vm_lang, LT_JVM_NO_LANG_CLASSES);
            return LMX_JVM_START_FAILED;
        }
        g_to_string = (*env)->GetMethodID(env, g_throwable, "toString", "()Ljava/lang/String;");
        g_get_bytes = (*env)->GetMethodID(env, g_string, "getBytes", "(Ljava/lang/String;)[B");
        {
            jstring u = (*env)->NewStringUTF(env, "UTF-8"); /* ASCII constant */
            g_utf8_name = u ? (jstring)(*env)->NewGlobalRef(env, u) : NULL;
            if (u)
                (*env)->DeleteLocalRef(env, u);
        }
        if ((*env)->ExceptionCheck(env) || !g_to_string || !g_get_bytes || !g_utf8_name) {
            (*env)->ExceptionClear(env);
            lmx_buf_addt(err, vm_lang, LT_JVM_NO_LANG_METHODS);
            return LMX_JVM_START_FAILED;
        }
    }

    loader_cls = (*env)->FindClass(env, "java/lang/ClassLoader");
    if ((st = lmx_jvm_check(env, "java.lang.ClassLoader", err)) != 0 || !loader_cls)
        return LMX_JVM_START_FAILED;
    get_sys = (*env)->GetStaticMethodID(env, loader_cls, "getSystemClassLoader", "()Ljava/lang/ClassLoader;");
    load_class = (*env)->GetMethodID(env, loader_cls, "loadClass", "(Ljava/lang/String;)Ljava/lang/Class;");
    if ((st = lmx_jvm_check(env, "java.lang.ClassLoader methods", err)) != 0)
        return LMX_JVM_START_FAILED;
    loader = (*env)->CallStaticObjectMethod(env, loader_cls, get_sys);
    if ((st = lmx_jvm_check(env, "ClassLoader.getSystemClassLoader", err)) != 0)
        return LMX_JVM_START_FAILED;
    name = (*env)->NewStringUTF(env, ENTRY_CLASS); /* ASCII constant */
    cls = (jclass)(*env)->CallObjectMethod(env, loader, load_class, name);
    if ((*env)->ExceptionCheck(env) || !cls) {
        lmx_buf tmp = {0};
        lmx_jvm_check(env, "loadClass", &tmp);
        if (existing)
            lmx_buf_addt(err, vm_lang, LT_JVM_EXISTING_NO_JAR, ENTRY_CLASS, JAR_NAME, lmx_buf_str(&tmp), lmx_self_dir(),
                         LMX_SEPS, JAR_NAME);
        else
            lmx_buf_addt(err, vm_lang, LT_JVM_CANNOT_LOAD_ENTRY, ENTRY_CLASS, lmx_self_dir(), LMX_SEPS, JAR_NAME,
                         lmx_buf_str(&tmp));
        lmx_buf_free(&tmp);
        return LMX_JVM_START_FAILED;
    }
    for (k = 0; k < sizeof methods / sizeof methods[0]; k++) {
        *methods[k].id = (*env)->GetStaticMethodID(env, cls, methods[k].name, methods[k].sig);
        if ((*env)->ExceptionCheck(env) || !*methods[k].id) {
            (*env)->ExceptionClear(env);
            lmx_buf_addt(err, vm_lang, LT_JVM_NO_METHOD, ENTRY_CLASS, methods[k].name, methods[k].sig, JAR_NAME,
                         LMX_LIBRARY_VERSION);
            return LMX_JVM_START_FAILED;
        }
    }
    (*env)->CallStaticIntMethod(env, cls, lmx_g.ping);
    if ((st = lmx_jvm_check(env, ENTRY_CLASS ".ping", err)) != 0)
        return LMX_JVM_START_FAILED;
    lmx_g.cls = (jclass)(*env)->NewGlobalRef(env, cls);
    (*env)->DeleteLocalRef(env, cls);
    (*env)->DeleteLocalRef(env, name);
    (*env)->DeleteLocalRef(env, loader);
    (*env)->DeleteLocalRef(env, loader_cls);
    return lmx_g.cls ? LMX_OK : LMX_JVM_START_FAILED;
}

/* ---- creating the VM on a dedicated thread --------------------------------------------------- */
static lmx_mutex vfp_lock = LMX_MUTEX_INIT;
static lmx_buf vfp_capture;
static int vfp_capturing;

/* The VM's own messages (warnings, -verbose:gc, -Xlog to stdout, "Unrecognized VM option") belong to
 * the bridge, not to the register program's console: they go to <dataDir>/logs/jvm.log (opened when
 * the VM is created, kept for the process's life, emptied when it passes VM_LOG_MAX bytes), never to
 * the program's stdout/stderr.  When the file cannot be opened they are dropped (a failed start still
 * has them in its error text). */
#define VM_LOG_MAX (4L * 1024 * 1024)
static FILE *vm_log;
static long vm_log_size;

static void vm_log_open(const lmx_config *cfg)
{
    char *dd = lmx_config_data_dir(cfg), *logs = NULL, *path = NULL;
    if (dd) {
        logs = path_join(dd, "logs");
        path = logs ? path_join(logs, "jvm.log") : NULL;
    }
    if (path) {
        lmx_mkdirs(logs);
        vm_log = lmx_fopen_append(path);
        if (vm_log) {
            fseek(vm_log, 0, SEEK_END);
            vm_log_size = ftell(vm_log);
        }
    }
    free(dd);
    free(logs);
    free(path);
}

/* The VM's "vfprintf" hook: its messages go to the VM log and, while the VM is being created, also
 * into the error text of a failed start. */
static jint JNICALL vfprintf_hook(FILE *fp, const char *fmt, va_list args)
{
    va_list copy;
    int n = 0;
    (void)fp;
    va_copy(copy, args);
    lmx_mutex_lock(&vfp_lock);
    if (vm_log) {
        if (vm_log_size > VM_LOG_MAX && lmx_truncate_file(vm_log) == 0)
            vm_log_size = 0;
        n = vfprintf(vm_log, fmt, args);
        if (n > 0)
            vm_log_size += n;
        fflush(vm_log);
    }
    if (vfp_capturing && vfp_capture.len < 8192) {
        char tmp[1024];
        int m = vsnprintf(tmp, sizeof tmp, fmt, copy);
        if (m > 0)
            lmx_buf_add(&vfp_capture, tmp, (size_t)m < sizeof tmp ? (size_t)m : sizeof tmp - 1);
    }
    lmx_mutex_unlock(&vfp_lock);
    va_end(copy);
    return n;
}

/* The VM's "exit" and "abort" hooks.  While the VM is being created, HotSpot ends the whole process for some
 * option errors ("Initial heap size set to a larger value than the maximum heap size", "Could not
 * reserve enough space for … object heap"): measured, a register program would vanish.  On the
 * creating thread, during creation, the hook reports the failure to the waiting lmx_open and parks
 * that thread for good instead of returning to HotSpot's exit() (unwinding HotSpot's frames with
 * pthread_exit is not safe).  The VM is unusable afterwards (creation is final), the host lives. */
static volatile unsigned long creating_tid;
static volatile int create_attempted; /* JNI_CreateJavaVM was called: success or failure is final */
static struct create_job *volatile creating_job;
static void JNICALL exit_hook(jint code);

typedef struct create_job {
    create_vm_fn create;
    JavaVMInitArgs args;
    lmx_mutex lock;
    lmx_cond cond;
    int done;
    int status;
    lmx_buf err;
} create_job;

static lmx_mutex park_lock = LMX_MUTEX_INIT;
static lmx_cond park_cond = LMX_COND_INIT;

static const char *jni_error_name(jint rc)
{
    switch (rc) {
    case JNI_ERR: return lmx_t(vm_lang, LT_JNI_ERR);
    case JNI_EDETACHED: return "JNI_EDETACHED";
    case JNI_EVERSION: return lmx_t(vm_lang, LT_JNI_EVERSION);
    case JNI_ENOMEM: return lmx_t(vm_lang, LT_JNI_ENOMEM);
    case JNI_EEXIST: return lmx_t(vm_lang, LT_JNI_EEXIST);
    case JNI_EINVAL: return lmx_t(vm_lang, LT_JNI_EINVAL);
    default: return lmx_t(vm_lang, LT_JNI_UNKNOWN);
    }
}

static void job_done(create_job *job, int st)
{
    lmx_mutex_lock(&job->lock);
    job->status = st;
    job->done = 1;
    lmx_cond_broadcast(&job->cond);
    lmx_mutex_unlock(&job->lock);
}

static void park_forever(void)
{
    lmx_mutex_lock(&park_lock);
    for (;;)
        lmx_cond_wait(&park_cond, &park_lock);
}

static void JNICALL abort_hook(void);

static void JNICALL exit_hook(jint code)
{
    create_job *job = creating_job;
    if (job && creating_tid == lmx_thread_id()) {
        creating_job = NULL;
        lmx_mutex_lock(&vfp_lock);
        vfp_capturing = 0;
        lmx_mutex_unlock(&vfp_lock);
        lmx_buf_addt(&job->err, vm_lang, LT_JVM_GAVE_UP, (long)code);
        if (vfp_capture.len)
            lmx_buf_addt(&job->err, vm_lang, LT_JVM_SAID, lmx_buf_str(&vfp_capture));
        job_done(job, LMX_JVM_START_FAILED);
        park_forever();
    }
    /* After creation: a Java System.exit() ends the process, as HotSpot intends. */
}

/* HotSpot's vm_exit_during_initialization goes through os::abort -> os::shutdown, which calls the
 * "abort" hook just before ::exit(1) (measured: the "exit" hook is not called on that path). */
static void JNICALL abort_hook(void)
{
    exit_hook(1);
}

static void jvm_thread(void *p)
{
    create_job *job = (create_job *)p;
    JavaVM *vm = NULL;
    JNIEnv *env = NULL;
    lmx_fpenv fp;
    jint rc;
    int st;

    lmx_fp_enter(&fp); /* this thread keeps the VM's FP defaults for its whole life */
    creating_tid = lmx_thread_id();
    creating_job = job;
    create_attempted = 1;
    lmx_mutex_lock(&vfp_lock);
    vfp_capturing = 1;
    lmx_buf_clear(&vfp_capture);
    lmx_mutex_unlock(&vfp_lock);
    rc = job->create(&vm, (void **)&env, &job->args);
    creating_job = NULL;
    lmx_mutex_lock(&vfp_lock);
    vfp_capturing = 0;
    lmx_mutex_unlock(&vfp_lock);
    if (rc != JNI_OK) {
        st = LMX_JVM_START_FAILED;
        lmx_buf_addt(&job->err, vm_lang, LT_JVM_CREATE_FAILED, jni_error_name(rc));
        if (vfp_capture.len)
            lmx_buf_addt(&job->err, vm_lang, LT_JVM_SAID, lmx_buf_str(&vfp_capture));
    } else {
        lmx_g.vm = vm;
        st = load_entry(env, 0, &job->err);
    }
    job_done(job, st);
    if (rc != JNI_OK)
        return;
    /* The VM's creating thread stays alive (and attached) for the life of the process. */
    park_forever();
}

typedef struct optlist {
    JavaVMOption *o;
    int n, cap;
    char **owned;
    int nowned;
} optlist;

static void opt_add(optlist *l, char *s, void *extra)
{
    if (!s)
        return;
    if (l->n == l->cap) {
        int nc = l->cap ? l->cap * 2 : 16;
        JavaVMOption *no = (JavaVMOption *)realloc(l->o, sizeof(JavaVMOption) * (size_t)nc);
        char **nw = (char **)realloc(l->owned, sizeof(char *) * (size_t)nc);
        if (!no || !nw) {
            if (no) l->o = no;
            if (nw) l->owned = nw;
            return;
        }
        l->o = no;
        l->owned = nw;
        l->cap = nc;
    }
    l->o[l->n].optionString = s;
    l->o[l->n].extraInfo = extra;
    l->n++;
    l->owned[l->nowned++] = s;
}

static char *cat2(const char *a, const char *b)
{
    lmx_buf r = {0};
    lmx_buf_adds(&r, a);
    lmx_buf_adds(&r, b);
    return r.p;
}

#ifndef _WIN32
/* 1 when the Java VM about to be created will decode option strings as UTF-8: it takes its
 * charset (sun.jnu.encoding, not overridable on the command line) from the environment's locale,
 * as setlocale(LC_ALL, "") sees it. */
static int vm_locale_is_utf8(void)
{
    locale_t l = newlocale(LC_ALL_MASK, "", (locale_t)0);
    int utf8 = 0;
    if (l) {
        const char *cs = nl_langinfo_l(CODESET, l);
        utf8 = cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
        freelocale(l);
    }
    return utf8;
}

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

/* The jar for a VM that cannot decode its real path (non-ASCII folder, locale not UTF-8, e.g.
 * LANG=C): measured, both the raw UTF-8 path and /proc/self/fd/N of the real file fail, because the
 * class path is canonicalised (realpath) and decoded as ASCII.  A memfd copy of the jar has no name
 * to resolve to, so its canonical path stays /proc/<pid>/fd/N (ASCII) and the VM opens it.  Costs
 * the jar's size in memory, only in this case. */
static char *jar_via_memfd(const char *jar, lmx_buf *err)
{
    int in = open(jar, O_RDONLY | O_CLOEXEC), fd;
    char tmp[64];
    if (in < 0) {
        lmx_buf why = {0};
        lmx_add_os_error(&why, (unsigned long)errno);
        lmx_buf_addt(err, vm_lang, LT_JVM_JAR_OPEN, jar, lmx_buf_str(&why));
        lmx_buf_free(&why);
        return NULL;
    }
    fd = (int)syscall(SYS_memfd_create, "loymax-bridge.jar", 0u);
    if (fd < 0) {
        lmx_buf why = {0};
        lmx_add_os_error(&why, (unsigned long)errno);
        lmx_buf_addt(err, vm_lang, LT_JVM_MEMFD, lmx_buf_str(&why));
        lmx_buf_free(&why);
        close(in);
        return NULL;
    }
    for (;;) {
        char buf[65536];
        ssize_t n = read(in, buf, sizeof buf), off = 0;
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        while (off < n) {
            ssize_t w = write(fd, buf + off, (size_t)(n - off));
            if (w <= 0) {
                lmx_buf_addt(err, vm_lang, LT_JVM_JAR_COPY);
                close(in);
                close(fd);
                return NULL;
            }
            off += w;
        }
    }
    close(in);
    snprintf(tmp, sizeof tmp, "/proc/%ld/fd/%d", (long)getpid(), fd); /* fd kept for the process's life */
    return lmx_strdup(tmp);
}
#endif

/* The text of a path inside a VM option.  Linux: the bytes as they are when the VM will decode them
 * as UTF-8 or they are ASCII; NULL otherwise (the caller decides).  Windows: the ANSI code page, or
 * the 8.3 short name. */
static char *path_for_option(const char *path, lmx_buf *err)
{
#ifdef _WIN32
    return lmx_win_path_for_jvm(path, vm_lang, err);
#else
    if (is_ascii(path) || vm_locale_is_utf8())
        return lmx_strdup(path);
    lmx_buf_addt(err, vm_lang, LT_JVM_NON_ASCII_PATH, path);
    return NULL;
#endif
}

#ifndef _WIN32
/* The class-data-sharing archive beside the library (made at build time by scripts/build.sh dist from
 * a training run, never written at run time).  Used only when its ".id" file says it was dumped by
 * this very runtime (libjvm.so size, JAVA_VERSION) for this very class path (jar path, size, mtime):
 * HotSpot would reject any other one after mapping it, and JDK 17 cannot relocate an archive's class
 * path (measured: "APP classpath mismatch" when the folder is moved).  Returns the path or NULL. */
static char *cds_archive(const search *s, const char *dir, const char *cp, const char *jar)
{
    char *jsa = path_join(dir, JSA_NAME), *id = path_join(dir, JSA_NAME ".id"), *data = NULL;
    char version[64], path[4096];
    long long jvm_size, jar_size, jar_mtime;
    struct stat jvm_st, jar_st;
    size_t len;
    int ok = 0;
    if (jsa && id && lmx_is_file(jsa) && lmx_read_file(id, LMX_LANG_DEFAULT, LT_WHAT_FILE, 8192, &data, &len, NULL) == 0 && data &&
        sscanf(data, "%lld %63s %lld %lld %4095[^\n]", &jvm_size, version, &jar_size, &jar_mtime, path) == 5 &&
        stat(s->lib_path, &jvm_st) == 0 && stat(jar, &jar_st) == 0)
        ok = jvm_size == (long long)jvm_st.st_size && strcmp(version, s->version) == 0 &&
             jar_size == (long long)jar_st.st_size && jar_mtime == (long long)jar_st.st_mtime &&
             strcmp(path, cp) == 0 && is_ascii(jsa);
    free(data);
    free(id);
    if (!ok) {
        free(jsa);
        return NULL;
    }
    return jsa;
}
#endif

static int create_vm(search *s, const lmx_config *cfg, lmx_buf *err)
{
    optlist l = {0};
    create_job job;
    char *jar, *cp, *sqlite, *tmp;
    const char *dir = lmx_self_dir();
    lmx_buf perr = {0};
    int k, st;

    jar = path_join(dir, JAR_NAME);
    if (!jar || !lmx_is_file(jar)) {
        lmx_buf_addt(err, vm_lang, LT_JVM_JAR_MISSING, jar ? jar : JAR_NAME, lmx_self_path());
        free(jar);
        return LMX_JVM_START_FAILED;
    }
    cp = path_for_option(jar, &perr);
#ifndef _WIN32
    if (!cp) {
        lmx_buf_clear(&perr);
        cp = jar_via_memfd(jar, &perr);
    }
#endif
    if (!cp) {
        lmx_buf_addt(err, vm_lang, LT_JVM_CLASS_PATH, lmx_buf_str(&perr));
        lmx_buf_free(&perr);
        free(jar);
        return LMX_JVM_START_FAILED;
    }
    /* hooks first: HotSpot reports option errors while it reads the list */
    opt_add(&l, lmx_strdup("vfprintf"), (void *)vfprintf_hook);
    opt_add(&l, lmx_strdup("exit"), (void *)exit_hook);
    opt_add(&l, lmx_strdup("abort"), (void *)abort_hook);
    opt_add(&l, cat2("-Djava.class.path=", cp), NULL);
#ifndef _WIN32
    tmp = cds_archive(s, dir, cp, jar);
    if (tmp) {
        /* measured (bench/run-benchmarks.sh): first answer ~1.4 s -> ~0.8 s; a rejected one stays silent */
        opt_add(&l, cat2("-XX:SharedArchiveFile=", tmp), NULL);
        opt_add(&l, lmx_strdup("-Xshare:auto"), NULL);
        opt_add(&l, lmx_strdup("-Xlog:cds=off,cds+dynamic=off"), NULL);
        free(tmp);
    }
#endif
    free(cp);
    opt_add(&l, lmx_strdup("-Xrs"), NULL); /* no handlers for SIGINT, SIGTERM, SIGHUP, SIGQUIT: the program's */
    /* the open-files limit stays the program's (HotSpot raises the soft limit to the hard one by default) */
    opt_add(&l, lmx_strdup("-XX:-MaxFDLimit"), NULL);
    opt_add(&l, lmx_strdup("-Xmx64m"), NULL);
    /* measured (bench/run-benchmarks.sh memory): the default young generation (a third of the initial
     * heap, 64 MB on a machine with 4 GB+) is touched whole before the first collection: -10 MB of
     * RSS, no measurable per-call cost */
    opt_add(&l, lmx_strdup("-Xmn4m"), NULL);
    opt_add(&l, lmx_strdup("-Xss1m"), NULL);
    opt_add(&l, lmx_strdup("-XX:+UseSerialGC"), NULL);
    /* measured (bench/run-benchmarks.sh cold|memory|calls): C1 only (no C2) halves the CPU of the
     * first lmx_open (~0.5 -> ~0.32 s) and its wall time on 2 cores, and saves ~4.5 MB of RSS (C2's
     * arenas and code); per call version 1.4 -> 3.4 us, status 14 -> 19 us: microseconds beside a
     * network round trip.  "jvmOptions": ["-XX:TieredStopAtLevel=4"] restores C2 (a later option wins). */
    opt_add(&l, lmx_strdup("-XX:TieredStopAtLevel=1"), NULL);
    opt_add(&l, lmx_strdup("-Dfile.encoding=UTF-8"), NULL);
    opt_add(&l, lmx_strdup("-Dsun.jnu.encoding=UTF-8"), NULL);
    opt_add(&l, lmx_strdup("-Dorg.lmxbridge.engine=jvm"), NULL);
    tmp = path_for_option(dir, &perr);
    if (tmp) {
        opt_add(&l, cat2("-Dorg.lmxbridge.native.dir=", tmp), NULL);
        free(tmp);
    }
    lmx_buf_clear(&perr);
    /* Packaging hook: a native SQLite JDBC library shipped beside this library is used instead of
     * the one sqlite-jdbc would extract from its jar into the temp folder. */
    sqlite = path_join(dir, SQLITE_LIB_NAME);
    if (sqlite && lmx_is_file(sqlite)) {
        tmp = path_for_option(dir, &perr); /* not representable: sqlite-jdbc extracts its own copy */
        if (tmp) {
            opt_add(&l, cat2("-Dorg.sqlite.lib.path=", tmp), NULL);
            opt_add(&l, lmx_strdup("-Dorg.sqlite.lib.name=" SQLITE_LIB_NAME), NULL);
            /* sqlite-jdbc lists its extraction folder (org.sqlite.tmpdir, else java.io.tmpdir) at every
             * start to delete old extracted copies, although it extracts nothing when lib.path loads:
             * measured 60-120 ms of the first lmx_open with 13,500 entries in /tmp (a test machine's;
             * a register's temp folder grows too), ~1 ms with this folder.  Its only other use is the
             * fallback extraction when the shipped library does not load, and the jar holds the very
             * same file (scripts/build.sh copies it from there), which would not load either. */
            opt_add(&l, cat2("-Dorg.sqlite.tmpdir=", tmp), NULL);
            free(tmp);
        }
    }
    free(sqlite);
    {
        /* a crash report goes to the bridge's log folder, not the program's working directory; so does
         * the core's own log (lmx.logdir: the bridge's Logback configuration reads it), at the
         * configuration's level — where support looks (<dataDir>/logs), not the program user's home */
        char *dd = lmx_config_data_dir(cfg), *logs = dd ? path_join(dd, "logs") : NULL;
        char *opt = logs ? path_for_option(logs, &perr) : NULL;
        if (opt) {
            lmx_buf b = {0};
            lmx_buf_addf(&b, "-XX:ErrorFile=%s%shs_err_pid%%p.log", opt, LMX_SEPS);
            opt_add(&l, b.p, NULL);
            opt_add(&l, cat2("-Dlmx.logdir=", opt), NULL);
        }
        if (cfg->log_level)
            opt_add(&l, cat2("-Dlmx.loglevel=", cfg->log_level), NULL);
        lmx_buf_clear(&perr);
        free(opt);
        free(logs);
        free(dd);
    }
    for (k = 0; k < cfg->n_jvm_options; k++)
        opt_add(&l, lmx_strdup(cfg->jvm_options[k]), NULL);
    lmx_buf_free(&perr);
    free(jar);
    vm_log_open(cfg);

    memset(&job, 0, sizeof job);
    job.create = s->create;
    job.args.version = JNI_VERSION_10;
    job.args.nOptions = l.n;
    job.args.options = l.o;
    job.args.ignoreUnrecognized = JNI_FALSE;
    {
        lmx_mutex m = LMX_MUTEX_INIT;
        lmx_cond c = LMX_COND_INIT;
        job.lock = m;
        job.cond = c;
    }
    /* The VM is created on a thread of ours that lives as long as the process: the VM's primordial
     * thread must not be a host thread that may end (or be a UI thread with a small stack). */
    lmx_signals_before_vm();
    k = lmx_thread_start(jvm_thread, &job, 4u << 20);
    if (k != 0) {
        lmx_buf why = {0};
        lmx_add_os_error(&why, (unsigned long)k);
        lmx_buf_addt(err, vm_lang, LT_JVM_THREAD, lmx_buf_str(&why));
        lmx_buf_free(&why);
        st = -1;
    } else {
        lmx_mutex_lock(&job.lock);
        while (!job.done)
            lmx_cond_wait(&job.cond, &job.lock);
        lmx_mutex_unlock(&job.lock);
        lmx_signals_after_vm();
        st = job.status;
        if (st != LMX_OK) {
            lmx_buf_addt(err, vm_lang, LT_JVM_NOT_STARTED, s->lib_path, s->version, lmx_buf_str(&job.err));
        }
    }
    lmx_buf_free(&job.err);
    for (k = 0; k < l.nowned; k++)
        free(l.owned[k]);
    free(l.owned);
    free(l.o);
    return st;
}

/* ---- public entry points --------------------------------------------------------------------- */
int lmx_jvm_ready(void)
{
#if defined(__GNUC__)
    return __atomic_load_n(&jvm_state, __ATOMIC_ACQUIRE) == 1;
#else
    return jvm_state == 1;
#endif
}

static void set_state(int s)
{
#if defined(__GNUC__)
    __atomic_store_n(&jvm_state, s, __ATOMIC_RELEASE);
#else
    jvm_state = s;
#endif
}

/* The process that created or found the VM: a fork()ed child has the VM's memory but none of its
 * threads, and every call into it would block on a lock held by a thread that is gone. */
static volatile unsigned long vm_pid;

int lmx_jvm_ensure(const lmx_config *cfg, lmx_buf *err)
{
    JavaVM *vm;
    int st;
    if (vm_pid && vm_pid != lmx_process_id()) {
        lmx_buf_addt(err, cfg->lang, LT_JVM_FORKED, vm_pid);
        return LMX_JVM_START_FAILED;
    }
    if (lmx_jvm_ready())
        return LMX_OK;
    lmx_mutex_lock(&init_lock);
    if (jvm_state == 1) {
        lmx_mutex_unlock(&init_lock);
        return LMX_OK;
    }
    if (jvm_state == 2) {
        if (failed_text)
            lmx_buf_adds(err, failed_text);
        else
            lmx_buf_addt(err, cfg->lang, LT_JVM_FAILED_EARLIER);
        st = failed_status;
        lmx_mutex_unlock(&init_lock);
        return st;
    }

    vm_lang = cfg->lang; /* the VM's own texts, now and later, in the language of the configuration that starts it */
    vm = existing_vm();
    if (vm) {
        vm_pid = lmx_process_id();
        /* Reuse the VM already in the process; the calling thread does the loading. */
        JNIEnv *env = NULL;
        lmx_fpenv fp;
        lmx_fp_enter(&fp);
        lmx_g.vm = vm;
        env = lmx_jvm_env(&st, err);
        if (env)
            st = load_entry(env, 1, err);
        lmx_fp_leave(&fp);
        if (st == LMX_OK) {
            lmx_pin_self();
            set_state(1);
        } else {
            lmx_g.vm = NULL; /* retried on the next open */
        }
        lmx_mutex_unlock(&init_lock);
        return st;
    }

    {
        search s;
        int found;
        memset(&s, 0, sizeof s);
        s.lang = cfg->lang;
        if (cfg->jvm_path && *cfg->jvm_path)
            found = try_config_path(&s, cfg->jvm_path);
        else {
            log_line2(&s, lmx_t(s.lang, LT_JVM_SRC_JVMPATH), LT_JVM_NOT_SET);
            found = 0;
        }
        if (!found)
            found = try_private(&s);
        if (!found)
            found = try_java_home(&s);
        if (!found)
            found = try_path_java(&s);
#ifdef _WIN32
        if (!found)
            found = try_registry(&s);
#endif
        if (!found) {
#if defined(_WIN32) && !defined(_WIN64)
            /* 32-bit Windows builds of Java end at 21, and a 32-bit register program rarely has the
             * contiguous address space a VM wants: the host engine is the recommended way there. */
            lmx_buf_addt(err, s.lang, LT_JVM_NOT_FOUND_32, MIN_JAVA, lmx_buf_str(&s.log), MIN_JAVA, lmx_self_dir(),
                         LMX_SEPS);
#else
            lmx_buf_addt(err, s.lang, LT_JVM_NOT_FOUND, MIN_JAVA, BITS, lmx_buf_str(&s.log), lmx_self_dir(), LMX_SEPS);
#endif
            search_free(&s);
            lmx_mutex_unlock(&init_lock);
            return LMX_NO_JVM;
        }
        lmx_pin_self(); /* the VM will run this library's code (its creating thread, TLS destructors) */
        vm_pid = lmx_process_id();
#ifndef _WIN32
        {
            /* The VM calls setlocale(LC_ALL, "") while it starts: give the host its locale back (a
             * C program that never called setlocale would otherwise print "3,14" under ru_RU). */
            const char *cur = setlocale(LC_ALL, NULL);
            char *saved = cur ? lmx_strdup(cur) : NULL;
            st = create_vm(&s, cfg, err);
            if (saved) {
                setlocale(LC_ALL, saved);
                free(saved);
            }
        }
#else
        st = create_vm(&s, cfg, err);
#endif
        if (st == LMX_OK) {
            set_state(1);
        } else if (st > 0) {
            /* JNI_CreateJavaVM was called: a second attempt in this process cannot succeed. */
            failed_status = st;
            failed_text = lmx_strdup(lmx_buf_str(err));
            if (create_attempted)
                set_state(2);
        } else {
            st = LMX_JVM_START_FAILED;
        }
        search_free(&s);
    }
    lmx_mutex_unlock(&init_lock);
    return st;
}

JNIEnv *lmx_jvm_env(int *status, lmx_buf *err)
{
    JavaVM *vm = lmx_g.vm;
    JNIEnv *env = NULL;
    jint rc;
    lmx_tstate *ts;
    JavaVMAttachArgs a;
    if (!vm) {
        *status = LMX_INTERNAL;
        lmx_buf_addt(err, vm_lang, LT_JVM_NOT_RUNNING);
        return NULL;
    }
    rc = (*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_6);
    if (rc == JNI_OK)
        return env;
    ts = lmx_tstate_get(); /* registers the end-of-thread detach */
    if (!ts) {
        *status = LMX_RESOURCE_EXHAUSTED;
        lmx_buf_addt(err, vm_lang, LT_JVM_TSTATE_OOM);
        return NULL;
    }
    a.version = JNI_VERSION_1_6;
    a.name = (char *)"lmx-caller";
    a.group = NULL;
    rc = (*vm)->AttachCurrentThreadAsDaemon(vm, (void **)&env, &a);
    if (rc != JNI_OK) {
        *status = rc == JNI_ENOMEM ? LMX_RESOURCE_EXHAUSTED : LMX_INTERNAL;
        lmx_buf_addt(err, vm_lang, LT_JVM_ATTACH, jni_error_name(rc));
        return NULL;
    }
    ts->attached_by_us = 1;
    return env;
}

void lmx_tstate_destroy(lmx_tstate *ts)
{
    if (ts->attached_by_us && lmx_g.vm) {
        lmx_fpenv fp;
        JNIEnv *env = NULL;
        lmx_fp_enter(&fp);
        if ((*lmx_g.vm)->GetEnv(lmx_g.vm, (void **)&env, JNI_VERSION_1_6) == JNI_OK)
            (*lmx_g.vm)->DetachCurrentThread(lmx_g.vm);
        lmx_fp_leave(&fp);
    }
    lmx_buf_free(&ts->err_text);
    free(ts);
}
