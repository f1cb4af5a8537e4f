/* Benchmarks of the C ABI (not tests): they print figures, they do not judge them.
 * Built by bench/CMakeLists.txt (target lmx_bench, not built by default) or by run-benchmarks.sh.
 *
 *   lmx_bench <libloymax_bridge.so> calls <rounds> <n> <bench-classes-dir>
 *       per-call cost of lmx_execute + lmx_result ("version", "status"; no network) against the
 *       same calls made in Java inside the same VM (LmxBenchJava, defined through JNI): rounds
 *       alternate C / Java, each prints ns per call; the median is what counts.
 *   lmx_bench <libloymax_bridge.so> cold
 *       one cold start: dlopen + first lmx_open + first answer, VmRSS before and after (and after
 *       1,000 version/status calls); then one "balance" (connection refused: the first network
 *       command creates the HTTP client) with its time and VmRSS.
 *   lmx_bench <libloymax_bridge.so> train
 *       the training workload of the class-data-sharing archive (build step): open, version,
 *       status, calculate (request parsing + protocol mapping; the server is unreachable), queue,
 *       then System.exit(0) so that -XX:ArchiveClassesAtExit writes the archive.
 *
 * Environment: LMX_BENCH_JVMOPTS  extra "jvmOptions", separated by spaces (e.g. "-Xshare:off");
 *              LMX_BENCH_JVMPATH  "jvmPath" of the configuration;
 *              LMX_BENCH_URL      register URL of a running emulator (login reg01, password secret): the
 *                                 network command of "cold" and the training's commands are answered;
 *                                 default: a refused port (processing unreachable);
 *              LMX_BENCH_DATA     the data folder (kept; default: a fresh one per run);
 *              LMX_BENCH_HOLD     cold: seconds to wait after measuring (for jcmd / smaps; add
 *                                 "-XX:+StartAttachListener -XX:NativeMemoryTracking=summary": -Xrs
 *                                 stops jcmd from starting the attach listener by a signal). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#include "loymax_bridge.h"

static struct {
    int (*open)(const char *, lmx_handle *);
    int (*close)(lmx_handle);
    int (*execute)(lmx_handle, const char *, const char *);
    int (*result)(lmx_handle, const char *, char *, int);
    int (*error_text)(lmx_handle, char *, int);
} A;

static double t_start;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long proc_status(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    size_t kl = strlen(key);
    long v = -1;
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

static void die(const char *what, lmx_handle h)
{
    char t[4096] = "";
    if (A.error_text)
        A.error_text(h, t, sizeof t);
    fprintf(stderr, "lmx_bench: %s failed: %s\n", what, t);
    exit(1);
}

static char tmpdir[PATH_MAX];

/* LMX_BENCH_DATA: a data folder kept across runs (a register's every start after its first finds its
 * queue file there); otherwise a fresh one in the run's temporary folder */
static const char *data_dir(void)
{
    static char buf[PATH_MAX + 8];
    const char *d = getenv("LMX_BENCH_DATA");
    if (d && *d)
        return d;
    snprintf(buf, sizeof buf, "%s/data", tmpdir);
    return buf;
}

static const char *config(void)
{
    static char buf[8192];
    const char *opts = getenv("LMX_BENCH_JVMOPTS"), *jp = getenv("LMX_BENCH_JVMPATH"), *url = getenv("LMX_BENCH_URL");
    char list[4096] = "";
    size_t n = 0;
    if (opts && *opts) {
        char *copy = strdup(opts), *save = NULL, *o;
        for (o = strtok_r(copy, " ", &save); o; o = strtok_r(NULL, " ", &save))
            n += (size_t)snprintf(list + n, sizeof list - n, "%s\"%s\"", n ? "," : "", o);
        free(copy);
    }
    /* without LMX_BENCH_URL nothing listens at the URL: the first network command finds processing unreachable */
    snprintf(buf, sizeof buf,
             "{\"url\":\"%s\",\"login\":\"reg01\",\"password\":\"%s\","
             "\"dataDir\":\"%s\",\"connectTimeoutMs\":300,\"readTimeoutMs\":%d,\"jvmOptions\":[%s]%s%s%s}",
             url && *url ? url : "http://127.0.0.1:9/XmlExchange/p/reg01/", url && *url ? "secret" : "x", data_dir(),
             url && *url ? 10000 : 1000, list, jp ? ",\"jvmPath\":\"" : "", jp ? jp : "", jp ? "\"" : "");
    return buf;
}

static void rm_tmpdir(void)
{
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "lmx_bench: cannot remove %s\n", tmpdir);
}

static JNIEnv *jni_env(JavaVM **out)
{
    jint (*f)(JavaVM **, jsize, jsize *) = (jint(*)(JavaVM **, jsize, jsize *))dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
    JavaVM *vm;
    jsize n = 0;
    JNIEnv *env = NULL;
    if (!f || f(&vm, 1, &n) != JNI_OK || n < 1 || (*vm)->AttachCurrentThread(vm, (void **)&env, NULL) != JNI_OK) {
        fprintf(stderr, "lmx_bench: no Java VM to attach to\n");
        exit(1);
    }
    if (out)
        *out = vm;
    return env;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One round of n lmx_execute + lmx_result; returns ns per pair. */
static double c_round(lmx_handle h, const char *cmd, const char *ptr, int n)
{
    char buf[4096];
    double t0 = now();
    int i;
    for (i = 0; i < n; i++) {
        if (A.execute(h, cmd, NULL) != LMX_OK)
            die("lmx_execute", h);
        if (A.result(h, ptr, buf, sizeof buf) <= 0)
            die("lmx_result", h);
    }
    return (now() - t0) * 1e9 / n;
}

static int bench_calls(int rounds, int n, const char *classdir)
{
    static const char *const cmds[][2] = {{"version", "/version"}, {"status", "/ok"}};
    lmx_handle h = NULL;
    JNIEnv *env;
    jclass loader_cls, bench;
    jobject loader;
    jmethodID m_open, m_session, m_native, m_close;
    jstring jcfg;
    jobject jsession;
    jlong jhandle;
    char path[PATH_MAX];
    FILE *f;
    static unsigned char cls[65536];
    size_t len;
    int c;

    if (A.open(config(), &h) != LMX_OK)
        die("lmx_open", NULL);
    /* LmxBenchJava, defined in the system class loader (it uses the core's classes from the jar). */
    env = jni_env(NULL);
    snprintf(path, sizeof path, "%s/LmxBenchJava.class", classdir);
    f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "lmx_bench: %s is missing\n", path);
        return 1;
    }
    len = fread(cls, 1, sizeof cls, f);
    fclose(f);
    loader_cls = (*env)->FindClass(env, "java/lang/ClassLoader");
    loader = (*env)->CallStaticObjectMethod(env, loader_cls,
        (*env)->GetStaticMethodID(env, loader_cls, "getSystemClassLoader", "()Ljava/lang/ClassLoader;"));
    bench = (*env)->DefineClass(env, "LmxBenchJava", loader, (const jbyte *)cls, (jsize)len);
    if (!bench || (*env)->ExceptionCheck(env)) {
        (*env)->ExceptionDescribe(env);
        return 1;
    }
    m_open = (*env)->GetStaticMethodID(env, bench, "open", "(Ljava/lang/String;)Ljava/lang/Object;");
    m_session = (*env)->GetStaticMethodID(env, bench, "sessionRound", "(Ljava/lang/Object;Ljava/lang/String;Ljava/lang/String;I)J");
    m_native = (*env)->GetStaticMethodID(env, bench, "nativeEntryRound", "(JLjava/lang/String;Ljava/lang/String;I)J");
    m_close = (*env)->GetStaticMethodID(env, bench, "close", "(Ljava/lang/Object;J)V");
    jcfg = (*env)->NewStringUTF(env, config());
    jsession = (*env)->CallStaticObjectMethod(env, bench, m_open, jcfg);
    jhandle = (*env)->CallStaticLongMethod(env, bench, (*env)->GetStaticMethodID(env, bench, "openNative", "(Ljava/lang/String;)J"), jcfg);
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionDescribe(env);
        return 1;
    }
    printf("per-call cost, %d rounds x %d calls (rounds alternate; ns per execute+result pair)\n", rounds, n);
    for (c = 0; c < 2; c++) {
        const char *cmd = cmds[c][0], *ptr = cmds[c][1];
        jstring jc = (*env)->NewStringUTF(env, cmd), jp = (*env)->NewStringUTF(env, ptr);
        double *vc = calloc((size_t)rounds, sizeof(double)), *vj = calloc((size_t)rounds, sizeof(double)),
               *vn = calloc((size_t)rounds, sizeof(double));
        double mc, mj, mn;
        int r;
        /* warm-up: every path compiled before the first timed round */
        for (r = 0; r < 3; r++) {
            c_round(h, cmd, ptr, n);
            (*env)->CallStaticLongMethod(env, bench, m_session, jsession, jc, jp, (jint)n);
            (*env)->CallStaticLongMethod(env, bench, m_native, jhandle, jc, jp, (jint)n);
        }
        for (r = 0; r < rounds; r++) {
            vc[r] = c_round(h, cmd, ptr, n);
            vj[r] = (double)(*env)->CallStaticLongMethod(env, bench, m_session, jsession, jc, jp, (jint)n) / n;
            vn[r] = (double)(*env)->CallStaticLongMethod(env, bench, m_native, jhandle, jc, jp, (jint)n) / n;
            if ((*env)->ExceptionCheck(env)) {
                (*env)->ExceptionDescribe(env);
                return 1;
            }
        }
        mc = median(vc, rounds);
        mj = median(vj, rounds);
        mn = median(vn, rounds);
        printf("RESULT calls %s c_abi_ns=%.0f java_session_ns=%.0f java_nativeentry_ns=%.0f overhead_ns=%.0f "
               "(min c %.0f / java %.0f)\n", cmd, mc, mj, mn, mc - mj, vc[0], vj[0]);
        free(vc); free(vj); free(vn);
    }
    (*env)->CallStaticVoidMethod(env, bench, m_close, jsession, jhandle);
    A.close(h);
    return 0;
}

static int bench_cold(void)
{
    lmx_handle h = NULL;
    char buf[256];
    long rss0 = proc_status("VmRSS"), rss1, rss2, rss3;
    double t0 = now(), t_open, t_first, t_net;
    struct rusage ru;
    int i;
    if (A.open(config(), &h) != LMX_OK)
        die("lmx_open", NULL);
    t_open = now();
    if (A.execute(h, "version", NULL) != LMX_OK || A.result(h, "/version", buf, sizeof buf) <= 0)
        die("version", h);
    t_first = now();
    rss1 = proc_status("VmRSS");
    for (i = 0; i < 1000; i++) {
        if (A.execute(h, i % 2 ? "version" : "status", NULL) != LMX_OK || A.result(h, NULL, buf, 0) <= 0)
            die("execute", h);
    }
    rss2 = proc_status("VmRSS");
    getrusage(RUSAGE_SELF, &ru);
    /* then the first network command (the bench URL refuses connections): HTTP client, TLS defaults
     * and the XML codec are created here, not at open; measured apart from the figures above */
    t_net = now();
    A.execute(h, "balance", "{\"identifier\":{\"type\":\"cardNumber\",\"value\":\"8690003\"}}");
    A.result(h, NULL, buf, sizeof buf);
    t_net = now() - t_net;
    rss3 = proc_status("VmRSS"); /* every thread of the process: the VM's compiler and GC threads too */
    if (getenv("LMX_BENCH_HOLD")) { /* time to look at the process: jcmd <pid> VM.native_memory, /proc/<pid>/smaps */
        printf("HOLD pid=%ld for %s s\n", (long)getpid(), getenv("LMX_BENCH_HOLD"));
        fflush(stdout);
        sleep((unsigned)atoi(getenv("LMX_BENCH_HOLD")));
    }
    printf("RESULT cold process_to_answer_ms=%.1f open_ms=%.1f open_to_answer_ms=%.1f cpu_ms=%.0f rss_before_kb=%ld "
           "rss_after_open_kb=%ld rss_after_calls_kb=%ld added_kb=%ld first_network_ms=%.1f added_after_network_kb=%ld\n",
           (t_first - t_start) * 1e3, (t_open - t0) * 1e3, (t_first - t0) * 1e3,
           (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3,
           rss0, rss1, rss2, rss2 - rss0, t_net * 1e3, rss3 - rss0);
    A.close(h);
    return 0;
}

/* the training's commands on one handle: most fail (server unreachable, bad fields) or are refused by
 * processing; every answer, error and offline path runs once at least */
static void train_commands(const char *cfg)
{
    static const char *const calc[] = {
        "{\"identifier\":{\"type\":\"phone\",\"value\":\"79260000001\"},\"cheque\":{\"number\":\"1\","
        "\"date\":\"2024-05-01T10:00:00\",\"lines\":["
        "{\"pos\":1,\"goodsId\":\"A1\",\"name\":\"\xD0\x9C\xD0\xBE\xD0\xBB\xD0\xBE\xD0\xBA\xD0\xBE\",\"price\":89.90,\"quantity\":2,\"amount\":179.80},"
        "{\"pos\":2,\"goodsId\":\"B2\",\"name\":\"Bread\",\"price\":45.00,\"quantity\":1,\"amount\":45.00}]},"
        "\"amount\":224.80,\"pays\":[{\"type\":\"bonus\",\"amount\":10}]}",
        "{\"identifier\":{\"type\":\"cardNumber\",\"value\":\"8690003\"},\"cheque\":{\"number\":\"2\","
        "\"lines\":[{\"pos\":1,\"goodsId\":\"1001\",\"name\":\"Milk\",\"price\":\"99.90\",\"quantity\":\"1\",\"amount\":\"99.90\"}]},"
        "\"amount\":\"5\",\"pays\":[{\"type\":\"Card\",\"amount\":\"94.90\"}]}",
        NULL};
    static const char *const cmds[] = {"version", "status", "balance", "calculate", "availableAmount", "pay", "discount",
                                       "confirm", "cancel", "refund", "queue", "nonsense", NULL};
    lmx_handle h = NULL;
    char buf[65536];
    int i, k;
    if (A.open(cfg, &h) != LMX_OK)
        die("lmx_open", NULL);
    for (i = 0; i < 3; i++)
        for (k = 0; cmds[k]; k++) {
            A.execute(h, cmds[k], k < 2 ? NULL : calc[i % 2]);
            A.result(h, NULL, buf, sizeof buf);
            A.result(h, "/ok", buf, sizeof buf);
            A.error_text(h, buf, sizeof buf);
        }
    A.execute(h, "calculate", "{not json");
    A.close(h);
}

static int bench_train(void)
{
    JNIEnv *env;
    jclass sys;
    train_commands(config());
    if (getenv("LMX_BENCH_URL")) { /* the offline paths too: the same commands with processing unreachable */
        char off[8192];
        const char *c = config(), *u = strstr(c, "\"url\":\""), *e = u ? strchr(u + 7, '"') : NULL;
        if (!u || !e)
            die("training configuration", NULL);
        snprintf(off, sizeof off, "%.*s\"url\":\"http://127.0.0.1:9/XmlExchange/p/reg09/\",\"register\":\"reg09\"%s",
                 (int)(u - c), c, e + 1);
        train_commands(off);
    }
    rm_tmpdir();
    printf("training done; exiting through System.exit (writes the archive)\n");
    fflush(stdout);
    env = jni_env(NULL);
    sys = (*env)->FindClass(env, "java/lang/System");
    (*env)->CallStaticVoidMethod(env, sys, (*env)->GetStaticMethodID(env, sys, "exit", "(I)V"), 0);
    return 1; /* not reached */
}

int main(int argc, char **argv)
{
    void *lib;
    const char *mode;
    int rc;
    t_start = now();
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 3) {
        fprintf(stderr, "usage: %s <libloymax_bridge.so> calls <rounds> <n> <classdir> | cold | train\n", argv[0]);
        return 2;
    }
    mode = argv[2];
    lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "lmx_bench: %s\n", dlerror());
        return 1;
    }
    A.open = (int (*)(const char *, lmx_handle *))dlsym(lib, "lmx_open");
    A.close = (int (*)(lmx_handle))dlsym(lib, "lmx_close");
    A.execute = (int (*)(lmx_handle, const char *, const char *))dlsym(lib, "lmx_execute");
    A.result = (int (*)(lmx_handle, const char *, char *, int))dlsym(lib, "lmx_result");
    A.error_text = (int (*)(lmx_handle, char *, int))dlsym(lib, "lmx_error_text");
    if (!A.open || !A.close || !A.execute || !A.result || !A.error_text) {
        fprintf(stderr, "lmx_bench: missing lmx_* symbols\n");
        return 1;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/lmx_bench.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    if (!strcmp(mode, "calls") && argc >= 6)
        rc = bench_calls(atoi(argv[3]), atoi(argv[4]), argv[5]);
    else if (!strcmp(mode, "cold"))
        rc = bench_cold();
    else if (!strcmp(mode, "train"))
        rc = bench_train();
    else {
        fprintf(stderr, "unknown mode %s\n", mode);
        rc = 2;
    }
    rm_tmpdir();
    return rc;
}
