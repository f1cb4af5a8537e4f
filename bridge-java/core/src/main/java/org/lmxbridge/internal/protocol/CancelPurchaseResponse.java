package org.lmxbridge.internal.protocol;

/** Answer to CancelPurchase: only the error code. */
public final class CancelPurchaseResponse extends XmlOperationResponse {
}
