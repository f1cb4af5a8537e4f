package org.lmxbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/** An offer applied to a line ({@code preferenceValue} is the server's {@code PrerefenceValue}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Offer(String id, String versionId, String name, BigDecimal quantity, BigDecimal preferenceValue) {
}
