package org.lmxbridge.internal.protocol;

/**
 * Every <b>inferred</b> part of the protocol mapping in one place, so a real capture can correct
 * it in one edit. {@code ProtocolAssumptionsTest} names each assumption.
 */
public final class ProtocolAssumptions {
    private ProtocolAssumptions() {
    }

    /** The PIN attribute on {@code <Identifier>}: the real name was not found in any capture. */
    public static final String PIN_ATTRIBUTE = "Pin";
    /** Refund: container and element names (no capture exists). */
    public static final String REFUND_CONTAINER = "Refunds";
    public static final String REFUND_ELEMENT = "RefundRequest";
    /** Refund: the attribute naming the original purchase. */
    public static final String REFUND_PURCHASE_ATTRIBUTE = "RefundPurchaseID";
    /** The protocol version written in {@code <Version>}. */
    public static final String VERSION = "3.2";
    /**
     * The error the processing answers when one register sends concurrent requests (a lock). Not
     * seen on the wire; the emulator uses it and replay treats it as "retry later, not the item's
     * fault".
     */
    public static final String LOCK_ERROR_NAME = "PurchaseOperationConflict";

    /**
     * [inferred] DiscountRequest takes {@code Params} (the request model has them; no capture shows
     * them on Discount), placed between {@code Coupons} and {@code Pays} — the order Calculate uses for
     * its children, with Pays last. The bridge sends Params on Discount only when there are some (the
     * offline-sale marker of a replayed offline sale, or the register's own).
     */
    public static final String DISCOUNT_PARAMS_ORDER = "Identifier, Cheque, Coupons, Params, Pays";
}
