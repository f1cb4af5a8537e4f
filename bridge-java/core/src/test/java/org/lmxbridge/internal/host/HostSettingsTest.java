package org.lmxbridge.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.BridgeConfig;

class HostSettingsTest {
    @TempDir
    Path dir;

    @Test
    void addresses() {
        assertEquals(new HostSettings.Address(InetAddress.getLoopbackAddress(), 21847), HostSettings.parseAddress("127.0.0.1", "x"));
        assertEquals(5000, HostSettings.parseAddress("127.0.0.1:5000", "x").port());
        assertEquals(5000, HostSettings.parseAddress("localhost:5000", "x").port());
        assertEquals(5000, HostSettings.parseAddress(":5000", "x").port());
        assertTrue(HostSettings.parseAddress("[::1]:6000", "x").host().isLoopbackAddress());
        assertEquals(21847, HostSettings.parseAddress("[::1]", "x").port());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostSettings.parseAddress("0.0.0.0:5000", "--bind"));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostSettings.parseAddress("127.0.0.1:99999", "x"));
        assertThrows(IllegalArgumentException.class, () -> HostSettings.parseAddress("127.0.0.1:abc", "x"));
        assertThrows(IllegalArgumentException.class, () -> HostSettings.parseAddress("[::1", "x"));
    }

    @Test
    void defaults() {
        HostSettings.Resolved r = HostSettings.resolve(List.of(), null, null, null, null);
        assertEquals(21847, r.port());
        assertTrue(r.bind().isLoopbackAddress());
        assertEquals(Path.of(BridgeConfig.defaultDataDir()), r.dataDir());
        assertEquals(Path.of(BridgeConfig.defaultDataDir()).resolve("host.token"), r.tokenFile());
    }

    @Test
    void fromRegisterConfigurationsAndOverriddenByOptions() throws Exception {
        Path a = dir.resolve("a.json");
        Files.writeString(a, "\uFEFF{\"url\":\"http://x/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"p\","
                + "\"hostAddress\":\"127.0.0.1:30000\",\"dataDir\":\"" + dir.resolve("data") + "\"}");
        Path b = dir.resolve("b.json");
        Files.writeString(b, "{\"hostAddress\":\"127.0.0.1:30000\",\"tokenFile\":\"" + dir.resolve("t.token") + "\"}");
        HostSettings.Resolved r = HostSettings.resolve(List.of(a), null, null, null, null);
        assertEquals(30000, r.port());
        assertEquals(dir.resolve("data"), r.dataDir());
        assertEquals(dir.resolve("data/host.token"), r.tokenFile());
        r = HostSettings.resolve(List.of(a, b), null, null, null, null);
        assertEquals(dir.resolve("t.token"), r.tokenFile());
        r = HostSettings.resolve(List.of(a, b), "::1", 30001, dir.resolve("d2"), dir.resolve("t2"));
        assertEquals(30001, r.port());
        assertTrue(r.bind() instanceof java.net.Inet6Address);
        assertEquals(dir.resolve("d2"), r.dataDir());
        assertEquals(dir.resolve("t2"), r.tokenFile());

        Path c = dir.resolve("c.json");
        Files.writeString(c, "{\"hostAddress\":\"127.0.0.1:30002\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostSettings.resolve(List.of(a, c), null, null, null, null));
        assertTrue(e.getMessage().contains("disagree"), e.getMessage());
        Path remote = dir.resolve("remote.json");
        Files.writeString(remote, "{\"hostAddress\":\"192.0.2.1:30002\"}");
        assertThrows(IllegalArgumentException.class, () -> HostSettings.resolve(List.of(remote), null, null, null, null));
        Path notJson = dir.resolve("bad.json");
        Files.writeString(notJson, "[1]");
        assertThrows(IllegalArgumentException.class, () -> HostSettings.resolve(List.of(notJson), null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> HostSettings.resolve(List.of(dir.resolve("missing.json")), null, null, null, null));
    }
}
