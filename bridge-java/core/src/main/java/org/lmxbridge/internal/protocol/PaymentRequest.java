package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.util.List;

/** Bonus redemption; {@code Amount} is the bonuses to write off. Children: Cheque, Identifier, Coupons. */
@JsonPropertyOrder({"Cheque", "Identifier", "Coupons"})
public final class PaymentRequest extends XmlOperationRequest {
    @JacksonXmlProperty(isAttribute = true, localName = "Amount") public String amount;
    @JacksonXmlProperty(localName = "Cheque") public XmlCheque cheque;
    @JacksonXmlProperty(localName = "Identifier") public XmlIdentifier identifier;
    @JacksonXmlElementWrapper(localName = "Coupons") @JacksonXmlProperty(localName = "Coupon") public List<XmlCoupon> coupons;
}
