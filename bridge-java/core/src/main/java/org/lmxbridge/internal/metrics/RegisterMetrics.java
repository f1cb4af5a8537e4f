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
    /** The {@code command} label's fixed vocabulary: the processing commands. */
    public static final List<String> COMMANDS = List.of("balance", "calculate", "availableAmount", "pay", "discount", "confirm",
            "cancel", "refund");
    /** The {@code outcome} label of the operations, by command. */
    public static final List<Outcome> OUTCOMES = List.of(Outcome.OK, Outcome.QUEUED, Outcome.DECLINED);
    /** The {@code kind} label of the errors, without the command. */
    public static final List<Outcome> ERROR_KINDS = List.of(Outcome.FAILED, Outcome.INVALID);

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

    private final AtomicLongArray operations = new AtomicLongArray(COMMANDS.size() * OUTCOMES.size());
    private final AtomicLongArray errors = new AtomicLongArray(ERROR_KINDS.size());
    private final Buckets processing = new Buckets(PROCESSING_BOUNDS);
    private final Buckets laneWait = new Buckets(LANE_BOUNDS);
    private final AtomicLongArray replayed = new AtomicLongArray(Replayed.values().length);

    /** A finished call of a processing command. */
    public void operation(Command command, OperationResult r) {
        operation(command, Outcome.of(r));
    }

    /**
     * A call: an error ({@link Outcome#isError()}) counts by its kind whatever the command (also an unknown
     * command, null); any other outcome by command, when it is a processing command.
     */
    public void operation(Command command, Outcome outcome) {
        if (outcome.isError()) {
            errors.incrementAndGet(ERROR_KINDS.indexOf(outcome));
            return;
        }
        int i = command == null || !command.isProcessing() ? -1 : COMMANDS.indexOf(command.jsonName());
        if (i >= 0) operations.incrementAndGet(i * OUTCOMES.size() + OUTCOMES.indexOf(outcome));
    }

    /** Calls so far of a command (index in {@link #COMMANDS}) with an outcome of {@link #OUTCOMES}. */
    public long operations(int command, Outcome outcome) {
        return operations.get(command * OUTCOMES.size() + OUTCOMES.indexOf(outcome));
    }

    /** Calls so far that ended in an error of this kind ({@link #ERROR_KINDS}). */
    public long errors(Outcome kind) {
        return errors.get(ERROR_KINDS.indexOf(kind));
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
