package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.util.List;

/** The {@code <Cheque>} of a response: its lines as processing computed them. */
public final class XmlResponseCheque {
    @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "ChequeLine")
    public List<XmlResponseLine> lines;
}
