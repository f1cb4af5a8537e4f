package org.lmxbridge.it;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.LedgerSnapshot;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.IdentifierType;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.Pay;

/** Shared helpers of the offline end-to-end tests. */
final class OfflineSupport {
    private OfflineSupport() {
    }

    static final String PARTNER = "demo-partner";
    static final String LOGIN = "reg01";
    static final String CARD = "8690003";

    /** A register configuration; {@code extra} (",\"key\":value…") overrides the test defaults. */
    static String config(String url, String password, Path dataDir, String extra) {
        return config(url, LOGIN, password, dataDir, extra);
    }

    static String config(String url, String login, String password, Path dataDir, String extra) {
        StringBuilder sb = new StringBuilder("{\"url\":\"" + url + "\",\"login\":\"" + login + "\",\"password\":\"" + password
                + "\",\"dataDir\":\"" + dataDir.toString().replace("\\", "\\\\") + "\"");
        String[][] defaults = {{"connectTimeoutMs", "500"}, {"readTimeoutMs", "1500"}, {"probeIntervalMs", "200"}};
        for (String[] d : defaults) {
            if (!extra.contains("\"" + d[0] + "\"")) sb.append(",\"").append(d[0]).append("\":").append(d[1]);
        }
        return sb.append(extra).append('}').toString();
    }

    static String config(Emulator emu, Path dataDir, String extra) {
        return config(emu.registerUrl(PARTNER, LOGIN).toString(), "secret", dataDir, extra);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static OperationRequest sale(String pid, String card, String amount) {
        return OperationRequest.builder().purchaseId(pid).cashier("Иванова")
                .identifier(new Identifier(IdentifierType.CARD_NUMBER, card, null))
                .cheque(new Cheque("15", LocalDateTime.now().withNano(0), List.of(
                        new ChequeLine(1, "2002", "Хлеб", new BigDecimal(amount), BigDecimal.ONE, new BigDecimal(amount)))))
                .pays(List.of(new Pay("Card", new BigDecimal(amount)))).build();
    }

    static OperationRequest redemption(String pid, String card, String amount, String bonus) {
        return OperationRequest.builder().purchaseId(pid).identifier(new Identifier(IdentifierType.CARD_NUMBER, card, null))
                .cheque(sale(pid, card, amount).cheque()).amount(new BigDecimal(bonus)).build();
    }

    /** Applied operations of one purchase and command in the emulator's ledger. */
    static long count(Emulator emu, String purchaseId, String command) {
        return ops(emu).stream().filter(o -> purchaseId.equals(o.purchaseId()) && command.equals(o.command())).count();
    }

    static List<LedgerSnapshot.Operation> ops(Emulator emu) {
        return emu.ledger().operations(PARTNER, LOGIN);
    }

    static long requests(Emulator emu) {
        return emu.metrics().register(PARTNER, LOGIN).requests();
    }

    static void await(String what, long ms, BooleanSupplier cond) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(20);
        }
    }
}
