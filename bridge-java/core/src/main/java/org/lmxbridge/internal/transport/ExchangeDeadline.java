package org.lmxbridge.internal.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The overall deadline of one blocking exchange: interrupts the thread that waits in
 * {@code HttpClient.send} when the deadline passes (the client then cancels the exchange and
 * drops its connection). The request's own timer only runs until the answer's headers; this one
 * also bounds a body that stalls.
 *
 * <p>Why not {@code sendAsync(...).get(timeout)}: on a machine with 2 cores the common fork-join
 * pool has one thread, so {@code CompletableFuture}'s default executor starts a new thread for
 * every task, and {@code sendAsync} completes its answer through that executor: a thread start
 * per request, ~250 µs of the caller's time (measured, docs/performance.md). {@code send} takes
 * another path that starts no thread.
 *
 * <p>One daemon timer thread for the whole process, made on first use; arming and disarming are
 * a queue insertion and removal. {@link #disarm()} also clears an interrupt that arrived after
 * the exchange had already ended, so none leaks into what the thread does next.
 */
final class ExchangeDeadline {
    private static final class Timer {
        static final ScheduledThreadPoolExecutor INSTANCE = make();

        private static ScheduledThreadPoolExecutor make() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread th = new Thread(r, "loymax-http-deadline");
                th.setDaemon(true);
                return th;
            });
            t.setRemoveOnCancelPolicy(true);
            return t;
        }
    }

    private final Thread thread;
    private ScheduledFuture<?> task;
    private boolean fired;
    private boolean disarmed;

    private ExchangeDeadline(Thread thread) {
        this.thread = thread;
    }

    /** Arms a deadline {@code ms} from now for the calling thread. */
    static ExchangeDeadline arm(long ms) {
        ExchangeDeadline d = new ExchangeDeadline(Thread.currentThread());
        ScheduledFuture<?> t = Timer.INSTANCE.schedule(d::fire, Math.max(1, ms), TimeUnit.MILLISECONDS);
        synchronized (d) {
            d.task = t;
        }
        return d;
    }

    private synchronized void fire() {
        if (disarmed) return;
        fired = true;
        thread.interrupt();
    }

    /** True when the deadline passed before {@link #disarm()}. */
    synchronized boolean fired() {
        return fired;
    }

    /** Ends the deadline (call it on the armed thread, in a finally); returns whether it had fired. */
    boolean disarm() {
        ScheduledFuture<?> t;
        boolean f;
        synchronized (this) {
            disarmed = true;
            f = fired;
            t = task;
        }
        if (t != null) t.cancel(false);
        if (f) Thread.interrupted(); // ours, delivered: cleared so the thread's next wait is not cut short
        return f;
    }
}
