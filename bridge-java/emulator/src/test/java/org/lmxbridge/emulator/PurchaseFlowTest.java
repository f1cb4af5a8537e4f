package org.lmxbridge.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lmxbridge.emulator.Lmx.*;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The "double principle" state machine, blocked amounts, cancel, refund. */
class PurchaseFlowTest extends EmulatorPerTest {
    static final String MILK = line(1, "1001", "89.90", "2", "179.80");
    static final String BREAD = line(2, "2002", "250.00", "1", "250.00");
    static final String CHEQUE = cheque(MILK, BREAD);

    private String balanceOf(String card) throws Exception {
        return post(emu, balance(opId(), card(card))).a("BonusAmount");
    }

    private void ok(Resp r) {
        assertEquals("0", r.code(), r.text());
    }

    /** Calculate → Payment 100 → Discount → Confirm on 8690003 (1500.00); returns the purchase id. */
    private String confirmedPurchase() throws Exception {
        String p = purchaseId();
        ok(post(emu, calculate(opId(), p, card("8690003"), CHEQUE, null)));
        ok(post(emu, payment(opId(), p, "100", card("8690003"), CHEQUE)));
        ok(post(emu, discount(opId(), p, card("8690003"), CHEQUE)));
        ok(post(emu, confirm(opId(), p)));
        return p;
    }

    @Test
    void fullPurchaseChangesTheBalanceOnlyOnConfirm() throws Exception {
        String p = purchaseId();
        ok(post(emu, calculate(opId(), p, card("8690003"), CHEQUE, null)));
        ok(post(emu, payment(opId(), p, "100", card("8690003"), CHEQUE)));
        assertEquals("1500.00", balanceOf("8690003"));
        Resp d = post(emu, discount(opId(), p, card("8690003"), CHEQUE));
        ok(d);
        assertEquals("15.59", d.a("BonusAmount"));   // 5 % of (161.82-39.29) + 5 % of (250.00-60.71) = 6.13 + 9.46
        assertEquals("6.13", d.line(1, "Cashback"));
        assertEquals("39.29", d.line(1, "PayAmount"));
        assertEquals("9.46", d.line(2, "Cashback"));
        assertEquals("1500.00", balanceOf("8690003"));
        LedgerSnapshot.Card c = emu.ledger().card("8690003").orElseThrow();
        assertEquals(new BigDecimal("100.00"), c.blockedRedemption());
        assertEquals(new BigDecimal("15.59"), c.pendingAccrual());
        ok(post(emu, confirm(opId(), p)));
        assertEquals("1415.59", balanceOf("8690003"));
        LedgerSnapshot l = emu.ledger();
        List<LedgerSnapshot.Operation> ops = l.operations(PARTNER, REG);
        assertEquals(List.of("Payment", "Discount", "ConfirmPurchase"), ops.stream().map(LedgerSnapshot.Operation::command).toList());
        assertEquals(new BigDecimal("-84.41"), ops.get(2).balanceDelta());
        assertEquals(new BigDecimal("17.98"), ops.get(2).discount());
        assertEquals(new BigDecimal("0.00"), l.card("8690003").orElseThrow().blockedRedemption());
        assertEquals(new BigDecimal("1415.59"), l.card("8690003").orElseThrow().balance());
    }

    @Test
    void offlinePurchaseIsDiscountThenConfirm() throws Exception {
        String p = purchaseId();
        Resp d = post(emu, discount(opId(), p, id("Auto", "79260000045"), chequeAt("2026-11-20T18:45:00", BREAD)));
        ok(d);
        assertEquals("11.88", d.a("BonusAmount")); // happy hour at the original local time: 5 % of 237.50
        ok(post(emu, confirm(opId(), p)));
        assertEquals("311.88", balanceOf("8690045"));
    }

    @Test
    void blockedRedemptionReducesWhatOtherPurchasesCanUseAndCancelReleasesIt() throws Exception {
        String big = cheque(line(1, "9", "5000.00", "1", "5000.00"));
        String p1 = purchaseId();
        ok(post(emu, payment(opId(), p1, "100", card("8690003"), big)));
        assertEquals("1500.00", balanceOf("8690003"));
        assertEquals("1400.00", post(emu, availableAmount(opId(), purchaseId(), card("8690003"), big)).a("Amount"));
        assertEquals("204", post(emu, payment(opId(), purchaseId(), "1400.01", card("8690003"), big)).code());
        ok(post(emu, cancel(opId(), p1)));
        assertEquals("1500.00", post(emu, availableAmount(opId(), purchaseId(), card("8690003"), big)).a("Amount"));
        assertEquals("1500.00", balanceOf("8690003"));

        // small card: two purchases cannot both spend the same 30.00
        String a = purchaseId();
        String b = purchaseId();
        ok(post(emu, payment(opId(), a, "20", card("8690052"), CHEQUE)));
        assertEquals("204", post(emu, payment(opId(), b, "20", card("8690052"), CHEQUE)).code());
        ok(post(emu, cancel(opId(), a)));
        ok(post(emu, payment(opId(), b, "20", card("8690052"), CHEQUE)));
        ok(post(emu, discount(opId(), b, null, CHEQUE)));
        ok(post(emu, confirm(opId(), b)));
        assertEquals(new BigDecimal("30.00").subtract(new BigDecimal("20.00"))
                .add(new BigDecimal(emu.ledger().operations(PARTNER, REG).stream()
                        .filter(o -> o.command().equals("ConfirmPurchase")).findFirst().orElseThrow().accrued().toPlainString()))
                .toPlainString(), balanceOf("8690052"));
    }

    @Test
    void cancelAfterDiscountReleasesEverything() throws Exception {
        String p = purchaseId();
        ok(post(emu, payment(opId(), p, "100", card("8690003"), CHEQUE)));
        ok(post(emu, discount(opId(), p, card("8690003"), CHEQUE)));
        ok(post(emu, cancel(opId(), p)));
        assertEquals("1500.00", balanceOf("8690003"));
        LedgerSnapshot.Card c = emu.ledger().card("8690003").orElseThrow();
        assertEquals(0, c.blockedRedemption().signum());
        assertEquals(0, c.pendingAccrual().signum());
        assertEquals(new BigDecimal("1500.00"), c.available());
    }

    @Test
    void operationOrder() throws Exception {
        // Confirm / Cancel of an unknown purchase
        assertEquals("216", post(emu, confirm(opId(), purchaseId())).code());
        assertEquals("Purchase not found", post(emu, confirm(opId(), purchaseId())).message());
        assertEquals("216", post(emu, cancel(opId(), purchaseId())).code());
        // Confirm before Discount
        String p = purchaseId();
        ok(post(emu, calculate(opId(), p, card("8690003"), CHEQUE, null)));
        Resp early = post(emu, confirm(opId(), p));
        assertEquals("218", early.code());
        assertEquals("Incorrect operation order: ConfirmPurchase is not allowed after Calculate", early.message());
        ok(post(emu, payment(opId(), p, "10", card("8690003"), CHEQUE)));
        assertEquals("218", post(emu, confirm(opId(), p)).code());
        assertEquals("218", post(emu, payment(opId(), p, "10", card("8690003"), CHEQUE)).code(), "one Payment");
        assertEquals("218", post(emu, calculate(opId(), p, card("8690003"), CHEQUE, null)).code());
        ok(post(emu, discount(opId(), p, card("8690003"), CHEQUE)));
        // Payment after Discount, Discount twice
        assertEquals("218", post(emu, payment(opId(), p, "10", card("8690003"), CHEQUE)).code());
        assertEquals("218", post(emu, discount(opId(), p, card("8690003"), CHEQUE)).code());
        ok(post(emu, confirm(opId(), p)));
        // after Confirm
        Resp again = post(emu, confirm(opId(), p));
        assertEquals("209", again.code());
        assertEquals("Purchase is already confirmed", again.message());
        assertEquals("218", post(emu, cancel(opId(), p)).code());
        assertEquals("218", post(emu, discount(opId(), p, null, CHEQUE)).code());
        assertEquals("218", post(emu, calculate(opId(), p, null, CHEQUE, null)).code());
        // after Cancel: everything is 210
        String c = purchaseId();
        ok(post(emu, calculate(opId(), c, null, CHEQUE, null)));
        ok(post(emu, cancel(opId(), c)));
        for (String xml : List.of(cancel(opId(), c), confirm(opId(), c), discount(opId(), c, null, CHEQUE),
                payment(opId(), c, "1", card("8690003"), CHEQUE), calculate(opId(), c, null, CHEQUE, null))) {
            Resp r = post(emu, xml);
            assertEquals("210", r.code(), r.text());
            assertEquals("Purchase is canceled", r.message());
        }
        // the ledger lists successful money operations only
        assertEquals(List.of("Payment", "Discount", "ConfirmPurchase", "CancelPurchase"),
                emu.ledger().operations(PARTNER, REG).stream().map(LedgerSnapshot.Operation::command).toList());
        // -10.00 redeemed + accrual 5 % of (161.82-3.93) + 5 % of (250.00-6.07) = 7.89 + 12.20
        assertEquals("1510.09", balanceOf("8690003"));
    }

    @Test
    void differentChequeAfterPaymentAndPurchaseOfAnotherRegister() throws Exception {
        String p = purchaseId();
        ok(post(emu, payment(opId(), p, "100", card("8690003"), CHEQUE)));
        Resp changed = post(emu, discount(opId(), p, card("8690003"),
                cheque(MILK, line(2, "2002", "250.00", "2", "500.00"))));
        assertEquals("217", changed.code());
        assertEquals("The cheque differs from the cheque of the payment", changed.message());
        assertEquals("217", post(emu, discount(opId(), p, null, cheque(MILK))).code(), "a line missing");
        assertEquals("217", post(emu, discount(opId(), p, null, CHEQUE, coupons("SALE10"))).code(), "coupons added");
        assertEquals("224", post(emu, discount(opId(), p, card("8690045"), CHEQUE)).code(), "another card");
        // same lines in another order, amount written differently: the same cheque
        ok(post(emu, discount(opId(), p, id("Phone", "79260000003"),
                cheque(BREAD, line(1, "1001", "89.9", "2.000", "179.8")))));
        // reg02 cannot touch reg01's purchase
        Resp other = post(emu, "reg02", "secret2", confirm(opId(), p));
        assertEquals("228", other.code());
        ok(post(emu, confirm(opId(), p)));
    }

    @Test
    void refundReturnsRedemptionAndTakesBackAccrualProportionally() throws Exception {
        String p = confirmedPurchase();
        assertEquals("1415.59", balanceOf("8690003"));
        // line 1: PayAmount 39.29, Cashback 6.13, quantity 2
        Resp r1 = post(emu, refund(opId(), purchaseId(), p, cheque(line(1, "1001", "89.90", "1", "89.90"))));
        assertEquals("0", r1.code(), r1.text());
        assertEquals("19.65", r1.a("PaidBonusAmount"));
        assertEquals("3.07", r1.a("BonusAmount"));
        assertEquals("1432.17", balanceOf("8690003"));
        Resp r2 = post(emu, refund(opId(), purchaseId(), p, cheque(line(1, "1001", "89.90", "1", "89.90"))));
        assertEquals("19.64", r2.a("PaidBonusAmount"), "the last part returns exactly what is left");
        assertEquals("3.06", r2.a("BonusAmount"));
        Resp r3 = post(emu, refund(opId(), purchaseId(), p, cheque(line(1, "1001", "89.90", "1", "89.90"))));
        assertEquals("217", r3.code(), "line 1 returned beyond its quantity");
        Resp r4 = post(emu, refund(opId(), purchaseId(), p, cheque(line(2, "2002", "250.00", "1", "250.00"))));
        assertEquals("60.71", r4.a("PaidBonusAmount"));
        assertEquals("9.46", r4.a("BonusAmount"));
        assertEquals("1500.00", balanceOf("8690003"), "everything returned: back to the start");
        assertEquals("217", post(emu, refund(opId(), purchaseId(), p, cheque(line(9, "1", "1", "1", "1")))).code());
        List<LedgerSnapshot.Operation> refunds = emu.ledger().operations(PARTNER, REG).stream()
                .filter(o -> o.command().equals("Refund")).toList();
        assertEquals(3, refunds.size());
        assertEquals(new BigDecimal("16.58"), refunds.get(0).balanceDelta());
    }

    @Test
    void refundErrors() throws Exception {
        Resp unknown = post(emu, refund(opId(), purchaseId(), "nope", CHEQUE));
        assertEquals("216", unknown.code());
        assertEquals("Purchase not found", unknown.message());
        String p = purchaseId();
        ok(post(emu, payment(opId(), p, "10", card("8690003"), CHEQUE)));
        assertEquals("218", post(emu, refund(opId(), purchaseId(), p, CHEQUE)).code(), "not confirmed yet");
        ok(post(emu, cancel(opId(), p)));
        assertEquals("210", post(emu, refund(opId(), purchaseId(), p, CHEQUE)).code());
        // refund from another register of the same partner is fine
        String q = confirmedPurchase();
        Resp r = post(emu, "reg02", "secret2", refund(opId(), purchaseId(), q, CHEQUE));
        assertEquals("0", r.code(), r.text());
        assertEquals("100.00", r.a("PaidBonusAmount"));
        assertEquals("15.59", r.a("BonusAmount"));
    }
}
