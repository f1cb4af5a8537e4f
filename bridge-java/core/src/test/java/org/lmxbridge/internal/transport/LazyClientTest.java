package org.lmxbridge.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.Bridge;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.testing.StubProcessing;

/**
 * The HTTP client is created by the first request, not at open (cold start of an embedded register);
 * trust-store errors are still configuration errors: at open when the file cannot be read, at the
 * first request (same status and sentence) when it cannot be loaded.
 */
class LazyClientTest {
    static final byte[] BODY = StubProcessing.BALANCE_OK.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    String cfg(String url, String extra) {
        return "{\"url\":\"" + url + "\",\"login\":\"t1\",\"password\":\"pw\",\"dataDir\":\""
                + dir.resolve("data").toString().replace("\\", "/") + "\"" + extra + "}";
    }

    static Object client(HttpTransport t) throws Exception {
        Field f = HttpTransport.class.getDeclaredField("client");
        f.setAccessible(true);
        return f.get(t);
    }

    @Test
    void clientIsCreatedByTheFirstRequestOnly() throws Exception {
        try (StubProcessing srv = new StubProcessing()) {
            HttpTransport t = new HttpTransport(BridgeConfig.parse(cfg(srv.url("p1", "t1"), "")));
            assertNull(client(t), "no HttpClient at open");
            assertTrue(new String(t.post(BODY), java.nio.charset.StandardCharsets.UTF_8).contains("XMLResponse"));
            Object first = client(t);
            assertNotNull(first);
            t.post(BODY);
            assertTrue(first == client(t), "one client per transport");
        }
    }

    @Test
    void concurrentFirstRequestsShareOneClient() throws Exception {
        try (StubProcessing srv = new StubProcessing()) {
            HttpTransport t = new HttpTransport(BridgeConfig.parse(cfg(srv.url("p1", "t1"), "")));
            Set<Object> seen = ConcurrentHashMap.newKeySet();
            List<Throwable> errors = new ArrayList<>();
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread th = new Thread(() -> {
                    try {
                        t.post(BODY);
                        seen.add(client(t));
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) th.join(20_000);
            assertTrue(errors.isEmpty(), errors.toString());
            assertEquals(1, seen.size());
        }
    }

    @Test
    void missingTrustStoreIsAConfigErrorAtOpen() {
        String c = cfg("https://127.0.0.1:1/XmlExchange/p1/t1/", ",\"trustStore\":\"" + dir.resolve("nope.p12").toString().replace("\\", "/") + "\"");
        BridgeException e = assertThrows(BridgeException.class, () -> new HttpTransport(BridgeConfig.parse(c)));
        assertEquals(Status.CONFIG_INVALID, e.status());
        assertTrue(e.getMessage().startsWith("ключ конфигурации \"trustStore\": не удаётся загрузить "), e.getMessage());
        BridgeException e2 = assertThrows(BridgeException.class, () -> Bridge.open(c).close());
        assertEquals(Status.CONFIG_INVALID, e2.status());
    }

    @Test
    void folderAsTrustStoreIsAConfigErrorAtOpen() throws Exception {
        Path d = Files.createDirectories(dir.resolve("store-dir"));
        String c = cfg("https://127.0.0.1:1/XmlExchange/p1/t1/", ",\"trustStore\":\"" + d.toString().replace("\\", "/") + "\"");
        BridgeException e = assertThrows(BridgeException.class, () -> new HttpTransport(BridgeConfig.parse(c)));
        assertEquals(Status.CONFIG_INVALID, e.status());
    }

    @Test
    void unloadableTrustStoreFailsTheFirstRequestWithTheSameSentence() throws Exception {
        Path bad = dir.resolve("bad.p12");
        Files.writeString(bad, "not a key store");
        String c = cfg("https://127.0.0.1:1/XmlExchange/p1/t1/", ",\"trustStore\":\"" + bad.toString().replace("\\", "/") + "\"");
        HttpTransport t = new HttpTransport(BridgeConfig.parse(c)); // readable: open succeeds
        TransportException e = assertThrows(TransportException.class, () -> t.post(BODY));
        assertEquals(Status.CONFIG_INVALID, e.status());
        assertFalse(e.requestMayHaveLeft());
        assertFalse(e.isOffline(), "a configuration error does not put the register offline");
        assertTrue(e.getMessage().startsWith("ключ конфигурации \"trustStore\": не удаётся загрузить " + bad + " как PKCS12: "), e.getMessage());
        assertNull(client(t), "a failed creation is not remembered: the next request tries again");
        try (Bridge b = Bridge.open(c)) {
            OperationResult r = b.balance(Identifier.of("8690003"));
            assertEquals(Status.CONFIG_INVALID, r.status(), r.toString());
            assertTrue(r.error().message().contains("\"trustStore\""), r.error().message());
        }
    }
}
