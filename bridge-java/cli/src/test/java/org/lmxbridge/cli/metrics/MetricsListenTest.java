package org.lmxbridge.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the host's metrics listen and whom they answer: a token file is enforced (401 without the
 * token or with another one, 200 with it, as Prometheus sends it); an address beyond loopback without a
 * token file stops the host before it starts, with a sentence in the configuration's language; the
 * register's own host port stays loopback-only.
 */
class MetricsListenTest {
    @TempDir
    Path dir;

    static final String TOKEN = "c0ffee-metrics-token-0123456789";

    @Test
    void aTokenFileIsEnforced() throws Exception {
        Path token = dir.resolve("metrics.token");
        Files.writeString(token, TOKEN + "\n"); // as an editor saves it
        Path cfg = HostMetricsTest.config(dir, HostUnderTest.freePort(),
                ",\"metricsTokenFile\":\"" + token.toString().replace("\\", "\\\\") + "\"");
        try (HostUnderTest host = HostUnderTest.start(cfg, dir)) {
            HttpResponse<String> none = host.get(null);
            assertEquals(401, none.statusCode(), none.body());
            assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), none.headers().toString());
            assertFalse(none.body().contains("lmx_bridge"), none.body());
            assertEquals(401, host.get("c0ffee-metrics-token-012345678X").statusCode());
            assertEquals(401, host.get(TOKEN.substring(1)).statusCode());
            HttpResponse<String> ok = host.get(TOKEN);
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("lmx_bridge_register_online{"), ok.body());
        }
    }

    @Test
    void theShopNetworkWithoutATokenFileIsRefusedBeforeStarting() throws Exception {
        Path cfg = HostMetricsTest.config(dir, HostUnderTest.freePort(), ",\"metricsBind\":\"0.0.0.0\"");
        org.lmxbridge.cli.ToolRun.Finished r = HostUnderTest.refused("--config", cfg.toString(), "--port", "0", "--data-dir", dir.toString(),
                "--metrics-port", Integer.toString(HostUnderTest.freePort()));
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("метрики слушают не только этот компьютер (metricsBind «0.0.0.0»): нужен файл токена metricsTokenFile"),
                r.out());
        assertFalse(r.out().contains("host listening on"), "nothing started: " + r.out());

        Path en = HostMetricsTest.config(dir, HostUnderTest.freePort(), ",\"metricsBind\":\"0.0.0.0\",\"language\":\"en\"");
        r = HostUnderTest.refused("--config", en.toString(), "--port", "0", "--data-dir", dir.toString(),
                "--metrics-port", Integer.toString(HostUnderTest.freePort()));
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("the metrics would listen beyond this computer (metricsBind \"0.0.0.0\"): a token file metricsTokenFile is required"),
                r.out());
    }

    @Test
    void aWeakOrMissingTokenFileIsRefused() throws Exception {
        Path weak = dir.resolve("weak.token");
        Files.writeString(weak, "1234");
        Path cfg = HostMetricsTest.config(dir, HostUnderTest.freePort(), ",\"metricsTokenFile\":\"" + weak.toString().replace("\\", "\\\\") + "\"");
        org.lmxbridge.cli.ToolRun.Finished r = HostUnderTest.refused("--config", cfg.toString(), "--port", "0", "--data-dir", dir.toString(),
                "--metrics-port", Integer.toString(HostUnderTest.freePort()));
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("должен быть один токен не короче 16 символов"), r.out());
        Path missing = dir.resolve("none.token");
        cfg = HostMetricsTest.config(dir, HostUnderTest.freePort(), ",\"metricsTokenFile\":\"" + missing.toString().replace("\\", "\\\\") + "\"");
        r = HostUnderTest.refused("--config", cfg.toString(), "--port", "0", "--data-dir", dir.toString(),
                "--metrics-port", Integer.toString(HostUnderTest.freePort()));
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("файл токена метрик " + missing + " не найден"), r.out());
    }

    @Test
    void theRegistersOwnHostPortStaysLoopbackOnly() throws Exception {
        Path cfg = HostMetricsTest.config(dir, HostUnderTest.freePort(), "");
        org.lmxbridge.cli.ToolRun.Finished r = HostUnderTest.refused("--config", cfg.toString(), "--port", "0", "--bind", "0.0.0.0", "--data-dir",
                dir.toString(), "--metrics-port", Integer.toString(HostUnderTest.freePort()));
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("--bind \"0.0.0.0\" — не адрес обратной петли"), r.out()); // the configuration declares no language
    }
}
