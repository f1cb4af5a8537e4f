package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.math.BigDecimal;
import java.util.List;

/** A response cheque line; every attribute is optional. */
public final class XmlResponseLine {
    @JacksonXmlProperty(isAttribute = true, localName = "PosID") public Integer posId;
    @JacksonXmlProperty(isAttribute = true, localName = "GoodsId") public String goodsId;
    @JacksonXmlProperty(isAttribute = true, localName = "Amount") public BigDecimal amount;
    @JacksonXmlProperty(isAttribute = true, localName = "Discount") public BigDecimal discount;
    @JacksonXmlProperty(isAttribute = true, localName = "Quantity") public BigDecimal quantity;
    @JacksonXmlProperty(isAttribute = true, localName = "Cashback") public BigDecimal cashback;
    @JacksonXmlProperty(isAttribute = true, localName = "PayAmount") public BigDecimal payAmount;
    @JacksonXmlElementWrapper(localName = "AppliedOffers") @JacksonXmlProperty(localName = "Offer")
    public List<XmlOffer> offers;
}
