package org.lmxbridge.model;

import java.math.BigDecimal;

/** One part of the payment split sent with {@code discount}, e.g. {@code Card 1000}. */
public record Pay(String type, BigDecimal amount) {
}
