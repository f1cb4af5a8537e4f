/*
 * addin_text.h — UTF-16 (what 1C passes) to and from UTF-8 (what the C ABI takes), and the
 * case-insensitive name comparison 1C expects of member names (Latin and Cyrillic).
 */
#ifndef LMX_1C_ADDIN_TEXT_H
#define LMX_1C_ADDIN_TEXT_H

#include <stddef.h>
#include "native_api.h"

/* UTF-16 (len units; len < 0: up to the NUL) to a malloc'd NUL-terminated UTF-8 string.  Returns
 * NULL when out of memory, or with *bad_at >= 0 (the unit offset of an unpaired surrogate). */
char *addin_utf8(const na_char *s, long len, long *bad_at);

/* UTF-8 (NUL-terminated; invalid bytes become U+FFFD) to UTF-16 in a block from the platform's
 * memory manager (1C frees it), NUL-terminated; *units receives the length without the NUL.
 * NULL when the memory manager is missing or refuses. */
na_char *addin_utf16_platform(na_memory *mem, const char *s, uint32_t *units);

/* The same in a malloc'd block (for texts the add-in passes to the platform and keeps ownership of). */
na_char *addin_utf16(const char *s);

/* Whether the UTF-16 name equals the UTF-8 name, ignoring case (ASCII and Cyrillic letters). */
int addin_name_equals(const na_char *name, const char *utf8_name);

#endif
