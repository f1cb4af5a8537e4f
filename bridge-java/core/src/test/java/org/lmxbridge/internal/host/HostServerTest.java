package org.lmxbridge.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.BridgeVersion;
import org.lmxbridge.Status;

/** The host engine against a real host and a real stub processing server, over real sockets. */
@Timeout(60)
class HostServerTest {
    static final String BALANCE = "{\"identifier\":{\"value\":\"8690003\"}}";

    @TempDir
    Path dir;

    static void await(BooleanSupplier cond, long ms, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(20);
        }
    }

    static byte[] header(long length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    // ---- hello ----------------------------------------------------------------------------------------

    @Test
    void helloWithTheRightToken() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.raw()) {
            JsonNode r = c.hello(f.token.token(), "test");
            assertTrue(r.get("ok").asBoolean(), r.toString());
            assertEquals(0, r.get("status").asInt());
            assertEquals(2, r.get("protocol").asInt());
            assertEquals(BridgeVersion.VERSION, r.get("version").asText());
            assertEquals(FrameCodec.DEFAULT_MAX_FRAME_BYTES, r.get("maxFrameBytes").asInt());
            assertEquals(BridgeVersion.VERSION, c.version().get("value").asText());
        }
    }

    @Test
    void helloWithAWrongTokenIsRefusedAndClosed() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.raw()) {
            String wrong = f.token.token().substring(0, 63) + (f.token.token().endsWith("0") ? "1" : "0");
            JsonNode r = c.hello(wrong, "test", false); // send a proof made with the wrong token
            assertFalse(r.get("ok").asBoolean());
            assertEquals(Status.HOST_UNREACHABLE, r.get("status").asInt());
            assertTrue(r.get("error").asText().contains("token"), r.toString());
            assertTrue(c.awaitClosedByHost(5000));
        }
    }

    @Test
    void aClientWithAnotherTokenSeesThatTheHostsProofIsWrongAndSendsNothing() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.raw()) {
            JsonNode r = c.hello("0".repeat(64), "test");
            assertTrue(r.path("hostProofWrong").asBoolean(), r.toString());
        }
    }

    @Test
    void theHostsChallengeHoldsNoToken() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.raw()) {
            c.sendFrame(("{\"op\":\"hello\",\"protocol\":2,\"nonce\":\"" + "a".repeat(64) + "\"}").getBytes(StandardCharsets.UTF_8));
            JsonNode ch = c.readResponse();
            assertTrue(ch.path("challenge").asBoolean(), ch.toString());
            assertFalse(ch.toString().contains(f.token.token()), ch.toString());
            assertEquals(64, ch.path("nonce").asText().length());
            assertEquals(64, ch.path("proof").asText().length());
        }
    }

    @Test
    void protocolOneWithTheTokenInHelloIsRefusedAndClosed() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.raw()) {
            c.sendFrame(("{\"op\":\"hello\",\"token\":\"" + f.token.token() + "\",\"protocol\":1}").getBytes(StandardCharsets.UTF_8));
            JsonNode r = c.readResponse();
            assertEquals(Status.HOST_UNREACHABLE, r.get("status").asInt());
            assertTrue(r.get("text").asText().contains("протокол 1 не поддерживается"), r.toString());
            assertTrue(c.awaitClosedByHost(5000));
        }
    }

    @Test
    void idleUnauthenticatedConnectionsCannotKeepARegisterOut() throws Exception {
        // issue 11: 100 idle connections held all 64 slots for the 10 s hello timeout
        try (HostFixture f = new HostFixture(dir)) {
            java.util.List<java.net.Socket> idle = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    idle.add(new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), f.host.port()));
                }
                long t0 = System.nanoTime();
                try (HostClient c = f.client("register")) {
                    assertEquals(0, c.version().get("status").asInt());
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 1500, "the register waited " + ms + " ms");
                assertTrue(f.host.pendingCount() <= HostProtocol.DEFAULT_MAX_PENDING, "pending " + f.host.pendingCount());
            } finally {
                for (java.net.Socket s : idle) s.close();
            }
        }
    }

    @Test
    void aRequestBeforeHelloIsRefusedAndClosed() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.raw()) {
            c.sendFrame("{\"id\":1,\"op\":\"open\",\"config\":\"{}\"}".getBytes(StandardCharsets.UTF_8));
            JsonNode r = c.readResponse();
            assertEquals(Status.HOST_UNREACHABLE, r.get("status").asInt());
            assertTrue(c.awaitClosedByHost(5000));
        }
        try (HostFixture f = new HostFixture(dir.resolve("b")); HostClient c = f.raw()) {
            c.sendFrame("{\"op\":\"hello\",\"nonce\":\"x\",".getBytes(StandardCharsets.UTF_8));
            assertEquals(Status.HOST_UNREACHABLE, c.readResponse().get("status").asInt());
            assertTrue(c.awaitClosedByHost(5000));
        }
    }

    @Test
    void anUnsupportedProtocolVersionIsRefused() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.raw()) {
            c.sendFrame(("{\"op\":\"hello\",\"nonce\":\"" + "a".repeat(64) + "\",\"protocol\":3}").getBytes(StandardCharsets.UTF_8));
            JsonNode r = c.readResponse();
            assertEquals(Status.HOST_UNREACHABLE, r.get("status").asInt());
            assertTrue(r.get("error").asText().startsWith("протокол 3 не поддерживается"), r.toString());
            assertTrue(c.awaitClosedByHost(5000));
        }
        // the hello's "language" (the C library sends its configuration's) is the language of the connection's texts
        try (HostFixture f = new HostFixture(dir); HostClient c = f.raw()) {
            c.sendFrame(("{\"op\":\"hello\",\"nonce\":\"" + "a".repeat(64) + "\",\"protocol\":3,\"language\":\"en\"}")
                    .getBytes(StandardCharsets.UTF_8));
            JsonNode r = c.readResponse();
            assertTrue(r.get("error").asText().startsWith("protocol 3 is not supported"), r.toString());
        }
    }

    @Test
    void aSilentConnectionIsClosedAfterTheHelloTimeout() throws Exception {
        try (HostFixture f = new HostFixture(dir, new HostOptions().helloTimeoutMs(300)); HostClient c = f.raw()) {
            assertTrue(c.awaitClosedByHost(5000));
            await(() -> f.host.connectionCount() == 0, 5000, "connection gone");
        }
    }

    // ---- operations ----------------------------------------------------------------------------------

    @Test
    void everyOperation() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.client("ops")) {
            JsonNode v = c.version();
            assertEquals(0, v.get("status").asInt());
            assertEquals(BridgeVersion.VERSION, v.get("value").asText());

            JsonNode o = c.open(f.config("ops1"));
            assertEquals(0, o.get("status").asInt(), o.toString());
            long h = o.get("handle").asLong();
            assertTrue(h > 0);

            // result before any execute: 14, value null
            JsonNode r = c.result(h, null);
            assertEquals(Status.NO_RESULT, r.get("status").asInt());
            assertTrue(r.get("value").isNull());
            assertFalse(r.get("text").asText().isEmpty());
            assertEquals(Status.NO_RESULT, c.errorCode(h).get("status").asInt());

            // parameter bag
            assertEquals(0, c.setParam(h, "/identifier/value", "8690003").get("status").asInt());
            assertEquals(0, c.errorCode(h).get("status").asInt());
            assertEquals("", c.errorText(h).get("value").asText());
            JsonNode e = c.execute(h, "balance", null);
            assertEquals(0, e.get("status").asInt(), e.toString());
            assertFalse(e.has("text"));
            assertEquals("10.00", c.result(h, "/balance").get("value").asText());
            JsonNode whole = c.result(h, "");
            assertEquals(0, whole.get("status").asInt());
            assertTrue(whole.get("value").asText().startsWith("{"), whole.toString());
            assertEquals(1, f.stub.requests());
            // re-reading never re-executes
            c.result(h, "/balance");
            assertEquals(1, f.stub.requests());

            // absent pointer: 13, then errorCode/errorText tell the same
            JsonNode nf = c.result(h, "/nothing/here");
            assertEquals(Status.NOT_FOUND, nf.get("status").asInt());
            assertTrue(nf.get("value").isNull());
            assertTrue(nf.get("text").asText().contains("/nothing/here"));
            assertEquals(Status.NOT_FOUND, c.errorCode(h).get("status").asInt());
            JsonNode et = c.errorText(h);
            assertEquals(0, et.get("status").asInt());
            assertTrue(et.get("value").asText().contains("/nothing/here"));

            // a bad parameter name
            JsonNode bad = c.setParam(h, "identifier", "x");
            assertEquals(Status.BAD_ARGUMENT, bad.get("status").asInt());
            assertTrue(bad.get("text").asText().contains("JSON Pointer"));

            // whole JSON, as a string and as an object
            assertEquals(0, c.execute(h, "balance", BALANCE).get("status").asInt());
            JsonNode asObject = c.call(c.request("execute").put("handle", h).put("command", "balance")
                    .set("request", c.request("x").removeAll().set("identifier", c.request("y").removeAll().put("value", "8690003"))));
            assertEquals(0, asObject.get("status").asInt(), asObject.toString());

            // unknown command, invalid JSON request: statuses with texts
            JsonNode unk = c.execute(h, "frobnicate", BALANCE);
            assertEquals(Status.UNKNOWN_COMMAND, unk.get("status").asInt());
            assertTrue(unk.get("text").asText().contains("frobnicate"));
            assertEquals(Status.INVALID_JSON, c.execute(h, "balance", "{oops").get("status").asInt());
            JsonNode nullCommand = c.execute(h, null, BALANCE);
            assertEquals(Status.BAD_ARGUMENT, nullCommand.get("status").asInt());

            // resetParams empties the bag
            assertEquals(0, c.resetParams(h).get("status").asInt());
            JsonNode empty = c.execute(h, "balance", null);
            assertEquals(Status.MISSING_FIELD, empty.get("status").asInt(), empty.toString());
            assertFalse(empty.get("text").asText().isEmpty());
            assertEquals("false", c.result(h, "/ok").get("value").asText());

            // close, then every handle operation says 8
            assertEquals(0, c.close(h).get("status").asInt());
            assertEquals(Status.INVALID_HANDLE, c.close(h).get("status").asInt());
            assertEquals(Status.INVALID_HANDLE, c.execute(h, "balance", BALANCE).get("status").asInt());
            assertEquals(Status.INVALID_HANDLE, c.result(h, null).get("status").asInt());
            assertEquals(Status.INVALID_HANDLE, c.setParam(h, "/a", "b").get("status").asInt());
            assertEquals(Status.INVALID_HANDLE, c.resetParams(h).get("status").asInt());
            assertEquals(Status.INVALID_HANDLE, c.errorCode(h).get("status").asInt());
            JsonNode gone = c.errorText(h);
            assertEquals(Status.INVALID_HANDLE, gone.get("status").asInt());
            assertTrue(gone.get("value").asText().contains("дескриптор не открыт"), gone.toString());
            // a missing handle is NULL
            assertEquals(Status.INVALID_HANDLE, c.call(c.request("errorCode")).get("status").asInt());
        }
    }

    @Test
    void openFailuresCarryStatusAndText() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.client("open")) {
            JsonNode bad = c.open("{\"url\":\"http://127.0.0.1:1/XmlExchange/p/r/\",\"login\":\"r\"}");
            assertEquals(Status.CONFIG_INVALID, bad.get("status").asInt());
            assertFalse(bad.has("handle"));
            assertTrue(bad.get("text").asText().contains("password"), bad.toString());
            JsonNode nul = c.call(c.request("open"));
            assertEquals(Status.BAD_ARGUMENT, nul.get("status").asInt());
            assertTrue(nul.get("text").asText().contains("NULL"));
            JsonNode withNul = c.open("{\u0000}");
            assertEquals(Status.BAD_ARGUMENT, withNul.get("status").asInt());
            assertEquals(0, f.host.openHandleCount());
        }
    }

    @Test
    void textThatNoCStringCouldHoldIsRefused() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.client("text")) {
            long h = c.open(f.config("text1")).get("handle").asLong();
            assertEquals(Status.BAD_ARGUMENT, c.execute(h, "bal\u0000ance", BALANCE).get("status").asInt());
            // an unpaired surrogate arrives as the JSON escape \ud800
            c.sendFrame(("{\"id\":77,\"op\":\"setParam\",\"handle\":" + h + ",\"pointer\":\"/a\",\"value\":\"x\\ud800y\"}")
                    .getBytes(StandardCharsets.UTF_8));
            JsonNode r = c.readResponse();
            assertEquals(77, r.get("id").asInt());
            assertEquals(Status.INVALID_ENCODING, r.get("status").asInt(), r.toString());
            // non-BMP text survives
            assertEquals(0, c.setParam(h, "/cashier", "Иванова \uD83D\uDE00").get("status").asInt());
        }
    }

    @Test
    void handlesAreHostWideUniqueAndAHandleOfAnotherConnectionIsInvalid() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient a = f.client("a"); HostClient b = f.client("b")) {
            long ha = a.open(f.config("share1")).get("handle").asLong();
            assertEquals(0, a.execute(ha, "balance", BALANCE).get("status").asInt());
            assertEquals(Status.INVALID_HANDLE, b.execute(ha, "balance", BALANCE).get("status").asInt());
            assertEquals(Status.INVALID_HANDLE, b.result(ha, "/balance").get("status").asInt());
            assertEquals(Status.INVALID_HANDLE, b.close(ha).get("status").asInt());
            long hb = b.open(f.config("share1")).get("handle").asLong();
            assertNotEquals(ha, hb);
            assertEquals(Status.INVALID_HANDLE, a.errorCode(hb).get("status").asInt());
            // a's handle is unharmed by b's attempts
            assertEquals("10.00", a.result(ha, "/balance").get("value").asText());
        }
    }

    @Test
    void closingAConnectionClosesItsHandles() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient keep = f.client("keep")) {
            long kept = keep.open(f.config("cc1")).get("handle").asLong();
            HostClient c = f.client("leaver");
            c.open(f.config("cc1"));
            c.open(f.config("cc2"));
            assertEquals(3, f.host.openHandleCount());
            c.close();
            await(() -> f.host.openHandleCount() == 1, 5000, "the leaver's handles closed");
            await(() -> f.host.connectionCount() == 1, 5000, "the leaver's connection gone");
            assertEquals(0, keep.execute(kept, "balance", BALANCE).get("status").asInt());
        }
    }

    @Test
    void closingTheServerClosesConnectionsAndHandles() throws Exception {
        HostFixture f = new HostFixture(dir);
        try (HostClient c = f.client("c")) {
            c.open(f.config("srvclose"));
            f.close();
            assertTrue(c.awaitClosedByHost(5000));
            assertEquals(0, f.host.openHandleCount());
            assertEquals(0, f.host.connectionCount());
        } finally {
            f.close();
        }
    }

    // ---- broken frames -------------------------------------------------------------------------------

    @Test
    void malformedRequestsGetAnErrorAndTheConnectionStays() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.client("malformed")) {
            String[] bad = {"{not json", "[1,2,3]", "42", "", "{\"op\":\"version\"}", "{\"id\":\"7\",\"op\":\"version\"}",
                "{\"id\":5,\"op\":\"frobnicate\"}", "{\"id\":6}", "{\"id\":8,\"op\":\"hello\",\"token\":\"x\"}",
                "{\"id\":9,\"op\":\"close\",\"handle\":\"1\"}", "{\"id\":10,\"op\":\"setParam\",\"handle\":1,\"pointer\":5}",
                "{\"id\":11,\"op\":\"version\",\"id\":12}"};
            for (String s : bad) {
                c.sendFrame(s.getBytes(StandardCharsets.UTF_8));
                JsonNode r = c.readResponse();
                assertEquals(Status.BAD_ARGUMENT, r.get("status").asInt(), s + " -> " + r);
                assertTrue(r.get("protocolError").asBoolean(), r.toString());
                assertFalse(r.get("text").asText().isEmpty());
                assertTrue(r.has("id"));
            }
            c.sendFrame("{\"id\":5,\"op\":\"frobnicate\"}".getBytes(StandardCharsets.UTF_8));
            JsonNode r = c.readResponse();
            assertEquals(5, r.get("id").asInt());
            assertTrue(r.get("text").asText().contains("frobnicate") && r.get("text").asText().contains("execute"), r.toString());
            assertEquals(0, c.version().get("status").asInt());
        }
    }

    @Test
    void requestsMayBePipelinedAndAreAnsweredInOrder() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.client("pipe")) {
            long h = c.open(f.config("pipe1")).get("handle").asLong();
            StringBuilder all = new StringBuilder();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (int i = 100; i < 105; i++) {
                byte[] p = ("{\"id\":" + i + ",\"op\":\"execute\",\"handle\":" + h + ",\"command\":\"balance\",\"request\":"
                        + "\"{\\\"identifier\\\":{\\\"value\\\":\\\"8690003\\\"}}\"}").getBytes(StandardCharsets.UTF_8);
                bytes.write(header(p.length));
                bytes.write(p);
            }
            c.sendRaw(bytes.toByteArray());
            for (int i = 100; i < 105; i++) {
                JsonNode r = c.readResponse();
                all.append(r);
                assertEquals(i, r.get("id").asInt());
                assertEquals(0, r.get("status").asInt(), r.toString());
            }
        }
    }

    @Test
    void anOversizedFrameClosesThatConnectionOnly() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient other = f.client("other"); HostClient c = f.client("big")) {
            long h = other.open(f.config("big1")).get("handle").asLong();
            c.sendRaw(header(FrameCodec.DEFAULT_MAX_FRAME_BYTES + 1L));
            c.sendRaw(new byte[1000]);
            assertTrue(c.awaitClosedByHost(5000));
            assertEquals(0, other.execute(h, "balance", BALANCE).get("status").asInt());
            try (HostClient fresh = f.client("fresh")) {
                assertEquals(0, fresh.version().get("status").asInt());
            }
        }
    }

    @Test
    void theFrameLimitIsConfigurable() throws Exception {
        try (HostFixture f = new HostFixture(dir, new HostOptions().maxFrameBytes(4096)); HostClient c = f.client("limit")) {
            c.sendFrame(("{\"id\":1,\"op\":\"version\",\"pad\":\"" + "x".repeat(3000) + "\"}").getBytes(StandardCharsets.UTF_8));
            assertEquals(0, c.readResponse().get("status").asInt());
            c.sendFrame(("{\"id\":2,\"op\":\"version\",\"pad\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8));
            // the host may say why before it closes; either way the connection ends
            assertTrue(c.awaitClosedByHost(5000));
            await(() -> f.host.connectionCount() == 0, 5000, "connection gone");
        }
    }

    @Test
    void invalidUtf8ClosesThatConnectionOnly() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient other = f.client("other"); HostClient c = f.client("utf8")) {
            byte[] p = "{\"id\":1,\"op\":\"version\",\"x\":\"\u00C3(\"}".getBytes(StandardCharsets.ISO_8859_1); // C3 28: invalid
            c.sendFrame(p);
            JsonNode last = c.readResponse(); // the host says why, then closes
            assertEquals(Status.BAD_ARGUMENT, last.get("status").asInt());
            assertTrue(last.get("text").asText().contains("UTF-8"), last.toString());
            assertTrue(c.awaitClosedByHost(5000));
            assertEquals(0, other.version().get("status").asInt());
        }
    }

    @Test
    void theHostSurvivesAClientThatDisconnectsMidFrame() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient other = f.client("other")) {
            long h = other.open(f.config("mid1")).get("handle").asLong();
            for (int i = 0; i < 5; i++) {
                HostClient c = f.client("quitter" + i);
                c.open(f.config("mid1"));
                c.sendRaw(header(1000));
                c.sendRaw("{\"id\":1,\"op\":".getBytes(StandardCharsets.UTF_8));
                c.close();
            }
            HostClient mid = f.client("quitter-in-header");
            mid.sendRaw(new byte[] {0, 0});
            mid.close();
            await(() -> f.host.connectionCount() == 1, 5000, "quitters gone");
            await(() -> f.host.openHandleCount() == 1, 5000, "quitters' handles closed");
            assertEquals(0, other.execute(h, "balance", BALANCE).get("status").asInt());
            try (HostClient fresh = f.client("fresh")) {
                assertEquals(0, fresh.version().get("status").asInt());
            }
        }
    }

    @Test
    void aStalledHalfFrameDoesNotBlockOthersAndIsClosedAfterTheFrameTimeout() throws Exception {
        try (HostFixture f = new HostFixture(dir, new HostOptions().frameTimeoutMs(500));
             HostClient other = f.client("other"); HostClient staller = f.client("staller")) {
            staller.sendRaw(header(100));
            staller.sendRaw("{\"id\":1".getBytes(StandardCharsets.UTF_8));
            long t0 = System.nanoTime();
            assertEquals(0, other.version().get("status").asInt());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 400, "the other connection waited for the staller");
            assertTrue(staller.awaitClosedByHost(5000));
            assertEquals(0, other.version().get("status").asInt());
        }
    }

    @Test
    void anIdleConnectionStaysOpen() throws Exception {
        try (HostFixture f = new HostFixture(dir, new HostOptions().frameTimeoutMs(200).helloTimeoutMs(200));
             HostClient c = f.client("idle")) {
            Thread.sleep(700);
            assertEquals(0, c.version().get("status").asInt());
        }
    }

    @Test
    void connectionsBeyondTheCapAreToldAndClosed() throws Exception {
        try (HostFixture f = new HostFixture(dir, new HostOptions().maxConnections(2));
             HostClient a = f.client("a"); HostClient b = f.client("b"); HostClient c = f.raw()) {
            JsonNode r = c.readResponse();
            assertEquals(Status.HOST_UNREACHABLE, r.get("status").asInt());
            assertTrue(r.get("error").asText().contains("число соединений хоста достигло предела (2)"), r.toString());
            assertTrue(c.awaitClosedByHost(5000));
            assertEquals(0, a.version().get("status").asInt());
            a.close();
            await(() -> f.host.connectionCount() == 1, 5000, "a gone");
            try (HostClient d = f.client("d")) {
                assertEquals(0, d.version().get("status").asInt());
            }
        }
    }

    // ---- sharing and size ----------------------------------------------------------------------------

    @Test
    void twoClientsOfOneRegisterShareItsLaneAndNeverOverlap() throws Exception {
        try (HostFixture f = new HostFixture(dir)) {
            f.stub.delayMs = 15;
            int perClient = 15;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int k = 0; k < 2; k++) {
                    String name = "hammer" + k;
                    Callable<Integer> job = () -> {
                        int ok = 0;
                        try (HostClient c = f.client(name)) {
                            long h = c.open(f.config("lane1")).get("handle").asLong();
                            for (int i = 0; i < perClient; i++) {
                                JsonNode r = c.execute(h, "balance", BALANCE);
                                if (r.get("status").asInt() == 0) ok++;
                                else throw new AssertionError(r.toString());
                            }
                        }
                        return ok;
                    };
                    done.add(pool.submit(job));
                }
                int total = 0;
                for (Future<Integer> d : done) total += d.get();
                assertEquals(2 * perClient, total);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(2 * perClient, f.stub.requests());
            assertEquals(1, f.stub.maxInFlight("lane1"), "the register saw concurrent requests");
        }
    }

    @Test
    void aTenMegabyteRequestGetsACleanStatus() throws Exception {
        try (HostFixture f = new HostFixture(dir); HostClient c = f.client("huge")) {
            long h = c.open(f.config("huge1")).get("handle").asLong();
            String huge = "{\"cashier\":\"" + "Ж".repeat(5 * 1024 * 1024) + "\"}"; // 10 MB of UTF-8
            JsonNode r = c.execute(h, "balance", huge);
            assertEquals(Status.INVALID_REQUEST, r.get("status").asInt(), r.path("text").asText());
            assertTrue(r.get("text").asText().contains("1 МиБ"), r.toString());
            assertEquals(0, f.stub.requests());
            assertEquals(0, c.execute(h, "balance", BALANCE).get("status").asInt());
        }
    }

    @Test
    void theServerRefusesANonLoopbackAddressAndAMissingToken() throws Exception {
        java.net.InetAddress any = java.net.InetAddress.getByName("0.0.0.0");
        assertThrows(IllegalArgumentException.class, () -> HostServer.start(new HostOptions().bind(any).port(0).token("t".repeat(64))));
        assertThrows(IllegalArgumentException.class, () -> HostServer.start(new HostOptions().port(0)));
    }

    @Test
    void aPortInUseIsReported() throws Exception {
        try (HostFixture f = new HostFixture(dir)) {
            assertThrows(java.net.BindException.class,
                    () -> HostServer.start(new HostOptions().port(f.host.port()).token("t".repeat(64))).close());
        }
    }

    @Test
    void residentRegistersStayOpenUntilTheServerCloses() throws Exception {
        try (HostFixture f = new HostFixture(dir)) {
            assertEquals(0, f.host.keepOpen(f.config("res1")).status());
            assertEquals(Status.CONFIG_INVALID, f.host.keepOpen("{}").status());
        }
    }

    @Test
    void theJavaClientReportsARefusedHello() throws Exception {
        try (HostFixture f = new HostFixture(dir)) {
            IOException e = assertThrows(IOException.class, () -> HostClient.connect(f.host.port(), "nope", "x"));
            assertTrue(e.getMessage().contains("token"), e.getMessage());
        }
    }

    @Test
    void openWithAFilePathNeverEchoesItsContent() throws Exception {
        // issue 11: the host answered `open` of any readable file with its first word (/etc/shadow -> root)
        java.nio.file.Path secret = dir.resolve("secret.txt");
        java.nio.file.Files.writeString(secret, "TopSecret42 second line\n");
        try (HostFixture f = new HostFixture(dir.resolve("h")); HostClient c = f.client("echo")) {
            for (String path : new String[] {secret.toString(), f.token.path().toString()}) {
                JsonNode r = c.open(path);
                assertEquals(Status.CONFIG_INVALID, r.get("status").asInt(), r.toString());
                assertFalse(r.toString().contains("TopSecret42"), r.toString());
                assertFalse(r.toString().contains(f.token.token()), r.toString());
                assertTrue(r.get("text").asText().contains("не является корректным JSON") && r.get("text").asText().contains("в строке 1"), r.toString());
            }
        }
    }
}
