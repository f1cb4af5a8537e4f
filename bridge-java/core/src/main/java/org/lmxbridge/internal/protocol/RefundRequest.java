package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** Return of a confirmed purchase. <b>Inferred</b> (no capture exists): element {@code Refunds/RefundRequest}, attribute {@code RefundPurchaseID}, children Identifier, Cheque with the returned lines. Isolated here and in {@link ProtocolAssumptions} so it can be corrected. */
@JsonPropertyOrder({"Identifier", "Cheque"})
public final class RefundRequest extends XmlOperationRequest {
    @JacksonXmlProperty(isAttribute = true, localName = ProtocolAssumptions.REFUND_PURCHASE_ATTRIBUTE) public String refundPurchaseId;
    @JacksonXmlProperty(localName = "Identifier") public XmlIdentifier identifier;
    @JacksonXmlProperty(localName = "Cheque") public XmlCheque cheque;
}
