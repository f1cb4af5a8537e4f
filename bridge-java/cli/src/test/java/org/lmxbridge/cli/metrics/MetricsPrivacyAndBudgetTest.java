package org.lmxbridge.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
import org.lmxbridge.internal.json.Json;

/**
 * One shift of a register through a real host with {@code "logFormat":"json"}, against the emulator with
 * cards of 16 digits and holders with names: every command of the vocabulary succeeds once, and every
 * outcome happens (declined, invalid, an unknown command, failed and queued while processing is cut, the
 * replay). Then:
 * <ul>
 * <li>neither the exposition nor the JSON log holds a card number, a phone (no 8-digit run of them), a
 *     holder's or the cashier's name;</li>
 * <li>the register has at most 60 series (the cardinality budget, docs/metrics.md);</li>
 * <li>every operation is one JSON line with the documented fields.</li>
 * </ul>
 */
class MetricsPrivacyAndBudgetTest {
    @TempDir
    static Path dir;

    static final String CARD = "4276380012345678";
    static final String PHONE = "79857316429";
    static final String BLOCKED_CARD = "4276380087654321";
    static final String BLOCKED_PHONE = "79031112233";
    static final String[] NAMES = {"Зайцева", "Евгения", "Holden", "Caulfield", "Иванова", "Мария"};
    static final String CASHIER = "Иванова Мария";

    /** The Prometheus text format (the default) and the OpenMetrics one (when asked). */
    static String exposition;
    static String openMetrics;
    static String jsonLog;
    static int operationsLogged;
    static final List<String> called = new ArrayList<>();

    static Path seed(Path dir) throws Exception {
        Path f = dir.resolve("seed.json");
        Files.writeString(f, "{\"currency\":\"RUB\",\"registers\":[{\"partner\":\"demo-partner\",\"login\":\"reg01\",\"password\":\"secret\"}],"
                + "\"cards\":[{\"number\":\"" + CARD + "\",\"phone\":\"" + PHONE + "\",\"holder\":\"Зайцева Евгения\",\"status\":\"active\","
                + "\"balance\":1500.00},{\"number\":\"" + BLOCKED_CARD + "\",\"phone\":\"" + BLOCKED_PHONE + "\",\"holder\":\"Holden Caulfield\","
                + "\"status\":\"blocked\",\"balance\":10.00}],\"offers\":{\"cashbackPercent\":5,\"maxRedeemPercent\":50}}");
        return f;
    }

    static String cheque() {
        return "{\"number\":\"15\",\"lines\":[{\"pos\":1,\"goodsId\":\"2002\",\"name\":\"Хлеб\",\"price\":\"89.90\",\"quantity\":\"2\","
                + "\"amount\":\"179.80\"}]}";
    }

    static String purchase(String id, String identifier, String extra) {
        return "{\"purchaseId\":\"" + id + "\",\"cashier\":\"" + CASHIER + "\",\"identifier\":{\"value\":\"" + identifier + "\"},"
                + "\"cheque\":" + cheque() + (extra == null ? "" : "," + extra) + "}";
    }

    static JsonNode run(HostUnderTest host, Path cfg, String command, String request, boolean expectOk) throws Exception {
        JsonNode r = host.execute(cfg, command, request);
        called.add(command + " " + r.path("status").asInt());
        if (expectOk) assertTrue(r.path("ok").asBoolean(), command + ": " + r);
        return r;
    }

    @BeforeAll
    static void aShift() throws Exception {
        int ep = HostUnderTest.freePort();
        Path cfg = HostMetricsTest.config(dir, ep, ",\"logFormat\":\"json\"");
        Path seed = seed(dir);
        Emulator emu = Emulator.start(EmulatorOptions.builder().port(ep).seed(seed).build());
        try (HostUnderTest host = HostUnderTest.start(cfg, dir)) {
            int processingCalls = 0;
            run(host, cfg, "balance", "{\"identifier\":{\"value\":\"" + CARD + "\"}}", true);
            run(host, cfg, "balance", "{\"identifier\":{\"type\":\"phone\",\"value\":\"" + PHONE + "\"}}", true);
            run(host, cfg, "calculate", purchase("P1", CARD, null), true);
            run(host, cfg, "availableAmount", purchase("P1", CARD, null), true);
            run(host, cfg, "pay", purchase("P1", CARD, "\"amount\":\"10\""), true);
            run(host, cfg, "discount", purchase("P1", CARD,
                    "\"pays\":[{\"type\":\"Bonus\",\"amount\":\"10\"},{\"type\":\"Card\",\"amount\":\"169.80\"}]"), true);
            run(host, cfg, "confirm", "{\"purchaseId\":\"P1\"}", true);
            run(host, cfg, "refund", "{\"purchaseId\":\"R1\",\"refundPurchaseId\":\"P1\",\"cashier\":\"" + CASHIER + "\",\"cheque\":"
                    + cheque() + "}", true);
            run(host, cfg, "calculate", purchase("P2", PHONE, null), true);
            run(host, cfg, "cancel", "{\"purchaseId\":\"P2\"}", true);
            processingCalls += 10;
            // declined: processing answers an error (a blocked card)
            JsonNode d = run(host, cfg, "balance", "{\"identifier\":{\"value\":\"" + BLOCKED_CARD + "\"}}", false);
            assertTrue(d.path("status").asInt() >= 200 && d.path("status").asInt() < 300, d.toString());
            d = run(host, cfg, "calculate", "{\"purchaseId\":\"P4\",\"cashier\":\"" + CASHIER + "\",\"identifier\":{\"type\":\"phone\",\"value\":\""
                    + BLOCKED_PHONE + "\"},\"cheque\":" + cheque() + "}", false);
            assertTrue(d.path("status").asInt() >= 200 && d.path("status").asInt() < 300, d.toString());
            processingCalls += 2;
            // invalid: refused before anything is sent; an unknown command (its name never becomes a label)
            JsonNode inv = run(host, cfg, "calculate", "{\"identifier\":{\"value\":\"" + CARD + "\"}}", false);
            assertEquals(4, inv.path("status").asInt() / 100, inv.toString());
            processingCalls += 1;
            JsonNode unk = run(host, cfg, "balance" + CARD, "{}", false);
            assertEquals(404, unk.path("status").asInt(), unk.toString());
            // processing cut: failed (a balance cannot be answered offline) and queued (a sale and its confirm)
            emu.close();
            JsonNode f = run(host, cfg, "balance", "{\"identifier\":{\"value\":\"" + CARD + "\"}}", false);
            assertFalse(f.path("ok").asBoolean(), f.toString());
            assertTrue(run(host, cfg, "discount", purchase("P3", PHONE, "\"pays\":[{\"type\":\"Card\",\"amount\":\"179.80\"}]"), true)
                    .path("queued").asBoolean());
            assertTrue(run(host, cfg, "confirm", "{\"purchaseId\":\"P3\"}", true).path("queued").asBoolean());
            processingCalls += 3;
            operationsLogged = processingCalls;
            emu = Emulator.start(EmulatorOptions.builder().port(ep).seed(seed).build());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String m;
            do {
                Thread.sleep(200);
                m = host.scrape();
            } while (HostMetricsTest.reg(m, "lmx_bridge_replayed_total", "result", "done") < 2 && System.nanoTime() < end);
            assertEquals(2, HostMetricsTest.reg(m, "lmx_bridge_replayed_total", "result", "done"), m);
            exposition = m;
            openMetrics = new String(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(host.metricsUrl)).header("Accept", "application/openmetrics-text; version=1.0.0").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
            assertTrue(openMetrics.endsWith("# EOF\n"), "OpenMetrics when asked");
        } finally {
            emu.close();
        }
        jsonLog = Files.readString(dir.resolve("logs").resolve("operations.jsonl"), StandardCharsets.UTF_8);
    }

    /** Every 8-digit run of the number. */
    static List<String> runsOf(String digits) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i + 8 <= digits.length(); i++) l.add(digits.substring(i, i + 8));
        return l;
    }

    @Test
    void noCardPhoneOrNameInTheExpositionOrTheJsonLog() {
        for (Map.Entry<String, String> where : Map.of("exposition", exposition, "OpenMetrics exposition", openMetrics, "operations.jsonl", jsonLog).entrySet()) {
            for (String number : new String[] {CARD, PHONE, BLOCKED_CARD, BLOCKED_PHONE}) {
                for (String run : runsOf(number)) {
                    assertFalse(where.getValue().contains(run), where.getKey() + " holds " + run + " of " + number + ":\n" + where.getValue());
                }
            }
            for (String name : NAMES) {
                assertFalse(where.getValue().contains(name), where.getKey() + " holds the name " + name + ":\n" + where.getValue());
            }
        }
        assertTrue(exposition.contains("lmx_bridge_operations_total{") && jsonLog.contains("\"command\":\"balance\""),
                "the scan read what the shift produced");
    }

    @Test
    void theRegisterStaysWithinItsSeriesBudget() {
        List<HostUnderTest.Sample> mine = new ArrayList<>();
        Set<String> commandOutcomes = new TreeSet<>();
        Map<String, Double> errors = new java.util.HashMap<>();
        for (HostUnderTest.Sample s : HostUnderTest.samples(exposition)) {
            if ("reg01".equals(s.labels().get("register")) && "demo-partner".equals(s.labels().get("partner"))
                    && HostMetricsTest.SHOP.equals(s.labels().get("shop"))) {
                mine.add(s);
                if (s.name().equals("lmx_bridge_operations_total")) commandOutcomes.add(s.labels().get("command") + "/" + s.labels().get("outcome"));
                if (s.name().equals("lmx_bridge_errors_total")) errors.put(s.labels().get("kind"), s.value());
            }
        }
        String[] commands = {"balance", "calculate", "availableAmount", "pay", "discount", "confirm", "cancel", "refund"};
        for (String c : commands) {
            assertTrue(commandOutcomes.contains(c + "/ok"), c + " succeeded: " + commandOutcomes);
        }
        for (String o : new String[] {"queued", "declined"}) {
            assertTrue(commandOutcomes.stream().anyMatch(x -> x.endsWith("/" + o)), o + " happened: " + commandOutcomes);
        }
        // failures and invalid requests (the unknown command among them) count by kind, never by command
        assertTrue(errors.getOrDefault("failed", 0.0) >= 1 && errors.getOrDefault("invalid", 0.0) >= 2, "errors by kind: " + errors);
        assertTrue(commandOutcomes.stream().noneMatch(x -> x.endsWith("/failed") || x.endsWith("/invalid") || x.startsWith("other/")),
                "errors are not by command: " + commandOutcomes);
        assertTrue(mine.size() <= 60, mine.size() + " series for one register:\n" + String.join("\n", mine.stream().map(Object::toString).toList()));
        // the bound holds for any shift, not only this one: every series but the operations is always there,
        // and the operations can be at most every command with every outcome
        long always = mine.stream().filter(s -> !s.name().equals("lmx_bridge_operations_total")).count();
        long worst = always + (long) commands.length * 3;
        assertTrue(worst <= 60, "worst case " + worst + " series: " + always + " always there + " + commands.length + " commands × 3 outcomes");
        System.out.println("series of the register after every command and outcome: " + mine.size() + " (" + commandOutcomes.size()
                + " command/outcome pairs); worst case " + worst);
    }

    @Test
    void everyOperationIsOneJsonLineWithTheDocumentedFields() throws Exception {
        String[] lines = jsonLog.split("\n");
        assertEquals(operationsLogged, lines.length, jsonLog);
        Set<String> fields = Set.of("time", "level", "register", "partner", "shop", "command", "purchaseId", "operationId", "ms", "status",
                "online", "queued");
        boolean sawFailure = false;
        for (String line : lines) {
            JsonNode n = Json.parse(line);
            for (String f : fields) assertTrue(n.has(f), f + " in " + line);
            assertTrue(n.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}([+-]\\d\\d:\\d\\d|Z)"), line);
            assertEquals("reg01", n.get("register").asText());
            assertEquals("demo-partner", n.get("partner").asText());
            assertEquals(HostMetricsTest.SHOP, n.get("shop").asText());
            assertTrue(n.get("ms").isIntegralNumber() && n.get("status").isIntegralNumber(), line);
            assertTrue(n.get("online").isBoolean() && n.get("queued").isBoolean(), line);
            if (n.get("status").asInt() != 0) {
                sawFailure = true;
                assertEquals("WARN", n.get("level").asText(), line);
                assertTrue(n.has("error") && n.has("message"), line);
            }
        }
        assertTrue(sawFailure);
        assertTrue(jsonLog.contains("\"command\":\"refund\"") && jsonLog.contains("\"purchaseId\":\"P1\""), jsonLog);
        assertTrue(jsonLog.contains("\"queued\":true"), jsonLog);
    }
}
