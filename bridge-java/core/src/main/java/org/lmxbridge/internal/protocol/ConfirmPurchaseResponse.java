package org.lmxbridge.internal.protocol;

/** Answer to ConfirmPurchase: only the error code. */
public final class ConfirmPurchaseResponse extends XmlOperationResponse {
}
