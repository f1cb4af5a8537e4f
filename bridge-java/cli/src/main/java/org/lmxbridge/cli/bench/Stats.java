package org.lmxbridge.cli.bench;

import java.util.Arrays;

/** Latencies of one benchmark series: p50, p99 and the rate (operations per second of the series' own time). */
record Stats(double p50us, double p99us, double maxUs, double perSecond) {
    static Stats of(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        double total = Arrays.stream(s).sum() / 1e9;
        return new Stats(s[s.length / 2] / 1e3, s[(int) (s.length * 0.99)] / 1e3, s[s.length - 1] / 1e3, s.length / total);
    }
}
