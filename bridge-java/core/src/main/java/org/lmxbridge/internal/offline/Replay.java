package org.lmxbridge.internal.offline;

import java.util.Set;
import org.lmxbridge.Language;
import org.lmxbridge.Status;
import org.lmxbridge.internal.protocol.ProtocolAssumptions;
import org.lmxbridge.internal.transport.TransportException;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationResult;

/**
 * How the answer to a forwarded (or re-sent) operation is filed. Decisions are made by the server's
 * error <b>name</b> (the numbers are inferred, see {@code ServerError}).
 */
final class Replay {
    private Replay() {
    }

    enum Verdict {
        /** Applied (answered ok, or the purchase has moved past this operation). */
        DONE,
        /**
         * NotUniqueOperationID: processing has seen this OperationID but did not say what became of it
         * (it answers so when it does not repeat stored answers). Not "applied": the outcome stays unknown.
         */
        SEEN,
        RETRY,
        PAUSE,
        DEAD
    }

    static final String NOT_UNIQUE = "NotUniqueOperationID";

    /**
     * Processing errors that are not about the item: the register or the processing side is
     * misconfigured or locked. Replay pauses and the item keeps its attempts.
     */
    static final Set<String> NOT_ABOUT_THE_ITEM = Set.of(ProtocolAssumptions.LOCK_ERROR_NAME, "VersionError", "SignatureError",
            "SignatureNotFound", "CertificateError", "DeviceNotFound", "DeviceBlocked", "ApplicationDeviceGrant");

    /** Transient processing errors: retried with backoff. */
    static final Set<String> TRANSIENT = Set.of("SystemError");

    /**
     * Answers that mean "the purchase has moved past this operation": confirmed (for a discount or a
     * confirm), cancelled or unknown (for a cancel: nothing to undo).
     */
    static boolean movedPast(Command c, String name) {
        if (name == null) return false;
        return switch (c) {
            case CONFIRM, DISCOUNT -> "OperationIsConfirmed".equals(name) || "ConfirmedPurchaseOperation".equals(name);
            case CANCEL -> "OperationIsCanceled".equals(name) || "PurchaseNotFound".equals(name);
            default -> false;
        };
    }

    static Verdict classify(Command c, OperationResult r) {
        if (r.ok()) return Verdict.DONE;
        String name = r.error().name();
        if (NOT_UNIQUE.equals(name)) return Verdict.SEEN;
        if (movedPast(c, name)) return Verdict.DONE;
        if (NOT_ABOUT_THE_ITEM.contains(name)) return Verdict.PAUSE;
        if (TRANSIENT.contains(name)) return Verdict.RETRY;
        return Verdict.DEAD;
    }

    /** The reason shown in {@code replayPausedReason} for a transport failure that is not "unreachable". */
    static String pauseReason(TransportException e, Language lang) {
        String what = switch (e.status()) {
            case Status.AUTH_FAILED -> "AUTH_FAILED";
            case Status.TLS_FAILED -> "TLS_FAILED";
            case Status.HTTP_STATUS -> "HTTP_" + e.httpStatus();
            default -> "TRANSPORT_" + e.status();
        };
        return what + ": " + e.message(lang);
    }
}
