package org.lmxbridge.internal.host;

import java.io.IOException;
import java.nio.file.Path;
import org.lmxbridge.testing.StubProcessing;

/** A real host on a free loopback port in front of a real {@link StubProcessing} server. */
final class HostFixture implements AutoCloseable {
    final StubProcessing stub;
    final TokenFile token;
    final HostServer host;
    final Path dataDir;

    HostFixture(Path dir) throws IOException {
        this(dir, new HostOptions());
    }

    HostFixture(Path dir, HostOptions options) throws IOException {
        this.dataDir = dir;
        this.stub = new StubProcessing();
        this.token = TokenFile.loadOrCreate(TokenFile.defaultPath(dir));
        this.host = HostServer.start(options.port(0).token(token.token()));
    }

    /** A register configuration of the stub for {@code login}, its queue in the test's folder. */
    String config(String login) {
        return "{\"url\":\"" + stub.url("p1", login) + "\",\"login\":\"" + login + "\",\"password\":\"pw\","
                + "\"readTimeoutMs\":5000,\"dataDir\":\"" + dataDir.toString().replace("\\", "\\\\") + "\"}";
    }

    /** A connected, authenticated client. */
    HostClient client(String name) throws IOException {
        return HostClient.connect(host.port(), token.token(), name);
    }

    /** A connected client that has not said hello. */
    HostClient raw() throws IOException {
        return new HostClient(host.address(), 10_000);
    }

    @Override
    public void close() {
        host.close();
        stub.close();
    }
}
