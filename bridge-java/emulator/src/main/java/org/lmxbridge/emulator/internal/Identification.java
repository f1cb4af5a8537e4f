package org.lmxbridge.emulator.internal;

import java.sql.SQLException;

/** Finds the card of an {@code Identifier}. */
final class Identification {
    private Identification() {
    }

    /** Digits only; a Russian 11-digit number starting with 8 becomes 7…, a 10-digit one gets a leading 7. */
    static String normalizePhone(String phone) {
        String d = phone.replaceAll("\\D", "");
        if (d.length() == 11 && d.charAt(0) == '8') {
            return "7" + d.substring(1);
        }
        if (d.length() == 10) {
            return "7" + d;
        }
        return d;
    }

    /**
     * {@code CardNumber}, {@code CardBarCode}, {@code QrCode}: the card number; {@code CardTrack2}: the number
     * before '='; {@code Phone}: the phone; {@code Auto}: card number first, then phone; {@code Coupon}: never a
     * card. Returns null when nothing matches.
     */
    static Store.CardRow find(Store store, Request.Identifier id) throws SQLException {
        String v = id.value().strip();
        switch (id.type()) {
            case "CardNumber":
            case "CardBarCode":
            case "QrCode":
                return store.cardByNumber(v);
            case "CardTrack2": {
                String s = v.startsWith(";") ? v.substring(1) : v;
                int cut = s.indexOf('=');
                if (cut < 0) {
                    cut = s.indexOf('?');
                }
                return store.cardByNumber(cut < 0 ? s : s.substring(0, cut));
            }
            case "Phone":
                return v.isEmpty() ? null : store.cardByPhone(normalizePhone(v));
            case "Auto": {
                Store.CardRow c = store.cardByNumber(v);
                if (c == null && !v.replaceAll("\\D", "").isEmpty()) {
                    c = store.cardByPhone(normalizePhone(v));
                }
                return c;
            }
            default:
                return null;
        }
    }
}
