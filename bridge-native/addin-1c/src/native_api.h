/*
 * native_api.h — the 1C:Enterprise Native API as the add-in sees it, declared in C.
 *
 * Written for this project from 1C's public description of the Native API ("Технология создания
 * внешних компонент": the interfaces IInitDoneBase, ILanguageExtenderBase, LocaleBase,
 * UserLanguageBase, IComponentBase, IMemoryManager, IAddInDefBase(Ex), the tVariant value type
 * and the exported functions).  The platform declares them as C++ classes; a C++ class with only
 * pure virtual functions is, in memory, a pointer to a table of function pointers, so each class
 * is declared here as that table.  What differs per platform, and why:
 *
 *   - destructor slots: every interface has a virtual destructor, declared first.  GCC (the Linux
 *     platform; Itanium C++ ABI) gives it two slots: "complete object" and "deleting" destructor.
 *     MSVC (the Windows platform) gives it one: the "scalar deleting destructor", which takes a
 *     flags argument and uses the __thiscall convention on x86 (it is not declared ADDIN_API).
 *   - calling convention of the methods: ADDIN_API is __stdcall on Windows (x86: `this` is the
 *     first argument on the stack, the callee pops; x64 has one convention) and empty on Linux.
 *   - the exported functions are declared without ADDIN_API, so they use the compiler's default,
 *     __cdecl, on Windows x86 (docs/1c-native-api.md).
 *   - WCHAR_T is 2 bytes everywhere (wchar_t on Windows, a 16-bit integer on Linux): UTF-16.
 *   - `long` is 4 bytes on Windows and 8 on Linux x64; C's `long` is the same type as the
 *     platform's on each, so it is used as is.
 *
 * docs/1c-native-api.md gives the slot tables and tVariant's layout per platform; the static
 * asserts at the end of this file and of the test host pin them down.
 */
#ifndef LMX_1C_NATIVE_API_H
#define LMX_1C_NATIVE_API_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <time.h>

typedef uint16_t na_char; /* WCHAR_T: one UTF-16 code unit */

#if defined(_WIN32)
#  define NA_API __stdcall
#  if defined(__i386__)
#    define NA_THISCALL __attribute__((thiscall))
#  else
#    define NA_THISCALL
#  endif
/* MSVC: one slot, the scalar deleting destructor: void *(this, unsigned flags); flags & 1 = free. */
#  define NA_DESTRUCTOR_SLOTS(SELF) void *(NA_THISCALL *destroy)(SELF * self, unsigned flags);
/* What precedes the slot a vtable pointer points at: MSVC's RTTI "complete object locator". */
#  define NA_VTABLE_PREFIX const void *object_locator;
#  define NA_DESTRUCTOR_SLOT_COUNT 1
#else
#  define NA_API
#  define NA_THISCALL
/* Itanium C++ ABI: complete-object destructor, then deleting destructor. */
#  define NA_DESTRUCTOR_SLOTS(SELF) void (*destroy_complete)(SELF * self); void (*destroy_deleting)(SELF * self);
/* Itanium: offset to the top of the object, then the type_info pointer. */
#  define NA_VTABLE_PREFIX ptrdiff_t offset_to_top; const void *type_info;
#  define NA_DESTRUCTOR_SLOT_COUNT 2
#endif

/* ---- tVariant ---------------------------------------------------------------------------------- */
enum {
    NA_VT_EMPTY = 0, NA_VT_NULL = 1, NA_VT_I2 = 2, NA_VT_I4 = 3, NA_VT_R4 = 4, NA_VT_R8 = 5,
    NA_VT_DATE = 6,  /* an OLE date: days since 1899-12-30, as a double */
    NA_VT_TM = 7,    /* struct tm */
    NA_VT_PSTR = 8, NA_VT_INTERFACE = 9, NA_VT_ERROR = 10, NA_VT_BOOL = 11, NA_VT_VARIANT = 12,
    NA_VT_I1 = 13, NA_VT_UI1 = 14, NA_VT_UI2 = 15, NA_VT_UI4 = 16, NA_VT_I8 = 17, NA_VT_UI8 = 18,
    NA_VT_INT = 19, NA_VT_UINT = 20, NA_VT_HRESULT = 21,
    NA_VT_PWSTR = 22, /* UTF-16 string: wstr.ptr, wstr.len code units (no terminating NUL counted) */
    NA_VT_BLOB = 23, NA_VT_CLSID = 24,
    NA_VT_TYPEMASK = 0x0fff, NA_VT_VECTOR = 0x1000, NA_VT_ARRAY = 0x2000, NA_VT_BYREF = 0x4000
};

typedef struct na_guid { uint32_t d1; uint16_t d2, d3; uint8_t d4[8]; } na_guid;

typedef struct na_variant {
    union {
        int8_t i1; int16_t i2; int32_t i4; int int_; unsigned int uint_; int64_t i8;
        uint8_t ui1; uint16_t ui2; uint32_t ui4; uint64_t ui8;
        int32_t error; long hresult; float r4; double r8; bool b; char ch; double date;
        na_guid clsid;
        struct na_variant *ref;
        struct tm tm; /* the largest member: 36 bytes on Windows, 56 with glibc on x86-64 */
        struct { void *ptr; na_guid iid; } iface;
        struct { char *ptr; uint32_t len; } str;      /* len in bytes */
        struct { na_char *ptr; uint32_t len; } wstr;  /* len in UTF-16 units */
    } u;
    uint32_t elements; /* cbElements: the dimension of a one-dimensional array in ref */
    uint16_t vt;       /* TYPEVAR: unsigned short */
} na_variant;

/* ---- interfaces the platform gives the add-in ---------------------------------------------------- */
typedef struct na_memory na_memory;
typedef struct na_memory_vtbl {
    NA_DESTRUCTOR_SLOTS(na_memory)
    bool (NA_API *AllocMemory)(na_memory *self, void **block, unsigned long bytes);
    void (NA_API *FreeMemory)(na_memory *self, void **block);
} na_memory_vtbl;
struct na_memory { const na_memory_vtbl *vtbl; };

typedef struct na_connection na_connection;
typedef struct na_connection_vtbl {
    NA_DESTRUCTOR_SLOTS(na_connection)
    bool (NA_API *AddError)(na_connection *self, unsigned short wcode, const na_char *source, const na_char *descr,
                            long scode);
    bool (NA_API *Read)(na_connection *self, na_char *name, na_variant *value, long *error, na_char **description);
    bool (NA_API *Write)(na_connection *self, na_char *name, na_variant *value);
    bool (NA_API *RegisterProfileAs)(na_connection *self, na_char *name);
    bool (NA_API *SetEventBufferDepth)(na_connection *self, long depth);
    long (NA_API *GetEventBufferDepth)(na_connection *self);
    bool (NA_API *ExternalEvent)(na_connection *self, na_char *source, na_char *message, na_char *data);
    void (NA_API *CleanEventBuffer)(na_connection *self);
    bool (NA_API *SetStatusLine)(na_connection *self, na_char *line);
    void (NA_API *ResetStatusLine)(na_connection *self);
    /* IAddInDefBaseEx (platforms with capabilities >= 2) */
    void *(NA_API *GetInterface)(na_connection *self, int which);
} na_connection_vtbl;
struct na_connection { const na_connection_vtbl *vtbl; };

/* AddError message codes (the platform's ADDIN_E_*). */
enum { NA_E_NONE = 1000, NA_E_ORDINARY = 1001, NA_E_ATTENTION = 1002, NA_E_IMPORTANT = 1003,
       NA_E_VERY_IMPORTANT = 1004, NA_E_INFO = 1005, NA_E_FAIL = 1006, NA_E_MSGBOX_ATTENTION = 1007,
       NA_E_MSGBOX_INFO = 1008, NA_E_MSGBOX_FAIL = 1009 };

/* ---- the interfaces the add-in object implements -------------------------------------------------
 * IComponentBase derives, in this order, from IInitDoneBase, ILanguageExtenderBase, LocaleBase and
 * UserLanguageBase.  None has data members, so the object starts with four vtable pointers, one per
 * base, at offsets 0, 1, 2, 3 pointer sizes; the pointer the platform holds (IComponentBase *) is
 * the first, and the platform reaches the others by adding those offsets (a static upcast). */
typedef struct na_init na_init;
typedef struct na_lang na_lang;
typedef struct na_locale na_locale;
typedef struct na_userlang na_userlang;

typedef struct na_init_vtbl {
    NA_DESTRUCTOR_SLOTS(na_init)
    bool (NA_API *Init)(na_init *self, void *connection);
    bool (NA_API *setMemManager)(na_init *self, void *memory);
    long (NA_API *GetInfo)(na_init *self);
    void (NA_API *Done)(na_init *self);
} na_init_vtbl;

typedef struct na_lang_vtbl {
    NA_DESTRUCTOR_SLOTS(na_lang)
    bool (NA_API *RegisterExtensionAs)(na_lang *self, na_char **name);
    long (NA_API *GetNProps)(na_lang *self);
    long (NA_API *FindProp)(na_lang *self, const na_char *name);
    const na_char *(NA_API *GetPropName)(na_lang *self, long prop, long alias);
    bool (NA_API *GetPropVal)(na_lang *self, const long prop, na_variant *value);
    bool (NA_API *SetPropVal)(na_lang *self, const long prop, na_variant *value);
    bool (NA_API *IsPropReadable)(na_lang *self, const long prop);
    bool (NA_API *IsPropWritable)(na_lang *self, const long prop);
    long (NA_API *GetNMethods)(na_lang *self);
    long (NA_API *FindMethod)(na_lang *self, const na_char *name);
    const na_char *(NA_API *GetMethodName)(na_lang *self, const long method, const long alias);
    long (NA_API *GetNParams)(na_lang *self, const long method);
    bool (NA_API *GetParamDefValue)(na_lang *self, const long method, const long param, na_variant *value);
    bool (NA_API *HasRetVal)(na_lang *self, const long method);
    bool (NA_API *CallAsProc)(na_lang *self, const long method, na_variant *params, const long count);
    bool (NA_API *CallAsFunc)(na_lang *self, const long method, na_variant *result, na_variant *params, const long count);
} na_lang_vtbl;

typedef struct na_locale_vtbl {
    NA_DESTRUCTOR_SLOTS(na_locale)
    void (NA_API *SetLocale)(na_locale *self, const na_char *locale);
} na_locale_vtbl;

typedef struct na_userlang_vtbl {
    NA_DESTRUCTOR_SLOTS(na_userlang)
    void (NA_API *SetUserInterfaceLanguageCode)(na_userlang *self, const na_char *lang);
} na_userlang_vtbl;

struct na_init { const na_init_vtbl *vtbl; };
struct na_lang { const na_lang_vtbl *vtbl; };
struct na_locale { const na_locale_vtbl *vtbl; };
struct na_userlang { const na_userlang_vtbl *vtbl; };

/* The four base subobjects, in declaration order: what an IComponentBase * points at. */
typedef struct na_component {
    na_init init;
    na_lang lang;
    na_locale locale;
    na_userlang userlang;
} na_component;

/* AppCapabilities and AttachType (C++ enums: int-sized). */
enum { NA_APP_CAPABILITIES_INVALID = -1, NA_APP_CAPABILITIES_1 = 1, NA_APP_CAPABILITIES_2 = 2,
       NA_APP_CAPABILITIES_3 = 3 };
enum { NA_ATTACH_NOT_ISOLATED = 1, NA_ATTACH_ISOLATED = 2, NA_ATTACH_ANY = 3 };

/* ---- layout checks ---------------------------------------------------------------------------------
 * Slot n of a vtable (0-based, counting the destructor slots) is at n * sizeof(void *). */
#define NA_SLOT(type, member) (offsetof(type, member) / sizeof(void *))
_Static_assert(NA_SLOT(na_init_vtbl, Init) == NA_DESTRUCTOR_SLOT_COUNT + 0, "Init slot");
_Static_assert(NA_SLOT(na_init_vtbl, Done) == NA_DESTRUCTOR_SLOT_COUNT + 3, "Done slot");
_Static_assert(NA_SLOT(na_lang_vtbl, RegisterExtensionAs) == NA_DESTRUCTOR_SLOT_COUNT + 0, "RegisterExtensionAs slot");
_Static_assert(NA_SLOT(na_lang_vtbl, CallAsFunc) == NA_DESTRUCTOR_SLOT_COUNT + 15, "CallAsFunc slot");
_Static_assert(NA_SLOT(na_locale_vtbl, SetLocale) == NA_DESTRUCTOR_SLOT_COUNT, "SetLocale slot");
_Static_assert(NA_SLOT(na_memory_vtbl, FreeMemory) == NA_DESTRUCTOR_SLOT_COUNT + 1, "FreeMemory slot");
_Static_assert(NA_SLOT(na_connection_vtbl, AddError) == NA_DESTRUCTOR_SLOT_COUNT, "AddError slot");
_Static_assert(NA_SLOT(na_connection_vtbl, GetInterface) == NA_DESTRUCTOR_SLOT_COUNT + 10, "GetInterface slot");
_Static_assert(offsetof(na_component, lang) == 1 * sizeof(void *), "ILanguageExtenderBase subobject");
_Static_assert(offsetof(na_component, userlang) == 3 * sizeof(void *), "UserLanguageBase subobject");
_Static_assert(sizeof(na_char) == 2, "WCHAR_T is 2 bytes");
_Static_assert(sizeof(bool) == 1, "C++ bool is 1 byte");
/* tVariant: the union is as large as its largest member (struct tm) rounded up to 8 (double,
 * int64_t); cbElements and vt follow it. */
#if defined(_WIN32)
_Static_assert(sizeof(struct tm) == 36, "MSVC struct tm: nine ints");
_Static_assert(offsetof(na_variant, elements) == 40, "tVariant.cbElements on Windows");
_Static_assert(offsetof(na_variant, vt) == 44, "tVariant.vt on Windows");
_Static_assert(sizeof(na_variant) == 48, "sizeof(tVariant) on Windows");
#elif defined(__x86_64__)
_Static_assert(sizeof(struct tm) == 56, "glibc struct tm on x86-64: nine ints, tm_gmtoff, tm_zone");
_Static_assert(offsetof(na_variant, elements) == 56, "tVariant.cbElements on Linux x86-64");
_Static_assert(offsetof(na_variant, vt) == 60, "tVariant.vt on Linux x86-64");
_Static_assert(sizeof(na_variant) == 64, "sizeof(tVariant) on Linux x86-64");
#endif
_Static_assert(offsetof(na_variant, u.wstr.len) == sizeof(void *), "wstrLen follows pwstrVal");

#endif /* LMX_1C_NATIVE_API_H */
