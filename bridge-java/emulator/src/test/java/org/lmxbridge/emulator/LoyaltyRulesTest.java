package org.lmxbridge.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lmxbridge.emulator.Lmx.*;

import org.junit.jupiter.api.Test;

/**
 * Discounts, happy hour, coupons, cashback, caps, card states, PIN (default seed: cashback 5 %, redemption cap
 * 50 %, goods 1001 -10 %, happy hour 18:00-20:00 -5 %, coupon SALE10 -10 %).
 */
class LoyaltyRulesTest extends EmulatorPerTest {
    static final String MILK = line(1, "1001", "89.90", "2", "179.80");
    static final String BREAD = line(2, "2002", "250.00", "1", "250.00");

    @Test
    void calculateAppliesGoodsDiscountAndShowsCashbackAndAvailable() throws Exception {
        Resp r = post(emu, calculate(opId(), purchaseId(), card("8690003"), cheque(MILK, BREAD), null));
        assertEquals("0", r.code(), r.text());
        assertEquals("1500.00", r.a("Balance"));
        assertEquals("205.91", r.a("AvailableAmount")); // 50 % of 411.82
        assertEquals("205.91", r.a("AvailableBonusAmount"));
        assertEquals("17.98", r.line(1, "Discount"));
        assertEquals("161.82", r.line(1, "Amount"));
        assertEquals("2.000", r.line(1, "Quantity"));
        assertEquals("8.09", r.line(1, "Cashback"));
        assertEquals("0.00", r.line(2, "Discount"));
        assertEquals("250.00", r.line(2, "Amount"));
        assertEquals("12.50", r.line(2, "Cashback"));
        assertEquals("101", r.x("//ChequeLine[@PosID='1']/AppliedOffers/Offer/@Id"));
        assertEquals("17.98", r.x("//ChequeLine[@PosID='1']/AppliedOffers/Offer/@PrerefenceValue"));
        assertEquals(0, r.count("//ChequeLine[@PosID='2']/AppliedOffers"));
        assertEquals("Default", r.x("//LoyaltyPrograms/LoyaltyProgram/@Name"));
        // nothing is stored as money movement by Calculate
        assertEquals(0, emu.ledger().operations(PARTNER, REG).size());
    }

    @Test
    void calculateWithoutCardCarriesZeroBalanceAndNoCashback() throws Exception {
        Resp r = post(emu, calculate(opId(), purchaseId(), null, cheque(MILK, BREAD), null));
        assertEquals("0", r.code());
        assertEquals("0.00", r.a("Balance"));
        assertEquals("0.00", r.a("AvailableAmount"));
        assertEquals("17.98", r.line(1, "Discount"));
        assertEquals("0.00", r.line(1, "Cashback"));
        assertEquals(0, r.count("//IdentifierData"));
    }

    @Test
    void happyHourIsEvaluatedOnTheLocalChequeDate() throws Exception {
        Resp in = post(emu, calculate(opId(), purchaseId(), null, chequeAt("2026-11-28T18:30:00", MILK, BREAD), null));
        assertEquals("26.97", in.line(1, "Discount")); // 17.98 + 8.99
        assertEquals("12.50", in.line(2, "Discount"));
        assertEquals(2, in.count("//ChequeLine[@PosID='1']/AppliedOffers/Offer"));
        // the offset is ignored: 18:30 local at +10:00 is still inside 18:00-20:00
        Resp offset = post(emu, calculate(opId(), purchaseId(), null,
                chequeAt("2026-11-28T18:30:00+10:00", MILK, BREAD), null));
        assertEquals("12.50", offset.line(2, "Discount"));
        Resp before = post(emu, calculate(opId(), purchaseId(), null, chequeAt("2026-11-28T17:59:59", BREAD), null));
        assertEquals("0.00", before.line(2, "Discount"));
        Resp end = post(emu, calculate(opId(), purchaseId(), null, chequeAt("2026-11-28T20:00:00", BREAD), null));
        assertEquals("0.00", end.line(2, "Discount"));
        Resp utcWouldMatch = post(emu, calculate(opId(), purchaseId(), null,
                chequeAt("2026-11-28T21:30:00+03:00", BREAD), null)); // 18:30 UTC, 21:30 local: no
        assertEquals("0.00", utcWouldMatch.line(2, "Discount"));
    }

    @Test
    void couponsAddADiscountAndUnknownCouponsAreRefused() throws Exception {
        Resp r = post(emu, calculate(opId(), purchaseId(), card("8690003"), cheque(MILK, BREAD), coupons("SALE10")));
        assertEquals("35.96", r.line(1, "Discount"));
        assertEquals("25.00", r.line(2, "Discount"));
        assertEquals("225.00", r.line(2, "Amount"));
        Resp bad = post(emu, calculate(opId(), purchaseId(), card("8690003"), cheque(MILK), coupons("NOPE")));
        assertEquals("225", bad.code());
        assertEquals("Coupon NOPE not found", bad.message());
    }

    @Test
    void availableAmountIsCappedByChequeAndBalance() throws Exception {
        Resp big = post(emu, availableAmount(opId(), purchaseId(), card("8690003"), cheque(MILK, BREAD)));
        assertEquals("205.91", big.a("Amount"));
        assertEquals("205.91", big.a("BonusAmount"));
        Resp small = post(emu, availableAmount(opId(), purchaseId(), card("8690052"), cheque(MILK, BREAD)));
        assertEquals("30.00", small.a("Amount"));
        Resp notActivated = post(emu, availableAmount(opId(), purchaseId(), card("8690029"), cheque(MILK, BREAD)));
        assertEquals("0", notActivated.code());
        assertEquals("0.00", notActivated.a("Amount"));
        assertEquals("205", post(emu, availableAmount(opId(), purchaseId(), card("8690037"), cheque(MILK))).code());
    }

    @Test
    void redemptionCaps() throws Exception {
        Resp tooLarge = post(emu, payment(opId(), purchaseId(), "205.92", card("8690003"), cheque(MILK, BREAD)));
        assertEquals("203", tooLarge.code());
        assertEquals("Payment amount 205.92 exceeds the maximum 205.91 allowed for this cheque", tooLarge.message());
        Resp ok = post(emu, payment(opId(), purchaseId(), "205.91", card("8690003"), cheque(MILK, BREAD)));
        assertEquals("0", ok.code(), ok.text());
        Resp poor = post(emu, payment(opId(), purchaseId(), "30.01", card("8690052"), cheque(MILK, BREAD)));
        assertEquals("204", poor.code());
        assertEquals("Not enough bonuses on the card", poor.message());
        assertEquals("0", post(emu, payment(opId(), purchaseId(), "30.00", card("8690052"), cheque(MILK, BREAD))).code());
    }

    @Test
    void paymentSpreadsOverLinesAndAnswersLikeTheServer() throws Exception {
        Resp r = post(emu, payment("e65a0000000000000000000000000001", purchaseId(), "100", card("8690003"),
                cheque(MILK, BREAD)));
        assertEquals("0", r.code(), r.text());
        assertEquals("reg01", r.a("DeviceLogicalID"));
        assertEquals("e65a0000000000000000000000000001", r.a("OperationID"));
        assertEquals("100.00", r.a("Amount"));
        assertEquals("100.00", r.a("BonusAmount"));
        assertEquals(6, r.a("AuthCode").length());
        assertEquals("39.29", r.line(1, "PayAmount"));
        assertEquals("60.71", r.line(2, "PayAmount"));
        assertEquals("", r.line(1, "Cashback"));
    }

    @Test
    void cardStatesAndPin() throws Exception {
        String chq = cheque(MILK, BREAD);
        Resp blocked = post(emu, calculate(opId(), purchaseId(), card("8690037"), chq, null));
        assertEquals("205", blocked.code());
        assertEquals("Card is blocked", blocked.message());
        assertEquals(0, blocked.count("//Cheque"), "no calculation for a blocked card");
        // blocked even when identified by its phone
        assertEquals("205", post(emu, calculate(opId(), purchaseId(), id("Phone", "79260000037"), chq, null)).code());

        Resp na = post(emu, payment(opId(), purchaseId(), "10", card("8690029"), chq));
        assertEquals("214", na.code());
        assertEquals("Card is not activated", na.message());
        // not activated: accrual allowed
        String p = purchaseId();
        Resp d = post(emu, discount(opId(), p, card("8690029"), chq));
        assertEquals("0", d.code());
        assertEquals("20.59", d.a("BonusAmount"));
        assertEquals("0", post(emu, confirm(opId(), p)).code());
        assertEquals("220.59", post(emu, balance(opId(), card("8690029"))).a("BonusAmount"));

        Resp noPin = post(emu, payment(opId(), purchaseId(), "10", card("8690011"), chq));
        assertEquals("211", noPin.code());
        assertEquals("Wrong PIN", noPin.message());
        assertEquals("211", post(emu, payment(opId(), purchaseId(), "10", idPin("8690011", "9999"), chq)).code());
        assertEquals("0", post(emu, payment(opId(), purchaseId(), "10", idPin("8690011", "1234"), chq)).code());
        // no PIN is needed to look at the card or to earn
        assertEquals("0", post(emu, calculate(opId(), purchaseId(), card("8690011"), chq, null)).code());
        assertEquals("0", post(emu, discount(opId(), purchaseId(), card("8690011"), chq)).code());
    }

    @Test
    void lineSumsAddUpWithAwkwardAmounts() throws Exception {
        String chq = cheque(line(1, "1001", "0.33", "3", "0.99"), line(2, "3", "1.01", "1", "1.01"),
                line(3, "1001", "33.33", "0.333", "11.10"), line(4, "7", "0.01", "1", "0.01"));
        String p = purchaseId();
        Resp pay = post(emu, payment(opId(), p, "5.95", card("8690003"), chq)); // the cap: 50 % of 11.90
        assertEquals("0", pay.code(), pay.text());
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (int i = 1; i <= 4; i++) {
            java.math.BigDecimal payAmount = new java.math.BigDecimal(pay.line(i, "PayAmount"));
            assertEquals(true, payAmount.compareTo(new java.math.BigDecimal(pay.line(i, "Amount"))) <= 0);
            sum = sum.add(payAmount);
        }
        assertEquals(new java.math.BigDecimal("5.95"), sum);
        Resp d = post(emu, discount(opId(), p, null, chq));
        java.math.BigDecimal cb = java.math.BigDecimal.ZERO;
        for (int i = 1; i <= 4; i++) {
            cb = cb.add(new java.math.BigDecimal(d.line(i, "Cashback")));
        }
        assertEquals(new java.math.BigDecimal(d.a("BonusAmount")), cb);
    }
}
