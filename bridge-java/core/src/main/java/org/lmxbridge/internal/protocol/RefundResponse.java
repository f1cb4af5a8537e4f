package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.math.BigDecimal;

/** Answer to the inferred Refund: accrual taken back and redeemed bonuses returned. */
public final class RefundResponse extends XmlOperationResponse {
    @JacksonXmlProperty(isAttribute = true, localName = "TransactionID") public String transactionId;
    @JacksonXmlProperty(isAttribute = true, localName = "BonusAmount") public BigDecimal bonusAmount;
    @JacksonXmlProperty(isAttribute = true, localName = "PaidBonusAmount") public BigDecimal paidBonusAmount;
}
