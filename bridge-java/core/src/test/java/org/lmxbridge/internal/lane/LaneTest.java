package org.lmxbridge.internal.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lmxbridge.Bridge;
import org.lmxbridge.Status;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.testing.StubProcessing;

/** One request in flight per register, seen from the server side; registers run in parallel. */
class LaneTest {
    @Test
    void thirtyTwoThreadsOnOneRegisterNeverOverlapAtTheServer() throws Exception {
        try (StubProcessing srv = new StubProcessing(); Bridge b = Bridge.open(srv.config("reg01"))) {
            srv.delayMs = 5;
            ExecutorService pool = Executors.newFixedThreadPool(32);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<OperationResult>> fs = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    return b.balance(Identifier.of("8690003"));
                }));
            }
            go.countDown();
            for (Future<OperationResult> f : fs) assertTrue(f.get(60, TimeUnit.SECONDS).ok());
            pool.shutdown();
            assertEquals(32, srv.requests());
            assertEquals(1, srv.maxInFlight("reg01"), "the server saw concurrent requests from one register");
        }
    }

    @Test
    void twoRegistersProceedInParallel() throws Exception {
        try (StubProcessing srv = new StubProcessing(); Bridge a = Bridge.open(srv.config("regA"));
             Bridge b = Bridge.open(srv.config("regB"))) {
            srv.delayMs = 40;
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<OperationResult>> fs = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < 16; i++) {
                Bridge which = i % 2 == 0 ? a : b;
                fs.add(pool.submit(() -> which.balance(Identifier.of("8690003"))));
            }
            for (Future<OperationResult> f : fs) assertTrue(f.get(60, TimeUnit.SECONDS).ok());
            pool.shutdown();
            assertEquals(1, srv.maxInFlight("regA"));
            assertEquals(1, srv.maxInFlight("regB"));
            // both lanes were busy at once at some moment: 16 × 40 ms serially would be ≥ 640 ms
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 16 * 40 + 2000);
        }
    }

    @Test
    void twoHandlesOfTheSameRegisterShareOneLane() throws Exception {
        try (StubProcessing srv = new StubProcessing(); Bridge a = Bridge.open(srv.config("reg01"));
             Bridge b = Bridge.open(srv.config("reg01"))) {
            srv.delayMs = 10;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<OperationResult>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Bridge which = i % 2 == 0 ? a : b;
                fs.add(pool.submit(() -> which.balance(Identifier.of("8690003"))));
            }
            for (Future<OperationResult> f : fs) assertTrue(f.get(60, TimeUnit.SECONDS).ok());
            pool.shutdown();
            assertEquals(1, srv.maxInFlight("reg01"));
        }
    }

    @Test
    void callerPastItsDeadlineGetsBusyAndTheTaskNeverRuns() throws Exception {
        try (RegisterLane lane = new RegisterLane("t")) {
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            pool.submit(() -> lane.call(RegisterLane.LIVE, 10_000, () -> {
                release.await();
                return 1;
            }));
            Thread.sleep(100);
            boolean[] ran = {false};
            LaneBusyException e = assertThrows(LaneBusyException.class,
                    () -> lane.call(RegisterLane.LIVE, 200, () -> ran[0] = true));
            assertTrue(e.getMessage().contains("касса занята другим запросом"), e.getMessage());
            release.countDown();
            assertEquals(7, (int) lane.call(RegisterLane.LIVE, 5000, () -> 7));
            assertTrue(!ran[0], "a withdrawn task must never run later");
            pool.shutdown();
        }
    }

    @Test
    void liveOvertakesReplayBacklogBetweenItems() throws Exception {
        try (RegisterLane lane = new RegisterLane("t")) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            pool.submit(() -> lane.call(RegisterLane.REPLAY, 10_000, () -> {
                started.countDown();
                release.await();
                order.add("replay0");
                return 0;
            }));
            // each step waits for the lane to hold what the previous one queued (no sleeps: a loaded
            // machine can take longer than any fixed pause to schedule a thread)
            assertTrue(started.await(10, TimeUnit.SECONDS));
            for (int i = 1; i <= 3; i++) {
                int n = i;
                pool.submit(() -> lane.call(RegisterLane.REPLAY, 10_000, () -> order.add("replay" + n)));
                awaitWaiting(lane, n);
            }
            Future<?> live = pool.submit(() -> lane.call(RegisterLane.LIVE, 10_000, () -> order.add("live")));
            awaitWaiting(lane, 4);
            release.countDown();
            live.get(10, TimeUnit.SECONDS);
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            assertEquals(List.of("replay0", "live", "replay1", "replay2", "replay3"), order);
        }
    }

    @Test
    void anErrorInsideATaskDoesNotKillTheLane() throws Exception {
        try (RegisterLane lane = new RegisterLane("t")) {
            assertThrows(java.util.concurrent.ExecutionException.class, () -> lane.call(RegisterLane.LIVE, 1000, () -> {
                throw new StackOverflowError("test");
            }));
            assertEquals(5, (int) lane.call(RegisterLane.LIVE, 1000, () -> 5));
        }
    }

    @Test
    void busyStatusThroughTheApi() throws Exception {
        try (StubProcessing srv = new StubProcessing();
             Bridge b = Bridge.open("{\"url\":\"" + srv.url("p1", "reg09") + "\",\"login\":\"reg09\",\"password\":\"pw\",\"laneWaitMs\":100,\"dataDir\":\"" + StubProcessing.tempDataDir() + "\"}")) {
            srv.delayMs = 1500;
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<OperationResult> first = pool.submit(() -> b.balance(Identifier.of("8690003")));
            Thread.sleep(200);
            OperationResult second = b.balance(Identifier.of("8690003"));
            assertEquals(Status.BUSY, second.status());
            assertTrue(first.get(10, TimeUnit.SECONDS).ok());
            pool.shutdown();
        }
    }

    private static void awaitWaiting(RegisterLane lane, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lane.waiting() < n) {
            if (System.nanoTime() > end)
                throw new AssertionError("the lane never held " + n + " waiting tasks (" + lane.waiting() + ")");
            Thread.sleep(5);
        }
    }
}
