package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.math.BigDecimal;

/** Answer to Calculate: the balance (always), the amount available to redeem, per-line discounts. */
public final class CalculateResponse extends XmlOperationResponse {
    @JacksonXmlProperty(isAttribute = true, localName = "Balance") public BigDecimal balance;
    @JacksonXmlProperty(isAttribute = true, localName = "AvailableAmount") public BigDecimal availableAmount;
    @JacksonXmlProperty(isAttribute = true, localName = "AvailableBonusAmount") public BigDecimal availableBonusAmount;
}
