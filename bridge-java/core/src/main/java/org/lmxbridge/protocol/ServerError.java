package org.lmxbridge.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * The one table of Loymax processing error numbers and names (protocol 3.2, section 5).
 *
 * <p>The names and their order are documented by Loymax; the numbers are <b>inferred</b>: a
 * not-found card was seen as 201 and Confirm of an unknown purchase as 216, which fits numbering
 * from 201 in declaration order starting at {@code CardNotFound}. The first nine (before
 * {@code CardNotFound}) are given 0..8, which no capture confirms. Because the numbers are guessed,
 * the bridge always passes the server's own number and {@code ErrorMessage} through verbatim and
 * decides behaviour by name only where the name is certain (see {@code ProtocolAssumptionsTest}).
 */
public enum ServerError {
    OK(0, "Ok"),
    SYSTEM_ERROR(1, "SystemError"),
    VERSION_ERROR(2, "VersionError"),
    PARSE_ERROR(3, "ParseError"),
    FORMAT_EXCEPTION(4, "FormatException"),
    REQUIRED_FIELD_EXCEPTION(5, "RequereFieldException"),
    SIGNATURE_ERROR(6, "SignatureError"),
    SIGNATURE_NOT_FOUND(7, "SignatureNotFound"),
    CERTIFICATE_ERROR(8, "CertificateError"),
    CARD_NOT_FOUND(201, "CardNotFound"),
    DEVICE_NOT_FOUND(202, "DeviceNotFound"),
    LARGE_PAYMENT_AMOUNT(203, "LargePaymentAmount"),
    NOT_ENOUGH_MONEY(204, "NotEnoughMoney"),
    CARD_BLOCKED(205, "CardBlocked"),
    DEVICE_BLOCKED(206, "DeviceBlocked"),
    NOT_UNIQUE_OPERATION_ID(207, "NotUniqueOperationID"),
    OPERATION_NOT_FOUND(208, "OperationNotFound"),
    OPERATION_IS_CONFIRMED(209, "OperationIsConfirmed"),
    OPERATION_IS_CANCELED(210, "OperationIsCanceled"),
    WRONG_PIN(211, "WrongPin"),
    CASHIER_NOT_FOUND(212, "CashierNotFound"),
    CARD_HOLDER_NOT_FOUND(213, "CardHolderNotFound"),
    CARD_NOT_ACTIVATED(214, "CardNotActivated"),
    DISCOUNT_EXCEPTION(215, "DiscountException"),
    PURCHASE_NOT_FOUND(216, "PurchaseNotFound"),
    DIFFERENT_CHEQUE(217, "DifferentCheque"),
    INCORRECT_OPERATION_ORDER(218, "IncorrectOperationOrder"),
    CARD_EXTRA_PAYMENT(219, "CardExtraPayment"),
    CONFIRMED_PURCHASE_OPERATION(220, "ConfirmedPurchaseOperation"),
    PURCHASE_EXTRA_PAYMENT(221, "PurchaseExtraPayment"),
    LIMIT_GAINED(222, "LimitGained"),
    PAYMENT_EXCEPTION(223, "PaymentException"),
    DIFFERENT_PURCHASE(224, "DifferentPurchase"),
    COUPONS_EXCEPTION(225, "CouponsException"),
    BUSINESS_ERROR(226, "BusinessError"),
    APPLICATION_DEVICE_GRANT(227, "ApplicationDeviceGrant"),
    NOT_UNIQUE_PURCHASE_ID(228, "NotUniquePurchaseID"),
    UNSPECIFIED_LOYALTY_PROGRAM(229, "UnspecifiedLoyaltyProgram"),
    DIVISIBILITY_ERROR(230, "DivisibilityError"),
    DIFFERENT_LEGALS(231, "DifferentLegals"),
    CREATED(232, "Created"),
    PAY_TYPE_IS_NOT_EXIST(233, "PayTypeIsNotExist"),
    PAY_TYPE_IS_ARCHIVED(234, "PayTypeIsArchived"),
    CARD_EXPIRED(235, "CardExpired"),
    GIFT_CERTIFICATE_ERROR(236, "GiftCertificateError"),
    PURCHASE_OPERATION_CONFLICT(237, "PurchaseOperationConflict");

    private static final Map<Integer, ServerError> BY_CODE = new HashMap<>();
    private static final Map<String, ServerError> BY_NAME = new HashMap<>();

    static {
        for (ServerError e : values()) {
            BY_CODE.put(e.code, e);
            BY_NAME.put(e.protocolName, e);
        }
    }

    private final int code;
    private final String protocolName;

    ServerError(int code, String protocolName) {
        this.code = code;
        this.protocolName = protocolName;
    }

    /** The number the server writes in {@code ErrorCode}. */
    public int code() {
        return code;
    }

    /** The name as Loymax spells it (including its typos, e.g. {@code RequereFieldException}). */
    public String protocolName() {
        return protocolName;
    }

    /** The entry for a server number, or {@code null} when the number is not in the table. */
    public static ServerError byCode(int code) {
        return BY_CODE.get(code);
    }

    /** The entry for a protocol name, or {@code null}. */
    public static ServerError byName(String name) {
        return BY_NAME.get(name);
    }

    /** The protocol name for a number, or {@code "Error" + number} when unknown. */
    public static String nameOf(int code) {
        ServerError e = byCode(code);
        return e == null ? "Error" + code : e.protocolName;
    }
}
