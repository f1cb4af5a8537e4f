package org.lmxbridge.internal.offline;

import java.util.Locale;

/**
 * The life of one queued operation (table {@code queue_item}, column {@code state}, stored as the
 * lower-case name): {@code queued → sent → done | retry | dead | discrepancy}, plus the ends a cancel
 * ({@code neutralised}) or a person ({@code discarded}) decides.
 */
public enum ItemState {
    /** Stored, waiting for its turn. */
    QUEUED,
    /** Being forwarded right now (the request may be on its way). */
    SENT,
    /** Processing applied it as the register was told. */
    DONE,
    /** A transient failure; forwarded again after a backoff with the same OperationID. */
    RETRY,
    /** Processing rejected it (or an earlier operation of its purchase); a person decides. */
    DEAD,
    /** Cancelled by the register before it could have reached processing: never sent. */
    NEUTRALISED,
    /** Closed by a person (reason logged): a dead letter given up, or a discrepancy acknowledged. */
    DISCARDED,
    /** Processing applied it differently from what the register was told; a person checks it. */
    DISCREPANCY;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ItemState parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** Still to be forwarded (counts in {@code queueLength}). */
    public boolean open() {
        return this == QUEUED || this == SENT || this == RETRY;
    }

    /** Waiting for a person: listed by {@code queue list} with the open items. */
    public boolean needsAPerson() {
        return this == DEAD || this == DISCREPANCY;
    }

    @Override
    public String toString() {
        return dbName();
    }
}
