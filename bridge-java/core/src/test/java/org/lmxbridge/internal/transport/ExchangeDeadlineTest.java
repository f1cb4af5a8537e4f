package org.lmxbridge.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The watchdog that ends stalled exchanges: each deadline fires on time, once, and never leaks an interrupt. */
class ExchangeDeadlineTest {
    /** Waits as a blocked {@code HttpClient.send} does, until interrupted or {@code maxMs}; returns the ms waited. */
    private static long waitForInterrupt(long maxMs) {
        long t0 = System.nanoTime();
        try {
            Thread.sleep(maxMs);
            fail("no deadline fired within " + maxMs + " ms");
        } catch (InterruptedException expected) {
            // what the deadline does
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void headersDeadlineFiresWhenNoHeadersCame() {
        ExchangeDeadline d = ExchangeDeadline.arm(200, 5000);
        long ms = waitForInterrupt(5000);
        assertEquals(ExchangeDeadline.Fired.HEADERS, d.disarm());
        assertTrue(ms >= 190 && ms < 2000, ms + " ms");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void onceTheHeadersCameOnlyTheWholeExchangesDeadlineApplies() {
        ExchangeDeadline d = ExchangeDeadline.arm(150, 700);
        d.headersArrived();
        long ms = waitForInterrupt(5000);
        assertEquals(ExchangeDeadline.Fired.CALL, d.disarm());
        assertTrue(ms >= 690 && ms < 3000, ms + " ms");
    }

    @Test
    void aDisarmedDeadlineNeverInterrupts() throws Exception {
        for (int i = 0; i < 1000; i++) {
            ExchangeDeadline.arm(30, 60).disarm();
        }
        Thread.sleep(300); // past every deadline armed above
        assertFalse(Thread.currentThread().isInterrupted(), "a disarmed deadline interrupted its thread");
    }

    @Test
    void aShortDeadlineArmedWhileTheWatchdogWaitsForALongOneFiresOnTime() throws Exception {
        // the watchdog sleeps towards the long deadline (or its tick); the short one must wake it
        ExchangeDeadline slow = ExchangeDeadline.arm(60_000, 60_000);
        CountDownLatch done = new CountDownLatch(1);
        long[] waited = new long[1];
        ExchangeDeadline.Fired[] fired = new ExchangeDeadline.Fired[1];
        Thread t = new Thread(() -> {
            ExchangeDeadline fast = ExchangeDeadline.arm(100, 100);
            waited[0] = waitForInterrupt(5000);
            fired[0] = fast.disarm();
            done.countDown();
        });
        t.start();
        assertTrue(done.await(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(ExchangeDeadline.Fired.CALL, fired[0]);
        assertTrue(waited[0] < 800, "the short deadline waited for the watchdog's tick: " + waited[0] + " ms");
        assertEquals(ExchangeDeadline.Fired.NONE, slow.disarm());
    }

    @Test
    void manyThreadsEachGetTheirOwnDeadlineAndOneWatchdogServesThemAll() throws Exception {
        int n = 16;
        List<Thread> threads = new ArrayList<>();
        AtomicInteger fired = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            long ms = 100 + 20L * i;
            Thread t = new Thread(() -> {
                long t0 = System.nanoTime();
                ExchangeDeadline d = ExchangeDeadline.arm(ms, ms);
                waitForInterrupt(10_000);
                long sinceArmed = (System.nanoTime() - t0) / 1_000_000;
                if (d.disarm() == ExchangeDeadline.Fired.CALL && sinceArmed >= ms) fired.incrementAndGet();
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join(15_000);
        assertEquals(n, fired.get(), "every thread's own deadline, none early");
        long watchdogs = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("loymax-http-deadline")).count();
        assertEquals(1, watchdogs);
    }
}
