package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** A request cheque line; numbers are pre-formatted plain decimals. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class XmlChequeLine {
    @JacksonXmlProperty(isAttribute = true, localName = "PosID") public String posId;
    @JacksonXmlProperty(isAttribute = true, localName = "Amount") public String amount;
    @JacksonXmlProperty(isAttribute = true, localName = "Name") public String name;
    @JacksonXmlProperty(isAttribute = true, localName = "GoodsId") public String goodsId;
    @JacksonXmlProperty(isAttribute = true, localName = "Price") public String price;
    @JacksonXmlProperty(isAttribute = true, localName = "Quantity") public String quantity;
}
