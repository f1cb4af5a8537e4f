package org.lmxbridge.internal.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationResult;

/**
 * The counters of one register that only the calls themselves can know: operations by command and
 * outcome, the processing exchange and lane wait durations, replay results. Plain atomic counters
 * updated on the call path (a few additions per call, no allocation, no lock, nothing of the metrics
 * library): the in-process engine pays nothing else. Everything else the metrics show — online, last
 * contact, the queue — is read from the register's existing state at scrape time ({@link BridgeCollector}).
 * Internal.
 */
public final class RegisterMetrics {
    /** The {@code command} label's fixed vocabulary: the processing commands, and "other" for anything else. */
    public static final List<String> COMMANDS = List.of("balance", "calculate", "availableAmount", "pay", "discount", "confirm",
            "cancel", "refund", "other");
    private static final int OTHER = COMMANDS.size() - 1;

    /**
     * {@code lmx_bridge_processing_request_duration_seconds} bounds: Loymax answers in tens to hundreds of
     * ms; above 5 s (+Inf) is a processing in trouble or a timeout. Few buckets: each is a series of every
     * register (the budget, docs/metrics.md).
     */
    static final double[] PROCESSING_BOUNDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    /** {@code lmx_bridge_lane_wait_seconds} bounds: a free lane, one request ahead, a backlog, close to BUSY. */
    static final double[] LANE_BOUNDS = {0.01, 0.1, 1, 5};

    /** The {@code result} label of {@code lmx_bridge_replayed_total}. */
    public enum Replayed {
        DONE, DISCREPANCY, DEAD;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final AtomicLongArray operations = new AtomicLongArray(COMMANDS.size() * Outcome.values().length);
    private final Buckets processing = new Buckets(PROCESSING_BOUNDS);
    private final Buckets laneWait = new Buckets(LANE_BOUNDS);
    private final AtomicLongArray replayed = new AtomicLongArray(Replayed.values().length);

    /** A finished call of a processing command. */
    public void operation(Command command, OperationResult r) {
        operation(command, Outcome.of(r));
    }

    /** A call; {@code command} null or not a processing command counts as "other". */
    public void operation(Command command, Outcome outcome) {
        operations.incrementAndGet(commandIndex(command) * Outcome.values().length + outcome.ordinal());
    }

    private static int commandIndex(Command c) {
        if (c == null || !c.isProcessing()) return OTHER;
        int i = COMMANDS.indexOf(c.jsonName());
        return i < 0 ? OTHER : i;
    }

    /** Calls so far of a command (index in {@link #COMMANDS}) with an outcome. */
    public long operations(int command, Outcome outcome) {
        return operations.get(command * Outcome.values().length + outcome.ordinal());
    }

    /** One HTTP exchange with processing (live or replay), however it ended. */
    public void exchangeNanos(long nanos) {
        processing.observeNanos(nanos);
    }

    /** How long a request waited for the register's lane (also when it gave up: BUSY). */
    public void laneWaitNanos(long nanos) {
        laneWait.observeNanos(nanos);
    }

    public void replayed(Replayed result) {
        replayed.incrementAndGet(result.ordinal());
    }

    public long replayedCount(Replayed result) {
        return replayed.get(result.ordinal());
    }

    public Buckets processing() {
        return processing;
    }

    public Buckets laneWait() {
        return laneWait;
    }
}
