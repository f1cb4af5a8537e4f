package org.lmxbridge.internal.offline;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The state of one operation (pay, discount, confirm, cancel, refund) of a purchase in the purchase
 * journal (table {@code journal}, column {@code state}, stored lower-case). {@link PurchaseJournal}
 * moves it only along {@link #next()}; anything else is a bug and is refused.
 */
public enum OperationState {
    /** Written before the request leaves; no answer recorded yet (after a crash: as UNKNOWN). */
    PENDING,
    /** The request left and no usable answer came: it may have been applied. */
    UNKNOWN,
    /** Pay only: processing applied it (learnt by re-sending its OperationID) but the register was not told. */
    APPLIED_UNTOLD,
    /** Applied, and the register was told (the answer is recorded). */
    DONE,
    /** Applied by processing unlike what the register was told (replay); recorded with the difference. */
    DISCREPANCY,
    /** Refused by processing, or not sent: nothing applied; a new call is a new operation. */
    FAILED,
    /** In the offline queue (the journal entry points at the item). */
    QUEUED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OperationState parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** May processing have applied it (so only a Cancel can undo it)? */
    public boolean mayBeApplied() {
        return this == PENDING || this == UNKNOWN || this == APPLIED_UNTOLD || this == DONE || this == DISCREPANCY;
    }

    /** The register does not know the outcome yet. */
    public boolean unresolved() {
        return this == PENDING || this == UNKNOWN;
    }

    /** The states this one may move to. */
    public Set<OperationState> next() {
        return switch (this) {
            case PENDING, UNKNOWN -> EnumSet.of(PENDING, UNKNOWN, APPLIED_UNTOLD, DONE, FAILED, QUEUED);
            case APPLIED_UNTOLD -> EnumSet.of(DONE);
            case QUEUED -> EnumSet.of(QUEUED, DONE, DISCREPANCY, FAILED);
            case FAILED -> EnumSet.of(PENDING, QUEUED, FAILED, DONE);
            case DONE, DISCREPANCY -> EnumSet.noneOf(OperationState.class);
        };
    }

    @Override
    public String toString() {
        return dbName();
    }
}
