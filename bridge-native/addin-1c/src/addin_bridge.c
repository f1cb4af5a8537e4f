/*
 * addin_bridge.c — the members of the 1C add-in object Loymax.Bridge over the C ABI.
 *
 * Errors: every method and the status properties record the status and text of their outcome
 * (LastErrorCode/КодОшибки, LastErrorText/ОписаниеОшибки).  With RaiseErrors/ВызыватьИсключения
 * True (the default) a failure is also reported through the platform's AddError and the call returns
 * false, so 1C raises an exception whose ОписаниеОшибки() carries the text (processing's own text
 * unchanged); with False the call succeeds and the caller reads КодОшибки, as 1C equipment drivers
 * are written.
 *
 * Nothing here can throw: it is C, the lmx_* functions never raise and bound every call, and every
 * pointer and tVariant the platform passes is checked before use.  The object's lock makes a call
 * from a second thread wait (1C calls one object from one thread at a time, but a server may
 * change threads between calls).
 */
#include "addin_bridge.h"
#include "addin_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LMX_NO_DLLIMPORT /* the lmx_* functions are linked into the add-in */
#include "loymax_bridge.h"

#if defined(_WIN32)
#include <windows.h>
typedef CRITICAL_SECTION addin_lock;
#define lock_init(l) InitializeCriticalSection(l)
#define lock_free(l) DeleteCriticalSection(l)
#define lock_take(l) EnterCriticalSection(l)
#define lock_give(l) LeaveCriticalSection(l)
#else
#include <pthread.h>
typedef pthread_mutex_t addin_lock;
#define lock_init(l) pthread_mutex_init(l, NULL)
#define lock_free(l) pthread_mutex_destroy(l)
#define lock_take(l) pthread_mutex_lock(l)
#define lock_give(l) pthread_mutex_unlock(l)
#endif

#define SOURCE "Loymax.Bridge"
/* The scode passed to AddError: the COM object's HRESULT for the same status (0x80040200 + status). */
#define ADDIN_SCODE(status) ((long)(int32_t)(0x80040200u + (uint32_t)(status)))

struct addin_bridge {
    addin_lock lock;
    na_connection *conn;
    na_memory *mem;
    lmx_handle h;        /* the session; NULL when not open */
    lmx_handle status_h; /* a second session of the same register for the status properties */
    char *config;        /* the Open argument (for status_h) */
    int last_code;
    char *last_text;     /* UTF-8; "" after a success */
    bool raise;
    int english;         /* the add-in's own sentences in English (else Russian) */
};

/* ---- members --------------------------------------------------------------------------------- */
enum { M_OPEN, M_CLOSE, M_EXECUTE, M_SET_PARAM, M_RESET_PARAMS, M_RESULT, M_TEST_CONNECTION, M_COUNT };
typedef struct {
    const char *name[2];
    int params, required, has_result;
    const char *arg[2][2]; /* [param][alias] */
} method_def;
static const method_def methods[M_COUNT] = {
    [M_OPEN] = { { "Open", "Открыть" }, 1, 1, 0, { { "config", "Настройки" } } },
    [M_CLOSE] = { { "Close", "Закрыть" }, 0, 0, 0, { { 0 } } },
    [M_EXECUTE] = { { "Execute", "Выполнить" }, 2, 1, 1, { { "command", "Команда" }, { "requestJson", "ЗапросJSON" } } },
    [M_SET_PARAM] = { { "SetParam", "УстановитьПараметр" }, 2, 2, 0, { { "pointer", "Указатель" }, { "value", "Значение" } } },
    [M_RESET_PARAMS] = { { "ResetParams", "СброситьПараметры" }, 0, 0, 0, { { 0 } } },
    [M_RESULT] = { { "Result", "Результат" }, 1, 0, 1, { { "pointer", "Указатель" } } },
    /* lmx_test_connection: the verdicts as JSON (also after a failing step, with RaiseErrors Ложь) */
    [M_TEST_CONNECTION] = { { "TestConnection", "ПроверитьСвязь" }, 0, 0, 1, { { 0 } } },
};

enum { P_LAST_ERROR_CODE, P_LAST_ERROR_TEXT, P_IS_ONLINE, P_QUEUE_LENGTH, P_OLDEST_QUEUED_AGE, P_DEAD_COUNT,
       P_VERSION, P_RAISE_ERRORS, P_IS_OPEN, P_FIRST_CONSTANT };
typedef struct {
    const char *name[2];
    int value; /* constants */
} prop_def;
static const prop_def props[] = {
    { { "LastErrorCode", "КодОшибки" }, 0 },
    { { "LastErrorText", "ОписаниеОшибки" }, 0 },
    { { "IsOnline", "ПроцессингДоступен" }, 0 },
    { { "QueueLength", "ДлинаОчереди" }, 0 },
    { { "OldestQueuedAge", "ВозрастОчереди" }, 0 },
    { { "DeadCount", "ЧислоОтклоненных" }, 0 },
    { { "Version", "Версия" }, 0 },
    { { "RaiseErrors", "ВызыватьИсключения" }, 0 },
    { { "IsOpen", "Открыт" }, 0 },
    /* status constants (loymax_bridge.h), so 1C code needs no numbers */
    { { "StatusOk", "СтатусОк" }, LMX_OK },
    { { "StatusBadArgument", "СтатусНеверныйАргумент" }, LMX_BAD_ARGUMENT },
    { { "StatusBufferTooSmall", "СтатусМалБуфер" }, LMX_BUFFER_TOO_SMALL },
    { { "StatusNoJvm", "СтатусНетJava" }, LMX_NO_JVM },
    { { "StatusJvmStartFailed", "СтатусОшибкаЗапускаJava" }, LMX_JVM_START_FAILED },
    { { "StatusHostUnreachable", "СтатусХостНедоступен" }, LMX_HOST_UNREACHABLE },
    { { "StatusInternal", "СтатусВнутренняяОшибка" }, LMX_INTERNAL },
    { { "StatusBusy", "СтатусЗанято" }, LMX_BUSY },
    { { "StatusInvalidHandle", "СтатусНеверныйДескриптор" }, LMX_INVALID_HANDLE },
    { { "StatusInvalidEncoding", "СтатусНевернаяКодировка" }, LMX_INVALID_ENCODING },
    { { "StatusConfigInvalid", "СтатусОшибкаНастроек" }, LMX_CONFIG_INVALID },
    { { "StatusStorageFailed", "СтатусОшибкаХранилища" }, LMX_STORAGE_FAILED },
    { { "StatusResourceExhausted", "СтатусНехваткаРесурсов" }, LMX_RESOURCE_EXHAUSTED },
    { { "StatusNotFound", "СтатусНеНайдено" }, LMX_NOT_FOUND },
    { { "StatusNoResult", "СтатусНетРезультата" }, LMX_NO_RESULT },
    { { "StatusOfflineRefused", "СтатусОтказБезСвязи" }, LMX_OFFLINE_REFUSED },
    { { "StatusQueueFull", "СтатусОчередьЗаполнена" }, LMX_QUEUE_FULL },
    { { "StatusOutcomeUnknown", "СтатусИсходНеизвестен" }, LMX_OUTCOME_UNKNOWN },
    { { "StatusQueueItemNotFound", "СтатусНетОперацииВОчереди" }, LMX_QUEUE_ITEM_NOT_FOUND },
    { { "StatusDiscrepancy", "СтатусРасхождение" }, LMX_DISCREPANCY },
    { { "StatusRequestMismatch", "СтатусДругойЗапрос" }, LMX_REQUEST_MISMATCH },
    { { "StatusPaymentUnresolved", "СтатусОплатаНеРазрешена" }, LMX_PAYMENT_UNRESOLVED },
    { { "StatusProcessingError", "СтатусОшибкаПроцессинга" }, LMX_PROCESSING_ERROR },
    { { "StatusConnectFailed", "СтатусНетСоединения" }, LMX_CONNECT_FAILED },
    { { "StatusTimeout", "СтатусТаймаут" }, LMX_TIMEOUT },
    { { "StatusTlsFailed", "СтатусОшибкаTLS" }, LMX_TLS_FAILED },
    { { "StatusHttpStatus", "СтатусОшибкаHTTP" }, LMX_HTTP_STATUS },
    { { "StatusMalformedResponse", "СтатусНеверныйОтвет" }, LMX_MALFORMED_RESPONSE },
    { { "StatusResponseTooLarge", "СтатусСлишкомБольшойОтвет" }, LMX_RESPONSE_TOO_LARGE },
    { { "StatusAuthFailed", "СтатусОтказВхода" }, LMX_AUTH_FAILED },
    { { "StatusInvalidRequest", "СтатусНеверныйЗапрос" }, LMX_INVALID_REQUEST },
    { { "StatusInvalidJson", "СтатусНеверныйJSON" }, LMX_INVALID_JSON },
    { { "StatusMissingField", "СтатусНетПоля" }, LMX_MISSING_FIELD },
    { { "StatusInvalidValue", "СтатусНеверноеЗначение" }, LMX_INVALID_VALUE },
    { { "StatusUnknownCommand", "СтатусНеизвестнаяКоманда" }, LMX_UNKNOWN_COMMAND },
    { { "StatusWrongOrder", "СтатусНеверныйПорядок" }, LMX_WRONG_ORDER },
    { { "StatusCardBlocked", "СтатусКартаЗаблокирована" }, 205 },
};
#define PROP_COUNT ((long)(sizeof props / sizeof props[0]))

long addin_prop_count(void) { return PROP_COUNT; }
long addin_method_count(void) { return M_COUNT; }

long addin_prop_find(const na_char *name)
{
    long i;
    for (i = 0; i < PROP_COUNT; i++)
        if (addin_name_equals(name, props[i].name[0]) || addin_name_equals(name, props[i].name[1]))
            return i;
    return -1;
}

long addin_method_find(const na_char *name)
{
    long i;
    for (i = 0; i < M_COUNT; i++)
        if (addin_name_equals(name, methods[i].name[0]) || addin_name_equals(name, methods[i].name[1]))
            return i;
    return -1;
}

const char *addin_prop_name(long prop, long alias)
{
    return prop >= 0 && prop < PROP_COUNT && (alias == 0 || alias == 1) ? props[prop].name[alias] : NULL;
}

const char *addin_method_name(long method, long alias)
{
    return method >= 0 && method < M_COUNT && (alias == 0 || alias == 1) ? methods[method].name[alias] : NULL;
}

int addin_prop_readable(long prop) { return prop >= 0 && prop < PROP_COUNT; }
int addin_prop_writable(long prop) { return prop == P_RAISE_ERRORS; }
long addin_method_params(long method) { return method >= 0 && method < M_COUNT ? methods[method].params : 0; }
int addin_method_has_result(long method) { return method >= 0 && method < M_COUNT && methods[method].has_result; }

bool addin_method_default(long method, long param, na_variant *value)
{
    /* Optional parameters (Execute's request, Result's pointer) default to "not given". */
    if (!value || method < 0 || method >= M_COUNT || param < methods[method].required || param >= methods[method].params)
        return false;
    memset(value, 0, sizeof *value);
    value->vt = NA_VT_EMPTY;
    return true;
}

/* ---- the object ---------------------------------------------------------------------------------- */
addin_bridge *addin_bridge_new(void)
{
    addin_bridge *b = (addin_bridge *)calloc(1, sizeof *b);
    if (!b)
        return NULL;
    lock_init(&b->lock);
    b->raise = true;
    return b;
}

static void close_sessions(addin_bridge *b)
{
    if (b->status_h)
        lmx_close(b->status_h);
    if (b->h)
        lmx_close(b->h);
    b->h = b->status_h = NULL;
    free(b->config);
    b->config = NULL;
}

void addin_bridge_free(addin_bridge *b)
{
    if (!b)
        return;
    close_sessions(b);
    free(b->last_text);
    lock_free(&b->lock);
    free(b);
}

void addin_bridge_set_connection(addin_bridge *b, na_connection *conn)
{
    lock_take(&b->lock);
    b->conn = conn;
    lock_give(&b->lock);
}

void addin_bridge_set_memory(addin_bridge *b, na_memory *mem)
{
    lock_take(&b->lock);
    b->mem = mem;
    lock_give(&b->lock);
}

na_memory *addin_bridge_memory(addin_bridge *b) { return b->mem; }

void addin_bridge_done(addin_bridge *b)
{
    lock_take(&b->lock);
    close_sessions(b);
    b->conn = NULL;
    lock_give(&b->lock);
}

void addin_bridge_set_language(addin_bridge *b, const na_char *code)
{
    lock_take(&b->lock);
    b->english = code && (code[0] == 'e' || code[0] == 'E') && (code[1] == 'n' || code[1] == 'N');
    lock_give(&b->lock);
}

/* ---- outcomes ---------------------------------------------------------------------------------- */

/* Records the outcome (the lock is held) and gives what the platform call returns: true, or —
 * for a failure with RaiseErrors on — false after AddError. */
static bool outcome(addin_bridge *b, int status, const char *text)
{
    char *t = strdup(status ? (text && text[0] ? text : "?") : "");
    free(b->last_text);
    b->last_text = t;
    b->last_code = status;
    if (status == 0 || !b->raise)
        return true;
    if (b->conn && b->conn->vtbl && b->conn->vtbl->AddError) {
        na_char *src = addin_utf16(SOURCE), *descr = addin_utf16(t ? t : text);
        if (src && descr)
            b->conn->vtbl->AddError(b->conn, NA_E_FAIL, src, descr, ADDIN_SCODE(status));
        free(src);
        free(descr);
    }
    return false;
}

/* The same with the add-in's own sentence: fmt_ru or fmt_en by the object's language. */
static bool outcomef(addin_bridge *b, int status, const char *fmt_ru, const char *fmt_en, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt_en);
    vsnprintf(buf, sizeof buf, b->english ? fmt_en : fmt_ru, ap);
    va_end(ap);
    return outcome(b, status, buf);
}

/* The error text of h (NULL: this thread's handle-less error), malloc'd. */
static char *lmx_text(lmx_handle h)
{
    int n = lmx_error_text(h, NULL, 0);
    char *t;
    if (n <= 0)
        return NULL;
    t = (char *)malloc((size_t)n);
    if (t && lmx_error_text(h, t, n) != n) {
        free(t);
        t = NULL;
    }
    return t;
}

/* Outcome of an lmx call that returned status st on handle h (NULL: the thread's error): the text
 * is the library's (processing's own text verbatim for a processing error). */
static bool lmx_outcome(addin_bridge *b, int st, lmx_handle h)
{
    char *t;
    bool r;
    if (st == LMX_OK)
        return outcome(b, 0, NULL);
    t = lmx_text(h);
    r = t ? outcome(b, st, t)
          : outcomef(b, st, "Библиотека моста вернула статус %d", "The bridge library returned status %d", st);
    free(t);
    return r;
}

static const char *mname(const addin_bridge *b, long m) { return methods[m].name[b->english ? 0 : 1]; }

static bool not_open(addin_bridge *b, long m)
{
    return outcomef(b, LMX_INVALID_HANDLE, "Loymax.Bridge.%s: сессия не открыта; сначала вызовите Открыть(Настройки)",
                    "Loymax.Bridge.%s: the object is not open; call Open(config) first", mname(b, m));
}

static bool no_memory(addin_bridge *b)
{
    return outcomef(b, LMX_RESOURCE_EXHAUSTED, "Loymax.Bridge: 1С не выделила память для результата",
                    "Loymax.Bridge: 1C did not allocate memory for the result");
}

/* The value at pointer (NULL: the whole result) of h's last result, malloc'd; or NULL with *status. */
static char *read_result(lmx_handle h, const char *pointer, int *status)
{
    int size = 256;
    for (;;) {
        char *buf = (char *)malloc((size_t)size);
        int need;
        if (!buf) {
            *status = LMX_RESOURCE_EXHAUSTED;
            return NULL;
        }
        need = lmx_result(h, pointer, buf, size);
        if (need < 0) {
            free(buf);
            *status = -need;
            return NULL;
        }
        if (need <= size) {
            *status = LMX_OK;
            return buf;
        }
        free(buf);
        size = need;
    }
}

/* ---- arguments ---------------------------------------------------------------------------------- */
enum { ARG_TEXT, ARG_ABSENT, ARG_BAD_TYPE, ARG_BAD_TEXT, ARG_NO_MEMORY };

static const char *type_words(const na_variant *v, int english)
{
    switch (v->vt & NA_VT_TYPEMASK) {
    case NA_VT_PWSTR: case NA_VT_PSTR: return english ? "a string" : "строка";
    case NA_VT_BOOL: return english ? "a Boolean" : "булево";
    case NA_VT_DATE: case NA_VT_TM: return english ? "a date" : "дата";
    case NA_VT_BLOB: return english ? "binary data" : "двоичные данные";
    case NA_VT_INTERFACE: return english ? "an object" : "объект";
    case NA_VT_EMPTY: case NA_VT_NULL: return english ? "Undefined" : "Неопределено";
    case NA_VT_ERROR: return english ? "an error value" : "значение ошибки";
    case NA_VT_CLSID: return english ? "a UUID" : "УникальныйИдентификатор";
    default: return english ? "a number" : "число";
    }
}

/* A double as the shortest text that reads back to it, with a decimal point whatever the locale. */
static void format_double(double d, char *buf, size_t cap)
{
    int prec;
    char *c;
    for (prec = 15; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    for (c = buf; *c; c++)
        if (*c == ',')
            *c = '.';
}

/* Days since 1899-12-30 (an OLE date) to y-m-d h:m:s. */
static int ole_date_text(double d, char *buf, size_t cap)
{
    long long days, secs, z, era, doe, yoe, y, doy, mp, dd, mm;
    if (!isfinite(d) || d < -657434.0 || d > 2958466.0)
        return 0;
    days = (long long)floor(d);
    secs = (long long)floor((d - (double)days) * 86400.0 + 0.5);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    /* civil date from days since 1970-01-01 (1899-12-30 is day -25569) */
    z = days - 25569 + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    dd = doy - (153 * mp + 2) / 5 + 1;
    mm = mp < 10 ? mp + 3 : mp - 9;
    y += mm <= 2;
    snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d", (int)y, (int)mm, (int)dd, (int)(secs / 3600), (int)(secs / 60 % 60),
             (int)(secs % 60));
    return 1;
}

/* Converts a 1C value to text for the C ABI: strings as they are, numbers with a decimal point
 * ("89.9"), Booleans as true/false, dates as 2026-11-28T10:15:00; Undefined is ARG_ABSENT. */
static int arg_text(const na_variant *v, char **out, long *bad_at)
{
    char buf[64];
    *out = NULL;
    *bad_at = -1;
    if (!v)
        return ARG_ABSENT;
    if (v->vt & (NA_VT_ARRAY | NA_VT_VECTOR | NA_VT_BYREF))
        return ARG_BAD_TYPE;
    switch (v->vt) {
    case NA_VT_EMPTY:
    case NA_VT_NULL:
        return ARG_ABSENT;
    case NA_VT_PWSTR:
        if (v->u.wstr.len > 0 && !v->u.wstr.ptr)
            return ARG_BAD_TYPE;
        *out = addin_utf8(v->u.wstr.ptr, (long)v->u.wstr.len, bad_at);
        return *out ? ARG_TEXT : (*bad_at >= 0 ? ARG_BAD_TEXT : ARG_NO_MEMORY);
    case NA_VT_PSTR: /* bytes; 1C passes strings as PWSTR, this only for completeness (UTF-8 assumed) */
        if (v->u.str.len > 0 && !v->u.str.ptr)
            return ARG_BAD_TYPE;
        *out = (char *)malloc((size_t)v->u.str.len + 1);
        if (!*out)
            return ARG_NO_MEMORY;
        if (v->u.str.len)
            memcpy(*out, v->u.str.ptr, v->u.str.len);
        (*out)[v->u.str.len] = 0;
        return ARG_TEXT;
    case NA_VT_BOOL: snprintf(buf, sizeof buf, "%s", v->u.b ? "true" : "false"); break;
    case NA_VT_I1: snprintf(buf, sizeof buf, "%d", (int)v->u.i1); break;
    case NA_VT_I2: snprintf(buf, sizeof buf, "%d", (int)v->u.i2); break;
    case NA_VT_I4: snprintf(buf, sizeof buf, "%ld", (long)v->u.i4); break;
    case NA_VT_INT: snprintf(buf, sizeof buf, "%d", v->u.int_); break;
    case NA_VT_I8: snprintf(buf, sizeof buf, "%lld", (long long)v->u.i8); break;
    case NA_VT_UI1: snprintf(buf, sizeof buf, "%u", (unsigned)v->u.ui1); break;
    case NA_VT_UI2: snprintf(buf, sizeof buf, "%u", (unsigned)v->u.ui2); break;
    case NA_VT_UI4: snprintf(buf, sizeof buf, "%lu", (unsigned long)v->u.ui4); break;
    case NA_VT_UINT: snprintf(buf, sizeof buf, "%u", v->u.uint_); break;
    case NA_VT_UI8: snprintf(buf, sizeof buf, "%llu", (unsigned long long)v->u.ui8); break;
    case NA_VT_R4:
    case NA_VT_R8: {
        double d = v->vt == NA_VT_R4 ? (double)v->u.r4 : v->u.r8;
        if (!isfinite(d))
            return ARG_BAD_TYPE;
        format_double(d, buf, sizeof buf);
        break;
    }
    case NA_VT_TM:
        snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", v->u.tm.tm_year + 1900, v->u.tm.tm_mon + 1,
                 v->u.tm.tm_mday, v->u.tm.tm_hour, v->u.tm.tm_min, v->u.tm.tm_sec);
        break;
    case NA_VT_DATE:
        if (!ole_date_text(v->u.date, buf, sizeof buf))
            return ARG_BAD_TYPE;
        break;
    default:
        return ARG_BAD_TYPE;
    }
    *out = strdup(buf);
    return *out ? ARG_TEXT : ARG_NO_MEMORY;
}

/* The outcome of an argument that could not be used (kind from arg_text). */
static bool bad_arg(addin_bridge *b, long m, int i, int kind, const na_variant *v, long bad_at, const char *expected_ru,
                    const char *expected_en)
{
    const char *arg = methods[m].arg[i][b->english ? 0 : 1];
    if (kind == ARG_NO_MEMORY)
        return outcomef(b, LMX_RESOURCE_EXHAUSTED, "Loymax.Bridge.%s: не хватает памяти", "Loymax.Bridge.%s: out of memory",
                        mname(b, m));
    if (kind == ARG_BAD_TEXT)
        return outcomef(b, LMX_INVALID_ENCODING,
                        "Loymax.Bridge.%s: параметр «%s» содержит одиночный суррогат UTF-16 в позиции %ld",
                        "Loymax.Bridge.%s: argument '%s' holds an unpaired UTF-16 surrogate at offset %ld", mname(b, m),
                        arg, bad_at);
    if (kind == ARG_ABSENT)
        return outcomef(b, LMX_BAD_ARGUMENT, "Loymax.Bridge.%s: не задан параметр «%s» (%d из %d)",
                        "Loymax.Bridge.%s: argument '%s' (%d of %d) is missing", mname(b, m), arg, i + 1, methods[m].params);
    return outcomef(b, LMX_BAD_ARGUMENT, "Loymax.Bridge.%s: параметр «%s» (%d из %d) имеет неподходящий тип (%s); ожидается %s",
                    "Loymax.Bridge.%s: argument '%s' (%d of %d) has the wrong type (%s); %s expected", mname(b, m), arg,
                    i + 1, methods[m].params, type_words(v, b->english), b->english ? expected_en : expected_ru);
}

/* Whether the tVariant is a string (the only type accepted where a name or JSON is expected). */
static int is_string(const na_variant *v) { return v && (v->vt == NA_VT_PWSTR || v->vt == NA_VT_PSTR); }

/* ---- results ------------------------------------------------------------------------------------- */

static void set_empty(na_variant *v)
{
    if (v) {
        memset(v, 0, sizeof *v);
        v->vt = NA_VT_EMPTY;
    }
}

/* Puts a UTF-8 text into a tVariant as a string allocated by the platform's memory manager. */
static bool set_string(addin_bridge *b, na_variant *v, const char *text)
{
    uint32_t n;
    na_char *w;
    if (!v)
        return true;
    set_empty(v);
    w = addin_utf16_platform(b->mem, text ? text : "", &n);
    if (!w)
        return false;
    v->u.wstr.ptr = w;
    v->u.wstr.len = n;
    v->vt = NA_VT_PWSTR;
    return true;
}

static void set_long(na_variant *v, long n)
{
    set_empty(v);
    v->u.i4 = (int32_t)n;
    v->vt = NA_VT_I4;
}

static void set_bool(na_variant *v, int x)
{
    set_empty(v);
    v->u.b = x != 0;
    v->vt = NA_VT_BOOL;
}

/* ---- methods ------------------------------------------------------------------------------------- */

static bool do_open(addin_bridge *b, na_variant *p)
{
    char *cfg = NULL;
    long bad = -1;
    int kind = is_string(p) ? arg_text(p, &cfg, &bad) : (p && p->vt > NA_VT_NULL ? ARG_BAD_TYPE : ARG_ABSENT);
    lmx_handle h = NULL;
    bool r;
    int st;
    close_sessions(b);
    if (kind != ARG_TEXT) {
        r = bad_arg(b, M_OPEN, 0, kind, p, bad, "строка: JSON настроек кассы или путь к файлу с ним",
                    "a string: the register configuration JSON or the path of a file holding it");
    } else if (!cfg[0]) {
        r = outcomef(b, LMX_BAD_ARGUMENT,
                     "Loymax.Bridge.Открыть: настройки не заданы; передайте JSON настроек кассы или путь к файлу с ним",
                     "Loymax.Bridge.Open: argument 'config' is empty; pass the configuration JSON or the path of a file "
                     "holding it");
    } else {
        st = lmx_open(cfg, &h);
        if (st == LMX_OK) {
            b->h = h;
            b->config = cfg;
            cfg = NULL;
        }
        r = lmx_outcome(b, st, NULL);
    }
    free(cfg);
    return r;
}

static bool do_execute(addin_bridge *b, na_variant *result, na_variant *p, long n)
{
    char *cmd = NULL, *req = NULL, *res = NULL;
    long bad = -1;
    int kind, kind2 = ARG_ABSENT, st, rst;
    bool r;
    kind = is_string(&p[0]) ? arg_text(&p[0], &cmd, &bad) : (p[0].vt > NA_VT_NULL ? ARG_BAD_TYPE : ARG_ABSENT);
    if (kind != ARG_TEXT) {
        r = bad_arg(b, M_EXECUTE, 0, kind, &p[0], bad, "строка: имя команды (balance, calculate, …)",
                    "a string: the command name (balance, calculate, …)");
        goto done;
    }
    if (n > 1) {
        kind2 = is_string(&p[1]) ? arg_text(&p[1], &req, &bad) : (p[1].vt > NA_VT_NULL ? ARG_BAD_TYPE : ARG_ABSENT);
        if (kind2 != ARG_TEXT && kind2 != ARG_ABSENT) {
            r = bad_arg(b, M_EXECUTE, 1, kind2, &p[1], bad, "строка: запрос JSON", "a string: the request JSON");
            goto done;
        }
    }
    if (!b->h) {
        r = not_open(b, M_EXECUTE);
        goto done;
    }
    /* No request, Undefined or "": the parameters set with SetParam. */
    st = lmx_execute(b->h, cmd, req && req[0] ? req : NULL);
    res = read_result(b->h, NULL, &rst); /* a failed command has a result too ("error") */
    r = lmx_outcome(b, st, b->h);
    if (r && result && !set_string(b, result, res ? res : ""))
        r = no_memory(b);
done:
    free(cmd);
    free(req);
    free(res);
    return r;
}

static bool do_set_param(addin_bridge *b, na_variant *p)
{
    char *ptr = NULL, *val = NULL;
    long bad = -1;
    int kind, kind2;
    bool r;
    kind = is_string(&p[0]) ? arg_text(&p[0], &ptr, &bad) : (p[0].vt > NA_VT_NULL ? ARG_BAD_TYPE : ARG_ABSENT);
    if (kind != ARG_TEXT) {
        r = bad_arg(b, M_SET_PARAM, 0, kind, &p[0], bad, "строка: JSON Pointer, например \"/cheque/lines/0/price\"",
                    "a string: a JSON Pointer such as \"/cheque/lines/0/price\"");
    } else if ((kind2 = arg_text(&p[1], &val, &bad)) != ARG_TEXT && kind2 != ARG_ABSENT) {
        r = bad_arg(b, M_SET_PARAM, 1, kind2, &p[1], bad, "строка, число, булево или дата",
                    "a string, number, Boolean or date");
    } else if (!b->h) {
        r = not_open(b, M_SET_PARAM);
    } else {
        r = lmx_outcome(b, lmx_set_param(b->h, ptr, val ? val : ""), b->h);
    }
    free(ptr);
    free(val);
    return r;
}

static bool do_result(addin_bridge *b, na_variant *result, na_variant *p, long n)
{
    char *ptr = NULL, *val = NULL;
    long bad = -1;
    int kind = ARG_ABSENT, st;
    bool r;
    if (n > 0)
        kind = is_string(&p[0]) ? arg_text(&p[0], &ptr, &bad) : (p[0].vt > NA_VT_NULL ? ARG_BAD_TYPE : ARG_ABSENT);
    if (kind != ARG_TEXT && kind != ARG_ABSENT) {
        r = bad_arg(b, M_RESULT, 0, kind, &p[0], bad, "строка: JSON Pointer, например \"/lines/0/discount\"",
                    "a string: a JSON Pointer such as \"/lines/0/discount\"");
    } else if (!b->h) {
        r = not_open(b, M_RESULT);
    } else {
        val = read_result(b->h, ptr && ptr[0] ? ptr : NULL, &st);
        r = lmx_outcome(b, st, b->h);
    }
    /* With RaiseErrors off a failed read gives "" (and КодОшибки says why). */
    if (r && result && !set_string(b, result, val && b->last_code == 0 ? val : ""))
        r = no_memory(b);
    free(ptr);
    free(val);
    return r;
}

static bool do_test_connection(addin_bridge *b, na_variant *result)
{
    char *res = NULL;
    int st, rst;
    bool r;
    if (!b->h)
        return not_open(b, M_TEST_CONNECTION);
    st = lmx_test_connection(b->h);
    res = read_result(b->h, NULL, &rst);
    r = lmx_outcome(b, st, b->h);
    if (r && result && !set_string(b, result, res ? res : ""))
        r = no_memory(b);
    free(res);
    return r;
}

bool addin_method_call(addin_bridge *b, long m, na_variant *result, na_variant *params, long count)
{
    na_variant none[2];
    bool r;
    if (!b || m < 0 || m >= M_COUNT)
        return false;
    if (result)
        set_empty(result);
    /* The platform passes as many parameters as GetNParams said, defaults filled in; a shorter or
     * missing array is treated as Undefined values. */
    memset(none, 0, sizeof none);
    if (!params || count < methods[m].params) {
        if (params && count > 0)
            memcpy(none, params, (size_t)count * sizeof *params);
        params = none;
    }
    lock_take(&b->lock);
    switch (m) {
    case M_OPEN: r = do_open(b, &params[0]); break;
    case M_CLOSE: close_sessions(b); r = outcome(b, 0, NULL); break;
    case M_EXECUTE: r = do_execute(b, result, params, 2); break;
    case M_SET_PARAM: r = do_set_param(b, params); break;
    case M_RESET_PARAMS: r = b->h ? lmx_outcome(b, lmx_reset_params(b->h), b->h) : not_open(b, M_RESET_PARAMS); break;
    case M_RESULT: r = do_result(b, result, params, 1); break;
    case M_TEST_CONNECTION: r = do_test_connection(b, result); break;
    default: r = false; break;
    }
    lock_give(&b->lock);
    return r;
}

/* ---- properties ------------------------------------------------------------------------------- */

/* Runs "status" on the status session (opened on first use, so that reading these properties does
 * not replace the result of the register's last command) and reads one value as a number. */
static bool status_value(addin_bridge *b, const char *member, const char *pointer, long *out)
{
    int st = LMX_OK;
    *out = 0;
    if (!b->h)
        return outcomef(b, LMX_INVALID_HANDLE, "Loymax.Bridge.%s: сессия не открыта; сначала вызовите Открыть(Настройки)",
                        "Loymax.Bridge.%s: the object is not open; call Open(config) first", member);
    if (!b->status_h) {
        lmx_handle sh = NULL;
        st = lmx_open(b->config, &sh);
        if (st != LMX_OK)
            return lmx_outcome(b, st, NULL);
        b->status_h = sh;
    }
    if ((st = lmx_execute(b->status_h, "status", NULL)) != LMX_OK)
        return lmx_outcome(b, st, b->status_h);
    {
        char *v = read_result(b->status_h, pointer, &st);
        if (v) {
            if (strcmp(v, "true") == 0)
                *out = 1;
            else if (strcmp(v, "false") == 0 || strcmp(v, "null") == 0)
                *out = 0;
            else
                *out = strtol(v, NULL, 10);
            free(v);
            return outcome(b, 0, NULL);
        }
        if (st == LMX_NOT_FOUND)
            return outcome(b, 0, NULL); /* e.g. no queued item: no age */
        return lmx_outcome(b, st, b->status_h);
    }
}

bool addin_prop_get(addin_bridge *b, long prop, na_variant *v)
{
    bool r = true;
    long n = 0;
    const char *member;
    if (!b || !v || prop < 0 || prop >= PROP_COUNT)
        return false;
    set_empty(v);
    lock_take(&b->lock);
    member = props[prop].name[b->english ? 0 : 1];
    switch (prop) {
    case P_LAST_ERROR_CODE: set_long(v, b->last_code); break;
    case P_LAST_ERROR_TEXT:
        if (!set_string(b, v, b->last_text ? b->last_text : ""))
            r = no_memory(b);
        break;
    case P_IS_ONLINE:
        r = status_value(b, member, "/online", &n);
        set_bool(v, n != 0);
        break;
    case P_QUEUE_LENGTH:
        r = status_value(b, member, "/queueLength", &n);
        set_long(v, n);
        break;
    case P_OLDEST_QUEUED_AGE:
        r = status_value(b, member, "/oldestQueuedAgeSeconds", &n);
        set_long(v, n);
        break;
    case P_DEAD_COUNT:
        r = status_value(b, member, "/deadCount", &n);
        set_long(v, n);
        break;
    case P_VERSION: {
        char buf[64];
        int k = lmx_version(buf, (int)sizeof buf);
        if (!set_string(b, v, k > 0 && k <= (int)sizeof buf ? buf : ""))
            r = no_memory(b);
        break;
    }
    case P_RAISE_ERRORS: set_bool(v, b->raise); break;
    case P_IS_OPEN: set_bool(v, b->h != NULL); break;
    default: set_long(v, props[prop].value); break;
    }
    lock_give(&b->lock);
    return r;
}

bool addin_prop_set(addin_bridge *b, long prop, const na_variant *v)
{
    bool r;
    if (!b || prop < 0 || prop >= PROP_COUNT)
        return false;
    lock_take(&b->lock);
    if (prop != P_RAISE_ERRORS) {
        r = outcomef(b, LMX_BAD_ARGUMENT, "Loymax.Bridge.%s: свойство только для чтения",
                     "Loymax.Bridge.%s: the property is read-only", props[prop].name[b->english ? 0 : 1]);
    } else if (v && v->vt == NA_VT_BOOL) {
        b->raise = v->u.b;
        r = true;
    } else if (v && (v->vt == NA_VT_I4 || v->vt == NA_VT_INT || v->vt == NA_VT_R8)) {
        b->raise = v->vt == NA_VT_R8 ? v->u.r8 != 0 : v->u.i4 != 0;
        r = true;
    } else {
        /* Reported even with RaiseErrors off: the value that would turn it on or off is unusable. */
        r = outcomef(b, LMX_BAD_ARGUMENT, "Loymax.Bridge.ВызыватьИсключения: неподходящий тип значения (%s); ожидается булево",
                     "Loymax.Bridge.RaiseErrors: the value has the wrong type (%s); True or False expected",
                     v ? type_words(v, b->english) : "?");
    }
    lock_give(&b->lock);
    return r;
}
