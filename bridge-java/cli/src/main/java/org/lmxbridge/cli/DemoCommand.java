package org.lmxbridge.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lmxbridge.Bridge;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.IdentifierType;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.model.Pay;
import org.lmxbridge.model.ResultLine;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
import org.lmxbridge.emulator.LedgerSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: starts the emulator in this process on a free port and runs one register session
 * through the bridge — balance by phone, calculate a 5-line cheque, redeem bonuses, discount with
 * the payment split, confirm — printing the cheque as a register would; then two sales with the
 * emulator stopped and their replay. Every total is checked against the emulator's ledger and what the
 * receipts said, never against the bridge's own answers.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs a register session against the built-in emulator and prints the cheque.",
            "Needs no server and no configuration; nothing is written outside a temporary folder."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--phone", defaultValue = "79260000003", description = "customer phone (a seeded test card; default ${DEFAULT-VALUE})")
    String phone;

    @Option(names = "--redeem", defaultValue = "100", description = "bonuses to redeem (default ${DEFAULT-VALUE})")
    BigDecimal redeem;

    private PrintStream out;

    @Override
    public Integer call() throws Exception {
        out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path dir = Files.createTempDirectory("loymax-demo");
        CliLogging.init(dir, "INFO");
        Path db = dir.resolve("emulator.db");
        Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).db(db).build());
        int port = emu.port();
        String config = "{\"url\":\"" + emu.registerUrl("demo-partner", "reg01") + "\",\"login\":\"reg01\","
                + "\"password\":\"secret\",\"dataDir\":\"" + dir.toString().replace("\\", "\\\\") + "\","
                + "\"connectTimeoutMs\":1000,\"readTimeoutMs\":3000,\"probeIntervalMs\":500}";
        out.println("Loymax emulator on " + emu.baseUrl() + " (register demo-partner/reg01), data in " + dir);
        out.println();
        try (Bridge bridge = Bridge.open(config)) {
            if (!session(bridge) || !ledgerMatchesTheReceipt(emu)) return 1;
            out.println();
            balanceBeforeOffline = emu.ledger().cards().stream().filter(c -> phone.equals(c.phone()))
                    .map(LedgerSnapshot.Card::balance).findFirst().orElseThrow();
            out.println("---- the link to processing is cut (the emulator stops) ----");
            emu.close();
            boolean ok = offlineSales(bridge);
            out.println();
            out.println("---- the link is back (the emulator starts again with its saved state) ----");
            emu = Emulator.start(EmulatorOptions.builder().port(port).db(db).build());
            return ok && replayed(bridge) && offlineSalesInTheLedger(emu) ? 0 : 1;
        } finally {
            emu.close();
        }
    }

    private boolean session(Bridge bridge) {
        Identifier customer = Identifier.of(IdentifierType.PHONE, phone);
        OperationResult bal = bridge.balance(customer);
        if (!step("1. Balance by phone " + phone, bal)) return false;
        BigDecimal before = bal.balance();
        out.printf("   holder %s, balance %s %s%n%n", bal.identifierData() == null ? "?" : bal.identifierData().getOrDefault("Holder",
                bal.identifierData().getOrDefault("Person", "?")), before, bal.currency());

        Cheque cheque = new Cheque("1", LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS), List.of(
                line(1, "1001", "Молоко 3,2% 1 л", "89.90", "2"),
                line(2, "1002", "Хлеб Бородинский", "54.50", "1"),
                line(3, "2002", "Сыр Российский, кг", "799.50", "0.350"),
                line(4, "3003", "Кофе молотый 250 г", "459.00", "1"),
                line(5, "4004", "Яблоки Гала, кг", "129.90", "1.250")));
        OperationRequest purchase = OperationRequest.builder().cashier("Иванова").identifier(customer).cheque(cheque).build();

        OperationResult calc = bridge.calculate(purchase);
        if (!step("2. Calculate a 5-line cheque", calc)) return false;
        String purchaseId = calc.purchaseId();
        purchase = purchase.withPurchaseId(purchaseId);
        printLines(cheque, calc.lines());
        out.printf("   available to redeem: %s%n%n", calc.availableAmount());

        BigDecimal toRedeem = redeem.min(calc.availableAmount() == null ? BigDecimal.ZERO : calc.availableAmount());
        BigDecimal paidBonus = BigDecimal.ZERO;
        if (toRedeem.signum() > 0) {
            OperationRequest pay = OperationRequest.builder().purchaseId(purchaseId).cashier("Иванова").identifier(customer)
                    .cheque(cheque).amount(toRedeem).build();
            OperationResult paid = bridge.pay(pay);
            if (!step("3. Redeem " + toRedeem + " bonuses", paid)) return false;
            paidBonus = paid.amount() == null ? toRedeem : paid.amount();
            out.printf("   transaction %s, auth code %s%s%n%n", paid.transactionId(), paid.authCode(),
                    paid.chequeMessage() == null ? "" : ", message: " + paid.chequeMessage());
        }

        BigDecimal total = BigDecimal.ZERO;
        for (ResultLine l : calc.lines()) total = total.add(l.amount() == null ? BigDecimal.ZERO : l.amount());
        BigDecimal money = total.subtract(paidBonus);
        List<Pay> pays = new ArrayList<>();
        if (paidBonus.signum() > 0) pays.add(new Pay("Bonus", paidBonus));
        pays.add(new Pay("Card", money));
        OperationResult disc = bridge.discount(OperationRequest.builder().purchaseId(purchaseId).cashier("Иванова")
                .identifier(customer).cheque(cheque).pays(pays).build());
        if (!step("4. Discount with the payment split (bonus " + paidBonus + " + card " + money + ")", disc)) return false;
        out.printf("   accrued (blocked until confirm): %s%s%n%n", disc.bonusAmount(),
                disc.chequeMessage() == null ? "" : ", message: " + disc.chequeMessage());

        receipt = new Receipt(purchaseId, paidBonus, disc.bonusAmount() == null ? BigDecimal.ZERO : disc.bonusAmount(),
                sum(disc.lines()));
        OperationResult conf = bridge.confirm(purchaseId);
        if (!step("5. Confirm after the fiscal receipt", conf)) return false;
        OperationResult after = bridge.balance(customer);
        out.println();
        out.println("================ CHEQUE ================");
        printLines(cheque, calc.lines());
        out.printf("  Total to pay          %12s%n", total);
        out.printf("  Paid with bonuses     %12s%n", paidBonus);
        out.printf("  Paid by card          %12s%n", money);
        out.printf("  Bonuses accrued       %12s%n", disc.bonusAmount());
        out.printf("  Balance before        %12s%n", before);
        out.printf("  Balance after         %12s%n", after.balance());
        if (disc.chequeMessage() != null) out.println("  " + disc.chequeMessage());
        out.println("========================================");
        out.println("purchase " + purchaseId + " confirmed.");
        return true;
    }

    private BigDecimal balanceBeforeOffline;
    private BigDecimal offlineAccrualExpected = BigDecimal.ZERO;
    private final List<String> offlinePurchases = new ArrayList<>();

    /** What the register printed on the online purchase's receipt. */
    private record Receipt(String purchaseId, BigDecimal redeemed, BigDecimal accrued, BigDecimal discount) {
    }

    private Receipt receipt;

    private static BigDecimal sum(List<ResultLine> lines) {
        BigDecimal d = BigDecimal.ZERO;
        for (ResultLine l : lines) if (l.discount() != null) d = d.add(l.discount());
        return d;
    }

    /**
     * The judge is processing's own ledger, never the bridge's answers: the online purchase was applied
     * once, with the redemption, discount and accrual printed on the receipt.
     */
    private boolean ledgerMatchesTheReceipt(Emulator emu) {
        List<LedgerSnapshot.Operation> ops = emu.ledger().operations("demo-partner", "reg01").stream()
                .filter(o -> o.purchaseId().equals(receipt.purchaseId())).toList();
        LedgerSnapshot.Operation confirm = ops.stream().filter(o -> o.command().equals("ConfirmPurchase")).findFirst().orElse(null);
        long confirms = ops.stream().filter(o -> o.command().equals("ConfirmPurchase")).count();
        boolean ok = confirm != null && confirms == 1 && confirm.redeemed().compareTo(receipt.redeemed()) == 0
                && confirm.accrued().compareTo(receipt.accrued()) == 0 && confirm.discount().compareTo(receipt.discount()) == 0;
        out.printf("processing's ledger for purchase %s: redeemed %s, discount %s, accrued %s (receipt: %s, %s, %s) — %s%n",
                receipt.purchaseId(), confirm == null ? "-" : confirm.redeemed(), confirm == null ? "-" : confirm.discount(),
                confirm == null ? "-" : confirm.accrued(), receipt.redeemed(), receipt.discount(), receipt.accrued(),
                ok ? "they agree" : "THEY DIFFER");
        return ok;
    }

    /**
     * The offline sales in processing's ledger: each applied exactly once, as sold — no discount (the
     * receipt had none) — with the accrual of the full price, and the card's balance moved by exactly those
     * accruals.
     */
    private boolean offlineSalesInTheLedger(Emulator emu) {
        LedgerSnapshot ledger = emu.ledger();
        BigDecimal accrued = BigDecimal.ZERO;
        boolean ok = true;
        for (String pid : offlinePurchases) {
            List<LedgerSnapshot.Operation> ops = ledger.operations("demo-partner", "reg01").stream()
                    .filter(o -> o.purchaseId().equals(pid)).toList();
            List<LedgerSnapshot.Operation> discounts = ops.stream().filter(o -> o.command().equals("Discount")).toList();
            long confirms = ops.stream().filter(o -> o.command().equals("ConfirmPurchase")).count();
            if (discounts.size() != 1 || confirms != 1) {
                out.println("  ledger: purchase " + pid + " has " + discounts.size() + " discounts and " + confirms + " confirms, want 1 and 1");
                ok = false;
                continue;
            }
            LedgerSnapshot.Operation d = discounts.get(0);
            out.printf("  ledger: offline sale %s discount %s (receipt: 0.00), accrued %s%n", pid, d.discount(), d.accrued());
            if (d.discount().signum() != 0) ok = false;
            accrued = accrued.add(d.accrued());
        }
        String card = ledger.cards().stream().filter(c -> phone.equals(c.phone())).map(LedgerSnapshot.Card::number).findFirst().orElse("");
        BigDecimal after = ledger.card(card).map(LedgerSnapshot.Card::balance).orElse(null);
        BigDecimal want = offlineAccrualExpected.setScale(2, java.math.RoundingMode.HALF_UP);
        out.printf("  ledger: accrued by the offline sales %s (5 %% of what the receipts charged: %s); card balance %s -> %s%n",
                accrued, want, balanceBeforeOffline, after);
        if (accrued.compareTo(want) != 0 || after == null || after.compareTo(balanceBeforeOffline.add(accrued)) != 0) ok = false;
        if (!ok) out.println("processing's ledger does not match the receipts: something was lost, doubled or discounted");
        return ok;
    }

    /** Two sales with processing unreachable: neutral calculate, redemption refused, accrual queued. */
    private boolean offlineSales(Bridge bridge) {
        Identifier customer = Identifier.of(IdentifierType.PHONE, phone);
        for (int sale = 1; sale <= 2; sale++) {
            Cheque cheque = new Cheque(String.valueOf(100 + sale), LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS), List.of(
                    line(1, "2002", "Сыр Российский, кг", "799.50", "0.500"),
                    line(2, "3003", "Кофе молотый 250 г", "459.00", "1")));
            OperationRequest req = OperationRequest.builder().cashier("Иванова").identifier(customer).cheque(cheque).build();
            out.println("Offline sale " + sale + ":");
            OperationResult calc = bridge.calculate(req);
            if (!calc.ok() || !calc.offline()) return failed("calculate should answer offline without discounts", calc);
            out.println("  calculate: no connection, sold without discounts (" + calc.cashierMessage() + ")");
            String pid = calc.purchaseId();
            OperationResult pay = bridge.pay(OperationRequest.builder().purchaseId(pid).identifier(customer).cheque(cheque)
                    .amount(new BigDecimal("50")).build());
            if (pay.ok() || pay.status() != org.lmxbridge.Status.OFFLINE_REFUSED) return failed("pay should be refused offline", pay);
            out.println("  pay 50 bonuses: refused — " + pay.error().message());
            BigDecimal total = BigDecimal.ZERO;
            for (ChequeLine l : cheque.lines()) total = total.add(l.amount());
            OperationResult disc = bridge.discount(OperationRequest.builder().purchaseId(pid).cashier("Иванова").identifier(customer)
                    .cheque(cheque).pays(List.of(new Pay("Card", total))).build());
            if (!disc.ok() || !disc.queued()) return failed("discount should be queued", disc);
            OperationResult conf = bridge.confirm(pid);
            if (!conf.ok() || !conf.queued()) return failed("confirm should be queued", conf);
            out.printf("  discount and confirm: queued on disk (queue length %d); the customer gets the accrual later%n",
                    conf.queueLength());
            offlinePurchases.add(pid);
            // the emulator's seeded rule: 5 % cashback of each line's money, rounded per line
            for (ChequeLine l : cheque.lines()) {
                offlineAccrualExpected = offlineAccrualExpected.add(
                        l.amount().multiply(new BigDecimal("0.05")).setScale(2, java.math.RoundingMode.HALF_UP));
            }
        }
        return true;
    }

    /** Waits for the backlog to be replayed by the bridge on its own, then shows the balance. */
    private boolean replayed(Bridge bridge) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        OperationResult st = bridge.status();
        while (System.nanoTime() < deadline) {
            st = bridge.status();
            if (Boolean.TRUE.equals(st.online()) && st.queueLength() != null && st.queueLength() == 0) break;
            Thread.sleep(200);
        }
        if (st.queueLength() == null || st.queueLength() != 0) {
            out.println("the backlog was not replayed within 30 s: " + st.queueLength() + " items left, " + st.replayPausedReason());
            return false;
        }
        OperationResult after = bridge.balance(Identifier.of(IdentifierType.PHONE, phone));
        if (!after.ok()) return failed("balance after replay", after);
        BigDecimal got = after.balance().subtract(balanceBeforeOffline);
        out.printf("  backlog replayed by the bridge itself: queue empty, dead items %d%n", st.deadCount());
        out.printf("  balance before the offline sales %s, after replay %s: +%s accrued (%s expected)%n", balanceBeforeOffline,
                after.balance(), got, offlineAccrualExpected.setScale(2, java.math.RoundingMode.HALF_UP));
        if (got.compareTo(offlineAccrualExpected.setScale(2, java.math.RoundingMode.HALF_UP)) != 0) {
            out.println("the accrual does not match: something was lost or doubled");
            return false;
        }
        return true;
    }

    private boolean failed(String what, OperationResult r) {
        out.println("FAILED: " + what + " — status " + r.status() + (r.error() == null ? "" : ": " + r.error().message()));
        return false;
    }

    private static ChequeLine line(int pos, String goods, String name, String price, String qty) {
        BigDecimal amount = new BigDecimal(price).multiply(new BigDecimal(qty)).setScale(2, java.math.RoundingMode.HALF_UP);
        return new ChequeLine(pos, goods, name, new BigDecimal(price), new BigDecimal(qty), amount);
    }

    private void printLines(Cheque cheque, List<ResultLine> lines) {
        for (ChequeLine l : cheque.lines()) {
            ResultLine r = lines.stream().filter(x -> x.pos() != null && x.pos() == l.pos()).findFirst().orElse(null);
            out.printf("  %d %-22s %7s x %-6s %9s  discount %7s  cashback %6s%n", l.pos(), l.name(), l.price(), l.quantity(),
                    r == null || r.amount() == null ? l.amount() : r.amount(), r == null ? "-" : r.discount(),
                    r == null ? "-" : r.cashback());
        }
    }

    private boolean step(String title, OperationResult r) {
        if (r.ok()) {
            out.println(title + ": OK");
            return true;
        }
        out.println(title + ": FAILED — " + r.error().name() + " (" + r.status() + "): " + r.error().message());
        return false;
    }
}
