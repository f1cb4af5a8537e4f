/*
 * lmx_comtest.exe — a COM client of Loymax.Bridge in C, for the tests under wine (x64) and on
 * Windows.  Needs the class registered (wine regsvr32 loymax_bridge.dll), except "regfree".
 *
 *   lmx_comtest all DLL                 every check below that needs no Java core; prints
 *                                       "COMTEST PASS" last
 *   lmx_comtest exit-without-release    creates the object, fails an Open, exits without Release
 *                                       or CoUninitialize (the parent times it)
 *   lmx_comtest regfree MANIFEST        creates the object through an activation context made
 *                                       from MANIFEST (registration-free COM)
 *
 * Checks of "all": the type library in the DLL (LIBID, version, dual interface, coclass, names);
 * early binding through the vtable (Version, constants, HRESULT + IErrorInfo of a failure);
 * argument conversion (lmx_com_args.c) with invariant numbers whatever the user's locale;
 * Cyrillic and non-BMP text round-tripping through the library's error text; the object created in
 * an STA and called from an MTA thread and the other way round (typelib marshaler); several
 * threads on one object; DllCanUnloadNow.
 */
#define COBJMACROS
#include <initguid.h>
#include "lmx_com.h"
#define LMX_NO_DLLIMPORT
#include "loymax_bridge.h" /* LMX_VERSION_STRING only */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static int failures;

#define CHECK(cond, ...)                          \
    do {                                          \
        if (!(cond)) {                            \
            failures++;                           \
            printf("FAIL %s:%d: ", __FILE__, __LINE__); \
            printf(__VA_ARGS__);                  \
            printf("\n");                         \
        }                                         \
    } while (0)

static const char *u8(const wchar_t *w)
{
    static char buf[4][2048];
    static int k;
    char *b = buf[k++ & 3];
    if (!w)
        return "(null)";
    WideCharToMultiByte(CP_UTF8, 0, w, -1, b, 2048, NULL, NULL);
    return b;
}

/* ---- the type library ---------------------------------------------------------------------------- */
static void test_typelib(const wchar_t *dll)
{
    ITypeLib *tl = NULL;
    ITypeInfo *ti = NULL, *vt = NULL, *co = NULL;
    TLIBATTR *la = NULL;
    TYPEATTR *ta = NULL;
    HREFTYPE ref;
    HRESULT hr = LoadTypeLibEx(dll, REGKIND_NONE, &tl);
    CHECK(hr == S_OK, "LoadTypeLibEx(%s) = 0x%08lx", u8(dll), (unsigned long)hr);
    if (FAILED(hr))
        return;
    ITypeLib_GetLibAttr(tl, &la);
    CHECK(IsEqualGUID(&la->guid, &LIBID_LoymaxBridgeLib) && la->wMajorVerNum == 1 && la->wMinorVerNum == 1,
          "LIBID/version (1.1) of the type library");
    CHECK(la->syskind == (sizeof(void *) == 8 ? SYS_WIN64 : SYS_WIN32), "syskind %d", (int)la->syskind);
    ITypeLib_ReleaseTLibAttr(tl, la);
    hr = ITypeLib_GetTypeInfoOfGuid(tl, &IID_ILoymaxBridge, &ti);
    CHECK(hr == S_OK, "ILoymaxBridge in the type library: 0x%08lx", (unsigned long)hr);
    if (ti) {
        ITypeInfo_GetTypeAttr(ti, &ta);
        CHECK(ta->wTypeFlags & TYPEFLAG_FDUAL, "ILoymaxBridge is dual");
        ITypeInfo_ReleaseTypeAttr(ti, ta);
        if (ITypeInfo_GetRefTypeOfImplType(ti, (UINT)-1, &ref) == S_OK && ITypeInfo_GetRefTypeInfo(ti, ref, &vt) == S_OK) {
            ITypeInfo_GetTypeAttr(vt, &ta);
            CHECK(ta->typekind == TKIND_INTERFACE, "the vtable side of the dual interface");
            CHECK(ta->wTypeFlags & TYPEFLAG_FOLEAUTOMATION, "ILoymaxBridge is oleautomation (typelib marshaler)");
            /* 7 IUnknown/IDispatch + 6 methods + 9 properties (RaiseErrors get+put) + 34 constants */
            CHECK(ta->cFuncs == 6 + 10 + 34, "ILoymaxBridge has %d vtable functions", (int)ta->cFuncs);
            ITypeInfo_ReleaseTypeAttr(vt, ta);
            ITypeInfo_Release(vt);
        }
        ITypeInfo_Release(ti);
    }
    /* ILoymaxBridge2 (1.1): ILoymaxBridge and TestConnection; the coclass's default interface */
    hr = ITypeLib_GetTypeInfoOfGuid(tl, &IID_ILoymaxBridge2, &ti);
    CHECK(hr == S_OK, "ILoymaxBridge2 in the type library: 0x%08lx", (unsigned long)hr);
    if (ti) {
        ITypeInfo_GetTypeAttr(ti, &ta);
        CHECK(ta->wTypeFlags & TYPEFLAG_FDUAL, "ILoymaxBridge2 is dual");
        ITypeInfo_ReleaseTypeAttr(ti, ta);
        if (ITypeInfo_GetRefTypeOfImplType(ti, (UINT)-1, &ref) == S_OK && ITypeInfo_GetRefTypeInfo(ti, ref, &vt) == S_OK) {
            ITypeInfo_GetTypeAttr(vt, &ta);
            CHECK(ta->typekind == TKIND_INTERFACE && ta->cFuncs == 1, "ILoymaxBridge2 adds one function (TestConnection): %d",
                  (int)ta->cFuncs);
            ITypeInfo_ReleaseTypeAttr(vt, ta);
            ITypeInfo_Release(vt);
        }
        ITypeInfo_Release(ti);
    }
    hr = ITypeLib_GetTypeInfoOfGuid(tl, &CLSID_LoymaxBridge, &co);
    CHECK(hr == S_OK, "coclass LoymaxBridge in the type library");
    if (co) {
        int flags = 0;
        ITypeInfo *def = NULL;
        TYPEATTR *da = NULL;
        for (UINT i = 0; ITypeInfo_GetImplTypeFlags(co, i, &flags) == S_OK; i++) {
            if ((flags & IMPLTYPEFLAG_FDEFAULT) && ITypeInfo_GetRefTypeOfImplType(co, i, &ref) == S_OK
                && ITypeInfo_GetRefTypeInfo(co, ref, &def) == S_OK) {
                ITypeInfo_GetTypeAttr(def, &da);
                CHECK(IsEqualGUID(&da->guid, &IID_ILoymaxBridge2), "the coclass's default interface is ILoymaxBridge2");
                ITypeInfo_ReleaseTypeAttr(def, da);
                ITypeInfo_Release(def);
            }
        }
        ITypeInfo_Release(co);
    }
    ITypeLib_Release(tl);
    printf("typelib: checked\n");
}

/* ---- argument conversion -------------------------------------------------------------------------- */
static void expect_text(VARIANT *v, const wchar_t *want, const char *what)
{
    BSTR s = NULL;
    int type;
    int r = lmx_com_arg_text(v, &s, &type);
    CHECK(r == LMX_ARG_TEXT && s && wcscmp(s, want) == 0, "%s: got %d \"%s\", want \"%s\"", what, r, u8(s), u8(want));
    SysFreeString(s);
}

static void expect_kind(VARIANT *v, int want, const char *what)
{
    BSTR s = NULL;
    int type;
    int r = lmx_com_arg_text(v, &s, &type);
    CHECK(r == want, "%s: got %d, want %d", what, r, want);
    SysFreeString(s);
}

static void test_args(void)
{
    VARIANT v, inner;
    SAFEARRAYBOUND bound = { 2, 0 };
    SYSTEMTIME st = { 2026, 11, 0, 28, 10, 15, 0, 0 };
    double d;
    wchar_t dec[8] = L"";
    GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_SDECIMAL, dec, 8);
    printf("args: the user's decimal separator is \"%s\"\n", u8(dec));

    VariantInit(&v);
    V_VT(&v) = VT_R8; V_R8(&v) = 89.9;
    expect_text(&v, L"89.9", "VT_R8 89.9");
    V_VT(&v) = VT_R4; V_R4(&v) = 89.9f;
    expect_text(&v, L"89.9", "VT_R4 89.9");
    V_VT(&v) = VT_R8; V_R8(&v) = 1234567.25;
    expect_text(&v, L"1234567.25", "VT_R8 1234567.25 (no thousands separator)");
    V_VT(&v) = VT_CY; V_CY(&v).int64 = 899000; /* 89.9 */
    expect_text(&v, L"89.9", "VT_CY 89.9");
    VarDecFromR8(0.1, &V_DECIMAL(&v)); V_VT(&v) = VT_DECIMAL;
    expect_text(&v, L"0.1", "VT_DECIMAL 0.1");
    V_VT(&v) = VT_I4; V_I4(&v) = -42;
    expect_text(&v, L"-42", "VT_I4");
    V_VT(&v) = VT_I8; V_I8(&v) = 79260000001LL;
    expect_text(&v, L"79260000001", "VT_I8 phone number");
    V_VT(&v) = VT_UI1; V_UI1(&v) = 200;
    expect_text(&v, L"200", "VT_UI1");
    V_VT(&v) = VT_BOOL; V_BOOL(&v) = VARIANT_TRUE;
    expect_text(&v, L"true", "VT_BOOL");
    SystemTimeToVariantTime(&st, &d);
    V_VT(&v) = VT_DATE; V_DATE(&v) = d;
    expect_text(&v, L"2026-11-28T10:15:00", "VT_DATE");
    V_VT(&v) = VT_BSTR; V_BSTR(&v) = SysAllocString(L"Молоко 𝄞");
    expect_text(&v, L"Молоко 𝄞", "VT_BSTR Cyrillic + non-BMP");
    /* VT_BYREF forms, as VB and 1C pass variables */
    inner = v;
    V_VT(&v) = VT_BYREF | VT_VARIANT; V_VARIANTREF(&v) = &inner;
    expect_text(&v, L"Молоко 𝄞", "VT_BYREF|VT_VARIANT");
    V_VT(&v) = VT_BYREF | VT_BSTR; V_BSTRREF(&v) = &V_BSTR(&inner);
    expect_text(&v, L"Молоко 𝄞", "VT_BYREF|VT_BSTR");
    VariantClear(&inner);
    d = 89.9;
    V_VT(&v) = VT_BYREF | VT_R8; V_R8REF(&v) = &d;
    expect_text(&v, L"89.9", "VT_BYREF|VT_R8");
    V_VT(&v) = VT_EMPTY;
    expect_kind(&v, LMX_ARG_ABSENT, "VT_EMPTY");
    V_VT(&v) = VT_NULL;
    expect_kind(&v, LMX_ARG_ABSENT, "VT_NULL");
    V_VT(&v) = VT_ERROR; V_ERROR(&v) = DISP_E_PARAMNOTFOUND;
    expect_kind(&v, LMX_ARG_ABSENT, "missing (DISP_E_PARAMNOTFOUND)");
    V_VT(&v) = VT_ERROR; V_ERROR(&v) = E_FAIL;
    expect_kind(&v, LMX_ARG_BAD_TYPE, "VT_ERROR E_FAIL");
    V_VT(&v) = VT_R8; V_R8(&v) = 0.0; V_R8(&v) = V_R8(&v) / V_R8(&v);
    expect_kind(&v, LMX_ARG_BAD_TYPE, "NaN");
    V_VT(&v) = VT_ARRAY | VT_VARIANT; V_ARRAY(&v) = SafeArrayCreate(VT_VARIANT, 1, &bound);
    expect_kind(&v, LMX_ARG_BAD_TYPE, "array");
    VariantClear(&v);
    printf("args: checked\n");
}

/* ---- early binding ---------------------------------------------------------------------------------- */
static ILoymaxBridge *create(void)
{
    ILoymaxBridge *b = NULL;
    HRESULT hr = CoCreateInstance(&CLSID_LoymaxBridge, NULL, CLSCTX_INPROC_SERVER, &IID_ILoymaxBridge, (void **)&b);
    CHECK(hr == S_OK, "CoCreateInstance(Loymax.Bridge, ILoymaxBridge) = 0x%08lx", (unsigned long)hr);
    return b;
}

static void test_vtable(void)
{
    ILoymaxBridge *b = create();
    ISupportErrorInfo *sei = NULL;
    BSTR s = NULL, cfg;
    LONG v = -1;
    VARIANT_BOOL raise = 0;
    IErrorInfo *ei = NULL;
    HRESULT hr;
    if (!b)
        return;
    CHECK(ILoymaxBridge_get_Version(b, &s) == S_OK && s && wcscmp(s, L"" LMX_VERSION_STRING) == 0, "Version %s", u8(s));
    SysFreeString(s);
    CHECK(ILoymaxBridge_get_StatusCardBlocked(b, &v) == S_OK && v == 205, "StatusCardBlocked");
    CHECK(ILoymaxBridge_get_StatusHostUnreachable(b, &v) == S_OK && v == 5, "StatusHostUnreachable");
    CHECK(ILoymaxBridge_get_RaiseErrors(b, &raise) == S_OK && raise == VARIANT_TRUE, "RaiseErrors defaults to True");
    {
        /* the same object through ILoymaxBridge2: TestConnection before Open is status 8 */
        ILoymaxBridge2 *b2 = NULL;
        BSTR verdicts = NULL;
        CHECK(ILoymaxBridge_QueryInterface(b, &IID_ILoymaxBridge2, (void **)&b2) == S_OK && b2, "QueryInterface(ILoymaxBridge2)");
        if (b2) {
            hr = ILoymaxBridge2_TestConnection(b2, &verdicts);
            CHECK(hr == (HRESULT)0x80040208, "TestConnection before Open: 0x%08lx, want 0x80040208 (status 8)", (unsigned long)hr);
            CHECK(verdicts && !verdicts[0], "TestConnection before Open returns \"\"");
            SysFreeString(verdicts);
            ILoymaxBridge2_Release(b2);
        }
    }
    CHECK(ILoymaxBridge_QueryInterface(b, &IID_ISupportErrorInfo, (void **)&sei) == S_OK &&
              ISupportErrorInfo_InterfaceSupportsErrorInfo(sei, &IID_ILoymaxBridge) == S_OK, "ISupportErrorInfo");
    if (sei)
        ISupportErrorInfo_Release(sei);

    /* A failure: HRESULT 0x80040200 + status, IErrorInfo = LastErrorText; the text round-trips
     * Cyrillic and a non-BMP character (U+1D11E) through the library (UTF-16 -> UTF-8 -> UTF-16). */
    cfg = SysAllocString(L"{\"engine\":\"касса-𝄞\"}");
    hr = ILoymaxBridge_Open(b, cfg);
    SysFreeString(cfg);
    CHECK(hr == (HRESULT)0x8004020A, "Open with an unknown engine: 0x%08lx, want 0x8004020A (status 10)", (unsigned long)hr);
    CHECK(GetErrorInfo(0, &ei) == S_OK && ei, "IErrorInfo after a failure");
    if (ei) {
        BSTR d = NULL, src = NULL, t = NULL;
        IErrorInfo_GetDescription(ei, &d);
        IErrorInfo_GetSource(ei, &src);
        ILoymaxBridge_get_LastErrorText(b, &t);
        CHECK(src && wcscmp(src, L"Loymax.Bridge") == 0, "source %s", u8(src));
        CHECK(d && t && wcscmp(d, t) == 0, "description \"%s\" = LastErrorText \"%s\"", u8(d), u8(t));
        CHECK(t && wcsstr(t, L"\"касса-𝄞\""), "the engine name round-trips: %s", u8(t));
        SysFreeString(d);
        SysFreeString(src);
        SysFreeString(t);
        IErrorInfo_Release(ei);
    }
    CHECK(ILoymaxBridge_get_LastErrorCode(b, &v) == S_OK && v == 10, "LastErrorCode %ld", (long)v);

    /* RaiseErrors False: S_OK, the error only recorded */
    ILoymaxBridge_put_RaiseErrors(b, VARIANT_FALSE);
    {
        VARIANT none;
        BSTR r = NULL, cmd = SysAllocString(L"balance");
        V_VT(&none) = VT_ERROR;
        V_ERROR(&none) = DISP_E_PARAMNOTFOUND;
        hr = ILoymaxBridge_Execute(b, cmd, none, &r);
        CHECK(hr == S_OK && r && !r[0], "Execute before Open without raising: 0x%08lx", (unsigned long)hr);
        CHECK(ILoymaxBridge_get_LastErrorCode(b, &v) == S_OK && v == 8, "LastErrorCode %ld (not open)", (long)v);
        SysFreeString(r);
        SysFreeString(cmd);
    }
    ILoymaxBridge_Release(b);
    printf("vtable: checked\n");
}

/* ---- apartments and threads ------------------------------------------------------------------------- */
typedef struct {
    IStream *stream;
    int apartment; /* COINIT_* of the calling thread */
    int ok;
} cross_args;

static DWORD WINAPI cross_caller(void *p)
{
    cross_args *a = (cross_args *)p;
    ILoymaxBridge *b = NULL;
    BSTR s = NULL, cfg;
    HRESULT hr;
    CoInitializeEx(NULL, (DWORD)a->apartment);
    hr = CoGetInterfaceAndReleaseStream(a->stream, &IID_ILoymaxBridge, (void **)&b);
    CHECK(hr == S_OK, "unmarshal ILoymaxBridge in the other apartment: 0x%08lx", (unsigned long)hr);
    if (b) {
        CHECK(ILoymaxBridge_get_Version(b, &s) == S_OK && s && s[0], "Version across apartments");
        SysFreeString(s);
        cfg = SysAllocString(L"{\"engine\":\"host\",\"hostAddress\":\"127.0.0.1:1\"}");
        hr = ILoymaxBridge_Open(b, cfg);
        SysFreeString(cfg);
        CHECK(FAILED(hr), "Open across apartments fails as it should (0x%08lx)", (unsigned long)hr);
        a->ok = hr == (HRESULT)0x80040205;
        CHECK(a->ok, "HRESULT across apartments 0x%08lx, want 0x80040205", (unsigned long)hr);
        ILoymaxBridge_Release(b);
    }
    CoUninitialize();
    return 0;
}

static void cross_apartment(int creator, int caller, const char *what)
{
    ILoymaxBridge *b;
    cross_args a = { NULL, caller, 0 };
    HANDLE t;
    HRESULT hr;
    CoInitializeEx(NULL, (DWORD)creator);
    b = create();
    if (b) {
        hr = CoMarshalInterThreadInterfaceInStream(&IID_ILoymaxBridge, (IUnknown *)b, &a.stream);
        CHECK(hr == S_OK, "%s: marshal 0x%08lx", what, (unsigned long)hr);
        if (hr == S_OK) {
            t = CreateThread(NULL, 0, cross_caller, &a, 0, NULL);
            /* An STA must pump messages while another apartment calls it. */
            for (;;) {
                DWORD w = MsgWaitForMultipleObjects(1, &t, FALSE, 30000, QS_ALLINPUT);
                MSG msg;
                if (w == WAIT_OBJECT_0)
                    break;
                if (w == WAIT_TIMEOUT) {
                    CHECK(0, "%s: the call from the other apartment hung", what);
                    break;
                }
                while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
                    DispatchMessageW(&msg);
            }
            CloseHandle(t);
        }
        ILoymaxBridge_Release(b);
    }
    CoUninitialize();
    printf("apartments: %s: %s\n", what, a.ok ? "ok" : "FAILED");
}

static DWORD WINAPI cross_main(void *p)
{
    int which = (int)(INT_PTR)p;
    if (which == 0)
        cross_apartment(COINIT_APARTMENTTHREADED, COINIT_MULTITHREADED, "created in an STA, called from the MTA");
    else
        cross_apartment(COINIT_MULTITHREADED, COINIT_APARTMENTTHREADED, "created in the MTA, called from an STA");
    return 0;
}

static ILoymaxBridge *shared;
static LONG thread_errors;

static DWORD WINAPI hammer(void *p)
{
    int i;
    (void)p;
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    for (i = 0; i < 200; i++) {
        BSTR s = NULL, cfg = SysAllocString(L"{\"engine\":\"nope\"}");
        LONG code = 0;
        if (ILoymaxBridge_Open(shared, cfg) == S_OK)
            InterlockedIncrement(&thread_errors); /* an unknown engine never opens */
        ILoymaxBridge_get_LastErrorCode(shared, &code);
        if (code != 10 && code != 0 && code != 8)
            InterlockedIncrement(&thread_errors);
        if (ILoymaxBridge_get_Version(shared, &s) != S_OK || !s || !s[0])
            InterlockedIncrement(&thread_errors);
        ILoymaxBridge_Close(shared);
        SysFreeString(s);
        SysFreeString(cfg);
    }
    CoUninitialize();
    return 0;
}

static void test_threads(void)
{
    HANDLE t[4];
    int i;
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    shared = create();
    if (shared) {
        /* RaiseErrors True on purpose: Open must fail with an HRESULT in every thread */
        for (i = 0; i < 4; i++)
            t[i] = CreateThread(NULL, 0, hammer, NULL, 0, NULL);
        WaitForMultipleObjects(4, t, TRUE, 60000);
        for (i = 0; i < 4; i++)
            CloseHandle(t[i]);
        CHECK(thread_errors == 0, "%ld inconsistent results from 4 threads sharing one object", (long)thread_errors);
        ILoymaxBridge_Release(shared);
    }
    CoUninitialize();
    printf("threads: 4 x 200 calls on one object: %s\n", thread_errors ? "FAILED" : "ok");
}

/* ---- DllCanUnloadNow ---------------------------------------------------------------------------------- */
static void test_unload(const wchar_t *dll)
{
    HMODULE m = LoadLibraryW(dll);
    HRESULT (WINAPI *get)(REFCLSID, REFIID, void **);
    HRESULT (WINAPI *can)(void);
    IClassFactory *cf = NULL;
    ILoymaxBridge *b = NULL;
    CHECK(m != NULL, "LoadLibrary(%s)", u8(dll));
    if (!m)
        return;
    get = (HRESULT (WINAPI *)(REFCLSID, REFIID, void **))(void *)GetProcAddress(m, "DllGetClassObject");
    can = (HRESULT (WINAPI *)(void))(void *)GetProcAddress(m, "DllCanUnloadNow");
    CHECK(get && can, "DllGetClassObject/DllCanUnloadNow exported");
    if (get && can) {
        CHECK(get(&CLSID_LoymaxBridge, &IID_IClassFactory, (void **)&cf) == S_OK, "DllGetClassObject");
        CHECK(get(&IID_IUnknown, &IID_IClassFactory, (void **)&b) == CLASS_E_CLASSNOTAVAILABLE, "other CLSID refused");
        if (cf) {
            CHECK(IClassFactory_CreateInstance(cf, NULL, &IID_ILoymaxBridge, (void **)&b) == S_OK, "CreateInstance");
            IClassFactory_Release(cf);
            CHECK(can() == S_FALSE, "DllCanUnloadNow while an object lives");
            if (b)
                ILoymaxBridge_Release(b);
            CHECK(can() == S_OK, "DllCanUnloadNow after the last Release");
        }
    }
    FreeLibrary(m);
    printf("unload: checked\n");
}

/* ---- modes --------------------------------------------------------------------------------------------- */
static int exit_without_release(void)
{
    ILoymaxBridge *b;
    static wchar_t env[8192];
    HRESULT hr = E_FAIL;
    /* With LMX_COM_CONFIG (the host engine) the session is really open and has run a command. */
    DWORD n = GetEnvironmentVariableW(L"LMX_COM_CONFIG", env, 8192);
    BSTR cfg = SysAllocString(n > 0 && n < 8192 ? env : L"{\"engine\":\"host\",\"hostAddress\":\"127.0.0.1:1\"}");
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    b = create();
    if (b && SUCCEEDED(hr = ILoymaxBridge_Open(b, cfg))) {
        VARIANT none;
        BSTR r = NULL, cmd = SysAllocString(L"status");
        V_VT(&none) = VT_ERROR;
        V_ERROR(&none) = DISP_E_PARAMNOTFOUND;
        hr = ILoymaxBridge_Execute(b, cmd, none, &r);
        printf("session open, status executed: 0x%08lx\n", (unsigned long)hr);
    }
    printf("EXIT WITHOUT RELEASE\n");
    fflush(stdout);
    ExitProcess(0); /* no Release, no CoUninitialize */
}

static int regfree(const wchar_t *manifest)
{
    ACTCTXW ac;
    HANDLE ctx;
    ULONG_PTR cookie = 0;
    ILoymaxBridge *b;
    BSTR s = NULL;
    memset(&ac, 0, sizeof ac);
    ac.cbSize = sizeof ac;
    ac.lpSource = manifest;
    ctx = CreateActCtxW(&ac);
    CHECK(ctx != INVALID_HANDLE_VALUE, "CreateActCtx(%s): error %lu", u8(manifest), GetLastError());
    if (ctx == INVALID_HANDLE_VALUE)
        return 1;
    CHECK(ActivateActCtx(ctx, &cookie), "ActivateActCtx");
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    b = create();
    if (b) {
        CHECK(ILoymaxBridge_get_Version(b, &s) == S_OK && s && s[0], "Version (registration-free)");
        printf("regfree: created without registration, Version %s\n", u8(s));
        SysFreeString(s);
        ILoymaxBridge_Release(b);
    }
    CoUninitialize();
    DeactivateActCtx(0, cookie);
    ReleaseActCtx(ctx);
    if (failures)
        return 1;
    printf("REGFREE PASS\n");
    return 0;
}

int wmain(int argc, wchar_t **argv)
{
    HANDLE t;
    if (argc >= 2 && wcscmp(argv[1], L"exit-without-release") == 0)
        return exit_without_release();
    if (argc >= 3 && wcscmp(argv[1], L"regfree") == 0)
        return regfree(argv[2]);
    if (argc < 3 || wcscmp(argv[1], L"all") != 0) {
        printf("usage: lmx_comtest all DLL | exit-without-release | regfree MANIFEST\n");
        return 2;
    }
    test_typelib(argv[2]);
    test_args();
    CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    test_vtable();
    CoUninitialize();
    /* each apartment test in a fresh thread so its CoInitializeEx is its own */
    t = CreateThread(NULL, 0, cross_main, (void *)(INT_PTR)0, 0, NULL);
    WaitForSingleObject(t, 90000);
    CloseHandle(t);
    t = CreateThread(NULL, 0, cross_main, (void *)(INT_PTR)1, 0, NULL);
    WaitForSingleObject(t, 90000);
    CloseHandle(t);
    test_threads();
    test_unload(argv[2]);
    if (failures) {
        printf("COMTEST FAIL: %d check(s) failed\n", failures);
        return 1;
    }
    printf("COMTEST PASS\n");
    return 0;
}
