package org.lmxbridge.internal.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.Bridge;
import org.lmxbridge.CommandSession;
import org.lmxbridge.Status;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.IdentifierType;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.model.Pay;

/** The offline policy with processing unreachable from the start (a refused port): no server needed. */
class OfflinePolicyTest {
    @TempDir
    Path dir;

    private String config(String register, String extra) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return "{\"url\":\"http://127.0.0.1:" + port + "/XmlExchange/p/" + register + "/\",\"login\":\"" + register
                + "\",\"password\":\"x\",\"dataDir\":\"" + dir.toString().replace("\\", "\\\\") + "\",\"probeIntervalMs\":60000"
                + extra + "}";
    }

    static OperationRequest sale(String pid, String amount, String pin) {
        return OperationRequest.builder().purchaseId(pid).cashier("Иванова")
                .identifier(new Identifier(IdentifierType.CARD_NUMBER, "8690011", pin))
                .cheque(new Cheque("15", LocalDateTime.of(2026, 11, 28, 10, 15), List.of(
                        new ChequeLine(1, "1001", "Молоко", new BigDecimal(amount), BigDecimal.ONE, new BigDecimal(amount)))))
                .pays(List.of(new Pay("Card", new BigDecimal(amount))))
                .amount(new BigDecimal("10")).build();
    }

    @Test
    void unreachableFromTheStartEveryCommandFollowsThePolicy() throws Exception {
        try (Bridge b = Bridge.open(config("off1", ""))) {
            // the first call finds processing unreachable; a discount goes straight into the queue
            OperationResult d = b.discount(sale("P1", "100", "4321"));
            assertTrue(d.ok(), String.valueOf(d.error()));
            assertTrue(d.queued() && d.offline());
            assertEquals(1, d.queueLength());
            assertNotNull(d.operationId());

            long t0 = System.nanoTime();
            OperationResult bal = b.balance(Identifier.of("8690003"));
            assertEquals(Status.OFFLINE_REFUSED, bal.status());
            assertTrue(bal.error().message().startsWith("Нет связи с процессингом Loymax"), bal.error().message());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 500, "answered from the known state");
            assertEquals(Status.OFFLINE_REFUSED, b.availableAmount(sale("P1", "100", null)).status());
            OperationResult pay = b.pay(sale("P1", "100", "4321"));
            assertEquals(Status.OFFLINE_REFUSED, pay.status());
            assertEquals(1, pay.queueLength());

            OperationResult calc = b.calculate(sale("P2", "250.50", null));
            assertTrue(calc.ok() && calc.offline());
            assertEquals(0, BigDecimal.ZERO.compareTo(calc.lines().get(0).discount()));
            assertEquals(0, new BigDecimal("250.50").compareTo(calc.lines().get(0).amount()));

            OperationResult c = b.confirm("P1");
            assertTrue(c.ok() && c.queued());
            assertEquals(2, c.queueLength());
            // the register program retries: nothing is added
            OperationResult again = b.discount(sale("P1", "100", "4321"));
            assertTrue(again.ok() && again.queued());
            assertEquals(d.operationId(), again.operationId());
            assertEquals(2, again.queueLength());
            assertEquals(2, b.confirm("P1").queueLength());

            // cancel of a purchase nothing of which was forwarded neutralises it
            assertTrue(b.discount(sale("P3", "50", null)).queued());
            assertEquals(3, b.status().queueLength());
            OperationResult cancel = b.cancel("P3");
            assertTrue(cancel.ok(), String.valueOf(cancel.error()));
            assertFalse(cancel.queued());
            assertEquals(2, cancel.queueLength());

            OperationResult refund = b.refund(OperationRequest.builder().purchaseId("R1").refundPurchaseId("P1")
                    .cheque(sale("P1", "100", null).cheque()).build());
            assertEquals(Status.OFFLINE_REFUSED, refund.status());

            OperationResult st = b.status();
            assertEquals(Boolean.FALSE, st.online());
            assertEquals(2, st.queueLength());
            assertEquals(0, new BigDecimal("100").compareTo(st.queuedAmount()));
            assertEquals(0, st.deadCount());
            assertTrue(st.oldestQueuedAgeSeconds() >= 0);
        }
        // durable: a new process (here: a new open) finds the queue
        try (Bridge b = Bridge.open(config("off1", ""))) {
            assertEquals(2, b.status().queueLength());
        }
        // a PIN is never written: scan the raw bytes of every file of the queue
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(raw.contains("4321"), "PIN found in " + f);
            }
        }
    }

    @Test
    void capsRefuseNewOfflineWorkButNotTheConfirmOfAQueuedPurchase() throws Exception {
        try (Bridge b = Bridge.open(config("off2", ",\"queueMaxItems\":2,\"queueMaxAmount\":\"300\""))) {
            assertTrue(b.discount(sale("A", "200", null)).queued());
            OperationResult tooMuch = b.discount(sale("B", "150", null));
            assertEquals(Status.QUEUE_FULL, tooMuch.status());
            assertTrue(b.discount(sale("C", "100", null)).queued());
            assertEquals(Status.QUEUE_FULL, b.discount(sale("D", "1", null)).status(), "item cap");
            OperationResult c = b.confirm("A");
            assertTrue(c.ok() && c.queued(), "a confirm completes accepted work");
            assertEquals(3, c.queueLength());
        }
    }

    @Test
    void offlineRefundsWhenAllowedAreQueued() throws Exception {
        try (Bridge b = Bridge.open(config("off3", ",\"offlineRefunds\":true"))) {
            assertTrue(b.discount(sale("P1", "100", null)).queued());
            OperationResult r = b.refund(OperationRequest.builder().purchaseId("R1").refundPurchaseId("P1")
                    .cheque(sale("P1", "100", null).cheque()).build());
            assertTrue(r.ok() && r.queued(), String.valueOf(r.error()));
            assertEquals(2, r.queueLength());
        }
    }

    @Test
    void queueCommandListsRetriesAndDiscardsWithAReason() throws Exception {
        try (CommandSession s = CommandSession.open(config("off4", ""))) {
            String sale = "{\"purchaseId\":\"Q1\",\"identifier\":{\"value\":\"8690003\"},\"cheque\":{\"lines\":[{\"pos\":1,"
                    + "\"goodsId\":\"1\",\"price\":\"10\",\"quantity\":\"1\",\"amount\":\"10\"}]}}";
            assertEquals(0, s.execute("discount", sale));
            assertEquals("true", s.result("/queued"));
            assertEquals(0, s.execute("queue", "{\"action\":\"list\"}"), s.lastErrorText());
            String id = s.result("/items/0/id");
            assertEquals("queued", s.result("/items/0/state"));
            assertEquals("Q1", s.result("/items/0/purchaseId"));
            assertEquals(Status.MISSING_FIELD, s.execute("queue", "{\"action\":\"discard\",\"id\":\"" + id + "\"}"));
            assertEquals(Status.QUEUE_ITEM_NOT_FOUND, s.execute("queue", "{\"action\":\"retry\",\"id\":\"999\"}"));
            assertEquals(0, s.execute("queue", "{\"action\":\"retry\",\"id\":\"" + id + "\"}"), s.lastErrorText());
            assertEquals(0, s.execute("queue", "{\"action\":\"discard\",\"id\":\"" + id + "\",\"reason\":\"test sale\"}"),
                    s.lastErrorText());
            assertEquals("discarded", s.result("/items/0/state"));
            assertEquals("0", s.result("/queueLength"));
            assertEquals(0, s.execute("queue", "{\"action\":\"flush\"}"), s.lastErrorText());
            assertEquals("empty", s.result("/summary/stoppedBecause"));
        }
    }
}
