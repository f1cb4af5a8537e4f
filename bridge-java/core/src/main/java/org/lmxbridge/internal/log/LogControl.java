package org.lmxbridge.internal.log;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Run-time control of the bridge's log through the {@link LogBackend} of this process: the exchange
 * trace switch (the console's, and {@code "logLevel":"trace"} of a register opened after the log was
 * configured) and where the log file is (the console's log tail and recent operations). Internal.
 */
public final class LogControl {
    private LogControl() {
    }

    private static final class Holder {
        static final LogBackend BACKEND = load();

        private static LogBackend load() {
            try {
                Iterator<LogBackend> it = ServiceLoader.load(LogBackend.class, LogControl.class.getClassLoader()).iterator();
                return it.hasNext() ? it.next() : null;
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }
    }

    /** Switches the exchange trace on or off for this process; true when it is now as asked. */
    public static boolean exchangeTrace(boolean on) {
        LogBackend b = Holder.BACKEND;
        if (b == null) return ExchangeTrace.enabled() == on;
        b.setLevel(ExchangeTrace.LOGGER, on ? "TRACE" : null);
        // off while the bridge's whole log is at TRACE ("logLevel":"trace"): the exchange logger one step above
        if (!on && ExchangeTrace.enabled()) b.setLevel(ExchangeTrace.LOGGER, "DEBUG");
        return ExchangeTrace.enabled() == on;
    }

    /** True while exchanges are traced. */
    public static boolean exchangeTraceOn() {
        return ExchangeTrace.enabled();
    }

    /** True when this process's logging can be switched at run time. */
    public static boolean switchable() {
        return Holder.BACKEND != null;
    }

    /** Starts the operations' JSON lines ({@code "logFormat":"json"}); true when this process writes them. */
    public static boolean startJsonOperations() {
        LogBackend b = Holder.BACKEND;
        return b != null && b.startJsonOperations();
    }

    /** The active log file, or null. */
    public static Path logFile() {
        LogBackend b = Holder.BACKEND;
        return b == null ? null : b.logFile();
    }
}
