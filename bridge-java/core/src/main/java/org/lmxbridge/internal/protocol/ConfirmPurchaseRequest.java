package org.lmxbridge.internal.protocol;

/** Confirms a purchase after fiscalisation; no children. */
public final class ConfirmPurchaseRequest extends XmlOperationRequest {
}
