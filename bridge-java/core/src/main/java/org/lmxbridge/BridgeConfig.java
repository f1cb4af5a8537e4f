package org.lmxbridge;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.json.JsonErrors;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.spi.RequestSigner;

/**
 * The configuration of one register: a flat JSON object, given inline or as a file path.
 *
 * <pre>{"url": "https://loymax.example:10443/XmlExchange/partner1/reg01/", "login": "reg01",
 *  "password": "…", "dataDir": "C:\\ProgramData\\LoymaxBridge"}</pre>
 *
 * <p>Unknown keys and bad values are errors that name the key. The password never appears in
 * {@link #toString()}, logs or error texts. See {@link #KEYS} for every key and its meaning.
 */
public final class BridgeConfig {
    /** Default {@code connectTimeoutMs} (the C library's LMX_DEFAULT_CONNECT_TIMEOUT_MS; DefaultsTableTest). */
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 3000;
    /** Default {@code readTimeoutMs} (LMX_DEFAULT_READ_TIMEOUT_MS). */
    public static final int DEFAULT_READ_TIMEOUT_MS = 10_000;
    /** Default {@code laneWaitMs}: connect + read + this (LMX_DEFAULT_LANE_EXTRA_MS). */
    public static final int DEFAULT_LANE_EXTRA_MS = 2000;
    /** The default data folder's name under the home folder (LMX_DEFAULT_DATA_DIR_POSIX). */
    public static final String DEFAULT_DATA_DIR_POSIX = ".loymax-bridge";
    /** The default data folder's name under %ProgramData% (LMX_DEFAULT_DATA_DIR_WINDOWS). */
    public static final String DEFAULT_DATA_DIR_WINDOWS = "LoymaxBridge";

    /** Every accepted key with a one-line description (the README's configuration table says the same). */
    public static final Map<String, String> KEYS = keys();

    private static Map<String, String> keys() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("url", "register URL …/XmlExchange/{partner}/{login}/ , or the server base URL together with \"partner\"");
        k.put("partner", "partner code, when \"url\" is the server base URL");
        k.put("login", "register login (Basic auth user)");
        k.put("password", "register password (never logged)");
        k.put("deviceLogicalId", "DeviceLogicalID sent with every request (optional)");
        k.put("register", "local name of the register for its lane, queue and logs (default: login)");
        k.put("dataDir", "folder for the offline queue and logs (default: ~/.loymax-bridge, %ProgramData%\\LoymaxBridge on Windows)");
        k.put("connectTimeoutMs", "TCP/TLS connect timeout, ms (default 3000)");
        k.put("readTimeoutMs", "time to wait for the answer once connected, ms (default 10000)");
        k.put("laneWaitMs", "how long a call waits for the register's lane before BUSY, ms (default connect+read+2000)");
        k.put("charset", "request charset, e.g. UTF-8 or windows-1251 (default UTF-8)");
        k.put("trustStore", "path of a trust store (PKCS12/JKS) for the server certificate (default: the system's)");
        k.put("trustStorePassword", "its password (never logged)");
        k.put("trustStoreType", "PKCS12 or JKS (default PKCS12)");
        k.put("maxResponseBytes", "largest response body accepted, bytes (default 1048576)");
        k.put("signer", "class name of a org.lmxbridge.spi.RequestSigner (default: none)");
        k.put("offlineRefunds", "accept refunds offline into the queue (default false)");
        k.put("queueMaxItems", "cap on queued offline items (default 10000)");
        k.put("queueMaxAmount", "cap on the total amount of queued purchases (default 10000000)");
        k.put("probeIntervalMs", "how often an offline register probes processing, ms (default 15000)");
        k.put("offlineMarkerName", "Param name that marks a replayed offline sale, so the partner's offers can leave it out (default OfflineSale; \"\" = no marker)");
        k.put("offlineMarkerValue", "its value (default 1)");
        k.put("queueWarnAgeHours", "warn in status when the oldest queued item is older, hours (default 24)");
        k.put("logLevel", "INFO, DEBUG, … for the bridge's own log file (default INFO)");
        k.put("logFormat", "text (default) or json: json also writes each operation's log line as JSON to <dataDir>/logs/operations.jsonl");
        k.put("shop", "a free label of the register's shop for the metrics (label \"shop\"): up to 64 letters, digits, ' ', '.', '_' or '-' (default \"\")");
        k.put("language", "language of the bridge's texts: ru (default) or en; processing's own texts pass unchanged");
        k.put("engine", "native library only: inprocess (default) or host");
        k.put("jvmPath", "native library only: path of jvm.dll / libjvm.so to use");
        k.put("jvmOptions", "native library only: extra JVM options");
        k.put("hostAddress", "native library only: host engine address (default 127.0.0.1:21847)");
        k.put("tokenFile", "native library only: host engine token file");
        k.put("metricsPort", "loymax-bridge host and console only: serve Prometheus metrics on this port at /metrics (default 0 = off)");
        k.put("metricsBind", "loymax-bridge host and console only: address the metrics listen on (default 127.0.0.1; any other needs metricsTokenFile)");
        k.put("metricsTokenFile", "loymax-bridge host and console only: file holding the bearer token a scrape must present (required off loopback)");
        return java.util.Collections.unmodifiableMap(k);
    }

    private final URI registerUri;
    private final String login;
    private final String password;
    private final String deviceLogicalId;
    private final String register;
    private final Path dataDir;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;
    private final int laneWaitMs;
    private final Charset charset;
    private final Path trustStore;
    private final String trustStorePassword;
    private final String trustStoreType;
    private final int maxResponseBytes;
    private final RequestSigner signer;
    private final boolean offlineRefunds;
    private final int queueMaxItems;
    private final java.math.BigDecimal queueMaxAmount;
    private final int probeIntervalMs;
    private final int queueWarnAgeHours;
    private final String offlineMarkerName;
    private final String offlineMarkerValue;
    private final String logLevel;
    private final Path tokenFile;
    private final Language language;
    private final String shop;
    private final boolean jsonLog;
    /**
     * The keys as given (language and the native library's JVM keys left out) with their JSON text: to
     * tell which keys a second session of an open register gives differently ({@link #keysDifferingFrom}).
     * Never logged or shown: it holds the password.
     */
    private final Map<String, String> given;

    private BridgeConfig(Map<String, JsonNode> m, Language language) throws BridgeException {
        this.language = language;
        m.remove("language"); // read by parse, before any other key: every sentence below is in it
        Map<String, String> g = new java.util.TreeMap<>();
        m.forEach((k, v) -> {
            if (!SESSION_KEYS.contains(k)) g.put(k, String.valueOf(v));
        });
        this.given = java.util.Collections.unmodifiableMap(g);
        for (String key : m.keySet()) {
            if (!KEYS.containsKey(key)) throw unknownKey(key); // before "is required": a typo names itself
        }
        String url = str(m, "url", null, true);
        this.login = str(m, "login", null, true);
        this.password = str(m, "password", null, true);
        String partner = str(m, "partner", null, false);
        this.registerUri = registerUri(url, partner, login);
        this.deviceLogicalId = str(m, "deviceLogicalId", null, false);
        this.register = str(m, "register", login, false);
        if (!register.matches("[A-Za-z0-9_.\\-]{1,64}")) {
            throw bad("register", "config.register.pattern");
        }
        String dd = str(m, "dataDir", defaultDataDir(), false);
        try {
            this.dataDir = Path.of(dd);
        } catch (InvalidPathException e) {
            throw bad("dataDir", "config.path.invalid", e.getMessage());
        }
        this.connectTimeoutMs = intVal(m, "connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT_MS, 100, 300_000);
        this.readTimeoutMs = intVal(m, "readTimeoutMs", DEFAULT_READ_TIMEOUT_MS, 100, 600_000);
        this.laneWaitMs = intVal(m, "laneWaitMs", connectTimeoutMs + readTimeoutMs + DEFAULT_LANE_EXTRA_MS, 0, 3_600_000);
        String cs = str(m, "charset", "UTF-8", false);
        try {
            this.charset = Charset.forName(cs);
        } catch (RuntimeException e) {
            throw bad("charset", "config.charset.unknown");
        }
        String ts = str(m, "trustStore", null, false);
        this.trustStore = ts == null ? null : Path.of(ts);
        this.trustStorePassword = str(m, "trustStorePassword", null, false);
        this.trustStoreType = str(m, "trustStoreType", "PKCS12", false);
        this.maxResponseBytes = intVal(m, "maxResponseBytes", 1 << 20, 1024, 64 << 20);
        String signerClass = str(m, "signer", null, false);
        this.signer = signerClass == null ? null : loadSigner(signerClass);
        this.offlineRefunds = bool(m, "offlineRefunds", false);
        this.queueMaxItems = intVal(m, "queueMaxItems", 10_000, 0, 10_000_000);
        this.queueMaxAmount = decimal(m, "queueMaxAmount", new java.math.BigDecimal("10000000"));
        this.probeIntervalMs = intVal(m, "probeIntervalMs", 15_000, 50, 3_600_000);
        this.queueWarnAgeHours = intVal(m, "queueWarnAgeHours", 24, 1, 24 * 365);
        JsonNode marker = m.get("offlineMarkerName");
        if (marker != null && marker.isTextual() && marker.asText().isEmpty()) {
            m.remove("offlineMarkerName"); // "" switches the marker off
            this.offlineMarkerName = "";
        } else {
            this.offlineMarkerName = str(m, "offlineMarkerName", "OfflineSale", false);
        }
        this.offlineMarkerValue = str(m, "offlineMarkerValue", "1", false);
        this.logLevel = str(m, "logLevel", "INFO", false).toUpperCase(Locale.ROOT);
        if (!logLevel.matches("TRACE|DEBUG|INFO|WARN|ERROR|OFF")) {
            throw bad("logLevel", "config.logLevel.values");
        }
        String lf = str(m, "logFormat", "text", false);
        if (!lf.equals("text") && !lf.equals("json")) throw bad("logFormat", "config.logFormat.values");
        this.jsonLog = lf.equals("json");
        JsonNode sh = m.remove("shop");
        if (sh != null && !sh.isNull() && !sh.isTextual()) throw bad("shop", "config.string");
        this.shop = sh == null || sh.isNull() ? "" : sh.asText();
        if (!shop.matches("[A-Za-z0-9_.\\- ]{0,64}")) throw bad("shop", "config.shop.pattern");
        // keys read by the native library only; accepted and ignored here
        str(m, "engine", null, false);
        str(m, "jvmPath", null, false);
        str(m, "hostAddress", null, false);
        // the metrics listener of loymax-bridge host and console (HostSettings reads them from their --config files)
        intVal(m, "metricsPort", 0, 0, 65535);
        str(m, "metricsBind", null, false);
        str(m, "metricsTokenFile", null, false);
        // the host's token file: also the secret of the register's owner channel (other processes reach a live register)
        String tf = str(m, "tokenFile", null, false);
        try {
            this.tokenFile = tf == null ? null : Path.of(tf);
        } catch (InvalidPathException e) {
            throw bad("tokenFile", "config.path.invalid", e.getMessage());
        }
        JsonNode jo = m.remove("jvmOptions");
        if (jo != null && !jo.isNull()) {
            boolean ok = jo.isArray();
            for (int i = 0; ok && i < jo.size(); i++) ok = jo.get(i).isTextual();
            if (!ok) throw bad("jvmOptions", "config.jvmOptions.array");
        }
    }

    /** "key "pasword" is unknown: did you mean "password"?" — the closest known key, when one is close. */
    private static BridgeException unknownKey(String key) {
        String shown = key.length() > 64 ? key.substring(0, 64) + "…" : key;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : KEYS.keySet()) {
            int d = distance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        // a near miss: a few edits, fewer than a third of the key (so "url" is not offered for "xyz")
        if (best != null && bestDistance <= Math.max(1, Math.min(3, best.length() / 3))) {
            return Msg.of("config.key.unknown.closest", shown, best).error(Status.CONFIG_INVALID);
        }
        return Msg.of("config.key.unknown", shown, String.join(", ", KEYS.keySet())).error(Status.CONFIG_INVALID);
    }

    /** Edit distance (insertions, deletions, substitutions, and a swap of neighbours counts one). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * Parses a configuration: a JSON object (text starting with '{'), or the path of a file holding one.
     * Its sentences are in the configuration's {@code "language"} (Russian when it has none).
     * @throws BridgeException {@link Status#CONFIG_INVALID} with a sentence naming the key or the problem
     */
    public static BridgeConfig parse(String jsonOrPath) throws BridgeException {
        return parse(jsonOrPath, Language.DEFAULT);
    }

    /**
     * As {@link #parse(String)}; {@code fallback} is the language of a configuration without
     * {@code "language"}, and of the sentences about a configuration that cannot be read at all
     * (a missing file, malformed JSON). The exception's {@link BridgeException#getMessage()} is in
     * that language.
     */
    public static BridgeConfig parse(String jsonOrPath, Language fallback) throws BridgeException {
        Language lang = fallback == null ? Language.DEFAULT : fallback;
        try {
            if (jsonOrPath == null || jsonOrPath.isBlank()) throw Msg.of("config.empty").error(Status.CONFIG_INVALID);
            String text = jsonOrPath.strip();
            if (!text.startsWith("{")) {
                Path p;
                try {
                    p = Path.of(text);
                } catch (InvalidPathException e) {
                    throw Msg.of("config.neither").error(Status.CONFIG_INVALID);
                }
                text = readConfigFile(p);
            }
            JsonNode root;
            try {
                root = Json.parse(text);
            } catch (IOException e) {
                // never Jackson's own message: it quotes the offending token, which may be the password
                throw Msg.of("config.json.invalid", JsonErrors.describe(e)).error(Status.CONFIG_INVALID);
            }
            if (root == null || !root.isObject()) throw Msg.of("config.json.notObject").error(Status.CONFIG_INVALID);
            Map<String, JsonNode> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue());
            }
            JsonNode ln = m.get("language");
            if (ln != null && !ln.isNull()) {
                Language l = ln.isTextual() ? Language.parse(ln.asText()) : null;
                if (l == null) throw bad("language", "config.language.values");
                lang = l;
            }
            return new BridgeConfig(m, lang);
        } catch (BridgeException e) {
            throw e.inLanguage(lang);
        }
    }

    /**
     * The {@code "language"} a configuration declares, or null (none, not readable, not JSON, not a
     * language): for the texts about a configuration that {@link #parse} refuses.
     */
    public static Language declaredLanguage(String jsonOrPath) {
        try {
            if (jsonOrPath == null || jsonOrPath.isBlank()) return null;
            String text = jsonOrPath.strip();
            if (!text.startsWith("{")) text = readConfigFile(Path.of(text));
            JsonNode n = Json.parse(text).get("language");
            return n != null && n.isTextual() ? Language.parse(n.asText()) : null;
        } catch (BridgeException | IOException | RuntimeException e) {
            return null;
        }
    }

    /** This configuration with another language (the command line's {@code --lang}). */
    public BridgeConfig withLanguage(Language language) {
        if (language == null || language == this.language) return this;
        return new BridgeConfig(this, language);
    }

    private BridgeConfig(BridgeConfig c, Language language) {
        this.registerUri = c.registerUri;
        this.login = c.login;
        this.password = c.password;
        this.deviceLogicalId = c.deviceLogicalId;
        this.register = c.register;
        this.dataDir = c.dataDir;
        this.connectTimeoutMs = c.connectTimeoutMs;
        this.readTimeoutMs = c.readTimeoutMs;
        this.laneWaitMs = c.laneWaitMs;
        this.charset = c.charset;
        this.trustStore = c.trustStore;
        this.trustStorePassword = c.trustStorePassword;
        this.trustStoreType = c.trustStoreType;
        this.maxResponseBytes = c.maxResponseBytes;
        this.signer = c.signer;
        this.offlineRefunds = c.offlineRefunds;
        this.queueMaxItems = c.queueMaxItems;
        this.queueMaxAmount = c.queueMaxAmount;
        this.probeIntervalMs = c.probeIntervalMs;
        this.queueWarnAgeHours = c.queueWarnAgeHours;
        this.offlineMarkerName = c.offlineMarkerName;
        this.offlineMarkerValue = c.offlineMarkerValue;
        this.logLevel = c.logLevel;
        this.tokenFile = c.tokenFile;
        this.shop = c.shop;
        this.jsonLog = c.jsonLog;
        this.given = c.given;
        this.language = language;
    }

    /**
     * Reads a configuration file: a regular file (a FIFO or device would block the caller, a folder
     * cannot be one) of at most 1 MiB of UTF-8. The sentence says which of these failed, with the
     * system's reason, and for a relative path the folder it was taken from; never the content.
     */
    static String readConfigFile(Path p) throws BridgeException {
        Msg where = p.isAbsolute() ? Msg.of("config.file", p)
                : Msg.of("config.file.relative", p, Path.of("").toAbsolutePath());
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw Msg.of(a.isDirectory() ? "file.notRegular.folder" : "file.notRegular.special", where).error(Status.CONFIG_INVALID);
            }
            if (a.size() > Json.MAX_INPUT_CHARS) {
                throw Msg.of("file.tooLarge.mib", where).error(Status.CONFIG_INVALID);
            }
            byte[] b = Files.readAllBytes(p);
            String text;
            try {
                text = org.lmxbridge.internal.text.StrictUtf8.decode(b);
            } catch (org.lmxbridge.internal.text.StrictUtf8.InvalidUtf8Exception e) {
                throw Msg.of("file.notUtf8", where, e.offset()).error(Status.CONFIG_INVALID);
            }
            return text.startsWith("\uFEFF") ? text.substring(1) : text; // Notepad writes a BOM
        } catch (java.nio.file.NoSuchFileException e) {
            throw Msg.of("file.notFound", where).error(Status.CONFIG_INVALID);
        } catch (java.nio.file.AccessDeniedException e) {
            throw Msg.of("file.notReadable", where).error(Status.CONFIG_INVALID);
        } catch (IOException | SecurityException e) {
            throw Msg.of("file.cannotRead", where, e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(p.toString()) ? "" : " (" + e.getMessage() + ")"))
                    .error(Status.CONFIG_INVALID);
        }
    }

    private static URI registerUri(String url, String partner, String login) throws BridgeException {
        String u = url.trim();
        if (!u.contains("/XmlExchange/")) {
            if (partner == null) {
                throw bad("url", "config.url.noPartner");
            }
            u = (u.endsWith("/") ? u : u + "/") + "XmlExchange/" + partner + "/" + login + "/";
        } else if (!u.endsWith("/")) {
            u = u + "/";
        }
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw bad("url", "config.url.scheme");
            }
            if (uri.getHost() == null) {
                throw bad("url", "config.url.noHost");
            }
            if (uri.getUserInfo() != null) {
                throw bad("url", "config.url.userInfo");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw bad("url", "config.url.invalid", e.getReason());
        }
    }

    private static RequestSigner loadSigner(String cls) throws BridgeException {
        try {
            Object o = Class.forName(cls).getDeclaredConstructor().newInstance();
            if (!(o instanceof RequestSigner s)) {
                throw bad("signer", "config.signer.notSigner");
            }
            return s;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw bad("signer", "config.signer.notLoaded", e.getClass().getSimpleName());
        }
    }

    /** The default data folder: {@code %ProgramData%\LoymaxBridge} on Windows, {@code ~/.loymax-bridge} elsewhere. */
    public static String defaultDataDir() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String pd = System.getenv("ProgramData");
            return (pd == null ? "C:\\ProgramData" : pd) + "\\" + DEFAULT_DATA_DIR_WINDOWS;
        }
        return System.getProperty("user.home") + "/" + DEFAULT_DATA_DIR_POSIX;
    }

    /** "configuration key "KEY" " + the sentence {@code what} (a catalogue key) with its arguments. */
    private static BridgeException bad(String key, String what, Object... args) {
        return Msg.of("config.key", key, Msg.of(what, args)).error(Status.CONFIG_INVALID);
    }

    private static String str(Map<String, JsonNode> m, String key, String def, boolean required) throws BridgeException {
        JsonNode n = m.remove(key);
        if (n == null || n.isNull()) {
            if (required) throw bad(key, "config.required");
            return def;
        }
        if (!n.isTextual()) throw bad(key, "config.string");
        String s = n.asText();
        if (s.isBlank()) {
            if (required) throw bad(key, "config.notEmpty");
            return def;
        }
        return s;
    }

    private static int intVal(Map<String, JsonNode> m, String key, int def, int min, int max) throws BridgeException {
        JsonNode n = m.remove(key);
        if (n == null || n.isNull()) return def;
        long v;
        if (n.isIntegralNumber()) {
            v = n.asLong();
        } else if (n.isTextual() && n.asText().trim().matches("\\d{1,10}")) {
            v = Long.parseLong(n.asText().trim());
        } else {
            throw bad(key, "config.wholeNumber");
        }
        if (v < min || v > max) throw bad(key, "config.range", min, max, v);
        return (int) v;
    }

    private static boolean bool(Map<String, JsonNode> m, String key, boolean def) throws BridgeException {
        JsonNode n = m.remove(key);
        if (n == null || n.isNull()) return def;
        if (n.isBoolean()) return n.asBoolean();
        if (n.isTextual() && n.asText().matches("(?i)true|false")) return Boolean.parseBoolean(n.asText());
        throw bad(key, "config.boolean");
    }

    private static java.math.BigDecimal decimal(Map<String, JsonNode> m, String key, java.math.BigDecimal def)
            throws BridgeException {
        JsonNode n = m.remove(key);
        if (n == null || n.isNull()) return def;
        try {
            java.math.BigDecimal v = new java.math.BigDecimal(n.asText().trim());
            if (v.signum() < 0) throw bad(key, "config.negative");
            return v;
        } catch (NumberFormatException e) {
            throw bad(key, "config.decimal");
        }
    }

    public URI registerUri() { return registerUri; }
    public String login() { return login; }
    /** The register password; hand it only to the transport. */
    public String password() { return password; }
    public String deviceLogicalId() { return deviceLogicalId; }
    public String register() { return register; }
    public Path dataDir() { return dataDir; }
    public int connectTimeoutMs() { return connectTimeoutMs; }
    public int readTimeoutMs() { return readTimeoutMs; }
    public int laneWaitMs() { return laneWaitMs; }
    public Charset charset() { return charset; }
    public Path trustStore() { return trustStore; }
    public String trustStorePassword() { return trustStorePassword; }
    public String trustStoreType() { return trustStoreType; }
    public int maxResponseBytes() { return maxResponseBytes; }
    public RequestSigner signer() { return signer; }
    public boolean offlineRefunds() { return offlineRefunds; }
    public int queueMaxItems() { return queueMaxItems; }
    public java.math.BigDecimal queueMaxAmount() { return queueMaxAmount; }
    public int probeIntervalMs() { return probeIntervalMs; }
    public int queueWarnAgeHours() { return queueWarnAgeHours; }
    /** The Param name that marks a replayed offline sale; empty when no marker is sent. */
    public String offlineMarkerName() { return offlineMarkerName; }
    public String offlineMarkerValue() { return offlineMarkerValue; }
    public String logLevel() { return logLevel; }
    /** True with {@code "logFormat":"json"}: each operation's log line is also written as JSON ({@code operations.jsonl}). */
    public boolean jsonLog() { return jsonLog; }
    /** The {@code "shop"} label ("" when none). */
    public String shop() { return shop; }
    /** The partner code: the path segment after {@code XmlExchange} of the register URL. */
    public String partner() {
        String[] seg = registerUri.getPath().split("/");
        for (int i = 0; i + 1 < seg.length; i++) {
            if (seg[i].equals("XmlExchange")) return seg[i + 1];
        }
        return "";
    }
    /**
     * {@code tokenFile}, else {@code <dataDir>/host.token}: the host's token, also the secret of a register's owner channel.
     * A {@code tokenFile} that is not an absolute path here is not used: a Windows client's path seen by a host on Linux
     * ({@code Z:\\…}, a Windows program under wine) or a relative path would otherwise name a file in whatever folder this
     * process runs in.
     */
    public Path tokenFile() { return tokenFile != null && tokenFile.isAbsolute() ? tokenFile : org.lmxbridge.internal.host.TokenFile.defaultPath(dataDir); }
    /** The language of the bridge's sentences for this register ({@code "language"}; Russian by default). */
    public Language language() { return language; }

    /** The identity of the processing register: one lane and one queue per key in a process. */
    public String registerKey() {
        return registerUri + "|" + login;
    }

    /**
     * Keys that are not the register's settings: the language is each session's own; the JVM keys
     * concern the native library's one VM, not a register.
     */
    private static final java.util.Set<String> SESSION_KEYS = java.util.Set.of("language", "engine", "jvmPath", "jvmOptions");

    /**
     * The keys (names only) this configuration gives otherwise than {@code other} — given in one and not
     * the other, or with another value; the language and the native library's JVM keys are not compared.
     * Sessions of one register in a process share its first session's settings: this names what a later
     * session asked for in vain.
     */
    public java.util.SortedSet<String> keysDifferingFrom(BridgeConfig other) {
        java.util.SortedSet<String> keys = new java.util.TreeSet<>();
        for (String k : given.keySet()) if (!given.get(k).equals(other.given.get(k))) keys.add(k);
        for (String k : other.given.keySet()) if (!given.containsKey(k)) keys.add(k);
        return keys;
    }

    @Override
    public String toString() {
        return "BridgeConfig[url=" + registerUri + ", login=" + login + ", register=" + register + ", dataDir=" + dataDir
                + ", connectTimeoutMs=" + connectTimeoutMs + ", readTimeoutMs=" + readTimeoutMs + ", password=***]";
    }
}
