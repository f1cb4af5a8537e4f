package org.lmxbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;

/** The command-line tool as a user runs it: exit codes, JSON on stdout, plain-sentence diagnostics. */
class CliTest {
    static Emulator emu;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        emu = Emulator.start(EmulatorOptions.builder().port(0).build());
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    record Run(int exit, String out) {
    }

    static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    static Path config(String password) throws Exception {
        Path f = dir.resolve("c-" + password + ".json");
        Files.writeString(f, "{\"url\":\"" + emu.registerUrl("demo-partner", "reg01") + "\",\"login\":\"reg01\",\"password\":\"" + password
                + "\",\"dataDir\":\"" + dir.toString().replace("\\", "\\\\") + "\"}");
        return f;
    }

    @Test
    void callPrintsBalanceCurrencyAndHolderData() throws Exception {
        Run r = run("call", "--config", config("secret").toString(), "balance", "{\"identifier\":{\"value\":\"8690003\"}}");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("\"balance\":\"1500.00\""), r.out());
        assertTrue(r.out().contains("\"currency\":\"RUB\""), r.out());
        assertTrue(r.out().contains("\"identifierData\":{"), r.out());
    }

    @Test
    void callExitsNonZeroAndStillPrintsTheErrorJson() throws Exception {
        Run r = run("call", "--config", config("secret").toString(), "balance", "{\"identifier\":{\"value\":\"8690037\"}}");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("\"name\":\"CardBlocked\""), r.out());
        Run bad = run("call", "--config", config("secret").toString(), "balance", "{oops");
        assertEquals(1, bad.exit());
        assertTrue(bad.out().contains("\"status\":401"), bad.out());
    }

    @Test
    void checkTellsWhatIsWrongInPlainSentences() throws Exception {
        Run ok = run("check", "--config", config("secret").toString());
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().contains("Все проверки пройдены"), ok.out()); // Russian first
        assertTrue(ok.out().contains("[ OK ] Очередь: открыта этим процессом"), ok.out());
        Run auth = run("check", "--config", config("wrong").toString());
        assertEquals(1, auth.exit());
        assertTrue(auth.out().contains("[FAIL] Вход"), auth.out());
        assertTrue(!auth.out().contains("wrong"), "the password must not be printed");
    }

    @Test
    void demoSellsOnlineThenOfflineAndTheBacklogArrivesOnce() {
        Run r = run("demo");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("purchase ") && r.out().contains(" confirmed."), r.out());
        assertTrue(r.out().contains("pay 50 bonuses: refused"), r.out());
        assertTrue(r.out().contains("queued on disk (queue length 4)"), r.out());
        assertTrue(r.out().contains("backlog replayed by the bridge itself: queue empty, dead items 0"), r.out());
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"call", "check", "emulator", "demo", "queue", "host", "console"}) {
            Run r = run(c, "--help");
            assertEquals(0, r.exit(), c + ": " + r.out());
            assertTrue(r.out().toLowerCase().contains("usage"), c + ": " + r.out());
        }
    }
}
