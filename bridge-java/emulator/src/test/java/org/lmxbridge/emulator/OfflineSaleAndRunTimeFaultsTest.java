package org.lmxbridge.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lmxbridge.emulator.Lmx.*;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's emulator parts: Params on Discount and the partner's "no offers for offline sales" rule
 * ({@code offers.excludeWhenParam}), the {@code http401} fault, and {@code POST /admin/cards}.
 */
class OfflineSaleAndRunTimeFaultsTest extends EmulatorPerTest {
    static final String MILK = line(1, "1001", "89.90", "2", "179.80");
    static final String MARKER = "<Params><Param Name=\"OfflineSale\" Type=\"String\" Value=\"1\"/></Params>";

    static String markedDiscount(String op, String purchase, String params) {
        return envelope("Discounts", "<DiscountRequest" + common(op, purchase) + ">" + card("8690003") + cheque(MILK)
                + coupons("SALE10") + params + "<Pays><Pay Type=\"Card\" Amount=\"179.80\"/></Pays></DiscountRequest>");
    }

    @Test
    void aDiscountMarkedAsAnOfflineSaleGetsNoOffersAndAccruesOnTheFullAmount() throws Exception {
        Resp plain = post(emu, discount(opId(), purchaseId(), card("8690003"), cheque(MILK), coupons("SALE10")));
        assertEquals("35.96", plain.line(1, "Discount"), "goods offer and coupon, 10 % each");
        Resp marked = post(emu, markedDiscount(opId(), purchaseId(), MARKER));
        assertEquals("0", marked.code(), marked.text());
        assertEquals("0.00", marked.line(1, "Discount"));
        assertEquals("8.99", marked.line(1, "Cashback"), "5 % of 179.80");
        Resp otherValue = post(emu, markedDiscount(opId(), purchaseId(), MARKER.replace("Value=\"1\"", "Value=\"0\"")));
        assertEquals("35.96", otherValue.line(1, "Discount"), "the rule names the value too");
    }

    @Test
    void http401AnswersTheNextRequestsAsRefusedCredentialsAndAppliesNothing() throws Exception {
        emu.faults().http401(1);
        String d = discount(opId(), purchaseId(), card("8690003"), cheque(MILK));
        assertEquals(401, postRaw(emu.registerUrl(PARTNER, REG), basic(REG, PASSWORD), d).statusCode());
        assertEquals(0, emu.ledger().operations(PARTNER, REG).size());
        assertEquals(200, postRaw(emu.registerUrl(PARTNER, REG), basic(REG, PASSWORD), d).statusCode());
        assertEquals(1, emu.ledger().operations(PARTNER, REG).size());
    }

    @Test
    void aCardCanBeBlockedAtRunTime() throws Exception {
        assertEquals("0", post(emu, balance(opId(), card("8690045"))).code());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/admin/cards"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"number\":\"8690045\",\"status\":\"blocked\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("205", post(emu, balance(opId(), card("8690045"))).code());
        assertEquals("blocked", emu.ledger().card("8690045").orElseThrow().status());
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/admin/cards"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"number\":\"1\",\"status\":\"blocked\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertEquals(true, emu.setCardStatus("8690045", "active"));
        assertEquals("0", post(emu, balance(opId(), card("8690045"))).code());
    }
}
