/*
 * lmx_com.c — the COM object Loymax.Bridge, in plain C.
 *
 * One object = one register session = one lmx_handle of the C ABI (the UTF-16 "W" functions, so
 * BSTRs go through without a code page).  The dual interface ILoymaxBridge is described by the type
 * library embedded in this DLL (resource 1 TYPELIB); IDispatch is served from it by
 * ITypeInfo::Invoke, wrapped so that a wrong argument count or type becomes a sentence that names
 * the argument.
 *
 * Errors: every method records the status and text of its outcome (LastErrorCode/LastErrorText).
 * With RaiseErrors = True (the default) a failure also returns LMX_COM_HRESULT(status) with an
 * IErrorInfo (source "Loymax.Bridge", description = the text, exactly); with False the method
 * succeeds and the caller reads LastErrorCode, the way 1C equipment drivers are written.
 *
 * Threads: ThreadingModel Both.  Every method takes the object's critical section, so an object
 * created in one apartment may be called directly from any thread (the C ABI itself serialises
 * calls on a handle).  Nothing runs in DllMain.
 */
#include <initguid.h>
#include "lmx_com.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define LMX_NO_DLLIMPORT /* the lmx_* functions are in this DLL */
#include "loymax_bridge.h"
#include "../lmx_internal.h" /* the message catalogue's formatting, UTF-8 <-> UTF-16 */

/* ---- module ------------------------------------------------------------------------------------ */
static LONG g_objects; /* live objects */
static LONG g_locks;   /* IClassFactory::LockServer */

HMODULE lmx_com_module(void)
{
    static HMODULE m;
    if (!m) {
        HMODULE h = NULL;
        GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                           (LPCWSTR)(void *)&lmx_com_module, &h);
        m = h;
    }
    return m;
}

const wchar_t *lmx_com_module_path(void)
{
    static wchar_t path[MAX_PATH * 4];
    if (!path[0]) {
        wchar_t tmp[MAX_PATH * 4];
        DWORD n = GetModuleFileNameW(lmx_com_module(), tmp, (DWORD)(sizeof tmp / sizeof tmp[0]));
        if (n == 0 || n >= sizeof tmp / sizeof tmp[0])
            return L"loymax_bridge.dll";
        memcpy(path, tmp, (n + 1) * sizeof(wchar_t));
    }
    return path;
}

/* ---- the type library ---------------------------------------------------------------------------- */
/* What the IDispatch wrapper knows of each member, read once from the type library. */
typedef struct {
    MEMBERID memid;
    INVOKEKIND kind;
    int n_in;        /* arguments a caller passes (without [out, retval]) */
    int n_required;  /* of which not [optional] */
    BSTR names[4];   /* [0] member name, [1..] argument names */
} member_info;

static INIT_ONCE tl_once = INIT_ONCE_STATIC_INIT;
static ITypeLib *g_typelib;
static ITypeInfo *g_typeinfo;
static HRESULT g_typelib_hr = E_UNEXPECTED;
static member_info *g_members;
static int g_member_count;

static BOOL CALLBACK load_typelib(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    TYPEATTR *ta = NULL;
    int i;
    (void)once;
    (void)param;
    (void)ctx;
    g_typelib_hr = LoadTypeLibEx(lmx_com_module_path(), REGKIND_NONE, &g_typelib);
    if (FAILED(g_typelib_hr))
        return TRUE;
    /* ILoymaxBridge2's dispatch type info holds every member, ILoymaxBridge's and its own */
    g_typelib_hr = ITypeLib_GetTypeInfoOfGuid(g_typelib, &IID_ILoymaxBridge2, &g_typeinfo);
    if (FAILED(g_typelib_hr))
        return TRUE;
    if (SUCCEEDED(ITypeInfo_GetTypeAttr(g_typeinfo, &ta))) {
        g_members = (member_info *)calloc(ta->cFuncs ? ta->cFuncs : 1, sizeof *g_members);
        for (i = 0; g_members && i < ta->cFuncs; i++) {
            FUNCDESC *fd = NULL;
            member_info *m = &g_members[g_member_count];
            UINT got = 0;
            int k;
            if (FAILED(ITypeInfo_GetFuncDesc(g_typeinfo, (UINT)i, &fd)))
                continue;
            if (fd->memid >= 0x60000000 && fd->memid < 0x60030000) { /* IUnknown/IDispatch */
                ITypeInfo_ReleaseFuncDesc(g_typeinfo, fd);
                continue;
            }
            m->memid = fd->memid;
            m->kind = fd->invkind;
            for (k = 0; k < fd->cParams; k++) {
                USHORT f = fd->lprgelemdescParam[k].paramdesc.wParamFlags;
                if (f & (PARAMFLAG_FRETVAL | PARAMFLAG_FLCID))
                    continue;
                m->n_in++;
                if (!(f & PARAMFLAG_FOPT))
                    m->n_required++;
            }
            ITypeInfo_GetNames(g_typeinfo, fd->memid, m->names, 4, &got);
            ITypeInfo_ReleaseFuncDesc(g_typeinfo, fd);
            g_member_count++;
        }
        ITypeInfo_ReleaseTypeAttr(g_typeinfo, ta);
    }
    return TRUE;
}

static HRESULT typeinfo(ITypeInfo **out)
{
    InitOnceExecuteOnce(&tl_once, load_typelib, NULL, NULL);
    *out = g_typeinfo;
    return g_typeinfo ? S_OK : (FAILED(g_typelib_hr) ? g_typelib_hr : E_UNEXPECTED);
}

static const member_info *find_member(DISPID id, WORD flags)
{
    int i;
    const member_info *any = NULL;
    for (i = 0; i < g_member_count; i++) {
        const member_info *m = &g_members[i];
        if (m->memid != id)
            continue;
        if (flags & (DISPATCH_PROPERTYPUT | DISPATCH_PROPERTYPUTREF)) {
            if (m->kind == INVOKE_PROPERTYPUT || m->kind == INVOKE_PROPERTYPUTREF)
                return m;
        } else if (m->kind == INVOKE_FUNC || m->kind == INVOKE_PROPERTYGET) {
            return m;
        }
        any = m;
    }
    return any;
}

/* ---- the object -------------------------------------------------------------------------------- */
typedef struct bridge {
    ILoymaxBridge2 iface; /* ILoymaxBridge2 extends ILoymaxBridge: one vtable serves both */
    ISupportErrorInfo sei;
    IProvideClassInfo pci;
    LONG refs;
    CRITICAL_SECTION cs;
    lmx_handle h;        /* the session; NULL when not open */
    lmx_handle status_h; /* a second session of the same register for the status properties */
    wchar_t *config;     /* the Open argument (for status_h) */
    int last_code;
    BSTR last_text;
    VARIANT_BOOL raise;
    lmx_lang lang;       /* the object's own sentences: the language of the configuration last given to Open */
} bridge;

static bridge *from_iface(ILoymaxBridge2 *p) { return (bridge *)p; }
static bridge *from_sei(ISupportErrorInfo *p) { return (bridge *)((char *)p - offsetof(bridge, sei)); }
static bridge *from_pci(IProvideClassInfo *p) { return (bridge *)((char *)p - offsetof(bridge, pci)); }

/* ---- errors ---- */

/* Sets the calling thread's IErrorInfo (what ITypeInfo::Invoke, VB and Delphi's safecall read). */
static void raise_error_info(const wchar_t *text)
{
    ICreateErrorInfo *cei = NULL;
    IErrorInfo *ei = NULL;
    if (FAILED(CreateErrorInfo(&cei)))
        return;
    ICreateErrorInfo_SetGUID(cei, &IID_ILoymaxBridge);
    ICreateErrorInfo_SetSource(cei, (LPOLESTR)LMX_COM_SOURCE);
    ICreateErrorInfo_SetDescription(cei, (LPOLESTR)(text ? text : L""));
    if (SUCCEEDED(ICreateErrorInfo_QueryInterface(cei, &IID_IErrorInfo, (void **)&ei))) {
        SetErrorInfo(0, ei);
        IErrorInfo_Release(ei);
    }
    ICreateErrorInfo_Release(cei);
}

/* Records the outcome of a call (the object's lock is held) and gives the HRESULT to return. */
static HRESULT outcome(bridge *b, int status, const wchar_t *text)
{
    b->last_code = status;
    SysFreeString(b->last_text);
    b->last_text = SysAllocString(status ? (text ? text : L"") : L"");
    if (status == 0 || !b->raise)
        return S_OK;
    raise_error_info(b->last_text ? b->last_text : text);
    return LMX_COM_HRESULT(status);
}

/* UTF-16 -> UTF-8, malloc'd ("" for NULL or a text that cannot be converted). */
static char *u8(const wchar_t *w)
{
    char *r = NULL;
    size_t n;
    long bad;
    if (!w || lmx_utf16_to_utf8((const uint16_t *)w, 1u << 20, &r, &n, &bad) != 0)
        return lmx_strdup("");
    return r;
}

/* The catalogue's sentence id in the object's language with its arguments, as a malloc'd UTF-16 text. */
static wchar_t *vtext(bridge *b, lmx_text id, va_list ap)
{
    lmx_buf t = {0};
    size_t units;
    wchar_t *w;
    lmx_buf_vaddf(&t, lmx_t(b->lang, id), ap);
    units = lmx_utf8_to_utf16(lmx_buf_str(&t), t.len, NULL, 0);
    w = (wchar_t *)malloc(sizeof(wchar_t) * (units + 1));
    if (w) {
        lmx_utf8_to_utf16(lmx_buf_str(&t), t.len, (uint16_t *)w, units);
        w[units] = 0;
    }
    lmx_buf_free(&t);
    return w;
}

/* outcome() with the catalogue's sentence id in the object's language. */
static HRESULT outcomet(bridge *b, int status, lmx_text id, ...)
{
    HRESULT hr;
    wchar_t *w;
    va_list ap;
    va_start(ap, id);
    w = vtext(b, id, ap);
    va_end(ap);
    hr = outcome(b, status, w ? w : L"");
    free(w);
    return hr;
}

/* The error text of h (NULL: this thread's handle-less error), malloc'd. */
static wchar_t *handle_error_text(lmx_handle h)
{
    int n = lmx_error_textW(h, NULL, 0);
    wchar_t *t;
    if (n <= 0)
        return NULL;
    t = (wchar_t *)malloc(sizeof(wchar_t) * (size_t)n);
    if (t && lmx_error_textW(h, t, n) != n) {
        free(t);
        t = NULL;
    }
    return t;
}

/* Outcome of an lmx call that returned status st on handle h (NULL: the thread's error). */
static HRESULT lmx_outcome(bridge *b, int st, lmx_handle h)
{
    wchar_t *t;
    HRESULT hr;
    if (st == LMX_OK)
        return outcome(b, 0, NULL);
    t = handle_error_text(h);
    hr = t ? outcome(b, st, t) : outcomet(b, st, LT_COM_STATUS, st);
    free(t);
    return hr;
}

static HRESULT not_open(bridge *b, const char *member)
{
    return outcomet(b, LMX_INVALID_HANDLE, LT_COM_NOT_OPEN, member);
}

/* ---- arguments ---- */

static int is_null_iid(REFIID riid)
{
    static const GUID zero;
    return riid && memcmp(riid, &zero, sizeof zero) == 0;
}

/* ---- IUnknown ---- */
static HRESULT STDMETHODCALLTYPE b_QueryInterface(ILoymaxBridge2 *This, REFIID riid, void **ppv)
{
    bridge *b = from_iface(This);
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &IID_ILoymaxBridge)
        || IsEqualIID(riid, &IID_ILoymaxBridge2))
        *ppv = &b->iface;
    else if (IsEqualIID(riid, &IID_ISupportErrorInfo))
        *ppv = &b->sei;
    else if (IsEqualIID(riid, &IID_IProvideClassInfo))
        *ppv = &b->pci;
    else {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    InterlockedIncrement(&b->refs);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE b_AddRef(ILoymaxBridge2 *This)
{
    return (ULONG)InterlockedIncrement(&from_iface(This)->refs);
}

static void close_sessions(bridge *b)
{
    if (b->status_h)
        lmx_close(b->status_h);
    if (b->h)
        lmx_close(b->h);
    b->h = b->status_h = NULL;
    free(b->config);
    b->config = NULL;
}

static ULONG STDMETHODCALLTYPE b_Release(ILoymaxBridge2 *This)
{
    bridge *b = from_iface(This);
    LONG n = InterlockedDecrement(&b->refs);
    if (n == 0) {
        close_sessions(b);
        SysFreeString(b->last_text);
        DeleteCriticalSection(&b->cs);
        free(b);
        InterlockedDecrement(&g_objects);
    }
    return (ULONG)n;
}

/* ---- IDispatch ---- */
static HRESULT STDMETHODCALLTYPE b_GetTypeInfoCount(ILoymaxBridge2 *This, UINT *n)
{
    if (!n)
        return E_POINTER;
    *n = 1;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE b_GetTypeInfo(ILoymaxBridge2 *This, UINT i, LCID lcid, ITypeInfo **out)
{
    ITypeInfo *ti;
    HRESULT hr;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (i != 0)
        return DISP_E_BADINDEX;
    if (FAILED(hr = typeinfo(&ti)))
        return hr;
    ITypeInfo_AddRef(ti);
    *out = ti;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE b_GetIDsOfNames(ILoymaxBridge2 *This, REFIID riid, LPOLESTR *names, UINT n, LCID lcid,
                                                 DISPID *ids)
{
    ITypeInfo *ti;
    HRESULT hr;
    if (!is_null_iid(riid))
        return DISP_E_UNKNOWNINTERFACE;
    if (FAILED(hr = typeinfo(&ti)))
        return hr;
    return DispGetIDsOfNames(ti, names, n, ids);
}

/* An argument error found by the dispatch wrapper: recorded like any failure; raised through
 * EXCEPINFO unless RaiseErrors is False (then the call "succeeds" with an Empty result). */
static HRESULT dispatch_arg_error_text(bridge *b, EXCEPINFO *ei, VARIANT *result, const wchar_t *buf);

static HRESULT dispatch_arg_error(bridge *b, EXCEPINFO *ei, VARIANT *result, lmx_text id, ...)
{
    wchar_t *text, *buf;
    va_list ap;
    HRESULT hr;
    EnterCriticalSection(&b->cs);
    va_start(ap, id);
    text = vtext(b, id, ap);
    va_end(ap);
    LeaveCriticalSection(&b->cs);
    buf = text ? text : L"";
    hr = dispatch_arg_error_text(b, ei, result, buf);
    free(text);
    return hr;
}

static HRESULT dispatch_arg_error_text(bridge *b, EXCEPINFO *ei, VARIANT *result, const wchar_t *buf)
{
    VARIANT_BOOL raise;
    EnterCriticalSection(&b->cs);
    raise = b->raise;
    b->raise = VARIANT_FALSE; /* record only */
    outcome(b, LMX_BAD_ARGUMENT, buf);
    b->raise = raise;
    LeaveCriticalSection(&b->cs);
    if (result)
        VariantInit(result);
    if (!raise)
        return S_OK;
    raise_error_info(buf);
    if (ei) {
        memset(ei, 0, sizeof *ei);
        ei->scode = LMX_COM_HRESULT(LMX_BAD_ARGUMENT);
        ei->bstrSource = SysAllocString(LMX_COM_SOURCE);
        ei->bstrDescription = SysAllocString(buf);
        return DISP_E_EXCEPTION;
    }
    return LMX_COM_HRESULT(LMX_BAD_ARGUMENT);
}

static const wchar_t *arg_name(const member_info *m, int i)
{
    if (m && i + 1 < 4 && m->names[i + 1])
        return m->names[i + 1];
    if (m && (m->kind == INVOKE_PROPERTYPUT || m->kind == INVOKE_PROPERTYPUTREF))
        return L"value";
    return L"?";
}

static HRESULT STDMETHODCALLTYPE b_Invoke(ILoymaxBridge2 *This, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                          DISPPARAMS *params, VARIANT *result, EXCEPINFO *ei, UINT *argerr)
{
    bridge *b = from_iface(This);
    DISPPARAMS none = { NULL, NULL, 0, 0 };
    const member_info *m;
    ITypeInfo *ti;
    UINT local_argerr = (UINT)-1;
    HRESULT hr;
    int n, i;

    if (!is_null_iid(riid))
        return DISP_E_UNKNOWNINTERFACE;
    if (FAILED(hr = typeinfo(&ti)))
        return hr;
    if (!params)
        params = &none;
    if (!argerr)
        argerr = &local_argerr;
    m = find_member(id, flags);
    n = (int)params->cArgs;
    if (m && m->names[0]) {
        char *name = u8(m->names[0]), *a0 = u8(arg_name(m, 0)), *a1 = u8(arg_name(m, 1)), *an = NULL;
        int found = 1; /* an argument error was recorded (and raised unless RaiseErrors is False) */
        hr = S_OK;
        if (n > m->n_in) {
            if (m->n_in == 0) {
                hr = dispatch_arg_error(b, ei, result, LT_COM_NO_ARGS, name, n);
            } else {
                lmx_buf list = {0};
                lmx_buf_adds(&list, a0);
                if (m->n_in > 1) {
                    lmx_buf_adds(&list, ", ");
                    lmx_buf_adds(&list, a1);
                }
                hr = m->n_in == 1 ? dispatch_arg_error(b, ei, result, LT_COM_TOO_MANY_1, name, lmx_buf_str(&list), n)
                                  : dispatch_arg_error(b, ei, result, LT_COM_TOO_MANY, name, m->n_in, lmx_buf_str(&list), n);
                lmx_buf_free(&list);
            }
        } else if (n < m->n_required) {
            an = u8(arg_name(m, n));
            hr = dispatch_arg_error(b, ei, result, LT_COM_ARG_MISSING, name, an, n + 1, m->n_in);
        } else {
            found = 0;
            for (i = 0; params->cNamedArgs == 0 && i < m->n_required && i < n; i++) {
                const VARIANT *a = &params->rgvarg[n - 1 - i];
                while (V_VT(a) == (VT_BYREF | VT_VARIANT) && V_VARIANTREF(a))
                    a = V_VARIANTREF(a);
                if (V_VT(a) == VT_ERROR && V_ERROR(a) == DISP_E_PARAMNOTFOUND) {
                    an = u8(arg_name(m, i));
                    hr = dispatch_arg_error(b, ei, result, LT_COM_ARG_MISSING, name, an, i + 1, m->n_in);
                    found = 1;
                    break;
                }
            }
        }
        free(name);
        free(a0);
        free(a1);
        free(an);
        if (found)
            return hr;
    }
    if (ei)
        memset(ei, 0, sizeof *ei);
    hr = ITypeInfo_Invoke(ti, &b->iface, id, flags, params, result, ei, argerr);
    if ((hr == DISP_E_TYPEMISMATCH || hr == DISP_E_OVERFLOW || hr == DISP_E_PARAMNOTOPTIONAL) && m && m->names[0]) {
        int k = *argerr < (UINT)n ? (int)(n - 1 - (int)*argerr) : 0;
        const VARIANT *a = *argerr < (UINT)n ? &params->rgvarg[*argerr] : NULL;
        char *name, *an;
        if (params->cNamedArgs > 0 && *argerr == 0)
            k = n - 1; /* the value of a property put */
        while (a && V_VT(a) == (VT_BYREF | VT_VARIANT) && V_VARIANTREF(a))
            a = V_VARIANTREF(a);
        name = u8(m->names[0]);
        an = u8(arg_name(m, k));
        if (hr == DISP_E_OVERFLOW)
            hr = dispatch_arg_error(b, ei, result, LT_COM_ARG_RANGE, name, an, k + 1, m->n_in);
        else if (hr == DISP_E_PARAMNOTOPTIONAL)
            hr = dispatch_arg_error(b, ei, result, LT_COM_ARG_MISSING, name, an, k + 1, m->n_in);
        else
            hr = dispatch_arg_error(b, ei, result, LT_COM_ARG_TYPE, name, an, k + 1, m->n_in,
                                    a ? lmx_t(b->lang, (lmx_text)lmx_com_vt_words(V_VT(a))) : "?",
                                    lmx_t(b->lang, m->kind == INVOKE_PROPERTYPUT ? LT_COM_EXPECT_BOOL : LT_COM_EXPECT_STRING));
        free(name);
        free(an);
        return hr;
    }
    if (hr == DISP_E_BADPARAMCOUNT && m && m->names[0]) {
        char *name = u8(m->names[0]);
        hr = dispatch_arg_error(b, ei, result, LT_COM_ARG_COUNT, name, n);
        free(name);
        return hr;
    }
    if (hr == DISP_E_EXCEPTION && ei && !ei->bstrDescription) {
        /* The method's IErrorInfo, in case ITypeInfo::Invoke did not copy it. */
        IErrorInfo *info = NULL;
        if (GetErrorInfo(0, &info) == S_OK && info) {
            IErrorInfo_GetDescription(info, &ei->bstrDescription);
            if (!ei->bstrSource)
                IErrorInfo_GetSource(info, &ei->bstrSource);
            IErrorInfo_Release(info);
            SetErrorInfo(0, NULL);
        }
    }
    if (hr == DISP_E_EXCEPTION && ei && !ei->bstrSource)
        ei->bstrSource = SysAllocString(LMX_COM_SOURCE);
    return hr;
}

/* ---- ILoymaxBridge ---- */
static HRESULT STDMETHODCALLTYPE b_Open(ILoymaxBridge2 *This, BSTR config)
{
    bridge *b = from_iface(This);
    lmx_handle h = NULL;
    HRESULT hr;
    int st;
    EnterCriticalSection(&b->cs);
    close_sessions(b);
    if (!config || !config[0]) {
        hr = outcomet(b, LMX_BAD_ARGUMENT, LT_COM_OPEN_EMPTY);
    } else {
        char *c8 = u8(config);
        b->lang = lmx_config_lang_of(c8); /* the object's own sentences from now on, whether the open succeeds or not */
        free(c8);
        st = lmx_openW(config, &h);
        if (st == LMX_OK) {
            b->h = h;
            b->config = _wcsdup(config);
        }
        hr = lmx_outcome(b, st, NULL);
    }
    LeaveCriticalSection(&b->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE b_Close(ILoymaxBridge2 *This)
{
    bridge *b = from_iface(This);
    HRESULT hr;
    EnterCriticalSection(&b->cs);
    close_sessions(b);
    hr = outcome(b, 0, NULL);
    LeaveCriticalSection(&b->cs);
    return hr;
}

/* The value at pointer (NULL: the whole result) of the last result of h, as a BSTR; or NULL with
 * *status set. */
static BSTR read_result(lmx_handle h, const wchar_t *pointer, int *status)
{
    int size = 256;
    for (;;) {
        BSTR buf = SysAllocStringLen(NULL, (UINT)size);
        int need;
        if (!buf) {
            *status = LMX_RESOURCE_EXHAUSTED;
            return NULL;
        }
        need = lmx_resultW(h, pointer, buf, size);
        if (need < 0) {
            SysFreeString(buf);
            *status = -need;
            return NULL;
        }
        if (need <= size) {
            BSTR r = SysAllocStringLen(buf, (UINT)(need - 1));
            SysFreeString(buf);
            *status = r ? LMX_OK : LMX_RESOURCE_EXHAUSTED;
            return r;
        }
        SysFreeString(buf);
        size = need;
    }
}

static HRESULT bad_type(bridge *b, const char *member, const char *arg, int pos, int of, int what)
{
    return outcomet(b, LMX_BAD_ARGUMENT, LT_COM_ARG_TYPE, member, arg, pos, of, lmx_t(b->lang, (lmx_text)what),
                    lmx_t(b->lang, LT_COM_EXPECT_VALUE));
}

static HRESULT STDMETHODCALLTYPE b_Execute(ILoymaxBridge2 *This, BSTR command, VARIANT request, BSTR *result)
{
    bridge *b = from_iface(This);
    BSTR req = NULL;
    int what;
    HRESULT hr;
    int st, rst, kind;
    if (!result)
        return E_POINTER;
    *result = NULL;
    EnterCriticalSection(&b->cs);
    kind = lmx_com_arg_text(&request, &req, &what);
    if (kind == LMX_ARG_BAD_TYPE) {
        hr = outcomet(b, LMX_BAD_ARGUMENT, LT_COM_ARG_TYPE, "Execute", "requestJson", 2, 2, lmx_t(b->lang, (lmx_text)what),
                      lmx_t(b->lang, LT_COM_EXPECT_REQUEST));
    } else if (!b->h) {
        hr = not_open(b, "Execute");
    } else {
        /* No request, Empty, Null or "": the parameters set with SetParam. */
        st = lmx_executeW(b->h, command ? command : L"", (kind == LMX_ARG_TEXT && req[0]) ? req : NULL);
        *result = read_result(b->h, NULL, &rst); /* a failed command has a result too ("error") */
        hr = lmx_outcome(b, st, b->h);
        if (hr != S_OK) {
            SysFreeString(*result);
            *result = NULL;
        }
    }
    if (!*result)
        *result = SysAllocString(L"");
    SysFreeString(req);
    LeaveCriticalSection(&b->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE b_SetParam(ILoymaxBridge2 *This, BSTR pointer, VARIANT value)
{
    bridge *b = from_iface(This);
    BSTR v = NULL;
    int what;
    HRESULT hr;
    int kind;
    EnterCriticalSection(&b->cs);
    kind = lmx_com_arg_text(&value, &v, &what);
    if (kind == LMX_ARG_BAD_TYPE)
        hr = bad_type(b, "SetParam", "value", 2, 2, what);
    else if (!b->h)
        hr = not_open(b, "SetParam");
    else
        hr = lmx_outcome(b, lmx_set_paramW(b->h, pointer ? pointer : L"", kind == LMX_ARG_TEXT ? v : L""), b->h);
    SysFreeString(v);
    LeaveCriticalSection(&b->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE b_ResetParams(ILoymaxBridge2 *This)
{
    bridge *b = from_iface(This);
    HRESULT hr;
    EnterCriticalSection(&b->cs);
    hr = b->h ? lmx_outcome(b, lmx_reset_params(b->h), b->h) : not_open(b, "ResetParams");
    LeaveCriticalSection(&b->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE b_Result(ILoymaxBridge2 *This, VARIANT pointer, BSTR *value)
{
    bridge *b = from_iface(This);
    BSTR p = NULL;
    int what;
    HRESULT hr;
    int kind, st;
    if (!value)
        return E_POINTER;
    *value = NULL;
    EnterCriticalSection(&b->cs);
    kind = lmx_com_arg_text(&pointer, &p, &what);
    if (kind == LMX_ARG_BAD_TYPE) {
        hr = outcomet(b, LMX_BAD_ARGUMENT, LT_COM_ARG_TYPE, "Result", "pointer", 1, 1, lmx_t(b->lang, (lmx_text)what),
                      lmx_t(b->lang, LT_COM_EXPECT_POINTER));
    } else if (!b->h) {
        hr = not_open(b, "Result");
    } else {
        *value = read_result(b->h, kind == LMX_ARG_TEXT && p[0] ? p : NULL, &st);
        hr = lmx_outcome(b, st, b->h);
    }
    if (!*value || hr != S_OK) {
        SysFreeString(*value);
        *value = SysAllocString(L"");
    }
    SysFreeString(p);
    LeaveCriticalSection(&b->cs);
    return hr;
}

/* ---- ILoymaxBridge2 ---- */
/* lmx_test_connection: the verdicts JSON is returned also when a step failed (with RaiseErrors the
 * error is raised and the JSON stays readable with Result()). */
static HRESULT STDMETHODCALLTYPE b_TestConnection(ILoymaxBridge2 *This, BSTR *verdicts)
{
    bridge *b = from_iface(This);
    HRESULT hr;
    int st, rst;
    if (!verdicts)
        return E_POINTER;
    *verdicts = NULL;
    EnterCriticalSection(&b->cs);
    if (!b->h) {
        hr = not_open(b, "TestConnection");
    } else {
        st = lmx_test_connection(b->h);
        *verdicts = read_result(b->h, NULL, &rst);
        hr = lmx_outcome(b, st, b->h);
        if (hr != S_OK) {
            SysFreeString(*verdicts);
            *verdicts = NULL;
        }
    }
    if (!*verdicts)
        *verdicts = SysAllocString(L"");
    LeaveCriticalSection(&b->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE b_get_LastErrorCode(ILoymaxBridge2 *This, LONG *code)
{
    bridge *b = from_iface(This);
    if (!code)
        return E_POINTER;
    EnterCriticalSection(&b->cs);
    *code = b->last_code;
    LeaveCriticalSection(&b->cs);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE b_get_LastErrorText(ILoymaxBridge2 *This, BSTR *text)
{
    bridge *b = from_iface(This);
    if (!text)
        return E_POINTER;
    EnterCriticalSection(&b->cs);
    *text = SysAllocString(b->last_text ? b->last_text : L"");
    LeaveCriticalSection(&b->cs);
    return *text ? S_OK : E_OUTOFMEMORY;
}

/* Runs "status" on the status session (opened on first use: reading these properties must not
 * replace the result of the register's last command) and reads one value.  kind: 0 number,
 * 1 Boolean. */
static HRESULT status_value(bridge *b, const char *member, const wchar_t *pointer, LONG *out)
{
    HRESULT hr;
    int st;
    *out = 0;
    EnterCriticalSection(&b->cs);
    if (!b->h) {
        hr = not_open(b, member);
    } else {
        st = LMX_OK;
        if (!b->status_h) {
            lmx_handle sh = NULL;
            st = lmx_openW(b->config, &sh);
            if (st == LMX_OK)
                b->status_h = sh;
        }
        if (st != LMX_OK) {
            hr = lmx_outcome(b, st, NULL);
        } else if ((st = lmx_executeW(b->status_h, L"status", NULL)) != LMX_OK) {
            hr = lmx_outcome(b, st, b->status_h);
        } else {
            BSTR v = read_result(b->status_h, pointer, &st);
            if (v) {
                if (wcscmp(v, L"true") == 0)
                    *out = 1;
                else if (wcscmp(v, L"false") == 0 || wcscmp(v, L"null") == 0)
                    *out = 0;
                else
                    *out = (LONG)wcstol(v, NULL, 10);
                SysFreeString(v);
                hr = outcome(b, 0, NULL);
            } else if (st == LMX_NOT_FOUND) {
                hr = outcome(b, 0, NULL); /* e.g. no queued item: no age */
            } else {
                hr = lmx_outcome(b, st, b->status_h);
            }
        }
    }
    LeaveCriticalSection(&b->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE b_get_IsOnline(ILoymaxBridge2 *This, VARIANT_BOOL *online)
{
    LONG v = 0;
    HRESULT hr;
    if (!online)
        return E_POINTER;
    hr = status_value(from_iface(This), "IsOnline", L"/online", &v);
    *online = v ? VARIANT_TRUE : VARIANT_FALSE;
    return hr;
}

static HRESULT STDMETHODCALLTYPE b_get_QueueLength(ILoymaxBridge2 *This, LONG *n)
{
    if (!n)
        return E_POINTER;
    return status_value(from_iface(This), "QueueLength", L"/queueLength", n);
}

static HRESULT STDMETHODCALLTYPE b_get_OldestQueuedAge(ILoymaxBridge2 *This, LONG *n)
{
    if (!n)
        return E_POINTER;
    return status_value(from_iface(This), "OldestQueuedAge", L"/oldestQueuedAgeSeconds", n);
}

static HRESULT STDMETHODCALLTYPE b_get_DeadCount(ILoymaxBridge2 *This, LONG *n)
{
    if (!n)
        return E_POINTER;
    return status_value(from_iface(This), "DeadCount", L"/deadCount", n);
}

static HRESULT STDMETHODCALLTYPE b_get_Version(ILoymaxBridge2 *This, BSTR *version)
{
    wchar_t buf[64];
    int n;
    if (!version)
        return E_POINTER;
    n = lmx_versionW(buf, 64);
    *version = SysAllocString(n > 0 && n <= 64 ? buf : L"");
    return *version ? S_OK : E_OUTOFMEMORY;
}

static HRESULT STDMETHODCALLTYPE b_get_RaiseErrors(ILoymaxBridge2 *This, VARIANT_BOOL *raise)
{
    bridge *b = from_iface(This);
    if (!raise)
        return E_POINTER;
    EnterCriticalSection(&b->cs);
    *raise = b->raise;
    LeaveCriticalSection(&b->cs);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE b_put_RaiseErrors(ILoymaxBridge2 *This, VARIANT_BOOL raise)
{
    bridge *b = from_iface(This);
    EnterCriticalSection(&b->cs);
    b->raise = raise ? VARIANT_TRUE : VARIANT_FALSE;
    LeaveCriticalSection(&b->cs);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE b_get_IsOpen(ILoymaxBridge2 *This, VARIANT_BOOL *open)
{
    bridge *b = from_iface(This);
    if (!open)
        return E_POINTER;
    EnterCriticalSection(&b->cs);
    *open = b->h ? VARIANT_TRUE : VARIANT_FALSE;
    LeaveCriticalSection(&b->cs);
    return S_OK;
}

#define LMX_CONST(name, value)                                                       \
    static HRESULT STDMETHODCALLTYPE b_get_##name(ILoymaxBridge2 *This, LONG *v)      \
    {                                                                                \
        (void)This;                                                                  \
        if (!v)                                                                      \
            return E_POINTER;                                                        \
        *v = (value);                                                                \
        return S_OK;                                                                 \
    }
LMX_CONST(StatusOk, LMX_OK)
LMX_CONST(StatusBadArgument, LMX_BAD_ARGUMENT)
LMX_CONST(StatusBufferTooSmall, LMX_BUFFER_TOO_SMALL)
LMX_CONST(StatusNoJvm, LMX_NO_JVM)
LMX_CONST(StatusJvmStartFailed, LMX_JVM_START_FAILED)
LMX_CONST(StatusHostUnreachable, LMX_HOST_UNREACHABLE)
LMX_CONST(StatusInternal, LMX_INTERNAL)
LMX_CONST(StatusBusy, LMX_BUSY)
LMX_CONST(StatusInvalidHandle, LMX_INVALID_HANDLE)
LMX_CONST(StatusInvalidEncoding, LMX_INVALID_ENCODING)
LMX_CONST(StatusConfigInvalid, LMX_CONFIG_INVALID)
LMX_CONST(StatusStorageFailed, LMX_STORAGE_FAILED)
LMX_CONST(StatusResourceExhausted, LMX_RESOURCE_EXHAUSTED)
LMX_CONST(StatusNotFound, LMX_NOT_FOUND)
LMX_CONST(StatusNoResult, LMX_NO_RESULT)
LMX_CONST(StatusOfflineRefused, LMX_OFFLINE_REFUSED)
LMX_CONST(StatusQueueFull, LMX_QUEUE_FULL)
LMX_CONST(StatusOutcomeUnknown, LMX_OUTCOME_UNKNOWN)
LMX_CONST(StatusQueueItemNotFound, LMX_QUEUE_ITEM_NOT_FOUND)
LMX_CONST(StatusProcessingError, LMX_PROCESSING_ERROR)
LMX_CONST(StatusConnectFailed, LMX_CONNECT_FAILED)
LMX_CONST(StatusTimeout, LMX_TIMEOUT)
LMX_CONST(StatusTlsFailed, LMX_TLS_FAILED)
LMX_CONST(StatusHttpStatus, LMX_HTTP_STATUS)
LMX_CONST(StatusMalformedResponse, LMX_MALFORMED_RESPONSE)
LMX_CONST(StatusResponseTooLarge, LMX_RESPONSE_TOO_LARGE)
LMX_CONST(StatusAuthFailed, LMX_AUTH_FAILED)
LMX_CONST(StatusInvalidRequest, LMX_INVALID_REQUEST)
LMX_CONST(StatusInvalidJson, LMX_INVALID_JSON)
LMX_CONST(StatusMissingField, LMX_MISSING_FIELD)
LMX_CONST(StatusInvalidValue, LMX_INVALID_VALUE)
LMX_CONST(StatusUnknownCommand, LMX_UNKNOWN_COMMAND)
LMX_CONST(StatusWrongOrder, LMX_WRONG_ORDER)
LMX_CONST(StatusCardBlocked, 205)

static const ILoymaxBridge2Vtbl bridge_vtbl = {
    b_QueryInterface, b_AddRef, b_Release,
    b_GetTypeInfoCount, b_GetTypeInfo, b_GetIDsOfNames, b_Invoke,
    b_Open, b_Close, b_Execute, b_SetParam, b_ResetParams, b_Result,
    b_get_LastErrorCode, b_get_LastErrorText, b_get_IsOnline, b_get_QueueLength, b_get_OldestQueuedAge,
    b_get_DeadCount, b_get_Version, b_get_RaiseErrors, b_put_RaiseErrors, b_get_IsOpen,
    b_get_StatusOk, b_get_StatusBadArgument, b_get_StatusBufferTooSmall, b_get_StatusNoJvm,
    b_get_StatusJvmStartFailed, b_get_StatusHostUnreachable, b_get_StatusInternal, b_get_StatusBusy,
    b_get_StatusInvalidHandle, b_get_StatusInvalidEncoding, b_get_StatusConfigInvalid, b_get_StatusStorageFailed,
    b_get_StatusResourceExhausted, b_get_StatusNotFound, b_get_StatusNoResult, b_get_StatusOfflineRefused,
    b_get_StatusQueueFull, b_get_StatusOutcomeUnknown, b_get_StatusQueueItemNotFound, b_get_StatusProcessingError,
    b_get_StatusConnectFailed, b_get_StatusTimeout, b_get_StatusTlsFailed, b_get_StatusHttpStatus,
    b_get_StatusMalformedResponse, b_get_StatusResponseTooLarge, b_get_StatusAuthFailed, b_get_StatusInvalidRequest,
    b_get_StatusInvalidJson, b_get_StatusMissingField, b_get_StatusInvalidValue, b_get_StatusUnknownCommand,
    b_get_StatusWrongOrder, b_get_StatusCardBlocked,
    b_TestConnection,
};

/* ---- ISupportErrorInfo ---- */
static HRESULT STDMETHODCALLTYPE sei_QueryInterface(ISupportErrorInfo *This, REFIID riid, void **ppv)
{
    return b_QueryInterface(&from_sei(This)->iface, riid, ppv);
}
static ULONG STDMETHODCALLTYPE sei_AddRef(ISupportErrorInfo *This) { return b_AddRef(&from_sei(This)->iface); }
static ULONG STDMETHODCALLTYPE sei_Release(ISupportErrorInfo *This) { return b_Release(&from_sei(This)->iface); }
static HRESULT STDMETHODCALLTYPE sei_InterfaceSupportsErrorInfo(ISupportErrorInfo *This, REFIID riid)
{
    (void)This;
    return IsEqualIID(riid, &IID_ILoymaxBridge) || IsEqualIID(riid, &IID_ILoymaxBridge2) || IsEqualIID(riid, &IID_IDispatch)
               ? S_OK : S_FALSE;
}
static const ISupportErrorInfoVtbl sei_vtbl = { sei_QueryInterface, sei_AddRef, sei_Release,
                                                sei_InterfaceSupportsErrorInfo };

/* ---- IProvideClassInfo ---- */
static HRESULT STDMETHODCALLTYPE pci_QueryInterface(IProvideClassInfo *This, REFIID riid, void **ppv)
{
    return b_QueryInterface(&from_pci(This)->iface, riid, ppv);
}
static ULONG STDMETHODCALLTYPE pci_AddRef(IProvideClassInfo *This) { return b_AddRef(&from_pci(This)->iface); }
static ULONG STDMETHODCALLTYPE pci_Release(IProvideClassInfo *This) { return b_Release(&from_pci(This)->iface); }
static HRESULT STDMETHODCALLTYPE pci_GetClassInfo(IProvideClassInfo *This, ITypeInfo **out)
{
    ITypeInfo *ti;
    HRESULT hr;
    (void)This;
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (FAILED(hr = typeinfo(&ti)))
        return hr;
    return ITypeLib_GetTypeInfoOfGuid(g_typelib, &CLSID_LoymaxBridge, out);
}
static const IProvideClassInfoVtbl pci_vtbl = { pci_QueryInterface, pci_AddRef, pci_Release, pci_GetClassInfo };

static HRESULT bridge_create(REFIID riid, void **ppv)
{
    bridge *b = (bridge *)calloc(1, sizeof *b);
    HRESULT hr;
    if (!b)
        return E_OUTOFMEMORY;
    b->iface.lpVtbl = (ILoymaxBridge2Vtbl *)&bridge_vtbl;
    b->sei.lpVtbl = (ISupportErrorInfoVtbl *)&sei_vtbl;
    b->pci.lpVtbl = (IProvideClassInfoVtbl *)&pci_vtbl;
    b->refs = 1;
    b->raise = VARIANT_TRUE;
    b->lang = LMX_LANG_DEFAULT;
    InitializeCriticalSection(&b->cs);
    InterlockedIncrement(&g_objects);
    hr = b_QueryInterface(&b->iface, riid, ppv);
    b_Release(&b->iface);
    return hr;
}

/* ---- the class factory ------------------------------------------------------------------------ */
static HRESULT STDMETHODCALLTYPE cf_QueryInterface(IClassFactory *This, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IClassFactory)) {
        *ppv = This;
        IClassFactory_AddRef(This);
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}
/* The factory is static: its references keep the module loaded like LockServer does. */
static ULONG STDMETHODCALLTYPE cf_AddRef(IClassFactory *This)
{
    (void)This;
    return (ULONG)InterlockedIncrement(&g_locks) + 1;
}
static ULONG STDMETHODCALLTYPE cf_Release(IClassFactory *This)
{
    (void)This;
    return (ULONG)InterlockedDecrement(&g_locks) + 1;
}
static HRESULT STDMETHODCALLTYPE cf_CreateInstance(IClassFactory *This, IUnknown *outer, REFIID riid, void **ppv)
{
    (void)This;
    if (!ppv)
        return E_POINTER;
    *ppv = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    return bridge_create(riid, ppv);
}
static HRESULT STDMETHODCALLTYPE cf_LockServer(IClassFactory *This, BOOL lock)
{
    (void)This;
    if (lock)
        InterlockedIncrement(&g_locks);
    else
        InterlockedDecrement(&g_locks);
    return S_OK;
}
static const IClassFactoryVtbl cf_vtbl = { cf_QueryInterface, cf_AddRef, cf_Release, cf_CreateInstance, cf_LockServer };
static IClassFactory class_factory = { (IClassFactoryVtbl *)&cf_vtbl };

/* ---- DLL exports (loymax_bridge.def: PRIVATE) -------------------------------------------------- */
STDAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = NULL;
    if (!IsEqualCLSID(rclsid, &CLSID_LoymaxBridge))
        return CLASS_E_CLASSNOTAVAILABLE;
    return cf_QueryInterface(&class_factory, riid, ppv);
}

STDAPI DllCanUnloadNow(void)
{
    return (g_objects == 0 && g_locks == 0) ? S_OK : S_FALSE;
}
