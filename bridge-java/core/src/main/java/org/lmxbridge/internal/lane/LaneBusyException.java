package org.lmxbridge.internal.lane;

/** The lane did not start the task before the caller's deadline. */
public final class LaneBusyException extends Exception {
    private static final long serialVersionUID = 1L;

    public LaneBusyException(String message) {
        super(message);
    }
}
