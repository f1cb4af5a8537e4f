package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** Attributes common to every request element. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class XmlOperationRequest {
    @JacksonXmlProperty(isAttribute = true, localName = "ElementID") public String elementId = "1";
    @JacksonXmlProperty(isAttribute = true, localName = "OperationID") public String operationId;
    @JacksonXmlProperty(isAttribute = true, localName = "OperationDate") public String operationDate;
    @JacksonXmlProperty(isAttribute = true, localName = "DeviceLogicalID") public String deviceLogicalId;
    @JacksonXmlProperty(isAttribute = true, localName = "PurchaseID") public String purchaseId;
    @JacksonXmlProperty(isAttribute = true, localName = "Cashier") public String cashier;
}
