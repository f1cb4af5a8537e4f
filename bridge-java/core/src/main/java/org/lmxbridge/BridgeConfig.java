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

    /** Every accepted key with a one-line description (also printed by {@code loymax-bridge call --help}). */
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
        k.put("engine", "native library only: inprocess (default) or host");
        k.put("jvmPath", "native library only: path of jvm.dll / libjvm.so to use");
        k.put("jvmOptions", "native library only: extra JVM options");
        k.put("hostAddress", "native library only: host engine address (default 127.0.0.1:21847)");
        k.put("tokenFile", "native library only: host engine token file");
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

    private BridgeConfig(Map<String, JsonNode> m) throws BridgeException {
        String url = str(m, "url", null, true);
        this.login = str(m, "login", null, true);
        this.password = str(m, "password", null, true);
        String partner = str(m, "partner", null, false);
        this.registerUri = registerUri(url, partner, login);
        this.deviceLogicalId = str(m, "deviceLogicalId", null, false);
        this.register = str(m, "register", login, false);
        if (!register.matches("[A-Za-z0-9_.\\-]{1,64}")) {
            throw bad("register", "must be 1–64 letters, digits, '.', '_' or '-' (it names the queue file)");
        }
        String dd = str(m, "dataDir", defaultDataDir(), false);
        try {
            this.dataDir = Path.of(dd);
        } catch (InvalidPathException e) {
            throw bad("dataDir", "is not a valid path: " + e.getMessage());
        }
        this.connectTimeoutMs = intVal(m, "connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT_MS, 100, 300_000);
        this.readTimeoutMs = intVal(m, "readTimeoutMs", DEFAULT_READ_TIMEOUT_MS, 100, 600_000);
        this.laneWaitMs = intVal(m, "laneWaitMs", connectTimeoutMs + readTimeoutMs + DEFAULT_LANE_EXTRA_MS, 0, 3_600_000);
        String cs = str(m, "charset", "UTF-8", false);
        try {
            this.charset = Charset.forName(cs);
        } catch (RuntimeException e) {
            throw bad("charset", "is not a charset this Java knows (try UTF-8 or windows-1251)");
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
            throw bad("logLevel", "must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
        }
        // keys read by the native library only; accepted and ignored here
        str(m, "engine", null, false);
        str(m, "jvmPath", null, false);
        str(m, "hostAddress", null, false);
        // the host's token file: also the secret of the register's owner channel (other processes reach a live register)
        String tf = str(m, "tokenFile", null, false);
        try {
            this.tokenFile = tf == null ? null : Path.of(tf);
        } catch (InvalidPathException e) {
            throw bad("tokenFile", "is not a valid path: " + e.getMessage());
        }
        JsonNode jo = m.remove("jvmOptions");
        if (jo != null && !jo.isNull()) {
            boolean ok = jo.isArray();
            for (int i = 0; ok && i < jo.size(); i++) ok = jo.get(i).isTextual();
            if (!ok) throw bad("jvmOptions", "must be an array of strings, e.g. [\"-Xmx128m\"]");
        }
        if (!m.isEmpty()) {
            String key = m.keySet().iterator().next();
            throw new BridgeException(Status.CONFIG_INVALID, "configuration key \"" + key + "\" is unknown; known keys: "
                    + String.join(", ", KEYS.keySet()));
        }
    }

    /**
     * Parses a configuration: a JSON object (text starting with '{'), or the path of a file holding one.
     * @throws BridgeException {@link Status#CONFIG_INVALID} with a sentence naming the key or the problem
     */
    public static BridgeConfig parse(String jsonOrPath) throws BridgeException {
        if (jsonOrPath == null || jsonOrPath.isBlank()) {
            throw new BridgeException(Status.CONFIG_INVALID,
                    "the configuration is empty: give a JSON object such as {\"url\":…,\"login\":…,\"password\":…} or the path of a file holding one");
        }
        String text = jsonOrPath.strip();
        if (!text.startsWith("{")) {
            Path p;
            try {
                p = Path.of(text);
            } catch (InvalidPathException e) {
                throw new BridgeException(Status.CONFIG_INVALID, "the configuration is neither a JSON object nor a valid file path");
            }
            text = readConfigFile(p);
        }
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (IOException e) {
            // never Jackson's own message: it quotes the offending token, which may be the password
            throw new BridgeException(Status.CONFIG_INVALID, "the configuration is not valid JSON: "
                    + org.lmxbridge.internal.json.JsonErrors.describe(e));
        }
        if (root == null || !root.isObject()) {
            throw new BridgeException(Status.CONFIG_INVALID, "the configuration must be a JSON object");
        }
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue());
        }
        return new BridgeConfig(m);
    }

    /**
     * Reads a configuration file: a regular file (a FIFO or device would block the caller, a folder
     * cannot be one) of at most 1 MiB of UTF-8. The sentence says which of these failed, with the
     * system's reason, and for a relative path the folder it was taken from; never the content.
     */
    static String readConfigFile(Path p) throws BridgeException {
        String where = p.isAbsolute() ? "configuration file " + p
                : "configuration file " + p + " (a relative path, taken from the working directory " + Path.of("").toAbsolutePath() + ")";
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw new BridgeException(Status.CONFIG_INVALID, where + " is not a regular file (it is "
                        + (a.isDirectory() ? "a folder" : "a FIFO, device or socket") + ")");
            }
            if (a.size() > Json.MAX_INPUT_CHARS) {
                throw new BridgeException(Status.CONFIG_INVALID, where + " is larger than 1 MiB");
            }
            byte[] b = Files.readAllBytes(p);
            String text;
            try {
                text = org.lmxbridge.internal.text.StrictUtf8.decode(b);
            } catch (org.lmxbridge.internal.text.StrictUtf8.InvalidUtf8Exception e) {
                throw new BridgeException(Status.CONFIG_INVALID, where + " is not UTF-8 text (byte offset " + e.offset()
                        + "); save it as UTF-8");
            }
            return text.startsWith("\uFEFF") ? text.substring(1) : text; // Notepad writes a BOM
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BridgeException(Status.CONFIG_INVALID, where + " is not found");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new BridgeException(Status.CONFIG_INVALID, where + " is not readable by this process (permission denied)");
        } catch (IOException | SecurityException e) {
            throw new BridgeException(Status.CONFIG_INVALID, where + " cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(p.toString()) ? "" : " (" + e.getMessage() + ")"));
        }
    }

    private static URI registerUri(String url, String partner, String login) throws BridgeException {
        String u = url.trim();
        if (!u.contains("/XmlExchange/")) {
            if (partner == null) {
                throw bad("url", "must be the register URL …/XmlExchange/{partner}/{login}/, or give \"partner\" as well");
            }
            u = (u.endsWith("/") ? u : u + "/") + "XmlExchange/" + partner + "/" + login + "/";
        } else if (!u.endsWith("/")) {
            u = u + "/";
        }
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw bad("url", "must start with https:// or http://");
            }
            if (uri.getHost() == null) {
                throw bad("url", "has no host name");
            }
            if (uri.getUserInfo() != null) {
                throw bad("url", "must not carry a user or password; use \"login\" and \"password\"");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw bad("url", "is not a valid URL: " + e.getReason());
        }
    }

    private static RequestSigner loadSigner(String cls) throws BridgeException {
        try {
            Object o = Class.forName(cls).getDeclaredConstructor().newInstance();
            if (!(o instanceof RequestSigner s)) {
                throw bad("signer", "names a class that does not implement org.lmxbridge.spi.RequestSigner");
            }
            return s;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw bad("signer", "names a class that cannot be loaded (" + e.getClass().getSimpleName() + ")");
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

    private static BridgeException bad(String key, String what) {
        return new BridgeException(Status.CONFIG_INVALID, "configuration key \"" + key + "\" " + what);
    }

    private static String str(Map<String, JsonNode> m, String key, String def, boolean required) throws BridgeException {
        JsonNode n = m.remove(key);
        if (n == null || n.isNull()) {
            if (required) throw bad(key, "is required");
            return def;
        }
        if (!n.isTextual()) throw bad(key, "must be a string");
        String s = n.asText();
        if (s.isBlank()) {
            if (required) throw bad(key, "must not be empty");
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
            throw bad(key, "must be a whole number");
        }
        if (v < min || v > max) throw bad(key, "must be between " + min + " and " + max + ", got " + v);
        return (int) v;
    }

    private static boolean bool(Map<String, JsonNode> m, String key, boolean def) throws BridgeException {
        JsonNode n = m.remove(key);
        if (n == null || n.isNull()) return def;
        if (n.isBoolean()) return n.asBoolean();
        if (n.isTextual() && n.asText().matches("(?i)true|false")) return Boolean.parseBoolean(n.asText());
        throw bad(key, "must be true or false");
    }

    private static java.math.BigDecimal decimal(Map<String, JsonNode> m, String key, java.math.BigDecimal def)
            throws BridgeException {
        JsonNode n = m.remove(key);
        if (n == null || n.isNull()) return def;
        try {
            java.math.BigDecimal v = new java.math.BigDecimal(n.asText().trim());
            if (v.signum() < 0) throw bad(key, "must not be negative");
            return v;
        } catch (NumberFormatException e) {
            throw bad(key, "must be a decimal number");
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
    /**
     * {@code tokenFile}, else {@code <dataDir>/host.token}: the host's token, also the secret of a register's owner channel.
     * A {@code tokenFile} that is not an absolute path here is not used: a Windows client's path seen by a host on Linux
     * ({@code Z:\\…}, a Windows program under wine) or a relative path would otherwise name a file in whatever folder this
     * process runs in.
     */
    public Path tokenFile() { return tokenFile != null && tokenFile.isAbsolute() ? tokenFile : dataDir.resolve("host.token"); }

    /** The identity of the processing register: one lane and one queue per key in a process. */
    public String registerKey() {
        return registerUri + "|" + login;
    }

    @Override
    public String toString() {
        return "BridgeConfig[url=" + registerUri + ", login=" + login + ", register=" + register + ", dataDir=" + dataDir
                + ", connectTimeoutMs=" + connectTimeoutMs + ", readTimeoutMs=" + readTimeoutMs + ", password=***]";
    }
}
