package org.lmxbridge.emulator.internal;

/** Card status spellings of the seed. */
final class CardStatus {
    static final String ACTIVE = "active";
    static final String NOT_ACTIVATED = "notActivated";
    static final String BLOCKED = "blocked";

    private CardStatus() {
    }

    static boolean isValid(String s) {
        return ACTIVE.equals(s) || NOT_ACTIVATED.equals(s) || BLOCKED.equals(s);
    }

    /** The value of {@code IdentifierData/Item[@Name='Status']}. */
    static String protocolText(String s) {
        switch (s) {
            case ACTIVE: return "Activated";
            case NOT_ACTIVATED: return "NotActivated";
            default: return "Blocked";
        }
    }
}
