package org.lmxbridge.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmxbridge.emulator.Lmx.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Fault injection, admin endpoints, concurrency metric and the processing lock. */
class FaultsAndMetricsTest extends EmulatorPerTest {
    static final String CHEQUE = cheque(line(1, "1001", "89.90", "2", "179.80"), line(2, "2002", "250.00", "1", "250.00"));
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private HttpResponse<byte[]> raw(String xml) throws Exception {
        return postRaw(emu.registerUrl(PARTNER, REG), basic(REG, PASSWORD), xml);
    }

    private JsonNode admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.baseUrl() + path));
        b = "GET".equals(method) ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("_status", r.statusCode());
        return n;
    }

    private static String dec(JsonNode n) {
        assertTrue(n.isNumber(), "money is a JSON number: " + n);
        return n.decimalValue().setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    private long payments() {
        return emu.ledger().operations(PARTNER, REG).stream().filter(o -> o.command().equals("Payment")).count();
    }

    @Test
    void latency() throws Exception {
        emu.faults().latencyMs(300);
        long t = System.nanoTime();
        assertEquals(200, raw(balance(opId(), card("8690003"))).statusCode());
        assertTrue((System.nanoTime() - t) / 1_000_000 >= 300);
        emu.faults().latencyMs(0).command("Payment").latencyMs(400);
        t = System.nanoTime();
        raw(balance(opId(), card("8690003")));
        assertTrue((System.nanoTime() - t) / 1_000_000 < 400, "scoped to Payment");
    }

    @Test
    void http500CountedAlwaysAndScoped() throws Exception {
        emu.faults().http500(1);
        String xml = payment(opId(), purchaseId(), "10", card("8690003"), CHEQUE);
        HttpResponse<byte[]> r = raw(xml);
        assertEquals(500, r.statusCode());
        assertEquals(0, payments(), "a 500 applies nothing");
        assertEquals(200, raw(xml).statusCode());
        assertEquals(0, emu.faults().http500());
        emu.faults().http500(-1);
        for (int i = 0; i < 3; i++) {
            assertEquals(500, raw(balance(opId(), card("8690003"))).statusCode());
        }
        emu.faults().http500(2).command("Payment");
        assertEquals(200, raw(balance(opId(), card("8690003"))).statusCode());
        assertEquals(500, raw(payment(opId(), purchaseId(), "10", card("8690003"), CHEQUE)).statusCode());
        assertEquals(1, emu.faults().http500());
        assertEquals(4 + 1, emu.metrics().register(PARTNER, REG).http500());
    }

    @Test
    void dropBeforeApplyClosesTheConnectionAndAppliesNothing() throws Exception {
        emu.faults().dropBeforeApply(1).command("Payment");
        assertEquals(200, raw(balance(opId(), card("8690003"))).statusCode(), "not a Payment");
        String xml = payment(opId(), purchaseId(), "10", card("8690003"), CHEQUE);
        IOException e = assertThrows(IOException.class, () -> raw(xml));
        assertTrue(e.getMessage().contains("header parser received no bytes"), e.getMessage());
        assertEquals(0, payments());
        Resp retry = post(emu, xml);
        assertEquals("0", retry.code());
        assertEquals(1, payments());
        assertEquals(0, emu.metrics().register(PARTNER, REG).replayed(), "the retry was the first application");
    }

    @Test
    void dropAfterApplyAppliesThenCutsTheAnswer() throws Exception {
        emu.faults().dropAfterApply(1);
        String xml = payment(opId(), purchaseId(), "10", card("8690003"), CHEQUE);
        IOException e = assertThrows(IOException.class, () -> raw(xml));
        assertTrue(e.getMessage().contains("fixed content-length"), e.getMessage());
        assertEquals(1, payments(), "applied although the client saw no answer");
        Resp retry = post(emu, xml);
        assertEquals("0", retry.code());
        assertArrayEquals(retry.bytes, post(emu, xml).bytes);
        assertEquals(1, payments(), "the retry is a replay");
        assertEquals(1, emu.metrics().register(PARTNER, REG).dropped());
    }

    @Test
    void lockFaultAnswers237AndAppliesNothing() throws Exception {
        emu.faults().lock(true);
        String xml = payment(opId(), purchaseId(), "10", card("8690003"), CHEQUE);
        Resp r = post(emu, xml);
        assertEquals("0", r.rootCode());
        assertEquals("237", r.code());
        assertEquals("Processing is locked by another request of this register", r.message());
        assertEquals(0, payments());
        emu.faults().lock(false);
        assertEquals("0", post(emu, xml).code(), "the lock answer is not stored for the OperationID");
        emu.faults().lock(true).command("Confirm");
        assertEquals("0", post(emu, balance(opId(), card("8690003"))).code());
    }

    @Test
    void adminEndpoints() throws Exception {
        JsonNode f = admin("GET", "/admin/faults", null);
        assertEquals(200, f.get("_status").asInt());
        assertEquals(0, f.get("latencyMs").asInt());
        assertTrue(f.get("lockOnConcurrent").asBoolean());
        assertEquals("replay", f.get("duplicateOperationIds").asText());
        JsonNode set = admin("POST", "/admin/faults", "{\"http500\": 2, \"command\": \"Payment\", \"latencyMs\": 5}");
        assertEquals(2, set.get("http500").asInt());
        assertEquals("Payment", set.get("command").asText());
        assertEquals(2, emu.faults().http500());
        assertEquals(400, admin("POST", "/admin/faults", "{\"bogus\": 1}").get("_status").asInt());
        assertEquals(400, admin("POST", "/admin/faults", "{\"http500\": \"x\"}").get("_status").asInt());
        assertEquals(2, emu.faults().http500(), "a rejected change changes nothing");
        JsonNode cleared = admin("POST", "/admin/faults", "{\"clear\": true}");
        assertEquals(0, cleared.get("http500").asInt());
        assertTrue(cleared.get("command").isNull());

        String p = purchaseId();
        post(emu, payment(opId(), p, "10", card("8690003"), CHEQUE));
        JsonNode ledger = admin("GET", "/admin/ledger", null);
        JsonNode op = ledger.get("registers").get("demo-partner/reg01").get(0);
        assertEquals("Payment", op.get("command").asText());
        assertEquals(p, op.get("purchaseId").asText());
        assertEquals("10.00", dec(op.get("redeemed")));
        assertEquals(0, ledger.get("registers").get("demo-partner/reg02").size());
        JsonNode card = null;
        for (JsonNode c : ledger.get("cards")) {
            if (c.get("number").asText().equals("8690003")) {
                card = c;
            }
        }
        assertEquals("1500.00", dec(card.get("balance")));
        assertEquals("10.00", dec(card.get("blockedRedemption")));

        JsonNode m = admin("GET", "/admin/metrics", null).get("registers").get("demo-partner/reg01");
        assertEquals(1, m.get("requests").asInt());
        assertEquals(1, m.get("byCommand").get("Payment").asInt());
        assertEquals(1, m.get("maxConcurrent").asInt());
        assertEquals(200, admin("POST", "/admin/reset-metrics", "").get("_status").asInt());
        assertEquals(0, admin("GET", "/admin/metrics", null).get("registers").get("demo-partner/reg01")
                .get("requests").asInt());
        assertEquals(404, admin("GET", "/admin/nope", null).get("_status").asInt());
    }

    @Test
    void faultsFromOptions() throws Exception {
        try (Emulator e2 = Emulator.start(EmulatorOptions.builder().faults(new Faults().http500(1)).build())) {
            assertEquals(500, postRaw(e2.registerUrl(PARTNER, REG), basic(REG, PASSWORD),
                    balance(opId(), card("8690003"))).statusCode());
            assertEquals(200, postRaw(e2.registerUrl(PARTNER, REG), basic(REG, PASSWORD),
                    balance(opId(), card("8690003"))).statusCode());
        }
    }

    private List<Resp> concurrentBalances(String login, String password, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Resp>> fs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    return post(emu, login, password, balance(opId(), card("8690003")));
                }));
            }
            go.countDown();
            List<Resp> out = new ArrayList<>();
            for (Future<Resp> f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentRequestsOfOneRegisterAreSeenAndLocked() throws Exception {
        emu.faults().latencyMs(300);
        List<Resp> rs = concurrentBalances(REG, PASSWORD, 8);
        long locked = rs.stream().filter(r -> r.code().equals("237")).count();
        long ok = rs.stream().filter(r -> r.code().equals("0")).count();
        MetricsSnapshot.Register m = emu.metrics().register(PARTNER, REG);
        assertTrue(m.maxConcurrent() > 1, "max concurrency " + m.maxConcurrent());
        assertTrue(locked >= 1, "locked " + locked);
        assertTrue(ok >= 1, "ok " + ok);
        assertEquals(8, locked + ok);
        assertEquals(locked, m.locked());
        assertEquals(8, m.byCommand().get("Balance"));
        assertEquals(0, m.inFlight());
    }

    @Test
    void sequentialRequestsAreNeverLocked() throws Exception {
        // a client sending its next request right after reading an answer must not meet its previous one in flight
        for (int i = 0; i < 300; i++) {
            Resp r = post(emu, balance(opId(), card("8690003")));
            assertEquals("0", r.code(), "request " + i + ": " + r.text());
        }
        assertEquals(1, emu.metrics().register(PARTNER, REG).maxConcurrent());
    }

    @Test
    void withoutLockOnConcurrentEveryRequestIsServed() throws Exception {
        emu.faults().latencyMs(300).lockOnConcurrent(false);
        List<Resp> rs = concurrentBalances(REG, PASSWORD, 8);
        assertTrue(rs.stream().allMatch(r -> r.code().equals("0")));
        assertTrue(emu.metrics().register(PARTNER, REG).maxConcurrent() > 1);
        emu.resetMetrics();
        assertEquals(0, emu.metrics().register(PARTNER, REG).maxConcurrent());
    }

    @Test
    void registersDoNotLockEachOther() throws Exception {
        emu.faults().latencyMs(300);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Resp> a = pool.submit(() -> post(emu, REG, PASSWORD, balance(opId(), card("8690003"))));
            Future<Resp> b = pool.submit(() -> post(emu, "reg02", "secret2", balance(opId(), card("8690003"))));
            assertEquals("0", a.get().code());
            assertEquals("0", b.get().code());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, emu.metrics().register(PARTNER, REG).maxConcurrent());
        assertEquals(1, emu.metrics().register(PARTNER, "reg02").maxConcurrent());
    }
}
