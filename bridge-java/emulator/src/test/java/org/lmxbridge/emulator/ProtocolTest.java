package org.lmxbridge.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmxbridge.emulator.Lmx.*;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Transport, auth, envelope and schema checking, identification. */
class ProtocolTest extends EmulatorPerTest {
    @Test
    void independentClientGetsBalanceOfSeededCard() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<XMLRequest>\n"
                + "  <Version>3.2</Version>\n"
                + "  <Balances>\n"
                + "    <BalanceRequest ElementID=\"1\" OperationID=\"0f1e2d3c4b5a69788796a5b4c3d2e1f0\""
                + " OperationDate=\"2026-11-28T10:15:00.123+03:00\" DeviceLogicalID=\"reg01\">\n"
                + "      <Identifier Type=\"Auto\" Value=\"8690003\"/>\n"
                + "    </BalanceRequest>\n"
                + "  </Balances>\n"
                + "</XMLRequest>";
        HttpResponse<byte[]> r = postRaw(emu.registerUrl("demo-partner", "reg01"), basic("reg01", "secret"), xml);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/xml"));
        Resp resp = new Resp(r.body());
        assertEquals("3.2", resp.x("/XMLResponse/Version"));
        assertEquals("0", resp.rootCode());
        assertEquals(1, resp.count("/XMLResponse/Balances/BalanceResponse"));
        assertEquals("0", resp.x("/XMLResponse/Balances/BalanceResponse/@ErrorCode"));
        assertEquals("0f1e2d3c4b5a69788796a5b4c3d2e1f0", resp.a("OperationID"));
        assertEquals("1500.00", resp.a("BonusAmount"));
        assertEquals("RUB", resp.a("Currency"));
        assertEquals("**** 0003", resp.x("//IdentifierData/Item[@Name='MaskedNumber']"));
        assertEquals("Activated", resp.x("//IdentifierData/Item[@Name='Status']"));
        assertTrue(resp.text().startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    }

    @Test
    void cardNotFoundAndBlocked() throws Exception {
        Resp nf = post(emu, balance(opId(), card("1111111")));
        assertEquals("0", nf.rootCode());
        assertEquals("201", nf.code());
        assertEquals("Card not found", nf.message());
        Resp bl = post(emu, balance(opId(), card("8690037")));
        assertEquals("205", bl.code());
        assertEquals("Card is blocked", bl.message());
        assertEquals("", bl.a("BonusAmount"));
    }

    @Test
    void identificationByPhoneAndAuto() throws Exception {
        assertEquals("300.00", post(emu, balance(opId(), id("Phone", "+7 (926) 000-00-45"))).a("BonusAmount"));
        assertEquals("300.00", post(emu, balance(opId(), id("Phone", "89260000045"))).a("BonusAmount"));
        assertEquals("300.00", post(emu, balance(opId(), id("Auto", "79260000045"))).a("BonusAmount"));
        assertEquals("300.00", post(emu, balance(opId(), id("Auto", "8690045"))).a("BonusAmount"));
        // a phone is not a card number
        assertEquals("201", post(emu, balance(opId(), id("CardNumber", "79260000045"))).code());
        assertEquals("1500.00", post(emu, balance(opId(), id("CardTrack2", ";8690003=2912?"))).a("BonusAmount"));
        // not activated: the balance is shown
        Resp na = post(emu, balance(opId(), card("8690029")));
        assertEquals("0", na.code());
        assertEquals("NotActivated", na.x("//IdentifierData/Item[@Name='Status']"));
    }

    @Test
    void authenticationPerRegister() throws Exception {
        String xml = balance(opId(), card("8690003"));
        HttpResponse<byte[]> wrong = postRaw(emu.registerUrl(PARTNER, "reg01"), basic("reg01", "nope"), xml);
        assertEquals(401, wrong.statusCode());
        assertEquals("Basic realm=\"Loymax\"", wrong.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(0, wrong.body().length);
        assertEquals(401, postRaw(emu.registerUrl(PARTNER, "reg01"), null, xml).statusCode());
        // reg02's credentials do not open reg01
        assertEquals(401, postRaw(emu.registerUrl(PARTNER, "reg01"), basic("reg02", "secret2"), xml).statusCode());
        assertEquals(401, postRaw(emu.registerUrl(PARTNER, "reg01"), "Basic !!!", xml).statusCode());
        assertEquals(200, postRaw(emu.registerUrl(PARTNER, "reg02"), basic("reg02", "secret2"), xml).statusCode());
        assertEquals(404, postRaw(emu.registerUrl(PARTNER, "reg99"), basic("reg99", "x"), xml).statusCode());
        assertEquals(404, postRaw(emu.registerUrl("other", "reg01"), basic("reg01", "secret"), xml).statusCode());
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(emu.registerUrl(PARTNER, "reg01")).GET()
                .header("Authorization", basic("reg01", "secret")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals(4L, emu.metrics().register(PARTNER, "reg01").byCommand().get("unauthorized"));
    }

    private void assertSchemaError(String xml, String message) throws Exception {
        Resp r = post(emu, xml);
        assertEquals("3", r.rootCode(), r.text());
        assertEquals(message, r.rootMessage());
        assertEquals(3, r.count("/XMLResponse/*"), "Version, ErrorCode, ErrorMessage only: " + r.text());
    }

    @Test
    void couponsInAvailableAmountAreRejectedWithServerWording() throws Exception {
        String xml = envelope("AvailableAmounts", "<AvailableAmountRequest" + common(opId(), purchaseId()) + ">"
                + cheque(line(1, "1001", "89.90", "2", "179.80")) + coupons("SALE10") + card("8690003")
                + "</AvailableAmountRequest>");
        assertSchemaError(xml, "The element 'AvailableAmountRequest' has invalid child element 'Coupons'."
                + " List of possible elements expected: 'Identifier'.");
    }

    @Test
    void schemaOrderViolations() throws Exception {
        String p = purchaseId();
        String chq = cheque(line(1, "1001", "89.90", "2", "179.80"));
        // misplaced: Identifier after Cheque in a CalculateRequest
        assertSchemaError(envelope("Calculates", "<CalculateRequest" + common(opId(), p) + ">" + chq + card("8690003")
                        + "</CalculateRequest>"),
                "The element 'CalculateRequest' has invalid child element 'Identifier'."
                        + " List of possible elements expected: 'Coupons, Params'.");
        // duplicated
        assertSchemaError(envelope("Balances", "<BalanceRequest" + common(opId(), null) + ">" + card("8690003")
                        + card("8690003") + "</BalanceRequest>"),
                "The element 'BalanceRequest' has invalid child element 'Identifier'.");
        // unknown element at the start
        assertSchemaError(envelope("Calculates", "<CalculateRequest" + common(opId(), p) + "><Card/>" + chq
                        + "</CalculateRequest>"),
                "The element 'CalculateRequest' has invalid child element 'Card'."
                        + " List of possible elements expected: 'Identifier, Cheque'.");
        // Cheque after Identifier in Payment (order Cheque, Identifier)
        assertSchemaError(envelope("Payments", "<PaymentRequest" + common(opId(), p) + " Amount=\"1\">"
                        + card("8690003") + chq + "</PaymentRequest>"),
                "The element 'PaymentRequest' has invalid child element 'Identifier'."
                        + " List of possible elements expected: 'Cheque'.");
        // missing required child
        assertSchemaError(envelope("Payments", "<PaymentRequest" + common(opId(), p) + " Amount=\"1\">" + chq
                        + "</PaymentRequest>"),
                "The element 'PaymentRequest' has incomplete content. List of possible elements expected: 'Identifier'.");
        // Version missing
        assertSchemaError("<XMLRequest><Balances><BalanceRequest" + common(opId(), null) + ">" + card("8690003")
                        + "</BalanceRequest></Balances></XMLRequest>",
                "The element 'XMLRequest' has invalid child element 'Balances'. List of possible elements expected: 'Version'.");
        // two containers
        assertSchemaError("<XMLRequest><Version>3.2</Version><Balances><BalanceRequest" + common(opId(), null) + ">"
                        + card("8690003") + "</BalanceRequest></Balances><Balances/></XMLRequest>",
                "The element 'XMLRequest' has invalid child element 'Balances'.");
        // an empty Confirm with a child
        assertSchemaError(envelope("ConfirmPurchases", "<ConfirmPurchaseRequest" + common(opId(), p) + ">"
                        + card("8690003") + "</ConfirmPurchaseRequest>"),
                "The element 'ConfirmPurchaseRequest' cannot contain child element 'Identifier' because the parent"
                        + " element's content model is empty.");
        // missing required attribute
        assertSchemaError(envelope("ConfirmPurchases", "<ConfirmPurchaseRequest OperationID=\"" + opId()
                        + "\" OperationDate=\"2026-11-28T10:15:00+03:00\"/>"),
                "The required attribute 'PurchaseID' is missing.");
        // undeclared attribute
        assertSchemaError(envelope("Balances", "<BalanceRequest" + common(opId(), null) + " Foo=\"1\">"
                        + card("8690003") + "</BalanceRequest>"),
                "The 'Foo' attribute is not declared.");
        // bad decimal
        assertSchemaError(payment(opId(), p, "1,5", card("8690003"), chq),
                "The 'Amount' attribute is invalid - The value '1,5' is invalid according to its datatype"
                        + " 'http://www.w3.org/2001/XMLSchema:decimal' - The string '1,5' is not a valid Decimal value.");
        // bad identifier type
        assertSchemaError(balance(opId(), id("Email", "a@b.c")),
                "The 'Type' attribute is invalid - The value 'Email' is invalid according to its datatype"
                        + " 'IdentifierType' - The Enumeration constraint failed.");
        // wrong root
        assertSchemaError("<XMLResponse/>", "The 'XMLResponse' element is not declared.");
        // nothing was counted as applied
        assertEquals(0, emu.ledger().operations(PARTNER, REG).size());
    }

    @Test
    void versionAndParseErrors() throws Exception {
        Resp v = post(emu, balance(opId(), card("8690003")).replace("<Version>3.2</Version>", "<Version>2.0</Version>"));
        assertEquals("2", v.rootCode());
        Resp bad = post(emu, "<XMLRequest><Version>3.2</Version>");
        assertEquals("3", bad.rootCode());
        assertTrue(!bad.rootMessage().isEmpty());
    }

    @Test
    void doctypeAndExternalEntitiesAreRefused() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE XMLRequest [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<XMLRequest><Version>3.2</Version><Balances><BalanceRequest" + common(opId(), null) + ">"
                + "<Identifier Type=\"Auto\" Value=\"&x;\"/></BalanceRequest></Balances></XMLRequest>";
        Resp r = post(emu, xxe);
        assertEquals("3", r.rootCode());
        assertTrue(r.rootMessage().contains("DOCTYPE"), r.rootMessage());
        assertTrue(!r.text().contains("root:"));
    }

    @Test
    void bodyLimit() throws Exception {
        try (Emulator small = Emulator.start(EmulatorOptions.builder().maxBodyBytes(200).build())) {
            String xml = balance(opId(), card("8690003")) + " ".repeat(300);
            assertEquals(413, postRaw(small.registerUrl(PARTNER, REG), basic(REG, PASSWORD), xml).statusCode());
        }
    }

    @Test
    void otherCharsetIsHonoured() throws Exception {
        byte[] body = balance(opId(), card("8690003")).replace("UTF-8", "windows-1251").getBytes("windows-1251");
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(emu.registerUrl(PARTNER, REG))
                .header("Authorization", basic(REG, PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        Resp resp = new Resp(r.body());
        assertEquals("1500.00", resp.a("BonusAmount"), new String(r.body(), StandardCharsets.UTF_8));
    }
}
