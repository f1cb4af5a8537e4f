package org.lmxbridge.internal.log;

import org.lmxbridge.model.OperationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per operation of a register program (logger {@value #LOGGER}, INFO): what support
 * searches for when a shop calls.
 *
 * <pre>OP register=reg01 command=discount purchaseId=… operationId=346b00ac8e54474288610d396842a102 ms=41 status=0 online=true queued=false</pre>
 *
 * and for a failure also {@code error=Name message="…"} (the message masked, quotes escaped). The
 * purchase and operation ids are written whole ({@link Mask#text} leaves {@code …Id=} values alone),
 * the card or phone never (it is not part of the line). The console reads these lines back
 * ({@link #parse}). On every call's path: one level check, one string built, no formatting.
 *
 * <p>With {@code "logFormat":"json"} the same fields also go, as SLF4J key-value pairs, to the logger
 * {@value #JSON_LOGGER}, which the log backend writes as one JSON object per line
 * ({@code operations.jsonl}, docs/metrics.md): the same values, the same masking.
 */
public final class OperationLog {
    private OperationLog() {
    }

    public static final String LOGGER = "org.lmxbridge.ops";
    /** The first word of every operation line. */
    public static final String TAG = "OP ";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** The operations as key-value pairs, for the JSON lines; a logger of its own (not under {@value #LOGGER}). */
    public static final String JSON_LOGGER = "org.lmxbridge.opsjson";

    /** Set once the log backend writes the JSON lines; until then nothing is sent to {@link #JSON_LOGGER}. */
    private static volatile boolean jsonReady;

    /** Starts the JSON lines for this process ({@code "logFormat":"json"} of a register); true when they are written. */
    public static boolean enableJson() {
        if (!jsonReady) jsonReady = LogControl.startJsonOperations();
        return jsonReady;
    }

    /** Writes the line of one finished operation of the register {@code cfg}. {@code nanos}: how long the call took. */
    public static void write(org.lmxbridge.BridgeConfig cfg, String command, OperationResult r, long nanos, boolean online) {
        write(cfg.register(), command, r, nanos, online);
        if (jsonReady && cfg.jsonLog()) json(cfg, command, r, nanos, online);
    }

    /** Created with the first JSON line: a register program without {@code "logFormat":"json"} never makes it. */
    private static final class JsonLog {
        static final Logger LOG = LoggerFactory.getLogger(JSON_LOGGER);
    }

    private static void json(org.lmxbridge.BridgeConfig cfg, String command, OperationResult r, long nanos, boolean online) {
        Logger j = JsonLog.LOG;
        boolean failed = !r.ok() && r.error() != null;
        org.slf4j.spi.LoggingEventBuilder e = failed ? j.atWarn() : j.atInfo();
        e = e.addKeyValue("register", cfg.register()).addKeyValue("partner", cfg.partner()).addKeyValue("shop", cfg.shop())
                .addKeyValue("command", command).addKeyValue("purchaseId", word(r.purchaseId()))
                .addKeyValue("operationId", word(r.operationId())).addKeyValue("ms", nanos / 1_000_000)
                .addKeyValue("status", r.status()).addKeyValue("online", online).addKeyValue("queued", r.queued());
        if (failed) {
            e = e.addKeyValue("error", r.error().name()).addKeyValue("message", message(r.error().message()));
        }
        e.log("OP");
    }

    /** An id as {@link #id} writes it, null when absent. */
    private static String word(String id) {
        if (id == null || id.isEmpty()) return null;
        StringBuilder b = new StringBuilder(40);
        id(b, id);
        return b.toString();
    }

    /** The message as the text line has it: masked, at most 300 characters, control characters as blanks. */
    private static String message(String text) {
        String m = Mask.text(text);
        if (m == null) return "";
        StringBuilder b = new StringBuilder(Math.min(m.length(), 300));
        for (int i = 0; i < m.length() && i < 300; i++) {
            char c = m.charAt(i);
            b.append(c < 0x20 ? ' ' : c);
        }
        return b.toString();
    }

    /** Writes the line of one finished operation. {@code nanos}: how long the call took. */
    public static void write(String register, String command, OperationResult r, long nanos, boolean online) {
        if (!LOG.isInfoEnabled()) return;
        StringBuilder b = new StringBuilder(200);
        b.append(TAG).append("register=").append(register).append(" command=").append(command);
        b.append(" purchaseId=");
        id(b, r.purchaseId());
        b.append(" operationId=");
        id(b, r.operationId());
        b.append(" ms=").append(nanos / 1_000_000).append(" status=").append(r.status()).append(" online=").append(online)
                .append(" queued=").append(r.queued());
        if (!r.ok() && r.error() != null) {
            b.append(" error=").append(r.error().name()).append(" message=\"");
            String m = Mask.text(r.error().message());
            if (m != null) {
                for (int i = 0; i < m.length() && i < 300; i++) {
                    char c = m.charAt(i);
                    b.append(c == '"' ? '\'' : c < 0x20 ? ' ' : c);
                }
            }
            b.append('"');
            LOG.warn(b.toString());
        } else {
            LOG.info(b.toString());
        }
    }

    /** An id as one word: blanks and control characters become '_', at most 64 characters; "-" when absent. */
    private static void id(StringBuilder b, String id) {
        if (id == null || id.isEmpty()) {
            b.append('-');
            return;
        }
        for (int i = 0; i < id.length() && i < 64; i++) {
            char c = id.charAt(i);
            b.append(c <= 0x20 || c == 0x7F || c == '"' ? '_' : c);
        }
    }

    /** A line read back from the log file, or null when it is not an operation line. */
    public record Entry(String time, String register, String command, String purchaseId, String operationId, long ms, int status,
                        boolean online, boolean queued, String error, String message) {
    }

    /**
     * Reads an operation line of the log file back ({@code 2026-11-28 10:15:00.123 INFO  [main] o.l.ops - OP register=…});
     * null for any other line.
     */
    public static Entry parse(String line) {
        int at = line.indexOf(TAG + "register=");
        if (at < 0) return null;
        String time = line.length() >= 23 && Character.isDigit(line.charAt(0)) ? line.substring(0, 23) : "";
        java.util.Map<String, String> f = new java.util.HashMap<>();
        int i = at + TAG.length();
        while (i < line.length()) {
            int eq = line.indexOf('=', i);
            if (eq < 0) break;
            String key = line.substring(i, eq).trim();
            int end;
            String value;
            if (eq + 1 < line.length() && line.charAt(eq + 1) == '"') {
                end = line.indexOf('"', eq + 2);
                if (end < 0) end = line.length();
                value = line.substring(eq + 2, end);
                end++;
            } else {
                end = line.indexOf(' ', eq);
                if (end < 0) end = line.length();
                value = line.substring(eq + 1, end);
            }
            f.put(key, value);
            i = end + 1;
        }
        try {
            return new Entry(time, f.get("register"), f.get("command"), f.get("purchaseId"), f.get("operationId"),
                    Long.parseLong(f.getOrDefault("ms", "0")), Integer.parseInt(f.getOrDefault("status", "0")),
                    Boolean.parseBoolean(f.get("online")), Boolean.parseBoolean(f.get("queued")), f.get("error"), f.get("message"));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
