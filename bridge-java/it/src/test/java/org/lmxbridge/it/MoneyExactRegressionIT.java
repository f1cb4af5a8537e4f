package org.lmxbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmxbridge.it.OfflineSupport.await;
import static org.lmxbridge.it.OfflineSupport.config;
import static org.lmxbridge.it.OfflineSupport.count;
import static org.lmxbridge.it.OfflineSupport.ops;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.Bridge;
import org.lmxbridge.CommandSession;
import org.lmxbridge.Status;
import org.lmxbridge.emulator.DuplicateOperationIds;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.LedgerSnapshot;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.IdentifierType;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.model.Pay;

/**
 * The six money defects of issue 10, each reproduced against the real emulator with its faults and
 * judged by its ledger (never by the bridge's own answers). Each test failed on the code before the
 * purchase journal redesign.
 */
class MoneyExactRegressionIT {
    @TempDir
    Path dir;

    static final String MILK = "1001";   // the seeded offer: goods 1001 -10 %
    static final String BREAD = "2002";  // no offer
    static final String PHONE_CARD = "8690045"; // balance 300.00
    static final String POOR_CARD = "8690052";  // balance 30.00

    private static Emulator emulator() throws Exception {
        return Emulator.start(TestSeeds.hourIndependent().port(0).build());
    }

    static OperationRequest sale(String pid, String card, String goods, String amount, List<String> coupons, List<Pay> pays) {
        return OperationRequest.builder().purchaseId(pid).cashier("Иванова")
                .identifier(new Identifier(IdentifierType.CARD_NUMBER, card, null))
                .cheque(new Cheque("15", LocalDateTime.now().withNano(0), List.of(
                        new ChequeLine(1, goods, "товар", new BigDecimal(amount), BigDecimal.ONE, new BigDecimal(amount)))))
                .coupons(coupons).pays(pays).build();
    }

    static OperationRequest cardSale(String pid, String card, String goods, String amount) {
        return sale(pid, card, goods, amount, List.of(), List.of(new Pay("Card", new BigDecimal(amount))));
    }

    static OperationRequest redemption(String pid, String card, String goods, String amount, String bonus) {
        return OperationRequest.builder().purchaseId(pid).identifier(new Identifier(IdentifierType.CARD_NUMBER, card, null))
                .cheque(cardSale(pid, card, goods, amount).cheque()).amount(new BigDecimal(bonus)).build();
    }

    static LedgerSnapshot.Operation op(Emulator emu, String pid, String command) {
        return ops(emu).stream().filter(o -> o.purchaseId().equals(pid) && o.command().equals(command)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + command + " of " + pid + " in the ledger: " + ops(emu)));
    }

    static BigDecimal balance(Emulator emu, String card) {
        return emu.ledger().card(card).orElseThrow().balance();
    }

    static void drained(Bridge b) throws InterruptedException {
        await("the queue to drain", 15_000, () -> b.status().queueLength() == 0);
    }

    static void eq(String want, BigDecimal got, String what) {
        assertEquals(0, new BigDecimal(want).compareTo(got), what + ": " + got + ", want " + want);
    }

    // ---------------------------------------------------------------- 1. phantom discounts on replay

    /**
     * Defect 1: a sale made offline (full price, "discounts not applied") was replayed unchanged, so
     * processing applied its offers: 20.00 discount on 200.00 and an accrual of 9.00 instead of 10.00.
     * Now it carries the offline-sale marker, which the emulator honours as a partner's offers would.
     */
    @Test
    void defect1_anOfflineSaleIsReplayedAsAnOfflineSaleWithoutPhantomDiscounts() throws Exception {
        try (Emulator emu = emulator(); Bridge b = Bridge.open(config(emu, dir, ""))) {
            emu.faults().http500(-1);
            OperationRequest s = cardSale("PH1", OfflineSupport.CARD, MILK, "200");
            OperationResult calc = b.calculate(s);
            assertTrue(calc.offline(), "sold offline");
            eq("0", calc.lines().get(0).discount(), "the register gave no discount");
            assertTrue(b.discount(s).queued());
            assertTrue(b.confirm("PH1").queued());
            emu.faults().clear();
            drained(b);
            LedgerSnapshot.Operation d = op(emu, "PH1", "Discount");
            eq("0", d.discount(), "discount processing applied to the offline sale");
            eq("10.00", d.accrued(), "accrual: 5 % of the 200.00 the customer paid");
            eq("10.00", op(emu, "PH1", "ConfirmPurchase").balanceDelta(), "balance change");
            assertEquals(0, b.status().discrepancyCount());
        }
    }

    /**
     * Defect 1, the rest: coupons the cashier could not honour offline are not sent, and when processing
     * still answers differently from what the register was told (here: a partner whose offers ignore
     * the marker, simulated by switching the marker off), it is a recorded, visible discrepancy — in
     * status, queue list, the repeated call's status — never a plain success.
     */
    @Test
    void defect1_couponsAreNotSentAndADifferentAnswerIsAVisibleDiscrepancy() throws Exception {
        try (Emulator emu = emulator(); CommandSession cs = CommandSession.open(config(emu, dir, ",\"offlineMarkerName\":\"\""))) {
            Bridge b = cs.bridge();
            emu.faults().http500(-1);
            assertEquals(Status.OFFLINE_REFUSED, b.balance(Identifier.of(OfflineSupport.CARD)).status(), "the outage is found");
            OperationRequest coupon = sale("PC1", OfflineSupport.CARD, BREAD, "100", List.of("SALE10"),
                    List.of(new Pay("Card", new BigDecimal("100"))));
            assertTrue(b.discount(coupon).queued());
            OperationRequest milk = cardSale("PD1", OfflineSupport.CARD, MILK, "200");
            assertTrue(b.discount(milk).queued());
            emu.faults().clear();
            drained(b);
            eq("0", op(emu, "PC1", "Discount").discount(), "the coupon was not honoured offline, so it is not sent");
            eq("5.00", op(emu, "PC1", "Discount").accrued(), "accrual on the full 100.00");
            eq("20.00", op(emu, "PD1", "Discount").discount(), "the partner applied its offer anyway");
            OperationResult st = b.status();
            assertEquals(1, st.discrepancyCount(), String.valueOf(st.warnings()));
            assertTrue(st.warnings().stream().anyMatch(w -> w.contains("расхождени")), String.valueOf(st.warnings()));
            assertEquals(0, cs.execute("queue", "{\"action\":\"list\"}"));
            assertEquals("discrepancy", cs.result("/items/0/state"));
            assertEquals("PD1", cs.result("/items/0/purchaseId"));
            assertTrue(cs.result("/items/0/discrepancy").contains("20.00"), cs.result("/items/0/discrepancy"));
            OperationResult again = b.discount(milk);
            assertEquals(Status.DISCREPANCY, again.status(), "never a plain success");
            assertTrue(again.discrepancy().contains("20.00"));
            eq("9.00", again.bonusAmount(), "processing's own answer is kept");
        }
    }

    // ---------------------------------------------------------------- 2. a lost bonus payment gets confirmed

    /**
     * Defect 2: pay 50 timed out (applied, answer lost: 102); the register sold the purchase paid fully by
     * card and discount + confirm confirmed processing's pending redemption: the customer lost 50 bonuses
     * they never spent. Now discount and confirm are refused (106) until the payment is settled; the bridge
     * learns by re-sending the payment's OperationID that it was applied; cancel releases it.
     */
    @Test
    void defect2_aLostBonusPaymentIsNeverConfirmedWithoutTheRegister() throws Exception {
        try (Emulator emu = emulator(); Bridge b = Bridge.open(config(emu, dir, ""))) {
            BigDecimal before = balance(emu, PHONE_CARD);
            emu.faults().dropAfterApply(1).command("Payment");
            OperationResult pay = b.pay(redemption("PL1", PHONE_CARD, BREAD, "200", "50"));
            assertEquals(Status.OUTCOME_UNKNOWN, pay.status());
            emu.faults().clear();
            await("back online", 5000, () -> Boolean.TRUE.equals(b.status().online()));
            OperationResult d = b.discount(cardSale("PL1", PHONE_CARD, BREAD, "200"));
            assertEquals(Status.PAYMENT_UNRESOLVED, d.status(), "discount of a purchase with an unsettled payment: " + d.error());
            assertTrue(d.error().message().contains("Повторите списание"), d.error().message());
            assertEquals(Status.PAYMENT_UNRESOLVED, b.confirm("PL1").status());
            assertEquals(0, count(emu, "PL1", "ConfirmPurchase"), "nothing confirmed");
            assertEquals(1, count(emu, "PL1", "Payment"), "the payment was re-sent with its own OperationID, applied once");
            OperationResult cancel = b.cancel("PL1");
            assertTrue(cancel.ok(), String.valueOf(cancel.error()));
            assertEquals(1, count(emu, "PL1", "CancelPurchase"));
            eq(before.toPlainString(), balance(emu, PHONE_CARD), "the customer keeps every bonus");
            eq("0", emu.ledger().card(PHONE_CARD).orElseThrow().blockedRedemption(), "nothing left blocked");

            // the other way out: the register repeats pay, is told, and the purchase goes on with the bonus settled
            emu.faults().dropAfterApply(1).command("Payment");
            assertEquals(Status.OUTCOME_UNKNOWN, b.pay(redemption("PL2", PHONE_CARD, BREAD, "200", "50")).status());
            emu.faults().clear();
            await("back online", 5000, () -> Boolean.TRUE.equals(b.status().online()));
            OperationResult again = b.pay(redemption("PL2", PHONE_CARD, BREAD, "200", "50"));
            assertTrue(again.ok(), String.valueOf(again.error()));
            eq("50", again.amount(), "told: 50 redeemed");
            assertTrue(b.discount(sale("PL2", PHONE_CARD, BREAD, "200", List.of(),
                    List.of(new Pay("Bonus", new BigDecimal("50")), new Pay("Card", new BigDecimal("150"))))).ok());
            assertTrue(b.confirm("PL2").ok());
            eq("50", op(emu, "PL2", "ConfirmPurchase").redeemed(), "the redemption the register was told about");
        }
    }

    /** Defect 2, offline: the discount and confirm of a purchase with a lost payment were queued and later confirmed it. */
    @Test
    void defect2_offlineAPurchaseWithALostPaymentIsRefusedAndItsCancelReleasesIt() throws Exception {
        try (Emulator emu = emulator(); Bridge b = Bridge.open(config(emu, dir, ""))) {
            BigDecimal before = balance(emu, PHONE_CARD);
            emu.faults().dropAfterApply(1).command("Payment");
            assertEquals(Status.OUTCOME_UNKNOWN, b.pay(redemption("PL3", PHONE_CARD, BREAD, "200", "50")).status());
            emu.faults().clear().http500(-1);
            assertEquals(Status.OFFLINE_REFUSED, b.balance(Identifier.of(PHONE_CARD)).status(), "the outage is found");
            OperationResult d = b.discount(cardSale("PL3", PHONE_CARD, BREAD, "200"));
            assertEquals(Status.PAYMENT_UNRESOLVED, d.status(), "offline too: " + d.error());
            assertFalse(d.queued());
            assertEquals(Status.PAYMENT_UNRESOLVED, b.confirm("PL3").status());
            OperationResult cancel = b.cancel("PL3");
            assertTrue(cancel.ok() && cancel.queued(), "the payment may have been applied: a Cancel is queued " + cancel.error());
            emu.faults().clear();
            drained(b);
            assertEquals(0, count(emu, "PL3", "ConfirmPurchase"));
            assertEquals(1, count(emu, "PL3", "CancelPurchase"));
            eq(before.toPlainString(), balance(emu, PHONE_CARD), "the customer keeps every bonus");
        }
    }

    // ---------------------------------------------------------------- 3. NotUniqueOperationID is not "applied"

    /**
     * Defect 3: processing refused the first attempt (not enough bonuses) and the answer was lost; the
     * re-sent pay got NotUniqueOperationID and the register was told ok:true amount 100 for a redemption
     * that does not exist. Now NotUniqueOperationID keeps it unknown (102); a processing that repeats its
     * stored answer (the emulator's default) gives the original refusal.
     */
    @Test
    void defect3_notUniqueOperationIdIsNeverTakenForAnAppliedRedemption() throws Exception {
        try (Emulator emu = emulator(); Bridge b = Bridge.open(config(emu, dir, ""))) {
            emu.faults().duplicateOperationIds(DuplicateOperationIds.ERROR).dropAfterApply(1).command("Payment");
            assertEquals(Status.OUTCOME_UNKNOWN, b.pay(redemption("PN1", POOR_CARD, BREAD, "200", "100")).status());
            emu.faults().clear();
            await("back online", 5000, () -> Boolean.TRUE.equals(b.status().online()));
            OperationResult again = b.pay(redemption("PN1", POOR_CARD, BREAD, "200", "100"));
            assertFalse(again.ok(), "told ok for a redemption that does not exist: " + again.amount());
            assertEquals(Status.OUTCOME_UNKNOWN, again.status());
            assertEquals(0, count(emu, "PN1", "Payment"), "processing refused it: nothing redeemed");

            emu.faults().duplicateOperationIds(DuplicateOperationIds.REPLAY).dropAfterApply(1).command("Payment");
            assertEquals(Status.OUTCOME_UNKNOWN, b.pay(redemption("PN2", POOR_CARD, BREAD, "200", "100")).status());
            emu.faults().clear();
            await("back online", 5000, () -> Boolean.TRUE.equals(b.status().online()));
            OperationResult replayed = b.pay(redemption("PN2", POOR_CARD, BREAD, "200", "100"));
            assertEquals(204, replayed.status(), "the original answer: NotEnoughMoney");
            assertEquals(0, count(emu, "PN2", "Payment"));
        }
    }

    // ---------------------------------------------------------------- 4. refunds queued against the policy

    /**
     * Defect 4: with offlineRefunds false (the default) a refund that was the call discovering the outage
     * was queued and later applied. Now it is refused (100) when it did not leave, and answered 102 (not
     * queued; the register repeats it) when it may have.
     */
    @Test
    void defect4_aRefundThatDiscoversTheOutageIsNotQueuedWhenOfflineRefundsAreOff() throws Exception {
        Path db = dir.resolve("emu.db");
        int port;
        OperationRequest refund = OperationRequest.builder().purchaseId("RF1").refundPurchaseId("PF1")
                .cheque(cardSale("PF1", OfflineSupport.CARD, BREAD, "100").cheque()).build();
        Emulator emu = Emulator.start(TestSeeds.hourIndependent().port(0).db(db).build());
        port = emu.port();
        String cfg = config(emu, dir.resolve("data"), "");
        try (Bridge b = Bridge.open(cfg)) {
            assertTrue(b.discount(cardSale("PF1", OfflineSupport.CARD, BREAD, "100")).ok());
            assertTrue(b.confirm("PF1").ok());
            emu.close(); // processing unreachable: the refund is the call that finds out
            OperationResult r = b.refund(refund);
            assertEquals(Status.OFFLINE_REFUSED, r.status(), "refused, not queued: " + r.queued());
            assertEquals(0, b.status().queueLength());
            emu = Emulator.start(TestSeeds.hourIndependent().port(port).db(db).build());
            await("back online", 5000, () -> Boolean.TRUE.equals(b.status().online()));
            Thread.sleep(500);
            assertEquals(0, OfflineSupport.ops(emu).stream().filter(o -> o.command().equals("Refund")).count(), "nothing applied behind the register's back");

            // the request left and the answer is unusable (HTTP 500): unknown, not queued; the register repeats it
            emu.faults().http500(1).command("Refund");
            OperationResult lost = b.refund(refund);
            assertEquals(Status.OUTCOME_UNKNOWN, lost.status(), String.valueOf(lost.error()));
            assertFalse(lost.queued());
            assertEquals(0, b.status().queueLength());
            emu.faults().clear();
            await("back online", 5000, () -> Boolean.TRUE.equals(b.status().online()));
            OperationResult repeated = b.refund(refund);
            assertTrue(repeated.ok() && !repeated.queued(), String.valueOf(repeated.error()));
            assertEquals(lost.operationId(), repeated.operationId(), "the same operation re-sent");
            assertEquals(1, OfflineSupport.ops(emu).stream().filter(o -> o.command().equals("Refund")).count());
        } finally {
            emu.close();
        }
    }

    // ---------------------------------------------------------------- 5. another customer answered from the journal

    /**
     * Defect 5: a second discount with the same purchaseId but another card, cheque and pays got the first
     * one's recorded answer and nothing was sent — with the parameter bag keeping the purchaseId, a
     * forgotten resetParams silently dropped the next customer's accrual. Now it is REQUEST_MISMATCH (105).
     */
    @Test
    void defect5_anotherRequestForTheSamePurchaseIsRefusedNotAnsweredFromTheJournal() throws Exception {
        try (Emulator emu = emulator(); CommandSession s = CommandSession.open(config(emu, dir, ""))) {
            Bridge b = s.bridge();
            assertTrue(b.discount(cardSale("PM1", OfflineSupport.CARD, BREAD, "100")).ok());
            OperationResult other = b.discount(cardSale("PM1", PHONE_CARD, BREAD, "250"));
            assertEquals(Status.REQUEST_MISMATCH, other.status(), "answered from the journal: " + other.bonusAmount());
            assertTrue(b.discount(cardSale("PM1", OfflineSupport.CARD, BREAD, "100")).ok(), "the same request: its recorded answer");

            // offline, through the parameter bag, without resetParams between two customers
            emu.faults().http500(-1);
            String[][] first = {{"/identifier/value", OfflineSupport.CARD}, {"/cheque/lines/0/pos", "1"}, {"/cheque/lines/0/goodsId", BREAD},
                {"/cheque/lines/0/price", "100"}, {"/cheque/lines/0/quantity", "1"}, {"/cheque/lines/0/amount", "100"},
                {"/pays/0/type", "Card"}, {"/pays/0/amount", "100"}};
            for (String[] p : first) assertEquals(0, s.setParam(p[0], p[1]));
            assertEquals(0, s.execute("discount", null), s.lastErrorText());
            assertEquals("true", s.result("/queued"));
            String pid = s.result("/purchaseId");
            // the next customer: the cashier forgot resetParams, the bag still holds the purchaseId
            assertEquals(0, s.setParam("/identifier/value", PHONE_CARD));
            assertEquals(0, s.setParam("/cheque/lines/0/price", "300"));
            assertEquals(0, s.setParam("/cheque/lines/0/amount", "300"));
            assertEquals(0, s.setParam("/pays/0/amount", "300"));
            assertEquals(Status.REQUEST_MISMATCH, s.execute("discount", null), "the next customer must not vanish: " + s.resultJson());
            assertEquals(pid, s.result("/purchaseId"));
            emu.faults().clear();
            drained(b);
            assertEquals(1, count(emu, pid, "Discount"));
            assertEquals(OfflineSupport.CARD, op(emu, pid, "Discount").cardNumber(), "the first customer's sale, as sent");
        }
    }

    // ---------------------------------------------------------------- 6. cancel after a failed connection

    /**
     * Defect 6: a queued discount whose every attempt failed to connect counted as "may have reached
     * processing", so cancel queued a Cancel behind it instead of neutralising it. Now the item records
     * whether a request may have left; this one never did.
     */
    @Test
    void defect6_cancelNeutralisesADiscountWhoseAttemptsNeverLeft() throws Exception {
        int port = OfflineSupport.freePort();
        String url = "http://127.0.0.1:" + port + "/XmlExchange/demo-partner/reg01/";
        String cfg = config(url, "secret", dir, "");
        try (Bridge b = Bridge.open(cfg)) {
            assertTrue(b.discount(cardSale("PX1", OfflineSupport.CARD, BREAD, "100")).queued());
        }
        try (CommandSession s = CommandSession.open(cfg)) { // a new process: it starts online and tries the queue
            await("a replay attempt that could not connect", 10_000, () -> {
                s.execute("queue", "{\"action\":\"list\"}");
                try {
                    return Integer.parseInt(s.result("/items/0/attempts")) >= 1;
                } catch (org.lmxbridge.BridgeException e) {
                    return false;
                }
            });
            OperationResult c = s.bridge().cancel("PX1");
            assertTrue(c.ok(), String.valueOf(c.error()));
            assertFalse(c.queued(), "nothing of the purchase left the register: neutralised, no Cancel queued");
            assertEquals(0, s.bridge().status().queueLength());
            try (Emulator emu = Emulator.start(TestSeeds.hourIndependent().port(port).build())) {
                await("back online", 5000, () -> Boolean.TRUE.equals(s.bridge().status().online()));
                Thread.sleep(300);
                assertEquals(0, ops(emu).size(), "nothing was sent: " + ops(emu));
                assertEquals(0, s.bridge().status().deadCount());
            }
        }
        assertNotEquals(0, port);
    }
}
