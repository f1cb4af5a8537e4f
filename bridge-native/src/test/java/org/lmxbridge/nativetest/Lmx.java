package org.lmxbridge.nativetest;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The C ABI of libloymax_bridge.so as JNA sees it. Strings are passed as NUL-terminated UTF-8
 * {@code byte[]} (never JNA's String mapping), so the tests control every byte that crosses.
 */
public interface Lmx extends Library {
    int LMX_OK = 0, LMX_BAD_ARGUMENT = 1, LMX_NO_JVM = 3, LMX_JVM_START_FAILED = 4, LMX_HOST_UNREACHABLE = 5,
            LMX_INVALID_HANDLE = 8, LMX_INVALID_ENCODING = 9, LMX_CONFIG_INVALID = 10, LMX_NOT_FOUND = 13,
            LMX_NO_RESULT = 14, LMX_INVALID_VALUE = 403, LMX_UNKNOWN_COMMAND = 404;

    int lmx_open(byte[] config, PointerByReference out);

    int lmx_close(Pointer h);

    int lmx_execute(Pointer h, byte[] command, byte[] request);

    int lmx_result(Pointer h, byte[] pointer, byte[] buf, int size);

    int lmx_set_param(Pointer h, byte[] pointer, byte[] value);

    int lmx_reset_params(Pointer h);

    int lmx_error_code(Pointer h);

    int lmx_error_text(Pointer h, byte[] buf, int size);

    int lmx_version(byte[] buf, int size);

    int lmx_test_connection(Pointer h);

    /** The library under test: system property {@code lmx.library} (set by the pom). */
    static Path libraryPath() {
        String p = System.getProperty("lmx.library", "target/cmake-linux/libloymax_bridge.so");
        return Path.of(p).toAbsolutePath();
    }

    static boolean available() {
        return Files.isRegularFile(libraryPath()) && Files.isRegularFile(libraryPath().resolveSibling("loymax-bridge.jar"));
    }

    static Lmx load() {
        return Native.load(libraryPath().toString(), Lmx.class);
    }

    /** NUL-terminated UTF-8. */
    static byte[] z(String s) {
        if (s == null) return null;
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }

    /** NUL-terminated raw bytes (for invalid UTF-8). */
    static byte[] zRaw(byte... b) {
        return Arrays.copyOf(b, b.length + 1);
    }

    /** The C string in buf (up to its NUL) as UTF-8. */
    static String str(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** lmx_result with the two-call protocol; null when it failed (status via lmx_error_code). */
    default String result(Pointer h, String pointer) {
        int n = lmx_result(h, z(pointer), null, 0);
        if (n < 0) return null;
        byte[] b = new byte[n];
        int m = lmx_result(h, z(pointer), b, n);
        if (m != n) throw new AssertionError("size changed between calls: " + n + " then " + m);
        return str(b);
    }

    default String errorText(Pointer h) {
        int n = lmx_error_text(h, null, 0);
        byte[] b = new byte[n];
        lmx_error_text(h, b, n);
        return str(b);
    }
}
