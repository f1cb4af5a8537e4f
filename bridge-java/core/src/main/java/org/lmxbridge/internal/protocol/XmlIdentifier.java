package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** {@code <Identifier Type="Auto" Value="…" Pin="…"/>}; {@code Pin} is an inferred name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class XmlIdentifier {
    @JacksonXmlProperty(isAttribute = true, localName = "Type") public String type;
    @JacksonXmlProperty(isAttribute = true, localName = "Value") public String value;
    @JacksonXmlProperty(isAttribute = true, localName = ProtocolAssumptions.PIN_ATTRIBUTE) public String pin;

    public XmlIdentifier() {
    }

    public XmlIdentifier(String type, String value, String pin) {
        this.type = type;
        this.value = value;
        this.pin = pin;
    }
}
