package org.lmxbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.Bridge;
import org.lmxbridge.Status;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.IdentifierType;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.model.Pay;

/**
 * An offline session with PINs, card numbers, phones and holder names, replayed and partly rejected
 * (dead letters): afterwards no PIN is in any file of the queue (raw bytes, WAL included) nor in the
 * log, and the log holds no full card number or phone and no holder name.
 */
class OfflinePrivacyIT {
    static final String CARD = LogPrivacyIT.CARD;
    static final String PIN = LogPrivacyIT.PIN;

    @TempDir
    Path dir;

    private static OperationRequest sale(String pid, Identifier id) {
        Cheque c = new Cheque("9", LocalDateTime.now().withNano(0), List.of(
                new ChequeLine(1, "1001", "Молоко", new BigDecimal("100.00"), BigDecimal.ONE, new BigDecimal("100.00"))));
        return OperationRequest.builder().purchaseId(pid).identifier(id).cheque(c).amount(new BigDecimal("10"))
                .pays(List.of(new Pay("Card", new BigDecimal("100.00")))).build();
    }

    @Test
    void noPinOnDiskAndNoPersonalDataInTheLogAfterAnOfflineSession() throws Exception {
        Path seed = Path.of(OfflinePrivacyIT.class.getResource("/privacy-seed.json").toURI());
        Path data = dir.resolve("data");
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).seed(seed).build());
             Bridge b = Bridge.open(OfflineSupport.config(emu, data, ",\"logLevel\":\"TRACE\""))) {
            Identifier card = new Identifier(IdentifierType.CARD_NUMBER, CARD, PIN);
            Identifier phone = new Identifier(IdentifierType.PHONE, LogPrivacyIT.PHONE, PIN);
            Identifier blocked = new Identifier(IdentifierType.CARD_NUMBER, LogPrivacyIT.BLOCKED, PIN);
            assertTrue(b.discount(sale("PV1", card)).ok()); // online: identifierData with the holder comes back
            assertTrue(b.confirm("PV1").ok());
            emu.faults().http500(-1);
            assertTrue(b.discount(sale("PV2", card)).queued());
            assertTrue(b.confirm("PV2").queued());
            assertTrue(b.discount(sale("PV3", phone)).queued());
            assertTrue(b.discount(sale("PV4", blocked)).queued()); // will be rejected: a dead letter
            assertEquals(Status.OFFLINE_REFUSED, b.pay(sale("PV5", card)).status());
            assertEquals(Status.OFFLINE_REFUSED, b.balance(card).status());
            assertTrue(b.calculate(sale("PV6", phone)).offline());
            emu.faults().clear();
            OfflineSupport.await("replay", 15_000, () -> b.status().queueLength() == 0);
            assertEquals(1, b.status().deadCount());
            OperationResult again = b.discount(sale("PV2", card)); // the recorded answer
            assertTrue(again.ok());
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(raw.contains(PIN), "PIN in " + f);
                String utf8 = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                for (String name : List.of("Шереметьева", "Berezovsky")) {
                    assertFalse(utf8.contains(name), "holder name " + name + " stored in " + f);
                }
            }
        }
        Path log = Path.of(System.getProperty("lmx.it.logfile", "target/it-logs/session.log"));
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(text.contains("queued as item"), "the offline session must be in the log");
        for (String s : LogPrivacyIT.SECRETS) {
            assertFalse(text.contains(s), "the log contains \"" + s + "\"");
        }
    }
}
