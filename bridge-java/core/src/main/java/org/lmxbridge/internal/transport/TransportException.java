package org.lmxbridge.internal.transport;

import org.lmxbridge.Language;
import org.lmxbridge.internal.text.Msg;

/**
 * Processing could not be reached or did not answer usably. {@link #requestMayHaveLeft()} is the
 * ambiguity flag: true when the request may have reached processing (so its effect is unknown).
 */
public final class TransportException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final boolean requestMayHaveLeft;
    private final int httpStatus;
    private final transient Msg msg;

    public TransportException(int status, Msg message, boolean requestMayHaveLeft, int httpStatus, Throwable cause) {
        super(message.toString(), cause);
        this.msg = message;
        this.status = status;
        this.requestMayHaveLeft = requestMayHaveLeft;
        this.httpStatus = httpStatus;
    }

    /** The sentence in {@code language} ({@link #getMessage()} is the default language's). */
    public String message(Language language) {
        return msg == null ? getMessage() : msg.in(language);
    }

    /** A {@code Status} code in 300–399 (CONFIG_INVALID when a configured trust store cannot be loaded). */
    public int status() {
        return status;
    }

    public boolean requestMayHaveLeft() {
        return requestMayHaveLeft;
    }

    /** The HTTP status when one was received, else 0. */
    public int httpStatus() {
        return httpStatus;
    }

    /** True for failures that mean "processing is unreachable" (the register goes offline). */
    public boolean isOffline() {
        return status == org.lmxbridge.Status.CONNECT_FAILED || status == org.lmxbridge.Status.TIMEOUT
                || (status == org.lmxbridge.Status.HTTP_STATUS && httpStatus >= 500);
    }
}
