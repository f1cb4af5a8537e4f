/* Windows smoke test of loymax_bridge.dll (run under wine64 for x64; there is no Windows JVM on the
 * build machines, so the in-process engine must fail cleanly with LMX_NO_JVM and list where it
 * looked).  Loads the DLL by path like a register program (LoadLibraryW + GetProcAddress).
 *
 *   lmx_wintest.exe <path of loymax_bridge.dll>
 *
 * Prints "LMX_WINTEST PASS" when every check held; a failed check prints a line with "FAIL".
 * Non-ASCII text is compared in the program (wine's console garbles it). */
#define LMX_NO_DLLIMPORT
#include "loymax_bridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
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
typedef int(LMX_CALL *versionW_fn)(wchar_t *, int);

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

static void write_file(const wchar_t *path, const void *data, DWORD n)
{
    HANDLE f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD w = 0;
    CHECK(f != INVALID_HANDLE_VALUE, "create file");
    if (f != INVALID_HANDLE_VALUE) {
        WriteFile(f, data, n, &w, NULL);
        CloseHandle(f);
    }
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
    versionW_fn lversionW;
    lmx_handle h = (lmx_handle)(void *)1;
    wchar_t wbuf[8192], tmp[MAX_PATH], fake[MAX_PATH], p[MAX_PATH];
    char buf[8192], cfg[2048], fake8[MAX_PATH * 3];
    int n, st;
    long on_stack[4] = {0};

    if (argc < 2) {
        printf("usage: lmx_wintest <loymax_bridge.dll>\n");
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
    lversionW = (versionW_fn)(void *)sym("lmx_versionW");
    if (failures)
        return 1;

    /* version, both widths, buffer protocol */
    CHECK_EQ(lversion(NULL, 0), 6);
    CHECK_EQ(lversion(buf, sizeof buf), 6);
    CHECK(strcmp(buf, LMX_VERSION_STRING) == 0, "version %s", buf);
    CHECK_EQ(lversionW(NULL, 0), 6);
    wbuf[0] = L'x';
    wbuf[1] = L'x';
    CHECK_EQ(lversionW(wbuf, 3), 6);
    CHECK(wbuf[0] == 0 && wbuf[1] == L'x', "nothing copied when too small");
    CHECK_EQ(lversionW(wbuf, 6), 6);
    CHECK(wcscmp(wbuf, L"" LMX_VERSION_STRING) == 0, "versionW");
    CHECK_EQ(lversionW(wbuf, -1), -LMX_BAD_ARGUMENT);

    /* handles that are not open */
    CHECK_EQ(lexecute(NULL, "version", NULL), LMX_INVALID_HANDLE);
    CHECK_EQ(lexecute((lmx_handle)(void *)on_stack, "version", NULL), LMX_INVALID_HANDLE);
    CHECK_EQ(lexecuteW((lmx_handle)(void *)(ULONG_PTR)0xDEADBEEF, L"version", NULL), LMX_INVALID_HANDLE);
    CHECK_EQ(lresultW(NULL, NULL, wbuf, 10), -LMX_INVALID_HANDLE);
    CHECK_EQ(lresult((lmx_handle)(void *)(ULONG_PTR)-1, NULL, buf, 10), -LMX_INVALID_HANDLE);
    CHECK_EQ(lset(NULL, "/a", "b"), LMX_INVALID_HANDLE);
    CHECK_EQ(lsetW(NULL, L"/a", L"b"), LMX_INVALID_HANDLE);
    CHECK_EQ(lreset(NULL), LMX_INVALID_HANDLE);
    CHECK_EQ(lclose(NULL), LMX_INVALID_HANDLE);
    CHECK_EQ(lcode((lmx_handle)(void *)on_stack), LMX_INVALID_HANDLE);
    n = ltextW((lmx_handle)(void *)on_stack, wbuf, 8192);
    CHECK(n > 1 && wcsstr(wbuf, L"получен не от lmx_open"), "foreign handle text");

    /* NULL and invalid arguments */
    CHECK_EQ(lopen(NULL, &h), LMX_BAD_ARGUMENT);
    CHECK(h == NULL, "handle NULL");
    CHECK_EQ(lopenW(L"{}", NULL), LMX_BAD_ARGUMENT);
    CHECK_EQ(lopen("{\"engine\":\"host\"}", &h), LMX_HOST_UNREACHABLE);
    CHECK_EQ(lopenW(L"{\"engine\":\"bogus\"}", &h), LMX_CONFIG_INVALID);
    {
        wchar_t bad[] = {L'{', L'"', 0xD800, L'"', 0};
        CHECK_EQ(lopenW(bad, &h), LMX_INVALID_ENCODING);
        n = ltextW(NULL, wbuf, 8192);
        CHECK(wcsstr(wbuf, L"в позиции 2") != NULL, "unpaired surrogate offset");
    }
    CHECK_EQ(lopen("{\"url\":\"\xC8\xE2\xE0\xED\"}", &h), LMX_INVALID_ENCODING); /* cp1251 */
    n = ltext(NULL, buf, sizeof buf);
    CHECK(strstr(buf, "в байте 8") && strstr(buf, "lmx_openW"), "cp1251 text: %s", buf);

    /* A fake runtime of the other bitness, to be rejected by its PE header. */
    GetTempPathW(MAX_PATH, tmp);
    swprintf(fake, MAX_PATH, L"%lsjre32 \x0422\x0435\x0441\x0442", tmp); /* "jre32 Тест" */
    CreateDirectoryW(fake, NULL);
    swprintf(p, MAX_PATH, L"%ls\\bin", fake);
    CreateDirectoryW(p, NULL);
    swprintf(p, MAX_PATH, L"%ls\\bin\\server", fake);
    CreateDirectoryW(p, NULL);
    {
        unsigned char pe[512] = {'M', 'Z'};
        pe[0x3C] = 0x80;
        memcpy(pe + 0x80, "PE\0\0", 4);
#ifdef _WIN64
        pe[0x84] = 0x4c;
        pe[0x85] = 0x01; /* i386 */
#else
        pe[0x84] = 0x64;
        pe[0x85] = 0x86; /* AMD64 */
#endif
        swprintf(p, MAX_PATH, L"%ls\\bin\\server\\jvm.dll", fake);
        write_file(p, pe, sizeof pe);
        swprintf(p, MAX_PATH, L"%ls\\release", fake);
        write_file(p, "JAVA_VERSION=\"17.0.9\"\n", 22);
    }
    WideCharToMultiByte(CP_UTF8, 0, fake, -1, fake8, sizeof fake8, NULL, NULL);
    {
        /* JSON-escape the backslashes */
        char esc[MAX_PATH * 6], *o = esc;
        const char *i;
        for (i = fake8; *i; i++) {
            if (*i == '\\')
                *o++ = '\\';
            *o++ = *i;
        }
        *o = 0;
        snprintf(cfg, sizeof cfg, "{\"jvmPath\":\"%s\",\"url\":\"http://127.0.0.1:9/\"}", esc);
    }
    SetEnvironmentVariableW(L"JAVA_HOME", NULL);

    st = lopen(cfg, &h);
    CHECK_EQ(st, LMX_NO_JVM);
    CHECK(h == NULL, "handle NULL after NO_JVM");
    CHECK_EQ(lcode(NULL), LMX_NO_JVM);
    n = ltext(NULL, buf, sizeof buf);
    CHECK(n > 100 && n <= (int)sizeof buf, "text size %d", n);
    printf("no-JVM text (UTF-8, may show garbled here):\n%s\n", buf);
#ifdef _WIN64
    CHECK(strstr(buf, "Не найдена среда Java") != NULL, "headline");
#else
    CHECK(strstr(buf, "Не найдена 32-битная среда Java (Java 17–21") != NULL, "x86 headline names 32-bit Java 17-21");
    CHECK(strstr(buf, "рекомендуется для 32-битных программ") != NULL, "x86: the host engine recommended");
#endif
    CHECK(strstr(buf, "конфигурация \"jvmPath\"") != NULL, "jvmPath listed");
    CHECK(strstr(buf, fake8) != NULL, "the Cyrillic path survives in the UTF-8 text");
#ifdef _WIN64
    CHECK(strstr(buf, "32-битная x86 DLL") != NULL, "wrong bitness reported");
#else
    CHECK(strstr(buf, "64-битная x64 DLL") != NULL, "wrong bitness reported");
#endif
    CHECK(strstr(buf, "своя среда рядом с библиотекой") != NULL, "private runtime listed");
    CHECK(strstr(buf, "jre\\bin\\server\\jvm.dll") != NULL, "private path");
    CHECK(strstr(buf, "JAVA_HOME: не задан") != NULL, "JAVA_HOME listed");
    CHECK(strstr(buf, "java в PATH") != NULL, "PATH listed");
    CHECK(strstr(buf, "реестр HKLM\\SOFTWARE\\JavaSoft\\JDK") != NULL, "registry JDK listed");
    CHECK(strstr(buf, "реестр HKLM\\SOFTWARE\\JavaSoft\\JRE") != NULL, "registry JRE listed");
    CHECK(strstr(buf, "engine\":\"host") != NULL, "host engine suggested");

    /* the same through the UTF-16 functions: size in units, then the text */
    n = ltextW(NULL, NULL, 0);
    CHECK(n > 100 && n < 8192, "textW size %d", n);
    CHECK_EQ(ltextW(NULL, wbuf, n - 1), n);
    CHECK(wbuf[0] == 0, "nothing copied");
    CHECK_EQ(ltextW(NULL, wbuf, n), n);
    CHECK((int)wcslen(wbuf) == n - 1, "length");
    CHECK(wcsstr(wbuf, fake) != NULL, "Cyrillic path in the UTF-16 text");

    {
        wchar_t wcfg[2048];
        MultiByteToWideChar(CP_UTF8, 0, cfg, -1, wcfg, 2048);
        CHECK_EQ(lopenW(wcfg, &h), LMX_NO_JVM);
        /* not final: every open searches again */
        CHECK_EQ(lopenW(L"{\"jvmPath\":\"C:\\\\nonexistent\\\\jvm.dll\"}", &h), LMX_NO_JVM);
        ltextW(NULL, wbuf, 8192);
        CHECK(wcsstr(wbuf, L"C:\\nonexistent\\jvm.dll: нет") != NULL, "missing jvmPath reported");
    }

    /* The same DLL installed in a folder with Cyrillic letters and spaces: it knows where it is
     * (GetModuleFileNameW), and a relative "jvmPath" is taken from there, not from the cwd. */
    {
        wchar_t dir[MAX_PATH], copy[MAX_PATH], expect[MAX_PATH * 2];
        HMODULE second;
        open_fn open2;
        text_fn text2;
        swprintf(dir, MAX_PATH, L"%ls\x041A\x0430\x0441\x0441\x0430 \x2116" L"1", tmp); /* "Касса №1" */
        CreateDirectoryW(dir, NULL);
        swprintf(copy, MAX_PATH, L"%ls\\loymax_bridge.dll", dir);
        CHECK(CopyFileW(argv[1], copy, FALSE), "copy the DLL (error %lu)", GetLastError());
        second = LoadLibraryW(copy);
        CHECK(second != NULL && second != dll, "second copy loaded (error %lu)", GetLastError());
        if (second) {
            open2 = (open_fn)(void *)GetProcAddress(second, "lmx_open");
            text2 = (text_fn)(void *)GetProcAddress(second, "lmx_error_text");
            CHECK_EQ(open2("{\"jvmPath\":\"runtime\\\\bin\\\\server\\\\jvm.dll\"}", &h), LMX_NO_JVM);
            text2(NULL, buf, sizeof buf);
            {
                char e8[MAX_PATH * 3];
                swprintf(expect, MAX_PATH * 2, L"%ls\\runtime\\bin\\server\\jvm.dll: нет", dir);
                WideCharToMultiByte(CP_UTF8, 0, expect, -1, e8, sizeof e8, NULL, NULL);
                CHECK(strstr(buf, e8) != NULL, "relative jvmPath resolved against the Cyrillic library folder");
                swprintf(expect, MAX_PATH * 2, L"%ls\\jre\\bin\\server\\jvm.dll: нет", dir);
                WideCharToMultiByte(CP_UTF8, 0, expect, -1, e8, sizeof e8, NULL, NULL);
                CHECK(strstr(buf, e8) != NULL, "private runtime looked for beside the Cyrillic library folder");
            }
            FreeLibrary(second);
        }
    }

    if (failures) {
        printf("%d check(s) failed\n", failures);
        return 1;
    }
    printf("LMX_WINTEST PASS\n");
    return 0;
}
