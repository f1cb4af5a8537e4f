package org.lmxbridge.emulator.internal;

/** The protocol commands: name, request container, request element, response element. */
public enum Command {
    BALANCE("Balance", "Balances"),
    CALCULATE("Calculate", "Calculates"),
    AVAILABLE_AMOUNT("AvailableAmount", "AvailableAmounts"),
    PAYMENT("Payment", "Payments"),
    DISCOUNT("Discount", "Discounts"),
    CONFIRM_PURCHASE("ConfirmPurchase", "ConfirmPurchases"),
    CANCEL_PURCHASE("CancelPurchase", "CancelPurchases"),
    REFUND("Refund", "Refunds");

    private final String protocolName;
    private final String container;

    Command(String protocolName, String container) {
        this.protocolName = protocolName;
        this.container = container;
    }

    /** e.g. {@code Payment}. */
    public String protocolName() {
        return protocolName;
    }

    /** e.g. {@code Payments}. */
    public String container() {
        return container;
    }

    public String requestElement() {
        return protocolName + "Request";
    }

    public String responseElement() {
        return protocolName + "Response";
    }

    /** Whether the command belongs to a purchase (requires {@code PurchaseID}). */
    public boolean isPurchaseCommand() {
        return this != BALANCE;
    }

    public static Command byContainer(String container) {
        for (Command c : values()) {
            if (c.container.equals(container)) {
                return c;
            }
        }
        return null;
    }
}
