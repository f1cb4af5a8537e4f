package org.lmxbridge.internal.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /metrics} of this process (the host or the console): one registry with the bridge's metrics
 * ({@link BridgeCollector}) and the client's JVM and process metrics, served by the client's HTTP
 * exporter on one thread (a scrape is small; a second Prometheus waits its turn). Only these
 * processes create it: the in-process engine inside a register program loads none of this. Internal.
 */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;
    private final MetricsSettings settings;

    private MetricsServer(HTTPServer server, MetricsSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    /**
     * Starts serving.
     * @param registers the registers shown, read at each scrape
     * @throws IOException the port cannot be bound (in use, not an address of this computer)
     */
    public static MetricsServer start(MetricsSettings s, Supplier<List<RegisterState>> registers) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new BridgeCollector(registers));
        JvmMetrics.builder().register(registry);
        ExecutorService one = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lmx-metrics-http");
            t.setDaemon(true);
            return t;
        });
        HTTPServer.Builder b = HTTPServer.builder().inetAddress(s.bind()).port(s.port()).registry(registry).executorService(one);
        if (s.token() != null) b.authenticator(new BearerAuthenticator(s.token()));
        try {
            return new MetricsServer(b.buildAndStart(), s);
        } catch (IOException | RuntimeException e) {
            one.shutdownNow();
            throw e;
        }
    }

    public int port() {
        return server.getPort();
    }

    /** {@code http://127.0.0.1:9464/metrics}. */
    public String url() {
        return "http://" + settings.address(port()) + "/metrics";
    }

    /** The operator's sentence at start: where the metrics are, and the token file when one is required. */
    public String announcement(org.lmxbridge.Language language) {
        return settings.token() == null ? org.lmxbridge.internal.text.Msg.of("metrics.listening", url()).in(language)
                : org.lmxbridge.internal.text.Msg.of("metrics.listening.token", url(), settings.tokenFile()).in(language);
    }

    /** The sentence when the port cannot be opened. */
    public static String bindFailed(MetricsSettings s, IOException e, org.lmxbridge.Language language) {
        return org.lmxbridge.internal.text.Msg.of("metrics.bind.failed", s.address(s.port()), e.getMessage()).in(language);
    }

    @Override
    public void close() {
        server.close();
    }
}
