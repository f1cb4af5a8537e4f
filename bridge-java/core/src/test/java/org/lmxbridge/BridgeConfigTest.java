package org.lmxbridge;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeConfigTest {
    static String refused(String json) {
        BridgeException e = assertThrows(BridgeException.class, () -> BridgeConfig.parse(json));
        assertEquals(Status.CONFIG_INVALID, e.status());
        return e.getMessage();
    }

    @Test
    void minimalConfig() throws Exception {
        BridgeConfig c = BridgeConfig.parse("{\"url\":\"https://h:10443/XmlExchange/p1/reg01\",\"login\":\"reg01\",\"password\":\"s3cret\"}");
        assertEquals("https://h:10443/XmlExchange/p1/reg01/", c.registerUri().toString());
        assertEquals("reg01", c.register());
        assertEquals(3000, c.connectTimeoutMs());
        assertFalse(c.toString().contains("s3cret"));
    }

    @Test
    void baseUrlWithPartner() throws Exception {
        BridgeConfig c = BridgeConfig.parse("{\"url\":\"https://h:10443\",\"partner\":\"p1\",\"login\":\"reg01\",\"password\":\"x\"}");
        assertEquals("https://h:10443/XmlExchange/p1/reg01/", c.registerUri().toString());
    }

    @Test
    void errorsNameTheKeyAndNeverTheSecret() {
        assertTrue(refused("{\"url\":\"https://h/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"topsecret\",\"colour\":1}").contains("\"colour\""));
        assertTrue(refused("{\"url\":\"https://h/XmlExchange/p/r/\",\"login\":\"r\"}").contains("\"password\""));
        assertTrue(refused("{\"url\":\"ftp://h/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"x\"}").contains("\"url\""));
        assertTrue(refused("{\"url\":\"https://h/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"x\",\"readTimeoutMs\":-5}").contains("\"readTimeoutMs\""));
        assertTrue(refused("{\"url\":\"https://h/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"x\",\"charset\":\"klingon\"}").contains("\"charset\""));
        String m = refused("{\"url\":\"https://h/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"topsecret\",\"connectTimeoutMs\":\"soon\"}");
        assertTrue(m.contains("\"connectTimeoutMs\""));
        assertFalse(m.contains("topsecret"));
        assertTrue(refused("{not json").contains("не является корректным JSON"));
        assertTrue(refused("").contains("конфигурация пуста"));
    }

    @Test
    void russianByDefaultEnglishWithLanguageEn() {
        String cfg = "{\"url\":\"https://h/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"x\",\"readTimeoutMs\":-5";
        assertEquals("ключ конфигурации \"readTimeoutMs\" должен быть от 100 до 600000, а указано -5", refused(cfg + "}"));
        assertEquals("configuration key \"readTimeoutMs\" must be between 100 and 600000, got -5",
                refused(cfg + ",\"language\":\"en\"}"));
        assertEquals("ключ конфигурации \"readTimeoutMs\" должен быть от 100 до 600000, а указано -5",
                refused(cfg + ",\"language\":\"RU\"}"));
        // the caller's fallback (the command line's --lang) applies when the configuration says nothing,
        // and to what is said before it can be read
        BridgeException e = assertThrows(BridgeException.class, () -> BridgeConfig.parse(cfg + "}", Language.EN));
        assertTrue(e.getMessage().startsWith("configuration key \"readTimeoutMs\""), e.getMessage());
        e = assertThrows(BridgeException.class, () -> BridgeConfig.parse("{not json", Language.EN));
        assertTrue(e.getMessage().startsWith("the configuration is not valid JSON: a character that does not belong there"), e.getMessage());
        assertTrue(refused(cfg + ",\"language\":\"de\"}").contains("ключ конфигурации \"language\" должен быть \"ru\" или \"en\""));
        assertEquals(Language.EN, assertDoesNotThrow(() -> BridgeConfig.parse(
                "{\"url\":\"https://h/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"x\",\"language\":\"en\"}")).language());
    }

    @Test
    void anUnknownKeyIsNamedWithTheClosestKnownOneBeforeAnyRequiredKeyIsMissed() {
        // issue 13: a typo'd "pasword" said: key "password" is required
        String m = refused("{\"url\":\"https://h/XmlExchange/p/r/\",\"login\":\"r\",\"pasword\":\"topsecret\"}");
        assertEquals("ключ конфигурации \"pasword\" неизвестен; возможно, имелся в виду \"password\"?", m);
        assertEquals("configuration key \"readTimeotMs\" is unknown; did you mean \"readTimeoutMs\"?",
                refused("{\"language\":\"en\",\"readTimeotMs\":1}"));
        assertEquals("configuration key \"DataDir\" is unknown; did you mean \"dataDir\"?", refused("{\"language\":\"en\",\"DataDir\":1}"));
        // nothing close: the known keys are listed
        String far = refused("{\"language\":\"en\",\"colour\":1}");
        assertTrue(far.startsWith("configuration key \"colour\" is unknown; known keys: url, partner, login, password"), far);
    }

    /**
     * A register opened by the host on Linux for a Windows client under wine gets the client's configuration, whose
     * tokenFile is a Windows path: it must not become a file named "Z:\\…\\host.token" in the host's working folder
     * (the owner channel creates its token file when missing).
     */
    @Test
    void tokenFileThatIsNotAbsoluteHereFallsBackToTheDataFolder(@TempDir Path dir) throws Exception {
        String base = "{\"url\":\"http://127.0.0.1:1/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"x\",\"dataDir\":\""
                + dir.toString().replace("\\", "\\\\") + "\"";
        String foreign = java.io.File.separatorChar == '/' ? "Z:\\\\work\\\\host.token" : "work/host.token";
        assertEquals(dir.resolve("host.token"), BridgeConfig.parse(base + ",\"tokenFile\":\"" + foreign + "\"}").tokenFile());
        assertEquals(dir.resolve("host.token"), BridgeConfig.parse(base + ",\"tokenFile\":\"relative/host.token\"}").tokenFile());
        Path own = dir.resolve("own.token");
        assertEquals(own, BridgeConfig.parse(base + ",\"tokenFile\":\"" + own.toString().replace("\\", "\\\\") + "\"}").tokenFile());
        assertEquals(dir.resolve("host.token"), BridgeConfig.parse(base + "}").tokenFile());
    }

    @Test
    void fromFileWithBom(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("конфиг с пробелом.json");
        Files.writeString(f, "\uFEFF{\"url\":\"http://127.0.0.1:1/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"x\"}");
        assertEquals("r", BridgeConfig.parse(f.toString()).login());
        assertTrue(refused(dir.resolve("missing.json").toString()).endsWith("missing.json не найден"));
    }

    @Test
    void malformedConfigurationsNeverQuoteTheirValues() {
        // issue 11: "password":Pa55wOrdXYZ came back as "Unrecognized token 'Pa55wOrdXYZ'"
        String base = "{\"url\":\"http://x/XmlExchange/p/r/\",\"login\":\"r\",";
        for (String cfg : new String[] {base + "\"password\":Pa55wOrdXYZ}", base + "\"password\":\"Pa55wOrdXYZ\" \"a\":1}",
            base + "\"password\":\"Pa55wOrdXYZ\"} Pa55wOrdXYZ", base + "\"password\":\"x\",\"charset\":\"Pa55wOrdXYZ\"}",
            base + "\"password\":\"x\",\"signer\":\"Pa55wOrdXYZ\"}", base + "\"password\":\"Pa55wOrdXYZ\",\"password\":\"Pa55wOrdXYZ\"}",
            base + "\"password\":[\"Pa55wOrdXYZ\"]}", base + "\"password\":\"x\",\"jvmOptions\":\"Pa55wOrdXYZ\"}"}) {
            String text = refused(cfg);
            assertFalse(text.contains("Pa55wOrdXYZ"), cfg + " -> " + text);
        }
    }

    @Test
    void jvmOptionsMustBeAnArrayOfStrings() throws Exception {
        // issue 11: "jvmOptions":"-Xmx1g" and [1,2] opened with 0
        String base = "{\"url\":\"http://x/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"x\",\"jvmOptions\":";
        for (String v : new String[] {"\"-Xmx1g\"", "[1,2]", "[\"-Xmx1g\",{}]", "{}"}) {
            assertTrue(refused(base + v + "}").contains("ключ конфигурации \"jvmOptions\" должен быть массивом строк"), v);
        }
        BridgeConfig.parse(base + "[\"-Xmx128m\"]}");
        BridgeConfig.parse(base + "[]}");
    }

    @Test
    void aConfigurationFileIsARegularFileAndTheTextSaysWhatIsWrong(@TempDir Path dir) throws Exception {
        // issue 11: "cannot read configuration file X: X" for a missing file, a folder and a relative path alike
        assertTrue(refused(dir.toString()).endsWith("— не обычный файл (это папка)"), refused(dir.toString()));
        assertTrue(refused("no-such-dir/c.json").contains("(относительный путь, отсчитан от рабочей папки "),
                refused("no-such-dir/c.json"));
        Path fifo = dir.resolve("c.fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        long t0 = System.nanoTime();
        assertTrue(refused(fifo.toString()).contains("— не обычный файл (это FIFO, устройство или сокет)"));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000, "a FIFO blocked the reader");
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}'});
        assertTrue(refused(latin1.toString()).contains("— не текст в UTF-8 (байт 6)"), refused(latin1.toString()));
    }
}
