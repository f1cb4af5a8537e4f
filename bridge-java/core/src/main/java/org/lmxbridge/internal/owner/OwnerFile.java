package org.lmxbridge.internal.owner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.lmxbridge.internal.json.Json;

/**
 * {@code <dataDir>/queue-<register>.owner}: where the process that owns a register's queue can be
 * reached — its pid, the port of its owner channel on 127.0.0.1, a name for people and since when.
 * Written by the owner after its channel listens, removed when the register closes; a stale file
 * (the owner was killed) is harmless: the queue's lock tells whether an owner lives, and the channel's
 * challenge–response whether the program on the port is it. Holds no secret. Internal.
 */
public record OwnerFile(long pid, int port, String program, String since, String version) {
    public static Path of(Path dataDir, String register) {
        return dataDir.resolve("queue-" + register + ".owner");
    }

    /** Writes the file atomically (a reader never sees half of it). */
    void write(Path file) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("pid", pid);
        n.put("port", port);
        n.put("program", program);
        n.put("since", since);
        n.put("version", version);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + pid);
        Files.writeString(tmp, n.toString(), StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static OwnerFile mine(int port) {
        return new OwnerFile(ProcessHandle.current().pid(), port, OwnerProcess.describe(), Instant.now().toString(),
                org.lmxbridge.BridgeVersion.VERSION);
    }

    /** The file's content, or null when it is missing or unreadable. */
    public static OwnerFile read(Path file) {
        try {
            JsonNode n = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (n == null || !n.isObject()) return null;
            return new OwnerFile(n.path("pid").asLong(), n.path("port").asInt(), n.path("program").asText("?"),
                    n.path("since").asText(""), n.path("version").asText(""));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
