package org.lmxbridge.internal.log;

import java.nio.file.Path;

/**
 * What the core asks of the logging backend behind SLF4J, found with {@link java.util.ServiceLoader}:
 * the CLI jar (which the native library and the host run) provides the Logback one
 * ({@code org.lmxbridge.cli.logging.LogbackBackend}). Without one (a Java program embedding the core
 * with its own backend) the run-time switches report that they are not available. Internal.
 */
public interface LogBackend {
    /** Sets a logger's level ({@code TRACE} … {@code OFF}); null: inherit its parent's. True when applied. */
    boolean setLevel(String logger, String level);

    /** The bridge's active log file, or null when it writes none. */
    Path logFile();

    /**
     * Starts the JSON lines of the operations ({@link OperationLog#JSON_LOGGER}, {@code operations.jsonl}
     * beside the log file, rolled as it is) unless they run already; true when they do.
     */
    default boolean startJsonOperations() {
        return false;
    }
}
