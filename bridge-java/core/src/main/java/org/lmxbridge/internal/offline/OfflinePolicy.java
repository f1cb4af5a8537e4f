package org.lmxbridge.internal.offline;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Language;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.CallLanguage;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.log.Mask;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolMapper;
import org.lmxbridge.internal.register.Ids;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.model.ResultLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each command does online, offline and when the outcome is unknown — the register program's
 * side of the offline mode. The purchase rules live in {@link PurchaseJournal}; this class applies
 * them to one call:
 * <ul>
 * <li>balance, availableAmount: live, or OFFLINE_REFUSED (also the call that finds processing unreachable);</li>
 * <li>calculate: live, or a neutral answer (no discounts, nothing to redeem);</li>
 * <li>pay: live only; a lost answer is OUTCOME_UNKNOWN and is only ever re-sent with its own
 *     OperationID; NotUniqueOperationID on a re-send keeps it unknown;</li>
 * <li>discount, confirm: live, else queued (after the SQLite commit); refused with PAYMENT_UNRESOLVED
 *     while the purchase's payment is unresolved (the bridge first re-sends the payment's OperationID
 *     to learn its outcome when it can);</li>
 * <li>cancel: operations that cannot have reached processing are neutralised locally; otherwise a
 *     Cancel goes live or into the queue;</li>
 * <li>refund: live; offline only with {@code offlineRefunds} — otherwise OFFLINE_REFUSED when it did
 *     not leave, OUTCOME_UNKNOWN when it may have;</li>
 * <li>a repeated call of an operation is answered from the journal only for the same request
 *     (REQUEST_MISMATCH otherwise).</li>
 * </ul>
 */
final class OfflinePolicy {
    private static final Logger log = LoggerFactory.getLogger(OfflinePolicy.class);

    private final BridgeConfig cfg;
    private final QueueStore store;
    private final PurchaseJournal journal;
    private final LiveCall live;
    private final LinkState link;
    /** Guards decisions that read and change the journal and the queue together (shared with replay and admin). */
    private final Object lock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final String reg;
    /** The register's language (its configuration's): the sentences of its answers and warnings. */
    private final Language lang;

    /** The language of the session calling now (CallLanguage), else the register's. */
    private Language lang() {
        return CallLanguage.or(lang);
    }

    OfflinePolicy(BridgeConfig cfg, QueueStore store, PurchaseJournal journal, LiveCall live, LinkState link, Object lock) {
        this.cfg = cfg;
        this.store = store;
        this.journal = journal;
        this.live = live;
        this.link = link;
        this.lock = lock;
        this.reg = cfg.register();
        this.lang = cfg.language();
    }

    /** A sentence of the catalogue in the register's language. */
    private String t(String key, Object... args) {
        return Msg.of(key, args).in(lang());
    }

    /** Runs a validated processing command under the offline policy. Never throws. */
    OperationResult execute(Command command, OperationRequest request) {
        OperationResult r;
        try {
            r = switch (command) {
                case BALANCE, AVAILABLE_AMOUNT -> readOnly(command, request);
                case CALCULATE -> calculate(request);
                case PAY -> guarded(request.purchaseId(), Command.PAY, () -> pay(request));
                case DISCOUNT -> guarded(request.purchaseId(), Command.DISCOUNT, () -> accrual(Command.DISCOUNT, stamped(request)));
                case CONFIRM -> guarded(request.purchaseId(), Command.CONFIRM, () -> accrual(Command.CONFIRM, request));
                case CANCEL -> guarded(request.purchaseId(), Command.CANCEL, () -> cancel(request));
                case REFUND -> guarded(request.purchaseId(), Command.REFUND, () -> accrual(Command.REFUND, stamped(request)));
                default -> throw Msg.of("offline.notProcessing", command.jsonName()).error(Status.INVALID_REQUEST);
            };
        } catch (BridgeException e) {
            r = OperationResult.failure(e.status(), Status.errorName(e.status()), null, e.message(lang()));
        }
        r.command(command.jsonName());
        if (command != Command.BALANCE && r.purchaseId() == null) r.purchaseId(request.purchaseId());
        return r;
    }

    private interface Body {
        OperationResult run() throws BridgeException;
    }

    /** One call per purchase and operation at a time (another handle of the same register may try the same). */
    private OperationResult guarded(String pid, Command c, Body body) throws BridgeException {
        String key = pid + "|" + c.jsonName();
        if (!inFlight.add(key)) {
            throw Msg.of("offline.inProgress", c.jsonName(), pid).error(Status.BUSY);
        }
        try {
            return body.run();
        } finally {
            inFlight.remove(key);
        }
    }

    // ------------------------------------------------------------------ answers

    private OperationContext newCtx(OperationRequest r) {
        return new OperationContext(Ids.newId(), ProtocolMapper.now(), cfg.deviceLogicalId(), r.purchaseId());
    }

    private OperationContext ctxOf(JournalEntry j) {
        return new OperationContext(j.operationId(), OffsetDateTime.parse(j.operationDate(), ProtocolMapper.OPERATION_DATE),
                cfg.deviceLogicalId(), j.purchaseId());
    }

    private OperationResult withState(OperationResult r) {
        boolean off = link.offline();
        return r.offline(off).online(!off).queueLength(store.openCount());
    }

    private OperationResult refused(Command c, String cause) {
        String text = t(switch (c) {
            case BALANCE -> "offline.refused.balance";
            case AVAILABLE_AMOUNT, PAY -> "offline.refused.pay";
            case REFUND -> "offline.refused.refund";
            default -> "offline.refused";
        });
        OperationResult r = OperationResult.failure(Status.OFFLINE_REFUSED, "OfflineRefused", null, text);
        r.cashierMessage(text);
        r.warnings(List.of(t("offline.refused.warning", unreachable(cause), c.jsonName())));
        return withState(r);
    }

    /** "processing is unreachable (CAUSE)". */
    private Msg unreachable(String cause) {
        return cause == null || cause.isEmpty() ? Msg.of("offline.unreachable") : Msg.of("offline.unreachable.cause", Mask.text(cause));
    }

    private OperationResult failure(int status, String cashierText, String opId, String detail) {
        OperationResult r = OperationResult.failure(status, Status.errorName(status), null, cashierText).cashierMessage(cashierText)
                .operationId(opId);
        if (detail != null) r.warnings(List.of(detail));
        return withState(r);
    }

    private OperationResult mismatch(JournalEntry j) {
        return failure(Status.REQUEST_MISMATCH, t("offline.mismatch"), j.operationId(), t("offline.mismatch.warning",
                j.purchaseId(), j.command().jsonName(), j.operationId(), j.state()));
    }

    private OperationResult discrepancyAnswer(JournalEntry j) throws BridgeException {
        OperationResult r = j.resultJson() == null ? new OperationResult() : PurchaseJournal.recorded(j.resultJson(), j.command(), lang());
        List<String> w = new ArrayList<>(r.warnings());
        w.add(t("offline.discrepancy.warning", j.command().jsonName(), j.discrepancy()));
        String text = t("offline.discrepancy");
        r.fail(Status.DISCREPANCY, Status.errorName(Status.DISCREPANCY), null, text);
        return withState(r.cashierMessage(text).discrepancy(j.discrepancy()).operationId(j.operationId()).warnings(w));
    }

    private OperationResult queuedAnswer(QueueItem it, String note, boolean behind) {
        OperationResult r = new OperationResult().queued(true).purchaseId(it.purchaseId()).operationId(it.operationId())
                .cashierMessage(t(behind && !link.offline() ? "offline.queued.behind" : "offline.queued"));
        if (note != null) r.warnings(List.of(note));
        return withState(r);
    }

    // ------------------------------------------------------------------ balance, availableAmount, calculate

    private OperationResult readOnly(Command c, OperationRequest r) {
        if (link.offline()) return refused(c, link.offlineReason());
        LiveCall.Attempt a = live.send(c, r, newCtx(r));
        if (a.answered()) return a.result();
        if (a.offlineType()) return refused(c, a.cause()).operationId(a.opId());
        return a.failure();
    }

    private OperationResult calculate(OperationRequest r) {
        if (link.offline()) return neutral(r, link.offlineReason());
        LiveCall.Attempt a = live.send(Command.CALCULATE, r, newCtx(r));
        if (a.answered()) return a.result();
        if (a.offlineType()) return neutral(r, a.cause());
        return a.failure();
    }

    /** Offline calculate: every line echoed without discount, nothing to redeem; the sale goes on. */
    private OperationResult neutral(OperationRequest r, String cause) {
        List<ResultLine> lines = new ArrayList<>();
        BigDecimal zero = new BigDecimal("0.00");
        for (ChequeLine l : r.cheque().lines()) {
            lines.add(new ResultLine(l.pos(), l.goodsId(), l.amount(), zero, l.quantity(), zero, zero, null));
        }
        OperationResult res = new OperationResult().lines(lines).availableAmount(zero).availableBonusAmount(zero)
                .cashierMessage(t("offline.neutral"));
        res.warnings(List.of(t("offline.neutral.warning", unreachable(cause))));
        return withState(res);
    }

    // ------------------------------------------------------------------ pay (redemption)

    private OperationResult pay(OperationRequest r) throws BridgeException {
        String pid = r.purchaseId();
        PurchaseJournal.Purchase p = journal.purchase(pid);
        String hash = RequestFingerprint.of(Command.PAY, r);
        JournalEntry j = p.op(Command.PAY);
        boolean resend = false;
        if (j != null) {
            switch (j.state()) {
                case DONE -> {
                    return j.sameRequest(hash) && j.resultJson() != null ? PurchaseJournal.recorded(j.resultJson(), Command.PAY, lang()) : mismatch(j);
                }
                case APPLIED_UNTOLD -> {
                    if (!j.sameRequest(hash)) {
                        return failure(Status.PAYMENT_UNRESOLVED, t("offline.payment.untold"), j.operationId(),
                                t("offline.payment.untold.warning", j.amount(), j.operationId(), pid));
                    }
                    journal.told(j);
                    OperationResult told = PurchaseJournal.recorded(j.resultJson(), Command.PAY, lang());
                    List<String> w = new ArrayList<>(told.warnings());
                    w.add(t("offline.payment.told"));
                    return told.warnings(w);
                }
                case PENDING, UNKNOWN -> {
                    if (!j.sameRequest(hash)) {
                        return failure(Status.OUTCOME_UNKNOWN, t("offline.outcomeUnknown"), j.operationId(),
                                t("offline.payment.unknown.other", j.amount(), pid, j.operationId())).outcomeUnknown(true);
                    }
                    resend = true;
                }
                default -> {
                    // failed (or a state pay never has): a new operation
                }
            }
        }
        if (link.offline()) {
            OperationResult ref = refused(Command.PAY, link.offlineReason());
            if (resend) {
                ref.outcomeUnknown(true).operationId(j.operationId()).warnings(List.of(t("offline.payment.unknown.offline",
                        j.operationId())));
            }
            return ref;
        }
        if (!resend && p.phase() != PurchaseJournal.Phase.OPEN) {
            return failure(Status.WRONG_ORDER, t("offline.pay.tooLate"), null, t("offline.pay.tooLate.warning", pid, p.phase()));
        }
        OperationContext ctx = resend ? ctxOf(j) : newCtx(r);
        JournalEntry e = journal.sending(j, pid, Command.PAY, ctx, hash, r.amount().toPlainString(), RequestJson.write(r));
        LiveCall.Attempt a = live.send(Command.PAY, r, ctx);
        if (a.answered()) {
            OperationResult res = a.result();
            if (res.ok()) {
                journal.answered(e, res);
                return res;
            }
            if (resend && Replay.NOT_UNIQUE.equals(res.error().name())) {
                // processing has this OperationID but does not repeat what became of it: still unknown
                journal.lost(e);
                String text = t("offline.outcomeUnknown");
                return withState(OperationResult.failure(Status.OUTCOME_UNKNOWN, "OutcomeUnknown", null, text)
                        .cashierMessage(text).outcomeUnknown(true).operationId(ctx.operationId())
                        .warnings(List.of(t("offline.payment.notUnique", ctx.operationId()))));
            }
            journal.refused(e);
            return res;
        }
        if (a.ambiguous()) {
            journal.lost(e);
            String text = t("offline.outcomeUnknown");
            OperationResult u = OperationResult.failure(Status.OUTCOME_UNKNOWN, "OutcomeUnknown", null, text)
                    .outcomeUnknown(true).operationId(ctx.operationId());
            u.cashierMessage(text);
            u.warnings(List.of(t("offline.payment.lost", Mask.text(a.cause()), ctx.operationId())));
            return withState(u);
        }
        // not sent (unreachable, refused credentials, busy): nothing was applied by this attempt
        journal.notSent(e, resend);
        if (a.offlineType()) {
            OperationResult ref = refused(Command.PAY, a.cause()).operationId(a.opId());
            if (resend) ref.outcomeUnknown(true);
            return ref;
        }
        OperationResult f = a.failure();
        if (resend) f.outcomeUnknown(true);
        return f;
    }

    /**
     * Before a discount or confirm: the purchase's payment must be settled with the register. An
     * unknown payment is re-sent with its own OperationID when online (processing that repeats the
     * stored answer tells its outcome); applied → the register must repeat pay (and is told) or cancel;
     * refused → no redemption, go on. Returns the refusal, or null to go on.
     */
    private OperationResult paymentSettled(PurchaseJournal.Purchase p) throws BridgeException {
        JournalEntry j = p.op(Command.PAY);
        if (j == null || !p.paymentUnsettled()) return null;
        if (j.state() == OperationState.APPLIED_UNTOLD) return unsettled(j, true);
        if (link.offline() || j.requestJson() == null) return unsettled(j, false);
        String key = p.id() + "|pay";
        if (!inFlight.add(key)) {
            throw Msg.of("offline.pay.inProgress", p.id()).error(Status.BUSY);
        }
        try {
            OperationRequest req = RequestJson.read(j.requestJson());
            OperationContext ctx = ctxOf(j);
            JournalEntry e = journal.sending(j, p.id(), Command.PAY, ctx, j.requestHash(), j.amount(), j.requestJson());
            LiveCall.Attempt a = live.send(Command.PAY, req, ctx);
            if (a.answered() && a.result().ok()) {
                journal.appliedUntold(e, a.result());
                return unsettled(e, true);
            }
            if (a.answered() && !Replay.NOT_UNIQUE.equals(a.result().error().name())) {
                journal.refused(e);
                log.info("{} the unknown payment of purchaseId={} (operationId={}) turned out refused ({}): no redemption", reg, p.id(),
                        j.operationId(), a.result().error().name());
                return null;
            }
            if (a.answered() || a.ambiguous()) journal.lost(e);
            else journal.notSent(e, true);
            return unsettled(e, false);
        } finally {
            inFlight.remove(key);
        }
    }

    private OperationResult unsettled(JournalEntry j, boolean applied) {
        return failure(Status.PAYMENT_UNRESOLVED, t(applied ? "offline.payment.untold" : "offline.payment.unknown"), j.operationId(),
                t(applied ? "offline.unsettled.applied" : "offline.unsettled.unknown", j.purchaseId(), j.amount(), j.operationId()));
    }

    // ------------------------------------------------------------------ discount, confirm, refund

    /** A discount or refund is replayed later: its cheque carries the register's local time of the sale. */
    private static OperationRequest stamped(OperationRequest r) {
        Cheque c = r.cheque();
        if (c == null || c.date() != null) return r;
        return r.withCheque(new Cheque(c.number(), LocalDateTime.now().withNano(0), c.lines()));
    }

    /**
     * The answer for a repeated call of a purchase's operation, or null when it must be (re)sent: the
     * recorded answer or "already queued" for the same request; REQUEST_MISMATCH for another.
     */
    private OperationResult repeated(JournalEntry j, String hash) throws BridgeException {
        if (j == null) return null;
        Command c = j.command();
        switch (j.state()) {
            case DONE -> {
                if (!j.sameRequest(hash)) return mismatch(j);
                if (j.resultJson() != null) return PurchaseJournal.recorded(j.resultJson(), c, lang());
                return new OperationResult().purchaseId(j.purchaseId()).operationId(j.operationId())
                        .warnings(List.of(t("offline.alreadyApplied", c.jsonName())));
            }
            case DISCREPANCY -> {
                return j.sameRequest(hash) ? discrepancyAnswer(j) : mismatch(j);
            }
            case QUEUED -> {
                if (!j.sameRequest(hash)) return mismatch(j);
                QueueItem it = j.queueId() == null ? null : store.item(j.queueId());
                if (it == null) return null;
                if (it.open()) {
                    return queuedAnswer(it, t("offline.alreadyQueued", c.jsonName(), it.id()), false);
                }
                if (it.state() == ItemState.DONE) {
                    if (it.resultJson() != null) return PurchaseJournal.recorded(it.resultJson(), c, lang());
                    return new OperationResult().purchaseId(j.purchaseId()).operationId(j.operationId());
                }
                if (it.state() == ItemState.NEUTRALISED) {
                    return failure(Status.WRONG_ORDER, t("offline.purchase.cancelled"), j.operationId(),
                            t("offline.purchase.cancelled.warning", j.purchaseId(), c.jsonName()));
                }
                return null; // dead or discarded: a new attempt is a new operation
            }
            case PENDING, UNKNOWN -> {
                return j.sameRequest(hash) ? null : mismatch(j); // the same: re-sent with the same OperationID
            }
            default -> {
                return null; // failed: a new operation
            }
        }
    }

    private static boolean anyOpen(List<QueueItem> items) {
        for (QueueItem i : items) if (i.open()) return true;
        return false;
    }

    private void checkCaps(BigDecimal amount) throws BridgeException {
        int open = store.openCount();
        if (open + 1 > cfg.queueMaxItems()) {
            throw queueFull(Msg.of("offline.queueFull.items", open, cfg.queueMaxItems()));
        }
        BigDecimal queued = store.openAmount();
        if (queued.add(amount).compareTo(cfg.queueMaxAmount()) > 0) {
            throw queueFull(Msg.of("offline.queueFull.amount", queued.toPlainString(), cfg.queueMaxAmount().toPlainString()));
        }
    }

    private BridgeException queueFull(Msg why) {
        log.warn("offline work refused: {}", why.in(Language.EN));
        return Msg.of("offline.queueFull", why).error(Status.QUEUE_FULL);
    }

    private QueueItem enqueue(Command c, OperationRequest r, OperationContext ctx, Origin origin, String hash,
                              PurchaseJournal.Purchase p) throws BridgeException {
        OperationRequest stored = c == Command.DISCOUNT && origin == Origin.OFFLINE ? OfflineSale.asReplayed(r, cfg, p.paid()) : r;
        BigDecimal amount = c == Command.DISCOUNT || c == Command.REFUND ? RequestJson.amountOf(r) : BigDecimal.ZERO;
        String chequeDate = r.cheque() == null || r.cheque().date() == null ? null : ProtocolMapper.chequeDate(r.cheque().date());
        QueueItem it = store.enqueue(new QueueStore.NewItem(r.purchaseId(), c, ctx.operationId(), PurchaseJournal.date(ctx), chequeDate,
                RequestJson.write(stored), amount, origin, r.refundPurchaseId(), hash));
        log.info("{} {} purchaseId={} operationId={} queued as item={} ({})", reg, c.jsonName(), r.purchaseId(), ctx.operationId(), it.id(), origin);
        // online, the worker forwards it now; offline, it probes at its own time and then finds the item
        // on disk: waking it for nothing cost every offline sale a thread switch and the store's lock
        if (!link.offline()) link.wake();
        return it;
    }

    /**
     * Discount, confirm and refund. A repeated call is answered from the journal; a payment must be
     * settled first (discount, confirm); operations of a purchase that still has queued items are
     * queued behind them; offline they are queued (a discount as an offline sale, see {@link OfflineSale};
     * a refund only with {@code offlineRefunds}).
     */
    private OperationResult accrual(Command c, OperationRequest r) throws BridgeException {
        String pid = r.purchaseId();
        String hash = RequestFingerprint.of(c, r);
        PurchaseJournal.Purchase p = journal.purchase(pid);
        OperationResult again = repeated(p.op(c), hash);
        if (again != null) return again;
        if (c != Command.REFUND) {
            PurchaseJournal.Phase ph = p.phase();
            if (ph == PurchaseJournal.Phase.CANCELLED || ph == PurchaseJournal.Phase.CANCEL_QUEUED) {
                return failure(Status.WRONG_ORDER, t("offline.purchase.cancelled"), null,
                        t("offline.purchase.cancelled.warning", pid, c.jsonName()));
            }
            if (c == Command.DISCOUNT && (ph == PurchaseJournal.Phase.CONFIRMED || ph == PurchaseJournal.Phase.CONFIRM_QUEUED)) {
                return failure(Status.WRONG_ORDER, t("offline.purchase.confirmed"), null, t("offline.purchase.confirmed.warning", pid));
            }
            if (p.paymentUnsettled()) {
                OperationResult unsettled = paymentSettled(p);
                if (unsettled != null) return unsettled;
                p = journal.purchase(pid); // the payment was settled just now: read what the journal says of it
            }
        }
        boolean capsApply = c != Command.CONFIRM; // a confirm completes accepted work
        OperationContext ctx;
        JournalEntry e;
        boolean resend;
        synchronized (lock) {
            JournalEntry j = p.op(c);
            resend = j != null && j.state().unresolved();
            ctx = resend ? ctxOf(j) : newCtx(r);
            boolean behind = anyOpen(store.itemsOf(pid))
                    || (c == Command.REFUND && r.refundPurchaseId() != null && anyOpen(store.itemsOf(r.refundPurchaseId())));
            if (link.offline() || behind) {
                if (c == Command.REFUND && link.offline() && !cfg.offlineRefunds()) {
                    OperationResult ref = refused(c, link.offlineReason());
                    if (resend) ref.outcomeUnknown(true).operationId(j.operationId());
                    return ref;
                }
                if (capsApply && !behind && !resend) checkCaps(RequestJson.amountOf(r));
                QueueItem it = enqueue(c, r, ctx, resend ? Origin.AMBIGUOUS : Origin.OFFLINE, hash, p);
                return queuedAnswer(it, behind ? t("offline.queued.behind.warning") : t("offline.queued.warning", it.id()), behind);
            }
            e = journal.sending(j, pid, c, ctx, hash, RequestJson.amountOf(r).toPlainString(), null);
        }
        return liveOrQueue(c, r, ctx, e, resend, capsApply, p);
    }

    private OperationResult liveOrQueue(Command c, OperationRequest r, OperationContext ctx, JournalEntry e, boolean resend,
                                        boolean capsApply, PurchaseJournal.Purchase p) throws BridgeException {
        String pid = r.purchaseId();
        LiveCall.Attempt a = live.send(c, r, ctx);
        synchronized (lock) {
            if (a.answered()) {
                OperationResult res = a.result();
                String name = res.ok() ? null : res.error().name();
                if (res.ok() || Replay.movedPast(c, name)) {
                    if (!res.ok()) {
                        res = new OperationResult().purchaseId(pid).operationId(ctx.operationId()).warnings(List.of(
                                t("offline.appliedOnce", name)));
                    }
                    journal.answered(e, res);
                    return res;
                }
                if (!(resend && Replay.NOT_UNIQUE.equals(name))) {
                    journal.refused(e);
                    return res;
                }
                // a re-sent operation processing has seen without telling its outcome: like a lost answer
            }
            boolean refundHeld = c == Command.REFUND && !cfg.offlineRefunds();
            if (a.answered() || a.ambiguous()) {
                if (refundHeld) {
                    journal.lost(e);
                    return failure(Status.OUTCOME_UNKNOWN, t("offline.refund.unknown"), ctx.operationId(), t("offline.refund.unknown.warning",
                            Mask.text(a.answered() ? a.result().error().name() : a.cause()), ctx.operationId())).outcomeUnknown(true);
                }
                // it may have been applied: re-sent later with the SAME OperationID (never a new one); no cap applies
                QueueItem it = enqueue(c, r, ctx, Origin.AMBIGUOUS, e.requestHash(), p);
                return queuedAnswer(it, t("offline.queued.ambiguous", Mask.text(a.answered() ? a.result().error().name() : a.cause()),
                        ctx.operationId()), false);
            }
            if (a.offlineNotLeft()) {
                if (refundHeld) {
                    journal.notSent(e, resend);
                    OperationResult ref = refused(c, a.cause()).operationId(ctx.operationId());
                    if (resend) ref.outcomeUnknown(true);
                    return ref;
                }
                try {
                    if (capsApply && !resend) checkCaps(RequestJson.amountOf(r));
                } catch (BridgeException full) {
                    journal.notSent(e, resend);
                    throw full;
                }
                QueueItem it = enqueue(c, r, ctx, resend ? Origin.AMBIGUOUS : Origin.OFFLINE, e.requestHash(), p);
                return queuedAnswer(it, t("offline.queued.cause", Mask.text(a.cause()), it.id()), false);
            }
            // not sent (credentials, TLS, wrong URL, lane busy): nothing applied by this attempt
            journal.notSent(e, resend);
            return a.failure();
        }
    }

    // ------------------------------------------------------------------ cancel

    /**
     * Cancel: queued operations that cannot have reached processing (never forwarded, or every attempt
     * failed before the request left) are neutralised and nothing is sent; if anything of the purchase
     * may have reached processing, a Cancel goes live (or into the queue behind it).
     */
    private OperationResult cancel(OperationRequest r) throws BridgeException {
        String pid = r.purchaseId();
        String hash = RequestFingerprint.of(Command.CANCEL, r);
        OperationContext ctx;
        JournalEntry e;
        boolean resend;
        PurchaseJournal.Purchase p;
        long end = System.currentTimeMillis() + cfg.connectTimeoutMs() + cfg.readTimeoutMs() + 2000L;
        synchronized (lock) {
            // an item of the purchase being forwarded right now: its outcome (left or not) decides, so wait for
            // it — the worker marks it under this lock, wait() lets it file the outcome — bounded by the timeouts
            while (pid.equals(link.forwarding) && System.currentTimeMillis() < end) {
                try {
                    lock.wait(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            p = journal.purchase(pid);
            JournalEntry j = p.op(Command.CANCEL);
            OperationResult again = repeated(j, hash);
            if (again != null) return again;
            boolean forwarded = p.anyLiveMayBeApplied();
            boolean neutralised = false;
            for (QueueItem it : store.itemsOf(pid)) {
                if (it.mayHaveReachedProcessing()) {
                    forwarded = true; // only a Cancel undoes it
                } else if (it.open()) {
                    store.finish(it, ItemState.NEUTRALISED, 0, t("offline.neutralised.item"), null);
                    neutralised = true;
                }
            }
            resend = j != null && j.state().unresolved();
            ctx = resend ? ctxOf(j) : newCtx(r);
            if (!forwarded && (neutralised || link.offline())) {
                OperationResult ok = new OperationResult().purchaseId(pid).cashierMessage(t("offline.cancelled.locally"))
                        .warnings(List.of(t(neutralised ? "offline.cancelled.neutralised" : "offline.cancelled.nothing")));
                journal.cancelledLocally(pid, ctx, ok);
                log.info("{} purchaseId={} cancelled locally: nothing of it reached processing", reg, pid);
                return withState(ok);
            }
            if (link.offline() || anyOpen(store.itemsOf(pid))) {
                QueueItem it = enqueue(Command.CANCEL, r, ctx, resend ? Origin.AMBIGUOUS : Origin.OFFLINE, hash, p);
                return queuedAnswer(it, t("offline.cancel.queued", it.id()), !link.offline());
            }
            e = journal.sending(j, pid, Command.CANCEL, ctx, hash, "0", null);
        }
        return liveOrQueue(Command.CANCEL, r, ctx, e, resend, false, p);
    }
}
