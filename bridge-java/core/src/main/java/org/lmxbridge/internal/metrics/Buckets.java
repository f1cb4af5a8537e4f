package org.lmxbridge.internal.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A duration histogram with fixed upper bounds (seconds), kept as plain counters: an observation is
 * two atomic additions, and nothing of the metrics library is loaded until something reads it at
 * scrape time ({@link BridgeCollector}). Internal.
 */
public final class Buckets {
    private final double[] bounds;
    /** Observations per bucket, not cumulative; the last one is above the highest bound (+Inf). */
    private final AtomicLongArray counts;
    private final AtomicLong sumNanos = new AtomicLong();

    public Buckets(double... bounds) {
        this.bounds = bounds.clone();
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    public void observeNanos(long nanos) {
        long n = Math.max(0, nanos);
        double seconds = n / 1e9;
        int i = 0;
        while (i < bounds.length && seconds > bounds[i]) i++;
        counts.incrementAndGet(i);
        sumNanos.addAndGet(n);
    }

    /** The upper bounds, without +Inf. */
    public double[] bounds() {
        return bounds.clone();
    }

    /** Observations per bucket (not cumulative), the last one above the highest bound. */
    public long[] counts() {
        long[] c = new long[counts.length()];
        for (int i = 0; i < c.length; i++) c[i] = counts.get(i);
        return c;
    }

    public double sumSeconds() {
        return sumNanos.get() / 1e9;
    }
}
