package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.math.BigDecimal;

/** {@code <Offer Id VersionId Name Quantity PrerefenceValue/>} — the server's spelling kept. */
public final class XmlOffer {
    @JacksonXmlProperty(isAttribute = true, localName = "Id") public String id;
    @JacksonXmlProperty(isAttribute = true, localName = "VersionId") public String versionId;
    @JacksonXmlProperty(isAttribute = true, localName = "Name") public String name;
    @JacksonXmlProperty(isAttribute = true, localName = "Quantity") public BigDecimal quantity;
    @JacksonXmlProperty(isAttribute = true, localName = "PrerefenceValue") public BigDecimal preferenceValue;
}
