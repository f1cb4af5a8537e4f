package org.lmxbridge.emulator.internal;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.lmxbridge.emulator.LedgerSnapshot;

/**
 * The emulator's state in SQLite: a file (WAL) when a path is given, an in-memory database otherwise.
 * One connection; callers serialise access and wrap each applied operation in {@link #inTransaction}.
 */
final class Store implements AutoCloseable {

    static final class CardRow {
        String number;
        String phone;
        String holder;
        String status;
        BigDecimal balance;
        String pin;
    }

    static final class PurchaseRow {
        String purchaseId;
        String partner;
        String login;
        String state;
        String cardNumber;
        String chequeKey;
        BigDecimal redeemed = Money.ZERO;
        BigDecimal accrued = Money.ZERO;
        BigDecimal discount = Money.ZERO;
    }

    static final class LineRow {
        int posId;
        String goodsId;
        BigDecimal quantity;
        BigDecimal amount;
        BigDecimal discount;
        BigDecimal payAmount;
        BigDecimal cashback;
        BigDecimal returnedQty = BigDecimal.ZERO;
        BigDecimal returnedPay = Money.ZERO;
        BigDecimal returnedCashback = Money.ZERO;
    }

    record StoredOperation(String operationId, String partner, String login, String command, String purchaseId,
                           byte[] response) {
    }

    record LedgerEntry(String operationId, String cardNumber, BigDecimal redeemed, BigDecimal accrued,
                       BigDecimal discount, BigDecimal balanceDelta) {
        static LedgerEntry none() {
            return null;
        }
    }

    interface Work<T> {
        T run() throws SQLException;
    }

    private final Connection conn;

    Store(Path file) throws SQLException {
        String url = file == null ? "jdbc:sqlite::memory:" : "jdbc:sqlite:" + file.toAbsolutePath();
        conn = DriverManager.getConnection(url);
        try (Statement s = conn.createStatement()) {
            if (file != null) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
            }
            s.execute("PRAGMA foreign_keys=ON");
            s.execute("CREATE TABLE IF NOT EXISTS cards(number TEXT PRIMARY KEY, phone TEXT, holder TEXT,"
                    + " status TEXT NOT NULL, balance TEXT NOT NULL, pin TEXT)");
            s.execute("CREATE TABLE IF NOT EXISTS purchases(purchase_id TEXT PRIMARY KEY, partner TEXT NOT NULL,"
                    + " login TEXT NOT NULL, state TEXT NOT NULL, card_number TEXT, cheque_key TEXT,"
                    + " redeemed TEXT NOT NULL, accrued TEXT NOT NULL, discount TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS purchase_lines(purchase_id TEXT NOT NULL, pos_id INTEGER NOT NULL,"
                    + " goods_id TEXT, quantity TEXT NOT NULL, amount TEXT NOT NULL, discount TEXT NOT NULL,"
                    + " pay_amount TEXT NOT NULL, cashback TEXT NOT NULL, returned_qty TEXT NOT NULL,"
                    + " returned_pay TEXT NOT NULL, returned_cashback TEXT NOT NULL, PRIMARY KEY(purchase_id, pos_id))");
            s.execute("CREATE TABLE IF NOT EXISTS operations(seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " operation_id TEXT NOT NULL UNIQUE, partner TEXT NOT NULL, login TEXT NOT NULL,"
                    + " command TEXT NOT NULL, purchase_id TEXT, error_code INTEGER NOT NULL, response BLOB NOT NULL,"
                    + " applied INTEGER NOT NULL, card_number TEXT, redeemed TEXT, accrued TEXT, discount TEXT,"
                    + " balance_delta TEXT, at TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        }
        conn.setAutoCommit(false);
        conn.commit();
    }

    <T> T inTransaction(Work<T> work) throws SQLException {
        boolean ok = false;
        try {
            T result = work.run();
            conn.commit();
            ok = true;
            return result;
        } finally {
            if (!ok) {
                conn.rollback();
            }
        }
    }

    // ---- cards ----

    /** Inserts cards that are not in the database yet; existing cards keep their state. */
    void seedCards(List<Seed.Card> cards) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT OR IGNORE INTO cards(number, phone, holder, status, balance, pin) VALUES (?,?,?,?,?,?)")) {
            for (Seed.Card c : cards) {
                ps.setString(1, c.number);
                ps.setString(2, c.phone);
                ps.setString(3, c.holder);
                ps.setString(4, c.status);
                ps.setString(5, Money.fmt(c.balance));
                ps.setString(6, c.pin);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    CardRow cardByNumber(String number) throws SQLException {
        List<CardRow> l = cards("SELECT * FROM cards WHERE number = ?", number);
        return l.isEmpty() ? null : l.get(0);
    }

    CardRow cardByPhone(String phone) throws SQLException {
        List<CardRow> l = cards("SELECT * FROM cards WHERE phone = ?", phone);
        return l.isEmpty() ? null : l.get(0);
    }

    List<CardRow> allCards() throws SQLException {
        return cards("SELECT * FROM cards ORDER BY number");
    }

    private List<CardRow> cards(String sql, String... args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<CardRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CardRow c = new CardRow();
                    c.number = rs.getString("number");
                    c.phone = rs.getString("phone");
                    c.holder = rs.getString("holder");
                    c.status = rs.getString("status");
                    c.balance = new BigDecimal(rs.getString("balance"));
                    c.pin = rs.getString("pin");
                    out.add(c);
                }
            }
            return out;
        }
    }

    /** Changes a card's status; false when there is no such card. */
    boolean setStatus(String number, String status) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE cards SET status = ? WHERE number = ?")) {
            ps.setString(1, status);
            ps.setString(2, number);
            return ps.executeUpdate() == 1;
        }
    }

    void setBalance(String number, BigDecimal balance) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE cards SET balance = ? WHERE number = ?")) {
            ps.setString(1, Money.fmt(balance));
            ps.setString(2, number);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("card vanished: " + Mask.digits(number));
            }
        }
    }

    // ---- purchases ----

    PurchaseRow purchase(String purchaseId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM purchases WHERE purchase_id = ?")) {
            ps.setString(1, purchaseId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? purchaseRow(rs) : null;
            }
        }
    }

    /** Open (paid or discounted, not yet confirmed/cancelled) purchases of a card. */
    List<PurchaseRow> openPurchasesOfCard(String cardNumber) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT * FROM purchases WHERE card_number = ? AND state IN ('PAID', 'DISCOUNTED')")) {
            ps.setString(1, cardNumber);
            List<PurchaseRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(purchaseRow(rs));
                }
            }
            return out;
        }
    }

    private static PurchaseRow purchaseRow(ResultSet rs) throws SQLException {
        PurchaseRow p = new PurchaseRow();
        p.purchaseId = rs.getString("purchase_id");
        p.partner = rs.getString("partner");
        p.login = rs.getString("login");
        p.state = rs.getString("state");
        p.cardNumber = rs.getString("card_number");
        p.chequeKey = rs.getString("cheque_key");
        p.redeemed = new BigDecimal(rs.getString("redeemed"));
        p.accrued = new BigDecimal(rs.getString("accrued"));
        p.discount = new BigDecimal(rs.getString("discount"));
        return p;
    }

    void savePurchase(PurchaseRow p) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO purchases(purchase_id, partner,"
                + " login, state, card_number, cheque_key, redeemed, accrued, discount) VALUES (?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, p.purchaseId);
            ps.setString(2, p.partner);
            ps.setString(3, p.login);
            ps.setString(4, p.state);
            ps.setString(5, p.cardNumber);
            ps.setString(6, p.chequeKey);
            ps.setString(7, Money.fmt(p.redeemed));
            ps.setString(8, Money.fmt(p.accrued));
            ps.setString(9, Money.fmt(p.discount));
            ps.executeUpdate();
        }
    }

    void replaceLines(String purchaseId, List<LineRow> lines) throws SQLException {
        try (PreparedStatement del = conn.prepareStatement("DELETE FROM purchase_lines WHERE purchase_id = ?")) {
            del.setString(1, purchaseId);
            del.executeUpdate();
        }
        for (LineRow l : lines) {
            saveLine(purchaseId, l);
        }
    }

    void saveLine(String purchaseId, LineRow l) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO purchase_lines(purchase_id, pos_id,"
                + " goods_id, quantity, amount, discount, pay_amount, cashback, returned_qty, returned_pay,"
                + " returned_cashback) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, purchaseId);
            ps.setInt(2, l.posId);
            ps.setString(3, l.goodsId);
            ps.setString(4, l.quantity.toPlainString());
            ps.setString(5, Money.fmt(l.amount));
            ps.setString(6, Money.fmt(l.discount));
            ps.setString(7, Money.fmt(l.payAmount));
            ps.setString(8, Money.fmt(l.cashback));
            ps.setString(9, l.returnedQty.toPlainString());
            ps.setString(10, Money.fmt(l.returnedPay));
            ps.setString(11, Money.fmt(l.returnedCashback));
            ps.executeUpdate();
        }
    }

    List<LineRow> lines(String purchaseId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT * FROM purchase_lines WHERE purchase_id = ? ORDER BY pos_id")) {
            ps.setString(1, purchaseId);
            List<LineRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LineRow l = new LineRow();
                    l.posId = rs.getInt("pos_id");
                    l.goodsId = rs.getString("goods_id");
                    l.quantity = new BigDecimal(rs.getString("quantity"));
                    l.amount = new BigDecimal(rs.getString("amount"));
                    l.discount = new BigDecimal(rs.getString("discount"));
                    l.payAmount = new BigDecimal(rs.getString("pay_amount"));
                    l.cashback = new BigDecimal(rs.getString("cashback"));
                    l.returnedQty = new BigDecimal(rs.getString("returned_qty"));
                    l.returnedPay = new BigDecimal(rs.getString("returned_pay"));
                    l.returnedCashback = new BigDecimal(rs.getString("returned_cashback"));
                    out.add(l);
                }
            }
            return out;
        }
    }

    // ---- operations (idempotency records + ledger) ----

    StoredOperation operation(String operationId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT operation_id, partner, login, command, purchase_id, response FROM operations WHERE operation_id = ?")) {
            ps.setString(1, operationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new StoredOperation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBytes(6));
            }
        }
    }

    void insertOperation(String partner, String login, Command command, String purchaseId, String operationId,
                         int errorCode, byte[] response, LedgerEntry ledger) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO operations(operation_id, partner, login, command,"
                + " purchase_id, error_code, response, applied, card_number, redeemed, accrued, discount, balance_delta, at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, operationId);
            ps.setString(2, partner);
            ps.setString(3, login);
            ps.setString(4, command.protocolName());
            ps.setString(5, purchaseId);
            ps.setInt(6, errorCode);
            ps.setBytes(7, response);
            ps.setInt(8, ledger != null ? 1 : 0);
            ps.setString(9, ledger == null ? null : ledger.cardNumber());
            ps.setString(10, ledger == null ? null : Money.fmt(ledger.redeemed()));
            ps.setString(11, ledger == null ? null : Money.fmt(ledger.accrued()));
            ps.setString(12, ledger == null ? null : Money.fmt(ledger.discount()));
            ps.setString(13, ledger == null ? null : Money.fmt(ledger.balanceDelta()));
            ps.setString(14, OffsetDateTime.now().toString());
            ps.executeUpdate();
        }
    }

    List<LedgerSnapshot.Operation> appliedOperations() throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT seq, partner, login, command, purchase_id,"
                + " operation_id, card_number, redeemed, accrued, discount, balance_delta, at FROM operations"
                + " WHERE applied = 1 ORDER BY seq")) {
            List<LedgerSnapshot.Operation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LedgerSnapshot.Operation(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            new BigDecimal(rs.getString(8)), new BigDecimal(rs.getString(9)),
                            new BigDecimal(rs.getString(10)), new BigDecimal(rs.getString(11)), rs.getString(12)));
                }
            }
            return out;
        }
    }

    long nextTransactionId() throws SQLException {
        long next = 6_361_000L;
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM meta WHERE key = 'transaction_id'")) {
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    next = Long.parseLong(rs.getString(1)) + 1;
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('transaction_id', ?)")) {
            ps.setString(1, Long.toString(next));
            ps.executeUpdate();
        }
        return next;
    }

    void commit() throws SQLException {
        conn.commit();
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
