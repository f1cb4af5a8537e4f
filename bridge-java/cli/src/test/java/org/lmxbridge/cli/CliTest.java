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
        return config(password, emu.registerUrl("demo-partner", "reg01").toString(), "");
    }

    /** A configuration file for the emulator's register with this password and URL, plus {@code extra} keys (",\"k\":v"). */
    static Path config(String password, String url, String extra) throws Exception {
        Path f = Files.createTempFile(dir, "c-", ".json");
        Files.writeString(f, "{\"url\":\"" + url + "\",\"login\":\"reg01\",\"password\":\"" + password
                + "\",\"dataDir\":\"" + dir.toString().replace("\\", "\\\\") + "\"" + extra + "}");
        return f;
    }

    /** POST /admin/faults of the emulator, as an operator would set a fault. */
    static void faults(String json) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(emu.baseUrl() + "/admin/faults"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    /** The line of the failed step, "[FAIL] Step: cause". */
    static String failLine(Run r) {
        for (String l : r.out().split("\\R")) if (l.startsWith("[FAIL] ")) return l;
        return "(no [FAIL] line in: " + r.out() + ")";
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

    /** The "message" of a call's error JSON. */
    static String message(Run r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(r.out());
        assertTrue(m.find(), r.out());
        return m.group(1);
    }

    /**
     * Issue 13, done-when 1: a validation error, a configuration error, a transport error and an
     * offline refusal in Russian by default, in English with "language":"en" (or --lang en); the
     * processing's own text passes unchanged.
     */
    @Test
    void callSpeaksRussianByDefaultAndEnglishWithLanguageEn() throws Exception {
        String url = emu.registerUrl("demo-partner", "reg01").toString();
        String dead = "http://127.0.0.1:9/XmlExchange/demo-partner/reg01/";
        String badPrice = "{\"cheque\":{\"lines\":[{\"pos\":1,\"goodsId\":\"1\",\"name\":\"x\",\"price\":\"89,90\",\"quantity\":1,\"amount\":\"89.90\"}]}}";
        String card = "{\"identifier\":{\"value\":\"8690003\"}}";
        for (String lang : new String[] {"", ",\"language\":\"en\""}) {
            boolean en = !lang.isEmpty();
            Run validation = run("call", "--config", config("secret", url, lang).toString(), "calculate", badPrice);
            assertTrue(validation.out().contains("\"status\":403"), validation.out());
            assertEquals(en ? "/cheque/lines/0/price \\\"89,90\\\" is not a decimal number (use a dot as the decimal separator)"
                    : "/cheque/lines/0/price — \\\"89,90\\\" не является десятичным числом (дробную часть отделяйте точкой)", message(validation));
            Path typo = Files.createTempFile(dir, "typo-", ".json");
            Files.writeString(typo, "{\"url\":\"" + url + "\",\"login\":\"reg01\",\"pasword\":\"secret\"" + lang + "}");
            Run config = run("call", "--config", typo.toString(), "balance", card);
            assertTrue(config.out().contains("\"status\":10"), config.out());
            assertEquals(en ? "configuration key \\\"pasword\\\" is unknown; did you mean \\\"password\\\"?"
                    : "ключ конфигурации \\\"pasword\\\" неизвестен; возможно, имелся в виду \\\"password\\\"?", message(config));
            Run transport = run("call", "--config", config("wrong", url, lang).toString(), "balance", card);
            assertTrue(transport.out().contains("\"status\":306"), transport.out());
            assertTrue(message(transport).startsWith(en ? "processing refused the register's login or password (HTTP 401)"
                    : "процессинг отклонил логин или пароль кассы (HTTP 401)"), transport.out());
            Run offline = run("call", "--config", config("secret", dead, lang + ",\"connectTimeoutMs\":500").toString(), "balance", card);
            assertTrue(offline.out().contains("\"status\":100"), offline.out());
            assertTrue(message(offline).startsWith(en ? "No connection to Loymax processing: the card balance is not available now"
                    : "Нет связи с процессингом Loymax: баланс карты сейчас недоступен"), offline.out());
            // the processing's own text, byte for byte, whatever the language
            Run blocked = run("call", "--config", config("secret", url, lang).toString(), "balance", "{\"identifier\":{\"value\":\"8690037\"}}");
            assertEquals("Card is blocked", message(blocked), blocked.out());
        }
        // --lang en overrides the configuration's default
        Run offline = run("call", "--lang", "en", "--config", config("secret", dead, ",\"connectTimeoutMs\":500").toString(), "balance", card);
        assertTrue(message(offline).startsWith("No connection to Loymax processing"), offline.out());
    }

    @Test
    void checkTellsWhatIsWrongInPlainSentences() throws Exception {
        Run ok = run("check", "--config", config("secret").toString());
        assertEquals(0, ok.exit(), ok.out());
        assertTrue(ok.out().contains("[ OK ] Очередь: открыта этим процессом"), ok.out());
        assertTrue(ok.out().contains("[ OK ] Соединение TCP: порт " + emu.port()), ok.out());
        assertTrue(ok.out().contains("[ -- ] TLS: не используется"), ok.out());
        assertTrue(ok.out().contains("[ OK ] Вход: процессинг принял логин и пароль кассы"), ok.out());
        assertTrue(ok.out().contains("[ OK ] Запрос: на запрос Balance с тестовым идентификатором процессинг ответил своей ошибкой 201 (CardNotFound"),
                ok.out());
        assertTrue(ok.out().endsWith("Все проверки пройдены" + System.lineSeparator()), ok.out());
        Run en = run("check", "--lang", "en", "--config", config("secret").toString());
        assertEquals(0, en.exit(), en.out());
        assertTrue(en.out().contains("[ OK ] Login: processing accepted the register's login and password"), en.out());
        assertTrue(en.out().contains("All checks passed"), en.out());
        Run auth = run("check", "--config", config("wrong").toString());
        assertEquals(1, auth.exit());
        assertTrue(!auth.out().contains("wrong"), "the password must not be printed");
    }

    /**
     * Issue 13: three different faults (HTTPS on an HTTP port, a timeout, HTTP 500) printed the same
     * line, a Russian cashier sentence in English diagnostics. Each fault is now its own step's
     * verdict with its own cause, in Russian by default.
     */
    @Test
    void checkNamesTheCauseOfEachFaultInRussian() throws Exception {
        String url = emu.registerUrl("demo-partner", "reg01").toString();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort(); // a port nothing listens on once closed
        }
        java.util.Map<String, String> causes = new java.util.LinkedHashMap<>();
        Run wrongPassword = run("check", "--config", config("wrong").toString());
        causes.put("wrong password", failLine(wrongPassword));
        Run wrongPort = run("check", "--config", config("secret", url.replace(":" + emu.port() + "/", ":" + closed + "/"), "").toString());
        causes.put("wrong port", failLine(wrongPort));
        Run httpsOnHttp = run("check", "--config", config("secret", url.replace("http://", "https://"), "").toString());
        causes.put("HTTPS on an HTTP port", failLine(httpsOnHttp));
        Run http500;
        faults("{\"http500\":-1}");
        try {
            http500 = run("check", "--config", config("secret").toString());
        } finally {
            faults("{\"clear\":true}");
        }
        causes.put("HTTP 500", failLine(http500));
        Run missing = run("check", "--config", dir.resolve("нет-такого.json").toString());
        causes.put("missing file", failLine(missing));

        assertEquals("[FAIL] Вход: процессинг отклонил логин или пароль кассы (HTTP 401); проверьте \"login\" и \"password\" в конфигурации",
                causes.get("wrong password"));
        assertTrue(wrongPassword.out().contains("[ OK ] HTTP: процессинг ответил (HTTP 401)"), wrongPassword.out());
        assertEquals("[FAIL] Соединение TCP: на порту " + closed + " сервера 127.0.0.1 никто не принимает соединения (соединение "
                + "отклонено): проверьте порт в \"url\"", causes.get("wrong port"));
        assertEquals("[FAIL] TLS: порт " + emu.port() + " сервера 127.0.0.1 отвечает обычным HTTP, а не HTTPS: в \"url\" указан https://, "
                + "а порт — HTTP; укажите http:// или порт HTTPS", causes.get("HTTPS on an HTTP port"));
        assertEquals("[FAIL] HTTP: процессинг ответил HTTP 500: сбой на стороне процессинга; повторите позже или сообщите в поддержку "
                + "Loymax", causes.get("HTTP 500"));
        assertEquals("[FAIL] Конфигурация: файл конфигурации " + dir.resolve("нет-такого.json") + " не найден", causes.get("missing file"));
        for (Run r : new Run[] {wrongPassword, wrongPort, httpsOnHttp, http500, missing}) assertEquals(1, r.exit(), r.out());
        assertEquals(5, new java.util.HashSet<>(causes.values()).size(), "five different causes: " + causes);
        for (String line : causes.values()) {
            assertTrue(line.matches("\\[FAIL] [^:]+: .*[а-яё]{4,}.*"), "a Russian cause: " + line);
            assertTrue(!line.matches(".*\\b(the|is|not|cannot|processing|refused)\\b.*"), "an English sentence: " + line);
        }
    }

    @Test
    void checkNamesTimeoutsProcessingErrorsAndATypoInTheConfiguration() throws Exception {
        faults("{\"latencyMs\":800}");
        Run slow;
        try {
            slow = run("check", "--config", config("secret", emu.registerUrl("demo-partner", "reg01").toString(),
                    ",\"readTimeoutMs\":300,\"connectTimeoutMs\":300").toString());
        } finally {
            faults("{\"clear\":true}");
        }
        Thread.sleep(900); // the slow request ends in the emulator: the next one is not "concurrent" (processing lock)
        assertTrue(failLine(slow).startsWith("[FAIL] HTTP: процессинг не ответил за"), slow.out());
        faults("{\"lock\":true}");
        Run locked;
        try {
            locked = run("check", "--config", config("secret").toString());
        } finally {
            faults("{\"clear\":true}");
        }
        assertTrue(failLine(locked).startsWith("[FAIL] Запрос: процессинг ответил своей ошибкой 237 (PurchaseOperationConflict): "),
                locked.out());
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, "{\"url\":\"" + emu.registerUrl("demo-partner", "reg01") + "\",\"login\":\"reg01\",\"pasword\":\"secret\"}");
        assertEquals("[FAIL] Конфигурация: ключ конфигурации \"pasword\" неизвестен; возможно, имелся в виду \"password\"?",
                failLine(run("check", "--config", typo.toString())));
        assertEquals("[FAIL] Configuration: configuration key \"pasword\" is unknown; did you mean \"password\"?",
                failLine(run("check", "--lang", "en", "--config", typo.toString())));
        Path english = dir.resolve("english.json");
        Files.writeString(english, "{\"language\":\"en\",\"url\":\"" + emu.registerUrl("demo-partner", "reg01")
                + "\",\"login\":\"reg01\",\"password\":\"wrong\"}");
        assertEquals("[FAIL] Login: processing refused the register's login or password (HTTP 401); check \"login\" and \"password\" "
                + "in the configuration", failLine(run("check", "--config", english.toString())));
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
