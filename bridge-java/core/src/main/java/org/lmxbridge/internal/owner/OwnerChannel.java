package org.lmxbridge.internal.owner;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.internal.host.HostOptions;
import org.lmxbridge.internal.host.HostServer;
import org.lmxbridge.internal.host.TokenFile;
import org.lmxbridge.internal.register.Register;
import org.lmxbridge.internal.register.Registers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small authenticated local channel through which other processes see and manage a register that
 * this process owns (its queue is open here): {@code loymax-bridge queue|check|console} run by support
 * while the register program — or the host — keeps the register open. It is the host protocol
 * ({@code docs/host-protocol.md}: frames, the challenge–response hello over the token file, loopback
 * only) on a free port, restricted to the register's state ({@link HostOptions#ownerChannel}): status,
 * queue (list, retry, discard, flush), check, the trace switch; never a sale. Its port is published in
 * {@link OwnerFile}; its secret is the register's token file ({@link BridgeConfig#tokenFile()}, created
 * when missing, readable by its owner only). A channel that cannot start (no token file, no port) is
 * logged and left out: the register works as before, other processes then see the queue read-only.
 */
public final class OwnerChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerChannel.class);

    private final HostServer server;
    private final Path file;

    private OwnerChannel(HostServer server, Path file) {
        this.server = server;
        this.file = file;
    }

    /** Starts the channel of a register just opened; null when it cannot (logged). Never throws. */
    public static OwnerChannel start(Register register) {
        BridgeConfig cfg = register.config();
        try {
            TokenFile token = TokenFile.loadOrCreate(cfg.tokenFile());
            HostServer server = HostServer.start(new HostOptions().bind(InetAddress.getLoopbackAddress()).port(0)
                    .token(token.token()).ownerChannel(true).maxConnections(4).maxPending(4));
            Path file = OwnerFile.of(cfg.dataDir(), cfg.register());
            try {
                OwnerFile.mine(server.port()).write(file);
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
            LOG.info("{} owner channel on 127.0.0.1:{} (token file {})", cfg.register(), server.port(), token.path());
            return new OwnerChannel(server, file);
        } catch (IOException | RuntimeException e) {
            // the token file's own sentence in the register's language; a JDK failure with its class
            LOG.warn("{} no owner channel (other processes see the queue read-only): {}", cfg.register(),
                    org.lmxbridge.internal.text.Msg.forLog(e, cfg.language()));
            return null;
        }
    }

    /**
     * Why an {@code open} on an owner channel is refused: null when the configuration names a register
     * open in this process (the channel attaches to it), else a sentence.
     */
    public static String refuseOpen(String config) {
        try {
            BridgeConfig cfg = BridgeConfig.parse(config);
            if (Registers.isOpen(cfg.registerKey())) return null;
            return org.lmxbridge.internal.text.Msg.of("ops.notOpenHere", cfg.register(), ProcessHandle.current().pid())
                    .in(cfg.language());
        } catch (BridgeException e) {
            return e.getMessage();
        }
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        try {
            OwnerFile f = OwnerFile.read(file);
            if (f != null && f.pid() == ProcessHandle.current().pid() && f.port() == server.port()) Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            LOG.debug("owner file {} not removed: {}", file, e.toString());
        }
    }
}
