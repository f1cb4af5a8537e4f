package org.lmxbridge.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small real HTTP server for core tests that need a peer but not the loyalty rules (the
 * emulator module has those): answers each POST with a function of the body after an optional
 * delay, and records, per URL path (= per register), how many requests were in flight at once.
 */
public final class StubProcessing implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    public volatile int delayMs;
    public volatile int httpStatus = 200;
    public volatile Function<String, String> answer = body -> BALANCE_OK;

    public static final String BALANCE_OK = "<?xml version=\"1.0\" encoding=\"utf-8\"?><XMLResponse><Version>3.2</Version>"
            + "<ErrorCode>0</ErrorCode><Balances><BalanceResponse ErrorCode=\"0\" BonusAmount=\"10.00\" Currency=\"RUB\"/>"
            + "</Balances></XMLResponse>";

    public StubProcessing() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stub-processing");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            AtomicInteger cur = inFlight.computeIfAbsent(path, k -> new AtomicInteger());
            int now = cur.incrementAndGet();
            maxInFlight.computeIfAbsent(path, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            requests.incrementAndGet();
            boolean counted = true;
            try {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (delayMs > 0) Thread.sleep(delayMs);
                byte[] out = answer.apply(body).getBytes(StandardCharsets.UTF_8);
                // no longer in flight once the answer leaves: the client may send the next request on the
                // same kept-alive connection before this thread gets to the finally block
                cur.decrementAndGet();
                counted = false;
                ex.sendResponseHeaders(httpStatus, out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (counted) cur.decrementAndGet();
                ex.close();
            }
        });
        server.start();
    }

    public String url(String partner, String login) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/XmlExchange/" + partner + "/" + login + "/";
    }

    public String config(String login) {
        return "{\"url\":\"" + url("p1", login) + "\",\"login\":\"" + login + "\",\"password\":\"pw\",\"readTimeoutMs\":5000,"
                + "\"dataDir\":\"" + tempDataDir() + "\"}";
    }

    /** {@link #config(String)} with {@code "language"} ("en" for the English texts; Russian is the default). */
    public String config(String login, String language) {
        String c = config(login);
        return c.substring(0, c.length() - 1) + ",\"language\":\"" + language + "\"}";
    }

    private static String tempDir;

    /** One temporary data folder for the tests of this JVM, so no queue file lands in the user's home. */
    public static synchronized String tempDataDir() {
        if (tempDir == null) {
            try {
                java.nio.file.Path d = java.nio.file.Files.createTempDirectory("lmx-core-test");
                tempDir = d.toString().replace("\\", "/");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return tempDir;
    }

    public int maxInFlight(String login) {
        AtomicInteger a = maxInFlight.get("/XmlExchange/p1/" + login + "/");
        return a == null ? 0 : a.get();
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
