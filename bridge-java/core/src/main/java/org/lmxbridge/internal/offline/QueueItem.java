package org.lmxbridge.internal.offline;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored operation of the offline queue (table {@code queue_item}). {@code operationId},
 * {@code operationDate} (exactly as first sent or as it would have been sent) and the request JSON
 * (no PIN) rebuild the identical XML on replay.
 */
public record QueueItem(long id, String purchaseId, String command, String operationId, String operationDate,
                        String chequeDate, String requestJson, BigDecimal amount, String origin, String state,
                        int attempts, String lastError, String resultJson, long createdAt, long updatedAt,
                        long nextAttemptAt, String refPurchaseId) {

    /** Item states. {@code queued → sent → done | retry | dead}; plus the two ends a person or a cancel decides. */
    public static final String QUEUED = "queued";
    public static final String SENT = "sent";
    public static final String DONE = "done";
    public static final String RETRY = "retry";
    public static final String DEAD = "dead";
    /** Cancelled by the register before it was forwarded: nothing is sent. */
    public static final String NEUTRALISED = "neutralised";
    /** Discarded by a person (with a logged reason) from the dead letters. */
    public static final String DISCARDED = "discarded";

    /** Origins: accepted while offline, or a live request whose answer was lost (same OperationID re-sent). */
    public static final String OFFLINE = "offline";
    public static final String AMBIGUOUS = "ambiguous";

    public boolean open() {
        return QUEUED.equals(state) || SENT.equals(state) || RETRY.equals(state);
    }

    /** The item as shown by {@code queue list} (no request body: it holds identifiers). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("purchaseId", purchaseId);
        m.put("command", command);
        m.put("operationId", operationId);
        m.put("operationDate", operationDate);
        if (chequeDate != null) m.put("chequeDate", chequeDate);
        m.put("amount", amount.toPlainString());
        m.put("origin", origin);
        m.put("state", state);
        m.put("attempts", attempts);
        if (lastError != null) m.put("lastError", lastError);
        m.put("createdAt", java.time.Instant.ofEpochMilli(createdAt).toString());
        m.put("updatedAt", java.time.Instant.ofEpochMilli(updatedAt).toString());
        if (refPurchaseId != null) m.put("refundPurchaseId", refPurchaseId);
        return m;
    }
}
