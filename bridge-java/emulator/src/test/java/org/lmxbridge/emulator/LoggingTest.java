package org.lmxbridge.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmxbridge.emulator.Lmx.*;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.lmxbridge.emulator.internal.Mask;
import org.slf4j.LoggerFactory;

/** Logs carry no card numbers, phones, PINs or holder names. */
class LoggingTest {

    private static final java.util.concurrent.atomic.AtomicInteger SEQ = new java.util.concurrent.atomic.AtomicInteger();

    /** Ids made of letters only, so that a digit secret can never appear in them by chance. */
    private static String ids() {
        StringBuilder sb = new StringBuilder("op");
        for (char c : Integer.toString(SEQ.incrementAndGet()).toCharArray()) {
            sb.append((char) ('a' + (c - '0')));
        }
        return sb.toString();
    }

    @Test
    void maskKeepsTheLastFourDigits() {
        assertEquals("***0003", Mask.digits("8690003"));
        assertEquals("****", Mask.digits("1234"));
    }

    @Test
    void nothingPersonalIsLogged() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        ch.qos.logback.classic.Level before = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try (Emulator emu = Emulator.start(EmulatorOptions.defaults())) {
            String chq = cheque(line(1, "1001", "89.90", "2", "179.80"));
            String p = ids();
            post(emu, payment(ids(), p, "10", idPin("8690011", "1234"), chq));
            post(emu, payment(ids(), ids(), "10", idPin("8690011", "9876"), chq));
            post(emu, balance(ids(), id("Phone", "79260000045")));
            post(emu, balance(ids(), card("8690037")));
            post(emu, discount(ids(), p, null, chq));
            post(emu, confirm(ids(), p));
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
        assertTrue(logs.list.size() > 5);
        for (ILoggingEvent e : logs.list) {
            String m = e.getFormattedMessage();
            for (String secret : new String[] {"8690011", "79260000045", "8690037", "1234", "9876", "Petrova",
                    "Kuznetsova", "Smirnov"}) {
                assertFalse(m.contains(secret), "log line leaks " + secret + ": " + m);
            }
        }
    }
}
