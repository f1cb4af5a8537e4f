package org.lmxbridge.internal.offline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Language;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.CallLanguage;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.log.Mask;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a person sees and decides about the queue: {@code status} (online, queue length and age,
 * dead letters, discrepancies, replay pause) and the {@code queue} command — list, retry, discard
 * (also: acknowledge a discrepancy), flush.
 */
final class QueueAdmin {
    private static final Logger log = LoggerFactory.getLogger(QueueAdmin.class);

    private final BridgeConfig cfg;
    private final QueueStore store;
    private final LinkState link;
    private final Object lock;
    private final String reg;
    private final Language lang;

    /** The language of the session calling now (CallLanguage), else the register's. */
    private Language lang() {
        return CallLanguage.or(lang);
    }

    QueueAdmin(BridgeConfig cfg, QueueStore store, LinkState link, Object lock) {
        this.cfg = cfg;
        this.store = store;
        this.link = link;
        this.lock = lock;
        this.reg = cfg.register();
        this.lang = cfg.language();
    }

    private String t(String key, Object... args) {
        return Msg.of(key, args).in(lang());
    }

    OperationResult status() {
        OperationResult r = new OperationResult().command("status");
        try {
            QueueStore.Stats s = store.stats();
            r.queueStates(store.figures().byState());
            boolean offline = link.offline();
            long age = s.open() == 0 ? 0 : Math.max(0, (System.currentTimeMillis() - s.oldestCreatedAt()) / 1000);
            r.online(!offline).offline(offline).queueLength(s.open()).oldestQueuedAgeSeconds(age).deadCount(s.dead())
                    .discrepancyCount(s.discrepancies()).queuedAmount(s.openAmount()).replayPausedReason(link.pausedReason());
            List<String> w = new ArrayList<>();
            if (s.open() > 0 && age > cfg.queueWarnAgeHours() * 3600L) {
                w.add(t("queue.warn.age", age / 3600, cfg.queueWarnAgeHours()));
            }
            if (s.dead() > 0) {
                w.add(t("queue.warn.dead", s.dead()));
            }
            if (s.discrepancies() > 0) {
                w.add(t("queue.warn.discrepancies", s.discrepancies()));
            }
            if (offline) {
                w.add(t("queue.warn.offline", java.time.Instant.ofEpochMilli(link.offlineSince()), Mask.text(link.offlineReason())));
            }
            if (link.pausedReason() != null) w.add(t("queue.warn.paused", link.pausedReason()));
            r.warnings(w);
        } catch (BridgeException e) {
            r.fail(e.status(), Status.errorName(e.status()), null, e.message(lang()));
        }
        return r;
    }

    /** The {@code queue} command: list | retry | discard | flush. Never throws. */
    OperationResult queue(OperationRequest q) {
        OperationResult r;
        try {
            String action = q.queueAction() == null ? "list" : q.queueAction().trim();
            r = switch (action) {
                case "list" -> list();
                case "retry" -> retry(requireId(q));
                case "discard" -> discard(requireId(q), q.reason());
                case "flush" -> flush(120_000);
                default -> throw Msg.of("queue.action.unknown", action).error(Status.INVALID_VALUE);
            };
        } catch (BridgeException e) {
            r = OperationResult.failure(e.status(), Status.errorName(e.status()), null, e.message(lang()));
        }
        return r.command("queue");
    }

    private static long requireId(OperationRequest q) throws BridgeException {
        if (q.queueItemId() == null) throw Msg.of("queue.id.required").error(Status.MISSING_FIELD);
        return q.queueItemId();
    }

    private OperationResult stateOf(OperationResult r) {
        OperationResult s = status();
        return r.online(s.online()).offline(Boolean.FALSE.equals(s.online())).queueLength(s.queueLength())
                .oldestQueuedAgeSeconds(s.oldestQueuedAgeSeconds()).deadCount(s.deadCount()).discrepancyCount(s.discrepancyCount())
                .queuedAmount(s.queuedAmount()).replayPausedReason(s.replayPausedReason()).warnings(s.warnings());
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
            if (it == null || it.state() != ItemState.SENT) return;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private OperationResult one(long id) throws BridgeException {
        List<Map<String, Object>> l = new ArrayList<>();
        l.add(store.item(id).toMap());
        return stateOf(new OperationResult().items(l));
    }

    private OperationResult retry(long id) throws BridgeException {
        awaitNotSent(id);
        synchronized (lock) {
            QueueItem it = store.item(id);
            if (it == null) throw Msg.of("queue.item.none", id).error(Status.QUEUE_ITEM_NOT_FOUND);
            if (it.state() == ItemState.DEAD) {
                // the item and the later items of the purchase that died because of it go back in line
                for (QueueItem x : store.itemsOf(it.purchaseId())) {
                    if (x.id() >= id && x.state() == ItemState.DEAD) {
                        store.update(x.id(), ItemState.QUEUED, 0, null, null, 0);
                        JournalEntry j = store.journal(x.purchaseId(), x.command());
                        if (j == null || j.operationId().equals(x.operationId())) {
                            store.putJournal(new JournalEntry(x.purchaseId(), x.command(), x.operationId(), x.operationDate(),
                                    OperationState.QUEUED, x.amount().toPlainString(), null, x.id(), j == null ? null : j.requestHash(),
                                    null, null));
                        }
                    }
                }
            } else if (it.state() == ItemState.RETRY || it.state() == ItemState.QUEUED) {
                store.update(id, it.state(), 0, null, null, 0);
            } else {
                throw Msg.of("queue.retry.state", id, it.state()).error(Status.QUEUE_ITEM_NOT_FOUND);
            }
            store.audit(id, "retry", null);
            log.info("{} queue item={} ({} of purchaseId={}) put back for replay by the operator", reg, id, it.command().jsonName(),
                    it.purchaseId());
            link.unpause();
            if (link.offline()) link.probeNow = true;
            link.wake();
            return one(id);
        }
    }

    private OperationResult discard(long id, String reason) throws BridgeException {
        if (reason == null || reason.isBlank()) {
            throw Msg.of("queue.reason.required").error(Status.MISSING_FIELD);
        }
        awaitNotSent(id);
        synchronized (lock) {
            QueueItem it = store.item(id);
            if (it == null) throw Msg.of("queue.item.none", id).error(Status.QUEUE_ITEM_NOT_FOUND);
            if (!(it.state() == ItemState.DEAD || it.state() == ItemState.QUEUED || it.state() == ItemState.RETRY
                    || it.state() == ItemState.DISCREPANCY)) {
                throw Msg.of("queue.discard.state", id, it.state()).error(Status.QUEUE_ITEM_NOT_FOUND);
            }
            boolean ack = it.state() == ItemState.DISCREPANCY;
            store.finish(it, ItemState.DISCARDED, 0, t(ack ? "queue.acknowledged" : "queue.discarded", reason), null);
            store.audit(id, ack ? "acknowledge" : "discard", reason);
            log.warn("{} queue item={} ({} of purchaseId={}, operationId={}) {} by the operator; reason: {}", reg, id, it.command().jsonName(),
                    it.purchaseId(), it.operationId(), ack ? "discrepancy ACKNOWLEDGED" : "DISCARDED", Mask.text(reason));
            link.wake();
            return one(id);
        }
    }

    /** Forwards now: clears a pause and backoffs, probes if offline, waits until the queue is empty or replay stops. */
    OperationResult flush(long maxWaitMs) throws BridgeException {
        long start = System.currentTimeMillis();
        int done0 = store.count(ItemState.DONE) + store.count(ItemState.DISCREPANCY);
        int dead0 = store.count(ItemState.DEAD);
        synchronized (lock) {
            for (QueueItem it : store.listOpenAndDead(Integer.MAX_VALUE)) {
                if (it.open() && it.nextAttemptAt() > 0) store.update(it.id(), it.state(), 0, null, null, 0);
            }
        }
        link.unpause();
        link.probeNow = true;
        link.wake();
        String stopped;
        while (true) {
            if (store.openCount() == 0) {
                stopped = "empty";
                break;
            }
            if (link.offline() && link.lastProbeFailedAt > start) {
                stopped = "offline";
                break;
            }
            if (link.pausedReason() != null) {
                stopped = "paused: " + link.pausedReason();
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
        sum.put("forwarded", store.count(ItemState.DONE) + store.count(ItemState.DISCREPANCY) - done0);
        sum.put("dead", store.count(ItemState.DEAD) - dead0);
        sum.put("discrepancies", store.stats().discrepancies());
        sum.put("remaining", store.openCount());
        sum.put("stoppedBecause", stopped);
        sum.put("ms", System.currentTimeMillis() - start);
        return stateOf(new OperationResult().items(null).summary(sum));
    }
}
