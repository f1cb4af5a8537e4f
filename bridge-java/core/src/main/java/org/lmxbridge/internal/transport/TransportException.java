package org.lmxbridge.internal.transport;

/**
 * Processing could not be reached or did not answer usably. {@link #requestMayHaveLeft()} is the
 * ambiguity flag: true when the request may have reached processing (so its effect is unknown).
 */
public final class TransportException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final boolean requestMayHaveLeft;
    private final int httpStatus;

    public TransportException(int status, String message, boolean requestMayHaveLeft, int httpStatus, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.requestMayHaveLeft = requestMayHaveLeft;
        this.httpStatus = httpStatus;
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
