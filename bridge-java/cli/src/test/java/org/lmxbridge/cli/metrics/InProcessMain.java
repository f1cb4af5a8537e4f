package org.lmxbridge.cli.metrics;

import org.lmxbridge.CommandSession;

/**
 * A register program with the in-process engine, in a JVM of its own (as the native library's embedded
 * JVM runs the core): opens the register of {@code args[0]} through the same session the C ABI uses, runs
 * a balance and a sale, prints {@code THREADS <names>} and {@code READY}, and keeps the register open until
 * its standard input ends.
 */
public final class InProcessMain {
    private InProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        try (CommandSession s = CommandSession.open(args[0])) {
            System.out.println("balance " + s.execute("balance", "{\"identifier\":{\"value\":\"8690003\"}}"));
            System.out.println("discount " + s.execute("discount", HostMetricsTest.DISCOUNT));
            StringBuilder names = new StringBuilder();
            for (Thread t : Thread.getAllStackTraces().keySet()) names.append(t.getName()).append('|');
            System.out.println("THREADS " + names);
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our standard input
            }
        }
        System.exit(0);
    }
}
