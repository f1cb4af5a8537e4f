package org.lmxbridge;

/**
 * A failure with a bridge status code (see {@link Status}) and a sentence for the cashier or the
 * integrator. Thrown by the typed Java API; the JSON facade and the native layers turn it into a
 * status code and an error text instead.
 */
public class BridgeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public BridgeException(int status, String message) {
        super(message);
        this.status = status;
    }

    public BridgeException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The bridge status code, never {@link Status#OK}. */
    public int status() {
        return status;
    }
}
