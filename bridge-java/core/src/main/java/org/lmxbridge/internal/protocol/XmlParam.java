package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** {@code <Param Name Type Value/>}: a free cheque parameter. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class XmlParam {
    @JacksonXmlProperty(isAttribute = true, localName = "Name") public String name;
    @JacksonXmlProperty(isAttribute = true, localName = "Type") public String type;
    @JacksonXmlProperty(isAttribute = true, localName = "Value") public String value;
}
