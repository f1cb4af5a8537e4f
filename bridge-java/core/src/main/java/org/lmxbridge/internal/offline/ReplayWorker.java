package org.lmxbridge.internal.offline;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Language;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.lane.LaneBusyException;
import org.lmxbridge.internal.lane.RegisterLane;
import org.lmxbridge.internal.log.Mask;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolAssumptions;
import org.lmxbridge.internal.protocol.ProtocolException;
import org.lmxbridge.internal.protocol.ProtocolMapper;
import org.lmxbridge.internal.register.Ids;
import org.lmxbridge.internal.transport.TransportException;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The register's background worker: probes processing while offline and forwards the queue strictly
 * in FIFO order, one item at a time, through the register's lane at {@link RegisterLane#REPLAY}
 * priority (live calls overtake between items), with the stored OperationID and OperationDate.
 *
 * <p>The probe is a Balance of {@link #PROBE_IDENTIFIER}: any well-formed answer — also a processing
 * error such as CardNotFound — means online; nothing is applied. See {@link #replayOne} for how
 * answers are filed.
 */
final class ReplayWorker {
    private static final Logger log = LoggerFactory.getLogger(ReplayWorker.class);

    /**
     * The probe's identifier: a value no card has. Processing answers CardNotFound (or any other
     * well-formed answer), which proves it is reachable and answering; nothing is applied.
     */
    static final String PROBE_IDENTIFIER = "0000000000000000";

    private final BridgeConfig cfg;
    /** The register's language: the sentences stored with its queue items. */
    private final Language lang;
    private final QueueStore store;
    private final PurchaseJournal journal;
    private final Sender sender;
    private final LinkState link;
    private final Object lock;
    private final String reg;
    private final Thread thread;
    private final org.lmxbridge.internal.metrics.RegisterMetrics metrics;

    ReplayWorker(BridgeConfig cfg, QueueStore store, PurchaseJournal journal, Sender sender, LinkState link, Object lock,
                 org.lmxbridge.internal.metrics.RegisterMetrics metrics) {
        this.metrics = metrics;
        this.cfg = cfg;
        this.store = store;
        this.journal = journal;
        this.sender = sender;
        this.link = link;
        this.lock = lock;
        this.reg = cfg.register();
        this.lang = cfg.language();
        this.thread = new Thread(this::run, "loymax-replay-" + reg);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        link.closed = true;
        link.wake();
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One probe through the lane: a Balance of {@link #PROBE_IDENTIFIER}. */
    void probe() {
        link.lastProbeAt = System.currentTimeMillis();
        link.probeNow = false;
        OperationRequest r = OperationRequest.builder().identifier(Identifier.of(PROBE_IDENTIFIER)).build();
        OperationContext ctx = new OperationContext(Ids.newId(), ProtocolMapper.now(), cfg.deviceLogicalId(), null);
        try {
            sender.send(RegisterLane.REPLAY, Command.BALANCE, r, ctx, false);
            link.goOnline("probe answered");
        } catch (TransportException e) {
            if (e.isOffline()) {
                link.lastProbeFailedAt = System.currentTimeMillis();
                link.goOffline(e.message(lang));
            } else {
                // reachable, but the register cannot work: say so; live calls show the error themselves
                link.goOnline("probe reached processing");
                if (link.pausedReason() == null && store.openCount() > 0) link.pause(Replay.pauseReason(e, lang), cfg.probeIntervalMs());
            }
        } catch (ProtocolException e) {
            link.goOnline("probe answered (unusable answer: " + e.message(Language.EN) + ")");
        } catch (LaneBusyException e) {
            // the lane is busy with live calls: processing is being used, nothing to learn
        }
    }

    private void run() {
        while (!link.closed) {
            try {
                long now = System.currentTimeMillis();
                if (link.probeNow || link.offline()) {
                    store.flush(); // the outcomes filed so far are on disk before the worker waits
                    long at = link.probeNow ? now : link.lastProbeAt + cfg.probeIntervalMs();
                    if (at > now) {
                        link.sleepUntil(at);
                        continue;
                    }
                    probe();
                    continue;
                }
                QueueItem head = store.head();
                if (head == null) {
                    store.flush();
                    link.sleepUntil(now + cfg.probeIntervalMs());
                    continue;
                }
                if (link.pausedUntil() > now) {
                    store.flush();
                    link.sleepUntil(link.pausedUntil());
                    continue;
                }
                if (head.nextAttemptAt() > now) {
                    store.flush();
                    link.sleepUntil(head.nextAttemptAt());
                    continue;
                }
                replayOne(head); // its mark "sent" commits the previous item's outcome with it
            } catch (BridgeException | RuntimeException e) {
                if (link.closed) return;
                log.error("{} replay worker: {}", reg, Mask.text(String.valueOf(e.getMessage())), e);
                link.sleepUntil(System.currentTimeMillis() + cfg.probeIntervalMs());
            }
        }
    }

    /**
     * Forwards the head item once and files the outcome:
     * <ul>
     * <li>answered ok, or the purchase has moved past it ({@link Replay#movedPast}) → done, unless the
     *     answer differs from what the register was told ({@link Discrepancies}) → discrepancy;</li>
     * <li>NotUniqueOperationID → discrepancy (processing has it but does not say what became of it);</li>
     * <li>the processing lock, refused credentials, wrong URL (404), TLS, device/signature errors → replay
     *     pauses ({@code replayPausedReason}), the item is untouched (no attempt counted);</li>
     * <li>unreachable, timeout, 5xx, unusable answer, SystemError → retry with exponential backoff and
     *     jitter (the same OperationID every time);</li>
     * <li>any other processing error → dead with the server's reason; the next item goes on.</li>
     * </ul>
     * A confirm, cancel or refund whose purchase has a dead (or discarded) earlier operation is not sent.
     * An attempt that was answered or lost marks the item "may have reached processing" (a cancel then
     * sends a Cancel instead of neutralising it); one that failed before leaving does not.
     */
    void replayOne(QueueItem head) throws BridgeException {
        QueueItem it;
        synchronized (lock) {
            it = store.item(head.id());
            if (it == null || !it.open()) return;
            String blocker = blocker(it);
            if (blocker != null) {
                if (it.command() == Command.CANCEL) {
                    store.finish(it, ItemState.NEUTRALISED, 0, t("replay.notSent.nothingToCancel", blocker), null);
                } else {
                    store.finish(it, ItemState.DEAD, 0, t("replay.notSent", blocker), null);
                    metrics.replayed(org.lmxbridge.internal.metrics.RegisterMetrics.Replayed.DEAD);
                    log.warn("{} queue item={} ({} of purchaseId={}) dead: {}", reg, it.id(), it.command().jsonName(), it.purchaseId(), blocker);
                }
                return;
            }
            store.update(it.id(), ItemState.SENT, 0, null, null, 0);
            link.forwarding = it.purchaseId();
        }
        try {
            forward(it);
        } finally {
            link.forwarding = null;
        }
    }

    private void forward(QueueItem it) throws BridgeException {
        Command c = it.command();
        OperationRequest r = RequestJson.read(it.requestJson());
        OperationContext ctx = new OperationContext(it.operationId(), OffsetDateTime.parse(it.operationDate(), ProtocolMapper.OPERATION_DATE),
                cfg.deviceLogicalId(), it.purchaseId());
        OperationResult res;
        try {
            res = sender.send(RegisterLane.REPLAY, c, r, ctx, false);
        } catch (TransportException e) {
            if (e.isOffline() || e.status() == Status.RESPONSE_TOO_LARGE) {
                if (e.isOffline()) link.goOffline(e.message(lang));
                retryLater(it, e.message(lang), e.requestMayHaveLeft());
            } else {
                link.pause(Replay.pauseReason(e, lang), cfg.probeIntervalMs());
                store.update(it.id(), previous(it), 0, null, null, it.nextAttemptAt(), e.requestMayHaveLeft());
            }
            return;
        } catch (ProtocolException e) {
            retryLater(it, t("replay.unusable", e.message(lang)), true);
            return;
        } catch (LaneBusyException e) {
            store.update(it.id(), previous(it), 0, null, null, System.currentTimeMillis() + 50);
            return;
        }
        String name = res.ok() ? null : res.error().name();
        Replay.Verdict v = Replay.classify(c, res);
        switch (v) {
            case DONE -> {
                String discrepancy = res.ok() && c == Command.DISCOUNT
                        ? Discrepancies.of(c, res, settledRedemption(it.purchaseId()), lang) : null;
                if (!res.ok()) res = new OperationResult().purchaseId(it.purchaseId()).operationId(it.operationId());
                res.command(c.jsonName()).purchaseId(it.purchaseId());
                link.clearPausedReason(); // before the item leaves the queue: status never shows an empty queue still "paused"
                if (discrepancy == null) {
                    // committed with the next item's "sent" mark, or before the worker waits (QueueStore.finishUncommitted)
                    store.finishUncommitted(it, ItemState.DONE, 1, name == null ? null : t("replay.alreadyApplied", name),
                            PurchaseJournal.storable(res), null, true);
                    metrics.replayed(org.lmxbridge.internal.metrics.RegisterMetrics.Replayed.DONE);
                    log.info("{} replayed item={} ({} of purchaseId={}, operationId={}){}", reg, it.id(), c.jsonName(), it.purchaseId(),
                            it.operationId(), name == null ? "" : ": already applied (" + name + ")");
                } else {
                    discrepancy(it, res, discrepancy);
                }
            }
            case SEEN -> {
                link.clearPausedReason();
                discrepancy(it, new OperationResult().command(c.jsonName()).purchaseId(it.purchaseId()).operationId(it.operationId()),
                        Discrepancies.seen(c, lang));
            }
            case PAUSE -> {
                long backoff = ProtocolAssumptions.LOCK_ERROR_NAME.equals(name) ? backoff(1 + it.attempts() % 4) : cfg.probeIntervalMs();
                link.pause(name + ": " + res.error().message(), backoff);
                store.update(it.id(), previous(it), 0, null, null, it.nextAttemptAt(), true);
            }
            case RETRY -> {
                link.clearPausedReason();
                retryLater(it, name + ": " + res.error().message(), true);
            }
            case DEAD -> {
                String why = name + " (" + res.error().serverCode() + "): " + res.error().message();
                link.clearPausedReason();
                store.finish(it, ItemState.DEAD, 1, why, null, null, true);
                metrics.replayed(org.lmxbridge.internal.metrics.RegisterMetrics.Replayed.DEAD);
                log.warn("{} queue item={} ({} of purchaseId={}, operationId={}) rejected by processing, dead: {}", reg, it.id(), c.jsonName(),
                        it.purchaseId(), it.operationId(), Mask.text(why));
            }
            default -> throw new IllegalStateException(v.name());
        }
    }

    private void discrepancy(QueueItem it, OperationResult res, String discrepancy) throws BridgeException {
        store.finish(it, ItemState.DISCREPANCY, 1, null, PurchaseJournal.storable(res), discrepancy, true);
        metrics.replayed(org.lmxbridge.internal.metrics.RegisterMetrics.Replayed.DISCREPANCY);
        log.warn("{} DISCREPANCY: replayed item={} ({} of purchaseId={}, operationId={}) was applied by processing differently from what the "
                + "register was told: {}", reg, it.id(), it.command().jsonName(), it.purchaseId(), it.operationId(), discrepancy);
    }

    /** The redemption the register was told succeeded for the purchase (0 when none). */
    private BigDecimal settledRedemption(String purchaseId) throws BridgeException {
        JournalEntry pay = journal.op(purchaseId, Command.PAY);
        if (pay == null || pay.state() != OperationState.DONE || pay.amount() == null) return BigDecimal.ZERO;
        return new BigDecimal(pay.amount());
    }

    private static ItemState previous(QueueItem it) {
        return it.attempts() > 0 ? ItemState.RETRY : ItemState.QUEUED;
    }

    private void retryLater(QueueItem it, String error, boolean mayHaveLeft) throws BridgeException {
        long next = System.currentTimeMillis() + backoff(it.attempts() + 1);
        store.update(it.id(), ItemState.RETRY, 1, error, null, next, mayHaveLeft);
        log.info("{} queue item={} ({} of purchaseId={}) will be retried: {}", reg, it.id(), it.command().jsonName(), it.purchaseId(),
                Mask.text(error));
    }

    /** Exponential backoff from min(500 ms, probe interval), capped at max(probe interval, 60 s), with jitter 50–100 %. */
    private String t(String key, Object... args) {
        return Msg.of(key, args).in(lang);
    }

    private long backoff(int attempt) {
        long base = Math.min(500, cfg.probeIntervalMs());
        long cap = Math.max(cfg.probeIntervalMs(), 60_000);
        long d = Math.min(cap, base << Math.min(20, Math.max(0, attempt - 1)));
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    }

    /** Why an item must not be sent: an earlier operation of its purchase (or of the refunded purchase) was rejected. */
    private String blocker(QueueItem it) throws BridgeException {
        if (it.command() == Command.DISCOUNT) return null;
        List<QueueItem> mine = new ArrayList<>(store.itemsOf(it.purchaseId()));
        if (it.refPurchaseId() != null) mine.addAll(store.itemsOf(it.refPurchaseId()));
        for (QueueItem x : mine) {
            if (x.id() >= it.id()) continue;
            if (x.command() != Command.DISCOUNT && x.command() != Command.CONFIRM) continue;
            if (x.state() == ItemState.DEAD || (x.state() == ItemState.DISCARDED && x.discrepancy() == null)) {
                return t(x.state() == ItemState.DEAD ? "replay.blocker.dead" : "replay.blocker.discarded", x.command().jsonName(),
                        x.purchaseId(), x.id(), x.lastError());
            }
        }
        return null;
    }
}
