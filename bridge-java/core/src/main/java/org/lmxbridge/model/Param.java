package org.lmxbridge.model;

/** A free cheque parameter; {@code type} is {@code String} or {@code Decimal}. */
public record Param(String name, String type, String value) {
}
