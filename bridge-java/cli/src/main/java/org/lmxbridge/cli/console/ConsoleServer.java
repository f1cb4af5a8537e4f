package org.lmxbridge.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.log.OperationLog;
import org.lmxbridge.internal.owner.LiveRegister;
import org.lmxbridge.internal.text.OperationsTexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local console of one register: a small web page on 127.0.0.1 (never another address) behind a
 * random token. The token arrives once in the address printed at start ({@code /?token=…}); the page
 * then keeps it in a cookie ({@code HttpOnly}, {@code SameSite=Strict}) and its script sends it in the
 * {@code X-Lmx-Token} header, which every change (POST) requires — a page of another site can neither
 * read the console nor act through it. A request whose {@code Host} is not this loopback address and
 * port is refused too (DNS rebinding). Server-rendered page ({@link ConsolePage}) with a little script
 * ({@code console.js}, no build step) that uses the JSON API:
 *
 * <pre>
 * GET  /api/state        status (online, last contact, queue figures, owner), the queue's items, the trace switch
 * GET  /api/operations   the recent operations (from the log: OperationLog lines), newest first
 * GET  /api/log?lines=N  the log's last lines
 * GET  /api/config       the configuration, secrets hidden
 * POST /api/queue/retry {"id":N} | /api/queue/discard {"id":N,"reason":"…"} | /api/queue/flush
 * POST /api/check        the connection check's verdicts
 * GET|POST /api/trace {"on":true|false}   the exchange trace of the register's owner
 * </pre>
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer http;
    private final ExecutorService pool;
    private final LiveRegister register;
    private final String token;
    private final String cookie;

    private ConsoleServer(HttpServer http, ExecutorService pool, LiveRegister register, String token) {
        this.http = http;
        this.pool = pool;
        this.register = register;
        this.token = token;
        this.cookie = "lmx_console_" + http.getAddress().getPort();
    }

    /** Serves the console of {@code register} on 127.0.0.1:{@code port} (0: a free port). */
    public static ConsoleServer start(LiveRegister register, int port) throws IOException {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 16);
        // a flush may wait for the queue for two minutes: a few threads, so the page stays responsive meanwhile
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "lmx-console");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        ConsoleServer s = new ConsoleServer(http, pool, register, HexFormat.of().formatHex(b));
        http.setExecutor(pool);
        http.createContext("/", s::handle);
        http.start();
        LOG.info("console of register {} on 127.0.0.1:{}", register.config().register(), s.port());
        return s;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The address with the token, as printed at start: {@code http://127.0.0.1:PORT/?token=…}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/?token=" + token);
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }

    // ---- requests ---------------------------------------------------------------------------------
    private void handle(HttpExchange x) throws IOException {
        try (x) {
            boolean en = english(x);
            if (!hostIsMine(x)) {
                send(x, 403, "text/plain; charset=utf-8", OperationsTexts.consoleWrongHost(en));
                return;
            }
            String path = x.getRequestURI().getPath();
            Map<String, String> query = query(x.getRequestURI().getRawQuery());
            if ("GET".equals(x.getRequestMethod()) && "/".equals(path) && query.containsKey("token")) {
                if (!same(query.get("token"), token)) {
                    send(x, 403, "text/html; charset=utf-8", ConsolePage.refused(en));
                    return;
                }
                // the token leaves the address bar: from now on the cookie carries it
                x.getResponseHeaders().add("Set-Cookie", cookie + "=" + token + "; HttpOnly; SameSite=Strict; Path=/");
                String lang = query.get("lang");
                if (lang != null && lang.matches("en|ru")) x.getResponseHeaders().add("Set-Cookie", "lmx_lang=" + lang + "; SameSite=Strict; Path=/");
                x.getResponseHeaders().add("Location", "/");
                send(x, 303, "text/plain; charset=utf-8", "");
                return;
            }
            if (!authenticated(x)) {
                boolean page = !path.startsWith("/api/");
                send(x, 403, page ? "text/html; charset=utf-8" : "application/json; charset=utf-8",
                        page ? ConsolePage.refused(en) : error(OperationsTexts.consoleRefused(en)));
                return;
            }
            if ("POST".equals(x.getRequestMethod()) && !same(x.getRequestHeaders().getFirst("X-Lmx-Token"), token)) {
                send(x, 403, "application/json; charset=utf-8", error(OperationsTexts.consoleRefused(en)));
                return;
            }
            route(x, path, query, en);
        } catch (RuntimeException e) {
            LOG.warn("console: {} {} failed: {}", x.getRequestMethod(), x.getRequestURI().getPath(), e.toString());
            try {
                send(x, 500, "application/json; charset=utf-8", error(OperationsTexts.consoleApi(english(x), "internal", e.getClass().getSimpleName())));
            } catch (IOException | RuntimeException ignored) {
                // the answer may have started already
            }
        }
    }

    private void route(HttpExchange x, String path, Map<String, String> query, boolean en) throws IOException {
        String m = x.getRequestMethod();
        switch (m + " " + path) {
            case "GET /" -> send(x, 200, "text/html; charset=utf-8", ConsolePage.render(this, en));
            case "GET /console.js" -> resource(x, "console.js", "text/javascript; charset=utf-8");
            case "GET /console.css" -> resource(x, "console.css", "text/css; charset=utf-8");
            case "GET /api/state" -> json(x, state());
            case "GET /api/operations" -> json(x, operations(50));
            case "GET /api/log" -> json(x, log(intParam(query.get("lines"), 200, 1, 2000)));
            case "GET /api/config" -> json(x, config());
            case "POST /api/queue/retry", "POST /api/queue/discard", "POST /api/queue/flush" -> {
                JsonNode body = body(x);
                ObjectNode q = Json.MAPPER.createObjectNode();
                q.put("action", path.substring("/api/queue/".length()));
                if (body.has("id")) q.put("id", body.path("id").asText());
                if (body.has("reason")) q.put("reason", body.path("reason").asText());
                LOG.info("console: queue {} {} asked", q.path("action").asText(), q.path("id").asText(""));
                json(x, register.queue(q));
            }
            case "POST /api/check" -> {
                // the verdicts in the page's language
                org.lmxbridge.Language outer = org.lmxbridge.internal.text.CallLanguage.begin(en ? org.lmxbridge.Language.EN
                        : org.lmxbridge.Language.RU);
                try {
                    json(x, register.check());
                } finally {
                    org.lmxbridge.internal.text.CallLanguage.end(outer);
                }
            }
            case "GET /api/trace" -> json(x, register.trace(null));
            case "POST /api/trace" -> {
                JsonNode on = body(x).get("on");
                Boolean v = on == null || !on.isBoolean() ? null : on.asBoolean();
                LOG.info("console: exchange trace {} asked", v == null ? "state" : v ? "on" : "off");
                json(x, register.trace(v));
            }
            default -> send(x, 404, "application/json; charset=utf-8", error(OperationsTexts.consoleApi(en, "notFound", m + " " + path)));
        }
    }

    // ---- what the API answers (the page renders the same) ---------------------------------------------
    ObjectNode state() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("register", register.config().register());
        ObjectNode status = register.status();
        n.set("status", status);
        ObjectNode q = Json.MAPPER.createObjectNode();
        q.put("action", "list");
        ObjectNode list = register.queue(q);
        n.set("queue", list.path("items").isArray() ? list.get("items") : Json.MAPPER.createArrayNode());
        if (!list.path("ok").asBoolean(true)) n.set("queueError", list.path("error"));
        n.set("trace", register.trace(null));
        n.put("canChange", register.canChange());
        return n;
    }

    ObjectNode operations(int limit) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ArrayNode a = n.putArray("operations");
        try {
            for (OperationLog.Entry e : LogTail.operations(register.logFile(), limit)) {
                if (e.register() != null && !e.register().equals(register.config().register())) continue;
                a.add(Json.MAPPER.valueToTree(e));
            }
        } catch (IOException e) {
            n.put("error", OperationsTexts.consoleApi(registerSpeaksEnglish(), "logUnreadable", e.getMessage()));
        }
        return n;
    }

    ObjectNode log(int lines) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        java.nio.file.Path f = register.logFile();
        n.put("file", f == null ? null : f.toString());
        ArrayNode a = n.putArray("lines");
        try {
            for (String l : LogTail.lines(f, lines)) a.add(l);
        } catch (IOException e) {
            n.put("error", OperationsTexts.consoleApi(registerSpeaksEnglish(), "logUnreadable", e.getMessage()));
        }
        return n;
    }

    /** The configuration as given, its secrets hidden. */
    ObjectNode config() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ObjectNode c = n.putObject("config");
        try {
            JsonNode all = Json.parse(configText());
            for (java.util.Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                c.set(e.getKey(), secret(e.getKey()) ? Json.MAPPER.getNodeFactory().textNode("***") : e.getValue());
            }
        } catch (IOException | RuntimeException e) {
            n.put("error", OperationsTexts.consoleApi(registerSpeaksEnglish(), "configUnreadable"));
        }
        return n;
    }

    static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("token") && !k.equals("tokenfile") || k.contains("secret");
    }

    private String configText() {
        return ConsolePage.configTextOf(register);
    }

    LiveRegister register() {
        return register;
    }

    String token() {
        return token;
    }

    // ---- HTTP helpers -----------------------------------------------------------------------------
    private boolean hostIsMine(HttpExchange x) {
        String host = x.getRequestHeaders().getFirst("Host");
        int port = port();
        return host != null && (host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port));
    }

    private boolean authenticated(HttpExchange x) {
        if (same(x.getRequestHeaders().getFirst("X-Lmx-Token"), token)) return true;
        List<String> cookies = x.getRequestHeaders().get("Cookie");
        if (cookies == null) return false;
        for (String header : cookies) {
            for (String c : header.split(";")) {
                String t = c.trim();
                if (t.startsWith(cookie + "=") && same(t.substring(cookie.length() + 1), token)) return true;
            }
        }
        return false;
    }

    private boolean english(HttpExchange x) {
        String q = x.getRequestURI().getRawQuery();
        if (q != null && q.contains("lang=en")) return true;
        if (q != null && q.contains("lang=ru")) return false;
        List<String> cookies = x.getRequestHeaders().get("Cookie");
        if (cookies != null) {
            for (String h : cookies) {
                if (h.contains("lmx_lang=en")) return true;
                if (h.contains("lmx_lang=ru")) return false;
            }
        }
        String al = x.getRequestHeaders().getFirst("Accept-Language");
        if (al != null) return al.toLowerCase(Locale.ROOT).startsWith("en");
        return registerSpeaksEnglish();
    }

    /** The register's configured language (a browser that names none, the API's own sentences). */
    private boolean registerSpeaksEnglish() {
        return register.config().language() == org.lmxbridge.Language.EN;
    }

    static boolean same(String a, String b) {
        if (a == null || b == null) return false;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null) return m;
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            if (eq <= 0) continue;
            m.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static int intParam(String v, int dflt, int min, int max) {
        try {
            return v == null ? dflt : Math.max(min, Math.min(max, Integer.parseInt(v)));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static JsonNode body(HttpExchange x) throws IOException {
        byte[] b;
        try (InputStream in = x.getRequestBody()) {
            b = in.readNBytes(64 * 1024);
        }
        if (b.length == 0) return Json.MAPPER.createObjectNode();
        try {
            JsonNode n = Json.parse(new String(b, StandardCharsets.UTF_8));
            return n != null && n.isObject() ? n : Json.MAPPER.createObjectNode();
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private static String error(String text) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("ok", false);
        n.put("error", text);
        return n.toString();
    }

    private static void json(HttpExchange x, JsonNode n) throws IOException {
        send(x, 200, "application/json; charset=utf-8", n.toString());
    }

    private static void resource(HttpExchange x, String name, String type) throws IOException {
        try (InputStream in = ConsoleServer.class.getResourceAsStream(name)) {
            if (in == null) {
                send(x, 404, "text/plain; charset=utf-8", "missing " + name);
                return;
            }
            send(x, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static void send(HttpExchange x, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        var h = x.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                + "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
        x.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        }
    }
}
