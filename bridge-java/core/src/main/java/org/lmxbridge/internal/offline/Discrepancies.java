package org.lmxbridge.internal.offline;

import java.math.BigDecimal;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.model.ResultLine;

/**
 * Compares processing's answer to a replayed operation with what the register was told. A queued
 * discount was answered {@code queued} without lines: the register sold every line at its amount
 * (no direct discount) and settled only the redemptions it had been told about. A difference is
 * recorded as a discrepancy — never filed as a plain success.
 */
final class Discrepancies {
    private Discrepancies() {
    }

    /**
     * @param settledRedemption the bonus payment the register was told succeeded (0 when none)
     * @return a sentence (English, for the log, {@code queue list} and the integrator) or null when it matches
     */
    static String of(Command c, OperationResult answer, BigDecimal settledRedemption) {
        if (c != Command.DISCOUNT || !answer.ok()) return null;
        StringBuilder sb = new StringBuilder();
        BigDecimal discount = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
        boolean payShown = false;
        for (ResultLine l : answer.lines()) {
            if (l.discount() != null) discount = discount.add(l.discount());
            if (l.payAmount() != null) {
                paid = paid.add(l.payAmount());
                payShown = true;
            }
        }
        if (discount.signum() != 0) {
            sb.append("processing applied a discount of ").append(discount.toPlainString())
                    .append(" that the register did not give (the sale was charged at the full amounts of its lines)");
        }
        if (payShown && paid.compareTo(settledRedemption) != 0) {
            if (sb.length() > 0) sb.append("; ");
            sb.append("processing's redemption ").append(paid.toPlainString()).append(" differs from the ")
                    .append(settledRedemption.toPlainString()).append(" the register settled");
        }
        if (sb.length() == 0) return null;
        if (answer.bonusAmount() != null) sb.append(" (accrual ").append(answer.bonusAmount().toPlainString()).append(')');
        return sb.toString();
    }

    /** NotUniqueOperationID on a replay: processing has the OperationID but does not say what became of it. */
    static String seen(Command c) {
        return "processing reports this " + c.jsonName() + " as already received (NotUniqueOperationID) without its outcome: "
                + "whether it was applied could not be verified; check the purchase in processing";
    }
}
