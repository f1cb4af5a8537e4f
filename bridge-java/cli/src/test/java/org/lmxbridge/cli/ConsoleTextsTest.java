package org.lmxbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loymax-bridge console} says why it cannot start (a port taken or out of range) and why it
 * could not keep its address in {@code console.url} in the configuration's language: Russian when it
 * declares none, English with {@code "language":"en"}. The console runs in a JVM of its own: it
 * installs shutdown hooks and logging.
 */
class ConsoleTextsTest {
    @TempDir
    Path dir;

    /** A run that must refuse to start: exit 2, no address printed, no stack trace. */
    private ToolRun.Finished refused(String... args) throws Exception {
        ToolRun.Finished r = ToolRun.run(args);
        assertEquals(2, r.exit(), r.out());
        assertFalse(r.out().contains("http://127.0.0.1:"), r.out());
        assertFalse(r.out().contains("Exception"), "a sentence, not a stack trace: " + r.out());
        return r;
    }

    /** A register configuration (processing unreachable: the console needs none to start). */
    private Path config(String name, String language) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name + "-data"));
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, "{\"url\":\"http://127.0.0.1:9/XmlExchange/demo-partner/reg01/\",\"login\":\"reg01\",\"password\":\"secret\","
                + "\"dataDir\":\"" + data.toString().replace("\\", "\\\\") + "\"" + (language == null ? "" : ",\"language\":\"" + language + "\"")
                + "}");
        return f;
    }

    @Test
    void aPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            ToolRun.Finished r = refused("console", "--config", config("ru", null).toString(), "--port", port);
            assertTrue(r.out().contains("не удаётся открыть консоль на 127.0.0.1:" + port + " ("), r.out());
            assertTrue(r.out().contains("): порт занят другой программой или этому пользователю его открывать нельзя; укажите другой порт "
                    + "в --port или 0 — тогда консоль выберет свободный"), r.out());
            r = refused("console", "--config", config("en", "en").toString(), "--port", port);
            assertTrue(r.out().contains("cannot open the console on 127.0.0.1:" + port + " ("), r.out());
            assertTrue(r.out().contains("): another program uses the port, or this user may not open it; give another port with --port, "
                    + "or 0 for a free one"), r.out());

            // host --console: the same sentence, naming its own option
            r = refused("host", "--config", config("host-ru", null).toString(), "--port", "0", "--data-dir", dir.resolve("host-data").toString(),
                    "--console", port);
            assertTrue(r.out().contains("не удаётся открыть консоль на 127.0.0.1:" + port + " ("), r.out());
            assertTrue(r.out().contains("укажите другой порт в --console или 0"), r.out());
            assertFalse(r.out().contains("host listening on"), r.out());
            r = refused("host", "--config", config("host-en", "en").toString(), "--port", "0", "--data-dir", dir.resolve("host-data").toString(),
                    "--console", port);
            assertTrue(r.out().contains("give another port with --console, or 0 for a free one"), r.out());
        }
    }

    @Test
    void aPortOutOfRange() throws Exception {
        ToolRun.Finished r = refused("console", "--config", config("ru", null).toString(), "--port", "70000");
        assertTrue(r.out().contains("--port должен быть от 0 до 65535, а указано 70000"), r.out());
        r = refused("console", "--config", config("en", "en").toString(), "--port", "-1");
        assertTrue(r.out().contains("--port must be 0–65535, got -1"), r.out());
    }

    @Test
    void anAddressThatCannotBeKept() throws Exception {
        // console.url is a folder with something in it: the console runs, and says it could not keep the address
        for (String language : new String[] {null, "en"}) {
            Path cfg = config(language == null ? "ru" : language, language);
            Path url = dir.resolve((language == null ? "ru" : language) + "-data").resolve("console.url");
            Files.createDirectories(url.resolve("inside"));
            Process p = ToolRun.start(true, "console", "--config", cfg.toString(), "--port", "0");
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                StringBuilder seen = new StringBuilder();
                String line;
                String kept = null;
                while (kept == null && (line = in.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.contains(url.toString())) kept = line;
                }
                assertTrue(kept != null, seen.toString());
                if (language == null) {
                    assertTrue(kept.startsWith("Адрес с ключом не удалось сохранить в " + url + ": "), kept);
                    assertTrue(seen.toString().contains("Консоль Loymax Bridge: http://127.0.0.1:"), seen.toString());
                } else {
                    assertTrue(kept.startsWith("The address with its key could not be kept in " + url + ": "), kept);
                    assertTrue(seen.toString().contains("Loymax Bridge console: http://127.0.0.1:"), seen.toString());
                }
            } finally {
                p.destroy(); // Ctrl-C: its shutdown hook closes the server
                if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
            }
        }
    }
}
