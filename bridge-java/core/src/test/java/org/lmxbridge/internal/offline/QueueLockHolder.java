package org.lmxbridge.internal.offline;

import java.nio.file.Path;

/** A second JVM for {@link QueueStoreTest}: opens a register's queue, says so, and holds it until killed. */
public final class QueueLockHolder {
    private QueueLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        QueueStore s = QueueStore.open(Path.of(args[0]), args[1]);
        System.out.println("LOCKED " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(120_000);
        s.close();
    }
}
