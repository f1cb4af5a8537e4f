package org.lmxbridge.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;

/**
 * The in-process engine (the JVM inside a register program) pays nothing for the metrics: a register
 * program that sells — even with {@code metricsPort} in its configuration, which only the host reads —
 * loads no class of the metrics library, starts no exporter thread and listens on no port. Only the
 * call counters of the core (plain atomics) are there.
 */
class InProcessEngineTest {
    @TempDir
    Path dir;

    @Test
    void aRegisterProgramLoadsNoMetricsLibraryAndServesNothing() throws Exception {
        int metricsPort = HostUnderTest.freePort();
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).build())) {
            Path cfg = HostMetricsTest.config(dir, emu.port(), ",\"metricsPort\":" + metricsPort + ",\"logFormat\":\"json\"");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-verbose:class",
                    "-Dlmx.logdir=" + dir.resolve("logs"), "-cp", System.getProperty("java.class.path"), InProcessMain.class.getName(),
                    cfg.toString()).redirectErrorStream(true).start();
            List<String> out = new ArrayList<>();
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = r.readLine()) != null && !line.equals("READY")) out.add(line);
                assertEquals("READY", line, String.join("\n", out));
                assertTrue(out.contains("balance 0") && out.contains("discount 0"), "it sold: " + out.stream().filter(l -> !l.startsWith("[")).toList());
                String threads = out.stream().filter(l -> l.startsWith("THREADS ")).findFirst().orElseThrow();
                assertFalse(threads.contains("metrics"), threads);
                List<String> loaded = out.stream().filter(l -> l.contains("[class,load]")).toList();
                assertTrue(loaded.stream().anyMatch(l -> l.contains("org.lmxbridge.internal.metrics.RegisterMetrics ")),
                        "the core's counters are there");
                List<String> library = loaded.stream().filter(l -> l.contains(" io.prometheus.")
                        || l.contains("org.lmxbridge.internal.metrics.BridgeCollector") || l.contains("org.lmxbridge.internal.metrics.MetricsServer")
                        || l.contains("com.sun.net.httpserver.")).toList();
                assertTrue(library.isEmpty(), "loaded in a register program: " + library);
                try (Socket s = new Socket()) {
                    assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress("127.0.0.1", metricsPort), 2000),
                            "nothing listens on the configured metrics port");
                }
            } finally {
                p.getOutputStream().close();
                if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
            }
        }
    }
}
