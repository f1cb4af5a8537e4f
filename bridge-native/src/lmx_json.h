/* The library's one JSON module (RFC 8259): a validating tokenizer that hands out values as spans of
 * the input, member/element iteration over a validated container, string decoding, one integer rule,
 * and the writer's string escaping.  Used for the configuration (lmx_config.c) and the host engine's
 * frames (lmx_engine_host.c).  Not installed.
 *
 * Rules (the same as the Java core's parser where they overlap):
 *  - the text is exactly one value with optional blanks around it (space, tab, CR, LF); anything
 *    after it ("{} xyz", "{}]") is an error;
 *  - nesting at most LMX_JSON_MAX_DEPTH (64) containers, checked without recursion;
 *  - strings: no raw control characters (< 0x20), only the RFC escapes; the input must be valid
 *    UTF-8 (checked first);
 *  - one number rule: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? — nothing looser anywhere. */
#ifndef LMX_JSON_H
#define LMX_JSON_H

#include <stddef.h>

struct lmx_buf;

#define LMX_JSON_MAX_DEPTH 64

enum lmx_jtype { LMX_JNULL = 1, LMX_JTRUE, LMX_JFALSE, LMX_JNUMBER, LMX_JSTRING, LMX_JOBJECT, LMX_JARRAY };

/* A value: its type and its text in the input (for a string: with the quotes). */
typedef struct lmx_jval {
    int type;
    const char *p;
    size_t n;
} lmx_jval;

/* Checks that s[0..n) is one JSON value as above; *v receives it.  Returns 1, or 0 with the byte offset
 * where the text stops being JSON in *err_at (may be NULL). */
int lmx_json_parse(const char *s, size_t n, lmx_jval *v, size_t *err_at);

/* Iteration over a container returned by lmx_json_parse (or a member/element of one): the container
 * was validated, so the iteration itself cannot fail. */
typedef struct lmx_jiter {
    const char *s;
    size_t n, i;
} lmx_jiter;
void lmx_json_iter(const lmx_jval *container, lmx_jiter *it);
/* The next member of an object: 1 with its key (a string value) and value, 0 at the end. */
int lmx_json_next_member(lmx_jiter *it, lmx_jval *key, lmx_jval *val);
/* The next element of an array: 1 with it, 0 at the end. */
int lmx_json_next_element(lmx_jiter *it, lmx_jval *val);

/* Appends the decoded text of a string value to out: escapes resolved, \uD8xx\uDCxx pairs joined, an
 * unpaired surrogate escape becomes U+FFFD (so valid UTF-8 stays valid), \u0000 a NUL byte (callers
 * that need C strings check for it).  Returns 0 when v is not a string or memory ran out. */
int lmx_json_decode(const lmx_jval *v, struct lmx_buf *out);
/* 1 when the string value v decodes to exactly the NUL-terminated text lit. */
int lmx_json_equals(const lmx_jval *v, const char *lit);
/* An integer: a number value with no fraction or exponent that fits a long long; 1 with *out, else 0. */
int lmx_json_integer(const lmx_jval *v, long long *out);

/* Appends s[0..n) (valid UTF-8) as a JSON string: '"', '\\' and C0 controls escaped, the rest as
 * UTF-8.  s NULL appends null. */
void lmx_json_write_string(struct lmx_buf *b, const char *s, size_t n);

#endif
