package org.lmxbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the customer was identified. {@code type} is one of {@link IdentifierType}'s JSON names
 * ({@code auto}, {@code cardNumber}, {@code phone}, …); {@code pin} is optional and is never
 * stored or logged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Identifier(IdentifierType type, String value, String pin) {
    public Identifier {
        if (type == null) type = IdentifierType.AUTO;
    }

    public static Identifier of(String value) {
        return new Identifier(IdentifierType.AUTO, value, null);
    }

    public static Identifier of(IdentifierType type, String value) {
        return new Identifier(type, value, null);
    }

    /** Never prints the PIN or the full value. */
    @Override
    public String toString() {
        return "Identifier[" + type.jsonName() + ", " + org.lmxbridge.internal.log.Mask.identifier(value)
                + (pin != null ? ", pin=***" : "") + "]";
    }
}
