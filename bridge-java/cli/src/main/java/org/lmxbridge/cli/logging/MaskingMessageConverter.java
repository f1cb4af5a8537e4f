package org.lmxbridge.cli.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.lmxbridge.internal.log.Mask;

/**
 * Logback's {@code %mmsg}: the formatted message with every digit run of five or more digits
 * masked. A safety net — the core masks identifiers itself — so that a card number or phone that
 * reaches a message some other way (an exception text, a library's log line) is still not written.
 */
public final class MaskingMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Mask.text(super.convert(event));
    }
}
