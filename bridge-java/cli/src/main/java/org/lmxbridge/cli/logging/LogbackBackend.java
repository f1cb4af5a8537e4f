package org.lmxbridge.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.Iterator;
import org.lmxbridge.internal.log.LogBackend;
import org.slf4j.LoggerFactory;

/** The core's view of Logback (found through {@code META-INF/services/org.lmxbridge.internal.log.LogBackend}). */
public final class LogbackBackend implements LogBackend {
    private static LoggerContext context() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext c ? c : null;
    }

    @Override
    public boolean setLevel(String logger, String level) {
        LoggerContext c = context();
        if (c == null) return false;
        c.getLogger(logger).setLevel(level == null ? null : Level.toLevel(level, null));
        return true;
    }

    /**
     * {@code operations.jsonl} beside the log file, rolled as it is; the JSON logger writes there only (not
     * into the text log, whose own line of each operation stays).
     */
    @Override
    public synchronized boolean startJsonOperations() {
        LoggerContext c = context();
        Path log = logFile();
        if (c == null || log == null) return false;
        Logger json = c.getLogger(org.lmxbridge.internal.log.OperationLog.JSON_LOGGER);
        if (json.getAppender("OPS_JSON") != null) return true;
        ch.qos.logback.core.rolling.RollingFileAppender<ch.qos.logback.classic.spi.ILoggingEvent> f =
                BridgeLogConfigurator.rollingFile(c, "OPS_JSON", log.toAbsolutePath().getParent().toString(), "operations", "jsonl");
        OperationJsonEncoder e = new OperationJsonEncoder();
        e.setContext(c);
        e.start();
        f.setEncoder(e);
        f.start();
        if (!f.isStarted()) return false;
        json.setAdditive(false);
        json.setLevel(Level.INFO);
        json.addAppender(f);
        return true;
    }

    @Override
    public Path logFile() {
        LoggerContext c = context();
        if (c == null) return null;
        Logger root = c.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<?> a = it.next();
            if (a instanceof FileAppender<?> f && f.getFile() != null) return Path.of(f.getFile());
        }
        return null;
    }
}
