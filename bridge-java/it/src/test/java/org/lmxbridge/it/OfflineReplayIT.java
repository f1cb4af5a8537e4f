package org.lmxbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmxbridge.it.OfflineSupport.CARD;
import static org.lmxbridge.it.OfflineSupport.await;
import static org.lmxbridge.it.OfflineSupport.config;
import static org.lmxbridge.it.OfflineSupport.count;
import static org.lmxbridge.it.OfflineSupport.redemption;
import static org.lmxbridge.it.OfflineSupport.requests;
import static org.lmxbridge.it.OfflineSupport.sale;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.Bridge;
import org.lmxbridge.CommandSession;
import org.lmxbridge.Status;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationResult;

/**
 * Offline mode end to end against the real emulator: each fault of the emulator's injection ends in
 * the documented state, and the ledger holds every accepted operation exactly once.
 */
class OfflineReplayIT {
    @TempDir
    Path dir;

    private static Emulator emulator() throws Exception {
        return Emulator.start(TestSeeds.hourIndependent().port(0).build());
    }

    private static void drained(Bridge b) throws InterruptedException {
        await("the queue to drain", 15_000, () -> b.status().queueLength() == 0);
    }

    @Test
    void http500GoesOfflineNoPerCallAttemptsAndTheBacklogMovesByItself() throws Exception {
        try (Emulator emu = emulator(); Bridge b = Bridge.open(config(emu, dir, ",\"probeIntervalMs\":1500"))) {
            emu.faults().http500(-1);
            OperationResult d = b.discount(sale("P500", CARD, "100"));
            assertTrue(d.ok() && d.queued() && d.offline(), String.valueOf(d.error()));
            assertTrue(b.confirm("P500").queued());
            Thread.sleep(300); // the first probe (at once on going offline) has failed by now
            emu.resetMetrics();
            for (int i = 0; i < 20; i++) {
                assertEquals(Status.OFFLINE_REFUSED, b.balance(Identifier.of(CARD)).status());
                assertEquals(Status.OFFLINE_REFUSED, b.pay(redemption("P9", CARD, "100", "10")).status());
                assertTrue(b.calculate(sale("P9", CARD, "100")).offline());
            }
            assertEquals(0, requests(emu), "while offline is known, calls must not reach processing");
            assertEquals(Boolean.FALSE, b.status().online());
            emu.faults().clear();
            long t0 = System.currentTimeMillis();
            drained(b); // no call from the register program: the probe brings it back
            assertTrue(System.currentTimeMillis() - t0 < 5000);
            assertEquals(1, count(emu, "P500", "Discount"));
            assertEquals(1, count(emu, "P500", "ConfirmPurchase"));
            assertEquals(Boolean.TRUE, b.status().online());
            // the register program retries after the fact: the recorded answers, nothing sent again
            long before = requests(emu);
            OperationResult retried = b.discount(sale("P500", CARD, "100"));
            assertTrue(retried.ok(), retried.status() + " " + retried.error() + " " + retried.warnings());
            assertTrue(b.confirm("P500").ok());
            assertEquals(before, requests(emu));
        }
    }

    @Test
    void dropBeforeApplyIsAmbiguousAndReSentWithTheSameOperationId() throws Exception {
        try (Emulator emu = emulator(); Bridge b = Bridge.open(config(emu, dir, ""))) {
            emu.faults().dropBeforeApply(1).command("Discount");
            OperationResult d = b.discount(sale("PDB", CARD, "100"));
            assertTrue(d.ok() && d.queued(), String.valueOf(d.error()));
            drained(b);
            assertTrue(b.confirm("PDB").ok());
            assertEquals(1, count(emu, "PDB", "Discount"));
            assertEquals(1, count(emu, "PDB", "ConfirmPurchase"));
            assertEquals(d.operationId(), emu.ledger().operations("demo-partner", "reg01").stream()
                    .filter(o -> o.purchaseId().equals("PDB") && o.command().equals("Discount")).findFirst().orElseThrow().operationId());
        }
    }

    /**
     * The hour matters when an answer is lost: a discount sent online at 18:30 (inside the bundled
     * seed's happy hour) is applied by processing with the offer, its answer is lost, and the register
     * charges the full amounts as for an offline sale. The request that left is never changed, so
     * processing's record keeps the offer: the bridge must report that as a discrepancy, not as ok.
     */
    @Test
    void aLostAnswerDuringAHappyHourIsARecordedDiscrepancyNotASilentSuccess() throws Exception {
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).build());
                Bridge b = Bridge.open(config(emu, dir, ""))) {
            OperationRequest s = sale("PHH", CARD, "100");
            OperationRequest atHappyHour = s.withCheque(new Cheque(s.cheque().number(),
                    LocalDate.now().atTime(18, 30), s.cheque().lines()));
            emu.faults().dropAfterApply(1).command("Discount");
            OperationResult d = b.discount(atHappyHour);
            assertTrue(d.ok() && d.queued(), String.valueOf(d.error()));
            d.lines().forEach(l -> assertEquals(0, l.discount().signum(), "the register was told: full amounts"));
            await("the discrepancy to be recorded", 15_000, () -> b.status().discrepancyCount() == 1);
            OperationResult again = b.discount(atHappyHour);
            assertEquals(Status.DISCREPANCY, again.status(), String.valueOf(again.warnings()));
            assertEquals(1, count(emu, "PHH", "Discount"), "applied once");
        }
    }

    @Test
    void dropAfterApplyOfADiscountAndTheRegistersOwnRetryApplyItOnce() throws Exception {
        try (Emulator emu = emulator(); Bridge b = Bridge.open(config(emu, dir, ""))) {
            emu.faults().dropAfterApply(1).command("Discount");
            OperationResult d = b.discount(sale("PDA", CARD, "100"));
            assertTrue(d.ok() && d.queued(), String.valueOf(d.error()));
            // the register program, unsure, repeats the discount at once
            OperationResult again = b.discount(sale("PDA", CARD, "100"));
            assertTrue(again.ok());
            assertEquals(d.operationId(), again.operationId());
            drained(b);
            OperationResult third = b.discount(sale("PDA", CARD, "100"));
            assertTrue(third.ok() && !third.queued());
            assertTrue(b.confirm("PDA").ok());
            assertEquals(1, count(emu, "PDA", "Discount"));
            assertEquals(1, count(emu, "PDA", "ConfirmPurchase"));
        }
    }

    @Test
    void dropAfterApplyOfAPaymentIsOutcomeUnknownAndRepeatingPayResendsTheSameOperation() throws Exception {
        try (Emulator emu = emulator(); Bridge b = Bridge.open(config(emu, dir, ""))) {
            emu.faults().dropAfterApply(1).command("Payment");
            OperationResult p = b.pay(redemption("PPA", CARD, "200", "50"));
            assertEquals(Status.OUTCOME_UNKNOWN, p.status());
            assertTrue(p.outcomeUnknown());
            assertEquals(1, count(emu, "PPA", "Payment"));
            await("back online", 5000, () -> Boolean.TRUE.equals(b.status().online()));
            OperationResult again = b.pay(redemption("PPA", CARD, "200", "50"));
            assertTrue(again.ok(), String.valueOf(again.error()));
            assertEquals(p.operationId(), again.operationId());
            assertEquals(1, count(emu, "PPA", "Payment"), "never a second redemption");
            assertTrue(b.discount(sale("PPA", CARD, "200")).ok());
            assertTrue(b.confirm("PPA").ok());
            assertEquals(1, count(emu, "PPA", "ConfirmPurchase"));
        }
    }

    @Test
    void latencyBeyondTheTimeoutQueuesTheConfirmWithTheSameOperationId() throws Exception {
        try (Emulator emu = emulator(); Bridge b = Bridge.open(config(emu, dir, ",\"readTimeoutMs\":400"))) {
            assertTrue(b.discount(sale("PLT", CARD, "100")).ok());
            emu.faults().latencyMs(1200).command("ConfirmPurchase");
            OperationResult c = b.confirm("PLT");
            assertTrue(c.ok() && c.queued(), String.valueOf(c.error()));
            Thread.sleep(1000); // the emulator applies the slow confirm
            emu.faults().clear();
            drained(b);
            assertEquals(1, count(emu, "PLT", "Discount"));
            assertEquals(1, count(emu, "PLT", "ConfirmPurchase"));
        }
    }

    @Test
    void theProcessingLockPausesReplayWithoutCountingAttempts() throws Exception {
        try (Emulator emu = emulator(); CommandSession s = CommandSession.open(config(emu, dir, ""))) {
            Bridge b = s.bridge();
            emu.faults().http500(-1);
            assertTrue(b.discount(sale("PLK", CARD, "100")).queued());
            synchronized (emu.faults()) {
                emu.faults().clear().lock(true);
            }
            await("replay paused by the lock", 5000, () -> b.status().replayPausedReason() != null);
            OperationResult st = b.status();
            assertTrue(st.replayPausedReason().contains("PurchaseOperationConflict"), st.replayPausedReason());
            assertEquals(1, st.queueLength());
            assertEquals(0, count(emu, "PLK", "Discount"));
            s.execute("queue", "{\"action\":\"list\"}");
            assertEquals("0", s.result("/items/0/attempts"), "the lock is not the item's fault: no attempt counted");
            emu.faults().clear();
            drained(b);
            assertNull(b.status().replayPausedReason());
            assertEquals(1, count(emu, "PLK", "Discount"));
        }
    }

    @Test
    void refusedCredentialsPauseReplayAndTheItemWaitsUntouched() throws Exception {
        int port = OfflineSupport.freePort();
        String url = "http://127.0.0.1:" + port + "/XmlExchange/demo-partner/reg01/";
        try (Bridge b = Bridge.open(config(url, "wrong", dir, ""))) {
            assertTrue(b.discount(sale("P401", CARD, "100")).queued(), "unreachable at open: accepted offline");
            assertEquals(Boolean.FALSE, b.status().online());
            try (Emulator emu = Emulator.start(TestSeeds.hourIndependent().port(port).build())) {
                await("replay paused for AUTH_FAILED", 5000, () -> b.status().replayPausedReason() != null);
                assertTrue(b.status().replayPausedReason().startsWith("AUTH_FAILED"), b.status().replayPausedReason());
                assertEquals(1, b.status().queueLength());
                assertEquals(0, count(emu, "P401", "Discount"));
                b.close();
                try (Bridge good = Bridge.open(config(url, "secret", dir, ""))) {
                    drained(good);
                    assertEquals(1, count(emu, "P401", "Discount"));
                }
            }
        }
    }

    @Test
    void aPermanentRejectionGoesDeadTheConfirmFollowsAndTheNextPurchaseGoesOn() throws Exception {
        try (Emulator emu = emulator(); CommandSession s = CommandSession.open(config(emu, dir, ""))) {
            Bridge b = s.bridge();
            emu.faults().http500(-1);
            assertTrue(b.discount(sale("PBAD", "8690037", "100")).queued()); // blocked card
            assertTrue(b.confirm("PBAD").queued());
            assertTrue(b.discount(sale("PGOOD", CARD, "100")).queued());
            assertTrue(b.confirm("PGOOD").queued());
            emu.faults().clear();
            drained(b);
            OperationResult st = b.status();
            assertEquals(2, st.deadCount());
            assertFalse(st.warnings().isEmpty());
            assertEquals(0, count(emu, "PBAD", "Discount"));
            assertEquals(0, count(emu, "PBAD", "ConfirmPurchase"));
            assertEquals(1, count(emu, "PGOOD", "ConfirmPurchase"));
            assertEquals(0, s.execute("queue", "{\"action\":\"list\"}"));
            assertEquals("dead", s.result("/items/0/state"));
            assertTrue(s.result("/items/0/lastError").contains("CardBlocked"), s.result("/items/0/lastError"));
            assertTrue(s.result("/items/1/lastError").startsWith("не отправлено"), s.result("/items/1/lastError"));
            String id = s.result("/items/0/id");
            assertEquals(0, s.execute("queue", "{\"action\":\"discard\",\"id\":\"" + id + "\",\"reason\":\"card blocked, customer informed\"}"));
            assertEquals(1, b.status().deadCount());
        }
    }

    @Test
    void cancelNeutralisesAQueuedPurchaseAndQueuesACancelForAForwardedOne() throws Exception {
        try (Emulator emu = emulator(); Bridge b = Bridge.open(config(emu, dir, ""))) {
            assertTrue(b.discount(sale("PFWD", CARD, "100")).ok()); // forwarded live
            emu.faults().http500(-1);
            assertEquals(Status.OFFLINE_REFUSED, b.balance(Identifier.of(CARD)).status()); // finds processing failing
            assertTrue(b.discount(sale("PNEU", CARD, "100")).queued()); // never sent: neutralisable
            assertTrue(b.confirm("PNEU").queued());
            OperationResult n = b.cancel("PNEU");
            assertTrue(n.ok() && !n.queued(), String.valueOf(n.error()));
            OperationResult c = b.cancel("PFWD");
            assertTrue(c.ok() && c.queued(), String.valueOf(c.error()));
            emu.faults().clear();
            drained(b);
            assertEquals(0, count(emu, "PNEU", "Discount"));
            assertEquals(0, count(emu, "PNEU", "ConfirmPurchase"));
            assertEquals(1, count(emu, "PFWD", "CancelPurchase"));
            assertEquals(0, count(emu, "PFWD", "ConfirmPurchase"));
        }
    }

    @Test
    void anOfflineRefundIsForwardedAfterItsPurchaseOnce() throws Exception {
        try (Emulator emu = emulator(); Bridge b = Bridge.open(config(emu, dir, ",\"offlineRefunds\":true"))) {
            emu.faults().http500(-1);
            assertTrue(b.discount(sale("PREF", CARD, "300")).queued());
            assertTrue(b.confirm("PREF").queued());
            OperationResult r = b.refund(org.lmxbridge.model.OperationRequest.builder().purchaseId("RREF").refundPurchaseId("PREF")
                    .cheque(sale("PREF", CARD, "300").cheque()).build());
            assertTrue(r.ok() && r.queued(), String.valueOf(r.error()));
            emu.faults().clear();
            drained(b);
            assertEquals(0, b.status().deadCount(), String.valueOf(b.status().warnings()));
            assertEquals(1, OfflineSupport.ops(emu).stream().filter(o -> o.command().equals("Refund")).count());
            assertNotNull(b.refund(org.lmxbridge.model.OperationRequest.builder().purchaseId("RREF").refundPurchaseId("PREF")
                    .cheque(sale("PREF", CARD, "300").cheque()).build()));
            assertEquals(1, OfflineSupport.ops(emu).stream().filter(o -> o.command().equals("Refund")).count());
        }
    }
}
