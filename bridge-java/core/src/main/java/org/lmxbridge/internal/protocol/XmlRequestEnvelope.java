package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/** {@code <XMLRequest><Version>3.2</Version><Container><XRequest …/></Container></XMLRequest>}: exactly one container is set. */
@JacksonXmlRootElement(localName = "XMLRequest")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"Version"})
public final class XmlRequestEnvelope {
    @JacksonXmlProperty(localName = "Version") public String version = ProtocolAssumptions.VERSION;
    @JacksonXmlElementWrapper(localName = "Balances") @JacksonXmlProperty(localName = "BalanceRequest")
    public List<BalanceRequest> balances;
    @JacksonXmlElementWrapper(localName = "Calculates") @JacksonXmlProperty(localName = "CalculateRequest")
    public List<CalculateRequest> calculates;
    @JacksonXmlElementWrapper(localName = "AvailableAmounts") @JacksonXmlProperty(localName = "AvailableAmountRequest")
    public List<AvailableAmountRequest> availableAmounts;
    @JacksonXmlElementWrapper(localName = "Payments") @JacksonXmlProperty(localName = "PaymentRequest")
    public List<PaymentRequest> payments;
    @JacksonXmlElementWrapper(localName = "Discounts") @JacksonXmlProperty(localName = "DiscountRequest")
    public List<DiscountRequest> discounts;
    @JacksonXmlElementWrapper(localName = "ConfirmPurchases") @JacksonXmlProperty(localName = "ConfirmPurchaseRequest")
    public List<ConfirmPurchaseRequest> confirmPurchases;
    @JacksonXmlElementWrapper(localName = "CancelPurchases") @JacksonXmlProperty(localName = "CancelPurchaseRequest")
    public List<CancelPurchaseRequest> cancelPurchases;
    @JacksonXmlElementWrapper(localName = ProtocolAssumptions.REFUND_CONTAINER)
    @JacksonXmlProperty(localName = ProtocolAssumptions.REFUND_ELEMENT)
    public List<RefundRequest> refunds;

    /** The one request element of this envelope. */
    public XmlOperationRequest operation() {
        for (List<? extends XmlOperationRequest> l : List.of(nz(balances), nz(calculates), nz(availableAmounts),
                nz(payments), nz(discounts), nz(confirmPurchases), nz(cancelPurchases), nz(refunds))) {
            if (!l.isEmpty()) return l.get(0);
        }
        return null;
    }

    private static <T> List<T> nz(List<T> l) {
        return l == null ? List.of() : l;
    }

    /** Wraps one request element in the right container. */
    public static XmlRequestEnvelope of(XmlOperationRequest op) {
        XmlRequestEnvelope e = new XmlRequestEnvelope();
        if (op instanceof BalanceRequest r) e.balances = List.of(r);
        else if (op instanceof CalculateRequest r) e.calculates = List.of(r);
        else if (op instanceof AvailableAmountRequest r) e.availableAmounts = List.of(r);
        else if (op instanceof PaymentRequest r) e.payments = List.of(r);
        else if (op instanceof DiscountRequest r) e.discounts = List.of(r);
        else if (op instanceof ConfirmPurchaseRequest r) e.confirmPurchases = List.of(r);
        else if (op instanceof CancelPurchaseRequest r) e.cancelPurchases = List.of(r);
        else if (op instanceof RefundRequest r) e.refunds = List.of(r);
        else throw new IllegalArgumentException("unknown request element " + op);
        return e;
    }
}
