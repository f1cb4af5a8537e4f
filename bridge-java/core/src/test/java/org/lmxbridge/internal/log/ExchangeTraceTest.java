package org.lmxbridge.internal.log;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exchange trace masks what identifies a person and keeps what support needs (ids, amounts, goods). */
class ExchangeTraceTest {
    static final String OP = "346b00ac8e54474288610d396842a102";

    @Test
    void requestKeepsIdsAndAmountsMasksIdentifierAndPin() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XMLRequest><Version>3.2</Version><Discounts><DiscountRequest "
                + "OperationID=\"" + OP + "\" PurchaseID=\"000123456789\" Cashier=\"Иванова\"><Identifier Type=\"Phone\" "
                + "Value=\"79035550199\" Pin=\"480917\"/><Cheque ChequeNumber=\"15\"><ChequeLine PosID=\"1\" GoodsId=\"4601234567890\" "
                + "Price=\"1234567.00\" Quantity=\"2\" Amount=\"179.80\" Name=\"Молоко\"/></Cheque><Params><Param Name=\"Note\" "
                + "Type=\"String\" Value=\"call 79260000003\"/></Params></DiscountRequest></Discounts></XMLRequest>";
        String t = ExchangeTrace.masked(xml.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertTrue(t.contains("OperationID=\"" + OP + "\""), t);
        assertTrue(t.contains("PurchaseID=\"000123456789\""), t);
        assertTrue(t.contains("GoodsId=\"4601234567890\""), t);
        assertTrue(t.contains("Price=\"1234567.00\""), t);
        assertTrue(t.contains("Value=\"***0199\""), t);
        assertTrue(t.contains("Pin=\"***\""), t);
        assertTrue(t.contains("Value=\"call ***0003\""), t);
        assertTrue(t.contains("Name=\"Молоко\""), t);
        for (String secret : new String[] {"79035550199", "480917", "79260000003"}) assertFalse(t.contains(secret), t);
    }

    @Test
    void responseMasksTheHoldersData() {
        String xml = "<XMLResponse><Version>3.2</Version><ErrorCode>0</ErrorCode><Balances><BalanceResponse ErrorCode=\"0\" "
                + "OperationID=\"" + OP + "\" Balance=\"1500.00\"><IdentifierData><Item Name=\"Holder\">Шереметьева Аглая</Item>"
                + "<Item Name=\"Phone\">+7 903 555 01 99</Item><Item Name=\"MaskedNumber\">**** 4567</Item><Item>Berezovsky</Item>"
                + "</IdentifierData><CashierMessage>Карта 7700991234567 активна</CashierMessage></BalanceResponse></Balances></XMLResponse>";
        String t = ExchangeTrace.masked(xml.getBytes(StandardCharsets.UTF_8), null);
        assertTrue(t.contains("<Item Name=\"MaskedNumber\">**** 4567</Item>"), t);
        assertTrue(t.contains("<Item Name=\"Holder\">***</Item>"), t);
        assertTrue(t.contains("Balance=\"1500.00\""), t);
        assertTrue(t.contains("OperationID=\"" + OP + "\""), t);
        assertTrue(t.contains("Карта ***4567 активна"), t);
        for (String secret : new String[] {"Шереметьева", "Аглая", "555 01 99", "Berezovsky", "7700991234567"}) {
            assertFalse(t.contains(secret), secret + " in " + t);
        }
    }

    @Test
    void aBrokenAnswerIsCutBeforeTheHoldersData() {
        String xml = "<XMLResponse><Balances><BalanceResponse OperationID=\"" + OP + "\"><IdentifierData><Item Name=\"Holder\">Лопухина</Item>"
                + "</Balan";
        String t = ExchangeTrace.masked(xml.getBytes(StandardCharsets.UTF_8), null);
        assertTrue(t.startsWith("(not well-formed XML"), t);
        assertTrue(t.contains(OP), t);
        assertFalse(t.contains("Лопухина"), t);
    }

    @Test
    void aDoctypeIsNotExpanded() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        String t = ExchangeTrace.masked(xml.getBytes(StandardCharsets.UTF_8), null);
        assertFalse(t.contains("root:"), t);
    }
}
