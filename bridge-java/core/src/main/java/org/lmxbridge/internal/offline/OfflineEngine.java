package org.lmxbridge.internal.offline;

import org.lmxbridge.BridgeConfig;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;

/**
 * The offline side of one register, wired together: the queue file ({@link QueueStore}), the
 * purchase journal ({@link PurchaseJournal}, the purchase's state machine), the per-command policy
 * ({@link OfflinePolicy}), the background probe and replay ({@link ReplayWorker}) and the queue
 * administration ({@link QueueAdmin}); they share the link state ({@link LinkState}) and one lock for
 * decisions that read and change the journal and the queue together.
 *
 * <p>Opening a register makes no request: it starts "online" and the first live call that fails
 * puts it offline; the worker probes only while offline, and forwards a queue found at open.
 */
public final class OfflineEngine implements AutoCloseable {
    private final QueueStore store;
    private final LinkState link;
    private final OfflinePolicy policy;
    private final ReplayWorker replay;
    private final QueueAdmin admin;

    /** {@code metrics}: where the replay counts its results. */
    public OfflineEngine(BridgeConfig cfg, QueueStore store, Sender sender, org.lmxbridge.internal.metrics.RegisterMetrics metrics) {
        this.store = store;
        this.link = new LinkState(cfg.register());
        Object lock = new Object();
        PurchaseJournal journal = new PurchaseJournal(store);
        this.policy = new OfflinePolicy(cfg, store, journal, new LiveCall(sender, link, cfg.register(), cfg.language()), link, lock);
        this.replay = new ReplayWorker(cfg, store, journal, sender, link, lock, metrics);
        this.admin = new QueueAdmin(cfg, store, link, lock);
    }

    public void start() {
        replay.start();
    }

    public QueueStore store() {
        return store;
    }

    /** True while processing is known to be unreachable. */
    public boolean isOffline() {
        return link.offline();
    }

    /** Runs a validated processing command under the offline policy. Never throws. */
    public OperationResult execute(Command command, OperationRequest request) {
        return policy.execute(command, request);
    }

    public OperationResult status() {
        return admin.status();
    }

    /** The {@code queue} command: list | retry | discard | flush. Never throws. */
    public OperationResult queue(OperationRequest q) {
        return admin.queue(q);
    }

    public void wake() {
        link.wake();
    }

    @Override
    public void close() {
        replay.stop();
        store.close();
    }
}
