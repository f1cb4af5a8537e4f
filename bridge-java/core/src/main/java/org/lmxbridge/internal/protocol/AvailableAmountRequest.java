package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** Maximum redeemable amount. Children: Cheque, Identifier (the server rejects Coupons here). */
@JsonPropertyOrder({"Cheque", "Identifier"})
public final class AvailableAmountRequest extends XmlOperationRequest {
    @JacksonXmlProperty(localName = "Cheque") public XmlCheque cheque;
    @JacksonXmlProperty(localName = "Identifier") public XmlIdentifier identifier;
}
