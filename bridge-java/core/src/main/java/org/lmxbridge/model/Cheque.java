package org.lmxbridge.model;

import java.time.LocalDateTime;
import java.util.List;

/** A cheque: number, the register's local wall-clock date (no offset) and its lines. */
public record Cheque(String number, LocalDateTime date, List<ChequeLine> lines) {
    public Cheque {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
