package org.lmxbridge.internal.offline;

/**
 * The register's own record of one operation of a purchase (table {@code journal}, key purchase +
 * command): written <b>before</b> a live Payment/Discount/Confirm/Cancel leaves, so a retry by the
 * register program — or after a crash — re-uses the same OperationID or returns the recorded answer.
 *
 * @param state {@code pending} (sent or about to be, answer not yet recorded), {@code done}
 *              (answer in {@code resultJson}), {@code failed} (processing refused it: a new attempt is
 *              a new operation), {@code queued} (in the offline queue as item {@code queueId}),
 *              {@code unknown} (the request left and no answer came)
 */
public record JournalEntry(String purchaseId, String command, String operationId, String operationDate, String state,
                           String amount, String resultJson, Long queueId) {
    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String QUEUED = "queued";
    public static final String UNKNOWN = "unknown";
}
