/* Text buffers, UTF-8/UTF-16 handling and the minimal configuration scanner. */
#include "lmx_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- lmx_buf -------------------------------------------------------------------------------- */
void lmx_buf_free(lmx_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

void lmx_buf_clear(lmx_buf *b)
{
    b->len = 0;
    b->oom = 0;
    if (b->p)
        b->p[0] = 0;
}

static int buf_reserve(lmx_buf *b, size_t extra)
{
    size_t need, ncap;
    char *np;
    if (b->len + extra + 1 <= b->cap)
        return 1;
    need = b->len + extra + 1;
    ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap *= 2;
    np = (char *)realloc(b->p, ncap);
    if (!np) {
        b->oom = 1;
        return 0;
    }
    b->p = np;
    b->cap = ncap;
    return 1;
}

void lmx_buf_add(lmx_buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

void lmx_buf_adds(lmx_buf *b, const char *s)
{
    if (s)
        lmx_buf_add(b, s, strlen(s));
}

void lmx_buf_addf(lmx_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        lmx_buf_add(b, tmp, (size_t)n);
        return;
    }
    if (!buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *lmx_buf_str(const lmx_buf *b)
{
    return b->p ? b->p : "";
}

char *lmx_strndup(const char *s, size_t n)
{
    char *r = (char *)malloc(n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = 0;
    }
    return r;
}

char *lmx_strdup(const char *s)
{
    return s ? lmx_strndup(s, strlen(s)) : NULL;
}

/* ---- UTF ------------------------------------------------------------------------------------ */
long lmx_utf8_invalid_at(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n;
        unsigned cp, min;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return (long)i;
        }
        {
            size_t k;
            for (k = 1; k <= n; k++) {
                if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                    return (long)i;
                cp = (cp << 6) | (s[i + k] & 0x3F);
            }
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return (long)i;
        i += n + 1;
    }
    return -1;
}

int lmx_utf16_to_utf8(const uint16_t *w, size_t max_bytes, char **out, size_t *out_len, long *bad_unit)
{
    size_t i, need = 0;
    char *r, *p;
    *out = NULL;
    *out_len = 0;
    for (i = 0; w[i]; i++) {
        unsigned c = w[i];
        if (c < 0x80)
            need += 1;
        else if (c < 0x800)
            need += 2;
        else if (c >= 0xD800 && c <= 0xDBFF) {
            if (w[i + 1] < 0xDC00 || w[i + 1] > 0xDFFF) {
                *bad_unit = (long)i;
                return -1;
            }
            need += 4;
            i++;
        } else if (c >= 0xDC00 && c <= 0xDFFF) {
            *bad_unit = (long)i;
            return -1;
        } else
            need += 3;
        if (need > max_bytes)
            return -3;
    }
    r = (char *)malloc(need + 1);
    if (!r)
        return -2;
    p = r;
    for (i = 0; w[i]; i++) {
        unsigned c = w[i];
        if (c < 0x80)
            *p++ = (char)c;
        else if (c < 0x800) {
            *p++ = (char)(0xC0 | (c >> 6));
            *p++ = (char)(0x80 | (c & 0x3F));
        } else if (c >= 0xD800 && c <= 0xDBFF) {
            unsigned cp = 0x10000 + ((c - 0xD800) << 10) + (w[i + 1] - 0xDC00);
            *p++ = (char)(0xF0 | (cp >> 18));
            *p++ = (char)(0x80 | ((cp >> 12) & 0x3F));
            *p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *p++ = (char)(0x80 | (cp & 0x3F));
            i++;
        } else {
            *p++ = (char)(0xE0 | (c >> 12));
            *p++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *p++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *p = 0;
    *out = r;
    *out_len = need;
    return 0;
}

size_t lmx_utf8_to_utf16(const char *str, size_t len, uint16_t *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, n = 0;
    while (i < len) {
        unsigned c = s[i], cp;
        if (c < 0x80) {
            cp = c;
            i += 1;
        } else if (c < 0xE0) {
            cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
            i += 2;
        } else if (c < 0xF0) {
            cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            i += 3;
        } else {
            cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
            i += 4;
        }
        if (cp >= 0x10000) {
            if (out && n + 1 < cap) {
                out[n] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
                out[n + 1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            }
            n += 2;
        } else {
            if (out && n < cap)
                out[n] = (uint16_t)cp;
            n += 1;
        }
    }
    return n;
}

/* ---- minimal JSON scanner for the configuration ---------------------------------------------
 * Reads only top-level string members ("engine", "jvmPath") and one array of strings
 * ("jvmOptions"); every other value is skipped with full syntax checking so that a malformed text
 * is recognised (and left to the core to report). */
typedef struct jscan {
    const char *s;
    size_t n, i;
    int depth;
} jscan;

static void js_ws(jscan *j)
{
    while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' || j->s[j->i] == '\r'))
        j->i++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int hex4(const char *p, unsigned *v)
{
    int k, h;
    *v = 0;
    for (k = 0; k < 4; k++) {
        if ((h = hexval(p[k])) < 0)
            return 0;
        *v = (*v << 4) | (unsigned)h;
    }
    return 1;
}

static void put_utf8(lmx_buf *b, unsigned cp)
{
    char t[4];
    if (cp < 0x80) {
        t[0] = (char)cp;
        lmx_buf_add(b, t, 1);
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        lmx_buf_add(b, t, 2);
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        lmx_buf_add(b, t, 3);
    } else {
        t[0] = (char)(0xF0 | (cp >> 18));
        t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (char)(0x80 | (cp & 0x3F));
        lmx_buf_add(b, t, 4);
    }
}

/* A JSON string at s[*pos] (must be '"'); *pos ends past it, or where the text is wrong.  Decoded
 * into out when not NULL: escapes resolved, \uD8xx\uDCxx pairs joined, an unpaired surrogate escape
 * becomes U+FFFD (valid UTF-8 input stays valid UTF-8), \u0000 becomes a NUL byte (callers that
 * need C strings check for it).  Other bytes are copied as they are. */
int lmx_json_string(const char *s, size_t n, size_t *pos, lmx_buf *out)
{
    size_t i = *pos;
    size_t run;
    if (i >= n || s[i] != '"')
        return 0;
    run = ++i;
    while (i < n) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"') {
            if (out)
                lmx_buf_add(out, s + run, i - run);
            *pos = i + 1;
            return 1;
        }
        if (ch < 0x20)
            goto fail;
        if (ch != '\\') {
            i++;
            continue;
        }
        if (out)
            lmx_buf_add(out, s + run, i - run);
        if (i + 1 >= n)
            goto fail;
        switch (s[i + 1]) {
        case '"': if (out) lmx_buf_add(out, "\"", 1); break;
        case '\\': if (out) lmx_buf_add(out, "\\", 1); break;
        case '/': if (out) lmx_buf_add(out, "/", 1); break;
        case 'b': if (out) lmx_buf_add(out, "\b", 1); break;
        case 'f': if (out) lmx_buf_add(out, "\f", 1); break;
        case 'n': if (out) lmx_buf_add(out, "\n", 1); break;
        case 'r': if (out) lmx_buf_add(out, "\r", 1); break;
        case 't': if (out) lmx_buf_add(out, "\t", 1); break;
        case 'u': {
            unsigned v, lo;
            if (i + 6 > n || !hex4(s + i + 2, &v))
                goto fail;
            i += 6;
            if (v >= 0xD800 && v <= 0xDBFF && i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u' &&
                hex4(s + i + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            } else if (v >= 0xD800 && v <= 0xDFFF) {
                v = 0xFFFD;
            }
            if (out)
                put_utf8(out, v);
            run = i;
            continue;
        }
        default:
            goto fail;
        }
        i += 2;
        run = i;
    }
fail:
    *pos = i; /* where the text went wrong */
    return 0;
}

static int js_value(jscan *j);

static int js_literal(jscan *j, const char *lit)
{
    size_t n = strlen(lit);
    if (j->i + n > j->n || memcmp(j->s + j->i, lit, n) != 0)
        return 0;
    j->i += n;
    return 1;
}

static int js_number(jscan *j)
{
    size_t st = j->i;
    if (j->i < j->n && j->s[j->i] == '-')
        j->i++;
    while (j->i < j->n && ((j->s[j->i] >= '0' && j->s[j->i] <= '9') || j->s[j->i] == '.' ||
                           j->s[j->i] == 'e' || j->s[j->i] == 'E' || j->s[j->i] == '+' || j->s[j->i] == '-'))
        j->i++;
    return j->i > st;
}

static int js_container(jscan *j, char open, char close)
{
    if (++j->depth > 64)
        return 0;
    j->i++; /* open */
    js_ws(j);
    if (j->i < j->n && j->s[j->i] == close) {
        j->i++;
        j->depth--;
        return 1;
    }
    for (;;) {
        js_ws(j);
        if (open == '{') {
            if (!lmx_json_string(j->s, j->n, &j->i, NULL))
                return 0;
            js_ws(j);
            if (j->i >= j->n || j->s[j->i] != ':')
                return 0;
            j->i++;
            js_ws(j);
        }
        if (!js_value(j))
            return 0;
        js_ws(j);
        if (j->i >= j->n)
            return 0;
        if (j->s[j->i] == ',') {
            j->i++;
            continue;
        }
        if (j->s[j->i] == close) {
            j->i++;
            j->depth--;
            return 1;
        }
        return 0;
    }
}

static int js_value(jscan *j)
{
    if (j->i >= j->n)
        return 0;
    switch (j->s[j->i]) {
    case '"': return lmx_json_string(j->s, j->n, &j->i, NULL);
    case '{': return js_container(j, '{', '}');
    case '[': return js_container(j, '[', ']');
    case 't': return js_literal(j, "true");
    case 'f': return js_literal(j, "false");
    case 'n': return js_literal(j, "null");
    default: return js_number(j);
    }
}

static char *js_take_string(jscan *j)
{
    lmx_buf b = {0};
    if (!lmx_json_string(j->s, j->n, &j->i, &b)) {
        lmx_buf_free(&b);
        return NULL;
    }
    if (b.oom || (b.p && memchr(b.p, 0, b.len))) { /* a path or option cannot hold NUL */
        lmx_buf_free(&b);
        return NULL;
    }
    if (!b.p)
        return lmx_strdup("");
    return b.p;
}

/* A JSON integer at j->i (consumed); -1 when the value is not a plain non-negative integer. */
static long js_take_long(jscan *j)
{
    size_t st = j->i;
    long v = 0;
    int digits = 0;
    if (!js_number(j))
        return -2;
    for (; st < j->i; st++) {
        char c = j->s[st];
        if (c < '0' || c > '9' || digits >= 9)
            return -1;
        v = v * 10 + (c - '0');
        digits++;
    }
    return v;
}

void lmx_config_scan(const char *json, size_t len, lmx_config *cfg)
{
    jscan j = {json, len, 0, 0};
    memset(cfg, 0, sizeof *cfg);
    cfg->connect_timeout_ms = cfg->read_timeout_ms = cfg->lane_wait_ms = -1;
    if (len >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) /* a file saved by Notepad */
        j.i = 3;
    js_ws(&j);
    if (j.i >= j.n || j.s[j.i] != '{')
        return;
    j.i++;
    js_ws(&j);
    if (j.i < j.n && j.s[j.i] == '}') {
        j.i++;
        goto done;
    }
    for (;;) {
        char *key;
        js_ws(&j);
        key = js_take_string(&j);
        if (!key)
            goto bad;
        js_ws(&j);
        if (j.i >= j.n || j.s[j.i] != ':') {
            free(key);
            goto bad;
        }
        j.i++;
        js_ws(&j);
        if (strcmp(key, "engine") == 0 || strcmp(key, "jvmPath") == 0 || strcmp(key, "hostAddress") == 0 ||
            strcmp(key, "tokenFile") == 0 || strcmp(key, "dataDir") == 0) {
            char **slot = strcmp(key, "engine") == 0 ? &cfg->engine
                        : strcmp(key, "jvmPath") == 0 ? &cfg->jvm_path
                        : strcmp(key, "hostAddress") == 0 ? &cfg->host_address
                        : strcmp(key, "tokenFile") == 0 ? &cfg->token_file : &cfg->data_dir;
            char *v;
            if (j.i >= j.n || j.s[j.i] != '"') {
                if (slot == &cfg->host_address)
                    cfg->bad_key = "hostAddress";
                else if (slot == &cfg->token_file)
                    cfg->bad_key = "tokenFile";
                free(key);
                if (!js_value(&j))
                    goto bad;
            } else {
                v = js_take_string(&j);
                free(key);
                if (!v)
                    goto bad;
                free(*slot);
                *slot = v;
            }
        } else if ((strcmp(key, "connectTimeoutMs") == 0 || strcmp(key, "readTimeoutMs") == 0 ||
                    strcmp(key, "laneWaitMs") == 0) && j.i < j.n && (j.s[j.i] == '-' || (j.s[j.i] >= '0' && j.s[j.i] <= '9'))) {
            long *slot = strcmp(key, "connectTimeoutMs") == 0 ? &cfg->connect_timeout_ms
                       : strcmp(key, "readTimeoutMs") == 0 ? &cfg->read_timeout_ms : &cfg->lane_wait_ms;
            long v = js_take_long(&j);
            free(key);
            if (v == -2)
                goto bad;
            *slot = v;
        } else if (strcmp(key, "jvmOptions") == 0 && j.i < j.n && j.s[j.i] == '[') {
            free(key);
            j.i++;
            js_ws(&j);
            if (j.i < j.n && j.s[j.i] == ']') {
                j.i++;
            } else {
                for (;;) {
                    char *v, **nv;
                    js_ws(&j);
                    if (j.i >= j.n || j.s[j.i] != '"')
                        goto bad;
                    v = js_take_string(&j);
                    if (!v)
                        goto bad;
                    nv = (char **)realloc(cfg->jvm_options, sizeof(char *) * (size_t)(cfg->n_jvm_options + 1));
                    if (!nv) {
                        free(v);
                        goto bad;
                    }
                    cfg->jvm_options = nv;
                    cfg->jvm_options[cfg->n_jvm_options++] = v;
                    js_ws(&j);
                    if (j.i < j.n && j.s[j.i] == ',') {
                        j.i++;
                        continue;
                    }
                    if (j.i < j.n && j.s[j.i] == ']') {
                        j.i++;
                        break;
                    }
                    goto bad;
                }
            }
        } else {
            free(key);
            if (!js_value(&j))
                goto bad;
        }
        js_ws(&j);
        if (j.i < j.n && j.s[j.i] == ',') {
            j.i++;
            continue;
        }
        if (j.i < j.n && j.s[j.i] == '}') {
            j.i++;
            break;
        }
        goto bad;
    }
done:
    js_ws(&j);
    cfg->json_ok = (j.i == j.n);
    return;
bad:
    cfg->json_ok = 0;
}

void lmx_config_free(lmx_config *cfg)
{
    int k;
    free(cfg->engine);
    free(cfg->jvm_path);
    for (k = 0; k < cfg->n_jvm_options; k++)
        free(cfg->jvm_options[k]);
    free(cfg->jvm_options);
    free(cfg->host_address);
    free(cfg->token_file);
    free(cfg->data_dir);
    memset(cfg, 0, sizeof *cfg);
}
