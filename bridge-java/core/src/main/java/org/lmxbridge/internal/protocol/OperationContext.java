package org.lmxbridge.internal.protocol;

import java.time.OffsetDateTime;

/**
 * The identity of one operation on the wire: generated once, kept across retries and replay, so
 * processing can recognise a repeat ({@code NotUniqueOperationID}).
 */
public record OperationContext(String operationId, OffsetDateTime operationDate, String deviceLogicalId,
                               String purchaseId) {
}
