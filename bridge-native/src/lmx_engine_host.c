/* The host engine client ("engine":"host"): the library talks to a `loymax-bridge host` process over
 * a loopback TCP connection instead of running the Java core in this process.
 *
 * Protocol: docs/host-protocol.md (4-byte big-endian length + UTF-8 JSON, a challenge-response hello
 * keyed by the token file, one request/response per operation, handles per connection).  One connection per
 * lmx_handle, opened by lmx_open; the caller (lmx_api.c) serialises the calls on a handle with its
 * call lock, so a connection is never used by two threads at once and needs no lock of its own.
 *
 * Time limits (never wait forever):
 *   - connect: LMX_HOST_CONNECT_MS (a refused loopback connection fails at once; Windows retries a
 *     refused SYN for about 2 s, which this covers);
 *   - hello answer: LMX_HOST_HELLO_MS;
 *   - any other answer: connectTimeoutMs + readTimeoutMs + laneWaitMs + 5 s of the configuration (the
 *     core's defaults 3000, 10000, connect+read+2000 when absent: 33 s) — the longest an execute can
 *     legitimately take (waiting for the register's lane, then one HTTP exchange), plus a margin.
 *     Sending a request is bounded by the same deadline (a stalled host cannot block a send forever).
 *
 * Broken connections: a call that finds the connection gone (closed by the host, reset, no answer
 * in time, a malformed answer) closes it and returns LMX_HOST_UNREACHABLE; the next call on the
 * handle reconnects, says hello again (re-reading the token file: a restarted host may have a new
 * token) and re-opens the session with the saved configuration.  The new host-side session starts
 * with an empty parameter bag and no last result; when the old bag held parameters, the call that
 * re-opened says so (LMX_HOST_UNREACHABLE) instead of running on an empty bag.  Before every request an idle connection is
 * checked (non-blocking peek): when the host closed it meanwhile, the reconnect happens before the
 * request is sent, so that call works normally. */
#include "lmx_internal.h"
#include "lmx_json.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#  include <winsock2.h>
#  include <ws2tcpip.h>
#  ifndef WSA_FLAG_NO_HANDLE_INHERIT
#    define WSA_FLAG_NO_HANDLE_INHERIT 0x80
#  endif
typedef SOCKET hsock;
#  define BAD_SOCK INVALID_SOCKET
#  define SOCK_ERRNO() ((unsigned long)WSAGetLastError())
#  define E_REFUSED WSAECONNREFUSED
#  define E_WOULDBLOCK WSAEWOULDBLOCK
#  define E_INPROGRESS WSAEWOULDBLOCK
#  define E_INTR WSAEINTR
typedef int sock_len;
#else
#  include <errno.h>
#  include <fcntl.h>
#  include <netdb.h>
#  include <netinet/in.h>
#  include <netinet/tcp.h>
#  include <poll.h>
#  include <pwd.h>
#  include <sys/socket.h>
#  include <time.h>
#  include <unistd.h>
typedef int hsock;
#  define BAD_SOCK (-1)
#  define SOCK_ERRNO() ((unsigned long)errno)
#  define E_REFUSED ECONNREFUSED
#  define E_WOULDBLOCK EWOULDBLOCK
#  define E_INPROGRESS EINPROGRESS
#  define E_INTR EINTR
typedef socklen_t sock_len;
#  ifndef MSG_NOSIGNAL
#    define MSG_NOSIGNAL 0
#  endif
#endif

#define LMX_HOST_DEFAULT_PORT 21847
#define LMX_HOST_CONNECT_MS 5000
#define LMX_HOST_HELLO_MS 5000
#define LMX_HOST_CLOSE_MS 5000
#define LMX_HOST_MAX_ANSWER (64L * 1024 * 1024) /* larger answers are treated as a broken stream */

typedef struct lmx_hconn lmx_hconn;
struct lmx_hconn {
    hsock sock;                 /* BAD_SOCK: not connected */
    long long handle;           /* the host-side handle on this connection; 0: none (open needed) */
    long long next_id;
    struct sockaddr_storage sa; /* the resolved loopback address */
    sock_len salen;
    char addr[160];             /* the address as configured (for texts), e.g. 127.0.0.1:21847 */
    int port;
    char *token_file;           /* UTF-8 path */
    char *config;               /* the configuration text sent with open (saved for re-opening) */
    size_t config_len;
    long long timeout_ms;       /* answer timeout */
    long long max_frame;        /* the host's maxFrameBytes (hello) */
    int bag_set;                /* lmx_set_param succeeded since the session's open or lmx_reset_params */
    lmx_lang lang;              /* the configuration's: the library's sentences, and the host's (sent in the hello) */
};

enum call_kind { CALL_OTHER, CALL_EXECUTE, CALL_RESET };

/* ---- time and winsock -------------------------------------------------------------------------- */
static long long now_ms(void)
{
#ifdef _WIN32
    return (long long)GetTickCount64();
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
#endif
}

#ifdef _WIN32
static lmx_mutex wsa_lock = LMX_MUTEX_INIT;
static int wsa_ok;

/* WSAStartup on first use (never from DllMain); a failure is retried by the next call. */
static int wsa_ensure(lmx_lang lang, lmx_buf *err)
{
    int r = 0;
    lmx_mutex_lock(&wsa_lock);
    if (!wsa_ok) {
        WSADATA d;
        r = WSAStartup(MAKEWORD(2, 2), &d);
        if (r == 0)
            wsa_ok = 1;
    }
    lmx_mutex_unlock(&wsa_lock);
    if (r) {
        lmx_buf why = {0};
        lmx_add_os_error(&why, (unsigned long)r);
        lmx_buf_addt(err, lang, LT_HOST_WSA, lmx_buf_str(&why));
        lmx_buf_free(&why);
        return 0;
    }
    return 1;
}

static void sock_close(hsock s)
{
    closesocket(s);
}

static int set_nonblocking(hsock s)
{
    u_long on = 1;
    return ioctlsocket(s, FIONBIO, &on) == 0;
}
#else
static int wsa_ensure(lmx_lang lang, lmx_buf *err)
{
    (void)err;
    return 1;
}

static void sock_close(hsock s)
{
    close(s);
}

static int set_nonblocking(hsock s)
{
    int fl = fcntl(s, F_GETFL, 0);
    return fl >= 0 && fcntl(s, F_SETFL, fl | O_NONBLOCK) == 0;
}
#endif

/* Waits until s is readable (or writable); 1 ready, 0 deadline passed, -1 error. */
static int wait_io(hsock s, int for_write, long long deadline)
{
    for (;;) {
        long long left = deadline - now_ms();
        int ms, r;
        if (left <= 0)
            return 0;
        ms = left > 60000 ? 60000 : (int)left;
#ifdef _WIN32
        {
            fd_set fs, es;
            struct timeval tv;
            FD_ZERO(&fs);
            FD_ZERO(&es);
            FD_SET(s, &fs);
            FD_SET(s, &es);
            tv.tv_sec = ms / 1000;
            tv.tv_usec = (ms % 1000) * 1000;
            r = select(0, for_write ? NULL : &fs, for_write ? &fs : NULL, &es, &tv);
            if (r == SOCKET_ERROR)
                return -1;
        }
#else
        {
            struct pollfd p;
            p.fd = s;
            p.events = for_write ? POLLOUT : POLLIN;
            p.revents = 0;
            r = poll(&p, 1, ms);
            if (r < 0) {
                if (errno == EINTR)
                    continue;
                return -1;
            }
        }
#endif
        if (r > 0)
            return 1;
    }
}

/* ---- addresses and files ---------------------------------------------------------------------- */
static int is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET) {
        const unsigned char *b = (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
        return b[0] == 127;
    }
    if (sa->sa_family == AF_INET6) {
        const unsigned char *b = (const unsigned char *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
        static const unsigned char lo[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
        return memcmp(b, lo, 16) == 0 || (memcmp(b, mapped, 12) == 0 && b[12] == 127);
    }
    return 0;
}

/* Parses hostAddress like the host does (host, host:port, [v6], [v6]:port, ::1) and resolves it to a
 * loopback address.  LMX_OK, or LMX_CONFIG_INVALID with the sentence in err. */
static int resolve_address(lmx_hconn *c, const char *spec, lmx_buf *err)
{
    char host[128], portbuf[16];
    const char *t = spec, *e;
    size_t n;
    long port = LMX_HOST_DEFAULT_PORT;
    struct addrinfo hints, *res = NULL, *ai;
    int r, found = 0;

    while (*t == ' ' || *t == '\t')
        t++;
    n = strlen(t);
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof host) {
        lmx_buf_addt(err, c->lang, LT_HOST_ADDR_FORM, LMX_HOST_DEFAULT_PORT);
        return LMX_CONFIG_INVALID;
    }
    memcpy(host, t, n);
    host[n] = 0;
    if (host[0] == '[') {
        e = strchr(host, ']');
        if (!e || (e[1] && e[1] != ':') || (e[1] == ':' && !e[2])) {
            lmx_buf_addt(err, c->lang, LT_HOST_ADDR_BRACKETS);
            return LMX_CONFIG_INVALID;
        }
        if (e[1] == ':') {
            char *end;
            port = strtol(e + 2, &end, 10);
            if (*end || port < 1 || port > 65535) {
                lmx_buf_addt(err, c->lang, LT_HOST_ADDR_PORT);
                return LMX_CONFIG_INVALID;
            }
        }
        memmove(host, host + 1, (size_t)(e - host) - 1);
        host[e - host - 1] = 0;
    } else if (strchr(host, ':') && strchr(host, ':') == strrchr(host, ':')) {
        char *colon = strchr(host, ':'), *end;
        port = strtol(colon + 1, &end, 10);
        if (!colon[1] || *end || port < 1 || port > 65535) {
            lmx_buf_addt(err, c->lang, LT_HOST_ADDR_PORT);
            return LMX_CONFIG_INVALID;
        }
        *colon = 0;
    }
    if (!host[0])
        strcpy(host, "127.0.0.1");
    snprintf(portbuf, sizeof portbuf, "%ld", port);
    if (!wsa_ensure(c->lang, err))
        return LMX_HOST_UNREACHABLE;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    r = getaddrinfo(host, portbuf, &hints, &res);
    if (r != 0 || !res) {
        lmx_buf_addt(err, c->lang, LT_HOST_ADDR_RESOLVE);
        return LMX_CONFIG_INVALID;
    }
    for (ai = res; ai; ai = ai->ai_next) {
        if (is_loopback(ai->ai_addr) && ai->ai_addrlen <= sizeof c->sa) {
            memcpy(&c->sa, ai->ai_addr, ai->ai_addrlen);
            c->salen = (sock_len)ai->ai_addrlen;
            found = 1;
            break;
        }
    }
    freeaddrinfo(res);
    if (!found) {
        lmx_buf_addt(err, c->lang, LT_HOST_ADDR_LOOPBACK);
        return LMX_CONFIG_INVALID;
    }
    c->port = (int)port;
    if (strchr(host, ':'))
        snprintf(c->addr, sizeof c->addr, "[%s]:%ld", host, port);
    else
        snprintf(c->addr, sizeof c->addr, "%s:%ld", host, port);
    return LMX_OK;
}

/* ---- answers --------------------------------------------------------------------------------- */
typedef struct resp {
    char *frame; /* owns the payload */
    size_t len;
    lmx_jval root; /* the payload: one JSON object */
} resp;

/* The first member named key, or 0. */
static int resp_get(const resp *r, const char *key, lmx_jval *out)
{
    lmx_jiter it;
    lmx_jval k;
    lmx_json_iter(&r->root, &it);
    while (lmx_json_next_member(&it, &k, out))
        if (lmx_json_equals(&k, key))
            return 1;
    return 0;
}

static int resp_int(const resp *r, const char *key, long long *out)
{
    lmx_jval v;
    return resp_get(r, key, &v) && lmx_json_integer(&v, out);
}

static int resp_true(const resp *r, const char *key)
{
    lmx_jval v;
    return resp_get(r, key, &v) && v.type == LMX_JTRUE;
}

/* A string member, decoded (malloc'ed, NUL-terminated, length in *len); NULL when absent, null or
 * not a string, or out of memory (*oom). */
static char *resp_str(const resp *r, const char *key, size_t *len, int *oom)
{
    lmx_jval v;
    lmx_buf b = {0};
    *len = 0;
    *oom = 0;
    if (!resp_get(r, key, &v) || v.type != LMX_JSTRING)
        return NULL;
    if (!lmx_json_decode(&v, &b)) {
        *oom = 1;
        lmx_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.p;
}

static void resp_free(resp *r)
{
    free(r->frame);
    r->frame = NULL;
    r->len = 0;
}


/* ---- socket I/O ------------------------------------------------------------------------------- */
enum { IO_OK = 0, IO_ERROR = -1, IO_TIMEOUT = -2, IO_EOF = -3, IO_BAD = -4, IO_OOM = -5 };

static int send_all(hsock s, const char *p, size_t n, long long deadline, unsigned long *oserr)
{
    while (n) {
#ifdef _WIN32
        int chunk = n > (1u << 30) ? (1 << 30) : (int)n;
        int w = send(s, p, chunk, 0);
#else
        ssize_t w = send(s, p, n, MSG_NOSIGNAL);
#endif
        if (w > 0) {
            p += w;
            n -= (size_t)w;
            continue;
        }
        *oserr = SOCK_ERRNO();
        if (*oserr == (unsigned long)E_INTR)
            continue;
        if (*oserr == (unsigned long)E_WOULDBLOCK
#ifndef _WIN32
            || *oserr == (unsigned long)EAGAIN
#endif
        ) {
            int r = wait_io(s, 1, deadline);
            if (r == 0)
                return IO_TIMEOUT;
            if (r < 0) {
                *oserr = SOCK_ERRNO();
                return IO_ERROR;
            }
            continue;
        }
        return IO_ERROR;
    }
    return IO_OK;
}

static int recv_all(hsock s, char *p, size_t n, long long deadline, unsigned long *oserr)
{
    while (n) {
#ifdef _WIN32
        int chunk = n > (1u << 30) ? (1 << 30) : (int)n;
        int g = recv(s, p, chunk, 0);
#else
        ssize_t g = recv(s, p, n, 0);
#endif
        if (g > 0) {
            p += g;
            n -= (size_t)g;
            continue;
        }
        if (g == 0)
            return IO_EOF;
        *oserr = SOCK_ERRNO();
        if (*oserr == (unsigned long)E_INTR)
            continue;
        if (*oserr == (unsigned long)E_WOULDBLOCK
#ifndef _WIN32
            || *oserr == (unsigned long)EAGAIN
#endif
        ) {
            int r = wait_io(s, 0, deadline);
            if (r == 0)
                return IO_TIMEOUT;
            if (r < 0) {
                *oserr = SOCK_ERRNO();
                return IO_ERROR;
            }
            continue;
        }
        return IO_ERROR;
    }
    return IO_OK;
}

static int send_frame(hsock s, const char *payload, size_t n, long long deadline, unsigned long *oserr)
{
    unsigned char *f = (unsigned char *)malloc(n + 4);
    int r;
    if (!f)
        return IO_OOM;
    f[0] = (unsigned char)(n >> 24);
    f[1] = (unsigned char)(n >> 16);
    f[2] = (unsigned char)(n >> 8);
    f[3] = (unsigned char)n;
    memcpy(f + 4, payload, n);
    r = send_all(s, (const char *)f, n + 4, deadline, oserr);
    free(f);
    return r;
}

/* Reads one frame and parses it as a JSON object. */
static int recv_frame(hsock s, resp *out, long long deadline, unsigned long *oserr)
{
    unsigned char h[4];
    unsigned long n;
    int r;
    memset(out, 0, sizeof *out);
    if ((r = recv_all(s, (char *)h, 4, deadline, oserr)) != IO_OK)
        return r;
    n = ((unsigned long)h[0] << 24) | ((unsigned long)h[1] << 16) | ((unsigned long)h[2] << 8) | h[3];
    if (n == 0 || n > (unsigned long)LMX_HOST_MAX_ANSWER)
        return IO_BAD;
    out->frame = (char *)malloc((size_t)n + 1);
    if (!out->frame)
        return IO_OOM;
    if ((r = recv_all(s, out->frame, (size_t)n, deadline, oserr)) != IO_OK) {
        resp_free(out);
        return r;
    }
    out->frame[n] = 0;
    out->len = (size_t)n;
    if (!lmx_json_parse(out->frame, out->len, &out->root, NULL) || out->root.type != LMX_JOBJECT) {
        resp_free(out);
        return IO_BAD;
    }
    return IO_OK;
}

/* 1 when the idle connection is still usable: nothing to read (the host never speaks unasked; a
 * readable socket means end of stream, a reset, or a final error frame before the host closed). */
static int sock_idle_ok(hsock s)
{
    char b;
#ifdef _WIN32
    fd_set fs, es;
    struct timeval tv = {0, 0};
    int r;
    FD_ZERO(&fs);
    FD_ZERO(&es);
    FD_SET(s, &fs);
    FD_SET(s, &es);
    r = select(0, &fs, NULL, &es, &tv);
    if (r == 0)
        return 1;
    if (r == SOCKET_ERROR || FD_ISSET(s, &es))
        return 0;
    r = recv(s, &b, 1, MSG_PEEK);
    return r < 0 && WSAGetLastError() == WSAEWOULDBLOCK;
#else
    struct pollfd p;
    ssize_t r;
    p.fd = s;
    p.events = POLLIN;
    p.revents = 0;
    if (poll(&p, 1, 0) == 0)
        return 1;
    r = recv(s, &b, 1, MSG_PEEK | MSG_DONTWAIT);
    return r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
#endif
}

/* ---- the connection ----------------------------------------------------------------------------- */
static void drop(lmx_hconn *c)
{
    if (c->sock != BAD_SOCK)
        sock_close(c->sock);
    c->sock = BAD_SOCK;
    c->handle = 0;
}

/* "start the host with `loymax-bridge host --port N` …", malloc'ed (the last argument of a sentence). */
static char *start_hint(lmx_hconn *c)
{
    return lmx_tdup(c->lang, LT_HOST_START_HINT, c->port, c->port);
}

/* Why an exchange with the host failed (the host closed it, a timeout, …), malloc'ed. */
static char *io_reason(lmx_hconn *c, int io, unsigned long oserr, long long timeout_ms)
{
    lmx_buf b = {0};
    switch (io) {
    case IO_EOF: lmx_buf_addt(&b, c->lang, LT_IO_EOF); break;
    case IO_TIMEOUT: lmx_buf_addt(&b, c->lang, LT_IO_TIMEOUT, timeout_ms); break;
    case IO_BAD: lmx_buf_addt(&b, c->lang, LT_IO_BAD); break;
    case IO_OOM: lmx_buf_addt(&b, c->lang, LT_IO_OOM); break;
    default: lmx_add_os_error(&b, oserr); break;
    }
    return b.p ? b.p : lmx_strdup("?");
}

/* The OS's description of err, malloc'ed. */
static char *os_reason(unsigned long oserr)
{
    lmx_buf b = {0};
    lmx_add_os_error(&b, oserr);
    return b.p ? b.p : lmx_strdup("?");
}

/* Connects, with a time limit.  LMX_OK, or LMX_HOST_UNREACHABLE with the sentence. */
static int do_connect(lmx_hconn *c, const char *fn, lmx_buf *err)
{
    hsock s;
    unsigned long oserr = 0;
    int r, one = 1;
    long long deadline;
    if (!wsa_ensure(c->lang, err))
        return LMX_HOST_UNREACHABLE;
#ifdef _WIN32
    s = WSASocketW(c->sa.ss_family, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (s == INVALID_SOCKET) /* before Windows 7 SP1 the flag is unknown */
        s = WSASocketW(c->sa.ss_family, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (s != INVALID_SOCKET)
        SetHandleInformation((HANDLE)s, HANDLE_FLAG_INHERIT, 0);
#else
    s = socket(c->sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
#endif
    if (s == BAD_SOCK) {
        char *why = os_reason(SOCK_ERRNO());
        lmx_buf_addt(err, c->lang, LT_HOST_SOCKET, fn, c->addr, why);
        free(why);
        return LMX_HOST_UNREACHABLE;
    }
    if (!set_nonblocking(s)) {
        char *why = os_reason(SOCK_ERRNO());
        sock_close(s);
        lmx_buf_addt(err, c->lang, LT_HOST_SOCKET_SETUP, fn, c->addr, why);
        free(why);
        return LMX_HOST_UNREACHABLE;
    }
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
    deadline = now_ms() + LMX_HOST_CONNECT_MS;
    r = connect(s, (const struct sockaddr *)&c->sa, c->salen);
    if (r != 0) {
        oserr = SOCK_ERRNO();
        if (oserr == (unsigned long)E_INPROGRESS
#ifndef _WIN32
            || oserr == (unsigned long)EINTR
#endif
        ) {
            int w = wait_io(s, 1, deadline);
            if (w == 0) {
                char *hint = start_hint(c);
                sock_close(s);
                lmx_buf_addt(err, c->lang, LT_HOST_CONNECT_TIMEOUT, fn, c->addr, LMX_HOST_CONNECT_MS, hint);
                free(hint);
                return LMX_HOST_UNREACHABLE;
            }
            {
                int e = 0;
                sock_len el = (sock_len)sizeof e;
                if (w < 0)
                    e = (int)SOCK_ERRNO();
                else if (getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&e, &el) != 0)
                    e = (int)SOCK_ERRNO();
                oserr = (unsigned long)e;
            }
        }
        if (oserr != 0 && oserr != (unsigned long)E_INPROGRESS) {
            char *hint = start_hint(c);
            sock_close(s);
            if (oserr == (unsigned long)E_REFUSED) {
                lmx_buf_addt(err, c->lang, LT_HOST_NOT_RUNNING, fn, c->addr, hint);
            } else {
                char *why = os_reason(oserr);
                lmx_buf_addt(err, c->lang, LT_HOST_CONNECT, fn, c->addr, why, hint);
                free(why);
            }
            free(hint);
            return LMX_HOST_UNREACHABLE;
        }
    }
    c->sock = s;
    return LMX_OK;
}

/* ---- authentication (docs/host-protocol.md, "Hello") -------------------------------------------
 * Challenge-response: the client sends a random nonce; the host answers with its own nonce and an
 * HMAC proving it knows the token; only then does the client send its own HMAC.  The token itself
 * never crosses the connection, so a stranger listening on the configured port learns nothing (it
 * sees a random nonce and the connection closes).  Both proofs cover the TCP ports as each side sees
 * them, so a program that relays the connection to the real host elsewhere cannot complete it. */
#define HELLO_LABEL "loymax-bridge/2 "

static void to_hex(const unsigned char *b, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = hex[b[i] >> 4];
        out[2 * i + 1] = hex[b[i] & 15];
    }
    out[2 * n] = 0;
}

/* HMAC(token, "loymax-bridge/2 <who>|cnonce|hnonce|clientPort|hostPort") as 64 hex digits. */
static void proof(const char *token, size_t tn, const char *who, const char *cn, const char *hn, int cport, int hport,
                  char out[65])
{
    char msg[256];
    unsigned char mac[32];
    int n = snprintf(msg, sizeof msg, HELLO_LABEL "%s|%s|%s|%d|%d", who, cn, hn, cport, hport);
    lmx_hmac_sha256(token, tn, msg, (size_t)n, mac);
    to_hex(mac, 32, out);
}

/* Constant-time comparison of two 64-digit proofs. */
static int same_proof(const char *a, const char *b, size_t bn)
{
    unsigned diff = bn == 64 ? 0u : 1u;
    size_t i;
    for (i = 0; i < 64; i++)
        diff |= (unsigned)(unsigned char)a[i] ^ (unsigned)(unsigned char)(i < bn ? b[i] : 0);
    return diff == 0;
}

static int sock_port(hsock s, int peer)
{
    struct sockaddr_storage a;
    sock_len l = (sock_len)sizeof a;
    if ((peer ? getpeername(s, (struct sockaddr *)&a, &l) : getsockname(s, (struct sockaddr *)&a, &l)) != 0)
        return -1;
    if (a.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&a)->sin_port);
    if (a.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&a)->sin6_port);
    return -1;
}

/* The token: the token file's content without surrounding blanks; printable ASCII (as the host
 * writes it).  LMX_OK, or LMX_HOST_UNREACHABLE with the sentence. */
static int read_token(lmx_hconn *c, const char *fn, char **tok, size_t *a, size_t *z, lmx_buf *err)
{
    lmx_buf terr = {0};
    size_t tl = 0, k;
    *tok = NULL;
    if (lmx_read_file(c->token_file, c->lang, LT_WHAT_TOKEN_FILE, LMX_MAX_TOKEN_BYTES, tok, &tl, &terr) != 0) {
        lmx_buf_addt(err, c->lang, LT_HOST_TOKEN_UNREADABLE, fn, c->addr, lmx_buf_str(&terr));
        lmx_buf_free(&terr);
        return LMX_HOST_UNREACHABLE;
    }
    for (*a = 0; *a < tl && ((*tok)[*a] == ' ' || (*tok)[*a] == '\t' || (*tok)[*a] == '\r' || (*tok)[*a] == '\n'); (*a)++)
        ;
    for (*z = tl; *z > *a && ((*tok)[*z - 1] == ' ' || (*tok)[*z - 1] == '\t' || (*tok)[*z - 1] == '\r' ||
                              (*tok)[*z - 1] == '\n'); (*z)--)
        ;
    for (k = *a; k < *z && (unsigned char)(*tok)[k] > 0x20 && (unsigned char)(*tok)[k] < 0x7F; k++)
        ;
    if (k < *z || *z - *a < 32) {
        memset(*tok, 0, tl);
        free(*tok);
        *tok = NULL;
        lmx_buf_addt(err, c->lang, LT_HOST_TOKEN_BAD, fn, c->token_file);
        return LMX_HOST_UNREACHABLE;
    }
    return LMX_OK;
}

/* A refusal frame of the host ({"ok":false,…,"text":…}) as the error. */
static int refused(lmx_hconn *c, const char *fn, resp *r, lmx_buf *err)
{
    size_t tl;
    int oom;
    char *t = resp_str(r, "text", &tl, &oom);
    if (!t)
        t = resp_str(r, "error", &tl, &oom);
    drop(c);
    lmx_buf_addt(err, c->lang, LT_HOST_REFUSED, fn, c->addr, t ? t : lmx_t(c->lang, LT_HOST_NO_REASON));
    free(t);
    resp_free(r);
    return LMX_HOST_UNREACHABLE;
}

/* Connects and authenticates (the token is read now: a restarted host may have made a new one). */
static int connect_hello(lmx_hconn *c, const char *fn, lmx_buf *err)
{
    char *tok = NULL, *hn = NULL, *hp = NULL, cn[65], mine[65];
    unsigned char nonce[32];
    size_t a = 0, z = 0, hnl, hpl;
    lmx_buf q = {0};
    resp r;
    unsigned long oserr = 0;
    long long deadline, v;
    int io, st, oom, cport, hport;

    if ((st = do_connect(c, fn, err)) != LMX_OK)
        return st;
    if ((st = read_token(c, fn, &tok, &a, &z, err)) != LMX_OK) {
        drop(c);
        return st;
    }
    cport = sock_port(c->sock, 0);
    hport = sock_port(c->sock, 1);
    if (lmx_random(nonce, sizeof nonce) != 0 || cport < 0 || hport < 0) {
        memset(tok, 0, z);
        free(tok);
        drop(c);
        lmx_buf_addt(err, c->lang, LT_HOST_NO_RANDOM, fn, c->addr);
        return LMX_HOST_UNREACHABLE;
    }
    to_hex(nonce, sizeof nonce, cn);
#ifdef _WIN32
    lmx_buf_addf(&q, "{\"op\":\"hello\",\"protocol\":2,\"nonce\":\"%s\",\"client\":\"loymax_bridge " LMX_LIBRARY_VERSION
                     " pid %lu\",\"language\":\"%s\"}", cn, (unsigned long)GetCurrentProcessId(), lmx_lang_code(c->lang));
#else
    lmx_buf_addf(&q, "{\"op\":\"hello\",\"protocol\":2,\"nonce\":\"%s\",\"client\":\"loymax_bridge " LMX_LIBRARY_VERSION
                     " pid %lu\",\"language\":\"%s\"}", cn, (unsigned long)getpid(), lmx_lang_code(c->lang));
#endif
    deadline = now_ms() + LMX_HOST_HELLO_MS;
    io = q.oom ? IO_OOM : send_frame(c->sock, q.p, q.len, deadline, &oserr);
    lmx_buf_free(&q);
    if (io == IO_OK)
        io = recv_frame(c->sock, &r, deadline, &oserr);
    if (io != IO_OK)
        goto no_answer;
    if (!resp_true(&r, "challenge")) {
        memset(tok, 0, z);
        free(tok);
        return refused(c, fn, &r, err);
    }
    hn = resp_str(&r, "nonce", &hnl, &oom);
    hp = resp_str(&r, "proof", &hpl, &oom);
    resp_free(&r);
    proof(tok + a, z - a, "host", cn, hn && hnl == 64 ? hn : "-", cport, hport, mine);
    if (!hn || hnl != 64 || !hp || !same_proof(mine, hp, hpl)) {
        memset(tok, 0, z);
        free(tok);
        free(hn);
        free(hp);
        drop(c);
        lmx_buf_addt(err, c->lang, LT_HOST_NOT_PROVED, fn, c->addr, c->token_file);
        return LMX_HOST_UNREACHABLE;
    }
    free(hp);
    proof(tok + a, z - a, "client", cn, hn, cport, hport, mine);
    memset(tok, 0, z);
    free(tok);
    tok = NULL;
    free(hn);
    lmx_buf_addf(&q, "{\"op\":\"auth\",\"proof\":\"%s\"}", mine);
    io = q.oom ? IO_OOM : send_frame(c->sock, q.p, q.len, deadline, &oserr);
    lmx_buf_free(&q);
    if (io == IO_OK)
        io = recv_frame(c->sock, &r, deadline, &oserr);
    if (io != IO_OK)
        goto no_answer;
    if (!resp_true(&r, "ok"))
        return refused(c, fn, &r, err);
    c->max_frame = resp_int(&r, "maxFrameBytes", &v) && v > 0 ? v : 16L * 1024 * 1024;
    resp_free(&r);
    return LMX_OK;

no_answer:
    if (tok) {
        memset(tok, 0, z);
        free(tok);
    }
    drop(c);
    {
        char *why = io_reason(c, io, oserr, LMX_HOST_HELLO_MS);
        lmx_buf_addt(err, c->lang, LT_HOST_NO_HELLO, fn, c->addr, why);
        free(why);
    }
    return LMX_HOST_UNREACHABLE;
}

/* One request on the connected socket; the answer in *r (its id checked).  On an I/O failure the
 * connection is dropped and *io says what happened; *sent tells whether the whole request left. */
static int exchange(lmx_hconn *c, const lmx_buf *q, long long id, long long timeout_ms, resp *r, int *sent,
                    unsigned long *oserr)
{
    long long deadline = now_ms() + timeout_ms, rid;
    int io;
    *sent = 0;
    io = send_frame(c->sock, q->p, q->len, deadline, oserr);
    if (io == IO_OK) {
        *sent = 1;
        io = recv_frame(c->sock, r, deadline, oserr);
        if (io == IO_OK && (!resp_int(r, "id", &rid) || rid != id)) {
            resp_free(r);
            io = IO_BAD;
        }
    }
    if (io != IO_OK)
        drop(c);
    return io;
}

/* The status and text of an answer: text only when the status is not 0. */
static int answer_status(const lmx_hconn *c, const resp *r, const char *fn, lmx_buf *err)
{
    long long st;
    char *t;
    size_t tl;
    int oom;
    if (!resp_int(r, "status", &st) || st < 0 || st > 100000) {
        lmx_buf_addt(err, c->lang, LT_HOST_NO_STATUS, fn);
        return LMX_INTERNAL;
    }
    if (st != 0) {
        t = resp_str(r, "text", &tl, &oom);
        if (t)
            lmx_buf_add(err, t, tl);
        else
            lmx_buf_addt(err, c->lang, LT_HOST_NO_TEXT, st);
        free(t);
    }
    return (int)st;
}

static int do_open(lmx_hconn *c, const char *fn, int reopening, lmx_buf *err)
{
    lmx_buf q = {0};
    resp r;
    long long id = ++c->next_id, h;
    unsigned long oserr = 0;
    int sent, io, st;
    lmx_buf_addf(&q, "{\"id\":%lld,\"op\":\"open\",\"config\":", id);
    lmx_json_write_string(&q, c->config, c->config_len);
    lmx_buf_add(&q, "}", 1);
    if (q.oom) {
        lmx_buf_free(&q);
        lmx_buf_addt(err, c->lang, LT_OOM_FN, fn);
        return LMX_RESOURCE_EXHAUSTED;
    }
    if ((long long)q.len > c->max_frame) {
        lmx_buf_free(&q);
        lmx_buf_addt(err, c->lang, LT_HOST_CONFIG_TOO_LARGE, fn, c->max_frame);
        return LMX_BAD_ARGUMENT;
    }
    io = exchange(c, &q, id, c->timeout_ms, &r, &sent, &oserr);
    lmx_buf_free(&q);
    if (io != IO_OK) {
        char *why = io_reason(c, io, oserr, c->timeout_ms);
        lmx_buf_addt(err, c->lang, LT_HOST_BROKE_OPENING, fn, c->addr, why);
        free(why);
        return LMX_HOST_UNREACHABLE;
    }
    if ((st = answer_status(c, &r, fn, err)) == LMX_OK) {
        if (!resp_int(&r, "handle", &h) || h <= 0) {
            lmx_buf_addt(err, c->lang, LT_HOST_NO_HANDLE, fn);
            st = LMX_INTERNAL;
        } else {
            c->handle = h;
        }
    } else if (reopening) {
        lmx_buf b = {0};
        lmx_buf_addt(&b, c->lang, LT_HOST_REOPEN_FAILED, fn, c->addr, lmx_buf_str(err));
        lmx_buf_clear(err);
        lmx_buf_adds(err, lmx_buf_str(&b));
        lmx_buf_free(&b);
    }
    resp_free(&r);
    return st;
}

/* Makes sure there is a connection with an open session; reconnects and re-opens when the old one
 * is gone (*lost set: the host-side session, its bag and last result, were replaced).  When the old
 * session's bag held parameters, the call that re-opened fails (the session is open again), so that
 * the program learns that it must set them again — except lmx_reset_params, which empties it anyway. */
static int ensure(lmx_hconn *c, const char *fn, enum call_kind kind, lmx_buf *err, int *lost)
{
    int st;
    if (c->sock != BAD_SOCK && !sock_idle_ok(c->sock)) {
        drop(c);
        *lost = 1;
    }
    if (c->sock == BAD_SOCK) {
        *lost = 1;
        if ((st = connect_hello(c, fn, err)) != LMX_OK)
            return st;
    }
    if (c->handle == 0) {
        *lost = 1;
        if ((st = do_open(c, fn, 1, err)) != LMX_OK)
            return st;
        if (c->bag_set && kind != CALL_RESET) {
            c->bag_set = 0;
            lmx_buf_addt(err, c->lang, LT_HOST_PARAMS_LOST, fn, c->addr);
            return LMX_HOST_UNREACHABLE;
        }
        c->bag_set = 0;
    }
    return LMX_OK;
}

/* One operation: ensure, then {"id":…,"op":op,"handle":…<fields>}.  On success *r holds the answer
 * and the return value is 0 (the answer's own status is read by the caller); otherwise a status
 * with its sentence in err. */
static int call(lmx_hconn *c, const char *fn, const char *op, const lmx_buf *fields, enum call_kind kind, resp *r,
                lmx_buf *err, int *lost)
{
    int is_execute = kind == CALL_EXECUTE;
    lmx_buf q = {0};
    long long id;
    unsigned long oserr = 0;
    int st, sent, io;
    memset(r, 0, sizeof *r);
    if ((st = ensure(c, fn, kind, err, lost)) != LMX_OK)
        return st;
    id = ++c->next_id;
    lmx_buf_addf(&q, "{\"id\":%lld,\"op\":\"%s\",\"handle\":%lld", id, op, c->handle);
    if (fields)
        lmx_buf_add(&q, fields->p ? fields->p : "", fields->len);
    lmx_buf_add(&q, "}", 1);
    if (q.oom || (fields && fields->oom)) {
        lmx_buf_free(&q);
        lmx_buf_addt(err, c->lang, LT_OOM_FN, fn);
        return LMX_RESOURCE_EXHAUSTED;
    }
    if ((long long)q.len > c->max_frame) {
        lmx_buf_addt(err, c->lang, LT_HOST_FRAME_TOO_LARGE, fn, (unsigned long)q.len, c->max_frame);
        lmx_buf_free(&q);
        return LMX_BAD_ARGUMENT;
    }
    io = exchange(c, &q, id, c->timeout_ms, r, &sent, &oserr);
    lmx_buf_free(&q);
    if (io == IO_OK)
        return LMX_OK;
    *lost = 1;
    {
        char *why = io_reason(c, io, oserr, c->timeout_ms);
        if (is_execute && sent)
            lmx_buf_addt(err, c->lang, LT_HOST_BROKE_AFTER_SEND, fn, c->addr, why);
        else if (is_execute)
            lmx_buf_addt(err, c->lang, LT_HOST_BROKE_BEFORE_SEND, fn, c->addr, why);
        else
            lmx_buf_addt(err, c->lang, LT_HOST_BROKE, fn, c->addr, why);
        free(why);
    }
    return LMX_HOST_UNREACHABLE;
}

/* ---- the operations ----------------------------------------------------------------------------- */
static void host_close(void *session);

static int host_open(const char *config, size_t len, const char *text, size_t tl, const lmx_config *cfg, void **out,
                     lmx_buf *err)
{
    lmx_hconn *c;
    char *dd;
    int st;
    (void)config;
    (void)len;
    *out = NULL;
    c = (lmx_hconn *)calloc(1, sizeof *c);
    if (!c) {
        lmx_buf_addt(err, cfg->lang, LT_OPEN_OOM);
        return LMX_RESOURCE_EXHAUSTED;
    }
    c->lang = cfg->lang;
    c->sock = BAD_SOCK;
    c->max_frame = 16L * 1024 * 1024;
    c->timeout_ms = lmx_config_answer_timeout_ms(cfg);
    c->config = lmx_strndup(text, tl);
    c->config_len = tl;
    if (cfg->token_file && *cfg->token_file) {
        c->token_file = lmx_strdup(cfg->token_file);
    } else if ((dd = lmx_config_data_dir(cfg)) != NULL) {
        lmx_buf b = {0};
        size_t n = strlen(dd);
        lmx_buf_adds(&b, dd);
        if (n && dd[n - 1] != '/' && dd[n - 1] != LMX_SEP)
            lmx_buf_adds(&b, LMX_SEPS);
        lmx_buf_adds(&b, "host.token");
        free(dd);
        c->token_file = b.oom ? NULL : b.p;
        if (b.oom)
            lmx_buf_free(&b);
    }
    if (!c->config || !c->token_file) {
        host_close(c);
        lmx_buf_addt(err, cfg->lang, LT_OPEN_OOM);
        return LMX_RESOURCE_EXHAUSTED;
    }
    if ((st = resolve_address(c, cfg->host_address ? cfg->host_address : "127.0.0.1", err)) != LMX_OK ||
        (st = connect_hello(c, "lmx_open", err)) != LMX_OK || (st = do_open(c, "lmx_open", 0, err)) != LMX_OK) {
        host_close(c);
        return st;
    }
    *out = c;
    return LMX_OK;
}

static void host_close(void *session)
{
    lmx_hconn *c = (lmx_hconn *)session;
    if (!c)
        return;
    if (c->sock != BAD_SOCK && c->handle > 0 && sock_idle_ok(c->sock)) {
        /* Closing the connection closes its handles too; the explicit close makes it happen before we return. */
        lmx_buf q = {0};
        resp r;
        int sent;
        unsigned long oserr;
        long long id = ++c->next_id;
        lmx_buf_addf(&q, "{\"id\":%lld,\"op\":\"close\",\"handle\":%lld}", id, c->handle);
        if (!q.oom && exchange(c, &q, id, c->timeout_ms < LMX_HOST_CLOSE_MS ? c->timeout_ms : LMX_HOST_CLOSE_MS, &r,
                               &sent, &oserr) == IO_OK)
            resp_free(&r);
        lmx_buf_free(&q);
    }
    drop(c);
    free(c->token_file);
    if (c->config)
        memset(c->config, 0, c->config_len); /* holds the password */
    free(c->config);
    free(c);
}

static int host_execute(void *session, const char *command, size_t cl, const char *request, size_t rl, lmx_buf *err,
                     int *lost)
{
    lmx_hconn *c = (lmx_hconn *)session;
    lmx_buf f = {0};
    resp r;
    int st;
    lmx_buf_adds(&f, ",\"command\":");
    lmx_json_write_string(&f, command, cl);
    lmx_buf_adds(&f, ",\"request\":");
    lmx_json_write_string(&f, request, rl);
    st = call(c, "lmx_execute", "execute", &f, CALL_EXECUTE, &r, err, lost);
    lmx_buf_free(&f);
    if (st != LMX_OK)
        return st;
    st = answer_status(c, &r, "lmx_execute", err);
    resp_free(&r);
    return st;
}

static int host_result(void *session, const char *ptr, size_t pl, char **val, size_t *vlen, lmx_buf *err, int *lost)
{
    lmx_hconn *c = (lmx_hconn *)session;
    lmx_buf f = {0};
    resp r;
    int st, oom;
    *val = NULL;
    *vlen = 0;
    lmx_buf_adds(&f, ",\"pointer\":");
    lmx_json_write_string(&f, ptr, pl);
    st = call(c, "lmx_result", "result", &f, CALL_OTHER, &r, err, lost);
    lmx_buf_free(&f);
    if (st != LMX_OK)
        return st;
    st = answer_status(c, &r, "lmx_result", err);
    if (st == LMX_OK) {
        *val = resp_str(&r, "value", vlen, &oom);
        if (!*val) {
            st = oom ? LMX_RESOURCE_EXHAUSTED : LMX_INTERNAL;
            lmx_buf_addt(err, c->lang, oom ? LT_HOST_RESULT_OOM : LT_HOST_NO_VALUE);
        }
    }
    resp_free(&r);
    return st;
}

static int host_set_param(void *session, const char *ptr, size_t pl, const char *value, size_t vl, lmx_buf *err, int *lost)
{
    lmx_hconn *c = (lmx_hconn *)session;
    lmx_buf f = {0};
    resp r;
    int st;
    lmx_buf_adds(&f, ",\"pointer\":");
    lmx_json_write_string(&f, ptr, pl);
    lmx_buf_adds(&f, ",\"value\":");
    lmx_json_write_string(&f, value, vl);
    st = call(c, "lmx_set_param", "setParam", &f, CALL_OTHER, &r, err, lost);
    lmx_buf_free(&f);
    if (st != LMX_OK)
        return st;
    st = answer_status(c, &r, "lmx_set_param", err);
    if (st == LMX_OK)
        c->bag_set = 1;
    resp_free(&r);
    return st;
}

static int host_reset(void *session, lmx_buf *err, int *lost)
{
    lmx_hconn *c = (lmx_hconn *)session;
    resp r;
    int st = call(c, "lmx_reset_params", "resetParams", NULL, CALL_RESET, &r, err, lost);
    if (st != LMX_OK)
        return st;
    st = answer_status(c, &r, "lmx_reset_params", err);
    if (st == LMX_OK)
        c->bag_set = 0;
    resp_free(&r);
    return st;
}

const lmx_engine lmx_engine_host = {"host", host_open, host_close, host_execute, host_set_param, host_result,
                                    host_reset};
