package org.lmxbridge.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.spi.RequestSigner;

/**
 * POSTs protocol XML to the register URL over {@code java.net.http}: Basic auth, connect and
 * response timeouts, TLS verified against the system or a configured trust store, a capped body.
 * Every call is bounded: the caller's whole call returns within connect timeout + read timeout
 * (the exchange gets what is left of it, less {@link #FINISH_MS}), whatever the server does.
 *
 * <p>The {@code HttpClient} comes from {@link HttpClients}: one per connect timeout and trust store
 * for the whole process, shared by every register, because Java 17's client cannot be closed (each
 * one keeps a selector thread and its connections until it is garbage collected: a client per open
 * leaked a thread and ~3 file descriptors per open/close cycle, issue 11). It is obtained at the
 * first request, not at open: opening a register and answering {@code version} or
 * {@code status} never need it, and building it costs ~0.2 s of class loading and trust-store
 * parsing (measured, bridge-native/README.md "Benchmarks"). A configured {@code trustStore} is
 * checked cheaply at construction (it must be a readable file: the same CONFIG_INVALID sentence as
 * a failed load); one that cannot be loaded at the first request fails that request with
 * CONFIG_INVALID and the same sentence, and the next request tries again.
 */
public final class HttpTransport {
    private final BridgeConfig cfg;
    private final URI uri;
    private final String authorization;
    private final String contentType;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;
    private final int maxResponseBytes;
    private final RequestSigner signer;
    /**
     * Kept from the connect + read budget for what follows the exchange in the same call (mapping the
     * answer, or the offline policy's refusal, the first time with class loading): the call as a whole
     * ends within connect + read timeout.
     */
    static final int FINISH_MS = 100;
    private volatile HttpClient client;

    public HttpTransport(BridgeConfig cfg) throws BridgeException {
        this.cfg = cfg;
        this.uri = cfg.registerUri();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (cfg.login() + ":" + cfg.password()).getBytes(StandardCharsets.UTF_8));
        this.contentType = "application/xml; charset=" + cfg.charset().name().toLowerCase(java.util.Locale.ROOT);
        this.connectTimeoutMs = cfg.connectTimeoutMs();
        this.readTimeoutMs = cfg.readTimeoutMs();
        this.maxResponseBytes = cfg.maxResponseBytes();
        this.signer = cfg.signer();
        if (cfg.trustStore() != null) {
            checkTrustStoreReadable(cfg);
        }
    }

    /** Open (and close) the trust store file: a missing or unreadable one is a configuration error at open. */
    private static void checkTrustStoreReadable(BridgeConfig cfg) throws BridgeException {
        try (InputStream in = Files.newInputStream(cfg.trustStore())) {
            in.read(); // a folder opens but cannot be read; loading (and the password) waits for the first request
        } catch (IOException | SecurityException e) {
            throw trustStoreError(cfg, e);
        }
    }

    private static BridgeException trustStoreError(BridgeConfig cfg, Exception e) {
        return Msg.of("transport.trustStore", cfg.trustStore(), cfg.trustStoreType(), e.getMessage()).error(Status.CONFIG_INVALID);
    }

    /** The process-wide client for this configuration (a failure to load the trust store is not remembered). */
    private HttpClient client() throws TransportException {
        HttpClient c = client;
        if (c != null) return c;
        try {
            c = HttpClients.get(cfg, () -> {
                HttpClient.Builder b = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofMillis(connectTimeoutMs))
                        .followRedirects(HttpClient.Redirect.NEVER);
                if (cfg.trustStore() != null) b.sslContext(sslContext(cfg));
                else if (!"https".equalsIgnoreCase(uri.getScheme())) b.sslContext(PlainHttp.CONTEXT);
                return b.build();
            });
        } catch (BridgeException e) {
            throw new TransportException(e.status(), Msg.of("text", e.message(cfg.language())), false, 0, e);
        }
        client = c;
        return c;
    }

    /**
     * The TLS context the transport uses for {@code cfg}: the configured trust store, else the
     * system's ({@code loymax-bridge check} makes its TLS step with it).
     * @throws BridgeException CONFIG_INVALID when the trust store cannot be loaded
     */
    public static SSLContext tlsContext(BridgeConfig cfg) throws BridgeException {
        if (cfg.trustStore() != null) return sslContext(cfg);
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no default TLS context in this Java", e);
        }
    }

    private static SSLContext sslContext(BridgeConfig cfg) throws BridgeException {
        try (InputStream in = Files.newInputStream(cfg.trustStore())) {
            KeyStore ks = KeyStore.getInstance(cfg.trustStoreType());
            char[] pw = cfg.trustStorePassword() == null ? null : cfg.trustStorePassword().toCharArray();
            ks.load(in, pw);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException | SecurityException e) {
            throw trustStoreError(cfg, e);
        }
    }

    public URI uri() {
        return uri;
    }

    /**
     * Sends one request body and returns the response body of a 2xx answer.
     * @throws TransportException with a 3xx status; {@code requestMayHaveLeft} tells whether the
     *     operation's effect on processing is unknown; CONFIG_INVALID (not sent) when the configured
     *     trust store cannot be loaded
     */
    public byte[] post(byte[] body) throws TransportException {
        return post(body, 0);
    }

    /**
     * As {@link #post(byte[])}, for a call that already spent {@code spentMs} preparing the request
     * (encoding it, loading classes the first time): the call as a whole stays within connect + read
     * timeout, so the exchange gets that much less.
     */
    public byte[] post(byte[] body, long spentMs) throws TransportException {
        long started = System.nanoTime() - Math.max(0, spentMs) * 1_000_000L;
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .header("Content-Type", contentType)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signer != null) {
            try {
                Map<String, String> h = signer.sign(body);
                h.forEach(rb::header);
            } catch (Exception e) {
                throw new TransportException(Status.TLS_FAILED, Msg.of("transport.signer", e.getMessage()), false, 0, e);
            }
        }
        boolean trace = org.lmxbridge.internal.log.ExchangeTrace.enabled();
        if (trace) org.lmxbridge.internal.log.ExchangeTrace.request(cfg.register(), uri.toString(), body, cfg.charset());
        HttpResponse<byte[]> resp;
        try {
            resp = exchange(rb, started);
        } catch (TransportException e) {
            if (trace) org.lmxbridge.internal.log.ExchangeTrace.failure(cfg.register(), e.getMessage(), elapsedMs(started));
            throw e;
        }
        int code = resp.statusCode();
        if (trace) org.lmxbridge.internal.log.ExchangeTrace.response(cfg.register(), code, resp.body(), elapsedMs(started));
        if (code == 401 || code == 403) {
            throw new TransportException(Status.AUTH_FAILED, Msg.of("transport.auth", code), false, code, null);
        }
        if (code < 200 || code > 299) {
            // 5xx: the server took the request but failed; the operation may or may not have been applied.
            throw new TransportException(Status.HTTP_STATUS, Msg.of(code == 404 ? "transport.http.404" : "transport.http", code),
                    code >= 500, code, null);
        }
        return resp.body();
    }

    private static long elapsedMs(long started) {
        return (System.nanoTime() - started) / 1_000_000L;
    }

    /** The answer within what is left of connect + read timeout, or the failure classified. */
    private HttpResponse<byte[]> exchange(HttpRequest.Builder rb, long started) throws TransportException {
        HttpClient http = client();
        HttpResponse<byte[]> resp;
        // a blocking send on this thread, bounded by two deadlines that interrupt it (see ExchangeDeadline
        // for why not the request's own timeout or sendAsync): the answer's headers from the send
        // (connect included) within the read timeout, and the whole exchange, body included, within
        // what is left of connect + read timeout
        long leftMs = connectTimeoutMs + (long) readTimeoutMs - FINISH_MS - (System.nanoTime() - started) / 1_000_000L;
        ExchangeDeadline deadline = ExchangeDeadline.arm(Math.min(readTimeoutMs, leftMs), leftMs);
        try {
            resp = http.send(rb.build(), info -> {
                deadline.headersArrived();
                return new LimitedBodySubscriber(maxResponseBytes);
            });
        } catch (InterruptedException e) {
            ExchangeDeadline.Fired fired = deadline.disarm();
            if (fired == ExchangeDeadline.Fired.HEADERS) {
                throw new TransportException(Status.TIMEOUT, Msg.of("transport.timeout.read", readTimeoutMs), true, 0, e);
            }
            if (fired == ExchangeDeadline.Fired.CALL) {
                throw new TransportException(Status.TIMEOUT, Msg.of("transport.timeout.call", connectTimeoutMs + readTimeoutMs), true, 0, e);
            }
            Thread.currentThread().interrupt();
            throw new TransportException(Status.TIMEOUT, Msg.of("transport.interrupted"), true, 0, e);
        } catch (IOException | RuntimeException e) {
            // the client throws the cause of a failed exchange (wrapped when it is not an IOException)
            throw classify(e);
        } finally {
            deadline.disarm();
        }
        return resp;
    }

    private TransportException classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof LimitedBodySubscriber.BodyTooLargeException big) {
                return new TransportException(Status.RESPONSE_TOO_LARGE, Msg.of("transport.tooLarge", big.limit), true, 0, t);
            }
            if (c instanceof HttpConnectTimeoutException) {
                return new TransportException(Status.CONNECT_FAILED, Msg.of("transport.connect.timeout", hostPort(), connectTimeoutMs),
                        false, 0, t);
            }
            if (c instanceof SSLHandshakeException) {
                return new TransportException(Status.TLS_FAILED, Msg.of("transport.tls.handshake", hostPort(), c.getMessage()),
                        false, 0, t);
            }
            if (c instanceof SSLException) {
                return new TransportException(Status.TLS_FAILED, Msg.of("transport.tls", hostPort(), c.getMessage()), false, 0, t);
            }
            if (c instanceof ConnectException || c instanceof UnresolvedAddressException
                    || c instanceof java.net.UnknownHostException || c instanceof java.net.NoRouteToHostException) {
                return new TransportException(Status.CONNECT_FAILED, Msg.of("transport.connect", hostPort(), describe(c)), false, 0, t);
            }
        }
        // An I/O failure after connecting: the request may have reached processing.
        return new TransportException(Status.TIMEOUT, Msg.of("transport.broken", describe(t)), true, 0, t);
    }

    private String hostPort() {
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
