package org.lmxbridge.internal.owner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.Bridge;
import org.lmxbridge.Status;
import org.lmxbridge.internal.host.HostClient;
import org.lmxbridge.internal.host.TokenFile;
import org.lmxbridge.internal.json.Json;

/**
 * The owner channel of an open register: published in the owner file, authenticated with the token
 * file, serving the register's state and queue — and never a sale, nor another register.
 */
class OwnerChannelTest {
    @TempDir
    Path dir;

    private String config(String login, int port) {
        return "{\"url\":\"http://127.0.0.1:" + port + "/XmlExchange/p1/" + login + "/\",\"login\":\"" + login + "\",\"password\":\"pw\","
                + "\"dataDir\":\"" + dir.toString().replace("\\", "\\\\") + "\",\"connectTimeoutMs\":300,\"readTimeoutMs\":300}";
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void servesStatusAndQueueOnlyAndGoesAwayWithTheRegister() throws Exception {
        int port = freePort();
        String cfg = config("reg01", port);
        Path ownerFile = OwnerFile.of(dir, "reg01");
        try (Bridge b = Bridge.open(cfg)) {
            OwnerFile f = OwnerFile.read(ownerFile);
            assertNotNull(f, "the owner file is written when the register opens");
            assertEquals(ProcessHandle.current().pid(), f.pid());
            assertTrue(f.program().length() > 0);
            String token = TokenFile.loadOrCreate(dir.resolve("host.token")).token();
            try (HostClient c = HostClient.connect(f.port(), token, "test")) {
                ObjectNode open = c.request("open");
                open.put("config", cfg);
                JsonNode o = c.call(open);
                assertEquals(Status.OK, o.path("status").asInt(), o.toString());
                long h = o.path("handle").asLong();
                assertEquals(Status.OK, c.execute(h, "status", null).path("status").asInt());
                JsonNode status = Json.parse(c.result(h, null).path("value").asText());
                assertTrue(status.path("online").asBoolean(), status.toString());
                assertEquals(Status.OK, c.execute(h, "queue", "{\"action\":\"list\"}").path("status").asInt());
                // a sale through the owner channel: refused, nothing sent
                JsonNode pay = c.execute(h, "pay", "{\"identifier\":{\"value\":\"8690003\"},\"amount\":\"1\"}");
                assertEquals(Status.UNKNOWN_COMMAND, pay.path("status").asInt(), pay.toString());
                assertTrue(pay.path("text").asText().contains("локальный канал кассы выполняет только"), pay.toString());
                // a register this process does not have open
                ObjectNode other = c.request("open");
                other.put("config", config("reg02", port));
                JsonNode refused = c.call(other);
                assertEquals(Status.STORAGE_FAILED, refused.path("status").asInt(), refused.toString());
                assertFalse(Files.exists(dir.resolve("queue-reg02.db")), "nothing of the other register was created");
                JsonNode info = c.call(c.request("info"));
                assertEquals(ProcessHandle.current().pid(), info.path("pid").asLong());
                JsonNode trace = c.call(c.request("trace"));
                assertEquals(Status.OK, trace.path("status").asInt(), trace.toString());
            }
            // a wrong token gets nothing
            try (HostClient c = new HostClient(new java.net.InetSocketAddress("127.0.0.1", f.port()), 5000)) {
                JsonNode h = c.hello("0".repeat(64), "stranger");
                assertFalse(h.path("ok").asBoolean(false), h.toString());
            }
        }
        assertFalse(Files.exists(ownerFile), "the owner file goes with the register");
    }
}
