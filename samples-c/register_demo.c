/*
 * register_demo.c — a register program's loyalty sessions through the Loymax bridge C ABI,
 * online and with processing cut off.
 *
 * Written against loymax_bridge.h alone, the way a register vendor would write it.
 *
 *   lmx_demo [online] CONFIG     an online purchase (the default):
 *       1. balance of the customer, identified by phone;
 *       2. calculate a 5-line cheque built with lmx_set_param (JSON Pointer), no JSON library needed;
 *       3. pay part of the cheque with bonuses ("pay");
 *       4. final calculation and accrual with the payment split ("discount");
 *       5. confirm the purchase, print the cheque;
 *       6. balance again (before - paid + accrued must equal after);
 *       7. a blocked card, to show how a processing error reaches the cashier.
 *   lmx_demo offline CONFIG      processing is unreachable; two sales to the same customer:
 *       calculate answers without discounts ("offline": true), a bonus payment is refused with a
 *       sentence for the cashier (status 100), discount and confirm are stored in the offline
 *       queue ("queued": true); then the register's status: offline, queue length.
 *   lmx_demo replay CONFIG       processing is back: waits (at most 30 s) until the bridge has
 *       forwarded the queue by itself, then judges by processing's own ledger ($LMX_DEMO_LEDGER, the
 *       emulator's /admin/ledger) and the receipts — never by the bridge's answers: each offline sale
 *       applied exactly once, without a discount (its receipt had none), with the accrual of the full
 *       price, and balance now = balance before the offline sales + those accruals.
 *
 *   CONFIG: the configuration JSON, or the path of a file holding it, or a server base URL
 *   (the emulator's demo register credentials are used); without one, $LMX_CONFIG, else
 *   http://127.0.0.1:8095.  The offline phase needs short "connectTimeoutMs"/"readTimeoutMs" and the
 *   replay phase a short "probeIntervalMs" (samples-c/run-demo.sh sets them); all phases must use
 *   the same "dataDir" (the queue lives there).
 *
 * The phases hand over what a real register keeps in its own database (the last balance seen, the
 * offline sales) in a small text file in the current folder, lmx_demo-journal.txt; the plain form
 * "lmx_demo CONFIG" writes nothing.
 *
 * Results are read with the buffer protocol, starting from deliberately small buffers so that the
 * "too small: call again with the size returned" path runs on every read.
 * With LMX_DEMO_SHOWMAPS=1 (Linux) the program also prints the native libraries loaded in the
 * process (from /proc/self/maps), among them SQLite's, which the Java VM loads.
 *
 * Exit status 0 and a last line "PASS" when everything went as expected, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _WIN32
#include <windows.h>            /* Sleep */
#endif
#ifdef __unix__
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include "loymax_bridge.h"

/* The first buffer every read starts with.  Real programs start with a few KiB; the demo starts
 * tiny on purpose so the retry path is exercised. */
#define FIRST_BUFFER 4

static lmx_handle reg;            /* the register session */
static int reads, retries;        /* buffer protocol statistics */

/* ---- failures ------------------------------------------------------------------------------ */

/* Prints the status and text of the last call on h (NULL: this thread's handle-less error), exits. */
static void die(lmx_handle h, const char *what)
{
    char text[1024];
    int code = lmx_error_code(h);
    int n = lmx_error_text(h, text, (int)sizeof text);
    if (n < 0 || n > (int)sizeof text)
        strcpy(text, "(error text unavailable or longer than 1 KiB)");
    fprintf(stderr, "FAIL: %s: status %d: %s\n", what, code, text);
    if (h)
        lmx_close(h);
    exit(1);
}

static void check(int status, const char *what)
{
    if (status != LMX_OK)
        die(reg, what);
}

/* ---- the buffer protocol ------------------------------------------------------------------- */

/* The value at json_pointer in the last result ("" = the whole result), as a malloc'd string.
 * Returns NULL with *status = the (positive) failure status, e.g. LMX_NOT_FOUND. */
static char *result_text(const char *json_pointer, int *status)
{
    int size = FIRST_BUFFER;
    char *buf = malloc((size_t)size);
    if (!buf) { fprintf(stderr, "FAIL: out of memory\n"); exit(1); }
    reads++;
    for (;;) {
        int need = lmx_result(reg, json_pointer, buf, size);
        if (need < 0) {                       /* a failure: -LMX_xxx */
            free(buf);
            *status = -need;
            return NULL;
        }
        if (need <= size) {                   /* it fitted: buf holds the text and its NUL */
            *status = LMX_OK;
            return buf;
        }
        /* Too small: nothing was copied; retry with exactly the size asked for.  Re-reading never
         * re-executes the command, so this is safe even after "pay". */
        retries++;
        free(buf);
        size = need;
        buf = malloc((size_t)size);
        if (!buf) { fprintf(stderr, "FAIL: out of memory\n"); exit(1); }
    }
}

/* A value that must be there. */
static char *need(const char *json_pointer)
{
    int status;
    char *s = result_text(json_pointer, &status);
    if (!s)
        die(reg, json_pointer);
    return s;
}

/* A value that may be absent ("" then). */
static char *opt(const char *json_pointer)
{
    int status;
    char *s = result_text(json_pointer, &status);
    if (!s) {
        if (status != LMX_NOT_FOUND)
            die(reg, json_pointer);
        s = calloc(1, 1);
    }
    return s;
}

static char *version_text(void)
{
    char small[2];
    int need = lmx_version(small, (int)sizeof small);
    char *buf;
    if (need < 0)
        die(NULL, "lmx_version");
    buf = malloc((size_t)need);
    if (lmx_version(buf, need) != need)
        die(NULL, "lmx_version");
    return buf;
}

/* ---- money: decimal strings <-> cents, never binary floating point ------------------------- */

static long long cents(const char *s)          /* "1234.5" -> 123450; rounds half up past cents */
{
    long long units = 0, frac = 0;
    int neg = 0, digits = 0, round_up = 0;
    if (*s == '-') { neg = 1; s++; }
    while (*s >= '0' && *s <= '9') units = units * 10 + (*s++ - '0');
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9') {
            if (digits < 2) { frac = frac * 10 + (*s - '0'); digits++; }
            else if (digits == 2) { round_up = *s >= '5'; digits++; }
            s++;
        }
    }
    while (digits < 2) { frac *= 10; digits++; }
    units = units * 100 + frac + round_up;
    return neg ? -units : units;
}

static const char *money(long long c, char out[32])
{
    snprintf(out, 32, "%s%lld.%02lld", c < 0 ? "-" : "", (c < 0 ? -c : c) / 100, (c < 0 ? -c : c) % 100);
    return out;
}

/* price x quantity (quantity with up to 3 decimals), rounded half up to cents */
static long long line_amount(const char *price, const char *qty)
{
    long long milli = 0;
    int digits = 0;
    const char *q = qty;
    while (*q >= '0' && *q <= '9') milli = milli * 10 + (*q++ - '0');
    if (*q == '.') for (q++; *q >= '0' && *q <= '9' && digits < 3; q++, digits++) milli = milli * 10 + (*q - '0');
    while (digits++ < 3) milli *= 10;
    return (cents(price) * milli + 500) / 1000;
}

/* printf("%-*s") pads by bytes; UTF-8 names need padding by characters. */
static void print_padded(const char *s, int width)
{
    int chars = 0;
    const char *p;
    for (p = s; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80) chars++;
    fputs(s, stdout);
    for (; chars < width; chars++) putchar(' ');
}

/* ---- the session --------------------------------------------------------------------------- */

typedef struct { const char *goods_id, *name, *price, *quantity; } item;

static const char *customer_phone = "79260000003", *blocked_card = "8690037";

static long long ledger_balance_now(void);      /* processing's ledger: the auditor, below */

static const item basket[5] = {                     /* the online purchase */
    { "1001", "Молоко 3,2% 1 л",   "89.90",  "2"     },
    { "1002", "Хлеб бородинский",  "45.50",  "1"     },
    { "1003", "Сыр российский",    "420.00", "0.5"   },
    { "1004", "Яблоки",            "129.99", "1.535" },
    { "1005", "Вода 0,5 л",        "39.00",  "3"     },
};

#define OFFLINE_SALES 2
static const item offline_basket[OFFLINE_SALES][2] = {   /* the two sales while processing is away */
    { { "1001", "Молоко 3,2% 1 л",  "89.90",  "2" }, { "1002", "Хлеб бородинский", "45.50", "1" } },
    { { "1003", "Сыр российский",   "420.00", "1" }, { "1005", "Вода 0,5 л",       "39.00", "2" } },
};

/* What a real register keeps in its own database, handed from one phase to the next. */
#define JOURNAL "lmx_demo-journal.txt"
#define REPLAY_DEADLINE_SECONDS 30

static void set(const char *json_pointer, const char *value)
{
    check(lmx_set_param(reg, json_pointer, value), json_pointer);
}

static void setf_line(int i, const char *field, const char *value)
{
    char ptr[64];
    snprintf(ptr, sizeof ptr, "/cheque/lines/%d/%s", i, field);
    set(ptr, value);
}

static char *line_value(int i, const char *field, int required)
{
    char ptr[64];
    snprintf(ptr, sizeof ptr, "/lines/%d/%s", i, field);
    return required ? need(ptr) : opt(ptr);
}

static int is_true(const char *json_pointer)          /* a boolean of the last result */
{
    char *s = opt(json_pointer);
    int yes = strcmp(s, "true") == 0;
    free(s);
    return yes;
}

static int int_at(const char *json_pointer)           /* a whole number of the last result */
{
    char *s = need(json_pointer);
    int n = atoi(s);
    free(s);
    return n;
}

static long long cents_at(const char *json_pointer)   /* an amount of the last result, 0 if absent */
{
    char *s = opt(json_pointer);
    long long c = cents(s);
    free(s);
    return c;
}

/* Starts a new purchase in the parameter bag: cashier and customer. */
static void new_purchase(void)
{
    check(lmx_reset_params(reg), "reset_params");
    set("/cashier", "Иванова М.");
    set("/identifier/type", "phone");
    set("/identifier/value", customer_phone);
}

/* Puts a cheque into the bag, line by line; returns its total in cents. */
static long long set_cheque(const char *number, const char *date, const item *lines, int n)
{
    char pos[8], m[32];
    long long total = 0;
    int i;
    set("/cheque/number", number);
    set("/cheque/date", date);
    for (i = 0; i < n; i++) {
        long long amount = line_amount(lines[i].price, lines[i].quantity);
        snprintf(pos, sizeof pos, "%d", i + 1);
        setf_line(i, "pos", pos);
        setf_line(i, "goodsId", lines[i].goods_id);
        setf_line(i, "name", lines[i].name);
        setf_line(i, "price", lines[i].price);
        setf_line(i, "quantity", lines[i].quantity);
        setf_line(i, "amount", money(amount, m));
        total += amount;
    }
    return total;
}

static void now_text(char number[16], char date[32], int offset)
{
    time_t now = time(NULL);
    snprintf(number, 16, "%ld", (long)(now % 100000) + offset);
    strftime(date, 32, "%Y-%m-%dT%H:%M:%S", localtime(&now));
}

static void sleep_ms(long ms)
{
#ifdef _WIN32
    Sleep((DWORD)ms);
#else
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
#endif
}

/* The text of the last failed call on the register, as the cashier should see it (malloc'd). */
static char *error_text(void)
{
    int n = lmx_error_text(reg, NULL, 0);       /* size only */
    char *text = malloc(n > 0 ? (size_t)n : 1);
    if (!text) { fprintf(stderr, "FAIL: out of memory\n"); exit(1); }
    text[0] = '\0';
    if (n > 0)
        lmx_error_text(reg, text, n);
    return text;
}

/* ---- phase "online": a purchase with a printed cheque ------------------------------------- */

static int online_purchase(int write_journal)
{
    char number[16], date[32], m1[32], m2[32], m3[32], m4[32];
    char *holder, *masked, *currency, *available, *paid, *accrued, *cheque_msg, *cashier_msg;
    char *line_disc[5], *line_amt[5], *line_cb[5];
    long long before, after, total = 0, total_disc = 0, redeem, card_part;
    int i, st;

    /* 1. balance by phone */
    new_purchase();
    check(lmx_execute(reg, "balance", NULL), "balance");
    before = cents(need("/balance"));
    currency = opt("/currency");
    holder = opt("/identifierData/Holder");
    masked = opt("/identifierData/MaskedNumber");
    printf("Customer %s (card %s, phone %s): balance %s %s\n", holder, masked, customer_phone,
           money(before, m1), currency);

    /* 2. calculate a 5-line cheque built parameter by parameter */
    now_text(number, date, 0);
    set_cheque(number, date, basket, 5);
    check(lmx_execute(reg, "calculate", NULL), "calculate");
    available = opt("/availableAmount");
    cashier_msg = opt("/cashierMessage");
    for (i = 0; i < 5; i++) {
        line_disc[i] = line_value(i, "discount", 0);
        line_amt[i] = line_value(i, "amount", 1);
        total += cents(line_amt[i]);
        total_disc += cents(line_disc[i]);
    }
    printf("Calculated: %s to pay after %s discount; available to redeem %s\n",
           money(total, m1), money(total_disc, m2), *available ? available : "0");
    if (*cashier_msg)
        printf("  cashier message: %s\n", cashier_msg);

    /* 3. redeem bonuses: 100, or what is available if less */
    redeem = cents(available);
    if (redeem > 10000)
        redeem = 10000;
    if (redeem > 0) {
        set("/amount", money(redeem, m1));
        check(lmx_execute(reg, "pay", NULL), "pay");
        paid = need("/amount");
    } else {
        paid = strdup("0.00");
    }
    printf("Paid with bonuses: %s\n", paid);

    /* 4. final calculation and accrual, with the payment split */
    card_part = total - cents(paid);
    if (cents(paid) > 0) {
        set("/pays/0/type", "Bonus");
        set("/pays/0/amount", paid);
        set("/pays/1/type", "Card");
        set("/pays/1/amount", money(card_part, m1));
    } else {
        set("/pays/0/type", "Card");
        set("/pays/0/amount", money(card_part, m1));
    }
    check(lmx_execute(reg, "discount", NULL), "discount");
    accrued = opt("/bonusAmount");
    cheque_msg = opt("/chequeMessage");
    for (i = 0; i < 5; i++)
        line_cb[i] = line_value(i, "cashback", 0);

    /* 5. confirm */
    check(lmx_execute(reg, "confirm", NULL), "confirm");

    /* 6. balance after: a new request, so the bag is emptied first */
    new_purchase();
    check(lmx_execute(reg, "balance", NULL), "balance after");
    after = cents(need("/balance"));

    /* ---- the cheque ---- */
    printf("\n================================== CHEQUE %-6s =================================\n", number);
    printf(" #  %-22s %8s %9s %9s %9s %8s\n", "goods", "qty", "price", "discount", "amount", "bonus+");
    for (i = 0; i < 5; i++) {
        printf(" %d  ", i + 1);
        print_padded(basket[i].name, 22);
        printf(" %8s %9s %9s %9s %8s\n", basket[i].quantity, basket[i].price,
               *line_disc[i] ? line_disc[i] : "-", line_amt[i], *line_cb[i] ? line_cb[i] : "-");
    }
    printf("%-46s %9s %9s\n", " Total", money(total_disc, m1), money(total, m2));
    printf(" Paid with bonuses %47s\n", paid);
    printf(" Paid by card      %47s\n", money(card_part, m1));
    printf(" Bonuses accrued   %47s\n", *accrued ? accrued : "0.00");
    printf(" Balance before -> after %31s -> %8s %s\n", money(before, m3), money(after, m4), currency);
    if (*cheque_msg)
        printf(" Message: %s\n", cheque_msg);
    printf("==================================================================================\n\n");

    if (after != before - cents(paid) + cents(accrued)) {
        fprintf(stderr, "FAIL: balance after %s, expected %s - %s + %s\n", money(after, m1), money(before, m2),
                paid, accrued);
        return 1;
    }

    /* 7. a blocked card: the status and processing's text, as the cashier should see them */
    check(lmx_reset_params(reg), "reset_params");
    set("/identifier/type", "cardNumber");
    set("/identifier/value", blocked_card);
    st = lmx_execute(reg, "balance", NULL);
    {
        char *text = error_text();
        char *name = opt("/error/name");        /* the result of a failed execute is readable too */
        printf("Card %s: status %d %s: \"%s\"\n", blocked_card, st, name, text);
        if (st != 205 || !*text || lmx_error_code(reg) != 205) {
            fprintf(stderr, "FAIL: expected status 205 (CardBlocked) with a text, got %d\n", st);
            return 1;
        }
        free(text);
    }

    if (write_journal) {           /* the last balance, for the replay phase: processing's ledger when it can be read */
        long long ledger = ledger_balance_now();
        FILE *j = fopen(JOURNAL, "w");
        if (ledger >= 0 && ledger != after) {
            fprintf(stderr, "FAIL: the ledger's balance %s differs from the balance answered %s\n", money(ledger, m1), money(after, m2));
            return 1;
        }
        if (!j || fprintf(j, "balance %s\n", money(ledger >= 0 ? ledger : after, m1)) < 0 || fclose(j) != 0) {
            fprintf(stderr, "FAIL: cannot write %s\n", JOURNAL);
            return 1;
        }
    }
    return 0;
}

/* ---- phase "offline": two sales while processing is unreachable ------------------------- */

static int offline_sales(void)
{
    char number[16], date[32], ptr[64], m1[32], m2[32];
    FILE *j = fopen(JOURNAL, "a");
    int k, i, st, queue_length;

    if (!j) {
        fprintf(stderr, "FAIL: cannot write %s\n", JOURNAL);
        return 1;
    }
    for (k = 0; k < OFFLINE_SALES; k++) {
        char *purchase, *msg, *text, *queued_msg;
        long long total, total_disc = 0;

        /* calculate: the bridge answers at once, without discounts */
        new_purchase();
        now_text(number, date, k + 1);
        total = set_cheque(number, date, offline_basket[k], 2);
        check(lmx_execute(reg, "calculate", NULL), "offline calculate");
        purchase = need("/purchaseId");
        msg = opt("/cashierMessage");
        for (i = 0; i < 2; i++) {
            snprintf(ptr, sizeof ptr, "/lines/%d/discount", i);
            total_disc += cents_at(ptr);
        }
        printf("Sale %d, cheque %s: %s %s x%s, %s %s x%s = %s\n", k + 1, number,
               offline_basket[k][0].name, offline_basket[k][0].price, offline_basket[k][0].quantity,
               offline_basket[k][1].name, offline_basket[k][1].price, offline_basket[k][1].quantity, money(total, m1));
        printf("  calculate: offline=%s, discount %s\n", is_true("/offline") ? "true" : "false", money(total_disc, m2));
        printf("  cashier message: %s\n", msg);
        if (!is_true("/offline") || total_disc != 0) {
            fprintf(stderr, "FAIL: an offline calculate must answer offline:true without discounts\n");
            return 1;
        }

        /* the customer asks to pay with bonuses: refused, the cashier reads why */
        set("/amount", "50.00");
        st = lmx_execute(reg, "pay", NULL);
        text = error_text();
        printf("  pay 50.00 with bonuses: refused, status %d: \"%s\"\n", st, text);
        if (st != LMX_OFFLINE_REFUSED || !*text) {
            fprintf(stderr, "FAIL: an offline pay must be refused with status %d and a text, got %d\n",
                    LMX_OFFLINE_REFUSED, st);
            return 1;
        }

        /* the customer pays by card; the accrual is stored in the queue */
        set("/pays/0/type", "Card");
        set("/pays/0/amount", money(total, m1));
        check(lmx_execute(reg, "discount", NULL), "offline discount");
        queued_msg = opt("/cashierMessage");
        printf("  discount: queued=%s, queue length %d\n", is_true("/queued") ? "true" : "false",
               int_at("/queueLength"));
        printf("  cashier message: %s\n", queued_msg);
        if (!is_true("/queued")) {
            fprintf(stderr, "FAIL: an offline discount must be queued\n");
            return 1;
        }
        check(lmx_execute(reg, "confirm", NULL), "offline confirm");
        printf("  confirm: queued=%s, queue length %d\n", is_true("/queued") ? "true" : "false",
               int_at("/queueLength"));
        if (!is_true("/queued")) {
            fprintf(stderr, "FAIL: an offline confirm must be queued\n");
            return 1;
        }
        printf("  receipt printed: %s paid by card, bonuses will be accrued when the link is back\n\n", money(total, m1));

        fprintf(j, "sale %d %s %s %s\n", k, purchase, number, date);
        free(purchase); free(msg); free(text); free(queued_msg);
    }
    if (fclose(j) != 0) {
        fprintf(stderr, "FAIL: cannot write %s\n", JOURNAL);
        return 1;
    }

    /* what the register's status screen shows */
    check(lmx_reset_params(reg), "reset_params");
    check(lmx_execute(reg, "status", NULL), "status");
    queue_length = int_at("/queueLength");
    printf("Register status: online=%s, %d operations in the queue (%s RUB)\n",
           is_true("/online") ? "true" : "false", queue_length, money(cents_at("/queuedAmount"), m1));
    if (is_true("/online") || queue_length < 2 * OFFLINE_SALES) {
        fprintf(stderr, "FAIL: expected the register offline with at least %d queued operations\n", 2 * OFFLINE_SALES);
        return 1;
    }
    return 0;
}

/* ---- the auditor: processing's own ledger ------------------------------------------------------
 * The totals are judged by the emulator's ledger (GET /admin/ledger, $LMX_DEMO_LEDGER, e.g.
 * http://127.0.0.1:8095/admin/ledger) and by what the receipts said — never by the bridge's answers. */

static char *http_get(const char *url)                 /* the body, malloc'd; NULL on failure */
{
#ifdef __unix__
    char host[64], request[256];
    int port = 0, fd, n;
    size_t len = 0, cap = 1 << 16;
    const char *path;
    char *buf, *body;
    struct sockaddr_in a;
    if (sscanf(url, "http://%63[^:/]:%d", host, &port) != 2 || !(path = strchr(url + 7, '/')))
        return NULL;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, host, &a.sin_addr) != 1 || (fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
        return NULL;
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { close(fd); return NULL; }
    snprintf(request, sizeof request, "GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n", path, host);
    if (write(fd, request, strlen(request)) < 0) { close(fd); return NULL; }
    buf = malloc(cap);
    while (buf && (n = (int)read(fd, buf + len, cap - len - 1)) > 0) {
        len += (size_t)n;
        if (cap - len < 4096) { char *b = realloc(buf, cap *= 2); if (!b) { free(buf); buf = NULL; } else buf = b; }
    }
    close(fd);
    if (!buf) return NULL;
    buf[len] = '\0';
    body = strstr(buf, "\r\n\r\n");
    if (!body || strncmp(buf, "HTTP/1.", 7) != 0 || strncmp(buf + 9, "200", 3) != 0) { free(buf); return NULL; }
    memmove(buf, body + 4, strlen(body + 4) + 1);
    return buf;
#else
    (void)url;
    return NULL;
#endif
}

/* The value of "name" in the flat JSON object around position at (objects of the ledger have no
 * nested objects): a pointer to its first character (after the colon and blanks), or NULL. */
static const char *field(const char *json, const char *at, const char *name)
{
    const char *start = at, *end = strchr(at, '}'), *p;
    char key[64];
    size_t n;
    while (start > json && *start != '{') start--;
    snprintf(key, sizeof key, "\"%s\"", name);
    n = strlen(key);
    for (p = strstr(start, key); p && end && p < end; p = strstr(p + n, key)) {
        const char *v = p + n;
        while (*v == ' ' || *v == '\n' || *v == '\r' || *v == '\t') v++;
        if (*v != ':') continue;
        v++;
        while (*v == ' ' || *v == '\n' || *v == '\r' || *v == '\t') v++;
        return v;
    }
    return NULL;
}

static long long field_cents(const char *json, const char *at, const char *name, int *found)
{
    const char *v = field(json, at, name);
    *found = v != NULL;
    return v ? cents(v + (*v == '"')) : 0;
}

static int field_is(const char *json, const char *at, const char *name, const char *value)
{
    const char *v = field(json, at, name);
    size_t n = strlen(value);
    return v && *v == '"' && strncmp(v + 1, value, n) == 0 && v[1 + n] == '"';
}

/* The next position, from "from" on, inside a ledger object whose "key" is "value"; NULL when none. */
static const char *next_with(const char *json, const char *from, const char *key, const char *value)
{
    char k[64];
    const char *p;
    snprintf(k, sizeof k, "\"%s\"", key);
    for (p = strstr(from, k); p; p = strstr(p + 1, k)) {
        if (field_is(json, p, key, value))
            return p;
    }
    return NULL;
}

/* The ledger's operations of a purchase: how many of a command, and the sums of their fields. */
static int ledger_ops(const char *ledger, const char *purchase, const char *command, long long *discount, long long *accrued)
{
    const char *p = ledger;
    int n = 0, found;
    *discount = *accrued = 0;
    while ((p = next_with(ledger, p, "purchaseId", purchase)) != NULL) {
        if (field_is(ledger, p, "command", command)) {
            n++;
            *discount += field_cents(ledger, p, "discount", &found);
            *accrued += field_cents(ledger, p, "accrued", &found);
        }
        p++;
    }
    return n;
}

static long long ledger_balance(const char *ledger, const char *phone, int *found)
{
    const char *p = next_with(ledger, ledger, "phone", phone);
    *found = p != NULL;
    return p ? field_cents(ledger, p, "balance", found) : 0;
}

/* The customer's balance in processing's ledger, or -1 when no ledger URL is given or it cannot be read. */
static long long ledger_balance_now(void)
{
    const char *url = getenv("LMX_DEMO_LEDGER");
    char *ledger;
    long long b;
    int found;
    if (!url || !*url || !(ledger = http_get(url)))
        return -1;
    b = ledger_balance(ledger, customer_phone, &found);
    free(ledger);
    return found ? b : -1;
}

/* ---- phase "replay": processing is back ------------------------------------------------------ */

static int replay(void)
{
    char line[256], purchase[64], number[16], date[32], m1[32], m2[32];
    char purchases[OFFLINE_SALES][64], numbers[OFFLINE_SALES][16], dates[OFFLINE_SALES][32];
    long long before = -1, after, accrued_total = 0;
    int k, sales = 0, last = -1, queue_length, online, dead;
    time_t deadline = time(NULL) + REPLAY_DEADLINE_SECONDS, started = time(NULL);
    FILE *j = fopen(JOURNAL, "r");

    /* the register's own records: the last balance seen online, the offline sales */
    while (j && fgets(line, sizeof line, j)) {
        if (strncmp(line, "balance ", 8) == 0) {
            before = cents(line + 8);
        } else if (sscanf(line, "sale %d %63s %15s %31s", &k, purchase, number, date) == 4
                   && k >= 0 && k < OFFLINE_SALES && sales == k) {
            strcpy(purchases[k], purchase);
            strcpy(numbers[k], number);
            strcpy(dates[k], date);
            sales++;
        }
    }
    if (j)
        fclose(j);
    if (before < 0 || sales != OFFLINE_SALES) {
        fprintf(stderr, "FAIL: %s does not hold the online and offline phases' records\n", JOURNAL);
        return 1;
    }

    /* 1. nothing to do but wait: the bridge probes processing and forwards the queue by itself */
    for (;;) {
        check(lmx_reset_params(reg), "reset_params");
        check(lmx_execute(reg, "status", NULL), "status");
        online = is_true("/online");
        queue_length = int_at("/queueLength");
        dead = int_at("/deadCount");
        if (queue_length != last)
            printf("  after %2ld s: online=%s, %d operations in the queue\n", (long)(time(NULL) - started),
                   online ? "true" : "false", queue_length);
        last = queue_length;
        if (online && queue_length == 0)
            break;
        if (time(NULL) >= deadline) {
            fprintf(stderr, "FAIL: the queue was not forwarded within %d s (%d left)\n", REPLAY_DEADLINE_SECONDS,
                    queue_length);
            return 1;
        }
        sleep_ms(200);
    }
    if (dead != 0) {
        fprintf(stderr, "FAIL: processing rejected %d queued operations (see: loymax-bridge queue list)\n", dead);
        return 1;
    }

    /* 2. the judge is processing's own ledger and the receipts, not the bridge's answers: each offline
     *    sale was applied exactly once, as its receipt said — no discount — with the accrual of the full
     *    price (the emulator's seeded rule: 5 % of each line's amount, rounded per line) */
    {
        const char *url = getenv("LMX_DEMO_LEDGER");
        char *ledger = url && *url ? http_get(url) : NULL;
        int found, ok = 1;
        if (!ledger) {
            fprintf(stderr, "FAIL: cannot read processing's ledger (set LMX_DEMO_LEDGER to the emulator's /admin/ledger URL)\n");
            return 1;
        }
        printf("\n Offline sale   cheque   receipt   ledger: discounts confirms discount accrued   (5%% of the receipt)\n");
        for (k = 0; k < OFFLINE_SALES; k++) {
            long long total = 0, expected = 0, disc, acc, d2, a2;
            int i, discounts, confirms;
            for (i = 0; i < 2; i++) {
                long long amount = line_amount(offline_basket[k][i].price, offline_basket[k][i].quantity);
                total += amount;
                expected += (amount * 5 + 50) / 100;
            }
            discounts = ledger_ops(ledger, purchases[k], "Discount", &disc, &acc);
            confirms = ledger_ops(ledger, purchases[k], "ConfirmPurchase", &d2, &a2);
            printf(" %-14d %-8s %8s   %9d %8d %8s %7s   (%s)\n", k + 1, numbers[k], money(total, m1), discounts, confirms,
                   money(disc, m2), money(acc, line), money(expected, purchase));
            if (discounts != 1 || confirms != 1 || disc != 0 || acc != expected)
                ok = 0;
            accrued_total += acc;
        }
        after = ledger_balance(ledger, customer_phone, &found);
        free(ledger);
        if (!ok || !found) {
            fprintf(stderr, "FAIL: processing's ledger does not match the receipts (each offline sale once, no discount, "
                    "5%% accrual of the full price)\n");
            return 1;
        }
    }

    /* 3. the balance in the ledger now: every accrual arrived, and only once */
    printf("\n Balance before the offline sales %10s\n", money(before, m1));
    printf(" + accrued by the 2 offline sales %10s\n", money(accrued_total, m2));
    printf(" = balance now (ledger)           %10s %s\n\n", money(after, m1),
           after == before + accrued_total ? "(adds up: each accrual arrived exactly once)" : "(DOES NOT ADD UP)");
    if (after != before + accrued_total || accrued_total <= 0) {
        fprintf(stderr, "FAIL: balance now %s, expected %s + %s\n", money(after, m1), money(before, m2),
                money(accrued_total, m1));
        return 1;
    }
    return 0;
}

/* ---- which native libraries are loaded in this process (Linux) --------------------------------
 * Prints every shared library file mapped into the process, e.g. to see that SQLite's native part is
 * the libsqlitejdbc.so installed beside the bridge library, never a copy in a temporary folder. */

static void show_native_libraries(void)
{
#ifdef __linux__
    char line[4096], last[4096] = "";
    FILE *f = fopen("/proc/self/maps", "r");
    while (f && fgets(line, sizeof line, f)) {
        char *path = strchr(line, '/');               /* "address perms offset dev inode   /path" */
        if (!path)
            continue;
        path[strcspn(path, "\n")] = '\0';
        if (strstr(strrchr(path, '/'), ".so") && strcmp(path, last) != 0) {
            printf("native library: %s\n", path);
            snprintf(last, sizeof last, "%s", path);
        }
    }
    if (f)
        fclose(f);
#endif
}

/* ---- main ------------------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    const char *mode = "online", *arg = argc > 1 ? argv[1] : NULL;
    char config[2048];
    char *version;
    int phased = 0, rc;

    if (argc > 1 && (strcmp(argv[1], "online") == 0 || strcmp(argv[1], "offline") == 0
                     || strcmp(argv[1], "replay") == 0)) {
        mode = argv[1];
        arg = argc > 2 ? argv[2] : NULL;
        phased = 1;
    }
    if (!arg || !*arg)
        arg = getenv("LMX_CONFIG");
    if (!arg || !*arg)
        arg = "http://127.0.0.1:8095";
    if (strncmp(arg, "http://", 7) == 0 || strncmp(arg, "https://", 8) == 0)
        snprintf(config, sizeof config,
                 "{\"url\":\"%s\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\"}", arg);
    else
        snprintf(config, sizeof config, "%s", arg);

    version = version_text();
    printf("Loymax bridge library %s (header %s)\n", version, LMX_VERSION_STRING);
    free(version);

    if (lmx_open(config, &reg) != LMX_OK)
        die(NULL, "lmx_open");           /* no handle: the error is this thread's */

    if (strcmp(mode, "offline") == 0)
        rc = offline_sales();
    else if (strcmp(mode, "replay") == 0)
        rc = replay();
    else
        rc = online_purchase(phased);
    if (rc != 0)
        return 1;

    check(lmx_close(reg), "close");
    if (getenv("LMX_DEMO_SHOWMAPS") && strcmp(getenv("LMX_DEMO_SHOWMAPS"), "1") == 0)
        show_native_libraries();
    printf("buffer protocol: %d reads, %d of them retried with the size returned\n", reads, retries);
    printf("PASS\n");
    return 0;
}
