/*
 * addin_bridge.h — what the 1C add-in object Loymax.Bridge does, independent of the ABI that
 * carries the calls (addin_abi.c builds the platform's vtables over these functions).
 *
 * One object = one register session = one lmx_handle of the C ABI; the members mirror the COM
 * object (src/com/loymax_bridge.idl), each with an English and a Russian name.
 */
#ifndef LMX_1C_ADDIN_BRIDGE_H
#define LMX_1C_ADDIN_BRIDGE_H

#include "native_api.h"

typedef struct addin_bridge addin_bridge;

/* NULL when out of memory. */
addin_bridge *addin_bridge_new(void);
/* Closes the sessions and frees the object. */
void addin_bridge_free(addin_bridge *b);

void addin_bridge_set_connection(addin_bridge *b, na_connection *conn);
void addin_bridge_set_memory(addin_bridge *b, na_memory *mem);
/* Closes the sessions (the platform's Done). */
void addin_bridge_done(addin_bridge *b);
/* The language of the add-in's own sentences: Russian unless the code or locale starts with "en". */
void addin_bridge_set_language(addin_bridge *b, const na_char *code);
/* The platform's memory manager, for the names handed out. */
na_memory *addin_bridge_memory(addin_bridge *b);

/* Members.  Numbers are 0-based; alias 0 is the English name, 1 the Russian one (UTF-8). */
long addin_prop_count(void);
long addin_prop_find(const na_char *name);
const char *addin_prop_name(long prop, long alias);
int addin_prop_readable(long prop);
int addin_prop_writable(long prop);
bool addin_prop_get(addin_bridge *b, long prop, na_variant *value);
bool addin_prop_set(addin_bridge *b, long prop, const na_variant *value);

long addin_method_count(void);
long addin_method_find(const na_char *name);
const char *addin_method_name(long method, long alias);
long addin_method_params(long method);
bool addin_method_default(long method, long param, na_variant *value);
int addin_method_has_result(long method);
/* result NULL: called as a procedure.  false: failed with RaiseErrors on (reported by AddError). */
bool addin_method_call(addin_bridge *b, long method, na_variant *result, na_variant *params, long count);

#endif
