package org.lmxbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;

/**
 * The live register (issue 14): a register program in another process keeps the register open with a
 * sale queued offline; {@code queue list}, {@code check} and {@code call status} of this process see it,
 * {@code queue retry} is forwarded to that process and the queue moves; when that process does not
 * answer its channel, the queue is still shown (read-only) and a retry is refused naming it.
 */
class LiveRegisterTest {
    @TempDir
    Path dir;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Path config(Path dir, int port) throws Exception {
        Path f = dir.resolve("register.json");
        Files.writeString(f, "{\"url\":\"http://127.0.0.1:" + port + "/XmlExchange/demo-partner/reg01/\",\"login\":\"reg01\","
                + "\"password\":\"secret\",\"dataDir\":\"" + dir.toString().replace("\\", "\\\\") + "\",\"connectTimeoutMs\":500,"
                + "\"readTimeoutMs\":3000,\"probeIntervalMs\":300}");
        return f;
    }

    /** Starts {@link OwnerMain} in a JVM of its own; waits for its SOLD line. */
    static Process owner(Path cfg, String[] sold) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), OwnerMain.class.getName(), cfg.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("SOLD ")) {
                String[] w = line.split(" ");
                System.arraycopy(w, 1, sold, 0, 4);
                return p;
            }
        }
        throw new AssertionError("the register program ended without selling");
    }

    @Test
    void queueListCheckAndRetryWorkWhileAnotherProcessOwnsTheRegister() throws Exception {
        int port = freePort();
        Path cfg = config(dir, port);
        String[] sold = new String[4];
        Process p = owner(cfg, sold);
        try {
            assertEquals("true", sold[0], "the sale was queued offline");
            String purchase = sold[1];

            CliTest.Run list = CliTest.run("queue", "--config", cfg.toString(), "list");
            assertEquals(0, list.exit(), list.out());
            assertTrue(list.out().contains(purchase), "the queued sale is listed: " + list.out());
            assertTrue(list.out().contains("queued"), list.out());
            CliTest.Run json = CliTest.run("queue", "--config", cfg.toString(), "--json", "list");
            assertTrue(json.out().contains("\"reachable\":true"), "asked through the owner's channel: " + json.out());
            assertTrue(json.out().contains("\"pid\":" + p.pid()) || json.out().contains("\"pid\":\"" + p.pid() + "\""), json.out());

            CliTest.Run status = CliTest.run("call", "--config", cfg.toString(), "status");
            assertEquals(0, status.exit(), status.out());
            assertTrue(status.out().contains("\"online\":false"), "the owner knows it is offline: " + status.out());
            assertTrue(status.out().contains("\"queueLength\":1"), status.out());

            CliTest.Run checkOffline = CliTest.run("check", "--config", cfg.toString());
            assertEquals(1, checkOffline.exit(), checkOffline.out());
            assertTrue(checkOffline.out().contains("проверку выполнил он"), "the owner ran it: " + checkOffline.out());

            long id = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(json.out()).path("items").get(0)
                    .path("id").asLong();
            try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(port).build())) {
                CliTest.Run retry = CliTest.run("queue", "--config", cfg.toString(), "retry", Long.toString(id));
                assertEquals(0, retry.exit(), retry.out());
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                CliTest.Run after;
                do {
                    Thread.sleep(200);
                    after = CliTest.run("queue", "--config", cfg.toString(), "list");
                } while (after.out().contains(purchase) && System.nanoTime() < end);
                assertFalse(after.out().contains(purchase), "the retried sale was forwarded by its owner: " + after.out());
                assertEquals(1, emu.ledger().operations("demo-partner", "reg01").stream().filter(o -> o.purchaseId().equals(purchase)).count(),
                        "processing got the sale once");

                CliTest.Run check = CliTest.run("check", "--config", cfg.toString());
                assertEquals(0, check.exit(), check.out());
                assertTrue(check.out().contains("[ OK ] Очередь: используется другим процессом"), check.out());
            }
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    @Test
    void anOwnerThatDoesNotAnswerIsNamedAndItsQueueShownReadOnly() throws Exception {
        int port = freePort();
        Path cfg = config(dir, port);
        String[] sold = new String[4];
        Process p = owner(cfg, sold);
        try {
            // the owner's channel cannot be found any more (as with an older bridge): only its lock says it lives
            Files.delete(dir.resolve("queue-reg01.owner"));
            CliTest.Run list = CliTest.run("queue", "--config", cfg.toString(), "list");
            assertEquals(0, list.exit(), list.out());
            assertTrue(list.out().contains(sold[1]), "the queue file is read: " + list.out());
            assertTrue(list.out().contains("только чтение"), list.out());
            CliTest.Run retry = CliTest.run("queue", "--config", cfg.toString(), "retry", "1");
            assertEquals(1, retry.exit(), retry.out());
            assertTrue(retry.out().contains("pid " + p.pid()), "the refusal names the owner: " + retry.out());
            assertTrue(Files.exists(dir.resolve("queue-reg01.db")));
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
