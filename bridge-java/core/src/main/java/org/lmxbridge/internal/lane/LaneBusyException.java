package org.lmxbridge.internal.lane;

import org.lmxbridge.Language;
import org.lmxbridge.internal.text.Msg;

/** The lane did not start the task before the caller's deadline. */
public final class LaneBusyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Msg msg;

    public LaneBusyException(Msg msg) {
        super(msg.toString());
        this.msg = msg;
    }

    /** The sentence in {@code language}. */
    public String message(Language language) {
        return msg == null ? getMessage() : msg.in(language);
    }
}
