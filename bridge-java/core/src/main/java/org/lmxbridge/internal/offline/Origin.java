package org.lmxbridge.internal.offline;

import java.util.Locale;

/** Why an operation is in the queue (column {@code origin}, stored lower-case). */
public enum Origin {
    /**
     * Accepted without processing (unreachable, or behind earlier queued operations of its purchase):
     * the register was answered {@code queued}; a discount is replayed as an offline sale.
     */
    OFFLINE,
    /** A live request that left without an answer: re-sent unchanged, with the same OperationID. */
    AMBIGUOUS;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Origin parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return dbName();
    }
}
