package org.lmxbridge.internal.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import org.lmxbridge.BridgeException;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.request.RequestParser;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.Param;
import org.lmxbridge.model.Pay;

/**
 * A stored request: the request in the JSON vocabulary the register program uses, <b>without the
 * PIN</b>, read back with the same {@link RequestParser} as a live request, so a replayed operation
 * is rebuilt into the identical XML (with the stored OperationID and OperationDate). Internal.
 */
public final class RequestJson {
    private RequestJson() {
    }

    /** The request as vocabulary JSON; the PIN is never written. */
    public static String write(OperationRequest r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (r.purchaseId() != null) o.put("purchaseId", r.purchaseId());
        if (r.cashier() != null) o.put("cashier", r.cashier());
        if (r.identifier() != null) {
            ObjectNode i = o.putObject("identifier");
            i.put("type", r.identifier().type().jsonName());
            i.put("value", r.identifier().value());
            // no "pin": a PIN is never stored (a replayed accrual does not need one)
        }
        Cheque c = r.cheque();
        if (c != null) {
            ObjectNode ch = o.putObject("cheque");
            if (c.number() != null) ch.put("number", c.number());
            if (c.date() != null) ch.put("date", org.lmxbridge.internal.protocol.ProtocolMapper.chequeDate(c.date()));
            ArrayNode ls = ch.putArray("lines");
            for (ChequeLine l : c.lines()) {
                ObjectNode x = ls.addObject();
                x.put("pos", l.pos());
                if (l.goodsId() != null) x.put("goodsId", l.goodsId());
                if (l.name() != null) x.put("name", l.name());
                money(x, "price", l.price());
                money(x, "quantity", l.quantity());
                money(x, "amount", l.amount());
            }
        }
        if (!r.coupons().isEmpty()) {
            ArrayNode a = o.putArray("coupons");
            r.coupons().forEach(a::add);
        }
        if (!r.params().isEmpty()) {
            ArrayNode a = o.putArray("params");
            for (Param p : r.params()) {
                ObjectNode x = a.addObject();
                x.put("name", p.name());
                if (p.type() != null) x.put("type", p.type());
                if (p.value() != null) x.put("value", p.value());
            }
        }
        money(o, "amount", r.amount());
        if (!r.pays().isEmpty()) {
            ArrayNode a = o.putArray("pays");
            for (Pay p : r.pays()) {
                ObjectNode x = a.addObject();
                x.put("type", p.type());
                money(x, "amount", p.amount());
            }
        }
        if (r.refundPurchaseId() != null) o.put("refundPurchaseId", r.refundPurchaseId());
        return o.toString();
    }

    private static void money(ObjectNode o, String k, BigDecimal v) {
        if (v != null) o.put(k, v.toPlainString());
    }

    /** Reads a stored request back. */
    public static OperationRequest read(String json) throws BridgeException {
        JsonNode n;
        try {
            n = Json.parse(json);
        } catch (IOException e) {
            throw org.lmxbridge.internal.text.Msg.of("journal.request.invalid", e.getMessage())
                    .error(org.lmxbridge.Status.STORAGE_FAILED);
        }
        return RequestParser.parse(n);
    }

    /** The money a queued operation carries: the cheque total (sum of line amounts), else 0. */
    public static BigDecimal amountOf(OperationRequest r) {
        BigDecimal sum = BigDecimal.ZERO;
        if (r.cheque() != null) {
            for (ChequeLine l : r.cheque().lines()) {
                if (l.amount() != null) sum = sum.add(l.amount());
            }
        }
        return sum;
    }
}
