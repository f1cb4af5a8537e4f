package org.lmxbridge.internal.request;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;
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

    /** Compiled once: {@code String.matches} compiled it on every call (docs/performance.md). */
    private static final java.util.regex.Pattern ID_PATTERN = java.util.regex.Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final java.util.regex.Pattern PIN_PATTERN = java.util.regex.Pattern.compile("\\d{1,12}");
    private static final BigDecimal MONEY_LIMIT = new BigDecimal("1000000000");

    public static void validate(Command c, OperationRequest r) throws BridgeException {
        if (r.purchaseId() != null && !ID_PATTERN.matcher(r.purchaseId()).matches()) {
            throw invalid("/purchaseId", "value.id");
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
                if (!r.coupons().isEmpty()) throw invalid("/coupons", "value.coupons.availableAmount");
            }
            case PAY -> {
                requireIdentifier(r);
                requireCheque(r.cheque());
                if (r.amount() == null) throw missing("/amount", "field.amount.required");
                money("/amount", r.amount(), false);
                if (r.amount().signum() == 0) throw invalid("/amount", "value.positive");
            }
            case DISCOUNT -> {
                optionalIdentifier(r);
                requireCheque(r.cheque());
                List<Pay> pays = r.pays();
                for (int i = 0; i < pays.size(); i++) {
                    Pay p = pays.get(i);
                    if (p.type() == null || p.type().isBlank()) throw missing("/pays/" + i + "/type", "field.payType.required");
                    if (p.amount() == null) throw missing("/pays/" + i + "/amount", "field.required");
                    money("/pays/" + i + "/amount", p.amount(), true);
                }
            }
            case CONFIRM, CANCEL -> {
                if (r.purchaseId() == null) {
                    throw missing("/purchaseId", "field.purchaseId.required");
                }
            }
            case REFUND -> {
                if (r.refundPurchaseId() == null) throw missing("/refundPurchaseId", "field.refundPurchaseId.required");
                if (!ID_PATTERN.matcher(r.refundPurchaseId()).matches()) throw invalid("/refundPurchaseId", "value.id");
                optionalIdentifier(r);
                requireCheque(r.cheque());
            }
            default -> {
            }
        }
        for (int i = 0; i < r.coupons().size(); i++) {
            if (r.coupons().get(i) == null || r.coupons().get(i).isBlank()) throw invalid("/coupons/" + i, "value.notEmpty");
        }
        for (int i = 0; i < r.params().size(); i++) {
            if (r.params().get(i).name() == null || r.params().get(i).name().isBlank()) {
                throw missing("/params/" + i + "/name", "field.required");
            }
        }
    }

    private static void requireIdentifier(OperationRequest r) throws BridgeException {
        if (r.identifier() == null) {
            throw missing("/identifier", "field.identifier.required");
        }
        optionalIdentifier(r);
    }

    private static void optionalIdentifier(OperationRequest r) throws BridgeException {
        Identifier id = r.identifier();
        if (id == null) return;
        if (id.value() == null || id.value().isBlank()) throw missing("/identifier/value", "field.required");
        if (id.value().length() > 200) throw invalid("/identifier/value", "value.longer", 200);
        if (id.pin() != null && !PIN_PATTERN.matcher(id.pin()).matches()) throw invalid("/identifier/pin", "value.digits");
    }

    private static void requireCheque(Cheque ch) throws BridgeException {
        if (ch == null) throw missing("/cheque", "field.required");
        if (ch.lines().isEmpty()) throw missing("/cheque/lines", "field.lines.empty");
        if (ch.lines().size() > 1000) throw invalid("/cheque/lines", "value.lines.tooMany", 1000);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < ch.lines().size(); i++) {
            ChequeLine l = ch.lines().get(i);
            String p = "/cheque/lines/" + i;
            if (l.pos() <= 0) throw invalid(p + "/pos", "value.pos.positive");
            if (!seen.add(l.pos())) throw invalid(p + "/pos", "value.pos.repeated", l.pos());
            if (l.goodsId() == null || l.goodsId().isBlank()) throw missing(p + "/goodsId", "field.goodsId.required");
            if (l.price() == null) throw missing(p + "/price", "field.required");
            money(p + "/price", l.price(), true);
            if (l.quantity() == null) throw missing(p + "/quantity", "field.required");
            if (l.quantity().signum() <= 0) throw invalid(p + "/quantity", "value.quantity.positive");
            if (l.quantity().stripTrailingZeros().scale() > 3) throw invalid(p + "/quantity", "value.decimals", 3);
            if (l.amount() == null) throw missing(p + "/amount", "field.lineAmount.required");
            money(p + "/amount", l.amount(), true);
        }
    }

    private static void money(String ptr, BigDecimal v, boolean zeroAllowed) throws BridgeException {
        if (v.signum() < 0) throw invalid(ptr, "value.negative");
        if (!zeroAllowed && v.signum() == 0) throw invalid(ptr, "value.positive");
        if (v.stripTrailingZeros().scale() > 2) throw invalid(ptr, "value.decimals", 2);
        if (v.compareTo(MONEY_LIMIT) >= 0) throw invalid(ptr, "value.tooLarge");
    }

    /** "PTR " + the sentence {@code what} (a catalogue key): the field is named by its JSON Pointer in both languages. */
    private static BridgeException invalid(String ptr, String what, Object... args) {
        return Msg.of("field", ptr, Msg.of(what, args)).error(Status.INVALID_VALUE);
    }

    private static BridgeException missing(String ptr, String what, Object... args) {
        return Msg.of("field", ptr, Msg.of(what, args)).error(Status.MISSING_FIELD);
    }
}
