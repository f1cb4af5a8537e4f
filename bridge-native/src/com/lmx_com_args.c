/*
 * lmx_com_args.c — how Loymax.Bridge turns the arguments callers pass (1C, Delphi, VB, scripts)
 * into text for the C ABI.  Separate from lmx_com.c so lmx_comtest.exe tests it directly.
 */
#include "lmx_com.h"

#include <math.h>
#include <stdio.h>
#include <wchar.h>

/* The words for the type of a VARIANT, for error sentences (a text of the catalogue, lmx_text.h). */
int lmx_com_vt_words(VARTYPE vt)
{
    if (vt & VT_ARRAY)
        return LT_VT_ARRAY;
    switch (vt & VT_TYPEMASK) {
    case VT_EMPTY: return LT_VT_EMPTY;
    case VT_NULL: return LT_VT_NULL;
    case VT_DISPATCH: return LT_VT_OBJECT;
    case VT_UNKNOWN: return LT_VT_IUNKNOWN;
    case VT_ERROR: return LT_VT_ERROR;
    case VT_VARIANT: return LT_VT_VARIANT;
    case VT_RECORD: return LT_VT_RECORD;
    case VT_BOOL: return LT_VT_BOOL;
    case VT_DATE: return LT_VT_DATE;
    case VT_BSTR: return LT_VT_STRING;
    default: return LT_VT_NUMBER;
    }
}

/* Converts an argument to text: strings as they are, numbers with the invariant locale ("89.9"),
 * Booleans as true/false, dates as 2026-11-28T10:15:00.  Empty, Null and a missing argument are
 * LMX_ARG_ABSENT; arrays, records, error values and objects without a convertible default value are
 * LMX_ARG_BAD_TYPE (*what then names the type). */
int lmx_com_arg_text(const VARIANT *in, BSTR *out, int *what)
{
    VARIANT v, s;
    int r = LMX_ARG_BAD_TYPE;
    const VARIANT *p = in;
    *out = NULL;
    *what = LT_VT_NOTHING;
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
            *what = LT_VT_NOT_FINITE;
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

