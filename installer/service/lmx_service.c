/*
 * lmx_service.exe — runs `loymax-bridge host` as a Windows service (installed by the MSI with
 * INSTALLSERVICE=1; see installer/README.md, "The host as a Windows service").
 *
 * Why a program of our own: a fresh Windows has no way to run a console program (the Java host) as a
 * service — sc.exe needs a real service program, srvany is not shipped any more, and the well-kept
 * wrappers (WinSW: .NET Framework and not in Maven Central or Debian; procrun/prunsrv: a Windows
 * binary of Apache Commons Daemon, neither in Debian nor a Maven artifact we can build from) would add
 * a runtime or an opaque binary.  This is ~400 lines of plain Win32 built with mingw-w64 like the rest.
 *
 * What it does, as a service (started by the Service Control Manager):
 *  - reads its parameters from HKLM\SYSTEM\CurrentControlSet\Services\<service>\Parameters:
 *      CommandLine       the program to run (the MSI: "…\loymax-bridge.exe" host --config "…\config.json"
 *                        --until-stdin-closes); REG_SZ or REG_EXPAND_SZ
 *      WorkingDirectory  its working folder (default: this program's folder)
 *      LogFile           where this program and the child's output go (default: none); kept under 5 MB
 *                        (the previous one as LogFile.1)
 *      StopTimeoutMs     how long a stop waits for the child to end by itself (default 20000)
 *  - starts the child with its standard input and output connected to pipes of its own, in a job that
 *    ends the child (and whatever it started: Launch4j starts java.exe) when this program ends;
 *  - the child counts as running while its output pipe is open (a child that started a grandchild,
 *    as Launch4j does, is not gone until the grandchild is);
 *  - when the child ends without being asked to, it is started again after 1, 2, 4 … 60 s (back to
 *    1 s after it ran for 5 minutes): the recovery of the host itself; the SCM's failure actions (set by
 *    the MSI) restart this program if it dies;
 *  - stop (and shutdown): the child's standard input is closed — the host stops in order (connections,
 *    registers, queue) — and after StopTimeoutMs the job is terminated.
 * Run from a console: `lmx_service.exe --console` runs the same supervision in the foreground with the
 * parameters of the service named by --name (default LoymaxBridgeHost) until Ctrl-C (for diagnosis).
 */
#define WIN32_LEAN_AND_MEAN
#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#include <windows.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define DEFAULT_NAME L"LoymaxBridgeHost"
#define LOG_MAX (5L * 1024 * 1024)

static wchar_t g_name[256] = DEFAULT_NAME;
static SERVICE_STATUS_HANDLE g_status_handle;
static SERVICE_STATUS g_status;
static HANDLE g_stop;           /* set: stop the child and end */
static HANDLE g_log = INVALID_HANDLE_VALUE;
static wchar_t g_log_path[MAX_PATH * 2];
static CRITICAL_SECTION g_log_cs;
static int g_console;

/* ---- the log ------------------------------------------------------------------------------------ */
static void log_rotate(void)
{
    LARGE_INTEGER size;
    wchar_t old[MAX_PATH * 2 + 4];
    if (g_log == INVALID_HANDLE_VALUE || !GetFileSizeEx(g_log, &size) || size.QuadPart < LOG_MAX)
        return;
    CloseHandle(g_log);
    _snwprintf(old, sizeof old / sizeof old[0], L"%ls.1", g_log_path);
    old[sizeof old / sizeof old[0] - 1] = 0;
    MoveFileExW(g_log_path, old, MOVEFILE_REPLACE_EXISTING);
    g_log = CreateFileW(g_log_path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_ALWAYS,
                        FILE_ATTRIBUTE_NORMAL, NULL);
}

/* Writes UTF-8 bytes to the log (and to the console in --console mode). */
static void log_bytes(const char *s, DWORD n)
{
    DWORD w;
    EnterCriticalSection(&g_log_cs);
    if (g_log != INVALID_HANDLE_VALUE) {
        log_rotate();
        if (g_log != INVALID_HANDLE_VALUE)
            WriteFile(g_log, s, n, &w, NULL);
    }
    if (g_console)
        WriteFile(GetStdHandle(STD_ERROR_HANDLE), s, n, &w, NULL);
    LeaveCriticalSection(&g_log_cs);
}

/* One line of this program's own: "2026-12-01 10:15:00 [service] text". */
static void say(const wchar_t *fmt, ...)
{
    wchar_t text[2048], line[2200];
    char u[6600];
    SYSTEMTIME t;
    va_list ap;
    int n;
    va_start(ap, fmt);
    _vsnwprintf(text, sizeof text / sizeof text[0] - 1, fmt, ap);
    va_end(ap);
    text[sizeof text / sizeof text[0] - 1] = 0;
    GetLocalTime(&t);
    _snwprintf(line, sizeof line / sizeof line[0] - 1, L"%04u-%02u-%02u %02u:%02u:%02u [service %ls] %ls\r\n", t.wYear, t.wMonth,
               t.wDay, t.wHour, t.wMinute, t.wSecond, g_name, text);
    line[sizeof line / sizeof line[0] - 1] = 0;
    n = WideCharToMultiByte(CP_UTF8, 0, line, -1, u, sizeof u, NULL, NULL);
    if (n > 1)
        log_bytes(u, (DWORD)(n - 1));
}

/* ---- parameters --------------------------------------------------------------------------------- */
typedef struct {
    wchar_t *command;
    wchar_t workdir[MAX_PATH * 2];
    DWORD stop_timeout_ms;
} params;

/* A string value of the Parameters key, environment variables expanded; malloc'd, NULL when absent. */
static wchar_t *param_text(HKEY k, const wchar_t *name)
{
    DWORD type = 0, size = 0;
    wchar_t *raw, *out;
    DWORD n;
    if (RegQueryValueExW(k, name, NULL, &type, NULL, &size) != ERROR_SUCCESS || (type != REG_SZ && type != REG_EXPAND_SZ))
        return NULL;
    raw = (wchar_t *)calloc(size / sizeof(wchar_t) + 2, sizeof(wchar_t));
    if (!raw || RegQueryValueExW(k, name, NULL, NULL, (BYTE *)raw, &size) != ERROR_SUCCESS) {
        free(raw);
        return NULL;
    }
    n = ExpandEnvironmentStringsW(raw, NULL, 0);
    out = (wchar_t *)calloc(n + 1, sizeof(wchar_t));
    if (out)
        ExpandEnvironmentStringsW(raw, out, n + 1);
    free(raw);
    return out && out[0] ? out : (free(out), NULL);
}

static int read_params(params *p)
{
    wchar_t key[512], *s;
    HKEY k;
    DWORD v = 0, vs = sizeof v, type = 0;
    memset(p, 0, sizeof *p);
    p->stop_timeout_ms = 20000;
    GetModuleFileNameW(NULL, p->workdir, MAX_PATH * 2);
    s = wcsrchr(p->workdir, L'\\');
    if (s)
        *s = 0;
    _snwprintf(key, 511, L"SYSTEM\\CurrentControlSet\\Services\\%ls\\Parameters", g_name);
    key[511] = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, key, 0, KEY_READ, &k) != ERROR_SUCCESS)
        return 0;
    p->command = param_text(k, L"CommandLine");
    s = param_text(k, L"WorkingDirectory");
    if (s) {
        wcsncpy(p->workdir, s, MAX_PATH * 2 - 1);
        free(s);
    }
    s = param_text(k, L"LogFile");
    if (s) {
        wcsncpy(g_log_path, s, MAX_PATH * 2 - 1);
        free(s);
    }
    if (RegQueryValueExW(k, L"StopTimeoutMs", NULL, &type, (BYTE *)&v, &vs) == ERROR_SUCCESS && type == REG_DWORD && v >= 1000)
        p->stop_timeout_ms = v;
    RegCloseKey(k);
    return p->command != NULL;
}

/* ---- the service status ------------------------------------------------------------------------- */
static void report(DWORD state, DWORD exit_code, DWORD wait_hint)
{
    static DWORD checkpoint = 1;
    if (g_console)
        return;
    g_status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    g_status.dwCurrentState = state;
    g_status.dwControlsAccepted = state == SERVICE_START_PENDING ? 0 : SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN;
    g_status.dwWin32ExitCode = exit_code ? ERROR_SERVICE_SPECIFIC_ERROR : NO_ERROR;
    g_status.dwServiceSpecificExitCode = exit_code;
    g_status.dwWaitHint = wait_hint;
    g_status.dwCheckPoint = (state == SERVICE_RUNNING || state == SERVICE_STOPPED) ? 0 : checkpoint++;
    SetServiceStatus(g_status_handle, &g_status);
}

static DWORD WINAPI control(DWORD code, DWORD type, void *data, void *ctx)
{
    (void)type;
    (void)data;
    (void)ctx;
    switch (code) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
        report(SERVICE_STOP_PENDING, 0, 30000);
        SetEvent(g_stop);
        return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

static BOOL WINAPI console_ctrl(DWORD type)
{
    (void)type;
    SetEvent(g_stop);
    return TRUE;
}

/* ---- the child ---------------------------------------------------------------------------------- */
typedef struct {
    HANDLE out; /* our end of the child's stdout+stderr */
    HANDLE done;
} reader_arg;

/* Copies the child's output into the log, line by line with a prefix; sets done at the pipe's end. */
static DWORD WINAPI reader(void *p)
{
    reader_arg *a = (reader_arg *)p;
    char buf[4096], line[8192 + 32];
    size_t ln = 0;
    DWORD n;
    while (ReadFile(a->out, buf, sizeof buf, &n, NULL) && n > 0) {
        DWORD i;
        for (i = 0; i < n; i++) {
            if (ln == 0) {
                memcpy(line, "  [host] ", 9);
                ln = 9;
            }
            if (buf[i] == '\r')
                continue;
            line[ln++] = buf[i];
            if (buf[i] == '\n' || ln >= sizeof line - 2) {
                if (line[ln - 1] == '\n') {
                    line[ln - 1] = '\r';
                    line[ln++] = '\n';
                }
                log_bytes(line, (DWORD)ln);
                ln = 0;
            }
        }
    }
    if (ln > 9) {
        line[ln++] = '\r';
        line[ln++] = '\n';
        log_bytes(line, (DWORD)ln);
    }
    SetEvent(a->done);
    return 0;
}

/* Runs the child once; returns its exit code (or a negative value when it could not start). */
static long run_child(const params *p, HANDLE job, int *stopped_by_us, DWORD *ran_ms)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE in_r = NULL, in_w = NULL, out_r = NULL, out_w = NULL, t = NULL, waits[2];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    reader_arg ra;
    wchar_t *cmd;
    DWORD code = 0, started = GetTickCount(), w;
    *stopped_by_us = 0;
    *ran_ms = 0;
    if (!CreatePipe(&in_r, &in_w, &sa, 0) || !CreatePipe(&out_r, &out_w, &sa, 0)) {
        say(L"cannot create pipes (error %lu)", GetLastError());
        return -1;
    }
    SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(out_r, HANDLE_FLAG_INHERIT, 0);
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = in_r;
    si.hStdOutput = out_w;
    si.hStdError = out_w;
    cmd = _wcsdup(p->command); /* CreateProcessW may write into it */
    say(L"starting: %ls (in %ls)", p->command, p->workdir);
    if (!cmd || !CreateProcessW(NULL, cmd, NULL, NULL, TRUE, CREATE_NO_WINDOW | CREATE_SUSPENDED | CREATE_UNICODE_ENVIRONMENT,
                                NULL, p->workdir, &si, &pi)) {
        say(L"cannot start it (error %lu): check CommandLine in HKLM\\SYSTEM\\CurrentControlSet\\Services\\%ls\\Parameters",
            GetLastError(), g_name);
        free(cmd);
        CloseHandle(in_r);
        CloseHandle(in_w);
        CloseHandle(out_r);
        CloseHandle(out_w);
        return -1;
    }
    free(cmd);
    if (job && !AssignProcessToJobObject(job, pi.hProcess))
        say(L"warning: the child could not join the service's job (error %lu): it may outlive the service", GetLastError());
    ResumeThread(pi.hThread);
    CloseHandle(pi.hThread);
    CloseHandle(in_r);
    CloseHandle(out_w); /* only the child holds the write end now: its end is the pipe's end */
    say(L"started, process id %lu", pi.dwProcessId);
    ra.out = out_r;
    ra.done = CreateEventW(NULL, TRUE, FALSE, NULL);
    t = CreateThread(NULL, 0, reader, &ra, 0, NULL);
    waits[0] = ra.done;
    waits[1] = g_stop;
    w = WaitForMultipleObjects(2, waits, FALSE, INFINITE);
    if (w == WAIT_OBJECT_0 + 1) {
        /* asked to stop: the host stops in order when its standard input ends */
        *stopped_by_us = 1;
        say(L"stopping: closing the host's standard input (waiting up to %lu ms)", p->stop_timeout_ms);
        CloseHandle(in_w);
        in_w = NULL;
        if (WaitForSingleObject(ra.done, p->stop_timeout_ms) != WAIT_OBJECT_0) {
            say(L"the host did not end within %lu ms: terminating it", p->stop_timeout_ms);
            if (job)
                TerminateJobObject(job, 1);
            TerminateProcess(pi.hProcess, 1);
            WaitForSingleObject(ra.done, 5000);
        }
    }
    if (WaitForSingleObject(pi.hProcess, 5000) != WAIT_OBJECT_0 || !GetExitCodeProcess(pi.hProcess, &code))
        code = STILL_ACTIVE;
    *ran_ms = GetTickCount() - started;
    if (t) {
        WaitForSingleObject(t, 2000);
        CloseHandle(t);
    }
    CloseHandle(ra.done);
    CloseHandle(out_r);
    if (in_w)
        CloseHandle(in_w);
    CloseHandle(pi.hProcess);
    return (long)code;
}

/* Starts the child and starts it again when it ends by itself, until stop. Returns the exit code for the SCM. */
static DWORD supervise(void)
{
    params p;
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION li;
    HANDLE job;
    DWORD backoff = 1000;
    if (!read_params(&p)) {
        if (g_log_path[0])
            g_log = CreateFileW(g_log_path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                                OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        say(L"no CommandLine in HKLM\\SYSTEM\\CurrentControlSet\\Services\\%ls\\Parameters: nothing to run", g_name);
        return 2;
    }
    if (g_log_path[0])
        g_log = CreateFileW(g_log_path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                            OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    /* the child and whatever it starts end with this program, even if it is killed */
    job = CreateJobObjectW(NULL, NULL);
    if (job) {
        memset(&li, 0, sizeof li);
        li.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        SetInformationJobObject(job, JobObjectExtendedLimitInformation, &li, sizeof li);
    }
    report(SERVICE_RUNNING, 0, 0);
    say(L"running");
    for (;;) {
        int stopped;
        DWORD ran;
        long code = run_child(&p, job, &stopped, &ran);
        if (stopped || WaitForSingleObject(g_stop, 0) == WAIT_OBJECT_0) {
            say(L"stopped (the host ended with code %ld)", code);
            break;
        }
        if (ran > 5 * 60 * 1000)
            backoff = 1000;
        say(L"the host ended by itself with code %ld after %lu s: starting it again in %lu s", code, ran / 1000, backoff / 1000);
        if (WaitForSingleObject(g_stop, backoff) == WAIT_OBJECT_0) {
            say(L"stopped");
            break;
        }
        backoff = backoff >= 32000 ? 60000 : backoff * 2;
    }
    if (job)
        CloseHandle(job);
    free(p.command);
    return 0;
}

static void WINAPI service_main(DWORD argc, wchar_t **argv)
{
    DWORD rc;
    if (argc > 0 && argv[0] && argv[0][0]) {
        wcsncpy(g_name, argv[0], sizeof g_name / sizeof g_name[0] - 1);
    }
    g_status_handle = RegisterServiceCtrlHandlerExW(g_name, control, NULL);
    if (!g_status_handle)
        return;
    report(SERVICE_START_PENDING, 0, 10000);
    rc = supervise();
    /* the log is closed before the SCM hears "stopped": an uninstall may delete the data folder right after */
    EnterCriticalSection(&g_log_cs);
    if (g_log != INVALID_HANDLE_VALUE)
        CloseHandle(g_log);
    g_log = INVALID_HANDLE_VALUE;
    LeaveCriticalSection(&g_log_cs);
    report(SERVICE_STOPPED, rc, 0);
}

int wmain(int argc, wchar_t **argv)
{
    SERVICE_TABLE_ENTRYW table[] = { { g_name, service_main }, { NULL, NULL } };
    int i;
    InitializeCriticalSection(&g_log_cs);
    g_stop = CreateEventW(NULL, TRUE, FALSE, NULL);
    for (i = 1; i < argc; i++) {
        if (wcscmp(argv[i], L"--console") == 0)
            g_console = 1;
        else if (wcscmp(argv[i], L"--name") == 0 && i + 1 < argc)
            wcsncpy(g_name, argv[++i], sizeof g_name / sizeof g_name[0] - 1);
    }
    if (g_console) {
        SetConsoleCtrlHandler(console_ctrl, TRUE);
        return (int)supervise();
    }
    if (!StartServiceCtrlDispatcherW(table)) {
        DWORD e = GetLastError();
        if (e == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
            fwprintf(stderr, L"lmx_service.exe runs the Loymax Bridge host as the Windows service %ls; the MSI installs it "
                             L"(INSTALLSERVICE=1). To run it in this console: lmx_service.exe --console [--name SERVICE]\n",
                     g_name);
            return 2;
        }
        return (int)e;
    }
    return 0;
}
