package org.lmxbridge.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Language;
import org.lmxbridge.Status;

class HostSettingsTest {
    @TempDir
    Path dir;

    /** The refusal's sentence in both languages: Russian by default (getMessage), English on request. */
    private static BridgeException refused(org.junit.jupiter.api.function.Executable call, String russian, String english) {
        BridgeException e = assertThrows(BridgeException.class, call);
        assertEquals(Status.CONFIG_INVALID, e.status());
        assertTrue(e.getMessage().contains(russian), e.getMessage());
        assertEquals(e.getMessage(), e.message(Language.RU));
        assertTrue(e.message(Language.EN).contains(english), e.message(Language.EN));
        return e;
    }

    @Test
    void addresses() throws Exception {
        assertEquals(new HostSettings.Address(InetAddress.getLoopbackAddress(), 21847), HostSettings.parseAddress("127.0.0.1", "x"));
        assertEquals(5000, HostSettings.parseAddress("127.0.0.1:5000", "x").port());
        assertEquals(5000, HostSettings.parseAddress("localhost:5000", "x").port());
        assertEquals(5000, HostSettings.parseAddress(":5000", "x").port());
        assertTrue(HostSettings.parseAddress("[::1]:6000", "x").host().isLoopbackAddress());
        assertEquals(21847, HostSettings.parseAddress("[::1]", "x").port());
        BridgeException e = refused(() -> HostSettings.parseAddress("0.0.0.0:5000", "--bind"),
                "--bind \"0.0.0.0:5000\" — не адрес обратной петли; хост слушает только 127.0.0.1 (или ::1)",
                "--bind \"0.0.0.0:5000\" is not a loopback address; the host engine listens on 127.0.0.1 (or ::1) only");
        assertEquals("--bind \"0.0.0.0:5000\" is not a loopback address; the host engine listens on 127.0.0.1 (or ::1) only, so that "
                + "no other computer can reach it", e.message(Language.EN), "the English sentence is the one the host always wrote");
        refused(() -> HostSettings.parseAddress("127.0.0.1:99999", "hostAddress"),
                "hostAddress \"127.0.0.1:99999\": порт должен быть числом от 0 до 65535", "hostAddress \"127.0.0.1:99999\" has no valid port (0–65535)");
        refused(() -> HostSettings.parseAddress("127.0.0.1:abc", "x"), "порт должен быть числом", "has no valid port");
        refused(() -> HostSettings.parseAddress("[::1", "--bind"), "--bind \"[::1\": открывающая скобка \"[\" без закрывающей \"]\"",
                "--bind \"[::1\" has '[' without ']'");
        refused(() -> HostSettings.parseAddress("[::1]5000", "--bind"), "--bind \"[::1]5000\" не в виде хост:порт",
                "--bind \"[::1]5000\" is not host:port");
        // a resolver that answers for every name (some providers' DNS) makes it "not loopback" instead: refused either way
        e = assertThrows(BridgeException.class, () -> HostSettings.parseAddress("no-such-host.invalid:5000", "hostAddress"));
        if (!e.message(Language.EN).contains("loopback")) {
            assertEquals("hostAddress \"no-such-host.invalid:5000\": имя no-such-host.invalid не удаётся разрешить", e.getMessage());
            assertEquals("hostAddress \"no-such-host.invalid:5000\": the name no-such-host.invalid cannot be resolved", e.message(Language.EN));
        }
    }

    @Test
    void defaults() throws Exception {
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
        BridgeException disagree = refused(() -> HostSettings.resolve(List.of(a, c), null, null, null, null),
                "файлы конфигурации задают разные \"hostAddress\" (в " + c + " — \"127.0.0.1:30002\", в одном из предыдущих — \"127.0.0.1:30000\")",
                "the configuration files disagree on \"hostAddress\" (" + c + " says \"127.0.0.1:30002\", an earlier one \"127.0.0.1:30000\")");
        assertTrue(disagree.getMessage().endsWith("; у одного хоста один адрес, один токен и одна папка данных"), disagree.getMessage());
        assertTrue(disagree.message(Language.EN).endsWith("; one host has one address, token and data folder"), disagree.message(Language.EN));
        Path remote = dir.resolve("remote.json");
        Files.writeString(remote, "{\"hostAddress\":\"192.0.2.1:30002\"}");
        refused(() -> HostSettings.resolve(List.of(remote), null, null, null, null), "hostAddress \"192.0.2.1:30002\" — не адрес обратной петли",
                "hostAddress \"192.0.2.1:30002\" is not a loopback address");
        Path notJson = dir.resolve("bad.json");
        Files.writeString(notJson, "[1]");
        refused(() -> HostSettings.resolve(List.of(notJson), null, null, null, null), "в файле конфигурации " + notJson + " должен быть объект JSON",
                "configuration file " + notJson + " must hold a JSON object");
        // a syntax error is described, never quoted: the text holds the password
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"password\":Pa55w0rd}");
        BridgeException syntax = refused(() -> HostSettings.resolve(List.of(broken), null, null, null, null),
                "файл конфигурации " + broken + " не является корректным JSON: слово, не являющееся значением JSON",
                "configuration file " + broken + " is not valid JSON: a word that is not a JSON value");
        assertFalse(syntax.getMessage().contains("Pa55w0rd"), syntax.getMessage());
        assertFalse(syntax.message(Language.EN).contains("Pa55w0rd"), syntax.message(Language.EN));
        Path missing = dir.resolve("missing.json");
        refused(() -> HostSettings.resolve(List.of(missing), null, null, null, null), "файл конфигурации " + missing + " не удаётся прочитать: ",
                "cannot read configuration file " + missing + ": ");
        Path big = dir.resolve("big.json");
        Files.writeString(big, "{\"x\":\"" + "x".repeat(1 << 20) + "\"}");
        refused(() -> HostSettings.resolve(List.of(big), null, null, null, null), "файл конфигурации " + big + " больше 1 МиБ",
                "configuration file " + big + " is larger than 1 MiB");
        Path number = dir.resolve("number.json");
        Files.writeString(number, "{\"tokenFile\":5}");
        refused(() -> HostSettings.resolve(List.of(number), null, null, null, null), "файл конфигурации " + number + ": ключ \"tokenFile\" должен быть строкой",
                "configuration file " + number + ": key \"tokenFile\" must be a string");
        refused(() -> HostSettings.resolve(List.of(), null, 70000, null, null), "--port должен быть от 0 до 65535, а указано 70000",
                "--port must be 0–65535, got 70000");
        Path badPath = dir.resolve("badpath.json");
        Files.writeString(badPath, "{\"dataDir\":\"a\\u0000b\"}"); // NUL is no path character anywhere
        refused(() -> HostSettings.resolve(List.of(badPath), null, null, null, null), "\"dataDir\" не является допустимым путём: ",
                "\"dataDir\" is not a valid path: ");
    }

    @Test
    void theMetricsKeysAreCheckedAsTheHostsOwn() throws Exception {
        Path a = dir.resolve("m1.json");
        Files.writeString(a, "{\"metricsBind\":\"127.0.0.1\"}");
        Path b = dir.resolve("m2.json");
        Files.writeString(b, "{\"metricsBind\":\"0.0.0.0\"}");
        BridgeException e = refused(() -> HostSettings.metrics(List.of(a, b), 9100), "файлы конфигурации задают разные \"metricsBind\"",
                "the configuration files disagree on \"metricsBind\"");
        // the reason is the metrics' own, not the listener's (address, token and data folder)
        assertEquals("файлы конфигурации задают разные \"metricsBind\" (в " + b + " — \"0.0.0.0\", в одном из предыдущих — \"127.0.0.1\"); "
                + "у одного хоста метрики на одном порту и адресе, с одним файлом токена", e.getMessage());
        assertEquals("the configuration files disagree on \"metricsBind\" (" + b + " says \"0.0.0.0\", an earlier one \"127.0.0.1\"); "
                + "one host serves its metrics on one port and address, with one token file", e.message(Language.EN));
        Path c = dir.resolve("m3.json");
        Files.writeString(c, "{\"metricsPort\":9101}");
        Path d = dir.resolve("m4.json");
        Files.writeString(d, "{\"metricsPort\":9102}");
        e = refused(() -> HostSettings.metrics(List.of(c, d), null), "у одного хоста метрики на одном порту и адресе, с одним файлом токена",
                "one host serves its metrics on one port and address, with one token file");
        assertTrue(e.getMessage().contains("\"metricsPort\" (в " + d + " — \"9102\""), e.getMessage());
        Path t1 = dir.resolve("m5.json");
        Files.writeString(t1, "{\"metricsTokenFile\":\"a.token\"}");
        Path t2 = dir.resolve("m6.json");
        Files.writeString(t2, "{\"metricsTokenFile\":\"b.token\"}");
        e = refused(() -> HostSettings.metrics(List.of(t1, t2), 9100), "файлы конфигурации задают разные \"metricsTokenFile\"",
                "one host serves its metrics on one port and address, with one token file");
        assertFalse(e.message(Language.EN).contains("data folder"), e.message(Language.EN));
    }
}
