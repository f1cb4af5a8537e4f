package org.lmxbridge.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.Bridge;
import org.lmxbridge.CommandSession;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.IdentifierType;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;

/**
 * A session full of card numbers, phones, holder names and PINs, with every logger of the bridge
 * and the emulator at TRACE and a pattern that masks nothing: the log must hold no PIN, no full
 * card number or phone and no holder name. (logback-test.xml writes the file.)
 */
class LogPrivacyIT {
    static final String CARD = "7700991234567";
    static final String PHONE = "79035550199";
    static final String PIN = "480917";
    static final String BLOCKED = "7700998765432";
    static final List<String> SECRETS = List.of(CARD, PHONE, PIN, BLOCKED, "79035550277", "Шереметьева", "Лопухина", "Аглая",
            "Berezovsky", "Ignat");

    @TempDir
    Path dir;

    @Test
    void noPersonalDataInTheLog() throws Exception {
        Path seed = Path.of(LogPrivacyIT.class.getResource("/privacy-seed.json").toURI());
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).seed(seed).build())) {
            String cfg = "{\"url\":\"" + emu.registerUrl("demo-partner", "reg01") + "\",\"login\":\"reg01\",\"password\":\"secret\","
                    + "\"dataDir\":\"" + dir.toString().replace("\\", "\\\\") + "\",\"logLevel\":\"TRACE\"}";
            Cheque cheque = new Cheque("7", LocalDateTime.now().withNano(0), List.of(
                    new ChequeLine(1, "1001", "Молоко", new BigDecimal("100.00"), BigDecimal.ONE, new BigDecimal("100.00"))));
            try (Bridge b = Bridge.open(cfg)) {
                Identifier card = new Identifier(IdentifierType.CARD_NUMBER, CARD, PIN);
                assertTrue(b.balance(card).ok());
                assertTrue(b.balance(Identifier.of(IdentifierType.PHONE, PHONE)).ok());
                OperationResult calc = b.calculate(OperationRequest.builder().identifier(card).cheque(cheque).build());
                assertTrue(calc.ok(), String.valueOf(calc.error()));
                OperationResult pay = b.pay(OperationRequest.builder().purchaseId(calc.purchaseId()).identifier(card).cheque(cheque)
                        .amount(new BigDecimal("10")).build());
                assertTrue(pay.ok(), String.valueOf(pay.error()));
                OperationResult wrongPin = b.pay(OperationRequest.builder().identifier(new Identifier(IdentifierType.CARD_NUMBER, CARD, "000000"))
                        .cheque(cheque).amount(new BigDecimal("10")).build());
                assertFalse(wrongPin.ok());
                assertFalse(b.balance(Identifier.of(BLOCKED)).ok());
                assertTrue(b.cancel(calc.purchaseId()).ok());
            }
            try (CommandSession s = CommandSession.open(cfg)) {
                s.setParam("/identifier/value", PHONE);
                s.setParam("/identifier/pin", PIN);
                s.execute("balance", null);
                s.execute("calculate", "{\"identifier\":{\"value\":\"" + CARD + "\",\"pin\":\"" + PIN + "\"},\"cheque\":{\"lines\":[{\"pos\":1,"
                        + "\"goodsId\":\"1\",\"price\":\"-1\",\"quantity\":\"1\",\"amount\":\"1\"}]}}");
            }
        }
        Path log = Path.of(System.getProperty("lmx.it.logfile", "target/it-logs/session.log"));
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(text.contains("balance"), "the log must show the session happened at all");
        assertTrue(text.lines().count() > 10, "expected a verbose log, got:\n" + text);
        for (String s : SECRETS) {
            assertFalse(text.contains(s), "the log contains \"" + s + "\":\n" + grep(text, s));
        }
    }

    static String grep(String text, String s) {
        StringBuilder sb = new StringBuilder();
        text.lines().filter(l -> l.contains(s)).limit(5).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }
}
