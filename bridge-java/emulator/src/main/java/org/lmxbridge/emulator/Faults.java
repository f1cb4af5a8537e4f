package org.lmxbridge.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fault-injection switches of a running emulator; thread-safe and changeable at run time (from Java via
 * {@link Emulator#faults()} or over HTTP via {@code /admin/faults}).
 *
 * <ul>
 *   <li>{@code latencyMs} – every matching request waits this long before it is handled;</li>
 *   <li>{@code http500} – the next N matching requests are answered HTTP 500 (-1: all of them);</li>
 *   <li>{@code http401} – the next N matching requests are answered HTTP 401, as if the register's
 *       credentials were refused (-1: all of them); nothing is applied;</li>
 *   <li>{@code dropBeforeApply} – the next N matching requests get their connection closed without any
 *       answer and without being applied (-1: all);</li>
 *   <li>{@code dropAfterApply} – the next N matching requests are applied, then the connection is closed
 *       in the middle of the answer (the ambiguous case; -1: all);</li>
 *   <li>{@code lock} – every matching request is answered with the processing-lock error (237);</li>
 *   <li>{@code lockOnConcurrent} (default on) – a request arriving while another one of the same
 *       register is in flight gets the processing-lock error;</li>
 *   <li>{@code command} – when set (e.g. {@code "Payment"}), the faults above except
 *       {@code lockOnConcurrent} only affect requests of that command;</li>
 *   <li>{@code duplicateOperationIds} – {@link DuplicateOperationIds} mode.</li>
 * </ul>
 * Setters return {@code this} so they can be chained. Every method synchronises on this object, so a
 * caller can group several calls in a {@code synchronized (faults)} block to make them atomic.
 */
public final class Faults {
    private int latencyMs;
    private int http500;
    private int http401;
    private int dropBeforeApply;
    private int dropAfterApply;
    private boolean lock;
    private boolean lockOnConcurrent = true;
    private String command;
    private DuplicateOperationIds duplicateOperationIds = DuplicateOperationIds.REPLAY;

    public Faults() {
    }

    /** A copy of the given settings. */
    public Faults(Faults other) {
        copyFrom(other);
    }

    public synchronized int latencyMs() {
        return latencyMs;
    }

    public synchronized Faults latencyMs(int ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("latencyMs must be >= 0");
        }
        this.latencyMs = ms;
        return this;
    }

    public synchronized int http500() {
        return http500;
    }

    public synchronized Faults http500(int count) {
        this.http500 = checkCount("http500", count);
        return this;
    }

    public synchronized int http401() {
        return http401;
    }

    public synchronized Faults http401(int count) {
        this.http401 = checkCount("http401", count);
        return this;
    }

    public synchronized int dropBeforeApply() {
        return dropBeforeApply;
    }

    public synchronized Faults dropBeforeApply(int count) {
        this.dropBeforeApply = checkCount("dropBeforeApply", count);
        return this;
    }

    public synchronized int dropAfterApply() {
        return dropAfterApply;
    }

    public synchronized Faults dropAfterApply(int count) {
        this.dropAfterApply = checkCount("dropAfterApply", count);
        return this;
    }

    public synchronized boolean lock() {
        return lock;
    }

    public synchronized Faults lock(boolean on) {
        this.lock = on;
        return this;
    }

    public synchronized boolean lockOnConcurrent() {
        return lockOnConcurrent;
    }

    public synchronized Faults lockOnConcurrent(boolean on) {
        this.lockOnConcurrent = on;
        return this;
    }

    /** The command the faults are scoped to (protocol name without "Request", e.g. "Payment"), or null. */
    public synchronized String command() {
        return command;
    }

    public synchronized Faults command(String commandOrNull) {
        this.command = commandOrNull == null || commandOrNull.isBlank() ? null : commandOrNull.trim();
        return this;
    }

    public synchronized DuplicateOperationIds duplicateOperationIds() {
        return duplicateOperationIds;
    }

    public synchronized Faults duplicateOperationIds(DuplicateOperationIds mode) {
        if (mode == null) {
            throw new IllegalArgumentException("duplicateOperationIds must not be null");
        }
        this.duplicateOperationIds = mode;
        return this;
    }

    /** Switches every fault off (latency 0, counters 0, no lock, no scope); keeps {@code lockOnConcurrent}
     *  and {@code duplicateOperationIds}. */
    public synchronized Faults clear() {
        latencyMs = 0;
        http500 = 0;
        http401 = 0;
        dropBeforeApply = 0;
        dropAfterApply = 0;
        lock = false;
        command = null;
        return this;
    }

    /** Copies every setting of {@code other} into this object. */
    public Faults copyFrom(Faults other) {
        Map<String, Object> m = other.toMap();
        synchronized (this) {
            latencyMs = (Integer) m.get("latencyMs");
            http500 = (Integer) m.get("http500");
            http401 = (Integer) m.get("http401");
            dropBeforeApply = (Integer) m.get("dropBeforeApply");
            dropAfterApply = (Integer) m.get("dropAfterApply");
            lock = (Boolean) m.get("lock");
            lockOnConcurrent = (Boolean) m.get("lockOnConcurrent");
            command = (String) m.get("command");
            duplicateOperationIds = DuplicateOperationIds.parse((String) m.get("duplicateOperationIds"));
        }
        return this;
    }

    /** The settings as the JSON object of {@code GET /admin/faults}. */
    public synchronized Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latencyMs", latencyMs);
        m.put("http500", http500);
        m.put("http401", http401);
        m.put("dropBeforeApply", dropBeforeApply);
        m.put("dropAfterApply", dropAfterApply);
        m.put("lock", lock);
        m.put("lockOnConcurrent", lockOnConcurrent);
        m.put("command", command);
        m.put("duplicateOperationIds", duplicateOperationIds.jsonName());
        return m;
    }

    /**
     * Applies the keys present in {@code changes} (the JSON body of {@code POST /admin/faults});
     * {@code "clear": true} first switches every fault off. Unknown keys or wrong types are rejected
     * with {@link IllegalArgumentException} and nothing is changed.
     */
    public synchronized Faults apply(Map<String, ?> changes) {
        Faults next = new Faults(this);
        if (Boolean.TRUE.equals(changes.get("clear"))) {
            next.clear();
        }
        for (Map.Entry<String, ?> e : changes.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "clear": break;
                case "latencyMs": next.latencyMs(intValue(e.getKey(), v)); break;
                case "http500": next.http500(intValue(e.getKey(), v)); break;
                case "http401": next.http401(intValue(e.getKey(), v)); break;
                case "dropBeforeApply": next.dropBeforeApply(intValue(e.getKey(), v)); break;
                case "dropAfterApply": next.dropAfterApply(intValue(e.getKey(), v)); break;
                case "lock": next.lock(boolValue(e.getKey(), v)); break;
                case "lockOnConcurrent": next.lockOnConcurrent(boolValue(e.getKey(), v)); break;
                case "command":
                    if (v != null && !(v instanceof String)) {
                        throw new IllegalArgumentException("command must be a string or null");
                    }
                    next.command((String) v);
                    break;
                case "duplicateOperationIds":
                    next.duplicateOperationIds(DuplicateOperationIds.parse(v == null ? null : v.toString()));
                    break;
                default:
                    throw new IllegalArgumentException("unknown fault setting: " + e.getKey());
            }
        }
        return copyFrom(next);
    }

    @Override
    public synchronized String toString() {
        return "Faults" + toMap();
    }

    private static int checkCount(String name, int count) {
        if (count < -1) {
            throw new IllegalArgumentException(name + " must be -1 (always), 0 (off) or a positive count");
        }
        return count;
    }

    private static int intValue(String key, Object v) {
        if (v instanceof Number && ((Number) v).doubleValue() == ((Number) v).intValue()) {
            return ((Number) v).intValue();
        }
        throw new IllegalArgumentException(key + " must be an integer");
    }

    private static boolean boolValue(String key, Object v) {
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new IllegalArgumentException(key + " must be true or false");
    }
}
