package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.math.BigDecimal;

/** Answer to Payment (redemption). */
public final class PaymentResponse extends XmlOperationResponse {
    @JacksonXmlProperty(isAttribute = true, localName = "TransactionID") public String transactionId;
    @JacksonXmlProperty(isAttribute = true, localName = "AuthCode") public String authCode;
    @JacksonXmlProperty(isAttribute = true, localName = "Amount") public BigDecimal amount;
    @JacksonXmlProperty(isAttribute = true, localName = "BonusAmount") public BigDecimal bonusAmount;
}
