package org.lmxbridge.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.lmxbridge.Bridge;
import org.lmxbridge.Status;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.testing.StubProcessing;

/** The transport against a real local server: status mapping, body cap, timeouts, auth header. */
class TransportTest {
    static String cfg(StubProcessing srv, String login, String extra) {
        return "{\"url\":\"" + srv.url("p1", login) + "\",\"login\":\"" + login + "\",\"password\":\"pw\"" + extra + "}";
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
        try (StubProcessing srv = new StubProcessing(); Bridge b = Bridge.open(cfg(srv, "t3", ""))) {
            srv.httpStatus = 500;
            OperationResult r = b.balance(Identifier.of("8690003"));
            assertEquals(Status.HTTP_STATUS, r.status());
            assertTrue(r.error().message().contains("500"));
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
        try (StubProcessing srv = new StubProcessing(); Bridge b = Bridge.open(cfg(srv, "t5", ",\"readTimeoutMs\":300"))) {
            srv.delayMs = 3000;
            long t0 = System.nanoTime();
            OperationResult r = b.balance(Identifier.of("8690003"));
            assertEquals(Status.TIMEOUT, r.status());
            assertTrue(r.outcomeUnknown());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 2500, "the call must be bounded by its timeouts");
        }
    }

    @Test
    void refusedConnectionIsConnectFailedAndNotAmbiguous() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Bridge b = Bridge.open("{\"url\":\"http://127.0.0.1:" + port + "/XmlExchange/p/t6/\",\"login\":\"t6\",\"password\":\"x\"}")) {
            OperationResult r = b.balance(Identifier.of("8690003"));
            assertEquals(Status.CONNECT_FAILED, r.status());
            assertFalse(r.outcomeUnknown());
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
