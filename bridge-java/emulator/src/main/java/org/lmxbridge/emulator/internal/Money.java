package org.lmxbridge.emulator.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money arithmetic: 2 decimals, HALF_UP, everywhere. */
final class Money {
    static final BigDecimal ZERO = new BigDecimal("0.00");
    static final BigDecimal CENT = new BigDecimal("0.01");
    static final BigDecimal HUNDRED = new BigDecimal("100");

    private Money() {
    }

    static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    /** {@code base * percent / 100}, rounded to money. */
    static BigDecimal percentOf(BigDecimal base, BigDecimal percent) {
        return money(base.multiply(percent).divide(HUNDRED, 10, RoundingMode.HALF_UP));
    }

    static String fmt(BigDecimal v) {
        return money(v).toPlainString();
    }

    static String qty(BigDecimal v) {
        return v.setScale(3, RoundingMode.HALF_UP).toPlainString();
    }

    /** Canonical text for comparing decimals (1.50 == 1.5). */
    static String canon(BigDecimal v) {
        return v == null ? "" : (v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString());
    }
}
