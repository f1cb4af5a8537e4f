package org.lmxbridge.internal.offline;

import org.lmxbridge.Language;
import org.lmxbridge.internal.text.CallLanguage;
import org.lmxbridge.Status;
import org.lmxbridge.internal.lane.LaneBusyException;
import org.lmxbridge.internal.lane.RegisterLane;
import org.lmxbridge.internal.log.Mask;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolException;
import org.lmxbridge.internal.transport.TransportException;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live exchange of a register program's call and what became of it ({@link Attempt}): answered,
 * not sent (nothing can have been applied), or ambiguous (the request may have reached processing).
 * A transport failure that means "unreachable" puts the register offline.
 */
final class LiveCall {
    private static final Logger log = LoggerFactory.getLogger(LiveCall.class);

    private final Sender sender;
    private final LinkState link;
    private final String reg;
    private final Language lang;

    /** The language of the session calling now (CallLanguage), else the register's. */
    private Language lang() {
        return CallLanguage.or(lang);
    }

    LiveCall(Sender sender, LinkState link, String reg, Language lang) {
        this.sender = sender;
        this.link = link;
        this.reg = reg;
        this.lang = lang;
    }

    /** The outcome of one live exchange; its sentences are in the calling session's language. */
    record Attempt(OperationResult result, TransportException te, ProtocolException pe, LaneBusyException busy, String opId,
                   Language lang) {
        boolean answered() {
            return result != null;
        }

        /** Processing unreachable and the request did not leave: nothing can have been applied. */
        boolean offlineNotLeft() {
            return te != null && te.isOffline() && !te.requestMayHaveLeft();
        }

        /** The request may have reached processing and no usable answer came. */
        boolean ambiguous() {
            return (te != null && te.requestMayHaveLeft()) || pe != null;
        }

        boolean offlineType() {
            return te != null && te.isOffline();
        }

        String cause() {
            return te != null ? te.message(lang()) : pe != null ? pe.message(lang()) : busy != null ? busy.message(lang()) : "";
        }

        /** The failure as the live answer (the same shape the register gave before offline mode). */
        OperationResult failure() {
            return failure0().operationId(opId);
        }

        private OperationResult failure0() {
            if (te != null) {
                OperationResult r = OperationResult.failure(te.status(), te.status() == Status.AUTH_FAILED ? "AuthFailed" : "Transport",
                        null, te.message(lang()));
                if (te.requestMayHaveLeft()) r.outcomeUnknown(true);
                return r;
            }
            if (pe != null) {
                OperationResult r = OperationResult.failure(pe.tooLarge() ? Status.RESPONSE_TOO_LARGE : Status.MALFORMED_RESPONSE,
                        "MalformedResponse", null, pe.message(lang()));
                return r.outcomeUnknown(true);
            }
            return OperationResult.failure(Status.BUSY, "Busy", null, busy.message(lang()));
        }
    }

    Attempt send(Command command, OperationRequest r, OperationContext ctx) {
        long t0 = System.nanoTime();
        Attempt a;
        try {
            OperationResult res = sender.send(RegisterLane.LIVE, command, r, ctx, true);
            if (res.operationId() == null) res.operationId(ctx.operationId());
            a = new Attempt(res, null, null, null, ctx.operationId(), lang());
        } catch (TransportException e) {
            if (e.isOffline()) link.goOffline(e.message(lang()));
            a = new Attempt(null, e, null, null, ctx.operationId(), lang());
        } catch (ProtocolException e) {
            a = new Attempt(null, null, e, null, ctx.operationId(), lang());
        } catch (LaneBusyException e) {
            a = new Attempt(null, null, null, e, ctx.operationId(), lang());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // the register program's operation has its one line (OperationLog); this is the exchange's, for debugging
        if (!log.isDebugEnabled()) {
            // nothing
        } else if (a.answered() && a.result().ok()) {
            log.debug("{} {} purchaseId={} operationId={} ok in {} ms", reg, command.jsonName(), ctx.purchaseId(), ctx.operationId(), ms);
        } else {
            String why = a.answered() ? a.result().error().name() + ": " + a.result().error().message() : a.cause();
            log.debug("{} {} purchaseId={} operationId={} failed in {} ms: {}", reg, command.jsonName(), ctx.purchaseId(), ctx.operationId(),
                    ms, Mask.text(why));
        }
        if (log.isDebugEnabled() && r.identifier() != null) {
            // Identifier.toString keeps the last four characters only and never prints the PIN
            log.debug("{} {} operationId={} identifier {}", reg, command.jsonName(), ctx.operationId(), r.identifier());
        }
        return a;
    }
}
