package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.math.BigDecimal;

/** Answer to AvailableAmount: money and bonus units redeemable. */
public final class AvailableAmountResponse extends XmlOperationResponse {
    @JacksonXmlProperty(isAttribute = true, localName = "Amount") public BigDecimal amount;
    @JacksonXmlProperty(isAttribute = true, localName = "BonusAmount") public BigDecimal bonusAmount;
}
