package org.lmxbridge.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import ch.qos.logback.core.util.FileSize;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The bridge's logging configuration, built in code and found by Logback through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}: no {@code logback.xml} is
 * parsed, so Joran (XML parsing, ~120 classes, ~0.1 s of an embedded register's first
 * {@code lmx_open}) is never loaded. The same configuration as the former {@code logback.xml}
 * (kept for reference in {@code docs/logback-reference.xml}):
 * <ul>
 * <li>{@code FILE}: {@code ${lmx.logdir}/loymax-bridge.log}, default {@code <the default data folder>/logs}
 *     (the CLI and the host set {@code lmx.logdir} to {@code <dataDir>/logs}, the native library to
 *     the {@code dataDir} of the configuration that starts its Java VM); rolled daily and at 10 MB into
 *     {@code loymax-bridge.%d{yyyy-MM-dd}.%i.log}, 30 days, 300 MB in all; UTF-8; readable by the
 *     data folder's group only ({@link RestrictedRollingFileAppender});
 *     {@code %d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %mmsg%n};</li>
 * <li>{@code STDERR}: {@code %-5level %mmsg%n} from level {@code ${lmx.consolelevel}} (default OFF);</li>
 * <li>{@code org.lmxbridge} at {@code ${lmx.loglevel}} (default INFO), root at WARN, both appenders on root;</li>
 * <li>{@code %mmsg} is {@link MaskingMessageConverter}.</li>
 * </ul>
 * Properties are read like Joran's {@code ${…}}: system property, then environment variable.
 * Logback's own status messages (e.g. "cannot create the log folder") are never printed: a register
 * program's stdout/stderr is not ours ({@link NopStatusListener}; they stay in the context's status
 * manager). With {@code -Dlogback.configurationFile=…} this configurator steps aside and Logback
 * reads that file as usual.
 */
public final class BridgeLogConfigurator extends ContextAwareBase implements Configurator {
    static final String FILE_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %mmsg%n";
    static final String CONSOLE_PATTERN = "%-5level %mmsg%n";

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ctx.getStatusManager().add(new NopStatusListener());
        registerMaskingConverter(ctx);

        String logDir = property("lmx.logdir", org.lmxbridge.BridgeConfig.defaultDataDir() + java.io.File.separator + "logs");

        RollingFileAppender<ILoggingEvent> file = rollingFile(ctx, "FILE", logDir, "loymax-bridge", "log");
        file.setEncoder(encoder(ctx, file, FILE_PATTERN));
        file.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(ctx);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setContext(ctx);
        threshold.setLevel(property("lmx.consolelevel", "OFF"));
        threshold.start();
        stderr.addFilter(threshold);
        stderr.setEncoder(encoder(ctx, stderr, CONSOLE_PATTERN));
        stderr.start();

        ctx.getLogger("org.lmxbridge").setLevel(Level.toLevel(property("lmx.loglevel", "INFO"), Level.INFO));
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(file);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * A file of the bridge's log folder with the text log's rolling: {@code NAME.EXT}, rolled daily and at
     * 10 MB into {@code NAME.yyyy-MM-dd.i.EXT}, 30 days, 300 MB in all, readable by the data folder's group only.
     * The caller sets the encoder and starts it.
     */
    static RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext ctx, String appenderName, String logDir, String name, String ext) {
        RollingFileAppender<ILoggingEvent> file = new RestrictedRollingFileAppender();
        file.setContext(ctx);
        file.setName(appenderName);
        file.setFile(logDir + "/" + name + "." + ext);
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(ctx);
        policy.setParent(file);
        policy.setFileNamePattern(logDir + "/" + name + ".%d{yyyy-MM-dd}.%i." + ext);
        policy.setMaxFileSize(FileSize.valueOf("10MB"));
        policy.setMaxHistory(30);
        policy.setTotalSizeCap(FileSize.valueOf("300MB"));
        policy.start();
        file.setRollingPolicy(policy);
        return file;
    }

    /** {@code <conversionRule conversionWord="mmsg" …/>}: the rule registry of the context, as Joran fills it. */
    @SuppressWarnings("unchecked")
    private static void registerMaskingConverter(LoggerContext ctx) {
        Map<String, Supplier<DynamicConverter<?>>> rules =
                (Map<String, Supplier<DynamicConverter<?>>>) ctx.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (rules == null) {
            rules = new HashMap<>();
            ctx.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        }
        rules.put("mmsg", MaskingMessageConverter::new);
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx, ch.qos.logback.core.spi.ContextAware parent, String pattern) {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(ctx);
        e.setParent(parent);
        e.setCharset(StandardCharsets.UTF_8);
        e.setPattern(pattern);
        e.start();
        return e;
    }

    private static String property(String key, String dflt) {
        String v = System.getProperty(key);
        if (v == null) v = System.getenv(key);
        return v == null ? dflt : v;
    }
}
