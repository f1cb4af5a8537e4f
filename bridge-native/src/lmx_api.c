/* The C ABI: handles, argument checks, the buffer protocol, the error slots and the W twins.  The
 * work is done by an engine (lmx_engine_jvm.c or lmx_engine_host.c, see lmx_engine in
 * lmx_internal.h); nothing here knows which one a handle has. */
#include "lmx_internal.h"
#include "lmx_json.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC_OPEN 0x4F584D4Cu /* "LMXO" */
#define MAGIC_DEAD 0x44584D4Cu /* "LMXD" */
#define SLAB 256

struct lmx_session {
    volatile uint32_t magic;
    lmx_lang lang;       /* its configuration's "language": the library's sentences about this handle */
    const lmx_engine *engine;
    void *es;            /* the engine's session */
    unsigned fork_gen;   /* the process generation that opened it: a fork()ed child has a newer one */
    lmx_mutex call_lock; /* one call into the engine at a time per handle (CommandSession is not thread-safe) */
    lmx_mutex lock;      /* guards everything below; never held across a call into the engine */
    int err_code;        /* the error slot: status and text of the last call, always set together */
    lmx_buf err_text;
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
        s->engine = NULL;
        s->es = NULL;
        s->err_code = 0;
        memset(&s->err_text, 0, sizeof s->err_text);
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

/* ---- fork() ------------------------------------------------------------------------------------
 * A fork()ed child has a copy of this library but not of its threads: the Java VM's threads, and
 * whichever thread held a lock, are gone, and a host connection's socket is shared with the parent.
 * So handles opened before the fork are refused in the child at once (before any lock of theirs is
 * touched), and the in-process engine refuses to start there when the parent had a VM. */
static volatile unsigned fork_gen;

static void fork_prepare(void) { lmx_mutex_lock(&reg_lock); }
static void fork_parent(void) { lmx_mutex_unlock(&reg_lock); }
static void fork_child(void)
{
    fork_gen++;
    lmx_mutex_unlock(&reg_lock);
}

/* ---- error recording ------------------------------------------------------------------------- */
/* Appends text to b with U+0000 written as the six characters \u0000: an error text is handed out
 * as a C string, which would end at the NUL. */
static void add_c_text(lmx_buf *b, const char *text, size_t len)
{
    size_t i, run = 0;
    for (i = 0; i < len; i++) {
        if (text[i])
            continue;
        lmx_buf_add(b, text + run, i - run);
        lmx_buf_adds(b, "\\u0000");
        run = i + 1;
    }
    lmx_buf_add(b, text + run, len - run);
}

static void thread_error_n(int code, const char *text, size_t len)
{
    lmx_tstate *ts = lmx_tstate_get();
    if (!ts)
        return;
    ts->err_code = code;
    lmx_buf_clear(&ts->err_text);
    add_c_text(&ts->err_text, text, len);
}

static void thread_error_text(int code, const char *text)
{
    thread_error_n(code, text, strlen(text));
}

/* The thread's error: code and the catalogue's sentence id in lang. */
static void thread_errort(int code, lmx_lang lang, lmx_text id, ...)
{
    lmx_buf b = {0};
    va_list ap;
    va_start(ap, id);
    lmx_buf_vaddf(&b, lmx_t(lang, id), ap);
    va_end(ap);
    thread_error_n(code, lmx_buf_str(&b), b.len);
    lmx_buf_free(&b);
}

/* Sets the handle's error slot: status and text together. */
static void slot_set_n(struct lmx_session *s, int code, const char *text, size_t len)
{
    lmx_mutex_lock(&s->lock);
    s->err_code = code;
    lmx_buf_clear(&s->err_text);
    add_c_text(&s->err_text, text, len);
    lmx_mutex_unlock(&s->lock);
}

static void slot_set(struct lmx_session *s, int code, const char *text)
{
    slot_set_n(s, code, text, strlen(text));
}

/* The handle's slot: code and the catalogue's sentence id in the handle's language. */
static void slot_sett(struct lmx_session *s, int code, lmx_text id, ...)
{
    lmx_buf b = {0};
    va_list ap;
    va_start(ap, id);
    lmx_buf_vaddf(&b, lmx_t(s->lang, id), ap);
    va_end(ap);
    slot_set_n(s, code, lmx_buf_str(&b), b.len);
    lmx_buf_free(&b);
}

/* Records the outcome of an engine call in the slot (a failure without a text gets one) and frees
 * err.  A replaced engine session (lost) also drops the cached result value. */
static int finish(struct lmx_session *s, const char *fn, int st, lmx_buf *err, int lost)
{
    if (lost) {
        lmx_mutex_lock(&s->lock);
        s->gen++;
        s->cache_valid = 0;
        lmx_mutex_unlock(&s->lock);
    }
    if (st == LMX_OK)
        slot_set(s, LMX_OK, "");
    else if (err->len)
        slot_set_n(s, st, err->p, err->len);
    else
        slot_sett(s, st, LT_ENGINE_NO_TEXT, fn, st);
    lmx_buf_free(err);
    return st;
}

/* Returns the open session behind h, or NULL after recording why for the calling thread. */
static struct lmx_session *session_get(lmx_handle h, const char *fn)
{
    struct lmx_session *s = (struct lmx_session *)h;
    /* no handle, no configuration: the default language; a closed one keeps the language it had */
    if (!h) {
        thread_errort(LMX_INVALID_HANDLE, LMX_LANG_DEFAULT, LT_HANDLE_NULL, fn);
        return NULL;
    }
    if (!session_known(h)) {
        thread_errort(LMX_INVALID_HANDLE, LMX_LANG_DEFAULT, LT_HANDLE_FOREIGN, fn, (void *)h);
        return NULL;
    }
    if (s->magic != MAGIC_OPEN) {
        thread_errort(LMX_INVALID_HANDLE, s->lang, LT_HANDLE_CLOSED, fn, (void *)h);
        return NULL;
    }
    if (s->fork_gen != fork_gen) {
        thread_errort(LMX_INVALID_HANDLE, s->lang, LT_HANDLE_FORKED, fn, (void *)h);
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
        thread_errort(LMX_INVALID_HANDLE, s->lang, LT_HANDLE_CLOSED, fn, (void *)h);
        return NULL;
    }
    return s;
}

static void session_leave(struct lmx_session *s)
{
    lmx_mutex_unlock(&s->call_lock);
}

/* ---- argument checks -------------------------------------------------------------------------- */
/* snprintf of the catalogue's sentence id in lang into msg. */
static void msgt(char *msg, size_t cap, lmx_lang lang, lmx_text id, ...)
{
    va_list ap;
    va_start(ap, id);
    vsnprintf(msg, cap, lmx_t(lang, id), ap);
    va_end(ap);
}

/* 0 when s (may be NULL if allow_null) is acceptable; else the status, with the sentence in msg.
 * Longer than max bytes: too_long_status (LMX_BAD_ARGUMENT for the ABI's limit). */
static int check_text(lmx_lang lang, const char *fn, const char *what, const char *s, int allow_null, size_t max,
                      int too_long_status, size_t *len, char *msg, size_t cap)
{
    long bad;
    size_t n;
    *len = 0;
    if (!s) {
        if (allow_null)
            return 0;
        msgt(msg, cap, lang, LT_ARG_NULL, fn, what);
        return LMX_BAD_ARGUMENT;
    }
    for (n = 0; n <= max && s[n]; n++)
        ;
    if (n > max) {
        if (too_long_status == LMX_INVALID_REQUEST)
            msgt(msg, cap, lang, LT_ARG_TOO_LARGE_REQUEST, fn, what, (unsigned long)max);
        else if (too_long_status == LMX_UNKNOWN_COMMAND)
            msgt(msg, cap, lang, LT_ARG_TOO_LONG_COMMAND, fn, what, (unsigned long)max);
        else
            msgt(msg, cap, lang, LT_ARG_TOO_LONG, fn, what, (unsigned long)max);
        return too_long_status;
    }
    bad = lmx_utf8_invalid_at(s, n);
    if (bad >= 0) {
#ifdef _WIN32
        msgt(msg, cap, lang, LT_ARG_NOT_UTF8_W, fn, what, bad, (unsigned)(unsigned char)s[bad], fn);
#else
        msgt(msg, cap, lang, LT_ARG_NOT_UTF8, fn, what, bad, (unsigned)(unsigned char)s[bad]);
#endif
        return LMX_INVALID_ENCODING;
    }
    *len = n;
    return 0;
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
        lmx_text id = size < 0 ? LT_SIZE_NEGATIVE : LT_BUF_NULL;
        if (mode == FOR_SESSION)
            slot_sett(s, LMX_BAD_ARGUMENT, id, fn);
        else if (mode == FOR_THREAD)
            thread_errort(LMX_BAD_ARGUMENT, LMX_LANG_DEFAULT, id, fn);
        return -LMX_BAD_ARGUMENT;
    }
    if (len >= (size_t)INT_MAX) {
        if (mode == FOR_SESSION)
            slot_sett(s, LMX_RESOURCE_EXHAUSTED, LT_TEXT_TOO_LONG_INT, fn, (unsigned long)len);
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

/* The engine a configuration asks for, or NULL after writing why into err. */
static const lmx_engine *engine_for(const lmx_config *cfg, lmx_buf *err)
{
    if (!cfg->engine || strcmp(cfg->engine, "inprocess") == 0 || strcmp(cfg->engine, "jvm") == 0)
        return &lmx_engine_jvm;
    if (strcmp(cfg->engine, "host") == 0)
        return &lmx_engine_host;
    /* the one value a text repeats: it names an engine (never a secret), and shows what was read */
    lmx_buf_addt(err, cfg->lang, LT_ENGINE_UNKNOWN, cfg->engine);
    return NULL;
}

/* The open itself, with the configuration checked; returns the status (text in err). */
static int open_with(const char *config, size_t len, const char *text, size_t tl, lmx_handle *out, lmx_buf *err)
{
    lmx_config cfg;
    const lmx_engine *engine;
    void *es = NULL;
    struct lmx_session *s;
    lmx_lang lang;
    int st;
    lmx_config_scan(text, tl, &cfg);
    if (!cfg.json_ok) {
        /* reported here, before any engine starts (a broken "engine":"host" file must not start a VM),
         * by position only: the text holds the password */
        lmx_jval root;
        size_t at = 0, k;
        long line = 1, col = 1;
        int parsed = lmx_json_parse(text, tl, &root, &at);
        for (k = 0; k < at && k < tl; k++) {
            if (text[k] == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)text[k] & 0xC0) != 0x80) {
                col++;
            }
        }
        lmx_config_free(&cfg);
        if (parsed)
            lmx_buf_addt(err, LMX_LANG_DEFAULT, LT_CONFIG_NOT_OBJECT);
        else
            lmx_buf_addt(err, LMX_LANG_DEFAULT, LT_CONFIG_NOT_JSON, line, col);
        return LMX_CONFIG_INVALID;
    }
    if (cfg.oom) {
        lmx_buf_addt(err, cfg.lang, LT_CONFIG_OOM);
        lmx_config_free(&cfg);
        return LMX_RESOURCE_EXHAUSTED;
    }
    if (cfg.bad_key) {
        lmx_buf_addt(err, cfg.lang, LT_CONFIG_BAD_KEY, cfg.bad_key, lmx_t(cfg.lang, cfg.bad_what));
        lmx_config_free(&cfg);
        return LMX_CONFIG_INVALID;
    }
    engine = engine_for(&cfg, err);
    if (!engine) {
        lmx_config_free(&cfg);
        return LMX_CONFIG_INVALID;
    }
    st = engine->open(config, len, text, tl, &cfg, &es, err);
    lang = cfg.lang;
    lmx_config_free(&cfg);
    if (st != LMX_OK)
        return st;
    s = session_alloc();
    if (!s) {
        engine->close(es);
        lmx_buf_addt(err, lang, LT_HANDLE_OOM);
        return LMX_RESOURCE_EXHAUSTED;
    }
    s->lang = lang;
    s->engine = engine;
    s->es = es;
    s->fork_gen = fork_gen;
    s->err_code = LMX_OK;
    s->magic = MAGIC_OPEN;
    *out = s;
    return LMX_OK;
}

LMX_API int LMX_CALL lmx_open(const char *config, lmx_handle *out)
{
    char msg[1024];
    size_t len, tl;
    int st;
    lmx_buf err = {0};
    char *data = NULL;
    const char *text;

    if (!out) {
        thread_errort(LMX_BAD_ARGUMENT, LMX_LANG_DEFAULT, LT_OPEN_OUT_NULL);
        return LMX_BAD_ARGUMENT;
    }
    *out = NULL;
    /* until the configuration is read, its language is unknown: the default one */
    if ((st = check_text(LMX_LANG_DEFAULT, "lmx_open", "config_json_or_path", config, 0, (size_t)LMX_MAX_INPUT_BYTES,
                         LMX_BAD_ARGUMENT, &len, msg, sizeof msg)) != 0) {
        thread_error_text(st, msg);
        return st;
    }
    lmx_on_fork(fork_prepare, fork_parent, fork_child);

    if (is_json_text(config)) {
        text = config;
        tl = len;
    } else if (len == 0) {
        thread_errort(LMX_CONFIG_INVALID, LMX_LANG_DEFAULT, LT_CONFIG_EMPTY);
        return LMX_CONFIG_INVALID;
    } else {
        long bad;
        if (lmx_read_file(config, LMX_LANG_DEFAULT, LT_WHAT_CONFIG_FILE, LMX_MAX_CONFIG_BYTES, &data, &tl, &err) != 0) {
            thread_errort(LMX_CONFIG_INVALID, LMX_LANG_DEFAULT, LT_CONFIG_FILE_ERROR, lmx_buf_str(&err));
            lmx_buf_free(&err);
            return LMX_CONFIG_INVALID;
        }
        lmx_buf_clear(&err);
        if ((bad = lmx_utf8_invalid_at(data, tl)) >= 0) {
            memset(data, 0, tl);
            free(data);
            thread_errort(LMX_CONFIG_INVALID, LMX_LANG_DEFAULT, LT_CONFIG_NOT_UTF8, config, bad);
            return LMX_CONFIG_INVALID;
        }
        text = data;
    }
    if (tl >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* a file saved by Notepad */
        text += 3;
        tl -= 3;
    }
    st = open_with(config, len, text, tl, out, &err);
    if (data) {
        memset(data, 0, tl); /* holds the password */
        free(data);
    }
    thread_error_n(st, lmx_buf_str(&err), st ? err.len : 0);
    lmx_buf_free(&err);
    return st;
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
    if (!s)
        return LMX_INVALID_HANDLE;
    lmx_mutex_lock(&s->lock);
    s->magic = MAGIC_DEAD;
    cache_drop(s);
    lmx_buf_free(&s->err_text);
    s->err_code = 0;
    lmx_mutex_unlock(&s->lock);
    s->engine->close(s->es);
    s->es = NULL;
    session_leave(s);
    session_retire(s);
    return LMX_OK;
}

/* ---- execute / params ---------------------------------------------------------------------------- */
LMX_API int LMX_CALL lmx_execute(lmx_handle h, const char *command, const char *request_json)
{
    struct lmx_session *s = session_enter(h, "lmx_execute");
    char msg[1024];
    size_t cl, rl;
    int st, lost = 0;
    lmx_buf err = {0};
    if (!s)
        return LMX_INVALID_HANDLE;
    if ((st = check_text(s->lang, "lmx_execute", "command", command, 0, LMX_MAX_COMMAND_BYTES, LMX_UNKNOWN_COMMAND, &cl, msg,
                         sizeof msg)) != 0 ||
        (st = check_text(s->lang, "lmx_execute", "request_json", request_json, 1, LMX_MAX_REQUEST_BYTES, LMX_INVALID_REQUEST, &rl,
                         msg, sizeof msg)) != 0) {
        slot_set(s, st, msg);
        session_leave(s);
        return st;
    }
    lmx_mutex_lock(&s->lock);
    s->gen++;
    cache_drop(s);
    lmx_mutex_unlock(&s->lock);
    st = s->engine->execute(s->es, command, cl, request_json, rl, &err, &lost);
    st = finish(s, "lmx_execute", st, &err, lost);
    session_leave(s);
    return st;
}

LMX_API int LMX_CALL lmx_test_connection(lmx_handle h)
{
    /* the core's "check" command with an empty request: the parameter bag is neither used nor changed */
    static const char command[] = "check", request[] = "{}";
    struct lmx_session *s = session_enter(h, "lmx_test_connection");
    int st, lost = 0;
    lmx_buf err = {0};
    if (!s)
        return LMX_INVALID_HANDLE;
    lmx_mutex_lock(&s->lock);
    s->gen++;
    cache_drop(s);
    lmx_mutex_unlock(&s->lock);
    st = s->engine->execute(s->es, command, sizeof command - 1, request, sizeof request - 1, &err, &lost);
    st = finish(s, "lmx_test_connection", st, &err, lost);
    session_leave(s);
    return st;
}

LMX_API int LMX_CALL lmx_set_param(lmx_handle h, const char *json_pointer, const char *value)
{
    struct lmx_session *s = session_enter(h, "lmx_set_param");
    char msg[1024];
    size_t pl, vl;
    int st, lost = 0;
    lmx_buf err = {0};
    if (!s)
        return LMX_INVALID_HANDLE;
    if ((st = check_text(s->lang, "lmx_set_param", "json_pointer", json_pointer, 0, (size_t)LMX_MAX_INPUT_BYTES, LMX_BAD_ARGUMENT,
                         &pl, msg, sizeof msg)) != 0 ||
        (st = check_text(s->lang, "lmx_set_param", "value", value, 0, LMX_MAX_VALUE_BYTES, LMX_INVALID_REQUEST, &vl, msg,
                         sizeof msg)) != 0) {
        slot_set(s, st, msg);
        session_leave(s);
        return st;
    }
    st = s->engine->set_param(s->es, json_pointer, pl, value, vl, &err, &lost);
    st = finish(s, "lmx_set_param", st, &err, lost);
    session_leave(s);
    return st;
}

LMX_API int LMX_CALL lmx_reset_params(lmx_handle h)
{
    struct lmx_session *s = session_enter(h, "lmx_reset_params");
    int st, lost = 0;
    lmx_buf err = {0};
    if (!s)
        return LMX_INVALID_HANDLE;
    st = s->engine->reset(s->es, &err, &lost);
    st = finish(s, "lmx_reset_params", st, &err, lost);
    session_leave(s);
    return st;
}

/* ---- results ----------------------------------------------------------------------------------- */
/* The value at json_pointer of the last result (malloc'ed UTF-8 in *val), or a status > 0 with the
 * handle's slot set.  Served from the one-entry cache when the same value was just read.  A value
 * holding U+0000 is refused, whether it came from the engine or from the cache. */
static int result_value(struct lmx_session *s, const char *fn, const char *json_pointer, char **val, size_t *vlen)
{
    char msg[1024];
    const char *nul;
    size_t pl;
    int st, lost = 0;
    unsigned gen;
    lmx_buf err = {0};
    const char *ptr = json_pointer ? json_pointer : "";
    *val = NULL;
    *vlen = 0;
    if ((st = check_text(s->lang, fn, "json_pointer", ptr, 0, (size_t)LMX_MAX_INPUT_BYTES, LMX_BAD_ARGUMENT, &pl, msg,
                         sizeof msg)) != 0) {
        slot_set(s, st, msg);
        return st;
    }
    lmx_mutex_lock(&s->lock);
    gen = s->gen;
    if (s->cache_valid && s->cache_gen == gen && strcmp(s->cache_ptr, ptr) == 0) {
        *val = lmx_strndup(s->cache_val, s->cache_len);
        *vlen = s->cache_len;
        lmx_mutex_unlock(&s->lock);
        if (!*val) {
            slot_sett(s, LMX_RESOURCE_EXHAUSTED, LT_OOM_FN, fn);
            return LMX_RESOURCE_EXHAUSTED;
        }
        goto check_nul;
    }
    lmx_mutex_unlock(&s->lock);

    st = s->engine->result(s->es, ptr, pl, val, vlen, &err, &lost);
    if (st || lost) /* a successful read leaves the slot alone; after a reconnect the old error went with the session */
        finish(s, fn, st, &err, lost);
    lmx_buf_free(&err);
    if (st)
        return st;
    lmx_mutex_lock(&s->lock);
    if (s->magic == MAGIC_OPEN && (lost ? 1 : s->gen == gen)) {
        char *cp = lmx_strdup(ptr), *cv = lmx_strndup(*val, *vlen);
        cache_drop(s);
        if (cp && cv) {
            s->cache_ptr = cp;
            s->cache_val = cv;
            s->cache_len = *vlen;
            s->cache_gen = s->gen;
            s->cache_valid = 1;
        } else {
            free(cp);
            free(cv);
        }
    }
    lmx_mutex_unlock(&s->lock);
check_nul:
    if ((nul = (const char *)memchr(*val, 0, *vlen)) != NULL) {
        slot_sett(s, LMX_INVALID_ENCODING, LT_VALUE_NUL, fn, ptr, (long)(nul - *val));
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
/* A handle that error_code/error_text can answer for (no thread error is recorded: they never change it). */
static struct lmx_session *session_peek(lmx_handle h, lmx_text *why, lmx_lang *lang)
{
    struct lmx_session *s = (struct lmx_session *)h;
    *lang = LMX_LANG_DEFAULT;
    if (!session_known(h)) {
        *why = LT_PEEK_FOREIGN;
        return NULL;
    }
    *lang = s->lang; /* a closed slot keeps the language it had */
    if (s->magic != MAGIC_OPEN)
        *why = LT_PEEK_CLOSED;
    else if (s->fork_gen != fork_gen)
        *why = LT_PEEK_FORKED;
    else
        return s;
    return NULL;
}

LMX_API int LMX_CALL lmx_error_code(lmx_handle h)
{
    struct lmx_session *s;
    lmx_text why;
    lmx_lang lang;
    int code;
    if (!h) {
        lmx_tstate *ts = lmx_tstate_get();
        return ts ? ts->err_code : LMX_OK;
    }
    if (!(s = session_peek(h, &why, &lang)))
        return LMX_INVALID_HANDLE;
    lmx_mutex_lock(&s->lock);
    code = s->err_code;
    lmx_mutex_unlock(&s->lock);
    return code;
}

/* The current error text of h (or of the thread), malloc'ed UTF-8 without NUL bytes. */
static char *error_text_of(lmx_handle h, size_t *len)
{
    struct lmx_session *s;
    lmx_text why;
    lmx_lang lang;
    char *r;
    if (!h) {
        lmx_tstate *ts = lmx_tstate_get();
        r = lmx_strdup(ts ? lmx_buf_str(&ts->err_text) : "");
    } else if (!(s = session_peek(h, &why, &lang))) {
        r = lmx_tdup(lang, why, (void *)h);
    } else {
        lmx_mutex_lock(&s->lock);
        r = lmx_strdup(lmx_buf_str(&s->err_text));
        lmx_mutex_unlock(&s->lock);
    }
    *len = r ? strlen(r) : 0;
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
/* (Too long: the status the UTF-8 function gives for that argument, so both report a size alike.) */
static int w_in_as(lmx_lang lang, const char *fn, const char *what, const wchar_t *w, char **out, char *msg, size_t cap,
                   int too_long);

static int w_in(lmx_lang lang, const char *fn, const char *what, const wchar_t *w, char **out, char *msg, size_t cap)
{
    return w_in_as(lang, fn, what, w, out, msg, cap, LMX_BAD_ARGUMENT);
}

static int w_in_as(lmx_lang lang, const char *fn, const char *what, const wchar_t *w, char **out, char *msg, size_t cap,
                   int too_long)
{
    size_t len;
    long bad = -1;
    int rc;
    *out = NULL;
    if (!w)
        return 0;
    rc = lmx_utf16_to_utf8((const uint16_t *)w, (size_t)LMX_MAX_INPUT_BYTES, out, &len, &bad);
    if (rc == -1) {
        msgt(msg, cap, lang, LT_W_SURROGATE, fn, what, (unsigned)w[bad], bad);
        return LMX_INVALID_ENCODING;
    }
    if (rc == -3) {
        msgt(msg, cap, lang, LT_W_TOO_LONG, fn, what, LMX_MAX_INPUT_BYTES);
        return too_long;
    }
    if (rc != 0) {
        msgt(msg, cap, lang, LT_OOM_FN, fn);
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
    char msg[1024], *c8;
    int st;
    if (out)
        *out = NULL;
    if (!config)
        return lmx_open(NULL, out);
    if ((st = w_in(LMX_LANG_DEFAULT, "lmx_openW", "config_json_or_path", config, &c8, msg, sizeof msg)) != 0) {
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
    char msg[1024], *c8 = NULL, *r8 = NULL;
    int st;
    if (!s)
        return LMX_INVALID_HANDLE;
    if (!command) {
        slot_sett(s, LMX_BAD_ARGUMENT, LT_ARG_NULL, "lmx_executeW", "command");
        return LMX_BAD_ARGUMENT;
    }
    if ((st = w_in_as(s->lang, "lmx_executeW", "command", command, &c8, msg, sizeof msg, LMX_UNKNOWN_COMMAND)) != 0 ||
        (st = w_in_as(s->lang, "lmx_executeW", "request_json", request_json, &r8, msg, sizeof msg, LMX_INVALID_REQUEST)) != 0) {
        slot_set(s, st, msg);
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
    char msg[1024], *p8 = NULL, *v8 = NULL;
    int st;
    if (!s)
        return LMX_INVALID_HANDLE;
    if (!json_pointer || !value) {
        slot_sett(s, LMX_BAD_ARGUMENT, LT_ARG_NULL, "lmx_set_paramW", json_pointer ? "value" : "json_pointer");
        return LMX_BAD_ARGUMENT;
    }
    if ((st = w_in(s->lang, "lmx_set_paramW", "json_pointer", json_pointer, &p8, msg, sizeof msg)) != 0 ||
        (st = w_in_as(s->lang, "lmx_set_paramW", "value", value, &v8, msg, sizeof msg, LMX_INVALID_REQUEST)) != 0) {
        slot_set(s, st, msg);
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
    char msg[1024], *p8 = NULL, *val;
    size_t len;
    int st;
    if (!s)
        return -LMX_INVALID_HANDLE;
    if (size < 0 || (!buf && size > 0)) {
        st = deliver16("lmx_resultW", "", 0, buf, size, FOR_SESSION, s);
    } else {
        if (buf && size > 0)
            buf[0] = 0;
        if ((st = w_in(s->lang, "lmx_resultW", "json_pointer", json_pointer, &p8, msg, sizeof msg)) != 0) {
            slot_set(s, st, msg);
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
