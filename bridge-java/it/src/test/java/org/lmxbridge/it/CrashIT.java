package org.lmxbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.Bridge;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
import org.lmxbridge.emulator.LedgerSnapshot;

/**
 * Crash safety: a child register program ({@link CrashSeller}) sells — online, offline, through
 * lost answers — and is killed with SIGKILL at a random point 50–600 ms after it opened the
 * register; it is restarted each time and first finishes the purchase it was killed in. In all
 * {@value #DEFAULT_RUNS} kills (system property {@code lmx.crash.runs}), split over two registers
 * run side by side to keep the wall time down (JVM start dominates). At the end the emulator's
 * ledger holds every accepted purchase exactly once and no purchase twice.
 */
class CrashIT {
    static final int DEFAULT_RUNS = 100;

    @TempDir
    Path dir;

    private record Outcome(String login, Set<String> accepted, int started) {
    }

    @Test
    void killedAtRandomPointsNothingIsLostOrDoubled() throws Exception {
        int runs = Integer.getInteger("lmx.crash.runs", DEFAULT_RUNS);
        long seed = Long.getLong("lmx.crash.seed", System.nanoTime());
        long t0 = System.currentTimeMillis();
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Outcome>> lanes = new ArrayList<>();
            lanes.add(pool.submit(() -> lane(emu, "reg01", "secret", (runs + 1) / 2, new Random(seed))));
            lanes.add(pool.submit(() -> lane(emu, "reg02", "secret2", runs / 2, new Random(seed + 1))));
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : lanes) outcomes.add(f.get(10, TimeUnit.MINUTES));
            pool.shutdown();
            for (Outcome o : outcomes) {
                Map<String, Integer> discounts = new HashMap<>();
                Map<String, Integer> confirms = new HashMap<>();
                for (LedgerSnapshot.Operation op : emu.ledger().operations(OfflineSupport.PARTNER, o.login())) {
                    if (op.command().equals("Discount")) discounts.merge(op.purchaseId(), 1, Integer::sum);
                    if (op.command().equals("ConfirmPurchase")) confirms.merge(op.purchaseId(), 1, Integer::sum);
                }
                for (String id : o.accepted()) {
                    assertEquals(1, discounts.getOrDefault(id, 0), "discount of accepted purchase " + id + " (seed " + seed + ")");
                    assertEquals(1, confirms.getOrDefault(id, 0), "confirm of accepted purchase " + id + " (seed " + seed + ")");
                }
                discounts.forEach((id, n) -> assertEquals(1, n, "purchase " + id + " discounted twice (seed " + seed + ")"));
                confirms.forEach((id, n) -> assertEquals(1, n, "purchase " + id + " confirmed twice (seed " + seed + ")"));
                System.out.printf("crash test %s: %d purchases started, %d accepted, ledger %d discounts / %d confirms%n",
                        o.login(), o.started(), o.accepted().size(), discounts.size(), confirms.size());
                assertTrue(o.accepted().size() >= 5, "too few purchases accepted to mean anything: " + o.accepted().size());
            }
            System.out.printf("crash test: %d kills in %d ms (seed %d)%n", runs, System.currentTimeMillis() - t0, seed);
        }
    }

    private Outcome lane(Emulator emu, String login, String password, int runs, Random rnd) throws Exception {
        Set<String> accepted = new LinkedHashSet<>();
        Set<String> started = new LinkedHashSet<>();
        Path cfg = dir.resolve(login + ".json");
        Files.writeString(cfg, OfflineSupport.config(emu.registerUrl(OfflineSupport.PARTNER, login).toString(), login, password,
                dir.resolve("data"), ",\"probeIntervalMs\":100,\"readTimeoutMs\":1000"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String unfinished = "-";
        for (int run = 0; run < runs; run++) {
            int mode = rnd.nextInt(10);
            synchronized (emu.faults()) { // faults are global: the two lanes mix them, which only adds variety
                emu.faults().clear();
                if (mode < 3) emu.faults().http500(-1);                          // failing: offline, queued
                else if (mode < 5) emu.faults().dropAfterApply(1 + rnd.nextInt(3)); // applied, answer lost
                else if (mode < 6) emu.faults().dropBeforeApply(1 + rnd.nextInt(3));
            }
            Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                    "-Dlmx.it.logfile=" + dir.resolve(login + "-child.log"), "-cp", System.getProperty("java.class.path"),
                    CrashSeller.class.getName(), cfg.toString(), login + "r" + run, unfinished)
                    .redirectErrorStream(true).start();
            CountDownLatch ready = new CountDownLatch(1);
            AtomicReference<String> last = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.equals("READY")) {
                            ready.countDown();
                        } else if (line.startsWith("STARTED ")) {
                            started.add(line.substring(8));
                            last.set(line.substring(8));
                        } else if (line.startsWith("ACCEPTED ")) {
                            accepted.add(line.split(" ")[1]);
                            last.set(null);
                        } else if (line.startsWith("REFUSED ")) {
                            last.set(null);
                        }
                    }
                } catch (java.io.IOException e) {
                    // killed
                }
            });
            reader.start();
            assertTrue(ready.await(60, TimeUnit.SECONDS), "the child did not start");
            Thread.sleep(50 + rnd.nextInt(551));
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            reader.join(5000);
            unfinished = last.get() == null ? "-" : last.get();
        }
        synchronized (emu.faults()) {
            emu.faults().clear();
        }
        // the last restart: this process becomes the register and drains what the children left
        try (Bridge b = Bridge.open(Files.readString(cfg))) {
            if (!"-".equals(unfinished)) {
                for (int i = 0; i < 50 && !b.discount(OfflineSupport.sale(unfinished, OfflineSupport.CARD, "100")).ok(); i++) Thread.sleep(100);
                for (int i = 0; i < 50 && !b.confirm(unfinished).ok(); i++) Thread.sleep(100);
                accepted.add(unfinished);
            }
            OfflineSupport.await("the queue of " + login + " to drain", 60_000, () -> b.status().queueLength() == 0);
            assertEquals(0, b.status().deadCount(), "dead letters of " + login + ": " + b.status().warnings());
        }
        return new Outcome(login, accepted, started.size());
    }
}
