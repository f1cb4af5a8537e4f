/* The JSON module: see lmx_json.h for the rules. */
#include "lmx_internal.h"
#include "lmx_json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
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

/* A string at s[*i] == '"'; *i ends past its closing quote (1) or where it went wrong (0). */
static int scan_string(const char *s, size_t n, size_t *i)
{
    size_t k = *i + 1;
    while (k < n) {
        unsigned char ch = (unsigned char)s[k];
        if (ch == '"') {
            *i = k + 1;
            return 1;
        }
        if (ch < 0x20)
            break;
        if (ch != '\\') {
            k++;
            continue;
        }
        if (k + 1 >= n)
            break;
        switch (s[k + 1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            k += 2;
            continue;
        case 'u': {
            unsigned v;
            if (k + 6 > n || !hex4(s + k + 2, &v))
                goto bad;
            k += 6;
            continue;
        }
        default:
            goto bad;
        }
    }
bad:
    *i = k;
    return 0;
}

/* The one number rule. */
static int scan_number(const char *s, size_t n, size_t *i)
{
    size_t k = *i;
    if (k < n && s[k] == '-')
        k++;
    if (k >= n || s[k] < '0' || s[k] > '9')
        goto bad;
    if (s[k] == '0')
        k++;
    else
        while (k < n && s[k] >= '0' && s[k] <= '9')
            k++;
    if (k < n && s[k] == '.') {
        k++;
        if (k >= n || s[k] < '0' || s[k] > '9')
            goto bad;
        while (k < n && s[k] >= '0' && s[k] <= '9')
            k++;
    }
    if (k < n && (s[k] == 'e' || s[k] == 'E')) {
        k++;
        if (k < n && (s[k] == '+' || s[k] == '-'))
            k++;
        if (k >= n || s[k] < '0' || s[k] > '9')
            goto bad;
        while (k < n && s[k] >= '0' && s[k] <= '9')
            k++;
    }
    *i = k;
    return 1;
bad:
    *i = k;
    return 0;
}

static int scan_literal(const char *s, size_t n, size_t *i, const char *lit)
{
    size_t l = strlen(lit);
    if (*i + l > n || memcmp(s + *i, lit, l) != 0)
        return 0;
    *i += l;
    return 1;
}

static int type_of(char c)
{
    switch (c) {
    case '"': return LMX_JSTRING;
    case '{': return LMX_JOBJECT;
    case '[': return LMX_JARRAY;
    case 't': return LMX_JTRUE;
    case 'f': return LMX_JFALSE;
    case 'n': return LMX_JNULL;
    default: return LMX_JNUMBER;
    }
}

int lmx_json_parse(const char *s, size_t n, lmx_jval *v, size_t *err_at)
{
    enum { VALUE, VALUE_OR_CLOSE, KEY, KEY_OR_CLOSE, AFTER } st = VALUE;
    char stack[LMX_JSON_MAX_DEPTH];
    int depth = 0;
    size_t i, start;
    long bad = lmx_utf8_invalid_at(s, n);
    if (bad >= 0) {
        i = (size_t)bad;
        goto fail;
    }
    i = start = skip_ws(s, n, 0);
    for (;;) {
        char c;
        i = skip_ws(s, n, i);
        if (st == AFTER) {
            if (depth == 0)
                break;
            if (i >= n)
                goto fail;
            if (s[i] == ',') {
                i++;
                st = stack[depth - 1] == '{' ? KEY : VALUE;
                continue;
            }
            if (s[i] == (stack[depth - 1] == '{' ? '}' : ']')) {
                i++;
                depth--;
                continue;
            }
            goto fail;
        }
        if (i >= n)
            goto fail;
        c = s[i];
        if ((st == KEY_OR_CLOSE && c == '}') || (st == VALUE_OR_CLOSE && c == ']')) {
            i++;
            depth--;
            st = AFTER;
            continue;
        }
        if (st == KEY || st == KEY_OR_CLOSE) {
            if (c != '"' || !scan_string(s, n, &i))
                goto fail;
            i = skip_ws(s, n, i);
            if (i >= n || s[i] != ':')
                goto fail;
            i++;
            st = VALUE;
            continue;
        }
        switch (c) {
        case '{':
        case '[':
            if (depth == LMX_JSON_MAX_DEPTH)
                goto fail;
            stack[depth++] = c;
            i++;
            st = c == '{' ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
            continue;
        case '"':
            if (!scan_string(s, n, &i))
                goto fail;
            break;
        case 't':
            if (!scan_literal(s, n, &i, "true"))
                goto fail;
            break;
        case 'f':
            if (!scan_literal(s, n, &i, "false"))
                goto fail;
            break;
        case 'n':
            if (!scan_literal(s, n, &i, "null"))
                goto fail;
            break;
        default:
            if (!scan_number(s, n, &i))
                goto fail;
        }
        st = AFTER;
    }
    if (v) {
        v->type = type_of(s[start]);
        v->p = s + start;
        v->n = i - start;
    }
    if (skip_ws(s, n, i) != n) {
        i = skip_ws(s, n, i);
        goto fail;
    }
    return 1;
fail:
    if (err_at)
        *err_at = i;
    return 0;
}

/* The end of the (valid) value at s[i]. */
static size_t skip_value(const char *s, size_t n, size_t i)
{
    size_t k = i;
    int depth = 0;
    switch (s[i]) {
    case '"':
        scan_string(s, n, &k);
        return k;
    case 't': case 'n':
        return i + 4;
    case 'f':
        return i + 5;
    case '{':
    case '[':
        while (k < n) {
            char c = s[k];
            if (c == '"') {
                scan_string(s, n, &k);
                continue;
            }
            if (c == '{' || c == '[')
                depth++;
            else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return k + 1;
            }
            k++;
        }
        return k;
    default:
        scan_number(s, n, &k);
        return k;
    }
}

void lmx_json_iter(const lmx_jval *container, lmx_jiter *it)
{
    it->s = container->p;
    it->n = container->n;
    it->i = container->n ? 1 : 0; /* past '{' or '[' */
}

static int next_value(lmx_jiter *it, lmx_jval *val)
{
    size_t end;
    it->i = skip_ws(it->s, it->n, it->i);
    if (it->i >= it->n)
        return 0;
    end = skip_value(it->s, it->n, it->i);
    val->type = type_of(it->s[it->i]);
    val->p = it->s + it->i;
    val->n = end - it->i;
    it->i = end;
    return 1;
}

/* Moves to the next item: past a ',' or onto the closing bracket (returns 0 there). */
static int next_item(lmx_jiter *it)
{
    it->i = skip_ws(it->s, it->n, it->i);
    if (it->i < it->n && it->s[it->i] == ',')
        it->i = skip_ws(it->s, it->n, it->i + 1);
    if (it->i >= it->n || it->s[it->i] == '}' || it->s[it->i] == ']') {
        it->i = it->n;
        return 0;
    }
    return 1;
}

int lmx_json_next_member(lmx_jiter *it, lmx_jval *key, lmx_jval *val)
{
    if (!next_item(it) || !next_value(it, key))
        return 0;
    it->i = skip_ws(it->s, it->n, it->i);
    if (it->i < it->n && it->s[it->i] == ':')
        it->i++;
    return next_value(it, val);
}

int lmx_json_next_element(lmx_jiter *it, lmx_jval *val)
{
    return next_item(it) && next_value(it, val);
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

int lmx_json_decode(const lmx_jval *v, lmx_buf *out)
{
    const char *s;
    size_t n, i, run;
    if (!v || v->type != LMX_JSTRING || v->n < 2)
        return 0;
    s = v->p;
    n = v->n - 1; /* the closing quote */
    i = run = 1;
    lmx_buf_add(out, "", 0); /* an empty string still gives a buffer */
    while (i < n) {
        unsigned v16, lo;
        if (s[i] != '\\') {
            i++;
            continue;
        }
        lmx_buf_add(out, s + run, i - run);
        switch (s[i + 1]) {
        case 'b': lmx_buf_add(out, "\b", 1); break;
        case 'f': lmx_buf_add(out, "\f", 1); break;
        case 'n': lmx_buf_add(out, "\n", 1); break;
        case 'r': lmx_buf_add(out, "\r", 1); break;
        case 't': lmx_buf_add(out, "\t", 1); break;
        case 'u':
            hex4(s + i + 2, &v16);
            i += 6;
            if (v16 >= 0xD800 && v16 <= 0xDBFF && i + 6 <= n && s[i] == '\\' && s[i + 1] == 'u' &&
                hex4(s + i + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                v16 = 0x10000 + ((v16 - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            } else if (v16 >= 0xD800 && v16 <= 0xDFFF) {
                v16 = 0xFFFD;
            }
            put_utf8(out, v16);
            run = i;
            continue;
        default: /* '"', '\\', '/' stand for themselves */
            lmx_buf_add(out, s + i + 1, 1);
        }
        i += 2;
        run = i;
    }
    lmx_buf_add(out, s + run, n - run);
    return !out->oom;
}

int lmx_json_equals(const lmx_jval *v, const char *lit)
{
    lmx_buf b = {0};
    int eq;
    if (!lmx_json_decode(v, &b)) {
        lmx_buf_free(&b);
        return 0;
    }
    eq = b.len == strlen(lit) && memcmp(b.p, lit, b.len) == 0;
    lmx_buf_free(&b);
    return eq;
}

int lmx_json_integer(const lmx_jval *v, long long *out)
{
    char tmp[24], *end;
    long long r;
    if (!v || v->type != LMX_JNUMBER || v->n >= sizeof tmp || memchr(v->p, '.', v->n) || memchr(v->p, 'e', v->n) ||
        memchr(v->p, 'E', v->n))
        return 0;
    memcpy(tmp, v->p, v->n);
    tmp[v->n] = 0;
    errno = 0;
    r = strtoll(tmp, &end, 10);
    if (errno == ERANGE || *end)
        return 0;
    *out = r;
    return 1;
}

void lmx_json_write_string(lmx_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;
    if (!s) {
        lmx_buf_adds(b, "null");
        return;
    }
    lmx_buf_add(b, "\"", 1);
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        char esc[7];
        size_t el = 2;
        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        lmx_buf_add(b, s + run, i - run);
        run = i + 1;
        esc[0] = '\\';
        switch (ch) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[ch >> 4];
            esc[5] = hex[ch & 15];
            el = 6;
        }
        lmx_buf_add(b, esc, el);
    }
    lmx_buf_add(b, s + run, n - run);
    lmx_buf_add(b, "\"", 1);
}
