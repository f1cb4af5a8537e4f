/* libFuzzer target: the C ABI entry points (lmx_api.c: handles, argument checks, UTF-8, sizes, the
 * buffer protocol, the result cache, the error slots) driven by sequences of calls decoded from the
 * input.  The engines are replaced by a scripted in-memory one defined here under the real engines'
 * names (this program links lmx_api.c without lmx_engine_jvm.c / lmx_engine_host.c), so millions of
 * calls run per minute and every path of lmx_api.c is reachable: failures with texts holding U+0000,
 * values holding U+0000, replaced sessions ("lost"), results of every size.
 *
 * Oracles, besides the sanitizers: a text-returning call returns the size needed (>= 1) or a negative
 * status; when it fits, the copy is NUL-terminated at size-1 and has no earlier NUL; asking twice
 * gives the same size; lmx_error_text never holds a NUL before its end; a closed or foreign handle is
 * always LMX_INVALID_HANDLE. */
#include "lmx_internal.h"
#include "lmx_json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(c)                                                                                                    \
    do {                                                                                                              \
        if (!(c)) {                                                                                                   \
            fprintf(stderr, "fuzz_abi: %s:%d: %s\n", __FILE__, __LINE__, #c);                                         \
            abort();                                                                                                  \
        }                                                                                                             \
    } while (0)

/* ---- the scripted engine ------------------------------------------------------------------------ */
typedef struct fsess {
    char *result; /* the last result: the request JSON as sent, or NULL */
    size_t rlen;
    unsigned calls;
} fsess;

static int f_open(const char *config, size_t len, const char *text, size_t tl, const lmx_config *cfg, void **out,
                  lmx_buf *err)
{
    fsess *s;
    (void)config;
    (void)len;
    (void)cfg;
    if (tl > 2 && text[1] == '!') {
        lmx_buf_adds(err, "fuzz engine: refused open of ");
        lmx_buf_add(err, text, tl);
        return LMX_CONFIG_INVALID;
    }
    s = (fsess *)calloc(1, sizeof *s);
    if (!s)
        return LMX_RESOURCE_EXHAUSTED;
    *out = s;
    return LMX_OK;
}

static void f_close(void *p)
{
    fsess *s = (fsess *)p;
    free(s->result);
    free(s);
}

static int f_execute(void *p, const char *command, size_t cl, const char *request, size_t rl, lmx_buf *err, int *lost)
{
    fsess *s = (fsess *)p;
    lmx_jval v;
    s->calls++;
    *lost = (s->calls % 7) == 0;
    free(s->result);
    s->result = NULL;
    s->rlen = 0;
    if (request && lmx_json_parse(request, rl, &v, NULL)) {
        s->result = lmx_strndup(request, rl);
        s->rlen = rl;
    }
    if (cl && (unsigned char)command[0] % 3 == 0) {
        /* a failure whose text holds whatever the request decodes to (U+0000 included) */
        lmx_buf_adds(err, "fuzz engine: ");
        if (s->result && v.type == LMX_JSTRING)
            lmx_json_decode(&v, err);
        return 400 + (int)((unsigned char)command[0] % 6);
    }
    return LMX_OK;
}

static int f_set_param(void *p, const char *ptr, size_t pl, const char *value, size_t vl, lmx_buf *err, int *lost)
{
    fsess *s = (fsess *)p;
    (void)value;
    (void)vl;
    s->calls++;
    *lost = (s->calls % 11) == 0;
    if (pl == 0 || ptr[0] != '/') {
        lmx_buf_adds(err, "fuzz engine: not a pointer");
        return LMX_BAD_ARGUMENT;
    }
    return LMX_OK;
}

/* The value at a JSON Pointer of the stored result: strings decoded, the rest as written. */
static int f_result(void *p, const char *ptr, size_t pl, char **val, size_t *vlen, lmx_buf *err, int *lost)
{
    fsess *s = (fsess *)p;
    lmx_jval cur;
    lmx_buf out = {0};
    size_t i = 0;
    s->calls++;
    *lost = (s->calls % 13) == 0;
    if (!s->result) {
        lmx_buf_adds(err, "fuzz engine: no result");
        return LMX_NO_RESULT;
    }
    lmx_json_parse(s->result, s->rlen, &cur, NULL);
    while (i < pl) {
        size_t j = i + 1, k;
        lmx_jiter it;
        lmx_jval key, val;
        int found = 0;
        long idx = 0;
        while (j < pl && ptr[j] != '/')
            j++;
        lmx_json_iter(&cur, &it);
        if (cur.type == LMX_JOBJECT) {
            while (!found && lmx_json_next_member(&it, &key, &val)) {
                lmx_buf kb = {0};
                lmx_json_decode(&key, &kb);
                found = kb.len == j - i - 1 && memcmp(kb.p, ptr + i + 1, kb.len) == 0;
                lmx_buf_free(&kb);
            }
        } else if (cur.type == LMX_JARRAY) {
            for (k = i + 1; k < j && k < i + 8; k++)
                idx = ptr[k] >= '0' && ptr[k] <= '9' ? idx * 10 + (ptr[k] - '0') : -1000000;
            while (idx >= 0 && lmx_json_next_element(&it, &val))
                if (idx-- == 0)
                    found = 1;
        }
        if (!found) {
            lmx_buf_adds(err, "fuzz engine: the last result has no ");
            lmx_buf_add(err, ptr, pl);
            return LMX_NOT_FOUND;
        }
        cur = val;
        i = j;
    }
    if (cur.type == LMX_JSTRING)
        lmx_json_decode(&cur, &out);
    else
        lmx_buf_add(&out, cur.p, cur.n);
    if (out.oom) {
        lmx_buf_free(&out);
        return LMX_RESOURCE_EXHAUSTED;
    }
    *val = out.p ? out.p : lmx_strdup("");
    *vlen = out.len;
    return LMX_OK;
}

static int f_reset(void *p, lmx_buf *err, int *lost)
{
    (void)p;
    (void)err;
    *lost = 0;
    return LMX_OK;
}

const lmx_engine lmx_engine_jvm = {"fuzz-inprocess", f_open, f_close, f_execute, f_set_param, f_result, f_reset};
const lmx_engine lmx_engine_host = {"fuzz-host", f_open, f_close, f_execute, f_set_param, f_result, f_reset};

void lmx_tstate_destroy(lmx_tstate *ts)
{
    lmx_buf_free(&ts->err_text);
    free(ts);
}

/* ---- the call sequence -------------------------------------------------------------------------- */
typedef struct input {
    const uint8_t *p;
    size_t n;
} input;

static unsigned byte(input *in)
{
    unsigned b;
    if (!in->n)
        return 0;
    b = in->p[0];
    in->p++;
    in->n--;
    return b;
}

/* A NUL-terminated string of up to 255 input bytes (any bytes: invalid UTF-8 on purpose). */
static char *str(input *in)
{
    size_t len = byte(in), k;
    char *s;
    if (len > in->n)
        len = in->n;
    s = (char *)malloc(len + 1);
    for (k = 0; k < len; k++)
        s[k] = (char)in->p[k] ? (char)in->p[k] : 'Z';
    s[len] = 0;
    in->p += len;
    in->n -= len;
    return s;
}

/* Checks a text-returning call: returns the size needed or a negative status; copies fit exactly. */
static void check_text_call(int r, const char *buf, int size)
{
    REQUIRE(r != 0);
    if (r > 0 && buf && size >= r) {
        REQUIRE(buf[r - 1] == 0);
        REQUIRE(memchr(buf, 0, (size_t)r) == buf + r - 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size};
    lmx_handle hs[4] = {0}, closed = NULL;
    char buf[512];
    int steps = 0, k;
    while (in.n && steps++ < 64) {
        unsigned op = byte(&in) % 11, slot = byte(&in) % 4;
        lmx_handle h = hs[slot];
        int r, size_arg = (int)(signed char)byte(&in);
        char *a, *b;
        switch (op) {
        case 0: /* open with a JSON configuration built around fuzz bytes */
            a = str(&in);
            {
                size_t l = strlen(a);
                char *cfg = (char *)malloc(l + 64);
                snprintf(cfg, l + 64, "{%s\"engine\":\"%s\"%s", (l && a[0] == '!') ? "!" : "",
                         (byte(&in) & 1) ? "host" : "inprocess", a);
                if (hs[slot])
                    lmx_close(hs[slot]);
                hs[slot] = NULL;
                r = lmx_open(cfg, &hs[slot]);
                REQUIRE((r == LMX_OK) == (hs[slot] != NULL));
                REQUIRE(lmx_error_code(NULL) == r);
                free(cfg);
            }
            free(a);
            break;
        case 1:
            a = str(&in);
            b = (byte(&in) & 1) ? str(&in) : NULL;
            r = lmx_execute(h, a, b);
            if (!h)
                REQUIRE(r == LMX_INVALID_HANDLE);
            else
                REQUIRE(lmx_error_code(h) == r);
            free(a);
            free(b);
            break;
        case 2:
            a = (byte(&in) & 1) ? str(&in) : NULL;
            if (size_arg > (int)sizeof buf)
                size_arg = (int)sizeof buf;
            r = lmx_result(h, a, (byte(&in) & 3) ? buf : NULL, size_arg);
            if (r > 0) {
                int again = lmx_result(h, a, NULL, 0);
                REQUIRE(again == r);
            }
            check_text_call(r, buf, size_arg);
            free(a);
            break;
        case 3:
            a = str(&in);
            b = str(&in);
            r = lmx_set_param(h, a, b);
            if (h)
                REQUIRE(lmx_error_code(h) == r);
            free(a);
            free(b);
            break;
        case 4:
            r = lmx_reset_params(h);
            REQUIRE(h ? r == LMX_OK : r == LMX_INVALID_HANDLE);
            break;
        case 5:
            if (h) {
                REQUIRE(lmx_close(h) == LMX_OK);
                closed = h;
                hs[slot] = NULL;
            }
            break;
        case 6:
            if (size_arg > (int)sizeof buf)
                size_arg = (int)sizeof buf;
            r = lmx_error_text(h, (byte(&in) & 3) ? buf : NULL, size_arg);
            check_text_call(r, buf, size_arg);
            (void)lmx_error_code(h);
            break;
        case 7:
            if (size_arg > (int)sizeof buf)
                size_arg = (int)sizeof buf;
            r = lmx_version((byte(&in) & 3) ? buf : NULL, size_arg);
            check_text_call(r, buf, size_arg);
            break;
        case 8: { /* handles that are not open */
            lmx_handle bad[4] = {closed, (lmx_handle)(uintptr_t)1, (lmx_handle)(void *)buf, (lmx_handle)(uintptr_t)-1};
            lmx_handle x = bad[byte(&in) % 4];
            int still_open = 0;
            for (k = 0; k < 4; k++)
                still_open |= x == hs[k];
            if (!x || still_open)
                break;
            REQUIRE(lmx_execute(x, "version", NULL) == LMX_INVALID_HANDLE);
            REQUIRE(lmx_error_code(x) == LMX_INVALID_HANDLE);
            REQUIRE(lmx_result(x, NULL, buf, sizeof buf) == -LMX_INVALID_HANDLE);
            REQUIRE(lmx_close(x) == LMX_INVALID_HANDLE);
            break;
        }
        case 9: /* a configuration that is not JSON: a path that does not exist */
            a = str(&in);
            {
                char path[320];
                lmx_handle x = NULL;
                snprintf(path, sizeof path, "fuzz-no-such-folder/%s", a);
                r = lmx_open(path, &x);
                REQUIRE(r != LMX_OK && x == NULL);
            }
            free(a);
            break;
        default: /* a raw configuration */
            a = str(&in);
            {
                lmx_handle x = NULL;
                r = lmx_open(a[0] == '{' ? a : "", &x);
                if (r == LMX_OK)
                    lmx_close(x);
            }
            free(a);
        }
    }
    for (k = 0; k < 4; k++)
        if (hs[k])
            REQUIRE(lmx_close(hs[k]) == LMX_OK);
    return 0;
}
