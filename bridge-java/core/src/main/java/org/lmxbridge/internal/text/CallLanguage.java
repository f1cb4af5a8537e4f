package org.lmxbridge.internal.text;

import org.lmxbridge.Language;

/**
 * The language of the session whose call runs on this thread. Every session of one register shares
 * that register's lane, queue and transport (built with the configuration of the register's first
 * session), yet each session speaks its own configuration's "language": the session marks its call
 * here and the shared parts render their sentences with {@link #or}. Internal.
 */
public final class CallLanguage {
    private CallLanguage() {
    }

    private static final ThreadLocal<Language> CURRENT = new ThreadLocal<>();

    /** Marks a call in {@code language} on this thread; returns the mark it replaces (for {@link #end}). */
    public static Language begin(Language language) {
        Language previous = CURRENT.get();
        CURRENT.set(language);
        return previous;
    }

    /** Ends the call begun by {@link #begin}, restoring the outer call's mark. */
    public static void end(Language previous) {
        if (previous == null) CURRENT.remove();
        else CURRENT.set(previous);
    }

    /** The language of the call on this thread, else {@code fallback} (a background thread: the register's). */
    public static Language or(Language fallback) {
        Language l = CURRENT.get();
        return l != null ? l : fallback;
    }
}
