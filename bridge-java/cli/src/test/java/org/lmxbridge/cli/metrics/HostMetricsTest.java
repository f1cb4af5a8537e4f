package org.lmxbridge.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;

/**
 * {@code loymax-bridge host --metrics-port N} against the real emulator: the per-register series follow
 * what really happens — a call answered, processing cut (online 0), a sale queued offline (its item and
 * amount), processing back (the replay, online 1) — read over HTTP from {@code /metrics}.
 */
class HostMetricsTest {
    @TempDir
    Path dir;

    static final String DISCOUNT = "{\"identifier\":{\"type\":\"phone\",\"value\":\"79260000003\"},\"cheque\":{\"number\":\"15\","
            + "\"lines\":[{\"pos\":1,\"goodsId\":\"1001\",\"name\":\"Молоко\",\"price\":\"89.90\",\"quantity\":\"2\",\"amount\":\"179.80\"}]}}";

    /** The register's shop label. */
    static final String SHOP = "Shop 12";

    static Path config(Path dir, int emulatorPort, String extra) throws Exception {
        Path f = dir.resolve("register.json");
        Files.writeString(f, "{\"url\":\"http://127.0.0.1:" + emulatorPort + "/XmlExchange/demo-partner/reg01/\",\"login\":\"reg01\","
                + "\"password\":\"secret\",\"dataDir\":\"" + dir.toString().replace("\\", "\\\\") + "\",\"connectTimeoutMs\":500,"
                + "\"readTimeoutMs\":3000,\"probeIntervalMs\":300,\"shop\":\"" + SHOP + "\"" + extra + "}");
        return f;
    }

    /** The value of a series of this test's register, with extra labels {@code k1, v1, …}. */
    static double reg(String exposition, String name, String... extra) {
        String[] l = new String[6 + extra.length];
        System.arraycopy(new String[] {"partner", "demo-partner", "register", "reg01", "shop", SHOP}, 0, l, 0, 6);
        System.arraycopy(extra, 0, l, 6, extra.length);
        return HostUnderTest.value(exposition, name, l);
    }

    @Test
    void theRegisterSeriesFollowTheLinkTheQueueAndTheReplay() throws Exception {
        int ep = HostUnderTest.freePort();
        Path cfg = config(dir, ep, "");
        Emulator emu = Emulator.start(EmulatorOptions.builder().port(ep).build());
        try (HostUnderTest host = HostUnderTest.start(cfg, dir)) {
            String m = host.scrape();
            assertEquals(1, reg(m, "lmx_bridge_register_online"), m);
            assertEquals(0, reg(m, "lmx_bridge_register_last_contact_timestamp_seconds"), "no answer yet: " + m);
            for (String state : new String[] {"queued", "sent", "retry", "dead", "discrepancy"}) {
                assertEquals(0, reg(m, "lmx_bridge_queue_items", "state", state), state + ": " + m);
                assertEquals(0, reg(m, "lmx_bridge_queue_amount_rub", "state", state), state + ": " + m);
            }
            assertEquals(1, HostUnderTest.value(m, "lmx_bridge_registers"), m);
            assertTrue(m.contains("lmx_bridge_build_info{version=\""), m);
            assertTrue(m.contains("jvm_memory_used_bytes"), "the JVM basics: " + m);

            long before = System.currentTimeMillis() / 1000;
            JsonNode balance = host.execute(cfg, "balance", "{\"identifier\":{\"value\":\"8690003\"}}");
            assertTrue(balance.path("ok").asBoolean(), balance.toString());
            m = host.scrape();
            double contact = reg(m, "lmx_bridge_register_last_contact_timestamp_seconds");
            assertTrue(contact >= before - 1 && contact <= System.currentTimeMillis() / 1000.0 + 1, "last contact " + contact + ": " + m);
            assertEquals(1, reg(m, "lmx_bridge_operations_total", "command", "balance", "outcome", "ok"), m);
            assertTrue(reg(m, "lmx_bridge_processing_request_duration_seconds_count") >= 1, m);
            assertTrue(reg(m, "lmx_bridge_lane_wait_seconds_count") >= 1, m);

            emu.close(); // processing cut
            JsonNode sale = host.execute(cfg, "discount", DISCOUNT);
            assertTrue(sale.path("queued").asBoolean(), "queued offline: " + sale);
            m = host.scrape();
            assertEquals(0, reg(m, "lmx_bridge_register_online"), m);
            assertEquals(1, reg(m, "lmx_bridge_queue_items", "state", "queued"), m);
            assertEquals(179.80, reg(m, "lmx_bridge_queue_amount_rub", "state", "queued"), 1e-9, m);
            assertTrue(reg(m, "lmx_bridge_queue_oldest_age_seconds") >= 0, m);
            assertEquals(1, reg(m, "lmx_bridge_operations_total", "command", "discount", "outcome", "queued"), m);
            assertEquals(0, reg(m, "lmx_bridge_replayed_total", "result", "done"), m);

            emu = Emulator.start(EmulatorOptions.builder().port(ep).build()); // processing back: the probe finds it, the sale is replayed
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                Thread.sleep(200);
                m = host.scrape();
            } while (reg(m, "lmx_bridge_replayed_total", "result", "done") != 1 && System.nanoTime() < end);
            assertEquals(1, reg(m, "lmx_bridge_replayed_total", "result", "done"), m);
            assertEquals(1, reg(m, "lmx_bridge_register_online"), m);
            assertEquals(0, reg(m, "lmx_bridge_queue_items", "state", "queued"), m);
            assertEquals(0, reg(m, "lmx_bridge_queue_amount_rub", "state", "queued"), m);
            assertEquals(0, reg(m, "lmx_bridge_queue_oldest_age_seconds"), m);
            String purchase = sale.path("purchaseId").asText();
            assertEquals(1, emu.ledger().operations("demo-partner", "reg01").stream().filter(o -> o.purchaseId().equals(purchase)).count(),
                    "processing has the sale once");
        } finally {
            emu.close();
        }
    }
}
