package org.lmxbridge.internal.offline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

    /**
     * The request as vocabulary JSON; the PIN is never written. Streamed with a generator (building a
     * tree and printing it was a quarter of an offline enqueue's CPU, docs/performance.md).
     */
    public static String write(OperationRequest r) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            str(g, "purchaseId", r.purchaseId());
            str(g, "cashier", r.cashier());
            if (r.identifier() != null) {
                g.writeObjectFieldStart("identifier");
                g.writeStringField("type", r.identifier().type().jsonName());
                str(g, "value", r.identifier().value());
                // no "pin": a PIN is never stored (a replayed accrual does not need one)
                g.writeEndObject();
            }
            Cheque c = r.cheque();
            if (c != null) {
                g.writeObjectFieldStart("cheque");
                str(g, "number", c.number());
                if (c.date() != null) g.writeStringField("date", org.lmxbridge.internal.protocol.ProtocolMapper.chequeDate(c.date()));
                g.writeArrayFieldStart("lines");
                for (ChequeLine l : c.lines()) {
                    g.writeStartObject();
                    g.writeNumberField("pos", l.pos());
                    str(g, "goodsId", l.goodsId());
                    str(g, "name", l.name());
                    money(g, "price", l.price());
                    money(g, "quantity", l.quantity());
                    money(g, "amount", l.amount());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            if (!r.coupons().isEmpty()) {
                g.writeArrayFieldStart("coupons");
                for (String x : r.coupons()) g.writeString(x);
                g.writeEndArray();
            }
            if (!r.params().isEmpty()) {
                g.writeArrayFieldStart("params");
                for (Param p : r.params()) {
                    g.writeStartObject();
                    str(g, "name", p.name());
                    str(g, "type", p.type());
                    str(g, "value", p.value());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            money(g, "amount", r.amount());
            if (!r.pays().isEmpty()) {
                g.writeArrayFieldStart("pays");
                for (Pay p : r.pays()) {
                    g.writeStartObject();
                    str(g, "type", p.type());
                    money(g, "amount", p.amount());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            str(g, "refundPurchaseId", r.refundPurchaseId());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON into memory failed", e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void str(JsonGenerator g, String k, String v) throws IOException {
        if (v != null) g.writeStringField(k, v);
    }

    private static void money(JsonGenerator g, String k, BigDecimal v) throws IOException {
        if (v != null) g.writeStringField(k, v.toPlainString());
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
