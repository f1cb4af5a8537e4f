package org.lmxbridge.model;

import java.util.Locale;

/** Identifier sources: the JSON name used by the bridge and the protocol's {@code Type}. */
public enum IdentifierType {
    AUTO("auto", "Auto"),
    CARD_NUMBER("cardNumber", "CardNumber"),
    CARD_BAR_CODE("cardBarCode", "CardBarCode"),
    CARD_TRACK2("cardTrack2", "CardTrack2"),
    PHONE("phone", "Phone"),
    QR_CODE("qrCode", "QrCode"),
    COUPON("coupon", "Coupon");

    private final String jsonName;
    private final String protocolName;

    IdentifierType(String jsonName, String protocolName) {
        this.jsonName = jsonName;
        this.protocolName = protocolName;
    }

    public String jsonName() {
        return jsonName;
    }

    public String protocolName() {
        return protocolName;
    }

    /** Case-insensitive lookup by JSON or protocol name; null when unknown. */
    public static IdentifierType parse(String s) {
        if (s == null) return null;
        String k = s.trim().toLowerCase(Locale.ROOT);
        for (IdentifierType t : values()) {
            if (t.jsonName.toLowerCase(Locale.ROOT).equals(k)) return t;
        }
        return null;
    }

    public static String allNames() {
        StringBuilder sb = new StringBuilder();
        for (IdentifierType t : values()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(t.jsonName);
        }
        return sb.toString();
    }
}
