/* Tests of libloymax_bridge.so against the real Java core (loymax-bridge.jar beside the library).
 *
 *   lmx_test <case> <path of libloymax_bridge.so>
 *
 * Each case runs in its own process (CTest runs one process per case), because the Java VM can be
 * created once per process.  The library is loaded with dlopen, as a register program would.
 * Prints "PASS <case>" when every check held; every failed check prints a line with "FAIL". */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "loymax_bridge.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <limits.h>
#include <locale.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lmx_check.h"

static const char *lib_path;
static const char *self_exe;
static char tmpdir[PATH_MAX];

static void make_tmpdir(void)
{
    const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(tmpdir, sizeof tmpdir, "%s/lmx_test.XXXXXX", base);
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        exit(2);
    }
}

static void rm_tmpdir(void)
{
    char cmd[PATH_MAX + 32];
    if (!tmpdir[0] || getenv("LMX_TEST_KEEP"))
        return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) { /* best effort */ }
}

/* A configuration the core accepts; the processing URL points at port (nothing or our slow server). */
static char *config_for(int port, const char *extra)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "{\"url\":\"http://127.0.0.1:%d/XmlExchange/p/reg01/\",\"login\":\"reg01\",\"password\":\"x\","
             "\"dataDir\":\"%s/data\",\"connectTimeoutMs\":500,\"readTimeoutMs\":%d%s%s}",
             port, tmpdir, 60000, extra ? "," : "", extra ? extra : "");
    return buf;
}

static int jvm_count(void)
{
    jint(JNICALL * f)(JavaVM **, jsize, jsize *) = (jint(JNICALL *)(JavaVM **, jsize, jsize *))dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
    JavaVM *vms[4];
    jsize n = 0;
    if (!f)
        return 0;
    f(vms, 4, &n);
    return (int)n;
}

/* Threads the VM itself knows (live java.lang.Thread objects, attached native threads included),
 * asked through JNI from this thread (attached by the test, not by the library). */
static int java_thread_count(void)
{
    jint(JNICALL * f)(JavaVM **, jsize, jsize *) = (jint(JNICALL *)(JavaVM **, jsize, jsize *))dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
    JavaVM *vm;
    jsize n = 0;
    JNIEnv *env;
    jclass mf, mx;
    jobject bean;
    jint count;
    if (!f || f(&vm, 1, &n) != JNI_OK || n < 1)
        return -1;
    if ((*vm)->AttachCurrentThreadAsDaemon(vm, (void **)&env, NULL) != JNI_OK)
        return -1;
    mf = (*env)->FindClass(env, "java/lang/management/ManagementFactory");
    if (!mf) { (*env)->ExceptionClear(env); return -1; }
    bean = (*env)->CallStaticObjectMethod(env, mf, (*env)->GetStaticMethodID(env, mf, "getThreadMXBean", "()Ljava/lang/management/ThreadMXBean;"));
    mx = (*env)->FindClass(env, "java/lang/management/ThreadMXBean");
    if (!bean || !mx) { (*env)->ExceptionClear(env); return -1; }
    count = (*env)->CallIntMethod(env, bean, (*env)->GetMethodID(env, mx, "getThreadCount", "()I"));
    if ((*env)->ExceptionCheck(env)) { (*env)->ExceptionClear(env); return -1; }
    (*env)->DeleteLocalRef(env, bean);
    return (int)count;
}

static long proc_status(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t kl = strlen(key);
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
            v = atol(line + kl + 1);
            break;
        }
    fclose(f);
    return v;
}

static lmx_handle open_ok(const char *cfg)
{
    lmx_handle h = NULL;
    int st = A.open(cfg, &h);
    if (st != LMX_OK) {
        char *t = errtext(NULL);
        fail(__FILE__, __LINE__, "lmx_open: %d %s", st, t);
        free(t);
        return NULL;
    }
    CHECK(h != NULL, "lmx_open OK but handle NULL");
    return h;
}

/* ---- cases -------------------------------------------------------------------------------------- */
static void t_version(void)
{
    char buf[64];
    int n = A.version(NULL, 0);
    CHECK_EQ(n, (int)strlen(LMX_VERSION_STRING) + 1);
    CHECK_EQ(A.error_code(NULL), LMX_OK);
    memset(buf, 'x', sizeof buf);
    CHECK_EQ(A.version(buf, 3), n);
    CHECK_EQ(buf[0], 0);
    CHECK_EQ(buf[1], 'x'); /* nothing else written */
    CHECK_EQ(A.error_code(NULL), LMX_OK); /* "too small" is told by the return value only */
    CHECK_EQ(A.version(buf, n), n);
    CHECK(strcmp(buf, LMX_VERSION_STRING) == 0, "version %s", buf);
    CHECK_EQ(A.error_code(NULL), LMX_OK);
    CHECK_EQ(A.version(buf, -1), -LMX_BAD_ARGUMENT);
    CHECK_EQ(A.error_code(NULL), LMX_BAD_ARGUMENT);
    CHECK_EQ(A.version(NULL, 10), -LMX_BAD_ARGUMENT);
    CHECK_EQ(jvm_count(), 0); /* lmx_version never starts the VM */
}

static void all_functions_invalid(lmx_handle h, const char *expect)
{
    char buf[16];
    char *t;
    CHECK_EQ(A.execute(h, "version", NULL), LMX_INVALID_HANDLE);
    t = errtext(NULL);
    CHECK_CONTAINS(t, expect);
    free(t);
    CHECK_EQ(A.error_code(NULL), LMX_INVALID_HANDLE);
    CHECK_EQ(A.result(h, NULL, buf, sizeof buf), -LMX_INVALID_HANDLE);
    CHECK_EQ(A.result(h, "/x", NULL, 0), -LMX_INVALID_HANDLE);
    CHECK_EQ(A.set_param(h, "/a", "b"), LMX_INVALID_HANDLE);
    CHECK_EQ(A.reset_params(h), LMX_INVALID_HANDLE);
    CHECK_EQ(A.close(h), LMX_INVALID_HANDLE);
    if (h) {
        CHECK_EQ(A.error_code(h), LMX_INVALID_HANDLE);
        t = errtext(h);
        CHECK_CONTAINS(t, expect);
        free(t);
    }
}

static void t_bad_args(void)
{
    lmx_handle h = (lmx_handle)(void *)0x1234, h2;
    long on_stack[8] = {0x4F584D4C, 1, 2, 3};
    void *heap = calloc(1, 256);
    char *t;
    int st;

    CHECK_EQ(A.open(NULL, &h), LMX_BAD_ARGUMENT);
    CHECK(h == NULL, "out set to NULL on failure");
    t = errtext(NULL);
    CHECK_CONTAINS(t, "lmx_open: config_json_or_path равен NULL");
    free(t);
    CHECK_EQ(A.open("{}", NULL), LMX_BAD_ARGUMENT);
    CHECK_EQ(A.error_code(NULL), LMX_BAD_ARGUMENT);
    CHECK_EQ(A.open("{\"engine\":\"host\"}", &h), LMX_HOST_UNREACHABLE);
    CHECK_EQ(A.open("{\"engine\":\"bogus\"}", &h), LMX_CONFIG_INVALID);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "\"engine\"");
    free(t);
    CHECK_EQ(A.open("{\"url\":\"\xD0\x9F\xC3\x28\"}", &h), LMX_INVALID_ENCODING);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "неверный UTF-8 в байте 10");
    free(t);

    /* NULL, foreign and garbage handles: status, never a crash */
    all_functions_invalid(NULL, "NULL");
    all_functions_invalid((lmx_handle)(void *)on_stack, "получен не от lmx_open");
    all_functions_invalid((lmx_handle)heap, "получен не от lmx_open");
    all_functions_invalid((lmx_handle)(void *)(uintptr_t)1, "получен не от lmx_open");
    all_functions_invalid((lmx_handle)(void *)(uintptr_t)0xDEADBEEF, "получен не от lmx_open");
    all_functions_invalid((lmx_handle)(void *)(uintptr_t)-1, "получен не от lmx_open");
    CHECK_EQ(A.error_text((lmx_handle)heap, NULL, -1), -LMX_BAD_ARGUMENT);

    /* a closed handle */
    h = open_ok(config_for(9, NULL));
    h2 = open_ok(config_for(9, NULL));
    CHECK_EQ(A.close(h), LMX_OK);
    all_functions_invalid(h, "закрыт");
    CHECK_EQ(A.close(h), LMX_INVALID_HANDLE);
    /* a closed handle does not disturb another one */
    CHECK_EQ(A.execute(h2, "version", NULL), LMX_OK);
    /* NULL arguments on an open handle */
    CHECK_EQ(A.execute(h2, NULL, NULL), LMX_BAD_ARGUMENT);
    CHECK_EQ(A.error_code(h2), LMX_BAD_ARGUMENT);
    t = errtext(h2);
    CHECK_CONTAINS(t, "lmx_execute: command равен NULL");
    free(t);
    CHECK_EQ(A.set_param(h2, NULL, "x"), LMX_BAD_ARGUMENT);
    CHECK_EQ(A.set_param(h2, "/x", NULL), LMX_BAD_ARGUMENT);
    CHECK_EQ(A.result(h2, NULL, NULL, 5), -LMX_BAD_ARGUMENT);
    CHECK_EQ(A.result(h2, NULL, (char *)on_stack, -5), -LMX_BAD_ARGUMENT);
    CHECK_EQ(A.error_code(h2), LMX_BAD_ARGUMENT);
    st = A.execute(h2, "", NULL);
    CHECK_EQ(st, LMX_UNKNOWN_COMMAND);
    CHECK_EQ(A.close(h2), LMX_OK);
    free(heap);
}

/* Fixtures: runtimes that must be rejected, each for its own reason. */
/* A whole file as a malloc'ed string, or NULL. */
static char *read_text_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *d;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    d = malloc((size_t)n + 1);
    if (d && fread(d, 1, (size_t)n, f) != (size_t)n) {
        free(d);
        d = NULL;
    }
    if (d)
        d[n] = 0;
    fclose(f);
    return d;
}

static void write_file(const char *path, const void *data, size_t n, int mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0 || write(fd, data, n) != (ssize_t)n)
        fail(__FILE__, __LINE__, "cannot write %s: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
}

static void mkdirs(const char *path)
{
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
    if (system(cmd) != 0)
        fail(__FILE__, __LINE__, "mkdir %s", path);
}

static void fake_runtime(const char *home, const char *version, int elfclass, int garbage)
{
    char p[PATH_MAX], rel[128];
    unsigned char elf[64] = {0x7f, 'E', 'L', 'F'};
    elf[4] = (unsigned char)elfclass;
    elf[5] = 1; /* little endian */
    elf[6] = 1;
    elf[18] = elfclass == 2 ? 62 : 3; /* x86-64 / i386 */
    snprintf(p, sizeof p, "%s/lib/server", home);
    mkdirs(p);
    snprintf(p, sizeof p, "%s/bin", home);
    mkdirs(p);
    snprintf(p, sizeof p, "%s/lib/server/libjvm.so", home);
    write_file(p, elf, garbage ? sizeof elf : 20, 0644);
    snprintf(p, sizeof p, "%s/bin/java", home);
    write_file(p, "#!/bin/sh\n", 10, 0755);
    snprintf(p, sizeof p, "%s/release", home);
    snprintf(rel, sizeof rel, "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"%s\"\n", version);
    write_file(p, rel, strlen(rel), 0644);
}

static void t_no_jvm(void)
{
    char old[PATH_MAX], j32[PATH_MAX], broken[PATH_MAX], bin[PATH_MAX], link[PATH_MAX], target[PATH_MAX + 16];
    char cfg[PATH_MAX + 128], *t;
    lmx_handle h = (lmx_handle)(void *)1;
    int st;

    snprintf(old, sizeof old, "%s/jdk-11", tmpdir);
    snprintf(j32, sizeof j32, "%s/jdk-17-i386", tmpdir);
    snprintf(broken, sizeof broken, "%s/jdk-21-broken", tmpdir);
    snprintf(bin, sizeof bin, "%s/usr-bin", tmpdir);
    fake_runtime(old, "11.0.2", 2, 0);
    fake_runtime(j32, "17.0.1", 1, 0);
    fake_runtime(broken, "21.0.1", 2, 1);
    mkdirs(bin);
    snprintf(link, sizeof link, "%s/java", bin);
    snprintf(target, sizeof target, "%s/bin/java", j32);
    if (symlink(target, link) != 0)
        fail(__FILE__, __LINE__, "symlink");
    setenv("JAVA_HOME", old, 1);
    setenv("PATH", bin, 1);
    snprintf(cfg, sizeof cfg, "{\"jvmPath\":\"%s\",\"url\":\"x\"}", broken);

    st = A.open(cfg, &h);
    CHECK_EQ(st, LMX_NO_JVM);
    CHECK(h == NULL, "handle NULL after failure");
    CHECK_EQ(A.error_code(NULL), LMX_NO_JVM);
    t = errtext(NULL);
    printf("no-JVM text:\n%s\n", t);
    CHECK_CONTAINS(t, "Не найдена среда Java (Java 17 или новее");
    CHECK_CONTAINS(t, "конфигурация \"jvmPath\"");
    CHECK_CONTAINS(t, "отклонена: не загружается");
    CHECK_CONTAINS(t, "своя среда рядом с библиотекой");
    CHECK_CONTAINS(t, "/jre/lib/server/libjvm.so: нет\n");
    CHECK_CONTAINS(t, "JAVA_HOME");
    CHECK_CONTAINS(t, "Java 11.0.2");
    CHECK_CONTAINS(t, "старше 17");
    CHECK_CONTAINS(t, "java в PATH");
    CHECK_CONTAINS(t, " -> ");
    CHECK_CONTAINS(t, "32-битный ELF, а эта библиотека 64-битная");
    CHECK_CONTAINS(t, "engine\":\"host");
    free(t);
    CHECK_EQ(jvm_count(), 0);

    /* A configured path that does not exist. */
    CHECK_EQ(A.open("{\"jvmPath\":\"/nonexistent/libjvm.so\"}", &h), LMX_NO_JVM);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "/nonexistent/libjvm.so: нет");
    free(t);

    /* Not finding a VM is not final: a good jvmPath on the next open works. */
    unsetenv("JAVA_HOME");
    setenv("PATH", "/usr/bin:/bin", 1);
    {
        char good[PATH_MAX * 2];
        char *real = realpath("/usr/bin/java", NULL);
        char *home = real ? strdup(real) : NULL;
        if (home && strstr(home, "/bin/java"))
            *strstr(home, "/bin/java") = 0;
        snprintf(good, sizeof good, "%s", config_for(9, NULL));
        snprintf(good + strlen(good) - 1, sizeof good - strlen(good) + 1, ",\"jvmPath\":\"%s\"}", home ? home : "/usr/lib/jvm/default-java");
        h = open_ok(good);
        if (h) {
            CHECK_EQ(A.execute(h, "version", NULL), LMX_OK);
            CHECK_EQ(A.close(h), LMX_OK);
        }
        CHECK_EQ(jvm_count(), 1);
        free(real);
        free(home);
    }
}

static void t_open_version(void)
{
    lmx_handle h = open_ok(config_for(9, NULL));
    char *r, *v;
    int st;
    if (!h)
        return;
    CHECK_EQ(jvm_count(), 1);
    CHECK_EQ(A.execute(h, "version", NULL), LMX_OK);
    CHECK_EQ(A.error_code(h), LMX_OK);
    r = result(h, NULL, &st);
    CHECK_EQ(st, 0);
    CHECK_CONTAINS(r, "\"ok\":true");
    CHECK_CONTAINS(r, "\"command\":\"version\"");
    v = result(h, "/version", &st);
    CHECK(v && strncmp(v, LMX_VERSION_STRING, strlen(LMX_VERSION_STRING)) == 0, "core version %s", v ? v : "?");
    printf("core version %s, whole result %s\n", v, r);
    free(r);
    free(v);
    v = result(h, "", &st); /* "" = whole */
    CHECK_CONTAINS(v, "\"ok\":true");
    free(v);
    CHECK_EQ(A.execute(h, "status", NULL), LMX_OK);
    r = result(h, "/ok", &st);
    CHECK(r && strcmp(r, "true") == 0, "/ok = %s", r ? r : "?");
    free(r);
    r = result(h, "/queueLength", &st);
    CHECK(r && strcmp(r, "0") == 0, "/queueLength = %s", r ? r : "?");
    free(r);
    /* parameter bag */
    CHECK_EQ(A.set_param(h, "/identifier/type", "cardNumber"), LMX_OK);
    CHECK_EQ(A.set_param(h, "/identifier/value", "1234567890"), LMX_OK);
    CHECK_EQ(A.set_param(h, "bad pointer", "x"), A.error_code(h));
    CHECK(A.error_code(h) != LMX_OK, "a pointer without '/' is refused");
    CHECK_EQ(A.reset_params(h), LMX_OK);
    CHECK_EQ(A.error_code(h), LMX_OK);
    /* a command that needs processing, which is not there (port 9): transport error, with text */
    st = A.execute(h, "balance", "{\"identifier\":{\"type\":\"cardNumber\",\"value\":\"123\"}}");
    CHECK(LMX_IS_TRANSPORT_ERROR(st) || LMX_IS_OFFLINE_ERROR(st), "balance without processing: %d", st);
    r = errtext(h);
    CHECK(strlen(r) > 10, "error text: %s", r);
    free(r);
    r = result(h, "/error/status", &st);
    CHECK(r && atoi(r) == A.error_code(h), "/error/status %s", r ? r : "?");
    free(r);
    CHECK_EQ(A.close(h), LMX_OK);
}

static void t_buffers(void)
{
    lmx_handle h = open_ok(config_for(9, NULL));
    char buf[2048], small[8]; /* the offline refusal of a balance (status 100, with warnings) is ~750 bytes */
    int n, k, st, exec_st;
    char *op1, *op2, *t, *exec_text;
    if (!h)
        return;
    /* nothing executed yet */
    CHECK_EQ(A.result(h, NULL, buf, sizeof buf), -LMX_NO_RESULT);
    CHECK_EQ(A.error_code(h), LMX_NO_RESULT);
    t = errtext(h);
    CHECK_CONTAINS(t, "ещё не выполнено ни одной команды");
    free(t);

    exec_st = A.execute(h, "balance", "{\"identifier\":{\"type\":\"cardNumber\",\"value\":\"123\"}}");
    CHECK(exec_st != 0, "balance fails without processing");
    exec_text = errtext(h);
    n = A.result(h, NULL, NULL, 0);
    CHECK(n > 20 && n < (int)sizeof buf, "size %d", n);
    memset(small, 'x', sizeof small);
    CHECK_EQ(A.result(h, NULL, small, sizeof small), n);
    CHECK_EQ(small[0], 0);
    CHECK_EQ(small[1], 'x');
    CHECK_EQ(A.result(h, NULL, buf, n - 1), n);
    CHECK_EQ(buf[0], 0);
    CHECK_EQ(A.result(h, NULL, buf, n), n);
    CHECK_EQ((int)strlen(buf), n - 1);
    /* reads (fitting or not) and error-text reads keep the execute's error */
    CHECK(A.error_text(h, small, 2) > 2, "error text needs more");
    CHECK_EQ(A.error_code(h), exec_st);
    t = errtext(h);
    CHECK(strcmp(t, exec_text) == 0, "error text kept: %s / %s", t, exec_text);
    free(t);
    free(exec_text);

    /* re-reading never re-executes: the operationId stays the same over many reads */
    op1 = result(h, "/operationId", &st);
    CHECK(op1 != NULL, "operationId present (%d)", st);
    for (k = 0; k < 1000; k++) {
        char b2[64];
        A.result(h, "/operationId", NULL, 0);
        A.result(h, "/operationId", b2, 4);
        A.result(h, NULL, NULL, 0);
    }
    op2 = result(h, "/operationId", &st);
    CHECK(op1 && op2 && strcmp(op1, op2) == 0, "operationId %s then %s", op1 ? op1 : "?", op2 ? op2 : "?");
    free(op1);
    free(op2);

    /* absent pointer */
    CHECK_EQ(A.result(h, "/nope/0", buf, sizeof buf), -LMX_NOT_FOUND);
    CHECK_EQ(A.error_code(h), LMX_NOT_FOUND);
    t = errtext(h);
    CHECK_CONTAINS(t, "/nope/0");
    free(t);
    CHECK_EQ(A.result(h, "no-slash", buf, sizeof buf), -LMX_BAD_ARGUMENT);
    /* the result survives failed reads */
    CHECK(A.result(h, "/ok", buf, sizeof buf) == 6 && strcmp(buf, "false") == 0, "/ok %s", buf);
    /* a new execute replaces it; the error text of a successful call is empty (size 1) */
    CHECK_EQ(A.execute(h, "version", NULL), LMX_OK);
    CHECK_EQ(A.error_text(h, NULL, 0), 1);
    CHECK(A.result(h, "/ok", buf, sizeof buf) == 5 && strcmp(buf, "true") == 0, "/ok %s", buf);
    CHECK_EQ(A.error_code(h), LMX_OK);
    CHECK_EQ(A.result(h, "/operationId", buf, sizeof buf), -LMX_NOT_FOUND);
    CHECK_EQ(A.close(h), LMX_OK);
}

static void t_encoding(void)
{
    static const char *bad[] = {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\xFF", "\x80", "\xF8\x88\x80\x80\x80", NULL};
    lmx_handle h = open_ok(config_for(9, NULL));
    char *t, *r, buf[256];
    const char *uni = "\xD0\x9A\xD0\xB0\xD1\x81\xD1\x81\xD0\xB8\xD1\x80 \xF0\x9F\x98\x80 \xE2\x9C\x93"; /* Кассир 😀 ✓ */
    int k, st;
    if (!h)
        return;
    for (k = 0; bad[k]; k++) {
        char cmd[64];
        snprintf(cmd, sizeof cmd, "abc%s", bad[k]);
        CHECK_EQ(A.execute(h, cmd, NULL), LMX_INVALID_ENCODING);
        t = errtext(h);
        CHECK_CONTAINS(t, "неверный UTF-8 в байте 3");
        CHECK_CONTAINS(t, "cp1251");
        free(t);
    }
    /* cp1251 "Иванова" */
    CHECK_EQ(A.execute(h, "calculate", "{\"cashier\":\"\xC8\xE2\xE0\xED\xEE\xE2\xE0\"}"), LMX_INVALID_ENCODING);
    t = errtext(h);
    CHECK_CONTAINS(t, "request_json — неверный UTF-8 в байте 12");
    free(t);
    CHECK_EQ(A.set_param(h, "/cashier", "\xC8\xE2\xE0"), LMX_INVALID_ENCODING);
    CHECK_EQ(A.set_param(h, "/\xC8", "x"), LMX_INVALID_ENCODING);
    CHECK_EQ(A.execute(h, "version", NULL), LMX_OK);
    CHECK_EQ(A.result(h, "/\xC8", buf, sizeof buf), -LMX_INVALID_ENCODING);
    CHECK_EQ(A.error_code(h), LMX_INVALID_ENCODING);

    /* Unicode round trip (Cyrillic, non-BMP, symbols) through execute, result and error text */
    CHECK_EQ(A.execute(h, uni, NULL), LMX_UNKNOWN_COMMAND);
    r = result(h, "/command", &st);
    CHECK(r && strcmp(r, uni) == 0, "round trip: %s", r ? r : "?");
    free(r);
    t = errtext(h);
    CHECK_CONTAINS(t, uni);
    free(t);
    /* a pointer with non-BMP text comes back in the NOT_FOUND text */
    CHECK_EQ(A.result(h, "/\xF0\x9F\x98\x80", buf, sizeof buf), -LMX_NOT_FOUND);
    t = errtext(h);
    CHECK_CONTAINS(t, "/\xF0\x9F\x98\x80");
    free(t);
    /* set_param accepts any Unicode */
    CHECK_EQ(A.set_param(h, "/cashier", uni), LMX_OK);
    CHECK_EQ(A.set_param(h, "/\xD0\xBA\xD0\xBB\xD1\x8E\xD1\x87", uni), LMX_OK);
    /* U+0000 inside a value: the protocol cannot carry it, so it is refused by name (issue 11: the
     * core used to echo it into its message, which a C string then cut short) */
    CHECK_EQ(A.execute(h, "a\xC0\x80z", NULL), LMX_INVALID_ENCODING); /* overlong NUL is not UTF-8 */
    st = A.execute(h, "balance", "{\"identifier\":{\"type\":\"a\\u0000b\"}}");
    CHECK_EQ(st, LMX_INVALID_VALUE);
    r = result(h, "/error/message", &st);
    CHECK_CONTAINS(r, "/identifier/type — содержит управляющий символ U+0000 (NUL) в позиции 1");
    free(r);
    CHECK_EQ(A.error_code(h), LMX_INVALID_VALUE);
    r = result(h, NULL, &st);
    CHECK(r && !strstr(r, "\\u0000"), "the result echoes the NUL: %s", r ? r : "-");
    free(r);
    CHECK_EQ(A.close(h), LMX_OK);
}

static void t_bad_json(void)
{
    lmx_handle h = NULL;
    char *t;
    int st;
    /* malformed configuration: the core reports it */
    st = A.open("{\"url\": \"http://x/\", ", &h);
    CHECK_EQ(st, LMX_CONFIG_INVALID);
    CHECK(h == NULL, "no handle");
    t = errtext(NULL);
    CHECK_CONTAINS(t, "JSON");
    printf("malformed config: %s\n", t);
    free(t);
    /* a configuration file that does not exist */
    st = A.open("/nonexistent/loymax.json", &h);
    CHECK_EQ(st, LMX_CONFIG_INVALID);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "/nonexistent/loymax.json");
    free(t);
    /* a configuration file */
    {
        char path[PATH_MAX];
        const char *cfg = config_for(9, NULL);
        snprintf(path, sizeof path, "%s/loymax.json", tmpdir);
        write_file(path, cfg, strlen(cfg), 0600);
        h = open_ok(path);
        if (h)
            CHECK_EQ(A.close(h), LMX_OK);
    }
    h = open_ok(config_for(9, NULL));
    if (!h)
        return;
    st = A.execute(h, "calculate", "{not json");
    CHECK_EQ(st, LMX_INVALID_JSON);
    t = errtext(h);
    CHECK_CONTAINS(t, "не является корректным JSON");
    free(t);
    st = A.execute(h, "calculate", "[1,2]");
    CHECK(LMX_IS_REQUEST_ERROR(st), "array request: %d", st);
    st = A.execute(h, "calculate", "{\"cheque\": {\"lines\": [{\"price\": \"abc\"}]}}");
    CHECK(LMX_IS_REQUEST_ERROR(st), "invalid price: %d", st);
    t = errtext(h);
    CHECK(strlen(t) > 5, "text: %s", t);
    free(t);
    CHECK_EQ(A.close(h), LMX_OK);
}

static char *big_string(size_t n, char fill, const char *prefix, const char *suffix)
{
    size_t pl = strlen(prefix), sl = strlen(suffix);
    char *s = malloc(n + 1);
    memset(s, fill, n);
    memcpy(s, prefix, pl);
    memcpy(s + n - sl, suffix, sl);
    s[n] = 0;
    return s;
}

/* ---- issue 11: sizes, depths, trailing data and command names: one status each ------------------ */
static void t_big_input(void)
{
    static const size_t sizes[] = {(1u << 20) + 1, 4u << 20, 10u << 20, (16u << 20) - 16, (16u << 20) + 1};
    lmx_handle h = open_ok(config_for(9, NULL));
    char *big, *t, *deep;
    size_t k;
    int st;
    double t0;
    if (!h)
        return;
    /* every request over 1 MiB: 400, refused in C without copying it into Java (was 12 or 400 by size) */
    for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        big = big_string(sizes[k], 'a', "{\"cashier\":\"", "\"}");
        t0 = now();
        st = A.execute(h, "calculate", big);
        printf("request of %zu bytes: status %d in %.3f s\n", sizes[k], st, now() - t0);
        CHECK_EQ(st, LMX_INVALID_REQUEST);
        t = errtext(h);
        CHECK_CONTAINS(t, "request_json больше 1048576 байт");
        free(t);
        free(big);
    }
    /* a command name of any length that is not a command: 404 (a 10 MB name was 12) */
    big = big_string(10u << 20, 'b', "", "");
    CHECK_EQ(A.execute(h, big, NULL), LMX_UNKNOWN_COMMAND);
    t = errtext(h);
    CHECK(strlen(t) < 400, "the whole name is echoed (%zu bytes)", strlen(t));
    free(t);
    free(big);
    CHECK_EQ(A.execute(h, "b123456789b123456789b123456789b123456789b123456789b123456789b1234", NULL), LMX_UNKNOWN_COMMAND);
    CHECK_EQ(A.execute(h, " balance", "{}"), LMX_UNKNOWN_COMMAND); /* ran balance */
    CHECK_EQ(A.execute(h, "balance\n", "{}"), LMX_UNKNOWN_COMMAND);
    t = errtext(h);
    CHECK_CONTAINS(t, "\"balance\\u000A\" — не команда");
    free(t);
    /* trailing data after the object: 401 (was accepted) */
    CHECK_EQ(A.execute(h, "calculate", "{} xyz"), LMX_INVALID_JSON);
    CHECK_EQ(A.execute(h, "calculate", "{}]]]"), LMX_INVALID_JSON);
    t = errtext(h);
    CHECK_CONTAINS(t, "лишний текст после конца объекта JSON");
    free(t);
    /* not an object: 400 with one sentence (was "the request the request must be …") */
    CHECK_EQ(A.execute(h, "calculate", "[]"), LMX_INVALID_REQUEST);
    t = errtext(h);
    CHECK_CONTAINS(t, "запрос должен быть объектом JSON {…}, а не массивом");
    CHECK(!strstr(t, "запрос запрос"), "%s", t);
    free(t);
    /* depth: JSON deeper than 64 and parameter names deeper than 64 are both 400 (were 401 / 403 / 12) */
    deep = malloc(200);
    strcpy(deep, "{\"cashier\":");
    memset(deep + 11, '[', 70);
    memset(deep + 81, ']', 70);
    strcpy(deep + 151, "}");
    CHECK_EQ(A.execute(h, "calculate", deep), LMX_INVALID_REQUEST);
    free(deep);
    {
        static const int depths[] = {70, 1000, 5000, 20000};
        for (k = 0; k < sizeof depths / sizeof depths[0]; k++) {
            char *p = big_string((size_t)depths[k] * 2, 'a', "", "");
            int j;
            for (j = 0; j < depths[k]; j++)
                p[2 * j] = '/';
            CHECK_EQ(A.set_param(h, p, "1"), LMX_INVALID_REQUEST);
            free(p);
        }
        t = errtext(h);
        CHECK_CONTAINS(t, "глубже 64 уровней");
        free(t);
        CHECK_EQ(A.execute(h, "version", NULL), LMX_OK); /* was 12 until lmx_reset_params */
        CHECK_EQ(A.execute(h, "status", NULL), LMX_OK);
    }
    /* a value over 40 KB: 400 in C; over 10,000 characters: 400 in the core */
    big = big_string(50000, 'v', "", "");
    CHECK_EQ(A.set_param(h, "/cashier", big), LMX_INVALID_REQUEST);
    big[20000] = 0;
    CHECK_EQ(A.set_param(h, "/cashier", big), LMX_INVALID_REQUEST);
    t = errtext(h);
    CHECK_CONTAINS(t, "значение длиннее 10000 символов");
    free(t);
    free(big);
    /* beyond LMX_MAX_INPUT_BYTES: refused in C */
    big = big_string((size_t)LMX_MAX_INPUT_BYTES + 1, 'b', "{\"a\":\"", "\"}");
    CHECK_EQ(A.result(h, big, NULL, 0), -LMX_BAD_ARGUMENT);
    t = errtext(h);
    CHECK_CONTAINS(t, "длиннее");
    free(t);
    free(big);
    CHECK_EQ(A.execute(h, "version", NULL), LMX_OK);
    CHECK_EQ(A.close(h), LMX_OK);
}

/* ---- issue 11: control characters the protocol cannot carry ----------------------------------- */
static void t_control_chars(void)
{
    static const struct { const char *value, *named; } cases[] = {
        {"869\\u001d0003", "U+001D (GS, разделитель групп)"}, /* a GS1 barcode */
        {"8\\u00010", "U+0001 (SOH)"},
        {"8\\u00000", "U+0000 (NUL)"},
        {"8\\ufffe0", "U+FFFE (не символ)"},
    };
    lmx_handle h = open_ok(config_for(9, NULL));
    char req[256], *t, *r;
    size_t k;
    int st;
    if (!h)
        return;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        snprintf(req, sizeof req, "{\"identifier\":{\"type\":\"cardNumber\",\"value\":\"%s\"}}", cases[k].value);
        CHECK_EQ(A.execute(h, "balance", req), LMX_INVALID_VALUE); /* was 6 with Java class names */
        t = errtext(h);
        CHECK_CONTAINS(t, "/identifier/value — содержит");
        CHECK_CONTAINS(t, cases[k].named);
        CHECK(!strstr(t, "Exception") && !strstr(t, "jackson") && !strstr(t, "java."), "class names: %s", t);
        printf("%s -> %s\n", cases[k].value, t);
        free(t);
    }
    /* the raw byte GS through the parameter bag */
    CHECK_EQ(A.set_param(h, "/identifier/value", "869\x1d" "0003"), LMX_OK);
    CHECK_EQ(A.execute(h, "balance", NULL), LMX_INVALID_VALUE);
    r = result(h, "/error/message", &st);
    CHECK_CONTAINS(r, "U+001D");
    free(r);
    CHECK_EQ(A.close(h), LMX_OK);
}

/* ---- issue 11: configuration and token files are read only when they are regular files -------- */
static void watchdog_fired(int sig)
{
    static const char msg[] = "FAIL watchdog: the case did not finish within its bound (a call blocked)\n";
    (void)sig;
    if (write(1, msg, sizeof msg - 1) < 0) { /* nothing more to do */ }
    _exit(1);
}

static void t_files(void)
{
    char fifo[PATH_MAX], dir[PATH_MAX], cfg[4096], unreadable[PATH_MAX], *t;
    lmx_handle h = NULL;
    int ls, st;
    double t0;
    struct sockaddr_in a;
    socklen_t al = sizeof a;

    signal(SIGALRM, watchdog_fired);
    alarm(60); /* a FIFO blocked lmx_open forever */
    snprintf(fifo, sizeof fifo, "%s/config.fifo", tmpdir);
    CHECK(mkfifo(fifo, 0600) == 0, "mkfifo: %s", strerror(errno));
    /* a FIFO as the configuration: blocked lmx_open forever */
    t0 = now();
    CHECK_EQ(A.open(fifo, &h), LMX_CONFIG_INVALID);
    CHECK(now() - t0 < 2.0, "FIFO configuration: %.2f s", now() - t0);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "— не обычный файл (это FIFO");
    printf("%s\n", t);
    free(t);
    /* a folder, a missing file, a relative path, an unreadable file: each says which */
    snprintf(dir, sizeof dir, "%s", tmpdir);
    CHECK_EQ(A.open(dir, &h), LMX_CONFIG_INVALID);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "— не обычный файл (это папка)");
    free(t);
    CHECK_EQ(A.open("/nonexistent/loymax.json", &h), LMX_CONFIG_INVALID);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "lmx_open: файл конфигурации /nonexistent/loymax.json не найден");
    free(t);
    CHECK_EQ(A.open("no-such-folder/loymax.json", &h), LMX_CONFIG_INVALID);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "не найден (относительный путь, отсчитан от рабочей папки /");
    printf("%s\n", t);
    free(t);
    if (geteuid() != 0) { /* root reads everything */
        snprintf(unreadable, sizeof unreadable, "%s/unreadable.json", tmpdir);
        write_file(unreadable, "{}", 2, 0000);
        CHECK_EQ(A.open(unreadable, &h), LMX_CONFIG_INVALID);
        t = errtext(NULL);
        CHECK_CONTAINS(t, "недоступен этому процессу для чтения (нет прав");
        free(t);
    }
    /* a FIFO as the host engine's token file, with something listening on hostAddress: bounded */
    ls = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(ls, (struct sockaddr *)&a, sizeof a) == 0 && listen(ls, 8) == 0, "listen");
    getsockname(ls, (struct sockaddr *)&a, &al);
    snprintf(cfg, sizeof cfg, "{\"engine\":\"host\",\"hostAddress\":\"127.0.0.1:%d\",\"tokenFile\":\"%s\",\"url\":\"http://x/\"}",
             ntohs(a.sin_port), fifo);
    t0 = now();
    CHECK_EQ(A.open(cfg, &h), LMX_HOST_UNREACHABLE);
    CHECK(now() - t0 < 2.0, "FIFO token file: %.2f s", now() - t0);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "файл токена хоста");
    CHECK_CONTAINS(t, "— не обычный файл (это FIFO");
    free(t);
    /* a folder as the token file said "hello carries no token" */
    snprintf(cfg, sizeof cfg, "{\"engine\":\"host\",\"hostAddress\":\"127.0.0.1:%d\",\"tokenFile\":\"%s\",\"url\":\"http://x/\"}",
             ntohs(a.sin_port), tmpdir);
    CHECK_EQ(A.open(cfg, &h), LMX_HOST_UNREACHABLE);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "— не обычный файл (это папка)");
    printf("%s\n", t);
    free(t);
    close(ls);
    /* the core reads configuration files the same way (a FIFO blocked it too): after the VM runs */
    h = open_ok(config_for(9, NULL));
    if (h)
        CHECK_EQ(A.close(h), LMX_OK);
    st = A.open(fifo, &h);
    CHECK_EQ(st, LMX_CONFIG_INVALID);
    alarm(0);
}

/* ---- issue 11: strict types for the keys the library reads ----------------------------------- */
static void t_config_types(void)
{
    static const struct { const char *extra, *says; } cases[] = {
        {"\"jvmOptions\":\"-Xmx1g\"", "ключ конфигурации \"jvmOptions\" должен быть массивом строк"},
        {"\"jvmOptions\":[1,2]", "ключ конфигурации \"jvmOptions\" должен быть массивом строк"},
        {"\"jvmOptions\":[\"-Xmx1g\",{}]", "ключ конфигурации \"jvmOptions\" должен быть массивом строк"},
        {"\"engine\":5", "ключ конфигурации \"engine\" должен быть строкой"},
        {"\"engine\":\"bogus\"", "ключ конфигурации \"engine\" равен \"bogus\"; он должен быть \"inprocess\" (или \"jvm\") или \"host\""},
        {"\"jvmPath\":[]", "ключ конфигурации \"jvmPath\" должен быть строкой"},
        {"\"tokenFile\":true", "ключ конфигурации \"tokenFile\" должен быть строкой"},
        {"\"engine\":\"host\",\"engine\":\"jvm\"", "ключ конфигурации \"engine\" указан дважды"},
    };
    size_t k;
    lmx_handle h = NULL;
    char *t;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        CHECK_EQ(A.open(config_for(9, cases[k].extra), &h), LMX_CONFIG_INVALID);
        t = errtext(NULL);
        CHECK_CONTAINS(t, cases[k].says);
        free(t);
    }
    CHECK_EQ(jvm_count(), 0); /* refused before any VM was started */
    h = open_ok(config_for(9, "\"jvmOptions\":[]"));
    if (h)
        CHECK_EQ(A.close(h), LMX_OK);
}

/* ---- issue 11: a fork()ed child gets a clear status at once ------------------------------------ */
static void t_fork(void)
{
    lmx_handle h = open_ok(config_for(9, NULL));
    pid_t pid;
    int status = 0, k;
    if (!h)
        return;
    CHECK_EQ(A.execute(h, "version", NULL), LMX_OK);
    pid = fork();
    if (pid == 0) {
        lmx_handle h2 = NULL;
        int bad = 0, st;
        char *t;
        alarm(10); /* a hang is a failure, not a stuck test */
        st = A.execute(h, "version", NULL);
        t = errtext(NULL);
        if (st != LMX_INVALID_HANDLE || !strstr(t, "открыт родительским процессом до fork()")) {
            printf("FAIL child: execute on the parent's handle: %d %s\n", st, t);
            bad++;
        }
        free(t);
        if (A.error_code(h) != LMX_INVALID_HANDLE || A.close(h) != LMX_INVALID_HANDLE) {
            printf("FAIL child: error_code/close on the parent's handle\n");
            bad++;
        }
        st = A.open(config_for(9, NULL), &h2); /* was 0 (and then every call blocked) */
        t = errtext(NULL);
        if (st != LMX_JVM_START_FAILED || h2 != NULL || !strstr(t, "этот процесс — fork() процесса")) {
            printf("FAIL child: lmx_open in the child: %d %s\n", st, t);
            bad++;
        }
        printf("child: %s\n", t);
        free(t);
        fflush(stdout);
        _exit(bad ? 1 : 0);
    }
    for (k = 0; k < 150; k++) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            break;
        usleep(20000);
    }
    if (k == 150) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        fail(__FILE__, __LINE__, "the forked child did not finish within 3 s");
    } else {
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);
    }
    CHECK_EQ(A.execute(h, "version", NULL), LMX_OK); /* the parent goes on */
    CHECK_EQ(A.close(h), LMX_OK);
}

/* ---- issue 11: every call returns within connectTimeoutMs + readTimeoutMs + 100 ms ----------- */
static void *accept_never_answer(void *p)
{
    int ls = *(int *)p, c, n = 0;
    while ((c = accept(ls, NULL, NULL)) >= 0 && n++ < 64)
        ; /* held open, never read or answered */
    return NULL;
}

static void t_timeouts(void)
{
    int ls = socket(AF_INET, SOCK_STREAM, 0), full = socket(AF_INET, SOCK_STREAM, 0), k, st, spare[8];
    struct sockaddr_in a, b;
    socklen_t al = sizeof a;
    pthread_t th;
    char cfg[4096], *t;
    lmx_handle h;
    double t0, took;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    b = a;
    bind(ls, (struct sockaddr *)&a, sizeof a);
    listen(ls, 16);
    getsockname(ls, (struct sockaddr *)&a, &al);
    pthread_create(&th, NULL, accept_never_answer, &ls);
    /* a server that accepts and never answers: the read timeout */
    snprintf(cfg, sizeof cfg,
             "{\"url\":\"http://127.0.0.1:%d/XmlExchange/p/reg01/\",\"login\":\"reg01\",\"password\":\"x\",\"dataDir\":\"%s/t1\","
             "\"connectTimeoutMs\":500,\"readTimeoutMs\":1000}", ntohs(a.sin_port), tmpdir);
    h = open_ok(cfg);
    if (!h)
        return;
    for (k = 0; k < 3; k++) {
        t0 = now();
        st = A.execute(h, "balance", "{\"identifier\":{\"value\":\"8690003\"}}");
        took = now() - t0;
        t = errtext(h);
        printf("silent server: status %d in %.0f ms: %s\n", st, took * 1000, t);
        CHECK(st != LMX_OK, "balance against a silent server succeeded");
        CHECK(took < 1.6, "the call took %.0f ms, more than connect 500 + read 1000 + 100", took * 1000);
        free(t);
    }
    CHECK_EQ(A.close(h), LMX_OK);
    /* a server whose backlog is full (SYNs dropped): the connect timeout */
    al = sizeof b;
    bind(full, (struct sockaddr *)&b, sizeof b);
    listen(full, 0);
    getsockname(full, (struct sockaddr *)&b, &al);
    for (k = 0; k < 8; k++) {
        int fl;
        spare[k] = socket(AF_INET, SOCK_STREAM, 0);
        fl = fcntl(spare[k], F_GETFL, 0);
        fcntl(spare[k], F_SETFL, fl | O_NONBLOCK);
        connect(spare[k], (struct sockaddr *)&b, sizeof b);
    }
    snprintf(cfg, sizeof cfg,
             "{\"url\":\"http://127.0.0.1:%d/XmlExchange/p/reg02/\",\"login\":\"reg02\",\"password\":\"x\",\"dataDir\":\"%s/t2\","
             "\"connectTimeoutMs\":500,\"readTimeoutMs\":1000}", ntohs(b.sin_port), tmpdir);
    h = open_ok(cfg);
    if (!h)
        return;
    t0 = now();
    st = A.execute(h, "balance", "{\"identifier\":{\"value\":\"8690003\"}}");
    took = now() - t0;
    t = errtext(h);
    printf("full backlog: status %d in %.0f ms: %s\n", st, took * 1000, t);
    CHECK(st != LMX_OK, "balance against a full backlog succeeded");
    CHECK(took < 1.6, "the call took %.0f ms, more than connect 500 + read 1000 + 100", took * 1000);
    free(t);
    CHECK_EQ(A.close(h), LMX_OK);
    for (k = 0; k < 8; k++)
        close(spare[k]);
    close(full);
    shutdown(ls, SHUT_RDWR);
    close(ls);
}

/* ---- issue 11: what the VM changes in the register program (bridge-native/README.md) ---------- */
static volatile sig_atomic_t usr2_seen, pipe_seen;
static void on_usr2(int s) { (void)s; usr2_seen++; }
static void on_pipe(int s) { (void)s; pipe_seen++; }

static void t_good_guest(void)
{
    struct rlimit before, after;
    struct sigaction sa;
    char out[PATH_MAX], errf[PATH_MAX], log[PATH_MAX], *data;
    int saved_out = dup(1), saved_err = dup(2), fo, fe, p[2];
    lmx_handle h;
    struct stat st;
    /* the program's own handlers, installed before lmx_open */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    sigaction(SIGUSR2, &sa, NULL);
    sa.sa_handler = on_pipe;
    sigaction(SIGPIPE, &sa, NULL);
    getrlimit(RLIMIT_NOFILE, &before);
    if (before.rlim_cur > 1024 && before.rlim_max > 1024) { /* a soft limit below the hard one, as usual */
        before.rlim_cur = 1024;
        setrlimit(RLIMIT_NOFILE, &before);
    }
    /* the program's stdout and stderr, to see what the VM writes there */
    snprintf(out, sizeof out, "%s/stdout.txt", tmpdir);
    snprintf(errf, sizeof errf, "%s/stderr.txt", tmpdir);
    fflush(stdout);
    fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    fe = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fo, 1);
    dup2(fe, 2);
    h = open_ok(config_for(9, "\"jvmOptions\":[\"-verbose:gc\",\"-Xlog:gc*:stdout\"]"));
    if (h) {
        int k;
        for (k = 0; k < 300; k++) /* make the VM collect (and log) */
            A.execute(h, "calculate", "{\"cashier\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}");
    }
    fflush(stdout);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(fo);
    close(fe);
    if (!h)
        return;
    /* stdout/stderr untouched; the VM's messages are in the bridge's log */
    CHECK(stat(out, &st) == 0 && st.st_size == 0, "the VM wrote %ld bytes to the program's stdout", (long)st.st_size);
    CHECK(stat(errf, &st) == 0 && st.st_size == 0, "the VM wrote %ld bytes to the program's stderr", (long)st.st_size);
    snprintf(log, sizeof log, "%s/data/logs/jvm.log", tmpdir);
    data = read_text_file(log);
    CHECK(data && strstr(data, "gc"), "no GC messages in %s", log);
    free(data);
    /* SIGUSR2 is the program's (HotSpot's suspend signal moved to a free real-time signal) */
    raise(SIGUSR2);
    CHECK(usr2_seen == 1, "the program's SIGUSR2 handler ran %d times", (int)usr2_seen);
    CHECK(getenv("_JAVA_SR_SIGNUM") == NULL, "_JAVA_SR_SIGNUM left in the environment");
    /* SIGPIPE: a handler installed before lmx_open keeps running (chained by the VM) */
    CHECK(pipe(p) == 0, "pipe");
    close(p[0]);
    CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE, "write to a closed pipe");
    close(p[1]);
    CHECK(pipe_seen == 1, "the program's SIGPIPE handler ran %d times", (int)pipe_seen);
    /* the open-files limit is as it was */
    getrlimit(RLIMIT_NOFILE, &after);
    CHECK(after.rlim_cur == before.rlim_cur, "soft open-files limit %lu -> %lu", (unsigned long)before.rlim_cur,
          (unsigned long)after.rlim_cur);
    CHECK_EQ(A.execute(h, "version", NULL), LMX_OK);
    CHECK_EQ(A.close(h), LMX_OK);
}

/* A VM with a tiny heap: large inputs make Java run out of memory inside the call; every such
 * call returns a status and a sentence, and the next call works. */
static void t_exceptions(void)
{
    lmx_handle h = open_ok(config_for(9, "\"jvmOptions\":[\"-Xmx24m\"]"));
    char *big;
    int k, st, seen_12 = 0;
    if (!h)
        return;
    big = big_string(15u << 20, 'c', "{\"cashier\":\"", "\"}");
    for (k = 0; k < 4; k++) {
        char *t;
        st = A.execute(h, "calculate", big);
        t = errtext(h);
        printf("15 MB request in a 24 MB heap: %d %s\n", st, t);
        CHECK(st == LMX_RESOURCE_EXHAUSTED || st == LMX_INVALID_REQUEST || st == LMX_INTERNAL, "status %d", st);
        CHECK(strlen(t) > 10, "text");
        if (st == LMX_RESOURCE_EXHAUSTED)
            seen_12 = 1;
        free(t);
        CHECK_EQ(A.execute(h, "version", NULL), LMX_OK);
    }
    printf("RESOURCE_EXHAUSTED seen: %d\n", seen_12);
    /* issue 11: lmx_set_param out of memory returned 6 and recorded nothing (error code 0, empty text) */
    for (k = 0; k < 3; k++) {
        char *t;
        st = A.set_param(h, "/cashier", big + 12);
        t = errtext(h);
        printf("15 MB parameter in a 24 MB heap: %d %s\n", st, t);
        CHECK(st != LMX_OK, "a 15 MB parameter was stored");
        CHECK_EQ(A.error_code(h), st);
        CHECK(strlen(t) > 10, "no text for status %d", st);
        free(t);
    }
    free(big);
    CHECK_EQ(A.close(h), LMX_OK);
}

/* ---- floating point: a Delphi host unmasks FP exceptions -------------------------------------- */
#if defined(__x86_64__) || defined(__i386__)
static unsigned short get_cw(void) { unsigned short c; __asm__ __volatile__("fnstcw %0" : "=m"(c)); return c; }
static void set_cw(unsigned short c) { __asm__ __volatile__("fnclex\n\tfldcw %0" : : "m"(c)); }
static unsigned get_mxcsr(void) { unsigned m; __asm__ __volatile__("stmxcsr %0" : "=m"(m)); return m; }
static void set_mxcsr(unsigned m) { __asm__ __volatile__("ldmxcsr %0" : : "m"(m)); }
#endif

static void t_fpu(void)
{
#if defined(__x86_64__) || defined(__i386__)
    lmx_handle h;
    int k;
    unsigned short delphi_cw;
    const unsigned delphi_mxcsr = 0x1900; /* invalid, zero-divide, overflow unmasked */
    set_cw(0x1332);          /* Delphi's Default8087CW: invalid, zero-divide, overflow unmasked */
    delphi_cw = get_cw();    /* as the CPU stores it (reserved bit 6 reads as 1: 0x1372) */
    CHECK_EQ(delphi_cw & 0x1F3F, 0x1332);
    set_mxcsr(delphi_mxcsr);
    h = open_ok(config_for(9, NULL)); /* VM creation with the host's FP state unmasked */
    CHECK_EQ(get_cw(), delphi_cw);
    CHECK_EQ(get_mxcsr() & 0xFFC0, delphi_mxcsr & 0xFFC0);
    if (!h)
        return;
    for (k = 0; k < 200; k++) {
        char buf[4096];
        CHECK_EQ(A.execute(h, k % 2 ? "version" : "status", NULL), LMX_OK);
        A.result(h, NULL, buf, sizeof buf);
        A.execute(h, "calculate", "{\"cheque\":{\"lines\":[{\"pos\":1,\"goodsId\":\"1\",\"price\":\"1e308\",\"quantity\":\"1e308\",\"amount\":\"0.1\"}]}}");
        if (get_cw() != delphi_cw || (get_mxcsr() & 0xFFC0) != (delphi_mxcsr & 0xFFC0)) {
            fail(__FILE__, __LINE__, "FP state not restored: cw %04X mxcsr %04X", get_cw(), get_mxcsr());
            break;
        }
    }
    CHECK_EQ(A.close(h), LMX_OK);
    CHECK_EQ(get_cw(), delphi_cw);
    set_cw(0x037F);
    set_mxcsr(0x1F80);
#else
    printf("not x86: nothing to test\n");
#endif
}

/* ---- threads ------------------------------------------------------------------------------------ */
static pthread_barrier_t barrier;
static lmx_handle race_handles[8];
static int race_status[8];
static char race_error[8][1024];
static char race_config[4096]; /* built before the threads start: config_for's buffer is shared */

static void *race_thread(void *p)
{
    int i = (int)(intptr_t)p;
    pthread_barrier_wait(&barrier);
    race_status[i] = A.open(race_config, &race_handles[i]);
    if (race_status[i] != LMX_OK) /* handle-less errors are per thread: read it here */
        A.error_text(NULL, race_error[i], sizeof race_error[i]);
    return NULL;
}

static void t_race(void)
{
    pthread_t t[8];
    int i;
    snprintf(race_config, sizeof race_config, "%s", config_for(9, NULL));
    pthread_barrier_init(&barrier, NULL, 8);
    for (i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, race_thread, (void *)(intptr_t)i);
    for (i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    for (i = 0; i < 8; i++) {
        CHECK(race_status[i] == LMX_OK, "open %d of 8 concurrent opens: status %d: %s", i, race_status[i], race_error[i]);
        CHECK_EQ(A.execute(race_handles[i], "version", NULL), LMX_OK);
        CHECK_EQ(A.close(race_handles[i]), LMX_OK);
    }
    CHECK_EQ(jvm_count(), 1);
}

static void t_reopen(void)
{
    int i;
    lmx_handle prev = NULL;
    double t0 = now();
    for (i = 0; i < 100; i++) {
        lmx_handle h = open_ok(config_for(9, NULL));
        if (!h)
            break;
        CHECK_EQ(A.execute(h, "version", NULL), LMX_OK);
        CHECK_EQ(A.close(h), LMX_OK);
        if (prev)
            CHECK_EQ(A.execute(prev, "version", NULL), LMX_INVALID_HANDLE);
        prev = h;
    }
    printf("100 x open/execute/close: %.2f s\n", now() - t0);
    CHECK_EQ(jvm_count(), 1);
}

static void t_dlclose(void)
{
    int cycle;
    for (cycle = 0; cycle < 3; cycle++) {
        lmx_handle h[3];
        int i;
        if (cycle > 0 && !load_library(lib_path))
            return;
        for (i = 0; i < 3; i++) {
            h[i] = open_ok(config_for(9, NULL));
            if (h[i])
                CHECK_EQ(A.execute(h[i], "version", NULL), LMX_OK);
        }
        for (i = 0; i < 3; i++)
            if (h[i])
                CHECK_EQ(A.close(h[i]), LMX_OK);
        CHECK_EQ(jvm_count(), 1);
        {
            double t0 = now();
            CHECK_EQ(dlclose(lib), 0);
            CHECK(now() - t0 < 1.0, "dlclose took %.2f s", now() - t0);
        }
        lib = NULL;
    }
}

static lmx_handle shared_h;
static volatile int thread_errors;

static void *one_call(void *p)
{
    char buf[256];
    (void)p;
    if (A.execute(shared_h, "version", NULL) != LMX_OK || A.result(shared_h, "/ok", buf, sizeof buf) != 5)
        __sync_fetch_and_add(&thread_errors, 1);
    return NULL;
}

static void calls_from_fresh_threads(int count, long *thmax)
{
    int i, batch = 8;
    for (i = 0; i < count; i += batch) {
        pthread_t t[8];
        int k;
        for (k = 0; k < batch; k++)
            pthread_create(&t[k], NULL, one_call, NULL);
        for (k = 0; k < batch; k++)
            pthread_join(t[k], NULL);
        if (thmax) {
            long th = proc_status("Threads");
            if (th > *thmax)
                *thmax = th;
        }
    }
}

static void t_threads(void)
{
    long th0, rss0, th1, rss1, thmax = 0, rss_warm_max = 0;
    int jt0, jt1, i, warmup = getenv("LMX_WARMUP") ? atoi(getenv("LMX_WARMUP")) : 20000;
    double t0;
    /* The Java heap's pages are touched up front, so that the first pass of allocation through
     * eden (~17 MB, after ~9000 calls) does not look like growth: what is measured is native. */
    shared_h = open_ok(config_for(9, "\"jvmOptions\":[\"-Xms64m\",\"-XX:+AlwaysPreTouch\"]"));
    if (!shared_h)
        return;
    /* Warm up (JIT, class loading, the VM's own threads, malloc arenas) and record the high-water
     * mark of RSS in steady state.  Measured: RSS rises by 10-18 MB between about 5000 and 20000
     * calls (the JIT), then stays flat; a leak keeps rising (no detach: +113 MB per 10000). */
    for (i = 0; i < warmup; i += 1000) {
        long r;
        calls_from_fresh_threads(1000, NULL);
        r = proc_status("VmRSS");
        if (r > rss_warm_max)
            rss_warm_max = r;
    }
    sleep(1);
    jt0 = java_thread_count();
    th0 = proc_status("Threads");
    rss0 = proc_status("VmRSS");
    t0 = now();
    calls_from_fresh_threads(10000, &thmax);
    sleep(1);
    th1 = proc_status("Threads");
    rss1 = proc_status("VmRSS");
    jt1 = java_thread_count();
    printf("10000 calls from fresh threads (8 at a time): %.2f s; OS threads %ld -> %ld (max %ld); Java threads %d -> %d; "
           "VmRSS %ld kB -> %ld kB (%+ld kB; %+ld kB over the warm-up high-water mark %ld kB)\n",
           now() - t0, th0, th1, thmax, jt0, jt1, rss0, rss1, rss1 - rss0, rss1 - rss_warm_max, rss_warm_max);
    CHECK(jt0 > 0 && abs(jt1 - jt0) <= 2, "Java thread count %d -> %d", jt0, jt1);
    CHECK_EQ(thread_errors, 0);
    CHECK(labs(th1 - th0) <= 2, "thread count %ld -> %ld", th0, th1);
    CHECK(rss1 - rss_warm_max < 16 * 1024, "VmRSS grew by %ld kB over the warm-up high-water mark", rss1 - rss_warm_max);
    CHECK_EQ(A.close(shared_h), LMX_OK);
}

/* ---- a library folder with Cyrillic letters and spaces, run under LANG=C ------------------------- */
static int run_child(char *const argv[], char *const envp[], double *secs)
{
    pid_t pid;
    int status = 0;
    double t0 = now();
    pid = fork();
    if (pid == 0) {
        execve(argv[0], argv, envp);
        _exit(127);
    }
    waitpid(pid, &status, 0);
    if (secs)
        *secs = now() - t0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void t_unicode_path(void)
{
    char dir[PATH_MAX], cmd[PATH_MAX * 3], newlib[PATH_MAX], srcdir[PATH_MAX];
    char *slash;
    int rc;
    snprintf(dir, sizeof dir, "%s/\xD0\x9A\xD0\xB0\xD1\x81\xD1\x81\xD0\xB0 \xE2\x84\x96" "1 (\xD1\x82\xD0\xB5\xD1\x81\xD1\x82)", tmpdir); /* "Касса №1 (тест)" */
    mkdirs(dir);
    snprintf(srcdir, sizeof srcdir, "%s", lib_path);
    slash = strrchr(srcdir, '/');
    if (slash)
        *slash = 0;
    snprintf(cmd, sizeof cmd, "cp '%s' '%s/loymax-bridge.jar' '%s/'", lib_path, srcdir, dir);
    CHECK_EQ(system(cmd), 0);
    snprintf(newlib, sizeof newlib, "%s/libloymax_bridge.so", dir);
    {
        char *argv[] = {(char *)self_exe, "unicode_child", newlib, tmpdir, NULL};
        char *env_c[] = {"LANG=C", "LC_ALL=C", "PATH=/usr/bin:/bin", NULL};
        char *env_utf8[] = {"LANG=C.UTF-8", "PATH=/usr/bin:/bin", NULL};
        rc = run_child(argv, env_c, NULL);
        CHECK_EQ(rc, 0);
        rc = run_child(argv, env_utf8, NULL);
        CHECK_EQ(rc, 0);
    }
}

static int unicode_child(const char *tdir)
{
    lmx_handle h = NULL;
    int st;
    snprintf(tmpdir, sizeof tmpdir, "%s", tdir);
    st = A.open(config_for(9, NULL), &h);
    if (st != LMX_OK) {
        char *t = errtext(NULL);
        printf("FAIL child (LANG=%s): open %d %s\n", getenv("LANG"), st, t);
        return 1;
    }
    st = A.execute(h, "version", NULL);
    printf("child (LANG=%s, library in %s): open OK, version %d, host locale after open: %s\n", getenv("LANG"),
           lib_path, st, setlocale(LC_ALL, NULL));
    if (strcmp(setlocale(LC_ALL, NULL), "C") != 0) {
        printf("FAIL the host's locale was changed by the VM\n");
        return 1;
    }
    return st == LMX_OK ? 0 : 1;
}

/* ---- the host exits while the VM is busy ------------------------------------------------------- */
static volatile int stop_workers;
static volatile int slow_call_returned;
static int slow_port;

static void *worker(void *p)
{
    lmx_handle h = (lmx_handle)p;
    while (!stop_workers) {
        char buf[256];
        A.execute(h, "version", NULL);
        A.result(h, "/ok", buf, sizeof buf);
    }
    return NULL;
}

static void *slow_caller(void *p)
{
    lmx_handle h = (lmx_handle)p;
    A.execute(h, "balance", "{\"identifier\":{\"type\":\"cardNumber\",\"value\":\"123\"}}");
    slow_call_returned = 1;
    return NULL;
}

static void *slow_server(void *p)
{
    int ls = (int)(intptr_t)p;
    for (;;) {
        int c = accept(ls, NULL, NULL);
        (void)c; /* accept, read nothing, answer nothing: the caller waits for its read timeout */
    }
    return NULL;
}

static int host_exit_child(const char *tdir, int wfd)
{
    lmx_handle hs[9];
    pthread_t t;
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    int ls, i;
    snprintf(tmpdir, sizeof tmpdir, "%s", tdir);
    ls = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) != 0 || listen(ls, 16) != 0)
        return 3;
    getsockname(ls, (struct sockaddr *)&a, &al);
    slow_port = ntohs(a.sin_port);
    pthread_create(&t, NULL, slow_server, (void *)(intptr_t)ls);
    for (i = 0; i < 9; i++) {
        char reg[64];
        snprintf(reg, sizeof reg, "\"register\":\"r%d\"", i);
        if (A.open(config_for(slow_port, reg), &hs[i]) != LMX_OK)
            return 4;
    }
    for (i = 0; i < 8; i++)
        pthread_create(&t, NULL, worker, hs[i]);
    pthread_create(&t, NULL, slow_caller, hs[8]);
    sleep(1);
    if (slow_call_returned)
        return 5;
    if (write(wfd, "R", 1) != 1)
        return 6;
    /* main returns: exit() with 8 attached threads calling into Java and one call blocked on I/O */
    return 0;
}

static void t_host_exit(void)
{
    int pfd[2], status = 0;
    pid_t pid;
    char c;
    double t_ready, t_gone;
    char wfd[16];
    if (pipe(pfd) != 0)
        return;
    snprintf(wfd, sizeof wfd, "%d", pfd[1]);
    pid = fork();
    if (pid == 0) {
        char *argv[] = {(char *)self_exe, "host_exit_child", (char *)lib_path, tmpdir, wfd, NULL};
        close(pfd[0]);
        execv(self_exe, argv);
        _exit(127);
    }
    close(pfd[1]);
    if (read(pfd[0], &c, 1) != 1) {
        waitpid(pid, &status, 0);
        fail(__FILE__, __LINE__, "child did not get ready (exit %d)", WEXITSTATUS(status));
        return;
    }
    t_ready = now();
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (now() - t_ready > 10) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            fail(__FILE__, __LINE__, "the host did not exit within 10 s");
            return;
        }
        usleep(2000);
    }
    t_gone = now();
    printf("host process gone %.3f s after main returned (8 attached threads busy, 1 call blocked); exit status %d\n",
           t_gone - t_ready, WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status));
    CHECK(t_gone - t_ready < 2.0, "exit took %.3f s", t_gone - t_ready);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);
}

/* ---- VM options the VM refuses: a status, and the host lives on ----------------------------------- */
static void bad_option_case(const char *opts, const char *expect)
{
    lmx_handle h = NULL;
    char *t;
    int st = A.open(config_for(9, opts), &h);
    CHECK_EQ(st, LMX_JVM_START_FAILED);
    CHECK(h == NULL, "no handle");
    t = errtext(NULL);
    printf("%s\n", t);
    CHECK_CONTAINS(t, expect);
    free(t);
    /* creation is final in a process: the next open says the same at once */
    CHECK_EQ(A.open(config_for(9, NULL), &h), LMX_JVM_START_FAILED);
    t = errtext(NULL);
    CHECK_CONTAINS(t, expect);
    free(t);
    CHECK_EQ(A.version(NULL, 0), 6);
}

static void t_bad_jvm_option(void)
{
    bad_option_case("\"jvmOptions\":[\"-Xbogus\"]", "Unrecognized option: -Xbogus");
}

/* HotSpot ends the process for these (vm_exit_during_initialization); the abort hook stops that. */
static void t_vm_exit_during_init(void)
{
    bad_option_case("\"jvmOptions\":[\"-Xms200m\",\"-Xmx100m\"]", "Initial heap size set to a larger value");
}

/* ---- issue 13: the library's sentences in the configuration's language ------------------------- */
/* A "processing" that refuses every login: reads the request, answers HTTP 401 (a transport error). */
static void *answer_401(void *p)
{
    int ls = *(int *)p, c, n = 0;
    char req[8192];
    static const char answer[] = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    while ((c = accept(ls, NULL, NULL)) >= 0 && n++ < 16) {
        ssize_t r = recv(c, req, sizeof req, 0);
        if (r > 0 && send(c, answer, sizeof answer - 1, MSG_NOSIGNAL) < 0)
            r = -1;
        close(c);
    }
    return NULL;
}

static void t_language(void)
{
    lmx_handle h = NULL, ru = NULL;
    char *t;
    /* a configuration error of the library: English with "language":"en", Russian by default */
    CHECK_EQ(A.open(config_for(9, "\"language\":\"en\",\"engine\":\"bogus\""), &h), LMX_CONFIG_INVALID);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "lmx_open: configuration key \"engine\" is \"bogus\"; it must be \"inprocess\" (or \"jvm\") or \"host\"");
    free(t);
    CHECK_EQ(A.open(config_for(9, "\"engine\":\"bogus\""), &h), LMX_CONFIG_INVALID);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "lmx_open: ключ конфигурации \"engine\" равен \"bogus\"");
    free(t);
    /* "language" is read by the library: a value it does not know is refused before any engine starts */
    CHECK_EQ(A.open(config_for(9, "\"language\":\"de\""), &h), LMX_CONFIG_INVALID);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "lmx_open: ключ конфигурации \"language\" должен быть \"ru\" или \"en\"");
    free(t);
    CHECK_EQ(A.open(config_for(9, "\"language\":5"), &h), LMX_CONFIG_INVALID);
    CHECK_EQ(A.open(config_for(9, "\"language\":\"en\",\"language\":\"ru\""), &h), LMX_CONFIG_INVALID);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "lmx_open: configuration key \"language\" is given twice");
    free(t);
    /* a handle's texts: the library's own (argument errors) and the core's (validation), in its language */
    /* two sessions of one register (the same url and login) share its lane and queue, each in its own language */
    h = open_ok(config_for(9, "\"language\":\"EN\""));
    ru = open_ok(config_for(9, NULL));
    if (!h || !ru)
        return;
    CHECK_EQ(A.execute(h, NULL, NULL), LMX_BAD_ARGUMENT);
    t = errtext(h);
    CHECK_CONTAINS(t, "lmx_execute: command is NULL");
    free(t);
    CHECK_EQ(A.execute(h, "balance", "{\"cashier\":\"\xC0\"}"), LMX_INVALID_ENCODING);
    t = errtext(h);
    CHECK_CONTAINS(t, "lmx_execute: request_json is not valid UTF-8 at byte offset 12");
    free(t);
    CHECK_EQ(A.execute(h, "balance", "{}"), LMX_MISSING_FIELD);
    t = errtext(h);
    CHECK_CONTAINS(t, "/identifier is required: the customer's card number, phone or other identifier");
    free(t);
    CHECK_EQ(A.execute(ru, "balance", "{}"), LMX_MISSING_FIELD);
    t = errtext(ru);
    CHECK_CONTAINS(t, "/identifier — обязательное поле: номер карты, телефон или другой идентификатор покупателя");
    free(t);
    /* an offline refusal (nobody listens on port 9): the core's sentence in the handle's language */
    CHECK_EQ(A.execute(h, "balance", "{\"identifier\":{\"value\":\"8690003\"}}"), LMX_OFFLINE_REFUSED);
    t = errtext(h);
    CHECK_CONTAINS(t, "No connection to Loymax processing: the card balance is not available now");
    free(t);
    CHECK_EQ(A.execute(ru, "balance", "{\"identifier\":{\"value\":\"8690003\"}}"), LMX_OFFLINE_REFUSED);
    t = errtext(ru);
    CHECK_CONTAINS(t, "Нет связи с процессингом Loymax: баланс карты сейчас недоступен");
    free(t);
    {
        /* a transport error: processing refuses the login (HTTP 401) */
        int ls = socket(AF_INET, SOCK_STREAM, 0), k;
        struct sockaddr_in a;
        socklen_t al = sizeof a;
        pthread_t th;
        lmx_handle h2[2] = {NULL, NULL};
        char cfg[2][1024];
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(ls, (struct sockaddr *)&a, sizeof a);
        listen(ls, 16);
        getsockname(ls, (struct sockaddr *)&a, &al);
        pthread_create(&th, NULL, answer_401, &ls);
        /* another register (its own url) in its own data folder: the queue of register reg01 is h's */
        for (k = 0; k < 2; k++)
            snprintf(cfg[k], sizeof cfg[k],
                     "{\"url\":\"http://127.0.0.1:%d/XmlExchange/p/reg01/\",\"login\":\"reg01\",\"password\":\"x\","
                     "\"dataDir\":\"%s/data401\",\"connectTimeoutMs\":500,\"readTimeoutMs\":5000%s}",
                     ntohs(a.sin_port), tmpdir, k ? "" : ",\"language\":\"en\"");
        h2[0] = open_ok(cfg[0]);
        h2[1] = open_ok(cfg[1]);
        for (k = 0; k < 2 && h2[0] && h2[1]; k++) {
            CHECK_EQ(A.execute(h2[k], "balance", "{\"identifier\":{\"value\":\"8690003\"}}"), LMX_AUTH_FAILED);
            t = errtext(h2[k]);
            printf("HTTP 401 (%s): %s\n", k ? "ru" : "en", t);
            CHECK_CONTAINS(t, k ? "процессинг отклонил логин или пароль кассы (HTTP 401)"
                                : "processing refused the register's login or password (HTTP 401)");
            free(t);
        }
        for (k = 0; k < 2; k++)
            if (h2[k])
                CHECK_EQ(A.close(h2[k]), LMX_OK);
        shutdown(ls, SHUT_RDWR);
        close(ls);
        pthread_join(th, NULL);
    }
    /* a closed handle keeps its language; a NULL one has no configuration: Russian */
    CHECK_EQ(A.close(h), LMX_OK);
    CHECK_EQ(A.execute(h, "version", NULL), LMX_INVALID_HANDLE);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "lmx_execute: the handle");
    CHECK_CONTAINS(t, "is closed");
    free(t);
    CHECK_EQ(A.execute(NULL, "version", NULL), LMX_INVALID_HANDLE);
    t = errtext(NULL);
    CHECK_CONTAINS(t, "lmx_execute: дескриптор равен NULL");
    free(t);
    CHECK_EQ(A.close(ru), LMX_OK);
}

/* ---- figures for the README (asserts only that the calls work) -------------------------------- */
static void t_bench(void)
{
    double t0 = now(), t_open, t_calls;
    lmx_handle h = open_ok(config_for(9, NULL));
    int i;
    char buf[512];
    t_open = now() - t0;
    if (!h)
        return;
    for (i = 0; i < 2000; i++)
        A.execute(h, "version", NULL);
    t0 = now();
    for (i = 0; i < 10000; i++) {
        if (A.execute(h, "version", NULL) != LMX_OK || A.result(h, "/version", buf, sizeof buf) <= 0) {
            fail(__FILE__, __LINE__, "call %d", i);
            break;
        }
    }
    t_calls = now() - t0;
    printf("first lmx_open (VM start + core): %.0f ms; execute(\"version\")+result on one thread: %.1f us per pair; "
           "VmRSS %ld kB, threads %ld\n", t_open * 1000, t_calls * 1e6 / 10000, proc_status("VmRSS"), proc_status("Threads"));
    CHECK_EQ(A.close(h), LMX_OK);
}

/* ---- main ---------------------------------------------------------------------------------------- */
int main(int argc, char **argv)
{
    const char *c;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 3) {
        fprintf(stderr, "usage: %s <case> <libloymax_bridge.so>\n", argv[0]);
        return 2;
    }
    c = argv[1];
    lib_path = argv[2];
    self_exe = realpath("/proc/self/exe", NULL);
    if (!load_library(lib_path))
        return 1;
    if (strcmp(c, "unicode_child") == 0)
        return unicode_child(argv[3]);
    if (strcmp(c, "host_exit_child") == 0)
        return host_exit_child(argv[3], atoi(argv[4]));

    make_tmpdir();
    if (!strcmp(c, "version")) t_version();
    else if (!strcmp(c, "bad_args")) t_bad_args();
    else if (!strcmp(c, "no_jvm")) t_no_jvm();
    else if (!strcmp(c, "open_version")) t_open_version();
    else if (!strcmp(c, "buffers")) t_buffers();
    else if (!strcmp(c, "encoding")) t_encoding();
    else if (!strcmp(c, "bad_json")) t_bad_json();
    else if (!strcmp(c, "big_input")) t_big_input();
    else if (!strcmp(c, "control_chars")) t_control_chars();
    else if (!strcmp(c, "files")) t_files();
    else if (!strcmp(c, "config_types")) t_config_types();
    else if (!strcmp(c, "language")) t_language();
    else if (!strcmp(c, "fork")) t_fork();
    else if (!strcmp(c, "timeouts")) t_timeouts();
    else if (!strcmp(c, "good_guest")) t_good_guest();
    else if (!strcmp(c, "exceptions")) t_exceptions();
    else if (!strcmp(c, "fpu")) t_fpu();
    else if (!strcmp(c, "race")) t_race();
    else if (!strcmp(c, "reopen")) t_reopen();
    else if (!strcmp(c, "dlclose")) t_dlclose();
    else if (!strcmp(c, "threads")) t_threads();
    else if (!strcmp(c, "unicode_path")) t_unicode_path();
    else if (!strcmp(c, "host_exit")) t_host_exit();
    else if (!strcmp(c, "bench")) t_bench();
    else if (!strcmp(c, "bad_jvm_option")) t_bad_jvm_option();
    else if (!strcmp(c, "vm_exit_during_init")) t_vm_exit_during_init();
    else {
        fprintf(stderr, "unknown case %s\n", c);
        return 2;
    }
    rm_tmpdir();
    if (failures) {
        printf("%d check(s) failed in %s\n", failures, c);
        return 1;
    }
    printf("PASS %s\n", c);
    return 0;
}
