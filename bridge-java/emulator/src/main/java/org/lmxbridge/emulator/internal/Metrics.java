package org.lmxbridge.emulator.internal;

import java.util.Map;
import java.util.TreeMap;
import org.lmxbridge.emulator.MetricsSnapshot;

/** In-memory request metrics per register (not persisted). */
final class Metrics {

    private static final class Reg {
        long requests;
        final Map<String, Long> byCommand = new TreeMap<>();
        int maxConcurrent;
        int inFlight;
        long locked;
        long http500;
        long dropped;
        long replayed;
    }

    private final Map<String, Reg> regs = new TreeMap<>();

    private Reg reg(String key) {
        return regs.computeIfAbsent(key, k -> new Reg());
    }

    /** A request of the register starts; returns how many were in flight before it. */
    synchronized int enter(String key) {
        Reg r = reg(key);
        int before = r.inFlight;
        r.inFlight++;
        r.requests++;
        r.maxConcurrent = Math.max(r.maxConcurrent, r.inFlight);
        return before;
    }

    synchronized void exit(String key) {
        reg(key).inFlight--;
    }

    synchronized void command(String key, String command) {
        reg(key).byCommand.merge(command, 1L, Long::sum);
    }

    synchronized void locked(String key) {
        reg(key).locked++;
    }

    synchronized void http500(String key) {
        reg(key).http500++;
    }

    synchronized void dropped(String key) {
        reg(key).dropped++;
    }

    synchronized void replayed(String key) {
        reg(key).replayed++;
    }

    /** Clears the counters and maxima; requests in flight stay counted as in flight. */
    synchronized void reset() {
        for (Reg r : regs.values()) {
            r.requests = 0;
            r.byCommand.clear();
            r.maxConcurrent = r.inFlight;
            r.locked = 0;
            r.http500 = 0;
            r.dropped = 0;
            r.replayed = 0;
        }
    }

    synchronized MetricsSnapshot snapshot() {
        Map<String, MetricsSnapshot.Register> out = new TreeMap<>();
        regs.forEach((k, r) -> out.put(k, new MetricsSnapshot.Register(r.requests, Map.copyOf(r.byCommand),
                r.maxConcurrent, r.inFlight, r.locked, r.http500, r.dropped, r.replayed)));
        return new MetricsSnapshot(java.util.Collections.unmodifiableMap(out));
    }
}
