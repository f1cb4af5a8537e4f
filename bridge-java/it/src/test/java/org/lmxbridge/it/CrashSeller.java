package org.lmxbridge.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.lmxbridge.Bridge;
import org.lmxbridge.model.OperationResult;

/**
 * The child register program of {@link CrashIT}: sells purchases in a loop (discount, then confirm),
 * online or offline as the emulator's faults decide, until it is killed with SIGKILL. It prints
 * {@code READY} after one warm-up call, {@code STARTED id} before a purchase and {@code ACCEPTED id} once both operations were answered
 * ok (sent or queued). Started again, it first finishes the purchase it was killed in — the register
 * program's own retry with the same purchaseId.
 *
 * <p>Arguments: configuration file, run number, purchase to finish first (or "-").
 */
public final class CrashSeller {
    private CrashSeller() {
    }

    public static void main(String[] args) throws Exception {
        String config = Files.readString(Path.of(args[0]));
        String run = args[1];
        String unfinished = args[2];
        try (Bridge b = Bridge.open(config)) {
            // one harmless call first (balance of a card: nothing is applied): a cold JVM needs 1–3 s for
            // its first exchange on a loaded machine, longer than the kill window, which must hit selling
            b.balance(org.lmxbridge.model.Identifier.of(OfflineSupport.CARD));
            System.out.println("READY");
            System.out.flush();
            if (!"-".equals(unfinished)) sell(b, unfinished);
            if ("warmup".equals(run)) { // a normal exit, so the JVM can write its class-data archive
                sell(b, "W0");
                return;
            }
            for (int i = 0; ; i++) {
                sell(b, "C" + run + "x" + i);
            }
        }
    }

    private static void sell(Bridge b, String pid) {
        System.out.println("STARTED " + pid);
        System.out.flush();
        OperationResult d = b.discount(OfflineSupport.sale(pid, OfflineSupport.CARD, "100"));
        if (!d.ok()) {
            System.out.println("REFUSED " + pid + " " + d.status());
            return;
        }
        OperationResult c = b.confirm(pid);
        if (!c.ok()) {
            System.out.println("REFUSED " + pid + " " + c.status());
            return;
        }
        System.out.println("ACCEPTED " + pid + (d.queued() || c.queued() ? " queued" : ""));
        System.out.flush();
    }
}
