/*
 * register_demo.c — one loyalty session of a register program, through the Loymax bridge C ABI.
 *
 * Written against loymax_bridge.h alone, the way a register vendor would write it:
 *   1. balance of the customer, identified by phone;
 *   2. calculate a 5-line cheque built with lmx_set_param (JSON Pointer), no JSON library needed;
 *   3. pay part of the cheque with bonuses ("pay");
 *   4. final calculation and accrual with the payment split ("discount");
 *   5. confirm the purchase;
 *   6. balance again (before - paid + accrued must equal after);
 *   7. a blocked card, to show how a processing error reaches the cashier.
 * Results are read with the buffer protocol, starting from deliberately small buffers so that the
 * "too small: call again with the size returned" path runs on every read.
 *
 *   lmx_demo [URL | CONFIG]      URL: the emulator or server base URL (demo register credentials)
 *                                CONFIG: the configuration JSON, or the path of a file holding it
 *   without an argument: $LMX_CONFIG (URL or CONFIG), else http://127.0.0.1:8095
 *
 * Exit status 0 and a last line "PASS" when everything went as expected, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static const item basket[5] = {
    { "1001", "Молоко 3,2% 1 л",   "89.90",  "2"     },
    { "1002", "Хлеб бородинский",  "45.50",  "1"     },
    { "1003", "Сыр российский",    "420.00", "0.5"   },
    { "1004", "Яблоки",            "129.99", "1.535" },
    { "1005", "Вода 0,5 л",        "39.00",  "3"     },
};

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

int main(int argc, char **argv)
{
    const char *arg = argc > 1 ? argv[1] : getenv("LMX_CONFIG");
    char config[2048], number[16], date[32], m1[32], m2[32], m3[32], m4[32];
    const char *customer_phone = "79260000003", *blocked_card = "8690037";
    char *version, *holder, *masked, *currency, *available, *paid, *accrued, *cheque_msg, *cashier_msg;
    char *line_disc[5], *line_amt[5], *line_cb[5];
    long long before, after, total = 0, total_disc = 0, redeem, card_part;
    time_t now = time(NULL);
    int i, st;

    if (!arg || !*arg)
        arg = "http://127.0.0.1:8095";
    if (strncmp(arg, "http://", 7) == 0 || strncmp(arg, "https://", 8) == 0)
        snprintf(config, sizeof config,
                 "{\"url\":\"%s\",\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\"}", arg);
    else
        snprintf(config, sizeof config, "%s", arg);

    version = version_text();
    printf("Loymax bridge library %s (header %s)\n", version, LMX_VERSION_STRING);

    if (lmx_open(config, &reg) != LMX_OK)
        die(NULL, "lmx_open");           /* no handle: the error is this thread's */

    /* 1. balance by phone */
    set("/cashier", "Иванова М.");
    set("/identifier/type", "phone");
    set("/identifier/value", customer_phone);
    check(lmx_execute(reg, "balance", NULL), "balance");
    before = cents(need("/balance"));
    currency = opt("/currency");
    holder = opt("/identifierData/Holder");
    masked = opt("/identifierData/MaskedNumber");
    printf("Customer %s (card %s, phone %s): balance %s %s\n", holder, masked, customer_phone,
           money(before, m1), currency);

    /* 2. calculate a 5-line cheque built parameter by parameter */
    snprintf(number, sizeof number, "%ld", (long)(now % 100000));
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", localtime(&now));
    set("/cheque/number", number);
    set("/cheque/date", date);
    for (i = 0; i < 5; i++) {
        char pos[8];
        snprintf(pos, sizeof pos, "%d", i + 1);
        setf_line(i, "pos", pos);
        setf_line(i, "goodsId", basket[i].goods_id);
        setf_line(i, "name", basket[i].name);
        setf_line(i, "price", basket[i].price);
        setf_line(i, "quantity", basket[i].quantity);
        setf_line(i, "amount", money(line_amount(basket[i].price, basket[i].quantity), m1));
    }
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
    check(lmx_reset_params(reg), "reset_params");
    set("/identifier/type", "phone");
    set("/identifier/value", customer_phone);
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
        char *text = NULL, *name;
        int n = lmx_error_text(reg, NULL, 0);   /* size only */
        if (n > 0) {
            text = malloc((size_t)n);
            lmx_error_text(reg, text, n);
        }
        name = opt("/error/name");             /* the result of a failed execute is readable too */
        printf("Card %s: status %d %s: \"%s\"\n", blocked_card, st, name, text ? text : "");
        if (st != 205 || !text || !*text || lmx_error_code(reg) != 205) {
            fprintf(stderr, "FAIL: expected status 205 (CardBlocked) with a text, got %d\n", st);
            return 1;
        }
        free(text);
    }

    check(lmx_close(reg), "close");
    printf("buffer protocol: %d reads, %d of them retried with the size returned\n", reads, retries);
    printf("PASS\n");
    return 0;
}
