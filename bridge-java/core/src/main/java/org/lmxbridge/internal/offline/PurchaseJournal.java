package org.lmxbridge.internal.offline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Language;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolMapper;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a purchase as the register has seen it: one journal entry per operation (pay,
 * discount, confirm, cancel, refund) with its OperationID, its {@link OperationState}, the
 * fingerprint of the register's request and the answer the register was given — in the queue's
 * SQLite file, written before a request leaves, so a retry (also after a crash) re-sends the same
 * OperationID or gets the recorded answer.
 *
 * <p><b>Operation states</b> move only along {@link OperationState#next()}:
 * <pre>
 *   (none|failed) --sending--> PENDING --answered--> DONE            (the register is told)
 *                                      --refused---> FAILED          (processing said no)
 *                                      --lost------> UNKNOWN         (left, no answer)
 *                                      --notSent---> FAILED | UNKNOWN (when an earlier attempt may have left)
 *                                      --queued----> QUEUED --replayed--> DONE | DISCREPANCY | FAILED (dead)
 *   pay: UNKNOWN --resolved: applied--> APPLIED_UNTOLD --told (the register repeats pay)--> DONE
 *        UNKNOWN --resolved: refused--> FAILED
 * </pre>
 *
 * <p><b>The purchase</b> ({@link Purchase#phase()}) is what the rules look at:
 * <pre>
 *   OPEN → [PAYMENT_UNRESOLVED → PAYMENT_UNTOLD →] PAID → DISCOUNT_QUEUED | DISCOUNTED → CONFIRM_QUEUED | CONFIRMED
 *   any open phase → CANCEL_QUEUED → CANCELLED, or CANCELLED locally (nothing had reached processing)
 * </pre>
 * A purchase whose payment is unresolved or untold is neither discounted nor confirmed
 * ({@link Status#PAYMENT_UNRESOLVED}); a repeated call is answered from the journal only for the same
 * request ({@link Status#REQUEST_MISMATCH} otherwise); a cancelled or confirmed purchase takes no
 * new discount or payment ({@link Status#WRONG_ORDER}).
 */
public final class PurchaseJournal {
    private static final Logger log = LoggerFactory.getLogger(PurchaseJournal.class);

    /** Where a purchase stands, derived from its journalled operations (latest step first). */
    public enum Phase {
        OPEN, PAYMENT_UNRESOLVED, PAYMENT_UNTOLD, PAID, DISCOUNT_QUEUED, DISCOUNTED, CONFIRM_QUEUED, CONFIRMED,
        CANCEL_QUEUED, CANCELLED;

        boolean closed() {
            return this == CONFIRMED || this == CONFIRM_QUEUED || this == CANCELLED || this == CANCEL_QUEUED;
        }
    }

    /** The journalled operations of one purchase. */
    public record Purchase(String id, Map<Command, JournalEntry> ops) {
        public JournalEntry op(Command c) {
            return ops.get(c);
        }

        OperationState state(Command c) {
            JournalEntry e = ops.get(c);
            return e == null ? null : e.state();
        }

        public Phase phase() {
            OperationState cancel = state(Command.CANCEL);
            if (cancel == OperationState.DONE || cancel == OperationState.DISCREPANCY) return Phase.CANCELLED;
            if (cancel != null && cancel != OperationState.FAILED) return Phase.CANCEL_QUEUED;
            OperationState confirm = state(Command.CONFIRM);
            if (confirm == OperationState.DONE || confirm == OperationState.DISCREPANCY) return Phase.CONFIRMED;
            if (confirm != null && confirm != OperationState.FAILED) return Phase.CONFIRM_QUEUED;
            OperationState discount = state(Command.DISCOUNT);
            if (discount == OperationState.DONE || discount == OperationState.DISCREPANCY) return Phase.DISCOUNTED;
            if (discount != null && discount != OperationState.FAILED) return Phase.DISCOUNT_QUEUED;
            OperationState pay = state(Command.PAY);
            if (pay == null || pay == OperationState.FAILED) return Phase.OPEN;
            if (pay.unresolved()) return Phase.PAYMENT_UNRESOLVED;
            if (pay == OperationState.APPLIED_UNTOLD) return Phase.PAYMENT_UNTOLD;
            return Phase.PAID;
        }

        /** The payment's outcome is not settled with the register: unknown, or applied without the register knowing. */
        public boolean paymentUnsettled() {
            OperationState pay = state(Command.PAY);
            return pay != null && (pay.unresolved() || pay == OperationState.APPLIED_UNTOLD);
        }

        /** A redemption the register was told about. */
        public boolean paid() {
            return state(Command.PAY) == OperationState.DONE;
        }

        /** Did any operation of it reach (or may it have reached) processing, outside the queue? */
        public boolean anyLiveMayBeApplied() {
            for (Command c : List.of(Command.PAY, Command.DISCOUNT, Command.CONFIRM)) {
                OperationState s = state(c);
                if (s != null && s.mayBeApplied()) return true;
            }
            return false;
        }
    }

    private final QueueStore store;

    PurchaseJournal(QueueStore store) {
        this.store = store;
    }

    public Purchase purchase(String purchaseId) throws BridgeException {
        Map<Command, JournalEntry> ops = new EnumMap<>(Command.class);
        for (JournalEntry e : store.journalOf(purchaseId)) {
            if (e.command() != null) ops.put(e.command(), e);
        }
        return new Purchase(purchaseId, ops);
    }

    public JournalEntry op(String purchaseId, Command c) throws BridgeException {
        return store.journal(purchaseId, c);
    }

    // ------------------------------------------------------------------ transitions

    private JournalEntry move(JournalEntry from, JournalEntry to) throws BridgeException {
        if (from != null && from.operationId().equals(to.operationId()) && !from.state().next().contains(to.state())) {
            throw new IllegalStateException("purchase journal: " + from.command().jsonName() + " of " + from.purchaseId() + " cannot go from "
                    + from.state() + " to " + to.state());
        }
        store.putJournal(to);
        return to;
    }

    /** The request is about to leave (written first, so a crash leaves PENDING = may have been applied). */
    JournalEntry sending(JournalEntry previous, String purchaseId, Command c, OperationContext ctx, String hash, String amount,
                         String requestJson) throws BridgeException {
        return move(previous, new JournalEntry(purchaseId, c, ctx.operationId(), date(ctx), OperationState.PENDING, amount, null, null,
                hash, requestJson, null));
    }

    /** Processing applied it and the register is told this answer. */
    JournalEntry answered(JournalEntry e, OperationResult told) throws BridgeException {
        return move(e, e.with(OperationState.DONE, storable(told)));
    }

    /** Processing refused it: nothing applied. */
    JournalEntry refused(JournalEntry e) throws BridgeException {
        return move(e, e.with(OperationState.FAILED, null));
    }

    /** The request left and no usable answer came. */
    JournalEntry lost(JournalEntry e) throws BridgeException {
        return move(e, e.with(OperationState.UNKNOWN, null));
    }

    /** Not sent; stays UNKNOWN when an earlier attempt of the same operation may have been applied. */
    JournalEntry notSent(JournalEntry e, boolean earlierMayHaveLeft) throws BridgeException {
        return move(e, e.with(earlierMayHaveLeft ? OperationState.UNKNOWN : OperationState.FAILED, null));
    }

    /** Pay: re-sending its OperationID showed processing had applied it; the register does not know yet. */
    JournalEntry appliedUntold(JournalEntry e, OperationResult answer) throws BridgeException {
        log.warn("payment of purchaseId={} (operationId={}) turned out applied; the register must repeat pay or cancel", e.purchaseId(),
                e.operationId());
        return move(e, e.with(OperationState.APPLIED_UNTOLD, storable(answer)));
    }

    /** Pay: the register repeated the payment and got the recorded answer: settled. */
    JournalEntry told(JournalEntry e) throws BridgeException {
        return move(e, e.with(OperationState.DONE, e.resultJson()));
    }

    /** Cancel: nothing of the purchase reached processing; it ends here. */
    JournalEntry cancelledLocally(String purchaseId, OperationContext ctx, OperationResult told) throws BridgeException {
        return move(null, new JournalEntry(purchaseId, Command.CANCEL, ctx.operationId(), date(ctx), OperationState.DONE, "0",
                storable(told), null, null, null, null));
    }

    // ------------------------------------------------------------------ recorded answers

    static String date(OperationContext ctx) {
        return ctx.operationDate().format(ProtocolMapper.OPERATION_DATE);
    }

    /** A result without personal data (identifierData), as the journal keeps it. */
    static String storable(OperationResult r) {
        try {
            return Storable.WRITER.writeValueAsString(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The writer of {@link #storable}: the result's own serialization with identifierData left out
     * (written straight, not built as a tree and pruned: a sixth of the replay worker's CPU,
     * docs/performance.md). Made at the first use, not at open.
     */
    private static final class Storable {
        @JsonIgnoreProperties({"identifierData"})
        abstract static class WithoutIdentifierData {
        }

        static final ObjectWriter WRITER = Json.MAPPER.copy().addMixIn(OperationResult.class, WithoutIdentifierData.class)
                .writerFor(OperationResult.class);
    }

    /** The recorded answer of an operation, with a warning that nothing was sent again. */
    static OperationResult recorded(String json, Command c, Language lang) throws BridgeException {
        try {
            OperationResult r = Json.MAPPER.readValue(json, OperationResult.class);
            List<String> w = new ArrayList<>(r.warnings());
            w.add(Msg.of("journal.recorded", c.jsonName()).in(lang));
            return r.warnings(w);
        } catch (IOException e) {
            throw Msg.of("journal.unreadable", c.jsonName(), e.getMessage()).error(Status.STORAGE_FAILED);
        }
    }
}
