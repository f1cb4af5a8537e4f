package org.lmxbridge.internal.protocol;

/** Cancels an unconfirmed purchase; no children. */
public final class CancelPurchaseRequest extends XmlOperationRequest {
}
