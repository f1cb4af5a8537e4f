package org.lmxbridge.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.lmxbridge.Bridge;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.IdentifierType;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;

/**
 * A register program in a process of its own for the live-register tests: opens the register of the
 * configuration file {@code args[0]}, sells once (a discount: queued while processing is unreachable),
 * prints {@code SOLD <queued> <purchaseId> <operationId>} and keeps the register open until its standard
 * input ends.
 */
public final class OwnerMain {
    private OwnerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Bridge b = Bridge.open(args[0])) {
            Cheque cheque = new Cheque("15", LocalDateTime.now().withNano(0), List.of(
                    new ChequeLine(1, "1001", "Молоко", new BigDecimal("89.90"), new BigDecimal("2"), new BigDecimal("179.80"))));
            OperationResult r = b.discount(OperationRequest.builder().identifier(Identifier.of(IdentifierType.PHONE, "79260000003"))
                    .cheque(cheque).build());
            System.out.println("SOLD " + r.queued() + " " + r.purchaseId() + " " + r.operationId() + " " + r.status());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our standard input
            }
        }
        System.out.println("CLOSED");
        System.out.flush();
        System.exit(0);
    }
}
