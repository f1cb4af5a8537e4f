package org.lmxbridge;

/**
 * Status codes returned by every front end (Java, C ABI, COM). The ranges are part of the
 * contract: 0 OK; 1–99 bridge/ABI; 100–199 offline policy; 200–299 Loymax processing errors (the
 * server's own number when it falls in that range); 300–399 transport; 400–499 request validation.
 * {@code loymax_bridge.h} repeats these numbers; {@code StatusTableTest} keeps both in step.
 */
public final class Status {
    private Status() {
    }

    public static final int OK = 0;

    // 1–99: bridge and ABI
    /** A NULL or otherwise unusable argument at the ABI (pointer, size, handle type). */
    public static final int BAD_ARGUMENT = 1;
    /** The caller's buffer is too small; the call returned the size needed. */
    public static final int BUFFER_TOO_SMALL = 2;
    /** No Java runtime could be found for the in-process engine. */
    public static final int NO_JVM = 3;
    /** A Java runtime was found but could not be started or used. */
    public static final int JVM_START_FAILED = 4;
    /** The out-of-process host engine cannot be reached. */
    public static final int HOST_UNREACHABLE = 5;
    /** An unexpected failure inside the bridge; the text says what, the next call works. */
    public static final int INTERNAL = 6;
    /** The register's lane stayed busy past the caller's deadline. */
    public static final int BUSY = 7;
    /** The handle is closed, NULL or was not made by {@code lmx_open}. */
    public static final int INVALID_HANDLE = 8;
    /** A string is not valid UTF-8 (or UTF-16 for the W functions). */
    public static final int INVALID_ENCODING = 9;
    /** The configuration is invalid; the text names the key. */
    public static final int CONFIG_INVALID = 10;
    /** The register's queue or data folder is held by another process or cannot be opened. */
    public static final int STORAGE_FAILED = 11;
    /** The bridge ran out of memory or stack during the call; the next call works. */
    public static final int RESOURCE_EXHAUSTED = 12;
    /** The requested JSON Pointer is not present in the last result. */
    public static final int NOT_FOUND = 13;
    /** No command has been executed on this handle yet. */
    public static final int NO_RESULT = 14;

    // 100–199: offline policy
    /** Processing is unreachable and this command cannot be done offline. */
    public static final int OFFLINE_REFUSED = 100;
    /** The offline queue reached its item or amount cap. */
    public static final int QUEUE_FULL = 101;
    /** The request left but no answer came; the outcome of the operation is unknown. */
    public static final int OUTCOME_UNKNOWN = 102;
    /** The queue command named an item that does not exist or is in the wrong state. */
    public static final int QUEUE_ITEM_NOT_FOUND = 103;
    /**
     * Processing applied a replayed operation differently from what the register was told (e.g. a
     * discount on a sale charged at full price offline); recorded, visible in {@code status} and
     * {@code queue list}, never reported as a plain success.
     */
    public static final int DISCREPANCY = 104;
    /**
     * The purchase already has this operation for a different request (another card, cheque, pays or
     * amount): nothing was sent; start a new purchase (a new purchaseId, resetParams).
     */
    public static final int REQUEST_MISMATCH = 105;
    /**
     * The purchase has a bonus payment whose outcome the register does not know (or that processing
     * applied without the register being told): repeat the payment or cancel the purchase first.
     */
    public static final int PAYMENT_UNRESOLVED = 106;

    // 200–299: processing
    /** A processing error whose server number lies outside 200–299 (e.g. SystemError). */
    public static final int PROCESSING_ERROR = 200;

    // 300–399: transport
    public static final int CONNECT_FAILED = 300;
    public static final int TIMEOUT = 301;
    public static final int TLS_FAILED = 302;
    public static final int HTTP_STATUS = 303;
    public static final int MALFORMED_RESPONSE = 304;
    public static final int RESPONSE_TOO_LARGE = 305;
    public static final int AUTH_FAILED = 306;

    // 400–499: request validation
    public static final int INVALID_REQUEST = 400;
    public static final int INVALID_JSON = 401;
    public static final int MISSING_FIELD = 402;
    public static final int INVALID_VALUE = 403;
    public static final int UNKNOWN_COMMAND = 404;
    public static final int WRONG_ORDER = 405;

    /** The status a processing error number maps to: itself when in 200–299, else 200. */
    public static int fromServerCode(int serverCode) {
        return serverCode >= 200 && serverCode <= 299 ? serverCode : PROCESSING_ERROR;
    }

    /**
     * The name written in a failed result's {@code error.name} for a status of the bridge (processing
     * errors are named by {@code ServerError} instead): every constant of this class has one (the
     * constant's name in CamelCase, {@code StatusNameTest}); {@code "Error" + status} for a number
     * that is not a constant.
     */
    public static String errorName(int status) {
        return switch (status) {
            case OK -> "Ok";
            case BAD_ARGUMENT -> "BadArgument";
            case BUFFER_TOO_SMALL -> "BufferTooSmall";
            case NO_JVM -> "NoJvm";
            case JVM_START_FAILED -> "JvmStartFailed";
            case HOST_UNREACHABLE -> "HostUnreachable";
            case INTERNAL -> "Internal";
            case BUSY -> "Busy";
            case INVALID_HANDLE -> "InvalidHandle";
            case INVALID_ENCODING -> "InvalidEncoding";
            case CONFIG_INVALID -> "ConfigInvalid";
            case STORAGE_FAILED -> "StorageFailed";
            case RESOURCE_EXHAUSTED -> "ResourceExhausted";
            case NOT_FOUND -> "NotFound";
            case NO_RESULT -> "NoResult";
            case OFFLINE_REFUSED -> "OfflineRefused";
            case QUEUE_FULL -> "QueueFull";
            case OUTCOME_UNKNOWN -> "OutcomeUnknown";
            case QUEUE_ITEM_NOT_FOUND -> "QueueItemNotFound";
            case DISCREPANCY -> "Discrepancy";
            case REQUEST_MISMATCH -> "RequestMismatch";
            case PAYMENT_UNRESOLVED -> "PaymentUnresolved";
            case PROCESSING_ERROR -> "ProcessingError";
            case CONNECT_FAILED -> "ConnectFailed";
            case TIMEOUT -> "Timeout";
            case TLS_FAILED -> "TlsFailed";
            case HTTP_STATUS -> "HttpStatus";
            case MALFORMED_RESPONSE -> "MalformedResponse";
            case RESPONSE_TOO_LARGE -> "ResponseTooLarge";
            case AUTH_FAILED -> "AuthFailed";
            case INVALID_REQUEST -> "InvalidRequest";
            case INVALID_JSON -> "InvalidJson";
            case MISSING_FIELD -> "MissingField";
            case INVALID_VALUE -> "InvalidValue";
            case UNKNOWN_COMMAND -> "UnknownCommand";
            case WRONG_ORDER -> "WrongOrder";
            default -> "Error" + status;
        };
    }

    /** A short class name for a status, for logs and the error object. */
    public static String rangeName(int status) {
        if (status == OK) return "ok";
        if (status < 100) return "bridge";
        if (status < 200) return "offline";
        if (status < 300) return "processing";
        if (status < 400) return "transport";
        if (status < 500) return "validation";
        return "unknown";
    }
}
