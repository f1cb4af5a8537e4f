// abi_crosscheck.cpp — the Linux add-in called through C++ classes compiled by g++, as the Linux
// 1C platform (GCC, Itanium C++ ABI) calls it.
//
// The add-in builds its vtables by hand in C (src/native_api.h); the C test host calls them by slot
// number.  Both follow our reading of the ABI.  Here the compiler itself lays out the documented
// interfaces (declared below in C++, as the platform declares them: virtual destructor first, then
// the methods in documentation order, IComponentBase deriving from the four bases in order) and
// makes the virtual calls, and computes tVariant's layout from its documented declaration.  If our
// reading were wrong, these calls would land in the wrong slots.
//
//   abi_crosscheck <libLoymaxBridge1C_x64.so>      prints "ADDIN1C ABI CROSSCHECK PASS"
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dlfcn.h>
#include <string>
#include <vector>

typedef char16_t WCHAR_T; // 2 bytes: the Linux platform's WCHAR_T

// tVariant as documented: a union of the value kinds, then cbElements and vt.
struct GuidLike { uint32_t a; uint16_t b, c; uint8_t d[8]; };
struct tVariant {
    union {
        int8_t i8Val; int16_t shortVal; int32_t lVal; int intVal; unsigned int uintVal; int64_t llVal;
        uint8_t ui8Val; uint16_t ushortVal; uint32_t ulVal; uint64_t ullVal; int32_t errCode; long hRes;
        float fltVal; double dblVal; bool bVal; char chVal; wchar_t wchVal; double date; GuidLike IDVal;
        tVariant *pvarVal; struct tm tmVal;
        struct { void *pInterfaceVal; GuidLike InterfaceID; } iface;
        struct { char *pstrVal; uint32_t strLen; } str;
        struct { WCHAR_T *pwstrVal; uint32_t wstrLen; } wstr;
    };
    uint32_t cbElements;
    uint16_t vt;
};
static_assert(sizeof(tVariant) == 64, "tVariant is 64 bytes on Linux x86-64 (docs/1c-native-api.md)");
static_assert(offsetof(tVariant, cbElements) == 56, "cbElements at 56");
static_assert(offsetof(tVariant, vt) == 60, "vt at 60");
enum { VT_EMPTY = 0, VT_I4 = 3, VT_BOOL = 11, VT_PWSTR = 22 };

class IInitDoneBase {
public:
    virtual ~IInitDoneBase() {}
    virtual bool Init(void *connection) = 0;
    virtual bool setMemManager(void *memory) = 0;
    virtual long GetInfo() = 0;
    virtual void Done() = 0;
};
class ILanguageExtenderBase {
public:
    virtual ~ILanguageExtenderBase() {}
    virtual bool RegisterExtensionAs(WCHAR_T **name) = 0;
    virtual long GetNProps() = 0;
    virtual long FindProp(const WCHAR_T *name) = 0;
    virtual const WCHAR_T *GetPropName(long prop, long alias) = 0;
    virtual bool GetPropVal(const long prop, tVariant *value) = 0;
    virtual bool SetPropVal(const long prop, tVariant *value) = 0;
    virtual bool IsPropReadable(const long prop) = 0;
    virtual bool IsPropWritable(const long prop) = 0;
    virtual long GetNMethods() = 0;
    virtual long FindMethod(const WCHAR_T *name) = 0;
    virtual const WCHAR_T *GetMethodName(const long method, const long alias) = 0;
    virtual long GetNParams(const long method) = 0;
    virtual bool GetParamDefValue(const long method, const long param, tVariant *value) = 0;
    virtual bool HasRetVal(const long method) = 0;
    virtual bool CallAsProc(const long method, tVariant *params, const long count) = 0;
    virtual bool CallAsFunc(const long method, tVariant *result, tVariant *params, const long count) = 0;
};
class LocaleBase {
public:
    virtual ~LocaleBase() {}
    virtual void SetLocale(const WCHAR_T *locale) = 0;
};
class UserLanguageBase {
public:
    virtual ~UserLanguageBase() {}
    virtual void SetUserInterfaceLanguageCode(const WCHAR_T *lang) = 0;
};
class IComponentBase : public IInitDoneBase, public ILanguageExtenderBase, public LocaleBase, public UserLanguageBase {
public:
    virtual ~IComponentBase() {}
};

class IMemoryManager {
public:
    virtual ~IMemoryManager() {}
    virtual bool AllocMemory(void **block, unsigned long bytes) = 0;
    virtual void FreeMemory(void **block) = 0;
};
class IAddInDefBase {
public:
    virtual ~IAddInDefBase() {}
    virtual bool AddError(unsigned short wcode, const WCHAR_T *source, const WCHAR_T *descr, long scode) = 0;
    virtual bool Read(WCHAR_T *name, tVariant *value, long *error, WCHAR_T **description) = 0;
    virtual bool Write(WCHAR_T *name, tVariant *value) = 0;
    virtual bool RegisterProfileAs(WCHAR_T *name) = 0;
    virtual bool SetEventBufferDepth(long depth) = 0;
    virtual long GetEventBufferDepth() = 0;
    virtual bool ExternalEvent(WCHAR_T *source, WCHAR_T *message, WCHAR_T *data) = 0;
    virtual void CleanEventBuffer() = 0;
    virtual bool SetStatusLine(WCHAR_T *line) = 0;
    virtual void ResetStatusLine() = 0;
};

static int failures;
#define CHECK(c, ...) do { if (!(c)) { failures++; std::printf("FAIL line %d: ", __LINE__); std::printf(__VA_ARGS__); std::printf("\n"); } } while (0)

static std::string utf8(const WCHAR_T *w, size_t n)
{
    std::string s;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = w[i];
        if (c < 0x80) s += char(c);
        else if (c < 0x800) { s += char(0xC0 | (c >> 6)); s += char(0x80 | (c & 0x3F)); }
        else { s += char(0xE0 | (c >> 12)); s += char(0x80 | ((c >> 6) & 0x3F)); s += char(0x80 | (c & 0x3F)); }
    }
    return s;
}
static size_t len16(const WCHAR_T *w) { size_t n = 0; while (w && w[n]) n++; return n; }

class Memory : public IMemoryManager {
public:
    long live = 0;
    bool AllocMemory(void **block, unsigned long bytes) override { *block = std::malloc(bytes); live++; return *block != nullptr; }
    void FreeMemory(void **block) override { std::free(*block); *block = nullptr; live--; }
};
class Connection : public IAddInDefBase {
public:
    int errors = 0;
    std::string last;
    bool AddError(unsigned short wcode, const WCHAR_T *, const WCHAR_T *descr, long) override
    {
        errors++;
        last = utf8(descr, len16(descr));
        return wcode == 1006;
    }
    bool Read(WCHAR_T *, tVariant *, long *, WCHAR_T **) override { return false; }
    bool Write(WCHAR_T *, tVariant *) override { return false; }
    bool RegisterProfileAs(WCHAR_T *) override { return false; }
    bool SetEventBufferDepth(long) override { return false; }
    long GetEventBufferDepth() override { return 0; }
    bool ExternalEvent(WCHAR_T *, WCHAR_T *, WCHAR_T *) override { return false; }
    void CleanEventBuffer() override {}
    bool SetStatusLine(WCHAR_T *) override { return false; }
    void ResetStatusLine() override {}
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::printf("FAIL usage: abi_crosscheck <libLoymaxBridge1C_x64.so>\n");
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        std::printf("FAIL dlopen: %s\n", dlerror());
        return 1;
    }
    typedef long (*GetClassObjectPtr)(const WCHAR_T *, IComponentBase **);
    typedef long (*DestroyObjectPtr)(IComponentBase **);
    auto get = (GetClassObjectPtr)dlsym(lib, "GetClassObject");
    auto destroy = (DestroyObjectPtr)dlsym(lib, "DestroyObject");
    IComponentBase *obj = nullptr;
    if (!get || !destroy || !get(u"Bridge", &obj) || !obj) {
        std::printf("FAIL GetClassObject\n");
        return 1;
    }
    Memory mem;
    Connection conn;
    // The compiler casts IComponentBase* to each base (adding the subobject offsets) and picks the slots.
    IInitDoneBase *init = obj;
    ILanguageExtenderBase *lang = obj;
    LocaleBase *locale = obj;
    UserLanguageBase *userlang = obj;
    CHECK(init->setMemManager(&mem), "setMemManager");
    CHECK(init->Init(&conn), "Init");
    CHECK(init->GetInfo() == 2000, "GetInfo");
    locale->SetLocale(u"ru_RU");
    userlang->SetUserInterfaceLanguageCode(u"ru");
    WCHAR_T *ext = nullptr;
    CHECK(lang->RegisterExtensionAs(&ext) && utf8(ext, len16(ext)) == "LoymaxBridge", "RegisterExtensionAs");
    mem.FreeMemory((void **)&ext);
    CHECK(lang->GetNMethods() == 7, "GetNMethods %ld", lang->GetNMethods());
    long m = lang->FindMethod(u"выполнить");
    CHECK(m >= 0 && lang->FindMethod(u"Execute") == m, "FindMethod");
    const WCHAR_T *name = lang->GetMethodName(m, 1);
    CHECK(name && utf8(name, len16(name)) == "Выполнить", "GetMethodName");
    mem.FreeMemory((void **)&name);
    CHECK(lang->GetNParams(m) == 2 && lang->HasRetVal(m), "GetNParams/HasRetVal");
    tVariant def;
    CHECK(lang->GetParamDefValue(m, 1, &def) && def.vt == VT_EMPTY, "GetParamDefValue");
    tVariant v;
    std::memset(&v, 0, sizeof v);
    long p = lang->FindProp(u"Версия");
    CHECK(p >= 0 && lang->IsPropReadable(p) && !lang->IsPropWritable(p), "Версия");
    CHECK(lang->GetPropVal(p, &v) && v.vt == VT_PWSTR && utf8(v.wstr.pwstrVal, v.wstr.wstrLen).size() >= 5, "Version value");
    mem.FreeMemory((void **)&v.wstr.pwstrVal);
    // Execute before Open: false, and AddError on our C++ connection object.
    tVariant args[2], ret;
    std::memset(args, 0, sizeof args);
    WCHAR_T cmd[] = u"balance";
    args[0].vt = VT_PWSTR;
    args[0].wstr.pwstrVal = cmd;
    args[0].wstr.wstrLen = 7;
    CHECK(!lang->CallAsFunc(m, &ret, args, 2) && conn.errors == 1, "CallAsFunc before Open");
    CHECK(conn.last.find("Открыть") != std::string::npos, "AddError text: %s", conn.last.c_str());
    CHECK(!lang->CallAsProc(m, args, 2) && conn.errors == 2, "CallAsProc before Open");
    p = lang->FindProp(u"КОДОШИБКИ");
    CHECK(lang->GetPropVal(p, &v) && v.vt == VT_I4 && v.lVal == 8, "КодОшибки %d", v.lVal);
    long r = lang->FindProp(u"RaiseErrors");
    tVariant off;
    std::memset(&off, 0, sizeof off);
    off.vt = VT_BOOL;
    off.bVal = false;
    CHECK(lang->IsPropWritable(r) && lang->SetPropVal(r, &off), "RaiseErrors = false");
    CHECK(lang->CallAsProc(m, args, 2) && conn.errors == 2, "no AddError with RaiseErrors off");
    init->Done();
    CHECK(destroy(&obj) == 0 && obj == nullptr, "DestroyObject");
    CHECK(mem.live == 0, "%ld blocks not handed back", mem.live);
    if (failures) {
        std::printf("%d check(s) failed\n", failures);
        return 1;
    }
    std::printf("ADDIN1C ABI CROSSCHECK PASS\n");
    return 0;
}
