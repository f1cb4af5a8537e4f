/* The C library's message catalogue (src/lmx_text.h): every entry has a Russian and an English
 * sentence, both take the same printf conversions in the same order (the arguments are passed once
 * for either), and no sentence ends with a dot or a space (Delphi's EOleException cuts them, so a
 * text would differ between LastErrorText and E.Message).  Also the language codes. */
#include "lmx_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...) do { if (!(cond)) { failures++; printf("FAIL "); printf(__VA_ARGS__); printf("\n"); } } while (0)

/* The conversion specifications of a printf format ("%s|%ld|%.200s|"), without their flags' width. */
static void conversions(const char *f, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = 0;
    for (; *f; f++) {
        const char *start;
        if (*f != '%')
            continue;
        if (f[1] == '%') {
            f++;
            continue;
        }
        start = f++;
        while (*f && !strchr("diouxXeEfgGcspn", *f))
            f++;
        if (!*f)
            break;
        if (n + (size_t)(f - start) + 2 < cap) {
            memcpy(out + n, start, (size_t)(f - start) + 1);
            n += (size_t)(f - start) + 1;
            out[n++] = '|';
            out[n] = 0;
        }
    }
}

static const char *names[] = {
#define LMX_TEXT_NAME(id, ru, en) #id,
    LMX_TEXTS(LMX_TEXT_NAME)
#undef LMX_TEXT_NAME
};

int main(void)
{
    int id, checked = 0;
    for (id = 0; id < LT_COUNT; id++) {
        const char *ru = lmx_t(LMX_LANG_RU, (lmx_text)id), *en = lmx_t(LMX_LANG_EN, (lmx_text)id);
        char cr[512], ce[512];
        size_t lr = strlen(ru), le = strlen(en);
        CHECK(lr > 0 && le > 0, "%s: a language is empty (ru %lu bytes, en %lu bytes)", names[id], (unsigned long)lr,
              (unsigned long)le);
        if (!lr || !le)
            continue;
        conversions(ru, cr, sizeof cr);
        conversions(en, ce, sizeof ce);
        CHECK(strcmp(cr, ce) == 0, "%s: ru takes %s, en takes %s", names[id], cr, ce);
        CHECK(ru[lr - 1] != '.' && (unsigned char)ru[lr - 1] > ' ', "%s: the Russian sentence ends with a dot or a space", names[id]);
        CHECK(en[le - 1] != '.' && (unsigned char)en[le - 1] > ' ', "%s: the English sentence ends with a dot or a space", names[id]);
        CHECK(lmx_utf8_invalid_at(ru, lr) < 0 && lmx_utf8_invalid_at(en, le) < 0, "%s: not UTF-8", names[id]);
        checked++;
    }
    CHECK(lmx_lang_parse("ru") == LMX_LANG_RU && lmx_lang_parse("EN") == LMX_LANG_EN && lmx_lang_parse("de") < 0
          && lmx_lang_parse("") < 0 && lmx_lang_parse(NULL) < 0 && lmx_lang_parse("rus") < 0, "lmx_lang_parse");
    CHECK(LMX_LANG_DEFAULT == LMX_LANG_RU && strcmp(lmx_lang_code(LMX_LANG_EN), "en") == 0, "the default language is ru");
    {
        /* a sentence with its arguments, in both languages */
        char *ru = lmx_tdup(LMX_LANG_RU, LT_FILE_NOT_FOUND, lmx_t(LMX_LANG_RU, LT_WHAT_CONFIG_FILE), "/x.json");
        char *en = lmx_tdup(LMX_LANG_EN, LT_FILE_NOT_FOUND, lmx_t(LMX_LANG_EN, LT_WHAT_CONFIG_FILE), "/x.json");
        CHECK(strcmp(ru, "файл конфигурации /x.json не найден") == 0, "ru: %s", ru);
        CHECK(strcmp(en, "configuration file /x.json is not found") == 0, "en: %s", en);
        free(ru);
        free(en);
    }
    if (failures)
        printf("FAIL %d problems in %d sentences\n", failures, LT_COUNT);
    else
        printf("PASS %d sentences, each in Russian and English\n", checked);
    return failures != 0;
}
