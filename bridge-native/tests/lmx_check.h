/* The check harness shared by the Linux test programs (lmx_test.c, lmx_hosttest.c): the library's
 * functions loaded with dlopen, CHECK macros that print "FAIL file:line: ..." and count failures
 * (thread-safe), and small helpers over the API.  Header-only. */
#ifndef LMX_CHECK_H
#define LMX_CHECK_H

#include "loymax_bridge.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the library, loaded at run time ---------------------------------------------------------- */
typedef struct api {
    int (*open)(const char *, lmx_handle *);
    int (*close)(lmx_handle);
    int (*execute)(lmx_handle, const char *, const char *);
    int (*result)(lmx_handle, const char *, char *, int);
    int (*set_param)(lmx_handle, const char *, const char *);
    int (*reset_params)(lmx_handle);
    int (*error_code)(lmx_handle);
    int (*error_text)(lmx_handle, char *, int);
    int (*version)(char *, int);
    int (*test_connection)(lmx_handle);
} api;

static api A;
static void *lib; /* the dlopen handle */
static volatile int failures;

static void fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    __sync_fetch_and_add(&failures, 1);
    fprintf(stdout, "FAIL %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
}
#define CHECK(cond, ...) do { if (!(cond)) fail(__FILE__, __LINE__, __VA_ARGS__); } while (0)
#define CHECK_EQ(a, b) do { long _a = (long)(a), _b = (long)(b); if (_a != _b) fail(__FILE__, __LINE__, "%s == %ld, expected %s == %ld", #a, _a, #b, _b); } while (0)
#define CHECK_CONTAINS(h, n) do { const char *_h = (h); if (!_h || !strstr(_h, n)) fail(__FILE__, __LINE__, "\"%s\" does not contain \"%s\"", _h ? _h : "(null)", n); } while (0)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int load_library(const char *path)
{
    lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        printf("FAIL cannot load %s: %s\n", path, dlerror());
        return 0;
    }
#define SYM(f) A.f = (typeof(A.f))dlsym(lib, "lmx_" #f); if (!A.f) { printf("FAIL no symbol lmx_%s\n", #f); return 0; }
    SYM(open) SYM(close) SYM(execute) SYM(result) SYM(set_param) SYM(reset_params) SYM(error_code) SYM(error_text)
    SYM(version) SYM(test_connection)
#undef SYM
    return 1;
}

/* Error text of h (NULL: this thread's), malloc'ed. */
static char *errtext(lmx_handle h)
{
    int n = A.error_text(h, NULL, 0);
    char *b;
    if (n <= 0)
        return strdup("<error_text failed>");
    b = malloc((size_t)n);
    if (A.error_text(h, b, n) != n)
        fail(__FILE__, __LINE__, "error_text returned a different size the second time");
    return b;
}

/* Result at ptr, malloc'ed; NULL with *st = status on failure. */
static char *result(lmx_handle h, const char *ptr, int *st)
{
    int n = A.result(h, ptr, NULL, 0), m;
    char *b;
    if (n < 0) {
        if (st) *st = -n;
        return NULL;
    }
    b = malloc((size_t)n);
    m = A.result(h, ptr, b, n);
    if (m != n)
        fail(__FILE__, __LINE__, "result returned %d then %d", n, m);
    if (st) *st = 0;
    return b;
}

#endif
