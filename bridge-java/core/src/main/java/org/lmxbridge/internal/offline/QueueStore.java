package org.lmxbridge.internal.offline;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Language;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.log.Mask;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable offline queue and purchase journal of one register: one SQLite file
 * {@code <dataDir>/queue-<register>.db} (WAL, {@code synchronous=FULL}: a commit has reached the
 * disk when it returns), owned by one process at a time ({@link StoreLock}). Thread-safe: every
 * method is synchronized on the store (one connection).
 *
 * <p>Format version in {@code PRAGMA user_version}: {@value #FORMAT_VERSION}. A v1 or v2 file is
 * migrated after a backup copy ({@code VACUUM INTO}); a file of a newer version is refused and left
 * untouched; opening a current file writes nothing.
 *
 * <p>The queue figures ({@link #stats()}: open items, their amount, dead letters, discrepancies) are
 * counted once at open and then kept by every change made here: the store is the only writer of its
 * file (one process, {@link StoreLock}), so an enqueue never counts the whole queue.
 */
public final class QueueStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);

    /**
     * The current format. v1: table {@code queue} only (no journal, ISO text timestamps, state "failed").
     * v2: {@code queue_item}, {@code journal}, {@code audit}. v3 = v2 + {@link #V3_COLUMNS}: whether a
     * queued request may have reached processing, discrepancies, the request fingerprint per operation.
     */
    public static final int FORMAT_VERSION = 3;

    /** The v2 tables (v3 adds {@link #V3_COLUMNS} to them). */
    static final String[] DDL_V2 = {
        "CREATE TABLE queue_item ("
            + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " purchase_id TEXT NOT NULL,"
            + " command TEXT NOT NULL,"                  // discount | confirm | cancel | refund
            + " operation_id TEXT NOT NULL UNIQUE,"
            + " operation_date TEXT NOT NULL,"           // exactly as sent: 2026-11-28T10:15:00.123+03:00
            + " cheque_date TEXT,"                       // local wall-clock, no offset
            + " request_json TEXT NOT NULL,"             // vocabulary JSON, never a PIN
            + " amount TEXT NOT NULL DEFAULT '0',"       // cheque total (discount, refund), else 0
            + " amount_minor INTEGER NOT NULL DEFAULT 0,"  // the same in kopecks, for exact sums (money has 2 decimals)
            + " origin TEXT NOT NULL,"                   // offline | ambiguous
            + " state TEXT NOT NULL,"                    // ItemState, lower case
            + " attempts INTEGER NOT NULL DEFAULT 0,"
            + " last_error TEXT,"
            + " result_json TEXT,"
            + " created_at INTEGER NOT NULL,"            // epoch ms
            + " updated_at INTEGER NOT NULL,"
            + " next_attempt_at INTEGER NOT NULL DEFAULT 0,"
            + " ref_purchase_id TEXT)",
        "CREATE INDEX queue_item_state ON queue_item(state, id)",
        // the open items (FIFO head, status figures) without scanning the forwarded ones
        "CREATE INDEX queue_item_open ON queue_item(id) WHERE state IN ('queued','sent','retry')",
        "CREATE INDEX queue_item_purchase ON queue_item(purchase_id)",
        "CREATE TABLE journal ("
            + " purchase_id TEXT NOT NULL,"
            + " command TEXT NOT NULL,"
            + " operation_id TEXT NOT NULL,"
            + " operation_date TEXT NOT NULL,"
            + " state TEXT NOT NULL,"                    // OperationState, lower case
            + " amount TEXT,"
            + " result_json TEXT,"
            + " queue_id INTEGER,"
            + " created_at INTEGER NOT NULL,"
            + " updated_at INTEGER NOT NULL,"
            + " PRIMARY KEY (purchase_id, command))",
        "CREATE TABLE audit ("                          // discard reasons and other human decisions
            + " id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, item_id INTEGER, action TEXT NOT NULL, text TEXT)",
    };

    /** What v3 adds to the v2 tables. */
    static final String[] V3_COLUMNS = {
        "ALTER TABLE queue_item ADD COLUMN reached INTEGER NOT NULL DEFAULT 0",   // a request may have reached processing
        "ALTER TABLE queue_item ADD COLUMN discrepancy TEXT",
        "ALTER TABLE journal ADD COLUMN request_hash TEXT",                         // RequestFingerprint of the register's request
        "ALTER TABLE journal ADD COLUMN request_json TEXT",                         // pay: to re-send its OperationID, no PIN
        "ALTER TABLE journal ADD COLUMN discrepancy TEXT",
    };

    private static final String OPEN_STATES = "('queued','sent','retry')";

    static final String ITEM_COLUMNS = "id, purchase_id, command, operation_id, operation_date, cheque_date, "
            + "request_json, amount, origin, state, attempts, last_error, result_json, created_at, updated_at, "
            + "next_attempt_at, ref_purchase_id, reached, discrepancy, amount_minor";

    private static final String JOURNAL_COLUMNS = "purchase_id, command, operation_id, operation_date, state, amount, "
            + "result_json, queue_id, request_hash, request_json, discrepancy";

    private final Path file;
    private final StoreLock lock;
    private final Connection c;
    private final String register;

    /**
     * Prepared statements by SQL, kept for the life of the connection: compiling a statement cost more
     * than running it (an enqueue ran six), docs/performance.md. Guarded by the store's monitor.
     */
    private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();

    /**
     * The figures, kept by every change (see the class comment): items and their amount (kopecks) by
     * {@link ItemState#ordinal()}, for the states that wait for the replay or a person ({@link #KEPT}).
     */
    private final int[] stateCount = new int[ItemState.values().length];
    private final long[] stateMinor = new long[ItemState.values().length];

    /** The states whose figures are kept: the open ones and those waiting for a person. */
    public static final java.util.List<ItemState> KEPT = java.util.List.of(ItemState.QUEUED, ItemState.SENT, ItemState.RETRY,
            ItemState.DEAD, ItemState.DISCREPANCY);

    private int openItems() {
        return stateCount[ItemState.QUEUED.ordinal()] + stateCount[ItemState.SENT.ordinal()] + stateCount[ItemState.RETRY.ordinal()];
    }

    private long openKopecks() {
        return stateMinor[ItemState.QUEUED.ordinal()] + stateMinor[ItemState.SENT.ordinal()] + stateMinor[ItemState.RETRY.ordinal()];
    }

    private QueueStore(Path file, StoreLock lock, Connection c, String register) {
        this.file = file;
        this.lock = lock;
        this.c = c;
        this.register = register;
    }

    public static Path fileOf(Path dataDir, String register) {
        return dataDir.resolve("queue-" + register + ".db");
    }

    /** The lock file whose holder owns the queue ({@link StoreLock}). */
    public static Path lockOf(Path dataDir, String register) {
        return dataDir.resolve("queue-" + register + ".lock");
    }

    /**
     * Opens (creating or migrating) the queue of a register. Never touches the network.
     * @throws BridgeException {@link Status#STORAGE_FAILED} with a sentence: folder not writable,
     *     held by another process (its pid), newer format, unreadable file
     */
    public static QueueStore open(Path dataDir, String register) throws BridgeException {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException | SecurityException e) {
            throw Msg.of("store.folder.create", dataDir, e.getMessage()).error(Status.STORAGE_FAILED);
        }
        Path file = fileOf(dataDir, register);
        Msg what = Msg.of("store.what", register, file);
        StoreLock lock = StoreLock.acquire(lockOf(dataDir, register), what);
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
                int version;
                try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version > FORMAT_VERSION) {
                    throw Msg.of("store.newer", what, version, FORMAT_VERSION).error(Status.STORAGE_FAILED);
                }
                if (version == 1) {
                    migrateV1(c, file, what);
                    version = 2;
                } else if (version == 2) {
                    completeV2(c);
                }
                if (version == 2) {
                    migrateV2(c, file, what);
                }
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
                if (version == 0) {
                    boolean empty;
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                        empty = rs.next() && rs.getInt(1) == 0;
                    }
                    if (!empty) {
                        throw Msg.of("store.foreign", what).error(Status.STORAGE_FAILED);
                    }
                    c.setAutoCommit(false);
                    for (String ddl : DDL_V2) s.execute(ddl);
                    for (String ddl : V3_COLUMNS) s.execute(ddl);
                    s.execute("PRAGMA user_version=" + FORMAT_VERSION);
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
            c.setAutoCommit(false);
            QueueStore st = new QueueStore(file, lock, c, register);
            st.prune();
            st.recount();
            return st;
        } catch (SQLException e) {
            closeQuietly(c);
            lock.close();
            throw Msg.of("store.open", what, e.getMessage()).error(Status.STORAGE_FAILED);
        } catch (BridgeException | RuntimeException e) {
            closeQuietly(c);
            lock.close();
            throw e;
        }
    }

    /**
     * Files written by development builds of v2 before {@code amount_minor} and the open-items index
     * existed: both are added in place (idempotent; nothing else differs).
     */
    private static void completeV2(Connection c) throws SQLException {
        boolean hasMinor = false;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(queue_item)")) {
            while (rs.next()) hasMinor |= "amount_minor".equals(rs.getString("name"));
        }
        try (Statement s = c.createStatement()) {
            if (!hasMinor) {
                s.execute("ALTER TABLE queue_item ADD COLUMN amount_minor INTEGER NOT NULL DEFAULT 0");
                s.execute("UPDATE queue_item SET amount_minor = CAST(ROUND(CAST(amount AS REAL) * 100) AS INTEGER)");
            }
            s.execute("CREATE INDEX IF NOT EXISTS queue_item_open ON queue_item(id) WHERE state IN ('queued','sent','retry')");
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }

    private static Path backup(Connection c, Path file, String from, Msg what) throws SQLException, BridgeException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path backup = file.resolveSibling(file.getFileName() + "." + from + "-backup-" + stamp);
        try (Statement s = c.createStatement()) {
            s.execute("VACUUM INTO '" + backup.toString().replace("'", "''") + "'");
        }
        if (!Files.isRegularFile(backup)) {
            throw Msg.of("store.backup", what).error(Status.STORAGE_FAILED);
        }
        return backup;
    }

    /**
     * v2 → v3: a backup copy first, then in one transaction the new columns. An item of v2 counts as
     * "may have reached processing" when it was sent, answered, retried or ambiguous (v2 did not tell
     * a connection that never left from a lost answer; the cautious reading keeps v2's behaviour).
     */
    private static void migrateV2(Connection c, Path file, Msg what) throws SQLException, BridgeException {
        Path backup = backup(c, file, "v2", what);
        log.warn("upgrading the offline queue {} from format v2 to v{}; backup copy: {}", file, FORMAT_VERSION, backup);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String ddl : V3_COLUMNS) s.execute(ddl);
            s.execute("UPDATE queue_item SET reached = 1 WHERE state IN ('sent','done') OR attempts > 0 OR origin = 'ambiguous'");
            s.execute("PRAGMA user_version=" + FORMAT_VERSION);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * v1 → v2: a backup copy first ({@code VACUUM INTO}, consistent even with a WAL), then in one
     * transaction the new tables, every item copied with its id, OperationID, OperationDate, state
     * (v1 "failed" = v2 "retry") and attempts, the journal rebuilt from the items, the old table dropped.
     */
    private static void migrateV1(Connection c, Path file, Msg what) throws SQLException, BridgeException {
        Path backup = backup(c, file, "v1", what);
        log.warn("upgrading the offline queue {} from format v1 to v2; backup copy: {}", file, backup);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL_V2) s.execute(ddl);
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id, purchase_id, command, operation_id, operation_date, request_json, "
                    + "state, attempts, last_error, created_at, updated_at FROM queue ORDER BY id")) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11)});
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO queue_item (id, purchase_id, command, operation_id, "
                    + "operation_date, cheque_date, request_json, amount, origin, state, attempts, last_error, result_json, "
                    + "created_at, updated_at, next_attempt_at, ref_purchase_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (Object[] r : rows) {
                    String json = (String) r[5];
                    OperationRequest req = RequestJson.read(json);
                    String state = switch ((String) r[6]) {
                        case "failed" -> "retry";
                        case "queued", "sent", "done", "dead" -> (String) r[6];
                        default -> "dead";
                    };
                    ins.setLong(1, (Long) r[0]);
                    ins.setString(2, (String) r[1]);
                    ins.setString(3, (String) r[2]);
                    ins.setString(4, (String) r[3]);
                    ins.setString(5, (String) r[4]);
                    ins.setString(6, req.cheque() == null || req.cheque().date() == null ? null
                            : org.lmxbridge.internal.protocol.ProtocolMapper.chequeDate(req.cheque().date()));
                    ins.setString(7, json);
                    ins.setString(8, RequestJson.amountOf(req).toPlainString());
                    ins.setString(9, "offline");
                    ins.setString(10, state);
                    ins.setInt(11, (Integer) r[7]);
                    ins.setString(12, (String) r[8]);
                    ins.setString(13, null);
                    ins.setLong(14, v1Time((String) r[9]));
                    ins.setLong(15, v1Time((String) r[10]));
                    ins.setLong(16, 0);
                    ins.setString(17, req.refundPurchaseId());
                    ins.executeUpdate();
                }
            }
            s.execute("UPDATE queue_item SET amount_minor = CAST(ROUND(CAST(amount AS REAL) * 100) AS INTEGER)");
            s.execute("INSERT OR REPLACE INTO journal (purchase_id, command, operation_id, operation_date, state, amount, queue_id, "
                    + "created_at, updated_at) SELECT purchase_id, command, operation_id, operation_date, "
                    + "CASE state WHEN 'done' THEN 'done' WHEN 'dead' THEN 'failed' ELSE 'queued' END, amount, id, created_at, "
                    + "updated_at FROM queue_item ORDER BY id");
            s.execute("DROP TABLE queue");
            s.execute("PRAGMA user_version=2");
            c.commit();
        } catch (SQLException | BridgeException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static long v1Time(String iso) {
        if (iso == null) return System.currentTimeMillis();
        try {
            return java.time.Instant.parse(iso).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return LocalDateTime.parse(iso).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            } catch (java.time.format.DateTimeParseException e2) {
                return System.currentTimeMillis();
            }
        }
    }

    /** Forwarded and neutralised items older than 30 days go; dead ones and discrepancies stay until a person decides. */
    private synchronized void prune() throws SQLException {
        long cutoff = System.currentTimeMillis() - 30L * 24 * 3600 * 1000;
        try (PreparedStatement p = c.prepareStatement("DELETE FROM queue_item WHERE state IN ('done','neutralised','discarded') "
                + "AND updated_at < ?")) {
            p.setLong(1, cutoff);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM journal WHERE updated_at < ? AND state IN ('done','failed')")) {
            p.setLong(1, cutoff);
            p.executeUpdate();
        }
        c.commit();
    }

    /** Counts the figures from the file (at open; {@link #verifyFigures} for tests). */
    private synchronized void recount() throws SQLException {
        java.util.Arrays.fill(stateCount, 0);
        java.util.Arrays.fill(stateMinor, 0);
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, count(*), coalesce(sum(amount_minor), 0) FROM queue_item WHERE state IN "
                     + "('queued','sent','retry','dead','discrepancy') GROUP BY state")) {
            while (rs.next()) {
                int i = ItemState.parse(rs.getString(1)).ordinal();
                stateCount[i] = rs.getInt(2);
                stateMinor[i] = rs.getLong(3);
            }
        }
        c.commit();
    }

    /** For tests: the kept figures equal a fresh count of the file. */
    synchronized boolean verifyFigures() throws SQLException {
        if (!pendingCount.isEmpty()) commitCounted(); // outcomes left open by finishUncommitted: recount would commit them uncounted
        int[] keptCount = stateCount.clone();
        long[] keptMinor = stateMinor.clone();
        recount();
        return java.util.Arrays.equals(keptCount, stateCount) && java.util.Arrays.equals(keptMinor, stateMinor);
    }

    private void counted(ItemState from, ItemState to, long minor) {
        if (from == to) return;
        if (from != null && (from.open() || from.needsAPerson())) {
            stateCount[from.ordinal()]--;
            stateMinor[from.ordinal()] -= minor;
        }
        if (to.open() || to.needsAPerson()) {
            stateCount[to.ordinal()]++;
            stateMinor[to.ordinal()] += minor;
        }
    }

    public Path file() {
        return file;
    }

    /** The connection's prepared statement for {@code sql} (parameters are set anew by every use). */
    private PreparedStatement ps(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = c.prepareStatement(sql);
            statements.put(sql, p);
        }
        return p;
    }

    /** A new item to store; {@code requestHash} is the fingerprint of the register's request (for its journal entry). */
    public record NewItem(String purchaseId, Command command, String operationId, String operationDate, String chequeDate,
                          String requestJson, BigDecimal amount, Origin origin, String refPurchaseId, String requestHash) {
    }

    private static long minor(BigDecimal amount) {
        return amount.movePointRight(2).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * Stores an item and points the purchase's journal entry for its command at it, in one
     * transaction; returns only after the commit reached the disk.
     */
    public synchronized QueueItem enqueue(NewItem n) throws BridgeException {
        long now = System.currentTimeMillis();
        long minor = minor(n.amount());
        try {
            long id;
            {
                PreparedStatement p = ps("INSERT INTO queue_item (purchase_id, command, operation_id, "
                    + "operation_date, cheque_date, request_json, amount, origin, state, attempts, created_at, updated_at, "
                    + "next_attempt_at, ref_purchase_id, amount_minor, reached) VALUES (?,?,?,?,?,?,?,?,'queued',0,?,?,0,?,?,?) "
                    + "RETURNING id");
                p.setString(1, n.purchaseId());
                p.setString(2, n.command().jsonName());
                p.setString(3, n.operationId());
                p.setString(4, n.operationDate());
                p.setString(5, n.chequeDate());
                p.setString(6, n.requestJson());
                p.setString(7, n.amount().toPlainString());
                p.setString(8, n.origin().dbName());
                p.setLong(9, now);
                p.setLong(10, now);
                p.setString(11, n.refPurchaseId());
                p.setLong(12, minor);
                p.setInt(13, n.origin() == Origin.AMBIGUOUS ? 1 : 0);
                try (ResultSet k = p.executeQuery()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            putJournal0(new JournalEntry(n.purchaseId(), n.command(), n.operationId(), n.operationDate(), OperationState.QUEUED,
                    n.amount().toPlainString(), null, id, n.requestHash(), null, null), now);
            commitCounted();
            counted(null, ItemState.QUEUED, minor);
            return new QueueItem(id, n.purchaseId(), n.command(), n.operationId(), n.operationDate(), n.chequeDate(),
                    n.requestJson(), n.amount(), n.origin(), ItemState.QUEUED, 0, null, null, now, now, 0, n.refPurchaseId(),
                    n.origin() == Origin.AMBIGUOUS, null);
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.store"), e);
        }
    }

    private BridgeException failed(Msg what, SQLException e) {
        pendingCount.clear();
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next call reports it
        }
        log.error("offline queue {}: cannot {}: {}", register, what.in(Language.EN), e.getMessage());
        return Msg.of("store.failed", what, file, e.getMessage()).error(Status.STORAGE_FAILED);
    }

    static QueueItem read(ResultSet rs) throws SQLException {
        return new QueueItem(rs.getLong(1), rs.getString(2), Command.parse(rs.getString(3)), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), new BigDecimal(rs.getString(8)), Origin.parse(rs.getString(9)),
                ItemState.parse(rs.getString(10)), rs.getInt(11), rs.getString(12), rs.getString(13), rs.getLong(14),
                rs.getLong(15), rs.getLong(16), rs.getString(17), rs.getInt(18) != 0, rs.getString(19));
    }

    private List<QueueItem> query(String where, Object... args) throws SQLException {
        {
            PreparedStatement p = ps("SELECT " + ITEM_COLUMNS + " FROM queue_item " + where);
            for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
            List<QueueItem> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            endRead();
            return out;
        }
    }

    public synchronized QueueItem item(long id) throws BridgeException {
        try {
            List<QueueItem> l = query("WHERE id = ?", id);
            return l.isEmpty() ? null : l.get(0);
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.readItem", id), e);
        }
    }

    /** The oldest item still to forward (FIFO head), or null. */
    public synchronized QueueItem head() throws BridgeException {
        if (openItems() == 0) return null;
        try {
            List<QueueItem> l = query("WHERE state IN " + OPEN_STATES + " ORDER BY id LIMIT 1");
            return l.isEmpty() ? null : l.get(0);
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.head"), e);
        }
    }

    /** Every item of a purchase, oldest first. */
    public synchronized List<QueueItem> itemsOf(String purchaseId) throws BridgeException {
        try {
            return query("WHERE purchase_id = ? ORDER BY id", purchaseId);
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.purchaseItems"), e);
        }
    }

    /** Items for {@code queue list}: everything not yet forwarded, the dead letters and the discrepancies; oldest first. */
    public synchronized List<QueueItem> listOpenAndDead(int limit) throws BridgeException {
        try {
            return query("WHERE state IN ('queued','sent','retry','dead','discrepancy') ORDER BY id LIMIT ?", limit);
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.list"), e);
        }
    }

    public synchronized List<QueueItem> all() throws BridgeException {
        try {
            return query("ORDER BY id");
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.list"), e);
        }
    }

    /** How many items are in a state (for {@code flush}'s summary). */
    public synchronized int count(ItemState state) throws BridgeException {
        try {
            PreparedStatement p = ps("SELECT count(*) FROM queue_item WHERE state = ?");
            p.setString(1, state.dbName());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                int n = rs.getInt(1);
                endRead();
                return n;
            }
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.count"), e);
        }
    }

    /** Changes an item's state and bookkeeping. {@code attemptsDelta} 0 for a pause ("not the item's fault"). */
    public synchronized void update(long id, ItemState state, int attemptsDelta, String lastError, String resultJson,
                                    long nextAttemptAt) throws BridgeException {
        update(id, state, attemptsDelta, lastError, resultJson, nextAttemptAt, false);
    }

    /** As {@link #update(long, ItemState, int, String, String, long)}; {@code reached}: the attempt may have reached processing. */
    public synchronized void update(long id, ItemState state, int attemptsDelta, String lastError, String resultJson,
                                    long nextAttemptAt, boolean reached) throws BridgeException {
        try {
            updateItem0(id, state, attemptsDelta, lastError, resultJson, nextAttemptAt, reached, null);
            commitCounted();
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.update", id), e);
        }
    }

    private void updateItem0(long id, ItemState state, int attemptsDelta, String lastError, String resultJson,
                             long nextAttemptAt, boolean reached, String discrepancy) throws SQLException {
        ItemState from = null;
        long minor = 0;
        {
            PreparedStatement p = ps("SELECT state, amount_minor FROM queue_item WHERE id = ?");
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    from = ItemState.parse(rs.getString(1));
                    minor = rs.getLong(2);
                }
            }
        }
        if (from == null) return;
        {
            PreparedStatement p = ps("UPDATE queue_item SET state = ?, attempts = attempts + ?, "
                + "last_error = COALESCE(?, last_error), result_json = COALESCE(?, result_json), updated_at = ?, "
                + "next_attempt_at = ?, reached = MAX(reached, ?), discrepancy = COALESCE(?, discrepancy) WHERE id = ?");
            p.setString(1, state.dbName());
            p.setInt(2, attemptsDelta);
            p.setString(3, lastError == null ? null : Mask.text(lastError));
            p.setString(4, resultJson);
            p.setLong(5, System.currentTimeMillis());
            p.setLong(6, nextAttemptAt);
            p.setInt(7, reached ? 1 : 0);
            p.setString(8, discrepancy);
            p.setLong(9, id);
            p.executeUpdate();
        }
        pendingCount.add(new long[] {from.ordinal(), state.ordinal(), minor});
    }

    /**
     * State changes written but not yet committed: counted once the commit succeeded. Every commit of
     * the store goes through {@link #commitCounted()}, so changes written by {@link #finishUncommitted}
     * are counted by whichever commit makes them durable.
     */
    private final List<long[]> pendingCount = new ArrayList<>();

    /**
     * Ends a read's transaction (autocommit is off) — unless outcomes written by {@link #finishUncommitted}
     * are pending: then the transaction stays open for the commit that makes them durable.
     */
    private void endRead() throws SQLException {
        if (pendingCount.isEmpty()) c.commit();
    }

    private void commitCounted() throws SQLException {
        try {
            c.commit();
            for (long[] x : pendingCount) counted(ItemState.values()[(int) x[0]], ItemState.values()[(int) x[1]], x[2]);
        } finally {
            pendingCount.clear();
        }
    }

    /**
     * An item reached its end: its state, and the purchase's journal entry (when it still points at
     * this operation) follows in the same transaction: done → done, discrepancy → discrepancy (with
     * the difference), dead / discarded / neutralised → failed. A discrepancy a person acknowledges
     * (discarded) leaves the journal as it is.
     */
    public synchronized void finish(QueueItem it, ItemState state, int attemptsDelta, String lastError, String resultJson)
            throws BridgeException {
        finish(it, state, attemptsDelta, lastError, resultJson, null, false);
    }

    public synchronized void finish(QueueItem it, ItemState state, int attemptsDelta, String lastError, String resultJson,
                                    String discrepancy, boolean reached) throws BridgeException {
        finish0(it, state, attemptsDelta, lastError, resultJson, discrepancy, reached, true);
    }

    /**
     * As {@link #finish}, written in the open transaction without committing it: the next commit of
     * the store makes it durable — the replay worker's mark of the next item as sent (before that
     * item's request leaves), or {@link #flush()} before the worker waits. So a replayed item's
     * outcome and the next item's "sent" share one disk sync, and nothing depending on the outcome
     * leaves the register before it is on disk (every request is preceded by a commit). A crash in
     * between leaves the item "sent": it is forwarded again with its OperationID, as when the crash
     * came between the answer and a commit before.
     */
    public synchronized void finishUncommitted(QueueItem it, ItemState state, int attemptsDelta, String lastError, String resultJson,
                                               String discrepancy, boolean reached) throws BridgeException {
        finish0(it, state, attemptsDelta, lastError, resultJson, discrepancy, reached, false);
    }

    /** Commits what {@link #finishUncommitted} left open (nothing when there is none). */
    public synchronized void flush() throws BridgeException {
        if (pendingCount.isEmpty()) return;
        try {
            commitCounted();
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.commitOutcomes"), e);
        }
    }

    private void finish0(QueueItem it, ItemState state, int attemptsDelta, String lastError, String resultJson,
                         String discrepancy, boolean reached, boolean commit) throws BridgeException {
        long now = System.currentTimeMillis();
        try {
            updateItem0(it.id(), state, attemptsDelta, lastError, resultJson, 0, reached, discrepancy);
            if (it.state() != ItemState.DISCREPANCY) { // the caller's copy: a discrepancy is never forwarded again
                OperationState js = switch (state) {
                    case DONE -> OperationState.DONE;
                    case DISCREPANCY -> OperationState.DISCREPANCY;
                    case DEAD, DISCARDED, NEUTRALISED -> OperationState.FAILED;
                    default -> OperationState.QUEUED;
                };
                {
                    PreparedStatement p = ps("UPDATE journal SET state = ?, result_json = COALESCE(?, result_json), "
                        + "discrepancy = ?, updated_at = ? WHERE purchase_id = ? AND command = ? AND operation_id = ?");
                    p.setString(1, js.dbName());
                    p.setString(2, resultJson);
                    p.setString(3, discrepancy);
                    p.setLong(4, now);
                    p.setString(5, it.purchaseId());
                    p.setString(6, it.command().jsonName());
                    p.setString(7, it.operationId());
                    p.executeUpdate();
                }
            }
            if (commit) commitCounted();
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.update", it.id()), e);
        }
    }

    public synchronized void audit(long itemId, String action, String text) throws BridgeException {
        try {
            PreparedStatement p = ps("INSERT INTO audit (at, item_id, action, text) VALUES (?,?,?,?)");
            p.setLong(1, System.currentTimeMillis());
            p.setLong(2, itemId);
            p.setString(3, action);
            p.setString(4, text);
            p.executeUpdate();
            commitCounted();
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.audit"), e);
        }
    }

    /** Queue figures for {@code status}. {@code oldestCreatedAt} 0 when nothing is open. */
    public record Stats(int open, long oldestCreatedAt, int dead, BigDecimal openAmount, int discrepancies) {
    }

    /** The figures; the age of the oldest open item is read from the FIFO head (one indexed row). */
    public synchronized Stats stats() throws BridgeException {
        return new Stats(openItems(), oldestOpenCreatedAt(), stateCount[ItemState.DEAD.ordinal()], BigDecimal.valueOf(openKopecks(), 2),
                stateCount[ItemState.DISCREPANCY.ordinal()]);
    }

    /** When the oldest open item (the FIFO head) was queued, epoch ms; 0 when none ({@link #head} then reads nothing). */
    private long oldestOpenCreatedAt() throws BridgeException {
        QueueItem head = head();
        return head == null ? 0 : head.createdAt();
    }

    /**
     * The kept figures by state ({@link #KEPT}): items and amount (kopecks) per state, and when the oldest
     * open item was queued (epoch ms, 0 when none) — for the metrics, read at scrape time.
     */
    public record Figures(int[] items, long[] minor, long oldestCreatedAt) {
        public int items(ItemState s) {
            return items[s.ordinal()];
        }

        public BigDecimal amount(ItemState s) {
            return BigDecimal.valueOf(minor[s.ordinal()], 2);
        }

        /** As {@code status} shows them: {@code {"queued":{"items":N,"amount":"0.00"}, …}} for every kept state. */
        public java.util.Map<String, java.util.Map<String, Object>> byState() {
            java.util.Map<String, java.util.Map<String, Object>> m = new java.util.LinkedHashMap<>();
            for (ItemState s : KEPT) {
                java.util.Map<String, Object> one = new java.util.LinkedHashMap<>();
                one.put("items", items(s));
                one.put("amount", amount(s));
                m.put(s.dbName(), one);
            }
            return m;
        }
    }

    /** The kept figures by state; one indexed row read for the oldest open item when there is one. */
    public synchronized Figures figures() throws BridgeException {
        return new Figures(stateCount.clone(), stateMinor.clone(), oldestOpenCreatedAt());
    }

    /** Items still to forward (kept figure: no query). */
    public synchronized int openCount() {
        return openItems();
    }

    /** Their amount (kept figure: no query). */
    public synchronized BigDecimal openAmount() {
        return BigDecimal.valueOf(openKopecks(), 2);
    }

    public synchronized JournalEntry journal(String purchaseId, Command command) throws BridgeException {
        try {
            PreparedStatement p = ps("SELECT " + JOURNAL_COLUMNS + " FROM journal WHERE purchase_id = ? AND command = ?");
            p.setString(1, purchaseId);
            p.setString(2, command.jsonName());
            JournalEntry e = null;
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) e = readJournal(rs);
            }
            endRead();
            return e;
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.readJournal"), e);
        }
    }

    /** Every journalled operation of a purchase. */
    public synchronized List<JournalEntry> journalOf(String purchaseId) throws BridgeException {
        try {
            PreparedStatement p = ps("SELECT " + JOURNAL_COLUMNS + " FROM journal WHERE purchase_id = ?");
            p.setString(1, purchaseId);
            List<JournalEntry> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(readJournal(rs));
            }
            endRead();
            return out;
        } catch (SQLException e) {
            throw failed(Msg.of("store.op.readJournal"), e);
        }
    }

    private static JournalEntry readJournal(ResultSet rs) throws SQLException {
        long q = rs.getLong(8);
        Long queueId = rs.wasNull() ? null : q;
        return new JournalEntry(rs.getString(1), Command.parse(rs.getString(2)), rs.getString(3), rs.getString(4),
                OperationState.parse(rs.getString(5)), rs.getString(6), rs.getString(7), queueId, rs.getString(9),
                rs.getString(10), rs.getString(11));
    }

    /** Writes a journal entry; returns after the commit reached the disk. */
    public synchronized void putJournal(JournalEntry e) throws BridgeException {
        try {
            putJournal0(e, System.currentTimeMillis());
            commitCounted();
        } catch (SQLException ex) {
            throw failed(Msg.of("store.op.writeJournal"), ex);
        }
    }

    private void putJournal0(JournalEntry e, long now) throws SQLException {
        {
            PreparedStatement p = ps("INSERT INTO journal (" + JOURNAL_COLUMNS + ", created_at, updated_at) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
                + "ON CONFLICT (purchase_id, command) DO UPDATE SET operation_id = excluded.operation_id, "
                + "operation_date = excluded.operation_date, state = excluded.state, amount = excluded.amount, "
                + "result_json = excluded.result_json, queue_id = excluded.queue_id, request_hash = excluded.request_hash, "
                + "request_json = excluded.request_json, discrepancy = excluded.discrepancy, updated_at = excluded.updated_at");
            p.setString(1, e.purchaseId());
            p.setString(2, e.command().jsonName());
            p.setString(3, e.operationId());
            p.setString(4, e.operationDate());
            p.setString(5, e.state().dbName());
            p.setString(6, e.amount());
            p.setString(7, e.resultJson());
            if (e.queueId() == null) p.setNull(8, java.sql.Types.INTEGER);
            else p.setLong(8, e.queueId());
            p.setString(9, e.requestHash());
            p.setString(10, e.requestJson());
            p.setString(11, e.discrepancy());
            p.setLong(12, now);
            p.setLong(13, now);
            p.executeUpdate();
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (!pendingCount.isEmpty()) commitCounted(); // outcomes written by finishUncommitted
        } catch (SQLException e) {
            log.warn("closing the offline queue {}: the last replayed outcomes were not committed ({}); those items are "
                    + "forwarded again with their OperationIDs", file, e.getMessage());
        }
        try {
            for (PreparedStatement p : statements.values()) p.close();
            statements.clear();
            c.close();
        } catch (SQLException e) {
            log.warn("closing the offline queue {}: {}", file, e.getMessage());
        } finally {
            lock.close();
        }
    }
}
