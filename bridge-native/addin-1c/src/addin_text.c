/*
 * addin_text.c — UTF-16 <-> UTF-8 for the 1C add-in, and case-insensitive member names.
 */
#include "addin_text.h"

#include <stdlib.h>
#include <string.h>

char *addin_utf8(const na_char *s, long len, long *bad_at)
{
    long i;
    char *out, *o;
    *bad_at = -1;
    if (!s)
        len = 0;
    if (len < 0)
        for (len = 0; s[len]; len++)
            ;
    out = (char *)malloc((size_t)len * 3 + 1); /* a UTF-16 unit never needs more than 3 bytes */
    if (!out)
        return NULL;
    o = out;
    for (i = 0; i < len; i++) {
        uint32_t c = s[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < len && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00u);
            i++;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            *bad_at = i;
            free(out);
            return NULL;
        }
        if (c < 0x80) {
            *o++ = (char)c;
        } else if (c < 0x800) {
            *o++ = (char)(0xC0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *o++ = (char)(0xE0 | (c >> 12));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        } else {
            *o++ = (char)(0xF0 | (c >> 18));
            *o++ = (char)(0x80 | ((c >> 12) & 0x3F));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = 0;
    return out;
}

/* Decodes one UTF-8 sequence at *p (advancing it); U+FFFD for an invalid one. */
static uint32_t next_code_point(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = s[0], min;
    int k, i;
    if (c < 0x80) {
        *p = s + 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF) { k = 1; c &= 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { k = 2; c &= 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { k = 3; c &= 0x07; min = 0x10000; }
    else { *p = s + 1; return 0xFFFD; }
    for (i = 1; i <= k; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p = s + i;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p = s + k + 1;
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0xFFFD;
    return c;
}

/* UTF-16 length in units of the UTF-8 string s. */
static size_t utf16_units(const char *s)
{
    const unsigned char *p;
    size_t n = 0;
    for (p = (const unsigned char *)s; *p;)
        n += next_code_point(&p) >= 0x10000 ? 2 : 1;
    return n;
}

/* Writes the UTF-16 of s (units of it, as counted by utf16_units) and a NUL into out. */
static void utf16_fill(const char *s, na_char *out)
{
    const unsigned char *p;
    for (p = (const unsigned char *)s; *p;) {
        uint32_t c = next_code_point(&p);
        if (c >= 0x10000) {
            c -= 0x10000;
            *out++ = (na_char)(0xD800 + (c >> 10));
            *out++ = (na_char)(0xDC00 + (c & 0x3FF));
        } else {
            *out++ = (na_char)c;
        }
    }
    *out = 0;
}

na_char *addin_utf16_platform(na_memory *mem, const char *s, uint32_t *units)
{
    na_char *out = NULL;
    size_t n;
    *units = 0;
    if (!mem || !mem->vtbl || !mem->vtbl->AllocMemory)
        return NULL;
    n = utf16_units(s ? s : "");
    if (n > 0x3FFFFFFF)
        return NULL;
    if (!mem->vtbl->AllocMemory(mem, (void **)&out, (unsigned long)((n + 1) * sizeof(na_char))) || !out)
        return NULL;
    utf16_fill(s ? s : "", out);
    *units = (uint32_t)n;
    return out;
}

na_char *addin_utf16(const char *s)
{
    size_t n = utf16_units(s ? s : "");
    na_char *out = (na_char *)malloc((n + 1) * sizeof(na_char));
    if (out)
        utf16_fill(s ? s : "", out);
    return out;
}

/* Lower case of the letters 1C member names use: ASCII, Cyrillic А–Я, Ѐ–Џ (Ё among them). */
static uint32_t fold(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0x0410 && c <= 0x042F)
        return c + 0x20;
    if (c >= 0x0400 && c <= 0x040F)
        return c + 0x50;
    return c;
}

int addin_name_equals(const na_char *name, const char *utf8_name)
{
    const unsigned char *p = (const unsigned char *)utf8_name;
    if (!name)
        return 0;
    while (*p) {
        uint32_t c = next_code_point(&p), u = *name;
        if (u >= 0xD800 && u <= 0xDBFF && name[1] >= 0xDC00 && name[1] <= 0xDFFF) {
            u = 0x10000 + ((u - 0xD800) << 10) + (name[1] - 0xDC00u);
            name++;
        }
        if (!u || fold(u) != fold(c))
            return 0;
        name++;
    }
    return *name == 0;
}
