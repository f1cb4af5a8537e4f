package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** {@code <Pay Type="Card" Amount="1000"/>}: one part of the payment split. */
public final class XmlPay {
    @JacksonXmlProperty(isAttribute = true, localName = "Type") public String type;
    @JacksonXmlProperty(isAttribute = true, localName = "Amount") public String amount;
}
