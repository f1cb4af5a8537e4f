package org.lmxbridge.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.cli.Main;

/**
 * {@code loymax-bridge console --metrics-port N} for a register run by a register program with the
 * in-process engine (no host): the console serves the register's state as its owner's {@code status}
 * tells it — offline, a sale queued with its amount — and, once the program has ended, the queue read
 * from the file with the link left out (nobody knows it then).
 */
class ConsoleMetricsTest {
    @TempDir
    Path dir;

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void theConsoleServesTheStateOfARegisterRunInAnotherProcess() throws Exception {
        Path cfg = HostMetricsTest.config(dir, HostUnderTest.freePort(), ""); // nothing listens there: processing is unreachable
        Process owner = new ProcessBuilder(java(), "-Dlmx.logdir=" + dir.resolve("logs"), "-cp", System.getProperty("java.class.path"),
                InProcessMain.class.getName(), cfg.toString()).redirectErrorStream(true).start();
        Process console = null;
        try {
            BufferedReader o = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = o.readLine()) != null && !line.equals("READY")) {
                if (line.startsWith("discount")) assertEquals("discount 0", line, "queued offline");
            }
            int mp = HostUnderTest.freePort();
            console = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "console",
                    "--config", cfg.toString(), "--port", "0", "--metrics-port", Integer.toString(mp)).redirectErrorStream(true).start();
            BufferedReader c = new BufferedReader(new InputStreamReader(console.getInputStream(), StandardCharsets.UTF_8));
            String url = null;
            while (url == null && (line = c.readLine()) != null) {
                if (line.startsWith("metrics on ")) url = line.substring("metrics on ".length()).trim();
            }
            assertEquals("http://127.0.0.1:" + mp + "/metrics", url);
            String m = get(url);
            assertEquals(0, HostMetricsTest.reg(m, "lmx_bridge_register_online"), "the owner knows it is offline: " + m);
            assertEquals(1, HostMetricsTest.reg(m, "lmx_bridge_queue_items", "state", "queued"), m);
            assertEquals(179.80, HostMetricsTest.reg(m, "lmx_bridge_queue_amount_rub", "state", "queued"), 1e-9, m);
            assertEquals(0, HostMetricsTest.reg(m, "lmx_bridge_queue_items", "state", "dead"), m);
            assertFalse(m.contains("lmx_bridge_operations_total{"), "the calls are counted in the register program's process: " + m);

            owner.getOutputStream().close(); // the register program ends
            assertTrue(owner.waitFor(30, TimeUnit.SECONDS));
            m = get(url);
            assertTrue(Double.isNaN(HostMetricsTest.reg(m, "lmx_bridge_register_online")), "nobody knows the link now: " + m);
            assertEquals(1, HostMetricsTest.reg(m, "lmx_bridge_queue_items", "state", "queued"), "read from the queue file: " + m);
            assertEquals(179.80, HostMetricsTest.reg(m, "lmx_bridge_queue_amount_rub", "state", "queued"), 1e-9, m);
        } finally {
            owner.getOutputStream().close();
            if (!owner.waitFor(20, TimeUnit.SECONDS)) owner.destroyForcibly();
            if (console != null) {
                console.destroy(); // Ctrl-C: its shutdown hook closes the servers
                if (!console.waitFor(20, TimeUnit.SECONDS)) console.destroyForcibly();
            }
        }
    }

    static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
