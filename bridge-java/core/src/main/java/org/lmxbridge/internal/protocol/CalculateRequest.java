package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.util.List;

/** Direct discounts and the amount available to redeem. Children: Identifier, Cheque, Coupons, Params. */
@JsonPropertyOrder({"Identifier", "Cheque", "Coupons", "Params"})
public final class CalculateRequest extends XmlOperationRequest {
    @JacksonXmlProperty(localName = "Identifier") public XmlIdentifier identifier;
    @JacksonXmlProperty(localName = "Cheque") public XmlCheque cheque;
    @JacksonXmlElementWrapper(localName = "Coupons") @JacksonXmlProperty(localName = "Coupon") public List<XmlCoupon> coupons;
    @JacksonXmlElementWrapper(localName = "Params") @JacksonXmlProperty(localName = "Param") public List<XmlParam> params;
}
