package org.lmxbridge.internal.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;

/**
 * Where the metrics listen and whom they answer: {@code metricsPort} (0 = off), {@code metricsBind}
 * (127.0.0.1 by default) and {@code metricsTokenFile}. Serving anything but the loopback interface
 * needs a token file (a shop network is not a trusted one); a token file given is enforced on
 * loopback too. The sentences are the catalogue's ({@code metrics.*}). Internal.
 *
 * @param token the bearer token, or null when none is required
 * @param tokenFile where it was read from, or null
 */
public record MetricsSettings(InetAddress bind, int port, String token, Path tokenFile) {
    /** Shortest token accepted: a guessable one would make the setting a formality. */
    public static final int MIN_TOKEN_CHARS = 16;

    /**
     * @param port {@code metricsPort} (1–65535; 0 or null = off, then null is returned)
     * @param bind {@code metricsBind} or null (127.0.0.1)
     * @param tokenFile {@code metricsTokenFile} or null
     * @throws BridgeException {@link Status#CONFIG_INVALID} with the catalogue's sentence
     */
    public static MetricsSettings resolve(Integer port, String bind, Path tokenFile) throws BridgeException {
        if (port == null || port == 0) return null;
        if (port < 0 || port > 65535) throw Msg.of("metrics.port.range", port).error(Status.CONFIG_INVALID);
        InetAddress addr;
        String b = bind == null || bind.isBlank() ? "127.0.0.1" : bind.strip();
        try {
            addr = InetAddress.getByName(b.startsWith("[") && b.endsWith("]") ? b.substring(1, b.length() - 1) : b);
        } catch (UnknownHostException e) {
            throw Msg.of("metrics.bind.unknown", b).error(Status.CONFIG_INVALID);
        }
        String token = null;
        if (tokenFile != null) {
            token = readToken(tokenFile);
        } else if (!addr.isLoopbackAddress()) {
            throw Msg.of("metrics.token.required", b).error(Status.CONFIG_INVALID);
        }
        return new MetricsSettings(addr, port, token, tokenFile);
    }

    private static String readToken(Path f) throws BridgeException {
        String t;
        try {
            if (!Files.isRegularFile(f) || Files.size(f) > 4096) throw Msg.of("metrics.token.notFile", f).error(Status.CONFIG_INVALID);
            t = Files.readString(f, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw Msg.of("metrics.token.unreadable", f, e.getClass().getSimpleName()).error(Status.CONFIG_INVALID);
        }
        if (t.length() < MIN_TOKEN_CHARS || t.chars().anyMatch(c -> c <= 0x20 || c == 0x7F)) {
            throw Msg.of("metrics.token.weak", f, MIN_TOKEN_CHARS).error(Status.CONFIG_INVALID);
        }
        return t;
    }

    /** "127.0.0.1:9464" or "[::1]:9464". */
    public String address(int actualPort) {
        String h = bind.getHostAddress();
        return (bind instanceof java.net.Inet6Address ? "[" + h + "]" : h) + ":" + actualPort;
    }
}
