/* The C ABI: handles, argument checking, the buffer protocol, marshalling to NativeEntry. */
#include "lmx_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC_OPEN 0x4F584D4Cu /* "LMXO" */
#define MAGIC_DEAD 0x44584D4Cu /* "LMXD" */
#define SLAB 256
#define MAX_CONFIG_FILE (1024 * 1024)

struct lmx_session {
    volatile uint32_t magic;
    jlong id;            /* NativeEntry's handle id */
    lmx_hconn *host;     /* "engine":"host": the connection to the host process (lmx_host.c); NULL: in-process */
    lmx_mutex call_lock; /* one call into the core at a time per handle (CommandSession is not thread-safe) */
    lmx_mutex lock;      /* guards everything below; never held across a call into the VM */
    int c_valid;         /* 1: the last call was answered by the C side (c_code/c_text) */
    int c_code;
    lmx_buf c_text;
    unsigned gen;        /* bumped by every execute */
    int cache_valid;     /* the last value read, so that "ask size, then read" costs one call */
    unsigned cache_gen;
    char *cache_ptr;
    char *cache_val;
    size_t cache_len;
};

/* Sessions live in slabs that are never freed: a closed handle stays recognisable (MAGIC_DEAD),
 * and a pointer that is not inside a slab is known to be foreign without being dereferenced.
 * A closed slot is reused only after QUARANTINE later closes, so memory stays bounded however many
 * times a program opens and closes (a register that reopens per purchase for years) while a use of
 * a recently closed handle is still caught; a handle used after that many other closes may reach
 * another session — the header says a closed handle must not be used. */
#define QUARANTINE 1024
static lmx_mutex reg_lock = LMX_MUTEX_INIT;
static struct lmx_session **slabs;
static int nslabs, slabs_cap, last_used = SLAB;
static struct lmx_session **dead_ring; /* closed slots, oldest first (a ring) */
static size_t dead_head, dead_count, dead_cap;

/* Called at the end of lmx_close: the slot joins the quarantine. */
static void session_retire(struct lmx_session *s)
{
    lmx_mutex_lock(&reg_lock);
    if (dead_count == dead_cap) {
        size_t nc = dead_cap ? dead_cap * 2 : 2 * QUARANTINE, k;
        struct lmx_session **nr = (struct lmx_session **)malloc(sizeof(*nr) * nc);
        if (!nr) { /* keep the slot out of circulation: memory, not safety, is lost */
            lmx_mutex_unlock(&reg_lock);
            return;
        }
        for (k = 0; k < dead_count; k++)
            nr[k] = dead_ring[(dead_head + k) % dead_cap];
        free(dead_ring);
        dead_ring = nr;
        dead_cap = nc;
        dead_head = 0;
    }
    dead_ring[(dead_head + dead_count) % dead_cap] = s;
    dead_count++;
    lmx_mutex_unlock(&reg_lock);
}

static struct lmx_session *session_alloc(void)
{
    struct lmx_session *s;
    lmx_mutex_lock(&reg_lock);
    if (dead_count > QUARANTINE) {
        /* the oldest closed slot; its mutexes are unlocked and stay initialised */
        s = dead_ring[dead_head];
        dead_head = (dead_head + 1) % dead_cap;
        dead_count--;
        s->magic = 0;
        s->id = 0;
        s->host = NULL;
        s->c_valid = 0;
        s->c_code = 0;
        memset(&s->c_text, 0, sizeof s->c_text);
        s->cache_valid = 0;
        s->cache_ptr = s->cache_val = NULL;
        s->cache_len = 0;
        lmx_mutex_unlock(&reg_lock);
        return s;
    }
    if (last_used == SLAB) {
        struct lmx_session *slab;
        if (nslabs == slabs_cap) {
            int nc = slabs_cap ? slabs_cap * 2 : 16;
            struct lmx_session **ns = (struct lmx_session **)realloc(slabs, sizeof(*ns) * (size_t)nc);
            if (!ns) {
                lmx_mutex_unlock(&reg_lock);
                return NULL;
            }
            slabs = ns;
            slabs_cap = nc;
        }
        slab = (struct lmx_session *)calloc(SLAB, sizeof *slab);
        if (!slab) {
            lmx_mutex_unlock(&reg_lock);
            return NULL;
        }
        slabs[nslabs++] = slab;
        last_used = 0;
    }
    s = &slabs[nslabs - 1][last_used++];
    {
        lmx_mutex m = LMX_MUTEX_INIT, m2 = LMX_MUTEX_INIT;
        s->lock = m;
        s->call_lock = m2;
    }
    lmx_mutex_unlock(&reg_lock);
    return s;
}

static int session_known(const void *h)
{
    int k, found = 0;
    const char *p = (const char *)h;
    lmx_mutex_lock(&reg_lock);
    for (k = 0; k < nslabs && !found; k++) {
        const char *b = (const char *)slabs[k];
        size_t limit = sizeof(struct lmx_session) * (size_t)(k == nslabs - 1 ? last_used : SLAB);
        if (p >= b && p < b + limit && (size_t)(p - b) % sizeof(struct lmx_session) == 0)
            found = 1;
    }
    lmx_mutex_unlock(&reg_lock);
    return found;
}

/* ---- error recording ------------------------------------------------------------------------- */
static void thread_error(int code, const char *fmt, ...) LMX_PRINTF(2, 3);
static void thread_error(int code, const char *fmt, ...)
{
    lmx_tstate *ts = lmx_tstate_get();
    char tmp[1024];
    va_list ap;
    if (!ts)
        return;
    ts->err_code = code;
    lmx_buf_clear(&ts->err_text);
    if (fmt) {
        va_start(ap, fmt);
        vsnprintf(tmp, sizeof tmp, fmt, ap);
        va_end(ap);
        lmx_buf_adds(&ts->err_text, tmp);
    }
}

static void thread_error_text(int code, const char *text)
{
    lmx_tstate *ts = lmx_tstate_get();
    if (!ts)
        return;
    ts->err_code = code;
    lmx_buf_clear(&ts->err_text);
    lmx_buf_adds(&ts->err_text, text);
}

static void session_error(struct lmx_session *s, int code, const char *text)
{
    lmx_mutex_lock(&s->lock);
    s->c_valid = 1;
    s->c_code = code;
    lmx_buf_clear(&s->c_text);
    lmx_buf_adds(&s->c_text, text);
    lmx_mutex_unlock(&s->lock);
}

static void session_errorf(struct lmx_session *s, int code, const char *fmt, ...) LMX_PRINTF(3, 4);
static void session_errorf(struct lmx_session *s, int code, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    session_error(s, code, tmp);
}

/* The next error question goes to the core, which answered the last call. */
static void session_java_answered(struct lmx_session *s)
{
    lmx_mutex_lock(&s->lock);
    s->c_valid = 0;
    lmx_mutex_unlock(&s->lock);
}

/* Records the outcome of a host-engine call (the C side keeps the error of host sessions: the answers
 * carry status and text).  A replaced host-side session (reconnect) also drops cached result values. */
static int host_finish(struct lmx_session *s, int st, lmx_buf *err, int lost)
{
    if (lost) {
        lmx_mutex_lock(&s->lock);
        s->gen++;
        s->cache_valid = 0;
        lmx_mutex_unlock(&s->lock);
    }
    session_error(s, st, st ? lmx_buf_str(err) : "");
    lmx_buf_free(err);
    return st;
}

/* Returns the open session behind h, or NULL after recording why for the calling thread. */
static struct lmx_session *session_get(lmx_handle h, const char *fn)
{
    struct lmx_session *s = (struct lmx_session *)h;
    if (!h) {
        thread_error(LMX_INVALID_HANDLE, "%s: the handle is NULL (lmx_open failed or was not called)", fn);
        return NULL;
    }
    if (!session_known(h)) {
        thread_error(LMX_INVALID_HANDLE, "%s: the handle %p was not made by lmx_open", fn, (void *)h);
        return NULL;
    }
    if (s->magic != MAGIC_OPEN) {
        thread_error(LMX_INVALID_HANDLE, "%s: the handle %p is closed", fn, (void *)h);
        return NULL;
    }
    return s;
}

/* session_get plus the handle's call lock (held until session_leave): calls on one handle run one
 * at a time; a handle closed while this thread waited is reported as closed. */
static struct lmx_session *session_enter(lmx_handle h, const char *fn)
{
    struct lmx_session *s = session_get(h, fn);
    if (!s)
        return NULL;
    lmx_mutex_lock(&s->call_lock);
    if (s->magic != MAGIC_OPEN) {
        lmx_mutex_unlock(&s->call_lock);
        thread_error(LMX_INVALID_HANDLE, "%s: the handle %p is closed", fn, (void *)h);
        return NULL;
    }
    return s;
}

static void session_leave(struct lmx_session *s)
{
    lmx_mutex_unlock(&s->call_lock);
}

/* ---- argument checks -------------------------------------------------------------------------- */
#ifdef _WIN32
#define W_HINT_FMT "; text in a code page such as cp1251 must be converted to UTF-8 first, or passed as UTF-16 to %sW"
#else
#define W_HINT_FMT "; text in a code page such as cp1251 must be converted to UTF-8 first%s"
#endif

/* 0 when s (may be NULL if allow_null) is acceptable; else the status, with the sentence in msg. */
static int check_text(const char *fn, const char *what, const char *s, int allow_null, size_t *len, char *msg,
                      size_t cap)
{
    long bad;
    size_t n;
    *len = 0;
    if (!s) {
        if (allow_null)
            return 0;
        snprintf(msg, cap, "%s: %s is NULL", fn, what);
        return LMX_BAD_ARGUMENT;
    }
    for (n = 0; n <= (size_t)LMX_MAX_INPUT_BYTES && s[n]; n++)
        ;
    if (n > (size_t)LMX_MAX_INPUT_BYTES) {
        snprintf(msg, cap, "%s: %s is longer than %d bytes", fn, what, LMX_MAX_INPUT_BYTES);
        return LMX_BAD_ARGUMENT;
    }
    bad = lmx_utf8_invalid_at(s, n);
    if (bad >= 0) {
#ifdef _WIN32
        const char *hint = fn;
#else
        const char *hint = "";
#endif
        snprintf(msg, cap, "%s: %s is not valid UTF-8 at byte offset %ld (byte 0x%02X)" W_HINT_FMT, fn, what, bad,
                 (unsigned)(unsigned char)s[bad], hint);
        return LMX_INVALID_ENCODING;
    }
    *len = n;
    return 0;
}

/* ---- calling into the VM ---------------------------------------------------------------------- */
typedef struct jcall {
    lmx_fpenv fp;
    JNIEnv *env;
    int status;
    lmx_buf err;
} jcall;

static int jcall_begin(jcall *c)
{
    memset(c, 0, sizeof *c);
    lmx_fp_enter(&c->fp);
    c->env = lmx_jvm_env(&c->status, &c->err);
    if (!c->env) {
        lmx_fp_leave(&c->fp);
        return 0;
    }
    if ((*c->env)->PushLocalFrame(c->env, 16) != 0) {
        c->status = lmx_jvm_check(c->env, "PushLocalFrame", &c->err);
        if (!c->status)
            c->status = LMX_RESOURCE_EXHAUSTED;
        lmx_fp_leave(&c->fp);
        return 0;
    }
    return 1;
}

static void jcall_end(jcall *c)
{
    (*c->env)->PopLocalFrame(c->env, NULL);
    lmx_fp_leave(&c->fp);
}

/* A UTF-8 byte[] (NULL for a NULL pointer).  *failed set when the array could not be made. */
static jbyteArray jbytes(jcall *c, const char *s, size_t n, int *failed)
{
    jbyteArray a;
    if (!s)
        return NULL;
    a = (*c->env)->NewByteArray(c->env, (jsize)n);
    if (a && n)
        (*c->env)->SetByteArrayRegion(c->env, a, 0, (jsize)n, (const jbyte *)s);
    if ((*c->env)->ExceptionCheck(c->env) || !a) {
        int st = lmx_jvm_check(c->env, "passing a string to Java", &c->err);
        c->status = st ? st : LMX_RESOURCE_EXHAUSTED;
        *failed = 1;
        return NULL;
    }
    return a;
}

/* Copies a byte[] into a malloc'ed NUL-terminated buffer. */
static char *cbytes(jcall *c, jbyteArray a, size_t *len)
{
    jsize n;
    char *r;
    *len = 0;
    if (!a)
        return NULL;
    n = (*c->env)->GetArrayLength(c->env, a);
    r = (char *)malloc((size_t)n + 1);
    if (!r) {
        c->status = LMX_RESOURCE_EXHAUSTED;
        lmx_buf_addf(&c->err, "out of memory for a result of %ld bytes", (long)n);
        return NULL;
    }
    (*c->env)->GetByteArrayRegion(c->env, a, 0, n, (jbyte *)r);
    r[n] = 0;
    *len = (size_t)n;
    return r;
}

/* ---- the buffer protocol ----------------------------------------------------------------------- */
enum deliver_mode { FOR_SESSION, FOR_THREAD, NO_STATE };

/* Delivers text (UTF-8, len bytes) into buf of size bytes; returns the size needed (copied only
 * when it fits) or a negative status.  Only a failure is recorded (on the session or the thread,
 * per mode): a successful read — copied or "needs more room" — leaves the recorded error alone, so
 * that the error of an execute can still be read after its result. */
static int deliver8(const char *fn, const char *text, size_t len, char *buf, int size, enum deliver_mode mode,
                    struct lmx_session *s)
{
    int need;
    if (size < 0 || (!buf && size > 0)) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s: %s", fn, size < 0 ? "size is negative" : "buf is NULL but size is not 0");
        if (mode == FOR_SESSION)
            session_error(s, LMX_BAD_ARGUMENT, msg);
        else if (mode == FOR_THREAD)
            thread_error_text(LMX_BAD_ARGUMENT, msg);
        return -LMX_BAD_ARGUMENT;
    }
    if (len >= (size_t)INT_MAX) {
        if (mode == FOR_SESSION)
            session_errorf(s, LMX_RESOURCE_EXHAUSTED, "%s: the text is %lu bytes, more than an int can count", fn,
                           (unsigned long)len);
        return -LMX_RESOURCE_EXHAUSTED;
    }
    need = (int)len + 1;
    if (buf && size >= need) {
        memcpy(buf, text, len);
        buf[len] = 0;
    } else if (buf && size > 0) {
        buf[0] = 0;
    }
    return need;
}

/* ---- lmx_open / lmx_close ---------------------------------------------------------------------- */
static int is_json_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        p += 3;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    return *p == '{';
}

LMX_API int LMX_CALL lmx_open(const char *config, lmx_handle *out)
{
    char msg[1024];
    size_t len;
    int st;
    lmx_config cfg;
    lmx_buf err = {0};
    jcall c;
    jlong id = 0;
    struct lmx_session *s;

    if (!out) {
        thread_error(LMX_BAD_ARGUMENT, "lmx_open: out (where the handle goes) is NULL");
        return LMX_BAD_ARGUMENT;
    }
    *out = NULL;
    if ((st = check_text("lmx_open", "config_json_or_path", config, 0, &len, msg, sizeof msg)) != 0) {
        thread_error_text(st, msg);
        return st;
    }

    if (is_json_text(config)) {
        lmx_config_scan(config, len, &cfg);
    } else if (len) {
        char *data = NULL;
        size_t dlen = 0;
        /* Unreadable file: the core reports it (after the VM is found with the defaults). */
        if (lmx_read_file(config, MAX_CONFIG_FILE, &data, &dlen, NULL) == 0) {
            lmx_config_scan(data, dlen, &cfg);
            free(data);
        } else {
            lmx_config_scan("", 0, &cfg);
        }
    } else {
        lmx_config_scan("", 0, &cfg);
    }
    if (cfg.engine && strcmp(cfg.engine, "inprocess") != 0 && strcmp(cfg.engine, "jvm") != 0) {
        if (strcmp(cfg.engine, "host") == 0) {
            /* Out of process: no Java VM is searched for or started in this process. */
            lmx_hconn *hc = NULL;
            size_t tl = 0;
            char *text = lmx_host_config_text(config, len, is_json_text(config), &tl);
            if (!text) {
                st = LMX_RESOURCE_EXHAUSTED;
                lmx_buf_adds(&err, "lmx_open: out of memory");
            } else {
                st = lmx_host_open(text, tl, &cfg, &hc, &err);
                memset(text, 0, tl);
                free(text);
            }
            if (st == LMX_OK && (s = session_alloc()) == NULL) {
                lmx_host_close(hc);
                st = LMX_RESOURCE_EXHAUSTED;
                lmx_buf_adds(&err, "lmx_open: out of memory for the handle");
            }
            if (st == LMX_OK) {
                s->host = hc;
                s->c_valid = 1;
                s->c_code = LMX_OK;
                s->magic = MAGIC_OPEN;
                *out = s;
            }
            thread_error_text(st, lmx_buf_str(&err));
            lmx_buf_free(&err);
        } else {
            st = LMX_CONFIG_INVALID;
            thread_error(st, "lmx_open: configuration key \"engine\" is \"%.200s\"; it must be \"inprocess\" (or \"jvm\") or \"host\"",
                         cfg.engine);
        }
        lmx_config_free(&cfg);
        return st;
    }

    st = lmx_jvm_ensure(&cfg, &err);
    lmx_config_free(&cfg);
    if (st != LMX_OK) {
        thread_error_text(st, lmx_buf_str(&err));
        lmx_buf_free(&err);
        return st;
    }

    if (!jcall_begin(&c)) {
        thread_error_text(c.status, lmx_buf_str(&c.err));
        lmx_buf_free(&c.err);
        return c.status;
    }
    {
        int failed = 0;
        jbyteArray a = jbytes(&c, config, len, &failed);
        if (!failed) {
            id = (*c.env)->CallStaticLongMethod(c.env, lmx_g.cls, lmx_g.open, a);
            if ((st = lmx_jvm_check(c.env, "NativeEntry.open", &c.err)) != 0)
                c.status = st;
        }
    }
    if (!c.status && id <= 0) {
        jbyteArray t;
        size_t tl;
        char *text;
        c.status = id < 0 && id > -1000 ? (int)-id : LMX_INTERNAL;
        t = (jbyteArray)(*c.env)->CallStaticObjectMethod(c.env, lmx_g.cls, lmx_g.openErrorText);
        if (lmx_jvm_check(c.env, "NativeEntry.openErrorText", &c.err) == 0) {
            text = cbytes(&c, t, &tl);
            lmx_buf_adds(&c.err, text ? text : "lmx_open failed");
            free(text);
        }
    }
    if (!c.status) {
        s = session_alloc();
        if (!s) {
            (*c.env)->CallStaticIntMethod(c.env, lmx_g.cls, lmx_g.close, id);
            lmx_jvm_check(c.env, "NativeEntry.close", &c.err);
            c.status = LMX_RESOURCE_EXHAUSTED;
            lmx_buf_adds(&c.err, "lmx_open: out of memory for the handle");
        } else {
            s->id = id;
            s->magic = MAGIC_OPEN;
            *out = s;
        }
    }
    jcall_end(&c);
    thread_error_text(c.status, lmx_buf_str(&c.err));
    lmx_buf_free(&c.err);
    return c.status;
}

static void cache_drop(struct lmx_session *s)
{
    s->cache_valid = 0;
    free(s->cache_ptr);
    free(s->cache_val);
    s->cache_ptr = s->cache_val = NULL;
    s->cache_len = 0;
}

LMX_API int LMX_CALL lmx_close(lmx_handle h)
{
    struct lmx_session *s = session_enter(h, "lmx_close");
    jcall c;
    int st = LMX_OK;
    if (!s)
        return LMX_INVALID_HANDLE;
    lmx_mutex_lock(&s->lock);
    s->magic = MAGIC_DEAD;
    cache_drop(s);
    lmx_buf_free(&s->c_text);
    s->c_valid = 0;
    lmx_mutex_unlock(&s->lock);

    if (s->host) {
        lmx_host_close(s->host);
        s->host = NULL;
        session_leave(s);
        session_retire(s);
        return LMX_OK;
    }
    if (jcall_begin(&c)) {
        st = (*c.env)->CallStaticIntMethod(c.env, lmx_g.cls, lmx_g.close, s->id);
        if (lmx_jvm_check(c.env, "NativeEntry.close", &c.err))
            st = LMX_OK; /* the handle is closed on our side whatever Java said */
        jcall_end(&c);
    }
    session_leave(s);
    session_retire(s);
    lmx_buf_free(&c.err);
    return st == LMX_INVALID_HANDLE ? LMX_OK : st;
}

/* ---- execute / params ---------------------------------------------------------------------------- */
/* Records who answered the last call: the C side (c->status set) or the core. */
static int finish_call(struct lmx_session *s, jcall *c, int st)
{
    if (c->status) {
        session_error(s, c->status, lmx_buf_str(&c->err));
        st = c->status;
    } else {
        session_java_answered(s);
    }
    lmx_buf_free(&c->err);
    return st;
}

static int finish_leave(struct lmx_session *s, jcall *c, int st)
{
    st = finish_call(s, c, st);
    session_leave(s);
    return st;
}

LMX_API int LMX_CALL lmx_execute(lmx_handle h, const char *command, const char *request_json)
{
    struct lmx_session *s = session_enter(h, "lmx_execute");
    char msg[512];
    size_t cl, rl;
    int st, failed = 0;
    jcall c;
    jbyteArray ca, ra;
    if (!s)
        return LMX_INVALID_HANDLE;
    if ((st = check_text("lmx_execute", "command", command, 0, &cl, msg, sizeof msg)) != 0 ||
        (st = check_text("lmx_execute", "request_json", request_json, 1, &rl, msg, sizeof msg)) != 0) {
        session_error(s, st, msg);
        session_leave(s);
        return st;
    }
    lmx_mutex_lock(&s->lock);
    s->gen++;
    cache_drop(s);
    lmx_mutex_unlock(&s->lock);
    if (s->host) {
        lmx_buf err = {0};
        int lost = 0;
        st = lmx_host_execute(s->host, command, cl, request_json, rl, &err, &lost);
        st = host_finish(s, st, &err, lost);
        session_leave(s);
        return st;
    }
    if (!jcall_begin(&c))
        return finish_leave(s, &c, 0);
    ca = jbytes(&c, command, cl, &failed);
    ra = failed ? NULL : jbytes(&c, request_json, rl, &failed);
    if (!failed) {
        st = (*c.env)->CallStaticIntMethod(c.env, lmx_g.cls, lmx_g.execute, s->id, ca, ra);
        if ((failed = lmx_jvm_check(c.env, "NativeEntry.execute", &c.err)) != 0)
            c.status = failed;
    }
    jcall_end(&c);
    return finish_leave(s, &c, st);
}

LMX_API int LMX_CALL lmx_set_param(lmx_handle h, const char *json_pointer, const char *value)
{
    struct lmx_session *s = session_enter(h, "lmx_set_param");
    char msg[512];
    size_t pl, vl;
    int st = 0, failed = 0;
    jcall c;
    jbyteArray pa, va;
    if (!s)
        return LMX_INVALID_HANDLE;
    if ((st = check_text("lmx_set_param", "json_pointer", json_pointer, 0, &pl, msg, sizeof msg)) != 0 ||
        (st = check_text("lmx_set_param", "value", value, 0, &vl, msg, sizeof msg)) != 0) {
        session_error(s, st, msg);
        session_leave(s);
        return st;
    }
    if (s->host) {
        lmx_buf err = {0};
        int lost = 0;
        st = lmx_host_set_param(s->host, json_pointer, pl, value, vl, &err, &lost);
        st = host_finish(s, st, &err, lost);
        session_leave(s);
        return st;
    }
    if (!jcall_begin(&c))
        return finish_leave(s, &c, 0);
    pa = jbytes(&c, json_pointer, pl, &failed);
    va = failed ? NULL : jbytes(&c, value, vl, &failed);
    if (!failed) {
        st = (*c.env)->CallStaticIntMethod(c.env, lmx_g.cls, lmx_g.setParam, s->id, pa, va);
        if ((failed = lmx_jvm_check(c.env, "NativeEntry.setParam", &c.err)) != 0)
            c.status = failed;
    }
    jcall_end(&c);
    return finish_leave(s, &c, st);
}

LMX_API int LMX_CALL lmx_reset_params(lmx_handle h)
{
    struct lmx_session *s = session_enter(h, "lmx_reset_params");
    int st = 0, e;
    jcall c;
    if (!s)
        return LMX_INVALID_HANDLE;
    if (s->host) {
        lmx_buf err = {0};
        int lost = 0;
        st = lmx_host_reset_params(s->host, &err, &lost);
        st = host_finish(s, st, &err, lost);
        session_leave(s);
        return st;
    }
    if (!jcall_begin(&c))
        return finish_leave(s, &c, 0);
    st = (*c.env)->CallStaticIntMethod(c.env, lmx_g.cls, lmx_g.resetParams, s->id);
    if ((e = lmx_jvm_check(c.env, "NativeEntry.resetParams", &c.err)) != 0)
        c.status = e;
    jcall_end(&c);
    return finish_leave(s, &c, st);
}

/* ---- results ----------------------------------------------------------------------------------- */
/* The value at json_pointer of the last result (malloc'ed UTF-8 in *val), or a status > 0 with the
 * session's error recorded.  Served from the one-entry cache when the same value was just read. */
static int result_value(struct lmx_session *s, const char *fn, const char *json_pointer, char **val, size_t *vlen)
{
    char msg[512];
    size_t pl;
    int st, e;
    unsigned gen;
    jcall c;
    const char *ptr = json_pointer ? json_pointer : "";
    *val = NULL;
    *vlen = 0;
    if ((st = check_text(fn, "json_pointer", ptr, 0, &pl, msg, sizeof msg)) != 0) {
        session_error(s, st, msg);
        return st;
    }
    lmx_mutex_lock(&s->lock);
    gen = s->gen;
    if (s->cache_valid && s->cache_gen == gen && strcmp(s->cache_ptr, ptr) == 0) {
        *val = lmx_strndup(s->cache_val, s->cache_len);
        *vlen = s->cache_len;
        lmx_mutex_unlock(&s->lock);
        if (!*val) {
            session_errorf(s, LMX_RESOURCE_EXHAUSTED, "%s: out of memory", fn);
            return LMX_RESOURCE_EXHAUSTED;
        }
        return LMX_OK;
    }
    lmx_mutex_unlock(&s->lock);

    if (s->host) {
        /* A successful read leaves the recorded error alone (as the core does); a failed one records it. */
        lmx_buf err = {0};
        int lost = 0;
        st = lmx_host_result(s->host, ptr, pl, val, vlen, &err, &lost);
        if (st || lost)
            host_finish(s, st, &err, lost); /* after a reconnect the old session's error went with it */
        lmx_buf_free(&err);
        if (st)
            return st;
        lmx_mutex_lock(&s->lock);
        gen = s->gen;
        lmx_mutex_unlock(&s->lock);
        goto have_value;
    }
    if (!jcall_begin(&c))
        return finish_call(s, &c, 0);
    {
        int failed = 0;
        jbyteArray pa = jbytes(&c, ptr, pl, &failed), ra;
        if (!failed) {
            ra = (jbyteArray)(*c.env)->CallStaticObjectMethod(c.env, lmx_g.cls, lmx_g.result, s->id, pa);
            if ((e = lmx_jvm_check(c.env, "NativeEntry.result", &c.err)) != 0) {
                c.status = e;
            } else if (!ra) {
                st = (*c.env)->CallStaticIntMethod(c.env, lmx_g.cls, lmx_g.errorCode, s->id);
                if ((e = lmx_jvm_check(c.env, "NativeEntry.errorCode", &c.err)) != 0)
                    c.status = e;
                else if (st == 0) {
                    c.status = LMX_INTERNAL;
                    lmx_buf_addf(&c.err, "%s: the core returned no value and no error", fn);
                }
            } else {
                *val = cbytes(&c, ra, vlen);
            }
        }
    }
    jcall_end(&c);
    st = finish_call(s, &c, st);
    if (st)
        return st;
    if (!*val)
        return LMX_RESOURCE_EXHAUSTED; /* recorded by cbytes via finish_call */
have_value:
    lmx_mutex_lock(&s->lock);
    if (s->gen == gen && s->magic == MAGIC_OPEN) {
        char *cp = lmx_strdup(ptr), *cv = lmx_strndup(*val, *vlen);
        cache_drop(s);
        if (cp && cv) {
            s->cache_ptr = cp;
            s->cache_val = cv;
            s->cache_len = *vlen;
            s->cache_gen = gen;
            s->cache_valid = 1;
        } else {
            free(cp);
            free(cv);
        }
    }
    lmx_mutex_unlock(&s->lock);
    if (memchr(*val, 0, *vlen)) {
        session_errorf(s, LMX_INVALID_ENCODING,
                       "%s: the value at \"%.200s\" contains U+0000 at byte offset %ld, which a C string cannot carry; "
                       "read the whole result (json_pointer NULL), where it is escaped as \\u0000",
                       fn, ptr, (long)((char *)memchr(*val, 0, *vlen) - *val));
        free(*val);
        *val = NULL;
        return LMX_INVALID_ENCODING;
    }
    return LMX_OK;
}

LMX_API int LMX_CALL lmx_result(lmx_handle h, const char *json_pointer, char *buf, int size)
{
    struct lmx_session *s = session_enter(h, "lmx_result");
    char *val;
    size_t len;
    int st;
    if (!s)
        return -LMX_INVALID_HANDLE;
    if (size < 0 || (!buf && size > 0)) {
        st = deliver8("lmx_result", "", 0, buf, size, FOR_SESSION, s);
    } else {
        if (buf && size > 0)
            buf[0] = 0;
        st = result_value(s, "lmx_result", json_pointer, &val, &len);
        if (st) {
            st = -st;
        } else {
            st = deliver8("lmx_result", val, len, buf, size, FOR_SESSION, s);
            free(val);
        }
    }
    session_leave(s);
    return st;
}

/* ---- errors and version ------------------------------------------------------------------------- */
LMX_API int LMX_CALL lmx_error_code(lmx_handle h)
{
    struct lmx_session *s = (struct lmx_session *)h;
    int code;
    jcall c;
    if (!h) {
        lmx_tstate *ts = lmx_tstate_get();
        return ts ? ts->err_code : LMX_OK;
    }
    if (!session_known(h) || s->magic != MAGIC_OPEN)
        return LMX_INVALID_HANDLE;
    lmx_mutex_lock(&s->lock);
    if (s->c_valid) {
        code = s->c_code;
        lmx_mutex_unlock(&s->lock);
        return code;
    }
    lmx_mutex_unlock(&s->lock);
    if (!jcall_begin(&c)) {
        lmx_buf_free(&c.err);
        return c.status;
    }
    code = (*c.env)->CallStaticIntMethod(c.env, lmx_g.cls, lmx_g.errorCode, s->id);
    if (lmx_jvm_check(c.env, "NativeEntry.errorCode", &c.err))
        code = LMX_INTERNAL;
    jcall_end(&c);
    lmx_buf_free(&c.err);
    return code;
}

/* The current error text of h (or of the thread), malloc'ed UTF-8. */
static char *error_text_of(lmx_handle h, size_t *len)
{
    struct lmx_session *s = (struct lmx_session *)h;
    char *r = NULL;
    jcall c;
    *len = 0;
    if (!h) {
        lmx_tstate *ts = lmx_tstate_get();
        r = lmx_strdup(ts ? lmx_buf_str(&ts->err_text) : "");
    } else if (!session_known(h)) {
        char tmp[128];
        snprintf(tmp, sizeof tmp, "the handle %p was not made by lmx_open", (void *)h);
        r = lmx_strdup(tmp);
    } else if (s->magic != MAGIC_OPEN) {
        char tmp[128];
        snprintf(tmp, sizeof tmp, "the handle %p is closed", (void *)h);
        r = lmx_strdup(tmp);
    } else {
        lmx_mutex_lock(&s->lock);
        if (s->c_valid)
            r = lmx_strdup(lmx_buf_str(&s->c_text));
        lmx_mutex_unlock(&s->lock);
        if (!r) {
            if (jcall_begin(&c)) {
                jbyteArray t = (jbyteArray)(*c.env)->CallStaticObjectMethod(c.env, lmx_g.cls, lmx_g.errorText, s->id);
                if (lmx_jvm_check(c.env, "NativeEntry.errorText", &c.err) == 0)
                    r = cbytes(&c, t, len);
                jcall_end(&c);
            }
            if (!r)
                r = lmx_strdup(c.err.len ? lmx_buf_str(&c.err) : "");
            lmx_buf_free(&c.err);
            if (r)
                *len = strlen(r);
            return r;
        }
    }
    if (r)
        *len = strlen(r);
    return r;
}

LMX_API int LMX_CALL lmx_error_text(lmx_handle h, char *buf, int size)
{
    size_t len;
    char *t;
    int n;
    if (size < 0 || (!buf && size > 0))
        return -LMX_BAD_ARGUMENT;
    t = error_text_of(h, &len);
    if (!t)
        return -LMX_RESOURCE_EXHAUSTED;
    n = deliver8("lmx_error_text", t, len, buf, size, NO_STATE, NULL);
    free(t);
    return n;
}

LMX_API int LMX_CALL lmx_version(char *buf, int size)
{
    static const char v[] = LMX_LIBRARY_VERSION;
    return deliver8("lmx_version", v, sizeof v - 1, buf, size, FOR_THREAD, NULL);
}

/* ---- UTF-16 twins (Windows) --------------------------------------------------------------------- */
#ifdef _WIN32
typedef char lmx_wchar_is_16_bit[sizeof(wchar_t) == 2 ? 1 : -1];

/* UTF-16 -> UTF-8; 0 or a status with the sentence in msg.  NULL stays NULL. */
static int w_in(const char *fn, const char *what, const wchar_t *w, char **out, char *msg, size_t cap)
{
    size_t len;
    long bad = -1;
    int rc;
    *out = NULL;
    if (!w)
        return 0;
    rc = lmx_utf16_to_utf8((const uint16_t *)w, (size_t)LMX_MAX_INPUT_BYTES, out, &len, &bad);
    if (rc == -1) {
        snprintf(msg, cap, "%s: %s is not valid UTF-16: unpaired surrogate 0x%04X at offset %ld (UTF-16 units)", fn,
                 what, (unsigned)w[bad], bad);
        return LMX_INVALID_ENCODING;
    }
    if (rc == -3) {
        snprintf(msg, cap, "%s: %s is longer than %d bytes of UTF-8", fn, what, LMX_MAX_INPUT_BYTES);
        return LMX_BAD_ARGUMENT;
    }
    if (rc != 0) {
        snprintf(msg, cap, "%s: out of memory", fn);
        return LMX_RESOURCE_EXHAUSTED;
    }
    return 0;
}

static int deliver16(const char *fn, const char *text, size_t len, wchar_t *buf, int size, enum deliver_mode mode,
                     struct lmx_session *s)
{
    size_t units;
    int need;
    if (size < 0 || (!buf && size > 0))
        return deliver8(fn, "", 0, (char *)buf, size, mode, s);
    units = lmx_utf8_to_utf16(text, len, NULL, 0);
    if (units >= (size_t)INT_MAX)
        return deliver8(fn, text, (size_t)INT_MAX, NULL, 0, mode, s);
    need = (int)units + 1;
    if (buf && size >= need) {
        lmx_utf8_to_utf16(text, len, (uint16_t *)buf, units);
        buf[units] = 0;
    } else if (buf && size > 0) {
        buf[0] = 0;
    }
    return need;
}

LMX_API int LMX_CALL lmx_openW(const wchar_t *config, lmx_handle *out)
{
    char msg[512], *c8;
    int st;
    if (out)
        *out = NULL;
    if (!config)
        return lmx_open(NULL, out);
    if ((st = w_in("lmx_openW", "config_json_or_path", config, &c8, msg, sizeof msg)) != 0) {
        thread_error_text(st, msg);
        return st;
    }
    st = lmx_open(c8, out);
    free(c8);
    return st;
}

LMX_API int LMX_CALL lmx_executeW(lmx_handle h, const wchar_t *command, const wchar_t *request_json)
{
    struct lmx_session *s = session_get(h, "lmx_executeW");
    char msg[512], *c8 = NULL, *r8 = NULL;
    int st;
    if (!s)
        return LMX_INVALID_HANDLE;
    if (!command) {
        session_error(s, LMX_BAD_ARGUMENT, "lmx_executeW: command is NULL");
        return LMX_BAD_ARGUMENT;
    }
    if ((st = w_in("lmx_executeW", "command", command, &c8, msg, sizeof msg)) != 0 ||
        (st = w_in("lmx_executeW", "request_json", request_json, &r8, msg, sizeof msg)) != 0) {
        session_error(s, st, msg);
        free(c8);
        return st;
    }
    st = lmx_execute(h, c8, r8);
    free(c8);
    free(r8);
    return st;
}

LMX_API int LMX_CALL lmx_set_paramW(lmx_handle h, const wchar_t *json_pointer, const wchar_t *value)
{
    struct lmx_session *s = session_get(h, "lmx_set_paramW");
    char msg[512], *p8 = NULL, *v8 = NULL;
    int st;
    if (!s)
        return LMX_INVALID_HANDLE;
    if (!json_pointer || !value) {
        session_error(s, LMX_BAD_ARGUMENT, json_pointer ? "lmx_set_paramW: value is NULL" : "lmx_set_paramW: json_pointer is NULL");
        return LMX_BAD_ARGUMENT;
    }
    if ((st = w_in("lmx_set_paramW", "json_pointer", json_pointer, &p8, msg, sizeof msg)) != 0 ||
        (st = w_in("lmx_set_paramW", "value", value, &v8, msg, sizeof msg)) != 0) {
        session_error(s, st, msg);
        free(p8);
        return st;
    }
    st = lmx_set_param(h, p8, v8);
    free(p8);
    free(v8);
    return st;
}

LMX_API int LMX_CALL lmx_resultW(lmx_handle h, const wchar_t *json_pointer, wchar_t *buf, int size)
{
    struct lmx_session *s = session_enter(h, "lmx_resultW");
    char msg[512], *p8 = NULL, *val;
    size_t len;
    int st;
    if (!s)
        return -LMX_INVALID_HANDLE;
    if (size < 0 || (!buf && size > 0)) {
        st = deliver16("lmx_resultW", "", 0, buf, size, FOR_SESSION, s);
    } else {
        if (buf && size > 0)
            buf[0] = 0;
        if ((st = w_in("lmx_resultW", "json_pointer", json_pointer, &p8, msg, sizeof msg)) != 0) {
            session_error(s, st, msg);
            st = -st;
        } else {
            st = result_value(s, "lmx_resultW", p8, &val, &len);
            free(p8);
            if (st) {
                st = -st;
            } else {
                st = deliver16("lmx_resultW", val, len, buf, size, FOR_SESSION, s);
                free(val);
            }
        }
    }
    session_leave(s);
    return st;
}

LMX_API int LMX_CALL lmx_error_textW(lmx_handle h, wchar_t *buf, int size)
{
    size_t len;
    char *t;
    int n;
    if (size < 0 || (!buf && size > 0))
        return -LMX_BAD_ARGUMENT;
    t = error_text_of(h, &len);
    if (!t)
        return -LMX_RESOURCE_EXHAUSTED;
    if (lmx_utf8_invalid_at(t, len) >= 0) { /* never expected; keep the W output well-formed */
        size_t k;
        for (k = 0; k < len; k++)
            if ((unsigned char)t[k] >= 0x80)
                t[k] = '?';
    }
    n = deliver16("lmx_error_textW", t, len, buf, size, NO_STATE, NULL);
    free(t);
    return n;
}

LMX_API int LMX_CALL lmx_versionW(wchar_t *buf, int size)
{
    static const char v[] = LMX_LIBRARY_VERSION;
    return deliver16("lmx_versionW", v, sizeof v - 1, buf, size, FOR_THREAD, NULL);
}
#endif
