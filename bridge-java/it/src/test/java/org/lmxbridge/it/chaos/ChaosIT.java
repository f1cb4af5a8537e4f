package org.lmxbridge.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
import org.lmxbridge.emulator.LedgerSnapshot;

/**
 * The model-based chaos test of issue 10. jqwik generates register sessions — purchases of several
 * customers (card or phone identifiers), balance, calculate, pay, discount, confirm, cancel and refund
 * in valid and invalid orders, the register's retries of the same call, retries with changed content
 * and forgotten resetParams — interleaved with generated faults: outage start (HTTP 500 or processing
 * down) and end, connection dropped before/after apply, latency past the read timeout, HTTP 401, a card
 * blocked between sale and replay, and SIGKILL of the bridge process (between calls or during one)
 * followed by a restart on the same data folder. The bridge runs in its own process
 * ({@link ChaosRegister}); the emulator runs here with its state in a file.
 *
 * <p>The oracle never reads the bridge's bookkeeping: it is built from what the register was told —
 * the answer of each call, as a register would print it on the receipt — and the emulator's ledger,
 * plus what the bridge shows a person ({@code queue list}: dead letters and discrepancies). After
 * each session the faults end, the bridge forwards its queue, and {@link Oracle} checks:
 * <ol>
 * <li>every operation of a purchase appears in the ledger at most once;</li>
 * <li>every redemption the register was told about is in the ledger exactly once; no purchase is
 *     confirmed with a redemption the register did not settle;</li>
 * <li>every accrual and discount the register was told about is what the ledger has;</li>
 * <li>nothing is in the ledger that the register was not told about (a payment whose outcome the
 *     register was told is unknown may be there, unconfirmed), unless reported as a discrepancy;</li>
 * <li>the queue drains to empty or to items visible as dead (with a reason) or as discrepancies.</li>
 * </ol>
 * A failure shrinks to a minimal session, printed as a readable script.
 *
 * <p>Sessions: {@code -Dchaos.sessions=N} (Maven property, default 200 in CI) and {@code -Dchaos.killWeight=W}
 * (default 2: about one kill in four sessions). The long mode:
 * {@code mvn -B -ntp -pl bridge-java/core,bridge-java/emulator,bridge-java/it verify -Dtest=ChaosIT
 * -Dsurefire.failIfNoSpecifiedTests=false -Dchaos.sessions=2000 -Dchaos.killWeight=8}; the counts are printed at the end
 * (in {@code target/surefire-reports/org.lmxbridge.it.chaos.ChaosIT-output.txt}).
 */
class ChaosIT {
    static final ObjectMapper JSON = new ObjectMapper();

    enum Kind {
        BALANCE, CALCULATE, PAY, DISCOUNT, CONFIRM, CANCEL, REFUND, RETRY, CHANGED,
        OUTAGE_500, OUTAGE_DOWN, OUTAGE_END, DROP_BEFORE, DROP_AFTER, SLOW, HTTP_401, BLOCK_CARD, KILL, KILL_DURING;

        boolean call() {
            return ordinal() <= CHANGED.ordinal();
        }
    }

    /** One step of a session: a register call for purchase {@code p}, or a fault. */
    record Step(Kind kind, int p, int arg) {
        @Override
        public String toString() {
            return switch (kind) {
                case PAY -> "pay " + (arg % 3 == 0 ? 10 : arg % 3 == 1 ? 50 : 100) + " bonuses for P" + p;
                case RETRY -> "the register repeats its last call for P" + p;
                case CHANGED -> "the same purchaseId P" + p + " with another customer's request (forgotten resetParams)";
                case KILL_DURING -> "kill -9 the bridge " + arg % 40 + " ms into the next call";
                case SLOW -> "latency past the read timeout on the next request";
                case BLOCK_CARD -> "block the card of P" + p;
                default -> kind.call() ? kind.name().toLowerCase() + " P" + p : kind.name().toLowerCase().replace('_', ' ');
            };
        }
    }

    /** A purchase's customer and cheque. */
    record Customer(int card, boolean byPhone, boolean milk, int amount, boolean coupon, boolean twoLines) {
        static final String[] CARDS = {"8690003", "8690045", "8690052", "8690011", "8690029"};
        static final String[] PHONES = {"79260000003", "79260000045", "79260000052", "79260000011", "79260000029"};

        String cardNumber() {
            return CARDS[card];
        }

        @Override
        public String toString() {
            return (byPhone ? "phone " + PHONES[card] : "card " + CARDS[card]) + ", " + (milk ? "milk (offer -10%)" : "bread")
                    + " " + amount + ".00" + (twoLines ? " + bread 50.00" : "") + (coupon ? ", coupon SALE10" : "");
        }
    }

    record Session(List<Customer> customers, List<Step> steps) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("\n");
            for (int i = 0; i < customers.size(); i++) sb.append("  P").append(i).append(": ").append(customers.get(i)).append('\n');
            for (int i = 0; i < steps.size(); i++) sb.append("  ").append(i + 1).append(". ").append(steps.get(i)).append('\n');
            return sb.toString();
        }
    }

    @Provide
    Arbitrary<Session> sessions() {
        Arbitrary<Customer> customer = Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.of(false, true),
                Arbitraries.of(false, true), Arbitraries.of(100, 200, 150), Arbitraries.of(false, false, true),
                Arbitraries.of(false, true)).as(Customer::new);
        return customer.list().ofMinSize(1).ofMaxSize(3).flatMap(cs -> {
            Arbitrary<Kind> kind = Arbitraries.frequency(
                    Tuple.of(4, Kind.BALANCE), Tuple.of(6, Kind.CALCULATE), Tuple.of(10, Kind.PAY), Tuple.of(22, Kind.DISCOUNT),
                    Tuple.of(16, Kind.CONFIRM), Tuple.of(5, Kind.CANCEL), Tuple.of(4, Kind.REFUND), Tuple.of(7, Kind.RETRY),
                    Tuple.of(3, Kind.CHANGED), Tuple.of(5, Kind.OUTAGE_500), Tuple.of(3, Kind.OUTAGE_DOWN), Tuple.of(6, Kind.OUTAGE_END),
                    Tuple.of(3, Kind.DROP_BEFORE), Tuple.of(4, Kind.DROP_AFTER), Tuple.of(3, Kind.SLOW), Tuple.of(2, Kind.HTTP_401),
                    Tuple.of(2, Kind.BLOCK_CARD), Tuple.of(KILL_WEIGHT, Kind.KILL), Tuple.of(KILL_WEIGHT, Kind.KILL_DURING));
            Arbitrary<Step> step = Combinators.combine(kind, Arbitraries.integers().between(0, cs.size() - 1),
                    Arbitraries.integers().between(0, 99)).as(Step::new);
            return step.list().ofMinSize(3).ofMaxSize(12).map(steps -> new Session(cs, steps));
        });
    }

    // ---------------------------------------------------------------- the bridge process, shared by the sessions

    static Path work;
    /** Weight of each of the two kill faults among the generated steps (the other faults and calls weigh 3–22). */
    static final int KILL_WEIGHT = Integer.getInteger("chaos.killWeight", 2);
    static BridgeProcess bridge;
    static final AtomicInteger sessionsRun = new AtomicInteger();
    static final AtomicInteger kills = new AtomicInteger();
    static final AtomicInteger calls = new AtomicInteger();
    static final AtomicInteger faults = new AtomicInteger();
    static final AtomicInteger discrepanciesSeen = new AtomicInteger();
    static final AtomicInteger deadSeen = new AtomicInteger();
    static long started;
    /** Where the time goes (ms): restarting the bridge process, waiting for the queue to drain, emulator start/stop. */
    static final java.util.concurrent.atomic.AtomicLong restartMs = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong drainMs = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong callMs = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong openCloseMs = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong emulatorMs = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong killMs = new java.util.concurrent.atomic.AtomicLong();

    @BeforeContainer
    static void start() throws Exception {
        work = Files.createTempDirectory(Path.of("target"), "chaos");
        started = System.currentTimeMillis();
        bridge = new BridgeProcess(work.resolve("bridge.log"));
    }

    @AfterContainer
    static void stop() throws Exception {
        if (bridge != null) bridge.close();
        System.out.printf("chaos: %d sessions, %d register calls, %d faults, %d kill -9 restarts of the bridge, "
                        + "%d discrepancies and %d dead letters shown to a person, in %d s (calls %d s, restarts %d s, kills %d s, drains %d s, open/close %d s, emulator %d s)%n",
                sessionsRun.get(), calls.get(), faults.get(), kills.get(), discrepanciesSeen.get(), deadSeen.get(),
                (System.currentTimeMillis() - started) / 1000, callMs.get() / 1000, restartMs.get() / 1000, killMs.get() / 1000, drainMs.get() / 1000,
                openCloseMs.get() / 1000, emulatorMs.get() / 1000);
    }

    @Property(shrinking = ShrinkingMode.BOUNDED)
    void moneyStaysExactThroughFaultsAndCrashes(@ForAll("sessions") Session session) throws Exception {
        new SessionRun(session, work.resolve("s" + sessionsRun.incrementAndGet())).run();
    }

    // ---------------------------------------------------------------- one session

    /** What the register was told about one purchase (its receipt). */
    static final class Told {
        BigDecimal settledRedemption;      // pay answered ok
        boolean payMaybe;                  // pay answered "unknown" / unresolved, or the answer never came
        String discount;                   // null | LIVE | QUEUED | DISCREPANCY
        BigDecimal accrual;                // LIVE: the accrual on the receipt
        BigDecimal discountSum;            // LIVE: the discount on the receipt
        boolean confirm;
        boolean cancel;
        String refund;                     // null | OK | UNKNOWN
        final List<String> answers = new ArrayList<>();
    }

    final class SessionRun {
        final Session s;
        final Path dir;
        final Map<Integer, Told> told = new HashMap<>();
        final Map<Integer, String[]> lastCall = new HashMap<>();
        Emulator emu;
        int port;
        boolean emuDown;
        boolean slowNext;
        int killDuring = -1;
        String config;
        final StringBuilder trace = new StringBuilder();

        SessionRun(Session s, Path dir) {
            this.s = s;
            this.dir = dir;
        }

        String pid(int p) {
            return dir.getFileName() + "P" + p;
        }

        Told told(int p) {
            return told.computeIfAbsent(p, k -> new Told());
        }

        void run() throws Exception {
            Files.createDirectories(dir);
            long e0 = System.currentTimeMillis();
            emu = Emulator.start(EmulatorOptions.builder().port(0).db(dir.resolve("emu.db")).build());
            emulatorMs.addAndGet(System.currentTimeMillis() - e0);
            port = emu.port();
            config = "{\"url\":\"" + emu.registerUrl("demo-partner", "reg01") + "\",\"login\":\"reg01\",\"password\":\"secret\","
                    + "\"dataDir\":\"" + dir.resolve("bridge").toString().replace("\\", "\\\\") + "\",\"connectTimeoutMs\":300,"
                    + "\"readTimeoutMs\":500,\"probeIntervalMs\":50,\"laneWaitMs\":5000}";
            try {
                open();
                for (Step st : s.steps()) step(st);
                finish();
            } finally {
                long e1 = System.currentTimeMillis();
                if (!emuDown) emu.close();
                emulatorMs.addAndGet(System.currentTimeMillis() - e1);
                if (bridge != null) {
                    try {
                        long c0 = System.currentTimeMillis();
                        bridge.call("CLOSE", 20_000);
                        openCloseMs.addAndGet(System.currentTimeMillis() - c0);
                    } catch (RuntimeException e) {
                        restart();
                    }
                }
            }
        }

        void open() throws Exception {
            long c0 = System.currentTimeMillis();
            String ok = bridge.call("OPEN " + config, 30_000);
            openCloseMs.addAndGet(System.currentTimeMillis() - c0);
            if (ok == null) {
                restart();
                ok = bridge.call("OPEN " + config, 30_000);
            }
            if (!"OK".equals(ok)) throw new AssertionError("the bridge did not open the register: " + ok);
        }

        void restart() throws Exception {
            long t0 = System.currentTimeMillis();
            bridge = new BridgeProcess(work.resolve("bridge.log"));
            restartMs.addAndGet(System.currentTimeMillis() - t0);
        }

        void step(Step st) throws Exception {
            trace.append(st).append('\n');
            if (!st.kind().call()) {
                fault(st);
                return;
            }
            String[] call = callOf(st);
            if (call == null) return;
            if (st.kind() != Kind.RETRY) lastCall.put(st.p(), call);
            execute(st.p(), call);
        }

        /** The command and request JSON of a register call. */
        String[] callOf(Step st) throws IOException {
            int p = st.p();
            Customer c = s.customers().get(p);
            String pid = pid(p);
            switch (st.kind()) {
                case BALANCE:
                    return new String[] {"balance", "{\"identifier\":" + identifier(c, false) + "}"};
                case CALCULATE:
                    return new String[] {"calculate", purchase(pid, c, null, false)};
                case PAY: {
                    int bonus = st.arg() % 3 == 0 ? 10 : st.arg() % 3 == 1 ? 50 : 100;
                    return new String[] {"pay", purchase(pid, c, "\"amount\":\"" + bonus + "\"", true)};
                }
                case DISCOUNT:
                    return new String[] {"discount", purchase(pid, c, pays(told(p), c), false)};
                case CONFIRM:
                    return new String[] {"confirm", "{\"purchaseId\":\"" + pid + "\"}"};
                case CANCEL:
                    return new String[] {"cancel", "{\"purchaseId\":\"" + pid + "\"}"};
                case REFUND:
                    return new String[] {"refund", "{\"purchaseId\":\"R" + pid + "\",\"refundPurchaseId\":\"" + pid + "\",\"cheque\":"
                            + cheque(c) + "}"};
                case RETRY:
                    return lastCall.get(p);
                case CHANGED: {
                    String[] last = lastCall.get(p);
                    Customer other = new Customer((c.card() + 1) % 5, !c.byPhone(), !c.milk(), c.amount() + 7, false, c.twoLines());
                    String command = last == null || last[0].equals("confirm") || last[0].equals("cancel") || last[0].equals("balance")
                            ? "discount" : last[0];
                    String extra = command.equals("pay") ? "\"amount\":\"10\"" : command.equals("discount") ? pays(new Told(), other) : null;
                    if (command.equals("refund")) {
                        return new String[] {"refund", "{\"purchaseId\":\"R" + pid + "\",\"refundPurchaseId\":\"" + pid + "\",\"cheque\":"
                                + cheque(other) + "}"};
                    }
                    return new String[] {command, purchase(pid, other, extra, command.equals("pay"))};
                }
                default:
                    return null;
            }
        }

        String identifier(Customer c, boolean withPin) {
            String pin = withPin && c.card() == 3 ? ",\"pin\":\"1234\"" : "";
            return c.byPhone() ? "{\"type\":\"phone\",\"value\":\"" + Customer.PHONES[c.card()] + "\"" + pin + "}"
                    : "{\"type\":\"cardNumber\",\"value\":\"" + c.cardNumber() + "\"" + pin + "}";
        }

        String cheque(Customer c) {
            String line1 = "{\"pos\":1,\"goodsId\":\"" + (c.milk() ? "1001" : "2002") + "\",\"name\":\"x\",\"price\":\"" + c.amount()
                    + "\",\"quantity\":\"1\",\"amount\":\"" + c.amount() + "\"}";
            String line2 = c.twoLines() ? ",{\"pos\":2,\"goodsId\":\"2002\",\"name\":\"y\",\"price\":\"50\",\"quantity\":\"1\",\"amount\":\"50\"}" : "";
            return "{\"number\":\"1\",\"date\":\"2026-11-28T12:00:00\",\"lines\":[" + line1 + line2 + "]}";
        }

        BigDecimal total(Customer c) {
            return BigDecimal.valueOf(c.amount() + (c.twoLines() ? 50 : 0));
        }

        String pays(Told t, Customer c) {
            BigDecimal total = total(c);
            if (t.settledRedemption != null && t.settledRedemption.signum() > 0) {
                return "\"pays\":[{\"type\":\"Bonus\",\"amount\":\"" + t.settledRedemption.toPlainString() + "\"},{\"type\":\"Card\","
                        + "\"amount\":\"" + total.subtract(t.settledRedemption).toPlainString() + "\"}]";
            }
            return "\"pays\":[{\"type\":\"Card\",\"amount\":\"" + total.toPlainString() + "\"}]";
        }

        String purchase(String pid, Customer c, String extra, boolean withPin) {
            return "{\"purchaseId\":\"" + pid + "\",\"cashier\":\"Иванова\",\"identifier\":" + identifier(c, withPin) + ",\"cheque\":"
                    + cheque(c) + (c.coupon() ? ",\"coupons\":[\"SALE10\"]" : "") + (extra == null ? "" : "," + extra) + "}";
        }

        void execute(int p, String[] call) throws Exception {
            calls.incrementAndGet();
            String line = "EXEC " + call[0] + " " + call[1];
            String answer;
            if (killDuring >= 0) {
                int delay = killDuring;
                killDuring = -1;
                bridge.send(line);
                Thread.sleep(delay);
                long k0 = System.currentTimeMillis();
                answer = bridge.kill();
                killMs.addAndGet(System.currentTimeMillis() - k0);
                kills.incrementAndGet();
                trace.append("   (killed; answer ").append(answer == null ? "lost" : "received").append(")\n");
                restart();
                open();
                if (answer == null) {
                    if (call[0].equals("pay")) told(p).payMaybe = true; // the register does not know yet
                    trace.append("   the register repeats the call after the restart\n");
                    answer = bridge.call(line, 60_000);
                }
            } else {
                long t0 = System.currentTimeMillis();
                answer = bridge.call(line, 60_000);
                callMs.addAndGet(System.currentTimeMillis() - t0);
            }
            if (slowNext) {
                slowNext = false;
                if (!emuDown) emu.faults().latencyMs(0);
            }
            if (answer == null || !answer.startsWith("RESULT ")) throw new AssertionError("no answer to " + line + ": " + answer);
            record(p, call[0], JSON.readTree(answer.substring(7)));
        }

        /** What the register was told: the receipt's view of the answer. */
        void record(int p, String command, JsonNode r) {
            Told t = told(p);
            int status = r.path("status").asInt();
            boolean ok = r.path("ok").asBoolean();
            boolean queued = r.path("queued").asBoolean();
            String note = command + " -> " + status + (queued ? " queued" : "") + (ok ? "" : " " + r.path("error").path("name").asText());
            t.answers.add(note);
            trace.append("   ").append(note).append('\n');
            switch (command) {
                case "pay" -> {
                    if (ok) {
                        t.settledRedemption = new BigDecimal(r.path("amount").asText());
                    } else if (status == 102 || status == 106) {
                        t.payMaybe = true;
                    }
                }
                case "discount" -> {
                    if (status == 106) t.payMaybe = true;
                    if (status == 104) {
                        t.discount = "DISCREPANCY";
                    } else if (ok && queued) {
                        if (t.discount == null) t.discount = "QUEUED";
                    } else if (ok) {
                        t.discount = "LIVE";
                        t.accrual = r.has("bonusAmount") ? new BigDecimal(r.path("bonusAmount").asText()) : null;
                        BigDecimal d = BigDecimal.ZERO;
                        boolean any = false;
                        for (JsonNode l : r.path("lines")) {
                            if (l.has("discount")) {
                                d = d.add(new BigDecimal(l.path("discount").asText()));
                                any = true;
                            }
                        }
                        t.discountSum = any ? d : null;
                    }
                }
                case "confirm" -> {
                    if (status == 106) t.payMaybe = true;
                    if (ok) t.confirm = true;
                }
                case "cancel" -> {
                    if (ok) t.cancel = true;
                }
                case "refund" -> {
                    if (ok) t.refund = "OK";
                    else if (status == 102 && t.refund == null) t.refund = "UNKNOWN";
                }
                default -> {
                }
            }
        }

        void fault(Step st) throws Exception {
            faults.incrementAndGet();
            switch (st.kind()) {
                case OUTAGE_500 -> {
                    if (!emuDown) emu.faults().http500(-1);
                }
                case OUTAGE_DOWN -> {
                    if (!emuDown) {
                        emu.close();
                        emuDown = true;
                    }
                }
                case OUTAGE_END -> endOutage();
                case DROP_BEFORE -> {
                    if (!emuDown) emu.faults().dropBeforeApply(1);
                }
                case DROP_AFTER -> {
                    if (!emuDown) emu.faults().dropAfterApply(1);
                }
                case SLOW -> {
                    if (!emuDown) {
                        emu.faults().latencyMs(800);
                        slowNext = true;
                    }
                }
                case HTTP_401 -> {
                    if (!emuDown) emu.faults().http401(1);
                }
                case BLOCK_CARD -> {
                    if (!emuDown) emu.setCardStatus(s.customers().get(st.p()).cardNumber(), "blocked");
                }
                case KILL -> {
                    long k0 = System.currentTimeMillis();
                    bridge.kill();
                    killMs.addAndGet(System.currentTimeMillis() - k0);
                    kills.incrementAndGet();
                    restart();
                    open();
                }
                case KILL_DURING -> killDuring = st.arg() % 40;
                default -> throw new IllegalStateException(st.kind().name());
            }
        }

        void endOutage() throws Exception {
            if (emuDown) {
                emu = Emulator.start(EmulatorOptions.builder().port(port).db(dir.resolve("emu.db")).build());
                emuDown = false;
            } else {
                emu.faults().clear();
            }
        }

        /** The faults end; the bridge forwards its queue by itself; then the oracle judges. */
        void finish() throws Exception {
            endOutage();
            emu.faults().clear();
            long t0 = System.currentTimeMillis();
            long end = t0 + 60_000;
            // flush: backoffs and a pause are cleared, a probe is made at once; then wait for the queue
            exec("queue", "{\"action\":\"flush\"}");
            JsonNode st;
            while (true) {
                st = exec("status", "{}");
                if (st.path("queueLength").asInt(-1) == 0) break;
                if (System.currentTimeMillis() > end) {
                    throw new AssertionError("the queue did not drain within 60 s: " + st + "\nsession:" + s + "\ntrace:\n" + trace);
                }
                Thread.sleep(50);
            }
            drainMs.addAndGet(System.currentTimeMillis() - t0);
            JsonNode list = exec("queue", "{\"action\":\"list\"}");
            Set<String> dead = new HashSet<>();
            Set<String> discrepant = new HashSet<>();
            List<String> problems = new ArrayList<>();
            for (JsonNode it : list.path("items")) {
                String state = it.path("state").asText();
                String pid = it.path("purchaseId").asText();
                if (state.equals("dead")) {
                    dead.add(pid);
                    deadSeen.incrementAndGet();
                    if (it.path("lastError").asText().isBlank()) problems.add("dead item without a reason: " + it);
                } else if (state.equals("discrepancy")) {
                    discrepant.add(pid);
                    discrepanciesSeen.incrementAndGet();
                    if (it.path("discrepancy").asText().isBlank()) problems.add("discrepancy item without its difference: " + it);
                } else {
                    problems.add("item still waiting after the drain: " + it);
                }
            }
            LedgerSnapshot ledger = emu.ledger();
            problems.addAll(Oracle.check(this, ledger.operations("demo-partner", "reg01"), dead, discrepant));
            if (!problems.isEmpty()) {
                throw new AssertionError(String.join("\n", problems) + "\nsession:" + s + "\ntrace:\n" + trace + "ledger:\n"
                        + String.join("\n", ledger.operations("demo-partner", "reg01").stream().map(Object::toString).toList())
                        + "\nqueue: " + list.path("items"));
            }
        }

        JsonNode exec(String command, String request) throws Exception {
            String a = bridge.call("EXEC " + command + " " + request, 150_000);
            if (a == null || !a.startsWith("RESULT ")) throw new AssertionError(command + ": " + a);
            return JSON.readTree(a.substring(7));
        }
    }
}
