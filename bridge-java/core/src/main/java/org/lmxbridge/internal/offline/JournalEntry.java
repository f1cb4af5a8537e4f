package org.lmxbridge.internal.offline;

import org.lmxbridge.model.Command;

/**
 * One operation of a purchase in the purchase journal (table {@code journal}, key purchase +
 * command): written <b>before</b> a live request leaves, so a retry by the register program — or
 * after a crash — re-uses the same OperationID or returns the recorded answer. {@link PurchaseJournal}
 * owns the transitions.
 *
 * @param amount       the money of the operation (pay: the redemption; discount, refund: the cheque total)
 * @param resultJson   the answer the register was (or is to be) given, without personal data
 * @param queueId      the queue item while {@code QUEUED} (and after)
 * @param requestHash  the fingerprint of the register's request ({@link RequestFingerprint}); null in
 *                     entries written by format v2
 * @param requestJson  pay only: the request without the PIN, to re-send the same operation when its
 *                     outcome is unknown
 * @param discrepancy  what processing applied differently from what the register was told, or null
 */
public record JournalEntry(String purchaseId, Command command, String operationId, String operationDate, OperationState state,
                           String amount, String resultJson, Long queueId, String requestHash, String requestJson,
                           String discrepancy) {

    public JournalEntry with(OperationState s, String result) {
        return new JournalEntry(purchaseId, command, operationId, operationDate, s, amount, result, queueId, requestHash,
                requestJson, discrepancy);
    }

    /** The request is the one this entry was written for (entries of format v2 have no fingerprint: assumed so). */
    public boolean sameRequest(String hash) {
        return requestHash == null || requestHash.equals(hash);
    }
}
