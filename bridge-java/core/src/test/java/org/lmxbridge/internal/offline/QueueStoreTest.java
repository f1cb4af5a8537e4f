package org.lmxbridge.internal.offline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.model.Command;

class QueueStoreTest {
    @TempDir
    Path dir;

    static final String REQ = "{\"purchaseId\":\"P1\",\"identifier\":{\"type\":\"cardNumber\",\"value\":\"8690003\"},"
            + "\"cheque\":{\"number\":\"7\",\"date\":\"2026-11-28T10:15:00\",\"lines\":[{\"pos\":1,\"goodsId\":\"1001\","
            + "\"price\":\"89.90\",\"quantity\":\"2\",\"amount\":\"179.80\"}]}}";

    static QueueStore.NewItem item(String pid, Command cmd, String op) {
        return new QueueStore.NewItem(pid, cmd, op, "2026-11-28T10:15:00.123+03:00", "2026-11-28T10:15:00", REQ,
                new BigDecimal("179.80"), Origin.OFFLINE, null, null);
    }

    @Test
    void anItemSurvivesCloseAndReopenWithItsIdentity() throws Exception {
        long id;
        try (QueueStore s = QueueStore.open(dir, "r1")) {
            id = s.enqueue(item("P1", Command.DISCOUNT, "a".repeat(32))).id();
        }
        try (QueueStore s = QueueStore.open(dir, "r1")) {
            QueueItem it = s.item(id);
            assertEquals("a".repeat(32), it.operationId());
            assertEquals("2026-11-28T10:15:00.123+03:00", it.operationDate());
            assertEquals("2026-11-28T10:15:00", it.chequeDate());
            assertEquals(ItemState.QUEUED, it.state());
            assertEquals(OperationState.QUEUED, s.journal("P1", Command.DISCOUNT).state());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + s.file()); Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("PRAGMA journal_mode");
                rs.next();
                assertEquals("wal", rs.getString(1));
            }
        }
    }

    @Test
    void statesFifoAndFigures() throws Exception {
        try (QueueStore s = QueueStore.open(dir, "r2")) {
            QueueItem a = s.enqueue(item("P1", Command.DISCOUNT, "1".repeat(32)));
            QueueItem b = s.enqueue(item("P1", Command.CONFIRM, "2".repeat(32)));
            QueueItem c = s.enqueue(item("P2", Command.DISCOUNT, "3".repeat(32)));
            assertEquals(a.id(), s.head().id());
            assertEquals(3, s.stats().open());
            assertEquals(0, new BigDecimal("539.40").compareTo(s.stats().openAmount()));
            s.update(a.id(), ItemState.SENT, 0, null, null, 0);
            assertEquals(a.id(), s.head().id(), "a sent item stays the head until its outcome is filed");
            s.finish(s.item(a.id()), ItemState.DONE, 1, null, "{\"ok\":true}");
            assertEquals(OperationState.DONE, s.journal("P1", Command.DISCOUNT).state());
            assertEquals(b.id(), s.head().id());
            s.update(b.id(), ItemState.RETRY, 1, "HTTP 500", null, System.currentTimeMillis() + 1000);
            assertEquals(b.id(), s.head().id(), "strict FIFO: a waiting item keeps its place");
            s.finish(s.item(b.id()), ItemState.DEAD, 1, "CardBlocked", null);
            assertEquals(c.id(), s.head().id());
            QueueStore.Stats st = s.stats();
            assertEquals(1, st.open());
            assertEquals(1, st.dead());
            assertEquals(2, s.item(b.id()).attempts());
            assertEquals(3, s.listOpenAndDead(10).size() + 1);
        }
    }

    @Test
    void aSecondProcessIsRefusedWithTheHoldersPidAndItsCrashReleasesTheLock() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), QueueLockHolder.class.getName(),
                dir.toString(), "r3").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("LOCKED")) {
                // logging of the child
            }
            assertNotNull(line, "the child did not open the queue");
            BridgeException e = assertThrows(BridgeException.class, () -> QueueStore.open(dir, "r3"));
            assertEquals(Status.STORAGE_FAILED, e.status());
            assertTrue(e.getMessage().contains("идентификатор процесса " + p.pid()), e.getMessage());
        } finally {
            p.destroyForcibly(); // SIGKILL: a crash
            p.waitFor(10, TimeUnit.SECONDS);
        }
        try (QueueStore s = QueueStore.open(dir, "r3")) {
            assertNull(s.head());
        }
    }

    @Test
    void theSameQueueTwiceInOneProcessIsRefused() throws Exception {
        try (QueueStore s = QueueStore.open(dir, "r4")) {
            BridgeException e = assertThrows(BridgeException.class, () -> QueueStore.open(dir, "r4"));
            assertEquals(Status.STORAGE_FAILED, e.status());
        }
    }

    /** The v1 format as the first release wrote it (kept here so the migration stays tested). */
    static final String[] DDL_V1 = {
        "CREATE TABLE queue (id INTEGER PRIMARY KEY AUTOINCREMENT, purchase_id TEXT NOT NULL, command TEXT NOT NULL, "
            + "operation_id TEXT NOT NULL, operation_date TEXT NOT NULL, request_json TEXT NOT NULL, state TEXT NOT NULL, "
            + "attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "PRAGMA user_version=1",
    };

    @Test
    void aV1FileWithItemsInEveryStateIsMigratedAfterABackup() throws Exception {
        Path f = QueueStore.fileOf(dir, "r5");
        String[] states = {"queued", "sent", "done", "failed", "dead"};
        String[] at = new String[5];
        for (int i = 0; i < 5; i++) at[i] = java.time.Instant.now().minusSeconds(3600L * (5 - i)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            for (String d : DDL_V1) st.execute(d);
            for (int i = 0; i < states.length; i++) {
                st.execute("INSERT INTO queue (id, purchase_id, command, operation_id, operation_date, request_json, state, attempts, "
                        + "last_error, created_at, updated_at) VALUES (" + (10 + i) + ", 'P" + i + "', 'discount', '" + (char) ('a' + i)
                        + "0000000000000000000000000000000', '2026-01-0" + (i + 1) + "T10:00:00.000+03:00', '"
                        + REQ.replace("P1", "P" + i) + "', '" + states[i] + "', " + i + ", " + (i > 2 ? "'CardBlocked'" : "NULL")
                        + ", '" + at[i] + "', '" + at[i] + "')");
            }
        }
        try (QueueStore s = QueueStore.open(dir, "r5")) {
            List<QueueItem> all = s.all();
            assertEquals(5, all.size());
            String[] want = {"queued", "sent", "done", "retry", "dead"};
            for (int i = 0; i < 5; i++) {
                QueueItem it = all.get(i);
                assertEquals(10 + i, it.id());
                assertEquals("P" + i, it.purchaseId());
                assertEquals((char) ('a' + i) + "0000000000000000000000000000000", it.operationId());
                assertEquals("2026-01-0" + (i + 1) + "T10:00:00.000+03:00", it.operationDate());
                assertEquals("2026-11-28T10:15:00", it.chequeDate());
                assertEquals(want[i], it.state().dbName());
                assertEquals(i, it.attempts());
                assertEquals(0, new BigDecimal("179.80").compareTo(it.amount()));
                assertEquals(java.time.Instant.parse(at[i]).toEpochMilli(), it.createdAt());
            }
            assertEquals(OperationState.QUEUED, s.journal("P0", Command.DISCOUNT).state());
            assertEquals(OperationState.DONE, s.journal("P2", Command.DISCOUNT).state());
            assertEquals(3, s.stats().open());
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path backup = files.filter(p -> p.getFileName().toString().startsWith("queue-r5.db.v1-backup-")).findFirst().orElseThrow();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup); Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("PRAGMA user_version");
                rs.next();
                assertEquals(1, rs.getInt(1));
                rs = st.executeQuery("SELECT count(*) FROM queue");
                rs.next();
                assertEquals(5, rs.getInt(1));
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("PRAGMA user_version");
            rs.next();
            assertEquals(QueueStore.FORMAT_VERSION, rs.getInt(1));
        }
    }

    @Test
    void aFileOfANewerVersionIsRefusedAndLeftUntouched() throws Exception {
        Path f = QueueStore.fileOf(dir, "r6");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE future_queue (id INTEGER PRIMARY KEY, payload TEXT)");
            st.execute("INSERT INTO future_queue VALUES (1, 'keep me')");
            st.execute("PRAGMA user_version=" + (QueueStore.FORMAT_VERSION + 1));
        }
        byte[] before = Files.readAllBytes(f);
        BridgeException e = assertThrows(BridgeException.class, () -> QueueStore.open(dir, "r6"));
        assertEquals(Status.STORAGE_FAILED, e.status());
        assertTrue(e.getMessage().contains("более новой версией моста") && e.getMessage().contains("v" + (QueueStore.FORMAT_VERSION + 1)), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f), "the newer file must never be changed");
        // and the lock was released: the next attempt gives the same sentence, not "in use"
        BridgeException again = assertThrows(BridgeException.class, () -> QueueStore.open(dir, "r6"));
        assertTrue(again.getMessage().contains("более новой версией моста"));
    }

    /**
     * A v2 file as the bridge before the purchase journal redesign wrote it (the v2 DDL and v2 rows):
     * migrated to v3 after a backup; every item keeps its identity, the journal its states, and an item
     * v2 cannot tell about (retried) counts as "may have reached processing".
     */
    @Test
    void aV2FileIsMigratedToV3AfterABackupAndKeepsEveryItem() throws Exception {
        Path f = QueueStore.fileOf(dir, "r7");
        long now = System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            for (String d : QueueStore.DDL_V2) st.execute(d);
            String[][] rows = {{"1", "V-Q", "discount", "queued", "0", "offline"}, {"2", "V-R", "discount", "retry", "2", "offline"},
                {"3", "V-D", "discount", "done", "1", "offline"}, {"4", "V-A", "confirm", "queued", "0", "ambiguous"},
                {"5", "V-X", "discount", "dead", "1", "offline"}};
            for (String[] r : rows) {
                st.execute("INSERT INTO queue_item (id, purchase_id, command, operation_id, operation_date, cheque_date, request_json, "
                        + "amount, amount_minor, origin, state, attempts, created_at, updated_at) VALUES (" + r[0] + ", '" + r[1] + "', '"
                        + r[2] + "', '" + r[0].repeat(32) + "', '2026-11-28T10:15:00.123+03:00', '2026-11-28T10:15:00', '"
                        + REQ.replace("P1", r[1]) + "', '179.80', 17980, '" + r[5] + "', '" + r[3] + "', " + r[4] + ", " + now + ", " + now + ")");
                st.execute("INSERT INTO journal (purchase_id, command, operation_id, operation_date, state, amount, queue_id, created_at, "
                        + "updated_at) VALUES ('" + r[1] + "', '" + r[2] + "', '" + r[0].repeat(32) + "', '2026-11-28T10:15:00.123+03:00', '"
                        + (r[3].equals("done") ? "done" : r[3].equals("dead") ? "failed" : "queued") + "', '179.80', " + r[0] + ", " + now + ", " + now + ")");
            }
            st.execute("INSERT INTO journal (purchase_id, command, operation_id, operation_date, state, amount, created_at, updated_at) "
                    + "VALUES ('V-P', 'pay', '" + "9".repeat(32) + "', '2026-11-28T10:15:00.123+03:00', 'unknown', '50', " + now + ", " + now + ")");
            st.execute("PRAGMA user_version=2");
        }
        try (QueueStore s = QueueStore.open(dir, "r7")) {
            List<QueueItem> all = s.all();
            assertEquals(5, all.size());
            assertEquals(List.of("queued", "retry", "done", "queued", "dead"), all.stream().map(i -> i.state().dbName()).toList());
            assertEquals(List.of(false, true, true, true, true), all.stream().map(QueueItem::mayHaveReachedProcessing).toList());
            assertEquals(Command.CONFIRM, all.get(3).command());
            assertEquals(Origin.AMBIGUOUS, all.get(3).origin());
            assertEquals("2".repeat(32), all.get(1).operationId());
            assertEquals(OperationState.UNKNOWN, s.journal("V-P", Command.PAY).state());
            assertEquals(OperationState.DONE, s.journal("V-D", Command.DISCOUNT).state());
            assertNull(s.journal("V-D", Command.DISCOUNT).requestHash(), "v2 entries have no fingerprint");
            QueueStore.Stats st = s.stats();
            assertEquals(3, st.open());
            assertEquals(1, st.dead());
            assertEquals(0, new BigDecimal("539.40").compareTo(st.openAmount()));
            assertTrue(s.verifyFigures());
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path backup = files.filter(p -> p.getFileName().toString().startsWith("queue-r7.db.v2-backup-")).findFirst().orElseThrow();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup); Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("PRAGMA user_version");
                rs.next();
                assertEquals(2, rs.getInt(1));
            }
        }
        // a current file opens without being written
        byte[] before = Files.readAllBytes(f);
        try (QueueStore s = QueueStore.open(dir, "r7")) {
            assertEquals(5, s.all().size());
        }
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    /** The figures kept by the store equal a fresh count after every kind of change. */
    @Test
    void keptFiguresMatchACountAfterEveryChange() throws Exception {
        try (QueueStore s = QueueStore.open(dir, "r8")) {
            QueueItem a = s.enqueue(item("F1", Command.DISCOUNT, "a1".repeat(16)));
            QueueItem b = s.enqueue(item("F1", Command.CONFIRM, "b1".repeat(16)));
            QueueItem c = s.enqueue(item("F2", Command.DISCOUNT, "c1".repeat(16)));
            s.update(a.id(), ItemState.SENT, 0, null, null, 0);
            s.finish(s.item(a.id()), ItemState.DISCREPANCY, 1, null, "{}", "differs", true);
            s.update(b.id(), ItemState.RETRY, 1, "HTTP 500", null, 0);
            s.finish(s.item(b.id()), ItemState.DEAD, 1, "x", null);
            s.update(b.id(), ItemState.QUEUED, 0, null, null, 0);
            s.finish(s.item(c.id()), ItemState.NEUTRALISED, 0, null, null);
            QueueStore.Stats st = s.stats();
            assertEquals(1, st.open());
            assertEquals(0, st.dead());
            assertEquals(1, st.discrepancies());
            assertEquals(OperationState.DISCREPANCY, s.journal("F1", Command.DISCOUNT).state());
            assertEquals("differs", s.journal("F1", Command.DISCOUNT).discrepancy());
            assertTrue(s.verifyFigures());
        }
    }

    /** The replay worker's outcome: visible to the store at once, on disk with the next commit (the next "sent" mark, or close). */
    @Test
    void anOutcomeFiledWithoutCommitReachesTheDiskWithTheNextSentMarkOrAtClose() throws Exception {
        Path file;
        long b;
        try (QueueStore s = QueueStore.open(dir, "r9")) {
            file = s.file();
            long a = s.enqueue(item("U1", Command.DISCOUNT, "1".repeat(32))).id();
            b = s.enqueue(item("U2", Command.DISCOUNT, "2".repeat(32))).id();
            s.update(a, ItemState.SENT, 0, null, null, 0);
            s.finishUncommitted(s.item(a), ItemState.DONE, 1, null, "{\"ok\":true}", null, true);
            assertEquals(b, s.head().id(), "the store sees the outcome at once");
            assertEquals(OperationState.DONE, s.journal("U1", Command.DISCOUNT).state());
            assertEquals("sent", stateOnDisk(file, a), "not committed yet: a crash now forwards it again");
            assertEquals(2, s.stats().open(), "the figures follow the commit");
            s.update(b, ItemState.SENT, 0, null, null, 0);
            assertEquals("done", stateOnDisk(file, a), "the next item's mark committed the outcome with it");
            assertEquals("sent", stateOnDisk(file, b));
            assertEquals(1, s.stats().open());
            s.finishUncommitted(s.item(b), ItemState.DONE, 1, null, "{\"ok\":true}", null, true);
            assertEquals("sent", stateOnDisk(file, b));
            assertEquals(1, s.stats().open());
        }
        assertEquals("done", stateOnDisk(file, b), "close commits what was left open");
        try (QueueStore s = QueueStore.open(dir, "r9")) {
            assertEquals(0, s.stats().open());
            assertNull(s.head());
            assertEquals(OperationState.DONE, s.journal("U2", Command.DISCOUNT).state());
            assertTrue(s.verifyFigures());
        }
    }

    /** An item's state as another connection reads the file (what survives a crash now). */
    private static String stateOnDisk(Path file, long id) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT state FROM queue_item WHERE id = " + id)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
