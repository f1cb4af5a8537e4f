package org.lmxbridge.internal.offline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.lane.LaneBusyException;
import org.lmxbridge.internal.lane.RegisterLane;
import org.lmxbridge.internal.log.Mask;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolAssumptions;
import org.lmxbridge.internal.protocol.ProtocolException;
import org.lmxbridge.internal.protocol.ProtocolMapper;
import org.lmxbridge.internal.register.Ids;
import org.lmxbridge.internal.transport.TransportException;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.model.ResultLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline policy, purchase journal and store-and-forward replay of one register.
 *
 * <p><b>Online state.</b> A live call that fails with a transport failure, a timeout or a 5xx puts
 * the register offline. While offline is known, online-only calls are answered from that state at
 * once (the check is made again inside the lane, just before sending, so a call waiting behind the
 * failing request does not try either). A background worker probes processing every
 * {@code probeIntervalMs} with a Balance of a fixed dummy identifier ({@link #PROBE_IDENTIFIER}):
 * any well-formed answer — also a processing error such as CardNotFound — means online. Opening a
 * register makes no request at all: the register starts "online" and the first live call that
 * fails puts it offline (a discount then goes straight into the queue; nothing needs a first
 * successful contact). The worker probes only while offline, and forwards a queue found at open.
 * The call that discovers the outage keeps its transport status (300/301/303) with
 * {@code offline: true}; the calls after it get OFFLINE_REFUSED without any connection attempt.
 *
 * <p><b>Replay.</b> The same worker forwards the queue strictly in FIFO order, one item at a time,
 * through the register's lane at {@link RegisterLane#REPLAY} priority (live calls overtake between
 * items), with the stored OperationID and OperationDate. See {@link #replayOne} for how answers are
 * classified (done / retry with backoff / dead / pause).
 */
public final class OfflineEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OfflineEngine.class);

    /**
     * The probe's identifier: a value no card has. Processing answers CardNotFound (or any other
     * well-formed answer), which proves it is reachable and answering; nothing is applied.
     */
    public static final String PROBE_IDENTIFIER = "0000000000000000";

    /** Sends one operation; implemented by the register (encode, lane, transport, decode). */
    public interface Sender {
        /**
         * @param liveGuard when true the request is not sent if the register is known offline by the
         *                  time the lane starts it (a TransportException CONNECT_FAILED, not left)
         */
        OperationResult send(int priority, Command command, OperationRequest request, OperationContext ctx, boolean liveGuard)
                throws TransportException, ProtocolException, LaneBusyException;
    }

    private final BridgeConfig cfg;
    private final QueueStore store;
    private final Sender sender;
    private final String reg;
    /** Guards decisions that read and change the journal and queue together. */
    private final Object lock = new Object();
    private final Object wake = new Object();
    private boolean woken;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Thread worker;
    private volatile boolean closed;
    private volatile boolean offline;
    private volatile String offlineReason;
    private volatile long offlineSince;
    private volatile long lastProbeAt;
    private volatile long lastProbeFailedAt;
    private volatile String pausedReason;
    private volatile long pausedUntil;
    private volatile boolean probeNow;

    public OfflineEngine(BridgeConfig cfg, QueueStore store, Sender sender) {
        this.cfg = cfg;
        this.store = store;
        this.sender = sender;
        this.reg = cfg.register();
        this.worker = new Thread(this::run, "loymax-replay-" + reg);
        worker.setDaemon(true);
    }

    public void start() {
        worker.start();
    }

    public QueueStore store() {
        return store;
    }

    /** True while processing is known to be unreachable. */
    public boolean isOffline() {
        return offline;
    }

    // ------------------------------------------------------------------ live commands

    /** Runs a validated processing command under the offline policy. Never throws. */
    public OperationResult execute(Command command, OperationRequest request) {
        OperationResult r;
        try {
            r = switch (command) {
                case BALANCE, AVAILABLE_AMOUNT -> readOnly(command, request);
                case CALCULATE -> calculate(request);
                case PAY -> pay(request);
                case DISCOUNT -> accrual(command, request, true);
                case CONFIRM -> accrual(command, request, false); // completes accepted work: no cap
                case CANCEL -> cancel(request);
                case REFUND -> refund(request);
                default -> throw new BridgeException(Status.INVALID_REQUEST, command.jsonName() + " is not a processing command");
            };
        } catch (BridgeException e) {
            r = OperationResult.failure(e.status(), Status.errorName(e.status()), null, e.getMessage());
        }
        r.command(command.jsonName());
        if (command != Command.BALANCE && r.purchaseId() == null) r.purchaseId(request.purchaseId());
        return r;
    }

    /** The outcome of one live exchange. */
    private record Attempt(OperationResult result, TransportException te, ProtocolException pe, LaneBusyException busy, String opId) {
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
            return te != null ? te.getMessage() : pe != null ? pe.getMessage() : busy != null ? busy.getMessage() : "";
        }

        /** The failure as the live answer (the same shape the register gave before offline mode). */
        OperationResult failure() {
            return failure0().operationId(opId);
        }

        private OperationResult failure0() {
            if (te != null) {
                OperationResult r = OperationResult.failure(te.status(), te.status() == Status.AUTH_FAILED ? "AuthFailed" : "Transport",
                        null, te.getMessage());
                if (te.requestMayHaveLeft()) r.outcomeUnknown(true);
                return r;
            }
            if (pe != null) {
                OperationResult r = OperationResult.failure(pe.tooLarge() ? Status.RESPONSE_TOO_LARGE : Status.MALFORMED_RESPONSE,
                        "MalformedResponse", null, pe.getMessage());
                return r.outcomeUnknown(true);
            }
            return OperationResult.failure(Status.BUSY, "Busy", null, busy.getMessage());
        }
    }

    private Attempt live(Command command, OperationRequest r, OperationContext ctx) {
        long t0 = System.nanoTime();
        Attempt a;
        try {
            OperationResult res = sender.send(RegisterLane.LIVE, command, r, ctx, true);
            if (res.operationId() == null) res.operationId(ctx.operationId());
            a = new Attempt(res, null, null, null, ctx.operationId());
        } catch (TransportException e) {
            if (e.isOffline()) goOffline(e.getMessage());
            a = new Attempt(null, e, null, null, ctx.operationId());
        } catch (ProtocolException e) {
            a = new Attempt(null, null, e, null, ctx.operationId());
        } catch (LaneBusyException e) {
            a = new Attempt(null, null, null, e, ctx.operationId());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (a.answered() && a.result().ok()) {
            log.info("{} {} purchase={} op={} ok in {} ms", reg, command.jsonName(), ctx.purchaseId(), ctx.operationId(), ms);
        } else {
            String why = a.answered() ? a.result().error().name() + ": " + a.result().error().message() : a.cause();
            log.warn("{} {} purchase={} op={} failed in {} ms: {}", reg, command.jsonName(), ctx.purchaseId(), ctx.operationId(),
                    ms, Mask.text(why));
        }
        if (log.isDebugEnabled() && r.identifier() != null) {
            // Identifier.toString keeps the last four characters only and never prints the PIN
            log.debug("{} {} op={} identifier {}", reg, command.jsonName(), ctx.operationId(), r.identifier());
        }
        return a;
    }

    private OperationContext newCtx(OperationRequest r) {
        return new OperationContext(Ids.newId(), ProtocolMapper.now(), cfg.deviceLogicalId(), r.purchaseId());
    }

    private OperationContext ctxOf(String operationId, String operationDate, String purchaseId) {
        return new OperationContext(operationId, OffsetDateTime.parse(operationDate, ProtocolMapper.OPERATION_DATE),
                cfg.deviceLogicalId(), purchaseId);
    }

    private static String date(OperationContext ctx) {
        return ctx.operationDate().format(ProtocolMapper.OPERATION_DATE);
    }

    private OperationResult withState(OperationResult r) throws BridgeException {
        QueueStore.Stats s = store.stats();
        return r.offline(offline).online(!offline).queueLength(s.open());
    }

    private OperationResult refused(Command c, String cause) throws BridgeException {
        OperationResult r = OperationResult.failure(Status.OFFLINE_REFUSED, "OfflineRefused", null, Texts.refused(c.jsonName()));
        r.cashierMessage(Texts.refused(c.jsonName()));
        r.warnings(List.of("processing is unreachable" + (cause == null ? "" : " (" + Mask.text(cause) + ")") + "; "
                + c.jsonName() + " needs processing and is refused offline"));
        return withState(r);
    }

    /**
     * The call that finds processing unreachable is refused like every later one (OFFLINE_REFUSED,
     * the cashier's sentence), so a register program handles one status for "no connection"; the
     * transport cause (connect, timeout, HTTP 5xx) is in {@code warnings} for the integrator.
     */
    private OperationResult discovered(Attempt a, Command c) throws BridgeException {
        return refused(c, a.cause()).operationId(a.opId());
    }

    private OperationResult readOnly(Command c, OperationRequest r) throws BridgeException {
        if (offline) return refused(c, offlineReason);
        Attempt a = live(c, r, newCtx(r));
        if (a.answered()) return a.result();
        if (a.offlineType()) return discovered(a, c);
        return a.failure();
    }

    private OperationResult calculate(OperationRequest r) throws BridgeException {
        if (offline) return neutral(r, offlineReason);
        Attempt a = live(Command.CALCULATE, r, newCtx(r));
        if (a.answered()) return a.result();
        if (a.offlineType()) return neutral(r, a.cause());
        return a.failure();
    }

    /** Offline calculate: every line echoed without discount, nothing to redeem; the sale goes on. */
    private OperationResult neutral(OperationRequest r, String cause) throws BridgeException {
        List<ResultLine> lines = new ArrayList<>();
        BigDecimal zero = new BigDecimal("0.00");
        for (ChequeLine l : r.cheque().lines()) {
            lines.add(new ResultLine(l.pos(), l.goodsId(), l.amount(), zero, l.quantity(), zero, zero, null));
        }
        OperationResult res = new OperationResult().lines(lines).availableAmount(zero).availableBonusAmount(zero)
                .cashierMessage(Texts.NEUTRAL_CALCULATE);
        res.warnings(List.of("processing is unreachable" + (cause == null ? "" : " (" + Mask.text(cause) + ")")
                + "; neutral result: no discounts, no redemption; discount/confirm will be queued"));
        return withState(res);
    }

    // ------------------------------------------------------------------ pay (redemption)

    private OperationResult pay(OperationRequest r) throws BridgeException {
        String pid = r.purchaseId();
        String key = pid + "|pay";
        if (!inFlight.add(key)) {
            throw new BridgeException(Status.BUSY, "a pay of purchase " + pid + " is already in progress; wait for its answer");
        }
        try {
            JournalEntry j = store.journal(pid, "pay");
            OperationContext ctx = null;
            boolean resend = false;
            if (j != null && (JournalEntry.PENDING.equals(j.state()) || JournalEntry.UNKNOWN.equals(j.state()))) {
                if (j.amount() != null && new BigDecimal(j.amount()).compareTo(r.amount()) != 0) {
                    return withState(OperationResult.failure(Status.OUTCOME_UNKNOWN, "OutcomeUnknown", null, Texts.OUTCOME_UNKNOWN)
                            .outcomeUnknown(true).operationId(j.operationId()).warnings(List.of("the earlier redemption of "
                                    + j.amount() + " for purchase " + pid + " (operation " + j.operationId() + ") has an unknown "
                                    + "outcome; repeat pay with the same amount " + j.amount() + " (it is re-sent with the same "
                                    + "OperationID) or cancel the purchase")));
                }
                ctx = ctxOf(j.operationId(), j.operationDate(), pid);
                resend = true;
            } else if (j != null && JournalEntry.DONE.equals(j.state()) && j.amount() != null && j.resultJson() != null
                    && new BigDecimal(j.amount()).compareTo(r.amount()) == 0) {
                return recorded(j.resultJson(), "pay");
            }
            if (offline) {
                OperationResult ref = refused(Command.PAY, offlineReason);
                if (resend) {
                    ref.outcomeUnknown(true).warnings(List.of("processing is unreachable; the earlier redemption (operation "
                            + j.operationId() + ") still has an unknown outcome: repeat pay with the same purchaseId when "
                            + "online, or cancel the purchase"));
                }
                return ref;
            }
            if (ctx == null) ctx = newCtx(r);
            String amount = r.amount().toPlainString();
            store.putJournal(new JournalEntry(pid, "pay", ctx.operationId(), date(ctx), JournalEntry.PENDING, amount, null, null));
            Attempt a = live(Command.PAY, r, ctx);
            if (a.answered()) {
                OperationResult res = a.result();
                if (res.ok()) {
                    store.putJournal(new JournalEntry(pid, "pay", ctx.operationId(), date(ctx), JournalEntry.DONE, amount,
                            storable(res), null));
                    return res;
                }
                if (resend && "NotUniqueOperationID".equals(res.error().name())) {
                    // the earlier redemption was applied; processing does not repeat its answer
                    OperationResult ok = new OperationResult().operationId(ctx.operationId()).amount(r.amount())
                            .warnings(List.of("processing already had this redemption (NotUniqueOperationID): it was applied once"));
                    store.putJournal(new JournalEntry(pid, "pay", ctx.operationId(), date(ctx), JournalEntry.DONE, amount,
                            storable(ok), null));
                    return ok;
                }
                store.putJournal(new JournalEntry(pid, "pay", ctx.operationId(), date(ctx), JournalEntry.FAILED, amount, null, null));
                return res;
            }
            if (a.ambiguous()) {
                store.putJournal(new JournalEntry(pid, "pay", ctx.operationId(), date(ctx), JournalEntry.UNKNOWN, amount, null, null));
                OperationResult u = OperationResult.failure(Status.OUTCOME_UNKNOWN, "OutcomeUnknown", null, Texts.OUTCOME_UNKNOWN)
                        .outcomeUnknown(true).operationId(ctx.operationId());
                u.cashierMessage(Texts.OUTCOME_UNKNOWN);
                u.warnings(List.of("the redemption request left but no answer came (" + Mask.text(a.cause()) + "); it is never "
                        + "re-sent with a new OperationID: call pay again with the same purchaseId and amount (the bridge "
                        + "re-sends operation " + ctx.operationId() + ") or cancel the purchase"));
                return withState(u);
            }
            // not sent (unreachable, refused credentials, busy): nothing was applied by this attempt
            store.putJournal(new JournalEntry(pid, "pay", ctx.operationId(), date(ctx),
                    resend ? JournalEntry.UNKNOWN : JournalEntry.FAILED, amount, null, null));
            if (a.offlineType()) {
                OperationResult ref = discovered(a, Command.PAY);
                if (resend) ref.outcomeUnknown(true);
                return ref;
            }
            OperationResult f = a.failure();
            if (resend) f.outcomeUnknown(true);
            return f;
        } finally {
            inFlight.remove(key);
        }
    }

    // ------------------------------------------------------------------ discount, confirm, cancel, refund

    /** Writes a result without personal data (identifierData) for the journal. */
    private static String storable(OperationResult r) {
        ObjectNode n = Json.MAPPER.valueToTree(r);
        n.remove("identifierData");
        return n.toString();
    }

    private OperationResult recorded(String json, String command) throws BridgeException {
        try {
            OperationResult r = Json.MAPPER.readValue(json, OperationResult.class);
            List<String> w = new ArrayList<>(r.warnings());
            w.add("this " + command + " was already done for the purchase; this is the recorded answer (nothing was sent again)");
            return r.warnings(w);
        } catch (IOException e) {
            throw new BridgeException(Status.STORAGE_FAILED, "the recorded answer of " + command + " cannot be read: " + e.getMessage());
        }
    }

    private OperationResult queuedAnswer(QueueItem it, String note, boolean behind) throws BridgeException {
        OperationResult r = new OperationResult().queued(true).purchaseId(it.purchaseId()).operationId(it.operationId())
                .cashierMessage(behind && !offline ? Texts.QUEUED_BEHIND : Texts.QUEUED);
        if (note != null) r.warnings(List.of(note));
        return withState(r);
    }

    private void checkCaps(BigDecimal amount) throws BridgeException {
        QueueStore.Stats s = store.stats();
        if (s.open() + 1 > cfg.queueMaxItems()) {
            throw queueFull("the offline queue holds " + s.open() + " operations (queueMaxItems " + cfg.queueMaxItems() + ")");
        }
        if (s.openAmount().add(amount).compareTo(cfg.queueMaxAmount()) > 0) {
            throw queueFull("the offline queue holds purchases of " + s.openAmount().toPlainString() + "; with this one it would exceed "
                    + "queueMaxAmount " + cfg.queueMaxAmount().toPlainString());
        }
    }

    private static BridgeException queueFull(String why) {
        log.warn("offline work refused: {}", why);
        return new BridgeException(Status.QUEUE_FULL, Texts.QUEUE_FULL + " (" + why + ")");
    }

    private static boolean anyOpen(List<QueueItem> items) {
        for (QueueItem i : items) if (i.open()) return true;
        return false;
    }

    private QueueItem enqueue(Command c, OperationRequest r, OperationContext ctx, String origin) throws BridgeException {
        BigDecimal amount = c == Command.DISCOUNT || c == Command.REFUND ? RequestJson.amountOf(r) : BigDecimal.ZERO;
        String chequeDate = r.cheque() == null || r.cheque().date() == null ? null : ProtocolMapper.chequeDate(r.cheque().date());
        QueueItem it = store.enqueue(new QueueStore.NewItem(r.purchaseId(), c.jsonName(), ctx.operationId(), date(ctx), chequeDate,
                RequestJson.write(r), amount, origin, r.refundPurchaseId()));
        log.info("{} {} purchase={} op={} queued as item {} ({})", reg, c.jsonName(), r.purchaseId(), ctx.operationId(), it.id(), origin);
        wake();
        return it;
    }

    /** A discount or refund is replayed later: its cheque carries the register's local time of the sale. */
    private static OperationRequest stamped(OperationRequest r) {
        Cheque c = r.cheque();
        if (c == null || c.date() != null) return r;
        Cheque d = new Cheque(c.number(), LocalDateTime.now().withNano(0), c.lines());
        return new OperationRequest(r.purchaseId(), r.cashier(), r.identifier(), d, r.coupons(), r.params(), r.amount(), r.pays(),
                r.refundPurchaseId(), r.queueAction(), r.queueItemId(), r.reason());
    }

    /**
     * Discount, confirm (and cancel, refund through {@link #liveOrQueue}): idempotent per purchase
     * through the journal — a repeated call returns the recorded answer or "already queued".
     */
    private OperationResult accrual(Command c, OperationRequest req, boolean capsApply) throws BridgeException {
        OperationRequest r = c == Command.DISCOUNT ? stamped(req) : req;
        String pid = r.purchaseId();
        String key = pid + "|" + c.jsonName();
        if (!inFlight.add(key)) {
            throw new BridgeException(Status.BUSY, c.jsonName() + " of purchase " + pid + " is already in progress; wait for its answer");
        }
        try {
            OperationContext ctx;
            synchronized (lock) {
                JournalEntry j = store.journal(pid, c.jsonName());
                OperationResult again = repeated(j, c);
                if (again != null) return again;
                boolean reuse = j != null && (JournalEntry.PENDING.equals(j.state()) || JournalEntry.UNKNOWN.equals(j.state()));
                ctx = reuse ? ctxOf(j.operationId(), j.operationDate(), pid) : newCtx(r);
                boolean behind = anyOpen(store.itemsOf(pid))
                        || (c == Command.REFUND && r.refundPurchaseId() != null && anyOpen(store.itemsOf(r.refundPurchaseId())));
                if (offline || behind) {
                    if (capsApply && !behind && !reuse) checkCaps(RequestJson.amountOf(r));
                    QueueItem it = enqueue(c, r, ctx, reuse ? QueueItem.AMBIGUOUS : QueueItem.OFFLINE);
                    return queuedAnswer(it, behind ? "queued behind earlier operations of this purchase still in the queue"
                            : "processing is unreachable; stored in the offline queue (item " + it.id() + ")", behind);
                }
                store.putJournal(new JournalEntry(pid, c.jsonName(), ctx.operationId(), date(ctx), JournalEntry.PENDING,
                        RequestJson.amountOf(r).toPlainString(), null, null));
            }
            return liveOrQueue(c, r, ctx, capsApply);
        } finally {
            inFlight.remove(key);
        }
    }

    /** The answer for a repeated call of a purchase's operation, or null when it must be (re)sent. */
    private OperationResult repeated(JournalEntry j, Command c) throws BridgeException {
        if (j == null) return null;
        switch (j.state()) {
            case JournalEntry.DONE:
                if (j.resultJson() != null) return recorded(j.resultJson(), c.jsonName());
                return new OperationResult().purchaseId(j.purchaseId()).operationId(j.operationId())
                        .warnings(List.of(c.jsonName() + " was already applied for this purchase"));
            case JournalEntry.QUEUED: {
                QueueItem it = j.queueId() == null ? null : store.item(j.queueId());
                if (it == null) return null;
                if (it.open()) return queuedAnswer(it, c.jsonName() + " of this purchase is already queued (item " + it.id()
                        + "); nothing was added", false);
                if (QueueItem.DONE.equals(it.state())) {
                    if (it.resultJson() != null) return recorded(it.resultJson(), c.jsonName());
                    return new OperationResult().purchaseId(j.purchaseId()).operationId(j.operationId());
                }
                if (QueueItem.NEUTRALISED.equals(it.state())) {
                    throw new BridgeException(Status.WRONG_ORDER, "purchase " + j.purchaseId() + " was cancelled; " + c.jsonName()
                            + " is not possible any more");
                }
                return null; // dead or discarded: a new attempt is a new operation
            }
            default:
                return null; // pending/unknown: re-send with the same id; failed: new operation
        }
    }

    private OperationResult liveOrQueue(Command c, OperationRequest r, OperationContext ctx, boolean capsApply) throws BridgeException {
        String pid = r.purchaseId();
        String amount = RequestJson.amountOf(r).toPlainString();
        Attempt a = live(c, r, ctx);
        synchronized (lock) {
            if (a.answered()) {
                OperationResult res = a.result();
                String name = res.ok() ? null : res.error().name();
                if (res.ok() || Replay.alreadyApplied(c, name)) {
                    if (!res.ok()) {
                        res = new OperationResult().purchaseId(pid).operationId(ctx.operationId()).warnings(List.of(
                                "processing already had this operation (" + name + "): it was applied once"));
                    }
                    store.putJournal(new JournalEntry(pid, c.jsonName(), ctx.operationId(), date(ctx), JournalEntry.DONE, amount,
                            storable(res), null));
                    return res;
                }
                store.putJournal(new JournalEntry(pid, c.jsonName(), ctx.operationId(), date(ctx), JournalEntry.FAILED, amount, null, null));
                return res;
            }
            if (a.ambiguous()) {
                // it may have been applied: re-sent later with the SAME OperationID (never a new one); no cap applies
                QueueItem it = enqueue(c, r, ctx, QueueItem.AMBIGUOUS);
                return queuedAnswer(it, "no answer came (" + Mask.text(a.cause()) + "); the same operation " + ctx.operationId()
                        + " will be re-sent until processing answers", false);
            }
            if (a.offlineNotLeft()) {
                try {
                    if (capsApply) checkCaps(RequestJson.amountOf(r));
                } catch (BridgeException full) {
                    store.putJournal(new JournalEntry(pid, c.jsonName(), ctx.operationId(), date(ctx), JournalEntry.FAILED, amount, null, null));
                    throw full;
                }
                QueueItem it = enqueue(c, r, ctx, QueueItem.OFFLINE);
                return queuedAnswer(it, "processing is unreachable (" + Mask.text(a.cause()) + "); stored in the offline queue (item "
                        + it.id() + ")", false);
            }
            // not sent (credentials, TLS, wrong URL, lane busy): nothing applied by this attempt; the journal
            // keeps "pending" only when an earlier attempt of the same operation may have been applied
            JournalEntry j = store.journal(pid, c.jsonName());
            if (j != null && j.operationId().equals(ctx.operationId()) && JournalEntry.PENDING.equals(j.state())) {
                store.putJournal(new JournalEntry(pid, c.jsonName(), ctx.operationId(), date(ctx), JournalEntry.FAILED, amount, null, null));
            }
            return a.failure();
        }
    }

    private OperationResult cancel(OperationRequest r) throws BridgeException {
        String pid = r.purchaseId();
        String key = pid + "|cancel";
        if (!inFlight.add(key)) {
            throw new BridgeException(Status.BUSY, "cancel of purchase " + pid + " is already in progress; wait for its answer");
        }
        try {
            OperationContext ctx;
            synchronized (lock) {
                JournalEntry j = store.journal(pid, "cancel");
                OperationResult again = repeated(j, Command.CANCEL);
                if (again != null) return again;
                List<QueueItem> items = store.itemsOf(pid);
                boolean forwarded = anyLiveApplied(pid);
                boolean neutralised = false;
                for (QueueItem it : items) {
                    boolean mayHaveReached = QueueItem.DONE.equals(it.state()) || QueueItem.SENT.equals(it.state())
                            || (it.open() && (it.attempts() > 0 || QueueItem.AMBIGUOUS.equals(it.origin())));
                    if (mayHaveReached) {
                        forwarded = true; // only a Cancel undoes it
                    } else if (it.open()) {
                        store.finish(it, QueueItem.NEUTRALISED, 0, "cancelled by the register before it was forwarded", null);
                        neutralised = true;
                    }
                }
                boolean reuse = j != null && (JournalEntry.PENDING.equals(j.state()) || JournalEntry.UNKNOWN.equals(j.state()));
                ctx = reuse ? ctxOf(j.operationId(), j.operationDate(), pid) : newCtx(r);
                if (!forwarded && (neutralised || offline)) {
                    OperationResult ok = new OperationResult().purchaseId(pid).cashierMessage(Texts.CANCELLED_LOCALLY)
                            .warnings(List.of(neutralised ? "the purchase's queued operations were neutralised; nothing is forwarded"
                                    : "nothing of this purchase reached processing; nothing to cancel"));
                    store.putJournal(new JournalEntry(pid, "cancel", ctx.operationId(), date(ctx), JournalEntry.DONE, "0",
                            storable(ok), null));
                    return withState(ok);
                }
                if (offline || anyOpen(store.itemsOf(pid))) {
                    QueueItem it = enqueue(Command.CANCEL, r, ctx, reuse ? QueueItem.AMBIGUOUS : QueueItem.OFFLINE);
                    return queuedAnswer(it, "parts of this purchase reached processing; a Cancel is queued (item " + it.id() + ")",
                            !offline);
                }
                store.putJournal(new JournalEntry(pid, "cancel", ctx.operationId(), date(ctx), JournalEntry.PENDING, "0", null, null));
            }
            return liveOrQueue(Command.CANCEL, r, ctx, false);
        } finally {
            inFlight.remove(key);
        }
    }

    /** Did a live operation of the purchase reach (or maybe reach) processing? */
    private boolean anyLiveApplied(String pid) throws BridgeException {
        for (String c : List.of("pay", "discount", "confirm")) {
            JournalEntry j = store.journal(pid, c);
            if (j == null) continue;
            if (JournalEntry.DONE.equals(j.state()) || JournalEntry.UNKNOWN.equals(j.state()) || JournalEntry.PENDING.equals(j.state())) {
                return true;
            }
        }
        return false;
    }

    private OperationResult refund(OperationRequest r) throws BridgeException {
        if (offline && !cfg.offlineRefunds()) {
            // an already-queued refund is still answered from the journal
            JournalEntry j = store.journal(r.purchaseId(), "refund");
            OperationResult again = repeated(j, Command.REFUND);
            if (again != null) return again;
            return refused(Command.REFUND, offlineReason);
        }
        return accrual(Command.REFUND, stamped(r), true);
    }

    // ------------------------------------------------------------------ status and queue

    public OperationResult status() {
        OperationResult r = new OperationResult().command("status");
        try {
            QueueStore.Stats s = store.stats();
            long age = s.open() == 0 ? 0 : Math.max(0, (System.currentTimeMillis() - s.oldestCreatedAt()) / 1000);
            r.online(!offline).offline(offline).queueLength(s.open()).oldestQueuedAgeSeconds(age).deadCount(s.dead())
                    .queuedAmount(s.openAmount()).replayPausedReason(pausedReason);
            List<String> w = new ArrayList<>();
            if (s.open() > 0 && age > cfg.queueWarnAgeHours() * 3600L) {
                w.add("the oldest queued operation has waited " + (age / 3600) + " h, more than queueWarnAgeHours ("
                        + cfg.queueWarnAgeHours() + " h): check the connection to processing");
            }
            if (s.dead() > 0) {
                w.add(s.dead() + " operation(s) were rejected by processing (dead letters): see the queue command (list, retry, discard)");
            }
            if (offline) {
                w.add("processing unreachable since " + java.time.Instant.ofEpochMilli(offlineSince) + ": " + Mask.text(offlineReason));
            }
            if (pausedReason != null) w.add("replay paused: " + pausedReason);
            r.warnings(w);
        } catch (BridgeException e) {
            r.fail(e.status(), Status.errorName(e.status()), null, e.getMessage());
        }
        return r;
    }

    /** The {@code queue} command: list | retry | discard | flush. Never throws. */
    public OperationResult queue(OperationRequest q) {
        OperationResult r;
        try {
            String action = q.queueAction() == null ? "list" : q.queueAction().trim();
            r = switch (action) {
                case "list" -> list();
                case "retry" -> retry(requireId(q));
                case "discard" -> discard(requireId(q), q.reason());
                case "flush" -> flush(120_000);
                default -> throw new BridgeException(Status.INVALID_VALUE, "/action \"" + action
                        + "\" is not a queue action; use list, retry, discard or flush");
            };
        } catch (BridgeException e) {
            r = OperationResult.failure(e.status(), Status.errorName(e.status()), null, e.getMessage());
        }
        return r.command("queue");
    }

    private static long requireId(OperationRequest q) throws BridgeException {
        if (q.queueItemId() == null) throw new BridgeException(Status.MISSING_FIELD, "/id is required: the queue item number (see queue list)");
        return q.queueItemId();
    }

    private OperationResult stateOf(OperationResult r) {
        OperationResult s = status();
        return r.online(s.online()).offline(Boolean.FALSE.equals(s.online())).queueLength(s.queueLength())
                .oldestQueuedAgeSeconds(s.oldestQueuedAgeSeconds()).deadCount(s.deadCount()).queuedAmount(s.queuedAmount())
                .replayPausedReason(s.replayPausedReason()).warnings(s.warnings());
    }

    private OperationResult list() throws BridgeException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (QueueItem it : store.listOpenAndDead(1000)) items.add(it.toMap());
        return stateOf(new OperationResult().items(items));
    }

    /** An item being forwarded right now is left to finish (bounded by the transport's timeouts) before a person changes it. */
    private void awaitNotSent(long id) throws BridgeException {
        long end = System.currentTimeMillis() + cfg.connectTimeoutMs() + cfg.readTimeoutMs() + 2000L;
        while (System.currentTimeMillis() < end) {
            QueueItem it = store.item(id);
            if (it == null || !QueueItem.SENT.equals(it.state())) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private OperationResult retry(long id) throws BridgeException {
        awaitNotSent(id);
        synchronized (lock) {
            QueueItem it = store.item(id);
            if (it == null) throw new BridgeException(Status.QUEUE_ITEM_NOT_FOUND, "queue item " + id + " does not exist");
            if (QueueItem.DEAD.equals(it.state())) {
                // the item and the later items of the purchase that died because of it go back in line
                for (QueueItem x : store.itemsOf(it.purchaseId())) {
                    if (x.id() >= id && QueueItem.DEAD.equals(x.state())) {
                        store.update(x.id(), QueueItem.QUEUED, 0, null, null, 0);
                        store.putJournal(new JournalEntry(x.purchaseId(), x.command(), x.operationId(), x.operationDate(),
                                JournalEntry.QUEUED, x.amount().toPlainString(), null, x.id()));
                    }
                }
            } else if (QueueItem.RETRY.equals(it.state()) || QueueItem.QUEUED.equals(it.state())) {
                store.update(id, it.state(), 0, null, null, 0);
            } else {
                throw new BridgeException(Status.QUEUE_ITEM_NOT_FOUND, "queue item " + id + " is " + it.state()
                        + "; only dead or waiting items can be retried");
            }
            store.audit(id, "retry", null);
            log.info("{} queue item {} ({} of purchase {}) put back for replay by the operator", reg, id, it.command(), it.purchaseId());
            pausedReason = null;
            pausedUntil = 0;
            if (offline) probeNow = true;
            wake();
            List<Map<String, Object>> l = new ArrayList<>();
            l.add(store.item(id).toMap());
            return stateOf(new OperationResult().items(l));
        }
    }

    private OperationResult discard(long id, String reason) throws BridgeException {
        if (reason == null || reason.isBlank()) {
            throw new BridgeException(Status.MISSING_FIELD, "/reason is required: say why the item is discarded (it is logged)");
        }
        awaitNotSent(id);
        synchronized (lock) {
            QueueItem it = store.item(id);
            if (it == null) throw new BridgeException(Status.QUEUE_ITEM_NOT_FOUND, "queue item " + id + " does not exist");
            if (!(QueueItem.DEAD.equals(it.state()) || QueueItem.QUEUED.equals(it.state()) || QueueItem.RETRY.equals(it.state()))) {
                throw new BridgeException(Status.QUEUE_ITEM_NOT_FOUND, "queue item " + id + " is " + it.state()
                        + "; only dead or waiting items can be discarded");
            }
            store.finish(it, QueueItem.DISCARDED, 0, "discarded: " + reason, null);
            store.audit(id, "discard", reason);
            log.warn("{} queue item {} ({} of purchase {}, op {}) DISCARDED by the operator; reason: {}", reg, id, it.command(),
                    it.purchaseId(), it.operationId(), Mask.text(reason));
            wake();
            List<Map<String, Object>> l = new ArrayList<>();
            l.add(store.item(id).toMap());
            return stateOf(new OperationResult().items(l));
        }
    }

    /** Forwards now: clears a pause and backoffs, probes if offline, waits until the queue is empty or replay stops. */
    public OperationResult flush(long maxWaitMs) throws BridgeException {
        long start = System.currentTimeMillis();
        int done0 = count(QueueItem.DONE);
        int dead0 = count(QueueItem.DEAD);
        synchronized (lock) {
            for (QueueItem it : store.listOpenAndDead(Integer.MAX_VALUE)) {
                if (it.open() && it.nextAttemptAt() > 0) store.update(it.id(), it.state(), 0, null, null, 0);
            }
        }
        pausedReason = null;
        pausedUntil = 0;
        probeNow = true;
        wake();
        String stopped;
        while (true) {
            QueueStore.Stats s = store.stats();
            if (s.open() == 0) {
                stopped = "empty";
                break;
            }
            if (offline && lastProbeFailedAt > start) {
                stopped = "offline";
                break;
            }
            if (pausedReason != null) {
                stopped = "paused: " + pausedReason;
                break;
            }
            if (System.currentTimeMillis() - start > maxWaitMs) {
                stopped = "timeout";
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = "interrupted";
                break;
            }
        }
        Map<String, Object> sum = new LinkedHashMap<>();
        sum.put("forwarded", count(QueueItem.DONE) - done0);
        sum.put("dead", count(QueueItem.DEAD) - dead0);
        sum.put("remaining", store.stats().open());
        sum.put("stoppedBecause", stopped);
        sum.put("ms", System.currentTimeMillis() - start);
        return stateOf(new OperationResult().summary(sum));
    }

    private int count(String state) throws BridgeException {
        int n = 0;
        for (QueueItem it : store.all()) if (state.equals(it.state())) n++;
        return n;
    }

    // ------------------------------------------------------------------ online state, probe, replay worker

    private void goOffline(String reason) {
        if (!offline) {
            offlineSince = System.currentTimeMillis();
            offlineReason = reason;
            log.warn("{} processing unreachable, offline mode: {}", reg, Mask.text(reason));
        }
        offline = true;
        wake();
    }

    private void goOnline(String how) {
        if (offline) {
            log.info("{} processing reachable again ({}); offline for {} s", reg, how,
                    (System.currentTimeMillis() - offlineSince) / 1000);
        }
        offline = false;
        offlineReason = null;
        wake();
    }

    public void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void sleepUntil(long at) {
        synchronized (wake) {
            while (!woken && !closed) {
                long d = at - System.currentTimeMillis();
                if (d <= 0) break;
                try {
                    wake.wait(d);
                } catch (InterruptedException e) {
                    if (closed) return;
                }
            }
            woken = false;
        }
    }

    /** One probe through the lane: a Balance of {@link #PROBE_IDENTIFIER}. */
    void probe() {
        lastProbeAt = System.currentTimeMillis();
        probeNow = false;
        OperationRequest r = OperationRequest.builder().identifier(Identifier.of(PROBE_IDENTIFIER)).build();
        OperationContext ctx = new OperationContext(Ids.newId(), ProtocolMapper.now(), cfg.deviceLogicalId(), null);
        try {
            sender.send(RegisterLane.REPLAY, Command.BALANCE, r, ctx, false);
            goOnline("probe answered");
        } catch (TransportException e) {
            if (e.isOffline()) {
                lastProbeFailedAt = System.currentTimeMillis();
                goOffline(e.getMessage());
            } else {
                // reachable, but the register cannot work: say so; live calls show the error themselves
                goOnline("probe reached processing");
                if (pausedReason == null && hasOpen()) pause(Replay.pauseReason(e), cfg.probeIntervalMs());
            }
        } catch (ProtocolException e) {
            goOnline("probe answered (unusable answer: " + e.getMessage() + ")");
        } catch (LaneBusyException e) {
            // the lane is busy with live calls: processing is being used, nothing to learn
        }
    }

    private boolean hasOpen() {
        try {
            return store.stats().open() > 0;
        } catch (BridgeException e) {
            return false;
        }
    }

    private void pause(String reason, long forMs) {
        if (!reason.equals(pausedReason)) log.warn("{} replay paused: {}", reg, reason);
        pausedReason = reason;
        pausedUntil = System.currentTimeMillis() + forMs;
    }

    private void run() {
        while (!closed) {
            try {
                long now = System.currentTimeMillis();
                if (probeNow || offline) {
                    long at = probeNow ? now : lastProbeAt + cfg.probeIntervalMs();
                    if (at > now) {
                        sleepUntil(at);
                        continue;
                    }
                    probe();
                    continue;
                }
                QueueItem head = store.head();
                if (head == null) {
                    sleepUntil(now + cfg.probeIntervalMs());
                    continue;
                }
                if (pausedUntil > now) {
                    sleepUntil(pausedUntil);
                    continue;
                }
                if (head.nextAttemptAt() > now) {
                    sleepUntil(head.nextAttemptAt());
                    continue;
                }
                replayOne(head);
            } catch (BridgeException | RuntimeException e) {
                if (closed) return;
                log.error("{} replay worker: {}", reg, Mask.text(String.valueOf(e.getMessage())), e);
                sleepUntil(System.currentTimeMillis() + cfg.probeIntervalMs());
            }
        }
    }

    /**
     * Forwards the head item once and files the outcome:
     * <ul>
     * <li>answered ok, or "already applied" ({@link Replay#alreadyApplied}) → done;</li>
     * <li>the processing lock, refused credentials, wrong URL (404), TLS, device/signature errors → replay
     *     pauses ({@code replayPausedReason}), the item is untouched (no attempt counted);</li>
     * <li>unreachable, timeout, 5xx, unusable answer, SystemError → retry with exponential backoff and
     *     jitter (the same OperationID every time);</li>
     * <li>any other processing error → dead with the server's reason; the next item goes on.</li>
     * </ul>
     * A confirm, cancel or refund whose purchase has a dead (or discarded) earlier operation is not sent.
     */
    void replayOne(QueueItem head) throws BridgeException {
        QueueItem it;
        synchronized (lock) {
            it = store.item(head.id());
            if (it == null || !it.open()) return;
            String blocker = blocker(it);
            if (blocker != null) {
                if ("cancel".equals(it.command())) {
                    store.finish(it, QueueItem.NEUTRALISED, 0, "not sent: nothing to cancel, " + blocker, null);
                } else {
                    store.finish(it, QueueItem.DEAD, 0, "not sent: " + blocker, null);
                    log.warn("{} queue item {} ({} of purchase {}) dead: {}", reg, it.id(), it.command(), it.purchaseId(), blocker);
                }
                return;
            }
            store.update(it.id(), QueueItem.SENT, 0, null, null, 0);
        }
        Command c = Command.parse(it.command());
        OperationRequest r = RequestJson.read(it.requestJson());
        OperationContext ctx = ctxOf(it.operationId(), it.operationDate(), it.purchaseId());
        OperationResult res;
        try {
            res = sender.send(RegisterLane.REPLAY, c, r, ctx, false);
        } catch (TransportException e) {
            if (e.isOffline() || e.status() == Status.RESPONSE_TOO_LARGE) {
                if (e.isOffline()) goOffline(e.getMessage());
                retryLater(it, e.getMessage());
            } else {
                pause(Replay.pauseReason(e), cfg.probeIntervalMs());
                store.update(it.id(), previous(it), 0, null, null, it.nextAttemptAt());
            }
            return;
        } catch (ProtocolException e) {
            retryLater(it, "unusable answer: " + e.getMessage());
            return;
        } catch (LaneBusyException e) {
            store.update(it.id(), previous(it), 0, null, null, System.currentTimeMillis() + 50);
            return;
        }
        String name = res.ok() ? null : res.error().name();
        Replay.Verdict v = Replay.classify(c, res);
        switch (v) {
            case DONE -> {
                if (!res.ok()) {
                    res = new OperationResult().purchaseId(it.purchaseId()).operationId(it.operationId());
                }
                res.command(c.jsonName()).purchaseId(it.purchaseId());
                pausedReason = null; // before the item leaves the queue: status never shows an empty queue still "paused"
                store.finish(it, QueueItem.DONE, 1, name == null ? null : "already applied: " + name, storable(res));
                log.info("{} replayed item {} ({} of purchase {}, op {}){}", reg, it.id(), it.command(), it.purchaseId(),
                        it.operationId(), name == null ? "" : ": already applied (" + name + ")");
            }
            case PAUSE -> {
                long backoff = ProtocolAssumptions.LOCK_ERROR_NAME.equals(name) ? backoff(1 + it.attempts() % 4) : cfg.probeIntervalMs();
                pause(name + ": " + res.error().message(), backoff);
                store.update(it.id(), previous(it), 0, null, null, it.nextAttemptAt());
            }
            case RETRY -> {
                pausedReason = null;
                retryLater(it, name + ": " + res.error().message());
            }
            case DEAD -> {
                String why = name + " (" + res.error().serverCode() + "): " + res.error().message();
                pausedReason = null;
                store.finish(it, QueueItem.DEAD, 1, why, null);
                log.warn("{} queue item {} ({} of purchase {}, op {}) rejected by processing, dead: {}", reg, it.id(), it.command(),
                        it.purchaseId(), it.operationId(), Mask.text(why));
            }
            default -> throw new IllegalStateException(v.name());
        }
    }

    private static String previous(QueueItem it) {
        return it.attempts() > 0 ? QueueItem.RETRY : QueueItem.QUEUED;
    }

    private void retryLater(QueueItem it, String error) throws BridgeException {
        long next = System.currentTimeMillis() + backoff(it.attempts() + 1);
        store.update(it.id(), QueueItem.RETRY, 1, error, null, next);
        log.info("{} queue item {} ({} of purchase {}) will be retried: {}", reg, it.id(), it.command(), it.purchaseId(), Mask.text(error));
    }

    /** Exponential backoff from min(500 ms, probe interval), capped at max(probe interval, 60 s), with jitter 50–100 %. */
    private long backoff(int attempt) {
        long base = Math.min(500, cfg.probeIntervalMs());
        long cap = Math.max(cfg.probeIntervalMs(), 60_000);
        long d = Math.min(cap, base << Math.min(20, Math.max(0, attempt - 1)));
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    }

    /** Why an item must not be sent: an earlier operation of its purchase (or of the refunded purchase) was rejected. */
    private String blocker(QueueItem it) throws BridgeException {
        if ("discount".equals(it.command())) return null;
        List<QueueItem> mine = new ArrayList<>(store.itemsOf(it.purchaseId()));
        if (it.refPurchaseId() != null) mine.addAll(store.itemsOf(it.refPurchaseId()));
        for (QueueItem x : mine) {
            if (x.id() >= it.id()) continue;
            if (!"discount".equals(x.command()) && !"confirm".equals(x.command())) continue;
            if (QueueItem.DEAD.equals(x.state()) || QueueItem.DISCARDED.equals(x.state())) {
                return "the " + x.command() + " of purchase " + x.purchaseId() + " (item " + x.id() + ") was "
                        + (QueueItem.DEAD.equals(x.state()) ? "rejected: " + x.lastError() : x.lastError());
            }
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        wake();
        worker.interrupt();
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
