package org.lmxbridge.model;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmxbridge.Status;

/**
 * The answer to any command, in the shape of the JSON vocabulary. Absent values are null and left
 * out of the JSON. Money is {@link BigDecimal}, written as a plain decimal string.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({"ok", "status", "offline", "queued", "outcomeUnknown", "command", "purchaseId", "operationId",
        "transactionId", "authCode", "balance", "currency", "availableAmount", "availableBonusAmount", "amount",
        "bonusAmount", "paidBonusAmount", "identifierData", "lines", "chequeMessage", "cashierMessage", "error"})
public final class OperationResult {
    private boolean ok = true;
    private int status = Status.OK;
    private boolean offline;
    private boolean queued;
    private Boolean outcomeUnknown;
    private String command;
    private String purchaseId;
    private String operationId;
    private String transactionId;
    private String authCode;
    private BigDecimal balance;
    private String currency;
    private BigDecimal availableAmount;
    private BigDecimal availableBonusAmount;
    private BigDecimal amount;
    private BigDecimal bonusAmount;
    private BigDecimal paidBonusAmount;
    private Map<String, String> identifierData;
    private List<ResultLine> lines;
    private String chequeMessage;
    private String cashierMessage;
    private String version;
    /** Register state, on every answer of {@code status} and on offline answers. */
    private Boolean online;
    private Integer queueLength;
    private Long oldestQueuedAgeSeconds;
    private Integer deadCount;
    private Integer discrepancyCount;
    /** What processing applied differently from what the register was told (a replayed operation). */
    private String discrepancy;
    private BigDecimal queuedAmount;
    private String replayPausedReason;
    /** {@code status}: the queue by state (queued, sent, retry, dead, discrepancy): {@code {"items":N,"amount":"0.00"}} each. */
    private Map<String, Map<String, Object>> queueStates;
    private List<String> warnings;
    /** {@code queue list}: the items; {@code queue flush}: the summary. */
    private List<Map<String, Object>> items;
    private Map<String, Object> summary;
    /** {@code status}: when processing last answered (ISO-8601), absent before the first answer since the register opened. */
    private String lastContact;
    /** {@code status}, {@code queue} seen from another process: which process owns the register (its queue). */
    private Map<String, Object> owner;
    /** {@code check}: the verdict of each step. */
    private List<Map<String, Object>> checks;
    private ErrorInfo error;

    public static OperationResult failure(int status, String name, Integer serverCode, String message) {
        OperationResult r = new OperationResult();
        r.fail(status, name, serverCode, message);
        return r;
    }

    public OperationResult fail(int status, String name, Integer serverCode, String message) {
        this.ok = false;
        this.status = status;
        this.error = new ErrorInfo(status, name, serverCode, message);
        return this;
    }

    public boolean ok() { return ok; }
    public int status() { return status; }
    public boolean offline() { return offline; }
    public boolean queued() { return queued; }
    public boolean outcomeUnknown() { return Boolean.TRUE.equals(outcomeUnknown); }
    public String command() { return command; }
    public String purchaseId() { return purchaseId; }
    public String operationId() { return operationId; }
    public String transactionId() { return transactionId; }
    public String authCode() { return authCode; }
    public BigDecimal balance() { return balance; }
    public String currency() { return currency; }
    public BigDecimal availableAmount() { return availableAmount; }
    public BigDecimal availableBonusAmount() { return availableBonusAmount; }
    public BigDecimal amount() { return amount; }
    public BigDecimal bonusAmount() { return bonusAmount; }
    public BigDecimal paidBonusAmount() { return paidBonusAmount; }
    public Map<String, String> identifierData() { return identifierData; }
    public List<ResultLine> lines() { return lines == null ? List.of() : lines; }
    public String chequeMessage() { return chequeMessage; }
    public String cashierMessage() { return cashierMessage; }
    public String version() { return version; }
    public Boolean online() { return online; }
    public Integer queueLength() { return queueLength; }
    public Long oldestQueuedAgeSeconds() { return oldestQueuedAgeSeconds; }
    public Integer deadCount() { return deadCount; }
    public Integer discrepancyCount() { return discrepancyCount; }
    public String discrepancy() { return discrepancy; }
    public BigDecimal queuedAmount() { return queuedAmount; }
    public Map<String, Map<String, Object>> queueStates() { return queueStates; }
    public String replayPausedReason() { return replayPausedReason; }
    public List<String> warnings() { return warnings == null ? List.of() : warnings; }
    public List<Map<String, Object>> items() { return items == null ? List.of() : items; }
    public Map<String, Object> summary() { return summary; }
    public String lastContact() { return lastContact; }
    public Map<String, Object> owner() { return owner; }
    public List<Map<String, Object>> checks() { return checks == null ? List.of() : checks; }
    public ErrorInfo error() { return error; }

    public OperationResult offline(boolean v) { offline = v; return this; }
    public OperationResult queued(boolean v) { queued = v; return this; }
    public OperationResult outcomeUnknown(boolean v) { outcomeUnknown = v ? Boolean.TRUE : null; return this; }
    public OperationResult command(String v) { command = v; return this; }
    public OperationResult purchaseId(String v) { purchaseId = v; return this; }
    public OperationResult operationId(String v) { operationId = v; return this; }
    public OperationResult transactionId(String v) { transactionId = v; return this; }
    public OperationResult authCode(String v) { authCode = v; return this; }
    public OperationResult balance(BigDecimal v) { balance = v; return this; }
    public OperationResult currency(String v) { currency = v; return this; }
    public OperationResult availableAmount(BigDecimal v) { availableAmount = v; return this; }
    public OperationResult availableBonusAmount(BigDecimal v) { availableBonusAmount = v; return this; }
    public OperationResult amount(BigDecimal v) { amount = v; return this; }
    public OperationResult bonusAmount(BigDecimal v) { bonusAmount = v; return this; }
    public OperationResult paidBonusAmount(BigDecimal v) { paidBonusAmount = v; return this; }
    public OperationResult identifierData(Map<String, String> v) { identifierData = v == null ? null : new LinkedHashMap<>(v); return this; }
    public OperationResult lines(List<ResultLine> v) { lines = v == null ? null : new ArrayList<>(v); return this; }
    public OperationResult chequeMessage(String v) { chequeMessage = v; return this; }
    public OperationResult cashierMessage(String v) { cashierMessage = v; return this; }
    public OperationResult version(String v) { version = v; return this; }
    public OperationResult online(Boolean v) { online = v; return this; }
    public OperationResult queueLength(Integer v) { queueLength = v; return this; }
    public OperationResult oldestQueuedAgeSeconds(Long v) { oldestQueuedAgeSeconds = v; return this; }
    public OperationResult deadCount(Integer v) { deadCount = v; return this; }
    public OperationResult discrepancyCount(Integer v) { discrepancyCount = v; return this; }
    public OperationResult discrepancy(String v) { discrepancy = v; return this; }
    public OperationResult queuedAmount(BigDecimal v) { queuedAmount = v; return this; }
    public OperationResult queueStates(Map<String, Map<String, Object>> v) { queueStates = v; return this; }
    public OperationResult replayPausedReason(String v) { replayPausedReason = v; return this; }
    public OperationResult warnings(List<String> v) { warnings = v == null || v.isEmpty() ? null : new ArrayList<>(v); return this; }
    public OperationResult items(List<Map<String, Object>> v) { items = v; return this; }
    public OperationResult summary(Map<String, Object> v) { summary = v; return this; }
    public OperationResult lastContact(String v) { lastContact = v; return this; }
    public OperationResult owner(Map<String, Object> v) { owner = v; return this; }
    public OperationResult checks(List<Map<String, Object>> v) { checks = v; return this; }
}
