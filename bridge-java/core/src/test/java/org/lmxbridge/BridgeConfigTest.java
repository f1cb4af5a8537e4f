package org.lmxbridge;

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
        assertTrue(refused("{not json").contains("not valid JSON"));
        assertTrue(refused("").contains("empty"));
    }

    @Test
    void fromFileWithBom(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("конфиг с пробелом.json");
        Files.writeString(f, "\uFEFF{\"url\":\"http://127.0.0.1:1/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"x\"}");
        assertEquals("r", BridgeConfig.parse(f.toString()).login());
        assertTrue(refused(dir.resolve("missing.json").toString()).endsWith("missing.json is not found"));
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
}
