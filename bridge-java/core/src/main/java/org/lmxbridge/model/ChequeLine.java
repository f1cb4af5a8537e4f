package org.lmxbridge.model;

import java.math.BigDecimal;

/**
 * One cheque position. {@code amount} is the line sum after the register's own discounts and need
 * not equal price × quantity.
 */
public record ChequeLine(int pos, String goodsId, String name, BigDecimal price, BigDecimal quantity,
                         BigDecimal amount) {
}
