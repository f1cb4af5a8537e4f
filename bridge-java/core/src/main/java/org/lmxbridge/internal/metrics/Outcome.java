package org.lmxbridge.internal.metrics;

import org.lmxbridge.Status;
import org.lmxbridge.model.OperationResult;

/**
 * How a call of the register ended (docs/metrics.md): {@link #OK}, {@link #QUEUED} and {@link #DECLINED}
 * are the {@code outcome} label of {@code lmx_bridge_operations_total} (by command); {@link #FAILED} and
 * {@link #INVALID} are the {@code kind} label of {@code lmx_bridge_errors_total}, without the command — so
 * the series of a register are bounded by the vocabulary, whatever happens (the budget). Internal.
 */
public enum Outcome {
    /** Processing answered it (or the bridge answered it itself, e.g. an offline calculate). */
    OK("ok"),
    /** Written to the offline queue: forwarded later. */
    QUEUED("queued"),
    /** Processing answered with an error (status 200–299). */
    DECLINED("declined"),
    /** Transport, timeout, offline refusal, storage, busy lane, anything else. */
    FAILED("failed"),
    /** Rejected before anything was sent: the request itself is wrong (400–499, 105, 106). */
    INVALID("invalid");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** True for the errors of the bridge or of the request: counted by kind, not by command. */
    public boolean isError() {
        return this == FAILED || this == INVALID;
    }

    /** The outcome of a finished call. */
    public static Outcome of(OperationResult r) {
        if (r.ok()) return r.queued() ? QUEUED : OK;
        return ofStatus(r.status());
    }

    /** The outcome of a failure with this status. */
    public static Outcome ofStatus(int status) {
        if (status >= 200 && status < 300) return DECLINED;
        if (status >= 400 && status < 500 || status == Status.REQUEST_MISMATCH || status == Status.PAYMENT_UNRESOLVED) return INVALID;
        return FAILED;
    }
}
