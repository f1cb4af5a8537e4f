package org.lmxbridge.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.lmxbridge.Bridge;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.Status;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.testing.StubProcessing;

/** The transport against a real local server: status mapping, body cap, timeouts, auth header. */
class TransportTest {
    static final byte[] BODY = StubProcessing.BALANCE_OK.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    static String cfg(StubProcessing srv, String login, String extra) {
        return "{\"url\":\"" + srv.url("p1", login) + "\",\"login\":\"" + login + "\",\"password\":\"pw\",\"dataDir\":\""
                + StubProcessing.tempDataDir() + "\"" + extra + "}";
    }

    static HttpTransport transport(StubProcessing srv, String login, String extra) throws Exception {
        return new HttpTransport(BridgeConfig.parse(cfg(srv, login, extra)));
    }

    @Test
    void sendsBasicAuthAndXml() throws Exception {
        try (StubProcessing srv = new StubProcessing(); Bridge b = Bridge.open(cfg(srv, "t1", ""))) {
            assertTrue(b.balance(Identifier.of("8690003")).ok());
        }
    }

    @Test
    void http401IsAuthFailure() throws Exception {
        try (StubProcessing srv = new StubProcessing(); Bridge b = Bridge.open(cfg(srv, "t2", ""))) {
            srv.httpStatus = 401;
            OperationResult r = b.balance(Identifier.of("8690003"));
            assertEquals(Status.AUTH_FAILED, r.status());
            assertTrue(r.error().message().contains("password"));
        }
    }

    @Test
    void http500IsTransportErrorWithTheStatus() throws Exception {
        try (StubProcessing srv = new StubProcessing()) {
            srv.httpStatus = 500;
            TransportException e = assertThrows(TransportException.class, () -> transport(srv, "t3", "").post(BODY));
            assertEquals(Status.HTTP_STATUS, e.status());
            assertEquals(500, e.httpStatus());
            assertTrue(e.requestMayHaveLeft(), "a 5xx may have applied the operation");
            assertTrue(e.getMessage().contains("500"));
            // through the API: the register goes offline and balance is refused with the cause for the integrator
            try (Bridge b = Bridge.open(cfg(srv, "t3", ""))) {
                OperationResult r = b.balance(Identifier.of("8690003"));
                assertEquals(Status.OFFLINE_REFUSED, r.status());
                assertTrue(r.offline());
                assertTrue(String.join(" ", r.warnings()).contains("HTTP 500"), r.warnings().toString());
            }
        }
    }

    @Test
    void oversizedBodyIsCutOff() throws Exception {
        try (StubProcessing srv = new StubProcessing(); Bridge b = Bridge.open(cfg(srv, "t4", ",\"maxResponseBytes\":2048"))) {
            srv.answer = body -> "<XMLResponse><ErrorCode>0</ErrorCode><!--" + "x".repeat(100_000) + "--></XMLResponse>";
            OperationResult r = b.balance(Identifier.of("8690003"));
            assertEquals(Status.RESPONSE_TOO_LARGE, r.status());
        }
    }

    @Test
    void slowServerTimesOutAndTheOutcomeIsUnknown() throws Exception {
        try (StubProcessing srv = new StubProcessing()) {
            srv.delayMs = 3000;
            long t0 = System.nanoTime();
            TransportException e = assertThrows(TransportException.class,
                    () -> transport(srv, "t5", ",\"readTimeoutMs\":300").post(BODY));
            assertEquals(Status.TIMEOUT, e.status());
            assertTrue(e.requestMayHaveLeft());
            // no headers within readTimeoutMs: the read timeout ends it, well before connect + read (3300 ms)
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 2500, "the call must be bounded by its read timeout");
            assertTrue(e.message(org.lmxbridge.Language.EN).contains("within 300 ms (readTimeoutMs)"), e.message(org.lmxbridge.Language.EN));
        }
    }

    @Test
    void answerWhoseBodyStallsEndsAtConnectPlusReadTimeout() throws Exception {
        // headers at once, then a body that never comes: the read timeout no longer applies (its
        // deadline is the headers'), the whole exchange's does — connect + read timeout
        try (SilentPeer peer = new SilentPeer("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 1000\r\n\r\n<XMLResp")) {
            long t0 = System.nanoTime();
            TransportException e = assertThrows(TransportException.class, () -> peer.transport("t8", 400, 600).post(BODY));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Status.TIMEOUT, e.status());
            assertTrue(e.requestMayHaveLeft());
            assertTrue(e.message(org.lmxbridge.Language.EN).contains("within 1000 ms (connectTimeoutMs + readTimeoutMs)"),
                    e.message(org.lmxbridge.Language.EN));
            assertTrue(ms >= 600, "ended by the read timeout although the headers had come: " + ms + " ms");
            assertTrue(ms < 5000, "the call must be bounded by connect + read timeout: " + ms + " ms");
            assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt must not leak into the caller");
            assertTrue(peer.hungUp.await(10, java.util.concurrent.TimeUnit.SECONDS),
                    "the abandoned exchange's connection must be closed, not left open (a file descriptor per timeout)");
        }
    }

    @Test
    void serverThatNeverAnswersHasItsConnectionClosedAtTheReadTimeout() throws Exception {
        // processing accepts and then says nothing: every timed-out call must give its connection back to
        // the system, or a register facing a hung server loses a file descriptor per call
        try (SilentPeer peer = new SilentPeer(null)) {
            TransportException e = assertThrows(TransportException.class, () -> peer.transport("t9", 400, 300).post(BODY));
            assertEquals(Status.TIMEOUT, e.status());
            assertTrue(e.message(org.lmxbridge.Language.EN).contains("within 300 ms (readTimeoutMs)"), e.message(org.lmxbridge.Language.EN));
            assertTrue(peer.hungUp.await(10, java.util.concurrent.TimeUnit.SECONDS), "the timed-out exchange's connection is still open");
        }
    }

    /** A peer that reads one request, writes {@code answer} (or nothing) and then waits for the client to hang up. */
    private static final class SilentPeer implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        final java.util.concurrent.CountDownLatch hungUp = new java.util.concurrent.CountDownLatch(1);
        private final Thread thread;

        SilentPeer(String answer) throws java.io.IOException {
            thread = new Thread(() -> {
                try (java.net.Socket s = server.accept()) {
                    s.getInputStream().read(new byte[8192]);
                    if (answer != null) {
                        s.getOutputStream().write(answer.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    }
                    while (s.getInputStream().read() >= 0) {
                        // the client sends nothing more; the end of the stream is its hang-up
                    }
                    hungUp.countDown();
                } catch (Exception ignored) {
                    hungUp.countDown(); // a reset is a hang-up too
                }
            }, "silent-peer");
            thread.setDaemon(true);
            thread.start();
        }

        HttpTransport transport(String login, int connectMs, int readMs) throws Exception {
            return new HttpTransport(BridgeConfig.parse("{\"url\":\"http://127.0.0.1:" + server.getLocalPort() + "/XmlExchange/p/" + login
                    + "/\",\"login\":\"" + login + "\",\"password\":\"x\",\"connectTimeoutMs\":" + connectMs + ",\"readTimeoutMs\":" + readMs
                    + ",\"dataDir\":\"" + StubProcessing.tempDataDir() + "\"}"));
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }

    @Test
    void refusedConnectionIsConnectFailedAndNotAmbiguous() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String c = "{\"url\":\"http://127.0.0.1:" + port + "/XmlExchange/p/t6/\",\"login\":\"t6\",\"password\":\"x\",\"dataDir\":\""
                + StubProcessing.tempDataDir() + "\"}";
        TransportException e = assertThrows(TransportException.class, () -> new HttpTransport(BridgeConfig.parse(c)).post(BODY));
        assertEquals(Status.CONNECT_FAILED, e.status());
        assertFalse(e.requestMayHaveLeft(), "a refused connection never carried the request");
        try (Bridge b = Bridge.open(c)) {
            OperationResult r = b.balance(Identifier.of("8690003"));
            assertEquals(Status.OFFLINE_REFUSED, r.status());
            assertFalse(r.outcomeUnknown());
            assertTrue(String.join(" ", r.warnings()).contains("не удаётся подключиться к процессингу"), r.warnings().toString());
        }
    }

    @Test
    void malformedAnswerIsAProtocolError() throws Exception {
        try (StubProcessing srv = new StubProcessing(); Bridge b = Bridge.open(cfg(srv, "t7", ""))) {
            srv.answer = body -> "<html>oops</html>";
            assertEquals(Status.MALFORMED_RESPONSE, b.balance(Identifier.of("8690003")).status());
        }
    }
}
