package org.lmxbridge.internal.host;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.lmxbridge.Status;
import org.lmxbridge.internal.nativeentry.SessionTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host engine: serves the native operations ({@code NativeEntry}) to clients on the loopback
 * interface, so several processes share this process's registers (one lane, one queue per
 * register). One daemon thread per connection with blocking I/O, up to
 * {@link HostOptions#maxConnections()}; each connection has its own handles, closed when it ends.
 * The protocol is {@code docs/host-protocol.md}. Never ends the JVM. Internal.
 */
public final class HostServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostServer.class);

    private final HostOptions options;
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final Set<HostConnection> connections = ConcurrentHashMap.newKeySet();
    /** Connections still in their hello, oldest first (a subset of {@link #connections}). */
    private final java.util.Deque<HostConnection> pending = new java.util.ArrayDeque<>();
    private final AtomicLong handleCounter = new AtomicLong(1);
    private final AtomicInteger connectionIds = new AtomicInteger();
    /** Registers the host keeps open for its whole life ({@code --config}), independent of connections. */
    private final SessionTable residents = new SessionTable(new AtomicLong(1));
    private volatile boolean closed;

    private HostServer(HostOptions options, ServerSocket serverSocket) {
        this.options = options;
        this.serverSocket = serverSocket;
        this.acceptor = new Thread(this::acceptLoop, "lmx-host-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds and starts serving.
     * @throws IllegalArgumentException no token, or a bind address that is not loopback
     * @throws IOException the port cannot be bound (e.g. {@link java.net.BindException}: in use)
     */
    public static HostServer start(HostOptions options) throws IOException {
        if (options.token() == null || options.token().isEmpty()) {
            throw new IllegalArgumentException("the host needs a token");
        }
        if (!options.bind().isLoopbackAddress()) {
            throw new IllegalArgumentException("the host listens on the loopback interface only; "
                    + options.bind().getHostAddress() + " is not a loopback address");
        }
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win"));
            ss.bind(new InetSocketAddress(options.bind(), options.port()), 50);
        } catch (IOException | RuntimeException e) {
            ss.close();
            throw e;
        }
        HostServer h = new HostServer(options, ss);
        h.acceptor.start();
        if (!options.ownerChannel()) LOG.info("host listening on {}:{}", options.bind().getHostAddress(), h.port());
        return h;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return new InetSocketAddress(serverSocket.getInetAddress(), serverSocket.getLocalPort());
    }

    HostOptions options() {
        return options;
    }

    AtomicLong handleCounter() {
        return handleCounter;
    }

    /**
     * Opens a register for the host's whole life, so its lane, queue and offline replay run while no
     * client is connected, and a bad configuration is reported at start. Closed by {@link #close()}.
     * @return the outcome (status 0, or the status and text of the failure)
     */
    public SessionTable.Opened keepOpen(String configJsonOrPath) {
        return residents.open(configJsonOrPath);
    }

    /** Connections currently open (authenticated or still before hello). */
    public int connectionCount() {
        return connections.size();
    }

    /** Handles currently open over all connections. */
    public int openHandleCount() {
        int n = 0;
        for (HostConnection c : connections) n += c.openHandles();
        return n;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) LOG.warn("host: accepting a connection failed: {}", e.toString());
                if (serverSocket.isClosed()) return;
                continue;
            } catch (Throwable t) {
                LOG.error("host: accept loop error", t);
                continue;
            }
            try {
                admit(s);
            } catch (Throwable t) {
                LOG.warn("host: cannot start a connection: {}", t.toString());
                closeQuietly(s);
            }
        }
    }

    private void admit(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        if (closed) {
            closeQuietly(s);
            return;
        }
        HostConnection evicted = null;
        int authenticated;
        synchronized (pending) {
            authenticated = connections.size() - pending.size();
            if (authenticated < options.maxConnections() && pending.size() >= options.maxPending()) {
                evicted = pending.pollFirst();
            }
        }
        if (evicted != null) {
            LOG.warn("host: {} connections are in their hello; closing the oldest (connection {}) to admit a new one",
                    options.maxPending(), evicted.id());
            evicted.abort();
        }
        if (authenticated >= options.maxConnections()) {
            LOG.warn("host: refusing a connection, {} are open already", connections.size());
            try {
                s.setSoTimeout(1000);
                // before the hello: the client's language is not known yet, so the default one
                com.fasterxml.jackson.databind.node.ObjectNode r = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                r.put("ok", false).put("status", Status.HOST_UNREACHABLE)
                        .put("error", org.lmxbridge.internal.text.Msg.of("host.tooMany", options.maxConnections()).toString());
                FrameCodec.write(s.getOutputStream(), r.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the client will see the connection close
            }
            closeQuietly(s);
            return;
        }
        HostConnection c = new HostConnection(this, s, connectionIds.incrementAndGet());
        synchronized (pending) {
            connections.add(c);
            pending.addLast(c);
        }
        Thread t = new Thread(() -> {
            try {
                c.run();
            } finally {
                synchronized (pending) {
                    pending.remove(c);
                    connections.remove(c);
                }
            }
        }, "lmx-host-conn-" + c.id());
        t.setDaemon(true);
        c.thread(t);
        t.start();
        if (closed) c.abort(); // close() ran while this connection was being admitted
    }

    /** The connection completed its hello: it no longer counts (nor can be evicted) as pending. */
    void authenticated(HostConnection c) {
        synchronized (pending) {
            pending.remove(c);
        }
    }

    /** Connections still in their hello. */
    public int pendingCount() {
        synchronized (pending) {
            return pending.size();
        }
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing to do
        }
    }

    /**
     * Stops accepting, closes every connection (and so their handles) and waits up to 5 s for the
     * connection threads to finish (a call in progress finishes first; its answer is dropped).
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (HostConnection c : connections) c.abort();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            acceptor.join(1000);
            for (HostConnection c : connections) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) break;
                Thread t = c.thread();
                if (t != null) t.join(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        residents.closeAll();
        if (!options.ownerChannel()) LOG.info("host on port {} closed", serverSocket.getLocalPort());
    }

    boolean isClosed() {
        return closed;
    }

    /** True when the socket error is just the peer or the host going away. */
    static boolean isDisconnect(IOException e) {
        return e instanceof SocketException || e instanceof java.io.EOFException;
    }
}
