import java.nio.charset.StandardCharsets;
import org.lmxbridge.CommandSession;
import org.lmxbridge.internal.nativeentry.NativeEntry;

/**
 * The Java baseline of bench/lmx_bench.c "calls": the same execute + result pairs, made in Java
 * inside the same VM (the C program defines this class through JNI in the system class loader).
 * No package: compiled against loymax-bridge.jar by run-benchmarks.sh.
 */
public final class LmxBenchJava {
    static long sink;

    public static Object open(String config) throws Exception {
        return CommandSession.open(config);
    }

    public static long openNative(String config) {
        return NativeEntry.open(config.getBytes(StandardCharsets.UTF_8));
    }

    /** n × CommandSession.execute + result(pointer); returns the elapsed ns. */
    public static long sessionRound(Object session, String command, String pointer, int n) throws Exception {
        CommandSession s = (CommandSession) session;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (s.execute(command, null) != 0) throw new IllegalStateException(s.lastErrorText());
            sink += s.result(pointer).length();
        }
        return System.nanoTime() - t0;
    }

    /** n × NativeEntry.execute + result with UTF-8 byte[] (what the C library calls), from Java. */
    public static long nativeEntryRound(long handle, String command, String pointer, int n) {
        byte[] c = command.getBytes(StandardCharsets.UTF_8);
        byte[] p = pointer.getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (NativeEntry.execute(handle, c, null) != 0) throw new IllegalStateException("execute failed");
            sink += NativeEntry.result(handle, p).length;
        }
        return System.nanoTime() - t0;
    }

    public static void close(Object session, long handle) {
        ((CommandSession) session).close();
        NativeEntry.close(handle);
    }
}
