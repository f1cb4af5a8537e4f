package org.lmxbridge.cli.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.StatusPrinter2;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The programmatic logging configuration: the same appenders and levels as the former logback.xml, and no XML. */
class BridgeLogConfiguratorTest {
    @TempDir
    Path dir;

    private LoggerContext configure(String logDir, String level, String console) {
        String[][] props = {{"lmx.logdir", logDir}, {"lmx.loglevel", level}, {"lmx.consolelevel", console}};
        String[] old = new String[props.length];
        for (int i = 0; i < props.length; i++) {
            old[i] = System.getProperty(props[i][0]);
            if (props[i][1] == null) System.clearProperty(props[i][0]);
            else System.setProperty(props[i][0], props[i][1]);
        }
        try {
            LoggerContext ctx = new LoggerContext();
            ctx.setMDCAdapter(new LogbackMDCAdapter()); // what Logback's SLF4J provider does for its own context
            BridgeLogConfigurator c = new BridgeLogConfigurator();
            c.setContext(ctx);
            assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, c.configure(ctx));
            return ctx;
        } finally {
            for (int i = 0; i < props.length; i++) {
                if (old[i] == null) System.clearProperty(props[i][0]);
                else System.setProperty(props[i][0], old[i]);
            }
        }
    }

    @Test
    void registeredAsServiceAndNoXmlInTheJar() {
        boolean found = false;
        for (Configurator c : ServiceLoader.load(Configurator.class)) found |= c instanceof BridgeLogConfigurator;
        assertTrue(found, "META-INF/services/ch.qos.logback.classic.spi.Configurator names BridgeLogConfigurator");
        assertNull(getClass().getClassLoader().getResource("logback.xml"), "no logback.xml: Joran is never loaded");
    }

    @Test
    void rollingFileWithMaskingAndLevels() throws Exception {
        Path logs = dir.resolve("logs");
        LoggerContext ctx = configure(logs.toString(), null, null);
        ctx.getLogger("org.lmxbridge.x").info("card 4276 1234 5678 9012 used");
        ctx.getLogger("org.lmxbridge.internal.offline.OfflineEngine").info("abbreviated");
        ctx.getLogger("org.lmxbridge.x").debug("debug is off by default");
        ctx.getLogger("com.example").info("root is at WARN");
        ctx.getLogger("com.example").warn("a library warning");
        assertEquals(Level.INFO, ctx.getLogger("org.lmxbridge").getLevel());
        assertEquals(Level.WARN, ctx.getLogger("ROOT").getLevel());
        RollingFileAppender<?> file = (RollingFileAppender<?>) ctx.getLogger("ROOT").getAppender("FILE");
        SizeAndTimeBasedRollingPolicy<?> p = (SizeAndTimeBasedRollingPolicy<?>) file.getRollingPolicy();
        assertEquals(logs + "/loymax-bridge.%d{yyyy-MM-dd}.%i.log", p.getFileNamePattern());
        assertEquals(30, p.getMaxHistory());
        assertTrue(ctx.getLogger("ROOT").getAppender("STDERR") != null);
        int worst = ctx.getStatusManager().getCopyOfStatusList().stream().mapToInt(Status::getLevel).max().orElse(0);
        ctx.stop();
        String log = Files.readString(logs.resolve("loymax-bridge.log"), StandardCharsets.UTF_8);
        assertTrue(log.matches("(?s)\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[[^]]+\\] org\\.lmxbridge\\.x - card \\*\\*\\*9012 used\n.*"), log);
        assertFalse(log.contains("1234"), log);
        assertTrue(log.contains("] o.l.i.o.OfflineEngine - abbreviated"), "%logger{20}: " + log);
        assertFalse(log.contains("debug is off"), log);
        assertFalse(log.contains("root is at WARN"), log);
        assertTrue(log.contains("WARN  [") && log.contains("] com.example - a library warning"), log);
        assertTrue(worst < Status.WARN, "the configuration itself raised no warning or error");
    }

    @Test
    void levelsFromPropertiesAndConsoleThreshold() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            LoggerContext ctx = configure(dir.resolve("l2").toString(), "DEBUG", "INFO");
            ctx.getLogger("org.lmxbridge.y").debug("to the file only");
            ctx.getLogger("org.lmxbridge.y").info("phone +7 926 000 00 01 on stderr");
            ctx.stop();
        } finally {
            System.setErr(old);
        }
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals("INFO  phone ***0001 on stderr\n", e.replace("\r\n", "\n"));
    }

    @Test
    void anUnwritableLogFolderStaysSilent() throws Exception {
        Path blocker = dir.resolve("file-not-folder");
        Files.writeString(blocker, "x");
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            LoggerContext ctx = configure(blocker.resolve("logs").toString(), null, null);
            ctx.getLogger("org.lmxbridge.z").warn("nowhere to go");
            // what Logback's provider does after configuration: print only when no status listener is installed
            if (ctx.getStatusManager().getCopyOfStatusListenerList().isEmpty()) new StatusPrinter2().printInCaseOfErrorsOrWarnings(ctx);
            ctx.stop();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertEquals("", buf.toString(StandardCharsets.UTF_8), "a register program's stdout/stderr is not ours");
    }
}
