package org.lmxbridge.bench;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.lmxbridge.Bridge;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
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
 * Offline queue benchmark (not a test). Prints:
 * <ol>
 * <li>durable enqueue: rate and p50/p99 latency of a {@code discount} answered {@code queued}
 *     (journal check + one committed SQLite transaction, WAL, synchronous=FULL), against a plain
 *     SQLite insert+commit of the same row with the same settings, in the same run;</li>
 * <li>replay: time to forward N queued purchases to the emulator through the lane, against the
 *     emulator's own serial rate (one plain HTTP client posting N Discounts back to back).</li>
 * </ol>
 * Run: {@code mvn -q -pl bridge-java/it test-compile exec:java -Dexec.mainClass=org.lmxbridge.bench.QueueBench
 * -Dexec.classpathScope=test -Dexec.args="2000 10000"} (arguments: enqueue count, replay count).
 */
public final class QueueBench {
    private QueueBench() {
    }

    static OperationRequest sale(String pid) {
        return OperationRequest.builder().purchaseId(pid).cashier("Иванова")
                .identifier(new Identifier(IdentifierType.CARD_NUMBER, "8690003", null))
                .cheque(new Cheque("15", LocalDateTime.now().withNano(0), List.of(
                        new ChequeLine(1, "2002", "Хлеб", new BigDecimal("100"), BigDecimal.ONE, new BigDecimal("100")))))
                .pays(List.of(new Pay("Card", new BigDecimal("100")))).build();
    }

    static String config(String url, Path dir, String extra) {
        return "{\"url\":\"" + url + "\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\"" + dir + "\","
                + "\"queueMaxItems\":1000000,\"queueMaxAmount\":\"1000000000\",\"probeIntervalMs\":100" + extra + "}";
    }

    public static void main(String[] args) throws Exception {
        // the JDK's HttpServer (the emulator) answers in two writes; without TCP_NODELAY every answer waits
        // for the client's delayed ACK (~40 ms). Must be set before the server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
        if (System.getProperty("logback.configurationFile") == null) System.setProperty("logback.configurationFile", "bench-logback.xml");
        int enqueueN = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int replayN = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path dir = Files.createTempDirectory("queue-bench");
        System.out.printf("queue bench: %d enqueues, %d replays, %s, %d cores, data in %s%n", enqueueN, replayN,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), dir);
        enqueue(enqueueN, dir);
        replay(replayN, dir);
    }

    static void enqueue(int n, Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long[] bridge = new long[n];
        try (Bridge b = Bridge.open(config("http://127.0.0.1:" + port + "/XmlExchange/p/reg01/", dir.resolve("enq"), ""))) {
            b.discount(sale("warm")); // finds processing unreachable
            for (int i = 0; i < 200; i++) b.discount(sale("w" + i));
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                OperationResult r = b.discount(sale("E" + i));
                bridge[i] = System.nanoTime() - t;
                if (!r.queued()) throw new IllegalStateException("not queued: " + r.error());
            }
        }
        // the same row, plain JDBC, same pragmas
        long[] plain = new long[n];
        String json = RequestJson.write(sale("X"));
        Path f = dir.resolve("plain.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("CREATE TABLE q (id INTEGER PRIMARY KEY AUTOINCREMENT, purchase_id TEXT, command TEXT, operation_id TEXT UNIQUE, "
                    + "operation_date TEXT, cheque_date TEXT, request_json TEXT, amount TEXT, origin TEXT, state TEXT, attempts INTEGER, "
                    + "created_at INTEGER, updated_at INTEGER, next_attempt_at INTEGER)");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO q (purchase_id, command, operation_id, operation_date, cheque_date, "
                    + "request_json, amount, origin, state, attempts, created_at, updated_at, next_attempt_at) VALUES (?,?,?,?,?,?,?,?,?,0,?,?,0)")) {
                for (int i = -200; i < n; i++) {
                    long t = System.nanoTime();
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
                    if (i >= 0) plain[i] = System.nanoTime() - t;
                }
            }
        }
        report("bridge discount -> queued (durable)", bridge);
        report("plain SQLite insert+commit        ", plain);
    }

    static void report(String what, long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        double total = Arrays.stream(s).sum() / 1e9;
        System.out.printf("%s: %8.0f ops/s  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", what, s.length / total,
                s[s.length / 2] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6);
    }

    static void replay(int n, Path dir) throws Exception {
        double serial;
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).build())) {
            String url = emu.registerUrl("demo-partner", "reg01").toString();
            // 1. the emulator's own serial rate: one plain client, N Discounts back to back
            ProtocolCodec codec = new ProtocolCodec();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String auth = "Basic " + Base64.getEncoder().encodeToString("reg01:secret".getBytes(StandardCharsets.UTF_8));
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                OperationRequest r = sale("S" + i);
                byte[] body = codec.encode(XmlRequestEnvelope.of(ProtocolMapper.toXml(Command.DISCOUNT, r,
                        new OperationContext(Ids.newId(), ProtocolMapper.now(), null, r.purchaseId()))), StandardCharsets.UTF_8);
                HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/xml; charset=utf-8").header("Authorization", auth)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (resp.statusCode() != 200) throw new IllegalStateException("HTTP " + resp.statusCode());
            }
            serial = (System.nanoTime() - t0) / 1e9;
        }
        // 2. a fresh emulator (same starting state as the serial run): queue N purchases offline
        // (processing failing), then let the bridge forward them
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).build())) {
            String url = emu.registerUrl("demo-partner", "reg01").toString();
            emu.faults().http500(-1);
            try (Bridge b = Bridge.open(config(url, dir.resolve("replay"), ""))) {
                long q0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (!b.discount(sale("R" + i)).queued()) throw new IllegalStateException("not queued");
                }
                double queueing = (System.nanoTime() - q0) / 1e9;
                long r0 = System.nanoTime();
                emu.faults().clear();
                while (b.status().queueLength() > 0) Thread.sleep(20);
                double replay = (System.nanoTime() - r0) / 1e9;
                long applied = emu.ledger().operations("demo-partner", "reg01").stream()
                        .filter(o -> o.purchaseId().startsWith("R") && o.command().equals("Discount")).count();
                System.out.printf("emulator serial rate (plain client)  : %8.0f req/s  (%d in %.1f s)%n", n / serial, n, serial);
                System.out.printf("queueing %d purchases offline        : %8.0f ops/s  (%.1f s)%n", n, n / queueing, queueing);
                System.out.printf("replay of %d queued purchases        : %8.0f items/s (%.1f s, includes the probe interval 100 ms; "
                        + "%d applied, dead %d) = %.0f%% of the serial rate%n", n, n / replay, replay, applied, b.status().deadCount(),
                        100 * (n / replay) / (n / serial));
            }
        }
    }
}
