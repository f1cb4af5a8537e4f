package org.lmxbridge.emulator;

import java.math.BigDecimal;

/**
 * A card of the emulator as it is now (for the CLI's start-up table and for tests).
 *
 * @param status  {@code active}, {@code notActivated} or {@code blocked}
 * @param hasPin  whether redemption needs {@code Pin} on the Identifier
 */
public record TestCard(String number, String phone, String holder, String status, BigDecimal balance, boolean hasPin) {
}
