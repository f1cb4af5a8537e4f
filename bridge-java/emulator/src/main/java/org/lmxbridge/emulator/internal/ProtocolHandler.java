package org.lmxbridge.emulator.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import org.lmxbridge.emulator.Faults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /XmlExchange/{partner}/{login}/}: routing, Basic auth, body limit, faults, processing lock,
 * then {@link Processing}.
 */
final class ProtocolHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolHandler.class);
    static final String PREFIX = "/XmlExchange/";

    /** Thrown out of {@link #handle} so that the JDK server closes the connection (see {@link #drop}). */
    private static final class DropConnection extends IOException {
        private static final long serialVersionUID = 1L;

        DropConnection(String message) {
            super(message, null);
        }
    }

    private final Map<String, Seed.Register> registers;
    private final Processing processing;
    private final Faults faults;
    private final Metrics metrics;
    private final int maxBodyBytes;
    private final RequestReader reader = new RequestReader();

    ProtocolHandler(Seed seed, Processing processing, Faults faults, Metrics metrics, int maxBodyBytes) {
        this.registers = seed.registersByKey();
        this.processing = processing;
        this.faults = faults;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        boolean dropped = false;
        try {
            route(ex);
        } catch (DropConnection d) {
            dropped = true;
            throw d; // the JDK HttpServer closes the connection when a handler throws
        } catch (Exception e) {
            LOG.error("internal error while handling {}", ex.getRequestURI().getPath(), e);
            try {
                sendText(ex, 500, "Internal Server Error");
            } catch (IOException | RuntimeException headersAlreadySent) {
                dropped = true;
                throw new DropConnection("internal error");
            }
        } finally {
            if (!dropped) {
                ex.close();
            }
        }
    }

    private void route(HttpExchange ex) throws Exception {
        String path = ex.getRequestURI().getPath();
        String rest = path.substring(Math.min(path.length(), PREFIX.length()));
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String[] parts = rest.split("/", -1);
        Seed.Register reg = parts.length == 2 ? registers.get(parts[0] + "/" + parts[1]) : null;
        if (!path.startsWith(PREFIX) || reg == null) {
            drain(ex);
            sendEmpty(ex, 404);
            return;
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            drain(ex);
            ex.getResponseHeaders().set("Allow", "POST");
            sendEmpty(ex, 405);
            return;
        }
        String key = reg.partner + "/" + reg.login;
        int before = metrics.enter(key);
        InFlight inFlight = new InFlight(key);
        try {
            exchange(ex, reg, key, before > 0, inFlight);
        } finally {
            inFlight.leave();
        }
    }

    /**
     * Leaves the register's in-flight count once. Called right before the first byte of the answer is sent:
     * a client that sends its next request as soon as it has read an answer must never find its previous
     * request still counted in flight (that would be a spurious processing lock).
     */
    private final class InFlight {
        private final String key;
        private final AtomicBoolean left = new AtomicBoolean();

        InFlight(String key) {
            this.key = key;
        }

        void leave() {
            if (left.compareAndSet(false, true)) {
                metrics.exit(key);
            }
        }
    }

    private void exchange(HttpExchange ex, Seed.Register reg, String key, boolean concurrent, InFlight inFlight)
            throws Exception {
        if (!authorized(ex.getRequestHeaders().getFirst("Authorization"), reg)) {
            metrics.command(key, "unauthorized");
            drain(ex);
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Loymax\"");
            inFlight.leave();
            sendEmpty(ex, 401);
            return;
        }
        byte[] body = readBody(ex);
        if (body == null) {
            metrics.command(key, "tooLarge");
            inFlight.leave();
            sendEmpty(ex, 413);
            return;
        }
        RequestReader.Outcome o = reader.read(body);
        String command = o.request() != null ? o.request().command().protocolName()
                : o.commandHint() != null ? o.commandHint() : "invalid";
        metrics.command(key, command);

        int latency;
        synchronized (faults) {
            latency = matches(command) ? faults.latencyMs() : 0;
        }
        if (latency > 0) {
            Thread.sleep(latency);
        }
        if (take(command, faults::http401, faults::http401)) {
            metrics.command(key, "unauthorized");
            LOG.info("{} {}: fault http401", key, command);
            inFlight.leave();
            sendEmpty(ex, 401);
            return;
        }
        if (take(command, faults::http500, faults::http500)) {
            metrics.http500(key);
            LOG.info("{} {}: fault http500", key, command);
            inFlight.leave();
            sendText(ex, 500, "Internal Server Error");
            return;
        }
        if (take(command, faults::dropBeforeApply, faults::dropBeforeApply)) {
            metrics.dropped(key);
            LOG.info("{} {}: fault dropBeforeApply, closing the connection without an answer", key, command);
            inFlight.leave();
            throw new DropConnection("dropBeforeApply fault");
        }
        if (o.request() == null) {
            LOG.info("{}: root error {} {}", key, o.rootError().code(), o.rootMessage());
            inFlight.leave();
            sendXml(ex, Processing.rootError(o.rootError(), o.rootMessage()));
            return;
        }
        Request req = o.request();
        boolean lockFault;
        boolean lockOnConcurrent;
        synchronized (faults) {
            lockFault = faults.lock() && matches(command);
            lockOnConcurrent = faults.lockOnConcurrent();
        }
        if (lockFault || (concurrent && lockOnConcurrent)) {
            metrics.locked(key);
            LOG.info("{} {} op {}: processing lock ({})", key, command, req.operationId(),
                    lockFault ? "fault" : "concurrent request");
            inFlight.leave();
            sendXml(ex, Processing.lockResponse(req));
            return;
        }
        Processing.Result r = processing.handle(reg, req);
        if (r.replayed()) {
            metrics.replayed(key);
        }
        if (take(command, faults::dropAfterApply, faults::dropAfterApply)) {
            metrics.dropped(key);
            LOG.info("{} {} op {}: fault dropAfterApply, applied; cutting the answer", key, command,
                    req.operationId());
            inFlight.leave();
            drop(ex, r.body());
        }
        inFlight.leave();
        sendXml(ex, r.body());
    }

    /**
     * Sends the headers with the full Content-Length and only half of the body, then throws: the JDK server
     * closes the connection and {@code java.net.http.HttpClient} fails with
     * {@code IOException: fixed content-length: N, bytes received: M}.
     */
    private static void drop(HttpExchange ex, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/xml; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        OutputStream os = ex.getResponseBody();
        os.write(body, 0, body.length / 2);
        os.flush();
        throw new DropConnection("dropAfterApply fault");
    }

    private boolean matches(String command) {
        String scope = faults.command();
        return scope == null || scope.equalsIgnoreCase(command);
    }

    /** Consumes one unit of a counting fault when it applies to the command (-1 = always, never consumed). */
    private boolean take(String command, IntSupplier get, IntConsumer set) {
        synchronized (faults) {
            if (!matches(command)) {
                return false;
            }
            int n = get.getAsInt();
            if (n == 0) {
                return false;
            }
            if (n > 0) {
                set.accept(n - 1);
            }
            return true;
        }
    }

    private static boolean authorized(String header, Seed.Register reg) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean loginOk = decoded.substring(0, colon).equals(reg.login);
        boolean passwordOk = MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8),
                reg.password.getBytes(StandardCharsets.UTF_8));
        return loginOk & passwordOk;
    }

    /** The body, or null when it exceeds the limit. */
    private byte[] readBody(HttpExchange ex) throws IOException {
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        if (cl != null) {
            try {
                if (Long.parseLong(cl.trim()) > maxBodyBytes) {
                    return null;
                }
            } catch (NumberFormatException ignored) {
                // the server itself rejects malformed lengths
            }
        }
        InputStream in = ex.getRequestBody();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            if (out.size() > maxBodyBytes) {
                return null;
            }
        }
        return out.toByteArray();
    }

    private static void drain(HttpExchange ex) {
        // read() and not skip(): LeftOverInputStream.skip() of JDK 17 blocks past the end of a fixed-length body
        try (InputStream in = ex.getRequestBody()) {
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while (total < (1 << 20) && (n = in.read(buf)) >= 0) {
                total += n;
            }
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    static void sendEmpty(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
    }

    static void sendText(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    private static void sendXml(HttpExchange ex, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/xml; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }
}
