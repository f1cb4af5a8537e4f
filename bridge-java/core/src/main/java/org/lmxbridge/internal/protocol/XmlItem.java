package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlText;

/** {@code <Item Name="MaskedNumber">**** 8638</Item>} of {@code IdentifierData}. */
public final class XmlItem {
    @JacksonXmlProperty(isAttribute = true, localName = "Name") public String name;
    @JacksonXmlText public String value;
}
