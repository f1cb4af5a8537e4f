/* lmx_addrspace.c — what the bridge costs a Windows register process in address space and memory.
 *
 * A 32-bit register program has 2 GB of address space (4 GB when large-address-aware on 64-bit
 * Windows), already shared by its own code, its DLLs, fiscal printer drivers and their heaps.  A Java
 * VM started inside it needs its heap as one contiguous reservation, plus its own DLLs, metaspace,
 * code cache and thread stacks; the host engine ("engine":"host") needs none of that in the process.
 * This program measures the host-engine path in the process that uses it, stage by stage, against the
 * process's own baseline (before the library is loaded):
 *
 *   start   the process before LoadLibrary("loymax_bridge.dll")
 *   loaded  after LoadLibrary
 *   open    after lmx_open(CONFIG)             (the host engine: one TCP connection)
 *   calls   after N "status" + N/5 "balance" calls with their results read
 *   closed  after lmx_close
 *
 * For each stage: address space reserved+committed (all regions not free), the largest free block
 * (what a VM heap reservation could get at most), private commit and working set (GetProcessMemoryInfo).
 *
 *   lmx_addrspace.exe CONFIG [N]     CONFIG: JSON or a file path, as lmx_open takes it; N default 1000
 * Prints one line per stage and "ADDRSPACE PASS" when every call succeeded.
 * Run by bench/run-benchmarks.sh addrspace under wine (x86 and x64); a benchmark, not a test.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <psapi.h>
#include <stdio.h>
#include <stdlib.h>

typedef int(WINAPI *open_fn)(const char *, void **);
typedef int(WINAPI *close_fn)(void *);
typedef int(WINAPI *exec_fn)(void *, const char *, const char *);
typedef int(WINAPI *result_fn)(void *, const char *, char *, int);
typedef int(WINAPI *set_fn)(void *, const char *, const char *);
typedef int(WINAPI *text_fn)(void *, char *, int);

static void stage(const char *name)
{
    SYSTEM_INFO si;
    MEMORY_BASIC_INFORMATION mbi;
    PROCESS_MEMORY_COUNTERS pmc;
    unsigned char *p;
    unsigned long long used = 0, largest = 0, free_total = 0;

    GetSystemInfo(&si);
    for (p = (unsigned char *)si.lpMinimumApplicationAddress; p < (unsigned char *)si.lpMaximumApplicationAddress;) {
        if (VirtualQuery(p, &mbi, sizeof mbi) != sizeof mbi)
            break;
        if (mbi.State == MEM_FREE) {
            free_total += mbi.RegionSize;
            if (mbi.RegionSize > largest)
                largest = mbi.RegionSize;
        } else {
            used += mbi.RegionSize;
        }
        p = (unsigned char *)mbi.BaseAddress + mbi.RegionSize;
    }
    memset(&pmc, 0, sizeof pmc);
    pmc.cb = sizeof pmc;
    GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof pmc);
    printf("stage %-7s used %8.1f MB  free %9.1f MB  largest free block %9.1f MB  private %7.1f MB  working set %7.1f MB\n",
           name, used / 1048576.0, free_total / 1048576.0, largest / 1048576.0, pmc.PagefileUsage / 1048576.0,
           pmc.WorkingSetSize / 1048576.0);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    HMODULE lib;
    open_fn lopen;
    close_fn lclose;
    exec_fn lexec;
    result_fn lresult;
    set_fn lset;
    text_fn ltext;
    void *h = NULL;
    int n = argc > 2 ? atoi(argv[2]) : 1000, i, st, bad = 0;
    char buf[4096];

    if (argc < 2) {
        fprintf(stderr, "usage: lmx_addrspace CONFIG [N]\n");
        return 2;
    }
    printf("process: %d-bit\n", (int)(sizeof(void *) * 8));
    stage("start");
    lib = LoadLibraryW(L"loymax_bridge.dll");
    if (!lib) {
        printf("FAIL LoadLibrary: error %lu\n", GetLastError());
        return 1;
    }
    lopen = (open_fn)(void *)GetProcAddress(lib, "lmx_open");
    lclose = (close_fn)(void *)GetProcAddress(lib, "lmx_close");
    lexec = (exec_fn)(void *)GetProcAddress(lib, "lmx_execute");
    lresult = (result_fn)(void *)GetProcAddress(lib, "lmx_result");
    lset = (set_fn)(void *)GetProcAddress(lib, "lmx_set_param");
    ltext = (text_fn)(void *)GetProcAddress(lib, "lmx_error_text");
    if (!lopen || !lclose || !lexec || !lresult || !lset || !ltext) {
        printf("FAIL GetProcAddress\n");
        return 1;
    }
    stage("loaded");
    st = lopen(argv[1], &h);
    if (st != 0) {
        ltext(NULL, buf, sizeof buf);
        printf("FAIL lmx_open: status %d: %s\n", st, buf);
        return 1;
    }
    stage("open");
    lset(h, "/identifier/value", "79260000003");
    for (i = 0; i < n + n / 5; i++) {
        st = lexec(h, i < n ? "status" : "balance", NULL);
        if (st != 0 || lresult(h, "/ok", buf, sizeof buf) <= 0 || strcmp(buf, "true") != 0) {
            if (bad++ < 3)
                printf("call %d: status %d\n", i, st);
        }
    }
    stage("calls");
    lclose(h);
    stage("closed");
    printf("%d calls (%d status, %d balance), %d failed\n", n + n / 5, n, n / 5, bad);
    if (bad == 0)
        printf("ADDRSPACE PASS\n");
    return bad != 0;
}
