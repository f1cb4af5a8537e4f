/* The in-process engine: the Java core runs in a VM inside this process (lmx_jvm.c finds, creates
 * or reuses it); each session is a NativeEntry handle id.  Every call enters the VM with the FP
 * state the VM needs (lmx_fp_enter) and returns status and text together: after a failure the
 * handle's error text is fetched from NativeEntry at once, so lmx_error_text never calls Java. */
#include "lmx_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct jvm_session {
    jlong id;      /* NativeEntry's handle id */
    lmx_lang lang; /* its configuration's */
} jvm_session;

typedef struct jcall {
    lmx_fpenv fp;
    JNIEnv *env;
    int status; /* set by the C side when the call failed before or around Java */
    lmx_buf *err;
    lmx_lang lang;
} jcall;

static int jcall_begin(jcall *c, lmx_lang lang, lmx_buf *err)
{
    memset(c, 0, sizeof *c);
    c->err = err;
    c->lang = lang;
    lmx_fp_enter(&c->fp);
    c->env = lmx_jvm_env(&c->status, err);
    if (!c->env) {
        lmx_fp_leave(&c->fp);
        return 0;
    }
    if ((*c->env)->PushLocalFrame(c->env, 16) != 0) {
        c->status = lmx_jvm_check(c->env, "PushLocalFrame", err);
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

/* A UTF-8 byte[] (NULL for a NULL pointer); 0 when it could not be made (c->status set). */
static int jbytes(jcall *c, const char *s, size_t n, jbyteArray *out)
{
    jbyteArray a;
    *out = NULL;
    if (!s)
        return 1;
    a = (*c->env)->NewByteArray(c->env, (jsize)n);
    if (a && n)
        (*c->env)->SetByteArrayRegion(c->env, a, 0, (jsize)n, (const jbyte *)s);
    if ((*c->env)->ExceptionCheck(c->env) || !a) {
        int st = lmx_jvm_check(c->env, "passing a string to Java", c->err);
        c->status = st ? st : LMX_RESOURCE_EXHAUSTED;
        return 0;
    }
    *out = a;
    return 1;
}

/* Copies a byte[] into a malloc'ed NUL-terminated buffer (NULL for a null array or out of memory). */
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
        lmx_buf_addt(c->err, c->lang, LT_JVM_TEXT_OOM, (long)n);
        return NULL;
    }
    (*c->env)->GetByteArrayRegion(c->env, a, 0, n, (jbyte *)r);
    r[n] = 0;
    *len = (size_t)n;
    return r;
}

/* After a Java call that returned st: an exception becomes the status; a failure gets the
 * handle's text from NativeEntry (status and text together). */
static int answered(jcall *c, jlong id, const char *what, int st)
{
    int e = lmx_jvm_check(c->env, what, c->err);
    if (e)
        return e;
    if (st != LMX_OK) {
        jbyteArray t = (jbyteArray)(*c->env)->CallStaticObjectMethod(c->env, lmx_g.cls, lmx_g.errorText, id);
        if (lmx_jvm_check(c->env, "NativeEntry.errorText", c->err) == 0) {
            size_t tl;
            char *text = cbytes(c, t, &tl);
            if (text)
                lmx_buf_add(c->err, text, tl);
            free(text);
        }
    }
    return st;
}

static int jvm_open(const char *config, size_t len, const char *text, size_t tl, const lmx_config *cfg, void **session,
                    lmx_buf *err)
{
    jcall c;
    jlong id = 0;
    jbyteArray a;
    jvm_session *js;
    int st;
    (void)text;
    (void)tl;
    if ((st = lmx_jvm_ensure(cfg, err)) != LMX_OK)
        return st;
    js = (jvm_session *)calloc(1, sizeof *js);
    if (!js) {
        lmx_buf_addt(err, cfg->lang, LT_OPEN_OOM);
        return LMX_RESOURCE_EXHAUSTED;
    }
    if (!jcall_begin(&c, cfg->lang, err)) {
        free(js);
        return c.status;
    }
    if (jbytes(&c, config, len, &a)) {
        id = (*c.env)->CallStaticLongMethod(c.env, lmx_g.cls, lmx_g.open, a);
        if ((st = lmx_jvm_check(c.env, "NativeEntry.open", err)) != 0)
            c.status = st;
    }
    if (!c.status && id <= 0) {
        jbyteArray t;
        size_t n;
        char *msg;
        c.status = id < 0 && id > -1000 ? (int)-id : LMX_INTERNAL;
        t = (jbyteArray)(*c.env)->CallStaticObjectMethod(c.env, lmx_g.cls, lmx_g.openErrorText);
        if (lmx_jvm_check(c.env, "NativeEntry.openErrorText", err) == 0) {
            msg = cbytes(&c, t, &n);
            if (msg)
                lmx_buf_add(err, msg, n);
            free(msg);
        }
    }
    jcall_end(&c);
    if (c.status) {
        free(js);
        return c.status;
    }
    js->id = id;
    js->lang = cfg->lang;
    *session = js;
    return LMX_OK;
}

static void jvm_close(void *session)
{
    jvm_session *js = (jvm_session *)session;
    lmx_buf err = {0};
    jcall c;
    if (!js)
        return;
    if (jcall_begin(&c, js->lang, &err)) {
        (*c.env)->CallStaticIntMethod(c.env, lmx_g.cls, lmx_g.close, js->id);
        lmx_jvm_check(c.env, "NativeEntry.close", &err); /* the handle is closed on our side whatever Java said */
        jcall_end(&c);
    }
    lmx_buf_free(&err);
    free(js);
}

static int jvm_execute(void *session, const char *command, size_t cl, const char *request, size_t rl, lmx_buf *err,
                       int *lost)
{
    jlong id = ((jvm_session *)session)->id;
    jbyteArray ca, ra;
    jcall c;
    int st = 0;
    (void)lost;
    if (!jcall_begin(&c, ((jvm_session *)session)->lang, err))
        return c.status;
    if (jbytes(&c, command, cl, &ca) && jbytes(&c, request, rl, &ra)) {
        st = (*c.env)->CallStaticIntMethod(c.env, lmx_g.cls, lmx_g.execute, id, ca, ra);
        st = answered(&c, id, "NativeEntry.execute", st);
    }
    jcall_end(&c);
    return c.status ? c.status : st;
}

static int jvm_set_param(void *session, const char *ptr, size_t pl, const char *value, size_t vl, lmx_buf *err,
                         int *lost)
{
    jlong id = ((jvm_session *)session)->id;
    jbyteArray pa, va;
    jcall c;
    int st = 0;
    (void)lost;
    if (!jcall_begin(&c, ((jvm_session *)session)->lang, err))
        return c.status;
    if (jbytes(&c, ptr, pl, &pa) && jbytes(&c, value, vl, &va)) {
        st = (*c.env)->CallStaticIntMethod(c.env, lmx_g.cls, lmx_g.setParam, id, pa, va);
        st = answered(&c, id, "NativeEntry.setParam", st);
    }
    jcall_end(&c);
    return c.status ? c.status : st;
}

static int jvm_reset(void *session, lmx_buf *err, int *lost)
{
    jlong id = ((jvm_session *)session)->id;
    jcall c;
    int st;
    (void)lost;
    if (!jcall_begin(&c, ((jvm_session *)session)->lang, err))
        return c.status;
    st = (*c.env)->CallStaticIntMethod(c.env, lmx_g.cls, lmx_g.resetParams, id);
    st = answered(&c, id, "NativeEntry.resetParams", st);
    jcall_end(&c);
    return c.status ? c.status : st;
}

static int jvm_result(void *session, const char *ptr, size_t pl, char **val, size_t *vlen, lmx_buf *err, int *lost)
{
    jlong id = ((jvm_session *)session)->id;
    jbyteArray pa, ra;
    jcall c;
    int st = 0;
    (void)lost;
    *val = NULL;
    *vlen = 0;
    if (!jcall_begin(&c, ((jvm_session *)session)->lang, err))
        return c.status;
    if (jbytes(&c, ptr, pl, &pa)) {
        ra = (jbyteArray)(*c.env)->CallStaticObjectMethod(c.env, lmx_g.cls, lmx_g.result, id, pa);
        if ((st = lmx_jvm_check(c.env, "NativeEntry.result", err)) != 0) {
            c.status = st;
        } else if (!ra) {
            st = (*c.env)->CallStaticIntMethod(c.env, lmx_g.cls, lmx_g.errorCode, id);
            st = answered(&c, id, "NativeEntry.errorCode", st);
            if (st == LMX_OK) {
                st = LMX_INTERNAL;
                lmx_buf_addt(err, ((jvm_session *)session)->lang, LT_JVM_NO_VALUE);
            }
        } else {
            *val = cbytes(&c, ra, vlen);
        }
    }
    jcall_end(&c);
    return c.status ? c.status : st;
}

const lmx_engine lmx_engine_jvm = {"inprocess", jvm_open, jvm_close, jvm_execute, jvm_set_param, jvm_result, jvm_reset};
