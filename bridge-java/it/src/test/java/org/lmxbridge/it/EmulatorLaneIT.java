package org.lmxbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.Bridge;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;

/**
 * The serial lane, proven from the server side: the emulator's metric of the maximum number of
 * concurrent requests it saw per register (it also answers concurrent requests with its
 * processing-lock error, so an overlap would fail calls too).
 */
class EmulatorLaneIT {
    @TempDir
    Path dir;

    String config(Emulator emu, String login, String password) {
        return "{\"url\":\"" + emu.registerUrl("demo-partner", login) + "\",\"login\":\"" + login + "\",\"password\":\""
                + password + "\",\"dataDir\":\"" + dir.toString().replace("\\", "\\\\") + "\"}";
    }

    static OperationRequest calculate() {
        return OperationRequest.builder().identifier(Identifier.of("8690003")).cheque(new Cheque("1", LocalDateTime.now().withNano(0),
                List.of(new ChequeLine(1, "1001", "Молоко", new BigDecimal("89.90"), BigDecimal.ONE, new BigDecimal("89.90"))))).build();
    }

    @Test
    void thirtyTwoThreadsOnOneRegister() throws Exception {
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).build())) {
            emu.faults().latencyMs(3);
            try (Bridge b = Bridge.open(config(emu, "reg01", "secret"))) {
                List<OperationResult> results = hammer(32, 4, i -> b);
                for (OperationResult r : results) assertTrue(r.ok(), String.valueOf(r.error()));
            }
            assertEquals(128, emu.metrics().register("demo-partner", "reg01").requests());
            assertEquals(1, emu.metrics().register("demo-partner", "reg01").maxConcurrent());
            assertEquals(0, emu.metrics().register("demo-partner", "reg01").locked());
        }
    }

    @Test
    void twoRegistersAtOnce() throws Exception {
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).build())) {
            emu.faults().latencyMs(20);
            try (Bridge a = Bridge.open(config(emu, "reg01", "secret")); Bridge b = Bridge.open(config(emu, "reg02", "secret2"))) {
                List<OperationResult> results = hammer(16, 2, i -> i % 2 == 0 ? a : b);
                for (OperationResult r : results) assertTrue(r.ok(), String.valueOf(r.error()));
            }
            assertEquals(1, emu.metrics().register("demo-partner", "reg01").maxConcurrent());
            assertEquals(1, emu.metrics().register("demo-partner", "reg02").maxConcurrent());
            int total = 0;
            for (var r : emu.metrics().registers().values()) total = Math.max(total, r.maxConcurrent());
            assertEquals(1, total);
        }
    }

    interface Pick {
        Bridge bridge(int thread);
    }

    static List<OperationResult> hammer(int threads, int perThread, Pick pick) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<OperationResult>>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int n = t;
            fs.add(pool.submit(() -> {
                go.await();
                List<OperationResult> out = new ArrayList<>();
                for (int i = 0; i < perThread; i++) out.add(pick.bridge(n).calculate(calculate()));
                return out;
            }));
        }
        go.countDown();
        List<OperationResult> all = new ArrayList<>();
        for (Future<List<OperationResult>> f : fs) all.addAll(f.get(120, TimeUnit.SECONDS));
        pool.shutdown();
        return all;
    }
}
