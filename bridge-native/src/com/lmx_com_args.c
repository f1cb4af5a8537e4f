/*
 * lmx_com_args.c — how Loymax.Bridge turns the arguments callers pass (1C, Delphi, VB, scripts)
 * into text for the C ABI.  Separate from lmx_com.c so lmx_comtest.exe tests it directly.
 */
#include "lmx_com.h"

#include <math.h>
#include <stdio.h>
#include <wchar.h>

/* A word for the type of a VARIANT, for error sentences. */
const wchar_t *lmx_com_vt_words(VARTYPE vt)
{
    if (vt & VT_ARRAY)
        return L"an array";
    switch (vt & VT_TYPEMASK) {
    case VT_EMPTY: return L"Empty";
    case VT_NULL: return L"Null";
    case VT_DISPATCH: return L"an object";
    case VT_UNKNOWN: return L"an object (IUnknown)";
    case VT_ERROR: return L"an error value";
    case VT_VARIANT: return L"a variant reference";
    case VT_RECORD: return L"a record";
    case VT_BOOL: return L"a Boolean";
    case VT_DATE: return L"a date";
    case VT_BSTR: return L"a string";
    default: return L"a number";
    }
}

/* Converts an argument to text: strings as they are, numbers with the invariant locale ("89.9"),
 * Booleans as true/false, dates as 2026-11-28T10:15:00.  Empty, Null and a missing argument are
 * LMX_ARG_ABSENT; arrays, records, error values and objects without a convertible default value are
 * LMX_ARG_BAD_TYPE (*what then names the type). */
int lmx_com_arg_text(const VARIANT *in, BSTR *out, const wchar_t **what)
{
    VARIANT v, s;
    int r = LMX_ARG_BAD_TYPE;
    const VARIANT *p = in;
    *out = NULL;
    *what = L"nothing";
    if (!p)
        return LMX_ARG_ABSENT;
    while (V_VT(p) == (VT_BYREF | VT_VARIANT) && V_VARIANTREF(p))
        p = V_VARIANTREF(p);
    *what = lmx_com_vt_words(V_VT(p));
    VariantInit(&v);
    VariantInit(&s);
    if (FAILED(VariantCopyInd(&v, (VARIANT *)p)))
        return LMX_ARG_BAD_TYPE;
    switch (V_VT(&v)) {
    case VT_ERROR:
        r = V_ERROR(&v) == DISP_E_PARAMNOTFOUND ? LMX_ARG_ABSENT : LMX_ARG_BAD_TYPE;
        break;
    case VT_EMPTY:
    case VT_NULL:
        r = LMX_ARG_ABSENT;
        break;
    case VT_BSTR:
        *out = SysAllocStringLen(V_BSTR(&v), SysStringLen(V_BSTR(&v)));
        r = *out ? LMX_ARG_TEXT : LMX_ARG_BAD_TYPE;
        break;
    case VT_BOOL:
        *out = SysAllocString(V_BOOL(&v) ? L"true" : L"false");
        r = LMX_ARG_TEXT;
        break;
    case VT_DATE: {
        SYSTEMTIME st;
        wchar_t buf[32];
        if (VariantTimeToSystemTime(V_DATE(&v), &st)) {
            _snwprintf(buf, 32, L"%04u-%02u-%02uT%02u:%02u:%02u", st.wYear, st.wMonth, st.wDay, st.wHour,
                       st.wMinute, st.wSecond);
            buf[31] = 0;
            *out = SysAllocString(buf);
            r = LMX_ARG_TEXT;
        }
        break;
    }
    case VT_R4:
    case VT_R8:
        if (V_VT(&v) == VT_R8 ? !isfinite(V_R8(&v)) : !isfinite(V_R4(&v))) {
            *what = L"a number that is not finite";
            break;
        }
        /* fall through */
    case VT_I1: case VT_UI1: case VT_I2: case VT_UI2: case VT_I4: case VT_UI4: case VT_I8: case VT_UI8:
    case VT_INT: case VT_UINT: case VT_CY: case VT_DECIMAL:
    case VT_DISPATCH: /* its default value, if it has one */
        if (SUCCEEDED(VariantChangeTypeEx(&s, &v, MAKELCID(LANG_INVARIANT, SORT_DEFAULT), VARIANT_NOUSEROVERRIDE, VT_BSTR))
            && V_VT(&s) == VT_BSTR) {
            *out = V_BSTR(&s);
            V_VT(&s) = VT_EMPTY;
            r = LMX_ARG_TEXT;
        }
        break;
    default:
        break;
    }
    VariantClear(&s);
    VariantClear(&v);
    return r;
}

