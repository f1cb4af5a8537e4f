/*
 * platform_abi.h — the 1C platform's side of the Native API, for the test host.
 *
 * Written apart from the add-in's own declarations (src/native_api.h) and in another form: the
 * host does not declare the add-in's interfaces as structs of typed members, it calls through the
 * raw vtable (an array of function pointers) by slot number, counted from the order the public
 * documentation declares the methods in, after the destructor slots of the platform's compiler:
 *
 *   Linux (GCC, Itanium C++ ABI): 2 destructor slots; methods use the C convention.
 *   Windows (MSVC): 1 destructor slot; methods are __stdcall (ADDIN_API), exports __cdecl.
 *
 * tVariant is handled as raw bytes at the offsets of each platform (docs/1c-native-api.md):
 * the value at offset 0 (a pointer and a 32-bit length for strings, the length at pointer size),
 * cbElements and vt after the union, whose size is that of the largest member, struct tm, rounded
 * up to 8: Linux x86-64 56 (vt at 60, size 64); Windows x64 and x86 40 (vt at 44, size 48).
 */
#ifndef LMX_1C_PLATFORM_ABI_H
#define LMX_1C_PLATFORM_ABI_H

#include <stdint.h>
#include <string.h>
#include <time.h>

#if defined(_WIN32)
#  define P_METHOD __stdcall      /* ADDIN_API */
#  define P_EXPORT __cdecl        /* the exported functions: no ADDIN_API in their declaration */
#  define P_DESTRUCTOR_SLOTS 1    /* scalar deleting destructor */
#  define P_VARIANT_SIZE 48
#  define P_VARIANT_VT 44
#  define P_VARIANT_ELEMENTS 40
#else
#  define P_METHOD
#  define P_EXPORT
#  define P_DESTRUCTOR_SLOTS 2    /* complete-object and deleting destructors */
#  define P_VARIANT_SIZE 64
#  define P_VARIANT_VT 60
#  define P_VARIANT_ELEMENTS 56
#endif

typedef uint16_t pchar; /* WCHAR_T */

/* Slots after the destructors, in declaration order. */
enum { S_INIT_INIT, S_INIT_SET_MEM_MANAGER, S_INIT_GET_INFO, S_INIT_DONE };
enum { S_LANG_REGISTER_EXTENSION_AS, S_LANG_GET_N_PROPS, S_LANG_FIND_PROP, S_LANG_GET_PROP_NAME, S_LANG_GET_PROP_VAL,
       S_LANG_SET_PROP_VAL, S_LANG_IS_PROP_READABLE, S_LANG_IS_PROP_WRITABLE, S_LANG_GET_N_METHODS, S_LANG_FIND_METHOD,
       S_LANG_GET_METHOD_NAME, S_LANG_GET_N_PARAMS, S_LANG_GET_PARAM_DEF_VALUE, S_LANG_HAS_RET_VAL, S_LANG_CALL_AS_PROC,
       S_LANG_CALL_AS_FUNC, S_LANG_SLOTS };
enum { S_LOCALE_SET_LOCALE };
enum { S_USERLANG_SET_CODE };
enum { S_MEM_ALLOC, S_MEM_FREE, S_MEM_SLOTS };
enum { S_CONN_ADD_ERROR, S_CONN_READ, S_CONN_WRITE, S_CONN_REGISTER_PROFILE_AS, S_CONN_SET_EVENT_BUFFER_DEPTH,
       S_CONN_GET_EVENT_BUFFER_DEPTH, S_CONN_EXTERNAL_EVENT, S_CONN_CLEAN_EVENT_BUFFER, S_CONN_SET_STATUS_LINE,
       S_CONN_RESET_STATUS_LINE, S_CONN_GET_INTERFACE, S_CONN_SLOTS };

/* The add-in's base subobjects, reached from the IComponentBase pointer by static upcasts. */
enum { S_BASE_INIT_DONE = 0, S_BASE_LANGUAGE_EXTENDER = 1, S_BASE_LOCALE = 2, S_BASE_USER_LANGUAGE = 3 };

/* The function at slot `slot` (after the destructors) of the vtable of the interface at iface. */
static inline void *p_slot(void *iface, int slot)
{
    void **vtbl = *(void ***)iface;
    return vtbl[P_DESTRUCTOR_SLOTS + slot];
}

static inline void *p_base(void *component, int base)
{
    return (char *)component + (size_t)base * sizeof(void *);
}

/* ---- tVariant as bytes ---- */
typedef struct { union { unsigned char bytes[P_VARIANT_SIZE]; double align8; } u; } pvariant;
_Static_assert(sizeof(pvariant) == P_VARIANT_SIZE, "tVariant size");

enum { PVT_EMPTY = 0, PVT_I4 = 3, PVT_R8 = 5, PVT_TM = 7, PVT_BOOL = 11, PVT_PWSTR = 22, PVT_BLOB = 23 };

static inline uint16_t pv_vt(const pvariant *v)
{
    uint16_t t;
    memcpy(&t, v->u.bytes + P_VARIANT_VT, sizeof t);
    return t;
}
static inline void pv_init(pvariant *v, uint16_t vt)
{
    memset(v, 0, sizeof *v);
    memcpy(v->u.bytes + P_VARIANT_VT, &vt, sizeof vt);
}
static inline int32_t pv_i4(const pvariant *v) { int32_t x; memcpy(&x, v->u.bytes, sizeof x); return x; }
static inline double pv_r8(const pvariant *v) { double x; memcpy(&x, v->u.bytes, sizeof x); return x; }
static inline int pv_bool(const pvariant *v) { return v->u.bytes[0] != 0; }
static inline pchar *pv_wstr(const pvariant *v) { pchar *p; memcpy(&p, v->u.bytes, sizeof p); return p; }
static inline uint32_t pv_wlen(const pvariant *v) { uint32_t n; memcpy(&n, v->u.bytes + sizeof(void *), sizeof n); return n; }
static inline void pv_set_wstr(pvariant *v, pchar *p, uint32_t n)
{
    pv_init(v, PVT_PWSTR);
    memcpy(v->u.bytes, &p, sizeof p);
    memcpy(v->u.bytes + sizeof(void *), &n, sizeof n);
}
static inline void pv_set_i4(pvariant *v, int32_t x) { pv_init(v, PVT_I4); memcpy(v->u.bytes, &x, sizeof x); }
static inline void pv_set_r8(pvariant *v, double x) { pv_init(v, PVT_R8); memcpy(v->u.bytes, &x, sizeof x); }
static inline void pv_set_bool(pvariant *v, int x) { pv_init(v, PVT_BOOL); v->u.bytes[0] = (unsigned char)(x != 0); }
static inline void pv_set_tm(pvariant *v, const struct tm *t) { pv_init(v, PVT_TM); memcpy(v->u.bytes, t, sizeof *t); }

#endif
