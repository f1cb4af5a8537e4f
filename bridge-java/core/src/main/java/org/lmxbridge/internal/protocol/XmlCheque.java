package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.util.List;

/** {@code <Cheque ChequeNumber ChequeDate>} with its lines; ChequeDate is local time without offset. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class XmlCheque {
    @JacksonXmlProperty(isAttribute = true, localName = "ChequeNumber") public String number;
    @JacksonXmlProperty(isAttribute = true, localName = "ChequeDate") public String date;
    @JacksonXmlElementWrapper(useWrapping = false)
    @JacksonXmlProperty(localName = "ChequeLine") public List<XmlChequeLine> lines;
}
