package org.lmxbridge.internal.host;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Set;

/** Names and the JSON mapper of the host protocol (see {@code docs/host-protocol.md}). Internal. */
public final class HostProtocol {
    private HostProtocol() {
    }

    /** The protocol version this host speaks (the {@code protocol} field of {@code hello}): 2, challenge–response. */
    public static final int VERSION = 2;
    /** Default TCP port on 127.0.0.1. */
    public static final int DEFAULT_PORT = 21847;
    /** Time a new connection has to complete the whole hello (both of its frames). */
    public static final int DEFAULT_HELLO_TIMEOUT_MS = 2_000;
    /** Default cap on simultaneous authenticated connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    /**
     * Default cap on connections still in their hello: one more evicts the oldest of them, so idle
     * connections of a local stranger cannot keep a register out (it gets in within one hello).
     */
    public static final int DEFAULT_MAX_PENDING = 8;

    public static final String HELLO = "hello";
    /**
     * The operations after {@code hello}: one per {@code NativeEntry} method, and {@code trace} (the
     * exchange trace switch) and {@code info} (this process: pid, program, log file).
     */
    public static final Set<String> OPS = Set.of("open", "close", "execute", "result", "setParam", "resetParams",
            "errorCode", "errorText", "version", "trace", "info");
    /** The commands an owner channel runs ({@link HostOptions#ownerChannel}). */
    public static final Set<String> OWNER_COMMANDS = Set.of("status", "queue", "check", "version");

    /** A mapper for frames: strict duplicates, nesting capped, strings as long as a frame allows. */
    static ObjectMapper mapper(int maxFrameBytes) {
        JsonMapper m = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(Math.max(maxFrameBytes, 1024)).maxNumberLength(64).build());
        return m;
    }
}
