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
 * @param lastContactMs when processing last answered (epoch ms), 0 = never since start
 * @param counters the call counters, or null when the register runs in another process (the console)
 */
public record RegisterState(String partner, String register, String shop, boolean online, long lastContactMs,
                            long[] items, BigDecimal[] amount, long oldestOpenAgeSeconds, RegisterMetrics counters) {
    /** The {@code state} label's values, always all present. */
    public static final java.util.List<String> STATES = java.util.List.of("queued", "sent", "retry", "dead", "discrepancy");
}
