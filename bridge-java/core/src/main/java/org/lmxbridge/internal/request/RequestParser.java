package org.lmxbridge.internal.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.IdentifierType;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.Param;
import org.lmxbridge.model.Pay;

/**
 * JSON request (whole or built from the parameter bag) → {@link OperationRequest}. Every error
 * names the field by its JSON Pointer, e.g. {@code /cheque/lines/1/price}. Numbers may be JSON
 * numbers or decimal strings (what VB6, 1C and Delphi callers pass); they are read as BigDecimal.
 */
public final class RequestParser {
    private RequestParser() {
    }

    private static final Set<String> TOP = Set.of("purchaseId", "cashier", "identifier", "cheque", "coupons", "params",
            "amount", "pays", "refundPurchaseId", "action", "id", "reason");
    private static final Set<String> IDENTIFIER = Set.of("type", "value", "pin");
    private static final Set<String> CHEQUE = Set.of("number", "date", "lines");
    private static final Set<String> LINE = Set.of("pos", "goodsId", "name", "price", "quantity", "amount");
    private static final Set<String> PAY = Set.of("type", "amount");
    private static final Set<String> PARAM = Set.of("name", "type", "value");

    /** Longest text accepted in any single field. */
    static final int MAX_FIELD = 1000;

    public static OperationRequest parse(JsonNode root) throws BridgeException {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return OperationRequest.builder().build();
        }
        if (!root.isObject()) {
            throw Msg.of("request.notObject", Msg.of(root.isArray() ? "json.type.array" : root.isTextual() ? "json.type.string"
                    : root.isNumber() ? "json.type.number" : root.isBoolean() ? "json.type.boolean" : "json.type.other"))
                    .error(Status.INVALID_REQUEST);
        }
        known(root, "", TOP);
        OperationRequest.Builder b = OperationRequest.builder()
                .purchaseId(text(root, "/purchaseId"))
                .cashier(text(root, "/cashier"))
                .refundPurchaseId(text(root, "/refundPurchaseId"))
                .amount(decimal(root, "/amount"))
                .queueAction(text(root, "/action"))
                .reason(text(root, "/reason"));
        String id = text(root, "/id");
        if (id != null) {
            if (!id.matches("\\d{1,18}")) throw invalid("/id", "value.queueId");
            b.queueItemId(Long.parseLong(id));
        }
        JsonNode ident = root.get("identifier");
        if (ident != null && !ident.isNull()) {
            if (ident.isTextual()) {
                b.identifier(new Identifier(IdentifierType.AUTO, text(root, "/identifier"), null));
            } else {
                if (!ident.isObject()) throw invalid("/identifier", "value.identifier.object");
                known(ident, "/identifier", IDENTIFIER);
                String t = text(root, "/identifier/type");
                IdentifierType type = IdentifierType.AUTO;
                if (t != null) {
                    type = IdentifierType.parse(t);
                    if (type == null) {
                        throw invalid("/identifier/type", "value.identifier.type", XmlText.printable(t, 40), IdentifierType.allNames());
                    }
                }
                b.identifier(new Identifier(type, text(root, "/identifier/value"), text(root, "/identifier/pin")));
            }
        }
        JsonNode ch = root.get("cheque");
        if (ch != null && !ch.isNull()) {
            if (!ch.isObject()) throw invalid("/cheque", "value.object");
            known(ch, "/cheque", CHEQUE);
            List<ChequeLine> lines = new ArrayList<>();
            JsonNode ls = ch.get("lines");
            if (ls != null && !ls.isNull()) {
                if (!ls.isArray()) throw invalid("/cheque/lines", "value.array");
                for (int i = 0; i < ls.size(); i++) {
                    String p = "/cheque/lines/" + i;
                    JsonNode l = ls.get(i);
                    if (l == null || l.isNull()) throw missing(p, "field.line.missing", i);
                    if (!l.isObject()) throw invalid(p, "value.object");
                    known(l, p, LINE);
                    Integer pos = integer(root, p + "/pos");
                    lines.add(new ChequeLine(pos == null ? i + 1 : pos, text(root, p + "/goodsId"), text(root, p + "/name"),
                            decimal(root, p + "/price"), decimal(root, p + "/quantity"), decimal(root, p + "/amount")));
                }
            }
            b.cheque(new Cheque(text(root, "/cheque/number"), date(root, "/cheque/date"), lines));
        }
        b.coupons(stringList(root, "coupons"));
        JsonNode ps = root.get("params");
        if (ps != null && !ps.isNull()) {
            if (!ps.isArray()) throw invalid("/params", "value.array");
            List<Param> params = new ArrayList<>();
            for (int i = 0; i < ps.size(); i++) {
                String p = "/params/" + i;
                if (!ps.get(i).isObject()) throw invalid(p, "value.param.object");
                known(ps.get(i), p, PARAM);
                params.add(new Param(text(root, p + "/name"), text(root, p + "/type"), text(root, p + "/value")));
            }
            b.params(params);
        }
        JsonNode pays = root.get("pays");
        if (pays != null && !pays.isNull()) {
            if (!pays.isArray()) throw invalid("/pays", "value.array");
            List<Pay> list = new ArrayList<>();
            for (int i = 0; i < pays.size(); i++) {
                String p = "/pays/" + i;
                if (!pays.get(i).isObject()) throw invalid(p, "value.pay.object");
                known(pays.get(i), p, PAY);
                list.add(new Pay(text(root, p + "/type"), decimal(root, p + "/amount")));
            }
            b.pays(list);
        }
        return b.build();
    }

    private static void known(JsonNode obj, String path, Set<String> names) throws BridgeException {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            String k = it.next().getKey();
            if (!names.contains(k)) {
                throw invalid(path + "/" + XmlText.printable(k, 40), "value.unknownField", String.join(", ", new java.util.TreeSet<>(names)));
            }
        }
    }

    private static List<String> stringList(JsonNode root, String key) throws BridgeException {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isArray()) throw invalid("/" + key, "value.strings");
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            String v = text(root, "/" + key + "/" + i);
            if (v == null || v.isBlank()) throw invalid("/" + key + "/" + i, "value.nonEmptyString");
            l.add(v);
        }
        return l;
    }

    static String text(JsonNode root, String ptr) throws BridgeException {
        JsonNode n = root.at(ptr);
        if (n.isMissingNode() || n.isNull()) return null;
        if (!n.isValueNode()) throw invalid(ptr, "value.string");
        String s = n.asText();
        if (s.length() > MAX_FIELD) throw invalid(ptr, "value.longer", MAX_FIELD);
        Msg bad = XmlText.problem(s);
        if (bad != null) throw Msg.of("field", ptr, bad).error(Status.INVALID_VALUE);
        return s;
    }

    static BigDecimal decimal(JsonNode root, String ptr) throws BridgeException {
        JsonNode n = root.at(ptr);
        if (n.isMissingNode() || n.isNull()) return null;
        if (n.isNumber()) return n.decimalValue();
        if (!n.isTextual()) throw invalid(ptr, "value.decimal");
        String s = n.asText().trim();
        if (s.isEmpty()) return null;
        if (!s.matches("[+-]?\\d{1,15}(\\.\\d{1,15})?")) {
            throw invalid(ptr, s.contains(",") ? "value.notDecimal.comma" : "value.notDecimal", XmlText.printable(s, 40));
        }
        return new BigDecimal(s);
    }

    static Integer integer(JsonNode root, String ptr) throws BridgeException {
        BigDecimal d = decimal(root, ptr);
        if (d == null) return null;
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            throw invalid(ptr, "value.wholeNumber");
        }
    }

    static LocalDateTime date(JsonNode root, String ptr) throws BridgeException {
        String s = text(root, ptr);
        if (s == null || s.isBlank()) return null;
        try {
            return LocalDateTime.parse(s.trim());
        } catch (DateTimeParseException e) {
            try {
                // an offset is accepted and dropped: promotions run on the register's local wall-clock time
                return OffsetDateTime.parse(s.trim()).toLocalDateTime();
            } catch (DateTimeParseException e2) {
                throw invalid(ptr, "value.dateTime", XmlText.printable(s, 40));
            }
        }
    }

    /** "PTR " + the sentence {@code what} (a catalogue key); the field is named by its JSON Pointer in both languages. */
    static BridgeException invalid(String ptr, String what, Object... args) {
        return Msg.of("field", ptr, Msg.of(what, args)).error(Status.INVALID_VALUE);
    }

    static BridgeException missing(String ptr, String what, Object... args) {
        return Msg.of("field", ptr, Msg.of(what, args)).error(Status.MISSING_FIELD);
    }
}
