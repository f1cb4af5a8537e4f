package org.lmxbridge.internal.protocol;

import java.math.BigDecimal;
import org.lmxbridge.Language;
import org.lmxbridge.internal.text.Msg;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmxbridge.Status;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.Offer;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;
import org.lmxbridge.model.Param;
import org.lmxbridge.model.Pay;
import org.lmxbridge.model.ResultLine;
import org.lmxbridge.protocol.ServerError;

/** Typed requests ↔ protocol elements. Stateless. */
public final class ProtocolMapper {
    private ProtocolMapper() {
    }

    /** OperationDate: local time with its offset, milliseconds, as in the 2018 captures. */
    public static final DateTimeFormatter OPERATION_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    /** ChequeDate: the register's local wall-clock time, no offset (the FAQ: promotions run on local time). */
    public static final DateTimeFormatter CHEQUE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** Money and quantities as plain decimals: no exponent, no grouping, scale kept. */
    public static String plain(BigDecimal v) {
        return v == null ? null : v.toPlainString();
    }

    public static XmlOperationRequest toXml(Command command, OperationRequest r, OperationContext ctx) {
        XmlOperationRequest x;
        switch (command) {
            case BALANCE -> {
                BalanceRequest b = new BalanceRequest();
                b.identifier = identifier(r.identifier());
                x = b;
            }
            case CALCULATE -> {
                CalculateRequest c = new CalculateRequest();
                c.identifier = identifier(r.identifier());
                c.cheque = cheque(r.cheque());
                c.coupons = coupons(r.coupons());
                c.params = params(r.params());
                x = c;
            }
            case AVAILABLE_AMOUNT -> {
                AvailableAmountRequest a = new AvailableAmountRequest();
                a.cheque = cheque(r.cheque());
                a.identifier = identifier(r.identifier());
                x = a;
            }
            case PAY -> {
                PaymentRequest p = new PaymentRequest();
                p.amount = plain(r.amount());
                p.cheque = cheque(r.cheque());
                p.identifier = identifier(r.identifier());
                p.coupons = coupons(r.coupons());
                x = p;
            }
            case DISCOUNT -> {
                DiscountRequest d = new DiscountRequest();
                d.identifier = identifier(r.identifier());
                d.cheque = cheque(r.cheque());
                d.coupons = coupons(r.coupons());
                d.params = params(r.params());
                d.pays = pays(r.pays());
                x = d;
            }
            case CONFIRM -> x = new ConfirmPurchaseRequest();
            case CANCEL -> x = new CancelPurchaseRequest();
            case REFUND -> {
                RefundRequest f = new RefundRequest();
                f.refundPurchaseId = r.refundPurchaseId();
                f.identifier = identifier(r.identifier());
                f.cheque = cheque(r.cheque());
                x = f;
            }
            default -> throw new IllegalArgumentException(command + " is not a processing command");
        }
        x.operationId = ctx.operationId();
        x.operationDate = ctx.operationDate().format(OPERATION_DATE);
        x.deviceLogicalId = ctx.deviceLogicalId();
        x.purchaseId = command == Command.BALANCE ? null : ctx.purchaseId();
        x.cashier = r.cashier();
        return x;
    }

    private static XmlIdentifier identifier(Identifier id) {
        if (id == null) return null;
        return new XmlIdentifier(id.type().protocolName(), id.value(), id.pin());
    }

    public static String chequeDate(LocalDateTime d) {
        return d.format(CHEQUE_DATE);
    }

    private static XmlCheque cheque(Cheque c) {
        if (c == null) return null;
        XmlCheque x = new XmlCheque();
        x.number = c.number();
        x.date = c.date() == null ? null : chequeDate(c.date());
        x.lines = new ArrayList<>();
        for (ChequeLine l : c.lines()) {
            XmlChequeLine xl = new XmlChequeLine();
            xl.posId = Integer.toString(l.pos());
            xl.amount = plain(l.amount());
            xl.name = l.name();
            xl.goodsId = l.goodsId();
            xl.price = plain(l.price());
            xl.quantity = plain(l.quantity());
            x.lines.add(xl);
        }
        return x;
    }

    private static List<XmlCoupon> coupons(List<String> cs) {
        if (cs == null || cs.isEmpty()) return null;
        List<XmlCoupon> l = new ArrayList<>();
        for (String c : cs) l.add(new XmlCoupon(c));
        return l;
    }

    private static List<XmlParam> params(List<Param> ps) {
        if (ps == null || ps.isEmpty()) return null;
        List<XmlParam> l = new ArrayList<>();
        for (Param p : ps) {
            XmlParam x = new XmlParam();
            x.name = p.name();
            x.type = p.type();
            x.value = p.value();
            l.add(x);
        }
        return l;
    }

    private static List<XmlPay> pays(List<Pay> ps) {
        if (ps == null || ps.isEmpty()) return null;
        List<XmlPay> l = new ArrayList<>();
        for (Pay p : ps) {
            XmlPay x = new XmlPay();
            x.type = p.type();
            x.amount = plain(p.amount());
            l.add(x);
        }
        return l;
    }

    /** The response element class a command expects. */
    static Class<? extends XmlOperationResponse> expected(Command c) {
        return switch (c) {
            case BALANCE -> BalanceResponse.class;
            case CALCULATE -> CalculateResponse.class;
            case AVAILABLE_AMOUNT -> AvailableAmountResponse.class;
            case PAY -> PaymentResponse.class;
            case DISCOUNT -> DiscountResponse.class;
            case CONFIRM -> ConfirmPurchaseResponse.class;
            case CANCEL -> CancelPurchaseResponse.class;
            case REFUND -> RefundResponse.class;
            default -> throw new IllegalArgumentException(c.name());
        };
    }

    /**
     * Maps an answer to a result: processing errors (root or element level) become a failed result
     * carrying the server's number and text verbatim.
     * @throws ProtocolException when the answer lacks the expected element
     */
    public static OperationResult toResult(Command command, XmlResponseEnvelope env) throws ProtocolException {
        return toResult(command, env, Language.DEFAULT);
    }

    /** As {@link #toResult(Command, XmlResponseEnvelope)}; {@code lang} is for the bridge's own sentence when processing gave none. */
    public static OperationResult toResult(Command command, XmlResponseEnvelope env, Language lang) throws ProtocolException {
        if (env.errorCode != 0) {
            return serverFailure(env.errorCode, env.errorMessage, lang);
        }
        XmlOperationResponse op = env.operation();
        Class<? extends XmlOperationResponse> want = expected(command);
        if (op == null) {
            throw new ProtocolException(Msg.of("xml.answer.noOperation", want.getSimpleName()));
        }
        if (!want.isInstance(op)) {
            throw new ProtocolException(Msg.of("xml.answer.wrongOperation", op.getClass().getSimpleName(), command.jsonName(),
                    want.getSimpleName()));
        }
        if (op.errorCode == null) {
            throw new ProtocolException(Msg.of("xml.answer.noErrorCodeAttribute", want.getSimpleName()));
        }
        OperationResult r;
        if (op.errorCode != 0) {
            r = serverFailure(op.errorCode, op.errorMessage, lang);
        } else {
            r = new OperationResult();
        }
        r.operationId(op.operationId);
        r.identifierData(items(op.identifierData));
        r.chequeMessage(op.chequeMessage);
        r.cashierMessage(op.cashierMessage);
        r.lines(lines(op.cheque));
        if (op instanceof BalanceResponse b) {
            r.balance(b.bonusAmount).currency(b.currency);
        } else if (op instanceof CalculateResponse c) {
            r.balance(c.balance).availableAmount(c.availableAmount).availableBonusAmount(c.availableBonusAmount);
        } else if (op instanceof AvailableAmountResponse a) {
            r.availableAmount(a.amount).availableBonusAmount(a.bonusAmount).amount(a.amount).bonusAmount(a.bonusAmount);
        } else if (op instanceof PaymentResponse p) {
            r.transactionId(p.transactionId).authCode(p.authCode).amount(p.amount).bonusAmount(p.bonusAmount);
        } else if (op instanceof DiscountResponse d) {
            r.bonusAmount(d.bonusAmount);
        } else if (op instanceof RefundResponse f) {
            r.transactionId(f.transactionId).bonusAmount(f.bonusAmount).paidBonusAmount(f.paidBonusAmount);
        }
        return r;
    }

    /** A failed result for a processing error number and its text, passed through verbatim (the bridge's sentence when it gave none). */
    public static OperationResult serverFailure(int code, String message, Language lang) {
        String text = message == null || message.isBlank() ? Msg.of("processing.error", ServerError.nameOf(code), code).in(lang) : message;
        return OperationResult.failure(Status.fromServerCode(code), ServerError.nameOf(code), code, text);
    }

    private static Map<String, String> items(List<XmlItem> items) {
        if (items == null || items.isEmpty()) return null;
        Map<String, String> m = new LinkedHashMap<>();
        for (XmlItem i : items) {
            if (i != null && i.name != null) m.put(i.name, i.value == null ? "" : i.value);
        }
        return m;
    }

    private static List<ResultLine> lines(XmlResponseCheque c) {
        if (c == null || c.lines == null || c.lines.isEmpty()) return null;
        List<ResultLine> out = new ArrayList<>();
        for (XmlResponseLine l : c.lines) {
            if (l == null) continue;
            List<Offer> offers = null;
            if (l.offers != null && !l.offers.isEmpty()) {
                offers = new ArrayList<>();
                for (XmlOffer o : l.offers) {
                    if (o != null) offers.add(new Offer(o.id, o.versionId, o.name, o.quantity, o.preferenceValue));
                }
            }
            out.add(new ResultLine(l.posId, l.goodsId, l.amount, l.discount, l.quantity, l.cashback, l.payAmount, offers));
        }
        return out;
    }

    /** Now, in the register's local time zone with its offset. */
    public static OffsetDateTime now() {
        return OffsetDateTime.now();
    }
}
