package org.lmxbridge.internal.transport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The two deadlines of one blocking exchange, both enforced by interrupting the thread that waits in
 * {@code HttpClient.send} (the client then cancels the exchange and drops its connection):
 * <ul>
 * <li>the answer's headers within the read timeout ({@link Fired#HEADERS}, "readTimeoutMs"), and</li>
 * <li>the whole exchange, body included, within what is left of connect + read timeout
 *     ({@link Fired#CALL}).</li>
 * </ul>
 *
 * <p>Why not the request's own {@code HttpRequest.timeout} plus a {@code ScheduledThreadPoolExecutor}
 * for the body: each of them woke a thread at every call — the client registers a request timer by
 * waking its selector thread, and the executor signals its thread whenever a new task becomes its
 * earliest one, which with one call at a time is every call. On 2 cores those two wake-ups cost the
 * calling thread ~100 µs per call (docs/performance.md, "Calculate"). Here one {@link Watchdog}
 * thread per process checks the armed deadlines; arming wakes it only when the new deadline comes
 * before the watchdog's next check, which it keeps at most {@link Watchdog#TICK_MS} away while calls
 * are being made — so a register making calls costs the watchdog about one wake-up a second, not one
 * per call — and after {@link Watchdog#IDLE_MS} without a call it sleeps until the next one.
 *
 * <p>Why not {@code sendAsync(...).get(timeout)}: on a machine with 2 cores the common fork-join
 * pool has one thread, so {@code CompletableFuture}'s default executor starts a new thread for every
 * task, and {@code sendAsync} completes its answer through that executor: a thread start per request,
 * ~250 µs of the caller's time (measured, docs/performance.md). {@code send} starts no thread.
 *
 * <p>{@link #disarm()} also clears an interrupt that arrived after the exchange had already ended, so
 * none leaks into what the thread does next. Internal.
 */
final class ExchangeDeadline {
    /** Which deadline ended the exchange. */
    enum Fired {
        NONE,
        /** No headers within the read timeout. */
        HEADERS,
        /** The whole exchange (body included) not done within connect + read timeout. */
        CALL
    }

    private final Thread thread;
    private final long headersBy;
    private final long callBy;
    private volatile boolean headers;
    private Fired fired = Fired.NONE;
    private boolean disarmed;

    private ExchangeDeadline(Thread thread, long headersBy, long callBy) {
        this.thread = thread;
        this.headersBy = headersBy;
        this.callBy = callBy;
    }

    /**
     * Arms both deadlines for the calling thread: headers within {@code headersMs}, the whole
     * exchange within {@code callMs}, from now.
     */
    static ExchangeDeadline arm(long headersMs, long callMs) {
        long now = System.nanoTime();
        ExchangeDeadline d = new ExchangeDeadline(Thread.currentThread(), now + TimeUnit.MILLISECONDS.toNanos(Math.max(1, headersMs)),
                now + TimeUnit.MILLISECONDS.toNanos(Math.max(1, callMs)));
        Watchdog.INSTANCE.add(d);
        return d;
    }

    /** The answer's headers have arrived: from now on only the whole exchange's deadline applies. */
    void headersArrived() {
        headers = true;
    }

    /** Ends the deadlines (call it on the armed thread, in a finally); returns the one that had fired. */
    Fired disarm() {
        Fired f;
        synchronized (this) {
            disarmed = true;
            f = fired;
        }
        Watchdog.INSTANCE.remove(this);
        if (f != Fired.NONE) Thread.interrupted(); // ours, delivered: cleared so the thread's next wait is not cut short
        return f;
    }

    /** When the watchdog must look at this exchange next. */
    private long nextCheck() {
        return headers ? callBy : Math.min(headersBy, callBy);
    }

    /** The deadline passed at {@code now}, or null. */
    private Fired due(long now) {
        if (now - callBy >= 0) return Fired.CALL;
        if (!headers && now - headersBy >= 0) return Fired.HEADERS;
        return null;
    }

    private void fire(Fired what) {
        synchronized (this) {
            if (disarmed || fired != Fired.NONE) return;
            fired = what;
        }
        thread.interrupt();
    }

    /** The process's one thread that fires deadlines; made on first use, a daemon. */
    private static final class Watchdog implements Runnable {
        static final Watchdog INSTANCE = start();
        /** While calls are made, the watchdog looks at least this often (so arming rarely needs to wake it). */
        static final long TICK_MS = 1000;
        /** After this long without an armed exchange the watchdog sleeps until the next one is armed. */
        static final long IDLE_MS = 60_000;

        private final Set<ExchangeDeadline> armed = new HashSet<>();
        private Thread thread;
        /** The time (nanoTime) the watchdog will look again at the latest; meaningless while {@link #sleeping}. */
        private long wakeAt;
        private boolean sleeping = true;
        private long lastArmedAt;

        private static Watchdog start() {
            Watchdog w = new Watchdog();
            Thread t = new Thread(w, "loymax-http-deadline");
            t.setDaemon(true);
            w.thread = t;
            t.start();
            return w;
        }

        synchronized void add(ExchangeDeadline d) {
            armed.add(d);
            lastArmedAt = System.nanoTime();
            long at = d.nextCheck();
            if (sleeping || at - wakeAt < 0) {
                // the watchdog would look too late for this one: wake it to look again now
                sleeping = false;
                wakeAt = at;
                LockSupport.unpark(thread);
            }
        }

        synchronized void remove(ExchangeDeadline d) {
            armed.remove(d);
        }

        @Override
        public void run() {
            while (true) {
                try {
                    watch();
                } catch (RuntimeException | VirtualMachineError e) {
                    // never let the one thread that bounds every exchange die (an OutOfMemoryError in a
                    // busy register process): what it missed is caught up at the next look, 10 ms later
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
                }
            }
        }

        private void watch() {
            List<ExchangeDeadline> due = new ArrayList<>();
            List<Fired> what = new ArrayList<>();
            while (true) {
                long now = System.nanoTime();
                long parkNanos;
                synchronized (this) {
                    long next = now + TimeUnit.MILLISECONDS.toNanos(TICK_MS);
                    for (var it = armed.iterator(); it.hasNext(); ) {
                        ExchangeDeadline d = it.next();
                        Fired f = d.due(now);
                        if (f != null) {
                            due.add(d);
                            what.add(f);
                            it.remove(); // one interrupt ends the exchange; its disarm finds it gone
                        } else if (d.nextCheck() - next < 0) {
                            next = d.nextCheck();
                        }
                    }
                    if (armed.isEmpty() && now - lastArmedAt > TimeUnit.MILLISECONDS.toNanos(IDLE_MS)) {
                        sleeping = true;
                        parkNanos = -1;
                    } else {
                        wakeAt = next;
                        parkNanos = next - now;
                    }
                }
                for (int i = 0; i < due.size(); i++) due.get(i).fire(what.get(i));
                due.clear();
                what.clear();
                // an unpark between the block above and here is kept as a permit: the park then returns at once
                if (parkNanos < 0) LockSupport.park(this);
                else LockSupport.parkNanos(this, parkNanos);
            }
        }
    }
}
