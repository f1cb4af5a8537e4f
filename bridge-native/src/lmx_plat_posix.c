/* Platform layer: Linux (and other POSIX systems with dladdr). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "lmx_internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

void lmx_mutex_lock(lmx_mutex *m) { pthread_mutex_lock(m); }
void lmx_mutex_unlock(lmx_mutex *m) { pthread_mutex_unlock(m); }
void lmx_cond_wait(lmx_cond *c, lmx_mutex *m) { pthread_cond_wait(c, m); }
void lmx_cond_broadcast(lmx_cond *c) { pthread_cond_broadcast(c); }

typedef struct thread_start {
    void (*fn)(void *);
    void *arg;
} thread_start;

static void *thread_main(void *p)
{
    thread_start ts = *(thread_start *)p;
    free(p);
    ts.fn(ts.arg);
    return NULL;
}

int lmx_thread_start(void (*fn)(void *), void *arg, size_t stack_size)
{
    pthread_attr_t attr;
    pthread_t t;
    int rc;
    thread_start *ts = (thread_start *)malloc(sizeof *ts);
    if (!ts)
        return ENOMEM;
    ts->fn = fn;
    ts->arg = arg;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (stack_size)
        pthread_attr_setstacksize(&attr, stack_size);
    rc = pthread_create(&t, &attr, thread_main, ts);
    pthread_attr_destroy(&attr);
    if (rc)
        free(ts);
    return rc;
}

unsigned long lmx_thread_id(void)
{
    return (unsigned long)syscall(SYS_gettid);
}

/* ---- per-thread state: a pthread key whose destructor detaches the thread from the VM -------- */
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t key;
static int key_ok;
static int pinned;

static void key_destructor(void *p)
{
    if (p)
        lmx_tstate_destroy((lmx_tstate *)p);
}

static void key_init(void)
{
    key_ok = pthread_key_create(&key, key_destructor) == 0;
}

lmx_tstate *lmx_tstate_get(void)
{
    lmx_tstate *ts;
    pthread_once(&key_once, key_init);
    if (!key_ok)
        return NULL;
    ts = (lmx_tstate *)pthread_getspecific(key);
    if (ts)
        return ts;
    ts = (lmx_tstate *)calloc(1, sizeof *ts);
    if (!ts)
        return NULL;
    ts->thread_id = lmx_thread_id();
    if (pthread_setspecific(key, ts) != 0) {
        free(ts);
        return NULL;
    }
    return ts;
}

/* If the library is unloaded before it pinned itself (no VM was started), the key must go, or
 * its destructor would run in unmapped code when a thread ends.  Once pinned this never runs
 * before process exit, where deleting the key is harmless. */
__attribute__((destructor)) static void lmx_unload(void)
{
    if (key_ok && !pinned) {
        pthread_key_delete(key);
        key_ok = 0;
    }
}

/* ---- where this library is ------------------------------------------------------------------ */
static pthread_once_t self_once = PTHREAD_ONCE_INIT;
static char *self_path;
static char *self_dir;

static void self_init(void)
{
    Dl_info info;
    if (dladdr((void *)&lmx_self_dir, &info) && info.dli_fname) {
        char *r = realpath(info.dli_fname, NULL);
        self_path = r ? r : lmx_strdup(info.dli_fname);
    }
    if (!self_path)
        self_path = lmx_strdup("./libloymax_bridge.so");
    self_dir = lmx_strdup(self_path);
    if (self_dir) {
        char *slash = strrchr(self_dir, '/');
        if (slash == self_dir)
            slash[1] = 0;
        else if (slash)
            *slash = 0;
        else
            strcpy(self_dir, ".");
    }
}

const char *lmx_self_dir(void)
{
    pthread_once(&self_once, self_init);
    return self_dir ? self_dir : ".";
}

const char *lmx_self_path(void)
{
    pthread_once(&self_once, self_init);
    return self_path ? self_path : "libloymax_bridge.so";
}

void lmx_pin_self(void)
{
    if (pinned)
        return;
    /* RTLD_NODELETE on an already loaded object marks it permanent: dlclose() no longer unmaps it. */
    if (dlopen(lmx_self_path(), RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE))
        pinned = 1;
}

/* ---- files ---------------------------------------------------------------------------------- */
int lmx_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int lmx_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The kind of a file that is not a regular one, for texts. */
static lmx_text file_kind(mode_t m)
{
    if (S_ISDIR(m)) return LT_KIND_FOLDER;
    if (S_ISFIFO(m)) return LT_KIND_FIFO;
    if (S_ISSOCK(m)) return LT_KIND_SOCKET;
    if (S_ISCHR(m)) return LT_KIND_CHAR_DEVICE;
    if (S_ISBLK(m)) return LT_KIND_BLOCK_DEVICE;
    return LT_KIND_OTHER;
}

/* The OS's description of err as a malloc'ed string (never NULL unless out of memory). */
static char *os_error(unsigned long e)
{
    lmx_buf b = {0};
    lmx_add_os_error(&b, e);
    return b.p ? b.p : lmx_strdup("?");
}

int lmx_read_file(const char *path, lmx_lang lang, lmx_text what_id, size_t max, char **data, size_t *len, lmx_buf *err)
{
    struct stat st;
    char *d, *why;
    const char *what = lmx_t(lang, what_id);
    size_t n = 0;
    int fd, e;
    *data = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; a regular file ignores the flag */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        e = errno;
        if (err) {
            char *cwd = path[0] != '/' ? getcwd(NULL, 0) : NULL;
            if (e == ENOENT || e == ENOTDIR) {
                if (path[0] != '/')
                    lmx_buf_addt(err, lang, LT_FILE_NOT_FOUND_REL, what, path, cwd ? cwd : "?");
                else
                    lmx_buf_addt(err, lang, LT_FILE_NOT_FOUND, what, path);
            } else if (e == EACCES || e == EPERM) {
                if (path[0] != '/')
                    lmx_buf_addt(err, lang, LT_FILE_NOT_READABLE_REL, what, path, cwd ? cwd : "?");
                else
                    lmx_buf_addt(err, lang, LT_FILE_NOT_READABLE, what, path);
            } else {
                why = os_error((unsigned long)e);
                lmx_buf_addt(err, lang, LT_FILE_CANNOT_OPEN, what, path, why);
                free(why);
            }
            free(cwd);
        }
        return e ? e : EIO;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        e = errno;
        if (err) {
            if (e && !S_ISREG(st.st_mode) && st.st_mode == 0) {
                why = os_error((unsigned long)e);
                lmx_buf_addt(err, lang, LT_FILE_CANNOT_EXAMINE, what, path, why);
                free(why);
            } else {
                lmx_buf_addt(err, lang, LT_FILE_NOT_REGULAR, what, path, lmx_t(lang, file_kind(st.st_mode)));
            }
        }
        close(fd);
        return EINVAL;
    }
    if ((unsigned long long)st.st_size > (unsigned long long)max) {
        if (err)
            lmx_buf_addt(err, lang, LT_FILE_TOO_LARGE_N, what, path, (unsigned long)max, (long long)st.st_size);
        close(fd);
        return EFBIG;
    }
    d = (char *)malloc(max + 1 < (size_t)st.st_size + 4097 ? max + 1 : (size_t)st.st_size + 4097);
    if (!d) {
        close(fd);
        if (err)
            lmx_buf_addt(err, lang, LT_FILE_OOM, what, path);
        return ENOMEM;
    }
    {
        size_t cap = max + 1 < (size_t)st.st_size + 4097 ? max + 1 : (size_t)st.st_size + 4097;
        for (;;) {
            ssize_t r = read(fd, d + n, cap - n);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                e = errno;
                free(d);
                close(fd);
                if (err) {
                    why = os_error((unsigned long)e);
                    lmx_buf_addt(err, lang, LT_FILE_CANNOT_READ, what, path, why);
                    free(why);
                }
                return e;
            }
            if (r == 0)
                break;
            n += (size_t)r;
            if (n == cap)
                break; /* grew while we read: the size check below refuses it */
        }
    }
    close(fd);
    if (n > max) {
        free(d);
        if (err)
            lmx_buf_addt(err, lang, LT_FILE_TOO_LARGE, what, path, (unsigned long)max);
        return EFBIG;
    }
    d[n] = 0;
    *data = d;
    *len = n;
    return 0;
}

void lmx_on_fork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
    static pthread_mutex_t once_lock = PTHREAD_MUTEX_INITIALIZER;
    static int done;
    pthread_mutex_lock(&once_lock);
    if (!done)
        done = pthread_atfork(prepare, parent, child) == 0;
    pthread_mutex_unlock(&once_lock);
}

int lmx_random(void *buf, size_t n)
{
    size_t got = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    return got == n ? 0 : -1;
}

long lmx_read_head(const char *path, void *buf, size_t n)
{
    long r;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    r = (long)read(fd, buf, n);
    close(fd);
    return r;
}

char *lmx_realpath(const char *path)
{
    return realpath(path, NULL);
}

char *lmx_getenv(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? lmx_strdup(v) : NULL;
}

void *lmx_dlopen(const char *path, lmx_buf *err)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
    if (!h && err) {
        const char *e = dlerror();
        lmx_buf_adds(err, e ? e : "dlopen failed");
    }
    return h;
}

void *lmx_dlsym(void *lib, const char *name)
{
    return dlsym(lib, name);
}

void lmx_add_os_error(lmx_buf *b, unsigned long err)
{
    char tmp[256];
    const char *s = tmp;
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
    s = strerror_r((int)err, tmp, sizeof tmp);
#else
    if (strerror_r((int)err, tmp, sizeof tmp) != 0)
        snprintf(tmp, sizeof tmp, "error %lu", err);
#endif
    lmx_buf_adds(b, s);
}

void lmx_mkdirs(const char *path)
{
    char *p = lmx_strdup(path), *q;
    if (!p)
        return;
    for (q = p + 1; *q; q++)
        if (*q == '/') {
            *q = 0;
            mkdir(p, 0777);
            *q = '/';
        }
    mkdir(p, 0777);
    free(p);
}

FILE *lmx_fopen_append(const char *path)
{
    /* rw-r-----: the bridge's logs are for the register users' group (the data folder's) only */
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
    FILE *f;
    if (fd < 0)
        return NULL;
    f = fdopen(fd, "a");
    if (!f)
        close(fd);
    return f;
}

int lmx_truncate_file(FILE *f)
{
    fflush(f);
    return ftruncate(fileno(f), 0);
}

unsigned long lmx_process_id(void)
{
    return (unsigned long)getpid();
}

/* HotSpot suspends threads with SIGUSR2 (its "SR" signal) and replaces whatever handler the program
 * had for it: measured, a program's own SIGUSR2 handler never ran again after lmx_open.  HotSpot takes
 * another signal from _JAVA_SR_SIGNUM while it starts; the highest real-time signal the program has
 * not claimed is given to it, and the variable is removed again once the VM runs.  (setenv is not
 * safe against a getenv running at that moment in another thread of the program; it happens once,
 * during the first lmx_open.) */
static int sr_set;

void lmx_signals_before_vm(void)
{
    int sig;
    char v[16];
    if (getenv("_JAVA_SR_SIGNUM"))
        return; /* the program chose */
    for (sig = SIGRTMAX; sig > SIGRTMIN + 2; sig--) {
        struct sigaction sa;
        if (sigaction(sig, NULL, &sa) == 0 && !(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == SIG_DFL)
            break;
    }
    if (sig <= SIGRTMIN + 2)
        return;
    snprintf(v, sizeof v, "%d", sig);
    if (setenv("_JAVA_SR_SIGNUM", v, 1) == 0)
        sr_set = 1;
}

void lmx_signals_after_vm(void)
{
    if (sr_set)
        unsetenv("_JAVA_SR_SIGNUM");
    sr_set = 0;
}
