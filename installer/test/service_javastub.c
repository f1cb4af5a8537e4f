/*
 * service_javastub.exe — TEST ONLY (installer/test/wine-msi-test.sh): stands in for a Windows java.exe
 * under wine, where there is none, so that the service wrapper (lmx_service.exe) can supervise the
 * real host.  It runs the Linux Java with its own arguments through wine's __wine_unix_spawnvp and lives
 * exactly as long as that Java (wine gives no process handle for a Linux program, so a wrapper could
 * not watch one directly); its own standard input is passed on through a FIFO, so when the service
 * closes it (stop) the host sees its standard input end and stops in order.  The host's output is appended
 * to a Linux file named by the first argument (wine cannot hand Windows pipes to a Linux process; a
 * service's environment is services.exe's, so it is an argument).  Exit code: the Java's.  Not shipped.
 *
 *   service_javastub.exe <linux path of the output file> <linux path of java> <arguments…>
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef LONG(WINAPI *spawn_fn)(char *const argv[], int wait);
static spawn_fn spawn;
static char *argv_sh[64];
static volatile LONG exit_status = -1;

static DWORD WINAPI run_java(void *p)
{
    (void)p;
    exit_status = spawn(argv_sh, 1);
    return 0;
}

static char winfifo[1100];

/* Passes this program's standard input on to the Java's (the FIFO); its end closes the Java's. */
static DWORD WINAPI forward_stdin(void *p)
{
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE), f;
    char buf[512];
    DWORD n, w;
    (void)p;
    /* the shell opens the FIFO for reading; this end is its writer (the Java's standard input) */
    f = CreateFileA(winfifo, GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    while (ReadFile(in, buf, sizeof buf, &n, NULL) && n > 0) {
        if (f != INVALID_HANDLE_VALUE)
            WriteFile(f, buf, n, &w, NULL);
    }
    if (f != INVALID_HANDLE_VALUE)
        CloseHandle(f); /* the Java's standard input ends: the host stops */
    return 0;
}

int main(int argc, char **argv)
{
    char fifo[1024], script[4096];
    char *mk[] = { "/usr/bin/mkfifo", fifo, NULL }, *rm[] = { "/bin/rm", "-f", fifo, NULL };
    HANDLE t;
    int i, k = 0;
    spawn = (spawn_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "__wine_unix_spawnvp");
    if (!spawn || argc < 3) {
        fprintf(stderr, "service_javastub: needs wine (__wine_unix_spawnvp), an output file and a java path\n");
        return 2;
    }
    /* beside the output file (the test's folder), not in /tmp */
    snprintf(fifo, sizeof fifo, "%s.stdin-%lu.fifo", argv[1], (unsigned long)GetCurrentProcessId());
    spawn(mk, 1);
    /* sh -c 'exec "$0" "$@" <fifo >>log 2>&1' java args… */
    snprintf(script, sizeof script, "exec \"$0\" \"$@\" <'%s' >>'%s' 2>&1; ", fifo, argv[1]);
    argv_sh[k++] = "/bin/sh";
    argv_sh[k++] = "-c";
    argv_sh[k++] = script;
    for (i = 2; i < argc && k < 62; i++)
        argv_sh[k++] = argv[i];
    argv_sh[k] = NULL;
    snprintf(winfifo, sizeof winfifo, "Z:%s", fifo);
    for (i = 0; winfifo[i]; i++)
        if (winfifo[i] == '/')
            winfifo[i] = '\\';
    t = CreateThread(NULL, 0, run_java, NULL, 0, NULL);
    CreateThread(NULL, 0, forward_stdin, NULL, 0, NULL);
    /* this program lives exactly as long as the Java: stopped in order (its standard input ended) or
       killed, the service sees its child end */
    WaitForSingleObject(t, INFINITE);
    spawn(rm, 1);
    return (int)(exit_status == 0 ? 0 : exit_status > 0 && exit_status < 256 ? exit_status : 1);
}
