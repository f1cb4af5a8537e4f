package org.lmxbridge.internal.transport;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;

/**
 * The process's HTTP clients, one per scheme (http, https), connect timeout and trust store (file, type,
 * password, size and modification time), shared by every register and kept for the life of the process. Java 17's
 * {@code HttpClient} has no {@code close()}: each one holds a selector thread and its pooled
 * connections until it is garbage collected, so a client per open leaked ~1 thread and ~3 file
 * descriptors per open/close cycle (issue 11: 16 → 947 threads over 300 receipts). Sharing keeps the
 * count flat: one selector thread per distinct client, and keep-alive connections reused across opens.
 * At most {@link #MAX} distinct clients are kept; the least recently used one beyond that is dropped
 * (the garbage collector ends its thread). Internal.
 */
final class HttpClients {
    private HttpClients() {
    }

    static final int MAX = 8;

    /** A factory that may fail with the trust store's CONFIG_INVALID. */
    interface Factory {
        HttpClient make() throws BridgeException;
    }

    private record Key(boolean https, int connectTimeoutMs, String trustStore, String type, int passwordHash, long size, long modified) {
    }

    private static final Map<Key, HttpClient> CLIENTS = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, HttpClient> eldest) {
            return size() > MAX;
        }
    };

    static HttpClient get(BridgeConfig cfg, Factory factory) throws BridgeException {
        Key k = key(cfg);
        synchronized (CLIENTS) {
            HttpClient c = CLIENTS.get(k);
            if (c == null) {
                c = factory.make();
                CLIENTS.put(k, c);
            }
            return c;
        }
    }

    /** Distinct clients held now (for tests). */
    static int count() {
        synchronized (CLIENTS) {
            return CLIENTS.size();
        }
    }

    private static Key key(BridgeConfig cfg) {
        Path ts = cfg.trustStore();
        long size = -1;
        long modified = -1;
        String path = null;
        if (ts != null) {
            path = ts.toAbsolutePath().toString();
            try {
                size = Files.size(ts);
                modified = Files.getLastModifiedTime(ts).toMillis();
            } catch (Exception e) {
                // an unreadable store fails when the client is made; the key only needs to differ
            }
        }
        return new Key("https".equalsIgnoreCase(cfg.registerUri().getScheme()), cfg.connectTimeoutMs(), path, ts == null ? null : cfg.trustStoreType(),
                Objects.hashCode(cfg.trustStorePassword()), size, modified);
    }
}
