package org.lmxbridge.emulator;

import java.util.Locale;

/**
 * How the emulator answers a request whose {@code OperationID} it has already processed
 * (see {@code docs/wire-format.md}, "Idempotency").
 */
public enum DuplicateOperationIds {
    /** Same OperationID + command + purchase + register: the original response, byte for byte; otherwise 207. */
    REPLAY,
    /** Every repeated OperationID is answered with NotUniqueOperationID (207). */
    ERROR;

    /** The seed / admin JSON spelling: {@code "replay"} or {@code "error"}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code "replay"} / {@code "error"} (case-insensitive). */
    public static DuplicateOperationIds parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("duplicateOperationIds must be \"replay\" or \"error\"");
        }
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "replay": return REPLAY;
            case "error": return ERROR;
            default: throw new IllegalArgumentException(
                    "duplicateOperationIds must be \"replay\" or \"error\", not \"" + s + "\"");
        }
    }
}
