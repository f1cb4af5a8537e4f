package org.lmxbridge.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lmxbridge.emulator.Lmx.*;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OperationID idempotency (both modes) and SQLite persistence across restarts. */
class IdempotencyAndPersistenceTest {
    static final String CHEQUE = cheque(line(1, "1001", "89.90", "2", "179.80"), line(2, "2002", "250.00", "1", "250.00"));

    @TempDir
    Path tmp;

    private static long count(Emulator emu, String command) {
        return emu.ledger().operations(PARTNER, REG).stream().filter(o -> o.command().equals(command)).count();
    }

    @Test
    void sameOperationIsAnsweredByteForByteAndAppliedOnce() throws Exception {
        try (Emulator emu = Emulator.start(EmulatorOptions.defaults())) {
            String p = purchaseId();
            String op = opId();
            String xml = payment(op, p, "100", card("8690003"), CHEQUE);
            Resp first = post(emu, xml);
            assertEquals("0", first.code());
            Resp again = post(emu, xml);
            assertArrayEquals(first.bytes, again.bytes);
            // a retry with another OperationDate is still the same operation
            assertArrayEquals(first.bytes, post(emu, xml.replace("10:15:00.123", "10:16:00.000")).bytes);
            assertEquals(1, count(emu, "Payment"));
            assertEquals(new BigDecimal("100.00"), emu.ledger().card("8690003").orElseThrow().blockedRedemption());
            assertEquals(2, emu.metrics().register(PARTNER, REG).replayed());

            // the same OperationID for another command or another purchase: 207
            Resp otherCommand = post(emu, discount(op, p, null, CHEQUE));
            assertEquals("207", otherCommand.code());
            assertEquals("Operation with this OperationID already exists", otherCommand.message());
            assertEquals("207", post(emu, payment(op, purchaseId(), "100", card("8690003"), CHEQUE)).code());
            assertEquals("207", post(emu, "reg02", "secret2", payment(op, p, "100", card("8690003"), CHEQUE)).code());

            // Confirm replayed: the original OK, not OperationIsConfirmed, and the balance moves once
            String d = discount(opId(), p, null, CHEQUE);
            assertEquals("0", post(emu, d).code());
            String c = confirm(opId(), p);
            Resp conf = post(emu, c);
            assertArrayEquals(conf.bytes, post(emu, c).bytes);
            assertEquals("0", post(emu, c).code());
            assertEquals("1415.59", post(emu, balance(opId(), card("8690003"))).a("BonusAmount"));
            assertEquals(1, count(emu, "ConfirmPurchase"));

            // an error answer is replayed as well, nothing applied
            String poor = payment(opId(), purchaseId(), "30.01", card("8690052"), CHEQUE);
            Resp e1 = post(emu, poor);
            assertEquals("204", e1.code());
            assertArrayEquals(e1.bytes, post(emu, poor).bytes);
        }
    }

    @Test
    void errorModeSwitchedOverAdminAlwaysAnswers207() throws Exception {
        try (Emulator emu = Emulator.start(EmulatorOptions.defaults())) {
            String xml = payment(opId(), purchaseId(), "100", card("8690003"), CHEQUE);
            assertEquals("0", post(emu, xml).code());
            HttpResponse<String> set = HTTP.send(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/admin/faults"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"duplicateOperationIds\":\"error\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, set.statusCode());
            assertEquals(DuplicateOperationIds.ERROR, emu.faults().duplicateOperationIds());
            Resp r = post(emu, xml);
            assertEquals("207", r.code());
            assertEquals("Operation with this OperationID already exists", r.message());
            assertEquals(1, count(emu, "Payment"));
            emu.faults().duplicateOperationIds(DuplicateOperationIds.REPLAY);
            assertEquals("0", post(emu, xml).code());
        }
    }

    @Test
    void errorModeFromTheSeed() throws Exception {
        String seed = new String(getClass().getClassLoader()
                .getResourceAsStream("org/lmxbridge/emulator/default-seed.json").readAllBytes(), "UTF-8")
                .replace("\"duplicateOperationIds\": \"replay\"", "\"duplicateOperationIds\": \"error\"");
        Path file = tmp.resolve("seed.json");
        Files.writeString(file, seed);
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().seed(file).build())) {
            assertEquals(DuplicateOperationIds.ERROR, emu.faults().duplicateOperationIds());
            String xml = balance(opId(), card("8690003"));
            assertEquals("0", post(emu, xml).code());
            assertEquals("207", post(emu, xml).code());
        }
    }

    @Test
    void restartWithTheSameDatabaseKeepsBalancesPurchasesAndIdempotency() throws Exception {
        Path db = tmp.resolve("emu.db");
        String p = purchaseId();
        String open = purchaseId();
        String confirmXml = confirm(opId(), p);
        byte[] confirmBytes;
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().db(db).build())) {
            assertEquals("0", post(emu, payment(opId(), p, "100", card("8690003"), CHEQUE)).code());
            assertEquals("0", post(emu, discount(opId(), p, null, CHEQUE)).code());
            confirmBytes = post(emu, confirmXml).bytes;
            assertEquals("0", post(emu, payment(opId(), open, "20", card("8690052"), CHEQUE)).code());
        }
        assertEquals(true, Files.size(db) > 0);
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().db(db).build())) {
            assertEquals("1415.59", post(emu, balance(opId(), card("8690003"))).a("BonusAmount"));
            assertArrayEquals(confirmBytes, post(emu, confirmXml).bytes, "idempotency record survived");
            assertEquals("209", post(emu, confirm(opId(), p)).code(), "purchase state survived");
            // the open purchase still blocks 20.00 of 30.00
            assertEquals("204", post(emu, payment(opId(), purchaseId(), "10.01", card("8690052"), CHEQUE)).code());
            assertEquals("0", post(emu, cancel(opId(), open)).code());
            Resp refund = post(emu, refund(opId(), purchaseId(), p, CHEQUE));
            assertEquals("100.00", refund.a("PaidBonusAmount"));
            List<String> cmds = emu.ledger().operations(PARTNER, REG).stream()
                    .map(LedgerSnapshot.Operation::command).toList();
            assertEquals(List.of("Payment", "Discount", "ConfirmPurchase", "Payment", "CancelPurchase", "Refund"), cmds);
        }
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().db(db).build())) {
            assertEquals("1500.00", post(emu, balance(opId(), card("8690003"))).a("BonusAmount"));
            assertEquals("30.00", post(emu, balance(opId(), card("8690052"))).a("BonusAmount"));
        }
        // a fresh in-memory emulator starts from the seed
        try (Emulator emu = Emulator.start(EmulatorOptions.defaults())) {
            assertEquals(0, emu.ledger().operations(PARTNER, REG).size());
        }
    }
}
