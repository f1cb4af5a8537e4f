package org.lmxbridge.internal.protocol;

import org.lmxbridge.Language;
import org.lmxbridge.internal.text.Msg;

/** The server's answer cannot be used: malformed, hostile, too large, or of the wrong shape. */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean tooLarge;
    private final transient Msg msg;

    public ProtocolException(Msg message) {
        this(message, false, null);
    }

    public ProtocolException(Msg message, boolean tooLarge, Throwable cause) {
        super(message.toString(), cause);
        this.msg = message;
        this.tooLarge = tooLarge;
    }

    public boolean tooLarge() {
        return tooLarge;
    }

    /** The sentence in {@code language} ({@link #getMessage()} is the default language's). */
    public String message(Language language) {
        return msg == null ? getMessage() : msg.in(language);
    }
}
