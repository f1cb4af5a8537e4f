package org.lmxbridge.internal.metrics;

import java.math.BigDecimal;

/**
 * What the metrics show of one register at a scrape, read from the register's existing state (no
 * query beyond what {@code status} does): its labels, link, last contact, queue figures by state and
 * — where the register runs in this process — its call counters. Internal.
 *
 * @param items  items per state, in the order of {@link #STATES}; null when the queue could not be read
 * @param amount their amounts in rubles, same order
 * @param oldestOpenAgeSeconds age of the oldest queued/sent/retry item, 0 when none
 * @param online null when not known (nobody runs the register: the console reads its queue file)
 * @param lastContactMs when processing last answered (epoch ms), 0 = never since start
 * @param counters the call counters, or null when the register runs in another process (the console)
 */
public record RegisterState(String partner, String register, String shop, Boolean online, long lastContactMs,
                            long[] items, BigDecimal[] amount, long oldestOpenAgeSeconds, RegisterMetrics counters) {
    /** The {@code state} label's values, always all present: the states whose figures the queue keeps, in its order. */
    public static final java.util.List<String> STATES = org.lmxbridge.internal.offline.QueueStore.KEPT.stream()
            .map(org.lmxbridge.internal.offline.ItemState::dbName).toList();

    /**
     * The register as its {@code status} answer shows it (the console, whose register runs in another
     * process or in none): no call counters; the link only when a process runs the register.
     */
    public static RegisterState fromStatus(org.lmxbridge.BridgeConfig cfg, com.fasterxml.jackson.databind.JsonNode status) {
        Boolean online = status.path("online").isBoolean() ? status.get("online").asBoolean() : null;
        long contact = 0;
        if (status.path("lastContact").isTextual()) {
            try {
                contact = java.time.Instant.parse(status.get("lastContact").asText()).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                // shown as never
            }
        }
        long[] items = null;
        BigDecimal[] amount = null;
        com.fasterxml.jackson.databind.JsonNode qs = status.path("queueStates");
        if (status.path("ok").asBoolean(false) && qs.isObject()) {
            items = new long[STATES.size()];
            amount = new BigDecimal[STATES.size()];
            for (int i = 0; i < items.length; i++) {
                com.fasterxml.jackson.databind.JsonNode one = qs.path(STATES.get(i));
                items[i] = one.path("items").asLong(0);
                amount[i] = new BigDecimal(one.path("amount").asText("0"));
            }
        }
        return new RegisterState(cfg.partner(), cfg.register(), cfg.shop(), online, contact, items, amount,
                status.path("oldestQueuedAgeSeconds").asLong(0), null);
    }
}
