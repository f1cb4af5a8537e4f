package org.lmxbridge.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmxbridge.testing.XmlAssert.assertSameXml;
import static org.lmxbridge.testing.XmlAssert.resource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.IdentifierType;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.Param;
import org.lmxbridge.model.Pay;

/**
 * Every request the bridge writes, compared element by element (names, child order, attributes,
 * text) with literal fixtures written from the protocol reference ({@code golden/requests}).
 */
class GoldenRequestTest {
    static final OperationContext CTX = new OperationContext("0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            OffsetDateTime.parse("2026-11-28T10:15:00.123+03:00"), "reg01", "P20261128000015");
    static final ProtocolCodec CODEC = new ProtocolCodec();

    static Cheque cheque() {
        return new Cheque("15", LocalDateTime.parse("2026-11-28T10:15:00"), List.of(
                new ChequeLine(1, "1001", "Молоко 3,2%", new BigDecimal("89.90"), new BigDecimal("2"), new BigDecimal("179.80")),
                new ChequeLine(2, "2002", "Сыр \"Российский\" <весовой>", new BigDecimal("799.50"), new BigDecimal("3.000"),
                        new BigDecimal("2398.5"))));
    }

    static OperationRequest.Builder base() {
        return OperationRequest.builder().purchaseId("P20261128000015").cashier("Иванова")
                .identifier(Identifier.of("79260000001")).cheque(cheque());
    }

    static byte[] encode(Command c, OperationRequest r, OperationContext ctx) {
        return CODEC.encode(XmlRequestEnvelope.of(ProtocolMapper.toXml(c, r, ctx)), StandardCharsets.UTF_8);
    }

    static void check(String fixture, Command c, OperationRequest r) {
        check(fixture, c, r, CTX);
    }

    static void check(String fixture, Command c, OperationRequest r, OperationContext ctx) {
        assertSameXml(resource("/golden/requests/" + fixture), encode(c, r, ctx));
    }

    @Test
    void balance() {
        check("balance.xml", Command.BALANCE, OperationRequest.builder().cashier("Иванова")
                .identifier(Identifier.of(IdentifierType.CARD_NUMBER, "8690003")).build());
    }

    @Test
    void calculate() {
        check("calculate.xml", Command.CALCULATE, base().coupons(List.of("CPN-10"))
                .params(List.of(new Param("Channel", "String", "POS"))).build());
    }

    @Test
    void availableAmountPutsChequeBeforeIdentifierAndNoCoupons() {
        check("availableAmount.xml", Command.AVAILABLE_AMOUNT, base().build());
    }

    @Test
    void pay() {
        check("pay.xml", Command.PAY, base().identifier(new Identifier(IdentifierType.CARD_NUMBER, "8690003", "1234"))
                .amount(new BigDecimal("100.00")).coupons(List.of("CPN-10")).build());
    }

    @Test
    void discountWithPaymentSplit() {
        check("discount.xml", Command.DISCOUNT, base().coupons(List.of("CPN-10")).pays(List.of(
                new Pay("Card", new BigDecimal("2000")), new Pay("Cash", new BigDecimal("478.30")))).build());
    }

    @Test
    void confirm() {
        check("confirm.xml", Command.CONFIRM, OperationRequest.builder().purchaseId("P20261128000015").cashier("Иванова").build());
    }

    @Test
    void cancel() {
        check("cancel.xml", Command.CANCEL, OperationRequest.builder().purchaseId("P20261128000015").cashier("Иванова").build());
    }

    @Test
    void refundIsTheInferredShape() {
        OperationContext ctx = new OperationContext(CTX.operationId(), CTX.operationDate(), "reg01", "R20261128000016");
        check("refund.xml", Command.REFUND, OperationRequest.builder().purchaseId("R20261128000016").cashier("Иванова")
                .refundPurchaseId("P20261128000015").identifier(Identifier.of("79260000001"))
                .cheque(new Cheque("16", LocalDateTime.parse("2026-11-28T10:15:00"), List.of(new ChequeLine(2, "2002",
                        "Сыр \"Российский\" <весовой>", new BigDecimal("799.50"), BigDecimal.ONE, new BigDecimal("799.50")))))
                .build(), ctx);
    }

    @Test
    void moneyIsWrittenPlainNeverWithAnExponent() {
        OperationRequest r = base().amount(new BigDecimal("1E+3")).build();
        String xml = new String(encode(Command.PAY, r, CTX), StandardCharsets.UTF_8);
        assertTrue(xml.contains("Amount=\"1000\""), xml);
        assertFalse(xml.contains("E+"), xml);
    }

    @Test
    void chequeDateHasNoOffsetAndOperationDateHasOne() {
        String xml = new String(encode(Command.CALCULATE, base().build(), CTX), StandardCharsets.UTF_8);
        assertTrue(xml.contains("ChequeDate=\"2026-11-28T10:15:00\""), xml);
        assertTrue(xml.contains("OperationDate=\"2026-11-28T10:15:00.123+03:00\""), xml);
    }

    @Test
    void declarationNamesTheConfiguredCharset() {
        byte[] b = CODEC.encode(XmlRequestEnvelope.of(ProtocolMapper.toXml(Command.CALCULATE, base().build(), CTX)),
                java.nio.charset.Charset.forName("windows-1251"));
        String s = new String(b, java.nio.charset.Charset.forName("windows-1251"));
        assertTrue(s.startsWith("<?xml version=\"1.0\" encoding=\"windows-1251\"?>"), s);
        assertTrue(s.contains("Иванова"), "Cyrillic must survive in windows-1251");
    }
}
