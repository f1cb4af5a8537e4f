package org.lmxbridge.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmxbridge.testing.XmlAssert.resource;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.lmxbridge.Status;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.model.ResultLine;

/** Every response shape of the protocol reference, read from literal fixtures ({@code golden/responses}). */
class GoldenResponseTest {
    static final ProtocolCodec CODEC = new ProtocolCodec();

    static OperationResult read(Command c, String fixture) throws ProtocolException {
        return ProtocolMapper.toResult(c, CODEC.decode(resource("/golden/responses/" + fixture)));
    }

    @Test
    void balanceWithVersionFirst() throws Exception {
        OperationResult r = read(Command.BALANCE, "balance.xml");
        assertTrue(r.ok());
        assertEquals(new BigDecimal("12405.67"), r.balance());
        assertEquals("RUB", r.currency());
        assertEquals("Петров П.", r.identifierData().get("Holder"));
        assertEquals("**** 0003", r.identifierData().get("MaskedNumber"));
        assertEquals(4, r.identifierData().size());
    }

    @Test
    void balanceOf2018ServerWithoutVersionAndOtherItemNames() throws Exception {
        OperationResult r = read(Command.BALANCE, "balance-2018-no-version.xml");
        assertTrue(r.ok());
        assertEquals(new BigDecimal("3999"), r.balance());
        assertEquals("Сидорова А.", r.identifierData().get("Person"));
        assertEquals("8690003", r.identifierData().get("Cardnumber"));
    }

    @Test
    void calculateCarriesBalanceLinesOffersAndMessages() throws Exception {
        OperationResult r = read(Command.CALCULATE, "calculate.xml");
        assertTrue(r.ok());
        assertEquals(new BigDecimal("12405.67"), r.balance());
        assertEquals(new BigDecimal("1189.15"), r.availableAmount());
        assertEquals(new BigDecimal("1189.15"), r.availableBonusAmount());
        assertEquals("Ваша скидка 10%!", r.chequeMessage());
        assertEquals("Предложите карту «Друг»", r.cashierMessage());
        assertEquals(2, r.lines().size());
        ResultLine l = r.lines().get(0);
        assertEquals(1, l.pos());
        assertEquals(new BigDecimal("17.98"), l.discount());
        assertEquals(new BigDecimal("161.82"), l.amount());
        assertEquals(new BigDecimal("8.09"), l.cashback());
        assertEquals("Молочная неделя", l.offers().get(0).name());
        assertEquals(new BigDecimal("17.98"), l.offers().get(0).preferenceValue());
        assertNull(r.lines().get(1).offers());
    }

    @Test
    void availableAmount() throws Exception {
        OperationResult r = read(Command.AVAILABLE_AMOUNT, "availableAmount.xml");
        assertEquals(new BigDecimal("1189.15"), r.availableAmount());
        assertEquals(new BigDecimal("1189.15"), r.availableBonusAmount());
    }

    @Test
    void paymentAsCaptured() throws Exception {
        OperationResult r = read(Command.PAY, "pay.xml");
        assertTrue(r.ok());
        assertEquals("6361874", r.transactionId());
        assertEquals("405415", r.authCode());
        assertEquals(new BigDecimal("100.00"), r.amount());
        assertEquals(new BigDecimal("100.00"), r.bonusAmount());
        assertEquals("Списано: 100 бонусов!", r.chequeMessage());
        assertEquals(new BigDecimal("100.00"), r.lines().get(0).payAmount());
        assertEquals("Оплата бонусами", r.lines().get(0).offers().get(0).name());
    }

    @Test
    void discountConfirmCancelRefund() throws Exception {
        OperationResult d = read(Command.DISCOUNT, "discount.xml");
        assertEquals(new BigDecimal("128.02"), d.bonusAmount());
        assertEquals(new BigDecimal("119.93"), d.lines().get(1).cashback());
        assertTrue(read(Command.CONFIRM, "confirm.xml").ok());
        assertTrue(read(Command.CANCEL, "cancel.xml").ok());
        OperationResult f = read(Command.REFUND, "refund.xml");
        assertEquals(new BigDecimal("39.98"), f.bonusAmount());
        assertEquals(new BigDecimal("31.20"), f.paidBonusAmount());
        assertEquals("6361999", f.transactionId());
    }

    @Test
    void elementErrorPassesServerNumberAndTextVerbatim() throws Exception {
        OperationResult r = read(Command.BALANCE, "error-card-blocked.xml");
        assertFalse(r.ok());
        assertEquals(205, r.status());
        assertEquals("CardBlocked", r.error().name());
        assertEquals(205, r.error().serverCode());
        assertEquals("Карта заблокирована", r.error().message());
    }

    @Test
    void confirmOfUnknownPurchaseIs216() throws Exception {
        OperationResult r = read(Command.CONFIRM, "error-confirm-unknown-purchase.xml");
        assertEquals(216, r.status());
        assertEquals("PurchaseNotFound", r.error().name());
    }

    @Test
    void rootLevelSchemaErrorKeepsTheServerWording() throws Exception {
        OperationResult r = read(Command.AVAILABLE_AMOUNT, "error-root-schema.xml");
        assertEquals(Status.PROCESSING_ERROR, r.status());
        assertEquals(3, r.error().serverCode());
        assertEquals("ParseError", r.error().name());
        assertTrue(r.error().message().startsWith("The element 'AvailableAmountRequest' has invalid child element 'Coupons'."));
    }

    @Test
    void unknownServerNumberIsPassedThrough() throws Exception {
        OperationResult r = read(Command.PAY, "error-unknown-number.xml");
        assertEquals(Status.PROCESSING_ERROR, r.status());
        assertEquals(1234, r.error().serverCode());
        assertEquals("Error1234", r.error().name());
        assertEquals("Неизвестная ошибка сервера", r.error().message());
    }

    @Test
    void answerOfTheWrongElementIsAnError() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> read(Command.PAY, "balance.xml"));
        assertTrue(e.getMessage().contains("ожидался <PaymentResponse>"), e.getMessage());
    }

    @Test
    void requestFixturesRoundTripThroughTheTypedClasses() throws Exception {
        for (String f : new String[] {"balance", "calculate", "availableAmount", "pay", "discount", "confirm", "cancel", "refund"}) {
            byte[] fixture = resource("/golden/requests/" + f + ".xml");
            XmlRequestEnvelope env = CODEC.decodeRequest(fixture);
            byte[] again = CODEC.encode(env, java.nio.charset.StandardCharsets.UTF_8);
            org.lmxbridge.testing.XmlAssert.assertSameXml(fixture, again);
        }
    }
}
