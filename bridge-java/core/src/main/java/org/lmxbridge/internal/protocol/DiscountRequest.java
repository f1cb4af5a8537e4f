package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.util.List;

/**
 * Final calculation with the payment split; accrual. Children: Identifier, Cheque, Coupons, Params, Pays
 * (Params between Coupons and Pays is inferred, see {@link ProtocolAssumptions#DISCOUNT_PARAMS_ORDER}).
 */
@JsonPropertyOrder({"Identifier", "Cheque", "Coupons", "Params", "Pays"})
public final class DiscountRequest extends XmlOperationRequest {
    @JacksonXmlProperty(localName = "Identifier") public XmlIdentifier identifier;
    @JacksonXmlProperty(localName = "Cheque") public XmlCheque cheque;
    @JacksonXmlElementWrapper(localName = "Coupons") @JacksonXmlProperty(localName = "Coupon") public List<XmlCoupon> coupons;
    @JacksonXmlElementWrapper(localName = "Params") @JacksonXmlProperty(localName = "Param") public List<XmlParam> params;
    @JacksonXmlElementWrapper(localName = "Pays") @JacksonXmlProperty(localName = "Pay") public List<XmlPay> pays;
}
