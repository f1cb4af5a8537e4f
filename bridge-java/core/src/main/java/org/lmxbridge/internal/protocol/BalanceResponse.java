package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.math.BigDecimal;

/** Answer to Balance: {@code BonusAmount} is the balance. */
public final class BalanceResponse extends XmlOperationResponse {
    @JacksonXmlProperty(isAttribute = true, localName = "BonusAmount") public BigDecimal bonusAmount;
    @JacksonXmlProperty(isAttribute = true, localName = "Currency") public String currency;
}
