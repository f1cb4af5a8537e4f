package org.lmxbridge.internal.register;

import java.util.concurrent.ExecutionException;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.CallLanguage;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.lane.LaneBusyException;
import org.lmxbridge.internal.lane.RegisterLane;
import org.lmxbridge.internal.offline.OfflineEngine;
import org.lmxbridge.internal.offline.QueueStore;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolCodec;
import org.lmxbridge.internal.protocol.ProtocolException;
import org.lmxbridge.internal.protocol.ProtocolMapper;
import org.lmxbridge.internal.protocol.XmlRequestEnvelope;
import org.lmxbridge.internal.protocol.XmlResponseEnvelope;
import org.lmxbridge.internal.transport.HttpTransport;
import org.lmxbridge.internal.transport.TransportException;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;

/**
 * One processing register in this process: its configuration, its serial lane, its transport.
 * Shared by every session (handle) opened for the same register, see {@link Registers}.
 */
public final class Register implements AutoCloseable {
    private final BridgeConfig config;
    private final RegisterLane lane;
    private final HttpTransport transport;
    private final OfflineEngine offline;
    /** When processing last answered (epoch ms); 0 before the first answer since the register opened. */
    private volatile long lastContact;
    private final org.lmxbridge.internal.owner.OwnerChannel channel;
    /** The call counters the metrics read (plain counters: nothing of the metrics library on the call path). */
    private final org.lmxbridge.internal.metrics.RegisterMetrics metrics = new org.lmxbridge.internal.metrics.RegisterMetrics();

    /**
     * The XML codec, one for all registers (it is thread-safe), created by the first exchange: opening
     * a register and answering {@code version}/{@code status} never need the XML mapper.
     */
    private static final class Codec {
        static final ProtocolCodec INSTANCE = new ProtocolCodec();
    }

    /** Opens the register: its transport, lane and offline queue. Never touches the network. */
    Register(BridgeConfig config) throws BridgeException {
        this.config = config;
        this.transport = new HttpTransport(config);
        DataFolder.check(config.dataDir());
        QueueStore store = QueueStore.open(config.dataDir(), config.register());
        this.lane = new RegisterLane(config.register());
        this.offline = new OfflineEngine(config, store, this::exchange, metrics);
        offline.start();
        if ("TRACE".equals(config.logLevel())) org.lmxbridge.internal.log.LogControl.exchangeTrace(true);
        if (config.jsonLog()) org.lmxbridge.internal.log.OperationLog.enableJson();
        // other processes (loymax-bridge queue/check/console) reach this register through its owner channel
        this.channel = org.lmxbridge.internal.owner.OwnerChannel.start(this);
    }

    /** The offline policy, queue and replay of this register. */
    public OfflineEngine offline() {
        return offline;
    }

    public BridgeConfig config() {
        return config;
    }

    public RegisterLane lane() {
        return lane;
    }

    /**
     * Runs a validated processing command under the offline policy (see {@link OfflineEngine}):
     * assigns the operation id (or re-uses the journalled one), sends it through the lane or queues
     * it, maps the answer. Never throws.
     */
    public OperationResult execute(Command command, OperationRequest request) {
        return offline.execute(command, request);
    }

    /** The {@code queue} command (list | retry | discard | flush). Never throws. */
    public OperationResult queue(OperationRequest request) {
        return offline.queue(request);
    }

    /**
     * The raw exchange; with {@code liveGuard} the request is not sent when, by the time the lane
     * starts it, the register is known to be offline (no connection attempt is made).
     */
    public OperationResult exchange(int priority, Command command, OperationRequest request, OperationContext ctx,
                                    boolean liveGuard) throws TransportException, ProtocolException, LaneBusyException {
        ProtocolCodec codec = Codec.INSTANCE;
        byte[] body = codec.encode(XmlRequestEnvelope.of(ProtocolMapper.toXml(command, request, ctx)), config.charset());
        // the call so far counts in its connect + read budget (the first call loads the XML codec);
        // the wait for the lane does not (lane.call below); replays on the engine's own thread have no mark
        long preparedMs = CallClock.elapsedMs();
        byte[] answer;
        long queuedAt = System.nanoTime();
        try {
            answer = lane.call(priority, config.laneWaitMs(), () -> {
                long startedAt = System.nanoTime();
                metrics.laneWaitNanos(startedAt - queuedAt);
                if (liveGuard && offline.isOffline()) {
                    throw new TransportException(Status.CONNECT_FAILED, Msg.of("transport.knownOffline"), false, 0, null);
                }
                try {
                    byte[] a = transport.post(body, preparedMs);
                    lastContact = System.currentTimeMillis();
                    return a;
                } finally {
                    metrics.exchangeNanos(System.nanoTime() - startedAt);
                }
            });
        } catch (LaneBusyException e) {
            // the lane never started it (what the body throws comes wrapped): it waited the whole time in vain
            metrics.laneWaitNanos(System.nanoTime() - queuedAt);
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof TransportException te) throw te;
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaneBusyException(Msg.of("lane.interrupted"));
        }
        XmlResponseEnvelope env = codec.decode(answer);
        return ProtocolMapper.toResult(command, env, CallLanguage.or(config.language()));
    }

    /**
     * The register's state for the {@code status} command: online, queue length and age, dead letters,
     * and when processing last answered ({@code lastContact}; absent, with a warning, before the first
     * answer: "online" then only means "not known to be unreachable").
     */
    public OperationResult status() {
        OperationResult r = offline.status();
        long at = lastContact;
        if (at > 0) {
            r.lastContact(java.time.Instant.ofEpochMilli(at).toString());
        } else if (r.ok() && Boolean.TRUE.equals(r.online())) {
            java.util.List<String> w = new java.util.ArrayList<>(r.warnings());
            w.add(org.lmxbridge.internal.text.OperationsTexts.noContactYet());
            r.warnings(w);
        }
        return r;
    }

    /** The call counters of this register. */
    public org.lmxbridge.internal.metrics.RegisterMetrics metrics() {
        return metrics;
    }

    /**
     * The register as the metrics show it, read from the state {@code status} reads (the kept queue
     * figures, one indexed row for the oldest item): called at scrape time, never on a call's path.
     */
    public org.lmxbridge.internal.metrics.RegisterState metricsState() {
        long[] items = null;
        java.math.BigDecimal[] amount = null;
        long age = 0;
        try {
            QueueStore.Figures f = offline.store().figures();
            items = new long[QueueStore.KEPT.size()];
            amount = new java.math.BigDecimal[QueueStore.KEPT.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = f.items(QueueStore.KEPT.get(i));
                amount[i] = f.amount(QueueStore.KEPT.get(i));
            }
            age = f.oldestCreatedAt() == 0 ? 0 : Math.max(0, (System.currentTimeMillis() - f.oldestCreatedAt()) / 1000);
        } catch (BridgeException e) {
            // the queue cannot be read now: its series are left out of this scrape, the others stay
        }
        return new org.lmxbridge.internal.metrics.RegisterState(config.partner(), config.register(), config.shop(),
                !offline.isOffline(), lastContact, items, amount, age, metrics);
    }

    /** When processing last answered (epoch ms), 0 before the first answer. */
    public long lastContact() {
        return lastContact;
    }

    /**
     * The connection check run by this process, the register's owner: its queue is open here, the probe
     * goes through the register's lane (so it never runs beside another request of the register).
     */
    public OperationResult check() {
        org.lmxbridge.internal.diagnose.ConnectionCheck c = new org.lmxbridge.internal.diagnose.ConnectionCheck(
                CallLanguage.or(config.language()))
                .configuration(config).dataFolder(config.dataDir());
        c.add(org.lmxbridge.internal.diagnose.Verdict.ok("queue",
                org.lmxbridge.internal.text.OperationsTexts.queueHere(offline.store().openCount())));
        return c.network(config).probe(config, this::exchange).report().toResult();
    }

    @Override
    public void close() {
        if (channel != null) channel.close();
        offline.close();
        lane.close();
    }
}
