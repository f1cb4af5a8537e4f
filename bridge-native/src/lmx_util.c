/* Text buffers and UTF-8/UTF-16 handling. */
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

void lmx_buf_vaddf(lmx_buf *b, const char *fmt, va_list ap)
{
    char tmp[512];
    va_list aq;
    int n;
    va_copy(aq, ap);
    n = vsnprintf(tmp, sizeof tmp, fmt, aq);
    va_end(aq);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        lmx_buf_add(b, tmp, (size_t)n);
        return;
    }
    if (!buf_reserve(b, (size_t)n))
        return;
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void lmx_buf_addf(lmx_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lmx_buf_vaddf(b, fmt, ap);
    va_end(ap);
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
