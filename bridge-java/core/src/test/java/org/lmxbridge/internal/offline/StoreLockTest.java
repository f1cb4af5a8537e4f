package org.lmxbridge.internal.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Language;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;

/** The queue's lock file: one owner, its process id readable by the others, whatever the file held before. */
class StoreLockTest {
    private static final String OURS = ProcessHandle.current().pid() + "\n";

    /** Holds the lock given as its argument until its standard input closes (run as a process of its own). */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (StoreLock l = StoreLock.acquire(Path.of(args[0]), Msg.of("text", "queue"))) {
                System.out.println("holding");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // until the test closes our input
                }
            }
        }
    }

    @Test
    void theFileNamesThisProcessWhateverItHeldBefore(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("queue-r1.lock");
        Files.writeString(f, "123456789012\nleft over by an older owner\n", StandardCharsets.US_ASCII);
        try (StoreLock l = StoreLock.acquire(f, Msg.of("text", "queue"))) {
            assertEquals(OURS, Files.readString(f, StandardCharsets.US_ASCII), "a longer text from before is cut to our id");
        }
        try (StoreLock l = StoreLock.acquire(f, Msg.of("text", "queue"))) {
            assertEquals(OURS, Files.readString(f, StandardCharsets.US_ASCII), "reopened: still our id");
        }
        Files.writeString(f, "7\n", StandardCharsets.US_ASCII);
        try (StoreLock l = StoreLock.acquire(f, Msg.of("text", "queue"))) {
            assertEquals(OURS, Files.readString(f, StandardCharsets.US_ASCII), "a shorter text from before is replaced");
            assertEquals(Long.toString(ProcessHandle.current().pid()), StoreLock.holder(f), "held by this process");
            BridgeException e = assertThrows(BridgeException.class, () -> StoreLock.acquire(f, Msg.of("text", "queue")));
            assertEquals(Status.STORAGE_FAILED, e.status());
        }
        assertNull(StoreLock.holder(f), "released at close");
    }

    @Test
    void anotherProcessIsToldTheHoldersProcessId(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("queue-r2.lock");
        Files.writeString(f, "99999999999\n", StandardCharsets.US_ASCII); // a stale text longer than any real id here
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Holder.class.getName(), f.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("holding", out.readLine());
            BridgeException e = assertThrows(BridgeException.class, () -> StoreLock.acquire(f, Msg.of("text", "queue")));
            assertEquals(Status.STORAGE_FAILED, e.status());
            String text = e.message(Language.EN);
            assertTrue(text.contains("another process (process id " + p.pid() + ")"), text);
            assertEquals(Long.toString(p.pid()), StoreLock.holder(f));
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        try (StoreLock l = StoreLock.acquire(f, Msg.of("text", "queue"))) {
            assertEquals(OURS, Files.readString(f, StandardCharsets.US_ASCII), "the lock is ours once the holder has gone");
        }
    }
}
