package org.lmxbridge.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lmxbridge.cli.bench.CalculateBench;
import org.lmxbridge.cli.bench.QueueBench;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench calculate | enqueue | replay}: the Java side of {@code scripts/bench.sh}. Each prints
 * a readable table with its baseline measured in the same run and ends with one
 * {@code figure: <name> <value>} line. Benchmarks, not tests: they assert nothing about speed.
 */
@picocli.CommandLine.Command(name = "bench", mixinStandardHelpOptions = true, hidden = true,
        description = {"Benchmarks (not tests), each against its baseline in the same run:",
            "  calculate  10-line Calculate through the bridge vs a raw HttpClient POST of the same XML (p50 ratio)",
            "  enqueue    durable offline discount vs a plain SQLite insert+commit with the same durability (rate ratio)",
            "  replay     forwarding N queued purchases vs the emulator's serial rate from a plain client (percent)",
            "Run them all with scripts/bench.sh."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "calculate", description = "calculate | enqueue | replay")
    String which;

    @Option(names = "--iterations", description = "calculate: timed calls of each kind (default 3000); enqueue: "
            + "timed enqueues of each kind (default 3000); replay: queued purchases (default 10000)")
    Integer iterations;

    @Option(names = "--warmup", defaultValue = "1500", description = "calculate: untimed calls first")
    int warmup;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path dir = Files.createTempDirectory("loymax-bench");
        CliLogging.init(dir, "WARN"); // the bridge's log at WARN: the figures are the bridge's work, not its log's
        try {
            switch (which) {
                case "calculate" -> new CalculateBench(out, dir).run(iterations == null ? 3000 : iterations, warmup);
                case "enqueue" -> new QueueBench(out, dir).enqueue(iterations == null ? 3000 : iterations);
                case "replay" -> new QueueBench(out, dir).replay(iterations == null ? 10_000 : iterations);
                default -> {
                    out.println("unknown benchmark " + which + "; available: calculate, enqueue, replay");
                    return 2;
                }
            }
        } finally {
            deleteTree(dir);
        }
        return 0;
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a temporary folder left behind is harmless
        }
    }
}
