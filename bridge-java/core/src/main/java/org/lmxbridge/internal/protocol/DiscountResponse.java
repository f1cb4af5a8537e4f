package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.math.BigDecimal;

/** Answer to Discount; {@code BonusAmount} (accrued, blocked until Confirm) is inferred. */
public final class DiscountResponse extends XmlOperationResponse {
    @JacksonXmlProperty(isAttribute = true, localName = "BonusAmount") public BigDecimal bonusAmount;
}
