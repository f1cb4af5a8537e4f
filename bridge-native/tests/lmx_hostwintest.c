/* Windows test of the host engine of loymax_bridge.dll (x64, run under wine64): winsock talks to a
 * real `loymax-bridge host` and emulator running on Linux 127.0.0.1, started by tests/host_fixture.sh,
 * which passes their ports and the token file in the environment:
 *   LMX_TEST_HOST_PORT, LMX_TEST_EMU_PORT, LMX_TEST_TOKEN (a Windows path, Z:\…),
 *   LMX_TEST_REGDATA (the register's dataDir, a path for the *host*, which runs on Linux).
 *
 *   lmx_hostwintest.exe <path of loymax_bridge.dll>
 *
 * Prints "LMX_HOSTWINTEST PASS" when every check held (wine hides crashes: look for that line);
 * a failed check prints a line with "FAIL".  Non-ASCII text is compared in the program. */
#define LMX_NO_DLLIMPORT
#include "loymax_bridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <winsock2.h>
#include <windows.h>

typedef int(LMX_CALL *open_fn)(const char *, lmx_handle *);
typedef int(LMX_CALL *openW_fn)(const wchar_t *, lmx_handle *);
typedef int(LMX_CALL *close_fn)(lmx_handle);
typedef int(LMX_CALL *execute_fn)(lmx_handle, const char *, const char *);
typedef int(LMX_CALL *executeW_fn)(lmx_handle, const wchar_t *, const wchar_t *);
typedef int(LMX_CALL *result_fn)(lmx_handle, const char *, char *, int);
typedef int(LMX_CALL *resultW_fn)(lmx_handle, const wchar_t *, wchar_t *, int);
typedef int(LMX_CALL *set_param_fn)(lmx_handle, const char *, const char *);
typedef int(LMX_CALL *set_paramW_fn)(lmx_handle, const wchar_t *, const wchar_t *);
typedef int(LMX_CALL *reset_fn)(lmx_handle);
typedef int(LMX_CALL *code_fn)(lmx_handle);
typedef int(LMX_CALL *text_fn)(lmx_handle, char *, int);
typedef int(LMX_CALL *textW_fn)(lmx_handle, wchar_t *, int);
typedef int(LMX_CALL *version_fn)(char *, int);

static int failures;
#define CHECK(c, ...) do { if (!(c)) { failures++; printf("FAIL line %d: ", __LINE__); printf(__VA_ARGS__); printf("\n"); fflush(stdout); } } while (0)
#define CHECK_EQ(a, b) do { long _a = (long)(a), _b = (long)(b); CHECK(_a == _b, "%s == %ld, expected %ld", #a, _a, _b); } while (0)

static HMODULE dll;
static FARPROC sym(const char *name)
{
    FARPROC p = GetProcAddress(dll, name);
    CHECK(p != NULL, "export %s missing", name);
    return p;
}

/* JSON-escapes backslashes of a path. */
static void json_path(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    for (; *in && o + 2 < cap; in++) {
        if (*in == '\\')
            out[o++] = '\\';
        out[o++] = *in;
    }
    out[o] = 0;
}

static long long cents(const char *s)
{
    return (long long)(atof(s) * 100 + 0.5);
}

static int free_port(void)
{
    struct sockaddr_in a;
    int al = sizeof a, port;
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr *)&a, sizeof a);
    getsockname(s, (struct sockaddr *)&a, &al);
    port = ntohs(a.sin_port);
    closesocket(s);
    return port;
}

int wmain(int argc, wchar_t **argv)
{
    open_fn lopen;
    openW_fn lopenW;
    close_fn lclose;
    execute_fn lexecute;
    executeW_fn lexecuteW;
    result_fn lresult;
    resultW_fn lresultW;
    set_param_fn lset;
    set_paramW_fn lsetW;
    reset_fn lreset;
    code_fn lcode;
    text_fn ltext;
    textW_fn ltextW;
    version_fn lversion;
    lmx_handle h = NULL;
    wchar_t wbuf[4096], wcfg[4096];
    char buf[4096], cfg[4096], tok[1024], regdata[1024], wrongtok[MAX_PATH * 3], esc[MAX_PATH * 6];
    const char *hp = getenv("LMX_TEST_HOST_PORT"), *ep = getenv("LMX_TEST_EMU_PORT"), *tf = getenv("LMX_TEST_TOKEN"),
               *rd = getenv("LMX_TEST_REGDATA");
    int n, st;
    long long before, after, paid, accrued;
    ULONGLONG t0;

    if (argc < 2 || !hp || !ep || !tf || !rd) {
        printf("FAIL usage: LMX_TEST_HOST_PORT=… LMX_TEST_EMU_PORT=… LMX_TEST_TOKEN=… LMX_TEST_REGDATA=… "
               "lmx_hostwintest <loymax_bridge.dll>\n");
        return 2;
    }
    dll = LoadLibraryW(argv[1]);
    if (!dll) {
        printf("FAIL cannot load the DLL (error %lu)\n", GetLastError());
        return 1;
    }
    lopen = (open_fn)(void *)sym("lmx_open");
    lopenW = (openW_fn)(void *)sym("lmx_openW");
    lclose = (close_fn)(void *)sym("lmx_close");
    lexecute = (execute_fn)(void *)sym("lmx_execute");
    lexecuteW = (executeW_fn)(void *)sym("lmx_executeW");
    lresult = (result_fn)(void *)sym("lmx_result");
    lresultW = (resultW_fn)(void *)sym("lmx_resultW");
    lset = (set_param_fn)(void *)sym("lmx_set_param");
    lsetW = (set_paramW_fn)(void *)sym("lmx_set_paramW");
    lreset = (reset_fn)(void *)sym("lmx_reset_params");
    lcode = (code_fn)(void *)sym("lmx_error_code");
    ltext = (text_fn)(void *)sym("lmx_error_text");
    ltextW = (textW_fn)(void *)sym("lmx_error_textW");
    lversion = (version_fn)(void *)sym("lmx_version");
    if (failures)
        return 1;

    json_path(tf, tok, sizeof tok);
    json_path(rd, regdata, sizeof regdata);
    snprintf(cfg, sizeof cfg,
             "{\"engine\":\"host\",\"hostAddress\":\"127.0.0.1:%s\",\"tokenFile\":\"%s\","
             "\"url\":\"http://127.0.0.1:%s/XmlExchange/demo-partner/reg01/\",\"login\":\"reg01\",\"password\":\"secret\","
             "\"dataDir\":\"%s\"}",
             hp, tok, ep, regdata);
    MultiByteToWideChar(CP_UTF8, 0, cfg, -1, wcfg, 4096);

    CHECK_EQ(lversion(buf, sizeof buf), 6);
    CHECK(GetModuleHandleW(L"jvm.dll") == NULL, "jvm.dll loaded before open");

    /* open through the W function, everything through the host */
    st = lopenW(wcfg, &h);
    if (st != LMX_OK) {
        ltext(NULL, buf, sizeof buf);
        printf("FAIL lmx_openW: %d %s\n", st, buf);
        return 1;
    }
    CHECK(GetModuleHandleW(L"jvm.dll") == NULL, "jvm.dll loaded with \"engine\":\"host\"");
    CHECK_EQ(lexecute(h, "version", NULL), LMX_OK);
    n = lresult(h, "/version", buf, sizeof buf);
    CHECK(n == 6 && strcmp(buf, LMX_VERSION_STRING) == 0, "core version %d %s", n, buf);

    /* the bag through the W functions; Cyrillic cashier name */
    CHECK_EQ(lsetW(h, L"/cashier", L"\x0418\x0432\x0430\x043D\x043E\x0432\x0430 \x041C."), LMX_OK); /* Иванова М. */
    CHECK_EQ(lsetW(h, L"/identifier/type", L"phone"), LMX_OK);
    CHECK_EQ(lsetW(h, L"/identifier/value", L"79260000003"), LMX_OK);
    CHECK_EQ(lexecuteW(h, L"balance", NULL), LMX_OK);
    n = lresultW(h, L"/balance", wbuf, 4096);
    CHECK(n == 8 && wcscmp(wbuf, L"1500.00") == 0, "balance (W) %d", n);
    before = 150000;
    CHECK_EQ(lresultW(h, L"/balance", wbuf, 3), 8);
    CHECK_EQ(lresult(h, "/nope", buf, sizeof buf), -LMX_NOT_FOUND);
    CHECK_EQ(lcode(h), LMX_NOT_FOUND);

    /* an error text with non-ASCII from the core, read as UTF-16 */
    CHECK_EQ(lexecuteW(h, L"\x043A\x043E\x0444\x0435", L"{}"), LMX_UNKNOWN_COMMAND); /* кофе */
    n = ltextW(h, wbuf, 4096);
    CHECK(n > 1 && wcsstr(wbuf, L"\"\x043A\x043E\x0444\x0435\" \x2014 \x043D\x0435 \x043A\x043E\x043C\x0430\x043D\x0434\x0430"), "unknown command text (W)");
    CHECK_EQ(lcode(h), LMX_UNKNOWN_COMMAND);
    CHECK_EQ(lreset(h), LMX_OK);
    CHECK_EQ(lcode(h), LMX_OK);

    /* a full purchase: calculate, pay, discount, confirm, balance after */
    CHECK_EQ(lset(h, "/identifier/type", "phone"), LMX_OK);
    CHECK_EQ(lset(h, "/identifier/value", "79260000003"), LMX_OK);
    snprintf(buf, sizeof buf, "%lu", (unsigned long)(GetTickCount() % 100000));
    CHECK_EQ(lset(h, "/cheque/number", buf), LMX_OK);
    CHECK_EQ(lset(h, "/cheque/date", "2026-11-28T10:00:00"), LMX_OK);
    CHECK_EQ(lset(h, "/cheque/lines/0/pos", "1"), LMX_OK);
    CHECK_EQ(lset(h, "/cheque/lines/0/goodsId", "1001"), LMX_OK);
    CHECK_EQ(lsetW(h, L"/cheque/lines/0/name", L"\x041C\x043E\x043B\x043E\x043A\x043E"), LMX_OK); /* Молоко */
    CHECK_EQ(lset(h, "/cheque/lines/0/price", "89.90"), LMX_OK);
    CHECK_EQ(lset(h, "/cheque/lines/0/quantity", "2"), LMX_OK);
    CHECK_EQ(lset(h, "/cheque/lines/0/amount", "179.80"), LMX_OK);
    CHECK_EQ(lexecute(h, "calculate", NULL), LMX_OK);
    CHECK_EQ(lset(h, "/amount", "50.00"), LMX_OK);
    CHECK_EQ(lexecute(h, "pay", NULL), LMX_OK);
    lresult(h, "/amount", buf, sizeof buf);
    paid = cents(buf);
    CHECK_EQ(paid, 5000);
    CHECK_EQ(lset(h, "/pays/0/type", "Bonus"), LMX_OK);
    CHECK_EQ(lset(h, "/pays/0/amount", "50.00"), LMX_OK);
    CHECK_EQ(lset(h, "/pays/1/type", "Card"), LMX_OK);
    CHECK_EQ(lset(h, "/pays/1/amount", "111.82"), LMX_OK);
    st = lexecute(h, "discount", NULL);
    if (st) {
        ltext(h, buf, sizeof buf);
        CHECK(0, "discount %d %s", st, buf);
    }
    buf[0] = 0;
    lresult(h, "/bonusAmount", buf, sizeof buf);
    accrued = cents(buf);
    CHECK_EQ(lexecute(h, "confirm", NULL), LMX_OK);
    CHECK_EQ(lexecute(h, "balance", "{\"identifier\":{\"type\":\"phone\",\"value\":\"79260000003\"}}"), LMX_OK);
    lresult(h, "/balance", buf, sizeof buf);
    after = cents(buf);
    CHECK(after == before - paid + accrued, "balance after %lld, expected %lld - %lld + %lld", after, before, paid, accrued);
    printf("purchase through the host: balance %lld -> %lld (paid %lld, accrued %lld)\n", before, after, paid, accrued);
    CHECK_EQ(lclose(h), LMX_OK);
    CHECK_EQ(lclose(h), LMX_INVALID_HANDLE);

    /* a wrong token */
    {
        wchar_t tmp[MAX_PATH], path[MAX_PATH];
        HANDLE f;
        DWORD w;
        const char *bad = "00000000000000000000000000000000000000000000000000000000000000ff";
        GetTempPathW(MAX_PATH, tmp);
        swprintf(path, MAX_PATH, L"%lswrong \x0442\x043E\x043A\x0435\x043D.token", tmp); /* "wrong токен.token" */
        f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        CHECK(f != INVALID_HANDLE_VALUE, "create the wrong token file");
        WriteFile(f, bad, (DWORD)strlen(bad), &w, NULL);
        CloseHandle(f);
        WideCharToMultiByte(CP_UTF8, 0, path, -1, wrongtok, sizeof wrongtok, NULL, NULL);
        json_path(wrongtok, esc, sizeof esc);
        snprintf(cfg, sizeof cfg, "{\"engine\":\"host\",\"hostAddress\":\"127.0.0.1:%s\",\"tokenFile\":\"%s\",\"url\":\"http://x/\"}",
                 hp, esc);
        h = (lmx_handle)(void *)1;
        CHECK_EQ(lopen(cfg, &h), LMX_HOST_UNREACHABLE);
        CHECK(h == NULL, "handle NULL");
        ltext(NULL, buf, sizeof buf);
        /* challenge-response: the host's proof does not match this token, so nothing is sent */
        CHECK(strstr(buf, "не доказала, что знает токен") && strstr(buf, "ничего не отправлено"), "wrong token text: %s", buf);
        DeleteFileW(path);
    }

    /* no host on that port: prompt, with the sentence */
    {
        int port = free_port();
        char addr[32];
        snprintf(cfg, sizeof cfg, "{\"engine\":\"host\",\"hostAddress\":\"127.0.0.1:%d\",\"tokenFile\":\"%s\",\"url\":\"http://x/\"}",
                 port, tok);
        t0 = GetTickCount64();
        CHECK_EQ(lopen(cfg, &h), LMX_HOST_UNREACHABLE);
        CHECK(GetTickCount64() - t0 < 2000, "host down took %llu ms", (unsigned long long)(GetTickCount64() - t0));
        CHECK_EQ(lcode(NULL), LMX_HOST_UNREACHABLE);
        ltext(NULL, buf, sizeof buf);
        snprintf(addr, sizeof addr, "127.0.0.1:%d", port);
        CHECK(strstr(buf, addr) && strstr(buf, "loymax-bridge host"), "host down text: %s", buf);
        printf("host down (%llu ms): %s\n", (unsigned long long)(GetTickCount64() - t0), buf);
    }

    if (failures) {
        printf("%d check(s) failed\n", failures);
        return 1;
    }
    printf("LMX_HOSTWINTEST PASS\n");
    return 0;
}
