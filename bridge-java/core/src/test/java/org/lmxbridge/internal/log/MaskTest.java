package org.lmxbridge.internal.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The safety net masks card numbers and phones, and leaves the ids support searches for whole (issue 14). */
class MaskTest {
    @Test
    void operationAndPurchaseIdsStayWhole() {
        // the example: before, "346b00ac8e***8610d***6842a102"
        String hex = "346b00ac8e54474288610d396842a102";
        assertEquals("op " + hex + " done", Mask.text("op " + hex + " done"));
        assertEquals("purchaseId=000123456789 operationId=" + hex, Mask.text("purchaseId=000123456789 operationId=" + hex));
        assertEquals("queue item=123456 (discount)", Mask.text("queue item=123456 (discount)"));
        assertEquals("{\"purchaseId\": \"20261128015\"}", Mask.text("{\"purchaseId\": \"20261128015\"}"));
        assertEquals("PurchaseID=\"99887766\"", Mask.text("PurchaseID=\"99887766\""));
        assertEquals("A1234567 and x_98765", Mask.text("A1234567 and x_98765"));
        assertEquals("owner channel on 127.0.0.1:42807 (token file /tmp/junit-17888087977428124773/host.token)",
                Mask.text("owner channel on 127.0.0.1:42807 (token file /tmp/junit-17888087977428124773/host.token)"));
        assertEquals("from port 47220, pid 123456", Mask.text("from port 47220, pid 123456"));
    }

    @Test
    void cardNumbersAndPhonesAreMasked() {
        assertEquals("card ***9012 used", Mask.text("card 4276 1234 5678 9012 used"));
        assertEquals("phone ***0001 called", Mask.text("phone +7 926 000 00 01 called"));
        assertEquals("identifier ***0003: not found", Mask.text("identifier 8690003: not found"));
        assertEquals("(***0199)", Mask.text("(79035550199)"));
        assertEquals("a card ***4567, and ***3210.", Mask.text("a card 7700991234567, and 79876543210."));
        assertEquals("short 1234 stays", Mask.text("short 1234 stays"));
        assertEquals("amount 1500.00 and 12 items", Mask.text("amount 1500.00 and 12 items"));
        assertEquals("card ***9012", Mask.text("card 4276-1234-5678-9012"));
        assertEquals("{\"value\":\"***0199\"}", Mask.text("{\"value\":\"79035550199\"}"));
    }

    @Test
    void anIdKeyDoesNotProtectAPhoneFurtherOn() {
        assertEquals("purchaseId=42 for phone ***0199", Mask.text("purchaseId=42 for phone 79035550199"));
    }
}
