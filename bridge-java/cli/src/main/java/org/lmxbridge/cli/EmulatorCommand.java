package org.lmxbridge.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
import org.lmxbridge.emulator.Faults;
import org.lmxbridge.emulator.TestCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emulator}: runs the Loymax processing emulator (protocol 3.2) on 127.0.0.1 until Ctrl-C, printing
 * its URL and the seeded test cards. Faults can also be changed while it runs: {@code POST /admin/faults}.
 */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Runs the Loymax processing emulator (protocol 3.2) on 127.0.0.1 until Ctrl-C.",
            "Admin endpoints (JSON, no auth): /admin/faults (GET, POST), /admin/ledger, /admin/metrics,"
                + " /admin/reset-metrics."})
public final class EmulatorCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8095", description = "TCP port on 127.0.0.1, 0 = a free port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--seed", paramLabel = "FILE", description = "JSON seed (registers, cards, offers); default: the bundled test seed")
    Path seed;

    @Option(names = "--db", paramLabel = "FILE", description = "SQLite file for the state; default: in memory (lost at exit)")
    Path db;

    @Option(names = "--latency-ms", paramLabel = "MS", description = "delay every request by MS milliseconds")
    Integer latencyMs;

    @Option(names = "--http500", paramLabel = "N", description = "answer the next N requests with HTTP 500 (-1 = all)")
    Integer http500;

    @Option(names = "--drop-before-apply", paramLabel = "N",
            description = "close the connection of the next N requests without answering or applying them (-1 = all)")
    Integer dropBeforeApply;

    @Option(names = "--drop-after-apply", paramLabel = "N",
            description = "apply the next N requests, then cut the connection in the middle of the answer (-1 = all)")
    Integer dropAfterApply;

    @Option(names = "--lock", description = "answer every request with the processing-lock error (237)")
    boolean lock;

    @Option(names = "--no-lock-on-concurrent", negatable = false,
            description = "do not answer concurrent requests of one register with the processing-lock error")
    boolean noLockOnConcurrent;

    @Option(names = "--fault-command", paramLabel = "COMMAND",
            description = "limit the faults to one command, e.g. Payment")
    String faultCommand;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (seed != null && !Files.isReadable(seed)) {
            System.err.println("seed file not readable: " + seed);
            return 2;
        }
        EmulatorOptions options = EmulatorOptions.builder().port(port).seed(seed).db(db).build();
        Emulator emu;
        try {
            emu = Emulator.start(options);
        } catch (java.net.BindException e) {
            System.err.println("port " + port + " is in use; choose another with --port (0 = any free port)");
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("invalid seed: " + e.getMessage());
            return 2;
        }
        // applied to the live settings so that the seed's own switches (duplicateOperationIds, …) stay
        Faults f = emu.faults();
        synchronized (f) {
            if (latencyMs != null) f.latencyMs(latencyMs);
            if (http500 != null) f.http500(http500);
            if (dropBeforeApply != null) f.dropBeforeApply(dropBeforeApply);
            if (dropAfterApply != null) f.dropAfterApply(dropAfterApply);
            if (lock) f.lock(true);
            if (noLockOnConcurrent) f.lockOnConcurrent(false);
            if (faultCommand != null) f.command(faultCommand);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emu.close();
            stopped.countDown();
        }, "emulator-shutdown"));

        out.println("Loymax emulator (protocol 3.2) on " + emu.baseUrl());
        out.println("  register URL : " + emu.baseUrl() + "/XmlExchange/{partner}/{login}/   e.g. "
                + emu.registerUrl("demo-partner", "reg01"));
        out.println("  state        : " + (db == null ? "in memory" : db.toAbsolutePath()));
        out.println("  seed         : " + (seed == null ? "bundled default seed (registers demo-partner/reg01:secret,"
                + " demo-partner/reg02:secret2)" : seed));
        out.println("  faults       : " + f.toMap());
        out.println("  admin        : " + emu.baseUrl() + "/admin/faults | /admin/ledger | /admin/metrics | /admin/reset-metrics");
        out.println();
        printCards(out, emu.cards(), emu.currency());
        out.println();
        out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    static void printCards(PrintStream out, List<TestCard> cards, String currency) {
        String fmt = "  %-14s %-13s %-13s %12s  %-4s %s%n";
        out.printf(fmt, "card", "phone", "status", "balance " + currency, "pin", "holder");
        for (TestCard c : cards) {
            out.printf(fmt, c.number(), c.phone() == null ? "-" : c.phone(), c.status(), c.balance().toPlainString(),
                    c.hasPin() ? "yes" : "no", c.holder() == null ? "" : c.holder());
        }
    }
}
