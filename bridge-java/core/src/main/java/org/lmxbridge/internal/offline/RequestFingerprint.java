package org.lmxbridge.internal.offline;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.Pay;

/**
 * What makes two calls of an operation "the same request" for the purchase journal: the command,
 * the identifier (type and value; never the PIN), the cheque lines (position, goods, price,
 * quantity, amount, compared as numbers), the coupons (as a set), and per command the pays
 * (discount), the amount (pay) or the refunded purchase (refund); confirm and cancel have no content. The cashier, the cheque number and its date are left out: a register's retry
 * may fill them anew. Stored as a SHA-256 hex digest (no personal data in the file).
 */
public final class RequestFingerprint {
    private RequestFingerprint() {
    }

    public static String of(Command c, OperationRequest r) {
        StringBuilder sb = new StringBuilder(c.jsonName()).append('\n');
        if (c == Command.CONFIRM || c == Command.CANCEL) return digest(sb); // no content: processing reads the purchase only
        if (r.identifier() != null) sb.append("id:").append(r.identifier().type().jsonName()).append('|').append(r.identifier().value());
        sb.append('\n');
        if (r.cheque() != null) {
            List<ChequeLine> lines = new ArrayList<>(r.cheque().lines());
            lines.sort((a, b) -> Integer.compare(a.pos(), b.pos()));
            for (ChequeLine l : lines) {
                sb.append("line:").append(l.pos()).append('|').append(l.goodsId()).append('|').append(num(l.price())).append('|')
                        .append(num(l.quantity())).append('|').append(num(l.amount())).append('\n');
            }
        }
        r.coupons().stream().sorted().distinct().forEach(x -> sb.append("coupon:").append(x).append('\n'));
        if (c == Command.DISCOUNT) {
            for (Pay p : r.pays()) sb.append("pay:").append(p.type()).append('|').append(num(p.amount())).append('\n');
        }
        if (c == Command.PAY) sb.append("amount:").append(num(r.amount())).append('\n');
        if (c == Command.REFUND) sb.append("refund:").append(r.refundPurchaseId());
        return digest(sb);
    }

    /** One digest per thread, reused (looking the algorithm up per call showed in the enqueue profile). */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    });

    private static String digest(StringBuilder sb) {
        MessageDigest d = SHA256.get();
        d.reset();
        return HexFormat.of().formatHex(d.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String num(BigDecimal v) {
        return v == null ? "-" : v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }
}
