package org.lmxbridge.internal.host;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.text.Msg;

/**
 * Where the host listens and keeps its token, from command-line values and register
 * configuration files ({@code loymax-bridge host --config FILE}): a command-line value wins;
 * otherwise the configurations' {@code hostAddress}, {@code tokenFile} and {@code dataDir} (which
 * must agree when several files give them); otherwise 127.0.0.1:21847 and
 * {@code <dataDir>/host.token} with the platform's default data folder. A refusal is a
 * {@link BridgeException} ({@link Status#CONFIG_INVALID}) with a catalogue sentence: this class does
 * not know who reads it, the host command renders it in its own language. Internal.
 */
public final class HostSettings {
    private HostSettings() {
    }

    /** The outcome. */
    public record Resolved(InetAddress bind, int port, Path dataDir, Path tokenFile) {
    }

    /** An address {@code host[:port]} ({@code [::1]:port} for IPv6) on the loopback interface. */
    public record Address(InetAddress host, int port) {
    }

    /**
     * @param configFiles register configurations (JSON objects); only the three keys are read here
     * @param bind {@code --bind} or null
     * @param port {@code --port} or null
     * @param dataDir {@code --data-dir} or null
     * @param tokenFile {@code --token-file} or null
     * @throws BridgeException {@link Status#CONFIG_INVALID}, a sentence naming the bad value
     */
    public static Resolved resolve(List<Path> configFiles, String bind, Integer port, Path dataDir, Path tokenFile)
            throws BridgeException {
        String cfgAddress = null;
        String cfgToken = null;
        String cfgDataDir = null;
        for (Path f : configFiles) {
            JsonNode root = readObject(f);
            cfgAddress = agree(cfgAddress, text(root, "hostAddress", f), "hostAddress", f);
            cfgToken = agree(cfgToken, text(root, "tokenFile", f), "tokenFile", f);
            cfgDataDir = agree(cfgDataDir, text(root, "dataDir", f), "dataDir", f);
        }
        Address a = parseAddress(cfgAddress == null ? "127.0.0.1" : cfgAddress, "hostAddress");
        InetAddress host = bind != null ? parseAddress(bind, "--bind").host() : a.host();
        int p = port != null ? port : a.port();
        if (p < 0 || p > 65535) throw refused("option.port.range", "--port", p);
        Path dd = dataDir != null ? dataDir : path(cfgDataDir != null ? cfgDataDir : BridgeConfig.defaultDataDir(), "dataDir");
        Path tf = tokenFile != null ? tokenFile : cfgToken != null ? path(cfgToken, "tokenFile") : TokenFile.defaultPath(dd);
        return new Resolved(host, p, dd, tf);
    }

    /**
     * The metrics listener of the host: {@code --metrics-port} wins over the configurations'
     * {@code metricsPort}; {@code metricsBind} and {@code metricsTokenFile} come from the configurations
     * (which must agree when several give them). Null when the metrics are off.
     * @throws org.lmxbridge.BridgeException a configuration file cannot be read, the files disagree, or the
     *     settings are refused ({@link org.lmxbridge.internal.metrics.MetricsSettings#resolve})
     */
    public static org.lmxbridge.internal.metrics.MetricsSettings metrics(List<Path> configFiles, Integer metricsPort)
            throws org.lmxbridge.BridgeException {
        java.util.Map<Path, JsonNode> roots = new java.util.LinkedHashMap<>();
        for (Path f : configFiles) roots.put(f, readObject(f));
        return metricsOf(roots, metricsPort);
    }

    /** As {@link #metrics(List, Integer)}, from configurations already read (by where they came from). */
    public static org.lmxbridge.internal.metrics.MetricsSettings metricsOf(java.util.Map<Path, JsonNode> configs, Integer metricsPort)
            throws org.lmxbridge.BridgeException {
        String cfgPort = null;
        String cfgBind = null;
        String cfgToken = null;
        for (java.util.Map.Entry<Path, JsonNode> e : configs.entrySet()) {
            Path f = e.getKey();
            JsonNode root = e.getValue();
            JsonNode p = root.get("metricsPort");
            String ps = p == null || p.isNull() ? null : p.isIntegralNumber() ? Long.toString(p.asLong()) : p.asText();
            cfgPort = agree(cfgPort, ps, "metricsPort", f);
            cfgBind = agree(cfgBind, text(root, "metricsBind", f), "metricsBind", f);
            cfgToken = agree(cfgToken, text(root, "metricsTokenFile", f), "metricsTokenFile", f);
        }
        Integer port = metricsPort;
        if (port == null && cfgPort != null) {
            if (!cfgPort.strip().matches("\\d{1,5}")) {
                throw org.lmxbridge.internal.text.Msg.of("metrics.port.range", cfgPort).error(org.lmxbridge.Status.CONFIG_INVALID);
            }
            port = Integer.parseInt(cfgPort.strip());
        }
        return org.lmxbridge.internal.metrics.MetricsSettings.resolve(port, cfgBind,
                cfgToken == null ? null : path(cfgToken, "metricsTokenFile"));
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port} (default port 21847).
     * @param what the name of the setting ({@code hostAddress}, {@code --bind}) the sentence names
     * @throws BridgeException {@link Status#CONFIG_INVALID}: not an address, or not a loopback one
     */
    public static Address parseAddress(String s, String what) throws BridgeException {
        String t = s.trim();
        String host = t;
        int port = HostProtocol.DEFAULT_PORT;
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            if (end < 0) throw refused("host.settings.address.bracket", what, s);
            host = t.substring(1, end);
            String rest = t.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) throw refused("host.settings.address.form", what, s);
                port = port(rest.substring(1), s, what);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = port(t.substring(t.indexOf(':') + 1), s, what);
        }
        if (host.isEmpty()) host = "127.0.0.1";
        InetAddress addr;
        try {
            addr = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw refused("host.settings.address.unresolved", what, s, host);
        }
        if (!addr.isLoopbackAddress()) {
            throw refused("host.settings.address.notLoopback", what, s);
        }
        return new Address(addr, port);
    }

    private static int port(String p, String s, String what) throws BridgeException {
        if (!p.matches("\\d{1,5}") || Integer.parseInt(p) > 65535) {
            throw refused("host.settings.address.port", what, s);
        }
        return Integer.parseInt(p);
    }

    private static JsonNode readObject(Path f) throws BridgeException {
        try {
            if (Files.size(f) > Json.MAX_INPUT_CHARS) throw refused("host.settings.file.tooLarge", f);
            String text = Files.readString(f, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            JsonNode root;
            try {
                root = Json.parse(text);
            } catch (IOException e) {
                // not Jackson's own message: it quotes the text ("Unrecognized token 'Pa55w0rd'"), which holds the password
                throw refused("host.settings.file.notJson", f, org.lmxbridge.internal.json.JsonErrors.describe(e));
            }
            if (root == null || !root.isObject()) throw refused("host.settings.file.notObject", f);
            return root;
        } catch (IOException e) {
            throw refused("host.settings.file.unreadable", f, e.getMessage());
        }
    }

    private static String text(JsonNode root, String key, Path f) throws BridgeException {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw refused("host.settings.file.keyString", f, key);
        return n.asText().isBlank() ? null : n.asText();
    }

    private static String agree(String before, String now, String key, Path f) throws BridgeException {
        if (before == null) return now;
        if (now == null || Objects.equals(before, now)) return before;
        // the reason after the semicolon is the keys' own: the listener's, or the metrics'
        throw refused(key.startsWith("metrics") ? "host.settings.disagree.metrics" : "host.settings.disagree", key, f, now, before);
    }

    private static Path path(String p, String key) throws BridgeException {
        try {
            return Path.of(p);
        } catch (InvalidPathException e) {
            throw refused("host.settings.path.invalid", key, e.getMessage());
        }
    }

    private static BridgeException refused(String key, Object... args) {
        return Msg.of(key, args).error(Status.CONFIG_INVALID);
    }
}
