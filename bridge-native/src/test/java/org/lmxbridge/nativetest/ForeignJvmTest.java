package org.lmxbridge.nativetest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.ptr.PointerByReference;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The library loaded into a JVM that does not have loymax-bridge.jar on its class path: lmx_open
 * must say exactly that (and point to the host engine), not crash and not start a second JVM.
 */
class ForeignJvmTest {
    /** Runs in a child JVM whose class path is only JNA and these test classes. */
    public static void main(String[] args) {
        Lmx lmx = Native.load(args[0], Lmx.class);
        PointerByReference out = new PointerByReference();
        int st = lmx.lmx_open(Lmx.z("{\"url\":\"http://127.0.0.1:9/\",\"login\":\"a\",\"password\":\"b\"}"), out);
        String text = lmx.errorText(null);
        System.out.println("STATUS " + st);
        System.out.println("TEXT " + text);
        // a second try says the same, the process goes on
        int st2 = lmx.lmx_open(Lmx.z("{}"), out);
        System.out.println("STATUS2 " + st2);
        System.out.println(lmx.lmx_version(null, 0) == 6 ? "ALIVE" : "BROKEN");
    }

    @Test
    void aJvmWithoutTheJarIsReportedExactly() throws Exception {
        Assumptions.assumeTrue(Lmx.available(), "native library not built");
        String jna = Path.of(Native.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String classes = Path.of(ForeignJvmTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-cp", jna + File.pathSeparator + classes, ForeignJvmTest.class.getName(),
                Lmx.libraryPath().toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("STATUS " + Lmx.LMX_JVM_START_FAILED), output);
        assertTrue(output.contains("В этом процессе уже работает Java VM"), output);
        assertTrue(output.contains("org.lmxbridge.internal.nativeentry.NativeEntry"), output);
        assertTrue(output.contains("нет в её пути классов"), output);
        assertTrue(output.contains("\"engine\":\"host\""), output);
        assertTrue(output.contains("STATUS2 " + Lmx.LMX_JVM_START_FAILED), output);
        assertTrue(output.contains("ALIVE"), output);
    }
}
