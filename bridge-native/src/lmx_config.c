/* The keys of the configuration that the native library reads itself (engine, runtime, host
 * address, token, data folder, timeouts, language), read with the JSON module.  Types are strict for the keys
 * only the library reads (the core reports everything else, and the same rules for these keys), and
 * no text ever quotes a value: a configuration carries the register's password. */
#include "lmx_internal.h"
#include "lmx_json.h"

#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#include <pwd.h>
#include <unistd.h>
#endif

static void set_bad(lmx_config *cfg, const char *key, lmx_text what)
{
    if (!cfg->bad_key) {
        cfg->bad_key = key;
        cfg->bad_what = what;
    }
}

/* A string value without NUL (paths and options are C strings), malloc'ed; NULL after set_bad. */
static char *take_string(lmx_config *cfg, const char *key, const lmx_jval *v, lmx_text what)
{
    lmx_buf b = {0};
    if (v->type != LMX_JSTRING) {
        set_bad(cfg, key, what);
        return NULL;
    }
    if (!lmx_json_decode(v, &b)) {
        lmx_buf_free(&b);
        cfg->oom = 1;
        return NULL;
    }
    if (memchr(b.p, 0, b.len)) {
        lmx_buf_free(&b);
        set_bad(cfg, key, LT_KEY_NUL);
        return NULL;
    }
    return b.p;
}

/* A timeout as the core accepts it: a whole number, or a string of 1-10 digits. */
static long take_ms(const lmx_jval *v)
{
    long long x;
    if (lmx_json_integer(v, &x))
        return x < 0 ? -1 : x > 2000000000LL ? 2000000000L : (long)x;
    if (v->type == LMX_JSTRING) {
        lmx_buf b = {0};
        long r = -1;
        size_t k, a = 0, z;
        if (lmx_json_decode(v, &b)) {
            z = b.len;
            while (a < z && (b.p[a] == ' ' || b.p[a] == '\t'))
                a++;
            while (z > a && (b.p[z - 1] == ' ' || b.p[z - 1] == '\t'))
                z--;
            if (z > a && z - a <= 10) {
                r = 0;
                for (k = a; k < z && r >= 0; k++)
                    r = b.p[k] >= '0' && b.p[k] <= '9' && r < 200000000L ? r * 10 + (b.p[k] - '0') : -1;
            }
        }
        lmx_buf_free(&b);
        return r;
    }
    return -1;
}

void lmx_config_scan(const char *json, size_t len, lmx_config *cfg)
{
    static const char *const string_keys[] = {"engine", "jvmPath", "hostAddress", "tokenFile", "dataDir"};
    lmx_jval root, key, val;
    lmx_jiter it;
    unsigned seen = 0;
    memset(cfg, 0, sizeof *cfg);
    cfg->lang = LMX_LANG_DEFAULT;
    cfg->connect_timeout_ms = cfg->read_timeout_ms = cfg->lane_wait_ms = -1;
    if (len >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) { /* a file saved by Notepad */
        json += 3;
        len -= 3;
    }
    if (!lmx_json_parse(json, len, &root, NULL) || root.type != LMX_JOBJECT)
        return; /* json_ok 0: the core (or the host) reports the syntax error */
    cfg->json_ok = 1;
    lmx_json_iter(&root, &it);
    while (lmx_json_next_member(&it, &key, &val)) {
        size_t k;
        int done = 0;
        for (k = 0; k < sizeof string_keys / sizeof string_keys[0] && !done; k++) {
            char **slot[] = {&cfg->engine, &cfg->jvm_path, &cfg->host_address, &cfg->token_file, &cfg->data_dir};
            if (!lmx_json_equals(&key, string_keys[k]))
                continue;
            done = 1;
            if (seen & (1u << k)) {
                set_bad(cfg, string_keys[k], LT_KEY_TWICE);
                continue;
            }
            seen |= 1u << k;
            if (val.type == LMX_JNULL)
                continue;
            *slot[k] = take_string(cfg, string_keys[k], &val, LT_KEY_STRING);
        }
        if (done)
            continue;
        if (lmx_json_equals(&key, "jvmOptions")) {
            lmx_jiter ai;
            lmx_jval el;
            if (seen & (1u << 8)) {
                set_bad(cfg, "jvmOptions", LT_KEY_TWICE);
                continue;
            }
            seen |= 1u << 8;
            if (val.type == LMX_JNULL)
                continue;
            if (val.type != LMX_JARRAY) {
                set_bad(cfg, "jvmOptions", LT_KEY_ARRAY);
                continue;
            }
            lmx_json_iter(&val, &ai);
            while (lmx_json_next_element(&ai, &el)) {
                char *o = take_string(cfg, "jvmOptions", &el, LT_KEY_ARRAY);
                char **nv;
                if (!o)
                    break;
                nv = (char **)realloc(cfg->jvm_options, sizeof(char *) * (size_t)(cfg->n_jvm_options + 1));
                if (!nv) {
                    free(o);
                    cfg->oom = 1;
                    break;
                }
                cfg->jvm_options = nv;
                cfg->jvm_options[cfg->n_jvm_options++] = o;
            }
        } else if (lmx_json_equals(&key, "language")) {
            /* read by the library too: its own sentences (and the host's) are in this language */
            char *code;
            int l;
            if (seen & (1u << 9)) {
                set_bad(cfg, "language", LT_KEY_TWICE);
                continue;
            }
            seen |= 1u << 9;
            if (val.type == LMX_JNULL)
                continue;
            code = take_string(cfg, "language", &val, LT_KEY_LANGUAGE);
            l = lmx_lang_parse(code);
            free(code);
            if (l < 0)
                set_bad(cfg, "language", LT_KEY_LANGUAGE);
            else
                cfg->lang = (lmx_lang)l;
        } else if (lmx_json_equals(&key, "connectTimeoutMs")) {
            cfg->connect_timeout_ms = take_ms(&val);
        } else if (lmx_json_equals(&key, "readTimeoutMs")) {
            cfg->read_timeout_ms = take_ms(&val);
        } else if (lmx_json_equals(&key, "laneWaitMs")) {
            cfg->lane_wait_ms = take_ms(&val);
        } else if (lmx_json_equals(&key, "logLevel") && val.type == LMX_JSTRING && !cfg->log_level) {
            /* only a plain word is passed on (-Dlmx.loglevel); the core judges the value and reports a bad one */
            lmx_buf b = {0};
            size_t i;
            int word = 1;
            lmx_json_decode(&val, &b);
            for (i = 0; i < b.len; i++)
                word &= (b.p[i] >= 'A' && b.p[i] <= 'Z') || (b.p[i] >= 'a' && b.p[i] <= 'z');
            if (word && b.len > 0 && b.len <= 8 && !b.oom)
                cfg->log_level = lmx_strdup(b.p);
            lmx_buf_free(&b);
        }
    }
}

void lmx_config_free(lmx_config *cfg)
{
    int k;
    free(cfg->engine);
    free(cfg->jvm_path);
    for (k = 0; k < cfg->n_jvm_options; k++)
        free(cfg->jvm_options[k]);
    free(cfg->jvm_options);
    free(cfg->host_address);
    free(cfg->token_file);
    free(cfg->data_dir);
    free(cfg->log_level);
    memset(cfg, 0, sizeof *cfg);
}

char *lmx_config_data_dir(const lmx_config *cfg)
{
    lmx_buf b = {0};
    if (cfg && cfg->data_dir && *cfg->data_dir)
        return lmx_strdup(cfg->data_dir);
#ifdef _WIN32
    {
        char *pd = lmx_getenv("ProgramData");
        lmx_buf_adds(&b, pd ? pd : "C:\\ProgramData");
        lmx_buf_adds(&b, "\\" LMX_DEFAULT_DATA_DIR_WINDOWS);
        free(pd);
    }
#else
    {
        char *home = lmx_getenv("HOME");
        if (home) {
            lmx_buf_adds(&b, home);
        } else {
            struct passwd *pw = getpwuid(getuid());
            lmx_buf_adds(&b, pw && pw->pw_dir ? pw->pw_dir : "");
        }
        lmx_buf_adds(&b, "/" LMX_DEFAULT_DATA_DIR_POSIX);
        free(home);
    }
#endif
    if (b.oom) {
        lmx_buf_free(&b);
        return NULL;
    }
    return b.p;
}

long long lmx_config_answer_timeout_ms(const lmx_config *cfg)
{
    long long ct = cfg->connect_timeout_ms >= 0 ? cfg->connect_timeout_ms : LMX_DEFAULT_CONNECT_TIMEOUT_MS;
    long long rt = cfg->read_timeout_ms >= 0 ? cfg->read_timeout_ms : LMX_DEFAULT_READ_TIMEOUT_MS;
    long long lw = cfg->lane_wait_ms >= 0 ? cfg->lane_wait_ms : ct + rt + LMX_DEFAULT_LANE_EXTRA_MS;
    return ct + rt + lw + LMX_HOST_ANSWER_MARGIN_MS;
}

lmx_lang lmx_config_lang_of(const char *config_or_path)
{
    lmx_config cfg;
    lmx_lang lang;
    const char *p = config_or_path;
    char *data = NULL;
    size_t len = 0;
    if (!p)
        return LMX_LANG_DEFAULT;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    if (*p == '{' || (p[0] == '\xEF' && p[1] == '\xBB' && p[2] == '\xBF')) {
        lmx_config_scan(config_or_path, strlen(config_or_path), &cfg);
    } else {
        if (!*p || lmx_read_file(config_or_path, LMX_LANG_DEFAULT, LT_WHAT_CONFIG_FILE, LMX_MAX_CONFIG_BYTES, &data, &len,
                                 NULL) != 0)
            return LMX_LANG_DEFAULT;
        lmx_config_scan(data, len, &cfg);
        memset(data, 0, len); /* holds the password */
        free(data);
    }
    lang = cfg.lang;
    lmx_config_free(&cfg);
    return lang;
}
