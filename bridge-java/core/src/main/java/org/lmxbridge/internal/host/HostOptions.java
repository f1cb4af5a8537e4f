package org.lmxbridge.internal.host;

import java.net.InetAddress;

/** Settings of a {@link HostServer}; defaults as in {@code docs/host-protocol.md}. Internal. */
public final class HostOptions {
    private InetAddress bind = InetAddress.getLoopbackAddress();
    private int port = HostProtocol.DEFAULT_PORT;
    private String token;
    private int maxFrameBytes = FrameCodec.DEFAULT_MAX_FRAME_BYTES;
    private int frameTimeoutMs = FrameCodec.DEFAULT_FRAME_TIMEOUT_MS;
    private int helloTimeoutMs = HostProtocol.DEFAULT_HELLO_TIMEOUT_MS;
    private int maxConnections = HostProtocol.DEFAULT_MAX_CONNECTIONS;
    private int maxPending = HostProtocol.DEFAULT_MAX_PENDING;
    private boolean ownerChannel;

    /** A loopback address to listen on (default 127.0.0.1); anything else is refused by {@link HostServer#start}. */
    public HostOptions bind(InetAddress a) {
        this.bind = a;
        return this;
    }

    /** TCP port, 0 = a free one (default 21847). */
    public HostOptions port(int p) {
        if (p < 0 || p > 65535) throw new IllegalArgumentException("port must be 0–65535, got " + p);
        this.port = p;
        return this;
    }

    /** The token clients must present in {@code hello} (required). */
    public HostOptions token(String t) {
        this.token = t;
        return this;
    }

    /** Largest frame payload accepted (default 16 MiB); a larger one closes that connection. */
    public HostOptions maxFrameBytes(int n) {
        if (n < 1024) throw new IllegalArgumentException("the frame limit must be at least 1024 bytes, got " + n);
        this.maxFrameBytes = n;
        return this;
    }

    /** Time allowed for the rest of a frame after its first byte (default 30 s). */
    public HostOptions frameTimeoutMs(int ms) {
        if (ms < 1) throw new IllegalArgumentException("the frame timeout must be positive");
        this.frameTimeoutMs = ms;
        return this;
    }

    /** Time a new connection has to complete its hello (default 2 s). */
    public HostOptions helloTimeoutMs(int ms) {
        if (ms < 1) throw new IllegalArgumentException("the hello timeout must be positive");
        this.helloTimeoutMs = ms;
        return this;
    }

    /** Cap on simultaneous connections in their hello (default 8); one more evicts the oldest of them. */
    public HostOptions maxPending(int n) {
        if (n < 1) throw new IllegalArgumentException("at least one connection in its hello must be allowed");
        this.maxPending = n;
        return this;
    }

    /** Cap on simultaneous authenticated connections (default 64); one more is told so and closed. */
    public HostOptions maxConnections(int n) {
        if (n < 1) throw new IllegalArgumentException("at least one connection must be allowed");
        this.maxConnections = n;
        return this;
    }

    /**
     * The owner channel of a register open in this process (not the host engine): {@code open} only
     * attaches to a register already open here, {@code execute} runs only {@code status}, {@code queue},
     * {@code check} and {@code version} — what another process needs to see and manage the live
     * register, never a sale.
     */
    public HostOptions ownerChannel(boolean v) {
        this.ownerChannel = v;
        return this;
    }

    public boolean ownerChannel() { return ownerChannel; }
    public InetAddress bind() { return bind; }
    public int port() { return port; }
    public String token() { return token; }
    public int maxFrameBytes() { return maxFrameBytes; }
    public int frameTimeoutMs() { return frameTimeoutMs; }
    public int helloTimeoutMs() { return helloTimeoutMs; }
    public int maxConnections() { return maxConnections; }
    public int maxPending() { return maxPending; }
}
