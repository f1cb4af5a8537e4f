package org.lmxbridge.internal.lane;

import org.lmxbridge.internal.text.Msg;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 */
public final class RegisterLane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegisterLane.class);
    public static final int LIVE = 0;
    public static final int REPLAY = 1;

    private final String name;
    private final PriorityBlockingQueue<Task<?>> queue = new PriorityBlockingQueue<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread worker;
    private volatile boolean closed;

    public RegisterLane(String name) {
        this.name = name;
        this.worker = new Thread(this::run, "loymax-lane-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    private static final class Task<T> implements Comparable<Task<?>> {
        final int priority;
        final long order;
        final Callable<T> body;
        final CompletableFuture<T> done = new CompletableFuture<>();
        final AtomicBoolean claimed = new AtomicBoolean();

        Task(int priority, long order, Callable<T> body) {
            this.priority = priority;
            this.order = order;
            this.body = body;
        }

        @Override
        public int compareTo(Task<?> o) {
            return priority != o.priority ? Integer.compare(priority, o.priority) : Long.compare(order, o.order);
        }
    }

    private void run() {
        while (!closed) {
            Task<?> t;
            try {
                t = queue.take(); // an idle register's lane sleeps; close() interrupts it
            } catch (InterruptedException e) {
                continue; // the loop condition decides, then the tasks left are failed below
            }
            execute(t);
        }
        // fail whatever is left so no caller waits forever
        Task<?> t;
        while ((t = queue.poll()) != null) {
            t.done.completeExceptionally(new LaneBusyException(Msg.of("lane.closed")));
        }
    }

    private <T> void execute(Task<T> t) {
        if (!t.claimed.compareAndSet(false, true)) return; // the caller gave up before it started
        inFlight.incrementAndGet();
        try {
            t.done.complete(t.body.call());
        } catch (Throwable e) { // an Error inside one task must not kill the lane
            t.done.completeExceptionally(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Runs {@code body} on the lane and waits for its result.
     * @param startDeadlineMs how long to wait for the task to start
     * @throws LaneBusyException when it did not start in time (it will never run)
     * @throws ExecutionException wrapping what the body threw
     */
    public <T> T call(int priority, long startDeadlineMs, Callable<T> body)
            throws LaneBusyException, ExecutionException, InterruptedException {
        if (closed) throw new LaneBusyException(Msg.of("lane.closed"));
        if (Thread.currentThread() == worker) {
            throw new IllegalStateException("a lane task must not wait for its own lane");
        }
        Task<T> t = new Task<>(priority, seq.incrementAndGet(), body);
        queue.add(t);
        try {
            return t.done.get(startDeadlineMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (t.claimed.compareAndSet(false, true)) {
                queue.remove(t);
                throw new LaneBusyException(Msg.of("lane.busy", startDeadlineMs));
            }
            return t.done.get(); // it started: its own timeouts bound it
        } catch (InterruptedException e) {
            if (t.claimed.compareAndSet(false, true)) queue.remove(t);
            throw e;
        }
    }

    /** Requests waiting to start (not counting the one in flight). */
    public int waiting() {
        return queue.size();
    }

    public boolean busy() {
        return inFlight.get() > 0;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        log.debug("lane {} closed", name);
    }
}
