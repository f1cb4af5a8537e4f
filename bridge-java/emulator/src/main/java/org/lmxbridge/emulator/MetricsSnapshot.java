package org.lmxbridge.emulator;

import java.util.Map;

/**
 * Request metrics per register (key {@code "partner/login"}), as served by {@code GET /admin/metrics}.
 * Reset with {@code POST /admin/reset-metrics} or {@link Emulator#resetMetrics()}.
 */
public record MetricsSnapshot(Map<String, Register> registers) {

    /**
     * @param requests       requests received for this register (every request on its URL, incl. 401s)
     * @param byCommand      requests per command ({@code Balance}, {@code Payment}, …; {@code "unauthorized"}
     *                       for rejected credentials, {@code "invalid"} when the command could not be read)
     * @param maxConcurrent  the largest number of this register's requests in flight at the same time
     *                       (counted from routing until the answer starts, including injected latency)
     * @param inFlight       requests in flight now
     * @param locked         requests answered with the processing-lock error (237)
     * @param http500        requests answered HTTP 500 by the fault
     * @param dropped        connections dropped by the faults (before + after apply)
     * @param replayed       requests answered with a stored response (idempotent replay)
     */
    public record Register(long requests, Map<String, Long> byCommand, int maxConcurrent, int inFlight,
                           long locked, long http500, long dropped, long replayed) {
    }

    /** Metrics of one register; all zero when it received nothing. */
    public Register register(String partner, String login) {
        return registers.getOrDefault(partner + "/" + login, new Register(0, Map.of(), 0, 0, 0, 0, 0, 0));
    }
}
