/* The message catalogue's table (lmx_text.h) and the functions that pick a sentence. */
#include "lmx_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LMX_TEXT_ROW(id, ru, en) {ru, en},
static const struct {
    const char *ru, *en;
} texts[LT_COUNT] = {LMX_TEXTS(LMX_TEXT_ROW)};
#undef LMX_TEXT_ROW

const char *lmx_t(lmx_lang lang, lmx_text id)
{
    if ((unsigned)id >= (unsigned)LT_COUNT)
        return "";
    return lang == LMX_LANG_EN ? texts[id].en : texts[id].ru;
}

int lmx_lang_parse(const char *code)
{
    char c[3];
    size_t k;
    if (!code || strlen(code) != 2)
        return -1;
    for (k = 0; k < 2; k++)
        c[k] = (char)(code[k] >= 'A' && code[k] <= 'Z' ? code[k] - 'A' + 'a' : code[k]);
    c[2] = 0;
    if (strcmp(c, "ru") == 0)
        return LMX_LANG_RU;
    if (strcmp(c, "en") == 0)
        return LMX_LANG_EN;
    return -1;
}

const char *lmx_lang_code(lmx_lang lang)
{
    return lang == LMX_LANG_EN ? "en" : "ru";
}

void lmx_buf_addt(lmx_buf *b, lmx_lang lang, lmx_text id, ...)
{
    va_list ap;
    va_start(ap, id);
    lmx_buf_vaddf(b, lmx_t(lang, id), ap);
    va_end(ap);
}

char *lmx_tdup(lmx_lang lang, lmx_text id, ...)
{
    lmx_buf b = {0};
    va_list ap;
    va_start(ap, id);
    lmx_buf_vaddf(&b, lmx_t(lang, id), ap);
    va_end(ap);
    if (b.oom || !b.p) {
        lmx_buf_free(&b);
        return lmx_strdup("");
    }
    return b.p;
}
