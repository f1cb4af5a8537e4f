/* Internal declarations of the bridge library.  Not installed. */
#ifndef LMX_INTERNAL_H
#define LMX_INTERNAL_H

#define LMX_BUILDING_LIBRARY 1
#include "loymax_bridge.h"
#include "lmx_text.h"

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <jni.h>

#ifdef _WIN32
#  ifndef WIN32_LEAN_AND_MEAN
#    define WIN32_LEAN_AND_MEAN
#  endif
#  include <windows.h>
#else
#  include <pthread.h>
#endif

#ifndef LMX_LIBRARY_VERSION
#define LMX_LIBRARY_VERSION LMX_VERSION_STRING
#endif

#if defined(__GNUC__)
#define LMX_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define LMX_PRINTF(a, b)
#endif

/* ---- growable UTF-8 text -------------------------------------------------------------------- */
typedef struct lmx_buf {
    char *p;      /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    int oom;      /* an allocation failed; the text is truncated */
} lmx_buf;

void lmx_buf_free(lmx_buf *b);
void lmx_buf_clear(lmx_buf *b);
void lmx_buf_add(lmx_buf *b, const char *s, size_t n);
void lmx_buf_adds(lmx_buf *b, const char *s);
void lmx_buf_addf(lmx_buf *b, const char *fmt, ...) LMX_PRINTF(2, 3);
const char *lmx_buf_str(const lmx_buf *b); /* "" when empty */
/* ---- the message catalogue (lmx_text.h): b += the sentence id in lang with its arguments ------ */
void lmx_buf_vaddf(lmx_buf *b, const char *fmt, va_list ap);
void lmx_buf_addt(lmx_buf *b, lmx_lang lang, lmx_text id, ...);
/* The sentence as a malloc'ed string ("" when out of memory; never NULL unless that fails too). */
char *lmx_tdup(lmx_lang lang, lmx_text id, ...);
char *lmx_strdup(const char *s);
char *lmx_strndup(const char *s, size_t n);

/* ---- UTF ------------------------------------------------------------------------------------ */
/* Offset of the first byte that is not part of valid UTF-8 (RFC 3629: no overlongs, no surrogates,
 * max U+10FFFF), or -1 when all of s[0..len) is valid. */
long lmx_utf8_invalid_at(const char *s, size_t len);
/* UTF-16 (NUL-terminated) -> UTF-8, malloc'ed.  Returns 0, or -1 with *bad_unit = offset of an
 * unpaired surrogate, or -2 out of memory, or -3 longer than max_bytes. */
int lmx_utf16_to_utf8(const uint16_t *w, size_t max_bytes, char **out, size_t *out_len, long *bad_unit);
/* UTF-8 (valid) -> UTF-16 units; returns the number of units written/needed (no NUL). */
size_t lmx_utf8_to_utf16(const char *s, size_t len, uint16_t *out, size_t cap);
/* ---- defaults shared with the core (org.lmxbridge.BridgeConfig; DefaultsTableTest compares them) -- */
#define LMX_DEFAULT_CONNECT_TIMEOUT_MS 3000
#define LMX_DEFAULT_READ_TIMEOUT_MS 10000
#define LMX_DEFAULT_LANE_EXTRA_MS 2000            /* laneWaitMs default: connect + read + this */
#define LMX_DEFAULT_DATA_DIR_POSIX ".loymax-bridge" /* under the home folder */
#define LMX_DEFAULT_DATA_DIR_WINDOWS "LoymaxBridge" /* under %ProgramData% */
#define LMX_MAX_CONFIG_BYTES (1024 * 1024)        /* a configuration file (Json.MAX_INPUT_CHARS) */
#define LMX_MAX_REQUEST_BYTES (1024 * 1024)       /* request_json: larger is LMX_INVALID_REQUEST */
#define LMX_MAX_COMMAND_BYTES 64                  /* a longer command name is LMX_UNKNOWN_COMMAND */
#define LMX_MAX_VALUE_BYTES (40 * 1024)           /* lmx_set_param value: larger is LMX_INVALID_REQUEST */
#define LMX_MAX_TOKEN_BYTES 4096                  /* the host's token file */
#define LMX_HOST_ANSWER_MARGIN_MS 5000            /* host engine: answer timeout = connect+read+lane+this */

/* ---- configuration keys read by the library (lmx_config.c) ---------------------------------- */
typedef struct lmx_config {
    char *engine;        /* NULL: absent */
    char *jvm_path;      /* NULL: absent */
    char **jvm_options;  /* n_jvm_options strings */
    int n_jvm_options;
    int json_ok;         /* the text parsed as a JSON object */
    /* host engine (NULL / -1: absent) */
    char *host_address;  /* "hostAddress" */
    char *token_file;    /* "tokenFile" */
    char *data_dir;      /* "dataDir" (the default token file, the VM's log) */
    char *log_level;     /* "logLevel" when a plain word (the core checks it): the VM's log level at start */
    long connect_timeout_ms, read_timeout_ms, lane_wait_ms; /* as the core reads them, else -1 */
    lmx_lang lang;       /* "language": the language of the library's sentences for this handle (Russian by default) */
    const char *bad_key; /* the first key of the library's own with a value of the wrong kind (static) */
    lmx_text bad_what;   /* what is wrong with it, e.g. LT_KEY_STRING "must be a string" (never the value itself) */
    int oom;
} lmx_config;

/* Reads the keys the library needs.  Malformed JSON leaves json_ok 0 (the core reports the syntax
 * error); a key of the wrong type sets bad_key/bad_what. */
void lmx_config_scan(const char *json, size_t len, lmx_config *cfg);
void lmx_config_free(lmx_config *cfg);
/* The "language" a configuration (JSON text or the path of a file holding it) declares; the default
 * when it declares none or cannot be read (the COM object's own sentences, before and after Open). */
lmx_lang lmx_config_lang_of(const char *config_or_path);
/* "dataDir", else the platform's default folder (as BridgeConfig.defaultDataDir); malloc'ed. */
char *lmx_config_data_dir(const lmx_config *cfg);
/* The host engine's answer timeout: connectTimeoutMs + readTimeoutMs + laneWaitMs + margin. */
long long lmx_config_answer_timeout_ms(const lmx_config *cfg);

/* ---- engines ----------------------------------------------------------------------------------
 * An engine runs the core for the handles of lmx_api.c (as a VFS serves sqlite3): lmx_engine_jvm.c
 * in this process through JNI, lmx_engine_host.c in a `loymax-bridge host` process.  lmx_api.c
 * checks every argument first (handles, NULLs, UTF-8, sizes); an engine function gets valid UTF-8
 * with lengths, is called by one thread at a time per session, and returns a status: when it is not
 * LMX_OK, the sentence describing it is in err (status and text always together; lmx_api.c stores
 * both in the handle's one error slot).  *lost set: the engine's session was replaced (host
 * reconnect), so values cached from its last result are stale. */
typedef struct lmx_engine {
    const char *name;
    /* config/len: as the caller gave it (a JSON object or a file path); text/text_len: the JSON
     * (the file's content for a path, without a BOM); cfg: the keys read by the library. */
    int (*open)(const char *config, size_t len, const char *text, size_t text_len, const lmx_config *cfg,
                void **session, lmx_buf *err);
    void (*close)(void *session);
    int (*execute)(void *session, const char *command, size_t cl, const char *request, size_t rl, lmx_buf *err,
                   int *lost);
    int (*set_param)(void *session, const char *ptr, size_t pl, const char *value, size_t vl, lmx_buf *err,
                     int *lost);
    /* The value at ptr of the last result (malloc'ed UTF-8 that may hold NUL bytes, counted in *vlen). */
    int (*result)(void *session, const char *ptr, size_t pl, char **val, size_t *vlen, lmx_buf *err, int *lost);
    int (*reset)(void *session, lmx_buf *err, int *lost);
} lmx_engine;
extern const lmx_engine lmx_engine_jvm;
extern const lmx_engine lmx_engine_host;

/* ---- platform ------------------------------------------------------------------------------- */
#ifdef _WIN32
typedef SRWLOCK lmx_mutex;
typedef CONDITION_VARIABLE lmx_cond;
#define LMX_MUTEX_INIT SRWLOCK_INIT
#define LMX_COND_INIT CONDITION_VARIABLE_INIT
#else
typedef pthread_mutex_t lmx_mutex;
typedef pthread_cond_t lmx_cond;
#define LMX_MUTEX_INIT PTHREAD_MUTEX_INITIALIZER
#define LMX_COND_INIT PTHREAD_COND_INITIALIZER
#endif
void lmx_mutex_lock(lmx_mutex *m);
void lmx_mutex_unlock(lmx_mutex *m);
void lmx_cond_wait(lmx_cond *c, lmx_mutex *m);
void lmx_cond_broadcast(lmx_cond *c);
/* Starts a detached thread; returns 0 or an OS error number. */
int lmx_thread_start(void (*fn)(void *), void *arg, size_t stack_size);

/* Per-thread state of the library (JNI attachment and the thread's handle-less last error). */
typedef struct lmx_tstate {
    int attached_by_us;   /* this thread was attached to the VM by the library */
    unsigned long thread_id;
    int err_code;
    lmx_buf err_text;
} lmx_tstate;
lmx_tstate *lmx_tstate_get(void); /* creates it; NULL only when out of memory */
/* Called by the platform TLS destructor when a thread ends. */
void lmx_tstate_destroy(lmx_tstate *ts);
unsigned long lmx_thread_id(void);

/* The folder of this library (UTF-8, no trailing separator) and its full path.  Static strings. */
const char *lmx_self_dir(void);
const char *lmx_self_path(void);
/* Keeps the library in memory for the life of the process (the VM runs our code). */
void lmx_pin_self(void);

#ifdef _WIN32
#define LMX_SEP '\\'
#define LMX_SEPS "\\"
#else
#define LMX_SEP '/'
#define LMX_SEPS "/"
#endif
int lmx_is_dir(const char *path);
int lmx_is_file(const char *path);
/* Reads a whole regular file of at most max bytes (never blocks on a FIFO or device: anything but a
 * regular file is refused before reading).  Returns 0, or an errno-like value with a sentence in err
 * (may be NULL), in lang: "<what> <path> is not found / is not readable (permission denied) / is not a
 * regular file (a folder, a FIFO, …) / is larger than N bytes", with the OS reason; what is a noun
 * of the catalogue (LT_WHAT_CONFIG_FILE). */
int lmx_read_file(const char *path, lmx_lang lang, lmx_text what, size_t max, char **data, size_t *len, lmx_buf *err);
/* Calls prepare before a fork() of this process and parent/child after it (POSIX: pthread_atfork;
 * nothing on Windows).  Once per process. */
void lmx_on_fork(void (*prepare)(void), void (*parent)(void), void (*child)(void));
/* Reads up to n bytes from the start of a file; returns the count or -1. */
long lmx_read_head(const char *path, void *buf, size_t n);
/* Resolves symbolic links; malloc'ed, NULL when it fails. */
char *lmx_realpath(const char *path);
/* Environment variable as UTF-8, malloc'ed, NULL when unset or empty. */
char *lmx_getenv(const char *name);
/* Dynamic loading: handle or NULL with the reason in err. */
void *lmx_dlopen(const char *path, lmx_buf *err);
void *lmx_dlsym(void *lib, const char *name);
/* A description of the OS error err (errno / GetLastError), appended to b. */
void lmx_add_os_error(lmx_buf *b, unsigned long err);
#ifdef _WIN32
/* The same, with the library's own words ("Windows error N") in lang. */
void lmx_add_os_error_in(lmx_buf *b, lmx_lang lang, unsigned long err);
#endif

/* Creates a folder and its parents (best effort). */
void lmx_mkdirs(const char *path);
/* Opens a file for appending (created if missing, not inherited by child processes); NULL on failure. */
FILE *lmx_fopen_append(const char *path);
/* Empties a file opened by lmx_fopen_append; 0 on success. */
int lmx_truncate_file(FILE *f);
/* This process's id. */
unsigned long lmx_process_id(void);
/* Around creating the Java VM: what the VM would take from the program is moved aside (POSIX: its
 * thread-suspension signal, SIGUSR2, becomes a free real-time signal through _JAVA_SR_SIGNUM, unless
 * the program set that variable itself); nothing on Windows. */
void lmx_signals_before_vm(void);
void lmx_signals_after_vm(void);
/* n bytes from the system's cryptographic random source; 0 on success. */
int lmx_random(void *buf, size_t n);
#include "lmx_hmac.h"

/* ---- floating-point environment around the VM ----------------------------------------------- */
/* The host may run with FP exceptions unmasked (Delphi: x87 CW $1332, MXCSR $1900); the JVM needs
 * them masked.  Every entry into the VM saves the host's x87 control word and MXCSR, loads the
 * defaults, and restores the host's values (with pending x87 exceptions cleared) afterwards. */
typedef struct lmx_fpenv {
    unsigned short x87cw;
    unsigned int mxcsr;
} lmx_fpenv;
#if defined(__i386__) || defined(__x86_64__)
#  ifdef _WIN32
#    define LMX_DEFAULT_X87CW 0x027F
#  else
#    define LMX_DEFAULT_X87CW 0x037F
#  endif
#  define LMX_DEFAULT_MXCSR 0x1F80u
static inline void lmx_fp_enter(lmx_fpenv *s)
{
    unsigned short cw = LMX_DEFAULT_X87CW;
    unsigned int mx = LMX_DEFAULT_MXCSR;
    __asm__ __volatile__("fnstcw %0" : "=m"(s->x87cw));
    __asm__ __volatile__("stmxcsr %0" : "=m"(s->mxcsr));
    __asm__ __volatile__("fnclex\n\tfldcw %0" : : "m"(cw));
    __asm__ __volatile__("ldmxcsr %0" : : "m"(mx));
}
static inline void lmx_fp_leave(const lmx_fpenv *s)
{
    __asm__ __volatile__("fnclex\n\tfldcw %0" : : "m"(s->x87cw));
    __asm__ __volatile__("ldmxcsr %0" : : "m"(s->mxcsr));
}
#else
static inline void lmx_fp_enter(lmx_fpenv *s) { (void)s; }
static inline void lmx_fp_leave(const lmx_fpenv *s) { (void)s; }
#endif

/* ---- the Java VM ---------------------------------------------------------------------------- */
typedef struct lmx_jni {
    JavaVM *vm;
    jclass cls; /* global ref to NativeEntry */
    jmethodID open, openErrorText, close, execute, result, setParam, resetParams, errorCode,
        errorText, version, ping;
} lmx_jni;
extern lmx_jni lmx_g;

/* Makes sure the VM runs and NativeEntry is loaded (first call creates or finds it; thread-safe).
 * Returns LMX_OK or a status with its sentence in err. */
int lmx_jvm_ensure(const lmx_config *cfg, lmx_buf *err);
/* The JNIEnv of the calling thread, attaching it (as a daemon) when needed.  Call between
 * lmx_fp_enter/leave.  NULL with the status in *status and the text in err on failure. */
JNIEnv *lmx_jvm_env(int *status, lmx_buf *err);
/* When a Java exception is pending: clears it, appends its description to err and returns
 * LMX_INTERNAL (LMX_RESOURCE_EXHAUSTED for OutOfMemoryError/StackOverflowError); else 0. */
int lmx_jvm_check(JNIEnv *env, const char *what, lmx_buf *err);
/* 1 when a VM is up and NativeEntry is loaded. */
int lmx_jvm_ready(void);

#endif
