package org.lmxbridge.nativetest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmxbridge.nativetest.Lmx.z;
import static org.lmxbridge.nativetest.Lmx.zRaw;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libloymax_bridge.so driven through JNA from inside a JVM: the library finds this JVM (it does
 * not create one) and NativeEntry on its class path (bridge-core is a test dependency).
 */
class NativeLibraryTest {
    @TempDir
    static Path data;

    static Lmx lmx;
    static Pointer h;

    @BeforeAll
    static void open() {
        Assumptions.assumeTrue(Lmx.available(), "native library not built (toolchain missing?): " + Lmx.libraryPath());
        lmx = Lmx.load();
        h = openHandle();
    }

    static String config() {
        return "{\"url\":\"http://127.0.0.1:9/XmlExchange/p/reg01/\",\"login\":\"reg01\",\"password\":\"x\","
                + "\"dataDir\":\"" + data.toString().replace("\\", "\\\\") + "\",\"connectTimeoutMs\":300}";
    }

    static Pointer openHandle() {
        PointerByReference out = new PointerByReference();
        int st = lmx.lmx_open(z(config()), out);
        assertEquals(Lmx.LMX_OK, st, () -> lmx.errorText(null));
        assertNotNull(out.getValue());
        return out.getValue();
    }

    @AfterAll
    static void close() {
        if (h != null) assertEquals(Lmx.LMX_OK, lmx.lmx_close(h));
    }

    @Test
    void versionFollowsTheBufferProtocol() {
        int n = lmx.lmx_version(null, 0);
        assertEquals("0.1.0".length() + 1, n);
        byte[] small = new byte[3];
        Arrays.fill(small, (byte) 'x');
        assertEquals(n, lmx.lmx_version(small, small.length));
        assertEquals(0, small[0], "nothing copied but the NUL");
        assertEquals('x', small[1]);
        byte[] exact = new byte[n];
        assertEquals(n, lmx.lmx_version(exact, n));
        assertEquals("0.1.0", Lmx.str(exact));
        assertEquals(-Lmx.LMX_BAD_ARGUMENT, lmx.lmx_version(exact, -1));
        assertEquals(-Lmx.LMX_BAD_ARGUMENT, lmx.lmx_version(null, 5));
    }

    @Test
    void testConnectionGivesEachStepsVerdictAndTheFirstFailuresStatus() {
        assertEquals(Lmx.LMX_OK, lmx.lmx_set_param(h, z("/identifier/value"), z("79260000003")));
        // processing at 127.0.0.1:9 (nothing listens): the TCP step fails, the later ones are not judged
        assertEquals(300, lmx.lmx_test_connection(h));
        assertEquals(300, lmx.lmx_error_code(h));
        String text = lmx.errorText(h);
        // the TCP step's own cause, in the default language: the port refused the connection
        assertTrue(text.startsWith("Соединение TCP: на порту 9 сервера 127.0.0.1 никто не принимает соединения"), text);
        assertEquals("configuration", lmx.result(h, "/checks/0/step"));
        assertEquals("true", lmx.result(h, "/checks/0/ok"));
        assertEquals("true", lmx.result(h, "/checks/1/ok"), "data folder");
        assertEquals("queue", lmx.result(h, "/checks/2/step"));
        assertEquals("connection", lmx.result(h, "/checks/4/step"));
        assertEquals("false", lmx.result(h, "/checks/4/ok"));
        assertEquals("", lmx.result(h, "/checks/5/ok"), "not judged: null");
        assertEquals("check", lmx.result(h, "/command"));
        // the bag was not used nor emptied
        assertEquals(Lmx.LMX_OK, lmx.lmx_execute(h, z("status"), null));
        assertEquals(Lmx.LMX_INVALID_HANDLE, lmx.lmx_test_connection(null));
        lmx.lmx_reset_params(h);
    }

    @Test
    void versionAndStatusCommandsRunInThisJvm() {
        assertEquals(Lmx.LMX_OK, lmx.lmx_execute(h, z("version"), null));
        assertEquals("true", lmx.result(h, "/ok"));
        assertTrue(lmx.result(h, "/version").startsWith("0.1.0"));
        assertTrue(lmx.result(h, null).contains("\"command\":\"version\""));
        assertEquals(lmx.result(h, null), lmx.result(h, ""));
        assertEquals(Lmx.LMX_OK, lmx.lmx_execute(h, z("status"), null));
        assertEquals("0", lmx.result(h, "/queueLength"));
        assertEquals("", lmx.errorText(h));
    }

    static final List<String> UNICODE = List.of(
            "Иванова Мария",                       // Cyrillic
            "\uD83D\uDE00\uD83C\uDF89",            // 😀🎉 outside the BMP (4-byte UTF-8, surrogate pairs in Java)
            "中文 ✓ € ß é",                          // CJK, symbols, Latin-1
            "\uD834\uDD1E clef \uD800\uDF48");      // 𝄞, 𐍈

    @Test
    void unicodeSurvivesSetParamAndResult() {
        for (String v : UNICODE) {
            assertEquals(Lmx.LMX_OK, lmx.lmx_reset_params(h));
            // the core echoes an invalid identifier type in its error message, byte for byte
            assertEquals(Lmx.LMX_OK, lmx.lmx_set_param(h, z("/identifier/type"), z(v)), () -> lmx.errorText(h));
            assertEquals(Lmx.LMX_INVALID_VALUE, lmx.lmx_execute(h, z("balance"), null));
            String msg = lmx.result(h, "/error/message");
            assertTrue(msg.contains("\"" + v + "\""), msg);
            assertTrue(lmx.errorText(h).contains("\"" + v + "\""));
            // a price that is not a number, set by a pointer into an array created on the way
            assertEquals(Lmx.LMX_OK, lmx.lmx_reset_params(h));
            assertEquals(Lmx.LMX_OK, lmx.lmx_set_param(h, z("/cheque/lines/0/price"), z(v)));
            lmx.lmx_execute(h, z("calculate"), null);
            assertTrue(lmx.result(h, "/error/message").contains("\"" + v + "\""), () -> lmx.result(h, null));
            // a command name and a JSON Pointer come back as well
            assertEquals(Lmx.LMX_UNKNOWN_COMMAND, lmx.lmx_execute(h, z(v), null));
            assertEquals(v, lmx.result(h, "/command"));
            assertEquals(-Lmx.LMX_NOT_FOUND, lmx.lmx_result(h, z("/" + v), null, 0));
            assertTrue(lmx.errorText(h).contains("/" + v));
        }
        lmx.lmx_reset_params(h);
    }

    @Test
    void bufferProtocolNeverTruncatesAndNeverReExecutes() {
        lmx.lmx_execute(h, z("balance"), z("{\"identifier\":{\"type\":\"cardNumber\",\"value\":\"123\"}}"));
        int status = lmx.lmx_error_code(h);
        assertNotEquals(Lmx.LMX_OK, status, "no processing at port 9");
        String text = lmx.errorText(h);
        String operationId = lmx.result(h, "/operationId");
        assertNotNull(operationId);
        int n = lmx.lmx_result(h, null, null, 0);
        assertTrue(n > 50, "size " + n);
        for (int size = 1; size < n; size += Math.max(1, n / 7)) {
            byte[] b = new byte[size + 4];
            Arrays.fill(b, (byte) '#');
            assertEquals(n, lmx.lmx_result(h, null, b, size));
            assertEquals(0, b[0]);
            for (int i = 1; i < b.length; i++) assertEquals('#', b[i], "byte " + i + " untouched");
        }
        byte[] exact = new byte[n];
        assertEquals(n, lmx.lmx_result(h, null, exact, n));
        assertEquals(n - 1, Lmx.str(exact).getBytes(StandardCharsets.UTF_8).length);
        // reads keep the execute's error, and never run the command again
        assertEquals(status, lmx.lmx_error_code(h));
        assertEquals(text, lmx.errorText(h));
        assertEquals(operationId, lmx.result(h, "/operationId"));
        assertEquals(-Lmx.LMX_NOT_FOUND, lmx.lmx_result(h, z("/absent"), exact, n));
        assertEquals(Lmx.LMX_NOT_FOUND, lmx.lmx_error_code(h));
    }

    @Test
    void noResultBeforeTheFirstExecute() {
        Pointer h2 = openHandle();
        try {
            assertEquals(-Lmx.LMX_NO_RESULT, lmx.lmx_result(h2, null, new byte[10], 10));
            assertEquals(Lmx.LMX_NO_RESULT, lmx.lmx_error_code(h2));
        } finally {
            assertEquals(Lmx.LMX_OK, lmx.lmx_close(h2));
        }
    }

    @Test
    void badHandlesGiveAStatusNeverACrash() {
        Pointer closed = openHandle();
        assertEquals(Lmx.LMX_OK, lmx.lmx_close(closed));
        Memory foreign = new Memory(64);
        foreign.clear();
        for (Pointer bad : new Pointer[] {null, closed, foreign, new Pointer(1), new Pointer(0xDEADBEEFL), new Pointer(-1)}) {
            assertEquals(Lmx.LMX_INVALID_HANDLE, lmx.lmx_execute(bad, z("version"), null));
            assertEquals(-Lmx.LMX_INVALID_HANDLE, lmx.lmx_result(bad, null, new byte[8], 8));
            assertEquals(Lmx.LMX_INVALID_HANDLE, lmx.lmx_set_param(bad, z("/a"), z("b")));
            assertEquals(Lmx.LMX_INVALID_HANDLE, lmx.lmx_reset_params(bad));
            assertEquals(Lmx.LMX_INVALID_HANDLE, lmx.lmx_close(bad));
            assertEquals(Lmx.LMX_INVALID_HANDLE, lmx.lmx_error_code(bad));
            assertTrue(lmx.errorText(bad).length() > 5);
        }
        assertTrue(lmx.errorText(closed).contains("закрыт"), lmx.errorText(closed));
        assertTrue(lmx.errorText(foreign).contains("получен не от lmx_open"), lmx.errorText(foreign));
        // the open handle is unaffected
        assertEquals(Lmx.LMX_OK, lmx.lmx_execute(h, z("version"), null));
    }

    @Test
    void invalidUtf8IsRefusedWithItsOffset() {
        byte[] cp1251 = zRaw((byte) 'a', (byte) 'b', (byte) 0xC8, (byte) 0xE2, (byte) 0xE0);
        assertEquals(Lmx.LMX_INVALID_ENCODING, lmx.lmx_execute(h, cp1251, null));
        assertTrue(lmx.errorText(h).contains("в байте 2"), lmx.errorText(h));
        assertEquals(Lmx.LMX_INVALID_ENCODING, lmx.lmx_set_param(h, z("/cashier"), cp1251));
        assertEquals(Lmx.LMX_INVALID_ENCODING, lmx.lmx_execute(h, z("calculate"), zRaw((byte) '{', (byte) 0xED, (byte) 0xA0, (byte) 0x80)));
        PointerByReference out = new PointerByReference();
        assertEquals(Lmx.LMX_INVALID_ENCODING, lmx.lmx_open(cp1251, out));
        assertNull(out.getValue());
        assertTrue(lmx.errorText(null).contains("в байте 2"), lmx.errorText(null));
    }

    @Test
    void aValueHoldingNulIsRefusedByNameAndNeverEchoed() {
        // issue 11: the core echoed the value into its message, which a C string then cut at the NUL
        assertEquals(Lmx.LMX_INVALID_VALUE, lmx.lmx_execute(h, z("balance"), z("{\"identifier\":{\"type\":\"a\\u0000b\"}}")));
        assertTrue(lmx.errorText(h).contains("/identifier/type — содержит управляющий символ U+0000 (NUL)"), lmx.errorText(h));
        assertTrue(lmx.result(h, "/error/message").contains("U+0000"), lmx.result(h, "/error/message"));
        assertFalse(lmx.result(h, null).contains("\\u0000"), lmx.result(h, null));
    }

    @Test
    void configurationErrorsNameThePlaceNeverTheText() {
        PointerByReference out = new PointerByReference();
        assertEquals(Lmx.LMX_CONFIG_INVALID, lmx.lmx_open(z("{\"url\": "), out));
        assertTrue(lmx.errorText(null).contains("JSON"), lmx.errorText(null));
        assertEquals(Lmx.LMX_CONFIG_INVALID, lmx.lmx_open(z(config().replace("}", ",\"nope\":1}")), out));
        assertTrue(lmx.errorText(null).contains("\"nope\""), lmx.errorText(null));
        assertEquals(Lmx.LMX_HOST_UNREACHABLE, lmx.lmx_open(z("{\"engine\":\"host\"}"), out));
        assertEquals(Lmx.LMX_BAD_ARGUMENT, lmx.lmx_open(null, out));
        assertEquals(Lmx.LMX_BAD_ARGUMENT, lmx.lmx_open(z("{}"), null));
    }

    @Test
    void manyThreadsShareOneHandle() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                fs.add(pool.submit(() -> {
                    int st = lmx.lmx_execute(h, z("version"), null);
                    byte[] b = new byte[16];
                    return st == 0 && lmx.lmx_result(h, z("/ok"), b, 16) > 0 ? 0 : 1;
                }));
            }
            int bad = 0;
            for (Future<Integer> f : fs) bad += f.get();
            assertEquals(0, bad);
        } finally {
            pool.shutdownNow();
        }
    }
}
