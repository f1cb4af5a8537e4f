package org.lmxbridge.internal.offline;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lmxbridge.model.Command;

/**
 * One stored operation of the offline queue (table {@code queue_item}). {@code operationId},
 * {@code operationDate} (exactly as first sent or as it would have been sent) and the request JSON
 * (no PIN) rebuild the identical XML on replay.
 *
 * @param reached     a request of this item may have reached processing (an attempt was answered or
 *                    its answer was lost); false while every attempt failed before leaving, so a
 *                    cancel can still neutralise it
 * @param discrepancy what processing applied differently from what the register was told, or null
 */
public record QueueItem(long id, String purchaseId, Command command, String operationId, String operationDate,
                        String chequeDate, String requestJson, BigDecimal amount, Origin origin, ItemState state,
                        int attempts, String lastError, String resultJson, long createdAt, long updatedAt,
                        long nextAttemptAt, String refPurchaseId, boolean reached, String discrepancy) {

    public boolean open() {
        return state.open();
    }

    /** Could processing have applied it (so only a Cancel undoes it)? */
    public boolean mayHaveReachedProcessing() {
        return reached || origin == Origin.AMBIGUOUS || state == ItemState.SENT || state == ItemState.DONE
                || state == ItemState.DISCREPANCY;
    }

    /** The item as shown by {@code queue list} (no request body: it holds identifiers). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("purchaseId", purchaseId);
        m.put("command", command.jsonName());
        m.put("operationId", operationId);
        m.put("operationDate", operationDate);
        if (chequeDate != null) m.put("chequeDate", chequeDate);
        m.put("amount", amount.toPlainString());
        m.put("origin", origin.dbName());
        m.put("state", state.dbName());
        m.put("attempts", attempts);
        if (lastError != null) m.put("lastError", lastError);
        if (discrepancy != null) m.put("discrepancy", discrepancy);
        m.put("createdAt", java.time.Instant.ofEpochMilli(createdAt).toString());
        m.put("updatedAt", java.time.Instant.ofEpochMilli(updatedAt).toString());
        if (refPurchaseId != null) m.put("refundPurchaseId", refPurchaseId);
        return m;
    }
}
