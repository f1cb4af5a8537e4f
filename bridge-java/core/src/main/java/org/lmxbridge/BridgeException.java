package org.lmxbridge;

/**
 * A failure with a bridge status code (see {@link Status}) and a sentence for the cashier or the
 * integrator. Thrown by the typed Java API; the JSON facade and the native layers turn it into a
 * status code and an error text instead. {@link #getMessage()} is the sentence in the default
 * language (Russian) or the one it was made in; {@link #message(Language)} gives it in another
 * language where the bridge has it in both.
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

    /** The sentence in {@code language} (the message itself when it exists in one language only). */
    public String message(Language language) {
        return getMessage();
    }

    /** The same failure with its sentence fixed in {@code language} (this one when that changes nothing). */
    public BridgeException inLanguage(Language language) {
        String m = message(language);
        if (m == null ? getMessage() == null : m.equals(getMessage())) return this;
        BridgeException e = new BridgeException(status, m, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
