package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/**
 * {@code <XMLResponse>}: an optional {@code <Version>} (newer servers), the root {@code ErrorCode}
 * (and {@code ErrorMessage} when not 0), and the container with one response element.
 */
@JacksonXmlRootElement(localName = "XMLResponse")
public final class XmlResponseEnvelope {
    @JacksonXmlProperty(localName = "Version") public String version;
    @JacksonXmlProperty(localName = "ErrorCode") public Integer errorCode;
    @JacksonXmlProperty(localName = "ErrorMessage") public String errorMessage;
    @JacksonXmlElementWrapper(localName = "Balances") @JacksonXmlProperty(localName = "BalanceResponse")
    public List<BalanceResponse> balances;
    @JacksonXmlElementWrapper(localName = "Calculates") @JacksonXmlProperty(localName = "CalculateResponse")
    public List<CalculateResponse> calculates;
    @JacksonXmlElementWrapper(localName = "AvailableAmounts") @JacksonXmlProperty(localName = "AvailableAmountResponse")
    public List<AvailableAmountResponse> availableAmounts;
    @JacksonXmlElementWrapper(localName = "Payments") @JacksonXmlProperty(localName = "PaymentResponse")
    public List<PaymentResponse> payments;
    @JacksonXmlElementWrapper(localName = "Discounts") @JacksonXmlProperty(localName = "DiscountResponse")
    public List<DiscountResponse> discounts;
    @JacksonXmlElementWrapper(localName = "ConfirmPurchases") @JacksonXmlProperty(localName = "ConfirmPurchaseResponse")
    public List<ConfirmPurchaseResponse> confirmPurchases;
    @JacksonXmlElementWrapper(localName = "CancelPurchases") @JacksonXmlProperty(localName = "CancelPurchaseResponse")
    public List<CancelPurchaseResponse> cancelPurchases;
    @JacksonXmlElementWrapper(localName = ProtocolAssumptions.REFUND_CONTAINER) @JacksonXmlProperty(localName = "RefundResponse")
    public List<RefundResponse> refunds;

    /** The first response element of any container, or null. */
    public XmlOperationResponse operation() {
        for (List<? extends XmlOperationResponse> l : java.util.Arrays.asList(balances, calculates, availableAmounts,
                payments, discounts, confirmPurchases, cancelPurchases, refunds)) {
            if (l != null && !l.isEmpty() && l.get(0) != null) return l.get(0);
        }
        return null;
    }
}
