package org.lmxbridge.internal.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lmxbridge.CommandSession;
import org.lmxbridge.testing.StubProcessing;
import org.slf4j.LoggerFactory;

/**
 * Sessions of one register in a process share the register opened by the first one, with its settings:
 * a later session that gives other settings (a changed password, another data folder) cannot get them,
 * and the log says so, naming the keys — never their values.
 */
class SharedRegisterSettingsTest {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Registers.class);

    @BeforeEach
    void listen() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(log);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel().toString().equals("WARN")).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aSecondSessionWithOtherSettingsIsLoggedByKeyName() throws Exception {
        try (StubProcessing srv = new StubProcessing()) {
            String first = srv.config("shared1");
            String other = first.replace("\"password\":\"pw\"", "\"password\":\"new-secret-7\"").replace("\"readTimeoutMs\":5000", "\"readTimeoutMs\":7000");
            try (CommandSession a = CommandSession.open(first);
                 CommandSession same = CommandSession.open(first);
                 CommandSession english = CommandSession.open(srv.config("shared1", "en"))) {
                assertEquals(List.of(), warnings(), "the same settings, or only another language: nothing to say");
                try (CommandSession b = CommandSession.open(other)) {
                    List<String> w = warnings();
                    assertEquals(1, w.size(), w.toString());
                    assertTrue(w.get(0).contains("shared1") && w.get(0).contains("(password, readTimeoutMs)"), w.get(0));
                    assertFalse(w.get(0).contains("new-secret-7") || w.get(0).contains("7000"), "names, never values: " + w.get(0));
                }
            }
            log.list.clear();
            try (CommandSession b = CommandSession.open(other)) {
                assertEquals(List.of(), warnings(), "the register was closed: the new settings open it afresh");
            }
        }
    }
}
