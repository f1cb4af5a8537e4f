package org.lmxbridge.internal.offline;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.model.OperationResult;
import org.sqlite.SQLiteConfig;

/**
 * A read-only look at a register's queue file while another process owns it: SQLite's concurrent
 * readers (the owner writes in WAL mode, so a reader sees the last committed state and never blocks
 * it), opened read-only and without the queue's lock; nothing is created, migrated or written. What
 * only the owner knows (online, replay pause, last contact) is not here: ask the owner's channel for
 * that. Internal.
 */
public final class QueueReader {
    private QueueReader() {
    }

    /** {@code queue list} and the queue figures of {@code status}, read from the file; {@code online} unknown (null). */
    public static OperationResult list(Path dataDir, String register, int limit) throws BridgeException {
        Path file = QueueStore.fileOf(dataDir, register);
        if (!Files.isRegularFile(file)) {
            return new OperationResult().command("queue").items(List.of()).queueLength(0).oldestQueuedAgeSeconds(0L).deadCount(0)
                    .discrepancyCount(0).queuedAmount(BigDecimal.ZERO.setScale(2))
                    .queueStates(new QueueStore.Figures(new int[ItemState.values().length], new long[ItemState.values().length], 0).byState());
        }
        SQLiteConfig c = new SQLiteConfig();
        c.setReadOnly(true);
        c.setBusyTimeout(3000);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file, c.toProperties())) {
            int version;
            try (PreparedStatement p = db.prepareStatement("PRAGMA user_version"); ResultSet rs = p.executeQuery()) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version != QueueStore.FORMAT_VERSION) {
                throw org.lmxbridge.internal.text.Msg.of("store.read.format", file, version, QueueStore.FORMAT_VERSION)
                        .error(Status.STORAGE_FAILED);
            }
            List<Map<String, Object>> items = new ArrayList<>();
            try (PreparedStatement p = db.prepareStatement("SELECT " + QueueStore.ITEM_COLUMNS + " FROM queue_item WHERE state IN "
                    + "('queued','sent','retry','dead','discrepancy') ORDER BY id LIMIT ?")) {
                p.setInt(1, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) items.add(QueueStore.read(rs).toMap());
                }
            }
            // one pass over the kept states gives every figure: the open ones (queued, sent, retry) summed,
            // dead and discrepancy as they are, the oldest open item's time
            int[] byState = new int[ItemState.values().length];
            long[] minorByState = new long[ItemState.values().length];
            int open = 0;
            long minor = 0;
            long oldest = 0;
            try (PreparedStatement p = db.prepareStatement("SELECT state, count(*), coalesce(sum(amount_minor), 0), min(created_at) "
                    + "FROM queue_item WHERE state IN ('queued','sent','retry','dead','discrepancy') GROUP BY state");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ItemState state = ItemState.parse(rs.getString(1));
                    byState[state.ordinal()] = rs.getInt(2);
                    minorByState[state.ordinal()] = rs.getLong(3);
                    if (state.open()) {
                        open += rs.getInt(2);
                        minor += rs.getLong(3);
                        oldest = oldest == 0 ? rs.getLong(4) : Math.min(oldest, rs.getLong(4));
                    }
                }
            }
            int dead = byState[ItemState.DEAD.ordinal()];
            int discrepancies = byState[ItemState.DISCREPANCY.ordinal()];
            long age = open == 0 ? 0 : Math.max(0, (System.currentTimeMillis() - oldest) / 1000);
            return new OperationResult().command("queue").items(items).queueLength(open).oldestQueuedAgeSeconds(age).deadCount(dead)
                    .discrepancyCount(discrepancies).queuedAmount(BigDecimal.valueOf(minor, 2))
                    .queueStates(new QueueStore.Figures(byState, minorByState, oldest).byState());
        } catch (SQLException e) {
            throw org.lmxbridge.internal.text.Msg.of("store.read.failed", file, e.getMessage()).error(Status.STORAGE_FAILED);
        }
    }
}
