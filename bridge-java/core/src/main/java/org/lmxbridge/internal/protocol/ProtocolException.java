package org.lmxbridge.internal.protocol;

/** The server's answer cannot be used: malformed, hostile, too large, or of the wrong shape. */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean tooLarge;

    public ProtocolException(String message) {
        this(message, false, null);
    }

    public ProtocolException(String message, boolean tooLarge, Throwable cause) {
        super(message, cause);
        this.tooLarge = tooLarge;
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
