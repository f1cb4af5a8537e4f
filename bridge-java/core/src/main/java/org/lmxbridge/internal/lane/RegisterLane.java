package org.lmxbridge.internal.lane;

import java.util.PriorityQueue;
import org.lmxbridge.internal.text.Msg;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serial request lane of one register: one task in flight at a time, FIFO within a priority,
 * live requests before replayed ones (a live request overtakes the backlog between items, never
 * interrupts one). Loymax locks when one register sends concurrent requests, so every request of a
 * register — live or replayed, from any thread or handle of this process — goes through here.
 *
 * <p>A caller waits for its task to <em>start</em> until its deadline, and then is told BUSY (the
 * task is withdrawn, never run later); once started, the task runs to its end, bounded by the
 * transport's own timeouts.
 *
 * <p>The task runs on the caller's own thread once the lane is its turn (a fair lock with
 * priorities, not a worker thread): handing each request to a worker and its answer back cost two
 * thread wake-ups per call, measurable on a loaded 2-core register (docs/performance.md), and an
 * idle register then holds no thread at all.
 */
public final class RegisterLane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegisterLane.class);
    public static final int LIVE = 0;
    public static final int REPLAY = 1;

    private final String name;
    /** Callers waiting for their turn, best first; guarded by {@code this}. */
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>();
    private long seq;
    /** The thread whose task is in flight, or null; guarded by {@code this}. */
    private Thread owner;
    private boolean closed;

    public RegisterLane(String name) {
        this.name = name;
    }

    private static final class Waiter implements Comparable<Waiter> {
        final int priority;
        final long order;

        Waiter(int priority, long order) {
            this.priority = priority;
            this.order = order;
        }

        @Override
        public int compareTo(Waiter o) {
            return priority != o.priority ? Integer.compare(priority, o.priority) : Long.compare(order, o.order);
        }
    }

    /**
     * Runs {@code body} on the calling thread when it is the lane's turn, and returns its result.
     * @param startDeadlineMs how long to wait for the task to start
     * @throws LaneBusyException when it did not start in time (it will never run) or the lane closed
     * @throws ExecutionException wrapping what the body threw
     * @throws InterruptedException when the caller was interrupted while waiting (the task never runs)
     */
    public <T> T call(int priority, long startDeadlineMs, Callable<T> body)
            throws LaneBusyException, ExecutionException, InterruptedException {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (closed) throw new LaneBusyException(Msg.of("lane.closed"));
            if (owner == me) throw new IllegalStateException("a lane task must not wait for its own lane");
            Waiter w = new Waiter(priority, ++seq);
            waiters.add(w);
            long end = System.nanoTime() + startDeadlineMs * 1_000_000L;
            try {
                while (owner != null || waiters.peek() != w) {
                    if (closed) throw new LaneBusyException(Msg.of("lane.closed"));
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        throw new LaneBusyException(Msg.of("lane.busy", startDeadlineMs));
                    }
                    wait(Math.max(1, left / 1_000_000L));
                }
            } catch (LaneBusyException | InterruptedException | RuntimeException | Error e) {
                waiters.remove(w);
                notifyAll(); // the next in line may be free to start now
                throw e;
            }
            waiters.poll();
            owner = me;
        }
        try {
            return body.call();
        } catch (Throwable e) { // an Error inside one task fails that call; the lane goes on
            throw new ExecutionException(e);
        } finally {
            synchronized (this) {
                owner = null;
                if (!waiters.isEmpty()) notifyAll();
            }
        }
    }

    /** Requests waiting to start (not counting the one in flight). */
    public synchronized int waiting() {
        return waiters.size();
    }

    public synchronized boolean busy() {
        return owner != null;
    }

    public String name() {
        return name;
    }

    /** Closes the lane: waiting callers are told BUSY at once; a task in flight runs to its end. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        log.debug("lane {} closed", name);
    }
}
