package org.lmxbridge.internal.nativeentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.BridgeVersion;
import org.lmxbridge.Status;
import org.lmxbridge.testing.StubProcessing;

/** The byte-level entry the JNI code calls, after its handle table moved to {@link SessionTable}. */
class NativeEntryTest {
    @TempDir
    Path dir;

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void theNativeOperations() throws Exception {
        try (StubProcessing srv = new StubProcessing()) {
            String cfg = "{\"url\":\"" + srv.url("p1", "ne1") + "\",\"login\":\"ne1\",\"password\":\"pw\",\"dataDir\":\"" + dir + "\"}";
            long h = NativeEntry.open(b(cfg));
            assertTrue(h > 0, s(NativeEntry.openErrorText()));
            assertEquals("", s(NativeEntry.openErrorText()));
            assertNull(NativeEntry.result(h, null));
            assertEquals(Status.NO_RESULT, NativeEntry.errorCode(h));
            assertEquals(0, NativeEntry.setParam(h, b("/identifier/value"), b("8690003")));
            assertEquals(0, NativeEntry.execute(h, b("balance"), null));
            assertEquals("10.00", s(NativeEntry.result(h, b("/balance"))));
            assertNull(NativeEntry.result(h, b("/none")));
            assertEquals(Status.NOT_FOUND, NativeEntry.errorCode(h));
            // invalid UTF-8 and NULs become statuses on the handle
            assertEquals(Status.INVALID_ENCODING, NativeEntry.execute(h, new byte[] {(byte) 0xC3, 0x28}, null));
            assertTrue(s(NativeEntry.errorText(h)).contains("команда: неверный UTF-8 в байте 0"), s(NativeEntry.errorText(h)));
            assertEquals(Status.BAD_ARGUMENT, NativeEntry.execute(h, null, null));
            assertEquals(Status.BAD_ARGUMENT, NativeEntry.setParam(h, b("/a"), b("x\0y")));
            assertNull(NativeEntry.result(h, new byte[] {(byte) 0xFF}));
            assertEquals(Status.INVALID_ENCODING, NativeEntry.errorCode(h));
            assertEquals(0, NativeEntry.resetParams(h));
            assertEquals(0, NativeEntry.close(h));
            assertEquals(Status.INVALID_HANDLE, NativeEntry.close(h));
            assertEquals(Status.INVALID_HANDLE, NativeEntry.execute(h, b("balance"), null));
            assertEquals(Status.INVALID_HANDLE, NativeEntry.errorCode(h));
            assertTrue(s(NativeEntry.errorText(h)).contains("дескриптор не открыт"), s(NativeEntry.errorText(h)));
            assertEquals(BridgeVersion.VERSION, s(NativeEntry.version()));
            // with "language":"en" the handle's texts are English
            long e = NativeEntry.open(b(cfg.replace("}", ",\"language\":\"en\"}")));
            assertTrue(e > 0, s(NativeEntry.openErrorText()));
            assertEquals(Status.INVALID_ENCODING, NativeEntry.execute(e, new byte[] {(byte) 0xC3, 0x28}, null));
            assertTrue(s(NativeEntry.errorText(e)).contains("the command is not valid UTF-8 at byte offset 0"), s(NativeEntry.errorText(e)));
            assertEquals(Status.MISSING_FIELD, NativeEntry.execute(e, b("balance"), b("{}")));
            assertTrue(s(NativeEntry.errorText(e)).startsWith("/identifier is required"), s(NativeEntry.errorText(e)));
            assertEquals(0, NativeEntry.close(e));
        }
    }

    @Test
    void openFailures() {
        assertEquals(-Status.BAD_ARGUMENT, NativeEntry.open(null));
        assertTrue(s(NativeEntry.openErrorText()).contains("NULL"));
        assertEquals(-Status.INVALID_ENCODING, NativeEntry.open(new byte[] {'{', (byte) 0xC3}));
        assertEquals(-Status.CONFIG_INVALID, NativeEntry.open(b("{}")));
        assertTrue(s(NativeEntry.openErrorText()).contains("ключ конфигурации \"url\" обязателен"), s(NativeEntry.openErrorText()));
        assertEquals(-Status.CONFIG_INVALID, NativeEntry.open(b("{\"language\":\"en\"}")));
        assertTrue(s(NativeEntry.openErrorText()).contains("configuration key \"url\" is required"), s(NativeEntry.openErrorText()));
    }
}
