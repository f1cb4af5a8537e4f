package org.lmxbridge.internal.offline;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.lmxbridge.Language;
import org.lmxbridge.internal.text.Msg;
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
     * @return a sentence in {@code lang} (for the log, {@code queue list} and the integrator) or null when it matches
     */
    static String of(Command c, OperationResult answer, BigDecimal settledRedemption, Language lang) {
        if (c != Command.DISCOUNT || !answer.ok()) return null;
        List<Msg> parts = new ArrayList<>();
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
            parts.add(Msg.of("discrepancy.discount", discount.toPlainString()));
        }
        if (payShown && paid.compareTo(settledRedemption) != 0) {
            parts.add(Msg.of("discrepancy.redemption", paid.toPlainString(), settledRedemption.toPlainString()));
        }
        if (parts.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        for (Msg m : parts) sb.append(sb.length() > 0 ? "; " : "").append(m.in(lang));
        if (answer.bonusAmount() == null) return sb.toString();
        return Msg.of("discrepancy.withAccrual", sb.toString(), answer.bonusAmount().toPlainString()).in(lang);
    }

    /** NotUniqueOperationID on a replay: processing has the OperationID but does not say what became of it. */
    static String seen(Command c, Language lang) {
        return Msg.of("discrepancy.seen", c.jsonName()).in(lang);
    }
}
