package org.lmxbridge.emulator.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lmxbridge.emulator.DuplicateOperationIds;
import org.lmxbridge.emulator.EmulatorOptions;
import org.lmxbridge.emulator.Faults;
import org.lmxbridge.emulator.LedgerSnapshot;
import org.lmxbridge.emulator.MetricsSnapshot;
import org.lmxbridge.emulator.TestCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires seed, store, processing and the HTTP server. Use {@link org.lmxbridge.emulator.Emulator} instead. */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final Seed seed;
    private final Faults faults;
    private final Metrics metrics = new Metrics();
    private final Processing processing;
    private final HttpServer server;
    private final ExecutorService executor;

    private Engine(EmulatorOptions options) throws IOException {
        this.seed = Seed.load(options.seed());
        Faults f = new Faults()
                .duplicateOperationIds(DuplicateOperationIds.parse(seed.duplicateOperationIds));
        if (seed.lockOnConcurrent != null) {
            f.lockOnConcurrent(seed.lockOnConcurrent);
        }
        if (options.faults() != null) {
            f.copyFrom(options.faults());
        }
        this.faults = f;
        try {
            this.processing = new Processing(seed, new Store(options.db()), faults);
        } catch (SQLException e) {
            throw new IOException("cannot open the emulator database: " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(0, 256, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "lmx-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        try {
            // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle holds the
            // body until the client's delayed ACK (40 ms on Linux) — every answer would take 40 ms.
            // Real processing servers answer in one go; the emulator must not be slower than they are.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 128);
        } catch (IOException e) {
            closeQuietly();
            throw e;
        }
        server.setExecutor(executor);
        server.createContext(ProtocolHandler.PREFIX,
                new ProtocolHandler(seed, processing, faults, metrics, options.maxBodyBytes()));
        server.createContext("/admin/", new AdminHandler(this));
        server.start();
        LOG.info("Loymax emulator listening on {} ({} registers, {} cards, state {})", baseUrl(),
                seed.registers.size(), seed.cards.size(), options.db() == null ? "in memory" : options.db());
    }

    public static Engine start(EmulatorOptions options) throws IOException {
        return new Engine(options);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public Faults faults() {
        return faults;
    }

    public String currency() {
        return seed.currency;
    }

    public LedgerSnapshot ledger() {
        try {
            return processing.ledger();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    public MetricsSnapshot metrics() {
        return metrics.snapshot();
    }

    public void resetMetrics() {
        metrics.reset();
    }

    public List<TestCard> cards() {
        try {
            return processing.cards();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /** Changes a card's status (active, notActivated, blocked); false when there is no such card. */
    public boolean setCardStatus(String number, String status) {
        try {
            return processing.setCardStatus(number, status);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        closeQuietly();
        LOG.info("Loymax emulator stopped");
    }

    private void closeQuietly() {
        try {
            processing.close();
        } catch (SQLException e) {
            LOG.warn("closing the database failed: {}", e.getMessage());
        }
    }
}
