package org.lmxbridge.internal.register;

/**
 * When the caller's current call started, on the caller's thread: the exchange with processing gets
 * what is left of connect + read timeout, so a call as a whole (its first-time class loading and
 * request mapping included; a wait for the register's lane excepted) returns within that bound.
 * Issue 11: calls overran the configured timeouts by ~1.25 s. Internal.
 */
public final class CallClock {
    private CallClock() {
    }

    private static final ThreadLocal<long[]> START = new ThreadLocal<>();

    /** Marks the start of a call on this thread (an outer call's start is kept); returns whether this call owns the mark. */
    public static boolean begin() {
        if (START.get() != null) return false;
        START.set(new long[] {System.nanoTime()});
        return true;
    }

    /** Ends the call begun by the owner of the mark. */
    public static void end(boolean owner) {
        if (owner) START.remove();
    }

    /** Milliseconds since the call on this thread began (0 when no call is marked). */
    static long elapsedMs() {
        long[] s = START.get();
        return s == null ? 0 : (System.nanoTime() - s[0]) / 1_000_000L;
    }
}
