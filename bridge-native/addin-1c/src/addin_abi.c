/*
 * addin_abi.c — the Native API object and the library's exported functions, with the vtables
 * built explicitly as C structs (native_api.h) in the layout of the platform's compiler: GCC's
 * (Itanium C++ ABI) on Linux, MSVC's on Windows.  A C++ class compiled here by MinGW would have
 * GCC's layout on Windows too, which is not the platform's — hence C.
 *
 * The object is four vtable pointers (IInitDoneBase, ILanguageExtenderBase, LocaleBase,
 * UserLanguageBase, in IComponentBase's order) followed by our state.  A method called through a
 * secondary base gets that base's address as `this`; it finds the object by subtracting the base's
 * offset, as the C++ compiler's "this-adjusting thunks" would.
 *
 * Every entry point checks its pointers and returns false/0/NULL on nonsense instead of touching it;
 * nothing below can raise (C, and the C ABI never raises).
 */
#include "native_api.h"
#include "addin_bridge.h"
#include "addin_text.h"

#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
#  define ADDIN_EXPORT /* exports come from addin_1c.def: undecorated names, __cdecl on x86 */
#else
#  define ADDIN_EXPORT __attribute__((visibility("default")))
#endif

/* The name Новый("AddIn.<symbolic name>.Bridge") creates. */
#define CLASS_NAME "Bridge"
/* RegisterExtensionAs: the extension name (the source of external events; none are sent). */
#define EXTENSION_NAME "LoymaxBridge"
/* GetInfo: the Native API version implemented (2000 = version 2.0). */
#define NATIVE_API_VERSION 2000

typedef struct addin_object {
    na_component bases; /* must be first: the IComponentBase pointer is the object's address */
    addin_bridge *bridge;
    int destroyed;
} addin_object;

static addin_object *from_init(na_init *p) { return (addin_object *)(void *)((char *)p - offsetof(na_component, init)); }
static addin_object *from_lang(na_lang *p) { return (addin_object *)(void *)((char *)p - offsetof(na_component, lang)); }
static addin_object *from_locale(na_locale *p) { return (addin_object *)(void *)((char *)p - offsetof(na_component, locale)); }
static addin_object *from_userlang(na_userlang *p)
{
    return (addin_object *)(void *)((char *)p - offsetof(na_component, userlang));
}

/* Releases what the object holds; frees it when release_memory (DestroyObject, deleting destructor). */
static void object_destroy(addin_object *o, int release_memory)
{
    if (!o)
        return;
    if (!o->destroyed) {
        o->destroyed = 1;
        addin_bridge_free(o->bridge);
        o->bridge = NULL;
    }
    if (release_memory)
        free(o);
}

/* ---- destructors (never called by the platform, which uses DestroyObject; present because every
 * interface declares a virtual destructor and the slots must be there and harmless) ---- */
#if defined(_WIN32)
#define DESTRUCTORS(prefix, type, from)                                                  \
    static void *NA_THISCALL prefix##_destroy(type *self, unsigned flags)                \
    {                                                                                    \
        addin_object *o = self ? from(self) : NULL;                                      \
        object_destroy(o, (flags & 1) != 0);                                             \
        return o;                                                                        \
    }
#define DESTRUCTOR_INIT(prefix) prefix##_destroy,
#else
#define DESTRUCTORS(prefix, type, from)                                                  \
    static void prefix##_destroy_complete(type *self)                                    \
    {                                                                                    \
        if (self)                                                                        \
            object_destroy(from(self), 0);                                               \
    }                                                                                    \
    static void prefix##_destroy_deleting(type *self)                                    \
    {                                                                                    \
        if (self)                                                                        \
            object_destroy(from(self), 1);                                               \
    }
#define DESTRUCTOR_INIT(prefix) prefix##_destroy_complete, prefix##_destroy_deleting,
#endif
DESTRUCTORS(init, na_init, from_init)
DESTRUCTORS(lang, na_lang, from_lang)
DESTRUCTORS(locale, na_locale, from_locale)
DESTRUCTORS(userlang, na_userlang, from_userlang)

/* ---- IInitDoneBase ---- */
static bool NA_API init_Init(na_init *self, void *connection)
{
    addin_object *o = self ? from_init(self) : NULL;
    if (!o || !o->bridge)
        return false;
    addin_bridge_set_connection(o->bridge, (na_connection *)connection);
    return true;
}

static bool NA_API init_setMemManager(na_init *self, void *memory)
{
    addin_object *o = self ? from_init(self) : NULL;
    if (!o || !o->bridge || !memory)
        return false;
    addin_bridge_set_memory(o->bridge, (na_memory *)memory);
    return true;
}

static long NA_API init_GetInfo(na_init *self)
{
    (void)self;
    return NATIVE_API_VERSION;
}

static void NA_API init_Done(na_init *self)
{
    addin_object *o = self ? from_init(self) : NULL;
    if (o && o->bridge)
        addin_bridge_done(o->bridge);
}

/* ---- ILanguageExtenderBase ---- */
static addin_bridge *lang_bridge(na_lang *self)
{
    addin_object *o = self ? from_lang(self) : NULL;
    return o ? o->bridge : NULL;
}

/* A name for the platform, in a block from its memory manager (it frees the block). */
static na_char *platform_name(addin_bridge *b, const char *utf8)
{
    uint32_t n;
    return b && utf8 ? addin_utf16_platform(addin_bridge_memory(b), utf8, &n) : NULL;
}

static bool NA_API lang_RegisterExtensionAs(na_lang *self, na_char **name)
{
    na_char *w;
    if (!name)
        return false;
    w = platform_name(lang_bridge(self), EXTENSION_NAME);
    *name = w;
    return w != NULL;
}

static long NA_API lang_GetNProps(na_lang *self)
{
    (void)self;
    return addin_prop_count();
}

static long NA_API lang_FindProp(na_lang *self, const na_char *name)
{
    (void)self;
    return addin_prop_find(name);
}

static const na_char *NA_API lang_GetPropName(na_lang *self, long prop, long alias)
{
    return platform_name(lang_bridge(self), addin_prop_name(prop, alias));
}

static bool NA_API lang_GetPropVal(na_lang *self, const long prop, na_variant *value)
{
    addin_bridge *b = lang_bridge(self);
    return b && value ? addin_prop_get(b, prop, value) : false;
}

static bool NA_API lang_SetPropVal(na_lang *self, const long prop, na_variant *value)
{
    addin_bridge *b = lang_bridge(self);
    return b ? addin_prop_set(b, prop, value) : false;
}

static bool NA_API lang_IsPropReadable(na_lang *self, const long prop)
{
    (void)self;
    return addin_prop_readable(prop) != 0;
}

static bool NA_API lang_IsPropWritable(na_lang *self, const long prop)
{
    (void)self;
    return addin_prop_writable(prop) != 0;
}

static long NA_API lang_GetNMethods(na_lang *self)
{
    (void)self;
    return addin_method_count();
}

static long NA_API lang_FindMethod(na_lang *self, const na_char *name)
{
    (void)self;
    return addin_method_find(name);
}

static const na_char *NA_API lang_GetMethodName(na_lang *self, const long method, const long alias)
{
    return platform_name(lang_bridge(self), addin_method_name(method, alias));
}

static long NA_API lang_GetNParams(na_lang *self, const long method)
{
    (void)self;
    return addin_method_params(method);
}

static bool NA_API lang_GetParamDefValue(na_lang *self, const long method, const long param, na_variant *value)
{
    (void)self;
    return addin_method_default(method, param, value);
}

static bool NA_API lang_HasRetVal(na_lang *self, const long method)
{
    (void)self;
    return addin_method_has_result(method) != 0;
}

static bool NA_API lang_CallAsProc(na_lang *self, const long method, na_variant *params, const long count)
{
    addin_bridge *b = lang_bridge(self);
    return b ? addin_method_call(b, method, NULL, params, count) : false;
}

static bool NA_API lang_CallAsFunc(na_lang *self, const long method, na_variant *result, na_variant *params,
                                   const long count)
{
    addin_bridge *b = lang_bridge(self);
    if (!b || !result || !addin_method_has_result(method))
        return false;
    return addin_method_call(b, method, result, params, count);
}

/* ---- LocaleBase, UserLanguageBase: the language of the add-in's own sentences ---- */
static void NA_API locale_SetLocale(na_locale *self, const na_char *locale)
{
    addin_object *o = self ? from_locale(self) : NULL;
    if (o && o->bridge)
        addin_bridge_set_language(o->bridge, locale);
}

static void NA_API userlang_SetUserInterfaceLanguageCode(na_userlang *self, const na_char *lang)
{
    addin_object *o = self ? from_userlang(self) : NULL;
    if (o && o->bridge)
        addin_bridge_set_language(o->bridge, lang);
}

/* ---- the vtables, each behind the words a C++ compiler puts before the first slot ---- */
#if defined(_WIN32)
#define PREFIX(offset) NULL /* no RTTI locator: the platform uses no dynamic_cast on add-in objects */
#else
#define PREFIX(offset) -(ptrdiff_t)(offset), NULL /* offset to top; no type_info */
#endif

static const struct { NA_VTABLE_PREFIX na_init_vtbl v; } init_vtable = {
    PREFIX(offsetof(na_component, init)),
    { DESTRUCTOR_INIT(init) init_Init, init_setMemManager, init_GetInfo, init_Done } };

static const struct { NA_VTABLE_PREFIX na_lang_vtbl v; } lang_vtable = {
    PREFIX(offsetof(na_component, lang)),
    { DESTRUCTOR_INIT(lang) lang_RegisterExtensionAs, lang_GetNProps, lang_FindProp, lang_GetPropName,
      lang_GetPropVal, lang_SetPropVal, lang_IsPropReadable, lang_IsPropWritable, lang_GetNMethods, lang_FindMethod,
      lang_GetMethodName, lang_GetNParams, lang_GetParamDefValue, lang_HasRetVal, lang_CallAsProc, lang_CallAsFunc } };

static const struct { NA_VTABLE_PREFIX na_locale_vtbl v; } locale_vtable = {
    PREFIX(offsetof(na_component, locale)), { DESTRUCTOR_INIT(locale) locale_SetLocale } };

static const struct { NA_VTABLE_PREFIX na_userlang_vtbl v; } userlang_vtable = {
    PREFIX(offsetof(na_component, userlang)), { DESTRUCTOR_INIT(userlang) userlang_SetUserInterfaceLanguageCode } };

/* ---- exported functions (declared by the platform without ADDIN_API: __cdecl on Windows x86) ---- */
static const na_char class_names[] = { 'B', 'r', 'i', 'd', 'g', 'e', 0 };
_Static_assert(sizeof class_names / sizeof class_names[0] == sizeof CLASS_NAME, "class_names spells CLASS_NAME");

ADDIN_EXPORT const na_char *GetClassNames(void)
{
    return class_names;
}

ADDIN_EXPORT long GetClassObject(const na_char *name, na_component **out)
{
    addin_object *o;
    if (!out)
        return 0;
    *out = NULL;
    if (!addin_name_equals(name, CLASS_NAME))
        return 0;
    o = (addin_object *)calloc(1, sizeof *o);
    if (!o)
        return 0;
    o->bridge = addin_bridge_new();
    if (!o->bridge) {
        free(o);
        return 0;
    }
    o->bases.init.vtbl = &init_vtable.v;
    o->bases.lang.vtbl = &lang_vtable.v;
    o->bases.locale.vtbl = &locale_vtable.v;
    o->bases.userlang.vtbl = &userlang_vtable.v;
    *out = &o->bases;
    return 1; /* non-zero: created */
}

ADDIN_EXPORT long DestroyObject(na_component **obj)
{
    if (!obj || !*obj)
        return -1;
    object_destroy((addin_object *)(void *)*obj, 1);
    *obj = NULL;
    return 0;
}

/* The platform says which capabilities it has; we need none beyond version 1 and say we know the
 * newest the documentation lists. */
ADDIN_EXPORT int SetPlatformCapabilities(const int capabilities)
{
    (void)capabilities;
    return NA_APP_CAPABILITIES_3;
}

/* Either way works: attached in the 1C process, or isolated in a separate one (the in-process Java
 * engine then lives in that process; the host engine needs neither). */
ADDIN_EXPORT int GetAttachType(void)
{
    return NA_ATTACH_ANY;
}
