package org.lmxbridge.model;

/** The command vocabulary shared by every front end. */
public enum Command {
    BALANCE("balance"),
    CALCULATE("calculate"),
    AVAILABLE_AMOUNT("availableAmount"),
    PAY("pay"),
    DISCOUNT("discount"),
    CONFIRM("confirm"),
    CANCEL("cancel"),
    REFUND("refund"),
    STATUS("status"),
    QUEUE("queue"),
    VERSION("version"),
    /** The connection check (configuration, data folder, queue, network, TLS, login, protocol): {@code lmx_test_connection}. */
    CHECK("check");

    private final String jsonName;

    Command(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Longest command name looked at; a longer text is not a command (and is not quoted back). */
    public static final int MAX_NAME = 64;

    /** Exact lookup, case-insensitive only (no blanks or line ends around the name); null when unknown. */
    public static Command parse(String name) {
        if (name == null || name.length() > MAX_NAME) return null;
        for (Command c : values()) {
            if (c.jsonName.equalsIgnoreCase(name)) return c;
        }
        return null;
    }

    /** True for commands that go to processing. */
    public boolean isProcessing() {
        return this != STATUS && this != QUEUE && this != VERSION && this != CHECK;
    }

    public static String allNames() {
        StringBuilder sb = new StringBuilder();
        for (Command c : values()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(c.jsonName);
        }
        return sb.toString();
    }
}
