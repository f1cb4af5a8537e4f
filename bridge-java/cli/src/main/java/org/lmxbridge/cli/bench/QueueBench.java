package org.lmxbridge.cli.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import org.lmxbridge.Bridge;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
import org.lmxbridge.emulator.MetricsSnapshot;
import org.lmxbridge.internal.offline.RequestJson;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolCodec;
import org.lmxbridge.internal.protocol.ProtocolMapper;
import org.lmxbridge.internal.protocol.XmlRequestEnvelope;
import org.lmxbridge.internal.register.Ids;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.IdentifierType;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.model.Pay;

/**
 * The offline queue's two figures:
 * <ol>
 * <li>enqueue: a {@code discount} answered {@code queued} while processing is unreachable (purchase
 *     journal check + one committed SQLite transaction, WAL, {@code synchronous=FULL}) against a plain
 *     JDBC insert+commit of the same row into a table of the same shape with the same settings,
 *     interleaved call by call; figure: plain rate / bridge rate. A third line, interleaved too, writes
 *     the two rows the bridge writes (queue item and journal entry) by plain JDBC into a queue file of
 *     the bridge's own format: how much of the ratio is the format (tables, indexes, pages per commit)
 *     and how much the bridge's own work;</li>
 * <li>replay: time to forward N queued purchases to a fresh emulator through the lane, against the
 *     emulator's serial rate (one plain client posting N Discounts back to back to another fresh
 *     emulator, half before the replay and half after it: the same warm-up and machine load for both);
 *     figure: replay rate in percent of the serial rate. The emulator's maxConcurrent metric shows the
 *     one-request-per-register rule held.</li>
 * </ol>
 */
public final class QueueBench {
    private final PrintStream out;
    private final Path dir;

    public QueueBench(PrintStream out, Path dir) {
        this.out = out;
        this.dir = dir;
    }

    static OperationRequest sale(String pid) {
        return OperationRequest.builder().purchaseId(pid).cashier("Иванова")
                .identifier(new Identifier(IdentifierType.CARD_NUMBER, "8690003", null))
                .cheque(new Cheque("15", LocalDateTime.now().withNano(0), List.of(
                        new ChequeLine(1, "2002", "Хлеб", new BigDecimal("100"), BigDecimal.ONE, new BigDecimal("100")))))
                .pays(List.of(new Pay("Card", new BigDecimal("100")))).build();
    }

    static String config(String url, Path dir) {
        return "{\"url\":\"" + url + "\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\""
                + dir.toString().replace("\\", "\\\\") + "\",\"queueMaxItems\":1000000,\"queueMaxAmount\":\"1000000000\","
                + "\"probeIntervalMs\":100}";
    }

    public void enqueue(int n) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // nothing listens there: processing is unreachable
        }
        long[] bridge = new long[n];
        long[] plain = new long[n];
        long[] format = new long[n];
        String json = RequestJson.write(sale("X"));
        String unreachable = "http://127.0.0.1:" + port + "/XmlExchange/p/reg01/";
        // a queue file of the bridge's own format (made by the bridge, then closed), written below by plain JDBC
        try (Bridge made = Bridge.open(config(unreachable, dir.resolve("enqfmt")))) {
            if (!made.discount(sale("made")).queued()) throw new IllegalStateException("the format's discount was not queued");
        }
        try (Bridge b = Bridge.open(config(unreachable, dir.resolve("enq")));
             Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("plain.db"));
             Connection f = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("enqfmt").resolve("queue-reg01.db"));
             Statement st = c.createStatement();
             Statement fst = f.createStatement()) {
            fst.execute("PRAGMA journal_mode=WAL");
            fst.execute("PRAGMA synchronous=FULL");
            f.setAutoCommit(false);
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("CREATE TABLE q (id INTEGER PRIMARY KEY AUTOINCREMENT, purchase_id TEXT, command TEXT, operation_id TEXT UNIQUE, "
                    + "operation_date TEXT, cheque_date TEXT, request_json TEXT, amount TEXT, origin TEXT, state TEXT, attempts INTEGER, "
                    + "created_at INTEGER, updated_at INTEGER, next_attempt_at INTEGER)");
            c.setAutoCommit(false);
            if (!b.discount(sale("warm")).queued()) throw new IllegalStateException("the first discount was not queued");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO q (purchase_id, command, operation_id, operation_date, cheque_date, "
                    + "request_json, amount, origin, state, attempts, created_at, updated_at, next_attempt_at) VALUES (?,?,?,?,?,?,?,?,?,0,?,?,0)");
                 PreparedStatement item = f.prepareStatement("INSERT INTO queue_item (purchase_id, command, operation_id, operation_date, "
                    + "cheque_date, request_json, amount, origin, state, attempts, created_at, updated_at, next_attempt_at, ref_purchase_id, "
                    + "amount_minor, reached) VALUES (?,'discount',?,'2026-11-28T10:15:00.123+03:00','2026-11-28T10:15:00',?,'100','offline',"
                    + "'queued',0,?,?,0,NULL,10000,0) RETURNING id");
                 PreparedStatement journal = f.prepareStatement("INSERT INTO journal (purchase_id, command, operation_id, operation_date, "
                    + "state, amount, result_json, queue_id, request_hash, request_json, discrepancy, created_at, updated_at) VALUES "
                    + "(?,'discount',?,'2026-11-28T10:15:00.123+03:00','queued','100',NULL,?,?,NULL,NULL,?,?) ON CONFLICT (purchase_id, command) "
                    + "DO UPDATE SET queue_id = excluded.queue_id")) {
                for (int i = -300; i < n; i++) {
                    long t0 = System.nanoTime();
                    OperationResult r = b.discount(sale("E" + i));
                    long t1 = System.nanoTime();
                    if (!r.queued()) throw new IllegalStateException("not queued: " + r.error());
                    p.setString(1, "E" + i);
                    p.setString(2, "discount");
                    p.setString(3, Ids.newId());
                    p.setString(4, "2026-11-28T10:15:00.123+03:00");
                    p.setString(5, "2026-11-28T10:15:00");
                    p.setString(6, json);
                    p.setString(7, "100");
                    p.setString(8, "offline");
                    p.setString(9, "queued");
                    p.setLong(10, System.currentTimeMillis());
                    p.setLong(11, System.currentTimeMillis());
                    p.executeUpdate();
                    c.commit();
                    long t2 = System.nanoTime();
                    // the same two rows the bridge writes (queue item + journal entry), same file format and indexes
                    long now = System.currentTimeMillis();
                    item.setString(1, "F" + i);
                    item.setString(2, Ids.newId());
                    item.setString(3, json);
                    item.setLong(4, now);
                    item.setLong(5, now);
                    long id;
                    try (java.sql.ResultSet k = item.executeQuery()) {
                        k.next();
                        id = k.getLong(1);
                    }
                    journal.setString(1, "F" + i);
                    journal.setString(2, Ids.newId());
                    journal.setLong(3, id);
                    journal.setString(4, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
                    journal.setLong(5, now);
                    journal.setLong(6, now);
                    journal.executeUpdate();
                    f.commit();
                    long t3 = System.nanoTime();
                    if (i >= 0) {
                        bridge[i] = t1 - t0;
                        plain[i] = t2 - t1;
                        format[i] = t3 - t2;
                    }
                }
            }
        }
        Stats sb = Stats.of(bridge);
        Stats sp = Stats.of(plain);
        Stats sf = Stats.of(format);
        out.printf("durable offline enqueue, %d each after 300 warm-up, interleaved (WAL, synchronous=FULL for both)%n", n);
        out.printf("| %-42s | %9s | %8s | %8s |%n", "what", "ops/s", "p50 ms", "p99 ms");
        out.printf("|---|---|---|---|%n");
        out.printf("| %-42s | %9.0f | %8.3f | %8.3f |%n", "bridge discount -> queued", sb.perSecond(), sb.p50us() / 1e3, sb.p99us() / 1e3);
        out.printf("| %-42s | %9.0f | %8.3f | %8.3f |%n", "plain SQLite insert+commit (baseline)", sp.perSecond(), sp.p50us() / 1e3,
                sp.p99us() / 1e3);
        out.printf("| %-42s | %9.0f | %8.3f | %8.3f |%n", "plain JDBC, the queue's two rows, its format", sf.perSecond(), sf.p50us() / 1e3,
                sf.p99us() / 1e3);
        out.printf("| %-42s | %9.2f | %8.2f | %8.2f |%n", "ratio plain rate / the format's rate", sp.perSecond() / sf.perSecond(),
                sf.p50us() / sp.p50us(), sf.p99us() / sp.p99us());
        out.printf("| %-42s | %9.2f | %8.2f | %8.2f |%n", "ratio plain rate / bridge rate", sp.perSecond() / sb.perSecond(),
                sb.p50us() / sp.p50us(), sb.p99us() / sp.p99us());
        out.printf("figure: enqueue_ratio %.2f%n", sp.perSecond() / sb.perSecond());
    }

    public void replay(int n) throws Exception {
        // the emulator's own serial rate: one plain client, N Discounts back to back (each encoded as the bridge
        // does), half before the bridge's replay and half after it, so that both see the same warm-up and the
        // same load from the machine's other work (on shared cores the rate drifts 2x over a minute)
        try (Emulator plain = Emulator.start(EmulatorOptions.builder().port(0).build())) {
            URI plainUrl = plain.registerUrl("demo-partner", "reg01");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // the price of a durable "sent" mark: the same plain client with one committed SQLite update
            // (WAL, synchronous=FULL) before each request, as the replay must make; a quarter before, a quarter after
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("marked.db"));
                 Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, state TEXT)");
                st.execute("INSERT INTO item VALUES (1, 'queued')");
                db.setAutoCommit(false);
                double markedBefore = marked(http, plainUrl, 0, n / 4, db);
                double serial = plainSeconds(http, plainUrl, 0, n / 2);
                replayAgainst(n, () -> plainSeconds(http, plainUrl, n / 2, n) + serial, () -> marked(http, plainUrl, n / 4, n / 2, db) + markedBefore);
            }
        }
    }

    /** As {@link #plainSeconds} (Discounts F{from}..F{to-1}), with one durable commit of a one-row update before each request. */
    private static double marked(HttpClient http, URI url, int from, int to, Connection db) throws Exception {
        ProtocolCodec codec = new ProtocolCodec();
        long t0 = System.nanoTime();
        try (PreparedStatement p = db.prepareStatement("UPDATE item SET state = ? WHERE id = 1")) {
            for (int i = from; i < to; i++) {
                p.setString(1, "sent " + i);
                p.executeUpdate();
                db.commit();
                plainPost(http, url, codec, "F" + i);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private interface Seconds {
        double get() throws Exception;
    }

    /** Seconds for Discounts S{from}..S{to-1} posted back to back by a plain client. */
    private static double plainSeconds(HttpClient http, URI url, int from, int to) throws Exception {
        ProtocolCodec codec = new ProtocolCodec();
        long t0 = System.nanoTime();
        for (int i = from; i < to; i++) plainPost(http, url, codec, "S" + i);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("reg01:secret".getBytes(StandardCharsets.UTF_8));

    /** One Discount of purchase {@code pid}, encoded as the bridge does, posted by a plain client. */
    private static void plainPost(HttpClient http, URI url, ProtocolCodec codec, String pid) throws Exception {
        OperationRequest r = sale(pid);
        byte[] body = codec.encode(XmlRequestEnvelope.of(ProtocolMapper.toXml(Command.DISCOUNT, r,
                new OperationContext(Ids.newId(), ProtocolMapper.now(), null, r.purchaseId()))), StandardCharsets.UTF_8);
        HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/xml; charset=utf-8").header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) throw new IllegalStateException("HTTP " + resp.statusCode());
    }

    private void replayAgainst(int n, Seconds plainTotal, Seconds markedTotal) throws Exception {
        // a fresh emulator (the same starting state): N purchases queued while it fails, then forwarded
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).build())) {
            String url = emu.registerUrl("demo-partner", "reg01").toString();
            emu.faults().http500(-1);
            try (Bridge b = Bridge.open(config(url, dir.resolve("replay")))) {
                long q0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (!b.discount(sale("R" + i)).queued()) throw new IllegalStateException("not queued");
                }
                double queueing = (System.nanoTime() - q0) / 1e9;
                emu.resetMetrics();
                long r0 = System.nanoTime();
                emu.faults().clear();
                while (b.status().queueLength() > 0) Thread.sleep(5);
                double replay = (System.nanoTime() - r0) / 1e9;
                double serial = plainTotal.get();
                double withCommit = markedTotal.get();
                int markedN = n / 2;
                long applied = emu.ledger().operations("demo-partner", "reg01").stream()
                        .filter(o -> o.purchaseId().startsWith("R") && o.command().equals("Discount")).count();
                MetricsSnapshot.Register m = emu.metrics().register("demo-partner", "reg01");
                int dead = b.status().deadCount();
                double pct = 100 * (n / replay) / (n / serial);
                out.printf("replay of %d queued purchases (probe interval 100 ms included) vs the emulator's serial rate%n", n);
                out.printf("| %-57s | %9s | %8s |%n", "what", "per s", "seconds");
                out.printf("|---|---|---|%n");
                out.printf("| %-57s | %9.0f | %8.1f |%n", "plain client back to back, half before + after (baseline)", n / serial, serial);
                out.printf("| %-57s | %9.0f | %8.1f |%n", "bridge replay of the queue", n / replay, replay);
                out.printf("| %-57s | %9.0f | %8.1f |%n", "(queueing them offline first)", n / queueing, queueing);
                out.printf("| %-57s | %9.0f | %8.1f |%n", "(plain client + 1 durable commit per request, " + markedN + ")",
                        markedN / withCommit, withCommit);
                out.printf("a plain client making one durable commit before each request reaches %.0f %% of the serial rate: the "
                        + "price of the durable \"sent\" mark the replay must commit before each request%n", 100 * (markedN / withCommit) / (n / serial));
                out.printf("replay: %d applied, %d dead, %d requests, at most %d in flight at once for the register (rule: 1)%n",
                        applied, dead, m.requests(), m.maxConcurrent());
                if (applied != n || dead != 0) throw new IllegalStateException("replay lost or failed purchases: applied " + applied);
                if (m.maxConcurrent() > 1) throw new IllegalStateException("the register sent concurrent requests: " + m.maxConcurrent());
                out.printf("figure: replay_percent %.0f%n", pct);
            }
        }
    }
}
