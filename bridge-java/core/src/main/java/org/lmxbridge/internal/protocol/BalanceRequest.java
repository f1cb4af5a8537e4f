package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** Balance and holder of an identifier. Children: Identifier. */
@JsonPropertyOrder({"Identifier"})
public final class BalanceRequest extends XmlOperationRequest {
    @JacksonXmlProperty(localName = "Identifier") public XmlIdentifier identifier;
}
