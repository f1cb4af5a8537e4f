/* libFuzzer target: the JSON module (lmx_json.c) and the configuration reader (lmx_config.c).
 *
 * Oracles, besides the sanitizers (address, undefined): every value that lmx_json_parse accepts is
 * walked with the iterators, and each member, element and key span handed out must itself parse as
 * one value of the same type; decoded strings are valid UTF-8 apart from NUL; any valid UTF-8 input
 * written with lmx_json_write_string parses back and decodes to the same bytes; a rejection names an
 * offset inside the input.  Built by fuzz/CMakeLists.txt with clang; see bridge-native/README.md
 * "Fuzzing". */
#include "lmx_internal.h"
#include "lmx_json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(c)                                                                                                    \
    do {                                                                                                              \
        if (!(c)) {                                                                                                   \
            fprintf(stderr, "fuzz_json: %s:%d: %s\n", __FILE__, __LINE__, #c);                                        \
            abort();                                                                                                  \
        }                                                                                                             \
    } while (0)

static void check_span(const lmx_jval *v)
{
    lmx_jval again;
    REQUIRE(lmx_json_parse(v->p, v->n, &again, NULL));
    REQUIRE(again.type == v->type && again.n == v->n);
}

static void check_string(const lmx_jval *v)
{
    lmx_buf b = {0};
    size_t i, run = 0;
    REQUIRE(lmx_json_decode(v, &b));
    /* valid UTF-8 between the NUL bytes */
    for (i = 0; i <= b.len; i++)
        if (i == b.len || b.p[i] == 0) {
            REQUIRE(lmx_utf8_invalid_at(b.p + run, i - run) < 0);
            run = i + 1;
        }
    lmx_buf_free(&b);
}

static void walk(const lmx_jval *v, int depth)
{
    lmx_jiter it;
    lmx_jval k, e;
    long long x;
    REQUIRE(depth <= LMX_JSON_MAX_DEPTH);
    check_span(v);
    switch (v->type) {
    case LMX_JOBJECT:
        lmx_json_iter(v, &it);
        while (lmx_json_next_member(&it, &k, &e)) {
            REQUIRE(k.type == LMX_JSTRING);
            check_string(&k);
            walk(&e, depth + 1);
        }
        break;
    case LMX_JARRAY:
        lmx_json_iter(v, &it);
        while (lmx_json_next_element(&it, &e))
            walk(&e, depth + 1);
        break;
    case LMX_JSTRING:
        check_string(v);
        break;
    case LMX_JNUMBER:
        (void)lmx_json_integer(v, &x);
        break;
    default:
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    lmx_jval v;
    size_t at = (size_t)-1;
    lmx_config cfg;

    if (lmx_json_parse(s, size, &v, &at))
        walk(&v, 1);
    else
        REQUIRE(at <= size);

    lmx_config_scan(s, size, &cfg);
    REQUIRE(cfg.json_ok || !cfg.engine);
    lmx_config_free(&cfg);

    if (lmx_utf8_invalid_at(s, size) < 0) {
        lmx_buf w = {0}, d = {0};
        lmx_jval sv;
        lmx_json_write_string(&w, s, size);
        REQUIRE(!w.oom);
        REQUIRE(lmx_json_parse(w.p, w.len, &sv, NULL) && sv.type == LMX_JSTRING);
        REQUIRE(lmx_json_decode(&sv, &d) && d.len == size && memcmp(d.p, s, size) == 0);
        lmx_buf_free(&w);
        lmx_buf_free(&d);
    }
    return 0;
}

/* lmx_plat_posix.c (linked for lmx_getenv) calls this when a thread ends; nothing here attaches. */
void lmx_tstate_destroy(lmx_tstate *ts)
{
    lmx_buf_free(&ts->err_text);
    free(ts);
}
