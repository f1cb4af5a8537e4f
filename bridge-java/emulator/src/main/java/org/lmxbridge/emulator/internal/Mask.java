package org.lmxbridge.emulator.internal;

/** Masks card numbers and phones for logs: all but the last 4 characters become '*'. */
public final class Mask {
    private Mask() {
    }

    public static String digits(String s) {
        if (s == null) {
            return "null";
        }
        int keep = Math.min(4, s.length());
        if (s.length() <= 4) {
            return "*".repeat(s.length());
        }
        return "*".repeat(s.length() - keep) + s.substring(s.length() - keep);
    }
}
