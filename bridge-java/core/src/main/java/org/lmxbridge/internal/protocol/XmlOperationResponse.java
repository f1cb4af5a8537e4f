package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.util.List;

/** What every response element may carry: its error, the operation echo, messages, lines. */
public abstract class XmlOperationResponse {
    @JacksonXmlProperty(isAttribute = true, localName = "ErrorCode") public Integer errorCode;
    @JacksonXmlProperty(isAttribute = true, localName = "ErrorMessage") public String errorMessage;
    @JacksonXmlProperty(isAttribute = true, localName = "OperationID") public String operationId;
    @JacksonXmlProperty(isAttribute = true, localName = "DeviceLogicalID") public String deviceLogicalId;
    @JacksonXmlElementWrapper(localName = "IdentifierData") @JacksonXmlProperty(localName = "Item")
    public List<XmlItem> identifierData;
    @JacksonXmlProperty(localName = "ChequeMessage") public String chequeMessage;
    @JacksonXmlProperty(localName = "CashierMessage") public String cashierMessage;
    @JacksonXmlProperty(localName = "Cheque") public XmlResponseCheque cheque;
}
