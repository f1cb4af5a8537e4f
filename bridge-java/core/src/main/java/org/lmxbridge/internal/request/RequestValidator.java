package org.lmxbridge.internal.request;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.Pay;

/**
 * Checks a request before anything leaves the register, per command, with an error naming the
 * field: what processing would reject (or worse, accept wrongly) is caught here with a clearer text.
 */
public final class RequestValidator {
    private RequestValidator() {
    }

    private static final String ID_PATTERN = "[A-Za-z0-9_\\-]{1,64}";

    public static void validate(Command c, OperationRequest r) throws BridgeException {
        if (r.purchaseId() != null && !r.purchaseId().matches(ID_PATTERN)) {
            throw invalid("/purchaseId", "must be 1–64 letters, digits, '-' or '_'");
        }
        switch (c) {
            case BALANCE -> requireIdentifier(r);
            case CALCULATE -> {
                optionalIdentifier(r);
                requireCheque(r.cheque());
            }
            case AVAILABLE_AMOUNT -> {
                requireIdentifier(r);
                requireCheque(r.cheque());
                if (!r.coupons().isEmpty()) throw invalid("/coupons", "are not accepted by availableAmount (processing rejects them)");
            }
            case PAY -> {
                requireIdentifier(r);
                requireCheque(r.cheque());
                if (r.amount() == null) throw missing("/amount", "is required: the bonuses to redeem");
                money("/amount", r.amount(), false);
                if (r.amount().signum() == 0) throw invalid("/amount", "must be greater than 0");
            }
            case DISCOUNT -> {
                optionalIdentifier(r);
                requireCheque(r.cheque());
                List<Pay> pays = r.pays();
                for (int i = 0; i < pays.size(); i++) {
                    Pay p = pays.get(i);
                    if (p.type() == null || p.type().isBlank()) throw missing("/pays/" + i + "/type", "is required, e.g. \"Card\" or \"Cash\"");
                    if (p.amount() == null) throw missing("/pays/" + i + "/amount", "is required");
                    money("/pays/" + i + "/amount", p.amount(), true);
                }
            }
            case CONFIRM, CANCEL -> {
                if (r.purchaseId() == null) {
                    throw missing("/purchaseId", "is required: the purchaseId returned by calculate, pay or discount");
                }
            }
            case REFUND -> {
                if (r.refundPurchaseId() == null) throw missing("/refundPurchaseId", "is required: the purchase being returned");
                if (!r.refundPurchaseId().matches(ID_PATTERN)) throw invalid("/refundPurchaseId", "must be 1–64 letters, digits, '-' or '_'");
                optionalIdentifier(r);
                requireCheque(r.cheque());
            }
            default -> {
            }
        }
        for (int i = 0; i < r.coupons().size(); i++) {
            if (r.coupons().get(i) == null || r.coupons().get(i).isBlank()) throw invalid("/coupons/" + i, "must not be empty");
        }
        for (int i = 0; i < r.params().size(); i++) {
            if (r.params().get(i).name() == null || r.params().get(i).name().isBlank()) {
                throw missing("/params/" + i + "/name", "is required");
            }
        }
    }

    private static void requireIdentifier(OperationRequest r) throws BridgeException {
        if (r.identifier() == null) {
            throw missing("/identifier", "is required: the customer's card number, phone or other identifier");
        }
        optionalIdentifier(r);
    }

    private static void optionalIdentifier(OperationRequest r) throws BridgeException {
        Identifier id = r.identifier();
        if (id == null) return;
        if (id.value() == null || id.value().isBlank()) throw missing("/identifier/value", "is required");
        if (id.value().length() > 200) throw invalid("/identifier/value", "is longer than 200 characters");
        if (id.pin() != null && !id.pin().matches("\\d{1,12}")) throw invalid("/identifier/pin", "must be digits");
    }

    private static void requireCheque(Cheque ch) throws BridgeException {
        if (ch == null) throw missing("/cheque", "is required");
        if (ch.lines().isEmpty()) throw missing("/cheque/lines", "is empty: a cheque needs at least one line");
        if (ch.lines().size() > 1000) throw invalid("/cheque/lines", "has more than 1000 lines");
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < ch.lines().size(); i++) {
            ChequeLine l = ch.lines().get(i);
            String p = "/cheque/lines/" + i;
            if (l.pos() <= 0) throw invalid(p + "/pos", "must be a positive position number");
            if (!seen.add(l.pos())) throw invalid(p + "/pos", "repeats position " + l.pos() + ": each line needs its own pos (PosID)");
            if (l.goodsId() == null || l.goodsId().isBlank()) throw missing(p + "/goodsId", "is required (the goods code of the partner's catalogue)");
            if (l.price() == null) throw missing(p + "/price", "is required");
            money(p + "/price", l.price(), true);
            if (l.quantity() == null) throw missing(p + "/quantity", "is required");
            if (l.quantity().signum() <= 0) throw invalid(p + "/quantity", "must be greater than 0 (a return is a refund, not a negative line)");
            if (l.quantity().stripTrailingZeros().scale() > 3) throw invalid(p + "/quantity", "has more than 3 decimals");
            if (l.amount() == null) throw missing(p + "/amount", "is required (the line sum after the register's own discounts)");
            money(p + "/amount", l.amount(), true);
        }
    }

    private static void money(String ptr, BigDecimal v, boolean zeroAllowed) throws BridgeException {
        if (v.signum() < 0) throw invalid(ptr, "must not be negative");
        if (!zeroAllowed && v.signum() == 0) throw invalid(ptr, "must be greater than 0");
        if (v.stripTrailingZeros().scale() > 2) throw invalid(ptr, "has more than 2 decimals");
        if (v.compareTo(new BigDecimal("1000000000")) >= 0) throw invalid(ptr, "is too large");
    }

    private static BridgeException invalid(String ptr, String what) {
        return new BridgeException(Status.INVALID_VALUE, ptr + " " + what);
    }

    private static BridgeException missing(String ptr, String what) {
        return new BridgeException(Status.MISSING_FIELD, ptr + " " + what);
    }
}
